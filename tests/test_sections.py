"""Quotes must stand in the text of the section they cite, not merely somewhere in the article."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzgraph.core.errors import DataError
from kzgraph.curated.load import load


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_real_quote_stands_in_its_own_section(release) -> None:  # type: ignore[no-untyped-def]
    assert release.dataset.facts  # loading succeeded, so every quote passed the section check


def test_a_quote_filed_under_the_wrong_section_is_an_error(project_copy: Path) -> None:
    facts = project_copy / "data" / "facts" / "central-asia.yaml"
    _replace(
        facts,
        'section: central-asia/azerbaijan\n        quote: "Казахстан има посолоство в Баку',
        'section: central-asia/turkmenistan\n        quote: "Казахстан има посолоство в Баку',
    )
    with pytest.raises(DataError) as err:
        load(project_copy)
    [problem] = err.value.problems
    assert problem.file == "data/facts/central-asia.yaml" and problem.field == "quote"
    assert "not in section central-asia/turkmenistan" in problem.message


def test_a_heading_out_of_the_articles_order_is_an_error(project_copy: Path) -> None:
    sources = project_copy / "data" / "sources.yaml"
    _replace(sources, 'heading: "Гранични въпросиРедактиране"', 'heading: "Председателство на Казахстан на ОССЕ"')
    _replace(sources, 'heading: "Забранени наркотични веществаРедактиране"', 'heading: "АзияРедактиране"')
    with pytest.raises(DataError) as err:
        load(project_copy)
    assert any(p.field == "heading" and "article's order" in p.message for p in err.value.problems)
