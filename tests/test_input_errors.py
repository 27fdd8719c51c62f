"""Bad curated input: every kind stops the load with file, line, field and what was expected.

Each test puts one small bad file (``tests/fixtures/bad/``) into a throw-away copy of the project as
``data/facts/zz-bad.yaml`` (or edits a copy of a real file) and checks the one problem reported. A
few also run ``kzgraph build`` on it: exit 1, ``file:line`` on stderr, and ``dist/`` untouched.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kzgraph.cli import main
from kzgraph.core.errors import DataError, SourceProblem
from kzgraph.curated.load import load

BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
BAD_FILE = "data/facts/zz-bad.yaml"


def put(root: Path, fixture: str, as_: str = BAD_FILE) -> str:
    """Copy a bad fixture into the project copy; return its path as problems name it."""
    shutil.copyfile(BAD / fixture, root / as_)
    return as_


def problems_of(root: Path) -> list[SourceProblem]:
    with pytest.raises(DataError) as info:
        load(root)
    problems = info.value.problems
    assert problems, "a DataError must carry its problems"
    for p in problems:  # every problem points at a line of an existing file and says something
        assert (root / p.file).is_file() and p.line >= 1 and p.message.strip(), str(p)
        assert str(p).startswith(f"{p.file}:{p.line}:")
    return problems


def the_problem(root: Path) -> SourceProblem:
    """The one problem the load reports (a bad fixture must not cause a cascade of follow-up noise)."""
    problems = problems_of(root)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def assert_problem(p: SourceProblem, file: str, line: int, field: str, *fragments: str) -> None:
    assert (p.file, p.line, p.field) == (file, line, field), str(p)
    for fragment in fragments:
        assert fragment in p.message, str(p)


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def assert_build_refuses(root: Path, capsys: pytest.CaptureFixture[str], *where: str) -> str:
    """``kzgraph build`` exits 1, names ``file:line`` on stderr, and leaves an existing dist/ as it was."""
    dist = root / "dist"
    dist.mkdir()
    (dist / "MARKER").write_text("a release that must survive a failed build\n", encoding="utf-8")
    (dist / "kzgraph.ttl").write_bytes(b"@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n")
    before, siblings = snapshot(dist), sorted(p.name for p in root.iterdir())
    capsys.readouterr()
    assert main(["--root", str(root), "build", "--out", str(dist)]) == 1
    out, err = capsys.readouterr()
    for w in where:
        assert w in err, err
    assert "Traceback" not in err and "wrote" not in out
    assert snapshot(dist) == before, "a failed build changed dist/"
    # The build cache (.dist.cache/, kzgraph.curated.buildcache) keeps what was read cleanly, so the next build is
    # quicker; nothing else, such as a half-written release, may be left beside dist/.
    left = sorted(p.name for p in root.iterdir() if p.name != ".dist.cache")
    assert left == siblings, "a failed build left files next to dist/"
    return err


# --- the file as a whole ------------------------------------------------------------------------


def test_yaml_syntax_error(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = put(project_copy, "syntax_error.yaml")
    assert_problem(the_problem(project_copy), f, 4, "", "YAML syntax error", "indentation")
    assert_build_refuses(project_copy, capsys, f"{f}:4:", "YAML syntax error")


def test_unclosed_quote_points_at_where_it_opens(project_copy: Path) -> None:
    f = BAD_FILE
    (project_copy / f).write_text('facts:\n  - id: "unclosed\n    type: Embassy\n\n\n', encoding="utf-8")
    assert_problem(the_problem(project_copy), f, 2, "", "YAML syntax error", "starts on line 2")


def test_empty_file(project_copy: Path) -> None:
    f = put(project_copy, "empty.yaml")
    assert_problem(the_problem(project_copy), f, 1, "", "file is empty", "facts:")


def test_file_holding_a_list_instead_of_a_mapping(project_copy: Path) -> None:
    f = put(project_copy, "list_not_mapping.yaml")
    assert_problem(the_problem(project_copy), f, 2, "", "expected a mapping with facts:")


def test_non_utf8_file(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = put(project_copy, "non_utf8.yaml")
    assert_problem(the_problem(project_copy), f, 4, "", "expected UTF-8", "0xE9")
    assert_build_refuses(project_copy, capsys, f"{f}:4:", "UTF-8")


def test_alias_of_a_mapping(project_copy: Path) -> None:
    f = put(project_copy, "alias_mapping.yaml")
    assert_problem(the_problem(project_copy), f, 10, "", "*embassy", "anchored on line 2", "write it out")


def test_control_character_from_an_escape(project_copy: Path) -> None:
    f = put(project_copy, "control_character.yaml")
    assert_problem(the_problem(project_copy), f, 6, "comment", "U+0000")


def test_deeply_nested_yaml_is_a_problem_not_a_crash(project_copy: Path) -> None:
    f = BAD_FILE
    (project_copy / f).write_text("facts: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert_problem(the_problem(project_copy), f, 1, "", "too deeply")


# --- keys and the shape of values ---------------------------------------------------------------


def test_unknown_key_at_top_level(project_copy: Path) -> None:
    f = put(project_copy, "unknown_key_top.yaml")
    assert_problem(the_problem(project_copy), f, 9, "fact", "unknown field 'fact'", "facts, notes, section")


def test_unknown_key_in_a_fact(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = put(project_copy, "unknown_key_fact.yaml")
    assert_problem(the_problem(project_copy), f, 6, "capital", "unknown field 'capital'", "city", "receiving_state")
    assert_build_refuses(project_copy, capsys, f"{f}:6: capital:")


def test_unknown_key_in_an_entity_file(project_copy: Path) -> None:
    # One problem, not one more for every fact naming almaty (the broken record is left out, and
    # references to it are not reported as unknown).
    f = "data/entities/places.yaml"
    path = project_copy / f
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip() == "- id: almaty")
    lines.insert(at + 1, "    population: 2000000\n")
    path.write_text("".join(lines), encoding="utf-8")
    assert_problem(the_problem(project_copy), f, at + 2, "population", "unknown field 'population'", "labels")


def test_list_where_text_is_expected(project_copy: Path) -> None:
    f = put(project_copy, "list_for_text.yaml")
    assert_problem(the_problem(project_copy), f, 6, "comment", "expected text, got a list")


def test_mapping_where_a_list_is_expected(project_copy: Path) -> None:
    f = put(project_copy, "mapping_for_list.yaml")
    assert_problem(the_problem(project_copy), f, 4, "parties", "expected a list, got a mapping")


def test_list_where_a_type_is_expected_is_reported_once(project_copy: Path) -> None:
    f = put(project_copy, "unknown_fact_type.yaml")
    path = project_copy / f
    path.write_text(path.read_text(encoding="utf-8").replace("type: Embasy", "type: [Embassy]"), encoding="utf-8")
    assert_problem(the_problem(project_copy), f, 3, "type", "expected text, got a list")


def test_missing_required_field(project_copy: Path) -> None:
    f = put(project_copy, "missing_required.yaml")
    assert_problem(the_problem(project_copy), f, 2, "sending_state", "missing required field 'sending_state'")


def test_missing_label_language(project_copy: Path) -> None:
    f = "data/entities/places.yaml"
    path = project_copy / f
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "- id: almaty")
    labels = next(i for i in range(at, len(lines)) if lines[i].strip().startswith("labels:"))
    lines[labels] = "    labels: {bg: Алмати}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_problem(the_problem(project_copy), f, labels + 1, "labels", "missing required key 'en'")


def test_unknown_fact_type(project_copy: Path) -> None:
    f = put(project_copy, "unknown_fact_type.yaml")
    assert_problem(the_problem(project_copy), f, 3, "type", "'Embasy' is not allowed", "Embassy", "Consulate")


def test_bad_concept_value(project_copy: Path) -> None:
    f = put(project_copy, "bad_concept.yaml")
    assert_problem(the_problem(project_copy), f, 6, "role", "'king' is not allowed", "member, participant")


def test_a_quantifier_not_of_the_scheme(project_copy: Path) -> None:
    """ "several" is a concept of kzo:quantifiers; "few" is not, and is named with the allowed values."""
    path = project_copy / "data" / "facts" / "central-asia.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("quantifier: several", "quantifier: few"), encoding="utf-8")
    line = text[: text.index("quantifier: several")].count("\n") + 1
    assert_problem(
        the_problem(project_copy),
        "data/facts/central-asia.yaml",
        line,
        "quantifier",
        "'few' is not allowed",
        "expected one of: a-number-of, several, unstated",
    )


def test_a_contested_state_without_an_identity_note_is_refused(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Palestine is marked contested; without its identity note the build stops and keeps the release."""
    path = project_copy / "data" / "entities" / "states.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: PSE\n")
    note = text.index("    identity_note:", start)
    end = text.index("  - id: ", note)
    path.write_text(text[:note] + text[end:], encoding="utf-8")
    assert_build_refuses(project_copy, capsys, "ContestedStateIdentityNoteRule", "state/PSE", "needs an identity note")


def test_id_with_a_line_break_from_a_block_scalar(project_copy: Path) -> None:
    # Python's "$" matched before the final line break, so "bad-block-id\n" passed as an id.
    f = put(project_copy, "block_scalar_id.yaml")
    assert_problem(the_problem(project_copy), f, 3, "id", "'bad-block-id\\n'")


# --- values -------------------------------------------------------------------------------------


def test_malformed_date(project_copy: Path) -> None:
    f = put(project_copy, "malformed_date.yaml")
    assert_problem(the_problem(project_copy), f, 6, "opened", "'1992-3-19'", '"1992-03-19"')


def test_impossible_day(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = put(project_copy, "impossible_day.yaml")
    assert_problem(the_problem(project_copy), f, 6, "opened", "'1992-02-30' is not a day of the calendar", "29 days")
    assert_build_refuses(project_copy, capsys, f"{f}:6: opened:")


def test_impossible_month(project_copy: Path) -> None:
    f = put(project_copy, "impossible_month.yaml")
    assert_problem(the_problem(project_copy), f, 6, "opened", "no month 13", "01 to 12")


def test_blank_quote(project_copy: Path) -> None:
    # "   " passed the schema (at least one character) and, normalized to "", was "in" any article.
    f = put(project_copy, "blank_quote.yaml")
    assert_problem(the_problem(project_copy), f, 8, "quote", "only white space")


def test_count_too_large_for_int(project_copy: Path) -> None:
    f = BAD_FILE
    (project_copy / f).write_text(
        "facts:\n  - id: huge-list\n    type: NoRelationsList\n    subject: KAZ\n"
        f"    entries: {'9' * 5000}\n    exhaustive: true\n    source:\n      - section: lead\n"
        '        quote: "Казахстан е член на Организацията на обединените нации"\n',
        encoding="utf-8",
    )
    assert_problem(the_problem(project_copy), f, 5, "entries", "too large")


# --- what ties records together -----------------------------------------------------------------


def test_unknown_entity_with_did_you_mean(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = put(project_copy, "unknown_entity.yaml")
    assert_problem(the_problem(project_copy), f, 6, "city", "unknown city 'almatty'", "did you mean 'almaty'?")
    assert_build_refuses(project_copy, capsys, f"{f}:6: city: unknown city 'almatty'")


def test_unknown_entity_without_a_near_name(project_copy: Path) -> None:
    f = put(project_copy, "unknown_entity.yaml")
    path = project_copy / f
    path.write_text(path.read_text(encoding="utf-8").replace("city: almatty", "city: atlantis"), encoding="utf-8")
    assert_problem(the_problem(project_copy), f, 6, "city", "unknown city 'atlantis'")


def test_reference_of_the_wrong_kind(project_copy: Path) -> None:
    f = put(project_copy, "wrong_kind.yaml")
    assert_problem(the_problem(project_copy), f, 5, "receiving_state", "'almaty' is a city", "expected state")


def test_reference_with_a_path_of_the_wrong_kind(project_copy: Path) -> None:
    f = put(project_copy, "wrong_kind.yaml")
    path = project_copy / f
    path.write_text(
        path.read_text(encoding="utf-8").replace("receiving_state: almaty", "receiving_state: city/almaty"), encoding="utf-8"
    )
    assert_problem(the_problem(project_copy), f, 5, "receiving_state", "'city/almaty' names a city", "expected state")


def test_unknown_section(project_copy: Path) -> None:
    f = put(project_copy, "unknown_section.yaml")
    assert_problem(the_problem(project_copy), f, 7, "section", "unknown section 'asia/atlantis'", "sources.yaml")


def test_unknown_reference_number(project_copy: Path) -> None:
    # The problem names the line of the bad entry in refs, not the line of the passage.
    f = put(project_copy, "unknown_reference.yaml")
    assert_problem(the_problem(project_copy), f, 11, "refs", "unknown reference '99'")


def test_duplicate_id_in_one_file(project_copy: Path) -> None:
    f = put(project_copy, "duplicate_id.yaml")
    assert_problem(the_problem(project_copy), f, 10, "id", "duplicate id 'mission/twice'", f"{f}:2")


def test_duplicate_id_across_files(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = put(project_copy, "duplicate_across.yaml", "data/facts/zz-a.yaml")
    second = put(project_copy, "duplicate_across.yaml", "data/facts/zz-b.yaml")
    assert_problem(
        the_problem(project_copy),
        second,
        3,
        "id",
        "duplicate id 'mission/KAZ-embassy-in-two-files'",
        f"already defined at {first}:3",
    )
    assert_build_refuses(project_copy, capsys, f"{second}:3: id: duplicate id")


def test_quote_not_in_the_article(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = put(project_copy, "quote_not_in_article.yaml")
    assert_problem(
        the_problem(project_copy), f, 8, "quote", "not found verbatim in the article", "'Казахстан има посолство в Париж'"
    )
    assert_build_refuses(project_copy, capsys, f"{f}:8: quote: not found verbatim")


def test_quotation_text_not_in_the_article(project_copy: Path) -> None:
    f = put(project_copy, "quotation_text_not_in_article.yaml")
    assert_problem(
        the_problem(project_copy),
        f,
        5,
        "text",
        "not found verbatim in the article",
        "the article has 'Нивото на търговия между нашите държави не",
    )


# --- IRIs ---------------------------------------------------------------------------------------


ARCHIVE_URL = "https://web.archive.org/web/20120717084656/http://www.epb.gov.pk/v1/news/details.php?param=MzU5d"


@pytest.mark.parametrize(
    "bad, char",
    [
        ("https://web.archive.org/web/2012/x<y", "'<'"),
        ('https://web.archive.org/web/2012/say-"hi"', "'\"'"),
        ("https://web.archive.org/web/2012/{page}", "'{'"),
        ("https://web.archive.org/web/2012/%zz", "'%zz'"),
    ],
)
def test_an_iri_that_rfc_3987_refuses(project_copy: Path, bad: str, char: str) -> None:
    # `<` or `"` in an archive_url passed the loader, then made the reasoner panic (a Rust
    # PanicException and its backtrace) and the Turtle writer raise.
    f = "data/sources.yaml"
    path = project_copy / f
    text = path.read_text(encoding="utf-8")
    assert f"archive_url: {ARCHIVE_URL}\n" in text
    path.write_text(text.replace(f"archive_url: {ARCHIVE_URL}\n", f"archive_url: {bad}\n"), encoding="utf-8")
    line = next(
        i
        for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ln.strip().startswith("archive_url: http") and bad in ln
    )
    assert_problem(the_problem(project_copy), f, line, "archive_url", "is not a valid IRI (RFC 3987)", char)


def test_an_iri_with_a_quote_stops_build_and_validate_without_a_traceback(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project_copy / "data" / "sources.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(ARCHIVE_URL, 'https://web.archive.org/x<y"z'), encoding="utf-8")
    assert_build_refuses(project_copy, capsys, "data/sources.yaml:", "archive_url: ", "not a valid IRI")
    capsys.readouterr()
    assert main(["--root", str(project_copy), "validate"]) == 1
    err = capsys.readouterr().err
    assert "not a valid IRI" in err and "Traceback" not in err


def test_an_iri_with_letters_beyond_ascii_is_an_iri(project_copy: Path) -> None:
    # RFC 3987 is about IRIs, not URIs: the article's own address is Cyrillic.
    assert "url: https://bg.wikipedia.org/wiki/Външна_политика_на_Казахстан" in (
        project_copy / "data" / "sources.yaml"
    ).read_text(encoding="utf-8")
    load(project_copy)


# --- the article as a whole ---------------------------------------------------------------------


def article_problems(root: Path) -> tuple[str, list[SourceProblem]]:
    [article] = (root / "data" / "article").glob("*.txt")
    with pytest.raises(DataError) as info:
        load(root)
    return article.relative_to(root).as_posix(), info.value.problems


def test_an_empty_article_is_one_problem_naming_it(project_copy: Path) -> None:
    [article] = (project_copy / "data" / "article").glob("*.txt")
    article.write_text("\n \n", encoding="utf-8")
    name, problems = article_problems(project_copy)
    assert [(p.file, p.line) for p in problems] == [(name, 0)], "\n".join(map(str, problems))
    assert "the article's text is empty" in problems[0].message and "data/sources.yaml:" in problems[0].message


def test_an_article_replaced_by_another_file_is_one_problem_naming_it(project_copy: Path) -> None:
    [article] = (project_copy / "data" / "article").glob("*.txt")
    shutil.copyfile(Path(__file__).resolve().parents[1] / "README.md", article)
    name, problems = article_problems(project_copy)
    assert [(p.file, p.line) for p in problems] == [(name, 0)], "\n".join(map(str, problems))
    assert "does not match the curated sources" in problems[0].message
    assert "quotes sampled from the facts are not in it" in problems[0].message


def test_an_article_from_another_wikipedia_page_is_one_problem(project_copy: Path) -> None:
    # Same language, same kind of text, not the article the quotes come from.
    [article] = (project_copy / "data" / "article").glob("*.txt")
    article.write_text("Външна политика на България\n\nБългария е член на Европейския съюз и НАТО. " * 50, encoding="utf-8")
    _, problems = article_problems(project_copy)
    assert len(problems) == 1 and "does not match the curated sources" in problems[0].message
    assert "nor is the article's title 'Външна политика на Казахстан'" in problems[0].message


# --- dates after the article's own --------------------------------------------------------------

RELATION_FILE = "data/facts/central-asia.yaml"  # relation/KAZ-AZE, started "1992-08-27", on line 8


def _redate_kaz_aze(root: Path, start: str) -> int:
    path = root / RELATION_FILE
    text = path.read_text(encoding="utf-8")
    assert text.count('start: "1992-08-27"') == 1
    path.write_text(text.replace('start: "1992-08-27"', f'start: "{start}"'), encoding="utf-8")
    return text[: text.index('start: "1992-08-27"')].count("\n") + 1


def _add_note(root: Path, note: str) -> None:
    """Add a note as the first of the relation's file's ``notes:``."""
    path = root / RELATION_FILE
    text = path.read_text(encoding="utf-8")
    assert text.count("\nnotes:\n") == 1
    path.write_text(text.replace("\nnotes:\n", "\nnotes:\n" + note + "\n"), encoding="utf-8")


@pytest.mark.parametrize("start", ["9999", "2021-03-14", "2022"])
def test_a_relation_dated_after_the_article_is_refused(
    project_copy: Path, capsys: pytest.CaptureFixture[str], start: str
) -> None:
    """Years below 1000 are refused as they are read; the top is capped by the article's own date (article.as_of)."""
    line = _redate_kaz_aze(project_copy, start)
    assert_problem(
        the_problem(project_copy),
        RELATION_FILE,
        line,
        "start",
        "no later than the article's own date 2021-03-13",
        f"{start} is after it",
        "implausible-date note that affects relation/KAZ-AZE",
    )
    assert_build_refuses(project_copy, capsys, f"{RELATION_FILE}:{line}: start:")


def test_a_date_within_the_article_year_is_not_after_it(project_copy: Path) -> None:
    _redate_kaz_aze(project_copy, "2021")  # may be 2021-01-01, before the article's 2021-03-13
    assert load(project_copy).records["relation/KAZ-AZE"].values["start"].year == 2021


def test_an_implausible_date_note_keeps_a_date_after_the_article(project_copy: Path) -> None:
    """A date the article itself prints beyond its own is kept as claimed, with a note that says so."""
    _redate_kaz_aze(project_copy, "2099")
    _add_note(
        project_copy,
        "  - id: kaz-aze-start-after-the-article\n    kind: implausible-date\n    affects: [relation/KAZ-AZE, state/AZE]\n"
        '    comment: "The start date lies after the article\'s own date; kept as printed."\n'
        "    comment_bg: Началната дата е след датата на самата статия; запазена както е отпечатана.\n",
    )
    assert str(load(project_copy).records["relation/KAZ-AZE"].values["start"]) == "2099"


def test_a_note_of_another_kind_does_not_keep_it(project_copy: Path) -> None:
    line = _redate_kaz_aze(project_copy, "2099")
    _add_note(
        project_copy,
        '  - id: kaz-aze-vague\n    kind: vague-statement\n    affects: [relation/KAZ-AZE]\n    comment: "Not about the date."\n'
        "    comment_bg: Не е за датата.\n",
    )
    assert_problem(the_problem(project_copy), RELATION_FILE, line, "start", "2099 is after it")


def test_the_article_must_give_its_own_date(project_copy: Path) -> None:
    path = project_copy / "data" / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('  as_of: "2021-03-13"\n', ""), encoding="utf-8")
    [problem] = problems_of(project_copy)
    assert problem.file == "data/sources.yaml" and "as_of" in str(problem), str(problem)
