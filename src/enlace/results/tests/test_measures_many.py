"""Several requests in one pass (Measure.compute_many) give exactly the rows of one compute()
per request, for every measure and role (partners through the records, the others through the
facts), totals summed from a breakdown included; and the framework's page for quarters leaves
nothing to compute for the same range by years, the range by country or the value to date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.core.permissions import Role
from enlace.results import status
from enlace.results.framework import framework_actuals
from enlace.results.measures import MEASURES
from enlace.results.tests import factories
from enlace.results.tests import world as worlds
from enlace.stakeholders.models import Organization

pytestmark = pytest.mark.django_db

PARAMS = {
    "people_trained": {},
    "people_attended": {"kinds": ["meeting", "seminar"]},
    "organizations_engaged": {"kinds": ["meeting"]},
    "engagements": {"include_parts": True},
    "reach": {"metric": "recording_views"},
    "knowledge_gain_share": {"min_gain": "20"},
    "opportunities_in_stage": {"stage": "submitted"},
    "agreements_active": {},
    "follow_ups_on_time": {},
}
START, END = dt.date(2025, 1, 1), dt.date(2026, 12, 31)


@pytest.fixture
def scopes(editor, member):
    world = worlds.build(editor)
    org_a = Organization.objects.get(pk=world.ids["org_a"])
    return {
        "editor": editor,
        "owner": member(Role.OWNER),
        "partner": member(Role.PARTNER, org_a),
    }


def requests_for(name):
    by = MEASURES[name].disaggregations[0] if MEASURES[name].disaggregations else None
    return [
        (START, END, "quarter", by),
        (START, dt.date(2025, 12, 31), "year", by),
        (START, dt.date(2025, 9, 30), "programme", None),  # summed from a breakdown
        (dt.date(2025, 2, 1), dt.date(2025, 8, 15), "month", None),
        (START, END, "programme", by),
        (dt.date(2025, 5, 1), dt.date(2025, 4, 1), "quarter", by),  # empty range
    ]


@pytest.mark.parametrize("role", ["editor", "owner", "partner"])
@pytest.mark.parametrize("name", sorted(MEASURES))
def test_one_pass_gives_the_rows_of_one_compute_each(scopes, role, name):
    measure, scope = MEASURES[name], scopes[role]
    requests = requests_for(name)
    together = measure.compute_many(scope=scope, params=PARAMS[name], requests=requests)
    one_by_one = [
        measure.compute(scope=scope, params=PARAMS[name], start=a, end=b, granularity=g, by=by)
        for a, b, g, by in requests
    ]
    assert together == one_by_one
    if role != "partner" and name not in ("agreements_active", "follow_ups_on_time"):
        assert any(together), name  # the world records something for each


def test_the_next_views_of_a_framework_cost_no_measure_query(editor):
    worlds.build(editor)
    prog = factories.programme(editor)
    outcome = factories.node(editor, prog, level="outcome")
    for code, name in enumerate(PARAMS):
        measure = MEASURES[name]
        factories.indicator(
            editor,
            outcome,
            code=f"I{code}",
            measure=name,
            params=PARAMS[name],
            unit=measure.unit,
            disaggregations=list(measure.disaggregations),
        )
    status.rules_for(editor.workspace)
    today = dt.date(2025, 12, 31)

    def queries(**kwargs):
        with CaptureQueriesContext(connection) as ctx:
            framework_actuals(scope=editor, programme=prog, today=today, **kwargs)
        return [q["sql"] for q in ctx.captured_queries]

    first = queries(granularity="quarter", by="country")
    # Tree 2, targets 1, rules 1, and one pass per computed indicator (opportunities in a
    # stage: one per breakdown asked, country here).
    assert len(first) <= 4 + len(PARAMS), first
    for granularity in ("year", "programme"):
        later = queries(granularity=granularity, by="country")
        assert len(later) <= 4, later  # the tree, the targets, the rules: no measure
