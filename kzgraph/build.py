"""The whole pipeline: load → convert → validate → reason → describe → write ``dist/``.

Every stage runs in memory first; ``dist/`` is replaced in one step only when all stages have
succeeded, so a failed build leaves the previous release exactly as it was.
"""

from __future__ import annotations

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
from .convert import Converter, source_index, to_graph
from .errors import BuildError
from .load import Dataset, load
from .metadata import describe
from .namespaces import BASE, KZO, PREFIXES, graph_iri, id_namespace
from .project import Project
from .reason import DEFAULT_ENGINE, infer
from .validate import DEFAULT_SHACL_ENGINE, Report, qc, qc_queries, shacl


class ValidationFailed(BuildError):
    def __init__(self, report: Report):
        self.report = report
        super().__init__(report.render(_short_names()))


@dataclass
class Release:
    """A built release, in memory."""

    dataset: Dataset
    data: Graph
    ontology: Graph
    inferred: Graph
    metadata: Graph
    report: Report
    timings: dict[str, float] = field(default_factory=dict)
    pending_check: "_Check | None" = None  # validation still running (see make_release(parallel=True))

    def files(self, project: Project) -> dict[str, bytes]:
        """File name -> bytes for everything ``dist/`` holds."""
        named = [(graph_iri("data"), self.data), (graph_iri("inferred"), self.inferred),
                 (graph_iri("ontology"), self.ontology), (graph_iri("metadata"), self.metadata)]
        data_ttl = serialize.turtle(self.data)
        inferred_ttl = serialize.turtle(self.inferred)
        void_ttl = serialize.turtle(self.metadata)
        files = {
            "kzgraph.ttl": data_ttl,
            "kzgraph.nt": serialize.ntriples(self.data),
            "kzgraph.jsonld": serialize.jsonld(self.data),
            "kzgraph-inferred.ttl": inferred_ttl,
            "ontology.ttl": project.ontology.read_bytes(),
            "void.ttl": void_ttl,
            "kzgraph.trig": serialize.trig([(graph_iri("data"), data_ttl), (graph_iri("inferred"), inferred_ttl),
                                            (graph_iri("ontology"), self.ontology), (graph_iri("metadata"), void_ttl)]),
            "kzgraph.nq": serialize.nquads(named),
        }
        if project.shapes.exists():
            files["shapes.ttl"] = project.shapes.read_bytes()
        files.update(pictures.svg_files(self.data))
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


def check(data: Graph, ontology: Graph, project: Project, origins: dict[str, tuple[str, int]] | None,
          shacl_engine: str = DEFAULT_SHACL_ENGINE) -> Report:
    """SHACL (when the project has shapes) and the QC queries, as one report."""
    report = Report()
    shapes = parse_shapes(project)
    if shapes is not None:
        report.findings += shacl(data, ontology, shapes, origins, engine=shacl_engine).findings
    report.findings += qc(data, ontology, qc_queries(project.qc_dir), origins).findings
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
        data = to_graph(dataset)
    ontology = parse_ontology(project)
    pending = _start_check(data, ontology, project, dataset, parallel, shacl_engine) if validate else None
    inferred = Graph()
    if reason:
        with _timed(timings, "reason"):
            inferred = infer(data, ontology, engine=reasoner).inferred
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


def _start_check(data: Graph, ontology: Graph, project: Project, dataset: Dataset, parallel: bool,
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


def _check_in_child(conn, data: Graph, ontology: Graph, project: Project, origins, shacl_engine: str) -> None:  # type: ignore[no-untyped-def]
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
    data, ds = release.data, release.dataset
    ns = str(id_namespace(BASE))
    types = Counter(str(o)[len(str(KZO)):] for s, o in data.subject_objects(RDF.type)
                    if str(s).startswith(ns) and str(o).startswith(str(KZO)))
    entity_types = ["State", *model.ORGANIZATION_TYPES, "City", "Region", "WaterBody", "Person", "Office"]
    facts_by_section: Counter[str] = Counter()
    for rec in ds.facts:
        for top in sorted({p.section.split("/")[0] for p in rec.sources}):
            facts_by_section[top] += 1
    sections = [r.id for r in ds.by_path("section") if "/" not in r.id]
    notes = len(ds.by_path("note"))
    lines = [
        f"asserted triples: {len(data)}   inferred triples: {len(release.inferred)}   "
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


def _short_names() -> dict[str, str]:
    names = {p: str(ns) for p, ns in PREFIXES.items()}
    names["kz"] = str(id_namespace(BASE))
    names["shape"] = BASE + "shapes#"
    return names


__all__ = ["build", "make_release", "summary", "Project", "Release", "ValidationFailed", "URIRef"]
