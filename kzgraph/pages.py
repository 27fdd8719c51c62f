"""The linked-data site's documents: HTML pages and per-resource RDF, shared by ``serve`` and ``publish``.

Addresses (relative to the served base, which stands for ``https://w3id.org/kzgraph/``)::

    id/{key}                 a thing (state, mission, passage …): 303 See Other to one of its documents
    page/{key}[?lang=bg]     the HTML document about it
    data/{key}.ttl|.jsonld|.nt|.rdf    the RDF documents about it
    ontology, ontology#Term  303 to page/ontology(#Term) or data/ontology.{ext}
    dataset                  303 to page/dataset (the VoID description) or data/dataset.{ext}

The RDF keeps the canonical ``https://w3id.org/kzgraph/…`` IRIs everywhere (the data is never
rewritten); only the request paths and the links of the HTML pages are mapped onto the served base.
Every text that comes from the data is escaped: pages are assembled with :func:`el`, which escapes
whatever is not already :class:`Html`.
"""

from __future__ import annotations

import difflib
import html
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Sequence
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox

from .namespaces import BASE, KZO, ONTOLOGY, PREFIXES, graph_iri, id_namespace

ID = str(id_namespace(BASE))
KZO_NS = str(KZO)
DATASET = BASE + "dataset"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"
VOID = "http://rdfs.org/ns/void#"
ORG = "http://www.w3.org/ns/org#"

TYPE = ox.NamedNode(RDF_NS + "type")
LABEL = ox.NamedNode(RDFS + "label")
COMMENT = ox.NamedNode(RDFS + "comment")
PREF_LABEL = ox.NamedNode(SKOS + "prefLabel")
DEFINITION = ox.NamedNode(SKOS + "definition")
TITLE = ox.NamedNode(DCT + "title")
DERIVED = ox.NamedNode(PROV + "wasDerivedFrom")
PROV_VALUE = ox.NamedNode(PROV + "value")
QUOTED_FROM = ox.NamedNode(PROV + "wasQuotedFrom")
IN_SECTION = ox.NamedNode(KZO_NS + "inSection")
CITES = ox.NamedNode(KZO_NS + "citesReference")
QUALITY_NOTE = ox.NamedNode(KZO_NS + "hasQualityNote")
NOTE_TYPE = ox.NamedNode(KZO_NS + "noteType")
PART_OF = ox.NamedNode(DCT + "isPartOf")
CITATION = ox.NamedNode(DCT + "bibliographicCitation")
SCHEMA_URL = ox.NamedNode("https://schema.org/url")

LANGS = ("en", "bg")
DEFAULT_LANG = "en"

# extension -> (media type, name); the order is the server's preference after HTML
RDF_FORMATS: dict[str, tuple[str, str]] = {
    "ttl": ("text/turtle", "Turtle"),
    "jsonld": ("application/ld+json", "JSON-LD"),
    "nt": ("application/n-triples", "N-Triples"),
    "rdf": ("application/rdf+xml", "RDF/XML"),
}
OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "nt": ox.RdfFormat.N_TRIPLES,
              "rdf": ox.RdfFormat.RDF_XML}

# named graph -> the dump that holds exactly it
GRAPH_DUMPS = {"data": "kzgraph.ttl", "inferred": "kzgraph-inferred.ttl", "ontology": "ontology.ttl",
               "metadata": "void.ttl"}


def prefixes() -> dict[str, str]:
    out = {p: str(ns) for p, ns in PREFIXES.items()}
    out["kz"] = ID
    return out


PREFIX_LIST = sorted(prefixes().items(), key=lambda kv: -len(kv[1]))


# --- safe markup --------------------------------------------------------------------------------

class Html(str):
    """Markup that is already safe; any other text put into a page is escaped."""

    __slots__ = ()


def esc(value: object) -> Html:
    if isinstance(value, Html):
        return value
    return Html(html.escape(str(value), quote=True))


def _flatten(items: Iterable[Any]) -> Iterator[Any]:
    for item in items:
        if item is None or item is False:
            continue
        if isinstance(item, (list, tuple)) or (hasattr(item, "__next__") and not isinstance(item, str)):
            yield from _flatten(item)
        else:
            yield item


def join(*parts: Any, sep: Any = "") -> Html:
    return Html(esc(sep).join(esc(p) for p in _flatten(parts)))


_VOID_TAGS = {"br", "hr", "img", "input", "link", "meta"}


def el(tag: str, *children: Any, **attrs: Any) -> Html:
    """``<tag attrs>children</tag>`` with every attribute value and text child escaped."""
    parts = [f"<{tag}"]
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        parts.append(f" {name}" if value is True else f' {name}="{esc(value)}"')
    parts.append(">")
    if tag in _VOID_TAGS:
        return Html("".join(parts))
    parts.extend(esc(c) for c in _flatten(children))
    parts.append(f"</{tag}>")
    return Html("".join(parts))


def safe_href(url: str | None) -> str | None:
    """``url`` if a link to it is harmless (relative, http or https), else None (shown as text only)."""
    if not url:
        return None
    if url.startswith(("/", "?", "#")):
        return url
    scheme = urlsplit(url).scheme.lower()
    return url if scheme in ("http", "https") else None


# --- interface texts ------------------------------------------------------------------------------

UI: dict[str, dict[str, str]] = {
    "en": {
        "site": "kzgraph", "tagline": "Kazakhstan's foreign relations as linked data",
        "home": "Home", "kazakhstan": "Kazakhstan", "missions": "Missions", "relations": "Relations",
        "norelations": "No relations", "ontology": "Ontology", "sparql": "SPARQL", "queries": "Queries",
        "dumps": "Downloads", "void": "VoID", "search": "Search", "types": "Types",
        "properties": "Properties", "incoming": "Links to this resource", "provenance": "Source in the article",
        "quote": "Quote", "section": "Section", "reference": "Cited reference", "article": "Article",
        "notes": "Data-quality notes", "inferred": "inferred", "formats": "As data",
        "iri": "IRI", "notfound": "Not found", "didyoumean": "Did you mean", "nothing": "No resource has this address.",
        "more": "and {n} more", "instances": "{n} resources", "class": "Class", "count": "Count",
        "classes": "Classes", "objprops": "Object properties", "dataprops": "Datatype properties",
        "annprops": "Annotation properties", "individuals": "Concepts and individuals", "definition": "Definition",
        "label": "Label", "domain": "Domain", "range": "Range", "subclassof": "Subclass of",
        "subpropertyof": "Subproperty of", "inverseof": "Inverse of", "overview": "Overview",
        "triples": "Triples", "entities": "Entities", "entrypoints": "Start here", "timeline": "Timeline",
        "diagram": "Memberships and missions of Kazakhstan", "downloads": "Downloads",
        "file": "File", "mediatype": "Media type", "size": "Size", "run": "Run", "edit": "Edit",
        "query": "Query", "format": "Result format", "results": "Results", "rows": "{n} rows",
        "truncated": "Only the first {n} rows are shown: the result was cut at the endpoint's limit.",
        "examples": "Stored queries", "params": "Parameters", "answer": "Answer",
        "searchfor": "Search the labels", "noresults": "Nothing found.", "browse": "Browse by class",
        "language": "Language", "other": "Other", "strategy": "How addresses work",
        "static_query": "This static copy shows the results for the default parameters; run the query on a SPARQL endpoint to change them.",
        "description": "Description", "dataset": "Dataset", "license": "Licence", "source": "Source",
        "yes": "yes", "no": "no", "limits": "Limits", "noname": "(no city given)", "passage": "passage",
    },
    "bg": {
        "site": "kzgraph", "tagline": "Външните отношения на Казахстан като свързани данни",
        "home": "Начало", "kazakhstan": "Казахстан", "missions": "Представителства", "relations": "Отношения",
        "norelations": "Без отношения", "ontology": "Онтология", "sparql": "SPARQL", "queries": "Заявки",
        "dumps": "Файлове", "void": "VoID", "search": "Търсене", "types": "Типове",
        "properties": "Свойства", "incoming": "Връзки към този ресурс", "provenance": "Източник в статията",
        "quote": "Цитат", "section": "Раздел", "reference": "Цитиран източник", "article": "Статия",
        "notes": "Бележки за качеството на данните", "inferred": "изведено", "formats": "Като данни",
        "iri": "IRI", "notfound": "Не е намерено", "didyoumean": "Може би търсите", "nothing": "Няма ресурс с този адрес.",
        "more": "и още {n}", "instances": "{n} ресурса", "class": "Клас", "count": "Брой",
        "classes": "Класове", "objprops": "Обектни свойства", "dataprops": "Свойства с литерални стойности",
        "annprops": "Анотационни свойства", "individuals": "Понятия и индивиди", "definition": "Определение",
        "label": "Етикет", "domain": "Домейн", "range": "Обхват", "subclassof": "Подклас на",
        "subpropertyof": "Подсвойство на", "inverseof": "Обратно на", "overview": "Общ преглед",
        "triples": "Тройки", "entities": "Обекти", "entrypoints": "Начални точки", "timeline": "Хронология",
        "diagram": "Членства и представителства на Казахстан", "downloads": "Файлове за изтегляне",
        "file": "Файл", "mediatype": "Тип", "size": "Размер", "run": "Изпълни", "edit": "Редактирай",
        "query": "Заявка", "format": "Формат на резултата", "results": "Резултати", "rows": "{n} реда",
        "truncated": "Показани са само първите {n} реда: резултатът е отрязан при ограничението на точката за достъп.",
        "examples": "Запазени заявки", "params": "Параметри", "answer": "Отговор",
        "searchfor": "Търсене в етикетите", "noresults": "Нищо не е намерено.", "browse": "Разглеждане по клас",
        "language": "Език", "other": "Друго", "strategy": "Как работят адресите",
        "static_query": "Статичното копие показва резултатите за стойностите по подразбиране; изпълнете заявката в SPARQL точка за достъп, за да ги промените.",
        "description": "Описание", "dataset": "Набор от данни", "license": "Лиценз", "source": "Източник",
        "yes": "да", "no": "не", "limits": "Ограничения", "noname": "(градът не е посочен)", "passage": "откъс",
    },
}

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "bg": ["януари", "февруари", "март", "април", "май", "юни", "юли", "август", "септември", "октомври",
           "ноември", "декември"],
}

# labels of the terms of other vocabularies that the pages show (the ontology labels its own terms)
EXTERNAL_LABELS: dict[str, tuple[str, str]] = {
    RDF_NS + "type": ("type", "тип"), RDFS + "label": ("label", "етикет"), RDFS + "comment": ("comment", "коментар"),
    RDFS + "seeAlso": ("see also", "вижте също"), RDFS + "subClassOf": ("subclass of", "подклас на"),
    RDFS + "isDefinedBy": ("defined by", "дефинирано в"),
    SKOS + "prefLabel": ("preferred label", "предпочитан етикет"), SKOS + "hiddenLabel": ("hidden label", "скрит етикет"),
    SKOS + "definition": ("definition", "определение"), SKOS + "closeMatch": ("close match", "близко съответствие"),
    OWL + "sameAs": ("same as", "същото като"), PROV + "wasDerivedFrom": ("derived from", "извлечено от"),
    PROV + "value": ("quoted text", "цитиран текст"), PROV + "wasQuotedFrom": ("quoted from", "цитирано от"),
    PROV + "wasAttributedTo": ("attributed to", "приписано на"),
    ORG + "memberOf": ("member of", "член на"), ORG + "hasUnit": ("has unit", "има звено"),
    ORG + "unitOf": ("unit of", "звено на"), ORG + "member": ("member", "член"),
    ORG + "organization": ("organization", "организация"), ORG + "role": ("role", "роля"),
    ORG + "memberDuring": ("member during", "член през"), ORG + "holds": ("holds", "заема"),
    ORG + "postIn": ("post in", "длъжност в"), ORG + "subOrganizationOf": ("part of", "част от"),
    DCT + "title": ("title", "заглавие"), DCT + "isPartOf": ("part of", "част от"),
    DCT + "bibliographicCitation": ("citation", "библиографско описание"),
    DCT + "isReferencedBy": ("referenced by", "цитирано в"), DCT + "source": ("source", "източник"),
    DCT + "license": ("licence", "лиценз"), DCT + "alternative": ("alternative title", "друго заглавие"),
    DCT + "issued": ("issued", "издадено"), DCT + "created": ("created", "създадено"),
    DCT + "creator": ("creator", "създател"), DCT + "language": ("language", "език"),
    DCT + "description": ("description", "описание"),
    "http://www.w3.org/2006/time#hasBeginning": ("begins", "начало"),
    "http://www.w3.org/2006/time#inXSDDate": ("date", "дата"),
    "http://www.w3.org/2006/time#inXSDgYearMonth": ("month", "месец"),
    "https://schema.org/url": ("web address", "уеб адрес"),
    PROV + "Entity": ("provenance entity", "обект с произход"),
    ORG + "Organization": ("organization", "организация"), ORG + "FormalOrganization": ("formal organization", "формална организация"),
    ORG + "OrganizationalUnit": ("organizational unit", "организационно звено"), ORG + "Membership": ("membership", "членство"),
    "https://schema.org/Country": ("country", "държава"), "https://schema.org/Place": ("place", "място"),
    "https://schema.org/City": ("city", "град"), "https://schema.org/Event": ("event", "събитие"),
    "https://schema.org/Person": ("person", "човек"), "https://schema.org/CreativeWork": ("creative work", "творба"),
}


def t(lang: str, key: str, **kw: object) -> str:
    text = UI.get(lang, UI["en"]).get(key) or UI["en"][key]
    return text.format(**kw) if kw else text


def humanize(local: str) -> str:
    """``wasDerivedFrom`` -> ``was derived from``."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).replace("_", " ").replace("-", " ")
    return words[:1].lower() + words[1:] if words[1:2].islower() else words


def curie(iri: str) -> str:
    for prefix, ns in PREFIX_LIST:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def local_name(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            tail = iri.rstrip(sep).rsplit(sep, 1)[1]
            if tail:
                return tail
    return iri


# --- addresses ------------------------------------------------------------------------------------

def document_key(iri: str) -> str | None:
    """The key of the documents about a canonical IRI: ``state/KAZ`` for ``…/id/state/KAZ`` (and its
    ``#fragment`` nodes), ``ontology`` for the ontology and its terms, ``dataset`` for the VoID
    description and its partitions; None for any other IRI."""
    if not iri.startswith(BASE):
        return None
    rest = iri[len(BASE):].split("#", 1)[0]
    if rest.startswith("id/") and len(rest) > 3:
        return rest[3:]
    if rest == "ontology" or rest.startswith("ontology/"):
        return "ontology"
    if rest == "dataset":
        return "dataset"
    return None


def thing_iri(key: str) -> str:
    """Inverse of :func:`document_key` (for the thing itself, without fragment)."""
    if key in ("ontology", "dataset"):
        return ONTOLOGY if key == "ontology" else DATASET
    return ID + key


@dataclass(frozen=True)
class Links:
    """Where things live on the served (or published) site; ``base_url`` stands for ``BASE``."""

    base_url: str = "http://127.0.0.1:8080/"
    static: bool = False  # a published static copy: no SPARQL endpoint, no search

    @property
    def base_path(self) -> str:
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def path(self, rel: str = "", lang: str | None = None, fragment: str | None = None, *, switch_lang: str | None = None,
             **query: str) -> str:
        """``rel`` under the base; ``lang`` is added as ``?lang=`` unless it is the default (links keep
        the reader's language), ``switch_lang`` always (the language switch)."""
        url = self.base_path + rel
        if switch_lang:
            query = {"lang": switch_lang, **query}
        elif lang and lang != DEFAULT_LANG:
            query = {"lang": lang, **query}
        if query:
            url += "?" + urlencode(query)
        if fragment:
            url += "#" + quote(fragment, safe="")
        return url

    def absolute(self, rel: str = "") -> str:
        base = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        return base + rel

    def page(self, key: str, lang: str | None = None, fragment: str | None = None) -> str:
        return self.path("page/" + quote(key, safe="/-_.~"), lang, fragment)

    def data(self, key: str, ext: str) -> str:
        return self.path(f"data/{quote(key, safe='/-_.~')}.{ext}")

    def thing(self, iri: str) -> str | None:
        """The served address of a canonical IRI (the thing, not its document)."""
        if not iri.startswith(BASE):
            return None
        rest = iri[len(BASE):]
        path, _, frag = rest.partition("#")
        return self.base_path + quote(path, safe="/-_.~") + ("#" + quote(frag, safe="") if frag else "")

    def href(self, iri: str, lang: str | None = None) -> str | None:
        """Where a link to ``iri`` goes in a page: its HTML document for the dataset's own IRIs (no
        redirect on each click), the IRI itself for other http(s) IRIs, nowhere for anything else."""
        if iri.startswith(BASE):
            rest = iri[len(BASE):]
            path, _, frag = rest.partition("#")
            key = document_key(iri)
            if key is not None:
                return self.page(key, lang, frag or None)
            if rest == "":
                return self.path("", lang)
            if path.startswith("dump/"):
                return self.path(path)
            if path.startswith("graph/") and path[6:] in GRAPH_DUMPS:
                return self.path("dump/" + GRAPH_DUMPS[path[6:]])
            return self.thing(iri)
        return safe_href(iri)


# --- reading the store ------------------------------------------------------------------------------

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class Arc:
    predicate: ox.NamedNode
    term: Term
    inferred: bool


class View:
    """Read-only access to a loaded release, with the labels indexed once (the store never changes)."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.inferred_graph = ox.NamedNode(graph_iri("inferred"))
        self.ontology_graph = ox.NamedNode(graph_iri("ontology"))
        self.metadata_graph = ox.NamedNode(graph_iri("metadata"))
        self.labels: dict[str, dict[str, str]] = {}
        self.derived: dict[str, dict[str, str]] = {}
        self.keys: set[str] = set()
        for pred in (TITLE, PREF_LABEL, LABEL):  # later ones win
            for q in store.quads_for_pattern(None, pred, None):
                if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal):
                    self.labels.setdefault(q.subject.value, {})[q.object.language or ""] = q.object.value
        # resources without a label (passages, notes) are named by their quote or comment
        for pred in (COMMENT, PROV_VALUE):
            for q in store.quads_for_pattern(None, pred, None):
                subject = q.subject
                if isinstance(subject, ox.NamedNode) and subject.value.startswith(ID) and isinstance(q.object, ox.Literal) \
                        and subject.value not in self.labels:
                    self.derived.setdefault(subject.value, {})[q.object.language or ""] = _clip(" ".join(q.object.value.split()), 70)
        for q in store:
            for term in (q.subject, q.object):
                if isinstance(term, ox.NamedNode):
                    key = document_key(term.value)
                    if key is not None:
                        self.keys.add(key)

    # labels
    def label(self, iri: str, lang: str) -> str:
        found = self.labels.get(iri) or self.derived.get(iri)
        if found:
            for choice in (lang, "en", ""):
                if choice in found:
                    return found[choice]
            return next(iter(found.values()))
        if iri in EXTERNAL_LABELS:
            return EXTERNAL_LABELS[iri][0 if lang == "en" else 1]
        if iri.startswith(KZO_NS):
            return humanize(iri[len(KZO_NS):])
        if iri.startswith(BASE):
            return iri[len(BASE):]
        return curie(iri) if curie(iri) != iri else local_name(iri)

    def term_label(self, term: Term, lang: str) -> str:
        if isinstance(term, ox.NamedNode):
            return self.label(term.value, lang)
        if isinstance(term, ox.Literal):
            return term.value
        return f"_:{term.value}"

    def has_label(self, iri: str) -> bool:
        return iri in self.labels or iri in self.derived

    # triples
    def arcs_out(self, subject: ox.NamedNode | ox.BlankNode) -> list[Arc]:
        return self._merge((q.predicate, q.object, q.graph_name) for q in self.store.quads_for_pattern(subject, None, None))

    def arcs_in(self, obj: ox.NamedNode) -> list[Arc]:
        return self._merge((q.predicate, q.subject, q.graph_name) for q in self.store.quads_for_pattern(None, None, obj))

    def _merge(self, rows: Iterable[tuple[ox.NamedNode, Term, Any]]) -> list[Arc]:
        seen: dict[tuple[str, str], Arc] = {}
        for pred, term, graph in rows:
            key = (pred.value, str(term))
            inferred = graph == self.inferred_graph
            if key in seen:
                seen[key].inferred = seen[key].inferred and inferred
            else:
                seen[key] = Arc(pred, term, inferred)
        return list(seen.values())

    def objects(self, subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode) -> list[Term]:
        out: list[Term] = []
        for q in self.store.quads_for_pattern(subject, predicate, None):
            if q.object not in out:
                out.append(q.object)
        return out

    def text(self, subject: ox.NamedNode, predicate: ox.NamedNode, lang: str) -> str | None:
        """The literal of ``predicate`` in ``lang`` (else English, else any)."""
        found = {o.language or "": o.value for o in self.objects(subject, predicate) if isinstance(o, ox.Literal)}
        for choice in (lang, "en", ""):
            if choice in found:
                return found[choice]
        return next(iter(found.values()), None)

    def types(self, subject: ox.NamedNode) -> list[Arc]:
        return [a for a in self.arcs_out(subject) if a.predicate == TYPE]

    def instances(self, cls: str) -> list[ox.NamedNode]:
        out = {q.subject.value: q.subject for q in self.store.quads_for_pattern(None, TYPE, ox.NamedNode(cls))
               if isinstance(q.subject, ox.NamedNode)}
        return list(out.values())

    def exists(self, key: str) -> bool:
        return key in self.keys

    def hash_children(self, iri: str) -> list[ox.NamedNode]:
        """Nodes ``iri#…`` described in the same document (e.g. a membership's interval)."""
        prefix = iri + "#"
        found: dict[str, ox.NamedNode] = {}
        for q in self.store.quads_for_pattern(ox.NamedNode(iri), None, None):
            if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(prefix):
                found[q.object.value] = q.object
        return [found[k] for k in sorted(found)]

    def suggestions(self, key: str, lang: str, n: int = 6) -> list[str]:
        """Keys that look like ``key`` (a mistyped code, a wrong type segment, a label)."""
        keys = sorted(self.keys)
        close = difflib.get_close_matches(key, keys, n=n, cutoff=0.6)
        tail = key.rsplit("/", 1)[-1].casefold()
        if tail:
            close += [k for k in keys if k.rsplit("/", 1)[-1].casefold() == tail and k not in close]
            close += [k for k in keys if len(tail) >= 3 and tail in self.label(thing_iri(k), lang).casefold()
                      and k not in close][:n]
        return close[: n * 2]

    def search(self, text: str, limit: int = 60) -> list[tuple[str, str]]:
        """(iri, matching label) of the dataset's resources whose labels contain ``text``."""
        needle = " ".join(text.split()).casefold()
        if not needle:
            return []
        scored: list[tuple[int, str, str, str]] = []
        for iri, labels in self.labels.items():
            if document_key(iri) is None:
                continue
            best = None
            for value in labels.values():
                folded = value.casefold()
                if needle in folded:
                    rank = 0 if folded == needle else 1 if folded.startswith(needle) else 2
                    if best is None or rank < best[0]:
                        best = (rank, value)
            if best:
                scored.append((best[0], best[1].casefold(), iri, best[1]))
        scored.sort()
        return [(iri, value) for _, _, iri, value in scored[:limit]]


# --- per-resource RDF -----------------------------------------------------------------------------------

def describe(view: View, key: str) -> list[ox.Triple]:
    """The triples of the document about ``key``: what the resource (and its ``#`` nodes) says,
    what points at it, and the labels of the resources it links to. For ``ontology`` and
    ``dataset`` it is the whole ontology or metadata graph."""
    store = view.store
    if key in ("ontology", "dataset"):
        graph = view.ontology_graph if key == "ontology" else view.metadata_graph
        return _unique(ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, graph))
    iri = thing_iri(key)
    node = ox.NamedNode(iri)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(node, None, None)]
    for child in view.hash_children(iri):
        triples += [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(child, None, None)]
    triples += [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, node)]
    linked = {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)}
    linked |= {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
    linked.discard(iri)
    for other in sorted(linked):
        triples += [ox.Triple(q.subject, q.predicate, q.object)
                    for q in store.quads_for_pattern(ox.NamedNode(other), LABEL, None)]
    return _unique(triples)


def rdf_document(view: View, key: str, ext: str, void_ttl: bytes | None = None) -> bytes:
    """The bytes of ``data/{key}.{ext}`` (the VoID Turtle is served as the release wrote it)."""
    if key == "dataset" and ext == "ttl" and void_ttl:
        return void_ttl
    return serialize(describe(view, key), ext)


def picture_name(name: str, lang: str) -> str:
    """``pictures/timeline.svg`` or ``pictures/timeline.bg.svg``."""
    return f"pictures/{name}.svg" if lang == DEFAULT_LANG else f"pictures/{name}.{lang}.svg"


def _unique(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    seen: dict[str, ox.Triple] = {}
    for tr in triples:
        seen.setdefault(str(tr), tr)
    return [seen[k] for k in sorted(seen)]


def serialize(triples: Sequence[ox.Triple], ext: str) -> bytes:
    """Triples as Turtle, JSON-LD (compacted with the project's prefixes), N-Triples or RDF/XML."""
    if ext == "jsonld":
        return jsonld(triples)
    if ext == "ttl":
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes())
    if ext == "rdf":
        used = {p: ns for p, ns in prefixes().items() if any(t.predicate.value.startswith(ns) for t in triples)}
        return ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=used)
    return ox.serialize(triples, format=OX_FORMATS[ext])


def jsonld(triples: Sequence[ox.Triple]) -> bytes:
    """Compact JSON-LD: one node object per subject, prefixed names for IRIs, nodes sorted by @id."""
    ctx = prefixes()
    nodes: dict[str, dict[str, Any]] = {}

    def ref(term: Term) -> str:
        return curie(term.value) if isinstance(term, ox.NamedNode) else f"_:{term.value}"

    for tr in triples:
        node = nodes.setdefault(ref(tr.subject), {"@id": ref(tr.subject)})
        if tr.predicate == TYPE and isinstance(tr.object, ox.NamedNode):
            node.setdefault("@type", []).append(ref(tr.object))
            continue
        obj = tr.object
        if isinstance(obj, ox.Literal):
            value: dict[str, str] = {"@value": obj.value}
            if obj.language:
                value["@language"] = obj.language
            elif obj.datatype.value != XSD + "string":
                value["@type"] = curie(obj.datatype.value)
        else:
            value = {"@id": ref(obj)}
        node.setdefault(curie(tr.predicate.value), []).append(value)
    graph = [nodes[k] for k in sorted(nodes)]
    for node in graph:
        for key, values in node.items():
            if isinstance(values, list):
                values.sort(key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    doc = {"@context": dict(sorted(ctx.items())), "@graph": graph}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


# --- rendering helpers ---------------------------------------------------------------------------------

@dataclass
class Ctx:
    """What every renderer needs: the data, the addresses, the language."""

    view: View
    links: Links
    lang: str = DEFAULT_LANG

    def t(self, key: str, **kw: object) -> str:
        return t(self.lang, key, **kw)

    def link(self, term: Term, text: str | None = None, **attrs: Any) -> Html:
        if isinstance(term, ox.Literal):
            return literal(term, self.lang)
        if isinstance(term, ox.BlankNode):
            return el("span", f"_:{term.value}", class_="bnode")
        label = text if text is not None else self.view.label(term.value, self.lang)
        href = self.links.href(term.value, self.lang)
        if href is None:
            return el("span", label, class_="iri", title=term.value)
        return el("a", label, href=href, title=term.value, **attrs)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def format_date(value: str, datatype: str, lang: str) -> str | None:
    months = MONTHS.get(lang, MONTHS["en"])
    suffix = " г." if lang == "bg" else ""
    if datatype == XSD + "date" and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        y, m, d = value.split("-")
        return f"{int(d)} {months[int(m) - 1]} {y}{suffix}"
    if datatype == XSD + "gYearMonth" and re.fullmatch(r"[0-9]{4}-[0-9]{2}", value):
        y, m = value.split("-")
        return f"{months[int(m) - 1]} {y}{suffix}"
    if datatype == XSD + "gYear" and re.fullmatch(r"-?[0-9]{4}", value):
        return f"{value}{suffix}"
    return None


def literal(term: ox.Literal, lang: str, show_lang: bool = True) -> Html:
    dt = term.datatype.value
    date = format_date(term.value, dt, lang)
    if date is not None:
        return el("time", date, datetime=term.value, title=curie(dt))
    if term.language:
        tag = el("sup", term.language, class_="lang") if show_lang and term.language != lang else None
        return join(el("span", term.value, lang=term.language), tag)
    if dt == XSD + "boolean":
        return el("span", t(lang, "yes") if term.value in ("true", "1") else t(lang, "no"), title=term.value)
    if dt in (XSD + "anyURI",) and safe_href(term.value):
        return el("a", term.value, href=safe_href(term.value))
    attrs = {"title": curie(dt)} if dt != XSD + "string" else {}
    return el("span", term.value, class_="lit", **attrs)


def page(ctx: Ctx, title: str, body: Any, *, here: str = "", alternates: Sequence[tuple[str, str]] = (),
         description: str | None = None) -> bytes:
    """A whole HTML document: header with navigation and language switch, ``body``, footer.

    ``here`` is the page's address relative to the base (for the language switch)."""
    L, lang = ctx.links, ctx.lang
    nav_items = [
        (t(lang, "home"), L.path("", lang)),
        (t(lang, "kazakhstan"), L.page("state/KAZ", lang)),
        (t(lang, "missions"), L.path("browse/DiplomaticMission", lang)),
        (t(lang, "relations"), L.path("browse/DiplomaticRelation", lang)),
        (t(lang, "norelations"), L.page("list/no-relations", lang)),
        (t(lang, "ontology"), L.page("ontology", lang)),
        None if L.static else (t(lang, "sparql"), L.path("sparql", lang)),
        (t(lang, "queries"), L.path("queries", lang)),
        (t(lang, "dumps"), L.path("dump/", lang)),
        (t(lang, "void"), L.path(".well-known/void", lang)),
    ]
    nav = el("nav", el("ul", [el("li", el("a", text, href=href)) for item in nav_items if item for text, href in [item]]),
             aria_label="main")
    switch = el("ul", [el("li", el("a", code.upper(), href=L.path(here, switch_lang=code), hreflang=code,
                                     aria_current="true" if code == lang else None, lang=code))
                      for code in LANGS], class_="langs")
    search = None if L.static else el(
        "form", el("input", type="search", name="q", placeholder=t(lang, "searchfor"), aria_label=t(lang, "search")),
        el("input", type="hidden", name="lang", value=lang) if lang != DEFAULT_LANG else None,
        el("button", t(lang, "search"), type="submit"), action=L.path("search"), method="get", role="search",
        class_="search")
    head = [
        Html('<meta charset="utf-8">'),
        el("meta", name="viewport", content="width=device-width, initial-scale=1"),
        el("title", f"{title} · kzgraph"),
        el("meta", name="description", content=description) if description else None,
        el("link", rel="stylesheet", href=L.path("static/style.css")),
        [el("link", rel="alternate", type=media, href=href) for media, href in alternates],
    ]
    header = el("header", el("p", el("a", el("strong", "kzgraph"), " — ", t(lang, "tagline"), href=L.path("", lang)),
                             class_="brand"), nav, switch, search, class_="site")
    footer = el("footer", el("p", "Data: CC BY-SA 4.0, from the Bulgarian Wikipedia article “Външна политика на Казахстан”. ",
                             el("a", "VoID", href=L.path(".well-known/void", lang)), " · ",
                             el("a", t(lang, "dumps"), href=L.path("dump/", lang)), " · ",
                             el("a", t(lang, "strategy"), href=L.path("", lang, fragment="addresses"))))
    doc = Html("<!DOCTYPE html>\n") + el("html", el("head", head), el("body", header, el("main", body, id="main"), footer),
                                         lang=lang)
    return doc.encode("utf-8")


# --- the resource page ------------------------------------------------------------------------------------

def resource_page(ctx: Ctx, key: str) -> bytes:
    view, L, lang = ctx.view, ctx.links, ctx.lang
    iri = thing_iri(key)
    node = ox.NamedNode(iri)
    title = view.label(iri, lang)
    arcs = view.arcs_out(node)
    comment = view.text(node, COMMENT, lang)
    types = [a for a in arcs if a.predicate == TYPE]
    other_labels = sorted({(o.language, o.value) for a in arcs if a.predicate == LABEL
                           for o in [a.term] if isinstance(o, ox.Literal) and o.language and o.language != lang
                           and o.language in LANGS})
    formats = [el("a", name, href=L.data(key, ext), type=media) for ext, (media, name) in RDF_FORMATS.items()]
    intro = el("dl", el("dt", t(lang, "iri")), el("dd", el("a", iri, href=L.thing(iri), class_="iri")),
               el("dt", t(lang, "types")),
               el("dd", join([_type_link(ctx, a) for a in sorted(types, key=lambda a: (a.inferred, view.label(a.term.value, lang)))], sep=", ")),
               [join(el("dt", t(lang, "label"), " (", code, ")"), el("dd", el("span", value, lang=code))) for code, value in other_labels],
               el("dt", t(lang, "formats")), el("dd", join(formats, sep=" · ")), class_="intro")
    skip = {TYPE.value, DERIVED.value, QUALITY_NOTE.value}
    table = property_table(ctx, [a for a in arcs if a.predicate.value not in skip])
    children = []
    for child in view.hash_children(iri):
        frag = child.value.split("#", 1)[1]
        children.append(el("section", el("h3", view.label(child.value, lang) if view.has_label(child.value) else "#" + frag),
                           property_table(ctx, view.arcs_out(child)), id=frag))
    body = [
        el("h1", title),
        el("p", comment, class_="comment") if comment else None,
        intro,
        el("section", el("h2", t(lang, "properties")), table, children, id="properties") if table or children else None,
        provenance(ctx, node),
        quality_notes(ctx, node),
        incoming(ctx, node),
    ]
    alternates = [(media, L.data(key, ext)) for ext, (media, _) in RDF_FORMATS.items()]
    return page(ctx, title, body, here=f"page/{key}", alternates=alternates, description=comment)


def _type_link(ctx: Ctx, arc: Arc) -> Html:
    link = ctx.link(arc.term)
    return el("span", link, el("small", " (", ctx.t("inferred"), ")") if arc.inferred else None,
              class_="inferred" if arc.inferred else None)


def property_table(ctx: Ctx, arcs: Sequence[Arc], limit: int = 200) -> Html | None:
    if not arcs:
        return None
    view, lang = ctx.view, ctx.lang
    by_pred: dict[str, list[Arc]] = {}
    for a in arcs:
        by_pred.setdefault(a.predicate.value, []).append(a)

    def order(p: str) -> tuple[int, str]:
        first = {LABEL.value: 0, PREF_LABEL.value: 1, COMMENT.value: 2}.get(p, 3)
        return first, view.label(p, lang).casefold()

    rows = []
    for pred in sorted(by_pred, key=order):
        values = sorted(by_pred[pred], key=lambda a: (a.inferred, _sort_key(view, a.term, lang)))
        shown = values[:limit]
        items = [el("li", ctx.link(a.term), el("small", " (", ctx.t("inferred"), ")") if a.inferred else None,
                    class_="inferred" if a.inferred else None) for a in shown]
        if len(values) > limit:
            items.append(el("li", ctx.t("more", n=len(values) - limit), class_="more"))
        rows.append(el("tr", el("th", ctx.link(ox.NamedNode(pred)), scope="row"), el("td", el("ul", items))))
    return el("table", el("tbody", rows), class_="props")


def _sort_key(view: View, term: Term, lang: str) -> tuple[int, str]:
    if isinstance(term, ox.Literal):
        return (0 if term.language in (lang, None, "") else 1, term.value.casefold())
    return (2, view.term_label(term, lang).casefold())


def section_path(ctx: Ctx, section: ox.NamedNode) -> Html:
    """``Europe › European states › Latvia``, each a link to its section."""
    chain: list[ox.NamedNode] = []
    current: ox.NamedNode | None = section
    while current is not None and current not in chain and len(chain) < 8:
        chain.append(current)
        parents = [o for o in ctx.view.objects(current, PART_OF) if isinstance(o, ox.NamedNode)]
        current = parents[0] if parents and "/section/" in parents[0].value else None
    return join([ctx.link(s) for s in reversed(chain)], sep=" › ")


def provenance(ctx: Ctx, node: ox.NamedNode) -> Html | None:
    view, lang = ctx.view, ctx.lang
    passages = [o for o in view.objects(node, DERIVED) if isinstance(o, ox.NamedNode)]
    if not passages:
        return None
    items = []
    for p in sorted(passages, key=lambda x: x.value):
        quotes = [o for o in view.objects(p, PROV_VALUE) if isinstance(o, ox.Literal)]
        sections = [o for o in view.objects(p, IN_SECTION) if isinstance(o, ox.NamedNode)]
        refs = [o for o in view.objects(p, CITES) if isinstance(o, ox.NamedNode)]
        articles = [o for o in view.objects(p, QUOTED_FROM) if isinstance(o, ox.NamedNode)]
        details = [
            el("dt", t(lang, "section")), el("dd", join([section_path(ctx, s) for s in sections], sep="; ")) if sections else None,
        ] if sections else []
        for ref in refs:
            citation = view.text(ref, CITATION, lang)
            url = next((o.value for o in view.objects(ref, SCHEMA_URL) if isinstance(o, ox.NamedNode)), None)
            details += [el("dt", t(lang, "reference")),
                        el("dd", ctx.link(ref), el("br") if citation else None,
                           el("small", citation) if citation else None,
                           join(" ", el("a", url, href=safe_href(url), rel="nofollow", class_="ext")) if safe_href(url) else None,
                           class_="reference")]
        for art in articles:
            details += [el("dt", t(lang, "article")), el("dd", ctx.link(art))]
        items.append(el("li",
                        [el("blockquote", q.value, lang=q.language or "bg", class_="quote") for q in quotes],
                        el("dl", details, class_="passage"),
                        el("p", el("a", t(lang, "passage"), " ", p.value.rsplit("/", 1)[-1],
                                   href=ctx.links.href(p.value, lang), class_="passage-link"), class_="small"),
                        class_="source"))
    return el("section", el("h2", t(lang, "provenance")), el("ol", items, class_="sources"), id="provenance")


def quality_notes(ctx: Ctx, node: ox.NamedNode) -> Html | None:
    view, lang = ctx.view, ctx.lang
    notes = [o for o in view.objects(node, QUALITY_NOTE) if isinstance(o, ox.NamedNode)]
    if not notes:
        return None
    items = []
    for n in sorted(notes, key=lambda x: x.value):
        kinds = [o for o in view.objects(n, NOTE_TYPE) if isinstance(o, ox.NamedNode)]
        comment = view.text(n, COMMENT, lang)
        items.append(el("li", join([el("strong", ctx.link(k)) for k in kinds], sep=", "), ": " if kinds else None,
                        el("span", comment or "", lang="en" if lang != "en" and comment else None), " ",
                        el("a", "→", href=ctx.links.href(n.value, lang), title=n.value, class_="note-link")))
    return el("section", el("h2", t(lang, "notes")), el("ul", items, class_="notes"), id="notes")


def incoming(ctx: Ctx, node: ox.NamedNode, limit: int = 100) -> Html | None:
    view, lang = ctx.view, ctx.lang
    arcs = [a for a in view.arcs_in(node) if isinstance(a.term, ox.NamedNode)]
    if not arcs:
        return None
    by_pred: dict[str, list[Arc]] = {}
    for a in arcs:
        by_pred.setdefault(a.predicate.value, []).append(a)
    rows = []
    for pred in sorted(by_pred, key=lambda p: view.label(p, lang).casefold()):
        values = sorted(by_pred[pred], key=lambda a: (a.inferred, view.term_label(a.term, lang).casefold()))
        items = [el("li", ctx.link(a.term), el("small", " (", ctx.t("inferred"), ")") if a.inferred else None,
                    class_="inferred" if a.inferred else None) for a in values[:limit]]
        if len(values) > limit:
            items.append(el("li", ctx.t("more", n=len(values) - limit), class_="more"))
        rows.append(el("tr", el("th", ctx.link(ox.NamedNode(pred)), scope="row"), el("td", el("ul", items))))
    return el("section", el("h2", t(lang, "incoming")), el("table", el("tbody", rows), class_="props"), id="incoming")


# --- other pages ------------------------------------------------------------------------------------------

def not_found_page(ctx: Ctx, path: str, key: str | None = None) -> bytes:
    view, L, lang = ctx.view, ctx.links, ctx.lang
    suggestions = view.suggestions(key, lang) if key else []
    body = [
        el("h1", t(lang, "notfound")),
        el("p", t(lang, "nothing"), " ", el("code", path)),
        el("section", el("h2", t(lang, "didyoumean"), "…"),
           el("ul", [el("li", el("a", view.label(thing_iri(k), lang), href=L.page(k, lang)), " ",
                         el("code", "id/" + k)) for k in suggestions])) if suggestions else None,
        None if L.static else el("form", el("input", type="search", name="q", value=(key or "").rsplit("/", 1)[-1],
                                            aria_label=t(lang, "search")),
                                 el("button", t(lang, "search"), type="submit"), action=L.path("search"), method="get"),
        el("p", el("a", t(lang, "browse"), href=L.path("browse", lang)), " · ",
           el("a", t(lang, "kazakhstan"), href=L.page("state/KAZ", lang)), " · ",
           el("a", t(lang, "ontology"), href=L.page("ontology", lang)), " · ",
           el("a", t(lang, "home"), href=L.path("", lang))),
    ]
    return page(ctx, t(lang, "notfound"), body, here=path.lstrip("/"))


def search_page(ctx: Ctx, text: str) -> bytes:
    view, L, lang = ctx.view, ctx.links, ctx.lang
    hits = view.search(text)
    body = [
        el("h1", t(lang, "search")),
        el("form", el("input", type="search", name="q", value=text, aria_label=t(lang, "search")),
           el("input", type="hidden", name="lang", value=lang) if lang != DEFAULT_LANG else None,
           el("button", t(lang, "search"), type="submit"), action=L.path("search"), method="get"),
        el("ul", [el("li", el("a", view.label(iri, lang), href=L.href(iri, lang)),
                      el("small", " — ", value) if value != view.label(iri, lang) else None, " ",
                      el("code", iri[len(BASE):])) for iri, value in hits], class_="hits") if hits
        else el("p", t(lang, "noresults")) if text else None,
    ]
    return page(ctx, f"{t(lang, 'search')}: {text}" if text else t(lang, "search"), body, here="search")


def class_counts(view: View) -> list[tuple[str, int]]:
    """Every class of the ontology's namespace with its number of instances (asserted or inferred)."""
    counts: dict[str, set[str]] = {}
    for q in view.store.quads_for_pattern(None, TYPE, None):
        if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(KZO_NS) and isinstance(q.subject, ox.NamedNode) \
                and q.subject.value.startswith(ID):
            counts.setdefault(q.object.value, set()).add(q.subject.value)
    return sorted(((c, len(s)) for c, s in counts.items()), key=lambda cn: (-cn[1], cn[0]))


def browse_index(ctx: Ctx) -> bytes:
    view, L, lang = ctx.view, ctx.links, ctx.lang
    rows = [el("tr", el("td", el("a", view.label(c, lang), href=L.path("browse/" + c[len(KZO_NS):], lang))),
                  el("td", str(n), class_="num")) for c, n in class_counts(view)]
    body = [el("h1", t(lang, "browse")),
            el("table", el("thead", el("tr", el("th", t(lang, "class")), el("th", t(lang, "count")))), el("tbody", rows),
               class_="data")]
    return page(ctx, t(lang, "browse"), body, here="browse")


def browse_page(ctx: Ctx, local: str) -> bytes | None:
    view, L, lang = ctx.view, ctx.links, ctx.lang
    cls = KZO_NS + local
    members = [m for m in view.instances(cls) if m.value.startswith(ID)]
    if not members:
        return None
    members.sort(key=lambda m: view.label(m.value, lang).casefold())
    rows = []
    for m in members:
        asserted = [a.term for a in view.types(m) if not a.inferred and isinstance(a.term, ox.NamedNode)]
        rows.append(el("li", el("a", view.label(m.value, lang), href=L.href(m.value, lang)),
                       el("small", " — ", join([view.label(a.value, lang) for a in asserted], sep=", ")) if asserted and
                       asserted != [ox.NamedNode(cls)] else None))
    definition = view.text(ox.NamedNode(cls), DEFINITION, lang)
    title = view.label(cls, lang)
    body = [el("h1", title), el("p", definition, class_="comment") if definition else None,
            el("p", t(lang, "instances", n=len(members)), " · ", el("a", t(lang, "ontology"), href=L.page("ontology", lang, local))),
            el("ul", rows, class_="members")]
    return page(ctx, title, body, here=f"browse/{local}")


ONTOLOGY_GROUPS = [
    ("classes", [OWL + "Class"]),
    ("objprops", [OWL + "ObjectProperty"]),
    ("dataprops", [OWL + "DatatypeProperty"]),
    ("annprops", [OWL + "AnnotationProperty"]),
]


def ontology_page(ctx: Ctx) -> bytes:
    """Every term of the ontology's namespace, with its labels and definitions in English and Bulgarian."""
    view, L, lang = ctx.view, ctx.links, ctx.lang
    g = view.ontology_graph
    onto = ox.NamedNode(ONTOLOGY)
    terms: dict[str, set[str]] = {}
    for q in view.store.quads_for_pattern(None, TYPE, None, g):
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(KZO_NS):
            terms.setdefault(q.subject.value, set()).add(q.object.value)
    groups: dict[str, list[str]] = {name: [] for name, _ in ONTOLOGY_GROUPS}
    groups["individuals"] = []
    for term, kinds in terms.items():
        for name, types in ONTOLOGY_GROUPS:
            if kinds & set(types):
                groups[name].append(term)
                break
        else:
            groups["individuals"].append(term)
    title = view.text(onto, TITLE, lang) or "kzgraph ontology"
    description = view.text(onto, ox.NamedNode(DCT + "description"), lang)
    toc = el("ul", [el("li", el("a", t(lang, name), href="#" + name), f" ({len(groups[name])})") for name in groups],
             class_="toc")
    sections = []
    for name, members in groups.items():
        members.sort(key=lambda x: x[len(KZO_NS):].casefold())
        sections.append(el("section", el("h2", t(lang, name)), [ontology_term(ctx, m) for m in members], id=name))
    formats = [el("a", nm, href=L.data("ontology", ext), type=media) for ext, (media, nm) in RDF_FORMATS.items()]
    body = [el("h1", title), el("p", description, class_="comment") if description else None,
            el("dl", el("dt", t(lang, "iri")), el("dd", el("a", ONTOLOGY, href=L.thing(ONTOLOGY), class_="iri")),
               el("dt", "Prefix"), el("dd", el("code", f"kzo: <{KZO_NS}>")),
               el("dt", t(lang, "formats")), el("dd", join(formats, sep=" · ")), class_="intro"),
            toc, sections]
    alternates = [(media, L.data("ontology", ext)) for ext, (media, _) in RDF_FORMATS.items()]
    return page(ctx, title, body, here="page/ontology", alternates=alternates, description=description)


def ontology_term(ctx: Ctx, iri: str) -> Html:
    view, lang = ctx.view, ctx.lang
    node = ox.NamedNode(iri)
    local = iri[len(KZO_NS):]
    labels = {o.language: o.value for o in view.objects(node, LABEL) if isinstance(o, ox.Literal) and o.language}
    defs = {o.language: o.value for o in view.objects(node, DEFINITION) if isinstance(o, ox.Literal) and o.language}
    rows = []
    for code in LANGS:
        rows.append(el("tr", el("th", code, scope="row"), el("td", el("strong", labels.get(code, ""), lang=code)),
                       el("td", defs.get(code, ""), lang=code)))
    relations = []
    for pred, key in ((RDFS + "subClassOf", "subclassof"), (RDFS + "subPropertyOf", "subpropertyof"),
                      (RDFS + "domain", "domain"), (RDFS + "range", "range"), (OWL + "inverseOf", "inverseof")):
        values = view.objects(node, ox.NamedNode(pred))
        if values:
            relations += [el("dt", t(lang, key)), el("dd", join([_class_expr(ctx, v) for v in values], sep=", "))]
    extra = [v for v in view.objects(node, ox.NamedNode(SKOS + "closeMatch")) if isinstance(v, ox.NamedNode)]
    if extra:
        relations += [el("dt", view.label(SKOS + "closeMatch", lang)), el("dd", join([ctx.link(v, v.value) for v in extra], sep=", "))]
    kinds = [o for o in view.objects(node, TYPE) if isinstance(o, ox.NamedNode)]
    instances = view.instances(iri)
    return el("article",
              el("h3", el("a", f"kzo:{local}", href="#" + local, class_="anchor"), " ",
                 el("small", join([view.label(k.value, lang) for k in kinds], sep=", "))),
              el("table", el("tbody", rows), class_="term"),
              el("dl", relations, class_="relations") if relations else None,
              el("p", el("a", t(lang, "instances", n=len([i for i in instances if i.value.startswith(ID)])),
                         href=ctx.links.path("browse/" + local, lang))) if any(i.value.startswith(ID) for i in instances) else None,
              id=local, class_="term")


def _class_expr(ctx: Ctx, term: Term) -> Html:
    """A named class, or ``A ∪ B`` for an owl:unionOf blank node."""
    if isinstance(term, ox.BlankNode):
        union = ctx.view.objects(term, ox.NamedNode(OWL + "unionOf"))
        if union:
            members = _rdf_list(ctx.view, union[0])
            return join([ctx.link(m) for m in members], sep=" ∪ ")
        return el("span", "…", class_="bnode")
    return ctx.link(term)


def _rdf_list(view: View, head: Term) -> list[Term]:
    out: list[Term] = []
    nil = RDF_NS + "nil"
    while isinstance(head, (ox.BlankNode, ox.NamedNode)) and getattr(head, "value", nil) != nil and len(out) < 100:
        first = view.objects(head, ox.NamedNode(RDF_NS + "first"))
        rest = view.objects(head, ox.NamedNode(RDF_NS + "rest"))
        if not first:
            break
        out.append(first[0])
        if not rest:
            break
        head = rest[0]
    return out


# --- VoID -------------------------------------------------------------------------------------------

@dataclass
class VoidSummary:
    title: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)  # triples, entities, classes, properties …
    classes: list[tuple[str, int]] = field(default_factory=list)
    dumps: list[tuple[str, str]] = field(default_factory=list)  # (download IRI, media type)
    license: str | None = None
    source: str | None = None
    links_to_wikidata: int | None = None


def read_void(void_ttl: bytes) -> VoidSummary:
    """The numbers and links of ``void.ttl`` that the home page and the VoID page show."""
    triples = list(ox.parse(void_ttl, format=ox.RdfFormat.TURTLE))
    ds = ox.NamedNode(DATASET)
    out = VoidSummary()
    by_subject: dict[str, list[ox.Triple]] = {}
    for tr in triples:
        by_subject.setdefault(str(tr.subject), []).append(tr)

    def values(subject: Term, pred: str) -> list[Term]:
        return [tr.object for tr in by_subject.get(str(subject), []) if tr.predicate.value == pred]

    for lit in values(ds, DCT + "title"):
        out.title[lit.language or ""] = lit.value
    for lit in values(ds, DCT + "description"):
        out.description[lit.language or ""] = lit.value
    for name in ("triples", "entities", "classes", "properties", "distinctSubjects", "distinctObjects"):
        for lit in values(ds, VOID + name):
            out.numbers[name] = int(lit.value)
    for part in values(ds, VOID + "classPartition"):
        cls = values(part, VOID + "class")
        n = values(part, VOID + "entities")
        if cls and n:
            out.classes.append((cls[0].value, int(n[0].value)))
    out.classes.sort(key=lambda cn: (-cn[1], cn[0]))
    for dist in values(ds, "http://www.w3.org/ns/dcat#distribution"):
        url = values(dist, "http://www.w3.org/ns/dcat#downloadURL")
        media = values(dist, DCT + "format")
        if url:
            out.dumps.append((url[0].value, media[0].value if media else ""))
    out.dumps.sort()
    lic = values(ds, DCT + "license")
    out.license = lic[0].value if lic else None
    src = values(ds, DCT + "source")
    out.source = src[0].value if src else None
    for subset in values(ds, VOID + "subset"):
        n = values(subset, VOID + "triples")
        if n:
            out.links_to_wikidata = int(n[0].value)
    return out


def void_page(ctx: Ctx, void: VoidSummary) -> bytes:
    view, L, lang = ctx.view, ctx.links, ctx.lang
    title = void.title.get(lang) or void.title.get("en") or "kzgraph"
    numbers = el("table", el("tbody", [el("tr", el("th", humanize(k), scope="row"), el("td", f"{v:,}", class_="num"))
                                       for k, v in void.numbers.items()]), class_="data")
    classes = el("table", el("thead", el("tr", el("th", t(lang, "class")), el("th", t(lang, "entities")))),
                 el("tbody", [el("tr", el("td", ctx.link(ox.NamedNode(c))), el("td", str(n), class_="num"))
                              for c, n in void.classes]), class_="data")
    dumps = el("ul", [el("li", el("a", url.rsplit("/", 1)[-1], href=L.href(url)), " ", el("small", media))
                      for url, media in void.dumps])
    formats = [el("a", nm, href=L.path(".well-known/void", format=ext), type=media)
               for ext, (media, nm) in RDF_FORMATS.items()]
    body = [el("h1", title),
            el("p", void.description.get(lang) or void.description.get("en") or "", class_="comment"),
            el("dl", el("dt", t(lang, "iri")), el("dd", el("a", DATASET, href=L.thing(DATASET), class_="iri")),
               el("dt", t(lang, "license")), el("dd", ctx.link(ox.NamedNode(void.license), void.license) if void.license else "—"),
               el("dt", t(lang, "source")), el("dd", ctx.link(ox.NamedNode(void.source)) if void.source else "—"),
               None if L.static else join(el("dt", "SPARQL"), el("dd", el("a", L.absolute("sparql"), href=L.path("sparql")))),
               el("dt", t(lang, "formats")), el("dd", join(formats, sep=" · ")), class_="intro"),
            el("h2", t(lang, "overview")), numbers,
            el("h2", t(lang, "downloads")), dumps,
            el("h2", t(lang, "classes")), classes]
    alternates = [(media, L.path(".well-known/void", format=ext)) for ext, (media, _) in RDF_FORMATS.items()]
    return page(ctx, f"VoID: {title}", body, here="page/dataset", alternates=alternates)


def dumps_page(ctx: Ctx, files: Sequence[tuple[str, str, int]]) -> bytes:
    """The list of release files: (name, media type, size in bytes)."""
    L, lang = ctx.links, ctx.lang
    rows = [el("tr", el("td", el("a", name, href=L.path("dump/" + name), type=media)), el("td", el("code", media)),
                  el("td", f"{size:,}", class_="num")) for name, media, size in files]
    body = [el("h1", t(lang, "downloads")),
            el("table", el("thead", el("tr", el("th", t(lang, "file")), el("th", t(lang, "mediatype")), el("th", t(lang, "size")))),
               el("tbody", rows), class_="data")]
    return page(ctx, t(lang, "downloads"), body, here="dump/")


# --- query results as a table -------------------------------------------------------------------------

def plain_term(term: Any) -> tuple:
    """A query result term as a picklable tuple: ('uri', v) | ('bnode', v) | ('literal', v, lang, datatype)."""
    if term is None:
        return ("unbound",)
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.language, term.datatype.value)
    if isinstance(term, ox.Triple):
        return ("triple", plain_term(term.subject), plain_term(term.predicate), plain_term(term.object))
    return ("literal", str(term), None, XSD + "string")


def term_cell(ctx: Ctx, term: tuple) -> Html:
    kind = term[0]
    if kind == "unbound":
        return Html("")
    if kind == "uri":
        iri = term[1]
        href = ctx.links.href(iri, ctx.lang)
        text = ctx.view.label(iri, ctx.lang) if ctx.view.has_label(iri) else curie(iri)
        return el("a", text, href=href, title=iri) if href else el("span", text, title=iri)
    if kind == "bnode":
        return el("span", f"_:{term[1]}", class_="bnode")
    if kind == "literal":
        return literal(ox.Literal(term[1], language=term[2]) if term[2] else ox.Literal(term[1], datatype=ox.NamedNode(term[3])),
                       ctx.lang)
    if kind == "triple":
        return join("<< ", term_cell(ctx, term[1]), " ", term_cell(ctx, term[2]), " ", term_cell(ctx, term[3]), " >>")
    return esc(str(term))


def results_table(ctx: Ctx, variables: Sequence[str], rows: Sequence[Sequence[tuple]], truncated_at: int | None) -> Html:
    note = el("p", ctx.t("truncated", n=truncated_at), class_="warning", role="status") if truncated_at else None
    return join(
        el("p", ctx.t("rows", n=len(rows)), class_="count"), note,
        el("div", el("table", el("thead", el("tr", [el("th", v) for v in variables])),
                     el("tbody", [el("tr", [el("td", term_cell(ctx, c)) for c in row]) for row in rows]),
                     class_="data results"), class_="scroll"))


# --- home, stored queries, SPARQL form -------------------------------------------------------------------

def home_page(ctx: Ctx, void: VoidSummary, pictures: dict[str, str]) -> bytes:
    """The overview: what the dataset is, its numbers (from void.ttl), where to start, two pictures,
    and how the addresses work."""
    view, L, lang = ctx.view, ctx.links, ctx.lang
    title = void.title.get(lang) or void.title.get("en") or "kzgraph"
    counts = dict(class_counts(view))

    def n_of(cls: str) -> str:
        return f" ({counts.get(KZO_NS + cls, 0)})"

    entry = [
        (t(lang, "kazakhstan"), L.page("state/KAZ", lang), ID + "state/KAZ"),
        (t(lang, "missions") + n_of("DiplomaticMission"), L.path("browse/DiplomaticMission", lang), None),
        (t(lang, "relations") + n_of("DiplomaticRelation"), L.path("browse/DiplomaticRelation", lang), None),
        (view.label(ID + "list/no-relations", lang), L.page("list/no-relations", lang), None),
        (t(lang, "queries"), L.path("queries", lang), None),
        None if L.static else (t(lang, "sparql"), L.path("sparql", lang), L.absolute("sparql")),
        (t(lang, "ontology"), L.page("ontology", lang), ONTOLOGY),
        (t(lang, "downloads"), L.path("dump/", lang), None),
        ("VoID", L.path(".well-known/void", lang), DATASET),
        (t(lang, "browse"), L.path("browse", lang), None),
    ]
    numbers = [("triples", void.numbers.get("triples")), ("entities", void.numbers.get("entities")),
               ("classes", void.numbers.get("classes")), ("properties", void.numbers.get("properties"))]
    stats = el("dl", [join(el("dt", t(lang, k) if k in UI["en"] else humanize(k)), el("dd", f"{v:,}")) for k, v in numbers if v is not None],
               el("dt", "Wikidata") if void.links_to_wikidata else None,
               el("dd", f"{void.links_to_wikidata:,} owl:sameAs") if void.links_to_wikidata else None, class_="stats")
    top_classes = el("ul", [el("li", el("a", view.label(c, lang), href=L.path("browse/" + c[len(KZO_NS):], lang)) if c.startswith(KZO_NS)
                                 else ctx.link(ox.NamedNode(c)), f" {n}") for c, n in void.classes[:16]], class_="classes")
    figures = [
        el("figure", Html(pictures.get("timeline", "")),
           el("figcaption", t(lang, "timeline"), " · ", el("a", "SVG", href=L.path(picture_name("timeline", lang)))), id="timeline"),
        el("figure", Html(pictures.get("missions", "")),
           el("figcaption", t(lang, "diagram"), " · ", el("a", "SVG", href=L.path(picture_name("missions", lang)))), id="diagram"),
    ]
    example = L.absolute("id/state/KAZ")
    addresses = el("section", el("h2", t(lang, "strategy")),
                   el("p", "Every resource is named by a canonical IRI under ", el("code", BASE),
                      " (things under ", el("code", "id/"), ", ontology terms under ", el("code", "ontology#"),
                      "). This site serves that namespace at ", el("code", L.absolute()), ": only the request paths are mapped, ",
                      "the RDF always carries the canonical IRIs."),
                   el("p", "Cool URIs with 303 redirects: a thing's IRI is not a document, so asking for it answers ",
                      el("strong", "303 See Other"), " to a document about it, chosen by the ", el("code", "Accept"),
                      " header (with q-values): ", el("code", "page/…"), " (HTML, ", el("code", "?lang=en|bg"),
                      ") for browsers, ", el("code", "data/….ttl"), ", ", el("code", ".jsonld"), ", ", el("code", ".nt"),
                      " or ", el("code", ".rdf"), " for linked-data clients. Documents themselves are not negotiated."),
                   el("pre", f"curl -iH 'Accept: text/turtle' {example}\nHTTP/1.1 303 See Other\nLocation: {L.absolute('data/state/KAZ.ttl')}\nVary: Accept"),
                   id="addresses", lang="en")
    body = [
        el("h1", title),
        el("p", void.description.get(lang) or void.description.get("en") or "", class_="comment"),
        el("section", el("h2", t(lang, "entrypoints")),
           el("ul", [el("li", el("a", text, href=href), el("small", " ", el("code", note)) if note and note.startswith("http") else
                         el("small", " — ", note) if note else None)
                     for item in entry if item for text, href, note in [item]], class_="entry"), id="start"),
        el("section", el("h2", t(lang, "overview")), stats, top_classes, id="overview"),
        el("section", figures, class_="pictures"),
        addresses,
    ]
    return page(ctx, title, body, here="", description=void.description.get("en"))


def queries_page(ctx: Ctx, queries: Sequence[Any]) -> bytes:
    L, lang = ctx.links, ctx.lang
    items = []
    for q in queries:
        question = q.questions.get(lang) or q.questions.get("en") or ""
        params = ", ".join(f"{p.name} = {p.default}" for p in q.params)
        items.append(el("li", el("a", q.title or q.name, href=L.path(f"queries/{q.name}", lang)),
                        el("br"), el("span", question, class_="question"),
                        el("br") if params else None, el("small", t(lang, "params"), ": ", el("code", params)) if params else None,
                        " ", el("small", el("a", f"{q.name}.rq", href=L.path(f"queries/{q.name}.rq")))))
    body = [el("h1", t(lang, "examples")), el("ol", items, class_="queries")]
    return page(ctx, t(lang, "examples"), body, here="queries")


def query_page(ctx: Ctx, query: Any, text: str, values: dict[str, str], result: Html | None, error: str | None) -> bytes:
    """A stored query: its question, a form for its parameters, its text and its results."""
    L, lang = ctx.links, ctx.lang
    question = query.questions.get(lang) or query.questions.get("en") or ""
    form = None
    if query.params and not L.static:
        form = el("form", [el("label", el("span", p.name), " ",
                               el("input", name=p.name, value=values.get(p.name, p.default.strip('"<>')), title=p.doc),
                               " ", el("small", p.doc)) for p in query.params],
                  el("input", type="hidden", name="lang", value=lang) if lang != DEFAULT_LANG and "lang" not in values else None,
                  el("button", t(lang, "run"), type="submit"), method="get", action=L.path(f"queries/{query.name}"), class_="params")
    body = [
        el("h1", query.title or query.name),
        el("p", question, class_="question"),
        el("p", el("strong", t(lang, "answer"), ": "), query.answer, lang="en") if query.answer else None,
        form,
        el("p", t(lang, "static_query")) if L.static and query.params else None,
        el("details", el("summary", t(lang, "query")), el("pre", el("code", text)),
           None if L.static else el("p", el("a", t(lang, "edit") + " (SPARQL)", href=L.path("sparql", query=text))),
           el("p", el("a", f"{query.name}.rq", href=L.path(f"queries/{query.name}.rq")))),
        el("h2", t(lang, "results")),
        el("p", error, class_="error", role="alert") if error else result,
    ]
    return page(ctx, query.title or query.name, body, here=f"queries/{query.name}")


SPARQL_FORMATS = [("html", "HTML"), ("json", "JSON"), ("xml", "XML"), ("csv", "CSV"), ("tsv", "TSV"),
                  ("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"), ("rdf", "RDF/XML")]
DEFAULT_QUERY = """PREFIX kzo: <https://w3id.org/kzgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?mission ?label WHERE {
  ?mission kzo:sendingState <https://w3id.org/kzgraph/id/state/KAZ> ;
           rdfs:label ?label .
  FILTER(lang(?label) = "en")
}
ORDER BY ?label
LIMIT 20
"""


def sparql_page(ctx: Ctx, queries: Sequence[Any], text: str | None, fmt: str, limits: dict[str, Any],
                result: Html | None = None, error: str | None = None) -> bytes:
    """The SPARQL editor: a plain form (no script), the stored queries as examples, the limits."""
    L, lang = ctx.links, ctx.lang
    form = el("form",
              el("label", el("span", t(lang, "query")), el("textarea", text or DEFAULT_QUERY, name="query", rows="14", cols="90",
                                                          spellcheck="false", aria_label=t(lang, "query"))),
              el("p", el("label", t(lang, "format"), " ",
                         el("select", [el("option", name, value=code, selected=code == fmt) for code, name in SPARQL_FORMATS],
                            name="format")),
                 " ", el("button", t(lang, "run"), type="submit")),
              el("input", type="hidden", name="lang", value=lang) if lang != DEFAULT_LANG else None,
              method="get", action=L.path("sparql"), class_="sparql")
    examples = []
    for q in queries:
        question = q.questions.get(lang) or q.questions.get("en") or ""
        examples.append(el("li", el("strong", q.title or q.name), el("br"), el("span", question, class_="question"), el("br"),
                           el("a", t(lang, "run"), href=L.path("sparql", lang, query=q.text)), " · ",
                           el("a", t(lang, "edit"), href=L.path("sparql", lang, example=q.name)), " · ",
                           el("a", f"{q.name}.rq", href=L.path(f"queries/{q.name}.rq"))))
    limit_text = (f"Read-only SPARQL 1.1 (query only: updates are refused, and so is SERVICE — this endpoint never fetches "
                  f"other addresses). Time limit {limits.get('timeout')} s, at most {limits.get('max_rows'):,} rows or triples "
                  f"per result (the response says when it was cut). Endpoint: {L.absolute('sparql')} — GET ?query= or POST "
                  f"(form or application/sparql-query); results by Accept or ?format=.")
    body = [
        el("h1", "SPARQL"),
        form,
        el("section", el("h2", t(lang, "results")), el("p", error, class_="error", role="alert") if error else result,
           id="results") if (result is not None or error) else None,
        el("section", el("h2", t(lang, "limits")), el("p", limit_text, lang="en"), id="limits"),
        el("section", el("h2", t(lang, "examples")), el("ol", examples, class_="queries"), id="examples"),
    ]
    return page(ctx, "SPARQL", body, here="sparql")
