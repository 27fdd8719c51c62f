"""``kzgraph bench``: how long each stage of the pipeline takes, and how it grows with the data.

    kzgraph bench --sizes 1,10,100 --repeat 3 --out bench/results
    python -m kzgraph.bench --sizes 10 --repeat 1 --stages load,convert,shacl

For the real data (``--root``) and for synthetic projects of about N times its size (written by
``bench/generate.py`` into ``--work``, reused while the generator and the scale are the same), each
repeat runs in a FRESH Python process, so that the peak memory of a run (``ru_maxrss``) is that of
one run only. The child runs the stages in pipeline order and reports each one as it finishes:

    load        read and check the curated YAML (kzgraph.load.load)
    ontology    parse ontology/kzgraph.ttl and ontology/shapes.ttl
    convert     records -> asserted rdflib graph (kzgraph.convert.to_graph)
    shacl       SHACL validation (pyshacl, with the source index as the build computes it)
    qc          the ontology QC queries (ontology/qc/*.rq)
    reason      the OWL 2 RL closure (owlrl)
    metadata    the VoID/DCAT description
    ser-ttl, ser-nt, ser-jsonld, ser-trig, ser-nq   serialization, per format
    store-load  loading kzgraph.nq into an in-memory pyoxigraph store (as ``kzgraph query`` does)
    query:NAME  each stored query with its default parameters, on that store (median of up to 5 runs)
    cli-query   ``kzgraph query NAME --dist DIR`` as a user runs it: a new process, store load included
    http        requests to ``kzgraph serve`` (skipped, with a note, while kzgraph.web.serve does not exist)

Every stage has a timeout (``--timeout``): a stage that runs over it is recorded as "timeout", the
child is killed, and a new child carries on with the stages that do not need it, so the benchmark
always finishes. A stage that timed out is not tried again for that size, nor at larger sizes.
Results: a Markdown table printed and written to OUT/results.md, all numbers in OUT/results.json,
and a log-log plot of time against asserted triples per stage in OUT/scaling.svg.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import math
import os
import platform
import queue
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

EVENT = "@@kzgraph-bench "
SERIALIZATIONS = ["ser-ttl", "ser-nt", "ser-jsonld", "ser-trig", "ser-nq"]
BASE_STAGES = ["load", "ontology", "convert", "shacl", "qc", "reason", "metadata", *SERIALIZATIONS, "store-load"]
TAIL_STAGES = ["cli-build", "cli-query", "http"]
# Stages a stage cannot run without; a soft dependency is used when it is available.
HARD = {
    "load": [], "ontology": [], "convert": ["load"], "shacl": ["convert", "ontology"], "qc": ["convert", "ontology"],
    "reason": ["convert", "ontology"], "metadata": ["convert"], "ser-ttl": ["convert"], "ser-nt": ["convert"],
    "ser-jsonld": ["convert"], "ser-trig": ["convert", "ontology", "metadata"],
    "ser-nq": ["convert", "ontology", "metadata"], "store-load": ["ser-nq"], "query": ["store-load"],
    "cli-build": [], "cli-query": ["ser-nq"], "http": ["ser-nq"], "reason-owlrl": ["convert", "ontology"],
}
OPTIONAL_STAGES = ["reason-owlrl"]  # not in "all": ask for them by name
SOFT = {"ser-trig": ["reason"], "ser-nq": ["reason"]}
BUILD_STAGES = ["load", "ontology", "convert", "shacl", "qc", "reason", "metadata", *SERIALIZATIONS]
TARGET_TRIPLES = 1_000_000


def _kind(stage: str) -> str:
    return "query" if stage.startswith("query:") else stage


# =================================================================================================
# The child: runs the stages of one (size, repeat) and reports each on stdout.
# =================================================================================================

def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def _rss_mib() -> float | None:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


class _Child:
    def __init__(self, project: Path, dist: Path, cli_query: str, query_runs: int, out: Any):
        self.project, self.dist, self.cli_query, self.query_runs, self.out = project, dist, cli_query, query_runs, out
        self.ctx: dict[str, Any] = {}

    def emit(self, **event: Any) -> None:
        self.out.write(EVENT + json.dumps(event) + "\n")
        self.out.flush()

    # -- the stages --
    def run_load(self) -> dict[str, Any]:
        from .load import load

        ds = self.ctx["dataset"] = load(self.project)
        return {"records": len(ds.records), "facts": len(ds.facts), "article_chars": len(ds.article)}

    def run_ontology(self) -> dict[str, Any]:
        from .build import Project, parse_ontology, parse_shapes

        project = Project(self.project)
        self.ctx["ontology"] = parse_ontology(project)
        self.ctx["shapes"] = parse_shapes(project)
        return {"ontology_triples": len(self.ctx["ontology"])}

    def run_convert(self) -> dict[str, Any]:
        from .convert import to_graph

        g = self.ctx["data"] = to_graph(self.ctx["dataset"])
        return {"triples": len(g)}

    def run_shacl(self) -> dict[str, Any]:
        from .convert import source_index
        from .validate import shacl

        if self.ctx["shapes"] is None:
            return {"note": "the project has no shapes"}
        origins = source_index(self.ctx["dataset"])
        report = shacl(self.ctx["data"], self.ctx["ontology"], self.ctx["shapes"], origins)
        return {"findings": len(report.findings), "conforms": report.conforms}

    def run_qc(self) -> dict[str, Any]:
        from .build import Project
        from .validate import qc, qc_queries

        report = qc(self.ctx["data"], self.ctx["ontology"], qc_queries(Project(self.project).qc_dir), None)
        return {"findings": len(report.findings), "conforms": report.conforms}

    def run_reason(self) -> dict[str, Any]:
        from .reason import infer

        result = infer(self.ctx["data"], self.ctx["ontology"])
        self.ctx["inferred"] = result.inferred
        return {"inferred": len(result.inferred), "reasoner_input": result.input_triples}

    def run_reason_owlrl(self) -> dict[str, Any]:
        """The same closure with the pure-Python owlrl engine, for comparison (its result is not used further)."""
        from .reason import infer

        result = infer(self.ctx["data"], self.ctx["ontology"], engine="owlrl")
        return {"inferred": len(result.inferred), "reasoner_input": result.input_triples}

    def run_metadata(self) -> dict[str, Any]:
        from .convert import Converter
        from .metadata import describe

        article = Converter(self.ctx["dataset"]).article
        m = self.ctx["metadata"] = describe(self.ctx["data"], article)
        return {"triples": len(m)}

    def _named(self) -> list[tuple[str, Any]]:
        from rdflib import Graph

        from .namespaces import graph_iri

        inferred = self.ctx.get("inferred")
        return [(graph_iri("data"), self.ctx["data"]), (graph_iri("inferred"), inferred if inferred is not None else Graph()),
                (graph_iri("ontology"), self.ctx["ontology"]), (graph_iri("metadata"), self.ctx["metadata"])]

    def _serialized(self, name: str, body: bytes, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """Write the file to the release directory, as the build does (the http stage serves it)."""
        self.dist.mkdir(parents=True, exist_ok=True)
        (self.dist / name).write_bytes(body)
        return {"bytes": len(body), **(extra or {})}

    def run_ser_ttl(self) -> dict[str, Any]:
        from . import serialize

        body = self.ctx["data_ttl"] = serialize.turtle(self.ctx["data"])
        return self._serialized("kzgraph.ttl", body)

    def run_ser_nt(self) -> dict[str, Any]:
        from . import serialize

        return self._serialized("kzgraph.nt", serialize.ntriples(self.ctx["data"]))

    def run_ser_jsonld(self) -> dict[str, Any]:
        from . import serialize

        return self._serialized("kzgraph.jsonld", serialize.jsonld(self.ctx["data"]))

    def _note_inferred(self) -> dict[str, Any]:
        return {} if "inferred" in self.ctx else {"note": "without inferred triples (reasoning unavailable)"}

    def run_ser_trig(self) -> dict[str, Any]:
        from . import serialize

        named = self._named()
        extra = self._note_inferred()
        if "data_ttl" in self.ctx:  # as the build does: the data's Turtle is reused
            named[0] = (named[0][0], self.ctx["data_ttl"])
            extra["note"] = (extra.get("note", "") + "; " if extra.get("note") else "") + "reuses the Turtle of ser-ttl"
        return self._serialized("kzgraph.trig", serialize.trig(named), extra)

    def run_ser_nq(self) -> dict[str, Any]:
        from . import serialize

        body = serialize.nquads(self._named())
        self.ctx["nq"] = self.dist / "kzgraph.nq"
        return self._serialized("kzgraph.nq", body, self._note_inferred())

    def run_store_load(self) -> dict[str, Any]:
        import pyoxigraph as ox

        from .store import load_release

        store = self.ctx["store"] = ox.Store()
        load_release(store, self.ctx["nq"], with_inferred=True)
        return {"quads": len(store)}

    def run_query(self, name: str) -> dict[str, Any]:
        import pyoxigraph as ox

        from .queries import bind, load_queries, run

        query = next(q for q in load_queries(self.project / "queries") if q.name == name)
        text = bind(query, {})
        times, rows = [], 0
        for i in range(self.query_runs):
            t0 = time.perf_counter()
            result = run(self.ctx["store"], text)
            if isinstance(result, ox.QueryBoolean):
                rows = int(bool(result))
            else:
                rows = sum(1 for _ in result)
            times.append(time.perf_counter() - t0)
            if times[-1] > 1.0:  # a slow query is not repeated: the stage would take too long
                break
        return {"seconds": statistics.median(times), "runs": [round(t, 6) for t in times], "rows": rows}

    def run_cli_build(self) -> dict[str, Any]:
        with tempfile.TemporaryDirectory(prefix="kzgraph-bench-build-") as tmp:
            return _process(["build", "--out", str(Path(tmp) / "dist")], self.project)

    def run_cli_query(self) -> dict[str, Any]:
        if not (self.project / "queries" / f"{self.cli_query}.rq").exists():
            return {"skipped": f"no stored query {self.cli_query!r}"}
        return {"query": self.cli_query, **_process(["query", self.cli_query, "--dist", str(self.dist)], self.project)}

    def run_http(self) -> dict[str, Any]:
        if importlib.util.find_spec("kzgraph.web.serve") is None:
            return {"skipped": "kzgraph.web.serve does not exist yet; no HTTP requests measured"}
        self._complete_dist()
        return _http_bench(self.project, self.dist, self.query_runs)

    def _complete_dist(self) -> None:
        """Everything ``kzgraph build`` writes, for the server (not timed: the http stage measures requests)."""
        from . import serialize
        from .build import Project

        project = Project(self.project)
        files = {"kzgraph.ttl": lambda: serialize.turtle(self.ctx["data"]),
                 "kzgraph.nt": lambda: serialize.ntriples(self.ctx["data"]),
                 "kzgraph.jsonld": lambda: serialize.jsonld(self.ctx["data"]),
                 "kzgraph.trig": lambda: serialize.trig(self._named()),
                 "kzgraph-inferred.ttl": lambda: serialize.turtle(self._named()[1][1]),
                 "void.ttl": lambda: serialize.turtle(self.ctx["metadata"]),
                 "ontology.ttl": project.ontology.read_bytes}
        if project.shapes.exists():
            files["shapes.ttl"] = project.shapes.read_bytes
        for name, make in files.items():
            if not (self.dist / name).exists():
                (self.dist / name).write_bytes(make())
        os.utime(self.dist / "kzgraph.nq")  # newer than everything, so nothing is rebuilt

    # -- the loop --
    def run(self, stages: list[str], blocked: set[str]) -> None:
        requested = set(stages)
        plan = _closure(stages, blocked)
        done: set[str] = set()
        for stage in plan:
            kind = _kind(stage)
            missing = [d for d in HARD[kind] if d not in done]
            if stage in blocked or missing:
                if stage in requested:
                    why = "timed out before" if stage in blocked else f"needs {', '.join(missing)}"
                    self.emit(event="skipped", stage=stage, reason=why)
                continue
            self.emit(event="start", stage=stage)
            t0 = time.perf_counter()
            try:
                if kind == "query":
                    extra = self.run_query(stage.split(":", 1)[1])
                else:
                    extra = getattr(self, "run_" + stage.replace("-", "_"))()
            except Exception as exc:  # noqa: BLE001 - every failure is a result to report
                self.emit(event="error", stage=stage, error=f"{type(exc).__name__}: {exc}"[:2000],
                          requested=stage in requested)
                continue
            seconds = time.perf_counter() - t0
            if "seconds" in extra:  # the stage times its own requests (queries, http)
                seconds = extra.pop("seconds")
            done.add(stage)
            status = "skipped" if "skipped" in extra else "ok"
            self.emit(event="end", stage=stage, status=status, seconds=seconds, maxrss_mib=round(_maxrss_mib(), 1),
                      rss_mib=_round(_rss_mib()), extra=extra, requested=stage in requested)


def _process(args: list[str], project: Path) -> dict[str, Any]:
    """Run ``kzgraph --root PROJECT ARGS`` as a user would, in a new process; its peak memory."""
    cmd = [sys.executable, "-m", "kzgraph.cli", "--root", str(project), *args]
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code
        if code != 0:
            err.seek(0)
            raise RuntimeError(f"kzgraph {' '.join(args[:2])} exited {code}: {err.read().decode('utf-8', 'replace')[-500:]}")
    return {"process_maxrss_mib": round(usage.ru_maxrss / 1024.0, 1)}


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


def _closure(stages: list[str], blocked: set[str]) -> list[str]:
    """The stages to run, in pipeline order: the requested ones and everything they need."""
    want: set[str] = set()

    def add(stage: str) -> None:
        if stage in want:
            return
        want.add(stage)
        for dep in HARD[_kind(stage)] + [d for d in SOFT.get(_kind(stage), []) if d not in blocked]:
            add(dep)

    for s in stages:
        add(s)
    queries = sorted(s for s in want if s.startswith("query:"))
    base = BASE_STAGES[:BASE_STAGES.index("reason") + 1] + OPTIONAL_STAGES + BASE_STAGES[BASE_STAGES.index("reason") + 1:]
    order = base + queries + TAIL_STAGES
    return [s for s in order if s in want]


def _http_bench(project: Path, dist: Path, runs: int) -> dict[str, Any]:
    """Start ``kzgraph serve`` on a free port, wait until it answers, then time each stored query
    through the SPARQL protocol (JSON results) and a few linked-data requests."""
    from .queries import bind, load_queries

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "kzgraph.bench", "--serve", "--root", str(project), "serve", "--host", "127.0.0.1",
           "--port", str(port), "--dist", str(dist), "--timeout", "600"]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"

    def get(path: str, accept: str) -> tuple[int, float]:
        t = time.perf_counter()
        req = urllib.request.Request(base + path, headers={"Accept": accept})
        try:
            with urllib.request.urlopen(req, timeout=700) as r:
                r.read()
                code = r.status
        except urllib.error.HTTPError as exc:
            exc.read()
            code = exc.code
        return code, time.perf_counter() - t

    try:
        t0 = time.perf_counter()
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"kzgraph serve exited {server.returncode} before answering")
            try:
                urllib.request.urlopen(base + "/", timeout=5).read()
                break
            except OSError:
                if time.perf_counter() - t0 > 600:
                    raise RuntimeError("kzgraph serve did not answer within 600 s") from None
                time.sleep(0.2)
        ready = time.perf_counter() - t0
        medians: dict[str, float] = {}
        failed: dict[str, int] = {}
        for q in load_queries(project / "queries"):
            path = "/sparql?" + urllib.parse.urlencode({"query": bind(q, {})})
            times = []
            for _ in range(runs):
                code, dt = get(path, "application/sparql-results+json, text/turtle;q=0.9")
                if code != 200:
                    failed[q.name] = code
                    break
                times.append(dt)
                if dt > 1.0:
                    break
            if times:
                medians[q.name] = statistics.median(times)
        pages = {}
        for path, accept in (("/id/state/KAZ", "text/html"), ("/id/state/KAZ", "text/turtle"), ("/", "text/html")):
            times = [get(path, accept)[1] for _ in range(runs)]
            pages[f"{path} {accept}"] = statistics.median(times)
        if not medians:
            raise RuntimeError(f"no SPARQL request succeeded: {failed}")
        return {"seconds": statistics.median(medians.values()), "seconds_to_ready": round(ready, 3),
                "query_medians": medians, "failed": failed, "pages": pages}
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def serve_main(argv: list[str]) -> int:
    """``python -m kzgraph.bench --serve --root R serve …``: kzgraph serve, whether or not the CLI lists it yet."""
    from .cli import main as cli_main, parser

    known = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    if "serve" in known:
        return cli_main(argv)
    from .web import serve as server

    p = argparse.ArgumentParser(prog="kzgraph")
    p.add_argument("--root", default=".")
    sub = p.add_subparsers(dest="command", required=True)
    server.register(sub)
    args = p.parse_args(argv)
    return args.func(args)


def child_main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="kzgraph bench --child")
    p.add_argument("--child", action="store_true")
    p.add_argument("--project", required=True)
    p.add_argument("--dist", required=True)
    p.add_argument("--stages", required=True)
    p.add_argument("--blocked", default="")
    p.add_argument("--cli-query", default="embassy-count")
    p.add_argument("--query-runs", type=int, default=5)
    p.add_argument("--memory-limit", type=float)
    a = p.parse_args(argv)
    if a.memory_limit:  # a stage that needs more fails with MemoryError instead of swapping the machine to death
        limit = int(a.memory_limit * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    out = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)  # whatever the libraries print goes to stderr, not into the event stream
    # Import everything before the clock starts: a stage's time is its work, not Python's imports
    # (the cli-build and cli-query stages measure what a user waits for, imports included).
    import owlrl  # noqa: F401
    import pyoxigraph  # noqa: F401
    import pyshacl  # noqa: F401

    from . import build, convert, load, metadata, queries, reason, serialize, store, validate  # noqa: F401
    child = _Child(Path(a.project), Path(a.dist), a.cli_query, a.query_runs, out)
    child.run([s for s in a.stages.split(",") if s], {s for s in a.blocked.split(",") if s})
    child.emit(event="done", maxrss_mib=round(_maxrss_mib(), 1))
    return 0


# =================================================================================================
# The parent: sizes, repeats, timeouts, and the report.
# =================================================================================================

@dataclass
class Size:
    name: str  # "real" or "10x"
    scale: float | None
    project: Path
    triples: int | None = None
    generated_seconds: float | None = None
    info: dict[str, Any] = field(default_factory=dict)
    runs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # stage -> one entry per repeat
    child_maxrss_mib: list[float] = field(default_factory=list)


def _generator(root: Path) -> Any:
    path = root / "bench" / "generate.py"
    if not path.exists():
        raise SystemExit(f"error: {path} is missing: the synthetic projects are written by bench/generate.py")
    spec = importlib.util.spec_from_file_location("kzgraph_bench_generate", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _fingerprint(root: Path) -> str:
    h = hashlib.sha256((root / "bench" / "generate.py").read_bytes())
    for part in ("ontology", "queries"):
        for p in sorted((root / part).rglob("*")):
            if p.is_file():
                h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()[:16]


def prepare_size(root: Path, work: Path, scale: float, seed: int, log: Callable[[str], None]) -> Size:
    name = f"{_fmt_scale(scale)}x"
    out = work / f"scale-{_fmt_scale(scale)}-seed-{seed}"
    marker = out / "bench-fingerprint.json"
    fp = {"scale": scale, "seed": seed, "fingerprint": _fingerprint(root)}
    size = Size(name, scale, out)
    if marker.exists() and json.loads(marker.read_text()) == fp and (out / "generated.json").exists():
        log(f"[{name}] reusing {out}")
        size.info = json.loads((out / "generated.json").read_text())
        return size
    log(f"[{name}] generating {out} …")
    t0 = time.perf_counter()
    size.info = _generator(root).generate(out, scale, seed)
    size.generated_seconds = time.perf_counter() - t0
    marker.write_text(json.dumps(fp))
    log(f"[{name}] generated in {size.generated_seconds:.1f} s: {size.info.get('facts')} facts, "
        f"{size.info.get('notes')} notes, {size.info.get('sections')} sections")
    return size


def _fmt_scale(scale: float) -> str:
    return str(int(scale)) if float(scale) == int(scale) else str(scale)


def _stage_list(spec: str, project: Path) -> list[str]:
    from .queries import load_queries

    names = [q.name for q in load_queries(project / "queries")]
    out: list[str] = []
    for token in [t.strip() for t in spec.split(",") if t.strip()]:
        if token == "all":
            out += BASE_STAGES + [f"query:{n}" for n in names] + TAIL_STAGES
        elif token == "queries":
            out += [f"query:{n}" for n in names]
        elif token == "ser":
            out += SERIALIZATIONS
        elif token == "build":
            out += BUILD_STAGES
        elif token.startswith("query:") or token in HARD:
            out.append(token)
        else:
            raise SystemExit(f"error: unknown stage {token!r}; stages: {', '.join(BASE_STAGES + TAIL_STAGES)}, "
                             "query:NAME, or the groups all, build, ser, queries")
    seen: set[str] = set()
    return [s for s in out if not (s in seen or seen.add(s))]


def _run_child(size: Size, stages: list[str], blocked: set[str], timeout: float, cli_query: str,
               query_runs: int, log: Callable[[str], None], memory_limit: float | None = None,
               ) -> tuple[dict[str, dict[str, Any]], str | None, float | None]:
    """Run one child; return (results by stage, the stage that timed out or killed the child, or
    None, and the child's peak MiB)."""
    with tempfile.TemporaryDirectory(prefix="kzgraph-bench-dist-") as dist:
        cmd = [sys.executable, "-m", "kzgraph.bench", "--child", "--project", str(size.project), "--dist", dist,
               "--stages", ",".join(stages), "--blocked", ",".join(sorted(blocked)), "--cli-query", cli_query,
               "--query-runs", str(query_runs)]
        if memory_limit:
            cmd += ["--memory-limit", str(memory_limit)]
        errlog = tempfile.TemporaryFile()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errlog, start_new_session=True)
        lines: queue.Queue[str | None] = queue.Queue()

        def pump() -> None:
            assert proc.stdout
            for raw in proc.stdout:
                lines.put(raw.decode("utf-8", "replace"))
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        results: dict[str, dict[str, Any]] = {}
        current, started = None, time.monotonic()
        timed_out = None
        peak = None
        while True:
            wait = max(0.1, timeout - (time.monotonic() - started)) if current else 3600.0
            try:
                line = lines.get(timeout=wait)
            except queue.Empty:
                if current and time.monotonic() - started >= timeout:
                    timed_out = current
                    os.killpg(proc.pid, signal.SIGKILL)
                    results[current] = {"status": "timeout", "seconds": timeout}
                    log(f"    {current}: timeout after {timeout:.0f} s")
                    break
                continue
            if line is None:
                break
            if not line.startswith(EVENT):
                continue
            ev = json.loads(line[len(EVENT):])
            kind = ev["event"]
            if kind == "start":
                current, started = ev["stage"], time.monotonic()
            elif kind == "end":
                current = None
                if ev["stage"] == "convert" and ev.get("status") == "ok":
                    size.triples = ev["extra"]["triples"]
                if ev["stage"] == "load" and ev.get("status") == "ok":
                    size.info["loaded"] = ev["extra"]
                if ev.get("requested", True):
                    results[ev["stage"]] = {k: ev[k] for k in ("status", "seconds", "maxrss_mib", "rss_mib", "extra")}
                    log(f"    {ev['stage']}: {ev['seconds']:.3f} s, peak {ev['maxrss_mib']:.0f} MiB")
            elif kind == "error":
                current = None
                if ev.get("requested", True):
                    results[ev["stage"]] = {"status": "error", "error": ev["error"]}
                    log(f"    {ev['stage']}: error: {ev['error'][:200]}")
                else:  # a prerequisite failed: what needs it is reported as skipped by the child
                    log(f"    (prerequisite {ev['stage']} failed: {ev['error'][:200]})")
            elif kind == "skipped":
                results[ev["stage"]] = {"status": "skipped", "reason": ev["reason"]}
            elif kind == "done":
                peak = ev["maxrss_mib"]
        proc.wait()
        if proc.returncode != 0 and timed_out is None:
            errlog.seek(0)
            err = errlog.read().decode("utf-8", "replace")
            tail = err[-1500:]
            log(f"    child exited {proc.returncode} during {current or 'no stage'}: {tail[-600:]}")
            if current:  # the process died in a stage (out of memory, a crash): go on without that stage
                why = "the process died in this stage"
                if proc.returncode < 0:
                    why += f" (signal {-proc.returncode})"
                first = next((ln.strip() for ln in err.splitlines()
                              if any(k in ln for k in ("memory allocation", "MemoryError", "Cannot allocate", "panicked"))), "")
                if "memory" in first.lower():
                    why += f"; out of memory (address-space limit {memory_limit:g} GiB)" if memory_limit else "; out of memory"
                results[current] = {"status": "error", "error": f"{why}: {first or tail[-300:]}"}
                timed_out = current
            else:
                for s in stages:
                    results.setdefault(s, {"status": "error", "error": f"child exited {proc.returncode}: {tail[-300:]}"})
        errlog.close()
        return results, timed_out, peak


def run_size(size: Size, stages: list[str], repeat: int, timeout: float, blocked: set[str], cli_query: str,
             query_runs: int, long_run: float, log: Callable[[str], None], memory_limit: float | None = None,
             deadline: float | None = None, progress: Callable[[], None] | None = None) -> set[str]:
    """All repeats of one size; returns the stages that timed out or ran out of memory (to skip at
    larger sizes). No new process is started after ``deadline`` (time.monotonic())."""
    timed_out_here: set[str] = set()
    once: set[str] = set()  # stages too long to repeat
    for s in stages:
        if s in blocked:
            size.runs.setdefault(s, []).append({"status": "skipped", "reason": "timed out at a smaller size"})
    for r in range(repeat):
        todo = [s for s in stages if s not in timed_out_here and s not in blocked and s not in once]
        if not todo:
            break
        log(f"[{size.name}] repeat {r + 1}/{repeat}: {len(todo)} stage(s)")
        remaining = list(todo)
        while remaining:
            if deadline is not None and time.monotonic() > deadline:
                log(f"[{size.name}] over the time budget: {len(remaining)} stage(s) not run")
                for s in remaining:
                    if not size.runs.get(s):
                        size.runs[s] = [{"status": "skipped", "reason": "not run: over the time budget (--budget)"}]
                return timed_out_here
            results, timed_out, peak = _run_child(size, remaining, blocked | timed_out_here, timeout, cli_query,
                                                  query_runs, log, memory_limit)
            if peak is not None:
                size.child_maxrss_mib.append(peak)
            for s, res in results.items():
                if s in remaining:
                    size.runs.setdefault(s, []).append(res)
            if timed_out:
                timed_out_here.add(timed_out)
            done = set(results)
            remaining = [s for s in remaining if s not in done]
            if not timed_out:
                for s in remaining:  # the child ended without a word about them
                    size.runs.setdefault(s, []).append({"status": "error", "error": "no result from the child"})
                remaining = []
            if progress:
                progress()
        for s in todo:
            runs = size.runs.get(s, [])
            ok = [x for x in runs if x.get("status") == "ok"]
            if ok and ok[-1]["seconds"] > long_run:
                once.add(s)
            if runs and runs[-1].get("status") == "error":
                if "memory" in runs[-1].get("error", "").lower():
                    timed_out_here.add(s)  # out of memory: not again, here or at larger sizes
                else:
                    once.add(s)  # an error is not measured again
    return timed_out_here


# --- summarising --------------------------------------------------------------------------------

def summarize(size: Size, stage: str) -> dict[str, Any]:
    runs = size.runs.get(stage, [])
    ok = [r for r in runs if r.get("status") == "ok"]
    out: dict[str, Any] = {"runs": len(runs)}
    if ok:
        out["status"] = "ok"
        out["median_s"] = statistics.median(r["seconds"] for r in ok)
        out["peak_mib"] = max(r.get("maxrss_mib") or 0 for r in ok)
        if size.triples:
            out["triples_per_s"] = size.triples / out["median_s"] if out["median_s"] > 0 else None
        extras = [r.get("extra") or {} for r in ok]
        notes = sorted({e["note"] for e in extras if e.get("note")})
        if notes:
            out["note"] = "; ".join(notes)
        if "rows" in extras[-1]:
            out["rows"] = extras[-1]["rows"]
        if "process_maxrss_mib" in extras[-1]:  # the stage runs kzgraph as a process of its own
            out["peak_mib"] = max(e["process_maxrss_mib"] for e in extras)
            out["note"] = f"peak memory is that of the kzgraph process ({extras[-1]['process_maxrss_mib']:.0f} MiB)"
    elif any(r.get("status") == "timeout" for r in runs):
        out["status"] = "timeout"
        out["median_s"] = max(r["seconds"] for r in runs if r.get("status") == "timeout")
    elif any(r.get("status") == "error" for r in runs):
        out["status"] = "error"
        out["note"] = next(r["error"] for r in runs if r.get("status") == "error")[:300]
    elif runs:
        out["status"] = "skipped"
        out["note"] = next((r.get("reason") or (r.get("extra") or {}).get("skipped") for r in runs
                            if r.get("reason") or (r.get("extra") or {}).get("skipped")), "")
        skipped_ok = [r for r in runs if r.get("status") == "skipped" and r.get("extra")]
        if skipped_ok:
            out["note"] = skipped_ok[0]["extra"].get("skipped", out["note"])
    else:
        out["status"] = "not run"
    return out


def _fmt_s(x: float | None) -> str:
    if x is None:
        return ""
    if x >= 100:
        return f"{x:.0f} s"
    if x >= 10:
        return f"{x:.1f} s"
    if x >= 0.1:
        return f"{x:.2f} s"
    return f"{x * 1000:.1f} ms"


def _fmt_rate(x: float | None) -> str:
    if not x:
        return ""
    if x >= 1e6:
        return f"{x / 1e6:.1f}M"
    if x >= 1e3:
        return f"{x / 1e3:.0f}k"
    return f"{x:.0f}"


def _cell(s: dict[str, Any]) -> str:
    if s["status"] == "ok":
        return _fmt_s(s["median_s"])
    if s["status"] == "timeout":
        return f"timeout (>{_fmt_s(s['median_s'])})"
    if s["status"] == "error" and s.get("median_s"):
        return f"error (>{_fmt_s(s['median_s'])})"
    if s["status"] == "error" and "memory" in (s.get("note") or "").lower():
        return "out of memory"
    return s["status"]


def derived(size: Size, stages: list[str]) -> dict[str, dict[str, Any]]:
    """Rows computed from the stages: the whole build, and the stored queries as a group."""
    out: dict[str, dict[str, Any]] = {}
    build = [summarize(size, s) for s in BUILD_STAGES] if all(s in stages for s in BUILD_STAGES) else []
    if build and all(b["status"] == "ok" for b in build):
        out["build (sum)"] = {"status": "ok", "median_s": sum(b["median_s"] for b in build),
                              "peak_mib": max(b["peak_mib"] for b in build)}
    elif build and any(b["status"] in ("timeout", "error") for b in build):
        failed = [f"{name} {b['status']}" for name, b in zip(BUILD_STAGES, build) if b["status"] in ("timeout", "error")]
        status = "timeout" if any(b["status"] == "timeout" for b in build) else "error"
        out["build (sum)"] = {"status": status, "median_s": sum(b.get("median_s") or 0 for b in build),
                              "note": "incomplete: " + ", ".join(failed)}
    queries = [summarize(size, s) for s in stages if s.startswith("query:")]
    ok = [q for q in queries if q["status"] == "ok"]
    if ok:
        out["queries (median)"] = {"status": "ok", "median_s": statistics.median(q["median_s"] for q in ok)}
        worst = max(ok, key=lambda q: q["median_s"])
        out["queries (slowest)"] = {"status": "ok", "median_s": worst["median_s"]}
    for row in out.values():
        if row["status"] == "ok" and size.triples and row["median_s"] > 0:
            row["triples_per_s"] = size.triples / row["median_s"]
    return out


def _all_rows(size: Size, stages: list[str]) -> dict[str, dict[str, Any]]:
    rows = {s: summarize(size, s) for s in stages}
    rows.update(derived(size, stages))
    return rows


def scaling(sizes: list[Size], stages: list[str]) -> list[dict[str, Any]]:
    """For each stage and each pair of sizes ~10× apart: time ratio and whether it is ≤ 12."""
    out = []
    measured = [s for s in sizes if s.triples]
    pairs = []
    for i, b in enumerate(measured):  # each size against the largest smaller one at least 3x smaller
        smaller = [a for a in measured[:i] if a.triples * 3 <= b.triples]  # type: ignore[operator]
        if smaller:
            pairs.append((max(smaller, key=lambda a: a.triples or 0), b))
    for a, b in pairs:
        ra, rb = _all_rows(a, stages), _all_rows(b, stages)
        n_ratio = b.triples / a.triples  # type: ignore[operator]
        for stage in list(ra):
            sa, sb = ra[stage], rb.get(stage, {"status": "not run"})
            row = {"stage": stage, "from": a.name, "to": b.name, "triples_ratio": n_ratio}
            if sa["status"] == "ok" and sb["status"] == "ok" and sa["median_s"] > 0:
                ratio = sb["median_s"] / sa["median_s"]
                row.update(ratio=ratio, exponent=math.log(ratio) / math.log(n_ratio) if n_ratio > 1 and ratio > 0 else None,
                           linear=ratio <= 12 * n_ratio / 10)
            elif sa["status"] == "ok" and sb["status"] == "timeout":
                row.update(ratio=sb["median_s"] / sa["median_s"], lower_bound=True, linear=False)
            else:
                continue
            out.append(row)
    return out


def estimate(sizes: list[Size], stages: list[str], row: str, triples: float) -> tuple[float | None, str]:
    """Seconds for ``row`` at ``triples``, by log-log interpolation between the two measured sizes
    nearest to it (extrapolation beyond the largest)."""
    pts = []
    for s in sizes:
        if not s.triples:
            continue
        r = _all_rows(s, stages).get(row)
        if r and r["status"] == "ok" and r["median_s"] > 0:
            pts.append((s.triples, r["median_s"], s.name))
    if not pts:
        return None, "no measurement"
    pts.sort()
    p1, p2 = _bracket(pts, triples)
    if p1 is None:
        n, t, name = p2
        return t * triples / n, f"proportional to {name}"
    how = "interpolated" if p1[0] <= triples <= p2[0] else "extrapolated"
    how = f"{how} from {p1[2]} and {p2[2]}"
    k = math.log(p2[1] / p1[1]) / math.log(p2[0] / p1[0])
    return p1[1] * (triples / p1[0]) ** k, f"{how} (exponent {k:.2f})"


def _bracket(pts: list[tuple[Any, ...]], triples: float) -> tuple[Any, Any]:
    """Two measured points at least 3x apart in triples to interpolate or extrapolate from: the
    nearest pair around ``triples``, or the two largest; (None, largest) when there is no such pair."""
    above = [p for p in pts if p[0] >= triples]
    if above:
        p2 = above[0]
        below = [p for p in pts if p[0] * 3 <= p2[0]]
        if below:
            return below[-1], p2
    p2 = pts[-1]
    below = [p for p in pts if p[0] * 3 <= p2[0]]
    return (below[-1], p2) if below else (None, p2)


def estimate_memory(sizes: list[Size], triples: float) -> tuple[float | None, str]:
    pts = sorted((s.triples, max(s.child_maxrss_mib), s.name) for s in sizes if s.triples and s.child_maxrss_mib)
    if not pts:
        return None, "no measurement"
    p1, p2 = _bracket(pts, triples)
    if p1 is None:
        return p2[1] * triples / p2[0], f"proportional to {p2[2]}"
    slope = (p2[1] - p1[1]) / (p2[0] - p1[0]) if p2[0] != p1[0] else 0
    return p2[1] + slope * (triples - p2[0]), f"linear through {p1[2]} and {p2[2]}"


# --- output -------------------------------------------------------------------------------------

def _project_label(size: Size) -> str:
    """What was measured, without this machine's paths (the results are committed and shared)."""
    return f"synthetic, scale {size.scale}" if size.scale else "the real data"


def markdown(sizes: list[Size], stages: list[str], meta: dict[str, Any]) -> str:
    lines = ["# kzgraph benchmark", ""]
    commit = f" · commit {meta['commit']}" if meta.get("commit") else ""
    lines.append(f"{meta['date']}{commit} · Python {meta['python']} · {meta['machine']} · {meta['cpus']} CPUs · "
                 f"repeat {meta['repeat']} · timeout {meta['timeout']:.0f} s per stage")
    lines.append("")
    lines.append("| size | project | asserted triples | facts | records | generated in |")
    lines.append("|---|---|---:|---:|---:|---:|")
    for s in sizes:
        loaded = s.info.get("loaded") or {}
        recs, facts = loaded.get("records", ""), loaded.get("facts", "")
        gen = f"{s.generated_seconds:.1f} s" if s.generated_seconds else ("reused" if s.scale else "")
        lines.append(f"| {s.name} | {_project_label(s)} | {s.triples or ''} | {facts} | {recs} | {gen} |")
    lines.append("")
    lines.append("Median time per stage. Each cell of the detail table below also gives "
                 "triples/s (asserted triples of the size ÷ median seconds) and the peak memory of the process "
                 "(ru_maxrss at the end of the stage: the high-water mark of the run so far).")
    lines.append("")
    rows = list(dict.fromkeys([*stages, "build (sum)", "queries (median)", "queries (slowest)"]))
    all_rows = {s.name: _all_rows(s, stages) for s in sizes}
    lines.append("| stage | " + " | ".join(s.name for s in sizes) + " |")
    lines.append("|---|" + "---:|" * len(sizes))
    for r in rows:
        if not any(r in all_rows[s.name] for s in sizes):
            continue
        cells = [_cell(all_rows[s.name][r]) if r in all_rows[s.name] else "" for s in sizes]
        lines.append(f"| {r} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("## Detail")
    lines.append("")
    lines.append("| stage | " + " | ".join(f"{s.name} s | {s.name} triples/s | {s.name} MiB" for s in sizes) + " |")
    lines.append("|---|" + "---:|---:|---:|" * len(sizes))
    for r in rows:
        if not any(r in all_rows[s.name] for s in sizes):
            continue
        cells = []
        for s in sizes:
            x = all_rows[s.name].get(r)
            if not x:
                cells += ["", "", ""]
                continue
            cells += [_cell(x), _fmt_rate(x.get("triples_per_s")) if x["status"] == "ok" else "",
                      f"{x['peak_mib']:.0f}" if x.get("peak_mib") else ""]
        lines.append(f"| {r} | " + " | ".join(cells) + " |")
    notes = [(s.name, r, x["note"]) for s in sizes for r, x in all_rows[s.name].items() if x.get("note")]
    if notes:
        lines += ["", "Notes:", ""]
        for name, r, note in notes:
            lines.append(f"- {name} · {r}: {note}")
    lines += ["", "Peak memory of each run (whole child process): "
              + ", ".join(f"{s.name} {max(s.child_maxrss_mib):.0f} MiB" for s in sizes if s.child_maxrss_mib)]
    sc = scaling(sizes, stages)
    if sc:
        lines += ["", "## Scaling", "",
                  "time(larger) / time(smaller) for sizes about 10× apart (each size against the largest one at least "
                  "3× smaller); linear means the time ratio is at most 12 for 10× the triples (12 × triples ratio / 10); "
                  "k is the exponent of time ∝ triples^k.", "",
                  "| stage | sizes | triples × | time × | k | linear |", "|---|---|---:|---:|---:|---|"]
        for row in sc:
            ratio = f"{'>' if row.get('lower_bound') else ''}{row['ratio']:.1f}"
            k = f"{row['exponent']:.2f}" if row.get("exponent") is not None else ""
            lines.append(f"| {row['stage']} | {row['from']} → {row['to']} | {row['triples_ratio']:.1f} | {ratio} | {k} | "
                         f"{'yes' if row['linear'] else '**no**'} |")
    lines += ["", "## Targets", ""] + _targets(sizes, stages)
    return "\n".join(lines) + "\n"


def _targets(sizes: list[Size], stages: list[str]) -> list[str]:
    out = ["| target | measured / estimated | met |", "|---|---|---|"]
    real = next((s for s in sizes if s.name == "real"), None)
    if real:
        b = derived(real, stages).get("build (sum)")
        if b and b["status"] == "ok":
            out.append(f"| whole real build < 3 s | {b['median_s']:.2f} s (sum of the build stages, in one process) | {'yes' if b['median_s'] < 3 else '**no**'} |")
        cb = summarize(real, "cli-build") if "cli-build" in stages else None
        if cb and cb["status"] == "ok":
            out.append(f"| whole real build < 3 s | {cb['median_s']:.2f} s (`kzgraph build` as a new process) | {'yes' if cb['median_s'] < 3 else '**no**'} |")
        c = summarize(real, "cli-query") if "cli-query" in stages else None
        if c and c["status"] == "ok":
            out.append(f"| stored query via CLI < 0.5 s (real data) | {c['median_s']:.2f} s | {'yes' if c['median_s'] < 0.5 else '**no**'} |")
    failures = [(s.name, stage, x) for s in sizes if s.triples and s.triples <= TARGET_TRIPLES * 1.5
                for stage in BUILD_STAGES if stage in stages
                for x in [summarize(s, stage)] if x["status"] in ("timeout", "error")]
    oom = [(n, st, x) for n, st, x in failures if "memory" in (x.get("note") or "").lower()]
    slow = [(n, st, x) for n, st, x in failures if (n, st, x) not in oom]
    t, how = estimate(sizes, stages, "build (sum)", TARGET_TRIPLES)
    if slow or oom:
        what = "; ".join(f"{st} {'out of memory' if (n, st, x) in oom else x['status']} at {n}" for n, st, x in failures)
        out.append(f"| build with validation and reasoning at 1M triples < 10 min | not measurable: {what} | **no** |")
    elif t is not None:
        out.append(f"| build with validation and reasoning at 1M triples < 10 min | ≈ {_fmt_s(t)} ({how}) | {'yes' if t < 600 else '**no**'} |")
    m, how = estimate_memory(sizes, TARGET_TRIPLES)
    if oom:
        what = "; ".join(f"{st} at {n} ({x['note'][:120]})" for n, st, x in oom)
        out.append(f"| peak memory at 1M triples < 4 GiB | more than the limit already below 1M triples: {what} | **no** |")
    elif m is not None:
        out.append(f"| peak memory at 1M triples < 4 GiB | ≈ {m / 1024:.1f} GiB ({how}) | {'yes' if m < 4096 else '**no**'} |")
    for row, label in (("queries (median)", "median stored query"), ("queries (slowest)", "slowest stored query")):
        t, how = estimate(sizes, stages, row, TARGET_TRIPLES)
        if t is not None:
            out.append(f"| {label} at 1M triples < 100 ms | ≈ {_fmt_s(t)} ({how}) | {'yes' if t < 0.1 else '**no**'} |")
    return out


def _fmt_count(n: float) -> str:
    for div, unit in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if n >= div:
            return f"{n / div:g}{unit}"
    return f"{n:g}"


PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]


def svg(sizes: list[Size], stages: list[str]) -> str:
    """Log-log plot of median seconds against asserted triples, one line per stage."""
    plot_rows = [s for s in stages if not s.startswith("query:")] + ["queries (median)", "queries (slowest)", "build (sum)"]
    series = []
    for r in plot_rows:
        pts = []
        for s in sizes:
            if not s.triples:
                continue
            x = _all_rows(s, stages).get(r)
            if x and x["status"] in ("ok", "timeout") and x.get("median_s"):
                pts.append((s.triples, x["median_s"], x["status"] == "timeout"))
        if pts:
            series.append((r, pts))
    W, H, L, R, T, B = 980, 620, 70, 250, 30, 55
    if not series:
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}"><text x="20" y="40">no data</text></svg>\n'
    xs = [p[0] for _, pts in series for p in pts]
    ys = [p[1] for _, pts in series for p in pts]
    x0, x1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)) + 1e-9)
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)) + 1e-9)
    x1 = max(x1, x0 + 1)
    y1 = max(y1, y0 + 1)

    def px(x: float) -> float:
        return L + (math.log10(x) - x0) / (x1 - x0) * (W - L - R)

    def py(y: float) -> float:
        return H - B - (math.log10(y) - y0) / (y1 - y0) * (H - T - B)

    e: list[str] = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
                    'font-family="sans-serif" font-size="12">',
                    f'<rect width="{W}" height="{H}" fill="white"/>',
                    f'<text x="{L}" y="18" font-size="14">kzgraph: median seconds per stage against asserted triples (log-log)</text>']
    for d in range(x0, x1 + 1):
        X = px(10 ** d)
        e.append(f'<line x1="{X:.1f}" y1="{T}" x2="{X:.1f}" y2="{H - B}" stroke="#ddd"/>')
        e.append(f'<text x="{X:.1f}" y="{H - B + 16}" text-anchor="middle">{_fmt_count(10 ** d)}</text>')
    for d in range(y0, y1 + 1):
        Y = py(10 ** d)
        e.append(f'<line x1="{L}" y1="{Y:.1f}" x2="{W - R}" y2="{Y:.1f}" stroke="#ddd"/>')
        e.append(f'<text x="{L - 6}" y="{Y + 4:.1f}" text-anchor="end">{f"{10 ** d * 1000:g} ms" if d < 0 else f"{10 ** d:g} s"}</text>')
    e.append(f'<text x="{(L + W - R) / 2:.0f}" y="{H - 12}" text-anchor="middle">asserted triples</text>')
    e.append(f'<text x="16" y="{(T + H - B) / 2:.0f}" transform="rotate(-90 16 {(T + H - B) / 2:.0f})" text-anchor="middle">seconds</text>')
    for limit, label in ((600, "10 min"), (0.1, "100 ms")):
        if 10 ** y0 <= limit <= 10 ** y1:
            Y = py(limit)
            e.append(f'<line x1="{L}" y1="{Y:.1f}" x2="{W - R}" y2="{Y:.1f}" stroke="#c00" stroke-dasharray="2,4"/>')
            e.append(f'<text x="{W - R - 4}" y="{Y - 4:.1f}" text-anchor="end" fill="#c00">{label}</text>')
    if 10 ** x0 <= TARGET_TRIPLES <= 10 ** x1:
        X = px(TARGET_TRIPLES)
        e.append(f'<line x1="{X:.1f}" y1="{T}" x2="{X:.1f}" y2="{H - B}" stroke="#c00" stroke-dasharray="2,4"/>')
        e.append(f'<text x="{X - 4:.1f}" y="{H - B - 6}" text-anchor="end" fill="#c00">1M triples</text>')
    # A guide of slope 1 (linear time) through the lower left.
    gx0, gx1 = 10 ** x0, 10 ** x1
    gy0 = 10 ** y0 * 2
    e.append(f'<line x1="{px(gx0):.1f}" y1="{py(gy0):.1f}" x2="{px(gx1):.1f}" y2="{py(min(10 ** y1, gy0 * gx1 / gx0)):.1f}" '
             'stroke="#999" stroke-dasharray="8,4"/>' if gy0 * gx1 / gx0 <= 10 ** y1 else "")
    for i, (name, pts) in enumerate(series):
        color = PALETTE[i % len(PALETTE)]
        dash = "" if i < len(PALETTE) else ' stroke-dasharray="6,3"'
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y, _ in pts)
        e.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
        for x, y, timeout in pts:
            if timeout:
                X, Y = px(x), py(y)
                e.append(f'<path d="M{X - 5:.1f},{Y - 5:.1f}L{X + 5:.1f},{Y + 5:.1f}M{X - 5:.1f},{Y + 5:.1f}L{X + 5:.1f},{Y - 5:.1f}" stroke="{color}" stroke-width="2"/>')
            else:
                e.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{color}"/>')
        ly = T + 14 + i * 17
        e.append(f'<line x1="{W - R + 12}" y1="{ly - 4}" x2="{W - R + 36}" y2="{ly - 4}" stroke="{color}" stroke-width="2"{dash}/>')
        e.append(f'<text x="{W - R + 42}" y="{ly}">{name}</text>')
    ly = T + 14 + len(series) * 17 + 8
    e.append(f'<text x="{W - R + 12}" y="{ly}" fill="#555">× timeout (plotted at the limit)</text>')
    e.append(f'<text x="{W - R + 12}" y="{ly + 16}" fill="#555">grey dashes: slope 1 (linear)</text>')
    e.append(f'<text x="{W - R + 12}" y="{ly + 32}" fill="#555">no point: error or out of memory</text>')
    e.append("</svg>")
    return "\n".join(x for x in e if x) + "\n"


def to_json(sizes: list[Size], stages: list[str], meta: dict[str, Any]) -> dict[str, Any]:
    return {
        "meta": meta,
        "sizes": [{"name": s.name, "scale": s.scale, "project": _project_label(s), "triples": s.triples,
                   "generated_seconds": s.generated_seconds, "generator": s.info, "child_maxrss_mib": s.child_maxrss_mib,
                   "stages": _all_rows(s, stages), "runs": s.runs} for s in sizes],
        "scaling": scaling(sizes, stages),
    }


# --- the command --------------------------------------------------------------------------------

def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sizes", default="10,100",
                   help="synthetic sizes, as multiples of the real data (default 10,100); the real data is always measured first "
                        "unless --no-real; 'real' may also be listed")
    p.add_argument("--no-real", action="store_true", help="do not measure the real data")
    p.add_argument("--repeat", type=int, default=3, help="fresh processes per size (default 3)")
    p.add_argument("--stages", default="all", help="comma-separated stages or groups: all (default), build, ser, queries, "
                                                   "load, ontology, convert, shacl, qc, reason, metadata, ser-ttl, …, store-load, "
                                                   "query:NAME, cli-query, http")
    p.add_argument("--out", help="directory for results.md, results.json and scaling.svg (default ROOT/bench/results)")
    p.add_argument("--work", help="where synthetic projects are generated and kept (default $TMPDIR/kzgraph-bench)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--timeout", type=float, default=900.0, help="seconds a stage may take before it is stopped (default 900)")
    p.add_argument("--long", type=float, default=120.0, dest="long_run",
                   help="a stage taking longer than this many seconds is not repeated (default 120)")
    p.add_argument("--query-runs", type=int, default=5, help="runs of each stored query in a process (median; default 5)")
    p.add_argument("--budget", type=float, metavar="MINUTES",
                   help="start no new process after this many minutes; what is left is reported as not run")
    p.add_argument("--memory-limit", type=float, default=16.0,
                   help="GiB of address space a run may use (RLIMIT_AS; default 16, 0 for none): a stage that needs "
                        "more fails with MemoryError and is recorded as an error instead of exhausting the machine")
    p.add_argument("--cli-query", default="embassy-count", help="the stored query the cli-query stage runs")
    p.add_argument("--render", metavar="RESULTS_JSON", nargs="+",
                   help="run nothing: write results.md, results.json and scaling.svg again from one or more results.json "
                        "(several runs are merged, e.g. a separate run of a large size)")
    p.add_argument("--cli-build-max", type=float, default=10.0,
                   help="run the cli-build stage (a whole `kzgraph build`) only up to this synthetic scale (default 10); "
                        "beyond it the sum of the build stages stands for it")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``kzgraph bench`` to the CLI's subcommands."""
    b = sub.add_parser("bench", help="time every stage on the real data and on synthetic data N times larger")
    add_arguments(b)
    b.set_defaults(func=cmd_bench)


def from_json(paths: list[Path]) -> tuple[list[Size], list[str], dict[str, Any]]:
    """Sizes, stages and meta of one or more results.json (merged, sizes by triples), to render them again."""
    sizes: dict[str, Size] = {}
    stages: list[str] = []
    meta: dict[str, Any] = {}
    for path in paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if not meta:
            meta = dict(data["meta"])
        else:
            meta["elapsed_s"] = round(meta.get("elapsed_s", 0) + data["meta"].get("elapsed_s", 0), 1)
            meta["date"] = f"{meta['date']}; {data['meta']['date']}"
        stages += [s for s in data["meta"]["stages"] if s not in stages]
        for d in data["sizes"]:
            old = sizes.get(d["name"])
            new = Size(d["name"], d["scale"], Path(d["project"]), d["triples"], d.get("generated_seconds"),
                       d.get("generator") or {}, d["runs"], d.get("child_maxrss_mib") or [])
            if old is not None:  # a later run of some stages of the same size replaces those stages only
                measured = {k: v for k, v in new.runs.items() if any(r.get("status") != "skipped" for r in v)}
                old.runs.update(measured)
                old.child_maxrss_mib += new.child_maxrss_mib
                old.triples = old.triples or new.triples
                old.info = old.info or new.info
                new = old
            sizes[d["name"]] = new
    ordered = sorted(sizes.values(), key=lambda s: (s.name != "real", s.triples or math.inf, s.scale or 0))
    meta["stages"] = stages
    return ordered, stages, meta


def cmd_bench(args: argparse.Namespace) -> int:
    root = Path(getattr(args, "root", ".")).resolve()
    out = Path(args.out) if args.out else root / "bench" / "results"
    if args.render:
        sizes, stages, meta = from_json([Path(p) for p in args.render])
        print(_write(out, sizes, stages, meta))
        return 0
    work = Path(args.work) if args.work else Path(tempfile.gettempdir()) / "kzgraph-bench"
    work.mkdir(parents=True, exist_ok=True)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    tokens = [t.strip() for t in args.sizes.split(",") if t.strip()]
    sizes: list[Size] = []
    if not args.no_real and "real" not in tokens:
        tokens.insert(0, "real")
    for t in tokens:
        if t == "real":
            sizes.append(Size("real", None, root))
        else:
            try:
                scale = float(t.rstrip("x"))
            except ValueError:
                raise SystemExit(f"error: --sizes expects numbers (or 'real'), got {t!r}") from None
            sizes.append(prepare_size(root, work, scale, args.seed, log))
    stages = _stage_list(args.stages, root)
    meta = {"date": time.strftime("%Y-%m-%d %H:%M"), "python": platform.python_version(),
            "machine": f"{platform.system()} {platform.machine()}", "cpus": os.cpu_count(), "repeat": args.repeat,
            "timeout": args.timeout, "stages": stages, "seed": args.seed, "versions": _versions(),
            "commit": _commit(root)}
    blocked: set[str] = set()
    t0 = time.monotonic()
    for size in sizes:
        size_stages = stages
        if "cli-build" in stages and size.scale is not None and size.scale > args.cli_build_max:
            size_stages = [s for s in stages if s != "cli-build"]
            size.runs["cli-build"] = [{"status": "skipped", "reason": f"scale above --cli-build-max {args.cli_build_max:g}"}]
        timed_out = run_size(size, size_stages, args.repeat, args.timeout, blocked, args.cli_query, args.query_runs,
                             args.long_run, log, args.memory_limit or None,
                             deadline=t0 + args.budget * 60 if args.budget else None,
                             progress=lambda: _write(out, sizes, stages, meta))
        blocked |= timed_out
        meta["elapsed_s"] = round(time.monotonic() - t0, 1)
        _write(out, sizes, stages, meta)  # after every size, so a long run leaves results behind
    text = _write(out, sizes, stages, meta)
    print(text)
    log(f"wrote {out / 'results.md'}, {out / 'results.json'}, {out / 'scaling.svg'}")
    return 0


def _write(out: Path, sizes: list[Size], stages: list[str], meta: dict[str, Any]) -> str:
    out.mkdir(parents=True, exist_ok=True)
    done = [s for s in sizes if s.runs]
    text = markdown(done, stages, meta)
    (out / "results.md").write_text(text, encoding="utf-8")
    (out / "results.json").write_text(json.dumps(to_json(done, stages, meta), indent=1, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    (out / "scaling.svg").write_text(svg(done, stages), encoding="utf-8")
    return text


def _commit(root: Path) -> str | None:
    """The project's git commit, with "+dirty" when files differ from it (the numbers belong to that code)."""
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return (head + ("+dirty" if dirty else "")) or None


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("kzgraph", "rdflib", "pyshacl", "owlrl", "pyoxigraph", "PyYAML", "jsonschema"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            pass
    return out


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--serve"]:
        return serve_main(argv[1:])
    if "--child" in argv:
        return child_main(argv)
    p = argparse.ArgumentParser(prog="python -m kzgraph.bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--root", default=".", help="project directory holding data/, ontology/ and bench/ (default: .)")
    add_arguments(p)
    return cmd_bench(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
