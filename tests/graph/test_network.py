"""The RDF → networkx projection and the analyses over it."""
from __future__ import annotations

from decimal import Decimal

import networkx as nx
import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, SKOS, XSD

from newskg.graph.analysis import network
from newskg.graph.namespace import NKG

ID = "https://w3id.org/newskg/id/"
PAK = URIRef(ID + "person/pak-ji-min")
KCUT = URIRef(ID + "university/kim-chaek-university-of-technology")
MPEI = URIRef(ID + "university/moscow-power-engineering-institute")
RUSSIA = URIRef(ID + "country/russia")
NK = URIRef(ID + "country/north-korea")
# doc-a sorts before doc-b by IRI but was published later: evidence is ordered by date first
DOC_A = URIRef(ID + "document/a")
DOC_B = URIRef(ID + "document/b")
DOCS = {
    DOC_A: ("KCUT delegation in Moscow", "2024-05-10", "news/a.txt"),
    DOC_B: ("Rector visits Russia", "2024-03-01", "news/b.txt"),
}


def add_assertion(g: Graph, s: URIRef, p: URIRef, o: URIRef, doc: URIRef, sentence: str,
                  start: int, confidence: str, extractor: str = "rule") -> None:
    a = BNode()
    g.add((a, RDF.type, NKG.Assertion))
    g.add((a, RDF.subject, s))
    g.add((a, RDF.predicate, p))
    g.add((a, RDF.object, o))
    g.add((a, PROV.wasDerivedFrom, doc))
    g.add((a, NKG.evidence, Literal(sentence)))
    g.add((a, NKG.charStart, Literal(start)))
    g.add((a, NKG.charEnd, Literal(start + len(sentence))))
    g.add((a, NKG.confidence, Literal(Decimal(confidence), datatype=XSD.decimal)))
    g.add((a, NKG.extractor, Literal(extractor)))


def build_graph() -> Graph:
    g = Graph()
    for iri, cls, label, aliases in [
        (PAK, NKG.Person, "Pak Ji Min", ["Pak J. M."]),
        (KCUT, NKG.University, "Kim Chaek University of Technology", ["KCUT"]),
        (MPEI, NKG.University, "Moscow Power Engineering Institute", ["MPEI"]),
        (RUSSIA, NKG.Country, "Russia", ["Russian Federation"]),
        (NK, NKG.Country, "North Korea", ["DPRK"]),
    ]:
        g.add((iri, RDF.type, cls))
        g.add((iri, RDFS.label, Literal(label)))
        for alias in aliases:
            g.add((iri, SKOS.altLabel, Literal(alias)))
    for doc, (title, issued, source) in DOCS.items():
        g.add((doc, RDF.type, NKG.Document))
        g.add((doc, DCTERMS.title, Literal(title)))
        g.add((doc, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
        g.add((doc, DCTERMS.source, Literal(source)))
        g.add((doc, NKG.sha256, Literal("0" * 64)))
    for doc, entities in [(DOC_A, [PAK, KCUT, MPEI]), (DOC_B, [PAK, MPEI, RUSSIA, NK])]:
        for entity in entities:
            g.add((doc, NKG.mentions, entity))

    relations = [
        (PAK, NKG.leaderOf, KCUT, [(DOC_A, "Pak Ji Min, president of KCUT, arrived.", 10, "0.9"),
                                   (DOC_B, "KCUT president Pak Ji Min left for Russia.", 0, "0.7")]),
        (KCUT, NKG.visited, MPEI, [(DOC_A, "The KCUT delegation then toured MPEI.", 120, "0.8"),
                                   (DOC_A, "KCUT visited MPEI on Monday.", 40, "0.6")]),
        (MPEI, NKG.locatedIn, RUSSIA, [(DOC_B, "MPEI, in Moscow, Russia, hosted them.", 55, "0.85")]),
        (RUSSIA, NKG.agreementWith, NK, [(DOC_B, "Russia and North Korea may sign something.", 200, "0.3")]),
    ]
    for s, p, o, assertions in relations:
        g.add((s, p, o))
        for doc, sentence, start, confidence in assertions:
            add_assertion(g, s, p, o, doc, sentence, start, confidence)

    # not entities: an event and an observation; relations touching them are not drawn
    visit = URIRef(ID + "event/visit-1")
    g.add((visit, RDF.type, NKG.Visit))
    g.add((visit, RDFS.label, Literal("visit (…)")))
    g.add((visit, NKG.participant, KCUT))
    g.add((KCUT, NKG.visited, visit))
    obs = URIRef(ID + "observation/1")
    g.add((obs, RDF.type, NKG.Observation))
    g.add((obs, NKG.value, Literal(3765)))
    g.add((obs, NKG.about, RUSSIA))
    add_assertion(g, obs, NKG.value, obs, DOC_B, "3,765 students.", 300, "0.9")
    return g


@pytest.fixture
def rdf() -> Graph:
    return build_graph()


@pytest.fixture
def G(rdf: Graph) -> nx.MultiDiGraph:
    return network.to_networkx(rdf, min_confidence=0.5)


# -- projection -----------------------------------------------------------------------------


def test_one_node_per_entity_with_its_attributes(G):
    assert set(G) == {str(x) for x in (PAK, KCUT, MPEI, RUSSIA, NK)}
    assert G.nodes[str(KCUT)] == {
        "label": "Kim Chaek University of Technology", "cls": "University", "coarse": "Organization",
        "aliases": ["KCUT"], "documents": 1,
    }
    assert G.nodes[str(PAK)]["coarse"] == "Person"
    assert G.nodes[str(RUSSIA)]["cls"] == "Country" and G.nodes[str(RUSSIA)]["coarse"] == "Place"
    assert {n: d["documents"] for n, d in G.nodes(data=True)} == {
        str(PAK): 2, str(KCUT): 1, str(MPEI): 2, str(RUSSIA): 1, str(NK): 1,
    }


def test_entity_classes_cover_the_ontology_in_order():
    assert list(network.ENTITY_CLASSES.values()) == [
        "Person", "Organization", "University", "OrganizationUnit", "GovernmentBody", "MediaOrganization",
        "Company", "Place", "Country", "City", "Region",
    ]
    assert network.ENTITY_CLASSES[NKG.GovernmentBody] == "GovernmentBody"


def test_edges_are_keyed_by_relation_and_weighted_by_documents(G):
    assert set(G.edges(keys=True)) == {
        (str(PAK), str(KCUT), "leaderOf"),
        (str(KCUT), str(MPEI), "visited"),
        (str(MPEI), str(RUSSIA), "locatedIn"),
    }
    leader = G.edges[str(PAK), str(KCUT), "leaderOf"]
    assert leader["relation"] == "leaderOf"
    assert leader["weight"] == 2  # two documents
    assert leader["confidence"] == pytest.approx(0.9)
    visited = G.edges[str(KCUT), str(MPEI), "visited"]
    assert visited["weight"] == 1  # two assertions, one document
    assert visited["confidence"] == pytest.approx(0.8)


def test_evidence_is_complete_and_sorted_by_date_document_start(G):
    leader = G.edges[str(PAK), str(KCUT), "leaderOf"]["evidence"]
    assert [e["document"] for e in leader] == [str(DOC_B), str(DOC_A)]  # 2024-03-01 before 2024-05-10
    assert leader[0] == {
        "sentence": "KCUT president Pak Ji Min left for Russia.", "document": str(DOC_B),
        "title": "Rector visits Russia", "date": "2024-03-01", "source": "news/b.txt",
        "confidence": pytest.approx(0.7), "extractor": "rule", "start": 0, "end": 42,
    }
    visited = G.edges[str(KCUT), str(MPEI), "visited"]["evidence"]
    assert [e["start"] for e in visited] == [40, 120]


def test_min_confidence_leaves_out_weak_relations_but_keeps_nodes(rdf):
    everything = network.to_networkx(rdf)
    assert everything.has_edge(str(RUSSIA), str(NK), key="agreementWith")
    assert everything.number_of_edges() == 4
    assert network.to_networkx(rdf, min_confidence=0.3).has_edge(str(RUSSIA), str(NK))  # at the threshold: kept
    strict = network.to_networkx(rdf, min_confidence=0.31)
    assert not strict.has_edge(str(RUSSIA), str(NK))
    assert str(NK) in strict
    assert strict.number_of_edges() == 3
    assert network.to_networkx(rdf, min_confidence=0.95).number_of_edges() == 0


def test_relations_to_non_entities_are_ignored(G):
    assert str(URIRef(ID + "event/visit-1")) not in G
    assert str(URIRef(ID + "observation/1")) not in G
    assert not any(k == "value" for _, _, k in G.edges(keys=True))


def test_the_input_graph_is_not_changed(rdf):
    before = Graph()
    for t in rdf:
        before.add(t)
    size = len(rdf)
    network.to_networkx(rdf, min_confidence=0.5)
    assert len(rdf) == size
    assert isomorphic(rdf, before)


def test_most_specific_class_wins_when_an_entity_has_two():
    g = Graph()
    x = URIRef(ID + "organization/x")
    g.add((x, RDF.type, NKG.Organization))
    g.add((x, RDF.type, NKG.GovernmentBody))
    g.add((x, RDFS.label, Literal("Ministry X")))
    G = network.to_networkx(g)
    assert G.nodes[str(x)]["cls"] == "GovernmentBody"
    assert G.nodes[str(x)]["documents"] == 0


# -- analysis -------------------------------------------------------------------------------


def test_pagerank_sums_to_one_and_follows_edge_direction(G):
    pr = network.pagerank(G)
    assert set(pr) == set(G)
    assert sum(pr.values()) == pytest.approx(1.0)
    assert max(pr, key=pr.get) == str(RUSSIA)  # the end of the chain Pak → KCUT → MPEI → Russia
    assert network.pagerank(nx.MultiDiGraph()) == {}


def test_pagerank_matches_networkx_reference():
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    D = nx.gnp_random_graph(40, 0.08, seed=3, directed=True)
    M = nx.MultiDiGraph()
    for u, v in D.edges():
        M.add_edge(u, v, weight=1 + (u + v) % 3)
    M.add_edge(0, 1, weight=4)
    ours, reference = network.pagerank(M), _pagerank_python(M)
    # the reference stops iterating once the total change is below n * 1e-6; igraph solves exactly
    assert ours == pytest.approx(reference, abs=1e-5)


def test_degree_centrality_counts_neighbours_once(G):
    dc = network.degree_centrality(G)
    assert dc[str(KCUT)] == pytest.approx(0.5)  # Pak and MPEI of 4 others
    assert dc[str(NK)] == 0.0


def test_betweenness_is_exact_on_small_graphs_and_deterministic_when_sampled(G):
    b = network.betweenness(G)
    assert b[str(KCUT)] > 0 and b[str(MPEI)] > 0
    assert b[str(PAK)] == 0.0 and b[str(NK)] == 0.0
    big = nx.MultiDiGraph(nx.path_graph(network.BETWEENNESS_SAMPLE + 100, create_using=nx.DiGraph))
    assert network.betweenness(big, seed=1) == network.betweenness(big, seed=1)
    assert network.betweenness(G, k=2, seed=0) == network.betweenness(G, k=2, seed=0)


def test_betweenness_matches_networkx_exactly_and_estimates_it_when_sampled():
    H = nx.barabasi_albert_graph(800, 2, seed=4)
    M = nx.MultiDiGraph(H)
    reference = nx.betweenness_centrality(H, normalized=True)
    assert network.betweenness(M, k=len(H)) == pytest.approx(reference, abs=1e-9)
    sampled = network.betweenness(M)  # 800 nodes: 500 pivots
    hubs = sorted(reference, key=reference.get, reverse=True)[:5]
    assert all(sampled[h] == pytest.approx(reference[h], rel=0.25) for h in hubs)
    assert set(sorted(sampled, key=sampled.get, reverse=True)[:5]) & set(hubs)


def test_prominence_puts_the_much_mentioned_actor_first_whatever_the_edge_direction():
    G = nx.MultiDiGraph()
    G.add_node("leader", documents=120)
    G.add_node("sink", documents=3)
    for i in range(6):
        G.add_node(f"place{i}", documents=2)
        G.add_edge("leader", f"place{i}", key="visited", weight=1)  # the leader is the subject
        G.add_edge(f"place{i}", "sink", key="partOf", weight=1)
    G.add_node("named-often", documents=100)  # no relation at all
    directed = network.pagerank(G)
    assert max(directed, key=directed.get) == "sink"  # what ranking by directed PageRank got wrong
    score = network.prominence(G)
    order = network.by_prominence(G, score)
    assert order[0] == "leader" and score["leader"] == pytest.approx(1.0)
    assert order.index("named-often") < min(order.index(f"place{i}") for i in range(6))
    assert all(0.0 <= p <= 1.0 for p in score.values())
    assert network.prominence(nx.MultiDiGraph()) == {}


def test_communities_partition_all_nodes_deterministically(G):
    parts = network.communities(G, seed=0)
    assert all(isinstance(p, set) for p in parts)
    assert set().union(*parts) == set(G)
    assert sum(len(p) for p in parts) == len(G)
    assert parts == network.communities(G, seed=0)
    assert {str(NK)} in parts  # isolated once the weak agreement is dropped


def test_bridges_between_communities(G):
    parts = [{str(PAK), str(KCUT)}, {str(MPEI), str(RUSSIA)}, {str(NK)}]
    bridges = network.bridges_between_communities(G, parts)
    assert [(u, r, v) for u, r, v, _ in bridges] == [(str(KCUT), "visited", str(MPEI))]
    assert bridges[0][3]["weight"] == 1


def test_shortest_paths_give_hops_with_evidence(G):
    paths = network.shortest_paths(G, str(PAK), str(RUSSIA))
    assert len(paths) == 1
    assert [(u, r, v) for u, r, v, _ in paths[0]] == [
        (str(PAK), "leaderOf", str(KCUT)), (str(KCUT), "visited", str(MPEI)), (str(MPEI), "locatedIn", str(RUSSIA)),
    ]
    assert paths[0][1][3]["evidence"][0]["sentence"] == "KCUT visited MPEI on Monday."
    # against the edges' direction: hops still name the stored edge, subject first
    back = network.shortest_paths(G, str(RUSSIA), str(KCUT))
    assert [(u, r, v) for u, r, v, _ in back[0]] == [
        (str(MPEI), "locatedIn", str(RUSSIA)), (str(KCUT), "visited", str(MPEI)),
    ]
    assert network.shortest_paths(G, str(PAK), str(NK)) == []
    with pytest.raises(nx.NodeNotFound):
        network.shortest_paths(G, str(PAK), "nobody")


def test_shortest_paths_pick_the_strongest_of_parallel_relations():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", key="visited", weight=1, confidence=0.9)
    G.add_edge("b", "a", key="agreementWith", weight=3, confidence=0.5)
    [[hop]] = network.shortest_paths(G, "a", "b")
    assert hop[:3] == ("b", "agreementWith", "a")
    assert len(network.shortest_paths(nx.MultiDiGraph(nx.complete_bipartite_graph(2, 6)), 0, 1, max_paths=4)) == 4


def test_ego_respects_depth_and_copies(G):
    assert set(network.ego(G, str(KCUT), depth=1)) == {str(PAK), str(KCUT), str(MPEI)}
    two = network.ego(G, str(KCUT), depth=2)
    assert set(two) == {str(PAK), str(KCUT), str(MPEI), str(RUSSIA)}
    assert two.number_of_edges() == 3
    two.remove_node(str(PAK))
    assert str(PAK) in G


def test_find_node_by_label_or_alias(G):
    assert network.find_node(G, "KCUT") == str(KCUT)
    assert network.find_node(G, "kcut") == str(KCUT)
    assert network.find_node(G, "the Kim Chaek University of Technology's") == str(KCUT)
    assert network.find_node(G, "dprk") == str(NK)
    assert network.find_node(G, "Russian  Federation") == str(RUSSIA)
    assert network.find_node(G, str(MPEI)) == str(MPEI)
    assert network.find_node(G, "Nobody") is None
    assert network.find_node(G, "...") is None


def test_summary(G):
    s = network.summary(G)
    assert s["nodes"] == 5 and s["edges"] == 3
    assert s["nodes_by_class"] == {"Person": 1, "University": 2, "Country": 2}
    assert s["edges_by_relation"] == {"leaderOf": 1, "locatedIn": 1, "visited": 1}
    assert list(s["edges_by_relation"]) == ["leaderOf", "locatedIn", "visited"]  # ontology order
    score = network.prominence(G)
    best = max(score, key=score.get)
    assert s["top"][0] == {"id": best, "label": G.nodes[best]["label"], "cls": G.nodes[best]["cls"],
                           "prominence": pytest.approx(score[best])}
    assert len(s["top"]) == 5


# -- files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("write, read", [
    (network.write_gexf, nx.read_gexf),
    (network.write_graphml, nx.read_graphml),
])
def test_exports_round_trip(G, tmp_path, write, read):
    path = tmp_path / "graph.out"
    write(G, path)
    back = read(path)
    assert back.number_of_nodes() == G.number_of_nodes()
    assert back.number_of_edges() == G.number_of_edges()
    assert back.nodes[str(KCUT)]["aliases"] == "KCUT"
    assert back.nodes[str(RUSSIA)]["cls"] == "Country"
    [(_, _, data)] = [e for e in back.edges(data=True) if e[0] == str(PAK)]
    assert data["evidence_count"] == 2
    assert data["evidence"] == "KCUT president Pak Ji Min left for Russia."
    assert data["relation"] == "leaderOf"
    # the graph itself keeps its lists
    assert isinstance(G.edges[str(PAK), str(KCUT), "leaderOf"]["evidence"], list)
    assert G.nodes[str(KCUT)]["aliases"] == ["KCUT"]


def test_scalar_copy_joins_lists():
    G = nx.MultiDiGraph()
    G.add_node("x", label="X", aliases=["A", "B"], missing=None)
    H = network.scalar_copy(G)
    assert H.nodes["x"] == {"label": "X", "aliases": "A; B"}
