"""The benchmark's parent process: sizes, repeats, timeouts, memory limits, and the report.

    python -m bench --sizes 1,10,100,220 --repeat 3        # from the checkout's root
    kzgraph bench --sizes 10 --repeat 1 --stages load,convert,shacl

For the real data (``--root``) and for synthetic projects of about N times its size (written by
``bench/generate.py`` into ``--work``, reused while the generator and the scale are the same), each
repeat runs in a FRESH Python process (``bench/stages.py``), so that the peak memory of a run
(``ru_maxrss``) is that of one run only. Every stage has a timeout (``--timeout``; the reference
engines ``--reference-timeout``): a stage that runs over it is recorded as "timeout", the child is
killed, and a new child carries on with the stages that do not need it, so the benchmark always
finishes. A child that dies in a stage (out of memory under ``--memory-limit``: a MemoryError, or
SIGABRT from a Rust library whose allocation failed; SIGKILL from the kernel) is reported with that
stage. A stage that timed out or ran out of memory is not tried again at that size or larger ones.
Results: a Markdown table printed and written to OUT/results.md, every number in OUT/results.json,
and a log-log plot of time against asserted triples per stage in OUT/scaling.svg.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.report import Size, markdown, svg, to_json
from bench.stages import BASE_STAGES, BUILD_STAGES, EVENT, FLOORS, HARD, REFERENCE_STAGES, SERIALIZATIONS, TAIL_STAGES, child_main

HERE = Path(__file__).resolve().parent


def _fingerprint(root: Path) -> str:
    h = hashlib.sha256((HERE / "generate.py").read_bytes())
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
    from bench.generate import generate

    size.info = generate(out, scale, seed)
    size.generated_seconds = time.perf_counter() - t0
    marker.write_text(json.dumps(fp))
    log(
        f"[{name}] generated in {size.generated_seconds:.1f} s: {size.info.get('facts')} facts, "
        f"{size.info.get('notes')} notes, {size.info.get('sections')} sections"
    )
    return size


def _fmt_scale(scale: float) -> str:
    return str(int(scale)) if float(scale) == int(scale) else str(scale)


def _stage_list(spec: str, project: Path) -> list[str]:
    from kzgraph.asking.queries import load_queries

    names = [q.name for q in load_queries(project / "queries")]
    out: list[str] = []
    for token in [t.strip() for t in spec.split(",") if t.strip()]:
        if token == "all":
            out += FLOORS + BASE_STAGES + REFERENCE_STAGES + [f"query:{n}" for n in names] + TAIL_STAGES
        elif token == "queries":
            out += [f"query:{n}" for n in names]
        elif token == "ser":
            out += SERIALIZATIONS
        elif token == "build":
            out += BUILD_STAGES
        elif token == "floors":
            out += FLOORS
        elif token == "references":
            out += REFERENCE_STAGES
        elif token.startswith("query:") or token in HARD:
            out.append(token)
        else:
            raise SystemExit(
                f"error: unknown stage {token!r}; stages: {', '.join(FLOORS + BASE_STAGES + REFERENCE_STAGES + TAIL_STAGES)}, "
                "query:NAME, or the groups all, build, ser, floors, references, queries"
            )
    seen: set[str] = set()
    return [s for s in out if not (s in seen or seen.add(s))]


def _run_child(
    size: Size,
    stages: list[str],
    blocked: set[str],
    timeout: float,
    cli_query: str,
    query_runs: int,
    log: Callable[[str], None],
    memory_limit: float | None = None,
    stage_timeouts: dict[str, float] | None = None,
) -> tuple[dict[str, dict[str, Any]], str | None, float | None]:
    """Run one child; return (results by stage, the stage that timed out or killed the child, or
    None, and the child's peak MiB)."""
    with tempfile.TemporaryDirectory(prefix="kzgraph-bench-dist-") as dist:
        cmd = [
            sys.executable,
            "-m",
            "bench",
            "--child",
            "--project",
            str(size.project),
            "--dist",
            dist,
            "--stages",
            ",".join(stages),
            "--blocked",
            ",".join(sorted(blocked)),
            "--cli-query",
            cli_query,
            "--query-runs",
            str(query_runs),
        ]
        if memory_limit:
            cmd += ["--memory-limit", str(memory_limit)]
        errlog = tempfile.TemporaryFile()  # noqa: SIM115 -- open while the child runs; closed below
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE.parent), os.environ.get("PYTHONPATH")]))}
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errlog, start_new_session=True, env=env)
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
        limit_of = lambda stage: (stage_timeouts or {}).get(stage, timeout)  # noqa: E731
        while True:
            wait = max(0.1, limit_of(current) - (time.monotonic() - started)) if current else 3600.0
            try:
                line = lines.get(timeout=wait)
            except queue.Empty:
                if current and time.monotonic() - started >= limit_of(current):
                    timed_out = current
                    os.killpg(proc.pid, signal.SIGKILL)
                    results[current] = {"status": "timeout", "seconds": limit_of(current)}
                    log(f"    {current}: timeout after {limit_of(current):.0f} s")
                    break
                continue
            if line is None:
                break
            if not line.startswith(EVENT):
                continue
            ev = json.loads(line[len(EVENT) :])
            kind = ev["event"]
            if kind == "start":
                current, started = ev["stage"], time.monotonic()
            elif kind == "end":
                current = None
                if ev["stage"] == "convert" and ev.get("status") == "ok":
                    size.triples = ev["extra"]["triples"]
                if ev["stage"] == "inc-clean" and ev.get("status") == "ok" and not size.triples:
                    size.triples = ev["extra"].get("triples")  # a run of the curator's loop alone
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
                first = next(
                    (
                        ln.strip()
                        for ln in err.splitlines()
                        if any(k in ln for k in ("memory allocation", "MemoryError", "Cannot allocate", "panicked"))
                    ),
                    "",
                )
                if "memory" in first.lower():
                    why += f"; out of memory (address-space limit {memory_limit:g} GiB)" if memory_limit else "; out of memory"
                elif proc.returncode == -signal.SIGKILL:
                    why += "; out of memory (killed by the kernel, whose out-of-memory killer sends SIGKILL)"
                results[current] = {"status": "error", "error": f"{why}: {first or tail[-300:]}"}
                timed_out = current
            else:
                for s in stages:
                    results.setdefault(s, {"status": "error", "error": f"child exited {proc.returncode}: {tail[-300:]}"})
        errlog.close()
        return results, timed_out, peak


def run_size(
    size: Size,
    stages: list[str],
    repeat: int,
    timeout: float,
    blocked: set[str],
    cli_query: str,
    query_runs: int,
    long_run: float,
    log: Callable[[str], None],
    memory_limit: float | None = None,
    deadline: float | None = None,
    progress: Callable[[], None] | None = None,
    stage_timeouts: dict[str, float] | None = None,
) -> set[str]:
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
            results, timed_out, peak = _run_child(
                size, remaining, blocked | timed_out_here, timeout, cli_query, query_runs, log, memory_limit, stage_timeouts
            )
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


# --- the command --------------------------------------------------------------------------------


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--sizes",
        default="10,100",
        help="synthetic sizes, as multiples of the real data (default 10,100); the real data is always measured first "
        "unless --no-real; 'real' may also be listed",
    )
    p.add_argument("--no-real", action="store_true", help="do not measure the real data")
    p.add_argument("--repeat", type=int, default=3, help="fresh processes per size (default 3)")
    p.add_argument(
        "--stages",
        default="all",
        help="comma-separated stages or groups: all (default), build, ser, queries, "
        "load, ontology, convert, shacl, qc, reason, metadata, ser-ttl, …, store-load, "
        "query:NAME, cli-query, http",
    )
    p.add_argument("--out", help="directory for results.md, results.json and scaling.svg (default ROOT/bench/results)")
    p.add_argument("--work", help="where synthetic projects are generated and kept (default $TMPDIR/kzgraph-bench)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--timeout", type=float, default=900.0, help="seconds a stage may take before it is stopped (default 900)")
    p.add_argument(
        "--long",
        type=float,
        default=120.0,
        dest="long_run",
        help="a stage taking longer than this many seconds is not repeated (default 120)",
    )
    p.add_argument("--query-runs", type=int, default=5, help="runs of each stored query in a process (median; default 5)")
    p.add_argument(
        "--budget",
        type=float,
        metavar="MINUTES",
        help="start no new process after this many minutes; what is left is reported as not run",
    )
    p.add_argument(
        "--memory-limit",
        type=float,
        default=16.0,
        help="GiB of address space a run may use (RLIMIT_AS; default 16, 0 for none): a stage that needs "
        "more fails with MemoryError and is recorded as an error instead of exhausting the machine",
    )
    p.add_argument("--cli-query", default="embassy-count", help="the stored query the cli-query stage runs")
    p.add_argument(
        "--render",
        metavar="RESULTS_JSON",
        nargs="+",
        help="run nothing: write results.md, results.json and scaling.svg again from one or more results.json "
        "(several runs are merged, e.g. a separate run of a large size)",
    )
    p.add_argument(
        "--cli-build-max",
        type=float,
        default=math.inf,
        help="run the cli-build stage (a whole `kzgraph build`) only up to this synthetic scale (default: every size)",
    )
    p.add_argument(
        "--reference-max",
        type=float,
        default=100.0,
        help="run the reference engines (pyshacl, owlrl) only up to this synthetic scale (default 100)",
    )
    p.add_argument(
        "--reference-timeout",
        type=float,
        default=300.0,
        help="seconds a reference engine may take before it is stopped (default 300)",
    )


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
            new = Size(
                d["name"],
                d["scale"],
                Path(d["project"]),
                d["triples"],
                d.get("generated_seconds"),
                d.get("generator") or {},
                d["runs"],
                d.get("child_maxrss_mib") or [],
            )
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
    meta = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
        "cpus": os.cpu_count(),
        "repeat": args.repeat,
        "timeout": args.timeout,
        "stages": stages,
        "seed": args.seed,
        "versions": _versions(),
        "commit": _commit(root),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    blocked: set[str] = set()
    t0 = time.monotonic()
    for size in sizes:
        size_stages = stages
        if "cli-build" in stages and size.scale is not None and size.scale > args.cli_build_max:
            size_stages = [s for s in size_stages if s != "cli-build"]
            size.runs["cli-build"] = [{"status": "skipped", "reason": f"scale above --cli-build-max {args.cli_build_max:g}"}]
        if size.scale is not None and size.scale > args.reference_max:
            for s in REFERENCE_STAGES:
                if s in size_stages:
                    size.runs[s] = [{"status": "skipped", "reason": f"scale above --reference-max {args.reference_max:g}"}]
            size_stages = [s for s in size_stages if s not in REFERENCE_STAGES]
        timed_out = run_size(
            size,
            size_stages,
            args.repeat,
            args.timeout,
            blocked,
            args.cli_query,
            args.query_runs,
            args.long_run,
            log,
            args.memory_limit or None,
            deadline=t0 + args.budget * 60 if args.budget else None,
            progress=lambda: _write(out, sizes, stages, meta),
            stage_timeouts={s: args.reference_timeout for s in REFERENCE_STAGES},
        )
        blocked |= timed_out
        meta["elapsed_s"] = round(time.monotonic() - t0, 1)
        meta["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
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
    (out / "results.json").write_text(
        json.dumps(to_json(done, stages, meta), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out / "scaling.svg").write_text(svg(done, stages), encoding="utf-8")
    return text


def _commit(root: Path) -> str | None:
    """The project's git commit, with "+dirty" when files differ from it (the numbers belong to that code)."""
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return (head + ("+dirty" if dirty else "")) or None


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in (
        "kzgraph",
        "rdflib",
        "pyshacl",
        "pyshacl-turbo",
        "owlrl",
        "reasonable",
        "pyoxigraph",
        "PyYAML",
        "jsonschema-rs",
        "jsonschema",
    ):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            pass
    return out


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--child" in argv:
        return child_main(argv)
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--root", default=".", help="project directory holding data/, ontology/ and bench/ (default: .)")
    add_arguments(p)
    return cmd_bench(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
