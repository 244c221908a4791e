"""The part of an annotated set that training never sees.

The shared conll04-dev set joins CoNLL04's train and development sentences in one gold file,
so the relation model (`make train`) learns from four sentences in five and is judged on the
fifth: every sentence whose number is a multiple of five. The split is by document and fixed,
so training and scoring agree on it without sharing any state.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from newskg.graph.evaluation.table import AnnotatedSet

HELD_OUT_EVERY = 5


def is_held_out(doc_id: str) -> bool:
    """Whether a document of a split set is kept out of training: "s000", "s005", … are."""
    digits = re.sub(r"\D", "", doc_id)
    return bool(digits) and int(digits) % HELD_OUT_EVERY == 0


def held_out_part(annotated: AnnotatedSet, workdir: Path) -> AnnotatedSet:
    """A copy of `annotated` with only its held-out documents, and the gold entities and
    relations those documents state, written under `workdir`."""
    gold = json.loads(annotated.gold.read_text(encoding="utf-8"))
    docs = {d: f for d, f in gold["docs"].items() if is_held_out(d)}
    corpus = workdir / f"{annotated.name}-held-out"
    corpus.mkdir(parents=True, exist_ok=True)
    for name in docs.values():
        shutil.copy(annotated.corpus / name, corpus / name)

    def in_part(item: dict) -> dict | None:
        kept = [d for d in item.get("docs", []) if d in docs]
        return {**item, "docs": kept} if kept else None

    part = {
        **gold,
        "docs": docs,
        "entities": [e for e in map(in_part, gold["entities"]) if e],
        "relations": [r for r in map(in_part, gold["relations"]) if r],
        "observations": [o for o in map(in_part, gold.get("observations", [])) if o],
    }
    gold_path = workdir / f"{annotated.name}-held-out.gold.json"
    gold_path.write_text(json.dumps(part), encoding="utf-8")
    return AnnotatedSet(f"{annotated.name} held-out", corpus, gold_path, f"{annotated.origin}, 1 in {HELD_OUT_EVERY}")
