"""What a reader sees first: a fact's statement and its sources side by side, a section's text in order.

A fact page opens with the fact in plain words (its English statement; in Bulgarian the article's
own sentence serves as the statement) and, for each passage it comes from, the article's Bulgarian
words beside the curators' English rendering, the section and the reference the article cites. A
section page reads the section's own text (``kzo:sectionText``) sentence by sentence, each sentence
followed by the facts whose passages stand in it: the passages are verbatim in that text, so where
each one stands is found by looking its words up, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from ..pipeline.terms import CITATION, CITES, DERIVED, IN_SECTION, KZO_NS, NOTE_TYPE, PART_OF, PROV_VALUE, SCHEMA_URL
from .html import Html, el, join, safe_href
from .layout import Ctx

STATEMENT = ox.NamedNode(KZO_NS + "statement")
RENDERING = ox.NamedNode(KZO_NS + "curatorsRendering")
QUOTED_TEXT = ox.NamedNode(KZO_NS + "quotedText")
QUOTED_RENDERING = ox.NamedNode(KZO_NS + "quotedTextRendering")
SECTION_TEXT = ox.NamedNode(KZO_NS + "sectionText")
SECTION_ORDER = ox.NamedNode(KZO_NS + "sectionOrder")


def passages_of(ctx: Ctx, node: ox.NamedNode) -> list[ox.NamedNode]:
    """The passages a node is derived from, in a stable order."""
    return sorted((o for o in ctx.view.objects(node, DERIVED) if isinstance(o, ox.NamedNode)), key=lambda p: p.value)


def _literals(ctx: Ctx, node: ox.NamedNode, predicate: ox.NamedNode) -> list[ox.Literal]:
    return [o for o in ctx.view.objects(node, predicate) if isinstance(o, ox.Literal)]


def statement(ctx: Ctx, node: ox.NamedNode) -> Html | None:
    """The fact in plain words: its English statement; in Bulgarian a line saying the article's sentence is the statement."""
    text = next((o.value for o in _literals(ctx, node, STATEMENT) if o.language == "en"), None)
    if text is None:
        return None
    if ctx.lang == "en":
        return el("p", text, class_="statement")
    words = [q for p in passages_of(ctx, node) for q in _literals(ctx, p, PROV_VALUE) if q.language == "bg"]
    if not words:  # the fact rests on English words of the article only: its English statement, marked as such
        return el("p", text, lang="en", class_="statement")
    return join(el("p", words[0].value, lang="bg", class_="statement"), el("p", ctx.t("bg_statement"), class_="small"))


def side_by_side(ctx: Ctx, passage: ox.NamedNode, section_path: Html | None) -> Html:
    """One passage: the article's words and the curators' English rendering side by side, then section and reference."""
    view = ctx.view
    quotes = _literals(ctx, passage, PROV_VALUE)
    renderings = [o for o in _literals(ctx, passage, RENDERING) if o.language == "en"]
    words = [
        el(
            "figure",
            el("blockquote", q.value, lang=q.language or "bg", class_="quote"),
            el("figcaption", ctx.t("words_bg") if (q.language or "bg") == "bg" else ctx.t("quote")),
            class_="words",
        )
        for q in quotes
    ]
    english = [
        el(
            "figure",
            el("blockquote", r.value, lang="en", class_="quote rendering"),
            el("figcaption", ctx.t("words_en")),
            class_="words",
        )
        for r in renderings
    ]
    details = [el("dt", ctx.t("section")), el("dd", section_path)] if section_path is not None else []
    for ref in (o for o in view.objects(passage, CITES) if isinstance(o, ox.NamedNode)):
        citation = view.text(ref, CITATION, ctx.lang)
        url = next((o.value for o in view.objects(ref, SCHEMA_URL) if isinstance(o, ox.NamedNode)), None)
        details += [
            el("dt", ctx.t("reference")),
            el(
                "dd",
                ctx.link(ref),
                el("br") if citation else None,
                el("small", citation) if citation else None,
                join(" ", el("a", url, href=safe_href(url), rel="nofollow", class_="ext")) if safe_href(url) else None,
                class_="reference",
            ),
        ]
    return el("li", el("div", words, english, class_="side-by-side"), el("dl", details, class_="passage"), class_="source")


def quoted_words(ctx: Ctx, node: ox.NamedNode) -> Html | None:
    """A quotation's words: what the speaker said, in the article's Bulgarian, beside the curators'
    English rendering of just those words (the passage below renders the whole sentence around them).
    None for anything that quotes no one."""
    said = [o for o in _literals(ctx, node, QUOTED_TEXT) if o.language == "bg"]
    if not said:
        return None
    english = [o for o in _literals(ctx, node, QUOTED_RENDERING) if o.language == "en"]
    figures = [
        el("figure", el("blockquote", o.value, lang=lang, class_=cls), el("figcaption", ctx.t(caption)), class_="words")
        for found, lang, cls, caption in ((said, "bg", "quote", "words_bg"), (english, "en", "quote rendering", "words_en"))
        for o in found
    ]
    return el("section", el("h2", ctx.t("quoted_words")), el("div", figures, class_="side-by-side"), id="quoted-words")


# --- a section read in order ---------------------------------------------------------------------

# A sentence ends at . ! ? or … (with any closing quotes and footnote marks after it) before white
# space; not after a one-letter abbreviation such as "г." (година), which the article uses mid-sentence.
_SENTENCE_END = re.compile(r"(?<![\s(][^\W\d_]\.)(?<=[.!?…])[“”\"»]*(?:\[\d+\])*\s+(?=\S)")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a section's text: where it stands, and the passages whose words overlap it."""

    text: str
    start: int
    end: int


def sentences(text: str) -> list[Sentence]:
    """The section's text cut into sentences, each with its span in the text."""
    out, at = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append(Sentence(text[at : m.start()] + m.group(0).rstrip(), at, m.end()))
        at = m.end()
    if at < len(text):
        out.append(Sentence(text[at:], at, len(text)))
    return out


def _spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Every place the passage's words stand in the section's text."""
    found, at = [], text.find(quote)
    while quote and at >= 0:
        found.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    return found


def section_reading(ctx: Ctx, section: ox.NamedNode) -> Html | None:
    """The section's own text, sentence by sentence, each with the facts taken from it; None without a text."""
    view = ctx.view
    text = next((o.value for o in _literals(ctx, section, SECTION_TEXT)), None)
    if not text:
        return None
    placed: list[tuple[int, int, ox.NamedNode]] = []
    for q in view.store.quads_for_pattern(None, IN_SECTION, section):
        passage = q.subject
        if isinstance(passage, ox.NamedNode):
            for quote in _literals(ctx, passage, PROV_VALUE):
                placed += [(a, b, passage) for a, b in _spans(text, quote.value)]
    items = [_sentence_item(ctx, s, placed) for s in sentences(text)]
    return el(
        "section",
        el("h2", ctx.t("reading")),
        el("p", ctx.t("reading_note"), class_="small"),
        el("ol", items, class_="reading"),
        id="reading",
    )


def _sentence_item(ctx: Ctx, s: Sentence, placed: list[tuple[int, int, ox.NamedNode]]) -> Html:
    view = ctx.view
    passages = sorted({p.value: p for a, b, p in placed if a < s.end and b > s.start}.values(), key=lambda p: p.value)
    derived = {q.subject.value: q.subject for p in passages for q in view.store.quads_for_pattern(None, DERIVED, p)}
    notes = [n for n in derived.values() if isinstance(n, ox.NamedNode) and view.objects(n, NOTE_TYPE)]
    facts = sorted(
        (f for f in derived.values() if isinstance(f, ox.NamedNode) and f not in notes),
        key=lambda f: view.label(f.value, ctx.lang).casefold(),
    )
    whole = [
        r.value
        for p in passages
        if any(q.value.strip() == _bare(s.text) for q in _literals(ctx, p, PROV_VALUE))
        for r in _literals(ctx, p, RENDERING)
    ]
    return el(
        "li",
        el("p", s.text, lang="bg", class_="sentence"),
        el("p", whole[0], lang="en", class_="rendering") if whole and ctx.lang != "bg" else None,
        el("p", ctx.t("facts_from"), " ", join([ctx.link(f) for f in facts], sep=" · "), class_="facts")
        if facts
        else el("p", ctx.t("nofacts"), class_="facts none"),
        el(
            "p",
            ctx.t("notes"),
            ": ",
            join([_note_link(ctx, n) for n in sorted(notes, key=lambda n: n.value)], sep=" · "),
            class_="facts",
        )
        if notes
        else None,
    )


def _note_link(ctx: Ctx, note: ox.NamedNode) -> Html:
    """A note about a sentence, named by its kind (misspelling, contradiction …): its comment is on its page."""
    kinds = [k for k in ctx.view.objects(note, NOTE_TYPE) if isinstance(k, ox.NamedNode)]
    name = ", ".join(ctx.view.label(k.value, ctx.lang) for k in kinds)
    return el("a", name, href=ctx.links.href(note.value, ctx.lang), title=ctx.view.label(note.value, ctx.lang))


def _bare(sentence: str) -> str:
    """A sentence without the footnote marks after it, as a passage quotes it."""
    return re.sub(r"(?:\s*\[\d+\])+$", "", sentence).strip()


def section_steps(ctx: Ctx, section: ox.NamedNode) -> Html | None:
    """The subsections of a section, and the sections before and after it in the article's order."""
    view, order = ctx.view, _section_order(ctx)
    if section.value not in order:
        return None
    ranked = sorted(order, key=order.__getitem__)
    i = ranked.index(section.value)
    children = [s for s in ranked if ox.NamedNode(section.value) in view.objects(ox.NamedNode(s), PART_OF)]
    steps = [
        el(
            "a",
            "← ",
            ctx.t("prevsection"),
            ": ",
            view.label(ranked[i - 1], ctx.lang),
            href=ctx.links.href(ranked[i - 1], ctx.lang),
        )
        if i > 0
        else None,
        " · " if 0 < i < len(ranked) - 1 else None,
        el(
            "a",
            ctx.t("nextsection"),
            ": ",
            view.label(ranked[i + 1], ctx.lang),
            " →",
            href=ctx.links.href(ranked[i + 1], ctx.lang),
        )
        if i + 1 < len(ranked)
        else None,
    ]
    return el(
        "nav",
        el("h2", ctx.t("subsections")) if children else None,
        el("ul", [el("li", ctx.link(ox.NamedNode(c))) for c in children]) if children else None,
        el("p", steps, class_="steps"),
        aria_label=ctx.t("way_article"),
        class_="sections",
    )


def _section_order(ctx: Ctx) -> dict[str, int]:
    """Every section of the article by its place in the article's order."""
    order: dict[str, int] = {}
    for q in ctx.view.store.quads_for_pattern(None, SECTION_ORDER, None):
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal):
            order[q.subject.value] = int(q.object.value)
    return order


def article_contents(ctx: Ctx) -> Html | None:
    """The article's sections in its order, subsections nested under their section, each a link to its reading page."""
    view, order = ctx.view, _section_order(ctx)
    ranked = sorted(order, key=order.__getitem__)
    parent = {
        s: next(
            (o.value for o in view.objects(ox.NamedNode(s), PART_OF) if isinstance(o, ox.NamedNode) and o.value in order), None
        )
        for s in ranked
    }

    def level(of: str | None) -> Html | None:
        kids = [s for s in ranked if parent[s] == of]
        return el("ol", [el("li", ctx.link(ox.NamedNode(s)), level(s)) for s in kids]) if kids else None

    return level(None)
