"""What changed between two releases, quad by quad: a delta a triple store applies instead of a full load.

A delta takes a store holding release *base* to release *target*, one named graph at a time
(data, inferred, ontology, metadata — the metadata last, since it names the release the store
holds). It is published in two forms, made from one :class:`Delta`:

* **SPARQL 1.1 Update** (``.ru``): per graph, ``DELETE DATA`` the triples the target lacks, then
  ``INSERT DATA`` the ones it adds — what any SPARQL server applies, in one request.
* **RDF Patch** (``.rdfp``, the format of Apache Jena's patch log): ``H id`` the target release,
  ``H prev`` the base, then ``D``/``A`` quads inside ``TX``/``TC``. It is the machine form:
  :func:`read_patch` reads it back, and ``kzgraph load`` applies what it reads.

Blank nodes cannot be deleted by SPARQL (``DELETE DATA`` forbids them) and get new labels in every
store, so a graph whose change touches a blank node is *replaced*: the update drops it and inserts
the target's graph whole, and the patch deletes every triple of the base's graph and adds every
triple of the target's. In a kzgraph release only the ontology holds blank nodes (its OWL
restrictions and lists), so only an ontology change is sent whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..core.errors import BuildError
from ..curated.namespaces import DATASET_IRI, VOCABULARIES, graph_iri
from ..curated.release import SEMVER, release_iri

GRAPH_ORDER = ("data", "inferred", "ontology", "metadata")  # the metadata last: it says which release the store holds
CHUNK = 500  # ground triples per DELETE DATA / INSERT DATA operation (Virtuoso refuses very long ones)
DCAT = VOCABULARIES["dcat"]
SUFFIXES = {"update": ".ru", "patch": ".rdfp"}


@dataclass(frozen=True)
class GraphChange:
    """One named graph's change: the triples removed and added (sorted), or the graph replaced whole."""

    name: str
    removed: tuple[ox.Triple, ...]
    added: tuple[ox.Triple, ...]
    replaced: bool = False  # blank nodes among the changes: dropped and inserted whole

    @property
    def iri(self) -> str:
        return graph_iri(self.name)


@dataclass(frozen=True)
class Delta:
    """Release ``base`` to release ``target``: the change of each graph that changed, in :data:`GRAPH_ORDER`."""

    base: str
    target: str
    graphs: tuple[GraphChange, ...]

    @property
    def removed(self) -> int:
        return sum(len(g.removed) for g in self.graphs)

    @property
    def added(self) -> int:
        return sum(len(g.added) for g in self.graphs)

    def summary(self) -> str:
        """One line: the versions and the triples removed and added."""
        return f"release {self.base} → {self.target}: {self.removed} triples removed, {self.added} added"


def version_of(metadata: Iterable[ox.Triple]) -> str | None:
    """The version of the release a metadata graph describes (its current version's ``dcat:version``);
    None when it names none, or more than one."""
    triples = list(metadata)
    current = {
        t.object for t in triples if t.subject == ox.NamedNode(DATASET_IRI) and t.predicate.value == DCAT + "hasCurrentVersion"
    }
    versions = {t.object.value for t in triples if t.subject in current and t.predicate.value == DCAT + "version"}
    return next(iter(versions)) if len(versions) == 1 else None


def _has_blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _sorted(triples: Iterable[ox.Triple]) -> tuple[ox.Triple, ...]:
    return tuple(sorted(triples, key=str))


def compute(base: dict[str, Sequence[ox.Triple]], target: dict[str, Sequence[ox.Triple]]) -> Delta:
    """The delta from the graphs of one release to another's (graph name -> triples); versions from their metadata."""
    versions = []
    for side, graphs in (("base", base), ("target", target)):
        version = version_of(graphs.get("metadata", ()))
        if version is None:
            raise BuildError(f"the {side} release states no version in its metadata graph: a delta joins two versioned releases")
        versions.append(version)
    changes = []
    for name in GRAPH_ORDER:
        old, new = set(base.get(name, ())), set(target.get(name, ()))
        removed, added = old - new, new - old
        if not removed and not added:
            continue
        if any(map(_has_blank, removed | added)):
            changes.append(GraphChange(name, _sorted(old), _sorted(new), replaced=True))
        else:
            changes.append(GraphChange(name, _sorted(removed), _sorted(added)))
    return Delta(versions[0], versions[1], tuple(changes))


# --- SPARQL 1.1 Update ---------------------------------------------------------------------------


def _block(triples: Sequence[ox.Triple]) -> str:
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def _chunks(triples: Sequence[ox.Triple]) -> list[Sequence[ox.Triple]]:
    """Ground triples in chunks of :data:`CHUNK`; blank-node triples all in one (a label is one node
    only within one operation)."""
    blank = [t for t in triples if _has_blank(t)]
    ground = [t for t in triples if not _has_blank(t)]
    return [ground[i : i + CHUNK] for i in range(0, len(ground), CHUNK)] + ([blank] if blank else [])


def _insert(iri: str, triples: Sequence[ox.Triple]) -> str:
    """``INSERT DATA`` of ground triples; blank-node triples as ``INSERT { … } WHERE {}``, the same
    meaning (new blank nodes, one solution), which Virtuoso 7.2 accepts where it refuses blank nodes
    in ``INSERT DATA`` ("not allowed in a constant clause")."""
    if any(map(_has_blank, triples)):
        return f"INSERT {{ GRAPH <{iri}> {{\n{_block(triples)}}} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH <{iri}> {{\n{_block(triples)}}} }}"


def to_update(delta: Delta) -> str:
    """The delta as one SPARQL 1.1 Update request (operations joined by ``;``)."""
    ops = []
    for g in delta.graphs:
        if g.replaced:
            ops.append(f"DROP SILENT GRAPH <{g.iri}>")
        else:
            ops += [f"DELETE DATA {{ GRAPH <{g.iri}> {{\n{_block(c)}}} }}" for c in _chunks(g.removed)]
        ops += [_insert(g.iri, c) for c in _chunks(g.added)]
    head = f"# kzgraph delta: {delta.summary()}\n# from <{release_iri(delta.base)}> to <{release_iri(delta.target)}>\n"
    return head + (" ;\n".join(ops) if ops else "# nothing changed\n") + "\n"


# --- RDF Patch -----------------------------------------------------------------------------------


def to_patch(delta: Delta) -> str:
    """The delta in RDF Patch: a header naming both releases, one transaction of D and A rows."""
    lines = [f"H id <{release_iri(delta.target)}> .", f"H prev <{release_iri(delta.base)}> .", "TX ."]
    for g in delta.graphs:
        graph = ox.NamedNode(g.iri)
        for op, triples in (("D", g.removed), ("A", g.added)):
            quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
            body = (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").decode("utf-8")
            lines += [f"{op} {row}" for row in body.splitlines()]
    lines.append("TC .")
    return "\n".join(lines) + "\n"


def read_patch(text: str, where: str) -> Delta:
    """An RDF Patch :func:`to_patch` wrote, back as a :class:`Delta`; a row it cannot read is ``where:line: what``.

    A graph with a blank node among its deleted triples was replaced whole (that is how the patch
    was made), so it is read back as replaced."""
    header: dict[str, str] = {}
    rows: dict[str, dict[str, list[ox.Triple]]] = {}
    names = {graph_iri(n): n for n in GRAPH_ORDER}
    state = "header"
    for number, line in enumerate(text.splitlines(), 1):
        code, _, rest = line.strip().partition(" ")
        if not code:
            continue
        if code == "H" and state == "header":
            key, _, value = rest.partition(" ")
            header[key] = value.removesuffix(" .").strip().strip("<>")
        elif code == "TX" and state == "header":
            state = "body"
        elif code == "TC" and state == "body":
            state = "done"
        elif code in ("A", "D") and state == "body":
            quad = _quad(rest, where, number)
            name = names.get(quad.graph_name.value) if isinstance(quad.graph_name, ox.NamedNode) else None
            if name is None:
                raise BuildError(f"{where}:{number}: a row in graph {quad.graph_name}, not one of a kzgraph release's graphs")
            rows.setdefault(name, {"A": [], "D": []})[code].append(quad.triple)
        else:
            raise BuildError(f"{where}:{number}: unexpected {code!r} here; expected an RDF Patch as kzgraph writes it")
    if state != "done":
        raise BuildError(f"{where}: the patch ends before its TC row (cut short?)")
    base, target = (_version_in(header.get(key, ""), key, where) for key in ("prev", "id"))
    changes = tuple(
        GraphChange(n, tuple(rows[n]["D"]), tuple(rows[n]["A"]), replaced=any(map(_has_blank, rows[n]["D"])))
        for n in GRAPH_ORDER
        if n in rows
    )
    return Delta(base, target, changes)


def _quad(text: str, where: str, number: int) -> ox.Quad:
    try:
        [quad] = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    except (SyntaxError, ValueError) as exc:
        raise BuildError(f"{where}:{number}: not a quad: {exc}") from None
    return quad


def _version_in(iri: str, key: str, where: str) -> str:
    """The version a release IRI (``{base}releases/VERSION/dataset``) names; a header that names none is an error."""
    prefix, suffix = str(release_iri("")).split("/dataset")[0].removesuffix("/") + "/", "/dataset"
    version = iri.removeprefix(prefix).removesuffix(suffix)
    if not re.fullmatch(SEMVER, version) or str(release_iri(version)) != iri:
        raise BuildError(
            f"{where}: its header 'H {key}' is {iri or 'missing'}; expected a kzgraph release IRI ({prefix}VERSION{suffix})"
        )
    return version


# --- files -----------------------------------------------------------------------------------------


def file_name(base: str, kind: str) -> str:
    """The delta's file name in its target release's folder: ``delta-from-BASE.ru`` / ``.rdfp``."""
    return f"delta-from-{base}{SUFFIXES[kind]}"


def write(delta: Delta, folder: Path) -> list[Path]:
    """Write both forms of ``delta`` into ``folder`` (its target release's folder); the paths written."""
    paths = []
    for kind, text in (("update", to_update(delta)), ("patch", to_patch(delta))):
        path = Path(folder) / file_name(delta.base, kind)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def apply_to_store(store: ox.Store, delta: Delta) -> None:
    """Apply ``delta`` to an in-memory or embedded Oxigraph store, as one update."""
    store.update(to_update(delta))


__all__ = ["Delta", "GraphChange", "compute", "to_update", "to_patch", "read_patch", "version_of", "write", "file_name"]
