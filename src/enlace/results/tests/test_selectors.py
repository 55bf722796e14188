"""Actuals in the API's shape, computed and reported alike, with targets and the baseline."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.core.errors import ValidationError
from enlace.results.selectors import indicator_actuals
from enlace.results.tests import factories
from enlace.results.tests import world as worlds

pytestmark = pytest.mark.django_db


def _rows(result):
    return [(r["period"], r["key"], r["value"], r["target"]) for r in result["rows"]]


def test_computed_actuals_with_targets_and_baseline(editor):
    worlds.build(editor)
    ind = factories.indicator(
        editor,
        measure="people_trained",
        disaggregations=["country"],
        baseline_value="1",
    )
    factories.target(editor, ind, "2025-Q1", 2)
    factories.target(editor, ind, "2025-Q4", 5)
    factories.target(editor, ind, "2025-Q1", 1, country="PE")
    result = indicator_actuals(scope=editor, indicator=ind, granularity="quarter")
    assert result["indicator_id"] == ind.pk and result["unit"] == "number"
    assert _rows(result) == [
        ("2025-Q1", None, 2, 2),
        ("2025-Q2", None, 2, None),
        ("2025-Q3", None, 1, None),
        ("2025-Q4", None, None, 5),
    ]
    assert {r["baseline"] for r in result["rows"]} == {Decimal(1)}
    by_country = indicator_actuals(scope=editor, indicator=ind, granularity="quarter", by="country")
    assert ("2025-Q1", "PE", None, 1) in _rows(by_country)
    assert ("2025-Q1", "CO", 2, None) in _rows(by_country)
    with pytest.raises(ValidationError):
        indicator_actuals(scope=editor, indicator=ind, granularity="quarter", by="sex")


def test_reported_values_add_up_into_coarser_periods_except_percents(editor):
    number = factories.indicator(editor, disaggregations=["country"])
    factories.reported_value(editor, number, "2025-Q1", 5)
    factories.reported_value(editor, number, "2025-Q2", 7)
    factories.reported_value(editor, number, "2025-Q2", 3, country="CO")
    factories.target(editor, number, "2025", 20)
    assert _rows(indicator_actuals(scope=editor, indicator=number, granularity="year")) == [
        ("2025", None, 12, 20)
    ]
    assert _rows(
        indicator_actuals(scope=editor, indicator=number, granularity="quarter", by="country")
    ) == [("2025-Q2", "CO", 3, None)]
    share = factories.indicator(editor, unit="percent")
    factories.reported_value(editor, share, "2025-Q1", 40)
    factories.reported_value(editor, share, "2025", 45)
    assert _rows(indicator_actuals(scope=editor, indicator=share, granularity="year")) == [
        ("2025", None, 45, None)
    ]


def test_actuals_cost_the_same_queries_whatever_the_size(editor):
    ind = factories.indicator(editor, measure="reach", params={"metric": "recording_views"})
    factories.target(editor, ind, "2025", 100)
    worlds.build(editor)
    with CaptureQueriesContext(connection) as small:
        indicator_actuals(scope=editor, indicator=ind, granularity="month")
    worlds.build(editor)
    with CaptureQueriesContext(connection) as large:
        indicator_actuals(scope=editor, indicator=ind, granularity="month")
    assert len(small.captured_queries) == len(large.captured_queries) == 2
