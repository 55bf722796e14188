"""The whole framework at once: the same figures as each indicator's actuals, progress to date
against the target with its status, a country filter, the drill-down ids, and a number of
queries that does not grow with the record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.core.errors import ValidationError
from enlace.results import status
from enlace.results.framework import (
    compute_framework_actuals,
    framework_actuals,
    indicator_records,
)
from enlace.results.selectors import indicator_actuals
from enlace.results.tests import factories
from enlace.results.tests import world as worlds

pytestmark = pytest.mark.django_db

END_2025 = dt.date(2025, 12, 31)  # half the programme (2025-2026) has passed


@pytest.fixture
def setup(editor):
    world = worlds.build(editor)
    prog = factories.programme(editor)
    outcome = factories.node(editor, prog, level="outcome")
    output = factories.node(editor, prog, level="output", parent=outcome)
    trained = factories.indicator(
        editor, outcome, code="T", measure="people_trained", disaggregations=["country", "sex"]
    )
    factories.target(editor, trained, "programme", 10)
    factories.target(editor, trained, "2025-Q1", 2)
    factories.target(editor, trained, "programme", 4, country="CO")
    reported = factories.indicator(editor, output, code="R", disaggregations=["country"])
    factories.reported_value(editor, reported, "2025-Q1", 5)
    factories.reported_value(editor, reported, "2025-05", 13)
    factories.reported_value(editor, reported, "2025-Q2", 4, country="PE")
    factories.target(editor, reported, "2025", 20)
    factories.target(editor, reported, "2026", 20)
    gain = factories.indicator(
        editor, output, code="G", measure="knowledge_gain_share", unit="percent"
    )
    factories.target(editor, gain, "2025", 80)
    factories.target(editor, gain, "2026", 90)
    agreements = factories.indicator(editor, output, code="A", measure="agreements_active")
    return world, prog, {"T": trained, "R": reported, "G": gain, "A": agreements}


def by_code(result):
    return {i["code"]: i for i in result["indicators"]}


def test_every_indicator_in_framework_order_with_its_progress(setup, editor):
    _world, prog, _ = setup
    result = framework_actuals(scope=editor, programme=prog, granularity="quarter", today=END_2025)
    assert [i["code"] for i in result["indicators"]] == [
        "T",
        "A",
        "G",
        "R",
    ]  # by node, then position and code
    assert result["periods"][:2] == ["2025-Q1", "2025-Q2"] and len(result["periods"]) == 8
    found = by_code(result)

    # 3 people trained to date (p1, p2, p4, each once); 10 for the programme, 5 expected by
    # half way: 60 % of what is expected, off track.
    trained = found["T"]["to_date"]
    assert trained["value"] == 3 and trained["target"] == 10
    assert trained["expected"] == 5
    assert trained["percent_of_target"] == pytest.approx(30.0)
    assert trained["status"] == "off_track"
    series = {s["period"]: (s["value"], s["target"]) for s in found["T"]["series"]}
    assert series["2025-Q1"] == (2, 2) and series["2025-Q2"] == (2, None)
    assert series["2025-Q4"] == (0, None)  # begun, nothing recorded: zero
    assert series["2026-Q1"] == (None, None)  # not begun yet on `today`

    # Reported: 5 + 13 for all countries (PE's own value is not in the total); without a
    # programme target, the year targets add up (40), 20 expected by now: 90 %, on track.
    reported = found["R"]["to_date"]
    assert (reported["value"], reported["target"], reported["expected"]) == (18, 40, 20)
    assert reported["status"] == "on_track"

    # A share is judged against the target of its year, not pro-rated: 75 of 80.
    gain = found["G"]["to_date"]
    assert (gain["value"], gain["target"], gain["expected"]) == (75, 80, 80)
    assert gain["status"] == "on_track" and found["G"]["additive"] is False

    assert found["A"]["to_date"]["status"] == "no_target"
    assert found["A"]["to_date"]["value"] == 2


def test_rows_are_each_indicators_actuals(setup, editor):
    _world, prog, inds = setup
    result = framework_actuals(
        scope=editor, programme=prog, granularity="quarter", by="country", today=END_2025
    )
    found = by_code(result)
    for code in ("T", "R"):
        assert found[code]["supports_by"] is True
        expected = indicator_actuals(
            scope=editor, indicator=inds[code], granularity="quarter", by="country"
        )["rows"]
        assert found[code]["rows"] == expected
    # The totals stay the totals: a reported value for Peru is not added into them.
    series = {x["period"]: x["value"] for x in found["R"]["series"]}
    assert series["2025-Q1"] == 5 and series["2025-Q2"] == 13
    trained = {x["period"]: x["value"] for x in found["T"]["series"]}
    assert trained["2025-Q1"] == 2 and trained["2025-Q2"] == 2  # the keys add up
    # Not broken down by country: its totals, the same as its actuals without `by`.
    assert found["G"]["supports_by"] is False
    assert (
        found["G"]["rows"]
        == indicator_actuals(scope=editor, indicator=inds["G"], granularity="quarter")["rows"]
    )


def test_a_country_restricts_every_figure(setup, editor):
    _world, prog, _ = setup
    result = framework_actuals(
        scope=editor, programme=prog, granularity="quarter", country="co", today=END_2025
    )
    assert result["country"] == "CO"
    found = by_code(result)
    trained = found["T"]
    # In Colombia: p1 and p2 (p4 has no organisation); the target for Colombia (4), 2 expected.
    assert trained["to_date"]["value"] == 2 and trained["to_date"]["target"] == 4
    assert trained["to_date"]["status"] == "on_track"
    assert [(r["period"], r["value"]) for r in trained["rows"]] == [
        ("2025-Q1", 2),
        ("2025-Q2", 1),
        ("2025-Q3", 1),
    ]
    # Reported values for Colombia: none entered.
    assert found["R"]["to_date"]["value"] is None
    # Not broken down by country: no figure for one country, never the world's.
    assert found["G"]["to_date"]["value"] is None
    assert found["G"]["to_date"]["status"] == "no_target"  # and no target for Colombia
    assert all(s["value"] is None for s in found["G"]["series"])

    by_sex = by_code(
        framework_actuals(scope=editor, programme=prog, by="sex", country="CO", today=END_2025)
    )
    assert by_sex["T"]["supports_by"] is False  # two breakdowns cannot cross


def test_before_the_programme_starts(setup, editor):
    _world, prog, _ = setup
    result = framework_actuals(scope=editor, programme=prog, today=dt.date(2024, 6, 1))
    assert {i["to_date"]["status"] for i in result["indicators"]} == {
        "not_started",
        "no_target",
    }
    assert by_code(result)["T"]["to_date"]["value"] is None


def test_the_workspace_rules_decide(setup, editor, owner):
    from enlace.results.services.rules import status_rules_update

    _world, prog, _ = setup
    status_rules_update(scope=owner, data={"on_track_from": 60, "at_risk_from": 50})
    result = framework_actuals(scope=editor, programme=prog, today=END_2025)
    assert by_code(result)["T"]["to_date"]["status"] == "on_track"  # 60 % now suffices
    assert status.rules_for(editor.workspace).on_track_from == 60


def test_bad_arguments_are_refused_with_the_field(setup, editor):
    _world, prog, _ = setup
    cases = [
        ({"granularity": "week"}, "period"),
        ({"by": "colour"}, "by"),
        ({"country": "XX"}, "country"),
        ({"start": dt.date(2026, 1, 1), "end": dt.date(2025, 1, 1)}, "to"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as caught:
            framework_actuals(scope=editor, programme=prog, **kwargs)
        assert field in caught.value.message_dict


def test_another_workspace_sees_no_indicator(setup, other_workspace):
    from enlace.testing import make_member

    _world, prog, _ = setup
    stranger = make_member(other_workspace, "editor")
    assert framework_actuals(scope=stranger, programme=prog)["indicators"] == []


def test_records_behind_a_value(setup, editor):
    world, _prog, inds = setup
    found = indicator_records(scope=editor, indicator=inds["T"])
    assert found["model"] == "person"
    assert set(found["ids"]) == {world.ids["p1"], world.ids["p2"], world.ids["p4"]}
    in_co = indicator_records(scope=editor, indicator=inds["T"], key="CO")
    assert set(in_co["ids"]) == {world.ids["p1"], world.ids["p2"]}
    q3 = indicator_records(
        scope=editor, indicator=inds["T"], start=dt.date(2025, 7, 1), end=dt.date(2025, 9, 30)
    )
    assert set(q3["ids"]) == {world.ids["p2"]}
    assert indicator_records(scope=editor, indicator=inds["G"])["model"] == "enrollment"
    with pytest.raises(ValidationError):
        indicator_records(scope=editor, indicator=inds["R"])


def _count(scope, prog, **kwargs):
    with CaptureQueriesContext(connection) as ctx:
        compute_framework_actuals(scope=scope, programme=prog, today=END_2025, **kwargs)
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"by": "country", "granularity": "month"},
        {"country": "CO", "granularity": "year"},
        {"by": "sex"},
    ],
)
def test_queries_do_not_grow_with_the_record(setup, editor, kwargs):
    _world, prog, _ = setup
    status.rules_for(editor.workspace)  # created once, then read
    small = _count(editor, prog, **kwargs)
    worlds.build(editor)
    worlds.build(editor)
    assert _count(editor, prog, **kwargs) == small
    # Tree 2, targets 1, reported values 1, rules 1; at most 3 per computed indicator.
    assert small <= 5 + 3 * 3, small


def test_a_share_broken_down_takes_its_totals_from_its_parts(editor):
    """A share by country: the totals per period are summed from the countries' own counts
    (matched trainees and those who gained), equal to the share computed without a breakdown,
    and cost no query of their own."""
    worlds.build(editor)
    prog = factories.programme(editor)
    outcome = factories.node(editor, prog, level="outcome")
    gain = factories.indicator(
        editor,
        outcome,
        code="G",
        measure="knowledge_gain_share",
        unit="percent",
        disaggregations=["country"],
    )
    status.rules_for(editor.workspace)

    def series(**kwargs):
        result = compute_framework_actuals(
            scope=editor, programme=prog, today=END_2025, granularity="quarter", **kwargs
        )
        (entry,) = [i for i in result["indicators"] if i["id"] == gain.pk]
        return [(s["period"], s["value"]) for s in entry["series"]], entry

    plain, _ = series()
    broken, entry = series(by="country")
    assert entry["supports_by"] and entry["rows"]
    assert broken == plain
    assert any(value is not None for _period, value in plain)
    assert _count(editor, prog, by="country") == _count(editor, prog)
