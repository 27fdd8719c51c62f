"""``kzgraph publish``: the linked-data site as static files, for any web server.

It writes the same documents at the same addresses as ``kzgraph serve`` (see :mod:`kzgraph.server`
for the strategy: things answer 303 See Other to ``page/…`` or ``data/….{ttl,jsonld,nt,rdf}``; the
RDF keeps the canonical IRIs, only paths are mapped onto ``--base``)::

    index.html, index.bg.html                 /            (HTML files also in Bulgarian: X.bg.html)
    page/{key}.html, page/{key}.bg.html       /page/{key}[?lang=bg]
    data/{key}.ttl|.jsonld|.nt|.rdf           /data/{key}.{ext}
    page/ontology.html, data/ontology.*       /ontology (303), /page/ontology
    page/dataset.html, data/dataset.*         /dataset (303); .well-known/void.{html,ttl,jsonld,nt,rdf}
    dump/…, queries/…, browse/…, pictures/…, static/style.css, 404.html
    .htaccess                                 Apache (mod_rewrite, mod_headers): the 303s and negotiation
    nginx.conf                                the same rules for nginx (a snippet for a server block)

A static host cannot compute q-values, so the rewrite rules approximate them in the same order as
the server: HTML at full quality first, then an RDF type at full quality (Turtle, JSON-LD,
N-Triples, RDF/XML), then any RDF type the client accepts, else HTML. Without ``?lang=`` a page
is Bulgarian when ``Accept-Language`` starts with ``bg``. The SPARQL endpoint and the search exist
only on the server; the stored queries' pages show their results for the default parameters.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from . import pages, pictures
from .baseurl import nginx_regex, public_base
from .errors import BuildError
from .namespaces import BASE
from .sitedir import check_target, discard, staging_dir, swap_in, write_manifest
from .pages import DEFAULT_LANG, GRAPH_DUMPS, LANGS, RDF_FORMATS, Ctx, Links, View

STATIC_DIR = Path(__file__).with_name("static")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
MEDIA = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples", "rdf": "application/rdf+xml"}
# the Accept patterns of each RDF format, in the server's order of preference
ACCEPT = {"ttl": r"(text/turtle|application/x-turtle|text/n3)", "jsonld": r"(application/ld\+json|application/json)",
          "nt": r"(application/n-triples|text/plain)", "rdf": r"application/rdf\+xml"}
HTML_ACCEPT = r"(text/html|application/xhtml\+xml)"


def full(pattern: str) -> str:
    """An Accept regex: the type is listed without a lowered q-value."""
    return rf"(^|,)\s*{pattern}(?![^,]*;\s*q=0)"


def accepted(pattern: str) -> str:
    """An Accept regex: the type is listed, and not with q=0."""
    return rf"(^|,)\s*{pattern}(?![^,]*;\s*q=0(\.0{{0,3}})?\s*(,|;|$))"


def _suffix(lang: str) -> str:
    return "" if lang == DEFAULT_LANG else f".{lang}"


def publish(root: Path, dist: Path, out: Path, base: str = BASE) -> dict[str, int]:
    """Write the static site for the release in ``dist`` to ``out``; returns counts of what it wrote.

    ``out`` must be new, empty, or a site an earlier publish wrote (see :mod:`kzgraph.sitedir`);
    the site is written beside it and swapped in only when complete, so a failure or an
    interruption leaves the previous site whole, and no file publish did not write is ever removed.
    """
    base = public_base(base)
    target = check_target(out, project=Path(root), dist=Path(dist))
    stage = staging_dir(target)
    try:
        counts = _write_site(Path(root), Path(dist), stage, base)
        write_manifest(stage)
        swap_in(stage, target)
    except BaseException:
        discard(stage)
        raise
    return counts


def _write_site(root: Path, dist: Path, out: Path, base: str) -> dict[str, int]:
    from .queries import bind, load_queries
    from .server import execute
    from .store import load_release

    store = ox.Store()
    load_release(store, dist / "kzgraph.nq")
    view = View(store)
    links = Links(base, static=True)
    counts = {"pages": 0, "rdf": 0, "files": 0}

    def write(rel: str, body: bytes, kind: str = "files") -> None:
        path = out / rel
        if not os.path.abspath(path).startswith(str(out) + os.sep):  # a key never leaves the site
            raise BuildError(f"refusing to write {rel!r} outside the site")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        counts[kind] += 1

    void_ttl = (dist / "void.ttl").read_bytes()
    void = pages.read_void(void_ttl)
    queries = load_queries(root / "queries") if (root / "queries").is_dir() else []
    files = [(p.name, MEDIA.get(p.suffix.lstrip("."), "application/octet-stream"), p.stat().st_size)
             for p in sorted(dist.iterdir()) if p.is_file()]
    for lang in LANGS:
        ctx = Ctx(view, links, lang)
        sfx = _suffix(lang)
        link = (lambda iri, lang=lang: links.href(iri, lang))
        svgs = {"timeline": pictures.timeline_svg(store, lang, link), "missions": pictures.missions_svg(store, lang, link)}
        for name, svg in svgs.items():
            write(pages.picture_name(name, lang), svg.encode("utf-8"))
        write(f"index{sfx}.html", pages.home_page(ctx, void, svgs), "pages")
        for key in sorted(view.keys - {"ontology", "dataset"}):
            write(f"page/{key}{sfx}.html", pages.resource_page(ctx, key), "pages")
        write(f"page/ontology{sfx}.html", pages.ontology_page(ctx), "pages")
        write(f"page/dataset{sfx}.html", pages.void_page(ctx, void), "pages")
        write(f".well-known/void{sfx}.html", pages.void_page(ctx, void), "pages")
        write(f"browse{sfx}.html", pages.browse_index(ctx), "pages")
        for cls, _ in pages.class_counts(view):
            local = cls[len(pages.KZO_NS):]
            body = pages.browse_page(ctx, local)
            if body:
                write(f"browse/{local}{sfx}.html", body, "pages")
        write(f"queries{sfx}.html", pages.queries_page(ctx, queries), "pages")
        for q in queries:
            values = {"lang": lang} if any(p.name == "lang" for p in q.params) else {}
            text = bind(q, values)
            answer = execute(store, {"query": text, "mode": "rows", "max_rows": 10000}, check=False)  # our own queries
            if answer[0] == "rows":
                _, kind, variables, rows, truncated = answer
                result = (pages.el("p", "ASK: ", "true" if rows else "false") if kind == "boolean"
                          else pages.results_table(ctx, variables, rows, truncated))
                body = pages.query_page(ctx, q, text, values, result, None)
            else:
                body = pages.query_page(ctx, q, text, values, None, f"{answer[0]}: {answer[1]}")
            write(f"queries/{q.name}{sfx}.html", body, "pages")
        write(f"dump/index{sfx}.html", pages.dumps_page(ctx, files), "pages")
    write("404.html", pages.not_found_page(Ctx(view, links, DEFAULT_LANG), "", None), "pages")
    for key in sorted(view.keys):
        for ext in RDF_FORMATS:
            write(f"data/{key}.{ext}", pages.rdf_document(view, key, ext, void_ttl), "rdf")
    void_triples = list(ox.parse(void_ttl, format=ox.RdfFormat.TURTLE))
    for ext in RDF_FORMATS:
        write(f".well-known/void.{ext}", void_ttl if ext == "ttl" else pages.serialize(void_triples, ext))
    for name, _, _ in files:
        shutil.copyfile(dist / name, out / "dump" / name)
        counts["files"] += 1
    for q in queries:
        write(f"queries/{q.name}.rq", q.text.encode("utf-8"))
    for p in sorted(STATIC_DIR.iterdir()) if STATIC_DIR.is_dir() else []:
        if p.is_file():
            write(f"static/{p.name}", p.read_bytes())
    write(".htaccess", htaccess(base).encode("utf-8"))
    write("nginx.conf", nginx(base).encode("utf-8"))
    return counts


# --- web server configuration ---------------------------------------------------------------------------

THINGS = [  # (regex of the thing's path, document key in the replacement)
    (r"^id/(.+)$", "$1"),
    (r"^ontology(/[^/]+)?$", "ontology"),
    (r"^dataset$", "dataset"),
]


def htaccess(base: str) -> str:
    """Apache rules for the site published under ``base`` (a URL checked by :func:`public_base`)."""
    base = public_base(base)
    base_path = urlsplit(base).path
    lines = [
        f"# kzgraph static site for {base} — generated by `kzgraph publish`; do not edit by hand.",
        "# The same addresses and Cool-URIs strategy as `kzgraph serve`: a thing's IRI answers",
        "# 303 See Other to its HTML page or to an RDF document, chosen by the Accept header.",
        "# mod_rewrite cannot compute q-values; the rules approximate them in the server's order:",
        "# HTML at full quality, then Turtle / JSON-LD / N-Triples / RDF/XML at full quality, then any",
        "# of these the client accepts (q>0), else HTML. Needs mod_rewrite, mod_headers and mod_mime,",
        f"# and the site's files under DOCUMENT_ROOT{base_path} (AllowOverride FileInfo Options Indexes).",
        "Options -MultiViews -Indexes",
        "DirectoryIndex index.html",
        "AddType \"text/turtle; charset=utf-8\" .ttl",
        "AddType application/ld+json .jsonld",
        "AddType application/n-triples .nt",
        "AddType application/n-quads .nq",
        "AddType application/trig .trig",
        "AddType application/rdf+xml .rdf",
        "AddType \"application/sparql-query; charset=utf-8\" .rq",
        "AddType image/svg+xml .svg",
        "AddType \"text/html; charset=utf-8\" .html",
        "AddType \"text/css; charset=utf-8\" .css",
        f"ErrorDocument 404 {base_path}404.html",
        "<IfModule mod_headers.c>",
        f"  Header always set Content-Security-Policy \"{CSP}\"",
        "  Header always set X-Content-Type-Options nosniff",
        "  Header always set Referrer-Policy no-referrer",
        "  Header always set Access-Control-Allow-Origin \"*\"",
        "  Header always merge Vary Accept env=KZ_VARY",
        "  Header always merge Vary Accept-Language env=KZ_VARY",
        "</IfModule>",
        "RewriteEngine On",
        f"RewriteBase {base_path}",
        "",
        "# named graphs: 303 to the dump that holds each",
    ]
    for name, dump in GRAPH_DUMPS.items():
        lines.append(f"RewriteRule ^graph/{name}$ dump/{dump} [R=303,L]")
    for pattern, key in THINGS:
        page_exists = f"%{{DOCUMENT_ROOT}}{base_path}page/{key}.html"
        lines += ["", f"# things {pattern}: 303 to the document the client prefers (404 when there is none)"]
        lines += [f"RewriteCond {page_exists} !-f", f"RewriteRule {pattern} - [R=404,L]"]
        lines += [f"RewriteCond %{{HTTP_ACCEPT}} \"{full(HTML_ACCEPT)}\" [NC]",
                  "RewriteCond %{HTTP:Accept-Language} ^\\s*bg [NC]",
                  f"RewriteRule {pattern} page/{key}?lang=bg [R=303,L,E=KZ_VARY:1]",
                  f"RewriteCond %{{HTTP_ACCEPT}} \"{full(HTML_ACCEPT)}\" [NC]",
                  f"RewriteRule {pattern} page/{key} [R=303,L,E=KZ_VARY:1]"]
        for test in (full, accepted):
            for ext, regex in ACCEPT.items():
                lines += [f"RewriteCond %{{HTTP_ACCEPT}} \"{test(regex)}\" [NC]",
                          f"RewriteRule {pattern} data/{key}.{ext} [R=303,L,E=KZ_VARY:1]"]
        lines += ["RewriteCond %{HTTP:Accept-Language} ^\\s*bg [NC]",
                  f"RewriteRule {pattern} page/{key}?lang=bg [R=303,L,E=KZ_VARY:1]",
                  f"RewriteRule {pattern} page/{key} [R=303,L,E=KZ_VARY:1]"]
    lines += [
        "",
        "# /.well-known/void: the VoID description, negotiated (200)",
        "RewriteCond %{QUERY_STRING} (^|&)format=(ttl|jsonld|nt|rdf)(&|$)",
        "RewriteRule ^\\.well-known/void$ .well-known/void.%2 [L]",
    ]
    for test in (full,):
        lines += [f"RewriteCond %{{HTTP_ACCEPT}} \"{test(HTML_ACCEPT)}\" [NC]",
                  "RewriteRule ^\\.well-known/void$ - [S=8]"]
    for test in (full, accepted):
        for ext, regex in ACCEPT.items():
            lines += [f"RewriteCond %{{HTTP_ACCEPT}} \"{test(regex)}\" [NC]",
                      f"RewriteRule ^\\.well-known/void$ .well-known/void.{ext} [L,E=KZ_VARY:1]"]
    lines += [
        "RewriteRule ^\\.well-known/void$ .well-known/void.html [E=KZ_VARY:1]",
        "",
        "# HTML documents: /X is X.html, or X.bg.html with ?lang=bg or (no ?lang) Accept-Language: bg…",
        "RewriteCond %{QUERY_STRING} (^|&)lang=bg(&|$) [OR]",
        "RewriteCond \"%{QUERY_STRING}|%{HTTP:Accept-Language}\" \"^(?![^|]*\\blang=)[^|]*\\|\\s*bg\" [NC]",
        "RewriteRule ^(|.*/)$ $1index.bg.html [L,E=KZ_VARY:1]",
        "RewriteCond %{QUERY_STRING} (^|&)lang=bg(&|$) [OR]",
        "RewriteCond \"%{QUERY_STRING}|%{HTTP:Accept-Language}\" \"^(?![^|]*\\blang=)[^|]*\\|\\s*bg\" [NC]",
        "RewriteCond %{REQUEST_FILENAME}.bg.html -f",
        "RewriteRule ^(.*[^/])$ $1.bg.html [L,E=KZ_VARY:1]",
        "RewriteCond %{REQUEST_FILENAME}.html -f",
        "RewriteRule ^(.*[^/])$ $1.html [L,E=KZ_VARY:1]",
        "",
    ]
    return "\n".join(lines)


def nginx(base: str) -> str:
    """nginx rules for the site published under ``base`` (a URL checked by :func:`public_base`).

    Redirects name the configured base, never the request's Host header, so a cache in front
    cannot be poisoned with another host's address."""
    base = public_base(base)
    p = urlsplit(base).path
    rx = nginx_regex(p)
    hdr = [f"add_header Content-Security-Policy \"{CSP}\" always;",
           "add_header X-Content-Type-Options nosniff always;",
           "add_header Referrer-Policy no-referrer always;",
           "add_header Access-Control-Allow-Origin \"*\" always;",
           "add_header Vary \"Accept, Accept-Language\" always;"]

    def headers(indent: str) -> list[str]:
        return [indent + h for h in hdr]

    types = ["    types {",
             "        text/html html; text/css css; image/svg+xml svg; text/turtle ttl; application/ld+json jsonld;",
             "        application/n-triples nt; application/n-quads nq; application/trig trig; application/rdf+xml rdf;",
             "        application/sparql-query rq;",
             "    }",
             "    charset utf-8;",
             "    charset_types text/css text/turtle application/sparql-query;"]

    def redirects(indent: str, key: str) -> list[str]:
        """303s in the server's order of preference (each `if` only returns: safe in nginx)."""
        page = f"{base}page/{key}$kz_lang_arg"
        out = [f'{indent}if ($http_accept ~* "{full(HTML_ACCEPT)}") {{ return 303 {page}; }}']
        for test in (full, accepted):
            for ext, regex in ACCEPT.items():
                out.append(f'{indent}if ($http_accept ~* "{test(regex)}") {{ return 303 {base}data/{key}.{ext}; }}')
        out.append(f"{indent}return 303 {page};")
        return out

    lines = [
        f"# kzgraph static site for {base} — generated by `kzgraph publish`; include it in a server {{ }} block.",
        f"# The published directory must be served at {p} (for example root /var/www; the files in /var/www{p}).",
        "# Same strategy as `kzgraph serve` and the .htaccess: things answer 303 See Other to an HTML page",
        "# or an RDF document chosen by Accept (q-values approximated: HTML at full quality, then Turtle,",
        "# JSON-LD, N-Triples, RDF/XML at full quality, then any of them accepted, else HTML).",
        "",
        "# the page language: ?lang=, else Accept-Language starting with bg, else English",
        'set $kz_lang "";',
        'if ($http_accept_language ~* "^\\s*bg") { set $kz_lang ".bg"; }',
        'if ($arg_lang = "bg") { set $kz_lang ".bg"; }',
        'if ($arg_lang = "en") { set $kz_lang ""; }',
        'set $kz_lang_arg "";',
        'if ($kz_lang = ".bg") { set $kz_lang_arg "?lang=bg"; }',
        "",
        f"location = /.well-known/void {{ return 303 {base}.well-known/void$is_args$args; }}",
    ]
    for name, dump in GRAPH_DUMPS.items():
        lines.append(f"location = {p}graph/{name} {{ return 303 {base}dump/{dump}; }}")
    lines += [
        f"location ~ ^{rx}id/(?<kz_key>.+)$ {{",
        *headers("    "),
        f"    if (!-f $document_root{p}page/$kz_key.html) {{ return 404; }}",
        *redirects("    ", "$kz_key"),
        "}",
        f"location ~ ^{rx}(ontology(/[^/]+)?)$ {{",
        *headers("    "),
        *redirects("    ", "ontology"),
        "}",
        f"location = {p}dataset {{",
        *headers("    "),
        *redirects("    ", "dataset"),
        "}",
        f"location = {p}.well-known/void {{",
        *headers("    "),
        "    # later tests win: least preferred first",
        '    set $kz_void "$kz_lang.html";',
    ]
    tests = [(accepted, ext, regex) for ext, regex in reversed(ACCEPT.items())] + \
            [(full, ext, regex) for ext, regex in reversed(ACCEPT.items())]
    for test, ext, regex in tests:
        lines.append(f'    if ($http_accept ~* "{test(regex)}") {{ set $kz_void .{ext}; }}')
    lines += [
        f'    if ($http_accept ~* "{full(HTML_ACCEPT)}") {{ set $kz_void "$kz_lang.html"; }}',
        '    if ($arg_format ~ "^(ttl|jsonld|nt|rdf)$") { set $kz_void .$arg_format; }',
        f"    rewrite ^ {p}.well-known/void$kz_void last;",
        "}",
        f"location {p} {{",
        *headers("    "),
        *types,
        f"    error_page 404 {p}404.html;",
        "    try_files $uri$kz_lang.html $uri.html $uri ${uri}index$kz_lang.html ${uri}index.html =404;",
        "}",
        "",
    ]
    return "\n".join(lines)


def cmd_publish(args: argparse.Namespace) -> int:
    from .cli import ensure_built

    root = Path(args.root).resolve()
    dist = Path(args.dist) if args.dist else root / "dist"
    base = public_base(args.base or BASE)
    check_target(args.out, project=root, dist=dist)  # before building: refuse early, write nothing
    ensure_built(root, dist)
    counts = publish(root, dist, Path(args.out), base)
    print(f"wrote {counts['pages']} pages, {counts['rdf']} RDF documents and {counts['files']} other files to {args.out} "
          f"(for {base}; .htaccess and nginx.conf included)", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``publish`` to the command line."""
    s = sub.add_parser("publish", help="write the linked-data site as static files (pages, RDF per resource, dumps, "
                                       "VoID, .htaccess and nginx config)")
    s.add_argument("--out", required=True, help="directory to write: new, empty, or a site an earlier publish wrote "
                                                "(replaced once the new one is complete; nothing else is ever removed)")
    s.add_argument("--base", help="public URL standing for https://w3id.org/kzgraph/ (default: that IRI itself)")
    s.add_argument("--dist", help="release directory (default: ROOT/dist, built when stale)")
    s.set_defaults(func=cmd_publish)
