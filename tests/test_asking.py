"""Asking is easy: prefixes nobody has to declare, short names that paste back, errors a person
can read, and output that shows every cell whole."""

from __future__ import annotations

import http.client
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from kzgraph.asking.queries import run, with_declarations
from kzgraph.asking.render import markdown, render, table, usable_prefixes
from kzgraph.cli import main
from kzgraph.curated.namespaces import KINDS, PREFIX_TABLE, VOCABULARIES, short_name, sparql_prologue
from kzgraph.pipeline.embedded_store import load_release
from kzgraph.sparql.errors import explain, unused_projection
from kzgraph.web.app import App, Limits

from common import ROOT
from inprocess import serving

KZ = "https://w3id.org/kzgraph/id/"


@pytest.fixture(scope="module")
def dist(built: Path) -> Path:
    return built


@pytest.fixture(scope="module")
def store(dist: Path) -> ox.Store:
    s = ox.Store()
    load_release(s, dist / "kzgraph.nq")
    return s


def cli(
    capsys: pytest.CaptureFixture[str],
    dist: Path,
    *args: str,
    stdin: str | None = None,
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> tuple[int, str, str]:
    if stdin is not None and monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    dist_args = ["--dist", str(dist)] if args and args[0] == "query" else []
    code = main(["--root", str(ROOT), *args, *dist_args])
    out, err = capsys.readouterr()
    return code, out, err


# --- 1. prefixes everywhere ------------------------------------------------------------------------------


def test_every_kind_of_resource_has_its_own_prefix_and_none_clashes_with_a_vocabulary() -> None:
    assert {"state", "mission", "city", "organization", "relation", "note", "section", "passage"} <= set(KINDS)
    assert not set(KINDS) & set(VOCABULARIES)
    assert PREFIX_TABLE["state"] == KZ + "state/" and PREFIX_TABLE["kz"] == KZ
    assert {"org", "prov", "skos", "dcterms", "time", "schema", "wd", "kzo"} <= set(PREFIX_TABLE)


def test_the_prefixes_command_prints_a_prologue_sparql_reads(capsys: pytest.CaptureFixture[str], dist: Path) -> None:
    code, out, err = cli(capsys, dist, "prefixes")
    assert code == 0 and out == sparql_prologue()
    answer = run(ox.Store(), out + "ASK { FILTER(state:KAZ = <https://w3id.org/kzgraph/id/state/KAZ>) }", prefixes={})
    assert bool(answer)


def test_every_kind_of_resource_in_the_graph_has_its_prefix(store: ox.Store) -> None:
    kinds = {
        t.value[len(KZ) :].split("/", 1)[0]
        for q in store
        for t in (q.subject, q.object)
        if isinstance(t, ox.NamedNode) and t.value.startswith(KZ)
    }
    assert kinds and kinds <= set(KINDS), sorted(kinds - set(KINDS))


def test_every_short_name_in_the_graph_pastes_back_into_a_query(store: ox.Store) -> None:
    iris = {t.value for q in store for t in (q.subject, q.predicate, q.object) if isinstance(t, ox.NamedNode)}
    for iri in sorted(iris):
        name = short_name(iri)
        (row,) = run(store, f"SELECT ?x WHERE {{ VALUES ?x {{ {name} }} }}")
        assert row["x"] == ox.NamedNode(iri), (iri, name)
        kind, _, rest = iri[len(KZ) :].partition("/") if iri.startswith(KZ) else ("", "", "")
        if kind in KINDS and rest and "/" not in rest and "#" not in rest:
            assert name == f"{kind}:{rest}"  # every resource of a kind is printed with its kind's prefix
        elif iri.startswith(VOCABULARIES["kzo"]):
            assert name.startswith("kzo:")


def test_a_query_without_prefix_lines_answers_in_the_cli(
    capsys: pytest.CaptureFixture[str], dist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = cli(
        capsys,
        dist,
        "query",
        "-",
        "--full",
        stdin="SELECT ?m WHERE { ?m kzo:sendingState state:KAZ ; a kzo:ConsulateGeneral } ORDER BY ?m",
        monkeypatch=monkeypatch,
    )
    assert code == 0, err
    assert out.splitlines()[2:] == [
        "mission:KAZ-consulate-general-RUS-astrakhan",
        "mission:KAZ-consulate-general-RUS-omsk",
        "mission:KAZ-consulate-general-RUS-saint-petersburg",
        "mission:KAZ-consulate-general-TUR-istanbul",
        "(4 rows)",
    ]
    # a short name printed in that table pasted into the next query
    code, out, err = cli(
        capsys,
        dist,
        "query",
        "-",
        "--full",
        stdin="SELECT ?city WHERE { mission:KAZ-consulate-general-RUS-omsk kzo:city ?city }",
        monkeypatch=monkeypatch,
    )
    assert out.splitlines()[2] == "city:omsk"


def test_a_remote_endpoint_gets_the_declarations_the_query_leaves_out() -> None:
    text = "PREFIX kzo: <https://w3id.org/kzgraph/ontology#>\nSELECT ?m WHERE { ?m kzo:sendingState state:KAZ }"
    out = with_declarations(text)
    assert out == "PREFIX state: <https://w3id.org/kzgraph/id/state/>\n" + text
    assert with_declarations("SELECT * WHERE { ?s ?p ?o }") == "SELECT * WHERE { ?s ?p ?o }"


# --- 2. errors a person can read ----------------------------------------------------------------------------


def _error(text: str) -> str:
    try:
        ox.Store().query(text, prefixes=PREFIX_TABLE)
    except SyntaxError as exc:
        return explain(text, str(exc)).render()
    raise AssertionError("the query parsed")


@pytest.mark.parametrize(
    "text,where,words",
    [
        ("SELECT ?m WHERE { ?m kzo:sendingState stat:KAZ }", (1, 39), ["prefix stat:", "Did you mean state:?", "kzo:", "wd:"]),
        ("SELECT ?m WHERE { ?m a kz:section/lead }", (1, 24), ["cannot hold '/'", "Write section:lead"]),
        ("SELEC ?m WHERE { ?m ?p ?o }", (1, 1), ["SELEC is not a SPARQL keyword", "Did you mean SELECT?"]),
        ("SELECT ?m WHER { ?m ?p ?o }", (1, 11), ["Did you mean WHERE?"]),
        ("SELECT ?m WHERE { ?m ?p ?o } ORDER BY ?m LIMT 10", (1, 42), ["Did you mean LIMIT?"]),
        ("SELECT ?m WHERE { ?m ?p ?o FILTER(CONTAINZ(?o, 'a')) }", (1, 35), ["Did you mean CONTAINS?"]),
        ("SELECT ?m WHERE {\n  ?m ?p ?o .\n", (1, 17), ["{ is never closed"]),
        ("SELECT ?m WHERE { ?m ?p ?o }}", (1, 29), ["closes nothing"]),
        ("SELECT ?m WHERE { FILTER(?m = 1 }", (1, 33), ["does not match the ("]),
        ("SELECT ?x WHERE { ?x ?p 'abc }", (1, 25), ["string is never closed"]),
        ("SELECT ?x WHERE { ?x <http://a b> ?o }", (1, 22), ["cannot contain spaces"]),
        ("", (1, 1), ["the query is empty"]),
        ("SELECT ?x WHERE { ?x ?p ?o } LIMIT x", (1, 36), ["x is not a SPARQL keyword", "a variable starts with ?"]),
    ],
)
def test_each_kind_of_mistake_is_explained_at_its_place(text: str, where: tuple[int, int], words: list[str]) -> None:
    message = _error(text)
    first, shown, caret = message.split("\n")
    assert first.startswith(f"SPARQL syntax error at line {where[0]}, column {where[1]}: ")
    assert caret.index("^") == shown.index(shown.strip()[:1]) + where[1] - 1 if shown.strip() else True
    for w in words:
        assert w in first, (w, first)
    assert "['" not in message and "..=" not in message  # never the grammar dump


def test_a_misspelt_variable_gets_a_note(capsys: pytest.CaptureFixture[str], dist: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert unused_projection("SELECT ?nmae WHERE { ?x rdfs:label ?name }") == [
        "?nmae is never bound in the query; did you mean ?name?"
    ]
    code, out, err = cli(
        capsys, dist, "query", "-", stdin="SELECT ?nmae WHERE { state:KAZ rdfs:label ?name }", monkeypatch=monkeypatch
    )
    assert code == 0 and err == "note: ?nmae is never bound in the query; did you mean ?name?\n"


@pytest.mark.parametrize(
    "args,stdin,start",
    [
        (("query", "-"), "SELECT ?m WHER { ?m ?p ?o }", "error: SPARQL syntax error at line 1, column 11: WHER"),
        (("query", "-"), "", "error: SPARQL syntax error at line 1, column 1: the query is empty"),
        (("query", "nowhere/missing.rq"), None, "error: nowhere/missing.rq: no such file"),
        (("query", "consulates-general", "-p", "country"), None, "error: --param expects NAME=VALUE"),
        (("query", "consulates-general", "-f", "png"), None, "error: unknown format 'png'"),
        (("query", "diplomatic-relations-graph", "-f", "markdown"), None, "error: a CONSTRUCT or DESCRIBE result is a graph"),
        (("query", "consulates-general", "-f", "html"), None, "error: html is the page /sparql shows"),
    ],
)
def test_bad_input_through_the_cli_exits_2_with_one_message(
    capsys: pytest.CaptureFixture[str],
    dist: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    stdin: str | None,
    start: str,
) -> None:
    code, out, err = cli(capsys, dist, *args, stdin=stdin, monkeypatch=monkeypatch)
    assert code == 2 and out == "" and err.startswith(start), err
    assert "Traceback" not in err


@pytest.fixture(scope="module")
def endpoint(dist: Path) -> Iterator[int]:
    app = App(dist, queries_dir=ROOT / "queries", limits=Limits(timeout=5, workers=1))
    with serving(app) as port:
        yield port


def _sparql(port: int, query: str, accept: str = "application/sparql-results+json") -> tuple[int, str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/sparql?" + urlencode({"query": query}), headers={"Accept": accept})
    resp = conn.getresponse()
    body = resp.read().decode()
    conn.close()
    return resp.status, resp.getheader("content-type") or "", body


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?m WHERE { ?m kzo:sendingState stat:KAZ }",  # read by the checking parser, refused by the engine
        "SELECT ?m WHER { ?m ?p ?o }",  # refused by the checking parser
        "SELECT ?m WHERE { ?m a kz:section/lead }",
    ],
)
def test_the_endpoint_says_the_same_as_the_cli_in_plain_text(endpoint: int, text: str) -> None:
    status, ctype, body = _sparql(endpoint, text)
    assert status == 400 and ctype.startswith("text/plain")
    assert body.rstrip("\n") == _error(text)


def test_the_endpoint_knows_the_prefixes_without_declarations(endpoint: int) -> None:
    status, _, body = _sparql(endpoint, "SELECT ?m WHERE { ?m kzo:sendingState state:KAZ ; a kzo:ConsulateGeneral }", "text/csv")
    assert status == 200 and len(body.strip().splitlines()) == 5


# --- 4. output you can read whole ---------------------------------------------------------------------------


def test_a_table_wraps_to_the_width_and_never_cuts_a_cell() -> None:
    quote = "Двустранната търговия между държавите през 2005 се оценява на около 724 милиона щастки долара."
    text = table(["section", "quote"], [["Israel", quote]], width=40)
    assert all(len(line) <= 40 for line in text.splitlines())
    assert " ".join(line[9:].strip() for line in text.splitlines()[2:-1]) == quote
    assert "…" not in text
    whole = table(["section", "quote"], [["Israel", quote]])
    assert quote in whole


def test_full_output_and_pipes_keep_every_cell_on_one_line(capsys: pytest.CaptureFixture[str], dist: Path) -> None:
    code, out, err = cli(capsys, dist, "query", "fact-provenance", "--full")
    assert "Двустранната търговия между държавите през 2005 се оценява на около 724 милиона щастки долара." in out
    code, narrow, err = cli(capsys, dist, "query", "fact-provenance", "--width", "80")
    assert all(len(line) <= 80 for line in narrow.splitlines())
    assert "щастки" in narrow and "…" not in narrow


def test_markdown_escapes_pipes_and_line_breaks() -> None:
    assert markdown(["a", "b"], [["x|y", "one\ntwo"]]) == "| a | b |\n|---|---|\n| x\\|y | one<br>two |"


def test_csv_and_tsv_are_pyoxigraphs_sparql_formats(store: ox.Store) -> None:
    text = "SELECT ?city ?opened WHERE { ?m a kzo:ConsulateGeneral ; kzo:city ?city OPTIONAL { ?m kzo:openingDate ?opened } } ORDER BY ?city"
    for fmt, oxf in (
        ("csv", ox.QueryResultsFormat.CSV),
        ("tsv", ox.QueryResultsFormat.TSV),
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
    ):
        assert render(run(store, text), fmt) == run(store, text).serialize(format=oxf)


def test_turtle_output_binds_only_prefixes_that_need_no_escapes(store: ox.Store) -> None:
    triples = list(run(store, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o ; a kzo:ArticleSection }"))
    usable = usable_prefixes(triples)
    assert "state" not in usable and "kzo" in usable
    assert "section" not in usable  # subsections (asia/armenia) would need section:asia\\/armenia
    out = render(run(store, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o ; a kzo:ArticleSection }"), "turtle").decode()
    assert "\\/" not in out


# --- 3. checked parameters ----------------------------------------------------------------------------------


def test_every_stored_query_declares_the_kind_of_each_parameter_and_its_default_resolves(store: ox.Store) -> None:
    from kzgraph.asking.params import KINDS, store_lookup
    from kzgraph.asking.queries import bind_values, load_queries

    lookup = store_lookup(store)
    for q in load_queries(ROOT / "queries"):
        for p in q.params:
            assert p.kind in KINDS, f"{q.name}: parameter {p.name} declares no kind"
            assert p.doc, f"{q.name}: parameter {p.name} says nothing of what it means"
            # the default as the header writes it gives the very query the file holds
            assert bind_values(q, {p.name: p.default}, lookup) == q.text, (q.name, p.name)


def test_a_stored_query_on_the_server_checks_its_parameters(endpoint: int) -> None:
    def get(path: str) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", endpoint, timeout=30)
        conn.request("GET", path, headers={"Accept": "text/csv"})
        resp = conn.getresponse()
        body = resp.read().decode()
        conn.close()
        return resp.status, body

    status, body = get("/queries/consulates-general?country=Chna")
    assert status == 400 and body.startswith("parameter 'country' (state): unknown state 'Chna'; the closest: CHN (China)")
    status, body = get("/queries/consulates-general?country=" + "%D0%A0%D1%83%D1%81%D0%B8%D1%8F")  # Русия
    assert status == 200 and "Astrakhan" in body and "hosts" in body and "Almaty" not in body  # consulates general in Russia
    status, body = get("/queries/consulates-general?country=USA")
    assert status == 200 and "Almaty" in body
    # a list parameter: repeated in the query string, or comma-separated as the form's field takes it
    repeated = get("/queries/dates-in-month?month=12&month=1&year=1992")
    assert repeated == get("/queries/dates-in-month?month=12%2C1&year=1992")
    assert repeated[0] == 200 and "KAZ-KOR" in repeated[1] and "KAZ-USA" in repeated[1]
    status, body = get("/queries/dates-in-month?month=1&month=13")
    assert status == 400 and body.startswith("parameter 'month' (month): expects a month from 1 to 12, got 13")
    status, body = get("/queries/dates-in-month?lang=en&lang=bg")
    assert status == 400 and body.startswith("parameter 'lang' takes one value, got 2")
    conn = http.client.HTTPConnection("127.0.0.1", endpoint, timeout=30)
    conn.request("GET", "/queries/dates-in-month?month=12&month=1", headers={"Accept": "text/html"})
    page = conn.getresponse().read().decode()
    conn.close()
    # the months are a list of their names to choose several from, the given ones chosen
    assert '<option value="12" selected>December</option>' in page and '<option value="1" selected>January</option>' in page
    assert '<select name="month" id="p-month" multiple' in page
    # a mission query with no rows on its side names the other side's (Norway hosts one, sends none)
    conn = http.client.HTTPConnection("127.0.0.1", endpoint, timeout=30)
    conn.request("GET", "/queries/missions-abroad?country=NOR", headers={"Accept": "text/html"})
    resp = conn.getresponse()
    page = resp.read().decode()
    conn.close()
    assert (
        resp.getheader("Kzgraph-Hint")
        == "no rows, but 1 on the other side of the mission: /queries/missions-in-country?country=NOR"
    )
    assert 'href="/queries/missions-in-country?country=NOR"' in page and "on the other side of the mission" in page


def test_a_missing_folder_or_an_odd_entry_of_stored_queries_is_an_error(tmp_path: Path) -> None:
    """Never a silently shorter list of questions: a folder that is not there, or an ``.rq`` that is a
    folder or a FIFO, is one error naming it."""
    import os

    from kzgraph.asking.queries import QueryError, load_queries

    with pytest.raises(QueryError, match="no folder of stored queries"):
        load_queries(tmp_path / "queries")
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "fine.rq").write_text("# title: fine\nASK {}\n", encoding="utf-8")
    assert [q.name for q in load_queries(tmp_path / "queries")] == ["fine"]
    for odd in ("folder.rq", "fifo.rq"):
        path = tmp_path / "queries" / odd
        path.mkdir() if odd == "folder.rq" else os.mkfifo(path)
        with pytest.raises(QueryError, match=f"{odd}: not a regular file"):
            load_queries(tmp_path / "queries")
        path.rmdir() if odd == "folder.rq" else path.unlink()


@pytest.mark.parametrize("runner", ["run_stored", "world map", "expectations"])
def test_every_runner_of_a_stored_query_runs_the_text_the_check_read(store: ox.Store, runner: str) -> None:
    """The world map and the expected answers run a stored query as ``kzgraph query`` does
    (:func:`kzgraph.asking.queries.run_stored`): a FROM naming a graph the release lacks is refused
    (it ran, and read that graph as empty: an empty map), and so is SERVICE, before any address is reached."""
    from kzgraph.asking.expectations import answer_csv
    from kzgraph.asking.queries import QueryError, StoredQuery, run_stored
    from kzgraph.web import worldmap

    run = {
        "run_stored": lambda q: run_stored(store, q),
        "world map": lambda q: worldmap.map_data(store, q),
        "expectations": lambda q: answer_csv(store, q),
    }[runner]
    absent = StoredQuery(worldmap.QUERY, "SELECT * FROM <https://example.org/no-such-graph> WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="no graph <https://example.org/no-such-graph> here"):
        run(absent)
    remote = StoredQuery(worldmap.QUERY, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="calls SERVICE"):
        run(remote)
