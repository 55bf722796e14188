"""Every measure against the hand-counted record of world.py, with its traps; drill-down ids;
another workspace invisible; parameters checked; a fixed number of queries whatever the size."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.core.errors import ValidationError
from enlace.core.permissions import Role
from enlace.results.measures import MEASURES, Row
from enlace.results.tests import world as worlds
from enlace.testing import make_member, make_workspace

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2026, 12, 31)
YEAR_2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture
def world(editor):
    return worlds.build(editor)


def actuals(
    scope, name, params=None, granularity="programme", by=None, start=START, end=END
) -> dict[Any, Decimal]:
    rows = MEASURES[name].compute(
        scope=scope, params=params or {}, start=start, end=end, granularity=granularity, by=by
    )
    if by is None:
        return {r.period: r.value for r in rows}
    if granularity == "programme":
        return {r.key: r.value for r in rows}
    return {(r.period, r.key): r.value for r in rows}


def ids(scope, name, params=None, start=START, end=END, **kw) -> set[Any]:
    return set(MEASURES[name].records(scope=scope, params=params or {}, start=start, end=end, **kw))


def test_people_trained_counts_each_person_once_and_withdrawn_never(world):
    s = world.scope
    assert actuals(s, "people_trained") == {"programme": 3}
    assert actuals(s, "people_trained", granularity="quarter") == {
        "2025-Q1": 2,
        "2025-Q2": 2,
        "2025-Q3": 1,
    }
    assert actuals(s, "people_trained", by="country") == {"CO": 2, "": 1}
    assert actuals(s, "people_trained", by="sex") == {"female": 1, "male": 1, "": 1}
    assert actuals(s, "people_trained", start=dt.date(2025, 4, 1)) == {"programme": 3}
    assert actuals(s, "people_trained", end=dt.date(2025, 3, 31)) == {"programme": 2}
    assert actuals(s, "people_trained", {"kinds": ["workshop"]}) == {"programme": 2}
    i = world.ids
    assert ids(s, "people_trained") == {i["p1"], i["p2"], i["p4"]}
    assert ids(s, "people_trained", by="country", key="") == {i["p4"]}


def test_people_attended_meetings_in_range(world):
    s = world.scope
    params = {"kinds": ["meeting"]}
    assert actuals(s, "people_attended", params) == {"programme": 3}
    assert actuals(s, "people_attended", {**params, "roles": ["participant"]}) == {"programme": 2}
    assert actuals(s, "people_attended", params, granularity="month") == {"2025-02": 3}
    assert actuals(s, "people_attended", params, by="country") == {"CO": 2, "PE": 1}
    # The 2027 meeting is out of the programme's range, in its own.
    assert actuals(s, "people_attended", params, end=dt.date(2027, 12, 31)) == {"programme": 4}
    i = world.ids
    assert ids(s, "people_attended", params) == {i["p1"], i["p2"], i["p3"]}


def test_organizations_engaged_by_themselves_their_people_or_as_host(world):
    s = world.scope
    params = {"kinds": ["meeting"]}
    assert actuals(s, "organizations_engaged", params) == {"programme": 3}
    assert actuals(s, "organizations_engaged", {**params, "include_hosts": False}) == {
        "programme": 2
    }
    assert actuals(s, "organizations_engaged", params, by="country") == {"CO": 2, "PE": 1}
    assert actuals(s, "organizations_engaged", params, granularity="quarter") == {"2025-Q1": 3}
    i = world.ids
    assert ids(s, "organizations_engaged", params) == {i["org_a"], i["org_b"], i["org_c"]}
    assert ids(s, "organizations_engaged", params, by="country", key="PE") == {i["org_b"]}


def test_engagements_by_kind_top_level_unless_asked(world):
    s = world.scope
    params = {"kinds": ["meeting"]}
    assert actuals(s, "engagements", params) == {"programme": 2}
    assert actuals(s, "engagements", {**params, "include_parts": True}) == {"programme": 3}
    assert actuals(s, "engagements", params, by="country") == {"CO": 1, "PE": 1}
    assert ids(s, "engagements", params) == {world.ids["e1"], world.ids["e2"]}


def test_reach_takes_each_engagements_latest_reading_even_revised_down(world):
    s = world.scope
    params = {"metric": "recording_views"}
    assert actuals(s, "reach", params) == {"programme": 250}
    assert actuals(s, "reach", params, granularity="quarter") == {"2025-Q2": 200, "2025-Q3": 50}
    assert actuals(s, "reach", params, by="country") == {"CO": 200, "PE": 50}
    assert actuals(s, "reach", {"metric": "registered"}) == {}
    assert ids(s, "reach", params) == {world.ids["r1"], world.ids["r2"]}


def test_knowledge_gain_share_of_matched_pairs_exact_at_the_threshold(world):
    s = world.scope
    assert actuals(s, "knowledge_gain_share") == {"programme": Decimal("75.0000")}
    # p1 alone gains more than 20; all four gain at least 10 (p3 exactly 10).
    assert actuals(s, "knowledge_gain_share", {"min_gain": "20.01"}) == {"programme": 25}
    assert actuals(s, "knowledge_gain_share", {"min_gain": 10}) == {"programme": 100}
    # Not additive: 50% and 100% are not parts of 75%.
    assert actuals(s, "knowledge_gain_share", by="sex") == {"female": 50, "male": 100}
    assert MEASURES["knowledge_gain_share"].additive is False
    gains = world.ids["gain_enrollments"]
    assert ids(s, "knowledge_gain_share") == {gains[n] for n in ("p1", "p2", "p3", "p6")}


def test_opportunities_in_stage_counted_in_every_period_they_were_in_it(world):
    s = world.scope
    params = {"stage": "submitted"}
    assert actuals(s, "opportunities_in_stage", params) == {"programme": 2}
    start, end = YEAR_2025
    assert actuals(
        s, "opportunities_in_stage", params, granularity="quarter", start=start, end=end
    ) == {"2025-Q1": 1, "2025-Q2": 2, "2025-Q3": 1, "2025-Q4": 1}
    assert actuals(s, "opportunities_in_stage", params, by="country") == {"CO": 1, "PE": 1}
    assert actuals(s, "opportunities_in_stage", {"stage": "won"}, end=dt.date(2025, 5, 19)) == {}
    assert ids(s, "opportunities_in_stage", params, start=dt.date(2025, 7, 1)) == {world.ids["o2"]}


def test_agreements_active_in_each_period_they_overlap(world):
    s = world.scope
    start, end = YEAR_2025
    assert actuals(s, "agreements_active") == {"programme": 2}
    assert actuals(s, "agreements_active", granularity="quarter", start=start, end=end) == {
        "2025-Q1": 1,
        "2025-Q2": 1,
        "2025-Q4": 1,
    }
    assert ids(s, "agreements_active", start=dt.date(2025, 12, 1)) == {world.ids["a2"]}


def test_follow_ups_done_on_time(world):
    s = world.scope
    assert actuals(s, "follow_ups_on_time") == {"programme": 2}
    assert actuals(s, "follow_ups_on_time", granularity="month") == {
        "2025-03": 1,
        "2025-04": 1,
    }
    assert actuals(s, "follow_ups_on_time", by="country") == {"CO": 1, "": 1}
    assert ids(s, "follow_ups_on_time") == {world.ids["f1"], world.ids["f3"]}


ALL = {
    "people_trained": {},
    "people_attended": {"kinds": ["meeting"]},
    "organizations_engaged": {"kinds": ["meeting"]},
    "engagements": {},
    "reach": {"metric": "recording_views"},
    "knowledge_gain_share": {},
    "opportunities_in_stage": {"stage": "submitted"},
    "agreements_active": {},
    "follow_ups_on_time": {},
}


def test_every_measure_is_tested_here():
    assert set(ALL) == set(MEASURES)


def test_another_workspace_sees_none_of_it(world, other_workspace):
    stranger = make_member(other_workspace, Role.OWNER)
    for name, params in ALL.items():
        assert actuals(stranger, name, params) == {}, name
    # ... and its own record does not reach this one.
    worlds.build(stranger)
    assert actuals(world.scope, "people_trained") == {"programme": 3}
    assert actuals(world.scope, "reach", {"metric": "recording_views"}) == {"programme": 250}


def test_a_viewer_computes_the_same_figures(world, member):
    viewer = member(Role.VIEWER)
    for name, params in ALL.items():
        assert actuals(viewer, name, params) == actuals(world.scope, name, params), name


@pytest.mark.parametrize(
    ("name", "params", "fragment"),
    [
        ("knowledge_gain_share", {"min_gain": "twenty"}, "min_gain must be a number"),
        ("knowledge_gain_share", {"min_gain": 20.5}, "min_gain must be a number"),
        ("knowledge_gain_share", {"min_gain": 101}, "between -100 and 100"),
        ("knowledge_gain_share", {"min_gain": "20.123"}, "decimal places"),
        ("people_attended", {}, "kinds is required"),
        ("people_attended", {"kinds": "meeting"}, "kinds must be a list"),
        ("people_attended", {"kinds": ["party"]}, "unknown value party"),
        ("people_attended", {"kinds": []}, "at least one"),
        ("reach", {"metric": 3}, "metric must be one of"),
        ("engagements", {"include_parts": "yes"}, "true or false"),
        ("people_trained", {"curriculum": "nope"}, "identifier"),
        ("agreements_active", {"colour": "red"}, "Unknown parameter: colour"),
    ],
)
def test_parameters_are_checked_with_clear_messages(editor, name, params, fragment):
    with pytest.raises(ValidationError) as exc:
        MEASURES[name].validate(params)
    assert any(fragment in str(m) for m in exc.value.message_dict["params"])


def test_breakdowns_a_measure_does_not_support_are_refused(editor):
    with pytest.raises(ValidationError) as exc:
        MEASURES["agreements_active"].compute(
            scope=editor, params={}, start=START, end=END, granularity="year", by="country"
        )
    assert "by" in exc.value.message_dict


def _queries(scope) -> dict[str, int]:
    counts = {}
    for name, params in ALL.items():
        measure = MEASURES[name]
        for by in (None, *measure.disaggregations[:1]):
            with CaptureQueriesContext(connection) as ctx:
                measure.compute(
                    scope=scope, params=params, start=START, end=END, granularity="month", by=by
                )
            counts[f"{name}/{by}"] = len(ctx.captured_queries)
    return counts


def test_queries_do_not_grow_with_the_record(editor):
    worlds.build(editor)
    small = _queries(editor)
    worlds.build(editor)
    worlds.build(editor)
    assert _queries(editor) == small
    # One query each, two when a breakdown looks the organisations up.
    assert max(small.values()) <= 2, small


def test_rows_are_sorted_and_typed(world):
    rows = MEASURES["people_trained"].compute(
        scope=world.scope, params={}, start=START, end=END, granularity="quarter", by="country"
    )
    assert rows == sorted(rows, key=lambda r: (r.period, r.key or ""))
    assert all(isinstance(r, Row) and isinstance(r.value, Decimal) for r in rows)
    assert make_workspace  # the helper module stays importable for the property tests
