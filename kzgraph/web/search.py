"""Search that forgives: exact names and acronyms first, then word prefixes, then misspellings.

Every name comes from the graph — labels in every language, skos:prefLabel/altLabel/hiddenLabel
(the article's own spellings), kzo:acronym and the ISO 3166 codes — never from a table in code, so
"OSCE", "ОССЕ", "USA" or "САЩ" find what the data calls so. The words of a resource's types
("Embassy", "Consulate general") count too, so "consulate Russia" finds the consulates whose label
names Russia. Misspellings are scored with :mod:`difflib` (the standard library's ratio, which the
404 page's suggestions already use): rapidfuzz is not installed, and a few thousand words do not
need it.

The names are read once, by :func:`named_resources`, for both searches: this one (``kzgraph serve``)
and the static site's, whose documents (:mod:`kzgraph.web.site_search`) are indexed in the browser
by MiniSearch — so a name found on one is found on the other.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..pipeline.terms import KZO_NS, LABEL, PREF_LABEL, SKOS, TITLE, TYPE
from .addresses import document_key

NAME_PREDICATES = (
    LABEL,
    PREF_LABEL,
    TITLE,
    ox.NamedNode(SKOS + "altLabel"),
    ox.NamedNode(SKOS + "hiddenLabel"),
    ox.NamedNode(KZO_NS + "acronym"),
    ox.NamedNode(KZO_NS + "iso3166Alpha2"),
    ox.NamedNode(KZO_NS + "iso3166Alpha3"),
)
MAX_WORDS = 8  # words of a query that are matched: each costs a pass over the vocabulary
FUZZY_CUTOFF = 0.8  # "Chna"/"china" 0.89, "Rusia"/"russia" 0.91; "Iran"/"Oman" 0.5
EXACT, PREFIX, WORD, WORD_PREFIX, INSIDE, FUZZY = range(6)  # the tiers, best first


def fold(text: str) -> str:
    """Case and accents folded (NFKD without combining marks), spaces collapsed: "Қазақстан" ≈ "қазақстан"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def words(text: str) -> list[str]:
    """The folded words of ``text`` (letters and digits; "Co-operation" is two words)."""
    return re.findall(r"\w+", fold(text))


@dataclass
class Named:
    """A resource as both searches read it: its names (each spelling once, as first written), the names
    of its types in every language, and how many arcs point at it."""

    iri: str
    names: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    links: int = 0


def named_resources(store: ox.Store, type_names: dict[str, list[str]]) -> list[Named]:
    """Every resource of the site (an IRI with a page) that has a name, sorted by IRI; a name predicate's
    values are read in sorted order (not the store's), so the result is the same on every load."""
    found: dict[str, Named] = {}
    folded: dict[str, set[str]] = {}
    for pred in NAME_PREDICATES:
        quads = [q for q in store.quads_for_pattern(None, pred, None) if isinstance(q.object, ox.Literal)]
        for q in sorted(quads, key=lambda q: (q.subject.value, q.object.value, q.object.language or "")):
            s, name = q.subject, q.object.value
            if isinstance(s, ox.NamedNode) and document_key(s.value) is not None:
                named = found.setdefault(s.value, Named(s.value))
                if fold(name) not in folded.setdefault(s.value, set()):
                    folded[s.value].add(fold(name))
                    named.names.append(name)
    for named in found.values():
        node = ox.NamedNode(named.iri)
        named.links = sum(1 for _ in store.quads_for_pattern(None, None, node))
        kinds = {q.object.value for q in store.quads_for_pattern(node, TYPE, None)}
        named.types = sorted({name for kind in kinds for name in type_names.get(kind, ())})
    return [found[iri] for iri in sorted(found)]


@dataclass
class Entry:
    """One searchable resource: its names (as written and folded) and the words of its names and types."""

    iri: str
    names: list[str] = field(default_factory=list)
    folded: list[str] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    links: int = 0  # arcs into it: among equally good names, the resource the data says most about


@dataclass
class Hit:
    """A found resource: ``name`` is the name that matched, ``tier`` how (EXACT … FUZZY)."""

    iri: str
    name: str
    tier: int


class SearchIndex:
    """The names of a release's resources, built once (the store never changes)."""

    def __init__(self, store: ox.Store, type_names: dict[str, list[str]]):
        self.entries = [
            Entry(
                n.iri,
                list(n.names),
                [fold(name) for name in n.names],
                {w for text in [*n.names, *n.types] for w in words(text)},
                n.links,
            )
            for n in named_resources(store, type_names)
        ]
        self.vocabulary = sorted({w for e in self.entries for w in e.words})

    def _levels(self, token: str) -> dict[str, int]:
        """Each word of the index that ``token`` matches, with how well (WORD … FUZZY)."""
        found: dict[str, int] = {}
        for w in self.vocabulary:
            if w == token:
                found[w] = WORD
            elif w.startswith(token) and len(token) >= 2:
                found[w] = WORD_PREFIX
            elif token in w and len(token) >= 3:
                found[w] = INSIDE
        if len(token) >= 4:
            for w in difflib.get_close_matches(token, self.vocabulary, n=20, cutoff=FUZZY_CUTOFF):
                found.setdefault(w, FUZZY)
        return found

    def search(self, text: str) -> list[Hit]:
        """Every resource matching ``text``, best first: a whole name (label or acronym), a name's start,
        then each word of the query matched in the resource's names or types (exact, prefix, inside a
        word, misspelt), the worst-matched word deciding."""
        needle = fold(text)
        tokens = list(dict.fromkeys(words(text)))[:MAX_WORDS]
        if not needle or not tokens:
            return []
        levels = [self._levels(tok) for tok in tokens]
        hits: list[tuple[int, int, int, str, Hit]] = []
        for entry in self.entries:
            hit = self._match(entry, needle, levels)
            if hit is not None:
                hits.append((hit.tier, len(hit.name), -entry.links, hit.iri, hit))
        hits.sort(key=lambda h: h[:4])
        return [h[4] for h in hits]

    def closest(self, text: str, n: int = 6) -> list[Hit]:
        """When nothing matches: the resources whose whole names are nearest to ``text`` (a looser cutoff)."""
        by_name = {f: e for e in self.entries for f in e.folded}
        near = difflib.get_close_matches(fold(text), sorted(by_name), n=n, cutoff=0.5)
        return [Hit(by_name[f].iri, by_name[f].names[by_name[f].folded.index(f)], FUZZY) for f in near]

    def _match(self, entry: Entry, needle: str, levels: list[dict[str, int]]) -> Hit | None:
        for tier, test in ((EXACT, str.__eq__), (PREFIX, str.startswith)):
            names = [n for n, f in zip(entry.names, entry.folded, strict=True) if test(f, needle)]
            if names:
                return Hit(entry.iri, min(names, key=len), tier)
        worst = EXACT
        for found in levels:
            best = min((found[w] for w in entry.words if w in found), default=None)
            if best is None:
                return None
            worst = max(worst, best)
        matched = [sum(1 for w in words(n) if any(w in found for found in levels)) for n in entry.names]
        return Hit(entry.iri, entry.names[matched.index(max(matched))], worst)
