"""Score every annotated set with the shared scorer and print one table (`make eval`).

    python -m newskg.graph.evaluation.table                 # every set
    python -m newskg.graph.evaluation.table bbc-dev seeds   # some of them
    python -m newskg.graph.evaluation.table --json scores.json

Each set is built into a temporary graph directory with the default pipeline (bbc-dev once
more with the outlet's country, as `--home-country UK` gives it), then scored by
`../shared/eval/score.py` (the contract), never by a copy of it.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newskg.graph.build.pipeline import build

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


@dataclass(frozen=True)
class AnnotatedSet:
    name: str
    corpus: Path
    gold: Path
    origin: str
    home_country: str | None = None  # the gazetteer's name of the outlet's country (`--home-country`)


def annotated_sets(shared: Path = SHARED) -> list[AnnotatedSet]:
    """The project's own annotated sets (written here) and the shared ones (real news)."""
    own = [AnnotatedSet(name, REPO / "tests" / "data" / name, REPO / "tests" / "data" / name / f"{name}.gold.json",
                        "written here")
           for name in ("devset", "newswire", "newswire2", "worldwire", "worldwire2")]
    sample = REPO / "notebooks" / "data" / "sample"
    return [
        AnnotatedSet("seeds", shared / "seeds", shared / "eval" / "seeds.gold.json", "news, shared"),
        *own,
        AnnotatedSet("sample", sample, sample / "sample.gold.json", "written here"),
        AnnotatedSet("bbc-dev", shared / "eval" / "bbc-dev", shared / "eval" / "bbc-dev.gold.json", "BBC, shared"),
        AnnotatedSet("bbc-dev-uk", shared / "eval" / "bbc-dev", shared / "eval" / "bbc-dev.gold.json",
                     "BBC, shared; --home-country UK", home_country="United Kingdom"),
        AnnotatedSet("conll04-dev", shared / "eval" / "conll04-dev", shared / "eval" / "conll04-dev.gold.json",
                     "CoNLL04, shared"),
    ]


def build_set(annotated: AnnotatedSet, out: Path, *, nlp: Any = None) -> None:
    """Build `annotated` into the graph directory `out` as `newskg build` would, with the set's
    home country: on `nlp`, set for the set while it builds, or on a pipeline loaded for it."""
    if nlp is None:
        build([str(annotated.corpus)], out, home_country=annotated.home_country)
        return
    from newskg.extract.pipeline import home_country_set

    with home_country_set(nlp, annotated.home_country):
        build([str(annotated.corpus)], out, nlp=nlp)


def score_set(annotated: AnnotatedSet, workdir: Path, *, nlp: object | None = None,
              shared: Path = SHARED) -> dict[str, Any]:
    """Build `annotated` into `workdir` and return the shared scorer's JSON result."""
    out = workdir / annotated.name
    build_set(annotated, out, nlp=nlp)
    result_path = workdir / f"{annotated.name}.score.json"
    completed = subprocess.run(
        [sys.executable, str(shared / "eval" / "score.py"), str(out / "graph.trig"), "--gold", str(annotated.gold),
         "--ontology", str(REPO / "ontology.ttl"), "--corpus", str(annotated.corpus), "--json", str(result_path)],
        capture_output=True, text=True)
    if completed.returncode not in (0, 1):
        raise RuntimeError(f"score.py failed on {annotated.name}: {completed.stderr.strip()}")
    return json.loads(result_path.read_text(encoding="utf-8"))


def choose_sets(parser: argparse.ArgumentParser, names: list[str]) -> list[AnnotatedSet]:
    """The annotated sets `names` asks for on a command line (all when it names none); an
    unknown name is the parser's usage error, listing the known ones."""
    available = {s.name: s for s in annotated_sets()}
    unknown = [name for name in names if name not in available]
    if unknown:
        parser.error(f"unknown set {', '.join(unknown)}; known: {', '.join(available)}")
    return [available[name] for name in names] if names else list(available.values())


COLUMNS = (
    ("entity F1", "entity_f1"), ("ent P", "entity_precision"), ("ent R", "entity_recall"),
    ("rel P", "relation_precision"), ("rel R", "relation_recall"), ("rel F1", "relation_f1"),
    ("obs F1", "observation_f1"), ("period", "observation_period_ok"),
)


def format_table(rows: dict[str, dict[str, Any]], origins: dict[str, str]) -> str:
    """A Markdown table, one row a set."""
    header = "| set | origin | " + " | ".join(title for title, _ in COLUMNS) + " |"
    lines = [header, "|" + "---|" * (len(COLUMNS) + 2)]
    for name, result in rows.items():
        cells = [f"{result[key]:.2f}" if isinstance(result[key], float) else str(result[key]) for _, key in COLUMNS]
        lines.append(f"| {name} | {origins[name]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", help="names of sets (default: all)")
    parser.add_argument("--json", type=Path, help="also write every set's full result here")
    args = parser.parse_args(argv)
    chosen = choose_sets(parser, args.sets)
    if not (SHARED / "eval" / "score.py").is_file():
        print(f"eval: {SHARED / 'eval' / 'score.py'} is missing: ../shared must lie beside the repository",
              file=sys.stderr)
        return 2
    from newskg.extract.pipeline import load_pipeline

    nlp = load_pipeline()
    rows: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for annotated in chosen:
            rows[annotated.name] = score_set(annotated, Path(tmp), nlp=nlp)
            print(f"eval: {annotated.name} scored", file=sys.stderr)
    print(format_table(rows, {s.name: s.origin for s in chosen}))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
