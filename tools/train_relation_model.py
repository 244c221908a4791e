"""Train the relation classifier (extract/components/relation_model.py) and write its JSON.

    python tools/train_relation_model.py --conll04 ../shared/eval/conll04-dev \
        --redocred .cache/re-docred/dev_revised.json --out extract/data/relation_model.json

(`make train` fetches that file first: tools/fetch-redocred.sh, a pinned commit and SHA-256.)

Training pairs are the ones the classifier sees at run time: the pipeline's own entities, paired
within each sentence. A pair is labelled with the gold relation of the gold entities its names
match, or "none". Data:
- CoNLL04 as shared in conll04-dev: its training part only (`is_held_out` keeps one sentence in
  five out, and the ablation scores that fifth);
- Re-DocRED's revised development documents (tonytan48/Re-DocRED, MIT), whose Wikidata properties
  map onto the ontology (WIKIDATA below); its test split is never read.
Nothing of either set goes into the model but feature names (words, parse labels) and weights.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Wikidata property -> (our predicate, whether the relation runs from the tail to the head)
WIKIDATA = {
    "P6": ("leaderOf", True), "P35": ("leaderOf", True), "P488": ("leaderOf", True), "P169": ("leaderOf", True),
    "P108": ("affiliatedWith", False), "P463": ("affiliatedWith", False), "P102": ("affiliatedWith", False),
    "P54": ("affiliatedWith", False),
    "P131": ("locatedIn", False), "P17": ("locatedIn", False), "P159": ("locatedIn", False),
    "P276": ("locatedIn", False), "P150": ("locatedIn", True),
    "P361": ("partOf", False), "P749": ("partOf", False), "P355": ("partOf", True), "P527": ("partOf", True),
}


def norm(name: str) -> str:
    """A name as the shared scorer compares names: case, "the", a final "'s" and punctuation aside."""
    s = unicodedata.normalize("NFKC", name).replace("\u2019", "'").casefold().strip()
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"'s$", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def label_for(pair: tuple[str, str], predicate: str) -> str:
    """The label a gold predicate gives a pair of coarse classes: a place in a place is located
    there whichever word the annotator chose, and an organization in one is part of it."""
    if pair[0] == "Person":
        return "leaderOf" if predicate == "leaderOf" else "affiliatedWith"
    return "partOf" if pair == ("Organization", "Organization") else "locatedIn"


# A training document: its text, its gold names (norm -> entity id) and its gold relations.
Example = tuple[str, dict[str, str], dict[tuple[str, str], str]]


def conll04_examples(corpus: Path) -> Iterator[Example]:
    from newskg.graph.evaluation.heldout import is_held_out

    gold = json.loads((corpus.parent / f"{corpus.name}.gold.json").read_text(encoding="utf-8"))
    names: dict[str, dict[str, str]] = {}
    for entity in gold["entities"]:
        for doc in entity["docs"]:
            names.setdefault(doc, {}).update({norm(n): entity["id"] for n in entity["names"]})
    relations: dict[str, dict[tuple[str, str], str]] = {}
    for relation in gold["relations"]:
        for doc in relation["docs"]:
            relations.setdefault(doc, {})[(relation["s"], relation["o"])] = relation["p"]
    for doc, filename in sorted(gold["docs"].items()):
        if not is_held_out(doc):
            yield (corpus / filename).read_text(encoding="utf-8"), names.get(doc, {}), relations.get(doc, {})


def redocred_examples(path: Path) -> Iterator[Example]:
    for document in json.loads(path.read_text(encoding="utf-8")):
        text = _detokenize(" ".join(" ".join(sentence) for sentence in document["sents"]))
        names = {norm(m["name"]): str(k) for k, vertex in enumerate(document["vertexSet"]) for m in vertex}
        relations = {}
        for label in document["labels"]:
            if label["r"] in WIKIDATA:
                predicate, reverse = WIKIDATA[label["r"]]
                head, tail = str(label["h"]), str(label["t"])
                relations[(tail, head) if reverse else (head, tail)] = predicate
        yield text, names, relations


def _detokenize(text: str) -> str:
    text = re.sub(r" ([,.;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[$]) ", r"\1", text)
    return re.sub(r" (n't|'s|'re|'ve|'ll|'d)\b", r"\1", text)


def pairs(nlp, examples: list[Example]) -> Iterator[tuple[list[str], str]]:
    """(features, label) for every candidate pair of every sentence of `examples`."""
    from newskg.extract.components.relation_model import candidates, features, sentence_mentions
    from newskg.extract.records import COARSE_CLASS

    for doc, (_, names, relations) in zip(nlp.pipe(text for text, _, _ in examples), examples):
        gold_id = {}
        for cluster in doc._.nkg_entities or ():
            found = next((names[norm(n)] for n in cluster.names if norm(n) in names), None)
            if found is not None:
                gold_id[id(cluster)] = found
        for sentence in doc.sents:
            mentions = sentence_mentions(sentence, doc._.nkg_entities or ())
            for candidate in candidates(sentence, mentions):
                key = (gold_id.get(id(candidate.subject)), gold_id.get(id(candidate.object)))
                predicate = relations.get(key) if None not in key else None
                coarse = (COARSE_CLASS[candidate.subject.cls], COARSE_CLASS[candidate.object.cls])
                yield features(candidate), label_for(coarse, predicate) if predicate else "none"


def choose_threshold(probabilities, labels, classes, beta: float) -> float:
    """The probability above which a pair is taken as related that maximizes F-beta on
    predictions made out of fold."""
    related = [sum(p for c, p in zip(classes, row) if c != "none") for row in probabilities]
    predicted = [classes[max((k for k, c in enumerate(classes) if c != "none"), key=lambda k: row[k])]
                 for row in probabilities]
    gold_count = sum(1 for label in labels if label != "none")
    best = (0.0, 0.5)
    for step in range(20, 96):
        threshold = step / 100
        made = [(p, g) for r, p, g in zip(related, predicted, labels) if r >= threshold]
        right = sum(1 for p, g in made if p == g)
        precision, recall = (right / len(made) if made else 0.0), right / gold_count
        if precision + recall:
            f = (1 + beta ** 2) * precision * recall / (beta ** 2 * precision + recall)
            best = max(best, (f, threshold))
    return best[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conll04", type=Path, help="the shared conll04-dev directory (its .gold.json beside it)")
    parser.add_argument("--redocred", type=Path, help="Re-DocRED's dev_revised.json")
    parser.add_argument("--out", type=Path, default=REPO / "extract" / "data" / "relation_model.json")
    parser.add_argument("--c", type=float, default=0.5, help="inverse regularization strength")
    parser.add_argument("--min-count", type=int, default=2, help="drop features seen fewer times")
    parser.add_argument("--beta", type=float, default=0.7, help="the threshold maximizes F-beta (< 1 favours precision)")
    parser.add_argument("--threshold", type=float, help="take pairs as related from this probability on, instead")
    args = parser.parse_args(argv)
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import cross_val_predict
    except ImportError:
        print("train: scikit-learn is missing; pip install -e '.[train]'", file=sys.stderr)
        return 2
    from newskg.extract.components.relation_model import RelationModel
    from newskg.extract.pipeline import load_pipeline

    sources = []
    if args.conll04:
        sources.append(("CoNLL04 train part", list(conll04_examples(args.conll04))))
    if args.redocred:
        sources.append(("Re-DocRED dev_revised", list(redocred_examples(args.redocred))))
    if not sources:
        parser.error("name at least one of --conll04 and --redocred")
    nlp = load_pipeline()
    nlp.get_pipe("newskg_relations").mode = "rules"  # features do not depend on the model's own output
    data: list[tuple[list[str], str]] = []
    for name, examples in sources:
        found = list(pairs(nlp, examples))
        counts = Counter(label for _, label in found)
        print(f"train: {name}: {len(examples)} documents, {len(found)} pairs, {dict(counts)}", file=sys.stderr)
        data += found
    seen = Counter(f for feats, _ in data for f in set(feats))
    rows = [{f: 1 for f in feats if seen[f] >= args.min_count} for feats, _ in data]
    labels = [label for _, label in data]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows)
    model = LogisticRegression(C=args.c, max_iter=3000)
    order = list(range(len(labels)))
    random.Random(0).shuffle(order)  # folds mix both sources
    out_of_fold = cross_val_predict(model, matrix[order], [labels[k] for k in order], cv=5, method="predict_proba")
    classes = sorted(set(labels))
    threshold = choose_threshold(out_of_fold, [labels[k] for k in order], classes, args.beta)
    print(f"train: out-of-fold F{args.beta} is best from {threshold:.2f} on", file=sys.stderr)
    if args.threshold is not None:
        threshold = args.threshold
    model.fit(matrix, labels)
    weights = {}
    for column, feature in enumerate(vectorizer.get_feature_names_out()):
        row = [round(float(w), 3) for w in model.coef_[:, column]]
        if max(abs(w) for w in row) >= 0.01:
            weights[feature] = row
    trained = RelationModel({
        "about": {"trained_by": "tools/train_relation_model.py", "sources": [name for name, _ in sources],
                  "pairs": len(labels), "C": args.c, "min_count": args.min_count, "beta": args.beta,
                  "threshold_given": args.threshold},
        "labels": [str(c) for c in model.classes_], "bias": [round(float(b), 4) for b in model.intercept_],
        "threshold": threshold, "weights": dict(sorted(weights.items())),
    })
    args.out.write_text(json.dumps(trained.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"train: {len(weights)} features, threshold {threshold:.2f} -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
