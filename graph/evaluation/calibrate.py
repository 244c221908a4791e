"""Measure each extraction rule's precision on annotated articles and store it as the rule's
confidence (`extract/data/rule_confidence.json`), so that an Assertion's confidence says how
often that rule is right, not a guess.

    python -m newskg.graph.evaluation.calibrate   # re-measure on the annotated articles of CALIBRATION_SETS

Precision is smoothed as (correct + 1) / (made + 2), so that a rule seen a few times is
neither certain nor worthless.
"""
from __future__ import annotations

import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newskg.graph.evaluation.evaluate import judge_assertions, load_gold
from newskg.graph.evaluation.table import SHARED, AnnotatedSet, annotated_sets, build_set
from newskg.graph.store.directory import GraphDir, load_rdflib

REPO = Path(__file__).resolve().parents[2]
# The project's own annotated sets, and the BBC's dev set with its outlet's country (so that the
# rule reading a government title as the home country's is measured too).
CALIBRATION_SETS = ("devset", "sample", "newswire", "worldwire", "bbc-dev-uk")
OUTPUT = REPO / "extract" / "data" / "rule_confidence.json"


def calibration_sets(shared: Path = SHARED) -> list[AnnotatedSet]:
    available = {s.name: s for s in annotated_sets(shared)}
    return [available[name] for name in CALIBRATION_SETS]


def measure(annotated: Iterable[AnnotatedSet], *, nlp: object | None = None) -> dict[str, Any]:
    """Per rule: how many assertions it made on the annotated corpora, how many were right, and
    the smoothed precision."""
    made: dict[str, int] = defaultdict(int)
    right: dict[str, int] = defaultdict(int)
    with tempfile.TemporaryDirectory() as tmp:
        for chosen in annotated:
            out = Path(tmp) / chosen.name
            build_set(chosen, out, nlp=nlp)
            for extractor, correct in judge_assertions(load_rdflib(GraphDir(out)), load_gold(chosen.gold)):
                made[extractor] += 1
                right[extractor] += int(correct)
    return {
        rule: {"precision": round((right[rule] + 1) / (made[rule] + 2), 3), "made": made[rule], "correct": right[rule]}
        for rule in sorted(made)
    }


def main() -> int:
    rules = measure(calibration_sets())
    document = {
        "about": "Each extraction rule's precision, measured by graph/evaluation/calibrate.py on the project's own "
                 "annotated articles (tests/data/devset, notebooks/data/sample, tests/data/newswire, tests/data/worldwire) "
                 "and the shared BBC dev set built with --home-country UK, as (correct + 1) / (made + 2). "
                 "It is the confidence of every Assertion the rule makes.",
        "rules": rules,
    }
    OUTPUT.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    for rule, numbers in rules.items():
        print(f"{rule:<22} {numbers['precision']:.3f}  ({numbers['correct']}/{numbers['made']})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
