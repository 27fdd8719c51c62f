"""Where things live on the served or published site.

Addresses (relative to the served base, which stands for ``https://w3id.org/kzgraph/``)::

    id/{key}                 a thing (state, mission, passage …): 303 See Other to one of its documents
    page/{key}[?lang=bg]     the HTML document about it
    data/{key}.ttl|.jsonld|.nt|.rdf    the RDF documents about it
    ontology, ontology#Term  303 to page/ontology(#Term) or data/ontology.{ext}
    dataset                  303 to page/dataset (the VoID description) or data/dataset.{ext}

The RDF keeps the canonical IRIs everywhere; only request paths and the links of the HTML pages are
mapped onto the served base.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from ..curated.namespaces import BASE, DATASET_IRI, ID, ONTOLOGY
from ..pipeline.terms import DEFAULT_LANG, GRAPH_DUMPS
from .html import safe_href


def document_key(iri: str) -> str | None:
    """The key of the documents about a canonical IRI: ``state/KAZ`` for ``…/id/state/KAZ`` (and its
    ``#fragment`` nodes), ``ontology`` for the ontology and its terms, ``dataset`` for the VoID
    description and its partitions; None for any other IRI."""
    if not iri.startswith(BASE):
        return None
    rest = iri[len(BASE) :].split("#", 1)[0]
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
        return ONTOLOGY if key == "ontology" else DATASET_IRI
    return ID + key


@dataclass(frozen=True)
class Links:
    """Where things live on the served (or published) site; ``base_url`` stands for ``BASE``."""

    base_url: str = "http://127.0.0.1:8080/"
    static: bool = False  # a published static copy: no SPARQL endpoint; search runs in the browser

    @property
    def base_path(self) -> str:
        """The path of ``base_url``, ending in ``/``: what every served address starts with."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def path(
        self, rel: str = "", lang: str | None = None, fragment: str | None = None, *, switch_lang: str | None = None, **query: str
    ) -> str:
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
        """``rel`` as an absolute URL under ``base_url``."""
        base = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        return base + rel

    def page(self, key: str, lang: str | None = None, fragment: str | None = None) -> str:
        """The HTML document about ``key``, in ``lang`` (kept in the link unless the default), at ``#fragment``."""
        return self.path("page/" + quote(key, safe="/-_.~"), lang, fragment)

    def data(self, key: str, ext: str) -> str:
        """The RDF document about ``key`` in the format of ``ext`` (ttl, jsonld, nt, rdf)."""
        return self.path(f"data/{quote(key, safe='/-_.~')}.{ext}")

    def thing(self, iri: str) -> str | None:
        """The served address of a canonical IRI (the thing, not its document)."""
        if not iri.startswith(BASE):
            return None
        rest = iri[len(BASE) :]
        path, _, frag = rest.partition("#")
        return self.base_path + quote(path, safe="/-_.~") + ("#" + quote(frag, safe="") if frag else "")

    def href(self, iri: str, lang: str | None = None) -> str | None:
        """Where a link to ``iri`` goes in a page: its HTML document for the dataset's own IRIs (no
        redirect on each click), the IRI itself for other http(s) IRIs, nowhere for anything else."""
        if iri.startswith(BASE):
            rest = iri[len(BASE) :]
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


def picture_name(name: str, lang: str) -> str:
    """``pictures/timeline.svg`` or ``pictures/timeline.bg.svg``."""
    return f"pictures/{name}.svg" if lang == DEFAULT_LANG else f"pictures/{name}.{lang}.svg"
