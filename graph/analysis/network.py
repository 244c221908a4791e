"""The knowledge graph as a networkx graph, and the analyses people run on it.

`to_networkx` projects the RDF graph onto a `nx.MultiDiGraph`: one node per entity, one
edge per plain relation triple, keyed by the relation's short name, carrying the evidence
of every Assertion that supports it. The analysis functions below take that graph (or any
networkx graph with the same attributes) and return plain data, in the manner of
networkx's own algorithms; they never change the graph they are given.

Node attributes: ``label``, ``cls`` (fine class, e.g. "University"), ``coarse`` ("Person",
"Organization" or "Place"), ``aliases`` (sorted list), ``documents`` (how many documents
mention the entity); a place with coordinates also has ``lat`` and ``long`` (floats, from
nkg:lat / nkg:long) and one with a GeoNames identifier ``geonames`` (its IRI, from owl:sameAs).
Edge attributes: ``relation``, ``weight`` (distinct supporting
documents), ``confidence`` (best assertion confidence) and ``evidence`` (a list of dicts).

The measures that must scale (PageRank, betweenness, communities) are counted by igraph
(`backend`) on the networkx graph's projection; everything else is networkx.
"""
from __future__ import annotations

import itertools
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from newskg.extract.errors import NewskgError
from newskg.extract.names import normalize_name
from newskg.extract.records import COARSE_CLASS
from newskg.graph.analysis import backend
from newskg.graph.namespace import NKG
from newskg.graph.store.directory import GraphDir, load_rdflib

ENTITY_CLASSES: dict[URIRef, str] = {
    NKG.Person: "Person",
    NKG.Organization: "Organization",
    NKG.University: "University",
    NKG.OrganizationUnit: "OrganizationUnit",
    NKG.GovernmentBody: "GovernmentBody",
    NKG.MediaOrganization: "MediaOrganization",
    NKG.Company: "Company",
    NKG.Place: "Place",
    NKG.Country: "Country",
    NKG.City: "City",
    NKG.Region: "Region",
}
"""Entity class IRI → short class name, in the ontology's order."""

RELATIONS: dict[URIRef, str] = {
    NKG.leaderOf: "leaderOf",
    NKG.affiliatedWith: "affiliatedWith",
    NKG.partOf: "partOf",
    NKG.locatedIn: "locatedIn",
    NKG.visited: "visited",
    NKG.agreementWith: "agreementWith",
    NKG.cites: "cites",
    NKG.deployedTo: "deployedTo",
}
"""Relation property IRI → short name (the edge key), in the ontology's order."""

BETWEENNESS_SAMPLE = 500
"""Above this many nodes `betweenness` samples at most this many pivot nodes unless told `k`."""
BETWEENNESS_WORK = 100_000_000
"""The most (pivots × (nodes + edges)) a sampled betweenness may cost: each pivot is one
breadth-first search of the whole graph, so on a larger graph fewer pivots are drawn
(100,000 entities and 200,000 relations: 333; a million entities: 33)."""


def betweenness_pivots(nodes: int, edges: int) -> int | None:
    """How many pivots `betweenness` samples on a graph this size; None: exact.

    >>> betweenness_pivots(400, 800), betweenness_pivots(10_000, 20_000), betweenness_pivots(1_000_000, 2_000_000)
    (None, 500, 33)
    """
    if nodes <= BETWEENNESS_SAMPLE:
        return None
    return max(20, min(BETWEENNESS_SAMPLE, BETWEENNESS_WORK // max(nodes + edges, 1)))


class UnknownEntity(NewskgError, LookupError):
    """No entity of the graph has the name asked for."""


class AmbiguousEntity(NewskgError, LookupError):
    """Several entities answer to the name asked for; `candidates` lists them (node ids),
    most documents first."""

    def __init__(self, name: str, candidates: list[str], message: str) -> None:
        super().__init__(message)
        self.name = name
        self.candidates = candidates


_GENERIC = frozenset({"Organization", "Place"})


# -- RDF → networkx -------------------------------------------------------------------------


def load_network(directory: str | os.PathLike[str], *, min_confidence: float = 0.0) -> nx.MultiDiGraph:
    """`to_networkx` of the published graph of a graph directory."""
    return to_networkx(load_rdflib(GraphDir(directory)), min_confidence=min_confidence)


def to_networkx(graph: Graph, *, min_confidence: float = 0.0) -> nx.MultiDiGraph:
    """Project the entities and relations of `graph` onto a `nx.MultiDiGraph`.

    Node ids are entity IRIs (strings). Each plain triple ``?s nkg:r ?o`` between two
    entities becomes the edge ``(s, o, key="r")``; its ``evidence`` lists every Assertion
    with the same subject, predicate and object, sorted by (date, document, start), undated
    ones last. A relation with no Assertion has weight 0, confidence 0.0 and no evidence.
    Relations whose best confidence is below `min_confidence` are left out; their nodes stay.
    `graph` is only read.
    """
    G = nx.MultiDiGraph(min_confidence=min_confidence)
    classes = _entity_classes(graph)
    mentions: dict[Any, set[Any]] = defaultdict(set)
    for doc, entity in graph.subject_objects(NKG.mentions):
        mentions[entity].add(doc)
    where = _coordinates(graph)
    for entity in sorted(classes, key=str):
        cls = classes[entity]
        labels = sorted(str(x) for x in graph.objects(entity, RDFS.label))
        label = labels[0] if labels else _local_name(entity)
        aliases = sorted({str(x) for x in graph.objects(entity, SKOS.altLabel)} - {label})
        G.add_node(str(entity), label=label, cls=cls, coarse=COARSE_CLASS[cls], aliases=aliases,
                   documents=len(mentions.get(entity, ())), **where.get(entity, {}))

    evidence = _evidence_index(graph)
    edges = []
    for predicate, relation in RELATIONS.items():
        for s, o in graph.subject_objects(predicate):
            if s not in classes or o not in classes:
                continue
            items = sorted(evidence.get((s, predicate, o), ()), key=_evidence_order)
            confidences = [e["confidence"] for e in items if e["confidence"] is not None]
            confidence = max(confidences, default=0.0)
            if confidence < min_confidence:
                continue
            weight = len({e["document"] for e in items if e["document"] is not None})
            edges.append((str(s), str(o), relation, {
                "relation": relation, "weight": weight, "confidence": confidence, "evidence": items,
            }))
    for s, o, relation, data in sorted(edges, key=lambda e: e[:3]):
        G.add_edge(s, o, key=relation, **data)
    return G


GEONAMES = "https://sws.geonames.org/"


def _coordinates(graph: Graph) -> dict[Any, dict[str, Any]]:
    """Entity → its lat and long (both, or neither) and its GeoNames IRI, where the graph has them."""
    found: dict[Any, dict[str, Any]] = defaultdict(dict)
    lat, long = dict(graph.subject_objects(NKG.lat)), dict(graph.subject_objects(NKG.long))
    for entity in lat.keys() & long.keys():
        y, x = _number(lat[entity], float), _number(long[entity], float)
        if y is not None and x is not None:
            found[entity].update(lat=y, long=x)
    for entity, same in graph.subject_objects(OWL.sameAs):
        if str(same).startswith(GEONAMES):
            found[entity]["geonames"] = str(same)
    return found


def _entity_classes(graph: Graph) -> dict[URIRef, str]:
    """Entity IRI → short class; with several entity types the most specific one wins."""
    rank = {name: i for i, name in enumerate(ENTITY_CLASSES.values())}
    found: dict[URIRef, str] = {}
    for iri, name in ENTITY_CLASSES.items():
        for entity in graph.subjects(RDF.type, iri):
            if not isinstance(entity, URIRef):
                continue
            old = found.get(entity)
            if old is None or (old in _GENERIC, rank[old]) > (name in _GENERIC, rank[name]):
                found[entity] = name
    return found


def _evidence_index(graph: Graph) -> dict[tuple[Any, Any, Any], list[dict[str, Any]]]:
    """(subject, predicate, object) → one evidence dict per Assertion of a relation."""
    assertions = [a for a in graph.subjects(RDF.type, NKG.Assertion)]
    if not assertions:
        return {}

    def column(prop: URIRef) -> dict[Any, Any]:
        return {a: v for a, v in graph.subject_objects(prop)}

    subj, pred, obj = column(RDF.subject), column(RDF.predicate), column(RDF.object)
    derived, sentence = column(PROV.wasDerivedFrom), column(NKG.evidence)
    start, end = column(NKG.charStart), column(NKG.charEnd)
    confidence, extractor = column(NKG.confidence), column(NKG.extractor)
    documents: dict[Any, dict[str, str | None]] = {}
    index: dict[tuple[Any, Any, Any], list[dict[str, Any]]] = defaultdict(list)
    for a in assertions:
        p = pred.get(a)
        if p not in RELATIONS:
            continue  # an Observation's assertion, or a relation the network does not draw
        doc = derived.get(a)
        if doc is not None and doc not in documents:
            documents[doc] = {
                "title": _text(graph.value(doc, DCTERMS.title)),
                "date": _text(graph.value(doc, DCTERMS.issued)),
                "source": _text(graph.value(doc, DCTERMS.source)),
            }
        meta = documents.get(doc, {"title": None, "date": None, "source": None})
        index[(subj.get(a), p, obj.get(a))].append({
            "sentence": _text(sentence.get(a)) or "",
            "document": None if doc is None else str(doc),
            "title": meta["title"],
            "date": meta["date"],
            "source": meta["source"],
            "confidence": _number(confidence.get(a), float),
            "extractor": _text(extractor.get(a)),
            "start": _number(start.get(a), int),
            "end": _number(end.get(a), int),
        })
    return index


def _evidence_order(e: Mapping[str, Any]) -> tuple[Any, ...]:
    return (e["date"] is None, e["date"] or "", e["document"] or "",
            -1 if e["start"] is None else e["start"], e["sentence"])


def _text(term: Any) -> str | None:
    return None if term is None else str(term)


def _number(term: Any, kind: type) -> Any:
    if term is None:
        return None
    try:
        return kind(term.toPython() if hasattr(term, "toPython") else term)
    except (TypeError, ValueError):
        return None


def _local_name(iri: URIRef) -> str:
    s = str(iri).rstrip("/#")
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or s


# -- analysis -------------------------------------------------------------------------------


def _projection(G: nx.Graph, weight: str | None = "weight") -> nx.Graph:
    """The undirected simple graph under `G`: parallel edges merged, their weights summed
    (a missing weight counts 1), self-loops dropped."""
    H = nx.Graph()
    H.add_nodes_from(G)
    for u, v, w in G.edges(data=weight, default=1):
        if u == v:
            continue
        w = 1 if weight is None or w is None else w
        if H.has_edge(u, v):
            H[u][v]["weight"] += w
        else:
            H.add_edge(u, v, weight=w)
    return H


def degree_centrality(G: nx.Graph) -> dict[str, float]:
    """The fraction of the other nodes each node is linked to, in either direction.

    Unlike ``nx.degree_centrality`` on a multigraph, parallel edges and both directions
    between the same two nodes count once, so values stay within 0..1.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="visited")
    'visited'
    >>> G.add_edge("a", "b", key="agreementWith")
    'agreementWith'
    >>> G.add_edge("c", "a", key="cites")
    'cites'
    >>> G.add_node("d")
    >>> degree_centrality(G)
    {'a': 0.666..., 'b': 0.333..., 'c': 0.333..., 'd': 0.0}
    """
    return _degree(backend.project(G, weight=None))


def _degree(P: backend.Projection) -> dict[str, float]:
    n = len(P.nodes)
    if n <= 1:
        return P.by_node([1.0] * n)
    return P.by_node([d / (n - 1) for d in P.graph.degree()])


def pagerank(G: nx.Graph, weight: str | None = "weight", *, alpha: float = 0.85) -> dict[str, float]:
    """PageRank of each node, following edges in their direction, weighted by `weight`.

    Parallel edges add their weights; an edge without the attribute counts 1 (all edges
    count 1 when `weight` is None); a node with no outgoing weight spreads its rank evenly.
    The values sum to 1. Computed by igraph (`backend`).

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "c", key="visited", weight=1)
    'visited'
    >>> G.add_edge("b", "c", key="visited", weight=3)
    'visited'
    >>> pr = pagerank(G)
    >>> max(pr, key=pr.get), round(sum(pr.values()), 6)
    ('c', 1.0)
    >>> {n: round(r, 3) for n, r in pr.items()}
    {'a': 0.213, 'c': 0.574, 'b': 0.213}
    """
    return backend.pagerank(backend.directed_graph(G, weight), alpha=alpha)


def undirected_pagerank(G: nx.Graph, weight: str | None = "weight") -> dict[str, float]:
    """PageRank on the undirected projection (weights summed): a node gains from every
    relation it takes part in, whether it is the relation's subject or its object. In news
    the actors are mostly subjects (X leads Y, X visited Y), so directed PageRank would
    rank them below what they act on.

    >>> G = nx.MultiDiGraph()
    >>> for place in "xyz":
    ...     _ = G.add_edge("leader", place, key="visited", weight=1)
    >>> max(undirected_pagerank(G).items(), key=lambda kv: kv[1])[0]
    'leader'
    """
    return backend.pagerank(backend.project(G, weight))


def prominence(G: nx.Graph, *, documents: str = "documents", weight: str | None = "weight",
               projection: backend.Projection | None = None) -> dict[str, float]:
    """How prominent each entity is in the news, from 0 to 1: the mean of its share of
    documents (the documents that mention it over the most any entity has) and its share
    of centrality (`undirected_pagerank` scaled from the lowest, 0, to the highest, 1). An entity every article names
    scores at least 0.5 with no relation at all; a hub of relations that few documents
    mention scores at least 0.5 too; the actors that are both come first. The report's key
    actors, the view's choice of nodes and the view's node sizes all use this one measure.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("pm", documents=40); G.add_node("town", documents=2); G.add_node("aide", documents=1)
    >>> G.add_node("rival", documents=30)
    >>> _ = G.add_edge("pm", "town", key="visited", weight=1)
    >>> _ = G.add_edge("aide", "pm", key="affiliatedWith", weight=1)
    >>> {n: round(p, 2) for n, p in prominence(G).items()}
    {'pm': 1.0, 'town': 0.26, 'aide': 0.25, 'rival': 0.38}

    `projection`, `backend.project(G, weight)` when the caller has made it already (a report
    makes one for all its analyses), saves converting the graph again.
    """
    rank = backend.pagerank(_projected(G, weight, projection))
    return _prominence(G, rank, documents)


def _projected(G: nx.Graph, weight: str | None, projection: backend.Projection | None) -> backend.Projection:
    """`projection` when the caller made it (a report makes one for all its analyses), else
    `G`'s, made now."""
    return backend.project(G, weight) if projection is None else projection


def _prominence(G: nx.Graph, rank: dict[str, float], documents: str = "documents") -> dict[str, float]:
    mentions = {n: float(G.nodes[n].get(documents) or 0) for n in G}
    most_mentions = max(mentions.values(), default=0.0) or 1.0
    # PageRank gives every node a floor (the random jump, and the rank of nodes without
    # relations spread evenly): measured from the lowest, an entity without relations gets 0
    low, high = min(rank.values(), default=0.0), max(rank.values(), default=0.0)
    span = (high - low) or 1.0
    return {n: (mentions[n] / most_mentions + (rank.get(n, low) - low) / span) / 2 for n in G}


def by_prominence(G: nx.Graph, score: Mapping[str, float]) -> list[str]:
    """The nodes of `G`, most prominent first; ties go to the node with more documents,
    then more relations, then the smaller id, so the order is the same on every run."""
    # rounded: equal nodes of a symmetric graph can get ranks a rounding error apart
    return sorted(G, key=lambda n: (-round(score.get(n, 0.0), 9), -(G.nodes[n].get("documents") or 0), -G.degree(n),
                                    str(n)))


def betweenness(G: nx.Graph, k: int | None = None, seed: int = 0) -> dict[str, float]:
    """Normalized betweenness centrality over the undirected view, counting hops.

    Exact up to 500 nodes (`BETWEENNESS_SAMPLE`); on a larger graph, unless `k` says
    otherwise, it is estimated from `betweenness_pivots` pivot nodes (500, fewer on graphs
    past 200,000 nodes and edges) sampled with `seed`, so the same graph gives the same
    numbers. Pass `k` to sample that many pivots on any graph.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="visited")
    'visited'
    >>> G.add_edge("c", "b", key="visited")
    'visited'
    >>> betweenness(G)
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    return _betweenness(backend.project(G, weight=None), k, seed)


def _betweenness(P: backend.Projection, k: int | None, seed: int) -> dict[str, float]:
    if k is None:
        k = betweenness_pivots(len(P.nodes), P.graph.ecount())
    return backend.betweenness(P, k=k, seed=seed)


def communities(G: nx.Graph, seed: int = 0, weight: str | None = "weight", *,
                projection: backend.Projection | None = None) -> list[set[str]]:
    """Communities of the undirected simple projection (weights summed), by the Leiden
    algorithm optimising modularity (igraph; see `backend.communities`).

    Every node is in exactly one community; the result is the same for the same graph and
    `seed`. Largest communities first, ties by their smallest node id. `projection`, as in
    `prominence`, saves converting the graph again.

    >>> G = nx.MultiDiGraph()
    >>> for u, v in [("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")]:
    ...     _ = G.add_edge(u, v, key="visited", weight=1)
    >>> [sorted(part) for part in communities(G)]
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    parts = backend.communities(_projected(G, weight, projection), seed=seed)
    return sorted(parts, key=lambda p: (-len(p), min(map(str, p))))


Hop = tuple[str, str, str, dict[str, Any]]


def bridges_between_communities(G: nx.Graph, parts: Iterable[Iterable[str]], *,
                                weight: str = "weight") -> list[Hop]:
    """The edges whose two ends lie in different parts, strongest first.

    `parts` is a partition such as `communities` returns; an edge with an end in no part
    is left out. Each item is ``(u, relation, v, edge data)`` with u → v the edge's own
    direction.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="visited", weight=2)
    >>> _ = G.add_edge("b", "x", key="cites", weight=1)
    >>> [(u, r, v) for u, r, v, _ in bridges_between_communities(G, [{"a", "b"}, {"x"}])]
    [('b', 'cites', 'x')]
    """
    member = {n: i for i, part in enumerate(parts) for n in part}
    found = [(u, k, v, d) for u, v, k, d in edges_with_relation(G)
             if u in member and v in member and member[u] != member[v]]
    return sorted(found, key=lambda h: (-(h[3].get(weight) or 0), h[0], str(h[1]), h[2]))


def shortest_paths(G: nx.Graph, source: str, target: str, max_paths: int = 5, *,
                   weight: str = "weight") -> list[list[Hop]]:
    """Up to `max_paths` shortest routes (in hops) from `source` to `target`, ignoring
    edge direction.

    Each path is a list of hops ``(u, relation, v, edge data)``. A hop names the edge as
    stored, subject first, so it may run against the path: in a path a → b → c the second
    hop can be ``("c", "visited", "b", …)``. Between two nodes joined by several relations
    the hop uses the strongest (highest `weight`, then confidence, then relation name).
    Routes are ordered by total weight, strongest first. No route gives ``[]``; an unknown
    node raises ``nx.NodeNotFound``.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="visited", weight=2)
    >>> _ = G.add_edge("c", "b", key="partOf", weight=1)
    >>> [[(u, r, v) for u, r, v, _ in path] for path in shortest_paths(G, "a", "c")]
    [[('a', 'visited', 'b'), ('c', 'partOf', 'b')]]
    """
    for n in (source, target):
        if n not in G:
            raise nx.NodeNotFound(f"{n!r} is not a node of the graph; look it up with find_node() first")
    H = _projection(G, weight=None)
    try:
        routes = list(itertools.islice(nx.all_shortest_paths(H, source, target), max(max_paths, 0)))
    except nx.NetworkXNoPath:
        return []
    paths = [[_strongest_edge(G, a, b, weight) for a, b in itertools.pairwise(route)] for route in routes]
    return sorted(paths, key=lambda p: (-sum(h[3].get(weight) or 0 for h in p), [h[:3] for h in p]))


def edges_with_relation(G: nx.Graph) -> Iterable[tuple[Any, Any, Any, dict[str, Any]]]:
    """(u, v, relation, data) for every edge, of a multigraph (the key is the relation) or not."""
    if G.is_multigraph():
        yield from G.edges(keys=True, data=True)
    else:
        for u, v, d in G.edges(data=True):
            yield u, v, d.get("relation"), d


def _strongest_edge(G: nx.Graph, a: Any, b: Any, weight: str) -> Hop:
    hops = []
    for u, v in ((a, b), (b, a)):
        data = G.get_edge_data(u, v)
        if not data:
            continue
        if G.is_multigraph():
            hops.extend((u, k, v, d) for k, d in data.items())
        else:
            hops.append((u, data.get("relation"), v, data))
    return min(hops, key=lambda h: (-(h[3].get(weight) or 0), -(h[3].get("confidence") or 0),
                                    str(h[1]), str(h[0])))


def ego(G: nx.MultiDiGraph, center: str, depth: int = 2) -> nx.MultiDiGraph:
    """The nodes within `depth` hops of `center` (either direction) and all edges among
    them, as a new graph (attribute dicts copied shallowly; `G` is not changed).

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="visited")
    >>> _ = G.add_edge("c", "b", key="partOf")
    >>> _ = G.add_edge("c", "d", key="locatedIn")
    >>> sorted(ego(G, "a", depth=2))
    ['a', 'b', 'c']
    """
    if center not in G:
        raise nx.NodeNotFound(f"{center!r} is not a node of the graph; look it up with find_node() first")
    view = G.to_undirected(as_view=True) if G.is_directed() else G
    near = nx.single_source_shortest_path_length(view, center, cutoff=depth)
    return G.subgraph(near).copy()


def find_node(G: nx.Graph, name: str, *, label: str = "label", aliases: str = "aliases") -> str | None:
    """The node whose label or alias matches `name`, compared with `normalize_name`
    (case, punctuation, articles and possessives do not matter).

    A node id is returned as it is. A label match beats an alias match; among several
    matches the node mentioned by most documents, then with most edges, then the smallest
    id wins. None when nothing matches.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("id:kisu", label="Kim Il Sung University", aliases=["KISU"])
    >>> find_node(G, "kisu"), find_node(G, "the Kim Il Sung University's"), find_node(G, "MSU")
    ('id:kisu', 'id:kisu', None)
    """
    if name in G:
        return name
    key = normalize_name(name)
    if not key:
        return None
    by_label, by_alias = [], []
    for n, d in G.nodes(data=True):
        if normalize_name(str(d.get(label) or "")) == key:
            by_label.append(n)
        elif any(normalize_name(str(a)) == key for a in d.get(aliases) or ()):
            by_alias.append(n)
    hits = by_label or by_alias
    if not hits:
        return None
    return min(hits, key=lambda n: (-(G.nodes[n].get("documents") or 0), -G.degree(n), str(n)))


def paths_between(G: nx.Graph, source: str, target: str, max_paths: int = 5, *,
                  weight: str = "weight") -> list[list[Hop]]:
    """`shortest_paths` between two entities named by any label, alias or node id.

    Raises `UnknownEntity` (a `NewskgError`) naming the name that matches nothing.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("id:kisu", label="Kim Il Sung University", aliases=["KISU"])
    >>> G.add_node("id:rason", label="Rason")
    >>> _ = G.add_edge("id:kisu", "id:rason", key="visited", weight=1)
    >>> [[h[:3] for h in p] for p in paths_between(G, "kisu", "Rason")]
    [[('id:kisu', 'visited', 'id:rason')]]
    >>> paths_between(G, "MSU", "Rason")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    newskg.graph.analysis.network.UnknownEntity: no entity is named 'MSU' (by label or alias); ...
    """
    return shortest_paths(G, resolve_entity(G, source), resolve_entity(G, target), max_paths, weight=weight)


def entity_candidates(G: nx.Graph, name: str, *, label: str = "label", aliases: str = "aliases") -> list[str]:
    """Every node that `name` could mean: its label or an alias is `name` (compared with
    `normalize_name`) or holds it as whole words ("Blair" in "Tony Blair", "Ian Blair").
    Most documents first, then most relations, then id.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("id:tb", label="Tony Blair", documents=120)
    >>> G.add_node("id:ib", label="Ian Blair", documents=3)
    >>> G.add_node("id:b", label="Blair", documents=20)
    >>> G.add_node("id:bl", label="Blairite", documents=9)
    >>> entity_candidates(G, "blair"), entity_candidates(G, "Tony Blair")
    (['id:tb', 'id:b', 'id:ib'], ['id:tb'])
    """
    key = normalize_name(name)
    if not key:
        return []
    padded = f" {key} "
    found = [n for n, d in G.nodes(data=True)
             if any(padded in f" {normalize_name(str(x))} " for x in (d.get(label) or "", *(d.get(aliases) or ())))]
    return sorted(found, key=lambda n: (-(G.nodes[n].get("documents") or 0), -G.degree(n), str(n)))


def resolve_entity(G: nx.Graph, name: str) -> str:
    """The one entity `name` picks: a node id; else the only entity whose label or an alias
    is `name` (compared with `normalize_name`); else, with no such entity, the only one of
    `entity_candidates`. Among several with the name, the one whose label is exactly `name`
    when `name` has two words or more (a full name names its entity).

    Raises `UnknownEntity` when nothing matches and `AmbiguousEntity` (with every
    candidate) when the name fits several entities, as a surname does, each with a message
    that says what to do.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("id:tb", label="Tony Blair", aliases=["Blair"], documents=120)
    >>> G.add_node("id:b", label="Blair", documents=20)
    >>> G.add_node("id:cb", label="Cherie Blair", documents=5)
    >>> resolve_entity(G, "Tony Blair"), resolve_entity(G, "cherie blair"), resolve_entity(G, "id:b")
    ('id:tb', 'id:cb', 'id:b')
    >>> resolve_entity(G, "Blair")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    newskg.graph.analysis.network.AmbiguousEntity: 'Blair' names 3 entities: ...
    """
    if name in G:
        return name
    found = entity_candidates(G, name)
    if not found:
        raise UnknownEntity(f"no entity is named {name!r} (by label or alias); list the names with "
                            f"newskg query DIR 'SELECT ?name WHERE {{ ?e rdfs:label|skos:altLabel ?name }}'")
    key = normalize_name(name)
    exact = [n for n in found if any(normalize_name(str(x)) == key
                                     for x in (G.nodes[n].get("label") or "", *(G.nodes[n].get("aliases") or ())))]
    if len(exact) == 1 or (not exact and len(found) == 1):
        return (exact or found)[0]
    full = [n for n in exact if str(G.nodes[n].get("label") or "") == name.strip()]
    if len(full) == 1 and len(name.split()) > 1:
        return full[0]
    raise AmbiguousEntity(name, found, f"{name!r} names {len(found)} entities: give the exact label of one "
                                       f"(when it has two words or more) or its IRI")


def describe_candidates(G: nx.Graph, candidates: list[str], limit: int = 15) -> list[str]:
    """One line per candidate entity: label, class, documents, IRI (the first `limit`).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("id:ib", label="Ian Blair", cls="Person", documents=3)
    >>> describe_candidates(G, ["id:ib"])
    ['  Ian Blair  (Person, 3 documents)  id:ib']
    """
    lines = []
    for n in candidates[:limit]:
        d = G.nodes[n]
        docs = d.get("documents") or 0
        lines.append(f"  {d.get('label') or n}  ({d.get('cls') or 'entity'}, {docs} document{'s' if docs != 1 else ''})"
                     f"  {n}")
    if len(candidates) > limit:
        lines.append(f"  … and {len(candidates) - limit} more")
    return lines


def format_paths(G: nx.Graph, paths: list[list[Hop]], *, source: str | None = None, evidence: int = 1,
                 label: str = "label") -> str:
    """`paths` (from `source`, as `shortest_paths` gives them) as text: each hop with its
    relation as stored, then its first `evidence` sentences, each with the document's
    title, date, source and the confidence.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="Pak Ji Min"); G.add_node("b", label="KCUT")
    >>> ev = {"sentence": "Pak Ji Min, president of KCUT, arrived.", "title": "Visit", "date": "2024-05-10",
    ...       "source": "news/a.txt", "confidence": 0.9}
    >>> _ = G.add_edge("a", "b", key="leaderOf", weight=1, evidence=[ev])
    >>> print(format_paths(G, shortest_paths(G, "b", "a"), source="b"))
    Path 1 of 1 (1 hop): KCUT ... Pak Ji Min
      1. Pak Ji Min --leaderOf--> KCUT  (1 document)
         "Pak Ji Min, president of KCUT, arrived."
         -- Visit, 2024-05-10, news/a.txt, confidence 0.90
    """
    if not paths:
        return "No path."
    lines = []
    for i, path in enumerate(paths, 1):
        start, end = _path_ends(path, source)
        lines.append(f"Path {i} of {len(paths)} ({len(path)} hop{'s' if len(path) != 1 else ''}): "
                     f"{_name(G, start, label)} ... {_name(G, end, label)}")
        for j, (u, relation, v, data) in enumerate(path, 1):
            weight = data.get("weight") or 0
            lines.append(f"  {j}. {_name(G, u, label)} --{relation}--> {_name(G, v, label)}  "
                         f"({weight} document{'s' if weight != 1 else ''})")
            items = list(data.get("evidence") or ())
            for e in items[:max(evidence, 0)]:
                lines.append(f'     "{e.get("sentence") or ""}"')
                confidence = e.get("confidence")
                where = [e.get("title") or "(untitled)", e.get("date") or "undated", e.get("source") or "",
                         "confidence " + ("n/a" if confidence is None else f"{confidence:.2f}")]
                lines.append("     -- " + ", ".join(w for w in where if w))
            if len(items) > evidence:
                more = len(items) - evidence
                lines.append(f"     (+{more} more sentence{'s' if more != 1 else ''})")
        if i < len(paths):
            lines.append("")
    return "\n".join(lines)


def _path_ends(path: list[Hop], source: Any = None) -> tuple[Any, Any]:
    """Where a path of stored edges starts and ends, whatever the direction of its hops."""
    if source is not None and path and source in (path[0][0], path[0][2]):
        here = source
        for u, _, v, _ in path:
            here = v if u == here else u
        return source, here
    if len(path) == 1:
        return path[0][0], path[0][2]
    first, second = path[0], path[1]
    start = first[0] if first[2] in (second[0], second[2]) else first[2]
    last, before = path[-1], path[-2]
    end = last[2] if last[0] in (before[0], before[2]) else last[0]
    return start, end


def _name(G: nx.Graph, n: Any, label: str) -> str:
    return str(G.nodes[n].get(label) or n) if n in G else str(n)


def centrality_table(G: nx.Graph, *, top: int | None = None, label: str = "label", cls: str = "cls",
                     weight: str | None = "weight", k: int | None = None, seed: int = 0,
                     projection: backend.Projection | None = None) -> list[dict[str, Any]]:
    """Every node (or the `top`) by `prominence`, most prominent first: one dict per node
    with id, label, cls, prominence, documents, pagerank (on the undirected projection, as
    prominence uses it), degree and betweenness (sampled above `BETWEENNESS_SAMPLE` nodes,
    or with `k` pivots). The graph is converted for igraph once for all the measures, or not
    at all when given its `projection` (`backend.project(G, weight)`).

    >>> G = nx.MultiDiGraph()
    >>> for u, v in [("a", "b"), ("c", "b"), ("b", "d")]:
    ...     _ = G.add_edge(u, v, key="visited", weight=1)
    >>> [(r["id"], r["degree"], round(r["betweenness"], 2)) for r in centrality_table(G, top=2)]
    [('b', 1.0, 1.0), ('a', 0.333..., 0.0)]
    """
    P = _projected(G, weight, projection)
    rank = backend.pagerank(P)
    score = _prominence(G, rank)
    dc = _degree(P)
    bc = _betweenness(P, k, seed)
    order = by_prominence(G, score)
    if top is not None:
        order = order[:max(top, 0)]
    return [{"id": n, "label": G.nodes[n].get(label, n), "cls": G.nodes[n].get(cls), "prominence": score[n],
             "documents": G.nodes[n].get("documents") or 0, "pagerank": rank[n], "degree": dc[n],
             "betweenness": bc[n]} for n in order]


def community_table(G: nx.Graph, parts: Iterable[Iterable[str]], *, label: str = "label",
                    weight: str | None = "weight",
                    projection: backend.Projection | None = None) -> list[dict[str, Any]]:
    """One dict per part of the partition `parts` (as `communities` returns): its number
    (from 1), size, members (ids and labels, most prominent first), the edges inside it and
    the edges leaving it. `projection`, as in `prominence`, saves converting the graph again.

    >>> G = nx.MultiDiGraph()
    >>> for u, v in [("a", "b"), ("x", "y"), ("b", "x")]:
    ...     _ = G.add_edge(u, v, key="visited", weight=1)
    >>> [(c["community"], c["members"], c["internal_edges"], c["bridges"])
    ...  for c in community_table(G, [{"a", "b"}, {"x", "y"}])]
    [(1, ['b', 'a'], 1, 1), (2, ['x', 'y'], 1, 1)]
    """
    parts = [list(p) for p in parts]
    member = {n: i for i, part in enumerate(parts) for n in part}
    score = prominence(G, weight=weight, projection=projection)
    internal = [0] * len(parts)
    leaving = [0] * len(parts)
    for u, v, _, _ in edges_with_relation(G):
        if u not in member or v not in member:
            continue
        if member[u] == member[v]:
            internal[member[u]] += 1
        else:
            leaving[member[u]] += 1
            leaving[member[v]] += 1
    table = []
    for i, part in enumerate(parts):
        ranked = sorted(part, key=lambda n: (-score.get(n, 0.0), str(n)))
        table.append({"community": i + 1, "size": len(part), "ids": ranked,
                      "members": [str(G.nodes[n].get(label, n)) if n in G else str(n) for n in ranked],
                      "internal_edges": internal[i], "bridges": leaving[i]})
    return table


def facts_by_support(G: nx.Graph, min_sources: int = 2, *, weight: str = "weight") -> tuple[list[Hop], list[Hop]]:
    """The relations supported by at least `min_sources` distinct documents, and those
    resting on fewer, each as hops ``(u, relation, v, data)``, best supported first.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="visited", weight=2)
    >>> _ = G.add_edge("a", "c", key="cites", weight=1)
    >>> several, single = facts_by_support(G)
    >>> [h[:3] for h in several], [h[:3] for h in single]
    ([('a', 'visited', 'b')], [('a', 'cites', 'c')])
    """
    hops = sorted(((u, k, v, d) for u, v, k, d in edges_with_relation(G)),
                  key=lambda h: (-(h[3].get(weight) or 0), -(h[3].get("confidence") or 0), str(h[0]), str(h[1]),
                                 str(h[2])))
    several = [h for h in hops if (h[3].get(weight) or 0) >= min_sources]
    single = [h for h in hops if (h[3].get(weight) or 0) < min_sources]
    return several, single


def summary(G: nx.Graph, *, cls: str = "cls", label: str = "label", weight: str = "weight",
            top: int = 10) -> dict[str, Any]:
    """Counts of nodes by class and edges by relation, and the `top` nodes by `prominence`.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("p", label="Pak", cls="Person")
    >>> G.add_node("u", label="KCUT", cls="University")
    >>> _ = G.add_edge("p", "u", key="leaderOf", relation="leaderOf", weight=1)
    >>> s = summary(G)
    >>> s["nodes"], s["edges"], s["nodes_by_class"], s["edges_by_relation"]
    (2, 1, {'Person': 1, 'University': 1}, {'leaderOf': 1})
    >>> [(t["label"], t["cls"]) for t in s["top"]]
    [('Pak', 'Person'), ('KCUT', 'University')]
    """
    order = {name: i for i, name in enumerate(ENTITY_CLASSES.values())}
    by_class = Counter(str(d.get(cls)) for _, d in G.nodes(data=True))
    rel_order = {name: i for i, name in enumerate(RELATIONS.values())}
    by_relation = Counter(str(k) for _, _, k, _ in edges_with_relation(G))
    score = prominence(G, weight=weight)
    best = by_prominence(G, score)[:top]
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "nodes_by_class": dict(sorted(by_class.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))),
        "edges_by_relation": dict(sorted(by_relation.items(),
                                         key=lambda kv: (rel_order.get(kv[0], len(rel_order)), kv[0]))),
        "top": [{"id": n, "label": G.nodes[n].get(label, n), "cls": G.nodes[n].get(cls),
                 "prominence": score[n]} for n in best],
    }


# -- files ----------------------------------------------------------------------------------


def scalar_copy(G: nx.Graph) -> nx.MultiDiGraph:
    """A copy of `G` whose attributes are all str, int, float or bool, as GEXF and GraphML
    need: lists become "; "-joined strings, ``evidence`` becomes ``evidence_count`` plus
    ``evidence`` (the first sentence), None values are dropped. Each edge gets a ``label``,
    its relation, which Gephi and yEd show as the edge's name without any set-up.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="visited", relation="visited", evidence=[{"sentence": "A went to B."}])
    >>> dict(scalar_copy(G).edges[("a", "b", "visited")])
    {'relation': 'visited', 'evidence_count': 1, 'evidence': 'A went to B.', 'label': 'visited'}
    """
    H = nx.MultiDiGraph()
    H.graph.update(_scalars(G.graph))
    for n, d in G.nodes(data=True):
        H.add_node(n, **_scalars(d))
    for u, v, k, d in edges_with_relation(G):
        attrs = _scalars({key: value for key, value in d.items() if key != "evidence"})
        if "evidence" in d:
            evidence = list(d["evidence"] or ())
            attrs["evidence_count"] = len(evidence)
            attrs["evidence"] = str(evidence[0].get("sentence") or "") if evidence else ""
        attrs.setdefault("label", str(d.get("relation") or k))
        H.add_edge(u, v, key=k, **attrs)
    return H


def _scalars(attrs: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, (str, bool, int, float)):
            out[key] = value
        elif isinstance(value, (list, tuple, set, frozenset)):
            items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
            out[key] = "; ".join(str(x) for x in items)
        else:
            out[key] = str(value)
    return out


def write_gexf(G: nx.Graph, path: str | os.PathLike[str]) -> None:
    """Write `G` as GEXF (for Gephi), attributes flattened by `scalar_copy`."""
    nx.write_gexf(scalar_copy(G), path)


def write_graphml(G: nx.Graph, path: str | os.PathLike[str]) -> None:
    """Write `G` as GraphML, attributes flattened by `scalar_copy`."""
    nx.write_graphml(scalar_copy(G), path)
