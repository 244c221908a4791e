"""Extraction quality, pinned: the shared scorer's numbers on the seeds, the dev set, the
newswire, newswire2, worldwire and worldwire2 sets and the bundled sample may rise but not fall. Raise the floors when extraction improves."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newskg.graph.build.pipeline import build
from newskg.graph.evaluation.table import AnnotatedSet, annotated_sets, score_set

REPO = Path(__file__).resolve().parents[1]
FLOORS = {
    "seeds": {"entity_f1": 0.98, "relation_precision": 0.94, "relation_recall": 0.97,
              "observation_f1": 0.97, "provenance_coverage": 1.0, "evidence_verbatim": 1.0},
    "devset": {"entity_f1": 0.91, "relation_f1": 0.87, "observation_f1": 0.96, "provenance_coverage": 1.0,
               "evidence_verbatim": 1.0},
    "sample": {"entity_f1": 0.87, "relation_f1": 0.90, "observation_f1": 0.95, "provenance_coverage": 1.0},
    "worldwire": {"entity_f1": 0.88, "relation_f1": 0.71, "observation_f1": 0.97, "provenance_coverage": 1.0,
                  "evidence_verbatim": 1.0},
    "newswire2": {"entity_f1": 0.80, "relation_f1": 0.60, "observation_f1": 0.90, "provenance_coverage": 1.0,
                  "evidence_verbatim": 1.0},
    "worldwire2": {"entity_f1": 0.89, "relation_f1": 0.70, "observation_f1": 0.93, "provenance_coverage": 1.0,
                   "evidence_verbatim": 1.0},
    "newswire": {"entity_f1": 0.87, "relation_f1": 0.78, "observation_f1": 0.92, "provenance_coverage": 1.0,
                 "evidence_verbatim": 1.0},
    # real news nobody here wrote (../shared/eval): a little under what the build reaches
    "bbc-dev": {"entity_f1": 0.87, "relation_precision": 0.87, "relation_recall": 0.64, "observation_f1": 0.84,
                "provenance_coverage": 1.0, "evidence_verbatim": 1.0},
    "bbc-dev-uk": {"entity_f1": 0.87, "relation_precision": 0.87, "relation_recall": 0.66, "observation_f1": 0.84,
                   "provenance_coverage": 1.0, "evidence_verbatim": 1.0},  # with the outlet's country
    "conll04-dev": {"entity_f1": 0.75, "relation_f1": 0.43, "provenance_coverage": 1.0, "evidence_verbatim": 1.0},
    "renamed": {"entity_f1": 0.95, "relation_f1": 0.92, "observation_f1": 0.95, "provenance_coverage": 1.0,
                "evidence_verbatim": 1.0},
}


def renamed_seeds(shared: Path, out: Path) -> tuple[Path, Path]:
    """The seed articles and their gold with every person, institution, minor place and figure
    replaced (tests/data/renamed_seeds.json): the same stories under names no rule has seen."""
    spec = json.loads((REPO / "tests" / "data" / "renamed_seeds.json").read_text(encoding="utf-8"))
    pairs = sorted({**spec["names"], **{k: v[0] for k, v in spec["figures"].items()}}.items(),
                   key=lambda kv: -len(kv[0]))
    pattern = re.compile("|".join(rf"(?<![\w]){re.escape(old)}(?![\w])" for old, _ in pairs))
    table = dict(pairs)

    def rename(text: str) -> str:
        return pattern.sub(lambda m: table[m.group(0)], text)

    corpus = out / "renamed"
    corpus.mkdir(parents=True)
    for article in sorted((shared / "seeds").glob("*.txt")):
        (corpus / article.name).write_text(rename(article.read_text(encoding="utf-8")), encoding="utf-8")
    gold = json.loads((shared / "eval" / "seeds.gold.json").read_text(encoding="utf-8"))
    values = {float(re.sub(r"[^\d.]", "", k.replace("one hundred", "100"))): v[1] for k, v in spec["figures"].items()}
    for entity in gold["entities"]:
        entity["names"] = sorted({rename(n) for n in entity["names"]})
    for relation in gold["relations"]:
        relation["evidence"] = rename(relation.get("evidence", ""))
    for observation in gold["observations"]:
        observation["value"] = values.get(float(observation["value"]), observation["value"])
    gold["not_entities"] = [rename(n) for n in gold.get("not_entities", [])]
    gold_path = out / "renamed.gold.json"
    gold_path.write_text(json.dumps(gold), encoding="utf-8")
    return corpus, gold_path


def annotated_set(name: str, shared: Path, tmp_path: Path) -> AnnotatedSet:
    if name == "renamed":
        return AnnotatedSet(name, *renamed_seeds(shared, tmp_path), "seeds, renamed")
    return {s.name: s for s in annotated_sets(shared)}[name]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_shared_scorer_floors(name: str, tmp_path: Path, nlp, shared: Path) -> None:
    result = score_set(annotated_set(name, shared, tmp_path), tmp_path, nlp=nlp, shared=shared)
    below = {key: result[key] for key, floor in FLOORS[name].items() if result[key] < floor}
    assert not below, f"{name}: below the floors {FLOORS[name]}: {below}"


def test_rule_confidence_is_the_measured_precision(nlp, shared: Path) -> None:
    """The confidences in extract/data/rule_confidence.json are what the rules measure now on the
    annotated articles; after changing a rule, run `make calibrate` (python -m newskg.graph.evaluation.calibrate)."""
    from newskg.graph.evaluation.calibrate import OUTPUT, calibration_sets, measure

    committed = json.loads(OUTPUT.read_text(encoding="utf-8"))["rules"]
    assert measure(calibration_sets(shared), nlp=nlp) == committed


def test_assertions_carry_their_rule_confidence(tmp_path: Path, nlp, shared: Path) -> None:
    from newskg.extract.components.relations import load_rule_confidence
    from newskg.graph.store.directory import load_rdflib
    from newskg.graph.namespace import NKG
    from newskg.graph.store.directory import GraphDir

    build([str(shared / "seeds")], tmp_path / "kg", nlp=nlp)
    graph = load_rdflib(GraphDir(tmp_path / "kg"))
    measured = load_rule_confidence()
    seen = {(str(graph.value(a, NKG.extractor)), float(graph.value(a, NKG.confidence)))
            for a in graph.subjects(predicate=NKG.extractor)}
    assert len({c for _, c in seen}) > 3  # not one constant
    for rule, confidence in seen:
        if rule in measured:
            assert confidence == measured[rule]
