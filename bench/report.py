"""The benchmark's report: medians per stage, ratios to the references, scaling, targets, the plot.

Every figure stands next to what it is measured against in the same run (``ratios``): the real
build against the time it takes to import its libraries, reading and writing against pyoxigraph
parsing and writing the same triples, each fast engine against its reference engine where that
finishes, and ``kzgraph serve`` against Oxigraph's own server.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.stages import BUILD_STAGES, SERIALIZATIONS

TARGET_TRIPLES = 1_000_000
TARGET_BUILD_S = 180.0
TARGET_BUILD_MIB = 3 * 1024.0
TARGET_REAL_BUILD_S = 1.5
TARGET_REAL_FLOOR_RATIO = 3.0


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
            out["note"] = (
                "peak memory of the kzgraph process and the processes it forks (proportional set size: "
                "pages shared by the fork counted once)"
            )
            if any("tree_rss_mib" in e for e in extras):
                out["tree_rss_mib"] = max(e.get("tree_rss_mib", 0) for e in extras)
        if "names_file_line_field" in extras[-1]:  # a broken record: did every run name where it is?
            out["extra"] = {"names_file_line_field": all(e.get("names_file_line_field") for e in extras)}
        if "queries" in extras[-1]:  # the http stage
            out["http"] = {k: extras[-1][k] for k in ("queries", "pages")}
    elif any(r.get("status") == "timeout" for r in runs):
        out["status"] = "timeout"
        out["median_s"] = max(r["seconds"] for r in runs if r.get("status") == "timeout")
    elif any(r.get("status") == "error" for r in runs):
        out["status"] = "error"
        out["note"] = next(r["error"] for r in runs if r.get("status") == "error")[:300]
    elif runs:
        out["status"] = "skipped"
        out["note"] = next(
            (
                r.get("reason") or (r.get("extra") or {}).get("skipped")
                for r in runs
                if r.get("reason") or (r.get("extra") or {}).get("skipped")
            ),
            "",
        )
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
        out["build (sum)"] = {
            "status": "ok",
            "median_s": sum(b["median_s"] for b in build),
            "peak_mib": max(b["peak_mib"] for b in build),
        }
    elif build and any(b["status"] in ("timeout", "error") for b in build):
        failed = [
            f"{name} {b['status']}" for name, b in zip(BUILD_STAGES, build, strict=False) if b["status"] in ("timeout", "error")
        ]
        status = "timeout" if any(b["status"] == "timeout" for b in build) else "error"
        out["build (sum)"] = {
            "status": status,
            "median_s": sum(b.get("median_s") or 0 for b in build),
            "note": "incomplete: " + ", ".join(failed),
        }
    ser = [summarize(size, s) for s in SERIALIZATIONS if s in stages]
    if len(ser) == len(SERIALIZATIONS) and all(x["status"] == "ok" for x in ser):
        out["ser (all formats)"] = {
            "status": "ok",
            "median_s": sum(x["median_s"] for x in ser),
            "peak_mib": max(x["peak_mib"] for x in ser),
        }
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
                row.update(
                    ratio=ratio,
                    exponent=math.log(ratio) / math.log(n_ratio) if n_ratio > 1 and ratio > 0 else None,
                    linear=ratio <= 12 * n_ratio / 10,
                )
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
    lines.append(
        f"{meta['date']}{commit} · Python {meta['python']} · {meta['machine']} · {meta['cpus']} CPUs · "
        f"repeat {meta['repeat']} · timeout {meta['timeout']:.0f} s per stage"
    )
    if meta.get("load_average"):
        end = f", {meta['load_average_end'][0]:.2f} at the end" if meta.get("load_average_end") else ""
        lines.append("")
        lines.append(
            f"Load average (1 min) at the start: {meta['load_average'][0]:.2f}{end} "
            "(the machine is shared: a busy one makes every figure larger)."
        )
    lines.append("")
    lines.append("| size | project | asserted triples | facts | records | generated in |")
    lines.append("|---|---|---:|---:|---:|---:|")
    for s in sizes:
        loaded = s.info.get("loaded") or {}
        recs, facts = loaded.get("records", ""), loaded.get("facts", "")
        gen = f"{s.generated_seconds:.1f} s" if s.generated_seconds else ("reused" if s.scale else "")
        lines.append(f"| {s.name} | {_project_label(s)} | {s.triples or ''} | {facts} | {recs} | {gen} |")
    lines.append("")
    lines.append(
        "Median time per stage. Each cell of the detail table below also gives "
        "triples/s (asserted triples of the size ÷ median seconds) and the peak memory of the process "
        "(ru_maxrss at the end of the stage: the high-water mark of the run so far)."
    )
    lines.append("")
    rows = list(dict.fromkeys([*stages, "build (sum)", "ser (all formats)", "queries (median)", "queries (slowest)"]))
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
            cells += [
                _cell(x),
                _fmt_rate(x.get("triples_per_s")) if x["status"] == "ok" else "",
                f"{x['peak_mib']:.0f}" if x.get("peak_mib") else "",
            ]
        lines.append(f"| {r} | " + " | ".join(cells) + " |")
    notes = [(s.name, r, x["note"]) for s in sizes for r, x in all_rows[s.name].items() if x.get("note")]
    if notes:
        lines += ["", "Notes:", ""]
        for name, r, note in notes:
            lines.append(f"- {name} · {r}: {note}")
    lines += [
        "",
        "Peak memory of each run (whole child process): "
        + ", ".join(f"{s.name} {max(s.child_maxrss_mib):.0f} MiB" for s in sizes if s.child_maxrss_mib),
    ]
    sc = scaling(sizes, stages)
    if sc:
        lines += [
            "",
            "## Scaling",
            "",
            "time(larger) / time(smaller) for sizes about 10× apart (each size against the largest one at least "
            "3× smaller); linear means the time ratio is at most 12 for 10× the triples (12 × triples ratio / 10); "
            "k is the exponent of time ∝ triples^k.",
            "",
            "| stage | sizes | triples × | time × | k | linear |",
            "|---|---|---:|---:|---:|---|",
        ]
        for row in sc:
            ratio = f"{'>' if row.get('lower_bound') else ''}{row['ratio']:.1f}"
            k = f"{row['exponent']:.2f}" if row.get("exponent") is not None else ""
            lines.append(
                f"| {row['stage']} | {row['from']} → {row['to']} | {row['triples_ratio']:.1f} | {ratio} | {k} | "
                f"{'yes' if row['linear'] else '**no**'} |"
            )
    lines += _ratio_table(sizes, stages)
    lines += ["", "## Targets", ""] + _targets(sizes, stages)
    return "\n".join(lines) + "\n"


# --- ratios to the references --------------------------------------------------------------------

# (row, measured stage, reference stage, how the ratio reads): time ÷ reference time, or the
# reference's time ÷ ours for the engines (how many times faster than the reference).
RATIOS = [
    ("whole build ÷ importing its libraries", "cli-build", "floor-import", "×"),
    ("stages of the build ÷ importing its libraries", "build (sum)", "floor-import", "×"),
    ("convert ÷ pyoxigraph parsing the same triples", "convert", "floor-parse", "×"),
    ("all formats ÷ pyoxigraph writing the same triples", "ser (all formats)", "floor-write", "×"),
    ("store load ÷ pyoxigraph parsing the same triples", "store-load", "floor-parse", "×"),
    ("SHACL: pyshacl ÷ pyshacl-turbo (times faster)", "shacl-pyshacl", "shacl", "faster"),
    ("OWL RL: owlrl ÷ reasonable (times faster)", "reason-owlrl", "reason", "faster"),
]


def ratios(size: Size, stages: list[str]) -> dict[str, str]:
    """Each ratio of RATIOS measured at this size, as text ("" when either side is missing)."""
    rows = _all_rows(size, stages)
    out: dict[str, str] = {}
    for label, a, b, _how in RATIOS:
        x, y = rows.get(a), rows.get(b)
        if x and y and x["status"] == "ok" and y["status"] == "ok" and y["median_s"] > 0:
            out[label] = f"{x['median_s'] / y['median_s']:.1f}×"
        elif x and y and y["status"] == "ok" and x["status"] == "timeout":
            out[label] = f">{x['median_s'] / y['median_s']:.0f}× (reference timed out)"
    http = (rows.get("http") or {}).get("http")
    if http:
        for name, q in sorted(http["queries"].items()):
            if q.get("ratio") is not None:
                out[f"`{name}` over HTTP: kzgraph serve ÷ oxigraph server (req/s)"] = (
                    f"{q['ratio']:.2f} ({q['kzgraph']['rps']:.0f} vs {q['oxigraph']['rps']:.0f} req/s; "
                    f"p99 {q['kzgraph']['p99_ms']} vs {q['oxigraph']['p99_ms']} ms; errors {q['kzgraph']['errors']})"
                )
        for path, r in sorted(http["pages"].items()):
            out[f"page `{path}` (req/s, kzgraph serve)"] = f"{r['rps']:.0f} (p99 {r['p99_ms']} ms; errors {r['errors']})"
    return out


def _ratio_table(sizes: list[Size], stages: list[str]) -> list[str]:
    by_size = {s.name: ratios(s, stages) for s in sizes}
    labels = list(dict.fromkeys(label for r in by_size.values() for label in r))
    if not labels:
        return []
    lines = [
        "",
        "## Ratios to the references (same run)",
        "",
        "Each figure against what it is measured against: the time to import the pipeline's libraries "
        "in a new process (the floor of any build), pyoxigraph parsing or writing the same triples and "
        "nothing else (the floor of reading and writing), the reference engines where they finish "
        "(pyshacl, owlrl), and Oxigraph's own server under the same load (wrk -t2 -c16).",
        "",
        "| ratio | " + " | ".join(s.name for s in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for label in labels:
        lines.append(f"| {label} | " + " | ".join(by_size[s.name].get(label, "") for s in sizes) + " |")
    return lines


# Issue 21: the curator's loop at about 1M triples, and a build with nothing to do on the real data.
TARGET_EDIT_S, TARGET_BROKEN_S, TARGET_NOCHANGE_REAL_S = 10.0, 2.0, 0.5


def _incremental_targets(sizes: list[Size], stages: list[str]) -> list[str]:
    """The incremental loop's rows: at each size, the edit, the broken record and the no-change build
    next to the clean build of the same run; the targets where they apply."""
    out = []
    yes = lambda ok: "yes" if ok else "**no**"  # noqa: E731
    for s in sizes:
        rows = _all_rows(s, stages)
        clean, edit, link, broken, same = (
            rows.get(k) for k in ("inc-clean", "inc-edit", "inc-link", "inc-broken", "inc-nochange")
        )
        ok = lambda r: r is not None and r["status"] == "ok"  # noqa: E731
        if not ok(clean):
            continue
        big = bool(s.triples and s.triples >= 0.7 * TARGET_TRIPLES)
        if ok(edit):
            target = f" ≤ {TARGET_EDIT_S:g} s" if big else ""
            met = yes(edit["median_s"] <= TARGET_EDIT_S) if big else "—"
            out.append(
                f"| one edited fact file rebuilt at {s.name}{target} | {_fmt_s(edit['median_s'])} "
                f"(clean build {_fmt_s(clean['median_s'])}) | {met} |"
            )
        if ok(link):
            target = f" ≤ {TARGET_EDIT_S:g} s" if big else ""
            met = yes(link["median_s"] <= TARGET_EDIT_S) if big else "—"
            out.append(
                f"| one fact renamed (a link changes: the reasoner runs) at {s.name}{target} | {_fmt_s(link['median_s'])} | {met} |"
            )
        if ok(broken):
            target = f" ≤ {TARGET_BROKEN_S:g} s" if big else ""
            named = (broken.get("extra") or {}).get("names_file_line_field", False)
            met = yes(broken["median_s"] <= TARGET_BROKEN_S and named) if big else yes(named)
            out.append(
                f"| a broken record in the edited file reported at {s.name}{target} | {_fmt_s(broken['median_s'])} | {met} |"
            )
        if ok(same):
            real = s.name == "real"
            target = f" ≤ {TARGET_NOCHANGE_REAL_S:g} s" if real else ""
            met = yes(same["median_s"] <= TARGET_NOCHANGE_REAL_S) if real else "—"
            out.append(f"| a build with nothing changed at {s.name}{target} | {_fmt_s(same['median_s'])} | {met} |")
    return out


def _targets(sizes: list[Size], stages: list[str]) -> list[str]:
    out = ["| target | measured | met |", "|---|---|---|"]
    yes = lambda ok: "yes" if ok else "**no**"  # noqa: E731
    real = next((s for s in sizes if s.name == "real"), None)
    if real:
        rows = _all_rows(real, stages)
        cb, floor = rows.get("cli-build"), rows.get("floor-import")
        if cb and cb["status"] == "ok":
            out.append(
                f"| real build < {TARGET_REAL_BUILD_S:g} s | {cb['median_s']:.2f} s (`kzgraph build` as a new process) "
                f"| {yes(cb['median_s'] < TARGET_REAL_BUILD_S)} |"
            )
            if floor and floor["status"] == "ok":
                r = cb["median_s"] / floor["median_s"]
                out.append(
                    f"| real build < {TARGET_REAL_FLOOR_RATIO:g}× importing its libraries | {r:.1f}× "
                    f"({cb['median_s']:.2f} s ÷ {floor['median_s']:.2f} s) | {yes(r < TARGET_REAL_FLOOR_RATIO)} |"
                )
    near = [s for s in sizes if s.triples and 0.7 * TARGET_TRIPLES <= s.triples <= 1.5 * TARGET_TRIPLES]
    for s in near:
        rows = _all_rows(s, stages)
        cb = rows.get("cli-build")
        if cb and cb["status"] == "ok":
            out.append(
                f"| whole build at {s.name} ({s.triples:,} triples) < {TARGET_BUILD_S / 60:g} min | "
                f"{_fmt_s(cb['median_s'])} (`kzgraph build` with validation, QC and reasoning) | "
                f"{yes(cb['median_s'] < TARGET_BUILD_S)} |"
            )
            rss = f"; {cb['tree_rss_mib'] / 1024:.2f} GiB counting shared pages in each process" if cb.get("tree_rss_mib") else ""
            out.append(
                f"| peak memory of that build < {TARGET_BUILD_MIB / 1024:g} GiB | {cb['peak_mib'] / 1024:.2f} GiB "
                f"(its process tree, proportional set size{rss}) | {yes(cb['peak_mib'] < TARGET_BUILD_MIB)} |"
            )
        elif cb and cb["status"] in ("timeout", "error"):
            out.append(
                f"| whole build at {s.name} < {TARGET_BUILD_S / 60:g} min and {TARGET_BUILD_MIB / 1024:g} GiB | "
                f"{_cell(cb)}: {cb.get('note', '')[:150]} | **no** |"
            )
        b = rows.get("build (sum)")
        if b and b["status"] == "ok":
            out.append(
                f"| stages of the build at {s.name} < {TARGET_BUILD_S / 60:g} min | {_fmt_s(b['median_s'])} "
                f"(sum of the stages, each measured alone) | {yes(b['median_s'] < TARGET_BUILD_S)} |"
            )
        worst = rows.get("queries (slowest)")
        if worst and worst["status"] == "ok":
            out.append(
                f"| every stored query at {s.name} < 100 ms | slowest {_fmt_s(worst['median_s'])} | "
                f"{yes(worst['median_s'] < 0.1)} |"
            )
    if not near:
        t, how = estimate(sizes, stages, "queries (slowest)", TARGET_TRIPLES)
        if t is not None:
            out.append(f"| every stored query at 1M triples < 100 ms | ≈ {_fmt_s(t)} ({how}) | {yes(t < 0.1)} |")
    sc = scaling(sizes, stages)
    bad = sorted(
        {
            (r["stage"], r["from"], r["to"], round(r["ratio"], 1))
            for r in sc
            if not r["linear"] and not r["stage"].startswith("query:") and r["from"] != "real"
        }
    )
    if sc:
        out.append(
            f"| every stage linear (10× triples ≤ 12× time) from 10× on | "
            f"{'; '.join(f'{st} {a}→{b} {r}×' for st, a, b, r in bad) or 'all linear'} | {yes(not bad)} |"
        )
    for s in sizes:
        bad = s.runs.get("bad-input") or []
        ok = [r for r in bad if r.get("status") == "ok"]
        if ok and s.scale:
            x = summarize(s, "bad-input")
            extra = ok[-1].get("extra") or {}
            out.append(
                f"| a broken record at {s.name} stops with file, line, field within a minute | "
                f"{_fmt_s(x['median_s'])}: `{extra.get('reported', '')[:90]}` | "
                f"{yes(x['median_s'] < 60 and extra.get('names_file_line_field', False))} |"
            )
    out += _incremental_targets(sizes, stages)
    for s in sizes:
        http = (_all_rows(s, stages).get("http") or {}).get("http")
        if not http:
            continue
        for name, q in sorted(http["queries"].items()):
            if q.get("ratio") is not None:
                out.append(
                    f"| `{name}` over /sparql ≥ oxigraph serve-read-only ({s.name}) | {q['kzgraph']['rps']:.0f} vs "
                    f"{q['oxigraph']['rps']:.0f} req/s | {yes(q['ratio'] >= 1)} |"
                )
        for path, r in sorted(http["pages"].items()):
            out.append(
                f"| page `{path}` ≥ 5,000 req/s ({s.name}) | {r['rps']:.0f} req/s, p99 {r['p99_ms']} ms, "
                f"{r['errors']} errors | {yes(r['rps'] >= 5000)} |"
            )
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

    e: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
        'font-family="sans-serif" font-size="12">',
        f'<rect width="{W}" height="{H}" fill="white"/>',
        f'<text x="{L}" y="18" font-size="14">kzgraph: median seconds per stage against asserted triples (log-log)</text>',
    ]
    for d in range(x0, x1 + 1):
        X = px(10**d)
        e.append(f'<line x1="{X:.1f}" y1="{T}" x2="{X:.1f}" y2="{H - B}" stroke="#ddd"/>')
        e.append(f'<text x="{X:.1f}" y="{H - B + 16}" text-anchor="middle">{_fmt_count(10**d)}</text>')
    for d in range(y0, y1 + 1):
        Y = py(10**d)
        e.append(f'<line x1="{L}" y1="{Y:.1f}" x2="{W - R}" y2="{Y:.1f}" stroke="#ddd"/>')
        e.append(
            f'<text x="{L - 6}" y="{Y + 4:.1f}" text-anchor="end">{f"{10**d * 1000:g} ms" if d < 0 else f"{10**d:g} s"}</text>'
        )
    e.append(f'<text x="{(L + W - R) / 2:.0f}" y="{H - 12}" text-anchor="middle">asserted triples</text>')
    e.append(
        f'<text x="16" y="{(T + H - B) / 2:.0f}" transform="rotate(-90 16 {(T + H - B) / 2:.0f})" text-anchor="middle">seconds</text>'
    )
    for limit, label in ((TARGET_BUILD_S, "3 min"), (0.1, "100 ms")):
        if 10**y0 <= limit <= 10**y1:
            Y = py(limit)
            e.append(f'<line x1="{L}" y1="{Y:.1f}" x2="{W - R}" y2="{Y:.1f}" stroke="#c00" stroke-dasharray="2,4"/>')
            e.append(f'<text x="{W - R - 4}" y="{Y - 4:.1f}" text-anchor="end" fill="#c00">{label}</text>')
    if 10**x0 <= TARGET_TRIPLES <= 10**x1:
        X = px(TARGET_TRIPLES)
        e.append(f'<line x1="{X:.1f}" y1="{T}" x2="{X:.1f}" y2="{H - B}" stroke="#c00" stroke-dasharray="2,4"/>')
        e.append(f'<text x="{X - 4:.1f}" y="{H - B - 6}" text-anchor="end" fill="#c00">1M triples</text>')
    # A guide of slope 1 (linear time) through the lower left.
    gx0, gx1 = 10**x0, 10**x1
    gy0 = 10**y0 * 2
    e.append(
        f'<line x1="{px(gx0):.1f}" y1="{py(gy0):.1f}" x2="{px(gx1):.1f}" y2="{py(min(10**y1, gy0 * gx1 / gx0)):.1f}" '
        'stroke="#999" stroke-dasharray="8,4"/>'
        if gy0 * gx1 / gx0 <= 10**y1
        else ""
    )
    for i, (name, pts) in enumerate(series):
        color = PALETTE[i % len(PALETTE)]
        dash = "" if i < len(PALETTE) else ' stroke-dasharray="6,3"'
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y, _ in pts)
        e.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
        for x, y, timeout in pts:
            if timeout:
                X, Y = px(x), py(y)
                e.append(
                    f'<path d="M{X - 5:.1f},{Y - 5:.1f}L{X + 5:.1f},{Y + 5:.1f}M{X - 5:.1f},{Y + 5:.1f}L{X + 5:.1f},{Y - 5:.1f}" stroke="{color}" stroke-width="2"/>'
                )
            else:
                e.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{color}"/>')
        ly = T + 14 + i * 17
        e.append(
            f'<line x1="{W - R + 12}" y1="{ly - 4}" x2="{W - R + 36}" y2="{ly - 4}" stroke="{color}" stroke-width="2"{dash}/>'
        )
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
        "sizes": [
            {
                "name": s.name,
                "scale": s.scale,
                "project": _project_label(s),
                "triples": s.triples,
                "generated_seconds": s.generated_seconds,
                "generator": s.info,
                "child_maxrss_mib": s.child_maxrss_mib,
                "stages": _all_rows(s, stages),
                "runs": s.runs,
            }
            for s in sizes
        ],
        "scaling": scaling(sizes, stages),
    }
