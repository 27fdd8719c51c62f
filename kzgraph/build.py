"""The whole pipeline: load → convert → validate → reason → describe → write ``dist/``.

Every stage runs in memory first; ``dist/`` is replaced in one step only when all stages have
succeeded, so a failed build leaves the previous release exactly as it was.
"""

from __future__ import annotations

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
from .validate import Report, qc, qc_queries, shacl


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


def check(data: Graph, ontology: Graph, project: Project, origins: dict[str, tuple[str, int]] | None) -> Report:
    """SHACL (when the project has shapes) and the QC queries, as one report."""
    report = Report()
    shapes = parse_shapes(project)
    if shapes is not None:
        report.findings += shacl(data, ontology, shapes, origins).findings
    report.findings += qc(data, ontology, qc_queries(project.qc_dir), origins).findings
    return report


def make_release(project: Project, validate: bool = True, reason: bool = True,
                 reasoner: str = DEFAULT_ENGINE) -> Release:
    """Run every stage in memory; raise DataError / ValidationFailed / BuildError on failure."""
    timings: dict[str, float] = {}
    with _timed(timings, "load"):
        dataset = load(project.root)
    with _timed(timings, "convert"):
        data = to_graph(dataset)
    ontology = parse_ontology(project)
    report = Report()
    if validate:
        with _timed(timings, "validate"):
            report = check(data, ontology, project, source_index(dataset))
        if not report.conforms:
            raise ValidationFailed(report)
    inferred = Graph()
    if reason:
        with _timed(timings, "reason"):
            inferred = infer(data, ontology, engine=reasoner).inferred
    article = Converter(dataset).article
    metadata = describe(data, article, sparql_endpoint=BASE + "sparql")
    return Release(dataset, data, ontology, inferred, metadata, report, timings)


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
          reasoner: str = DEFAULT_ENGINE) -> Release:
    """Build ``root``'s release and write it to ``out`` (default ``root/dist``)."""
    project = Project(Path(root))
    release = make_release(project, validate=validate, reason=reason, reasoner=reasoner)
    with _timed(release.timings, "write"):
        write_atomically(Path(out) if out else project.root / "dist", release.files(project))
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
