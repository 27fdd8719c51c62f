"""The form of a stored query's parameters, for readers: a choice list of each parameter's values.

Every allowed value comes from the graph, as :mod:`kzgraph.asking.params` knows it (the states, the
organisations, the kinds of note, the years its dates span …), never from a list kept here; the
reader sees each value's label in the page's language ("Russia", "Русия") and the form sends its
code (RUS). A long list also gets a search box (``<input list>`` with a ``<datalist>``: the browser
filters it as one types, no script needed), named ``{param}-search``: a name typed there wins over
the list. A kind whose values are too many to list (any fact of the graph) is a search box alone.

A value the graph does not know is answered with this same form, the value kept, and the allowed
values closest to it as links that run the query with each (:func:`problems`).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..asking.params import Kind, Lookup, kind, named_choices
from ..asking.queries import Param, QueryError, StoredQuery, bind_values, resolve
from ..core.errors import UsageError
from .html import Html, el, join
from .i18n import MONTHS, t

SEARCH = "-search"  # a parameter's search box: ``country-search`` (a parameter's name never has a hyphen)
SELECT_MAX = 200  # more values than this: a search box alone
SEARCH_MIN = 30  # more values than this: a search box beside the list
CLOSEST = 5

# What a value of each kind is, in the reader's words (the form's labels and the error's sentence).
NOUNS = {
    "en": {
        "state": "state",
        "organization": "organisation",
        "city": "city",
        "place": "place",
        "person": "person",
        "office": "office",
        "speaker": "speaker",
        "section": "section of the article",
        "reference": "reference",
        "note": "data-quality note",
        "fact": "fact",
        "measure": "measure",
        "note-kind": "kind of note",
        "characterisation": "characterisation",
        "aspect": "aspect",
        "lang": "language",
        "year": "year",
        "year-or-any": "year",
        "month": "month",
        "side": "side",
        "number": "number",
    },
    "bg": {
        "state": "държава",
        "organization": "организация",
        "city": "град",
        "place": "място",
        "person": "личност",
        "office": "длъжност",
        "speaker": "говорещ",
        "section": "раздел на статията",
        "reference": "източник",
        "note": "бележка за качеството",
        "fact": "факт",
        "measure": "величина",
        "note-kind": "вид бележка",
        "characterisation": "характеристика",
        "aspect": "аспект",
        "lang": "език",
        "year": "година",
        "year-or-any": "година",
        "month": "месец",
        "side": "роля на държавата",
        "number": "число",
    },
}
# The labels of the values that are words, not things of the graph.
_LITERAL_LABELS = {
    "en": {
        "en": "English",
        "bg": "Bulgarian",
        "sending": "sends the mission",
        "receiving": "hosts the mission",
        "either": "either side",
        "any": "any year",
    },
    "bg": {
        "en": "английски",
        "bg": "български",
        "sending": "изпраща мисията",
        "receiving": "приема мисията",
        "either": "изпраща или приема",
        "any": "всяка година",
    },
}
TEXTS = {
    "en": {
        "unknown": "This graph knows no {noun} “{value}”.",
        "invalid": "{noun}: “{value}” cannot be used here.",
        "ambiguous": "“{value}” names more than one {noun}: choose one.",
        "closest": "The closest allowed values:",
        "allowed": "The allowed values:",
        "named": "It names:",
        "search": "or type a name",
        "several": "Ctrl-click (⌘ on a Mac) to choose several.",
        "run": "Run",
    },
    "bg": {
        "unknown": "Графът не познава {noun} „{value}“.",
        "invalid": "{noun}: „{value}“ не може да се използва тук.",
        "ambiguous": "„{value}“ назовава повече от една стойност ({noun}): изберете една.",
        "closest": "Най-близките разрешени стойности:",
        "allowed": "Разрешените стойности:",
        "named": "Назовава:",
        "search": "или въведете име",
        "several": "Ctrl + щракване (⌘ на Mac) избира няколко.",
        "run": "Изпълни",
    },
}


def _texts(lang: str) -> dict[str, str]:
    return TEXTS.get(lang, TEXTS["en"])


def noun(kind_name: str, lang: str) -> str:
    """What a value of ``kind_name`` is, in ``lang``."""
    return NOUNS.get(lang, NOUNS["en"]).get(kind_name) or NOUNS["en"].get(kind_name, kind_name)


@dataclass(frozen=True)
class Option:
    """One allowed value: what the query takes (its code), what the reader reads, and every name it is known by."""

    value: str
    label: str
    names: tuple[str, ...]


def options(param: Param, lookup: Lookup, view: Any, lang: str) -> list[Option]:
    """The allowed values of ``param``, from the graph, labelled in ``lang``; resources and concepts
    sorted by label, years and months in their own order. Empty for an open kind (a number)."""
    if not param.kind:
        return []
    k = kind(param.kind)
    found = []
    known = {c.term: names for c, names in named_choices(k, lookup)} if not k.literal else {}
    for choice in k.choices(lookup):
        if choice.term.startswith("<"):
            iri = choice.term[1:-1]
            labels = tuple(view.label(iri, la) if view.has_label(iri) else (choice.label or choice.key) for la in ("en", "bg"))
            label = labels[1] if lang == "bg" else labels[0]
            found.append(Option(choice.key, label, (choice.key, *labels, *sorted(known.get(choice.term, ())))))
        else:
            found.append(
                Option(choice.key, _literal_label(k, choice.key, lang), (choice.key, _literal_label(k, choice.key, "en")))
            )
    if not k.literal:
        found.sort(key=lambda o: (_fold(o.label), o.value))
    seen: dict[str, int] = {}
    for o in found:
        seen[o.label] = seen.get(o.label, 0) + 1
    return [Option(o.value, f"{o.label} ({o.value})", o.names) if seen[o.label] > 1 else o for o in found]


def _literal_label(k: Kind, key: str, lang: str) -> str:
    if k.literal == "month":
        return MONTHS.get(lang, MONTHS["en"])[int(key) - 1]
    return _LITERAL_LABELS.get(lang, _LITERAL_LABELS["en"]).get(key, key)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def given_values(query: StoredQuery, fields: Mapping[str, Sequence[str]]) -> dict[str, str | list[str]]:
    """The parameter values a request gives: a name typed in a parameter's search box, else what its
    list (or field) sends; fields that are not parameters of ``query`` are not read here."""
    values: dict[str, str | list[str]] = {}
    for p in query.params:
        typed = [v for v in fields.get(p.name + SEARCH, []) if v.strip()]
        given = typed or list(fields.get(p.name, []))
        if given:
            values[p.name] = given[0] if len(given) == 1 else given
    return values


def typed_values(query: StoredQuery, fields: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """What was typed in each parameter's search box (to show it again beside the list)."""
    typed = {p.name: next((v for v in fields.get(p.name + SEARCH, []) if v.strip()), "") for p in query.params}
    return {k: v for k, v in typed.items() if v}


def _items(param: Param, raw: str | list[str]) -> list[str]:
    given = [raw] if isinstance(raw, str) else list(raw)
    if not param.several:
        return given
    return [part.strip() for value in given for part in value.split(",") if part.strip()] or given


def current(param: Param, values: Mapping[str, Any], lookup: Lookup) -> set[str]:
    """The codes of the values ``param`` runs with (given, else its default), to mark them chosen."""
    raw = values.get(param.name, param.default)
    keys = set()
    for item in _items(param, raw):
        try:
            keys.add(kind(param.kind).resolve(item, lookup).key)
        except UsageError:  # a value that names nothing marks nothing chosen
            continue
    return keys


@dataclass(frozen=True)
class Problem:
    """A parameter value the query cannot run with: which parameter, what was given, the closest allowed values."""

    param: Param
    given: str
    reason: str  # unknown (the graph knows no such value), ambiguous (it names several), invalid (say, two values for one)
    closest: tuple[Option, ...]


def problems(query: StoredQuery, values: Mapping[str, Any], lookup: Lookup, view: Any, lang: str) -> list[Problem]:
    """The parameters whose values the query cannot run with, each checked on its own (so each is
    named), with the allowed values closest to what was given."""
    found = []
    for p in query.params:
        if p.name not in values:
            continue
        raw = values[p.name]
        try:
            bind_values(query, {p.name: raw}, lookup)
            continue
        except QueryError:
            pass
        bad = [item for item in _items(p, raw) if not _resolves(p, item, lookup)]
        allowed = options(p, lookup, view, lang)
        named = [o for o in allowed if any(_fold(n) in {_fold(b) for b in bad} for n in o.names)]
        shown = raw if isinstance(raw, str) else ", ".join(raw)
        if len(named) > 1:  # a name several values share: the reader chooses among them
            found.append(Problem(p, ", ".join(bad), "ambiguous", tuple(named)))
        else:
            found.append(Problem(p, ", ".join(bad) or shown, "unknown" if bad else "invalid", tuple(_closest(bad, allowed))))
    return found


def _resolves(p: Param, item: str, lookup: Lookup) -> bool:
    try:
        resolve(p, item, lookup)
    except QueryError:
        return False
    return True


def _closest(bad: Sequence[str], allowed: Sequence[Option]) -> list[Option]:
    """The allowed values whose names are closest to the given ones (difflib's ratio), the nearest
    numbers for a number; all of a short list when none is close."""
    numbers = [o for o in allowed if o.value.isdigit()]
    if bad and all(b.strip().lstrip("+-").isdigit() for b in bad) and numbers:  # a month or a year: the nearest numbers
        return sorted(numbers, key=lambda o: (min(abs(int(o.value) - int(b)) for b in bad), int(o.value)))[:CLOSEST]
    by_name: dict[str, Option] = {}
    for o in allowed:
        for name in o.names:
            by_name.setdefault(_fold(name), o)
    picks: list[Option] = []
    for item in bad:
        for name in difflib.get_close_matches(_fold(item), list(by_name), n=4 * CLOSEST, cutoff=0.5):
            if by_name[name] not in picks:
                picks.append(by_name[name])
    if not picks and len(allowed) <= 2 * CLOSEST:
        return list(allowed)
    return picks[:CLOSEST]


def problem_block(ctx: Any, query: StoredQuery, values: Mapping[str, Any], found: Sequence[Problem]) -> Html:
    """What a 400 page says: each bad value, and the closest allowed values as links that run the query with them."""
    lang = ctx.lang
    texts = _texts(lang)
    plain = {k: v if isinstance(v, str) else ",".join(v) for k, v in values.items()}
    parts = []
    for pr in found:
        n = noun(pr.param.kind, lang)
        sentence = texts[pr.reason].format(value=pr.given, noun=n.capitalize() if pr.reason == "invalid" else n)
        links = [el("a", o.label, href=_run_with(ctx, query, {**plain, pr.param.name: o.value})) for o in pr.closest]
        parts.append(
            el(
                "div",
                el("p", sentence),
                el(
                    "p",
                    texts[{"unknown": "closest", "ambiguous": "named"}.get(pr.reason, "allowed")],
                    " ",
                    join(links, sep=" · "),
                )
                if links
                else None,
                class_="problem",
            )
        )
    return el("div", parts, class_="error", role="alert")


def _run_with(ctx: Any, query: StoredQuery, values: Mapping[str, str]) -> str:
    """The address of the query run with ``values``, in the page's language."""
    from .query_pages import with_values

    return with_values(ctx, f"queries/{query.name}", dict(values))


def form(ctx: Any, query: StoredQuery, values: Mapping[str, Any], lookup: Lookup, typed: Mapping[str, str] | None = None) -> Html:
    """The parameters as a form: a list of labelled choices per parameter, a search box where the list
    is long, a free field only where the values are not a closed set. ``typed``: what was typed in
    the search boxes (kept on a page that says it was not found)."""
    L, lang = ctx.links, ctx.lang
    fields = [_field(ctx, query, p, values, lookup, (typed or {}).get(p.name, "")) for p in query.params]
    return el(
        "form",
        fields,
        el("input", type="hidden", name="lang", value=lang) if lang != "en" and "lang" not in values else None,
        el("button", _texts(lang)["run"], type="submit"),
        method="get",
        action=L.path(f"queries/{query.name}"),
        class_="params",
    )


def _field(ctx: Any, query: StoredQuery, p: Param, values: Mapping[str, Any], lookup: Lookup, typed: str) -> Html:
    lang = ctx.lang
    allowed = options(p, lookup, ctx.view, lang)
    chosen = (current(p, values, lookup) or current(p, {}, lookup)) if allowed else set()  # a bad value: the default
    ident = f"p-{p.name}"
    title = el("span", noun(p.kind, lang).capitalize() if p.kind else p.name, class_="name")
    shown_doc = p.doc_in(lang)
    doc = el("small", shown_doc, lang=lang if shown_doc != p.doc else "en") if shown_doc else None
    datalist = None
    if allowed and len(allowed) > SEARCH_MIN:
        datalist = el("datalist", [el("option", o.label, value=o.value) for o in allowed], id=f"{ident}-list")
    if not allowed or len(allowed) > SELECT_MAX:
        raw = values.get(p.name, p.default.strip('"<>'))
        shown = raw if isinstance(raw, str) else ", ".join(raw)
        box = el("input", name=p.name, value=shown, id=ident, list=f"{ident}-list" if datalist else None)
        several = el("small", t(lang, "several_values")) if p.several else None
        return el("p", el("label", title, " ", box, for_=ident), datalist, " ", several, " ", doc)
    select = el(
        "select",
        [el("option", o.label, value=o.value, selected=o.value in chosen) for o in allowed],
        name=p.name,
        id=ident,
        multiple=p.several,
        size=str(min(len(allowed), 6)) if p.several else None,
    )
    search = None
    if datalist is not None:
        search = el(
            "input",
            name=p.name + SEARCH,
            value=typed,
            list=f"{ident}-list",
            placeholder=_texts(lang)["search"],
            aria_label=f"{noun(p.kind, lang)}: {_texts(lang)['search']}",
            type="search",
        )
    several = el("small", _texts(lang)["several"]) if p.several else None
    return el("p", el("label", title, " ", select, for_=ident), " ", search, datalist, " ", several, " ", doc)
