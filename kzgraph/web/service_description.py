"""The SPARQL 1.1 Service Description of ``/sparql``: what a client may ask the endpoint, and over what.

``GET /sparql`` with no query and an RDF ``Accept`` header answers this description (a browser, or
a client that names no RDF type, still gets the editor page). Every statement in it is read from
what the server does, never written down beside it:

* the result formats are those :mod:`kzgraph.core.formats` names and :mod:`.results` writes (SELECT/ASK:
  ``formats.RESULTS``; CONSTRUCT/DESCRIBE: ``formats.DOCUMENT_FORMATS``), each by its W3C IRI;
* the default dataset is the one :func:`kzgraph.pipeline.embedded_store.dataset_options` gives a query on this store,
  its graphs counted in the store; ``sd:UnionDefaultGraph`` only when its default graph is exactly
  the merge of its named graphs, and the OWL 2 RL entailment only when the inferred graph is in it;
* the limits are the server's :class:`~.limits.Limits`, as ``kzs:`` properties defined (labelled)
  in the description itself, since the Service Description vocabulary has none;
* no ``sd:BasicFederatedQuery``: the endpoint refuses SERVICE (:func:`kzgraph.sparql.check.inspect`), and
  no update language: updates are refused at the protocol level.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, VOID, XSD

from ..core.formats import DOCUMENT_FORMATS, DOCUMENT_TYPES, REGISTRY, RESOURCE_OFFERS, RESULTS, RESULTS_W3C
from ..core.formats import RDF as RDF_FORMATS
from ..curated.namespaces import DATASET_IRI, graph_iri
from ..pipeline.embedded_store import dataset_options
from .documents import serialize
from .http import Response, _etag
from .limits import Limits
from .negotiation import media_type, negotiate

if TYPE_CHECKING:
    from .host import Host
    from .http import Request

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
ENTAILMENT = Namespace("http://www.w3.org/ns/entailment/")
OWL2_RL_PROFILE = URIRef("http://www.w3.org/ns/owl-profile/RL")
# The project's own terms for what the Service Description vocabulary cannot say (the limits)
KZS = Namespace("https://w3id.org/kzgraph/service#")
SPARQL_PROTOCOL = URIRef("http://www.w3.org/TR/sparql11-protocol/")

# The W3C's names (http://www.w3.org/ns/formats/) of the media types the project writes: a
# registry's naming, not a list of what is offered (that comes from kzgraph.core.formats).
W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")
W3C_FORMAT_NAMES = {RESULTS[fmt][0]: name for fmt, name in RESULTS_W3C.items()} | {f.media: f.w3c for f in REGISTRY.rdf if f.w3c}

# Limits attribute -> (kzs: term, datatype, label, what it bounds)
LIMIT_TERMS: tuple[tuple[str, str, URIRef, str, str], ...] = (
    ("timeout", "queryTimeoutSeconds", XSD.decimal, "query time limit (s)", "a query running longer is stopped: 503"),
    ("max_rows", "maxResultRows", XSD.integer, "rows per result", "a longer result is cut (header Kzgraph-Truncated)"),
    ("max_bytes", "maxResultBytes", XSD.integer, "bytes per result", "a larger result is cut (header Kzgraph-Truncated)"),
    ("max_value_bytes", "maxValueBytes", XSD.integer, "bytes per value", "a result is cut before a larger value"),
    ("query.max_bytes", "maxQueryBytes", XSD.integer, "bytes of query text", "a longer query is refused: 400"),
    ("query.max_depth", "maxQueryDepth", XSD.integer, "nesting of the query", "a deeper query is refused: 400"),
    ("query.max_nodes", "maxQueryNodes", XSD.integer, "syntax-tree nodes of the query", "a larger query is refused: 400"),
    (
        "max_header",
        "maxRequestHeaderBytes",
        XSD.integer,
        "bytes of a request line and its headers",
        "a longer GET request (its query included) is refused: 431; POST a long query",
    ),
    ("max_body", "maxRequestBodyBytes", XSD.integer, "bytes of a request body", "a larger POST body is refused: 413"),
    (
        "queries_per_client",
        "maxQueriesPerClient",
        XSD.integer,
        "queries one client may run at once",
        "one more is refused: 429",
    ),
)


@dataclass(frozen=True)
class DefaultDataset:
    """The dataset a query sees when neither it nor the protocol names one, read from the store."""

    named: tuple[tuple[str, int], ...]  # (graph IRI, triples), sorted by IRI
    default_triples: int  # distinct triples of the default graph
    union: bool  # the default graph is the merge of exactly the named graphs
    inferred: bool  # the OWL 2 RL inferences are in it


def result_formats() -> list[str]:
    """The media types ``/sparql`` writes results in: SELECT/ASK, then CONSTRUCT/DESCRIBE."""
    return [media for media, _ in RESULTS.values()] + [RDF_FORMATS[ext].media for ext in DOCUMENT_FORMATS]


def format_iri(media: str) -> URIRef:
    """The W3C IRI of a media type the endpoint writes; ValueError for one the W3C does not name."""
    name = W3C_FORMAT_NAMES.get(media)
    if name is None:
        raise ValueError(f"no W3C format IRI for {media!r}: add it to W3C_FORMAT_NAMES (http://www.w3.org/ns/formats/)")
    return W3C_FORMATS[name]


def _count(store: ox.Store, query: str, **options: object) -> int:
    solutions = store.query(query, **options)
    return int(next(iter(solutions))["n"].value)  # type: ignore[index]


def read_dataset(store: ox.Store) -> DefaultDataset:
    """What the default dataset of ``store`` is, as :func:`~kzgraph.pipeline.embedded_store.dataset_options` defines it."""
    options = dataset_options(store=store)
    if options.get("use_default_graph_as_union"):
        named = [g.value for g in store.named_graphs()]
        defaults = [*named, None]  # the engine's union takes the store's own default graph too
    else:
        named = [g.value for g in options["named_graphs"]]
        defaults = [None if isinstance(g, ox.DefaultGraph) else g.value for g in options["default_graph"]]
    counts = {g: _count(store, f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{g}> {{ ?s ?p ?o }} }}") for g in named}
    own_empty = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None
    merged = {g for g in defaults if g is not None}
    union = merged == set(named) and (None not in defaults or own_empty)
    distinct = "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
    inferred = graph_iri("inferred") in merged and counts.get(graph_iri("inferred"), 0) > 0
    return DefaultDataset(tuple(sorted(counts.items())), _count(store, distinct, **options), union, inferred)


def describe_service(endpoint: str, void_url: str, dataset: DefaultDataset, limits: Limits) -> Graph:
    """The Service Description of the endpoint at ``endpoint`` (its own URL), as an rdflib graph."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in (("rdf", RDF), ("rdfs", RDFS), ("owl", OWL), ("xsd", XSD)):
        g.bind(prefix, ns)
    for prefix, ns in (("sd", SD), ("ent", ENTAILMENT), ("kzs", KZS), ("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS)):
        g.bind(prefix, ns)
    g.bind("formats", W3C_FORMATS)
    for triple in _service(endpoint, void_url, dataset, limits):
        g.add(triple)
    return g


def _service(endpoint: str, void_url: str, dataset: DefaultDataset, limits: Limits) -> Iterator[tuple]:
    service = URIRef(endpoint + "#service")
    yield service, RDF.type, SD.Service
    yield service, RDF.type, DCAT.DataService
    yield service, SD.endpoint, URIRef(endpoint)
    yield service, DCAT.endpointURL, URIRef(endpoint)
    yield service, DCAT.servesDataset, URIRef(DATASET_IRI)
    yield service, DCTERMS.conformsTo, SPARQL_PROTOCOL
    yield service, RDFS.seeAlso, URIRef(void_url)  # the VoID/DCAT description of the dataset
    yield service, SD.supportedLanguage, SD.SPARQL11Query
    for media in result_formats():
        yield service, SD.resultFormat, format_iri(media)
    if dataset.union:
        yield service, SD.feature, SD.UnionDefaultGraph
    yield from _dataset(service, endpoint, void_url, dataset)
    yield from _limits(service, limits)


def _dataset(service: URIRef, endpoint: str, void_url: str, dataset: DefaultDataset) -> Iterator[tuple]:
    node, default = URIRef(endpoint + "#default-dataset"), URIRef(endpoint + "#default-graph")
    yield service, SD.defaultDataset, node
    yield node, RDF.type, SD.Dataset
    yield node, DCTERMS.source, URIRef(DATASET_IRI)
    yield node, RDFS.seeAlso, URIRef(void_url)
    yield node, SD.defaultGraph, default
    yield default, RDF.type, SD.Graph
    yield default, VOID.triples, Literal(dataset.default_triples, datatype=XSD.integer)
    if dataset.inferred:
        # the default graph holds the OWL 2 RL closure the build computed: OWL 2 RDF-Based Semantics
        # as far as the OWL 2 RL/RDF rules reach; each named graph alone is plain (simple entailment)
        yield service, SD.defaultEntailmentRegime, ENTAILMENT["OWL-RDF-Based"]
        yield service, SD.defaultSupportedEntailmentProfile, OWL2_RL_PROFILE
        yield (
            default,
            RDFS.comment,
            Literal(
                "The release's asserted graphs and what the OWL 2 RL/RDF rules infer from the data and the ontology "
                "(their IRI-valued triples), computed when the release was built: not from literals, the metadata "
                "graph or a dataset a query names itself. infer=false asks for the asserted triples alone.",
                lang="en",
            ),
        )
    for iri, triples in dataset.named:
        named = URIRef(f"{endpoint}#graph-{_graph_key(iri)}")
        graph = URIRef(f"{named}-content")
        yield node, SD.namedGraph, named
        yield named, RDF.type, SD.NamedGraph
        yield named, SD.name, URIRef(iri)
        yield named, SD.graph, graph
        if dataset.inferred:
            yield named, SD.entailmentRegime, ENTAILMENT.Simple
        yield graph, RDF.type, SD.Graph
        yield graph, VOID.triples, Literal(triples, datatype=XSD.integer)


def _graph_key(iri: str) -> str:
    """A stable fragment for a named graph: the release's graphs by name, any other by a hash of its IRI."""
    from ..pipeline.embedded_store import RELEASE_GRAPHS
    from ..pipeline.metadata import hash_stable

    name = iri.rsplit("/", 1)[-1]
    return name if iri == graph_iri(name) and name in RELEASE_GRAPHS else format(hash_stable(iri), "08x")


def _limits(service: URIRef, limits: Limits) -> Iterator[tuple]:
    for attr, name, datatype, label, comment in LIMIT_TERMS:
        term = KZS[name]
        value = operator.attrgetter(attr)(limits)
        yield service, term, Literal(str(value), datatype=datatype)
        yield term, RDF.type, OWL.DatatypeProperty
        yield term, RDFS.label, Literal(label, lang="en")
        yield term, RDFS.comment, Literal(f"A limit kzgraph serve enforces on its SPARQL endpoint: {comment}.", lang="en")
        yield term, RDFS.domain, SD.Service
        yield term, RDFS.range, datatype
        yield term, RDFS.isDefinedBy, URIRef(str(KZS))


def as_triples(graph: Graph) -> list[ox.Triple]:
    """The description as pyoxigraph triples in a fixed order (each subject's statements together, so
    the Turtle groups them), for the site's writers (:func:`.documents.serialize`)."""
    triples = ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return sorted(triples, key=str)


def write(graph: Graph, ext: str) -> bytes:
    """The description in one of the site's RDF formats; Turtle with the description's own prefixes."""
    triples = as_triples(graph)
    if ext == "ttl":
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={p: str(ns) for p, ns in graph.namespaces()})
    return serialize(triples, ext)


# --- the answer to GET /sparql ------------------------------------------------------------------------


def offered() -> list[str]:
    """The media types the Service Description is written in."""
    return [m for m, ext in RESOURCE_OFFERS.items() if ext in DOCUMENT_TYPES and DOCUMENT_TYPES[ext][0] == m]


def chosen_format(accept: str | None) -> str | None:
    """The RDF format (``ttl``, ``jsonld`` …) a query-less ``GET /sparql`` is answered in, or None for
    the editor page: HTML is the server's first choice, so a browser, no ``Accept`` header or
    ``*/*`` gets the page, and only a client that prefers an RDF type gets the description."""
    offers = [m for m, ext in RESOURCE_OFFERS.items() if ext == "html" or ext in DOCUMENT_TYPES]
    chosen = negotiate(accept, offers)
    return None if chosen is None or RESOURCE_OFFERS[chosen] == "html" else RESOURCE_OFFERS[chosen]


def respond(app: Host, req: Request) -> Response | None:
    """The Service Description for a query-less ``GET /sparql`` that asks for RDF; None for the editor page."""
    ext = chosen_format(req.header("accept"))
    if ext is None:
        return None
    key = ("service-description", ext)
    hit = app.cache_get(key)
    if hit is None:
        graph = describe_service(
            app.links.absolute("sparql"), app.links.absolute(".well-known/void"), read_dataset(app.store), app.limits
        )
        body = write(graph, ext)
        hit = Response(200, body, media_type(ext), headers=[("Vary", "Accept")], etag=_etag(body))
        app.cache_put(key, hit)
    return hit
