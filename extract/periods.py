"""Turn the time expressions of news text into periods, resolved against the article's date.

>>> resolve_period("the third quarter of this year", "2024-11-09")
('2024-07-01', '2024-09-30')
>>> resolve_period("from July to September", "2024-11-09")
('2024-07-01', '2024-09-30')
>>> resolve_period("In April", "2024-11-09")
('2024-04-01', '2024-04-30')
>>> resolve_period("the entire pre-pandemic year of 2019", None)
('2019-01-01', '2019-12-31')
>>> resolve_period("the 2010’s", None)
('2010-01-01', '2019-12-31')
>>> resolve_period("last year", "2024-03-01")
('2023-01-01', '2023-12-31')
>>> resolve_period("April", None) is None
True
>>> resolve_period("the third quarter", "2025-02-11")
('2024-07-01', '2024-09-30')
>>> resolve_period("the first three months of the year", "2024-04-10")
('2024-01-01', '2024-03-31')
>>> resolve_period("the three months to December", "2025-02-11")
('2024-10-01', '2024-12-31')
>>> resolve_period("so far this year", "2024-06-15")
('2024-01-01', '2024-06-15')
>>> resolve_period("the closing months of 2004", None)
('2004-10-01', '2004-12-31')
>>> resolve_period("2023-24", None)
('2023-04-01', '2024-03-31')
>>> resolve_period("the same period last year", "2024-06-15") is None
True
>>> resolve_period("last month", "2024-01-15"), resolve_period("last quarter", "2024-05-02")
(('2023-12-01', '2023-12-31'), ('2024-01-01', '2024-03-31'))
>>> resolve_period("between 2019 and 2023", None), resolve_period("from May 2022 to March 2023", None)
(('2019-01-01', '2023-12-31'), ('2022-05-01', '2023-03-31'))
"""
from __future__ import annotations

import calendar
import re
from datetime import date

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
ORDINAL_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
                    "q1": 1, "q2": 2, "q3": 3, "q4": 4}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_YEAR = r"((?:19|20)\d{2})"

Period = tuple[str, str]


def resolve_period(text: str, published: str | None) -> Period | None:
    """The (start, end) ISO dates a time expression names, or None when it names no period or
    its year is unknown."""
    s = text.lower().replace("\u2019", "'").strip()
    ref = date.fromisoformat(published) if published else None
    if s.startswith("since "):  # "since January": from then to the day of the article
        began = resolve_period(s[len("since "):], published)
        if began is None or ref is None or began[0] > ref.isoformat():
            return None
        return began[0], ref.isoformat()
    if SAME_PERIOD.search(s):
        return None  # "the same period last year": the months of another figure, not a period of its own
    fiscal = re.search(r"\b((?:19|20)\d{2})[/\-–]((?:19|20)?\d{2})\b", s)
    if fiscal and _is_next_year(fiscal.group(1), fiscal.group(2)):
        # "2023-24", "2023/24": a financial year, from April (the UK's, India's and Japan's)
        start = int(fiscal.group(1))
        return f"{start}-04-01", f"{start + 1}-03-31"
    if re.search(r"\b(?:fiscal|financial|tax|fy)\b", s):
        return None  # a fiscal year without its span: where it starts depends on who counts
    relative = re.fullmatch(r"(?:the\s+)?(last|previous|past|this|current)\s+(month|quarter)", s)
    if relative and ref is not None:
        # "last month", "this quarter": counted from the article's date
        back = 0 if relative.group(1) in {"this", "current"} else 1
        if relative.group(2) == "month":
            index = ref.year * 12 + ref.month - 1 - back
            return _month_range(index // 12, index % 12 + 1, index % 12 + 1)
        index = ref.year * 4 + (ref.month - 1) // 3 - back
        year, quarter = index // 4, index % 4 + 1
        return _month_range(year, 3 * quarter - 2, 3 * quarter)
    years = [int(y) for y in re.findall(r"\b" + _YEAR + r"\b(?!'?s)", s)]
    if len(years) == 2 and years[0] < years[1] and re.search(r"\b(?:between|from|to|and|through)\b|[-–]", s) \
            and not re.search(r"\b" + _MONTH + r"\b", s):
        return f"{years[0]}-01-01", f"{years[1]}-12-31"  # "between 2019 and 2023": the years and all between
    year = explicit_year(s) or _relative_year(s, ref)
    if re.search(r"\bso far\b|\byear to date\b|\bytd\b", s) and ref is not None:
        # "so far this year": from New Year to the day of the article
        if (year or ref.year) == ref.year:
            return f"{ref.year}-01-01", ref.isoformat()
        return None

    to_month = re.search(r"\b(?:(\w+)\s+months?|(year|quarter))\s+(?:to|ending|ended|through)\s+(?:the\s+end\s+of\s+)?"
                         + _MONTH + r"\b", s)
    if to_month:
        # "the three months to December", "the year to March": that many months ending with that month
        length = 12 if to_month.group(2) == "year" else 3 if to_month.group(2) == "quarter" else \
            _count(to_month.group(1))
        last = MONTHS.get(to_month.group(3), MONTHS.get(to_month.group(3)[:3]))
        end_year = year if year is not None else _year_for_month(last, ref)
        if not length or not 1 <= length <= 24 or end_year is None:
            return None
        first = date(end_year, last, 1)
        first_month = (first.year * 12 + first.month - 1) - (length - 1)
        return _month_range_across(first_month // 12, first_month % 12 + 1, end_year, last)

    closing = re.search(r"\b(?:last|closing|final)\s+(?:(\w+)\s+)?months\b", s)
    if closing and year is not None:
        # "the closing months of 2004": its last quarter, unless the text counts them
        length = _count(closing.group(1)) if closing.group(1) else 3
        if length and 1 <= length <= 12:
            return _month_range(year, 13 - length, 12)
        return None

    decade = re.search(r"\b(1[89]|20)(\d)0'?s\b", s)
    if decade:
        start = int(decade.group(1) + decade.group(2) + "0")
        return f"{start}-01-01", f"{start + 9}-12-31"

    quarter = re.search(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\b|\b(q[1-4])\b", s)
    if quarter:
        q = ORDINAL_QUARTERS[quarter.group(1) or quarter.group(2)]
        if year is None:
            year = _year_for_month(3 * q - 2, ref)  # the latest such quarter up to the article's date
        if year is None:
            return None
        return _month_range(year, 3 * q - 2, 3 * q)

    months_span = re.search(r"\bfirst\s+(two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})\s+months\b", s)
    if months_span and (year or ref):
        words = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11}
        count = words.get(months_span.group(1)) or int(months_span.group(1))
        if 1 <= count <= 12:
            return _month_range(year or ref.year, 1, count)

    half = re.search(r"\b(first|second)\s+half\b|\b(h[12])\b", s)
    if half and (year or ref):
        y = year or ref.year
        return _month_range(y, 1, 6) if (half.group(1) or "") == "first" or half.group(2) == "h1" \
            else _month_range(y, 7, 12)

    months = [MONTHS.get(m, MONTHS.get(m[:3])) for m in re.findall(r"\b" + _MONTH + r"\b", s)]
    if months:
        if year is None:
            year = _year_for_month(months[0], ref)
        if year is None:
            return None
        days = re.findall(r"\b(\d{1,2})\b(?!\d)", re.sub(_YEAR, "", s))
        if len(months) >= 2 and len(years) == 2 and years[0] < years[1]:
            return _month_range_across(years[0], months[0], years[1], months[-1])  # "from May 2022 to March 2023"
        if len(months) >= 2:
            return _month_range(year, months[0], months[-1])
        if days and len(days) <= 2 and all(1 <= int(d) <= 31 for d in days):
            first, last = int(days[0]), int(days[-1])
            try:
                return date(year, months[0], first).isoformat(), date(year, months[0], last).isoformat()
            except ValueError:
                return None
        return _month_range(year, months[0], months[0])

    if year is not None and (re.search(r"\byear\b|\b" + _YEAR + r"\b", s)):
        return f"{year}-01-01", f"{year}-12-31"
    return None


# "the same period last year", "the corresponding quarter": a period that only another figure names
SAME_PERIOD = re.compile(r"\b(?:same|corresponding|equivalent|comparable)\s+(?:\w+\s+)?(?:period|months?|quarter|"
                         r"weeks?|time|half|days?)\b")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "few": 3}


def _count(word: str | None) -> int:
    if not word:
        return 0
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word, 0)


def _is_next_year(first: str, second: str) -> bool:
    following = int(first) + 1
    return int(second) == following if len(second) == 4 else int(second) == following % 100


def _month_range_across(first_year: int, first_month: int, last_year: int, last_month: int) -> Period:
    end_day = calendar.monthrange(last_year, last_month)[1]
    return date(first_year, first_month, 1).isoformat(), date(last_year, last_month, end_day).isoformat()


def shift_years(period: Period, years: int) -> Period:
    """The same months `years` later (earlier when negative): "the same period last year".

    >>> shift_years(("2024-01-01", "2024-02-29"), -1)
    ('2023-01-01', '2023-02-28')
    """
    start, end = date.fromisoformat(period[0]), date.fromisoformat(period[1])
    last_day = calendar.monthrange(end.year + years, end.month)[1]
    return (date(start.year + years, start.month, 1).isoformat() if start.day == 1 else
            start.replace(year=start.year + years, day=min(start.day, 28)).isoformat(),
            date(end.year + years, end.month, min(end.day, last_day)).isoformat())


def explicit_year(s: str) -> int | None:
    match = re.search(r"\b" + _YEAR + r"\b(?!'?s)", s)
    return int(match.group(1)) if match else None


def _relative_year(s: str, ref: date | None) -> int | None:
    if ref is None:
        return None
    if re.search(r"\b(this|current) year\b", s):
        return ref.year
    if re.search(r"\b(last|previous|past) year\b", s):
        return ref.year - 1
    if re.search(r"\bnext year\b", s):
        return ref.year + 1
    return None


def _year_for_month(month: int, ref: date | None) -> int | None:
    """A bare month is the latest such month up to the article's date."""
    if ref is None:
        return None
    return ref.year if month <= ref.month else ref.year - 1


def _month_range(year: int, first: int, last: int) -> Period:
    end_day = calendar.monthrange(year, last)[1]
    return date(year, first, 1).isoformat(), date(year, last, end_day).isoformat()


def first_day(text: str, published: str | None) -> str | None:
    """The first day of the period a date expression names (an event's date)."""
    period = resolve_period(text, published)
    return period[0] if period else None
