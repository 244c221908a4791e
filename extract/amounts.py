"""The amount a figure's words state: the number scaled, the upper end of a range, and the unit.

"£2.6bn" is 2600000000 GBP, "785m" 785000000, "3.5%" 3.5 percent, "between 3,000 and 5,000"
3000 up to 5000. Money is named by its ISO 4217 code; which code a sign or a currency's name
stands for comes from the Unicode CLDR data that Babel ships, not from a list kept here.

>>> read_amount("£2.6bn")
Amount(value=2600000000.0, upper=None, unit='GBP')
>>> read_amount("1.8bn euros")
Amount(value=1800000000.0, upper=None, unit='EUR')
>>> read_amount("between 3,000 and 5,000")
Amount(value=3000.0, upper=5000.0, unit=None)
>>> read_amount("3.5 per cent")
Amount(value=3.5, upper=None, unit='percent')
>>> read_amount("two million")
Amount(value=2000000.0, upper=None, unit=None)
>>> read_amount("first") is None
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "dozens": 12, "a": 1, "an": 1,
}
# Suffixes and words that multiply the number before them ("785m" only in money: "1.76m" is metres).
SCALES = {"hundred": 100, "thousand": 1_000, "k": 1_000, "million": 1_000_000, "mn": 1_000_000, "mln": 1_000_000,
          "billion": 1_000_000_000, "bn": 1_000_000_000, "trillion": 1_000_000_000_000, "tn": 1_000_000_000_000}
MONEY_ONLY_SCALES = {"m": 1_000_000, "b": 1_000_000_000}
PERCENT = re.compile(r"%|\bper ?cent\b|\bpercent(?:age points?)?\b", re.IGNORECASE)
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+"
_SCALE_WORDS = "|".join(sorted({*SCALES, *MONEY_ONLY_SCALES}, key=len, reverse=True))
# "3,000 to 5,000", "between 2 and 3 million", "10-15%": two numbers joined as a range
RANGE = re.compile(rf"({_NUMBER})\s*(?:({_SCALE_WORDS})\b)?\s*(?:-|–|—|\bto\b|\band\b)\s*\D{{0,4}}?({_NUMBER})",
                   re.IGNORECASE)


@dataclass(frozen=True)
class Amount:
    value: float
    upper: float | None = None  # the top of a range; `value` is its bottom
    unit: str | None = None  # ISO 4217 code, "percent", or None for a plain count


def read_amount(text: str, *, money: bool | None = None) -> Amount | None:
    """The amount `text` states, or None when it holds no number. `money` says whether the
    words are an amount of money when the text alone cannot tell (a "m" suffix is millions in
    money, metres elsewhere)."""
    s = text.replace("\u00a0", " ").strip()
    unit = "percent" if PERCENT.search(s) else currency_of(s)
    is_money = bool(unit and unit != "percent") or bool(money)
    scales = {**SCALES, **MONEY_ONLY_SCALES} if is_money else SCALES
    plain = s.lower()
    ranged = RANGE.search(plain)
    if ranged and not _is_date_like(ranged):
        low, high = _decimal(ranged.group(1)), _decimal(ranged.group(3))
        tail = plain[ranged.end():]
        shared_scale = _scale(tail, scales)
        low_scale = _scale(ranged.group(2) or "", scales) if ranged.group(2) else shared_scale
        if low is not None and high is not None:
            value, upper = float(low * low_scale), float(high * shared_scale)
            if upper > value:
                return Amount(value, upper, unit)
    digits = re.search(_NUMBER, plain)
    if digits:
        number = _decimal(digits.group())
        if number is None:
            return None
        # in Decimal: 4.19 billion is 4190000000, not 4190000000.0000005
        return Amount(float(number * _scale(plain[digits.end():], scales)), None, unit)
    words = re.findall(r"[a-z]+", plain)
    if {"several", "hundreds", "thousands", "millions", "billions", "few", "many"} & set(words):
        return None  # "several hundred": no number to chart
    total = sum(WORD_NUMBERS[w] for w in words if w in WORD_NUMBERS and w not in {"a", "an"})
    scale = max((Decimal(SCALES[w]) for w in words if w in SCALES), default=Decimal(1))
    if total == 0 and scale > 1:
        total = 1  # "a million"
    return Amount(float(Decimal(total) * scale), None, unit) if total else None


def is_spelled(text: str) -> bool:
    """Whether a number is written in words only ("two", "a million")."""
    return not re.search(r"\d", text)


def _is_date_like(match: re.Match[str]) -> bool:
    # "2023-24" is a span of years, not a range of amounts
    return bool(re.fullmatch(r"(19|20)\d\d", match.group(1))) and len(match.group(3)) in (2, 4)


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _scale(text: str, scales: dict[str, int]) -> Decimal:
    """The multiplier the first scale word or suffix right after a number names."""
    match = re.match(r"\s*(" + "|".join(sorted(scales, key=len, reverse=True)) + r")\b", text)
    return Decimal(scales[match.group(1)]) if match else Decimal(1)


@lru_cache(maxsize=8192)  # asked of every token near a figure: "$", "5bn", "euros" again and again
def currency_of(text: str) -> str | None:
    """The ISO 4217 code of the currency a figure's words name by sign, code or name.

    >>> currency_of("$5bn"), currency_of("7.5bn euros"), currency_of("300 roubles"), currency_of("₩2 trillion")
    ('USD', 'EUR', 'RUB', 'KRW')
    >>> currency_of("US$40m"), currency_of("RUB 12bn"), currency_of("12,000 students") is None
    ('USD', 'RUB', True)
    """
    signs, names, codes = _currency_tables()
    for sign in _signs_longest_first():
        if sign in text:
            return signs[sign]
    lowered = text.lower()
    for name, pattern in _name_patterns():
        if name in lowered and pattern.search(lowered):  # the cheap test first: most figures name none
            return names[name]
    for code in re.findall(r"\b[A-Z]{3}\b", text):
        if code in codes:
            return code
    return None


@lru_cache(maxsize=1)
def _signs_longest_first() -> tuple[str, ...]:
    return _longest_first(_currency_tables()[0])


@lru_cache(maxsize=1)
def _name_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each currency name, longest first, with its whole-word pattern compiled once: compiled
    per call, the few hundred names pushed everything out of `re`'s cache and cost most of a
    build's time."""
    return tuple((name, re.compile(rf"\b{re.escape(name)}\b")) for name in _longest_first(_currency_tables()[1]))


def _longest_first(table: dict[str, str]) -> tuple[str, ...]:
    return tuple(sorted(table, key=len, reverse=True))


@lru_cache(maxsize=1)
def _currency_tables() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """Signs ("$", "£", "US$"), names ("euros", "us dollars", "roubles") and codes, from CLDR.

    A bare name that several currencies share ("dollars", "pounds") means the one whose English
    sign is a single character (the US dollar's "$", the pound sterling's "£"), else the one
    whose sign at home is ("roubles": the Russian rouble's "₽"), else none."""
    from babel import Locale

    english, british = Locale("en"), Locale("en", "GB")
    current = {code for code, name in english.currencies.items() if "(" not in name and code.isalpha()}
    signs: dict[str, str] = {}
    for locale in (english, british):
        for code, sign in locale.currency_symbols.items():
            if code in current and sign != code and not sign.isalpha() and sign != "¤":
                signs.setdefault(sign, code)
    full: dict[str, str] = {}
    by_last_word: dict[str, set[str]] = {}
    for locale in (english, british):
        for code in current:
            for form in _currency_forms(locale, code):
                full.setdefault(form, code)
                by_last_word.setdefault(form.rsplit(" ", 1)[-1], set()).add(code)
    names = dict(full)
    single_sign = {code for sign, code in signs.items() if len(sign) == 1}
    for word, codes in by_last_word.items():
        if word in names:
            continue
        preferred = codes & single_sign
        if len(codes) == 1:
            names[word] = next(iter(codes))
        elif len(preferred) == 1:
            names[word] = next(iter(preferred))
        elif _own_sign(codes):
            names[word] = _own_sign(codes)
    return signs, names, frozenset(current)


def _currency_forms(locale: object, code: str) -> list[str]:
    from babel.numbers import get_currency_name

    forms = {locale.currencies[code].lower()}  # type: ignore[attr-defined]
    try:
        forms.add(get_currency_name(code, count=2, locale=locale).lower())
        forms.add(get_currency_name(code, count=1, locale=locale).lower())
    except (KeyError, ValueError):
        pass
    return sorted(forms)


def _own_sign(codes: set[str]) -> str | None:
    """Of currencies sharing a name, the one whose sign at home is a single character (the
    rouble's "₽" in Russian, where the Belarusian rouble's is "Br")."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    signed = set()
    for territory, spans in get_global("territory_currencies").items():
        current = [c for c, _, end, tender in spans if end is None and tender]
        if not current or current[0] not in codes:
            continue
        try:
            home = Locale.parse(f"und_{territory}")
        except (UnknownLocaleError, ValueError):
            continue
        sign = home.currency_symbols.get(current[0], "")
        if len(sign) == 1 and not sign.isalpha():
            signed.add(current[0])
    return next(iter(signed)) if len(signed) == 1 else None


# The kinds of physical quantity news measures figures in; a unit of another kind ("units" is a
# unit of luminance to pint) is taken for a plain noun.
_MEASURED_DIMENSIONS = ("[time]", "[length]", "[mass]", "[length] ** 2", "[length] ** 3", "[length] / [time]",
                        "[temperature]", "[mass] * [length] ** 2 / [time] ** 2",
                        "[mass] * [length] ** 2 / [time] ** 3")


def unit_of_measure(word: str) -> str | None:
    """The canonical name of the physical unit a word names ("secs" → "second", "tonnes" →
    "metric_ton"), from pint's unit registry; None for a word that names none ("students").

    >>> unit_of_measure("tonnes"), unit_of_measure("km"), unit_of_measure("students"), unit_of_measure("MPs")
    ('metric_ton', 'kilometer', None, None)
    """
    if not word.isalpha() or not word.islower() or word in {"point", "points", "unit", "units", "count", "counts",
                                                          "percent"}:
        return None  # "MPs" is no metres per second: units are written in lower case
    registry = unit_registry()
    try:
        unit = registry.parse_units(word.lower())
    except Exception:  # noqa: BLE001 - pint raises several kinds of error for a word that is no unit
        return None
    return str(unit) if str(unit.dimensionality) in _MEASURED_DIMENSIONS else None


@lru_cache(maxsize=1)
def unit_registry() -> object:
    """pint's unit registry, built once: it parses its definitions file."""
    import pint

    return pint.UnitRegistry()
