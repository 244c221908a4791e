"""Reported figures: a number, what it counts, what it is about, when, and who reported it.

A period the text names ("the third quarter of this year") is resolved against the article's
date (`extract.periods`); one it only refers back to ("over the same months") is the earlier
figure's.
"""
from __future__ import annotations

import re
from decimal import Decimal
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..extensions import register_extensions
from ..gazetteer import Gazetteer
from ..lexicon import REPORT_VERBS
from ..periods import explicit_year, resolve_period
from ..records import COARSE_CLASS, Observation
from .coref import Cluster
from .relations import DEFAULT_CONFIDENCE, RuleContext, load_rule_confidence, sentence_evidence, source_after

FIGURE_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
LENGTH_IN_MONTHS = re.compile(r"\b(?:over|in|during|for) the (?:full |whole |entire |same |past |last )?(\w+) months\b",
                              re.IGNORECASE)
# A sentence that counts within the period of the figure before it.
SAME_PERIOD = re.compile(r"\b(?:of (?:those|them|these)|(?:in|over|during|for) (?:the same|that)\b[^.;]{0,20}?"
                         r"\b(?:period|months?|weeks?|quarter|year|days|time))\b", re.IGNORECASE)
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "dozens": 12,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "mln": 1_000_000, "bn": 1_000_000_000, "k": 1_000}
# Below this, a number spelled as a word ("two sides", "one of") is prose, not a reported figure.
MIN_SPELLED_FIGURE = 20


def parse_number(text: str) -> tuple[float, bool] | None:
    """The value of a number phrase, and whether it was spelled out in words.

    >>> parse_number("about 15,000"), parse_number("over one hundred"), parse_number("1.2 million")
    ((15000.0, False), (100.0, True), (1200000.0, False))
    >>> parse_number("first") is None
    True
    """
    s = text.lower().replace(",", "").replace("\u00a0", " ")
    digits = re.search(r"\d+(?:\.\d+)?", s)
    scale = 1.0
    for word, factor in SCALES.items():
        if re.search(rf"\b{word}\b", s):
            scale = max(scale, factor)
    if digits:  # in decimal: 4.19 billion is 4190000000, not 4190000000.0000005
        return float(Decimal(digits.group()) * Decimal(scale)), False
    words = re.findall(r"[a-z]+", s)
    total = sum(WORD_NUMBERS[w] for w in words if w in WORD_NUMBERS)
    if total == 0 and scale > 1:
        total = 1
    return (float(total) * scale, True) if total else None


@Language.factory(
    "newskg_figures",
    assigns=["doc._.nkg_observations"],
    requires=["doc._.nkg_entities", "doc.ents", "token.dep"],
    default_config={},
)
def make_figure_extractor(nlp: Language, name: str) -> FigureExtractor:
    return FigureExtractor(name)


class FigureExtractor:
    RULE = "figure_counted_noun"

    def __init__(self, name: str) -> None:
        register_extensions()
        self.name = name
        self.confidence = DEFAULT_CONFIDENCE

    def initialize(self, get_examples: object = None, *, nlp: Language | None = None,
                   confidence: dict[str, float] | None = None) -> None:
        table = confidence if confidence is not None else load_rule_confidence()
        self.confidence = table.get(self.RULE, DEFAULT_CONFIDENCE)

    def __call__(self, doc: Doc) -> Doc:
        ctx = RuleContext(doc, Gazetteer({}))
        noise = doc._.nkg_noise or []
        found: dict[tuple[float, int], Observation] = {}
        compared: list[Span] = []
        for ent in doc.ents:
            if ent.label_ not in FIGURE_LABELS or any(s <= ent.start_char < e for s, e in noise):
                continue
            figure = self.read_figure(ctx, ent, list(found.values()))
            if figure is not None:
                found.setdefault((figure.value, figure.evidence.start), figure)
            elif _is_comparison(ent):
                compared.append(ent)
        for ent in compared:  # "1,872 entries in April, down from 2,455 in March"
            figure = self.compared_figure(ctx, ent, found.values())
            if figure is not None:
                found.setdefault((figure.value, figure.evidence.start), figure)
        doc._.nkg_observations = list(found.values())
        return doc

    def compared_figure(self, ctx: RuleContext, ent: Span, figures: Iterable[Observation]) -> Observation | None:
        """A number a sentence compares with its figure counts the same thing, at its own time."""
        parsed = parse_number(ent.text)
        evidence = sentence_evidence(ent.sent)
        main = next((f for f in figures if f.evidence.start == evidence.start), None)
        if parsed is None or main is None or (parsed[1] and parsed[0] < MIN_SPELLED_FIGURE):
            return None
        dates = [d for d in ent.sent.ents if d.label_ == "DATE" and d.start >= ent.end]
        own_date = next((d for d in dates if d.start - ent.end <= 3), None)
        if own_date is None:  # "followed by Japan with 6,940": the main figure's period
            period = (main.period_start, main.period_end) if main.period_start else None
        elif "same period" in own_date.text.lower() and main.period_start and explicit_year(
                ctx.doc[own_date.start:min(own_date.end + 3, ent.sent.end)].text):
            # "up from 3.4 million in the same period of 2023": the main figure's months, that year
            year = explicit_year(ctx.doc[own_date.start:min(own_date.end + 3, ent.sent.end)].text)
            period = f"{year}{main.period_start[4:]}", f"{year}{main.period_end[4:]}"
        else:
            period = resolve_period(_date_text(own_date), ctx.doc._.nkg_date)
        return Observation(
            value=parsed[0], measure=main.measure, about=main.about, evidence=evidence,
            extractor=self.RULE, confidence=self.confidence,
            period_start=period[0] if period else None, period_end=period[1] if period else None,
            reported_by=main.reported_by,
        )

    def read_figure(self, ctx: RuleContext, ent: Span, earlier: list[Observation]) -> Observation | None:
        figure = read_figure(ctx, ent)
        if figure is None:
            return None
        value, measure, about, period, reporter = figure
        previous = earlier[-1] if earlier else None
        if not about:
            # "From January to March, only 1,184 entries were logged": the same subject as the figure
            # just before, if that one is close (same or previous two sentences)
            if previous is None or ent.sent.start_char - previous.evidence.start > 600:
                return None
            about, reporter = previous.about, reporter or previous.reported_by
        if period is None:
            period = _period_referred_to(ent.sent, earlier)
        return Observation(
            value=value, measure=measure, about=about, evidence=sentence_evidence(ent.sent),
            extractor=self.RULE, confidence=self.confidence,
            period_start=period[0] if period else None, period_end=period[1] if period else None,
            reported_by=reporter,
        )


def read_figure(ctx: RuleContext, ent: Span
                ) -> tuple[float, str, tuple[str, ...], tuple[str, str] | None, str | None] | None:
    """Value, measure, entity keys it is about, period (start, end) and reporter key of a number."""
    parsed = parse_number(ent.text)
    if parsed is None:
        return None
    value, spelled = parsed
    if spelled and value < MIN_SPELLED_FIGURE:
        return None
    if ent.label_ == "PERCENT" or "%" in ent.text or "percent" in ent.text.lower():
        unit = "percent"
    elif ent.label_ == "MONEY":
        unit = "money"
    else:
        unit = ""
    noun = _counted_noun(ent)
    if noun is None:
        return None  # a number that counts nothing named ("October 8 and 13")
    sent = ent.sent
    measure_tokens = _measure_tokens(noun, ent)
    measure = " ".join(t.text for t in measure_tokens).strip() or noun.text
    if unit:
        measure = f"{measure} ({unit})"
    about = _about(ctx, measure_tokens, sent)
    period = _figure_period(ctx, ent)
    reporter = _reporter(ctx, sent)
    return value, measure, tuple(c.key for c in about), period, reporter.key if reporter else None


def _period_referred_to(sent: Span, earlier: list[Observation]) -> tuple[str, str] | None:
    """The period of an earlier figure a sentence refers back to: "Of those, 1,412 …" and "over
    the same months" count within the last figure's period; "over the full six months" within
    the last period six months long."""
    dated = [f for f in earlier if f.period_start and f.period_end]
    if not dated:
        return None
    months = LENGTH_IN_MONTHS.search(sent.text)
    if months:
        length = WORD_NUMBERS.get(months.group(1).lower()) or (int(months.group(1)) if months.group(1).isdigit() else 0)
        for figure in reversed(dated):
            start, end = figure.period_start, figure.period_end
            span = (int(end[:4]) - int(start[:4])) * 12 + int(end[5:7]) - int(start[5:7]) + 1
            if span == length:
                return start, end
    if SAME_PERIOD.search(sent.text):
        return dated[-1].period_start, dated[-1].period_end
    return None


def _figure_period(ctx: RuleContext, ent: Span) -> tuple[str, str] | None:
    """The period a figure's sentence names for it: of the time expressions that name a period
    at all ("a year earlier" names none), the one right after the figure ("310 students in the
    first half", "130 students it reported in April 2024"), else one that is not the time of the
    telling ("said in June that …"), else the nearest ("In April, the ministry told the Duma
    that 948 students were enrolled")."""
    published = ctx.doc._.nkg_date
    dated = []
    for date in (d for d in ent.sent.ents if d.label_ == "DATE"):
        since = date.start > 0 and date.doc[date.start - 1].lower_ == "since"
        period = resolve_period(f"since {_date_text(date)}" if since else _date_text(date), published)
        if period is not None:
            dated.append((date, period))
    if not dated:
        return None
    _, period = min(dated, key=lambda dp: (not 0 <= dp[0].start - ent.end <= 8, _when_told(dp[0]),
                                           abs(dp[0].start - ent.start)))
    return period


def _when_told(date: Span) -> bool:
    head = date.root.head
    if head.dep_ == "prep":
        head = head.head
    return head.pos_ == "VERB" and head.lemma_.lower() in REPORT_VERBS | {"tell"}


def _is_comparison(ent: Span) -> bool:
    """ "up from 1,412", "compared with 187", "more than 900": a number set against another."""
    root = ent.root
    return root.dep_ == "pobj" and root.head.lower_ in {"from", "with", "than", "to"}


def _date_text(date: Span) -> str:
    """A date's text with a decade's "s" that the tokenizer split off: "the 2010’s"."""
    doc = date.doc
    if date.end < len(doc) and doc[date.end].text in {"s", "'s", "’s"} and date.text[-1:] == "0":
        return doc.text[date.start_char:doc[date.end].idx + len(doc[date.end].text)]
    return date.text


def _counted_noun(ent: Span) -> Token | None:
    """The noun a number counts: "3,765 North Korean nationals" → nationals; "300 tonnes of
    fish" → tonnes; "revenue rose 12 percent", "trade reached $2 billion" → revenue, trade."""
    for tok in ent:
        if tok.dep_ in {"nummod", "quantmod", "det"} and tok.head.pos_ in {"NOUN", "PROPN"} and tok.head not in ent:
            return tok.head
    root = ent.root
    for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"):
        for pobj in (p for p in prep.children if p.dep_ == "pobj" and p.pos_ == "NOUN"):
            return pobj  # "52 of the April cases"
    if root.dep_ in {"nummod", "quantmod", "amod"} and root.head.pos_ in {"NOUN", "PROPN"}:
        return root.head
    if root.pos_ == "NOUN" and not root.like_num and root.lower_ not in SCALES:
        return root  # the unit is inside the figure: "300 tonnes"
    if root.dep_ in {"dobj", "attr", "npadvmod", "pobj"} and root.head.pos_ in {"VERB", "AUX"} | {"ADP"}:
        verb = root.head if root.head.pos_ != "ADP" else root.head.head
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None and subject.pos_ in {"NOUN", "PROPN"}:
            return subject
    if root.dep_ in {"nsubj", "dobj", "pobj", "attr", "appos"} and root.head.pos_ in {"NOUN", "PROPN"}:
        return root.head
    if root.dep_ in {"nsubj", "nsubjpass"} and root.head.pos_ == "VERB":
        return root  # "a further 3,000 arrived": the number is its own subject; the verb says what it counts
    if root.head.lower_ == "worth" and root.head.head.pos_ in {"NOUN", "PROPN"}:
        return root.head.head  # "goods worth $4.7 billion"
    if ent.label_ == "MONEY" and root.dep_ in {"dobj", "attr", "npadvmod", "pobj", "appos"}:
        return root  # "sent home a record $4.19 billion": an amount is a figure of its own
    return None


def _measure_tokens(noun: Token, ent: Span) -> list[Token]:
    """The counted noun with its modifiers and complements, and what the count did."""
    keep = [t for t in noun.subtree if t not in ent and t.dep_ not in {"det", "predet", "relcl", "punct"}
            and not (t.like_num and t.dep_ == "nummod")]
    keep = [t for t in keep if t.i - noun.i <= 10]
    verb = noun.head if noun.dep_ in {"nsubj", "nsubjpass"} and noun.head.pos_ in {"VERB", "AUX"} else None
    if verb is not None:
        keep.append(verb)
        for child in verb.children:
            if child.dep_ in {"prep", "dobj", "advcl", "xcomp", "acomp", "attr"} and child.i > verb.i:
                keep += [t for t in child.subtree if t.i - verb.i <= 10 and t.dep_ != "punct" and t not in ent]
    return sorted(set(keep), key=lambda t: t.i)


def _about(ctx: RuleContext, measure_tokens: Iterable[Token], sent: Span) -> list[Cluster]:
    """What a figure is about: the entities its measure names, else those of its sentence."""
    seen: dict[str, Cluster] = {}
    for tok in measure_tokens:
        cluster = ctx.at.get(tok.i) or (ctx.entity_of(tok) if tok.pos_ == "NOUN" else None)
        if cluster is not None:
            seen.setdefault(cluster.key, cluster)
    if not seen:
        for i in range(sent.start, sent.end):
            cluster = ctx.at.get(i)
            if cluster is not None and COARSE_CLASS[cluster.cls] == "Place":
                seen.setdefault(cluster.key, cluster)
    if not seen:  # "Last year the country logged 8,903 cases": who counted or where
        for tok in sent:
            if tok.dep_ in {"nsubj", "nsubjpass"} and tok.pos_ in {"NOUN", "PROPN"}:
                cluster = ctx.entity_of(tok)
                if cluster is not None and COARSE_CLASS[cluster.cls] != "Person":
                    seen.setdefault(cluster.key, cluster)
    return list(seen.values())


def _reporter(ctx: RuleContext, sent: Span) -> Cluster | None:
    """Who produced a figure: the source a sentence cites, or the subject of its reporting verb."""
    for tok in sent:
        if tok.lower_ in {"citing", "according"} or (tok.lower_ in {"data", "figures", "statistics"}
                                                      and any(c.lower_ == "from" for c in tok.children)):
            source = source_after(ctx, tok)
            if source is not None:
                return source
    for tok in sent:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in REPORT_VERBS:
            for child in tok.children:
                if child.dep_ == "nsubj":
                    cluster = ctx.entity_of(child)
                    if cluster is not None and COARSE_CLASS[cluster.cls] == "Organization":
                        return cluster
    return None
