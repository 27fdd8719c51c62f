"""The whole pipeline: load → convert → validate → reason → describe → write ``dist/``.

Every stage runs in memory first; ``dist/`` is replaced in one step only when all stages have
succeeded, so a failed build leaves the previous release exactly as it was.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import shutil
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from . import model, pictures, serialize
from .convert import Converter, source_index, to_triples
from .errors import BuildError
from .load import Dataset, load
from .metadata import describe
from .namespaces import BASE, KZO, PREFIXES, graph_iri, id_namespace
from .project import Project
from .reason import DEFAULT_ENGINE, infer
from .triples import EMPTY, Triples, store_of
from .validate import DEFAULT_SHACL_ENGINE, Report, qc, qc_queries, shacl


class ValidationFailed(BuildError):
    def __init__(self, report: Report):
        self.report = report
        super().__init__(report.render(_short_names()))


@dataclass
class Release:
    """A built release, in memory.

    The data and the inferred triples are :class:`Triples` (sorted N-Triples), the form every fast
    engine reads; ``data`` and ``inferred`` make rdflib graphs of them on request, for small
    releases and the tests — nothing on the build's own path uses them.
    """

    dataset: Dataset
    triples: Triples  # the asserted data
    ontology: Graph
    inferred_triples: Triples
    metadata: Graph
    report: Report
    timings: dict[str, float] = field(default_factory=dict)
    pending_check: "_Check | None" = None  # validation still running (see make_release(parallel=True))

    @property
    def data(self) -> Graph:
        return self.triples.graph

    @property
    def inferred(self) -> Graph:
        return self.inferred_triples.graph

    def files(self, project: Project) -> dict[str, bytes]:
        """File name -> bytes for everything ``dist/`` holds, every RDF file written by pyoxigraph."""
        ontology, metadata = serialize.triples_of(self.ontology), serialize.triples_of(self.metadata)
        graphs = {"data": self.triples, "inferred": self.inferred_triples, "ontology": ontology, "metadata": metadata}
        ttl = {name: serialize.turtle(g) for name, g in graphs.items()}  # each graph written once per format:
        nt = {name: serialize.ntriples(g) for name, g in graphs.items()}  # TriG and N-Quads reuse them
        files = {
            "kzgraph.ttl": ttl["data"],
            "kzgraph.nt": nt["data"],
            "kzgraph.jsonld": serialize.jsonld(self.triples),
            "kzgraph-inferred.ttl": ttl["inferred"],
            "ontology.ttl": project.ontology.read_bytes(),
            "void.ttl": ttl["metadata"],
            "kzgraph.trig": serialize.trig([(graph_iri(n), body) for n, body in ttl.items()]),
            "kzgraph.nq": serialize.nquads([(graph_iri(n), body) for n, body in nt.items()]),
        }
        if project.shapes.exists():
            files["shapes.ttl"] = project.shapes.read_bytes()
        files.update(pictures.svg_files(store_of([(graph_iri("data"), self.triples)])))
        return files


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    t0 = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = time.perf_counter() - t0


def parse_ontology(project: Project) -> Graph:
    if not project.ontology.exists():
        raise BuildError(f"{project.ontology}: the ontology is missing")
    try:
        return Graph().parse(project.ontology, format="turtle")
    except Exception as exc:  # rdflib raises several parser exception types
        raise BuildError(f"{project.ontology}: not valid Turtle: {exc}") from None


def parse_shapes(project: Project) -> Graph | None:
    if not project.shapes.exists():
        return None
    try:
        return Graph().parse(project.shapes, format="turtle")
    except Exception as exc:
        raise BuildError(f"{project.shapes}: not valid Turtle: {exc}") from None


def check(data: "Triples | Graph", ontology: Graph, project: Project, origins: dict[str, tuple[str, int]] | None,
          shacl_engine: str = DEFAULT_SHACL_ENGINE) -> Report:
    """SHACL (when the project has shapes) and the QC queries, as one report.

    The SHACL-SPARQL rules and the QC queries share one store of data and ontology."""
    report = Report()
    shapes = parse_shapes(project)
    # Made when the SHACL core has run, not before: the engine's copy of the data and the store
    # are never held at once.
    store = functools.cache(lambda: store_of([(graph_iri("ontology"), ontology), (graph_iri("data"), data)]))
    if shapes is not None:
        report.findings += shacl(data, ontology, shapes, origins, engine=shacl_engine, store=store).findings
    report.findings += qc(data, ontology, qc_queries(project.qc_dir), origins, store=store()).findings
    return report


def make_release(project: Project, validate: bool = True, reason: bool = True,
                 reasoner: str = DEFAULT_ENGINE, parallel: bool = False,
                 shacl_engine: str = DEFAULT_SHACL_ENGINE) -> Release:
    """Run every stage in memory; raise DataError / ValidationFailed / BuildError on failure.

    With ``parallel``, validation runs in a forked process while this one reasons; the release is
    returned only once validation has passed either way.
    """
    timings: dict[str, float] = {}
    with _timed(timings, "load"):
        dataset = load(project.root)
    with _timed(timings, "convert"):
        data = to_triples(dataset)
    ontology = parse_ontology(project)
    pending = _start_check(data, ontology, project, dataset, parallel, shacl_engine) if validate else None
    inferred = EMPTY
    if reason:
        with _timed(timings, "reason"):
            inferred = infer(data, ontology, engine=reasoner).triples
    article = Converter(dataset).article
    metadata = describe(data, article, sparql_endpoint=BASE + "sparql")
    release = Release(dataset, data, ontology, inferred, metadata, Report(), timings)
    release.pending_check = pending
    if not parallel:
        finish_check(release)
    return release


class _Check:
    """A validation running now, in a child process or (where fork is unavailable) already done."""

    def __init__(self, report: Report | None = None, seconds: float = 0.0,
                 process: object = None, conn: object = None):
        self.report, self.seconds, self.process, self.conn = report, seconds, process, conn

    def result(self) -> tuple[Report, float]:
        if self.report is None:
            kind, payload, seconds = self.conn.recv()  # type: ignore[attr-defined]
            self.process.join()  # type: ignore[attr-defined]
            if kind == "error":
                raise BuildError(f"validation failed to run: {payload}")
            self.report, self.seconds = payload, seconds
        return self.report, self.seconds


def _start_check(data: Triples, ontology: Graph, project: Project, dataset: Dataset, parallel: bool,
                 shacl_engine: str = DEFAULT_SHACL_ENGINE) -> _Check:
    origins = source_index(dataset)
    if parallel and "fork" in multiprocessing.get_all_start_methods():
        # fork shares the graphs copy-on-write: nothing is pickled but the report coming back
        ctx = multiprocessing.get_context("fork")
        parent, child = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_check_in_child, args=(child, data, ontology, project, origins, shacl_engine), daemon=True)
        process.start()
        child.close()
        return _Check(process=process, conn=parent)
    t0 = time.perf_counter()
    return _Check(check(data, ontology, project, origins, shacl_engine), time.perf_counter() - t0)


def _check_in_child(conn, data: Triples, ontology: Graph, project: Project, origins, shacl_engine: str) -> None:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    try:
        conn.send(("ok", check(data, ontology, project, origins, shacl_engine), time.perf_counter() - t0))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the build
        conn.send(("error", f"{type(exc).__name__}: {exc}", 0.0))
    finally:
        conn.close()


def finish_check(release: Release) -> None:
    """Wait for the release's validation; raise ValidationFailed when it found violations."""
    pending = getattr(release, "pending_check", None)
    if pending is None:
        return
    release.report, release.timings["validate"] = pending.result()
    release.pending_check = None
    if not release.report.conforms:
        raise ValidationFailed(release.report)


def write_atomically(out: Path, files: dict[str, bytes]) -> None:
    """Replace ``out`` with exactly ``files``: all or nothing."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, content in sorted(files.items()):
            (tmp / name).write_bytes(content)
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.replace(out, old)
        os.replace(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def build(root: Path, out: Path | None = None, validate: bool = True, reason: bool = True,
          reasoner: str = DEFAULT_ENGINE, shacl_engine: str = DEFAULT_SHACL_ENGINE) -> Release:
    """Build ``root``'s release and write it to ``out`` (default ``root/dist``)."""
    project = Project(Path(root))
    release = make_release(project, validate=validate, reason=reason, reasoner=reasoner, parallel=True,
                           shacl_engine=shacl_engine)
    with _timed(release.timings, "serialize"):
        files = release.files(project)  # while validation runs in the child process
    finish_check(release)  # nothing is written unless validation passed
    with _timed(release.timings, "write"):
        write_atomically(Path(out) if out else project.root / "dist", files)
    return release


def summary(release: Release) -> str:
    """Triples, entities per class and facts per section of the article, for the build's output."""
    ds = release.dataset
    types = _types(release.triples, str(id_namespace(BASE)), str(KZO))
    entity_types = ["State", *model.ORGANIZATION_TYPES, "City", "Region", "WaterBody", "Person", "Office"]
    facts_by_section: Counter[str] = Counter()
    for rec in ds.facts:
        for top in sorted({p.section.split("/")[0] for p in rec.sources}):
            facts_by_section[top] += 1
    sections = [r.id for r in ds.by_path("section") if "/" not in r.id]
    notes = len(ds.by_path("note"))
    lines = [
        f"asserted triples: {len(release.triples)}   inferred triples: {len(release.inferred_triples)}   "
        f"ontology triples: {len(release.ontology)}",
        f"facts: {len(ds.facts)}   data-quality notes: {notes}   source passages: "
        f"{len({(p.section, p.quote) for r in ds.records.values() for p in r.sources})}",
        "entities: " + ", ".join(f"{t} {types[t]}" for t in entity_types if types[t]),
        "facts by type: " + ", ".join(f"{t} {n}" for t, n in sorted(types.items())
                                       if t in model.FACT_TYPES),
        "facts by section: " + ", ".join(f"{s} {facts_by_section[s]}" for s in sections),
    ]
    if release.timings:
        lines.append("seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in release.timings.items()))
    return "\n".join(lines)


def _types(triples: Triples, ns: str, vocabulary: str) -> Counter[str]:
    """Instances per class of the vocabulary among the dataset's resources, read off the N-Triples lines."""
    rdf_type = f"<{RDF.type}>"
    counts: Counter[str] = Counter()
    for line in triples.lines():
        s, p, o = line.split(" ", 2)
        if p == rdf_type and s.startswith("<" + ns) and o.startswith("<" + vocabulary):
            counts[o[1 + len(vocabulary):o.rindex(">")]] += 1
    return counts


def _short_names() -> dict[str, str]:
    names = {p: str(ns) for p, ns in PREFIXES.items()}
    names["kz"] = str(id_namespace(BASE))
    names["shape"] = BASE + "shapes#"
    return names


__all__ = ["build", "make_release", "summary", "Project", "Release", "ValidationFailed", "URIRef"]
