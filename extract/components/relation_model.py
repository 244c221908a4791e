"""A statistical relation classifier over pairs of entities named in one sentence.

Rules read the constructions someone wrote down; news states ties in many more ways ("X, who
works for Y", "Y's Washington bureau chief X", "the Z plant in W"). This classifier scores
every ordered pair of entities in a sentence from features of the parse (the dependency path
between them, the words between and around, their classes) with a linear model trained by `make train` (see tools/train_relation_model.py).

The model is plain JSON: a weight per (feature, label) and a bias per label, so reading it needs
neither scikit-learn nor pickle, and scoring a pair is a sum over its few dozen features.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from ..lexicon import ORG_HEADS, PLACE_HEADS
from ..records import COARSE_CLASS
from .coref import Cluster

MODEL_FILE = "relation_model.json"
NO_RELATION = "none"
# What a pair of coarse classes can be tied by; the label decides among these only.
PREDICATES_FOR = {
    ("Person", "Organization"): ("leaderOf", "affiliatedWith"),
    ("Person", "Place"): ("leaderOf", "affiliatedWith"),
    ("Organization", "Organization"): ("partOf",),
    ("Organization", "Place"): ("locatedIn",),
    ("Place", "Place"): ("locatedIn",),
}
# The words of names that say what kind of thing is named ("Institute", "Party", "Province").
GENERIC_NAME_WORDS = frozenset(ORG_HEADS) | frozenset(PLACE_HEADS)
MAX_TOKENS_APART = 30  # pairs further apart in a sentence are rarely tied, and cost the most


@dataclass(frozen=True)
class Candidate:
    """An ordered pair of entities, each by the mention nearest the other in one sentence."""

    subject: Cluster
    object: Cluster
    subject_span: Span
    object_span: Span


def candidates(sentence: Span, mentions: list[tuple[Span, Cluster]]) -> Iterator[Candidate]:
    """Every ordered pair of different entities of `sentence` whose classes a relation can tie."""
    nearest: dict[tuple[int, int], tuple[int, Span, Span]] = {}
    for a_span, a in mentions:
        for b_span, b in mentions:
            if a is b or (COARSE_CLASS[a.cls], COARSE_CLASS[b.cls]) not in PREDICATES_FOR:
                continue
            apart = max(a_span.start, b_span.start) - min(a_span.end, b_span.end)
            if apart > MAX_TOKENS_APART or a_span.start < b_span.end and b_span.start < a_span.end:
                continue
            key = (id(a), id(b))
            if key not in nearest or apart < nearest[key][0]:
                nearest[key] = (apart, a_span, b_span)
    clusters = {id(c): c for _, c in mentions}
    for (a_id, b_id), (_, a_span, b_span) in nearest.items():
        yield Candidate(clusters[a_id], clusters[b_id], a_span, b_span)


def sentence_mentions(sentence: Span, clusters: Iterable[Cluster]) -> list[tuple[Span, Cluster]]:
    doc = sentence.doc
    return [(doc[start:end], c) for c in clusters for start, end in c.spans
            if sentence.start <= start and end <= sentence.end]


class TokenFact(NamedTuple):
    word: str  # as a feature (`_word`)
    lemma: str  # as a feature (`_lemma`)
    lower: str
    dep: str
    head: int
    begins_entity: bool


class TokenFacts:
    """What the features read of each token, read once for all the pairs of a document rather
    than once per pair."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._facts: dict[int, TokenFact] = {}

    def __getitem__(self, i: int) -> TokenFact:
        fact = self._facts.get(i)
        if fact is None:
            tok = self.doc[i]
            fact = TokenFact(_word(tok), _lemma(tok), tok.lower_, tok.dep_, tok.head.i, tok.ent_iob_ == "B")
            self._facts[i] = fact
        return fact


def features(candidate: Candidate, facts: TokenFacts | None = None) -> list[str]:
    """The names of the features a pair has (each feature's value is 1); `facts` may be shared
    by the pairs of one document."""
    a, b = candidate.subject_span, candidate.object_span
    doc = a.doc
    facts = facts if facts is not None else TokenFacts(doc)
    pair = f"{COARSE_CLASS[candidate.subject.cls]}>{COARSE_CLASS[candidate.object.cls]}"
    first, second = (a, b) if a.start < b.start else (b, a)
    order = "sub_first" if first is a else "obj_first"
    between = range(first.end, second.start)
    words = [facts[i].word for i in between]
    out = [f"pair={pair}", f"fine={candidate.subject.cls}>{candidate.object.cls}", f"{pair}|{order}",
           f"{pair}|apart={_bucket(len(between))}"]
    out += [f"bw={w}" for w in set(words)] + [f"{pair}|bw={w}" for w in set(words)]
    if words:
        out += [f"{pair}|{order}|bw_first={words[0]}", f"{pair}|{order}|bw_last={words[-1]}"]
    if len(words) <= 4:
        out.append(f"{pair}|{order}|between={' '.join(words)}")
    sentence = a.sent
    before = facts[first.start - 1].word if first.start > sentence.start else "<s>"
    after = facts[second.end].word if second.end < sentence.end else "</s>"
    out += [f"{pair}|{order}|before={before}", f"{pair}|{order}|after={after}"]
    inner = (facts[i].lower for i in [*range(first.start, first.end), *range(second.start, second.end)])
    out += [f"{pair}|{order}|in={w}" for w in inner if w in GENERIC_NAME_WORDS]
    path_deps, path_words = _dependency_path(facts, a.root.i, b.root.i)
    out += [f"{pair}|dpath={' '.join(path_deps)}", f"{pair}|plen={_bucket(len(path_deps))}"]
    out += [f"{pair}|pword={w}" for w in path_words]
    if len(path_deps) <= 4:
        out.append(f"{pair}|lpath={' '.join(path_deps)}|{' '.join(path_words)}")
    others = sum(1 for i in between if facts[i].begins_entity)
    out.append(f"{pair}|ents_between={min(others, 3)}")
    return out


def _word(tok: Token) -> str:
    """A word as a feature: names stand as "<name>", so the model keeps no name of its data."""
    if tok.like_num:
        return "<num>"
    if tok.pos_ == "PROPN" and tok.lower_ not in GENERIC_NAME_WORDS:
        return "<name>"
    return tok.lower_ if tok.is_alpha or tok.is_punct else tok.shape_


def _lemma(tok: Token) -> str:
    return _word(tok) if tok.pos_ == "PROPN" or tok.like_num else tok.lemma_.lower()


def _dependency_path(facts: TokenFacts, a: int, b: int) -> tuple[list[str], list[str]]:
    """The dependency labels from token `a` up to the nearest common head and down to token `b`,
    and the lemmas of the words on the way."""
    a_up = _with_ancestors(facts, a)
    b_up = _with_ancestors(facts, b)
    b_index = {t: n for n, t in enumerate(b_up)}
    common = next((n for n, t in enumerate(a_up) if t in b_index), None)
    if common is None:
        return ["<none>"], []
    up, down = a_up[:common], b_up[:b_index[a_up[common]]]
    deps = [f"{facts[t].dep}^" for t in up] + [f"{facts[t].dep}v" for t in reversed(down)]
    top = a_up[common]
    words = [facts[t].lemma for t in up[1:] + [top] + down[1:] if t != a and t != b]
    return deps[:8], words[:6]


def _with_ancestors(facts: TokenFacts, i: int) -> list[int]:
    chain = [i]
    while facts[chain[-1]].head != chain[-1]:  # a root is its own head
        chain.append(facts[chain[-1]].head)
    return chain


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3-4" if n < 5 else "5-8" if n < 9 else "9+"


class RelationModel:
    """A multinomial logistic model: weights[feature] is one weight per label."""

    def __init__(self, data: dict) -> None:
        self.labels: list[str] = data["labels"]
        self.bias: list[float] = data["bias"]
        self.weights: dict[str, list[float]] = data["weights"]
        self.threshold: float = data.get("threshold", 0.5)
        self.about: dict = data.get("about", {})

    @classmethod
    def from_file(cls, path: str | Path | None = None) -> RelationModel | None:
        """The shipped model (or the one at `path`); None when there is none."""
        try:
            if path is None:
                text = resources.files("newskg.extract").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
            else:
                text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        return cls(json.loads(text))

    def to_json(self) -> dict:
        return {"about": self.about, "labels": self.labels, "bias": self.bias, "threshold": self.threshold,
                "weights": self.weights}

    def probabilities(self, feature_names: Iterable[str]) -> dict[str, float]:
        scores = list(self.bias)
        for name in feature_names:
            row = self.weights.get(name)
            if row is not None:
                scores = [score + w for score, w in zip(scores, row)]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.labels, exps)}

    def predict(self, candidate: Candidate, facts: TokenFacts | None = None) -> tuple[str, float] | None:
        """The relation the pair most likely has, among those its classes allow, with the
        probability that it has one of them; None below the threshold."""
        allowed = PREDICATES_FOR[(COARSE_CLASS[candidate.subject.cls], COARSE_CLASS[candidate.object.cls])]
        probs = self.probabilities(features(candidate, facts))
        related = sum(probs.get(label, 0.0) for label in allowed)
        if related < self.threshold:
            return None
        return max(allowed, key=lambda label: probs.get(label, 0.0)), related
