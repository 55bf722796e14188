"""The demo's results framework: Puente Libre's programme in the four countries with its goal,
outcomes, outputs and ten indicators over the demo's own records, targets set so that the
dashboard tells a true story (most on track, protocols at risk, follow-ups off track), loaded
through the results services, and idempotent."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from enlace.accounts.models import User
from enlace.core.models import Workspace
from enlace.core.scoping import Scope, scope_for
from enlace.demo.content.partnerships import REFERENCE_DAY
from enlace.demo.content.results import (
    INTENDED_STATUS,
    PROGRAMME,
    PROGRAMME_CODE,
    SDG,
    every_indicator,
    every_node,
)
from enlace.demo.loader import DEMO_EMAIL, load_demo
from enlace.results.framework import framework_actuals
from enlace.results.measures import MEASURES, params_clean
from enlace.results.models import (
    Indicator,
    Programme,
    ReportedValue,
    ResultNode,
    Source,
    Target,
    Verification,
)
from enlace.results.selectors import framework_tree, programme_get
from enlace.results.services import indicators as indicator_services
from enlace.results.services import programmes as programme_services
from enlace.results.services import values as value_services

RESULTS_MODELS = (Programme, ResultNode, Indicator, Target, ReportedValue)


def results_snapshot() -> dict[str, object]:
    """Every results row (in the trash or not) with its version, and every history row."""
    state: dict[str, object] = {}
    for model in RESULTS_MODELS:
        state[model.__name__] = sorted(
            (str(pk), version, updated)
            for pk, version, updated in model.all_objects.values_list("id", "version", "updated_at")
        )
        state[f"{model.__name__}_history"] = model.history.count()
    return state


def owner_scope(workspace: Workspace) -> Scope:
    return scope_for(User.objects.get(email=DEMO_EMAIL), workspace)


def demo_programme(workspace: Workspace) -> Programme:
    programme: Programme = Programme.objects.get(workspace=workspace, code=PROGRAMME_CODE)
    return programme


def statuses(workspace: Workspace, country: str | None = None) -> dict[str, str]:
    scope = owner_scope(workspace)
    figures = framework_actuals(
        scope=scope, programme=demo_programme(workspace), today=REFERENCE_DAY, country=country
    )
    return {i["code"]: i["to_date"]["status"] for i in figures["indicators"]}


# The content itself, checked without a database


def test_the_framework_content_is_consistent_and_tells_one_story() -> None:
    indicators = every_indicator()
    codes = [i.code for i in indicators]
    assert len(codes) == len(set(codes)) == len(INTENDED_STATUS)
    assert set(codes) == set(INTENDED_STATUS)
    assert 8 <= len(indicators) <= 12
    assert PROGRAMME.start_date <= REFERENCE_DAY <= PROGRAMME.end_date
    assert set(PROGRAMME.countries) == {"CL", "MX", "KE", "CD"}
    assert [n.level for n in every_node()].count("goal") == 1
    assert {n.level for n in every_node()} == {"goal", "outcome", "output"}

    computed = [i for i in indicators if i.source == Source.COMPUTED]
    reported = [i for i in indicators if i.source == Source.REPORTED]
    assert len(computed) == 8 and 1 <= len(reported) <= 2
    for spec in computed:
        measure = MEASURES[spec.measure]
        params_clean(measure, spec.params)  # raises on a bad parameter
        assert spec.unit == measure.unit
        assert set(spec.disaggregations) <= set(measure.disaggregations)
        assert not spec.values
    for spec in indicators:
        periods = {(t.period, t.country) for t in spec.targets}
        assert len(periods) == len(spec.targets)
        assert ("programme", "") in periods, spec.code
        for target in spec.targets:
            if target.country:
                assert target.country in PROGRAMME.countries
                assert "country" in spec.disaggregations
    verifications = Counter(v.verification for spec in reported for v in spec.values)
    assert set(verifications) == set(Verification.values)
    assert all(v.source and v.note for spec in reported for v in spec.values)
    assert any(SDG in spec.tags for spec in indicators)

    story = Counter(INTENDED_STATUS.values())
    assert story["at_risk"] == 1 and story["off_track"] == 1
    assert story["on_track"] > len(indicators) / 2
    assert "on track" in PROGRAMME.description and "at risk" in PROGRAMME.description
    assert "off track" in PROGRAMME.description


# Loading


@pytest.mark.django_db
def test_the_programme_loads_with_its_tree_indicators_targets_and_values(demo: Workspace) -> None:
    scope = owner_scope(demo)
    programme = programme_get(scope=scope, id=demo_programme(demo).pk)
    assert programme.name == PROGRAMME.name
    assert (programme.start_date, programme.end_date) == (PROGRAMME.start_date, PROGRAMME.end_date)
    assert programme.countries == sorted(PROGRAMME.countries)
    assert programme.currency == "USD"

    def shape(entries: list[dict[str, Any]]) -> list[Any]:
        return [
            (
                e["node"].level,
                e["node"].code,
                [i.code for i in e["indicators"]],
                shape(e["children"]),
            )
            for e in entries
        ]

    def spec_shape(node: Any) -> Any:
        return (
            node.level,
            node.code,
            [i.code for i in node.indicators],
            [spec_shape(c) for c in node.children],
        )

    tree = framework_tree(scope=scope, programme=programme)
    assert shape(tree) == [spec_shape(PROGRAMME.goal)]

    owner = User.objects.get(email=DEMO_EMAIL)
    for spec in every_indicator():
        indicator = Indicator.objects.get(programme=programme, code=spec.code)
        assert indicator.source == spec.source and indicator.measure == spec.measure
        assert indicator.tags == list(spec.tags)
        assert indicator.baseline_value == spec.baseline
        assert sorted(indicator.targets.values_list("period", "country", "value")) == sorted(
            (t.period, t.country, t.value) for t in spec.targets
        )
        values = {v.period: v for v in indicator.reported_values.all()}
        assert set(values) == {v.period for v in spec.values}
        for value in spec.values:
            row = values[value.period]
            assert (row.value, row.verification_status) == (value.value, value.verification)
            verified = value.verification == Verification.VERIFIED
            assert (row.verified_by == owner) is verified
    assert Programme.history.exclude(history_user=owner).count() == 0
    assert ReportedValue.history.exclude(history_user=owner).count() == 0


@pytest.mark.django_db
def test_every_computed_indicator_has_a_value_to_date(demo: Workspace) -> None:
    figures = framework_actuals(
        scope=owner_scope(demo), programme=demo_programme(demo), today=REFERENCE_DAY
    )
    entries = {i["code"]: i for i in figures["indicators"]}
    assert set(entries) == set(INTENDED_STATUS)
    for code, entry in entries.items():
        to_date = entry["to_date"]
        assert to_date["value"] is not None and to_date["value"] > 0, code
        assert to_date["target"] is not None, code
    # The figures the description quotes.
    assert entries["OP1.1.1"]["to_date"]["value"] == 21
    assert entries["OC2.1"]["to_date"]["value"] == 40
    assert entries["OP2.2.1"]["to_date"]["value"] == 5
    assert entries["OC1.2"]["to_date"]["value"] == 2
    assert round(entries["OC1.1"]["to_date"]["value"]) == 71


@pytest.mark.django_db
def test_the_statuses_tell_the_intended_story(demo: Workspace) -> None:
    assert statuses(demo) == INTENDED_STATUS
    # Per country: no training completed yet in Mexico or the DR Congo, Mexico's in-person
    # reach and the DR Congo's organisations engaged at risk; Chile and Kenya on track.
    mexico, congo = statuses(demo, "MX"), statuses(demo, "CD")
    assert mexico["OP1.1.1"] == congo["OP1.1.1"] == "off_track"
    assert mexico["OP1.2.1"] == "at_risk" and congo["OC2.1"] == "at_risk"
    for country in ("CL", "KE"):
        figures = statuses(demo, country)
        assert {figures[c] for c in ("OP1.1.1", "OP1.2.1", "OC2.1")} == {"on_track"}


@pytest.mark.django_db
def test_loading_twice_creates_and_changes_nothing(demo: Workspace) -> None:
    before = results_snapshot()
    assert before["Indicator_history"] and before["ReportedValue_history"]
    load_demo()
    assert results_snapshot() == before


@pytest.mark.django_db
def test_a_framework_edited_or_trashed_while_exploring_is_left_alone(demo: Workspace) -> None:
    scope = owner_scope(demo)
    programme = demo_programme(demo)
    follow_ups = Indicator.objects.get(programme=programme, code="OP2.2.1")
    target = follow_ups.targets.get(period="programme", country="")
    value_services.target_update(scope=scope, target=target, data={"value": 10})
    indicator_services.indicator_delete(
        scope=scope, indicator=Indicator.objects.get(programme=programme, code="OP2.1.2")
    )
    before = results_snapshot()
    load_demo()
    assert results_snapshot() == before
    assert statuses(demo)["OP2.2.1"] == "on_track"  # 5 against 10 x half the days

    programme_services.programme_delete(scope=scope, programme=programme)
    before = results_snapshot()
    load_demo()
    assert results_snapshot() == before
    assert Programme.all_objects.filter(workspace=demo, code=PROGRAMME_CODE).count() == 1
    assert not Programme.objects.filter(workspace=demo).exists()
