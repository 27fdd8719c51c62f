"""YAML that would cost unbounded time or memory, and tags: refused before composing, naming file, line and limit.

A small file can expand enormously (a scalar anchored once and aliased a million times), and a
large one can hold millions of tiny values; both are stopped by counting the parser's events
before any node is built. Tags are not honoured (every value is read as text), so a tag other than
``!!str``, ``!!seq`` or ``!!map`` is an error rather than silently ignored. The steps that a
careless reader would take minutes and gigabytes over run in a forked child with a time and a
memory limit (tests/fsfaults.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kzgraph.core.errors import DataError
from kzgraph.core.yamlread import YamlSyntaxError, read_yaml
from kzgraph.curated.load import load

from fsfaults import isolated

BAD = "data/facts/zz-bad.yaml"
HEAD = (
    "facts:\n  - id: big-comment\n    type: Assessment\n    about: [state/KAZ]\n"
    '    source: [{section: lead, quote: "Казахстан е член на Организацията на обединените нации"}]\n'
)


def problems(root: Path) -> list[tuple[str, int, str]]:
    try:
        load(root)
    except DataError as exc:
        return [(p.file, p.line, p.message) for p in exc.problems]
    return []


def the_problem_within_limits(root: Path, seconds: float = 60, memory: int = 1 << 30) -> tuple[str, int, str]:
    outcome = isolated(lambda: problems(root), timeout=seconds, memory=memory)
    assert outcome.status == "returned", outcome
    assert len(outcome.value) == 1, outcome.value
    return outcome.value[0]


def test_scalar_aliases_expanding_to_gigabytes_are_refused(project_copy: Path) -> None:
    # 5 MB on disk: 10,000 characters anchored once and aliased 500,000 times (5 GB as text)
    path = project_copy / BAD
    text = HEAD.replace("    about:", '    comment: &big "' + "x" * 10_000 + '"\n    about:')
    text += "notes:\n  - [" + ", ".join(["*big"] * 500_000) + "]\n"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > 3_000_000
    file, line, message = the_problem_within_limits(project_copy)
    assert (file, line) == (BAD, 8)
    assert "aliases repeat more than 1,000,000 characters" in message and "*big" in message and "line 4" in message


def test_a_50_mb_one_line_flow_sequence_is_refused_by_its_size(project_copy: Path) -> None:
    path = project_copy / BAD
    with open(path, "w", encoding="utf-8") as f:
        f.write("facts: [")
        chunk = ", ".join(["a"] * 100_000) + ", "
        for _ in range(170):
            f.write(chunk)
        f.write("a]\n")
    assert path.stat().st_size > 50_000_000
    file, line, message = the_problem_within_limits(project_copy, memory=512 << 20)
    assert (file, line) == (BAD, 0)
    assert "curated YAML files may hold at most 16 MiB" in message


def test_millions_of_tiny_values_are_refused(project_copy: Path) -> None:
    path = project_copy / BAD
    path.write_text("facts: [" + ", ".join(["a"] * 1_200_000) + "]\n", encoding="utf-8")
    file, line, message = the_problem_within_limits(project_copy)
    assert (file, line) == (BAD, 1) and "more than 1,000,000 values" in message


def test_a_few_aliases_of_a_long_quote_are_fine() -> None:
    # the real data repeats the no-relations sentence (some 500 characters) 38 times
    text = 'a: &q "' + "слово " * 100 + '"\nb: [' + ", ".join(["*q"] * 100) + "]\n"
    assert len(read_yaml(text)["b"]) == 100


@pytest.mark.parametrize(
    "tag, shown",
    [
        ("!!python/object:os.system", "!!python/object:os.system"),
        ("!!python/object/apply:os.system", "!!python/object/apply:os.system"),
        ("!!binary", "!!binary"),
        ("!!set", "!!set"),
        ("!!int", "!!int"),
        ("!local", "!local"),
    ],
)
def test_a_tag_is_an_error_naming_file_and_line(project_copy: Path, tag: str, shown: str) -> None:
    (project_copy / BAD).write_text(HEAD + f"    comment: {tag} ls\n", encoding="utf-8")
    [(file, line, message)] = problems(project_copy)
    assert (file, line) == (BAD, 6)
    assert f"the tag {shown} is not supported" in message


def test_a_tagged_document_is_an_error(project_copy: Path) -> None:
    (project_copy / BAD).write_text("!!python/object:kzgraph.Release\nfacts: []\n", encoding="utf-8")
    [(file, line, message)] = problems(project_copy)
    assert (file, line) == (BAD, 1) and "!!python/object:kzgraph.Release is not supported" in message


def test_tags_that_say_what_the_value_is_anyway_are_accepted() -> None:
    doc = read_yaml("a: !!str 1992\nb: !!seq [x]\nc: !!map {d: e}\nf: ! text\n")
    assert (doc["a"], doc["b"], doc["c"], doc["f"]) == ("1992", ["x"], {"d": "e"}, "text")


def test_read_yaml_names_the_limit_for_text_beyond_it() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        read_yaml("a: " + "x" * (16 * 1024 * 1024 + 1))
    assert info.value.line == 1 and "at most 16,777,216" in str(info.value)


# --- directives: the checks hold whatever comes first ---------------------------------------------
# libyaml refuses %YAML 1.3 and an unknown directive that PyYAML's own parser reads; a check made
# only on libyaml's events then let the careful reader compose a bomb or a tag unchecked. The
# careful reader checks the events it composes from, and refuses every directive but %YAML 1.1/1.2.

BOMB = HEAD.replace("    about:", '    comment: &big "' + "x" * 10_000 + '"\n    about:') + (
    "notes:\n  - [" + ", ".join(["*big"] * 300_000) + "]\n"  # 3 GB as text
)


@pytest.mark.parametrize(("directive", "shown"), [("%YAML 1.3", "%YAML 1.3"), ("%FOO bar", "%FOO"), ("%YAML 2.0", "%YAML 2.0")])
def test_an_alias_bomb_after_an_unsupported_directive_is_refused_at_the_directive(
    project_copy: Path, directive: str, shown: str
) -> None:
    (project_copy / BAD).write_text(f"{directive}\n---\n{BOMB}", encoding="utf-8")
    file, line, message = the_problem_within_limits(project_copy, memory=768 << 20)
    assert (file, line) == (BAD, 1) and f"the directive {shown} is not supported" in message


@pytest.mark.parametrize("directive", ["%YAML 1.3", "%FOO bar", "%TAG !e! tag:example.com,2000:", "%YAML 1.1\n%FOO"])
def test_a_python_tag_after_an_unsupported_directive_is_refused(project_copy: Path, directive: str) -> None:
    (project_copy / BAD).write_text(
        f"{directive}\n---\n{HEAD}    comment: !!python/object/apply:os.system ls\n", encoding="utf-8"
    )
    [(file, line, message)] = problems(project_copy)
    assert file == BAD and line == directive.count("\n") + 1 and "is not supported" in message and "directive %" in message


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_after_a_supported_directive_the_tag_and_alias_checks_hold(project_copy: Path, version: str) -> None:
    (project_copy / BAD).write_text(
        f"%YAML {version}\n---\n{HEAD}    comment: !!python/object/apply:os.system ls\n", encoding="utf-8"
    )
    assert problems(project_copy) == [
        (BAD, 8, "the tag !!python/object/apply:os.system is not supported: every value is read as text; remove the tag")
    ]
    (project_copy / BAD).write_text(f"%YAML {version}\n---\n{BOMB}", encoding="utf-8")
    file, line, message = the_problem_within_limits(project_copy, memory=768 << 20)
    assert (file, line) == (BAD, 10) and "aliases repeat more than 1,000,000 characters" in message


def test_the_careful_reader_checks_its_own_events(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever makes the fast reader give up (here: as if libyaml were absent), what is composed is checked."""
    from kzgraph.core import yamlread

    monkeypatch.setattr(yamlread, "_fast_events_pass", lambda text: False)
    with pytest.raises(YamlSyntaxError) as info:
        read_yaml("a: ok\nb: !!python/object/apply:os.system ls\n")
    assert info.value.line == 2 and "the tag !!python/object/apply:os.system is not supported" in str(info.value)
    with pytest.raises(YamlSyntaxError) as info:
        read_yaml('a: &q "' + "x" * 1000 + '"\nb: [' + ", ".join(["*q"] * 1001) + "]\n")
    assert info.value.line == 2 and "aliases repeat more than 1,000,000 characters" in str(info.value)
    # the node limit on a smaller scale: the same count, a thousand times fewer values to compose by hand
    monkeypatch.setattr(yamlread, "MAX_NODES", 1_000)
    with pytest.raises(YamlSyntaxError) as info:
        read_yaml("a: [" + ", ".join(["v"] * 1_001) + "]\n")
    assert info.value.line == 1 and "more than 1,000 values" in str(info.value)
    assert read_yaml("%YAML 1.2\n---\na: !!str 1992\n") == {"a": "1992"}
