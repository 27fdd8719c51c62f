"""A page per release of the published site, with what changed since the release before it.

``kzgraph publish`` keeps every release's dumps under ``releases/VERSION/`` (:mod:`.releases`). Beside
them it writes, for each release that has one before it, the fact-level changelog that ``kzgraph diff``
makes of the two dumps — ``changes-from-PREVIOUS.md`` for people, ``changes-from-PREVIOUS.ttl`` for
programs (each change a resource linked to both releases) — and an HTML page per release
(``releases/VERSION/index.html``: its files, its deltas and its changes) and one listing them all
(``releases/index.html``). A changelog carried over from the site being replaced is kept as it was.
"""

from __future__ import annotations

import html
import itertools
from pathlib import Path

from ..curated.namespaces import short_name
from ..pipeline.diff import HEADINGS, Change, Diff, diff, to_markdown, to_turtle
from .releases import versions_in


def write_changes(site: Path) -> int:
    """Write each release's changelog that is missing and every release page; the number of files written."""
    folder, written = site / "releases", 0
    versions = versions_in(folder)
    changes: dict[str, Diff] = {}
    for old, new in itertools.pairwise(versions):
        if not ((folder / old / "kzgraph.nq").is_file() and (folder / new / "kzgraph.nq").is_file()):
            continue
        d = changes[new] = diff(folder / old, folder / new)
        d.old.given, d.new.given = f"release {old}", f"release {new}"
        for suffix, body in ((".md", to_markdown(d).encode("utf-8")), (".ttl", to_turtle(d))):
            path = folder / new / f"changes-from-{old}{suffix}"
            if not path.exists():
                path.write_bytes(body)
                written += 1
    for version in versions:
        (folder / version / "index.html").write_text(
            _release_page(folder / version, version, changes.get(version)), encoding="utf-8"
        )
        written += 1
    if versions:
        (folder / "index.html").write_text(_series_page(versions), encoding="utf-8")
        written += 1
    return written


def _page(title: str, body: list[str], depth: int) -> str:
    up = "../" * depth
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{html.escape(title)}</title>",
            f'<link rel="stylesheet" href="{up}static/style.css"></head>',
            f'<body><main id="main"><p><a href="{up}">kzgraph</a> › <a href="{up}releases/">releases</a></p>',
            f"<h1>{html.escape(title)}</h1>",
            *body,
            "</main></body></html>",
            "",
        ]
    )


def _series_page(versions: list[str]) -> str:
    items = [f'<li><a href="{html.escape(v)}/">release {html.escape(v)}</a></li>' for v in reversed(versions)]
    intro = (
        "<p>Every release of the dataset, newest first. Each keeps its dumps at addresses that never change, "
        "the changes since the release before it, and the deltas that move a triple store forward. As RDF: the DCAT "
        '<a href="index.ttl">dataset series</a>.</p>'
    )
    return _page("kzgraph releases", [intro, "<ul>", *items, "</ul>"], 1)


def _release_page(folder: Path, version: str, changes: Diff | None) -> str:
    files = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != "index.html")
    body = ["<h2>Files</h2>", "<ul>"]
    body += [f'<li><a href="{html.escape(n)}">{html.escape(n)}</a></li>' for n in files]
    body += ["</ul>"]
    if changes is None:
        body.append("<p>The first release of the series: nothing before it to compare with.</p>")
    else:
        body += _changes_html(changes)
    return _page(f"kzgraph release {version}", body, 2)


def _changes_html(d: Diff) -> list[str]:
    summary = to_markdown(d).splitlines()[2]  # the summary line the Markdown changelog opens with
    out = [f"<h2>What changed since {html.escape(d.old.given)}</h2>", f"<p>{html.escape(summary)}</p>"]
    for (what, kind), heading in HEADINGS.items():
        found = d.of(what, kind)
        if found:
            out += [f"<h3>{heading} ({len(found)})</h3>", "<ul>", *(_change_html(c) for c in found), "</ul>"]
    return out


def _change_html(c: Change) -> str:
    label = f" — {html.escape(c.label)}" if c.label else ""
    section = f" (section {html.escape(c.section)})" if c.section else ""
    rows = "".join(
        f"<li><code>{html.escape(short_name(p.predicate))}</code>: {html.escape(', '.join(sorted(p.old)) or '—')} → "
        f"{html.escape(', '.join(sorted(p.new)) or '—')}</li>"
        for p in c.properties
    )
    return f"<li><code>{html.escape(short_name(c.iri))}</code>{label}{section}" + (f"<ul>{rows}</ul>" if rows else "") + "</li>"


__all__ = ["write_changes"]
