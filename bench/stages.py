"""The child process of the benchmark: runs the stages of one (size, repeat), reports each as it ends.

    load          read and check the curated YAML (kzgraph.curated.load.load)
    ontology      parse the ontology and the shapes (every part ontology/parts.yaml declares)
    convert       records -> sorted N-Triples (kzgraph.pipeline.convert.to_triples)
    shacl         SHACL on pyshacl-turbo + the SHACL-SPARQL rules on Oxigraph, as the build runs it
    qc            the ontology QC queries (ontology/qc/*.rq)
    reason        the OWL 2 RL closure (reasonable, as the build runs it)
    metadata      the VoID/DCAT description
    ser-ttl, ser-nt, ser-jsonld, ser-trig, ser-nq   every format, written by pyoxigraph
    store-load    kzgraph.nq into an in-memory pyoxigraph store (as ``kzgraph query`` does)
    query:NAME    each stored query with its default parameters, on that store (median of up to 5 runs)

References, measured on the same input in the same run (the ratios of the report):

    floor-import  importing the pipeline's libraries in a new process: the least a build can take
    floor-parse   pyoxigraph parsing the release's N-Triples: the least reading the triples can take
    floor-write   pyoxigraph writing those triples in the five formats, nothing else
    shacl-pyshacl the same validation with pyshacl (the reference engine)
    reason-owlrl  the same closure with owlrl (the reference engine)

And as a user runs them: ``cli-build`` (``kzgraph build`` as a new process: wall time and the peak
memory of its whole process tree, sampled), ``cli-query`` and ``http`` (bench/http.py: ``kzgraph
serve`` against ``oxigraph serve-read-only`` under wrk).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

EVENT = "@@kzgraph-bench "
SERIALIZATIONS = ["ser-ttl", "ser-nt", "ser-jsonld", "ser-trig", "ser-nq"]
FLOORS = ["floor-import", "floor-parse", "floor-write"]
BASE_STAGES = ["load", "ontology", "convert", "shacl", "qc", "reason", "metadata", *SERIALIZATIONS, "store-load"]
REFERENCE_STAGES = ["shacl-pyshacl", "reason-owlrl"]
# The curator's loop on a copy of the project (each a whole `kzgraph build` as a new process, with the
# build cache): the first build, one with nothing changed, one after one fact file is edited, one with a
# record broken in that file (until it stops with file, line and field), and one after a file is added.
INCREMENTAL_STAGES = ["inc-clean", "inc-nochange", "inc-edit", "inc-link", "inc-broken", "inc-add"]
TAIL_STAGES = ["bad-input", "cli-build", *INCREMENTAL_STAGES, "cli-query", "http"]
# Stages a stage cannot run without; a soft dependency is used when it is available.
HARD = {
    "load": [],
    "ontology": [],
    "convert": ["load"],
    "shacl": ["convert", "ontology"],
    "qc": ["convert", "ontology"],
    "reason": ["convert", "ontology"],
    "metadata": ["convert"],
    "ser-ttl": ["convert"],
    "ser-nt": ["convert"],
    "ser-jsonld": ["convert"],
    "ser-trig": ["convert", "ontology", "metadata"],
    "ser-nq": ["convert", "ontology", "metadata"],
    "store-load": ["ser-nq"],
    "query": ["store-load"],
    "cli-build": [],
    "cli-query": ["ser-nq"],
    "http": ["ser-nq"],
    "reason-owlrl": ["convert", "ontology"],
    "shacl-pyshacl": ["convert", "ontology"],
    "floor-import": [],
    "floor-parse": ["convert"],
    "bad-input": [],
    "inc-clean": [],
    "inc-nochange": ["inc-clean"],
    "inc-edit": ["inc-clean"],
    "inc-link": ["inc-edit"],
    "inc-broken": ["inc-edit"],
    "inc-add": ["inc-broken"],
    "floor-write": ["floor-parse"],
}
SOFT = {"ser-trig": ["reason"], "ser-nq": ["reason"]}
BUILD_STAGES = ["load", "ontology", "convert", "shacl", "qc", "reason", "metadata", *SERIALIZATIONS]
# The libraries a build imports: their import time is the floor of the real build.
PIPELINE_IMPORTS = (
    "import kzgraph.pipeline.build, kzgraph.cli, pyoxigraph, pyshacl_turbo, reasonable, rdflib, yaml, jsonschema_rs"
)


def kind(stage: str) -> str:
    return "query" if stage.startswith("query:") else stage


def maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def _rss_mib() -> float | None:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


class Child:
    def __init__(self, project: Path, dist: Path, cli_query: str, query_runs: int, out: Any):
        self.project, self.dist, self.cli_query, self.query_runs, self.out = project, dist, cli_query, query_runs, out
        self.ctx: dict[str, Any] = {}

    def emit(self, **event: Any) -> None:
        self.out.write(EVENT + json.dumps(event) + "\n")
        self.out.flush()

    # -- the pipeline's stages --
    def run_load(self) -> dict[str, Any]:
        from kzgraph.curated.load import load

        ds = self.ctx["dataset"] = load(self.project)
        return {"records": len(ds.records), "facts": len(ds.facts), "article_chars": len(ds.article)}

    def run_ontology(self) -> dict[str, Any]:
        from kzgraph.pipeline.build import Project, parse_ontology, parse_shapes

        project = Project(self.project)
        self.ctx["ontology"] = parse_ontology(project)
        self.ctx["shapes"] = parse_shapes(project)
        return {"ontology_triples": len(self.ctx["ontology"])}

    def run_convert(self) -> dict[str, Any]:
        from kzgraph.pipeline.convert import to_triples

        t = self.ctx["data"] = to_triples(self.ctx["dataset"], ontology=self.ctx.get("ontology"))  # its label phrases
        return {"triples": len(t)}

    def _shacl(self, engine: str) -> dict[str, Any]:
        from kzgraph.pipeline.convert import source_index
        from kzgraph.pipeline.validate import shacl

        if self.ctx["shapes"] is None:
            return {"note": "the project has no shapes"}
        origins = source_index(self.ctx["dataset"])
        report = shacl(self.ctx["data"], self.ctx["ontology"], self.ctx["shapes"], origins, engine=engine)
        return {"findings": len(report.findings), "conforms": report.conforms}

    def run_shacl(self) -> dict[str, Any]:
        return self._shacl("pyshacl-turbo")

    def run_shacl_pyshacl(self) -> dict[str, Any]:
        """The reference engine on the same input (its result is not used further)."""
        return self._shacl("pyshacl")

    def run_qc(self) -> dict[str, Any]:
        from kzgraph.pipeline.build import Project
        from kzgraph.pipeline.validate import qc, qc_queries

        report = qc(self.ctx["data"], self.ctx["ontology"], qc_queries(Project(self.project).qc_dir), None)
        return {"findings": len(report.findings), "conforms": report.conforms}

    def run_reason(self) -> dict[str, Any]:
        from kzgraph.pipeline.reason import infer

        result = infer(self.ctx["data"], self.ctx["ontology"])
        self.ctx["inferred"] = result.triples
        return {"inferred": len(result.triples), "reasoner_input": result.input_triples, "rounds": result.rounds}

    def run_reason_owlrl(self) -> dict[str, Any]:
        """The reference engine on the same input (its result is not used further)."""
        from kzgraph.pipeline.reason import infer

        result = infer(self.ctx["data"], self.ctx["ontology"], engine="owlrl")
        return {"inferred": len(result.triples), "reasoner_input": result.input_triples}

    def run_metadata(self) -> dict[str, Any]:
        from kzgraph.pipeline.convert import Converter
        from kzgraph.pipeline.metadata import describe

        article = Converter(self.ctx["dataset"]).article
        m = self.ctx["metadata"] = describe(self.ctx["data"], article)
        return {"triples": len(m)}

    def _named(self) -> list[tuple[str, Any]]:
        from kzgraph.curated.namespaces import graph_iri
        from kzgraph.pipeline import serialize
        from kzgraph.pipeline.triples import EMPTY

        if "ontology_triples" not in self.ctx:  # as the build does: once per release
            self.ctx["ontology_triples"] = serialize.triples_of(self.ctx["ontology"])
        return [
            (graph_iri("data"), self.ctx["data"]),
            (graph_iri("inferred"), self.ctx.get("inferred", EMPTY)),
            (graph_iri("ontology"), self.ctx["ontology_triples"]),
            (graph_iri("metadata"), serialize.triples_of(self.ctx["metadata"])),
        ]

    def _serialized(self, name: str, body: bytes, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """Write the file to the release directory, as the build does (the http stage serves it)."""
        self.dist.mkdir(parents=True, exist_ok=True)
        (self.dist / name).write_bytes(body)
        return {"bytes": len(body), **(extra or {})}

    def _note_inferred(self) -> dict[str, Any]:
        return {} if "inferred" in self.ctx else {"note": "without inferred triples (reasoning unavailable)"}

    def run_ser_ttl(self) -> dict[str, Any]:
        from kzgraph.pipeline import serialize

        body = self.ctx["written:ttl"] = serialize.turtle(self.ctx["data"])
        return self._serialized("kzgraph.ttl", body)

    def run_ser_nt(self) -> dict[str, Any]:
        from kzgraph.pipeline import serialize

        body = self.ctx["written:nt"] = serialize.ntriples(self.ctx["data"])
        return self._serialized("kzgraph.nt", body)

    def run_ser_jsonld(self) -> dict[str, Any]:
        from kzgraph.pipeline import serialize

        return self._serialized("kzgraph.jsonld", serialize.jsonld(self.ctx["data"]))

    def _reusing(self, fmt: str) -> list[tuple[str, Any]]:
        """The named graphs, the data's as the ser-ttl / ser-nt stage wrote it when it ran (the build
        writes the data's Turtle and N-Triples once and reuses them in TriG and N-Quads)."""
        named = self._named()
        if f"written:{fmt}" in self.ctx:
            named[0] = (named[0][0], self.ctx[f"written:{fmt}"])
        return named

    def run_ser_trig(self) -> dict[str, Any]:
        from kzgraph.pipeline import serialize

        return self._serialized("kzgraph.trig", serialize.trig(self._reusing("ttl")), self._note_inferred())

    def run_ser_nq(self) -> dict[str, Any]:
        from kzgraph.pipeline import serialize

        body = serialize.nquads(self._reusing("nt"))
        self.ctx["nq"] = self.dist / "kzgraph.nq"
        return self._serialized("kzgraph.nq", body, self._note_inferred())

    def run_store_load(self) -> dict[str, Any]:
        import pyoxigraph as ox

        from kzgraph.pipeline.embedded_store import load_release

        store = self.ctx["store"] = ox.Store()
        load_release(store, self.ctx["nq"], with_inferred=True)
        return {"quads": len(store)}

    def run_query(self, name: str) -> dict[str, Any]:
        import pyoxigraph as ox

        from kzgraph.asking.queries import bind, load_queries, run

        query = next(q for q in load_queries(self.project / "queries") if q.name == name)
        text = bind(query, {})
        times, rows = [], 0
        for _ in range(self.query_runs):
            t0 = time.perf_counter()
            result = run(self.ctx["store"], text)
            rows = int(bool(result)) if isinstance(result, ox.QueryBoolean) else sum(1 for _ in result)
            times.append(time.perf_counter() - t0)
            if times[-1] > 1.0:  # a slow query is not repeated: the stage would take too long
                break
        return {"seconds": statistics.median(times), "runs": [round(t, 6) for t in times], "rows": rows}

    # -- the references --
    def run_floor_import(self) -> dict[str, Any]:
        """A new interpreter importing the pipeline's libraries and nothing else."""
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", PIPELINE_IMPORTS], check=True)
        return {"seconds": time.perf_counter() - t0}

    def run_floor_parse(self) -> dict[str, Any]:
        import pyoxigraph as ox

        self.ctx["parsed"] = list(ox.parse(self.ctx["data"].nt, format=ox.RdfFormat.N_TRIPLES))
        return {"triples": len(self.ctx["parsed"])}

    def run_floor_write(self) -> dict[str, Any]:
        """pyoxigraph writing the parsed triples in the five formats (the quads ones: the data graph)."""
        import pyoxigraph as ox

        triples = self.ctx.pop("parsed")
        name = ox.NamedNode("urn:kzgraph:bench")
        size = 0
        for fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD):
            size += len(ox.serialize(triples, format=fmt))
        quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]
        for fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            size += len(ox.serialize(quads, format=fmt))
        return {"bytes": size}

    # -- bad input at scale --
    def run_bad_input(self) -> dict[str, Any]:
        """A copy of the project with the last date of the last facts file broken: how long until the
        loader says which file, line and field (it reads everything before it reports)."""
        import re
        import shutil

        from kzgraph.core.errors import DataError
        from kzgraph.curated.load import load

        with tempfile.TemporaryDirectory(prefix="kzgraph-bench-bad-") as tmp:
            root = Path(tmp)
            shutil.copytree(self.project / "data", root / "data")
            for path in sorted((root / "data" / "facts").glob("*.yaml"), reverse=True):
                lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
                at = [i for i, line in enumerate(lines) if re.match(r"\s+date: ", line)]
                if at:
                    lines[at[-1]] = re.sub(r"date: .*", 'date: "1992-13-45"', lines[at[-1]])
                    path.write_text("".join(lines), encoding="utf-8")
                    broken = f"{path.relative_to(root).as_posix()}:{at[-1] + 1}"
                    break
            else:
                return {"skipped": "no facts file with a date to break"}
            t0 = time.perf_counter()
            try:
                load(root)
            except DataError as exc:
                seconds = time.perf_counter() - t0
                first = exc.problems[0]
                return {
                    "seconds": seconds,
                    "broken": broken,
                    "reported": str(first)[:200],
                    "names_file_line_field": f"{first.file}:{first.line}" == broken and bool(first.field),
                }
            raise RuntimeError(f"the loader accepted the broken date at {broken}")

    # -- the incremental loop --
    def _inc_build(self, expect_failure: bool = False) -> dict[str, Any]:
        root, out = self.ctx["inc_root"], self.ctx["inc_root"] / "dist"
        t0 = time.perf_counter()
        try:
            extra = run_process(["build", "--out", str(out)], root)
        except RuntimeError as exc:
            if not expect_failure:
                raise
            return {"seconds": time.perf_counter() - t0, "reported": str(exc)[-300:]}
        if expect_failure:
            raise RuntimeError("the build accepted a broken record")
        return {"seconds": time.perf_counter() - t0, **extra}

    def run_inc_clean(self) -> dict[str, Any]:
        """A copy of the project (data and ontology), built once: the cache is made."""
        import shutil

        self.ctx["inc_tmp"] = tmp = tempfile.TemporaryDirectory(prefix="kzgraph-bench-inc-")
        root = self.ctx["inc_root"] = Path(tmp.name) / "project"
        for part in ("data", "ontology"):
            shutil.copytree(self.project / part, root / part)
        built = self._inc_build()
        record = json.loads((root / "dist" / "release.json").read_text(encoding="utf-8"))
        return {**built, "triples": record["asserted_triples"]}  # the size, for the targets, when convert is not run

    def run_inc_nochange(self) -> dict[str, Any]:
        return self._inc_build()

    def _edited_file(self) -> Path:
        """The facts file the loop edits: the largest one (the worst case for re-reading a file)."""
        files = sorted((self.ctx["inc_root"] / "data" / "facts").glob("*.yaml"), key=lambda p: (-p.stat().st_size, p.name))
        return files[0]

    def run_inc_edit(self) -> dict[str, Any]:
        import re

        path = self._edited_file()
        text = path.read_text(encoding="utf-8")
        edited, n = re.subn(r"(\n\s+comment: )", r"\1Edited. ", text, count=1)
        if not n:
            return {"skipped": "no comment to edit"}
        path.write_text(edited, encoding="utf-8")
        return {"file": path.name, **self._inc_build()}

    def run_inc_link(self) -> dict[str, Any]:
        """A link changed: the first fact of the edited file that no other record names gets a new id,
        so its IRI and every triple linking it change (a comment edit links nothing new: the OWL RL
        closure is reused then; here the reasoner runs again)."""
        import re

        path = self._edited_file()
        text = path.read_text(encoding="utf-8")
        everything = "".join(p.read_text(encoding="utf-8") for p in sorted((self.ctx["inc_root"] / "data").rglob("*.yaml")))
        for m in re.finditer(r'\n  - id: "?([^"\s]+)"?', text):
            named = re.findall(r"(?<![\w-])" + re.escape(m.group(1)) + r"(?![\w-])", everything)
            if len(named) == 1:  # its own id line alone
                start, end = m.span(1)
                path.write_text(text[:start] + m.group(1) + "-renamed" + text[end:], encoding="utf-8")
                return {"file": path.name, "renamed": m.group(1), **self._inc_build()}
        return {"skipped": "every fact of the file is named by another record"}

    def run_inc_broken(self) -> dict[str, Any]:
        import re

        path = self._edited_file()
        text = path.read_text(encoding="utf-8")
        broken, n = re.subn(r"(\n\s+date: )\S+", r'\1"1992-13-45"', text, count=1)
        if not n:
            return {"skipped": "no date to break"}
        path.write_text(broken, encoding="utf-8")
        result = self._inc_build(expect_failure=True)
        path.write_text(text, encoding="utf-8")  # mended for the next stage
        line = text[: text.index(re.search(r"\n\s+date: ", text).group(0)) + 1].count("\n") + 1
        where = f"data/facts/{path.name}:{line}: date"
        return {**result, "names_file_line_field": where in result["reported"], "expected": where}

    def run_inc_add(self) -> dict[str, Any]:
        """A new facts file: the notes of the edited file moved into a file of their own."""
        path = self._edited_file()
        text = path.read_text(encoding="utf-8")
        head, sep, tail = text.partition("\nnotes:")
        if not sep:
            return {"skipped": "no notes to move"}
        path.write_text(head + "\n", encoding="utf-8")
        (path.parent / "zz-added.yaml").write_text("facts: []\nnotes:" + tail, encoding="utf-8")
        try:
            return self._inc_build()
        finally:
            self.ctx.pop("inc_tmp").cleanup()

    # -- as a user runs them --
    def run_cli_build(self) -> dict[str, Any]:
        with tempfile.TemporaryDirectory(prefix="kzgraph-bench-build-") as tmp:
            t0 = time.perf_counter()
            extra = run_process(["build", "--out", str(Path(tmp) / "dist")], self.project)
            return {"seconds": time.perf_counter() - t0, **extra}

    def run_cli_query(self) -> dict[str, Any]:
        if not (self.project / "queries" / f"{self.cli_query}.rq").exists():
            return {"skipped": f"no stored query {self.cli_query!r}"}
        return {"query": self.cli_query, **run_process(["query", self.cli_query, "--dist", str(self.dist)], self.project)}

    def run_http(self) -> dict[str, Any]:
        from bench.http import http_bench

        self._complete_dist()
        return http_bench(self.project, self.dist)

    def _complete_dist(self) -> None:
        """Everything ``kzgraph build`` writes, for the server (not timed: the http stage measures requests)."""
        from kzgraph.pipeline import serialize
        from kzgraph.pipeline.build import Project

        project = Project(self.project)
        files = {
            "kzgraph.ttl": lambda: serialize.turtle(self.ctx["data"]),
            "kzgraph.nt": lambda: serialize.ntriples(self.ctx["data"]),
            "kzgraph.jsonld": lambda: serialize.jsonld(self.ctx["data"]),
            "kzgraph.trig": lambda: serialize.trig(self._named()),
            "kzgraph-inferred.ttl": lambda: serialize.turtle(self._named()[1][1]),
            "void.ttl": lambda: serialize.turtle(self.ctx["metadata"]),
            # the published documents: every declared part, joined as the build joins them
            "ontology.ttl": lambda: project.document("ontology"),
            "shapes.ttl": lambda: project.document("shapes"),
        }
        for name, make in files.items():
            if not (self.dist / name).exists():
                (self.dist / name).write_bytes(make())
        os.utime(self.dist / "kzgraph.nq")  # newer than everything, so nothing is rebuilt

    # -- the loop --
    def run(self, stages: list[str], blocked: set[str]) -> None:
        requested = set(stages)
        plan = closure(stages, blocked)
        done: set[str] = set()
        for stage in plan:
            missing = [d for d in HARD[kind(stage)] if d not in done]
            if stage in blocked or missing:
                if stage in requested:
                    why = "timed out or ran out of memory before" if stage in blocked else f"needs {', '.join(missing)}"
                    self.emit(event="skipped", stage=stage, reason=why)
                continue
            self.emit(event="start", stage=stage)
            t0 = time.perf_counter()
            try:
                if kind(stage) == "query":
                    extra = self.run_query(stage.split(":", 1)[1])
                else:
                    extra = getattr(self, "run_" + stage.replace("-", "_"))()
            except Exception as exc:  # noqa: BLE001 - every failure is a result to report
                self.emit(event="error", stage=stage, error=f"{type(exc).__name__}: {exc}"[:2000], requested=stage in requested)
                continue
            seconds = time.perf_counter() - t0
            if "seconds" in extra:  # the stage times its own work (queries, processes, http)
                seconds = extra.pop("seconds")
            done.add(stage)
            status = "skipped" if "skipped" in extra else "ok"
            self.emit(
                event="end",
                stage=stage,
                status=status,
                seconds=seconds,
                maxrss_mib=round(maxrss_mib(), 1),
                rss_mib=_round(_rss_mib()),
                extra=extra,
                requested=stage in requested,
            )


def _tree_memory_mib(root_pid: int) -> tuple[float, float]:
    """Memory of a process and all its descendants: (the sum of their proportional set sizes, in
    which a page shared by a fork counts once, split between the sharers; the sum of their resident
    set sizes, which counts such a page once per process)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    pss = rss = 0
    todo = [root_pid]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return pss / 1024, rss / 1024


def run_process(args: list[str], project: Path) -> dict[str, Any]:
    """Run ``kzgraph --root PROJECT ARGS`` as a user would, in a new process; the peak memory of its
    process tree (sampled every 0.1 s: the build validates in a forked child while it reasons),
    proportional (pages shared by the fork counted once) and resident (counted in each process)."""
    # faulthandler: a process that dies of a signal (SIGABRT from a Rust allocation that failed)
    # still writes where Python was, so the report can name the stage that ran out.
    cmd = [sys.executable, "-X", "faulthandler", "-m", "kzgraph.cli", "--root", str(project), *args]
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        peak = [0.0, 0.0]
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.1):
                pss, rss = _tree_memory_mib(proc.pid)
                peak[0], peak[1] = max(peak[0], pss), max(peak[1], rss)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        stop.set()
        sampler.join()
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code
        if code != 0:
            err.seek(0)
            text = err.read().decode("utf-8", "replace")
            where = _where(text)
            raise RuntimeError(f"kzgraph {' '.join(args[:2])} exited {code}{where}: {text[-400:]}")
    own = usage.ru_maxrss / 1024.0
    return {"process_maxrss_mib": round(max(own, peak[0]), 1), "tree_rss_mib": round(peak[1], 1), "own_maxrss_mib": round(own, 1)}


def _where(stderr: str) -> str:
    """ " in kzgraph/pipeline/reason.py (_closure_reasonable)": the innermost frame of kzgraph in a traceback or
    a faulthandler dump (which lists the most recent call first), or ""."""
    import re

    frames = re.findall(r'File "[^"]*?(kzgraph/\w+\.py)", line \d+,? in (\w+)', stderr)
    if not frames:
        return ""
    module, function = frames[0] if "Fatal Python error" in stderr else frames[-1]
    return f" in {module} ({function})"


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


def closure(stages: list[str], blocked: set[str]) -> list[str]:
    """The stages to run, in pipeline order: the requested ones and everything they need."""
    want: set[str] = set()

    def add(stage: str) -> None:
        if stage in want:
            return
        want.add(stage)
        for dep in HARD[kind(stage)] + [d for d in SOFT.get(kind(stage), []) if d not in blocked]:
            add(dep)

    for s in stages:
        add(s)
    queries = sorted(s for s in want if s.startswith("query:"))
    at = BASE_STAGES.index("reason") + 1
    order = ["floor-import"] + BASE_STAGES[:at] + REFERENCE_STAGES + BASE_STAGES[at:] + ["floor-parse", "floor-write"]
    return [s for s in order + queries + TAIL_STAGES if s in want]


def child_main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m bench --child")
    p.add_argument("--child", action="store_true")
    p.add_argument("--project", required=True)
    p.add_argument("--dist", required=True)
    p.add_argument("--stages", required=True)
    p.add_argument("--blocked", default="")
    p.add_argument("--cli-query", default="embassy-count")
    p.add_argument("--query-runs", type=int, default=5)
    p.add_argument("--memory-limit", type=float)
    a = p.parse_args(argv)
    if a.memory_limit:  # a stage that needs more fails (MemoryError, or SIGABRT in Rust) instead of swapping
        limit = int(a.memory_limit * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    out = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)  # whatever the libraries print goes to stderr, not into the event stream
    # Import everything before the clock starts: a stage's time is its work, not Python's imports
    # (the floor-import, cli-build and cli-query stages measure imports in processes of their own).
    import owlrl  # noqa: F401
    import pyoxigraph  # noqa: F401
    import pyshacl  # noqa: F401
    import pyshacl_turbo  # noqa: F401
    import reasonable  # noqa: F401

    from kzgraph.asking import queries  # noqa: F401
    from kzgraph.curated import load  # noqa: F401
    from kzgraph.pipeline import build, convert, embedded_store, metadata, reason, serialize, validate  # noqa: F401

    child = Child(Path(a.project), Path(a.dist), a.cli_query, a.query_runs, out)
    child.run([s for s in a.stages.split(",") if s], {s for s in a.blocked.split(",") if s})
    child.emit(event="done", maxrss_mib=round(maxrss_mib(), 1))
    return 0
