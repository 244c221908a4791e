"""Scoring a graph against gold: exact values on small hand-built graphs, and agreement
with the shared scorer (shared/eval/score.py) on every metric."""
from __future__ import annotations

import importlib.util
import json
import random
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from newskg.extract.errors import InputError, NewskgError
from newskg.extract.records import COARSE_CLASS, RELATIONS, SYMMETRIC_RELATIONS
from newskg.graph.evaluation.conventions import gold_conventions
from newskg.graph.evaluation.evaluate import Score, flatten, load_gold, score_every_alias, score_graph
from newskg.graph.namespace import NKG

REPO = Path(__file__).parents[2]
SHARED = REPO.parent / "shared"
SHARED_SCORER = SHARED / "eval" / "score.py"
SEEDS_GOLD = SHARED / "eval" / "seeds.gold.json"
PROJECT_ONTOLOGY = REPO / "ontology.ttl"

EX = Namespace("https://example.org/id/")
EXO = Namespace("https://example.org/ontology#")

GOLD = {
    "entities": [
        {"id": "alice", "type": "Person", "names": ["Alice Smith", "A. Smith"]},
        {"id": "acme", "type": "Company", "names": ["Acme Corp", "ACME"]},
        {"id": "uni", "type": "University", "names": ["Example University", "ExU"]},
        {"id": "france", "type": "Country", "names": ["France", "French Republic"]},
        {"id": "spain", "type": "Country", "names": ["Spain"]},
        {"id": "paris", "type": "City", "names": ["Paris"], "required": False},
    ],
    "not_entities": ["Share"],
    "relations": [
        {"s": "alice", "p": "leaderOf", "o": "acme"},
        {"s": "france", "p": "agreementWith", "o": "spain"},
        {"s": "acme", "p": "visited", "alt_p": ["cites"], "o": "uni"},
        {"s": "acme", "p": "locatedIn", "o": "france"},
        {"s": "paris", "p": "partOf", "o": "france", "required": False},
    ],
    "observations": [
        {"id": "o1", "value": 100, "period": ["2024-01", "2024-03"], "docs": ["d1"]},
        {"id": "o2", "value": 2.5, "docs": ["d1", "d2"]},
        {"id": "o3", "value": 7, "docs": ["d2"]},
    ],
}

CORPUS = {
    "d1.txt": "Alice Smith  leads\nAcme Corp. It counted 100 visitors.",
    "d2.txt": "Spain and France met. Growth was 2.5 percent.",
}


# --------------------------------------------------------------------------- building graphs


def add_entity(g: Graph, node, cls: URIRef, *names: str) -> None:
    g.add((node, RDF.type, cls))
    if names:
        g.add((node, RDFS.label, Literal(names[0])))
    for alt in names[1:]:
        g.add((node, SKOS.altLabel, Literal(alt)))


def add_document(g: Graph, node, source: str) -> None:
    g.add((node, RDF.type, NKG.Document))
    g.add((node, DCTERMS.source, Literal(source)))


def add_assertion(g: Graph, s, p, o, doc=None, evidence: str | None = "It says so.") -> BNode:
    a = BNode()
    g.add((a, RDF.type, NKG.Assertion))
    g.add((a, RDF.subject, s))
    g.add((a, RDF.predicate, p))
    g.add((a, RDF.object, o))
    if doc is not None:
        g.add((a, PROV.wasDerivedFrom, doc))
    if evidence is not None:
        g.add((a, NKG.evidence, Literal(evidence)))
    return a


def add_observation(g: Graph, node, value: Literal, *docs, period: tuple[str, str] | None = None) -> None:
    g.add((node, RDF.type, NKG.Observation))
    g.add((node, NKG.value, value))
    if period:
        g.add((node, NKG.periodStart, Literal(period[0], datatype=XSD.date)))
        g.add((node, NKG.periodEnd, Literal(period[1], datatype=XSD.date)))
    for doc in docs:
        add_assertion(g, node, NKG.value, value, doc, f"The figure {value}.")


def hand_graph() -> Graph:
    """Eight entity nodes (one entity split in two, one wrongly typed, one junk, one unknown),
    five relation pairs (three right), three numeric observations (two right)."""
    g = Graph()
    add_entity(g, EX.alice, NKG.Person, "Alice Smith")
    add_entity(g, EX.acme1, NKG.Company, "Acme Corp")
    add_entity(g, EX.acme2, NKG.Organization, "ACME")  # split, and fine type too coarse
    add_entity(g, EX.uni, NKG.City, "Example University")  # wrong coarse type
    add_entity(g, EX.france, NKG.Country, "France")
    add_entity(g, EX.spain, NKG.Country, "Spain")
    add_entity(g, EX.share, NKG.Organization, "Share")  # junk
    add_entity(g, EX.bob, NKG.Person, "Bob")  # not in gold

    g.add((EX.alice, NKG.leaderOf, EX.acme1))
    g.add((EX.spain, NKG.agreementWith, EX.france))  # symmetric, gold has it the other way round
    g.add((EX.acme2, NKG.cites, EX.uni))  # an alt_p of the gold relation
    g.add((EX.alice, NKG.visited, EX.france))  # wrong
    g.add((EX.bob, NKG.affiliatedWith, EX.acme1))  # wrong: Bob is no gold entity

    add_document(g, EX.d1, "/elsewhere/d1.txt")
    add_document(g, EX.d2, "d2.txt")
    add_document(g, EX.d3, "d3.txt")  # not in the corpus
    add_assertion(g, EX.alice, NKG.leaderOf, EX.acme1, EX.d1, "Alice Smith leads Acme Corp.")  # verbatim
    add_assertion(g, EX.spain, NKG.agreementWith, EX.france, EX.d2, "Spain and France signed.")  # not verbatim
    add_assertion(g, EX.acme2, NKG.cites, EX.uni, EX.d1, "")  # no evidence: no provenance
    add_assertion(g, EX.bob, NKG.affiliatedWith, EX.acme1, EX.d3, "Bob works at Acme.")  # cannot be checked

    add_observation(g, EX.ob1, Literal(100), EX.d1, period=("2024-01-01", "2024-03-31"))
    add_observation(g, EX.ob2, Literal("2.5", datatype=XSD.decimal), EX.d1, EX.d2)
    add_observation(g, EX.ob3, Literal(999), EX.d1)
    add_observation(g, EX.ob4, Literal("n/a"), EX.d1)  # not a number: not counted
    return g


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    for name, text in CORPUS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """The project's ontology: without it only nodes typed exactly nkg:Person / Organization / Place count."""
    return Graph().parse(PROJECT_ONTOLOGY)


@pytest.fixture
def hand_score(corpus: Path, ontology: Graph) -> Score:
    return score_graph(hand_graph(), GOLD, corpus=corpus, ontology=ontology)


# --------------------------------------------------------------------------- exact values


def test_entity_scores(hand_score: Score) -> None:
    s = hand_score
    # 8 nodes, 4 entities found with the right coarse type (uni is a City), of 5 required
    assert (s.entity_precision, s.entity_recall, s.entity_f1) == (0.5, 0.8, 0.615)
    # lenient: 6 nodes match some entity, all 5 required entities have a node
    assert s.entity_f1_lenient == 0.857
    assert s.entity_nodes == 8
    assert s.entity_split == {"acme": 2}
    assert s.entity_conflated == []
    assert s.entity_type_coarse_acc == 0.833  # 5 of 6 matched nodes
    assert s.entity_type_fine_acc == 0.667  # ACME is only an Organization, uni a City
    assert s.entity_missed == ["uni"]
    assert s.entity_unmatched == ["Bob"]
    assert s.entity_junk == ["Share"]


def test_relation_scores(hand_score: Score) -> None:
    s = hand_score
    assert (s.relation_precision, s.relation_recall, s.relation_f1) == (0.6, 0.75, 0.667)
    assert s.relation_pairs == 5
    assert s.relation_missed == ["acme -locatedIn-> france"]
    assert s.relation_wrong == ["Alice Smith -visited-> France", "Bob -affiliatedWith-> Acme Corp"]


def test_provenance_and_evidence(hand_score: Score) -> None:
    assert hand_score.provenance_coverage == 0.6  # 3 of 5 triples have an assertion with evidence
    assert hand_score.evidence_verbatim == 0.5  # of the 2 checkable sentences, 1 is in its text


def test_evidence_unchecked_without_corpus(ontology: Graph) -> None:
    s = score_graph(hand_graph(), GOLD, ontology=ontology)
    assert s.evidence_verbatim is None
    assert s.provenance_coverage == 0.6


def test_observation_scores(hand_score: Score) -> None:
    s = hand_score
    assert (s.observation_precision, s.observation_recall, s.observation_f1) == (0.667, 0.667, 0.667)
    assert s.observation_period_ok == "1/1"
    assert s.observation_multi_source_merged == "1/1"
    assert s.observations_missed == ["o3"]


@pytest.mark.parametrize(
    ("period", "docs", "direct", "expected"),
    [
        (("2024-01-01", "2024-03-31"), ["d1", "d2"], [], ("1/1", "1/1")),
        (("2024-01-01", "2024-06-30"), ["d1", "d2"], [], ("0/1", "1/1")),
        (("2024-02-01", "2024-03-31"), ["d1", "d2"], [], ("0/1", "1/1")),
        (None, ["d1", "d2"], [], ("0/1", "1/1")),
        (("2024-01-01", "2024-03-31"), ["d1"], [], ("1/1", "0/1")),
        (("2024-01-01", "2024-03-31"), ["d1"], ["d2"], ("1/1", "1/1")),  # prov:wasDerivedFrom on the node
        (("2024-01-01", "2024-03-31"), ["d1", "d1"], [], ("1/1", "0/1")),  # two assertions, one document
    ],
)
def test_observation_period_and_merging(period, docs, direct, expected) -> None:
    gold = {"entities": [], "relations": [],
            "observations": [{"id": "o", "value": 5, "period": ["2024-01", "2024-03"], "docs": ["d1", "d2"]}]}
    g = Graph()
    add_observation(g, EX.ob, Literal(5), *(EX[d] for d in docs), period=period)
    for d in direct:
        g.add((EX.ob, PROV.wasDerivedFrom, EX[d]))
    s = score_graph(g, gold)
    assert (s.observation_period_ok, s.observation_multi_source_merged) == expected
    assert s.observation_f1 == 1.0


def ontology_extension() -> Graph:
    onto = Graph()
    onto.add((EXO.Startup, RDFS.subClassOf, NKG.Company))
    onto.add((EXO.heads, RDFS.subPropertyOf, NKG.leaderOf))
    return onto


def extension_graph() -> Graph:
    g = Graph()
    add_entity(g, EX.alice, NKG.Person, "Alice Smith")
    add_entity(g, EX.acme, EXO.Startup, "Acme Corp")
    g.add((EX.alice, EXO.heads, EX.acme))
    return g


def test_ontology_closure_from_argument(ontology: Graph) -> None:
    s = score_graph(extension_graph(), GOLD, ontology=ontology + ontology_extension())
    assert s.entity_nodes == 2
    assert s.entity_type_coarse_acc == 1.0
    assert s.entity_type_fine_acc == 0.5  # the Startup node has no nkg: fine class
    assert (s.relation_pairs, s.relation_precision) == (1, 1.0)


def test_ontology_closure_from_graph(ontology: Graph) -> None:
    full = ontology + ontology_extension()
    assert score_graph(extension_graph() + full, GOLD) == score_graph(extension_graph(), GOLD, ontology=full)


def test_core_terms_only_without_ontology(ontology: Graph) -> None:
    s = score_graph(extension_graph(), GOLD)
    assert s.entity_nodes == 1  # the Startup node is unknown
    assert s.relation_pairs == 0
    # and in the hand graph only the nodes typed with a core class itself count
    bare, full = score_graph(hand_graph(), GOLD), score_graph(hand_graph(), GOLD, ontology=ontology)
    assert (bare.entity_nodes, full.entity_nodes) == (4, 8)


def test_flatten_joins_named_graphs(ontology: Graph) -> None:
    g, ds = hand_graph(), Dataset()
    for i, (s, p, o) in enumerate(g):
        ds.graph(EX[f"graph/{i % 3}"]).add((s, p, o))
    flat = flatten(ds)
    assert type(flat) is Graph
    assert set(flat) == set(g)
    assert score_graph(ds, GOLD, ontology=ontology) == score_graph(flat, GOLD, ontology=ontology)


def test_summary_line(hand_score: Score) -> None:
    assert hand_score.summary_line() == (
        "entities P=0.50 R=0.80 F1=0.61 (lenient 0.86) | relations P=0.60 R=0.75 F1=0.67"
        " | observations F1=0.67 | provenance=0.60 | split=1"
    )
    assert hand_score.report().splitlines()[-1] == hand_score.summary_line()
    assert json.loads(hand_score.to_json())["entity_split"] == {"acme": 2}


# --------------------------------------------------------------------------- gold files


def test_load_gold_reads_shared_format(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(GOLD), encoding="utf-8")
    assert load_gold(path) == GOLD


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read the gold file"),
        (b"\xff\xfe{", "not UTF-8 text"),
        ("{not json", "not valid JSON"),
        ("[]", '"entities" list'),
        ('{"entities": {}}', '"entities" list'),
        ('{"entities": [{"id": "x", "names": ["X"]}]}', 'entity #0 must be an object with "id", "type" and "names"'),
        ('{"entities": [{"id": "x", "type": "Dog", "names": ["X"]}]}', "has type 'Dog'; expected one of"),
        ('{"entities": [], "relations": [{"s": "a"}]}', "relations #0 must be an object with o, p, s"),
        ('{"entities": [], "observations": [{"id": "o", "value": "7", "docs": []}]}', "expected a number"),
    ],
)
def test_load_gold_errors(tmp_path: Path, content: str | bytes | None, message: str) -> None:
    path = tmp_path / "gold.json"
    if content is not None:
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(InputError, match="gold.json") as info:
        load_gold(path)
    assert isinstance(info.value, NewskgError)
    assert message in str(info.value)


def test_score_graph_rejects_bad_gold() -> None:
    with pytest.raises(InputError, match='"entities" list'):
        score_graph(Graph(), {"relations": []})


# --------------------------------------------------------------------------- agreement with shared/eval/score.py


@pytest.fixture(scope="module")
def shared_scorer() -> ModuleType:
    if not SHARED_SCORER.is_file():
        pytest.fail(f"the shared scorer is missing: expected {SHARED_SCORER} (a checkout of shared/ beside the repo)")
    spec = importlib.util.spec_from_file_location("shared_eval_score", SHARED_SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assert_same_scores(mine: Score, theirs: dict) -> None:
    """Every field equal; the conflated list compared as sorted, since the shared scorer keeps graph order."""
    ours = mine.to_dict()
    assert list(ours) == list(theirs)
    theirs = {**theirs, "entity_conflated": sorted(theirs["entity_conflated"])}
    different = {k: (ours[k], theirs[k]) for k in ours if ours[k] != theirs[k]}
    assert not different, f"(ours, shared) differ: {different}"


def test_vocabulary_matches_shared(shared_scorer: ModuleType) -> None:
    assert COARSE_CLASS == shared_scorer.FINE_PARENT
    assert list(RELATIONS) == shared_scorer.CORE_RELATIONS
    assert SYMMETRIC_RELATIONS == shared_scorer.SYMMETRIC


def full_graph() -> Graph:
    """The hand graph, plus everything else a metric looks at."""
    g = hand_graph()
    add_entity(g, EX.acme3, EXO.Startup, "Acme Corp")  # a declared subclass: a third Acme node
    add_entity(g, EX.mix, NKG.Place, "Iberia", "Spain", "French Republic")  # conflated
    add_entity(g, EX.mix2, NKG.Organization, "ExU", "Acme Corp")  # conflated, matched by alt label
    add_entity(g, EX.nameless, NKG.Region)  # no names at all
    add_entity(g, EX.twice, NKG.Person, "Paris")  # a Person and a Place at once: counted as a Person
    g.add((EX.twice, RDF.type, NKG.City))
    add_entity(g, BNode(), NKG.Person, "Carol", "Share")
    g.add((EX.acme1, EXO.heads, EX.uni))  # a declared sub-property
    add_assertion(g, EX.acme1, EXO.heads, EX.uni, EX.d2, "Spain and  France\nmet.")
    g.add((EX.twice, NKG.partOf, EX.france))
    g.add((EX.france, NKG.agreementWith, EX.spain))  # the same fact both ways: two pairs
    g.add((EX.nameless, NKG.deployedTo, EX.mix))
    add_assertion(g, EX.nameless, NKG.deployedTo, EX.mix, None, "They went there.")  # no document
    g.add((EX.alice, NKG.mentions, EX.france))  # not a core relation
    add_observation(g, EX.ob5, Literal(7.0), EX.d2, period=("2023-01-01", "2023-12-31"))
    add_observation(g, EX.ob6, Literal("2.5"), EX.d2)  # a plain string that reads as a number
    add_assertion(g, EX.ob6, NKG.value, Literal("2.5"))  # no document: counts as a source of its own
    g.add((EX.ob7, RDF.type, NKG.Observation))  # no value
    add_observation(g, EX.ob8, Literal(555), EX.d1)  # in no gold
    add_observation(g, EX.ob9, Literal(31), EX.d1, period=("2022-02-10", "2022-05-31"))  # the month is enough
    g.add((EX.note, RDF.subject, EX.ob3))  # not an nkg:Assertion: its document does not count
    g.add((EX.note, PROV.wasDerivedFrom, EX.d2))
    return g


def full_gold() -> dict:
    gold = json.loads(json.dumps(GOLD))
    gold["observations"].append({"id": "o4", "value": 7.0000001, "period": ["2023", "2023"], "docs": ["d2"]})
    gold["observations"].append({"id": "o5", "value": 12, "docs": ["d1"], "required": False})
    gold["observations"].append({"id": "o6", "value": 999, "docs": ["d1", "d2"]})  # found, but not merged
    gold["observations"].append({"id": "o7", "value": 42, "docs": ["d1"]})  # missed
    gold["observations"].append({"id": "o8", "value": 31, "period": ["2022-02-01", "2022-05-15"], "docs": ["d1"]})
    gold["relations"].append({"s": "acme", "p": "leaderOf", "o": "uni", "alt_s": ["spain"], "alt_o": ["france"]})
    return gold


def ontology_graph() -> Graph:
    return Graph().parse(PROJECT_ONTOLOGY) + ontology_extension()


def test_full_graph_exercises_every_metric(corpus: Path) -> None:
    s = score_graph(full_graph(), full_gold(), corpus=corpus, ontology=ontology_graph())
    assert s.entity_split and s.entity_conflated and s.entity_junk and s.entity_unmatched
    assert s.relation_missed and s.relation_wrong
    assert 0 < s.provenance_coverage < 1 and 0 < s.evidence_verbatim < 1
    assert 0 < s.observation_precision < 1 and 0 < s.observation_recall < 1 and s.observations_missed
    assert s.observation_multi_source_merged == "1/2"


def test_agrees_with_shared_scorer_in_process(shared_scorer: ModuleType, corpus: Path) -> None:
    g, gold, onto = full_graph(), full_gold(), ontology_graph()
    theirs = shared_scorer.score(g + onto, gold, corpus)
    assert_same_scores(score_graph(g, gold, corpus=corpus, ontology=onto), theirs)
    # without the ontology the Startup node and the sub-property are unknown, and both agree on that too
    assert_same_scores(score_graph(g, gold, corpus=corpus), shared_scorer.score(g, gold, corpus))


def test_agrees_with_shared_scorer_command(shared_scorer: ModuleType, corpus: Path, tmp_path: Path) -> None:
    gold_path, graph_path, onto_path, json_path = (tmp_path / n for n in ("gold.json", "g.trig", "o.ttl", "r.json"))
    gold_path.write_text(json.dumps(full_gold()), encoding="utf-8")
    ds = Dataset()
    for i, (s, p, o) in enumerate(full_graph()):
        ds.graph(EX[f"graph/{i % 4}"]).add((s, p, o))
    ds.serialize(graph_path, format="trig")
    ontology_extension().serialize(onto_path, format="turtle")
    run = subprocess.run(
        [sys.executable, str(SHARED_SCORER), str(graph_path), "--gold", str(gold_path), "--ontology", str(onto_path),
         "--corpus", str(corpus), "--json", str(json_path)],
        capture_output=True, text=True, check=True,
    )
    mine = score_graph(flatten(Dataset().parse(graph_path, format="trig")), load_gold(gold_path), corpus=corpus,
                       ontology=Graph().parse(onto_path))
    theirs = json.loads(json_path.read_text(encoding="utf-8"))
    assert_same_scores(mine, theirs | {"entity_conflated": [tuple(c) for c in theirs["entity_conflated"]]})
    assert json.loads(mine.to_json()) == theirs | {"entity_conflated": json.loads(json.dumps(mine.entity_conflated))}
    assert run.stdout.splitlines()[-1] == mine.summary_line()


def noisy_seed_graph(gold: dict, rng: random.Random) -> Graph:
    """A graph built from the seed gold with every kind of mistake sprinkled in at random."""
    g = Graph()
    docs = {doc_id: EX[f"doc/{doc_id}"] for doc_id in gold["docs"]}
    for doc_id, node in docs.items():
        add_document(g, node, f"/data/{gold['docs'][doc_id]}")
    fine_types = sorted(COARSE_CLASS)
    node_of: dict[str, URIRef] = {}
    for ent in gold["entities"]:
        if rng.random() < 0.1:
            continue
        node = node_of[ent["id"]] = EX[ent["id"]]
        cls = ent["type"] if rng.random() > 0.15 else rng.choice(fine_types)
        names = rng.sample(ent["names"], rng.randint(1, len(ent["names"])))
        if rng.random() < 0.05:
            names.append(rng.choice(rng.choice(gold["entities"])["names"]))  # conflated
        add_entity(g, node, EXO.Startup if cls == "Company" and rng.random() < 0.5 else NKG[cls], *names)
        if rng.random() < 0.1:
            add_entity(g, EX[f"{ent['id']}_again"], NKG[ent["type"]], rng.choice(ent["names"]))  # split
    for i, name in enumerate(gold["not_entities"] + ["Nobody", "Somewhere Else"]):
        if rng.random() < 0.4:
            add_entity(g, EX[f"junk{i}"], NKG[rng.choice(fine_types)], name)
    entities = list(node_of.values())
    for grel in gold["relations"]:
        s, o = node_of.get(grel["s"]), node_of.get(grel["o"])
        if s is None or o is None or rng.random() < 0.2:
            continue
        p = NKG[rng.choice([grel["p"], *grel.get("alt_p", [])])]
        if p == NKG.leaderOf and rng.random() < 0.5:
            p = EXO.heads
        if p == NKG.agreementWith and rng.random() < 0.5:
            s, o = o, s
        g.add((s, p, o))
        for doc_id in grel["docs"]:
            if rng.random() < 0.8:
                evidence = grel.get("evidence", "") if rng.random() < 0.9 else ""
                add_assertion(g, s, p, o, docs[doc_id], evidence)
    for _ in range(8):
        s, o = rng.choice(entities), rng.choice(entities)
        g.add((s, NKG[rng.choice(RELATIONS)], o))
    for go in gold["observations"]:
        if rng.random() < 0.2:
            continue
        node = EX[f"obs/{go['id']}"]
        value = Literal(go["value"]) if rng.random() < 0.5 else Literal(str(go["value"]), datatype=XSD.decimal)
        period = None
        if "period" in go and rng.random() < 0.8:
            start, end = go["period"]
            period = rng.choice([(start, end), (f"{start[:4]}-01-01", f"{end[:4]}-12-31"),
                                 (f"{start[:4]}-11-01", end), (start, f"{end[:4]}-11-30"),
                                 (f"{start[:7]}-15", f"{end[:7]}-28")])
        supporting = [docs[d] for d in go["docs"] if rng.random() < 0.8]
        add_observation(g, node, value, *supporting, period=period)
    for i in range(3):
        add_observation(g, EX[f"obs/noise{i}"], Literal(rng.randint(1, 50)), docs["000"])
    return g


@pytest.mark.parametrize("seed", range(25))
def test_agrees_with_shared_scorer_on_noisy_seed_graphs(shared_scorer: ModuleType, seed: int) -> None:
    gold = load_gold(SEEDS_GOLD)
    g = noisy_seed_graph(gold, random.Random(seed))
    onto = ontology_graph()
    corpus = SHARED / "seeds"
    theirs = shared_scorer.score(g + onto, gold, corpus)
    if seed % 2:
        mine = score_graph(g, gold, corpus=corpus, ontology=onto)
    else:
        mine = score_graph(g + onto, gold, corpus=corpus)
    assert_same_scores(mine, theirs)


# --------------------------------------------------------------------------- every alias


def test_a_node_holding_names_the_gold_counts_apart_stands_for_all_of_them_in_score_every_alias():
    # the gold makes each written form an entity, as CoNLL04 does; the graph joins them
    gold = {"entities": [{"id": "tn", "type": "Region", "names": ["Tennessee"]},
                         {"id": "tn2", "type": "Region", "names": ["Tenn."]},
                         {"id": "memphis", "type": "City", "names": ["Memphis"]},
                         {"id": "oslo", "type": "City", "names": ["Oslo"]}],
            "relations": [{"s": "memphis", "p": "locatedIn", "o": "tn2"}]}
    g = Graph()
    add_entity(g, EX.tn, NKG.Region, "Tennessee", "Tenn.")
    add_entity(g, EX.memphis, NKG.City, "Memphis")
    add_entity(g, EX.oslo, NKG.Person, "Oslo")  # wrongly typed: no alias makes it right
    g.add((EX.memphis, NKG.locatedIn, EX.tn))
    ontology = Graph().parse(PROJECT_ONTOLOGY)
    contract = score_graph(g, gold, ontology=ontology)
    assert (contract.entity_recall, contract.relation_precision) == (0.5, 0.0)
    every_alias = score_every_alias(g, gold, ontology=ontology)
    assert every_alias["entity_recall"] == 0.75
    assert every_alias["entity_precision"] == round(2 / 3, 3)
    assert (every_alias["relation_precision"], every_alias["relation_recall"]) == (1.0, 1.0)


def test_gold_conventions_counts_titles_kept_in_names_and_places_joined_to_their_state():
    gold = {"entities": [{"id": "a", "type": "Person", "names": ["Texas Gov. Ada Lind"]},
                         {"id": "b", "type": "Person", "names": ["Ada Lind"]},
                         {"id": "c", "type": "Place", "names": ["Plymouth, Vt"]},
                         {"id": "d", "type": "Organization", "names": ["Lind, Berg and Co"]}]}
    assert gold_conventions(gold) == {"entities": 4, "people named with a title": 1,
                                      "a place and its state or country as one": 1}
