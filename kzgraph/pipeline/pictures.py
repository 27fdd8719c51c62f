"""Pictures of the graph as SVG, drawn from the data alone (no network, no script).

* :func:`timeline_svg` — when diplomatic relations, recognitions and missions began. Each date is
  drawn at the precision the article gives it: a day is a dot, a month a short bar over that month,
  a year-only date a pale bar over the whole year (never a made-up 1 January).
* :func:`missions_svg` — Kazakhstan's memberships of international organizations (left) and its
  missions abroad by host country and city (right).

Both take the store (or an rdflib graph of the asserted data) and return standalone SVG text that
uses presentation attributes only (no ``<style>``, no script), so it can be inlined in a page under
a strict Content-Security-Policy or written to ``dist/`` as a file. ``link`` maps an IRI to the
address a click should go to (default: the canonical IRI).
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ..curated.namespaces import ID, graph_iri
from . import counts
from .terms import COMMENT as RDFS_COMMENT
from .terms import KZO_NS, ORG, TYPE
from .terms import LABEL as RDFS_LABEL
from .terms import QUALITY_NOTE as QUALITY_NOTE_NODE

QUALITY_NOTE, NOTE_COMMENT = QUALITY_NOTE_NODE.value, RDFS_COMMENT.value

KAZ = ID + "state/KAZ"

Link = Callable[[str], "str | None"]

COLORS = {"relation": "#1f5fa8", "recognition": "#b3261e", "mission": "#2e7d32"}
# (class, abbreviation, colour, en, bg): the legend names each type as fact labels begin, in lower case
# (the class's kzo:labelPhrase in the ontology; tests/test_house.py holds the two to each other)
MISSION_TYPES = [
    ("Embassy", "E", "#2e7d32", "embassy", "посолство"),
    ("ConsulateGeneral", "CG", "#6a1b9a", "consulate general", "генерално консулство"),
    ("Consulate", "C", "#1565c0", "consulate", "консулство"),
    ("HonoraryConsulate", "HC", "#ef6c00", "honorary consulate", "почетно консулство"),
    ("RepresentationOffice", "O", "#5d4037", "office", "представителство"),
]
TEXT = {
    "en": {
        "timeline": "When relations, recognitions and missions began",
        "relation": "Diplomatic relations",
        "recognition": "Recognitions",
        "mission": "Missions opened",
        "day": "exact day",
        "month": "month",
        "year": "year only",
        "dated": "{d} of {n} dated",
        "twodates": "the article gives two dates",
        "diagram": "Kazakhstan: memberships and missions abroad",
        "memberships": "Memberships",
        "missions": "Missions abroad by country and city",
        "nocity": "(city not given)",
        "desc_t": "Each mark is one fact, placed at the precision of its date in the article.",
        "desc_d": "Organizations Kazakhstan is a member of, and its diplomatic missions grouped by host country and city.",
    },
    "bg": {
        "timeline": "Начало на отношения, признавания и представителства",
        "relation": "Дипломатически отношения",
        "recognition": "Признавания",
        "mission": "Открити представителства",
        "day": "точен ден",
        "month": "месец",
        "year": "само година",
        "dated": "{d} от {n} с дата",
        "twodates": "статията дава две дати",
        "diagram": "Казахстан: членства и представителства в чужбина",
        "memberships": "Членства",
        "missions": "Представителства в чужбина по държава и град",
        "nocity": "(градът не е посочен)",
        "desc_t": "Всеки знак е един факт, поставен с точността на датата му в статията.",
        "desc_d": "Организации, в които Казахстан членува, и дипломатическите му представителства по държава и град.",
    },
}


def _esc(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#x27;")


def as_store(source: Any) -> ox.Store:
    """An ox.Store for a store, or for an rdflib graph (loaded as the data graph)."""
    if isinstance(source, ox.Store):
        return source
    from .embedded_store import store_of

    return store_of([(graph_iri("data"), source)])


class _Data:
    def __init__(self, store: ox.Store, lang: str):
        self.store, self.lang = store, lang
        self._labels: dict[str, str] = {}

    def objects(self, s: str, p: str) -> list[Any]:
        """The distinct objects of ``s p ?o``, in any graph."""
        out = []
        for q in self.store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None):
            if q.object not in out:
                out.append(q.object)
        return out

    def subjects(self, p: str, o: Any = None) -> list[str]:
        """The distinct IRIs with ``p`` (to ``o``, when given), in any graph."""
        seen: dict[str, None] = {}
        for q in self.store.quads_for_pattern(None, ox.NamedNode(p), o):
            if isinstance(q.subject, ox.NamedNode):
                seen.setdefault(q.subject.value)
        return list(seen)

    def one(self, s: str, p: str) -> Any:
        """The first object of ``s p ?o``; None when there is none."""
        found = self.objects(s, p)
        return found[0] if found else None

    def text(self, s: str, p: str) -> str | None:
        """The text of ``s p ?o`` in this language (else English, else any): a note's comment has one of each."""
        found = {o.language: o.value for o in self.objects(s, p) if isinstance(o, ox.Literal)}
        return found.get(self.lang) or found.get("en") or next(iter(found.values()), None)

    def types(self, s: str) -> set[str]:
        """The IRIs of the classes of ``s``."""
        return {o.value for o in self.objects(s, TYPE.value) if isinstance(o, ox.NamedNode)}

    def label(self, iri: str) -> str:
        """The label of ``iri`` in this language (else English, else any, else its last segment), looked up once."""
        if iri not in self._labels:
            found = {o.language: o.value for o in self.objects(iri, RDFS_LABEL.value) if isinstance(o, ox.Literal)}
            self._labels[iri] = found.get(self.lang) or found.get("en") or next(iter(found.values()), iri.rsplit("/", 1)[-1])
        return self._labels[iri]


# --- timeline ---------------------------------------------------------------------------------------


@dataclass
class Mark:
    """A dated fact on the timeline: its lane (kind), the date as written, its span in fractional years, its texts."""

    kind: str
    iri: str
    value: str  # the date as written: 1992, 1992-12, 1992-12-26
    precision: str  # day | month | year
    start: float  # fractional years
    end: float
    text: str
    title: str
    note: str | None = None  # the data-quality note recording why this partner has two dates


def _span(value: str) -> tuple[str, float, float] | None:
    """(precision, start, end) in fractional years for a date literal's lexical form."""
    m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", value)
    if not m:
        return None
    year = int(m.group(1))
    if m.group(3):
        month, day = int(m.group(2)), int(m.group(3))
        days = 366 if calendar.isleap(year) else 365
        doy = sum(calendar.monthrange(year, k)[1] for k in range(1, month)) + day
        x = year + (doy - 0.5) / days
        return "day", x, x
    if m.group(2):
        month = int(m.group(2))
        return "month", year + (month - 1) / 12, year + month / 12
    return "year", float(year), float(year + 1)


def timeline_marks(store: ox.Store, lang: str = "en") -> tuple[list[Mark], dict[str, int]]:
    """The dated facts (and the number of facts of each kind, dated or not)."""
    d = _Data(store, lang)
    marks: list[Mark] = []
    totals: dict[str, int] = {}
    start, date, opening = KZO_NS + "startDate", KZO_NS + "date", KZO_NS + "openingDate"
    relations = sorted(r for records in counts.relations(store, KAZ).records.values() for r in records)
    recognitions = sorted(d.subjects(TYPE.value, ox.NamedNode(KZO_NS + "Recognition")))
    missions = sorted(set(d.subjects(KZO_NS + "sendingState")) | set(d.subjects(opening)))
    for kind, facts, pred in (
        ("relation", relations, start),
        ("recognition", recognitions, date),
        ("mission", missions, opening),
    ):
        totals[kind] = len(facts)
        for fact in facts:
            lit = d.one(fact, pred)
            if not isinstance(lit, ox.Literal):
                continue
            span = _span(lit.value)
            if span is None:
                continue
            precision, x0, x1 = span
            marks.append(Mark(kind, fact, lit.value, precision, x0, x1, _short(d, kind, fact), f"{d.label(fact)} — {lit.value}"))
    _mark_two_dates(d, [m for m in marks if m.kind == "relation"])
    marks.sort(key=lambda m: (m.kind, m.start, m.iri))
    return marks, totals


def _mark_two_dates(d: _Data, marks: list[Mark]) -> None:
    """A partner drawn twice because the article gives two dates: mark both with the note they share
    (a contradiction first), so the repetition reads as the article's conflict, not as two relations."""
    by_partner: dict[tuple[str, ...], list[Mark]] = {}
    for m in marks:
        parties = sorted(o.value for o in d.objects(m.iri, KZO_NS + "party") if isinstance(o, ox.NamedNode))
        by_partner.setdefault(tuple(parties), []).append(m)
    for group in by_partner.values():
        if len(group) < 2:
            continue
        shared = set.intersection(*({o.value for o in d.objects(m.iri, QUALITY_NOTE)} for m in group))
        kinds = {n: {o.value for o in d.objects(n, KZO_NS + "noteType")} for n in shared}
        ranked = sorted(shared, key=lambda n: (KZO_NS + "contradiction" not in kinds[n], n))
        note = ranked[0] if ranked else None
        comment = d.text(note, NOTE_COMMENT) if note else None
        for m in group:
            m.note = note
            m.text += " ⚠"
            m.title += f" ⚠ {TEXT[d.lang]['twodates']}" + (f": {_clip(comment, 300)}" if comment else "")


def _short(d: _Data, kind: str, fact: str) -> str:
    if kind == "relation":
        parties = [o.value for o in d.objects(fact, KZO_NS + "party") if isinstance(o, ox.NamedNode)]
        others = sorted(d.label(p) for p in parties if p != KAZ)
        return ", ".join(others) or d.label(fact)
    if kind == "recognition":
        a, b = d.one(fact, KZO_NS + "recognizingState"), d.one(fact, KZO_NS + "recognizedState")
        return f"{d.label(a.value) if a else '?'} → {d.label(b.value) if b else '?'}"
    sender, city, host = (
        d.one(fact, KZO_NS + "sendingState"),
        d.one(fact, KZO_NS + "city"),
        d.one(fact, KZO_NS + "receivingState"),
    )
    place = d.label(city.value) if city is not None else d.label(host.value) if host is not None else ""
    if sender is not None and sender.value != KAZ:
        return f"{d.label(sender.value)}: {place}"
    return place or d.label(fact)


# The narrow variants of the pictures, for a phone's screen (375 px wide, less the page's margins): drawn at
# about the width they are shown at, so that no text is smaller than NARROW_MIN_FONT px there.
NARROW_WIDTH = 340
NARROW_MIN_FONT = 11
NARROW_CLIP = 22  # a timeline label's characters on a phone: any mark has room for it on one side


def timeline_svg(source: Any, lang: str = "en", link: Link | None = None, width: int = 980, narrow: bool = False) -> str:
    """The timeline as standalone SVG: relations, recognitions and missions, each date drawn at its precision.

    ``narrow`` draws it for a phone: the lanes' titles above their lanes instead of beside them, the
    legend on two lines, larger text and labels clipped to fit (whole in each mark's title)."""
    store = as_store(source)
    txt = TEXT.get(lang, TEXT["en"])
    link = link or (lambda iri: iri)
    marks, totals = timeline_marks(store, lang)
    ident = "timeline-narrow" if narrow else "timeline"
    if not marks:
        return _svg(width, 60, txt["timeline"], txt["desc_t"], ['<text x="10" y="30">—</text>'], ident)
    y0 = int(min(m.start for m in marks))
    y1 = int(max(m.end for m in marks) + 0.999)
    # the lanes' titles stand left of the marks (wide: as wide as the longest title's bold 12 px letters) or above them
    title_w = max(len(txt[k]) for k in ("relation", "recognition", "mission")) * 8.2 + 16
    left, right, top = (12, 14, 78) if narrow else (max(150, round(title_w)), 36, 56)
    scale = (width - left - right) / max(1, y1 - y0)

    def x(year: float) -> float:
        return left + (year - y0) * scale

    out: list[str] = [_timeline_legend(txt, left, scale, narrow)]
    y = top
    font = NARROW_MIN_FONT if narrow else 10
    row_h, char_w, head = (19, 6.6, 36) if narrow else (17, 5.9, 0)
    for kind in ("relation", "recognition", "mission"):
        lane = [m for m in marks if m.kind == kind]
        rows: list[list[tuple[float, float]]] = []  # each row's spans, sorted, 6 px apart
        placed: list[tuple[Mark, int, bool]] = []
        for m in lane:
            if narrow:
                m = _clipped(m)
            x0, x1 = x(m.start), max(x(m.end), x(m.start) + 4)
            text_w = len(m.text) * char_w
            text_left = x1 + 4 + text_w > width - 4  # no room on the right: write it on the left
            span = (x0 - 6 - text_w, x1) if text_left else (x0 - 2, x1 + 6 + text_w)
            for i, row in enumerate(rows):
                if _fits(row, span):
                    bisect.insort(row, span)
                    placed.append((m, i, text_left))
                    break
            else:
                rows.append([span])
                placed.append((m, len(rows) - 1, text_left))
        height = head + max(1, len(rows)) * row_h + 10
        color = COLORS[kind]
        out.append(f'<rect x="0" y="{y}" width="{width}" height="{height}" fill="{color}" fill-opacity="0.04"/>')
        dated = len(lane)
        out.append(
            f'<text x="8" y="{y + 15}" font-size="12" font-weight="bold" fill="{color}">{_esc(txt[kind])}</text>'
            f'<text x="8" y="{y + 30}" font-size="{font}" fill="#555">{_esc(txt["dated"].format(d=dated, n=totals.get(kind, dated)))}</text>'
        )
        for m, row, text_left in placed:
            cy = y + head + 8 + row * row_h + row_h / 2
            href = link(m.iri)
            shape = _mark_shape(m, x, cy, color)
            if text_left:
                label = (
                    f'<text x="{x(m.start) - 4:.1f}" y="{cy + 3.5:.1f}" font-size="{font}" fill="#222" '
                    f'text-anchor="end">{_esc(m.text)}</text>'
                )
            else:
                label = (
                    f'<text x="{max(x(m.end), x(m.start) + 4) + 4:.1f}" y="{cy + 3.5:.1f}" font-size="{font}" '
                    f'fill="#222">{_esc(m.text)}</text>'
                )
            inner = f"<title>{_esc(m.title)}</title>{shape}{label}"
            if href:
                out.append(f'<a href="{_esc(href)}" class="mark {m.precision}">{inner}</a>')
            else:
                out.append(f'<g class="mark {m.precision}">{inner}</g>')
        y += height + 4
    # axis
    step = 1 if scale >= 34 else 2 if scale >= 17 else 5
    out.append(f'<line x1="{left}" y1="{y + 2}" x2="{width - right}" y2="{y + 2}" stroke="#333"/>')
    for year in range(y0, y1 + 1):
        xx = x(year)
        out.append(f'<line x1="{xx:.1f}" y1="{top}" x2="{xx:.1f}" y2="{y + 2}" stroke="#000" stroke-opacity="0.08"/>')
        if (year - y0) % step == 0:
            out.append(
                f'<line x1="{xx:.1f}" y1="{y + 2}" x2="{xx:.1f}" y2="{y + 7}" stroke="#333"/>'
                f'<text x="{xx + 2:.1f}" y="{y + 18}" font-size="{font}" fill="#333">{year}</text>'
            )
    return _svg(width, y + 26, txt["timeline"], txt["desc_t"], out, ident)


def _timeline_legend(txt: dict[str, str], lx: float, scale: float, narrow: bool) -> str:
    """The key to the marks: a day, a month, a year only, two dates; on one line, or on two when narrow."""
    if not narrow:
        return (
            f'<g font-size="11" fill="#333"><circle cx="{lx + 5}" cy="38" r="4" fill="#555"/>'
            f'<text x="{lx + 14}" y="42">{_esc(txt["day"])}</text>'
            f'<rect x="{lx + 110}" y="34" width="{max(3, scale / 12):.1f}" height="8" fill="#555"/>'
            f'<text x="{lx + 122}" y="42">{_esc(txt["month"])}</text>'
            f'<rect x="{lx + 200}" y="34" width="{scale:.1f}" height="8" fill="#555" fill-opacity="0.25" stroke="#555" stroke-dasharray="2 2"/>'
            f'<text x="{lx + 206 + scale:.1f}" y="42">{_esc(txt["year"])}</text>'
            f'<text x="{lx + 222 + scale + len(txt["year"]) * 6.6:.1f}" y="42">⚠ {_esc(txt["twodates"])}</text></g>'
        )  # the last key after the words before it, however long they are in the language
    return (
        f'<g font-size="{NARROW_MIN_FONT}" fill="#333"><circle cx="{lx + 5}" cy="36" r="4" fill="#555"/>'
        f'<text x="{lx + 14}" y="40">{_esc(txt["day"])}</text>'
        f'<rect x="{lx + 130}" y="32" width="{max(3, scale / 12):.1f}" height="8" fill="#555"/>'
        f'<text x="{lx + 142}" y="40">{_esc(txt["month"])}</text>'
        f'<rect x="{lx}" y="52" width="{scale:.1f}" height="8" fill="#555" fill-opacity="0.25" stroke="#555" stroke-dasharray="2 2"/>'
        f'<text x="{lx + 6 + scale:.1f}" y="60">{_esc(txt["year"])}</text>'
        f'<text x="{lx + 130}" y="60">⚠ {_esc(txt["twodates"])}</text></g>'
    )


def _clipped(m: Mark) -> Mark:
    """A mark whose label is cut to fit a phone's timeline (the whole label stays in its title)."""
    if len(m.text) <= NARROW_CLIP:
        return m
    return dataclasses.replace(m, text=m.text[: NARROW_CLIP - 1].rstrip() + "…")


def _fits(row: list[tuple[float, float]], span: tuple[float, float]) -> bool:
    """Whether ``span`` keeps 6 px from every span of ``row``. The row's spans are sorted and apart,
    so their ends are sorted too: only the neighbours of where ``span`` would go can be too close
    (the first fit in a row of thousands of marks, without comparing with every one of them)."""
    i = bisect.bisect_left(row, span)
    return (i == 0 or span[0] > row[i - 1][1] + 6) and (i == len(row) or span[1] + 6 < row[i][0])


def _mark_shape(m: Mark, x: Callable[[float], float], cy: float, color: str) -> str:
    if m.precision == "day":
        return f'<circle cx="{x(m.start):.1f}" cy="{cy:.1f}" r="4" fill="{color}"/>'
    x0, x1 = x(m.start), x(m.end)
    if m.precision == "month":
        return f'<rect x="{x0:.1f}" y="{cy - 4:.1f}" width="{max(3.0, x1 - x0):.1f}" height="8" fill="{color}"/>'
    return (
        f'<rect x="{x0:.1f}" y="{cy - 5:.1f}" width="{x1 - x0:.1f}" height="10" fill="{color}" fill-opacity="0.22" '
        f'stroke="{color}" stroke-dasharray="3 2"/>'
    )


# --- memberships and missions -------------------------------------------------------------------------


def diagram_data(
    store: ox.Store, lang: str = "en"
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str | None, list[tuple[str, str]]]]]:
    """Kazakhstan's organizations [(org IRI, label, detail)] and missions [(country IRI, city IRI or
    None, [(mission IRI, type)])], sorted by label."""
    d = _Data(store, lang)
    kaz = ox.NamedNode(KAZ)
    orgs: dict[str, list[str]] = {}
    for org_iri in counts.memberships(store, KAZ).records:  # the organisations every page counts
        orgs.setdefault(org_iri, [])
    for m in d.subjects(ORG + "member", kaz):
        org, role = d.one(m, ORG + "organization"), d.one(m, ORG + "role")
        if org is None:
            continue
        detail = d.label(role.value) if isinstance(role, ox.NamedNode) else ""
        when = d.one(m, KZO_NS + "startDate") or d.one(m, KZO_NS + "date")
        if isinstance(when, ox.Literal):
            detail += f" ({when.value})"
        orgs.setdefault(org.value, []).append(detail.strip())
    org_rows = sorted(
        ((iri, d.label(iri), ", ".join(sorted(set(filter(None, details))))) for iri, details in orgs.items()),
        key=lambda r: r[1].casefold(),
    )
    groups: dict[tuple[str, str | None], list[tuple[str, str]]] = {}
    for m in d.subjects(KZO_NS + "sendingState", kaz):
        host, city = d.one(m, KZO_NS + "receivingState"), d.one(m, KZO_NS + "city")
        if host is None:
            continue
        types = d.types(m)
        kind = next((cls for cls, *_ in MISSION_TYPES if KZO_NS + cls in types), "Embassy")
        groups.setdefault((host.value, city.value if city is not None else None), []).append((m, kind))
    order = [cls for cls, *_ in MISSION_TYPES]
    rows = sorted(
        ((host, city, sorted(ms, key=lambda x: (order.index(x[1]), x[0]))) for (host, city), ms in groups.items()),
        key=lambda r: (d.label(r[0]).casefold(), r[1] is None, d.label(r[1]).casefold() if r[1] else ""),
    )
    return org_rows, rows


def missions_svg(source: Any, lang: str = "en", link: Link | None = None, width: int = 1000) -> str:
    """Kazakhstan's memberships and missions abroad as standalone SVG, each node linked where ``link`` says."""
    store = as_store(source)
    txt = TEXT.get(lang, TEXT["en"])
    link = link or (lambda iri: iri)
    d = _Data(store, lang)
    orgs, rows = diagram_data(store, lang)
    row_h, org_h, top = 22, 30, 46
    body_h = max(len(orgs) * org_h, len(rows) * row_h, row_h)
    height = top + body_h + 52
    kx0, kx1 = 330, 430
    ky = top + body_h / 2
    col_country, col_city, col_pills = 478, 690, 872
    org_end = kx0 - 40
    out: list[str] = [
        f'<text x="{org_end}" y="{top - 22}" font-size="12" font-weight="bold" text-anchor="end" fill="#333">{_esc(txt["memberships"])}</text>',
        f'<text x="{col_country}" y="{top - 22}" font-size="12" font-weight="bold" fill="#333">{_esc(txt["missions"])}</text>',
    ]
    org_top = ky - len(orgs) * org_h / 2
    for i, (iri, label, detail) in enumerate(orgs):
        cy = org_top + i * org_h + org_h / 2
        out.append(
            f'<path d="M{kx0},{ky:.1f} C{kx0 - 22},{ky:.1f} {kx0 - 22},{cy:.1f} {org_end + 4},{cy:.1f}" '
            f'fill="none" stroke="#1f5fa8" stroke-opacity="0.5"/>'
        )
        small = (
            f'<text x="{org_end}" y="{cy + 12:.1f}" font-size="9" text-anchor="end" fill="#666">{_esc(_clip(detail, 52))}</text>'
            if detail
            else ""
        )
        body = (
            f"<title>{_esc(label + (' — ' + detail if detail else ''))}</title>"
            f'<text x="{org_end}" y="{cy + (1 if detail else 4):.1f}" font-size="11" text-anchor="end" fill="#1f3f6e">'
            f"{_esc(_clip(label, 40))}</text>{small}"
        )
        out.append(_a(link(iri), body))
    out.append(
        _a(
            link(KAZ),
            f'<title>{_esc(d.label(KAZ))}</title><rect x="{kx0}" y="{ky - 16:.1f}" width="{kx1 - kx0}" height="32" rx="8" '
            f'fill="#00a3dd"/><text x="{(kx0 + kx1) / 2}" y="{ky + 5:.1f}" font-size="13" font-weight="bold" '
            f'text-anchor="middle" fill="#fff">{_esc(d.label(KAZ))}</text>',
        )
    )
    mission_top = ky - len(rows) * row_h / 2
    previous_country = None
    country_first_row: dict[str, float] = {}
    for i, (country, city, missions) in enumerate(rows):
        cy = mission_top + i * row_h + row_h / 2
        if country != previous_country:
            country_first_row[country] = cy
            out.append(
                f'<path d="M{kx1},{ky:.1f} C{kx1 + 26},{ky:.1f} {kx1 + 18},{cy:.1f} {col_country - 6},{cy:.1f}" '
                f'fill="none" stroke="#2e7d32" stroke-opacity="0.5"/>'
            )
            out.append(
                _a(
                    link(country),
                    f'<title>{_esc(d.label(country))}</title><text x="{col_country}" y="{cy + 4:.1f}" '
                    f'font-size="11" font-weight="bold" fill="#1b4d1f">{_esc(_clip(d.label(country), 25))}</text>',
                )
            )
        start = country_first_row[country]
        out.append(
            f'<path d="M{col_city - 22},{start:.1f} C{col_city - 12},{start:.1f} {col_city - 14},{cy:.1f} {col_city - 4},{cy:.1f}" '
            f'fill="none" stroke="#888"/>'
        )
        city_label = d.label(city) if city else txt["nocity"]
        italic = "" if city else ' font-style="italic"'
        city_el = f'<text x="{col_city}" y="{cy + 4:.1f}" font-size="11" fill="#222"{italic}>{_esc(_clip(city_label, 28))}</text>'
        out.append(_a(link(city), f"<title>{_esc(city_label)}</title>{city_el}") if city else city_el)
        out += _mission_pills(d, link, missions, col_pills, f"{cy - 7:.1f}", f"{cy + 3.5:.1f}", (14, 7, 14, 9))
        previous_country = country
    # legend of the mission types, under the diagram
    lx, ly = col_country, top + body_h + 24
    for _cls, abbr, color, en, bg in MISSION_TYPES:
        name = en if lang == "en" else bg
        item_w = 30 + len(name) * 5.6
        if lx + item_w > width - 8:
            lx, ly = col_country, ly + 18
        out.append(
            f'<rect x="{lx}" y="{ly - 10}" width="22" height="13" rx="3" fill="{color}"/>'
            f'<text x="{lx + 11}" y="{ly}" font-size="9" fill="#fff" text-anchor="middle">{abbr}</text>'
            f'<text x="{lx + 26}" y="{ly}" font-size="10" fill="#333">{_esc(name)}</text>'
        )
        lx += item_w + 8
    return _svg(width, max(height, ly + 12), txt["diagram"], txt["desc_d"], out, "missions")


def missions_narrow_svg(source: Any, lang: str = "en", link: Link | None = None, width: int = NARROW_WIDTH) -> str:
    """The memberships and missions for a phone: the same links, stacked in one column instead of spread
    around Kazakhstan — the memberships, then each host country with its cities and their missions."""
    store = as_store(source)
    txt = TEXT.get(lang, TEXT["en"])
    link = link or (lambda iri: iri)
    d = _Data(store, lang)
    orgs, rows = diagram_data(store, lang)
    f, line = NARROW_MIN_FONT, 20
    out = [
        _a(
            link(KAZ),
            f'<title>{_esc(d.label(KAZ))}</title><rect x="8" y="8" width="{width - 16}" height="28" rx="8" fill="#00a3dd"/>'
            f'<text x="{width / 2}" y="27" font-size="13" font-weight="bold" text-anchor="middle" fill="#fff">{_esc(d.label(KAZ))}</text>',
        ),
        f'<text x="8" y="60" font-size="12" font-weight="bold" fill="#333">{_esc(txt["memberships"])}</text>',
    ]
    y = 60 + line
    for iri, label, detail in orgs:
        body = f"<title>{_esc(label + (' — ' + detail if detail else ''))}</title>"
        body += f'<text x="14" y="{y}" font-size="{f}" fill="#1f3f6e">{_esc(_clip(label, 44))}</text>'
        if detail:
            y += line - 4
            body += f'<text x="22" y="{y}" font-size="{f}" fill="#555">{_esc(_clip(detail, 42))}</text>'
        out.append(_a(link(iri), body))
        y += line
    y += 12
    out.append(f'<text x="8" y="{y}" font-size="12" font-weight="bold" fill="#333">{_esc(_clip(txt["missions"], 44))}</text>')
    y += line
    previous = None
    for country, city, missions in rows:
        if country != previous:
            title = f"<title>{_esc(d.label(country))}</title>"
            out.append(
                _a(
                    link(country),
                    f'{title}<text x="14" y="{y}" font-size="{f}" font-weight="bold" fill="#1b4d1f">{_esc(_clip(d.label(country), 40))}</text>',
                )
            )
            y += line
            previous = country
        city_label = d.label(city) if city else txt["nocity"]
        italic = "" if city else ' font-style="italic"'
        city_el = f'<text x="26" y="{y}" font-size="{f}" fill="#222"{italic}>{_esc(_clip(city_label, 24))}</text>'
        out.append(_a(link(city), f"<title>{_esc(city_label)}</title>{city_el}") if city else city_el)
        out += _mission_pills(d, link, missions, 210, f"{y - 12}", f"{y}", (16, 8, 16, f))
        y += line
    y += 6
    for _cls, abbr, color, en, bg in MISSION_TYPES:  # the legend: one type a line
        w = 16 + len(abbr) * 8
        out.append(
            _pill(8, f"{y - 12}", f"{y}", w, 16, f, color, abbr)
            + f'<text x="{14 + w}" y="{y}" font-size="{f}" fill="#333">{_esc(en if lang == "en" else bg)}</text>'
        )
        y += line
    return _svg(width, y, txt["diagram"], txt["desc_d"], out, "missions-narrow")


def page_pictures(store: ox.Store, lang: str, link: Link | None = None) -> dict[str, str]:
    """The pictures a page inlines, each wide and narrow (for a phone): ``timeline``, ``missions`` and their
    ``…-narrow`` variants."""
    return {
        "timeline": timeline_svg(store, lang, link),
        "missions": missions_svg(store, lang, link),
        "timeline-narrow": timeline_svg(store, lang, link, width=NARROW_WIDTH, narrow=True),
        "missions-narrow": missions_narrow_svg(store, lang, link),
    }


def _pill(x: float, rect_y: str, text_y: str, width: float, height: int, size: object, color: str, abbr: str) -> str:
    """A mission type's coloured label: a rounded box with its abbreviation in white."""
    return (
        f'<rect x="{x}" y="{rect_y}" width="{width}" height="{height}" rx="4" fill="{color}"/>'
        f'<text x="{x + width / 2}" y="{text_y}" font-size="{size}" fill="#fff" text-anchor="middle">{abbr}</text>'
    )


def _mission_pills(
    d: Any, link: Callable[[str], str | None], missions: list, x: float, rect_y: str, text_y: str, scale: tuple
) -> list[str]:
    """One linked pill a mission, left to right from ``x``; ``scale`` is (padding, width per letter,
    height, font size) of the picture the row stands in."""
    pad, per_letter, height, size = scale
    out = []
    for mission, kind in missions:
        abbr, color = next((a, c) for cls, a, c, *_ in MISSION_TYPES if cls == kind)
        w = pad + len(abbr) * per_letter
        out.append(
            _a(link(mission), f"<title>{_esc(d.label(mission))}</title>{_pill(x, rect_y, text_y, w, height, size, color, abbr)}")
        )
        x += w + 4
    return out


def _a(href: str | None, body: str) -> str:
    return f'<a href="{_esc(href)}">{body}</a>' if href else f"<g>{body}</g>"


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _svg(width: int, height: float, title: str, desc: str, body: list[str], ident: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" width="{width}" '
        f'height="{height:.0f}" role="img" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" '
        f'aria-labelledby="{ident}-title {ident}-desc"><title id="{ident}-title">{_esc(title)}</title>'
        f'<desc id="{ident}-desc">{_esc(desc)}</desc>'
        f'<rect width="100%" height="100%" fill="#fff"/>' + "".join(body) + "</svg>\n"
    )


def svg_files(source: Any) -> dict[str, bytes]:
    """The pictures as files for ``dist/`` (links go to the canonical IRIs):
    ``timeline.svg``, ``timeline.bg.svg``, ``missions.svg``, ``missions.bg.svg``."""
    store = as_store(source)
    out: dict[str, bytes] = {}
    for lang in ("en", "bg"):
        suffix = "" if lang == "en" else f".{lang}"
        out[f"timeline{suffix}.svg"] = timeline_svg(store, lang).encode("utf-8")
        out[f"missions{suffix}.svg"] = missions_svg(store, lang).encode("utf-8")
    return out
