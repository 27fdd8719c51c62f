"""Every stored query's answer (default parameters) is the one its data file holds.

``queries/NAME.expected.csv`` is the whole answer, every row in the query's order, in the W3C CSV
results form (kzgraph/asking/expectations.py). It is data, not test code: a curator who corrects or adds a
fact runs ``kzgraph expectations --write``, reviews the diff it prints, and commits the files. The
hand-written tests of this folder keep what the article says (the rows a sentence gives, with the
sentence quoted); the files keep the exact answers, so an added fact changes a file, not a test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kzgraph.asking.expectations import (
    COMMAND,
    EXAMPLE,
    SUFFIX,
    Change,
    answer_csv,
    changes,
    expected_file,
    readme_change,
    report,
    write,
)
from kzgraph.asking.queries import load_queries
from kzgraph.cli import main, printed_by

from expect import QUERIES, STORED, answer, counts_at_least, holds


def test_every_stored_query_has_its_expectations_file() -> None:
    missing = sorted(q.name for q in STORED if not expected_file(q, QUERIES).is_file())
    assert not missing, (
        f"stored queries without an expected answer ({', '.join(f'queries/{n}{SUFFIX}' for n in missing)}): "
        f"run `{COMMAND}`, review the diff it prints and commit the files"
    )


def test_every_expectations_file_has_its_stored_query() -> None:
    names = {q.name for q in STORED}
    orphans = sorted(p.name for p in QUERIES.glob(f"*{SUFFIX}") if p.name[: -len(SUFFIX)] not in names)
    assert not orphans, f"expectations files without a stored query (renamed or removed?): {orphans}; `{COMMAND}` removes them"


@pytest.mark.parametrize("query", STORED, ids=lambda q: q.name)
def test_a_stored_query_answers_what_its_file_holds(store: ox.Store, query) -> None:  # type: ignore[no-untyped-def]
    path = expected_file(query, QUERIES)
    if not path.is_file():
        pytest.fail(f"queries/{path.name} is missing: run `{COMMAND}`, review the diff and commit it", pytrace=False)
    got = answer_csv(store, query)
    held = path.read_bytes().decode("utf-8")
    if got != held:
        pytest.fail(
            f"{query.name} answers otherwise than queries/{path.name} (- the file, + the answer):\n"
            + Change(path, held, got).diff()
            + f"if the data changed on purpose, run `{COMMAND}`, review the diff it prints and commit it",
            pytrace=False,
        )


@pytest.mark.parametrize("query", [q for q in STORED if any(p.name == "lang" for p in q.params)], ids=lambda q: q.name)
def test_the_bulgarian_answer_has_a_row_for_each_english_row(store: ox.Store, query) -> None:  # type: ignore[no-untyped-def]
    """Labels change with the language, the facts do not: so the file of the (English) default answer
    pins the size of the Bulgarian one too, and no test has to state it as a number."""
    english, bulgarian = answer(store, query.name), answer(store, query.name, lang="bg")
    assert len(bulgarian) == len(english) > 0, f"{len(bulgarian)} rows in Bulgarian, {len(english)} in English"


# --- the command that writes them -------------------------------------------------------------------


@pytest.fixture()
def queries_copy(tmp_path: Path) -> Path:
    """Three stored queries and their files, in a folder a test may change."""
    folder = tmp_path / "queries"
    folder.mkdir()
    for name in ("consulates-general", "osce-chair-in-year", "diplomatic-relations-graph"):
        shutil.copy2(QUERIES / f"{name}.rq", folder)
        shutil.copy2(QUERIES / f"{name}{SUFFIX}", folder)
    return folder


def test_the_files_hold_each_form_of_answer(queries_copy: Path) -> None:
    """A SELECT's rows in its order, an ASK's boolean, a CONSTRUCT's triples sorted: all W3C CSV (CRLF)."""
    select = (queries_copy / f"consulates-general{SUFFIX}").read_bytes()
    assert select.startswith(b"role,sendingState,city,hostState,opened\r\nsends,Kazakhstan,Astrakhan,Russia,\r\n")
    assert (queries_copy / f"osce-chair-in-year{SUFFIX}").read_bytes() == b"true\r\n"
    rows = (queries_copy / f"diplomatic-relations-graph{SUFFIX}").read_bytes().decode().split("\r\n")
    assert rows[0] == "subject,predicate,object" and rows[1:-1] == sorted(rows[1:-1]) and rows[-1] == ""


def test_writing_shows_a_diff_and_fixes_every_file(store: ox.Store, queries_copy: Path) -> None:
    edited = queries_copy / f"consulates-general{SUFFIX}"
    edited.write_bytes(edited.read_bytes().replace(b"Omsk", b"Tomsk"))
    (queries_copy / f"osce-chair-in-year{SUFFIX}").unlink()
    (queries_copy / f"no-such-query{SUFFIX}").write_bytes(b"x\r\n1\r\n")
    found = changes(store, queries_copy)
    assert [c.path.name for c in found] == [
        f"consulates-general{SUFFIX}",
        f"no-such-query{SUFFIX}",
        f"osce-chair-in-year{SUFFIX}",
    ]
    shown = report(found, written=False)
    assert "-sends,Kazakhstan,Tomsk,Russia,\n+sends,Kazakhstan,Omsk,Russia," in shown
    assert f"consulates-general{SUFFIX}: +1 -1 rows" in shown and f"osce-chair-in-year{SUFFIX}: new, 0 rows" in shown
    assert f"no-such-query{SUFFIX}: removed (no stored query no-such-query.rq)" in shown and COMMAND in shown
    write(found)
    assert changes(store, queries_copy) == []
    assert sorted(p.name for p in queries_copy.iterdir()) == sorted(
        f"{n}{ext}" for n in ("consulates-general", "osce-chair-in-year", "diplomatic-relations-graph") for ext in (".rq", SUFFIX)
    )
    assert report([], written=False) == "every expectations file holds its stored query's answer\n"


def test_an_expectations_file_that_cannot_be_read_is_an_error_naming_it(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "project"
    for part in ("data", "ontology", "queries"):
        shutil.copytree(QUERIES.parent / part, root / part)
    (root / "queries" / f"capitals{SUFFIX}").unlink()
    (root / "queries" / f"capitals{SUFFIX}").mkdir()
    assert main(["expectations", "--root", str(root), "--dist", str(built), "--write"]) == 1
    out, err = capsys.readouterr()
    assert f"capitals{SUFFIX}: cannot be read as an expected answer" in err and "Traceback" not in out + err
    assert (root / "queries" / f"capitals{SUFFIX}").is_dir()  # nothing written


def test_a_new_query_gets_its_file_from_the_command(store: ox.Store, queries_copy: Path) -> None:
    """What another author of a stored query runs: the new query's file is written, nothing else changes."""
    shutil.copy2(QUERIES / "capitals.rq", queries_copy)
    [change] = changes(store, queries_copy)
    assert change.old is None and change.path.name == f"capitals{SUFFIX}"
    write([change])
    assert change.path.read_bytes() == (QUERIES / f"capitals{SUFFIX}").read_bytes()
    assert len(load_queries(queries_copy)) == 4


def test_the_command_exits_1_when_a_file_differs_and_0_once_written(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "project"
    for part in ("data", "ontology", "queries"):
        shutil.copytree(QUERIES.parent / part, root / part)
    (root / "queries" / f"capitals{SUFFIX}").unlink()
    args = ["expectations", "--root", str(root), "--dist", str(built)]
    assert main(args) == 1
    assert f"capitals{SUFFIX}: new" in capsys.readouterr().out
    assert main([*args, "--write"]) == 0
    assert main(args) == 0
    assert (root / "queries" / f"capitals{SUFFIX}").read_bytes() == (QUERIES / f"capitals{SUFFIX}").read_bytes()


def test_the_readme_examples_are_rewritten_from_what_the_program_prints(built: Path, tmp_path: Path) -> None:
    """The README's tour is an expected answer too: a stale example is shown as a diff and rewritten
    with what `kzgraph query` prints (one example here; tests/test_readme.py runs them all)."""
    [block] = [
        m.group(0)
        for m in EXAMPLE.finditer((QUERIES.parent / "README.md").read_text(encoding="utf-8"))
        if m.group(2) == "$ kzgraph query consulates-general"
    ]
    text = f"# A project\n\nConsulates:\n{block}\nThe end.\n"
    stale = "sends  Kazakhstan     Omsk              Russia\n"
    readme = tmp_path / "README.md"
    readme.write_text(text.replace(stale, stale.replace("Omsk ", "Tomsk")), encoding="utf-8")
    extra = ["--dist", str(built), "--root", str(QUERIES.parent)]
    change = readme_change(readme, lambda argv, stdin: printed_by([*argv, *extra], stdin))
    assert change is not None and "-sends  Kazakhstan     Tomsk             Russia\n+sends  Kazakhstan     Omsk" in change.diff()
    assert change.summary() == "README.md: +1 -1 lines"
    write([change])
    assert readme.read_text(encoding="utf-8") == text


# --- the helpers the subject modules state the article's rows with -----------------------------------


def test_holds_wants_every_row_in_its_order_and_lets_others_stand_between() -> None:
    holds([(1,), (2,), (3,)], [(1,), (3,)])
    with pytest.raises(AssertionError, match=r"row \(4,\) is not in the answer"):
        holds([(1,), (2,), (3,)], [(1,), (4,)])
    with pytest.raises(AssertionError, match=r"row \(1,\) is not in the answer after row 1"):
        holds([(1,), (2,)], [(2,), (1,)])


def test_counts_at_least_lets_a_count_grow_but_not_shrink_nor_the_rest_change() -> None:
    counts_at_least([("a", 3, "x")], [("a", 2, "x")], counts=(1,))
    with pytest.raises(AssertionError, match="at least"):
        counts_at_least([("a", 1, "x")], [("a", 2, "x")], counts=(1,))
    with pytest.raises(AssertionError, match="at least"):
        counts_at_least([("a", 3, "y")], [("a", 2, "x")], counts=(1,))
    with pytest.raises(AssertionError, match="at least"):
        counts_at_least([("a", 3, "x")], [("a", 2, "x")], counts=())
