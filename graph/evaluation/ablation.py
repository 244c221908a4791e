"""Relations by the rules alone, the trained model alone, and both, on every annotated set.

    python -m newskg.graph.evaluation.ablation                     # every set
    python -m newskg.graph.evaluation.ablation bbc-dev seeds       # some of them

conll04-dev is also scored on its held-out part (`heldout.py`): the model learnt from the rest,
so only that part says how it does on sentences it has not seen.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from newskg.graph.evaluation.heldout import held_out_part
from newskg.graph.evaluation.table import SHARED, choose_sets, score_set

MODES = ("rules", "model", "both")
SPLIT_SETS = ("conll04-dev",)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", help="names of sets (default: all)")
    args = parser.parse_args(argv)
    chosen = choose_sets(parser, args.sets)
    from newskg.extract.pipeline import load_pipeline

    nlp = load_pipeline()
    extractor = nlp.get_pipe("newskg_relations")
    print("| set | " + " | ".join(f"{mode} P / R / F1" for mode in MODES) + " |")
    print("|---|" + "---|" * len(MODES))
    with tempfile.TemporaryDirectory() as tmp:
        sets = []
        for annotated in chosen:
            sets.append(annotated)
            if annotated.name in SPLIT_SETS:
                sets.append(held_out_part(annotated, Path(tmp)))
        for annotated in sets:
            cells = []
            for mode in MODES:
                extractor.mode = mode
                workdir = Path(tmp) / mode
                workdir.mkdir(exist_ok=True)
                result = score_set(annotated, workdir, nlp=nlp, shared=SHARED)
                cells.append(f"{result['relation_precision']:.2f} / {result['relation_recall']:.2f} / "
                             f"{result['relation_f1']:.2f}")
            print(f"| {annotated.name} | " + " | ".join(cells) + " |", flush=True)
            print(f"ablation: {annotated.name} scored", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
