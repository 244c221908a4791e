"""How much of an annotated set's score its gold's conventions account for.

    python -m newskg.graph.evaluation.conventions conll04-dev bbc-dev

The shared scorer (the contract, `make eval`) maps each node to one gold entity. A gold that
counts every written form of a name as an entity of its own (CoNLL04: "Tenn.", "Tennessee" and
"Tenn" are three; "President Lincoln" and "Lincoln" two) then scores a node holding them all as
one found and the rest missed, and a relation to "Tenn." as wrong when the node is labelled
"Tennessee". This prints, beside the contract's numbers, the same counts with a node standing
for every gold entity its names hit, and what in the gold no reader's graph can match: names
that keep a title ("Texas Gov. John Connally"), and a town and its state as one place
("Plymouth, Vt"). It explains a score; it is no score of its own and no target.
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

from newskg.extract.components.entities import PERSON_TITLES
from newskg.graph.evaluation.evaluate import score_every_alias
from newskg.graph.evaluation.table import REPO, choose_sets, score_set


def gold_conventions(gold: dict) -> dict[str, int]:
    """Gold entities no graph that follows this project's rules can name as the gold does."""
    people = [e["names"][0] for e in gold["entities"] if e["type"] == "Person"]
    places = [e["names"][0] for e in gold["entities"] if e["type"] in {"Place", "City", "Region", "Country"}]
    return {
        "entities": len(gold["entities"]),
        "people named with a title": sum(1 for n in people if any(w.rstrip(".").lower() in PERSON_TITLES
                                                                   for w in n.split()[:-1])),
        "a place and its state or country as one": sum(1 for n in places if ", " in n),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+", help="names of annotated sets")
    args = parser.parse_args(argv)
    chosen = choose_sets(parser, args.sets)
    from newskg.extract.pipeline import load_pipeline

    nlp = load_pipeline()
    ontology = Graph().parse(REPO / "ontology.ttl")
    with tempfile.TemporaryDirectory() as tmp:
        for annotated in chosen:
            name = annotated.name
            contract = score_set(annotated, Path(tmp), nlp=nlp)
            gold = json.loads(annotated.gold.read_text(encoding="utf-8"))
            built = Dataset()
            built.parse(Path(tmp) / name / "graph.trig", format="trig")
            aware = score_every_alias(built, gold, ontology=ontology)
            print(f"{name}: score.py: entities F1 {contract['entity_f1']:.3f}, relations F1 {contract['relation_f1']:.3f}")
            print(f"{name}: a node for every gold entity its names hit: entities P {aware['entity_precision']:.3f} "
                  f"R {aware['entity_recall']:.3f} F1 {aware['entity_f1']:.3f}, relations P "
                  f"{aware['relation_precision']:.3f} R {aware['relation_recall']:.3f} F1 {aware['relation_f1']:.3f}")
            print(f"{name}: gold " + ", ".join(f"{k} {v}" for k, v in gold_conventions(gold).items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
