"""Stage 3a: SHACL validation and ontology quality control (QC) queries.

SHACL runs on the asserted data plus the ontology (for the class hierarchy), never on the OWL RL
closure: validation must see the modelling mistakes the reasoner would paper over. QC queries, in
the spirit of the OBO Ontology Development Kit's ROBOT report, are SPARQL SELECTs in
``ontology/qc/`` that must return no rows. Each finding is traced back to the curated file and line
its node came from, when there is one.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import os
import re
import stat
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query

from ..core.errors import BuildError
from ..core.inputs import QUERY_LIMIT, InputError, display_name, list_directory, read_bytes
from ..curated.namespaces import graph_iri
from .ontology_graph import prefix_block
from .triples import Triples, store_of


@dataclass(frozen=True, order=True)
class Finding:
    """One violation: which check, on which node, saying what, from where in the curated sources."""

    check: str  # shape IRI (or name) or QC query name
    focus: str
    message: str
    path: str = ""
    value: str = ""
    severity: str = "Violation"
    origin: str = ""  # "data/facts/asia.yaml:120" when known
    component: str = ""  # the SHACL constraint component (sh:MinCountConstraintComponent …)


@dataclass
class Report:
    """Every finding of SHACL and the QC queries; the data conforms when none is a violation."""

    findings: list[Finding] = field(default_factory=list)
    scope: str = ""  # how much of the data the core shapes looked at, when not all of it

    @property
    def conforms(self) -> bool:
        """True when no finding is a violation (warnings and notes do not fail a build)."""
        return not any(f.severity == "Violation" for f in self.findings)

    def render(self, short: dict[str, str] | None = None) -> str:
        """Human-readable report grouped by check, each finding on its own lines."""
        if not self.findings:
            return "Validation passed: no SHACL violations, no QC findings."
        groups: dict[str, list[Finding]] = defaultdict(list)
        for f in sorted(self.findings):
            groups[f.check].append(f)
        lines = [f"{len(self.findings)} finding(s) in {len(groups)} check(s):"]
        for check, items in sorted(groups.items()):
            lines.append(f"\n{_short(check, short)} — {len(items)}:")
            for f in items:
                where = f" [{f.origin}]" if f.origin else ""
                path = f" {_short(f.path, short)}" if f.path else ""
                value = f" = {f.value}" if f.value else ""
                lines.append(f"  {f.severity}: {_short(f.focus, short)}{where}{path}{value}")
                lines.append(f"    {f.message}")
        return "\n".join(lines)


@contextmanager
def _parse_each_sparql_query_once() -> Iterator[None]:
    """Let rdflib parse each distinct SPARQL text once while pyshacl runs.

    pyshacl evaluates a SHACL-SPARQL constraint once per focus node with the same query text and
    ``$this`` as an initial binding; rdflib re-parses the text every time, and parsing (pyparsing)
    was half of the whole validation's time. A parsed and translated query is what rdflib's own
    ``prepareQuery`` hands out for repeated evaluation, so reusing it changes no result.
    """
    original = SPARQLProcessor.query
    cache: dict[tuple[str, str | None, tuple[tuple[str, str], ...]], Query] = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # type: ignore[no-untyped-def]  # noqa: N803
        """rdflib's SPARQLProcessor.query, parsing and translating each distinct query text once."""
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            prepared = cache.get(key)
            if prepared is None:
                prepared = cache[key] = translateQuery(parseQuery(strOrQuery), base, initNs)
            strOrQuery = prepared
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query  # type: ignore[method-assign]
    try:
        yield
    finally:
        SPARQLProcessor.query = original  # type: ignore[method-assign]


SHACL_ENGINES = ("pyshacl-turbo", "pyshacl")
DEFAULT_SHACL_ENGINE = "pyshacl-turbo"


def shacl(
    data: Graph | Triples,
    ontology: Graph,
    shapes: Graph,
    origins: dict[str, tuple[str, int]] | None = None,
    engine: str = DEFAULT_SHACL_ENGINE,
    store: object = None,
    before: bytes | None = None,
) -> Report:
    """Validate ``data`` (with the ontology's class hierarchy) against ``shapes``: a :class:`ShaclCheck`
    made for this one validation (see there)."""
    return ShaclCheck(ontology, shapes).validate(data, origins, engine=engine, store=store, before=before)


def conformed_digest(shapes_text: bytes, ontology_text: bytes, engine: str) -> str:
    """The hash of what decides whether data conforms to the shapes: their text, the ontology's, the
    engine and its version (and rdflib's, which reads the shapes). Data that conformed is kept in the
    build cache under it, as the ``before`` of the next validation (:meth:`ShaclCheck.validate`)."""
    from importlib.metadata import version

    h = hashlib.sha256()
    for part in (engine, version(engine), version("pyshacl"), version("rdflib")):  # pyshacl's inoculation serves both
        h.update(part.encode("utf-8") + b"\n")
    for text in (shapes_text, ontology_text):
        h.update(hashlib.sha256(text).digest())
    return h.hexdigest()


class ShaclCheck:
    """Shapes and the ontology they read, prepared once for any number of validations.

    Core constraints run in a SHACL engine: **pyshacl-turbo** (Rust, the default) or **pyshacl**
    (the reference). ``tests/test_shapes.py`` runs every case on both and requires the same
    findings: verdict, focus nodes, paths, constraint components, values and messages.
    SHACL-SPARQL constraints on class targets run on Oxigraph, once each over all focus nodes:
    pyshacl runs such a query once per focus node on rdflib's engine, which made rules that compare
    facts with each other (duplicate missions, conflicting relation claims) quadratic — minutes at
    ten times the real data.

    What depends on the shapes and the ontology alone is made once, on first use, as pyshacl-turbo's
    ``CompiledShapes`` and rdflib's ``prepareQuery`` are meant to be used: the shapes split into
    core and SPARQL rules, the compiled core, the ontology's N-Triples and pyshacl's inoculation of
    it. A build validates once and gains nothing; a test suite that validates hundreds of broken
    neighbourhoods with the same shapes spent two thirds of its time making them again. The two
    graphs must not be changed once the check is made: the shapes are split at once, and what is
    made of the ontology is made on the first validation and kept.
    """

    def __init__(self, ontology: Graph, shapes: Graph):
        self.ontology, self.shapes = ontology, shapes
        self.core, self.rules = split_sparql_rules(shapes)
        self._looked_at: int | None = None  # focus nodes of the last changed_core

    def validate(
        self,
        data: Graph | Triples,
        origins: dict[str, tuple[str, int]] | None = None,
        engine: str = DEFAULT_SHACL_ENGINE,
        store: object = None,
        before: bytes | None = None,
    ) -> Report:
        """Every finding of the shapes on ``data``. ``store`` is a pyoxigraph store holding data and
        ontology in their named graphs, or a function making it (called only once the core shapes
        have run), when the caller has one.

        ``before`` is data that conformed to these shapes (sorted N-Triples, as :class:`Triples`
        holds them): the core shapes then look only at what changed since (:meth:`changed_core`), and
        at everything when they find something there, so that the report is the one a validation of
        the whole data gives. The store is then made first, as it answers where the change reaches."""
        if engine not in SHACL_ENGINES:
            raise ValueError(f"unknown SHACL engine {engine!r}; expected one of {', '.join(SHACL_ENGINES)}")
        nt = functools.cache(lambda: data.nt if isinstance(data, Triples) else data.serialize(format="nt", encoding="utf-8"))
        if store is None:
            store = functools.cache(functools.partial(self._store, nt))
        core, scope = None, ""
        if before is not None and isinstance(data, Triples):
            core = self.changed_core(data, before, store() if callable(store) else store, engine)
            if core == [] and self._looked_at is not None:
                nodes = f"{self._looked_at:,} node{'' if self._looked_at == 1 else 's'}"
                scope = f"the {nodes} the edit can reach (the rest reads nothing that changed and conformed before)"
        if core is None or core:  # not bounded, or something found: the whole data, for the whole report
            results = self._core_turbo(nt()) if engine == "pyshacl-turbo" else self._core_pyshacl(data)
            core, scope = self._findings(results, origins), ""
        report = Report(core, scope)
        report.findings += run_sparql_rules(data, self.ontology, self.rules, origins, store)
        return report

    def changed_core(
        self, data: Triples, before: bytes, store: object, engine: str = DEFAULT_SHACL_ENGINE
    ) -> list[Finding] | None:
        """The core shapes' findings on the nodes an edit can affect, given the data ``before`` it (which
        conformed), or None when the shapes' reach is not bounded (:mod:`kzgraph.pipeline.shacl_reach`).

        ``store`` holds ``data`` in the data graph. Every other node reads only what it read before the
        edit, and so conforms as it did: no finding means the whole data conforms to the core shapes.
        The findings carry no origin: a caller that gets any validates the whole data for its report."""
        import pyoxigraph as ox

        from .shacl_reach import affected, changed_lines, surroundings

        if self._reach is None or b"_:" in data.nt or b"_:" in before:  # a blank node: not followed here
            return None
        lines = data.lines()
        removed, added = changed_lines(before, lines)
        graph = ox.NamedNode(graph_iri("data"))
        focus = affected(self._reach, store, graph, removed, added)  # type: ignore[arg-type]
        if focus is None:
            return None
        self._looked_at = len(focus)
        if not focus:
            return []
        around = surroundings(self._reach, store, graph, focus, lines)  # type: ignore[arg-type]
        if around is None:
            return None
        local = Triples.from_lines(around)
        results = self._core_turbo(local.nt) if engine == "pyshacl-turbo" else self._core_pyshacl(local)
        found = self._findings(results, None)
        if any(isinstance(n, Literal) for n in results.objects(None, SH.focusNode)):
            return found  # a literal focus node (sh:targetObjectsOf) is no node of ``focus``: validate everything
        return [f for f in found if f.focus in focus]

    @functools.cached_property
    def _reach(self) -> object:
        from .shacl_reach import reach_of

        return reach_of(self.core)

    def _findings(self, results: Graph, origins: dict[str, tuple[str, int]] | None) -> list[Finding]:
        found = []
        for r in results.subjects(RDF.type, SH.ValidationResult):
            focus = str(results.value(r, SH.focusNode))
            severity = str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]
            message = " ".join(sorted(str(m) for m in results.objects(r, SH.resultMessage))) or "constraint not met"
            component = results.value(r, SH.sourceConstraintComponent)
            found.append(
                Finding(
                    check=_shape_name(results.value(r, SH.sourceShape), self.shapes),
                    focus=focus,
                    message=message,
                    path=_path_text(results, results.value(r, SH.resultPath)),
                    value=_show(results.value(r, SH.value)),
                    severity=severity,
                    origin=_origin(focus, origins),
                    component=str(component).rsplit("#", 1)[-1] if component is not None else "",
                )
            )
        return found

    def _core_pyshacl(self, data: Graph | Triples) -> Graph:
        """pyshacl, given the data with the ontology's axioms already in it.

        That is what pyshacl does with ``ont_graph=ontology`` (its ``mix_in_ontology``: a copy of the
        data, into which ``inoculate`` copies the axioms, reading the ontology alone). Here
        ``inoculate`` runs once per ontology, not at every validation (two fifths of the validation
        of a small graph); each validation still copies the data and the axioms it made into a
        graph of its own, which pyshacl then reads in place instead of copying it again.
        ``tests/test_shapes.py`` holds the two ways to the same report on valid and broken data."""
        graph = data.graph if isinstance(data, Triples) else data
        mixed = Graph()
        for prefix, namespace in (*graph.namespaces(), *self._axioms.namespaces()):
            mixed.bind(prefix, namespace, override=False)  # the data's own first, as inoculate keeps them
        mixed.addN((s, p, o, mixed) for s, p, o in graph)
        mixed.addN((s, p, o, mixed) for s, p, o in self._axioms)
        with _parse_each_sparql_query_once():
            # ``inplace``: the graph is this call's own, so pyshacl need not copy it again (with no
            # inference and no rules it writes nothing into it)
            _conforms, results, _text = pyshacl.validate(data_graph=mixed, shacl_graph=self.core, **_OPTIONS, inplace=True)
        return results

    def _core_turbo(self, body: bytes) -> Graph:
        """pyshacl-turbo, given data and ontology as one N-Triples text, which it parses in Rust.

        Two ways of handing it the data are avoided (docs/engines.md): an ``ont_graph`` or bytes make
        it decode everything into an rdflib graph first (four fifths of its time, and more than
        linear), and a pyoxigraph store hands it the store's literals, where Oxigraph has turned
        ``"1"^^xsd:positiveInteger`` into ``"1"^^xsd:integer`` (so every sh:datatype on a derived
        integer type fails). pyshacl's ``ont_graph`` means "validate data + these axioms of the
        ontology" (its inoculation, which depends on the ontology alone), so the same axioms are
        appended to the data's text. The compiled shapes are what ``pyshacl_turbo.validate`` would
        compile from the same graph with the same options, made once.
        """
        from pyshacl_turbo.rdf import Input

        text = (body + self._inoculated).decode("utf-8")
        data = Input(text, "nt", None, {}, {}, preserve_ids=True)
        _conforms, results, _text = self._program.validate(
            data, allow_warnings=True, abort_on_first=False, _normalize_report_literals=True
        )
        return results

    @functools.cached_property
    def _program(self) -> object:
        import pyshacl_turbo

        return pyshacl_turbo.compile_shapes(self.core, advanced=_OPTIONS["advanced"])

    @functools.cached_property
    def _inoculated(self) -> bytes:
        """:attr:`_axioms` as N-Triples, for pyshacl-turbo."""
        return self._axioms.serialize(format="nt", encoding="utf-8")

    @functools.cached_property
    def _axioms(self) -> Graph:
        """What pyshacl adds to the data graph for ``ont_graph=ontology`` (its ``inoculate``).

        It depends on the ontology's triples alone and takes pyshacl half a second, so it is also
        kept per content (the set of triples, as cheap to compare as to read) for the next check in
        this process: a test session builds many broken copies of one project. It is never changed."""
        key = frozenset(self.ontology)
        hit = _INOCULATED.get(key)
        if hit is None:
            from pyshacl.rdfutil.inoculate import inoculate

            # into rdflib's store without contexts: a third faster, the same triples
            hit = inoculate(Graph(store="SimpleMemory"), self.ontology)
            _INOCULATED.clear()  # one ontology at a time: a build has one, a test session a handful in turn
            _INOCULATED[key] = hit
        return hit

    @functools.cached_property
    def _ontology_nt(self) -> bytes:
        return self.ontology.serialize(format="nt", encoding="utf-8")

    def _store(self, nt: Callable[[], bytes]) -> object:
        """Data and ontology in their named graphs, from the N-Triples the core engine read."""
        import pyoxigraph as ox

        store = ox.Store()
        for name, body in (("ontology", self._ontology_nt), ("data", nt())):
            if body:
                store.load(body, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph_iri(name)))
        return store


_INOCULATED: dict[frozenset, Graph] = {}
_OPTIONS = dict(inference="none", advanced=True, allow_warnings=True, abort_on_first=False, meta_shacl=False)


@dataclass(frozen=True)
class SparqlRule:
    """A SHACL-SPARQL constraint of a node shape with class targets, ready to run over all focus nodes."""

    shape: str
    query: str
    messages: tuple[str, ...]
    severity: str = "Violation"


def _projects_this(query: str) -> bool:
    """Whether a SHACL-SPARQL SELECT (with its prefixes) projects ``$this``, read from the query by
    Oxigraph's parser, the engine that then runs it, not from its text. A query it cannot read or run
    (a custom function), or one that is no SELECT, stays with the SHACL engine."""
    variables = _oxigraph_variables(query)
    return variables is not None and "this" in variables


@functools.lru_cache(maxsize=1024)
def _oxigraph_variables(query: str) -> frozenset[str] | None:
    """The variables an empty Oxigraph store answers the SELECT ``query`` with; None when it cannot
    read or run it, or it is no SELECT.

    rdflib's parser took three hundredths of a second per query, most of a build's split of the
    shapes; Oxigraph's takes a thousandth. Kept per query text all the same: a test suite validates
    thousands of broken neighbourhoods with the same shapes."""
    import pyoxigraph as ox

    try:
        answer = ox.Store().query(query)
    except Exception:  # noqa: BLE001 - a syntax error, a function Oxigraph lacks …: not Oxigraph's to run
        return None
    return frozenset(v.value for v in answer.variables) if isinstance(answer, ox.QuerySolutions) else None


_SPLIT: collections.OrderedDict[frozenset, tuple[Graph, list[SparqlRule]]] = collections.OrderedDict()


def split_sparql_rules(shapes: Graph) -> tuple[Graph, list[SparqlRule]]:
    """The shapes without the SPARQL constraints Oxigraph can run, and those constraints.

    A constraint qualifies when its node shape targets classes only and its SELECT projects
    ``$this``; it then means "every ?this of the target classes for which the SELECT has rows",
    which one query answers for all focus nodes at once. Any other SPARQL constraint stays
    with pyshacl.

    Kept for the last few shapes graphs, by their triples (not by the object, which a caller may
    change): copying a graph of a few thousand triples into rdflib costs a twentieth of a second, and
    a test suite validates hundreds of broken neighbourhoods with the same shapes. The graph returned
    is shared between those calls and must not be changed.
    """
    key = frozenset(shapes)
    if key in _SPLIT:
        _SPLIT.move_to_end(key)
        return _SPLIT[key]
    result = _split_sparql_rules(shapes)
    _SPLIT[key] = result
    while len(_SPLIT) > 4:
        _SPLIT.popitem(last=False)
    return result


def _split_sparql_rules(shapes: Graph) -> tuple[Graph, list[SparqlRule]]:
    core = Graph()
    for t in shapes:
        core.add(t)
    rules: list[SparqlRule] = []
    other_targets = (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        select = shapes.value(constraint, SH.select)
        targets = sorted(shapes.objects(shape, SH.targetClass))
        if (
            select is None
            or not targets
            or any(shapes.value(shape, t) is not None for t in other_targets)
            or shapes.value(constraint, SH.deactivated) == Literal(True)
        ):
            continue
        prefixes = prefix_block(shapes, constraint)
        if not _projects_this(prefixes + str(select)):
            continue
        target_values = " ".join(f"<{t}>" for t in targets)
        query = (
            f"{prefixes}SELECT * WHERE {{\n"
            f"  VALUES ?kzgraphTarget {{ {target_values} }}\n"
            f"  ?this a ?kzgraphType . ?kzgraphType <{RDFS.subClassOf}>* ?kzgraphTarget .\n"
            f"  {{ {select} }}\n}}"  # $this and ?this are one variable in SPARQL: joined as written
        )
        if _oxigraph_variables(query) is None:  # the select does not nest (its own PREFIX or BASE): not Oxigraph's
            continue
        severity = shapes.value(shape, SH.severity)
        messages = tuple(sorted(str(m) for m in shapes.objects(constraint, SH.message)))
        rules.append(
            SparqlRule(str(shape), query, messages, str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation")
        )
        for t in list(shapes.triples((constraint, None, None))):
            core.remove(t)
        core.remove((shape, SH.sparql, constraint))
    return core, rules


def run_sparql_rules(
    data: Graph | Triples,
    ontology: Graph,
    rules: list[SparqlRule],
    origins: dict[str, tuple[str, int]] | None = None,
    store: object = None,
) -> list[Finding]:
    """Run each rule once over data + ontology on Oxigraph; a row is a violation at ``?this``."""
    if not rules:
        return []
    if store is None:
        store = store_of([(graph_iri("ontology"), ontology), (graph_iri("data"), data)])
    elif callable(store):
        store = store()
    findings: set[Finding] = set()
    for rule in rules:
        results = store.query(rule.query, use_default_graph_as_union=True)
        variables = results.variables
        for row in results:
            bound = {v.value: row[v] for v in variables if row[v] is not None}
            focus = bound.get("this")
            if focus is None:
                continue
            message = " ".join(_fill(m, bound) for m in rule.messages) or "constraint not met"
            value = bound.get("value")
            findings.add(
                Finding(
                    check=rule.shape,
                    focus=focus.value,
                    message=message,
                    value=_show_ox(value),
                    severity=rule.severity,
                    origin=_origin(focus.value, origins),
                    component="SPARQLConstraintComponent",
                )
            )
    return sorted(findings)


def _fill(message: str, bound: dict[str, object]) -> str:
    """SHACL message templates: ``{?var}`` / ``{$var}`` become the variable's value, as pyshacl does."""
    for name, term in bound.items():
        message = re.sub(r"\{[?$]" + re.escape(name) + r"\}", lambda _m, term=term: getattr(term, "value", str(term)), message)
    return message


def _show_ox(term: object) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        text = term.value
        return repr(text[:60] + ("…" if len(text) > 60 else ""))
    return getattr(term, "value", str(term))


def _path_text(graph: Graph, path: object) -> str:
    """A result path as text: the property's IRI, ``^IRI`` for an inverse path, "" for other paths."""
    if isinstance(path, URIRef):
        return str(path)
    inverse = graph.value(path, SH.inversePath) if path is not None else None  # type: ignore[arg-type]
    return f"^{inverse}" if isinstance(inverse, URIRef) else ""


def _shape_name(shape: object, shapes: Graph) -> str:
    if isinstance(shape, URIRef):
        return str(shape)
    # A property shape written as a blank node: name it by the node shape that holds it.
    parent = shapes.value(predicate=SH.property, object=shape)  # type: ignore[arg-type]
    path = shapes.value(shape, SH.path)  # type: ignore[arg-type]
    return f"{parent} / {path}" if parent is not None else "anonymous shape"


def _show(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Literal):
        text = str(value)
        return repr(text[:60] + ("…" if len(text) > 60 else ""))
    return str(value)


def _origin(focus: str, origins: dict[str, tuple[str, int]] | None) -> str:
    if not origins:
        return ""
    hit = origins.get(focus) or origins.get(focus.split("#", 1)[0])
    return f"{hit[0]}:{hit[1]}" if hit else ""


def _short(iri: str, short: dict[str, str] | None) -> str:
    for prefix, ns in (short or {}).items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


# --- Ontology QC --------------------------------------------------------------------------------


@dataclass(frozen=True)
class QcQuery:
    """A QC query of ``ontology/qc/``: a SELECT of ``?entity`` and ``?message`` that must return nothing."""

    name: str
    title: str
    text: str
    file: str = ""  # where it is, as messages name it


NO_QUERIES = "NO-QUERIES"  # in ontology/qc/: declares that the project has no QC queries, on purpose


def qc_queries(directory: Path, root: Path | None = None) -> list[QcQuery]:
    """The QC queries of ``ontology/qc/``: each a SELECT with ``?entity`` and ``?message`` that must return nothing.

    Each is read as a project input (a regular file inside ``root``, the project, by default the
    directory's grandparent) and parsed here, so that a broken one is reported as
    ``ontology/qc/NAME.rq: what is wrong`` before any check runs, never as a traceback. The set is
    required: a missing directory, or one with no query, would skip QC with exit 0 (see
    :func:`qc_names`).
    """
    root = Path(root) if root is not None else Path(directory).parent.parent
    out = []
    for name in qc_names(directory, root):
        path = Path(directory) / name
        try:
            raw = read_bytes(path, root, QUERY_LIMIT, "SPARQL query")
            text = raw.decode("utf-8")
        except InputError as exc:
            raise BuildError(str(exc)) from None
        except UnicodeDecodeError as exc:
            raise BuildError(
                f"{display_name(path, root)}: expected UTF-8 text; byte 0x{raw[exc.start]:02X} at offset {exc.start} is not UTF-8"
            ) from None
        query = _check_qc_query(QcQuery(path.stem, _qc_title(text, path.stem), text, display_name(path, root)))
        out.append(query)
    return out


def qc_names(directory: Path, root: Path) -> list[str]:
    """The ``*.rq`` names of ``directory``; a missing check must never pass as a passed one.

    The directory must be there and hold at least one query, unless a file ``NO-QUERIES`` in it
    declares that the project has none on purpose (then it may hold none). A file whose name nearly
    matches (``x.RQ``, ``x.sparql``, ``x.rq.off``) or a sub-directory would not be run: an error too.
    """
    rel = display_name(directory, root)
    try:
        names = list_directory(directory, root, "directory of QC queries")
    except InputError as exc:
        raise BuildError(f"{exc}; it holds the QC queries (*.rq) every build runs (see ontology/qc/README.md)") from None
    queries = [n for n in names if n.endswith(".rq")]
    for n in names:
        if n in queries or n.startswith("."):
            continue
        if _near_query(n):
            raise BuildError(f"{rel}/{n}: is not run: QC queries are named *.rq; rename it, or move it out of {rel}/")
        if _is_directory(Path(directory, n)):
            raise BuildError(f"{rel}/{n}: is a directory, and queries in it are not run; QC queries stand directly in {rel}/")
    if NO_QUERIES in names:
        try:  # a regular file inside the project, like any input (not a FIFO, not a link out)
            read_bytes(Path(directory) / NO_QUERIES, root, QUERY_LIMIT, "declaration")
        except InputError as exc:
            raise BuildError(str(exc)) from None
        if queries:
            raise BuildError(
                f"{rel}/{NO_QUERIES}: declares that the project has no QC queries, but {rel}/ holds "
                f"{len(queries)} (*.rq); remove the declaration or the queries"
            )
    elif not queries:
        raise BuildError(
            f"{rel}: holds no QC query (*.rq); every build runs them. A project without QC queries "
            f"declares it with a file {rel}/{NO_QUERIES} (see ontology/qc/README.md)"
        )
    return queries


def _is_directory(path: Path) -> bool:
    """Whether ``path`` is a directory (links followed); one that cannot be reached is reported when read."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def _near_query(name: str) -> bool:
    """A name meant to be a query but spelt otherwise: ``.RQ``, ``.sparql``, ``.rq.off``."""
    lower = name.lower()
    return lower.endswith((".rq", ".sparql")) or ".rq." in lower


def _qc_title(text: str, default: str) -> str:
    return next(
        (line[1:].strip().removeprefix("title:").strip() for line in text.splitlines() if line.startswith("# title:")), default
    )


def _check_qc_query(q: QcQuery) -> QcQuery:
    """The query as it is run: read as the endpoint reads one (SERVICE refused, before anything runs
    it; what runs is the one reading the check read, escapes expanded as SPARQL says, not the text as
    written, which Oxigraph would read otherwise), then parsed on an empty store and checked to be a
    SELECT of ``?entity`` and ``?message``."""
    import dataclasses

    import pyoxigraph as ox

    from ..sparql.check import QueryRefused, check_own

    try:
        q = dataclasses.replace(q, text=check_own(q.text))
    except QueryRefused as exc:
        raise BuildError(f"{q.file}: {exc}") from None
    try:
        result = ox.Store().query(q.text, use_default_graph_as_union=True)
    except (SyntaxError, ValueError, OSError) as exc:
        raise BuildError(f"{q.file}: not a valid SPARQL query: {_first_line(exc)}") from None
    variables = {v.value for v in getattr(result, "variables", [])} if isinstance(result, ox.QuerySolutions) else set()
    if not {"entity", "message"} <= variables:
        raise BuildError(f"{q.file}: a QC query must be a SELECT of ?entity and ?message")
    return q


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def qc(
    data: Graph | Triples,
    ontology: Graph,
    queries: list[QcQuery],
    origins: dict[str, tuple[str, int]] | None = None,
    store: object = None,
) -> Report:
    """Run QC queries over ontology + data in the ontology and data named graphs of one store."""
    if store is None:
        store = store_of([(graph_iri("ontology"), ontology), (graph_iri("data"), data)])
    report = Report()
    for q in queries:
        try:
            rows = list(store.query(q.text, use_default_graph_as_union=True))
        except (SyntaxError, ValueError, OSError) as exc:  # checked on reading; a query given directly may fail here
            raise BuildError(f"{q.file or q.name}: the QC query failed: {_first_line(exc)}") from None
        for row in rows:
            entity = row["entity"]
            message = row["message"]
            focus = entity.value if entity is not None else ""
            report.findings.append(
                Finding(
                    check=f"qc:{q.name}",
                    focus=focus,
                    message=message.value if message is not None else q.title,
                    origin=_origin(focus, origins),
                )
            )
    return report
