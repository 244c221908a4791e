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
    year = explicit_year(s) or _relative_year(s, ref)

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

    half = re.search(r"\b(first|second)\s+half\b", s)
    if half and (year or ref):
        y = year or ref.year
        return _month_range(y, 1, 6) if half.group(1) == "first" else _month_range(y, 7, 12)

    months = [MONTHS.get(m, MONTHS.get(m[:3])) for m in re.findall(r"\b" + _MONTH + r"\b", s)]
    if months:
        if year is None:
            year = _year_for_month(months[0], ref)
        if year is None:
            return None
        days = re.findall(r"\b(\d{1,2})\b(?!\d)", re.sub(_YEAR, "", s))
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
