"""Reported figures: a number, what it counts, what it is about, when, and who reported it.

A period the text names ("the third quarter of this year") is resolved against the article's
date (`extract.periods`); one it only refers back to ("over the same months") is the earlier
figure's.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..extensions import register_extensions
from ..gazetteer import Gazetteer
from ..amounts import Amount, is_spelled, read_amount, unit_of_measure
from ..lexicon import GROUP_NOUNS, MEMBER_TITLES, REPORT_VERBS
from ..periods import SAME_PERIOD as SAME_PERIOD_NAMED, explicit_year, resolve_period, shift_years
from ..records import COARSE_CLASS, Observation
from .coref import Cluster
from .relations import DEFAULT_CONFIDENCE, RuleContext, load_rule_confidence, sentence_evidence, source_after
from ..words import tokens_labelled, tokens_shaped

FIGURE_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
LENGTH_IN_MONTHS = re.compile(r"\b(?:over|in|during|for) the (?:full |whole |entire |same |past |last )?(\w+) months\b",
                              re.IGNORECASE)
# A sentence that counts within the period of the figure before it.
WHOLE_YEAR = re.compile(r"\b(?:over|in|during|for|across) the (?:entire|whole|full) year\b", re.IGNORECASE)
SAME_PERIOD = re.compile(r"\b(?:of (?:those|them|these)|(?:in|over|during|for) (?:the same|that)\b[^.;]{0,20}?"
                         r"\b(?:period|months?|weeks?|quarter|year|days|time))\b", re.IGNORECASE)
# Below this, a number spelled as a word ("two sides", "one of") is prose, not a reported figure.
MIN_SPELLED_FIGURE = 20
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24}
# Words that belong to an amount when they stand right after its number ("785 m", "1.8bn euros", "20 per cent").
SCALE_TOKENS = {"m", "bn", "b", "k", "mn", "mln", "tn", "million", "billion", "trillion", "thousand", "hundred",
                "%", "percent", "pc"}
RISE_WORDS = {"rise", "increase", "grow", "climb", "jump", "gain", "soar", "surge", "up", "raise", "boost", "rocket",
              "expand", "improve", "growth", "hike", "leap", "rose", "swell", "widen", "add"}
FALL_WORDS = {"fall", "drop", "decline", "decrease", "slip", "slide", "shrink", "cut", "lose", "plunge", "tumble",
              "down", "reduce", "sink", "dip", "lower", "slash", "trim", "reduction", "loss", "fell", "narrow",
              "contract", "shed"}
# Verbs whose subject is what an amount measures ("profits reached £2bn"); after others the verb is
# ("the ministry will spend €785m").
LEVEL_VERBS = {"reach", "total", "hit", "top", "exceed", "be", "stand", "amount", "near", "surpass", "pass",
               "double", "treble", "equal", "approach", "remain"}
# Words before a number that say it is not exact: (words, what the graph calls it)
APPROXIMATION_WORDS = (
    (("more", "than"), "more than"), (("upwards", "of"), "more than"), (("in", "excess", "of"), "more than"),
    (("over",), "more than"), (("above",), "more than"), (("at", "least"), "at least"), (("less", "than"), "less than"),
    (("fewer", "than"), "less than"), (("under",), "less than"), (("below",), "less than"), (("almost",), "less than"),
    (("nearly",), "less than"), (("up", "to"), "up to"), (("as", "many", "as"), "up to"), (("as", "much", "as"), "up to"),
    (("at", "most"), "up to"), (("about",), "about"), (("around",), "about"), (("approximately",), "about"),
    (("roughly",), "about"), (("some",), "about"), (("circa",), "about"), (("an", "estimated"), "about"),
    (("estimated",), "about"), (("close", "to"), "less than"),
)
# Nouns for people: figures counting nationals, students or troops count the same kind of thing.
PEOPLE_NOUNS = frozenset({
    "people", "person", "national", "citizen", "resident", "migrant", "refugee", "tourist", "visitor", "student",
    "worker", "soldier", "troop", "child", "adult", "patient", "voter", "pupil", "teacher", "individual", "civilian",
    "immigrant", "asylum", "seeker", "traveller", "traveler", "passenger", "member", "employee", "man", "woman",
    "men", "women", "youngster", "applicant", "graduate", "volunteer", "fighter", "casualty", "victim", "prisoner",
    "inhabitant", "household", "family", "delegate", "officer", "staff", "personnel", "recruit", "labourer",
    "laborer", "defector", "entrant",
} | {w.rstrip("s") for w in GROUP_NOUNS} | {w.rstrip("s") for w in MEMBER_TITLES if " " not in w})


@dataclass(frozen=True)
class FigureWords:
    """The words of one figure in a sentence: its tokens and the amount they state."""

    span: Span
    amount: Amount
    label: str  # the spaCy label of the entity it came from, or "" for a bare number


def parse_number(text: str) -> tuple[float, bool] | None:
    """The value of a number phrase, and whether it was spelled out in words.

    >>> parse_number("about 15,000"), parse_number("over one hundred"), parse_number("1.2 million")
    ((15000.0, False), (100.0, True), (1200000.0, False))
    >>> parse_number("first") is None
    True
    """
    amount = read_amount(text)
    return None if amount is None else (amount.value, is_spelled(text))


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
        found: dict[tuple[float, str | None, int], Observation] = {}
        compared: list[FigureWords] = []
        for words in figure_words(ctx):
            if any(s <= words.span.start_char < e for s, e in noise):
                continue
            figure = self.converted_figure(words, list(found.values())) or \
                self.read_figure(ctx, words, list(found.values()))
            if figure is not None:
                found.setdefault((figure.value, figure.unit, figure.evidence.start), figure)
            elif _is_comparison(words.span):
                compared.append(words)
        for words in compared:  # "1,872 entries in April, down from 2,455 in March"
            figure = self.compared_figure(ctx, words, found.values())
            if figure is not None:
                found.setdefault((figure.value, figure.unit, figure.evidence.start), figure)
        doc._.nkg_observations = list(found.values())
        return doc

    def compared_figure(self, ctx: RuleContext, words: FigureWords,
                        figures: Iterable[Observation]) -> Observation | None:
        """A number a sentence compares with its figure counts the same thing, at its own time."""
        ent, amount = words.span, words.amount
        evidence = sentence_evidence(ent.sent)
        figures = list(figures)
        main = next((f for f in figures if f.evidence.start == evidence.start and f.change is None), None)
        named = [ctx.at[t.i] for t in ent.sent if t.i in ctx.at and t.dep_ in {"nsubj", "nsubjpass"}]
        if main is None and named and figures and evidence.start - figures[-1].evidence.end <= 300:
            # "Spain led the European markets with 61,200": the last figure's measure, for what the sentence names
            last = max((f for f in figures if f.evidence.start < evidence.start and f.change is None),
                       key=lambda f: f.evidence.start, default=None)
            if last is not None:
                main = replace(last, about=tuple(dict.fromkeys(c.key for c in named)), reported_by=None)
        if main is None or (is_spelled(ent.text) and amount.value < MIN_SPELLED_FIGURE):
            return None
        if amount.unit is None and main.unit not in (None, "percent") and words.label in {"MONEY", ""}:
            amount = replace(amount, unit=main.unit)  # "£3.2bn, up from 2.9bn": the same currency
        if amount.unit != main.unit:
            return None  # "rose 20% from £650m": a percentage is not compared with an amount
        dates = [d for d in ctx.dates_in(ent.sent) if d.start >= ent.end]
        own_date = next((d for d in dates if d.start - ent.end <= 3), None)
        if own_date is None:  # "followed by Japan with 6,940": the main figure's period
            period = (main.period_start, main.period_end) if main.period_start else None
        elif SAME_PERIOD_NAMED.search(own_date.text.lower()):
            period = _same_period_of(ctx, own_date, main)
        else:
            period = resolve_period(_date_text(own_date), ctx.doc._.nkg_date)
        return replace(main, value=amount.value, upper=amount.upper, evidence=evidence,
                       approximation=_approximation(ent), change=None,
                       period_start=period[0] if period else None, period_end=period[1] if period else None)

    @staticmethod
    def converted_figure(words: FigureWords, earlier: list[Observation]) -> Observation | None:
        """ "$5bn (£2.6bn)", "7.5bn euros ($9.7bn)": an amount given again in another currency is the
        same figure in that currency."""
        ent, doc = words.span, words.span.doc
        before = doc[ent.start - 1] if ent.start > ent.sent.start else None
        if before is None or before.text not in {"(", ";", "/"} or words.amount.unit in (None, "percent"):
            return None
        last = earlier[-1] if earlier else None
        if last is None or last.evidence.start != ent.sent.start_char + (len(ent.sent.text) - len(
                ent.sent.text.lstrip())) or last.unit in (None, "percent", words.amount.unit):
            return None
        return replace(last, value=words.amount.value, upper=words.amount.upper, unit=words.amount.unit)

    def read_figure(self, ctx: RuleContext, words: FigureWords, earlier: list[Observation]) -> Observation | None:
        figure = read_figure(ctx, words, earlier)
        if figure is None:
            return None
        previous = earlier[-1] if earlier else None
        if not figure.about:
            # "From January to March, only 1,184 entries were logged": the same subject as the figure
            # just before, if that one is close (same or previous two sentences)
            if previous is None or words.span.sent.start_char - previous.evidence.start > 600:
                return None
            figure = replace(figure, about=previous.about, reported_by=figure.reported_by or previous.reported_by)
        if figure.period_start is None and figure.period_end is None:
            period = _period_referred_to(words.span.sent, earlier)
            if period is not None:
                figure = replace(figure, period_start=period[0], period_end=period[1])
        return replace(figure, confidence=self.confidence)


# A number's shape: a digit first, or a point and a digit (".5").
_NUMBER_SHAPE = re.compile(r"\.?d")


def figure_words(ctx: RuleContext) -> list[FigureWords]:
    """Every figure's words in the document, whole: the model's MONEY, PERCENT, CARDINAL and
    QUANTITY entities widened to the signs, scales and currency names it leaves out ("$" "5bn",
    "1.8bn euros", "£" "785" "m"), and numbers it does not tag at all."""
    doc = ctx.doc
    taken: set[int] = set()
    out: list[FigureWords] = []
    not_figures = tokens_labelled(doc, {"DATE", "TIME", "ORDINAL"})
    seeds: list[tuple[int, int, str]] = [(e.start, e.end, e.label_) for e in doc.ents if e.label_ in FIGURE_LABELS]
    in_ent = {i for start, end, _ in seeds for i in range(start, end)}
    seeds += [(t.i, t.i + 1, "") for t in tokens_shaped(doc, _NUMBER_SHAPE) if t.i not in in_ent
              and t.i not in not_figures and t.i not in ctx.at and not re.search(r"[a-z]{3}", t.lower_)]
    for start, end, label in sorted(seeds):
        if start in taken:
            continue
        while start > 0 and _is_sign(doc[start - 1]):
            start -= 1
        while end < len(doc) and (doc[end].lower_.rstrip(".") in SCALE_TOKENS or _is_currency_name(doc[end]) or
                                  (doc[end].lower_ == "per" and end + 1 < len(doc) and doc[end + 1].lower_ == "cent")):
            end += 2 if doc[end].lower_ == "per" else 1
        span = doc[start:end]
        taken.update(range(start, end))
        if any(i in not_figures for i in range(start, end)) or not _is_amount(span):
            continue
        after = doc[end] if end < len(doc) else None
        # "£785m", and "1.6m Muslims": millions; "cleared 1.76m": metres
        millions = label == "MONEY" or (after is not None and after.tag_ in {"NNS", "NNPS"} and label != "QUANTITY"
                                        and span.root.dep_ in {"nummod", "compound", "quantmod", "det", "nmod"})
        if start > 0 and _in_name(ctx, doc[start - 1], span.root) and label in {"CARDINAL", ""}:
            continue  # "BBC 3", "Formula 1": a number in a name
        amount = read_amount(span.text, money=millions)
        if amount is None or (label == "" and amount.unit in (None, "percent")):
            continue  # a bare number the model saw as none of its figures: a year, a date, a code
        out.append(FigureWords(span, amount, label))
    return out


def _in_name(ctx: RuleContext, before: Token, number: Token) -> bool:
    """Whether a number goes with the name just before it ("a BBC 3 documentary", "Formula 1
    teams"), not with the sentence ("entered Estonia 9,418 times")."""
    if before.i not in ctx.at or before.is_punct:
        return False
    return number.head == before or before.head == number or (before.head == number.head and
                                                               before.dep_ == "compound")


def _is_sign(token: Token) -> bool:
    from ..amounts import currency_of

    return not token.is_alpha and currency_of(token.text) is not None or (
        token.is_upper and len(token.text) == 3 and currency_of(token.text) is not None)


def _is_currency_name(token: Token) -> bool:
    from ..amounts import currency_of

    return token.is_alpha and token.is_lower and currency_of(token.text) is not None


def _is_amount(span: Span) -> bool:
    """Whether words that hold a number state an amount: not a score ("6-2"), odds or a ratio
    ("5/1"), a clock time ("1200 GMT") or a number inside a title ("Million Dollar Baby")."""
    text = span.text
    doc = span.doc
    after_text = doc[span.end:span.end + 2].text
    before_text = doc[max(0, span.start - 2):span.start].text
    if re.match(r"^[-–]\s*\d", after_text) or re.search(r"\d\s*[-–]$", before_text):
        return False  # "beaten 19-13": one side of a score
    if re.search(r"[a-z]-(?:dollar|pound|euro|rouble|yen)", text.lower()):
        return False  # "a billion-dollar dent": an adjective, not an amount reported
    if re.search(r"\d\s*/\s*\d", text) or re.fullmatch(r"\(?\d{1,2}\s*[-–]\s*\d{1,2}\)?", text.strip()):
        return False
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and (after.text.upper() in _time_zones() or after.lower_ in {"am", "pm", "a.m.", "p.m.",
                                                                                        "hrs", "hours"}
                              and re.fullmatch(r"\d{3,4}|\d{1,2}[.:]\d\d", text)):
        return False
    if is_spelled(text) and text[:1].isupper() and span.start != span.sent.start:
        return False
    return True


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    """Abbreviations that follow a clock time ("GMT", "UTC", "EST"), from the system's tz database."""
    import zoneinfo

    return frozenset(z for z in zoneinfo.available_timezones() if z.isalpha() and z.isupper() and len(z) <= 4)


def read_figure(ctx: RuleContext, words: FigureWords, earlier: list[Observation] = ()) -> Observation | None:
    """The observation one figure's words make, or None when they count nothing named; `about`
    may be empty (the caller decides), confidence is filled in by the caller."""
    ent, amount = words.span, words.amount
    if is_spelled(ent.text) and amount.value < MIN_SPELLED_FIGURE:
        return None
    noun, change = _counted_noun(ctx, ent, amount)
    if noun is None or (noun not in ent and (noun.like_num or noun.lower_ in SCALE_TOKENS or _is_sign(noun))):
        return None  # a number that counts nothing named ("October 8 and 13"), or only another number
    unit = amount.unit
    if unit is None and noun.pos_ == "NOUN" and unit_of_measure(noun.text):
        unit, noun = noun.lower_, _measured_in(ctx, noun)  # "4,500 tonnes": tonnes is the unit
        if noun is None:
            return None
    sent = ent.sent
    measure_tokens = _measure_tokens(ctx, noun, ent)
    if noun in ent and noun.dep_ in {"nsubj", "nsubjpass"} and noun.head.pos_ == "VERB":
        # "a further 3,000 arrived": the number is its own subject; the verb says what it counts
        measure_tokens = [t for t in _clause_tokens(noun, ent) if t not in ent and not t.like_num]
        measure = _words(_phrase(measure_tokens, noun.head)) or noun.head.lemma_
    elif noun.pos_ == "VERB" or noun in ent:
        measure_tokens = [t for t in measure_tokens if t not in ent and not t.like_num]
        measure = _verb_measure(noun, ent) if noun.pos_ == "VERB" else "amount"
    else:
        measure = _words(measure_tokens) or noun.lemma_
    about = _about(ctx, measure_tokens + _clause_tokens(noun, ent), sent)
    period = _figure_period(ctx, ent, earlier, change)
    if period is None and change is not None and earlier and earlier[-1].evidence.start == sent.start_char + (
            len(sent.text) - len(sent.text.lstrip())) and earlier[-1].period_start:
        # "1.12 million visitors between January and April, up 17%": the change over that figure's period
        period = (earlier[-1].period_start, earlier[-1].period_end)
    reporter = _reporter(ctx, sent)
    return Observation(
        value=amount.value, measure=measure, about=tuple(c.key for c in about), evidence=sentence_evidence(sent),
        extractor=FigureExtractor.RULE, confidence=DEFAULT_CONFIDENCE,
        period_start=period[0] if period else None, period_end=period[1] if period else None,
        reported_by=reporter.key if reporter else None, unit=unit, upper=amount.upper,
        approximation=_approximation(ent), change=change,
        # a noun counts a kind of thing; a clause or a verb ("7% think …", "could cost …") only itself
        counted=measure.lower() if noun in ent or noun.pos_ == "VERB" else _kind_counted(noun, measure_tokens),
    )


def _verb_measure(verb: Token, ent: Span) -> str:
    """What an amount a verb takes measures: the verb with its object and first complement,
    "cost UK", "spend on identity cards", without the amount itself."""
    doc = verb.doc
    dates = tokens_labelled(doc, {"DATE", "TIME"})
    words = [verb.lemma_.lower()]
    for child in verb.children:
        if child.i in range(ent.start, ent.end) or child.i in dates:
            continue
        if child.dep_ in {"dobj", "dative"} and child.pos_ in {"NOUN", "PROPN"}:
            words += [t.text for t in child.subtree if t.dep_ not in {"det", "punct"} and t.i not in dates
                      and t not in ent and not t.like_num][:4]
        elif child.dep_ == "prep" and child.lower_ in {"on", "for", "to", "into"} and len(words) < 6:
            phrase = [t for t in child.subtree if t.dep_ not in {"det", "punct"} and t.i not in dates
                      and t not in ent and not t.like_num][:5]
            while phrase and phrase[-1].pos_ in {"ADP", "CCONJ", "PART"}:
                phrase.pop()
            if len(phrase) > 1:
                words += [t.text for t in phrase]
    return " ".join(words)


def _kind_counted(noun: Token, measure_tokens: list[Token]) -> str:
    """What kind of thing a figure counts, for telling figures apart across documents: "people"
    for any noun of people (nationals, students, troops), else the counted noun's lemma."""
    lemma = noun.lemma_.lower()
    if lemma in PEOPLE_NOUNS or noun.lower_.rstrip("s") in PEOPLE_NOUNS or noun.ent_type_ == "NORP":
        return "people"
    return lemma


def _approximation(ent: Span) -> str | None:
    """How the text hedges a number: "about 300", "more than 900", "up to 30", "300 or so"."""
    doc = ent.doc
    words = [t.lower_ for t in ent if not (t.like_num or _is_sign(t) or t.lower_ in SCALE_TOKENS)]
    lead = [t.lower_ for t in doc[max(ent.sent.start, ent.start - 3):ent.start]]
    for phrase, name in APPROXIMATION_WORDS:
        n = len(phrase)
        if tuple(words[:n]) == phrase or tuple(lead[-n:]) == phrase:
            return name
    tail = [t.lower_ for t in doc[ent.end:min(ent.end + 2, ent.sent.end)]]
    if tail == ["or", "so"]:
        return "about"
    if tail == ["or", "more"]:
        return "at least"
    return None
def _period_referred_to(sent: Span, earlier: list[Observation]) -> tuple[str, str] | None:
    """The period of an earlier figure a sentence refers back to: "Of those, 1,412 …" and "over
    the same months" count within the last figure's period; "over the full six months" within
    the last period six months long; "over the entire year" within the year of the last one."""
    dated = [f for f in earlier if f.period_start and f.period_end]
    if not dated:
        return None
    months = LENGTH_IN_MONTHS.search(sent.text)
    if months:
        word = months.group(1).lower()
        length = NUMBER_WORDS.get(word) or (int(word) if word.isdigit() else 0)
        for figure in reversed(dated):
            start, end = figure.period_start, figure.period_end
            span = (int(end[:4]) - int(start[:4])) * 12 + int(end[5:7]) - int(start[5:7]) + 1
            if span == length:
                return start, end
    if WHOLE_YEAR.search(sent.text):
        year = dated[-1].period_start[:4]
        if dated[-1].period_end[:4] == year:
            return f"{year}-01-01", f"{year}-12-31"
        return None
    if SAME_PERIOD.search(sent.text):
        return dated[-1].period_start, dated[-1].period_end
    return None


def _figure_period(ctx: RuleContext, ent: Span, earlier: list[Observation] = (),
                   change: str | None = None) -> tuple[str, str] | None:
    """The period a figure's sentence names for it: of the time expressions that name a period
    at all ("a year earlier" names none), the one right after the figure ("310 students in the
    first half", "130 students it reported in April 2024"), else one that is not the time of the
    telling ("said in June that …"), else the nearest ("In April, the ministry told the Duma
    that 948 students were enrolled")."""
    published = ctx.doc._.nkg_date
    dated = []
    doc = ent.doc
    for date in ctx.dates_in(ent.sent):
        between = doc[ent.end:date.start] if date.start >= ent.end else doc[date.end:ent.start]
        if any(t.like_num and t.ent_type_ in FIGURE_LABELS for t in between) and date.start >= ent.end:
            continue  # "291,500, compared with 248,300 in April 2024": the other number's date
        if _other_conjunct(date.root, ent.root):
            continue  # "45 million children will die, and budgets are half their 1960 levels"
        if change and date.start >= ent.end and doc[date.start - 1].lower_ in {"from", "on", "than", "over"} \
                and date.root.head.lower_ in {"from", "on", "than", "over"}:
            continue  # "up 17% from the same period a year earlier": what the change is measured against
        text = _date_text(date)
        if SAME_PERIOD_NAMED.search(text.lower()):
            period = _same_period_of(ctx, date, earlier[-1] if earlier else None)
        else:
            period = resolve_period(_with_lead(date, text), published)
        if period is not None:
            dated.append((date, period))
    if not dated:
        return None
    _, period = min(dated, key=lambda dp: (not 0 <= dp[0].start - ent.end <= 8, _when_told(dp[0]),
                                           abs(dp[0].start - ent.start)))
    return period


def _clause_verb(token: Token) -> Token | None:
    for tok in (token, *token.ancestors):
        if tok.pos_ in {"VERB", "AUX"}:
            return tok
    return None


def _other_conjunct(date: Token, figure: Token) -> bool:
    """Whether a date sits in a clause joined to the figure's by "and"/"but", not in its own."""
    date_verb, figure_verb = _clause_verb(date), _clause_verb(figure)
    if date_verb is None or figure_verb is None or date_verb == figure_verb:
        return False
    # a date on the first clause covers the verbs joined to it ("In August they shut 700 sites and
    # arrested 224 people"); one inside a later conjunct is that clause's own
    return date_verb.dep_ == "conj" and figure_verb in date_verb.ancestors


def _with_lead(date: Span, text: str) -> str:
    """A date's words with those before it that change the period: "since", "so far"."""
    doc = date.doc
    before = [t.lower_ for t in doc[max(date.sent.start, date.start - 2):date.start]]
    if before[-1:] and before[-1] in {"before", "by", "until", "till", "after"}:
        return ""  # "by 2015", "before 2008": a deadline or an edge, not the period a figure covers
    if before[-1:] == ["since"]:
        return f"since {text}"
    if before[-2:] == ["so", "far"]:
        return f"so far {text}"
    return text


def _same_period_of(ctx: RuleContext, date: Span, other: Observation | None) -> tuple[str, str] | None:
    """ "The same period last year", "the same quarter of 2023": the months of the figure it is
    compared with, in the year it names, counted from that figure's year; none without one."""
    if other is None or not other.period_start or not other.period_end:
        return None
    doc = date.doc
    words = doc[date.start:min(date.end + 3, date.sent.end)].text.lower()
    year = explicit_year(words)
    if year is not None:
        return shift_years((other.period_start, other.period_end), year - int(other.period_start[:4]))
    if re.search(r"\b(?:last|previous|prior)\s+year\b|\byear\s+(?:earlier|before|ago)\b", words):
        return shift_years((other.period_start, other.period_end), -1)
    return None


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


def _counted_noun(ctx: RuleContext, ent: Span, amount: Amount) -> tuple[Token | None, str | None]:
    """The noun a number counts, and whether the number is a change of it ("increase",
    "decrease") rather than its level: "3,765 North Korean nationals" → nationals; "300 tonnes of
    fish" → tonnes; "profits rose 12 percent" → profits, an increase; "cut tax by £4bn" → tax, a
    decrease; "the debt fell to 1.8bn euros" → debt, its new level."""
    root = ent.root
    money = amount.unit not in (None, "percent")
    doc = ent.doc
    if money and root.pos_ == "VERB" and ent.start >= 2 and doc[ent.start - 1].lower_ == "of" \
            and doc[ent.start - 2].pos_ == "NOUN":
        return doc[ent.start - 2], None  # "sales of 4.7 trillion won", the currency parsed as a verb
    if money and root.pos_ == "VERB" and ent.start >= 1 and doc[ent.start - 1].pos_ == "ADP" \
            and doc[ent.start - 1].head.pos_ == "VERB":
        verb = doc[ent.start - 1].head  # "exports rose to 1.9 trillion won"
        subject = _subject(ctx, verb)
        if subject is not None and subject.i not in ctx.at:
            return subject, (_direction(verb) if doc[ent.start - 1].lower_ == "by" else None)
    for tok in ent:
        if tok.dep_ in {"nummod", "quantmod", "det", "compound", "nmod"} and tok.head.pos_ in {"NOUN", "PROPN"} \
                and tok.head not in ent and not tok.head.like_num and tok.head.lower_ not in SCALE_TOKENS:
            return _noun_of_change(tok.head)
    for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"):
        for pobj in (p for p in prep.children if p.dep_ == "pobj" and p.pos_ == "NOUN"):
            return pobj, None  # "52 of the April cases"
    if root.pos_ == "NOUN" and not root.like_num and root.lower_ not in SCALE_TOKENS and not money \
            and root.lower_ not in {"%", "percent"}:
        # the unit is inside the figure ("4,500 tonnes"): what is measured is what the clause says,
        # unless a person's performance is timed or measured ("crossed the line in 6.67 secs")
        return root, None
    head = root.head
    if money and root.dep_ == "pobj" and head.lower_ in {"from", "than", "with"}:
        return None, None  # "up from £650m": the figure it is compared with says what it counts
    if head.lower_ in {"up", "down"} and root.dep_ in {"npadvmod", "pobj", "dobj"}:
        verb = head.head  # "sales rose, up 20%": a change of what the verb's subject names
        subject = _subject(ctx, verb)
        return (subject, "increase" if head.lower_ == "up" else "decrease") if subject is not None else (None, None)
    word_before = doc[ent.start - 1].lower_ if ent.start > ent.sent.start else ""
    by = (head.lower_ == "by" and root.dep_ == "pobj") or word_before == "by"
    # "rose to £410m", "stood at 5%": the new level, however the parser attached the words
    to_level = (root.dep_ == "pobj" and head.lower_ in {"to", "at"}) or word_before in {"to", "at"}
    verb = head.head if head.pos_ == "ADP" or head.dep_ == "prep" else head  # "…, including some 600"
    if root.dep_ in {"dobj", "attr", "npadvmod", "pobj", "advmod", "oprd"} and verb.pos_ in {"VERB", "AUX"}:
        change = None if to_level else _direction(verb)
        thing = _object(verb, ent) if by or (change and _subject(ctx, verb) is None) else None
        thing = thing or _subject(ctx, verb) or (verb.head if verb.dep_ in {"relcl", "acl"}
                                                 and verb.head.pos_ == "NOUN" else None)
        if thing is not None and thing.i in ctx.at and _is_comparison(ent):
            return None, None  # "Spain led with 61,200": the figure compared with says what is counted
        if money and root.dep_ == "dobj" and thing is not None and not change \
                and verb.lemma_.lower() not in LEVEL_VERBS:
            return verb, None  # "the government will spend €785m": who spends is not what is measured
        if thing is not None and not _is_person(ctx, thing):
            return thing, change if root.dep_ != "pobj" or by else None
        if thing is not None and not money and amount.unit != "percent":
            return None, None  # "Gardener clocked 6.56 seconds": a performance, not a reported figure
    if root.dep_ in {"nsubj", "dobj", "pobj", "attr", "appos"} and head.pos_ in {"NOUN", "PROPN"} and not money:
        return head, None
    if root.dep_ == "pobj" and head.pos_ == "ADP" and head.lower_ not in {"from", "than", "with", "by"} \
            and head.head.pos_ == "NOUN" and not head.head.like_num:
        # "a capitalisation of £5.7bn", "donations over £5,000", "an increase in the rate to £5.35"
        noun, direction = _noun_of_change(head.head)
        return noun, (None if head.lower_ in {"to", "at", "of"} else direction)
    if root.dep_ in {"nsubj", "nsubjpass"} and head.pos_ == "VERB":
        return root, None  # "a further 3,000 arrived": the number is its own subject; the verb says what it counts
    if head.lower_ == "worth" and head.head.pos_ in {"NOUN", "PROPN"}:
        return head.head, None  # "goods worth $4.7 billion"
    if money and root.dep_ in {"dobj", "attr", "npadvmod", "pobj", "appos", "conj"}:
        # "sent home a record $4.19 billion", "it will cost £1bn": an amount is a figure of its own,
        # of what the verb says
        return (verb if verb.pos_ == "VERB" else root), None
    return None, None


def _measured_in(ctx: RuleContext, unit: Token) -> Token | None:
    """What a figure in a unit of measure measures: "300 tonnes of fish" → fish, "exports reached
    4,500 tonnes" → exports, "91 days away from their club" → days; None for a person's time or
    distance ("crossed the line in 7.12 secs") or a length with nothing it is of ("37cm short")."""
    for prep in (c for c in unit.children if c.dep_ == "prep" and c.lower_ == "of"):
        for pobj in (p for p in prep.children if p.dep_ == "pobj" and p.pos_ in {"NOUN", "PROPN"}):
            return pobj
    verb = _verb_of(unit)
    if verb is None:
        return None
    if _has_person_subject(ctx, verb):
        return None
    subject = _subject(ctx, verb)
    return subject if subject is not None and subject.i not in ctx.at else unit


def _verb_of(token: Token) -> Token | None:
    """The verb a number's phrase hangs from, through a preposition: "reached 4,500 tonnes"."""
    head = token.head
    if head.pos_ == "ADP":
        head = head.head
    return head if head.pos_ in {"VERB", "AUX"} and head != token else None


def _has_person_subject(ctx: RuleContext, verb: Token) -> bool:
    for candidate in (verb, verb.head if verb.dep_ in {"xcomp", "conj", "advcl", "relcl"} else None):
        if candidate is None:
            continue
        for child in candidate.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and (_is_person(ctx, child) or child.lower_ in
                                                          {"he", "she", "who", "i"}):
                return True
    return False


def _noun_of_change(noun: Token) -> tuple[Token, str | None]:
    """ "a 20% rise in sales": sales, an increase; any other noun: itself, a level."""
    lemma = noun.lemma_.lower()
    direction = "increase" if lemma in RISE_WORDS else "decrease" if lemma in FALL_WORDS else None
    if direction is None:
        return noun, None
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"in", "of"}):
        for pobj in (p for p in prep.children if p.dep_ == "pobj" and p.pos_ in {"NOUN", "PROPN"}):
            return pobj, direction
    compound = next((c for c in noun.children if c.dep_ == "compound" and c.pos_ == "NOUN"), None)
    return (compound or noun), direction


def _direction(verb: Token) -> str | None:
    lemma = verb.lemma_.lower()
    return "increase" if lemma in RISE_WORDS else "decrease" if lemma in FALL_WORDS else None


def _subject(ctx: RuleContext, verb: Token) -> Token | None:
    """The verb's subject, or the subject of the verb it completes ("expected to rise")."""
    for candidate in (verb, verb.head if verb.dep_ in {"xcomp", "conj", "advcl"} else None):
        if candidate is None:
            continue
        subject = next((c for c in candidate.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None and subject.pos_ in {"NOUN", "PROPN"}:
            return subject
    return None


def _object(verb: Token, ent: Span) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ in {"NOUN", "PROPN"} and c not in ent), None)


def _is_person(ctx: RuleContext, token: Token) -> bool:
    """A person, or a noun a person's name stands beside ("the sprinter Anna Ozola")."""
    for tok in (token, *(c for c in token.children if c.dep_ in {"appos", "compound"})):
        cluster = ctx.at.get(tok.i)
        if (cluster is not None and COARSE_CLASS[cluster.cls] == "Person") or tok.ent_type_ == "PERSON":
            return True
    return False


def _measure_tokens(ctx: RuleContext, noun: Token, ent: Span) -> list[Token]:
    """The noun phrase of what a figure counts: the counted noun with its modifiers and the
    phrases that say which ones ("North Korean nationals entering Russia for study"), without
    the figure, other numbers, the period, clauses and asides."""
    doc = noun.doc
    dates = tokens_labelled(doc, {"DATE", "TIME"})
    figures = tokens_labelled(doc, FIGURE_LABELS)
    skip = set(range(ent.start, ent.end)) | dates | figures
    keep: list[Token] = []

    def walk(tok: Token, depth: int) -> None:
        for child in tok.children:
            if child.dep_ in {"det", "predet", "punct", "relcl", "appos", "cc", "conj", "advcl", "parataxis",
                              "nsubj", "nsubjpass", "aux", "auxpass", "neg", "mark", "case"} \
                    or child.i in skip or (child.like_num and child.dep_ == "nummod"):
                continue
            if child.dep_ == "prep" and any(g.i in dates or g.i in skip for g in child.children):
                continue  # "in the first half", "by £5bn"
            if abs(child.i - noun.i) > 8 or depth > 3:
                continue
            keep.append(child)
            walk(child, depth + 1)

    keep.append(noun)
    walk(noun, 0)
    keep = sorted(set(keep), key=lambda t: t.i)
    # one stretch of words around the noun: nothing across a comma or a gap
    run = [noun]
    for tok in reversed([t for t in keep if t.i < noun.i]):
        if run[0].i - tok.i > 1 and not all(doc[j].dep_ in {"det", "punct"} and doc[j].text != ","
                                            for j in range(tok.i + 1, run[0].i)):
            break
        run.insert(0, tok)
    for tok in [t for t in keep if t.i > noun.i]:
        if tok.i - run[-1].i > 1 and not all(doc[j].dep_ == "det" for j in range(run[-1].i + 1, tok.i)):
            break
        run.append(tok)
    while run and (run[-1].dep_ in {"prep", "cc", "aux", "case"} or run[-1].pos_ in {"ADP", "VERB", "PART"}) \
            and run[-1] is not noun:
        run.pop()  # "donations totalling": a verb whose object was the figure says nothing more
    while run and run[0].dep_ in {"case", "prep"}:
        run.pop(0)
    return run or [noun]


def _phrase(tokens: list[Token], verb: Token) -> list[Token]:
    """The verb and its complements up to the first date, number or comma: "came on official business"."""
    doc = verb.doc
    stop = tokens_labelled(doc, {"DATE", "TIME"} | FIGURE_LABELS)
    out = []
    for tok in sorted((t for t in tokens if t.i >= verb.i), key=lambda t: t.i):
        if tok.i in stop or tok.text in {",", ";", "(", "—", "-"} or (out and tok.i != out[-1].i + 1):
            break
        out.append(tok)
    while out and (out[-1].pos_ in {"ADP", "CCONJ", "DET"}):
        out.pop()
    return out


def _clause_tokens(noun: Token, ent: Span) -> list[Token]:
    """What the clause says of the counted noun ("3,200 tourists visited Seoul"): where the
    entities a figure is about are named when its noun phrase names none of them."""
    keep = [t for t in noun.subtree if t not in ent and t.i - noun.i <= 10]
    verb = noun.head if noun.dep_ in {"nsubj", "nsubjpass"} and noun.head.pos_ in {"VERB", "AUX"} else None
    if verb is not None:
        keep.append(verb)
        for child in verb.children:
            if child.dep_ in {"prep", "dobj", "advcl", "xcomp", "acomp", "attr"} and child.i > verb.i:
                keep += [t for t in child.subtree if t.i - verb.i <= 10 and t.dep_ != "punct" and t not in ent]
    return keep


def _words(tokens: list[Token]) -> str:
    """Tokens as text, keeping the document's own spacing between neighbours."""
    out = ""
    for i, tok in enumerate(tokens):
        out += tok.text
        if i + 1 < len(tokens):
            out += tok.whitespace_ if tokens[i + 1].i == tok.i + 1 else " "
    return out.strip()


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
