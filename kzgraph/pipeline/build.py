"""The whole pipeline: load → convert → validate → reason → describe → write ``dist/``.

Every stage runs in memory first; ``dist/`` is replaced in one step only when all stages have
succeeded, so a failed build leaves the previous release exactly as it was.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..core.errors import BuildError
from ..core.inputs import display_name
from ..core.progress import SILENT, Progress, Step
from ..curated import model
from ..curated.buildcache import Cache
from ..curated.load import Dataset, load
from ..curated.namespaces import BASE, KZO, PREFIXES, graph_iri, id_namespace
from ..curated.project import Location, Project
from ..curated.release import check_ontology, model_fingerprint, recorded, version_guard, with_version
from . import pictures, serialize
from .convert import Converter, source_index, to_triples
from .metadata import article_source, describe
from .ontology_graph import parse_ontology, parse_shapes
from .reason import DEFAULT_ENGINE, data_iri_triples, infer, input_digest
from .shrink import MANIFEST, Counts, ShrinkRefused, counts_of, facts_by_section, guard, previous_counts
from .triples import EMPTY, Triples, store_of
from .validate import DEFAULT_SHACL_ENGINE, QcQuery, Report, conformed_digest, qc, qc_queries, shacl


class ValidationFailed(BuildError):
    """SHACL or the QC queries found violations; ``report`` holds every finding, the message is its rendering."""

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
    pending_check: _Check | None = None  # validation still running (see make_release(parallel=True))
    compared: str = ""  # how its fact count compares with the release it replaced (see kzgraph.pipeline.shrink)
    reused: list[str] = field(default_factory=list)  # what came from the build cache instead of being made again
    conformed: str = ""  # the key the data is kept under in the build cache once it has passed validation

    @property
    def counts(self) -> Counts:
        """What the release counts (facts in all and per section, asserted triples), as ``release.json`` records it."""
        return counts_of(self.dataset, len(self.triples))

    @property
    def version(self) -> str:
        """The release's version (``release.version`` of the sources); "" when they state none."""
        return str(self.dataset.release.get("version") or "")

    @property
    def data(self) -> Graph:
        """The release's asserted data as an rdflib Graph (built on demand: the data path carries Triples)."""
        return self.triples.graph

    @property
    def inferred(self) -> Graph:
        """The inferred triples as an rdflib Graph (built on demand, for small releases and the tests)."""
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
            "ontology.ttl": project.document("ontology"),  # the parts joined, as declared, from the bytes parsed
            "shapes.ttl": project.document("shapes"),
            "void.ttl": ttl["metadata"],
            "kzgraph.trig": serialize.trig([(graph_iri(n), body) for n, body in ttl.items()]),
            "kzgraph.nq": serialize.nquads([(graph_iri(n), body) for n, body in nt.items()]),
        }
        files.update(pictures.svg_files(store_of([(graph_iri("data"), self.triples)])))
        files[MANIFEST] = self.counts.to_bytes()  # what the next build compares with
        if self.version:
            files[MANIFEST] = with_version(files[MANIFEST], self.version, model_of(project))
        return files


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    t0 = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = time.perf_counter() - t0


def model_of(project: Project) -> str:
    """The fingerprint of the project's model: ontology, shapes (their published documents, every part
    in the declared order) and the JSON Schemas made from kzgraph.curated.model."""
    from ..curated.schema import FILE_ROLES, schema_text

    def make() -> str:
        schemas = "".join(schema_text(role) for role in sorted(FILE_ROLES))
        return model_fingerprint(project.document("ontology"), project.document("shapes"), schemas)

    return project.once("model", make)  # asked by the release record and by the version guard


def check(
    data: Triples | Graph,
    ontology: Graph,
    project: Project,
    origins: dict[str, tuple[str, int]] | None,
    shapes: Graph | None = None,
    queries: list[QcQuery] | None = None,
    shacl_engine: str = DEFAULT_SHACL_ENGINE,
    before: bytes | None = None,
) -> Report:
    """SHACL and the QC queries, as one report.

    ``shapes`` and ``queries`` are read from the project unless given (the build reads them before
    it forks, so that a broken one is reported as such rather than from inside the check). The
    SHACL-SPARQL rules and the QC queries share one store of data and ontology. ``before`` is data
    that conformed to these shapes, when the build cache kept it: the core shapes then look at what
    changed since (:meth:`kzgraph.pipeline.validate.ShaclCheck.validate`)."""
    report = Report()
    shapes = parse_shapes(project) if shapes is None else shapes
    queries = qc_queries(project.qc_dir, project.root) if queries is None else queries
    # Made when the SHACL core has run, not before: the engine's copy of the data and the store
    # are never held at once.
    store = functools.cache(lambda: store_of([(graph_iri("ontology"), ontology), (graph_iri("data"), data)]))
    core = shacl(data, ontology, shapes, origins, engine=shacl_engine, store=store, before=before)
    report.findings += core.findings
    report.scope = core.scope
    report.findings += qc(data, ontology, queries, origins, store=store()).findings
    return report


def make_release(
    project: Project,
    validate: bool = True,
    reason: bool = True,
    reasoner: str = DEFAULT_ENGINE,
    parallel: bool = False,
    shacl_engine: str = DEFAULT_SHACL_ENGINE,
    progress: Progress = SILENT,
    cache: Cache | None = None,
) -> Release:
    """Run every stage in memory; raise DataError / ValidationFailed / BuildError on failure.

    With ``parallel``, validation runs in a forked process while this one reasons; the release is
    returned only once validation has passed either way. ``progress`` shows each stage on a terminal.
    A ``cache`` (:mod:`kzgraph.curated.buildcache`) spares the loader the files it read before.
    """
    timings: dict[str, float] = {}
    with _timed(timings, "load"), progress.stage("load", unit="files") as step:
        try:
            dataset = load(project.root, step, cache)
        finally:
            if cache is not None:
                cache.flush()  # what was read cleanly is kept even when another file is broken
    ontology = parse_ontology(project)  # first: fact labels write its terms' label phrases
    with _timed(timings, "convert"), progress.stage("convert", len(dataset.records)):
        data = to_triples(dataset, ontology=ontology)
    if dataset.release.get("version"):
        check_ontology(ontology, dataset.release["version"], display_name(project.ontology, project.root))
    pending, conformed = None, ""
    if validate:
        before = None
        if cache is not None and cache.directory is not None:
            conformed = conformed_digest(project.document("shapes"), project.document("ontology"), shacl_engine)
            before = cache.result("shacl", conformed)
        pending = _start_check(data, ontology, project, dataset, parallel, shacl_engine, before)
    inferred, reused = EMPTY, []
    if reason:
        with _timed(timings, "reason"), progress.stage("reason", len(data), unit="triples"):
            inferred, kept = _closure(data, ontology, project, reasoner, cache)
        if kept:
            reused.append("OWL RL closure reused (no link between resources changed)")
    article = Converter(dataset).article
    metadata = describe(data, article, sparql_endpoint=BASE + "sparql", source=article_source(dataset), release=dataset.release)
    release = Release(dataset, data, ontology, inferred, metadata, Report(), timings, reused=reused)
    release.pending_check, release.conformed = pending, conformed
    if not parallel:
        finish_check(release)
    return release


def _closure(data: Triples, ontology: Graph, project: Project, reasoner: str, cache: Cache | None) -> tuple[Triples, bool]:
    """The inferred triples, and whether they are the build cache's: the closure kept under the digest
    of exactly what the reasoner reads (:func:`kzgraph.pipeline.reason.input_digest`: links, ontology,
    engine) is the closure of these inputs, so it is reused without running the reasoner."""
    if cache is None or cache.directory is None:
        return infer(data, ontology, engine=reasoner).triples, False
    links = list(data_iri_triples(data, BASE))
    key = input_digest(links, project.document("ontology"), reasoner, BASE)
    kept = cache.result("reason", key)
    if kept is not None:
        return Triples(kept, kept.count(b"\n")), True
    inferred = infer(data, ontology, engine=reasoner, links=links).triples
    cache.keep_result("reason", key, inferred.nt)
    return inferred, False


class _Check:
    """A validation running now, in a child process or (where fork is unavailable) already done."""

    def __init__(self, report: Report | None = None, seconds: float = 0.0, process: object = None, conn: object = None):
        self.report, self.seconds, self.process, self.conn = report, seconds, process, conn

    def result(self) -> tuple[Report, float]:
        """The report and the seconds it took, waiting for the child first; BuildError when the check failed to run."""
        if self.report is None:
            kind, payload, seconds = self.conn.recv()  # type: ignore[attr-defined]
            self.process.join()  # type: ignore[attr-defined]
            if kind == "error":
                raise BuildError(f"validation failed to run: {payload}")
            self.report, self.seconds = payload, seconds
        return self.report, self.seconds


def _start_check(
    data: Triples,
    ontology: Graph,
    project: Project,
    dataset: Dataset,
    parallel: bool,
    shacl_engine: str = DEFAULT_SHACL_ENGINE,
    before: bytes | None = None,
) -> _Check:
    origins = source_index(dataset)
    # Read (and check) the shapes and the QC queries here, so that a broken one stops the build
    # with its own message before anything runs in a child process.
    shapes, queries = parse_shapes(project), qc_queries(project.qc_dir, project.root)
    if parallel and "fork" in multiprocessing.get_all_start_methods():
        # fork shares the graphs copy-on-write: nothing is pickled but the report coming back
        ctx = multiprocessing.get_context("fork")
        parent, child = ctx.Pipe(duplex=False)
        process = ctx.Process(
            target=_check_in_child,
            args=(child, data, ontology, project, origins, shapes, queries, shacl_engine, before),
            daemon=True,
        )
        process.start()
        child.close()
        return _Check(process=process, conn=parent)
    t0 = time.perf_counter()
    return _Check(check(data, ontology, project, origins, shapes, queries, shacl_engine, before), time.perf_counter() - t0)


def _check_in_child(
    conn,
    data: Triples,
    ontology: Graph,
    project: Project,
    origins,
    shapes,
    queries,  # type: ignore[no-untyped-def]
    shacl_engine: str,
    before: bytes | None = None,
) -> None:
    t0 = time.perf_counter()
    try:
        report = check(data, ontology, project, origins, shapes, queries, shacl_engine, before)
        conn.send(("ok", report, time.perf_counter() - t0))
    except BuildError as exc:
        conn.send(("error", str(exc), 0.0))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the build
        conn.send(("error", f"{type(exc).__name__}: {exc}", 0.0))
    finally:
        conn.close()


def finish_check(release: Release, progress: Progress = SILENT) -> None:
    """Wait for the release's validation; raise ValidationFailed when it found violations."""
    pending = getattr(release, "pending_check", None)
    if pending is None:
        return
    with progress.stage("validate", len(release.triples), unit="triples"):
        release.report, release.timings["validate"] = pending.result()
    release.pending_check = None
    if not release.report.conforms:
        raise ValidationFailed(release.report)
    if release.report.scope:
        release.reused.append(f"core SHACL shapes checked on {release.report.scope}")


def write_atomically(out: Path, files: dict[str, bytes], step: Step | None = None) -> None:
    """Replace ``out`` with exactly ``files``: all or nothing.

    A place the build may not write (a read-only project root, a full disk) is a
    :class:`BuildError` naming it, and the previous release is left as it was."""
    out = Path(out)
    try:
        _replace_with(out, files, step or Step(None))
    except OSError as exc:
        where = Path(os.fsdecode(exc.filename)) if exc.filename else out.parent
        if out.parent in where.parents:  # the new directory beside out/, or a file in it: name where it was made
            where = out.parent
        why = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or type(exc).__name__)
        raise BuildError(
            f"{out}: the release cannot be written: {why} ({where}); it is written into a new directory "
            f"beside {out.name}/ and swapped in, so {out.parent} must be writable. Nothing was changed"
        ) from None


def _replace_with(out: Path, files: dict[str, bytes], step: Step) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it private; a release is readable like any build output
        for name, content in sorted(files.items()):
            (tmp / name).write_bytes(content)
            step(1)
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.replace(out, old)
        try:
            os.replace(tmp, out)
        except BaseException:
            if old is not None:  # put the previous release back: never leave no release at all
                os.replace(old, out)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def build(
    root: Path,
    out: Path | None = None,
    validate: bool = True,
    reason: bool = True,
    reasoner: str = DEFAULT_ENGINE,
    allow_shrink: bool = False,
    shacl_engine: str = DEFAULT_SHACL_ENGINE,
    progress: Progress = SILENT,
    cache: Cache | None = None,
    inputs: str | None = None,
) -> Release:
    """Build ``root``'s release and write it to ``out`` (default ``root/dist``).

    Refuses (:class:`ShrinkRefused`) to replace a release with one holding sharply fewer facts,
    unless ``allow_shrink``. ``progress`` shows each stage on a terminal (see :func:`build_progress`).
    With a ``cache``, unchanged sources are not parsed again, and the cache records that ``out`` now
    holds the build of inputs of fingerprint ``inputs`` (:func:`kzgraph.curated.buildcache.fingerprint`).
    """
    project = Project(Path(root))
    out = Path(out) if out else project.root / "dist"
    release = make_release(
        project,
        validate=validate,
        reason=reason,
        reasoner=reasoner,
        parallel=True,
        shacl_engine=shacl_engine,
        progress=progress,
        cache=cache,
    )
    with _timed(release.timings, "serialize"), progress.stage("serialize", len(release.triples), unit="triples"):
        files = release.files(project)  # while validation runs in the child process
    finish_check(release, progress)  # nothing is written unless validation passed
    if cache is not None and release.conformed and not release.report.findings:
        # the next validation's "before": data on which the shapes found nothing, not even a warning
        # (a node the next edit does not reach is taken to have no finding at all)
        cache.keep_result("shacl", release.conformed, release.triples.nt)
    previous, why_not = previous_counts(out)
    release.compared = guard(previous, release.counts, out, allow_shrink) or why_not
    if release.version:
        versioned = version_guard(recorded(out), release.version, model_of(project), out)
        release.compared = "\n".join(line for line in (release.compared, versioned) if line)
    if cache is not None:
        cache.forget_build()  # until the new release is in place, no record vouches for out/
    with _timed(release.timings, "write"), progress.stage("write", len(files), unit="files") as step:
        write_atomically(out, files, step)
    if cache is not None and inputs is not None:
        cache.record_build(inputs, files, summary(release, timings=False))
    return release


def build_progress(validate: bool = True, reason: bool = True) -> Progress:
    """The progress of one ``kzgraph build`` (load, convert, reason, serialize, validate, write), shown
    only on a terminal."""
    return Progress.for_terminal("build", 4 + validate + reason)


def ensure_built(root: Path, dist: Path, quiet: bool = False) -> Path:
    """``dist/kzgraph.nq``, building first when it is missing or older than any source."""
    nq = dist / "kzgraph.nq"
    try:
        stale = not nq.exists() or nq.stat().st_mtime < Project(root).newest_input()
    except PermissionError as exc:
        raise BuildError(
            f"{exc.filename or dist}: permission denied; this user cannot read the release or its "
            f"sources (dist/ must be readable by whoever serves or queries it)"
        ) from None
    if stale:
        if not quiet:
            print(f"building {dist} (missing or older than the sources)…", file=sys.stderr)
        build(root, dist, progress=SILENT if quiet else build_progress())
    return nq


def release_file(where: Location) -> Path:
    """``kzgraph.nq`` of the release ``where`` names, built first when it belongs to a project and is stale
    (the packaged release has no sources and is never rebuilt)."""
    if where.root is not None:
        return ensure_built(where.root, where.dist)
    nq = where.dist / "kzgraph.nq"
    if not nq.is_file():
        raise BuildError(f"{nq}: no such file; the release directory must hold kzgraph.nq (made by `kzgraph build`)")
    return nq


def summary(release: Release, timings: bool = True) -> str:
    """Triples, entities per class and facts per section of the article, for the build's output;
    with ``timings`` false, without what belongs to this one run (the seconds of each stage, and how it
    compares with the release it replaced): what a later build with nothing to do repeats."""
    ds = release.dataset
    types = _types(release.triples, str(id_namespace(BASE)), str(KZO))
    entity_types = ["State", *model.ORGANIZATION_TYPES, "City", "Region", "WaterBody", "Person", "Office"]
    by_section = facts_by_section(ds)
    sections = [r.id for r in ds.by_path("section") if "/" not in r.id]
    notes = len(ds.by_path("note"))
    lines = [
        f"asserted triples: {len(release.triples)}   inferred triples: {len(release.inferred_triples)}   "
        f"ontology triples: {len(release.ontology)}",
        f"facts: {len(ds.facts)}   data-quality notes: {notes}   source passages: "
        f"{len({(p.section, p.quote) for r in ds.records.values() for p in r.sources})}",
        "entities: " + ", ".join(f"{t} {types[t]}" for t in entity_types if types[t]),
        "facts by type: " + ", ".join(f"{t} {n}" for t, n in sorted(types.items()) if t in model.FACT_TYPES),
        "facts by section: " + ", ".join(f"{s} {by_section[s]}" for s in sections),
    ]
    if timings and release.compared:
        lines.append(release.compared)
    if timings and release.reused:
        lines.append("incremental: " + "; ".join(release.reused))
    if timings and release.timings:
        lines.append("seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in release.timings.items()))
    return "\n".join(lines)


def _types(triples: Triples, ns: str, vocabulary: str) -> Counter[str]:
    """Instances per class of the vocabulary among the dataset's resources, read off the N-Triples lines."""
    rdf_type = f"<{RDF.type}>"
    counts: Counter[str] = Counter()
    for line in triples.lines():
        s, p, o = line.split(" ", 2)
        if p == rdf_type and s.startswith("<" + ns) and o.startswith("<" + vocabulary):
            counts[o[1 + len(vocabulary) : o.rindex(">")]] += 1
    return counts


def _short_names() -> dict[str, str]:
    names = {p: str(ns) for p, ns in PREFIXES.items()}
    names["kz"] = str(id_namespace(BASE))
    names["shape"] = BASE + "shapes#"
    return names


__all__ = ["build", "make_release", "summary", "Project", "Release", "ValidationFailed", "ShrinkRefused", "URIRef"]
