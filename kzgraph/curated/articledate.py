"""No record is dated after the article it comes from, unless a note says the date is implausible.

Years before 1000 are refused as each date is read (:mod:`kzgraph.core.dates`); the top is capped here,
by the article's own date (``article.as_of`` in ``data/sources.yaml``), once every record is read:
a relation "from 9999" cannot be something the article states. Where the article itself prints a
date beyond its own, the curator keeps it as claimed and says so with an ``implausible-date`` note
whose ``affects`` names the record (see data/README.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..core.dates import PartialDate
from ..core.errors import SourceProblem
from .fieldkinds import KINDS


def dates_after_the_article(records: Mapping[str, Any]) -> list[SourceProblem]:
    """A problem for each date later than the article's own that no implausible-date note covers.

    ``records`` are the loader's records by key, references resolved (a note's ``affects`` holds
    keys such as ``relation/KAZ-ARM``). Without a readable ``as_of`` there is nothing to compare with:
    its absence or a bad value is reported as that field's own problem."""
    article = next((r for r in records.values() if r.path == "article"), None)
    as_of = article.values.get("as_of") if article is not None else None
    if not isinstance(as_of, PartialDate):
        return []
    noted = _noted(records.values())
    last = as_of.last_day()
    problems = []
    for rec in records.values():
        if rec is article or rec.key in noted:
            continue
        for name, value in rec.values.items():
            for date in value if isinstance(value, list) else [value]:
                if isinstance(date, PartialDate) and date.first_day() > last:
                    problems.append(SourceProblem(rec.file, rec.line_of(name), name, _message(date, as_of, rec.key)))
    return problems


def _noted(records: Iterable[Any]) -> set[str]:
    """The keys of the records an implausible-date note affects."""
    return {
        key
        for r in records
        if r.path == "note" and str(r.values.get("kind")) == "implausible-date"
        for key in r.values.get("affects") or []
        if key
    }


def _message(date: PartialDate, as_of: PartialDate, key: str) -> str:
    return (
        f"expected {KINDS['date'].expected}, no later than the article's own date {as_of} (article.as_of in "
        f"data/sources.yaml); {date} is after it, so the article cannot state it: correct the date, or, if the "
        f"article prints it, keep it and add an implausible-date note that affects {key}"
    )
