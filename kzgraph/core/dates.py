"""Dates at the precision the article gives them.

A source that says "1992" must not become 1992-01-01: the year stays an ``xsd:gYear``, a month an
``xsd:gYearMonth``, a day an ``xsd:date`` (the way Wikidata keeps a precision with each date).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from rdflib import Literal
from rdflib.namespace import XSD

# The month names the article (Bulgarian) and the site's English write: the site's dates and the
# benchmark's generated article read the same table.
MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "bg": ["януари", "февруари", "март", "април", "май", "юни", "юли", "август", "септември", "октомври", "ноември", "декември"],
}

# [0-9], not \d: \d also takes other scripts' digits ("١٩٩٢"), and \Z, not $: "$" also matches before a
# final line break.
_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        """``day``, ``month`` or ``year``: how much of the date is known."""
        return "day" if self.day else "month" if self.month else "year"

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def first_day(self) -> _dt.date:
        """The earliest day the date can mean ("1992-03" -> 1992-03-01)."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> _dt.date:
        """The latest day the date can mean ("1992" -> 1992-12-31, "1992-02" -> 1992-02-29)."""
        if self.day:
            return _dt.date(self.year, self.month or 1, self.day)
        month = self.month or 12
        return _dt.date(self.year + month // 12, month % 12 + 1, 1) - _dt.timedelta(days=1)

    def literal(self) -> Literal:
        """The date as a literal of its precision: xsd:date, xsd:gYearMonth or xsd:gYear (never padded to a day)."""
        datatype = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[self.precision]
        return Literal(str(self), datatype=datatype)


def parse_date(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError saying why it is not a date."""
    m = _DATE.match(text.strip())
    if not m:
        raise ValueError(f'expected a date "YYYY", "YYYY-MM" or "YYYY-MM-DD", got {text!r}')
    year, month, day = (int(g) if g else None for g in m.groups())
    if year < 1000:
        raise ValueError(f"year {year} is not plausible here (in {text!r}); expected a year from 1000 on")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"there is no month {month:02d} (in {text!r}); expected a month 01 to 12")
    if day is not None:
        try:
            _dt.date(year, month, day)
        except ValueError:
            days = (_dt.date(year + month // 12, month % 12 + 1, 1) - _dt.date(year, month, 1)).days
            raise ValueError(f"{text!r} is not a day of the calendar: {year:04d}-{month:02d} has {days} days") from None
    return PartialDate(year, month, day)
