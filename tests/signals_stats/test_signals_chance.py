"""``signals chance`` against hand-computed counts and the published observed/expected rows in the facts.

References: ../shared/facts/wave2_addendum.md §3.2 (Black et al. 2009 method; the derived 1,000,000-user table at
37.7 per 100,000 person-years; SIR rows from PMC8924704 tables 3 and 4).
"""

from __future__ import annotations

import json

import pytest

from stimsafe import api
from stimsafe.cli.main import main
from stimsafe.errors import InputError, NotFoundError
from stimsafe.signals.chance import at_risk_days, chance, ratio_interval


def test_one_session_each_three_day_window() -> None:
    # 1,000,000 x 3/365.25 years x 37.7/100,000 = 3.0965
    result = chance(1_000_000, 1, 3.0, 37.7, period_days=7.0)
    assert round(result.expected, 1) == 3.1


def test_daily_sessions_for_a_year_cover_every_day() -> None:
    result = chance(1_000_000, 365, 3.0, 37.7)
    assert result.days_at_risk_per_user == pytest.approx(365.25)
    assert round(result.expected) == 377


@pytest.mark.parametrize(
    ("window_days", "rate", "expected"),
    [(1, 37.7, 1.0), (3, 37.7, 3.1), (7, 37.7, 7.2), (14, 37.7, 14.5), (42, 37.7, 43.4), (42, 20.2, 23.2)],
)
def test_the_derived_table_of_the_facts(window_days: float, rate: float, expected: float) -> None:
    assert round(chance(1_000_000, 1, window_days, rate, period_days=365.25).expected, 1) == expected


def test_overlapping_windows_count_once() -> None:
    assert at_risk_days(2, 3.0, 4.0) == pytest.approx(4.0)  # sessions at 0 and 2: [0, 3) and [2, 4) -> 4 days
    assert at_risk_days(2, 1.0, 10.0) == pytest.approx(2.0)  # far apart: 1 + 1
    assert at_risk_days(0, 3.0, 10.0) == 0.0


@pytest.mark.parametrize(
    ("observed", "expected", "sir", "low", "high"),
    [(117, 164.5, 0.71, 0.59, 0.85), (100, 116.7, 0.86, 0.70, 1.04)],
)
def test_published_observed_expected_rows(observed: int, expected: float, sir: float, low: float, high: float) -> None:
    got = ratio_interval(observed, expected)
    assert [round(x, 2) for x in got] == [sir, low, high]


def test_cli_matches_the_brief_example(capsys: pytest.CaptureFixture[str]) -> None:
    argv = "signals chance --users 1000000 --sessions-per-week 3 --window-days 3 --rate 37.7 --format json"
    assert main(argv.split()) == 0
    data = json.loads(capsys.readouterr().out)["data"]
    assert round(data["expected"]) == 377  # windows 3 days long, sessions 2.3 days apart: always at risk


def test_condition_chooses_a_cited_rate_and_observed_gives_the_ratio() -> None:
    report = api.signals_chance(1_000_000, window_days=42, sessions=1, condition="bells_palsy_all_ages", observed=30)
    assert round(report.data["expected"], 1) == 23.2
    assert report.data["observed_expected"][0] == pytest.approx(30 / report.data["expected"])
    assert any("11784378" in s.url for s in report.sources if s.url)


def test_bad_input_names_the_option() -> None:
    with pytest.raises(InputError) as caught:
        api.signals_chance(10, window_days=3, sessions=1, rate_per_100k_py=37.7, condition="bells_palsy")
    assert "--rate" in str(caught.value.field)
    with pytest.raises(NotFoundError):
        api.signals_chance(10, window_days=3, sessions=1, condition="nope")
    with pytest.raises(InputError):
        api.signals_chance(0, window_days=3, sessions=1, rate_per_100k_py=37.7)
