"""Reported figures with the real model: the number, what it is about, the period resolved
against the article's date, and who reported it."""
from __future__ import annotations

import pytest

from newskg.extract.components.figures import parse_number
from newskg.extract.pipeline import extract_document
from newskg.extract.records import DocumentExtraction, SourceDocument

DATE = "2023-08-01"


def extract(nlp, text: str, date: str | None = DATE) -> DocumentExtraction:
    return extract_document(nlp, SourceDocument(source="test", text=text, date=date))


def names(ex: DocumentExtraction) -> dict[str, str]:
    return {e.key: e.name for e in ex.entities}


def observation(ex: DocumentExtraction, value: float):
    found = [o for o in ex.observations if o.value == value]
    assert len(found) == 1, [(o.value, o.measure) for o in ex.observations]
    return found[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4,500", (4500.0, False)),
        ("about 15,000", (15000.0, False)),
        ("some 350,000", (350000.0, False)),
        ("1.2 million", (1_200_000.0, False)),
        ("$2 billion", (2_000_000_000.0, False)),
        ("12 percent", (12.0, False)),
        ("3.5%", (3.5, False)),
        ("5 bn", (5_000_000_000.0, False)),
        ("two", (2.0, True)),
        ("twenty-five", (25.0, True)),
        ("over one hundred", (100.0, True)),
        ("a million", (1_000_000.0, True)),
        ("thousands", None),
        ("dozens", (12.0, True)),
        ("first", None),
        ("", None),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "value", "period", "about"),
    [
        ("Exports from Ukraine to China reached 4,500 tonnes in the second quarter of this year.", 4500.0,
         ("2023-04-01", "2023-06-30"), {"Ukraine", "China"}),
        ("From January to March, 12,000 tourists visited Pyongyang.", 12000.0,
         ("2023-01-01", "2023-03-31"), {"Pyongyang"}),
        ("In April, 3,200 Russian tourists visited Seoul.", 3200.0, ("2023-04-01", "2023-04-30"), {"Russia", "Seoul"}),
        # a bare month after the article's month is last year's
        ("In October, 2,100 Swedish tourists visited Riga.", 2100.0, ("2022-10-01", "2022-10-31"), {"Sweden", "Riga"}),
        ("In 2019, some 350,000 Chinese visitors came to North Korea.", 350000.0,
         ("2019-01-01", "2019-12-31"), {"China", "North Korea"}),
        ("In the 2010s, about 90,000 students from China studied in Russia.", 90000.0,
         ("2010-01-01", "2019-12-31"), {"China", "Russia"}),
        ("Last year, 640 ships docked in Narvik, Norway.", 640.0, ("2022-01-01", "2022-12-31"), {"Narvik", "Norway"}),
        ("About 800 Latvian students enrolled in Tartu.", 800.0, (None, None), {"Latvia"}),
    ],
)
def test_figure_with_period(nlp, text, value, period, about):
    ex = extract(nlp, text)
    obs = observation(ex, value)
    assert (obs.period_start, obs.period_end) == period
    assert {names(ex)[k] for k in obs.about} >= about
    assert obs.evidence.sentence == text
    assert obs.measure
    assert obs.extractor == "figure_counted_noun"


@pytest.mark.parametrize(
    ("text", "value", "period"),
    [
        # the time of the telling is not the period of the figure
        ("The Tartu Marine Institute said in June that it had admitted 310 Latvian students in the first half "
         "of the year.", 310.0, ("2023-01-01", "2023-06-30")),
        # a time expression that names no period ("a year earlier") does not hide one that does
        ("In April, the Latvian ministry told parliament that 948 Estonian students were enrolled in Latvia, "
         "up from 300 a year earlier.", 948.0, ("2023-04-01", "2023-04-30")),
        ("Sweden has sent 3,000 more soldiers to Latvia since January.", 3000.0, ("2023-01-01", DATE)),
    ],
)
def test_period_chosen_among_time_expressions(nlp, text, value, period):
    obs = observation(extract(nlp, text), value)
    assert (obs.period_start, obs.period_end) == period


@pytest.mark.parametrize(
    ("follow_up", "value", "period"),
    [
        ("Of those, 1,412 Latvians came to study.", 1412.0, ("2023-01-01", "2023-03-31")),
        ("Departures from Latvia over the same three months totalled 3,380.", 3380.0, ("2023-01-01", "2023-03-31")),
        ("Over the full six months, 7,702 Latvian citizens left Estonia.", 7702.0, ("2023-01-01", "2023-06-30")),
    ],
)
def test_period_referred_back_to(nlp, follow_up, value, period):
    text = ("Latvian citizens entered Estonia 9,418 times in the first half of this year. From January to March "
            "alone, the Estonian Border Guard recorded 4,127 entries by Latvian nationals. " + follow_up)
    obs = observation(extract(nlp, text), value)
    assert (obs.period_start, obs.period_end) == period


@pytest.mark.parametrize(
    ("text", "value", "period"),
    [
        # a figure set beside the main one shares its period unless it names its own
        ("From April to June, Latvia took in 21,300 Estonian workers, followed by Sweden with 6,940.", 6940.0,
         ("2023-04-01", "2023-06-30")),
        ("Latvia received 3.9 million visitors from January to March, up from 3.4 million in the same period of "
         "2022.", 3_400_000.0, ("2022-01-01", "2022-03-31")),
    ],
)
def test_compared_figure_period(nlp, text, value, period):
    obs = observation(extract(nlp, text), value)
    assert (obs.period_start, obs.period_end) == period


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Estonians living abroad sent home a record $4.19 billion in 2022.", 4_190_000_000.0),
        ("Latvia shipped goods worth $4.7 billion to Estonia in 2022.", 4_700_000_000.0),
    ],
)
def test_amounts_are_figures(nlp, text, value):
    obs = observation(extract(nlp, text), value)
    assert (obs.period_start, obs.period_end) == ("2022-01-01", "2022-12-31")


def test_period_needs_the_article_date(nlp):
    ex = extract(nlp, "In April, 3,200 Russian tourists visited Seoul.", date=None)
    obs = observation(ex, 3200.0)
    assert (obs.period_start, obs.period_end) == (None, None)


@pytest.mark.parametrize(
    ("text", "value", "reporter"),
    [
        ("The Baltic Times, citing data from the Baltic Ocean Agency, said 1,200 vessels entered Russian "
         "ports in 2022.", 1200.0, "Baltic Ocean Agency"),
        ("The Baltic Ocean Agency reported that 640 ships docked in Kaldorsk, Russia in May.", 640.0,
         "Baltic Ocean Agency"),
        ("According to the Latvian Border Service, 2,400 migrants crossed into Latvia in June.", 2400.0,
         "Latvian Border Service"),
        ("In April, 3,200 Russian tourists visited Seoul.", 3200.0, None),
    ],
)
def test_reported_by(nlp, text, value, reporter):
    ex = extract(nlp, text)
    obs = observation(ex, value)
    assert (names(ex)[obs.reported_by] if obs.reported_by else None) == reporter


@pytest.mark.parametrize(
    "text",
    [
        "The two sides met in Moscow.",
        "Three officials from China arrived in Moscow on Monday.",
        "The festival in Seoul ran between October 8 and 13.",
        "The talks in Riga lasted from October 8 to 13.",
        "Share\nPlease enable JavaScript to view the 45 comments powered by Disqus.",
    ],
)
def test_no_observation(nlp, text):
    ex = extract(nlp, text)
    assert ex.observations == (), [(o.value, o.measure) for o in ex.observations]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("China imported 300 tonnes of fish from Russia in April.", 300.0),
        ("Trade between Russia and China reached $2 billion in 2022.", 2_000_000_000.0),
        ("Tourism revenue in Seoul rose 12 percent in the first half of this year.", 12.0),
    ],
)
def test_figure_with_its_unit_inside_the_entity(nlp, text, value):
    observation(extract(nlp, text), value)


ARTICLE = """Baltic shipping rebounds

The Baltic Ocean Agency said 1,200 vessels docked in Riga in the second quarter of this year.
In April, 3,200 Russian tourists visited Seoul, and 45,000 Chinese tourists visited Pyongyang.
The two sides met in Moscow between October 8 and 13.
In the 2010s, about 90,000 students from China studied in Russia.
"""


def test_every_observation_is_about_something(nlp):
    ex = extract(nlp, ARTICLE)
    keys = {e.key for e in ex.entities}
    assert {o.value for o in ex.observations} == {1200.0, 3200.0, 45000.0, 90000.0}
    for obs in ex.observations:
        assert obs.about and set(obs.about) <= keys
        assert obs.reported_by is None or obs.reported_by in keys
        assert ARTICLE[obs.evidence.start:obs.evidence.end] == obs.evidence.sentence
        assert (obs.period_start is None) == (obs.period_end is None)
        assert obs.period_start is None or obs.period_start <= obs.period_end


def figure(ex: DocumentExtraction, value: float, unit: str | None = None):
    found = [o for o in ex.observations if o.value == value and (unit is None or o.unit == unit)]
    assert len(found) == 1, [(o.value, o.unit, o.measure) for o in ex.observations]
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "unit", "measure_has"),
    [
        ("Harbour Bank of Riga made pre-tax profits of £2.6bn in 2023.", 2_600_000_000.0, "GBP", "pre-tax profits"),
        ("The Estonian government will spend €785m on new rail lines in Tartu.", 785_000_000.0, "EUR", "spend"),
        ("Lakeside Mining reported revenue of $1.25bn for Latvia.", 1_250_000_000.0, "USD", "revenue"),
        ("Narva Telecom said 3.5% of its Estonian customers left.", 3.5, "percent", "Estonian customers"),
        ("Latvian exporters earned 640 million roubles from sales to Russia.", 640_000_000.0, "RUB", ""),
    ],
)
def test_money_and_percent_are_scaled_with_their_unit(nlp, text, value, unit, measure_has):
    obs = figure(extract(nlp, text), value, unit)
    assert measure_has in obs.measure
    assert not any(ch.isdigit() for ch in obs.measure)  # the number is not part of what is counted
    assert "£" not in obs.measure and "$" not in obs.measure


def test_measure_leaves_out_the_period(nlp):
    obs = figure(extract(nlp, "Latvia admitted 2,300 Estonian students in the first six months of 2022."), 2300.0)
    assert "months" not in obs.measure and "2022" not in obs.measure
    assert (obs.period_start, obs.period_end) == ("2022-01-01", "2022-06-30")


@pytest.mark.parametrize(
    ("text", "value", "change"),
    [
        ("Shares in Harbour Bank fell 3.5% in Riga on Tuesday.", 3.5, "decrease"),
        ("Revenue at Harbour Bank rose by £30m to £410m in Latvia.", 30_000_000.0, "increase"),
        ("Revenue at Harbour Bank rose by £30m to £410m in Latvia.", 410_000_000.0, None),  # the new level
        ("The Latvian government promised to cut taxes by £4bn.", 4_000_000_000.0, "decrease"),
        ("Estonian exports to Finland were up 12% last year.", 12.0, "increase"),
    ],
)
def test_changes_are_kept_apart_from_levels(nlp, text, value, change):
    assert figure(extract(nlp, text), value).change == change


@pytest.mark.parametrize(
    ("text", "value", "approximation", "upper"),
    [
        ("About 300 Latvian workers left Riga for Tartu.", 300.0, "about", None),
        ("More than 900 Estonian students enrolled in Riga.", 900.0, "more than", None),
        ("Up to 40 Latvian MPs could vote against the Riga port plan.", 40.0, "up to", None),
        ("Between 3,000 and 5,000 Swedish soldiers were sent to Latvia.", 3000.0, None, 5000.0),
        ("Latvia hired 1,200 Estonian nurses.", 1200.0, None, None),
    ],
)
def test_ranges_and_hedges(nlp, text, value, approximation, upper):
    obs = figure(extract(nlp, text), value)
    assert (obs.approximation, obs.upper) == (approximation, upper)


def test_an_amount_given_in_two_currencies_is_one_figure_in_each(nlp):
    ex = extract(nlp, "Harbour Bank paid $5bn (£4bn) for the port of Riga.")
    dollars, pounds = figure(ex, 5_000_000_000.0, "USD"), figure(ex, 4_000_000_000.0, "GBP")
    assert dollars.measure == pounds.measure and dollars.about == pounds.about


@pytest.mark.parametrize(
    ("text", "date", "value", "period"),
    [
        ("Harbour Bank made 4,100 loans in Latvia between July and September.", "2024-11-09", 4100.0,
         ("2024-07-01", "2024-09-30")),
        ("Harbour Bank made 4,100 loans in Latvia in the three months to December.", "2025-02-11", 4100.0,
         ("2024-10-01", "2024-12-31")),
        ("So far this year, 2,800 Estonian tourists have visited Riga.", "2024-06-15", 2800.0,
         ("2024-01-01", "2024-06-15")),
        ("Latvia spent £70m on Estonian gas in 2021-22.", "2023-01-05", 70_000_000.0, ("2021-04-01", "2022-03-31")),
        ("Harbour Bank lent 6,300 Latvian farmers money in the second half of 2023.", "2024-03-01", 6300.0,
         ("2023-07-01", "2023-12-31")),
        ("Riga port handled 5,500 ships since 2019.", "2024-03-01", 5500.0, ("2019-01-01", "2024-03-01")),
        # no period rather than a wrong one
        ("Latvia employs 5,200 Estonian engineers.", "2024-03-01", 5200.0, (None, None)),
    ],
)
def test_periods_news_uses(nlp, text, date, value, period):
    obs = figure(extract(nlp, text, date=date), value)
    assert (obs.period_start, obs.period_end) == period


def test_the_same_period_last_year_is_the_compared_figures_months_a_year_back(nlp):
    text = ("Estonian tourists made 8,400 trips to Riga between January and March, up from 7,100 in the same "
            "period last year.")
    ex = extract(nlp, text, date="2024-05-02")
    assert (figure(ex, 8400.0).period_start, figure(ex, 8400.0).period_end) == ("2024-01-01", "2024-03-31")
    assert (figure(ex, 7100.0).period_start, figure(ex, 7100.0).period_end) == ("2023-01-01", "2023-03-31")


@pytest.mark.parametrize(
    ("text", "not_values"),
    [
        ("Riga Football Club beat Tartu 3-1 in Latvia on Sunday.", {3.0, 1.0}),
        ("Bookmakers in Riga gave Tartu odds of 5/1 to win.", {5.0, 1.0}),
        ("Shares in Harbour Bank of Riga rose 2% by 1400 GMT.", {1400.0}),
        ("The Riga festival opened with Million Dollar Baby.", {1_000_000.0}),
    ],
)
def test_scores_odds_clock_times_and_titles_are_no_figures(nlp, text, not_values):
    ex = extract(nlp, text)
    assert not {o.value for o in ex.observations} & not_values, [(o.value, o.measure) for o in ex.observations]


def test_people_nouns_count_the_same_kind_of_thing(nlp):
    first = figure(extract(nlp, "Some 2,100 Latvian nationals moved to Tartu."), 2100.0)
    second = figure(extract(nlp, "About 2,100 Latvian citizens moved to Tartu."), 2100.0)
    pages = figure(extract(nlp, "The Latvian report on Tartu ran to 2,100 pages."), 2100.0)
    assert first.counted == second.counted == "people"
    assert pages.counted != first.counted


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Some 2.4m Latvians voted in Riga.", 2_400_000.0),  # "m" before a counted noun is millions
        ("The Riga fund raised just over £3m.", 3_000_000.0),  # "m." at the end of a sentence
    ],
)
def test_millions_written_m(nlp, text, value):
    figure(extract(nlp, text), value)


def test_a_deadline_is_not_a_period(nlp):
    obs = figure(extract(nlp, "Latvia will hire 4,000 Estonian teachers by 2027.", date="2024-03-01"), 4000.0)
    assert (obs.period_start, obs.period_end) == (None, None)


@pytest.mark.parametrize("text", ["Riga TV 3 showed the Latvian debate.", "Several hundred Latvians marched in Riga."])
def test_numbers_in_names_and_vague_counts_are_no_figures(nlp, text):
    assert extract(nlp, text).observations == ()


@pytest.mark.parametrize(
    "text",
    [
        "Riga beat Tartu 21-17 in Latvia on Saturday.",
        "The Latvian sprinter Anna Ozola crossed the line in 7.12 secs in Riga.",
        "Harbour Bank faces a billion-dollar bill in Latvia.",
    ],
)
def test_scores_performances_and_adjectives_are_no_figures(nlp, text):
    assert extract(nlp, text).observations == (), [(o.value, o.measure) for o in extract(nlp, text).observations]


def test_a_quantity_is_measured_by_what_its_clause_says(nlp):
    obs = figure(extract(nlp, "Latvian exports to Estonia reached 4,500 tonnes in 2022."), 4500.0)
    assert obs.unit == "tonnes" and "exports" in obs.measure.lower()


def test_figures_measured_by_a_clause_or_a_verb_count_only_themselves(nlp):
    said = figure(extract(nlp, "In Riga, 7% said they would not vote."), 7.0)
    think = figure(extract(nlp, "In Riga, 7% think Tartu should host the games."), 7.0)
    troops = figure(extract(nlp, "Keeping Latvian troops in Estonia could cost another £1bn."), 1e9)
    deal = figure(extract(nlp, "The Riga deal could cost Estonia £1bn."), 1e9)
    assert said.counted != think.counted
    assert troops.counted != deal.counted


@pytest.mark.parametrize(
    ("text", "date", "value", "period"),
    [
        ("Riga port handled 730 Estonian ships last month.", "2024-03-20", 730.0, ("2024-02-01", "2024-02-29")),
        ("Latvia admitted 4,400 Estonian students between 2019 and 2023.", "2024-03-20", 4400.0,
         ("2019-01-01", "2023-12-31")),
    ],
)
def test_relative_months_and_spans_of_years(nlp, text, date, value, period):
    obs = figure(extract(nlp, text, date=date), value)
    assert (obs.period_start, obs.period_end) == period


def test_a_date_in_another_clause_is_not_the_figures_period(nlp):
    text = "Some 45,000 Latvian pupils will leave school early, and budgets are half their 1990 levels."
    obs = figure(extract(nlp, text, date="2024-03-01"), 45000.0)
    assert (obs.period_start, obs.period_end) == (None, None)
