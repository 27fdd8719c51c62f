"""The stored queries: `kzgraph query` and `kzgraph queries`.

Each expectation is worked out from the article; the comment above it quotes the sentence it
comes from (see expect.py and conftest.py for how a query is run and read)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib

from kzgraph.asking.queries import parse_query
from kzgraph.cli import main

from expect import KZ, KZO, QUERIES, ROOT, STORED


def cli(capsys, dist: Path | None, *args: str) -> tuple[int, str, str]:
    """Run ``kzgraph --root ROOT ARGS [--dist DIST]``: exit code, standard output and error."""
    code = main(["--root", str(ROOT), *args, *(["--dist", str(dist)] if dist else [])])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_table(capsys, dist):
    code, out, err = cli(capsys, dist, "query", "consulates-general")
    assert code == 0, err
    assert out.splitlines() == [
        "role   sendingState   city              hostState   opened",
        "-----  -------------  ----------------  ----------  ------",
        "sends  Kazakhstan     Astrakhan         Russia",
        "sends  Kazakhstan     Omsk              Russia",
        "sends  Kazakhstan     Saint Petersburg  Russia",
        "sends  Kazakhstan     Istanbul          Turkey",
        "hosts  Ukraine        Almaty            Kazakhstan",
        "hosts  United States  Almaty            Kazakhstan  2009",
        "(6 rows)",
    ]


def test_cli_a_list_parameter_repeated_or_comma_separated(capsys, dist):
    # December 1992 and January 1992: the relations with South Korea ("28.01.1992") and the USA ("26.12.1992") among them
    comma = cli(capsys, dist, "query", "dates-in-month", "-p", "month=12,1", "-p", "year=1992", "-f", "csv")
    repeated = cli(capsys, dist, "query", "dates-in-month", "-p", "month=12", "-p", "month=1", "-p", "year=1992", "-f", "csv")
    assert comma[0] == 0 and comma == repeated
    assert "/relation/KAZ-KOR" in comma[1] and "/relation/KAZ-USA" in comma[1]
    code, out, err = cli(capsys, dist, "query", "dates-in-month", "-p", "month=1,13")
    assert code == 2 and err.startswith("error: parameter 'month' (month): expects a month from 1 to 12, got 13")
    code, out, err = cli(capsys, dist, "queries", "dates-in-month")
    assert "month (month, several: comma-separated or --param repeated)" in out


def test_cli_hints_at_the_other_side_of_a_mission_instead_of_a_silent_empty_table(capsys, dist):
    # Norway sends no mission; it hosts one: "Казахстан има посолство в Осло."
    code, out, err = cli(capsys, dist, "query", "missions-abroad", "-p", "country=NOR")
    assert code == 0 and out.endswith("(0 rows)\n")
    assert err == (
        "note: no rows, but 1 on the other side of the mission: `kzgraph query missions-in-country --param country=NOR` "
        "(Foreign diplomatic missions in a state)\n"
    )
    code, out, err = cli(capsys, dist, "query", "missions-in-country", "-p", "country=ALB", "--lang", "bg")
    assert code == 0 and "`kzgraph query missions-abroad --param country=ALB --param lang=bg`" in err
    code, out, err = cli(capsys, dist, "query", "missions-abroad", "-p", "country=RUS")  # rows: no note
    assert code == 0 and err == ""


def test_cli_table_in_bulgarian_and_iris_shortened(capsys, dist):
    code, out, err = cli(capsys, dist, "query", "mission-relocations", "--lang", "bg")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["sendingState", "receivingState", "type", "fromCity", "toCity", "moved", "opened", "relocation"]
    assert "Алмати" in lines[2] and "Астана" in lines[2] and "relocation:USA-embassy-KAZ-almaty-to-astana" in lines[2]
    assert lines[-1] == "(1 row)"


def test_cli_csv(capsys, dist):
    code, out, err = cli(capsys, dist, "query", "consulates-general", "--format", "csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [
        ["role", "sendingState", "city", "hostState", "opened"],
        ["sends", "Kazakhstan", "Astrakhan", "Russia", ""],
        ["sends", "Kazakhstan", "Omsk", "Russia", ""],
        ["sends", "Kazakhstan", "Saint Petersburg", "Russia", ""],
        ["sends", "Kazakhstan", "Istanbul", "Turkey", ""],
        ["hosts", "Ukraine", "Almaty", "Kazakhstan", ""],
        ["hosts", "United States", "Almaty", "Kazakhstan", "2009"],
    ]


def test_cli_tsv(capsys, dist):
    code, out, err = cli(capsys, dist, "query", "consulates-general", "-p", "country=USA", "-f", "tsv")
    assert code == 0, err
    lines = out.rstrip("\n").split("\n")
    assert lines[0].split("\t") == ["?role", "?sendingState", "?city", "?hostState", "?opened"]
    assert lines[1].split("\t") == [
        '"sends"',
        '"United States"@en',
        '"Almaty"@en',
        '"Kazakhstan"@en',
        '"2009"^^<http://www.w3.org/2001/XMLSchema#gYear>',
    ]
    assert len(lines) == 2


def test_cli_json(capsys, dist):
    code, out, err = cli(capsys, dist, "query", "embassy-count", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["head"]["vars"] == ["embassies", "hostStates", "cities"]
    (row,) = doc["results"]["bindings"]
    assert {k: int(v["value"]) for k, v in row.items()} == {"embassies": 14, "hostStates": 14, "cities": 13}


def test_cli_xml(capsys, dist):
    code, out, err = cli(capsys, dist, "query", "no-relations-duplicates", "--format", "xml")
    assert code == 0, err
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(out)
    results = root.findall("s:results/s:result", ns)
    assert len(results) == 1
    values = {b.get("name"): "".join(b.itertext()).strip() for b in results[0].findall("s:binding", ns)}
    assert values == {
        "state": "Grenada",
        "timesListed": "2",
        "firstPosition": "5",
        "lastPosition": "10",
        "note": KZ + "note/grenada-listed-twice",
    }


def test_cli_ask_and_construct(capsys, dist):
    assert cli(capsys, dist, "query", "osce-chair-in-year")[1] == "yes\n"
    assert cli(capsys, dist, "query", "osce-chair-in-year", "-p", "year=2009")[1] == "no\n"
    code, out, err = cli(capsys, dist, "query", "diplomatic-relations-graph")
    assert code == 0, err
    g = rdflib.Graph().parse(data=out, format="turtle")
    # the whole graph: as many triples as the query's expectations file holds rows (its header aside)
    held = (QUERIES / "diplomatic-relations-graph.expected.csv").read_bytes().decode().split("\r\n")
    assert len(g) == len(held) - 2 > 0
    assert (
        rdflib.URIRef(KZ + "state/KAZ"),
        rdflib.URIRef(KZO + "hasDiplomaticRelationWith"),
        rdflib.URIRef(KZ + "state/PHL"),
    ) in g


def test_cli_param_changes_the_answer(capsys, dist):
    default = cli(capsys, dist, "query", "dates-in-month", "-f", "csv")[1]
    january = cli(capsys, dist, "query", "dates-in-month", "-p", "year=1992", "-p", "month=1", "-f", "csv")[1]
    assert default != january
    assert [r[5] for r in list(csv.reader(io.StringIO(january)))[1:]] == [
        KZ + "relation/KAZ-CHN",
        KZ + "recognition/LVA-recognizes-KAZ",
        KZ + "relation/KAZ-KOR",
    ]


@pytest.mark.parametrize(
    "args,message",
    [
        (
            ("query", "consulates-general", "-p", "nope=1"),
            "error: query 'consulates-general' has no parameter 'nope' (its parameters: country, side, lang)",
        ),
        (("query", "consulate-general"), "error: no stored query 'consulate-general'; did you mean consulates-general"),
        (
            ("query", "dates-in-year", "-p", "year=nineteen"),
            "error: parameter 'year' (year): expects a year: four digits, within the years the graph's dates span, got 'nineteen'",
        ),
        (
            ("query", "dates-in-year", "-p", "year=1850"),
            "error: parameter 'year' (year): no date of the graph is in 1850: its dates run from 1991 to 2012",
        ),
        (("query", "notes-for-fact", "-p", "fact=<not an iri>"), "error: parameter 'fact' (fact): '<not an iri>' is not an IRI"),
        (
            ("query", "notes-for-fact", "-p", "fact=relation:KAZ-XYZ"),
            "error: parameter 'fact' (fact): unknown fact 'relation:KAZ-XYZ'",
        ),
        (
            ("query", "consulates-general", "-p", "country=Chna"),
            "error: parameter 'country' (state): unknown state 'Chna'; the closest: CHN (China)",
        ),
        (
            ("query", "figures-by-measure", "-p", "measure=profit"),
            "error: parameter 'measure' (measure): unknown measure 'profit'; allowed: cannabis-harvest (cannabis harvest)",
        ),
        (
            ("query", "consulates-general", "-p", "lang=de"),
            "error: parameter 'lang' (lang): expects a language of the labels: en or bg",
        ),
        (("query", "consulates-general", "-p", "country"), "error: --param expects NAME=VALUE"),
    ],
)
def test_cli_errors_are_clear(capsys, dist, args, message):
    code, out, err = cli(capsys, dist, *args)
    assert code == 2
    assert err.startswith(message), err
    assert "Traceback" not in err and out == ""


@pytest.mark.parametrize(
    "value",
    [
        "CHN",
        "CN",
        "china",
        "Китай",
        "state:CHN",
        "kz:state/CHN",
        "state/CHN",
        "<https://w3id.org/kzgraph/id/state/CHN>",
        "https://w3id.org/kzgraph/id/state/CHN",
    ],
)
def test_a_parameter_takes_a_value_as_people_have_it(capsys, dist, value):
    """Every form of the same state gives the same answer as its ISO code."""
    code, out, err = cli(capsys, dist, "query", "relations-with-country", "-p", f"country={value}", "--full")
    assert code == 0, err
    assert "relation:KAZ-CHN" in out and "relation:KAZ-CHN-1994-04" in out


def test_a_unique_word_of_a_name_is_enough(capsys, dist):
    code, out, err = cli(capsys, dist, "query", "figures-by-measure", "-p", "measure=trade", "-f", "csv")
    assert code == 0, err
    code2, out2, _ = cli(capsys, dist, "query", "figures-by-measure", "-p", "measure=trade-value", "-f", "csv")
    assert out == out2 and len(out.splitlines()) > 1


def test_kzgraph_queries_name_describes_the_parameters(capsys, dist):
    code, out, err = cli(capsys, dist, "queries", "figures-by-measure")
    assert code == 0, err
    assert out.startswith("Figures")
    assert "  measure (measure), default diaspora-population" in out
    assert "one of: cannabis-harvest (cannabis harvest), diaspora-population (diaspora population)" in out
    assert "  lang (lang), default en" in out and "one of: en (English), bg (Bulgarian)" in out
    assert "SPARQL:\n# title:" in out


def test_cli_syntax_error(capsys, dist, tmp_path):
    bad = tmp_path / "broken.rq"
    bad.write_text("# title: broken\nSELECT ?x WHERE { ?x ?y \n", encoding="utf-8")
    code, out, err = cli(capsys, dist, "query", str(bad))
    assert code != 0
    assert err == (
        "error: SPARQL syntax error at line 2, column 17: this { is never closed: add } where it ends\n"
        "  SELECT ?x WHERE { ?x ?y \n"
        "                  ^\n"
    )
    assert "Traceback" not in err and out == ""


def test_cli_lists_the_stored_queries(capsys):
    code, out, err = cli(capsys, None, "queries")
    assert code == 0, err
    lines = out.splitlines()
    listed = [line.split()[0] for line in lines[:-1]]
    assert len(listed) >= 30 and listed == [q.name for q in STORED]
    assert lines[-1].startswith(f"({len(STORED)} stored queries")
    assert any(line.startswith("consulates-general") and "--param country=KAZ" in line for line in lines)


def test_parse_query_reads_the_header():
    q = parse_query((QUERIES / "dates-in-month.rq").read_text(encoding="utf-8"), "dates-in-month")
    assert [(p.name, p.kind, p.default) for p in q.params] == [
        ("year", "year-or-any", "1991"),
        ("month", "month", "12"),
        ("lang", "lang", "en"),
    ]
    assert q.questions["bg"].startswith("Кои отношения")
