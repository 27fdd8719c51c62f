"""The ``kzgraph`` command: a thin layer that wires the pipeline's stages together.

Every command exits 0 on success, 1 when the data or the graph fails a check (with the report on
stderr), and 2 on a usage error. No command prints a Python traceback for bad input.

A command interrupted from outside ends quietly too, with the status the shell gives a program that
a signal ends: 130 for Ctrl-C (SIGINT, 128 + 2), and 141 (SIGPIPE, 128 + 13) when the reader of its
output went away (``kzgraph queries | head -1``). Not 0 for the latter: a clean exit means that
nothing was lost, and part of the output was; 141 is what ``cat`` or ``grep`` report in the same
place, so a script with ``set -o pipefail`` treats kzgraph like them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .core.errors import SIGINT_STATUS, SIGPIPE_STATUS, BuildError, DataError, UsageError
from .curated.project import Location, locate, project_root

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

    from .asking.params import Lookup
    from .asking.queries import StoredQuery


def _root(args: argparse.Namespace) -> Path:
    """The project a curating command works on (``--root``, or found above the working directory)."""
    return project_root(args.root)


def _location(args: argparse.Namespace) -> Location:
    """Where a reading command finds its release and stored queries: a project, or the packaged release."""
    return locate(args.root, getattr(args, "dist", None))


def cmd_build(args: argparse.Namespace) -> int:
    """``kzgraph build``: write the release to ``--out`` (default ROOT/dist); 0, or raises (exit 1) leaving dist/ as it was."""
    from .curated.buildcache import Cache, fingerprint, up_to_date

    root = _root(args)
    out = Path(args.out) if args.out else root / "dist"
    options = {
        "validate": not args.no_validate,
        "reason": not args.no_reason,
        "reasoner": args.reasoner,
        "allow_shrink": args.allow_shrink,
        "shacl_engine": args.shacl,
    }
    cache = Cache.none() if args.no_cache else Cache.beside(out)
    inputs = fingerprint(root, [f"{k}={v}" for k, v in sorted(options.items())]) if cache.directory else None
    done = up_to_date(cache, out, inputs)  # decided before the pipeline's libraries are even imported
    for note in cache.notes:
        print(note, file=sys.stderr)
    if done is not None:
        print(done)
        print(f"{out} is up to date: no input changed since it was built (nothing to do; --no-cache builds it again)")
        return 0
    from .pipeline.build import build, build_progress, summary

    shown = len(cache.notes)
    release = build(
        root,
        out,
        **options,
        progress=build_progress(validate=not args.no_validate, reason=not args.no_reason),
        cache=cache,
        inputs=inputs,
    )
    for note in cache.notes[shown:]:
        print(note, file=sys.stderr)
    print(summary(release))
    print(f"wrote {out}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """``kzgraph validate``: SHACL and QC of the data (curated, or ``--data FILE``); 0 when it conforms, else 1."""
    from .curated.load import load
    from .pipeline.build import Project, _short_names, check, parse_ontology
    from .pipeline.convert import source_index, to_triples

    project = Project(_root(args))
    ontology = parse_ontology(project)  # first: a broken part is named as such, and fact labels read its phrases
    origins = None
    if args.data:
        data = _parse_rdf(Path(args.data))
        try:  # trace findings back to the curated files when the data came from them
            origins = source_index(load(project.root))
        except DataError:
            origins = None
    else:
        dataset = load(project.root)
        data, origins = to_triples(dataset, ontology=ontology), source_index(dataset)
    report = check(data, ontology, project, origins, shacl_engine=args.shacl)
    text = report.render(_short_names())
    print(text, file=sys.stdout if report.conforms else sys.stderr)
    return 0 if report.conforms else 1


def cmd_reason(args: argparse.Namespace) -> int:
    """``kzgraph reason``: print (or write to ``--out``) only the triples the OWL RL closure adds, as Turtle; 0."""
    from .curated.load import load
    from .pipeline.build import Project, parse_ontology
    from .pipeline.convert import to_triples
    from .pipeline.reason import infer
    from .pipeline.serialize import turtle

    project = Project(_root(args))
    ontology = parse_ontology(project)
    data = _parse_rdf(Path(args.data)) if args.data else to_triples(load(project.root), ontology=ontology)
    result = infer(data, ontology, engine=args.reasoner)
    body = turtle(result.triples)
    if args.out:
        Path(args.out).write_bytes(body)
        print(f"{len(result.triples)} inferred triples from {result.input_triples} input triples ({result.engine}) -> {args.out}")
    else:
        sys.stdout.buffer.write(body)
    return 0


def cmd_fields(args: argparse.Namespace) -> int:
    """``kzgraph fields``: what each field of the named record types (or of all) takes; 0, or 2 for an unknown type."""
    from .core.errors import UsageError
    from .curated.fieldref import reference

    try:
        sys.stdout.write(reference(args.types))
    except KeyError as exc:
        raise UsageError(exc.args[0]) from None
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """``kzgraph schema``: write one JSON Schema per curated file role (default to ROOT/data/schema); 0."""
    from .curated.schema import FILE_ROLES, schema_text

    out = Path(args.out) if args.out else _root(args) / "data" / "schema"
    out.mkdir(parents=True, exist_ok=True)
    for role in FILE_ROLES:
        (out / f"{role}.schema.json").write_text(schema_text(role), encoding="utf-8")
    print(f"wrote {len(FILE_ROLES)} JSON Schemas to {out}")
    return 0


def cmd_terms(args: argparse.Namespace) -> int:
    """``kzgraph terms``: write kzgraph/curated/kzo_terms.py, the closed ``KZO`` namespace, from the ontology; 0."""
    from .curated.closed_terms import default_module, defined_terms, module_text
    from .curated.project import Project
    from .pipeline.build import parse_ontology

    root = _root(args)
    ontology = parse_ontology(Project(root))
    out = Path(args.out) if args.out else default_module(root)
    if not out.parent.is_dir():
        raise UsageError(f"{out.parent}: no such directory (is {root} a checkout of kzgraph?); pass --out FILE")
    out.write_text(module_text(ontology), encoding="utf-8")
    print(f"wrote the {len(defined_terms(ontology))} terms of the ontology to {out}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """``kzgraph diff OLD NEW``: the facts and notes added, removed and changed, as Markdown or Turtle; 0 (2 if unrelated)."""
    from .pipeline.diff import diff, to_markdown, to_turtle

    changes = diff(Path(args.old), Path(args.new))
    if args.format == "ttl":
        sys.stdout.buffer.write(to_turtle(changes))
    else:
        sys.stdout.write(to_markdown(changes))
    return 0


def cmd_queries(args: argparse.Namespace) -> int:
    """``kzgraph queries``: list the stored queries, or describe one with the values its parameters take; 0 (2 if unknown)."""
    from .asking.queries import find_query, load_queries

    where = _location(args)
    if args.name:
        query = find_query(args.name, where.queries)
        sys.stdout.write(describe_query(query, _lookup(args)))
        return 0
    if where.queries is None:
        raise UsageError(
            f"{where.dist}: a release named by --dist alone comes with no stored queries; run in a project or name one with --root"
        )
    queries = load_queries(where.queries)
    width = max((len(q.name) for q in queries), default=0)
    for q in queries:
        params = " ".join(f"--param {p.name}={p.default.strip(chr(34))}" for p in q.params)
        print(f"{q.name.ljust(width)}  {q.title}" + (f"   [{params}]" if params else ""))
    print(
        f"({len(queries)} stored queries in {where.queries}; `kzgraph queries NAME` describes one, `kzgraph query NAME` runs it)"
    )
    return 0


def describe_query(query: StoredQuery, lookup: Lookup) -> str:
    """What ``kzgraph queries NAME`` prints: title, questions, each parameter with its kind, default
    and the values it takes (from the graph), and the SPARQL itself."""
    from .asking.params import describe, kind

    lines = [query.title or query.name, "=" * len(query.title or query.name)]
    for lang, question in sorted(query.questions.items()):
        lines.append(f"question ({lang}): {question}")
    if query.answer:
        lines.append(f"answer: {query.answer}")
    lines.append("")
    if query.params:
        lines.append("parameters (--param NAME=VALUE):")
        for p in query.params:
            several = ", several: comma-separated or --param repeated" if p.several else ""
            lines.append(f"  {p.name} ({p.kind or 'value'}{several}), default {p.default} — {p.doc}")
            if p.kind:
                lines.append(f"      takes {describe(kind(p.kind), lookup)}")
        lines.append("")
    else:
        lines.append("parameters: none")
        lines.append("")
    lines.append("SPARQL:")
    lines.append(query.text.rstrip())
    return "\n".join(lines) + "\n"


def _open_store(args: argparse.Namespace) -> ox.Store:
    import pyoxigraph as ox

    from .pipeline.embedded_store import load_release

    if getattr(args, "store", None):
        if not Path(args.store).is_dir():
            raise BuildError(f"{args.store}: no such store; make one with `kzgraph load --store {args.store}`")
        # Read-only: a query takes no write lock, so it never keeps a later `kzgraph load` (or a
        # server) out of the store, even when the interpreter is slow to drop the handle.
        try:
            return ox.Store.read_only(args.store)
        except OSError as exc:
            raise BuildError(f"{args.store}: cannot open the Oxigraph store: {exc}") from exc
    store = ox.Store()
    from .pipeline.build import release_file

    nq = release_file(_location(args))
    load_release(
        store, nq
    )  # every graph: which of them a query sees is its dataset (kzgraph.pipeline.embedded_store.dataset_options)
    return store


def _lookup(args: argparse.Namespace, store: ox.Store | None = None) -> Lookup:
    """Where parameter values are looked up: the graph the query runs on (a remote endpoint too)."""
    from .asking.params import Lookup, store_lookup

    if getattr(args, "endpoint", None):
        from .external.remote import select_rows

        return Lookup(lambda text: select_rows(args.endpoint, text))
    return store_lookup(store if store is not None else _open_store(args))


def cmd_query(args: argparse.Namespace) -> int:
    """``kzgraph query``: run a stored query (or a file, or ``-``) on the release or ``--endpoint``, results on stdout; 0."""
    from .asking.queries import QueryError, bind, evaluation_errors, find_query, inspected, run, with_declarations
    from .asking.render import form_of, render
    from .sparql.errors import unused_projection
    from .sparql.term_check import terms_of, unknown_graphs

    query = find_query(args.query, _queries_dir(args))
    values = _params(args.param or [])
    if args.lang and any(p.name == "lang" for p in query.params):
        values.setdefault("lang", args.lang)
    store = None if args.endpoint else _open_store(args)
    text = bind(query, values, _lookup(args, store) if values else None, allow_service=args.allow_service)
    for note in unused_projection(text):
        print(f"note: {note}", file=sys.stderr)
    inspection = inspected(text, allow_service=args.allow_service)  # the one reading, SERVICE only when asked
    text = inspection.text
    if args.endpoint:
        from .external.remote import query_endpoint, release_graph_iris

        sys.stdout.buffer.write(
            query_endpoint(
                args.endpoint,
                with_declarations(text),
                args.format,
                default_graphs=release_graph_iris(with_inferred=not args.asserted),
                # a query's own FROM chooses its dataset there as here: no default-graph-uri over it
                use_server_default=inspection.names_dataset,
                width=args.width,
                full=args.full,
            )
        )
        return 0
    missing = unknown_graphs(store, inspection.graphs)
    if missing:  # FROM a graph the release does not hold: the engine would read it as empty
        raise QueryError(missing)
    for warning in terms_of(store).warnings(list(inspection.iris)):  # a misspelt term: said, and the query runs
        print(f"warning: {warning}", file=sys.stderr)
    with evaluation_errors(text):  # a SERVICE that fails, a function the engine lacks: one line, exit 2
        results = run(store, text, asserted=args.asserted, names_dataset=inspection.names_dataset)
        body = render(results, args.format, width=args.width, full=args.full)
    _note_nearest(args.format, form_of(results))
    sys.stdout.buffer.write(body)
    _hint_other_side(args, query, values, store)
    return 0


def _note_nearest(fmt: str, form: str) -> None:
    """A note on stderr when ``--format`` has no document for this form and its nearest was written, as
    /sparql answers it (an ASK asked for as CSV is SPARQL JSON: the W3C CSV results have no boolean)."""
    from .asking.render import PEOPLES_FORMATS, answer
    from .core.formats import FORMS_SAID, answer_media

    fmt = fmt.lower()
    if fmt in PEOPLES_FORMATS:
        return
    written = answer(fmt, form)
    if not written.exact:
        print(
            f"note: {FORMS_SAID[form]} results have no {fmt} form; written as {answer_media(written.fmt)}, "
            f"as /sparql answers format={fmt}",
            file=sys.stderr,
        )


def _queries_dir(args: argparse.Namespace) -> Path | None:
    """The stored queries ``kzgraph query`` may name; for a file or standard input, where a project or
    release is only needed to suggest a stored query (None when there is neither)."""
    from .asking.queries import names_a_file

    if not names_a_file(args.query):
        return _location(args).queries
    try:
        return _location(args).queries
    except UsageError:
        return None


def _hint_other_side(args: argparse.Namespace, query: StoredQuery, values: dict, store: ox.Store | None) -> None:
    """A note on stderr when a query about one side of a mission is empty and the other side is not."""
    from .asking.queries import load_queries, other_side_hint

    directory = _queries_dir(args)
    if query.other_side and directory is not None:
        hint = other_side_hint(query, values, _lookup(args, store), load_queries(directory))
        if hint:
            sys.stdout.flush()
            print(f"note: {hint.sentence()}", file=sys.stderr)


def cmd_prefixes(args: argparse.Namespace) -> int:
    """``kzgraph prefixes``: the project's prefixes as a SPARQL prologue, or as Turtle ``@prefix`` lines; 0."""
    from .curated.namespaces import PREFIX_TABLE, sparql_prologue

    if args.turtle:
        width = max(len(p) for p in PREFIX_TABLE) + 1
        sys.stdout.write("".join(f"@prefix {(p + ':').ljust(width)} <{iri}> .\n" for p, iri in PREFIX_TABLE.items()))
    else:
        sys.stdout.write(sparql_prologue())
    return 0


def _params(given: list[str]) -> dict[str, str | list[str]]:
    """The ``--param`` options as values by name: a parameter given more than once has the list of its values."""
    lists: dict[str, list[str]] = {}
    for name, value in (_param(p) for p in given):
        lists.setdefault(name, []).append(value)
    return {name: vs[0] if len(vs) == 1 else vs for name, vs in lists.items()}


def _param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise UsageError(f"--param expects NAME=VALUE, got {text!r}")
    return name.strip(), value


def _parse_rdf(path: Path) -> Graph:
    from rdflib import Graph

    if not path.exists():
        raise BuildError(f"{path}: no such file")
    try:
        return Graph().parse(path)
    except Exception as exc:
        raise BuildError(f"{path}: cannot parse as RDF: {exc}") from None


def _shacl_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--shacl",
        choices=["pyshacl-turbo", "pyshacl"],
        default="pyshacl-turbo",
        help="SHACL engine for the core shapes: pyshacl-turbo (Rust, default) or pyshacl (the reference; same findings)",
    )


ROOT_HELP = (
    "project directory holding data/ and ontology/ (default: the nearest one at or above the working directory; "
    "without one, query, queries and serve read the release an installed wheel carries)"
)


class _Version(argparse.Action):
    """``--version``: computed when asked (it reads the release), printed, and the parser exits 0."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0, help=kwargs.get("help"))  # type: ignore[arg-type]

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object, option: object = None
    ) -> None:
        from .curated.about import version_text

        sys.stdout.write(version_text(getattr(namespace, "root", None)))
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line (what is wrong, and where the options are
    listed), exit status 2, like every other usage error of kzgraph: not the whole usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {self.prog}: {message} (`{self.prog} --help` lists the options)\n")


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``kzgraph`` argument parser: every subcommand, each with its handler set as ``func``.

    Given the ``command`` about to run, and when it is one of this module's own, the later stages'
    commands (whose modules import the web server, the stores and rdflib) are left out: they cannot
    change how that command's arguments are read, and a build with nothing to do then answers in the
    time Python takes to start."""
    p = _Parser(prog="kzgraph", description="Build, check, query and publish the kzgraph knowledge graph.")
    p.add_argument(
        "--version", action=_Version, help="print the package's version, the release's and the source article's revision"
    )
    p.add_argument("--root", default=None, help=ROOT_HELP)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser(
        "build", help="check the curated sources and write dist/ (Turtle, N-Triples, JSON-LD, TriG, N-Quads, VoID)"
    )
    b.add_argument("--out", help="output directory (default: ROOT/dist)")
    b.add_argument("--no-validate", action="store_true", help="skip SHACL and QC (not for releases)")
    b.add_argument("--no-reason", action="store_true", help="skip the OWL RL closure")
    b.add_argument(
        "--reasoner",
        choices=["reasonable", "owlrl"],
        default="reasonable",
        help="OWL 2 RL engine: reasonable (fast, default) or owlrl (the reference; same triples)",
    )
    b.add_argument(
        "--allow-shrink", action="store_true", help="replace the release even though this build holds sharply fewer facts than it"
    )
    b.add_argument(
        "--no-cache",
        action="store_true",
        help="neither use nor write the build cache (.dist.cache/ beside the output): read every source again",
    )
    _shacl_option(b)
    b.set_defaults(func=cmd_build)

    v = sub.add_parser("validate", help="SHACL shapes + ontology QC on the curated data or on --data FILE")
    v.add_argument("--data", help="an RDF file to validate instead of the curated sources")
    _shacl_option(v)
    v.set_defaults(func=cmd_validate)

    r = sub.add_parser("reason", help="OWL 2 RL closure: print (or --out) only the inferred triples")
    r.add_argument("--data", help="an RDF file to reason over instead of the curated sources")
    r.add_argument("--out", help="write the inferred triples (Turtle) to this file")
    r.add_argument(
        "--reasoner",
        choices=["reasonable", "owlrl"],
        default="reasonable",
        help="OWL 2 RL engine (default reasonable; owlrl is the reference)",
    )
    r.set_defaults(func=cmd_reason)

    fl = sub.add_parser("fields", help="list the fields of every record type (or of TYPE …): what each takes, from the model")
    fl.add_argument("types", nargs="*", metavar="TYPE", help="record types such as Embassy or State")
    fl.set_defaults(func=cmd_fields)
    s = sub.add_parser("schema", help="write the JSON Schemas of the curated files (data/schema/)")
    s.add_argument("--out", help="directory (default: ROOT/data/schema)")
    s.set_defaults(func=cmd_schema)
    t = sub.add_parser(
        "terms", help="write kzgraph/curated/kzo_terms.py, the closed KZO namespace of the code, from the ontology"
    )
    t.add_argument("--out", help="file (default: ROOT/kzgraph/curated/kzo_terms.py)")
    t.set_defaults(func=cmd_terms)

    df = sub.add_parser(
        "diff",
        help="what changed between two releases (dist/ folders) or projects (built into a temporary dist/): facts and notes",
    )
    df.add_argument("old", metavar="OLD", help="the earlier release directory (holding kzgraph.nq) or project directory")
    df.add_argument("new", metavar="NEW", help="the later release or project directory")
    df.add_argument("--format", choices=["md", "ttl"], default="md", help="md: Markdown for people (default); ttl: Turtle")
    df.set_defaults(func=cmd_diff)

    ql = sub.add_parser("queries", help="list the stored queries, or describe one: its question, parameters and SPARQL")
    ql.add_argument("name", nargs="?", metavar="NAME", help="a stored query to describe")
    ql.add_argument("--dist", help="release directory to read parameter values from (default: ROOT/dist)")
    ql.set_defaults(func=cmd_queries)

    pf = sub.add_parser("prefixes", help="print the prefixes every query may use without declaring them (SPARQL PREFIX lines)")
    pf.add_argument("--turtle", action="store_true", help="as Turtle @prefix lines instead")
    pf.set_defaults(func=cmd_prefixes)

    q = sub.add_parser("query", help="run a stored query (NAME), a query file (FILE.rq) or - (stdin)")
    q.add_argument("query", metavar="NAME|FILE|-")
    q.add_argument(
        "--param",
        "-p",
        action="append",
        metavar="NAME=VALUE",
        help="set a parameter (repeatable; a parameter that takes a list takes it repeated or comma-separated)",
    )
    q.add_argument(
        "--format",
        "-f",
        default="table",
        help="table (default), markdown, csv, tsv, json, xml; turtle, jsonld, nt or rdfxml for CONSTRUCT/DESCRIBE",
    )
    q.add_argument("--full", action="store_true", help="show every cell whole on one line (no wrapping to the terminal)")
    q.add_argument("--width", type=int, help="wrap the table to this many columns (default: the terminal's width)")
    q.add_argument("--lang", choices=["en", "bg"], help="language of labels, for queries with a lang parameter")
    q.add_argument(
        "--asserted",
        action="store_true",
        help="leave the OWL RL inferences out of the default graph (by default it holds the data with its inferences)",
    )
    # the default since the default graph holds the inferences; still accepted so that older scripts run unchanged
    q.add_argument("--inferred", action="store_true", help=argparse.SUPPRESS)
    q.add_argument("--dist", help="release directory to query (default: ROOT/dist, built when stale)")
    q.add_argument("--store", help="a persistent Oxigraph store directory made by `kzgraph load --store`")
    q.add_argument("--endpoint", help="a remote SPARQL endpoint URL to run the query on instead")
    q.add_argument(
        "--allow-service",
        action="store_true",
        help="let SERVICE fetch from the addresses the query names (federated queries; off by default)",
    )
    q.set_defaults(func=cmd_query)

    if command not in sub.choices:
        for register in _EXTRA_COMMANDS:
            register(sub)
    for command in sub.choices.values():  # `kzgraph build --root DIR` as well as `kzgraph --root DIR build`
        command.add_argument("--root", default=argparse.SUPPRESS, help=ROOT_HELP)
    return p


# Later stages (queries, serving, loading) register their commands here, keeping this module thin.
def _register_later_stages(sub: argparse._SubParsersAction) -> None:
    from .asking.expectations import register as register_expectations
    from .bench import register as register_bench
    from .curated.places import register as register_places
    from .external.load_command import register as register_load
    from .publish.site import register as register_publish
    from .web.serve import register as register_serve

    register_load(sub)
    register_bench(sub)
    register_places(sub)
    register_expectations(sub, run=printed_by)
    register_serve(sub)
    register_publish(sub)


_EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [_register_later_stages]


def printed_by(argv: list[str], stdin: str) -> str:
    """What ``kzgraph ARGV`` prints (standard output, then error) with ``stdin`` as its input: how
    ``kzgraph expectations`` writes the README's examples, as a reader would see them."""
    import io

    saved = sys.stdin, sys.stdout, sys.stderr
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    try:
        sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
        main(argv)
        out.flush()
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return out.buffer.getvalue().decode("utf-8") + err.getvalue()  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit status: 0 done, 1 the data or a check failed, 2 a usage error,
    130 interrupted (Ctrl-C), 141 its output's reader went away (see the module's docstring)."""
    try:
        args = parser(_command_of(argv)).parse_args(argv)
        code = _run(args)
        sys.stdout.flush()  # here, not at exit: a reader that went away is seen while it can be handled
        return code
    except KeyboardInterrupt:
        return SIGINT_STATUS
    except BrokenPipeError:
        if not _stdout_gone():
            raise
        _silence_stdout()
        return SIGPIPE_STATUS


def _command_of(argv: Sequence[str] | None) -> str | None:
    """The subcommand ``argv`` names, read by argparse with only the global options; None when it names
    none or cannot be read so (the whole parser then reads it, and says what is wrong)."""
    pre = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    pre.add_argument("--root")
    pre.add_argument("--version", action="store_true")
    pre.add_argument("command", nargs="?")
    try:
        known, _ = pre.parse_known_args(list(sys.argv[1:] if argv is None else argv))
    except argparse.ArgumentError:
        return None
    return None if known.version else known.command


def _run(args: argparse.Namespace) -> int:
    """The command, with each kind of failure turned into its message and exit status."""
    try:
        return args.func(args)
    except DataError as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # a RenderError: results that cannot be written as asked
        from .asking.render import RenderError

        if not isinstance(exc, RenderError):
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _stdout_gone() -> bool:
    """Whether standard output is a pipe or socket whose reader has gone (poll reports an error on
    it): only then is a BrokenPipeError the reader's doing rather than a fault to report."""
    import select

    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):
        return False


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush at exit finds no broken
    pipe to complain about (Python's own advice for SIGPIPE)."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
