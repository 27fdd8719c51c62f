"""``kzgraph publish``: the linked-data site as static files, for any web server.

It writes the same documents at the same addresses as ``kzgraph serve`` (see :mod:`kzgraph.web.app`
for the strategy: things answer 303 See Other to ``page/…`` or ``data/….{ttl,jsonld,nt,rdf}``; the
RDF keeps the canonical IRIs, only paths are mapped onto ``--base``)::

    index.html, index.bg.html                 /            (HTML files also in Bulgarian: X.bg.html)
    page/{key}.html, page/{key}.bg.html       /page/{key}[?lang=bg]
    data/{key}.ttl|.jsonld|.nt|.rdf           /data/{key}.{ext}
    page/ontology.html, data/ontology.*       /ontology (303), /page/ontology
    page/dataset.html, data/dataset.*         /dataset (303); .well-known/void.{html,ttl,jsonld,nt,rdf}
    dump/…, queries/…, browse/…, pictures/…, static/style.css, 404.html
    queries/{name}[.bg].csv|.xlsx, browse[/{Class}].csv|.xlsx     the answers (default values) and lists as tables
    search.html, search.json, static/search.js, static/minisearch/   search in the browser (site_search)
    .htaccess                                 Apache (mod_rewrite, mod_headers): the 303s and negotiation
    nginx.conf                                the same rules for nginx (a snippet for a server block)

The rules are in :mod:`kzgraph.web.webconf`. The SPARQL endpoint exists only on the server; search
runs in the reader's browser (:mod:`kzgraph.web.site_search`); the stored queries' pages show their
results for the default parameters.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..core.errors import BuildError
from ..core.formats import DOCUMENT_TYPES, media_type_of
from ..core.progress import SILENT, Progress
from ..curated.namespaces import BASE, PREFIX_TABLE
from ..pipeline import pictures, terms
from ..pipeline.shrink import MANIFEST as RELEASE_RECORD
from ..pipeline.terms import DEFAULT_LANG, LANGS
from ..web import (
    addresses,
    documents,
    html,
    index_pages,
    list_downloads,
    ontology_page,
    query_downloads,
    query_pages,
    resource_page,
    void,
    worldmap,
)
from ..web.addresses import Links
from ..web.baseurl import public_base
from ..web.layout import Ctx
from ..web.protocol import Job, Rows, in_words
from ..web.site_search import write_search
from ..web.view import View
from ..web.webconf import htaccess, nginx
from ..web.worldmap_draw import world_svg
from . import changes, releases
from .target_dir import (
    PublishError,
    check_target,
    clear_stale_staging,
    discard,
    kept_files,
    publish_lock,
    staging_dir,
    swap_in,
    write_manifest,
)

if TYPE_CHECKING:
    from ..asking.queries import StoredQuery

STATIC_DIR = Path(__file__).resolve().parents[1] / "web" / "static"  # the server's own files, copied as they are


def _suffix(lang: str) -> str:
    return "" if lang == DEFAULT_LANG else f".{lang}"


def publish(
    root: Path, dist: Path, out: Path, base: str = BASE, kept: list[Path] | None = None, progress: Progress = SILENT
) -> dict[str, int]:
    """Write the static site for the release in ``dist`` to ``out``; returns counts of what it wrote.

    ``out`` must be new, empty, or a site an earlier publish wrote (see :mod:`kzgraph.publish.target_dir`);
    the site is written beside it and swapped in only when complete, so a failure or an
    interruption leaves the previous site whole, and no file publish did not write is ever removed:
    the folders that keep such files (found in the replaced site, or left by a killed publish) are
    appended to ``kept``. ``progress`` shows the pages and documents being written, on a terminal.
    """
    base = public_base(base)
    kept = [] if kept is None else kept
    with publish_lock(check_target(out, project=Path(root), dist=Path(dist))):
        target = check_target(out, project=Path(root), dist=Path(dist))  # again, now that no other publish runs
        kept += clear_stale_staging(target)
        stage = staging_dir(target)
        try:
            counts = _write_site(Path(root), Path(dist), stage, base, progress)
            counts["files"] += releases.write_release(Path(dist), stage)  # before the earlier ones: carry_over keeps it
            counts["files"] += releases.carry_over(target, stage)
            counts["files"] += releases.write_deltas(stage)
            counts["files"] += changes.write_changes(stage)
            counts["files"] += releases.write_series(stage, base)
            write_manifest(stage)
        except BaseException:
            discard(stage)
            raise
        try:
            left = swap_in(stage, target)
        except PublishError:  # nothing was swapped: ``stage`` is still the new site (after a swap it is the old one)
            discard(stage)
            raise
        kept += [left] if left else []
    return counts


def _checked_job(store: ox.Store, query: StoredQuery) -> Job:
    """The job a stored query runs as on the site: checked as `kzgraph query` and ``/queries/NAME``
    check it (no SERVICE, parsed by the one reading; a FROM naming a graph the release lacks is an
    error), on the same default dataset, prefixes and base IRI. The text each page runs, with its
    values written in, is read by the check again when it runs (``execute``), as the server's worker
    reads it: what runs is always the text the check read."""
    from ..asking.queries import QueryError, inspected
    from ..sparql.term_check import unknown_graphs

    try:
        inspection = inspected(query.text)
    except QueryError as exc:
        raise BuildError(f"queries/{query.name}.rq: {exc}") from None
    missing = unknown_graphs(store, inspection.graphs)
    if missing:
        raise BuildError(f"queries/{query.name}.rq: {missing}")
    return Job(query.text, PREFIX_TABLE, mode="rows", max_rows=10000, names_dataset=inspection.names_dataset, base_iri=BASE)


def _write_site(root: Path, dist: Path, out: Path, base: str, progress: Progress = SILENT) -> dict[str, int]:
    from ..asking.queries import QueryError, bind, load_queries
    from ..pipeline.embedded_store import load_release
    from ..web.results import execute

    store = ox.Store()
    load_release(store, dist / "kzgraph.nq")
    view = View(store)
    links = Links(base, static=True)
    counts = {"pages": 0, "rdf": 0, "files": 0}

    def write(rel: str, body: bytes, kind: str = "files") -> None:
        """Write one file of the site, counted under ``kind``; a path that would leave the site is refused."""
        path = out / rel
        if not os.path.abspath(path).startswith(str(out) + os.sep):  # a key never leaves the site
            raise BuildError(f"refusing to write {rel!r} outside the site")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        counts[kind] += 1

    void_ttl = (dist / "void.ttl").read_bytes()
    summary = void.read_void(void_ttl)
    try:
        queries = load_queries(root / "queries")
    except QueryError as exc:
        raise BuildError(str(exc)) from None
    checked_jobs = {q.name: _checked_job(store, q) for q in queries}
    written: set[str] = set()  # the answers' files already written (one file serves both languages without a lang parameter)
    map_data = worldmap.prepare(store, queries)  # the map's stored query, run once for every page
    files = [
        (p.name, media_type_of(p.name).split(";")[0], p.stat().st_size)
        for p in sorted(dist.iterdir())
        if p.is_file() and p.name != RELEASE_RECORD
    ]
    geojson = worldmap.geojson(store) if map_data is not None else None
    if geojson is not None:  # beside the dumps, at the address `kzgraph serve` gives it
        files.append((worldmap.GEOJSON_NAME, worldmap.GEOJSON_MEDIA, len(geojson)))
        write(f"dump/{worldmap.GEOJSON_NAME}", geojson)
    for lang in LANGS:
        with progress.stage(f"pages ({lang})", len(view.keys - {"ontology", "dataset"}), unit="pages") as step:
            ctx = Ctx(view, links, lang)
            sfx = _suffix(lang)
            link = lambda iri, lang=lang: links.href(iri, lang)
            svgs = pictures.page_pictures(store, lang, link)
            if map_data is not None:
                svgs["map"] = world_svg(store, map_data, lang, link)
                svgs["map-narrow"] = world_svg(store, map_data, lang, link, narrow=True)
            for name, svg in svgs.items():
                if name.endswith("-narrow"):  # inlined in the home page only, for a phone's screen
                    continue
                write(addresses.picture_name(name, lang), svg.encode("utf-8"))
            write(f"index{sfx}.html", index_pages.home_page(ctx, summary, svgs), "pages")
            for key in sorted(view.keys - {"ontology", "dataset"}):
                write(f"page/{key}{sfx}.html", resource_page.resource_page(ctx, key), "pages")
                step(1)
            write(f"page/ontology{sfx}.html", ontology_page.ontology_page(ctx), "pages")
            write(f"page/dataset{sfx}.html", void.void_page(ctx, summary), "pages")
            write(f".well-known/void{sfx}.html", void.void_page(ctx, summary), "pages")
            write(f"browse{sfx}.html", index_pages.browse_index(ctx), "pages")
            for cls, _ in index_pages.class_counts(view):
                local = cls[len(terms.KZO_NS) :]
                body = index_pages.browse_page(ctx, local)
                if body:
                    write(f"browse/{local}{sfx}.html", body, "pages")
            write(f"queries{sfx}.html", query_pages.queries_page(ctx, queries), "pages")
            for q in queries:
                values = {"lang": lang} if any(p.name == "lang" for p in q.params) else {}
                text = bind(q, values)
                # the bound text is read by the check again and its one reading run, as /queries/NAME runs it
                answer = execute(store, replace(checked_jobs[q.name], query=text))
                if isinstance(answer, Rows):
                    form, variables, rows, truncated = answer.form, answer.variables, answer.rows, answer.cut
                    result = (
                        html.el("p", "ASK: ", "true" if rows else "false")
                        if form == "boolean"
                        else query_pages.results_table(ctx, variables, rows, truncated)
                    )
                    downloads = query_downloads.links(ctx, q, values)
                    body = query_pages.query_page(ctx, q, text, values, result, None, downloads=downloads)
                    _write_downloads(write, written, ctx, q, values, form, variables, rows, summary)
                else:
                    body = query_pages.query_page(ctx, q, text, values, None, in_words(answer))
                write(f"queries/{q.name}{sfx}.html", body, "pages")
            write(f"dump/index{sfx}.html", index_pages.dumps_page(ctx, files), "pages")
    for cls, _ in [(terms.KZO_NS, 0), *index_pages.class_counts(view)]:  # the lists' tables: browse.csv, browse/State.xlsx …
        local = cls[len(terms.KZO_NS) :]
        for fmt in ("csv", "xlsx"):
            made = list_downloads.list_file(view, f"browse/{local}.{fmt}" if local else f"browse.{fmt}")
            if made is not None:
                write(f"browse/{local}.{fmt}" if local else f"browse.{fmt}", made[0])
    write("404.html", index_pages.not_found_page(Ctx(view, links, DEFAULT_LANG), "", None), "pages")
    write_search(write, view, links, [c[len(terms.KZO_NS) :] for c, _ in index_pages.class_counts(view)])
    with progress.stage("RDF documents", len(view.keys) * len(DOCUMENT_TYPES), unit="documents") as step:
        for key in sorted(view.keys):
            for ext in DOCUMENT_TYPES:
                write(f"data/{key}.{ext}", documents.rdf_document(view, key, ext, void_ttl), "rdf")
                step(1)
    void_triples = list(ox.parse(void_ttl, format=ox.RdfFormat.TURTLE))
    for ext in DOCUMENT_TYPES:
        write(f".well-known/void.{ext}", void_ttl if ext == "ttl" else documents.serialize(void_triples, ext))
    dumps = [f for f in files if f[0] != worldmap.GEOJSON_NAME]  # the release's own files (the GeoJSON is written above)
    for name, _, _ in dumps:
        shutil.copyfile(dist / name, out / "dump" / name)
        counts["files"] += 1
    for q in queries:
        write(f"queries/{q.name}.rq", q.text.encode("utf-8"))
    for p in sorted(STATIC_DIR.iterdir()) if STATIC_DIR.is_dir() else []:
        if p.is_file():
            write(f"static/{p.name}", p.read_bytes())  # the static copy has no SPARQL page: no editor files
    write(".htaccess", htaccess(base).encode("utf-8"))
    write("nginx.conf", nginx(base).encode("utf-8"))
    return counts


def _write_downloads(
    write: Any, written: set[str], ctx: Ctx, q: StoredQuery, values: dict, form: str, variables: Any, rows: Any, summary: Any
) -> None:
    """The answer for the defaults as CSV and XLSX beside its page (:mod:`kzgraph.web.query_downloads`)."""
    columns, table = query_downloads.table(form, variables, rows)
    about = query_downloads.about(ctx, q, values, summary.license, summary.source)
    for fmt in ("csv", "xlsx"):
        rel = query_downloads.file_name(q, ctx.lang, fmt)
        if rel not in written:
            write(rel, query_downloads.write(fmt, columns, table, q.title_in(ctx.lang), about))
            written.add(rel)


# --- web server configuration ---------------------------------------------------------------------------


def cmd_publish(args: argparse.Namespace) -> int:
    """``kzgraph publish``: the release as a static site for ``--base``; 0, or raises (exit 1) leaving ``--out`` as it was."""
    from ..curated.project import project_root
    from ..pipeline.build import ensure_built

    root = project_root(args.root)
    dist = Path(args.dist) if args.dist else root / "dist"
    base = public_base(args.base or BASE)
    check_target(args.out, project=root, dist=dist)  # before building: refuse early, write nothing
    ensure_built(root, dist)
    kept: list[Path] = []
    progress = Progress.for_terminal("publish", len(LANGS) + 1)
    counts = publish(root, dist, Path(args.out), base, kept, progress)
    print(
        f"wrote {counts['pages']} pages, {counts['rdf']} RDF documents and {counts['files']} other files to {args.out} "
        f"(for {base}; .htaccess and nginx.conf included)",
        file=sys.stderr,
    )
    for folder in kept:
        files = kept_files(folder)
        listed = ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
        print(
            f"kept {len(files)} file(s) found in the replaced site that publish did not write (or that changed "
            f"since it wrote them), in {folder}: {listed} "
            f"(nothing was deleted; move back what belongs in the site)",
            file=sys.stderr,
        )
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``publish`` to the command line."""
    s = sub.add_parser(
        "publish",
        help="write the linked-data site as static files (pages, RDF per resource, dumps, VoID, .htaccess and nginx config)",
    )
    s.add_argument(
        "--out",
        required=True,
        help="directory to write: new, empty, or a site an earlier publish wrote "
        "(replaced once the new one is complete; nothing else is ever removed)",
    )
    s.add_argument("--base", help="public URL standing for https://w3id.org/kzgraph/ (default: that IRI itself)")
    s.add_argument("--dist", help="release directory (default: ROOT/dist, built when stale)")
    s.set_defaults(func=cmd_publish)
