"""The trained relation classifier: what it reads, what the shipped file holds, and how it joins
the rules."""
from __future__ import annotations

import json
import re
from contextlib import contextmanager

import pytest

from newskg.extract.components.relation_model import (
    MODEL_FILE, PREDICATES_FOR, RelationModel, candidates, features, sentence_mentions,
)
from newskg.extract.pipeline import extract_document
from newskg.extract.records import SourceDocument
from newskg.graph.evaluation.heldout import is_held_out


@contextmanager
def relation_mode(nlp, mode: str):
    extractor = nlp.get_pipe("newskg_relations")
    before = extractor.mode
    extractor.mode = mode
    try:
        yield extractor
    finally:
        extractor.mode = before


def triples(nlp, text: str) -> set[tuple[str, str, str, str]]:
    ex = extract_document(nlp, SourceDocument(source="test", text=text))
    by_key = {e.key: e.name for e in ex.entities}
    return {(by_key[r.subject], r.predicate, by_key[r.object], r.extractor) for r in ex.relations}


def test_shipped_model_loads_and_scores_every_label():
    model = RelationModel.from_file()
    assert model is not None
    assert set(model.labels) == {"none", "leaderOf", "affiliatedWith", "partOf", "locatedIn"}
    probs = model.probabilities(["pair=Organization>Place"])
    assert abs(sum(probs.values()) - 1) < 1e-9
    assert 0.2 <= model.threshold <= 0.95


def test_shipped_model_holds_feature_names_not_sentences():
    """Names are "<name>" in features: the file keeps no sentence and no name of its data."""
    model = RelationModel.from_file()
    assert model is not None
    classes = {"Person", "Organization", "Place", "University", "OrganizationUnit", "GovernmentBody",
               "MediaOrganization", "Company", "Country", "City", "Region"}
    for feature in model.weights:
        assert len(feature.split()) <= 12, feature
        for word in re.findall(r"[A-Z][A-Za-z]{2,}", feature):
            assert word in classes or set(word) <= {"X", "x", "d"}, feature  # a class, or a word's shape ("Xxxx")


def test_candidates_pair_entities_whose_classes_a_relation_ties(nlp):
    with relation_mode(nlp, "rules"):
        doc = nlp("Maria Lopez met Peter Novak at Kestrel Bank in Oslo.")
    sentence = next(doc.sents)
    pairs = {(c.subject.name, c.object.name) for c in candidates(sentence, sentence_mentions(sentence, doc._.nkg_entities))}
    assert ("Maria Lopez", "Kestrel Bank") in pairs and ("Kestrel Bank", "Oslo") in pairs
    assert ("Maria Lopez", "Peter Novak") not in pairs  # no relation ties two people
    assert ("Oslo", "Kestrel Bank") not in pairs  # nor a place to an organization
    assert all(p in PREDICATES_FOR for p in [("Person", "Organization"), ("Organization", "Place")])


def test_features_read_the_words_between_and_the_path(nlp):
    with relation_mode(nlp, "rules"):
        doc = nlp("Kestrel Bank, based in Oslo, cut jobs.")
    sentence = next(doc.sents)
    pair = next(c for c in candidates(sentence, sentence_mentions(sentence, doc._.nkg_entities))
                if c.subject.name == "Kestrel Bank" and c.object.name == "Oslo")
    names = features(pair)
    assert "bw=based" in names and "Organization>Place|bw=in" in names
    assert any(n.startswith("Organization>Place|dpath=") for n in names)


def test_model_alone_reads_ties_from_the_parse(nlp):
    with relation_mode(nlp, "model"):
        found = triples(nlp, "Lars Eklund, a spokesman for Kestrel Bank, said the bank would cut jobs. "
                             "The new branch is in Tromso, Norway.")
    assert ("Lars Eklund", "affiliatedWith", "Kestrel Bank", "relation_model") in found
    assert ("Tromso", "locatedIn", "Norway", "relation_model") in found
    assert not any(s == "Norway" for s, *_ in found)  # a country is in nothing


def test_rules_win_over_the_model_for_a_pair_they_read(nlp):
    text = "Labour leader Gordon Brown spoke in Leeds."
    with relation_mode(nlp, "both"):
        found = triples(nlp, text)
    tied = {(s, o) for s, _, o, _ in found}
    assert ("Gordon Brown", "leaderOf", "Labour", "title_before_name") in found
    assert sum(1 for s, o in tied if {s, o} == {"Gordon Brown", "Labour"}) == 1


def test_rules_mode_makes_no_model_relation(nlp):
    with relation_mode(nlp, "rules"):
        found = triples(nlp, "Lars Eklund, a spokesman for Kestrel Bank, said the bank would cut jobs.")
    assert found and all(extractor != "relation_model" for *_, extractor in found)


def test_a_place_the_gazetteer_puts_elsewhere_is_not_located_by_the_model(nlp):
    with relation_mode(nlp, "model"):
        found = triples(nlp, "Officials flew from Moscow to North Korea and from Oslo to Sweden.")
    assert not any(s == "Moscow" and p == "locatedIn" for s, p, _, _ in found)
    assert not any(s == "Oslo" and o == "Sweden" for s, _, o, _ in found)


def test_held_out_split_is_fixed_by_document():
    assert is_held_out("s000") and is_held_out("s005") and is_held_out("s1150")
    assert not is_held_out("s001") and not is_held_out("s1152")
    assert sum(is_held_out(f"s{n:03d}") for n in range(1000)) == 200


def test_model_file_round_trips(tmp_path):
    model = RelationModel.from_file()
    assert model is not None
    path = tmp_path / MODEL_FILE
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    again = RelationModel.from_file(path)
    assert again is not None and again.weights == model.weights and again.threshold == model.threshold


def test_unknown_mode_is_refused():
    from newskg.extract.components.relations import RelationExtractor

    with pytest.raises(ValueError, match="relation mode"):
        RelationExtractor("newskg_relations", "guess")


def test_a_dateline_ties_no_agency_to_the_city_it_was_filed_from(nlp):
    text = ("BERGEN, March 3 (Reuters) - Kestrel Bank cut 200 jobs on Monday, the bank said.\n"
            "TROMSO, March 4 (AFP) - Fishing quotas were cut again.\n"
            "Lars Eklund, a spokesman for Kestrel Bank, said the bank would cut jobs.")
    with relation_mode(nlp, "model"):
        found = triples(nlp, text)
    agencies = {"Reuters", "AFP", "Agence France-Presse"}
    assert ("Lars Eklund", "affiliatedWith", "Kestrel Bank", "relation_model") in found  # the model still reads the text
    assert not any(s in agencies or o in agencies for s, _, o, _ in found), found
