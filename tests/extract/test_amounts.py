"""Amounts read from a figure's words: the value scaled, a range's top, the unit (ISO 4217 for money)."""
from __future__ import annotations

import pytest

from newskg.extract.amounts import Amount, currency_of, read_amount


@pytest.mark.parametrize(
    ("text", "money", "expected"),
    [
        ("£2.6bn", None, Amount(2_600_000_000.0, None, "GBP")),
        ("785m", True, Amount(785_000_000.0, None, None)),
        ("1.76m", None, Amount(1.76, None, None)),  # metres, not millions, outside money
        ("3.5%", None, Amount(3.5, None, "percent")),
        ("12 per cent", None, Amount(12.0, None, "percent")),
        ("€40m", None, Amount(40_000_000.0, None, "EUR")),
        ("$1bn", None, Amount(1_000_000_000.0, None, "USD")),
        ("₩3.2 trillion", None, Amount(3_200_000_000_000.0, None, "KRW")),
        ("640 roubles", None, Amount(640.0, None, "RUB")),
        ("9.1bn euros", None, Amount(9_100_000_000.0, None, "EUR")),
        ("between 2,000 and 2,500", None, Amount(2000.0, 2500.0, None)),
        ("4 to 6 million", None, Amount(4_000_000.0, 6_000_000.0, None)),
        ("£3bn to £4bn", None, Amount(3_000_000_000.0, 4_000_000_000.0, "GBP")),
        ("10-12%", None, Amount(10.0, 12.0, "percent")),
        ("two million", None, Amount(2_000_000.0, None, None)),
        ("1.3 million", None, Amount(1_300_000.0, None, None)),
    ],
)
def test_read_amount(text, money, expected):
    assert read_amount(text, money=money) == expected


@pytest.mark.parametrize("text", ["", "first", "thousands"])
def test_no_amount(text):
    assert read_amount(text) is None


def test_a_span_of_years_is_not_a_range():
    assert read_amount("2021-22").upper is None


@pytest.mark.parametrize(
    ("text", "code"),
    [("US$12m", "USD"), ("£15", "GBP"), ("JPY 40bn", "JPY"), ("40bn yen", "JPY"), ("300 dollars", "USD"),
     ("7 Swiss francs", "CHF"), ("400 students", None)],
)
def test_currency_of(text, code):
    assert currency_of(text) == code
