"""Period labels: what they mean, their days, the periods of a range."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enlace.results.periods import (
    GRANULARITIES,
    is_period,
    parse_period,
    period_label,
    periods_between,
)


@pytest.mark.parametrize(
    ("label", "granularity", "start", "end"),
    [
        ("2025", "year", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("2025-Q2", "quarter", dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        ("2024-02", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2025-12", "month", dt.date(2025, 12, 1), dt.date(2025, 12, 31)),
        ("programme", "programme", None, None),
    ],
)
def test_labels_and_their_days(label, granularity, start, end):
    period = parse_period(label)
    assert (period.granularity, period.start, period.end) == (granularity, start, end)


@pytest.mark.parametrize("label", ["", "25", "2025-Q0", "2025-Q5", "2025-13", "2025-1", "0999"])
def test_what_is_not_a_period(label):
    assert not is_period(label)


def test_periods_between_cover_the_range_in_order():
    start, end = dt.date(2025, 11, 15), dt.date(2026, 2, 1)
    assert periods_between(start, end, "month") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert periods_between(start, end, "quarter") == ["2025-Q4", "2026-Q1"]
    assert periods_between(start, end, "year") == ["2025", "2026"]
    assert periods_between(start, end, "programme") == ["programme"]
    assert periods_between(end, start, "month") == []


@given(st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)), st.sampled_from(GRANULARITIES))
def test_a_day_lies_in_the_period_of_its_label(day, granularity):
    period = parse_period(period_label(day, granularity))
    assert period.start <= day <= period.end
    assert period_label(day, granularity) in periods_between(day, day, granularity)
