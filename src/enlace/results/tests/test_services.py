"""Writes of results frameworks: the bad input the issue lists (each a clear error on its field
and nothing half-saved), the tree's invariants, verification, history, roles and other
workspaces."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from enlace.core.errors import ValidationError, VersionConflict
from enlace.core.permissions import Role
from enlace.results import selectors
from enlace.results.models import Indicator, Programme, ReportedValue, ResultNode, Target
from enlace.results.services import indicators, programmes, values
from enlace.results.tests import factories
from enlace.testing import make_member

pytestmark = pytest.mark.django_db


def _codes(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return {field: [e.code or "" for e in errors] for field, errors in exc.value.error_dict.items()}


def _counts() -> tuple[int, ...]:
    """Rows and history rows of every results model: a refused write changes none of them."""
    models = (Programme, ResultNode, Indicator, Target, ReportedValue)
    return tuple(m.all_objects.count() for m in models) + tuple(
        m.history.count()  # type: ignore[attr-defined]
        for m in models
    )


@pytest.fixture
def reported(editor):
    prog = factories.programme(editor)
    return factories.indicator(
        editor, prog, unit="percent", disaggregations=["country", "sex"], tags=["SDG 8.7"]
    )


@pytest.fixture
def computed(editor):
    return factories.indicator(
        editor, measure="people_trained", params={}, disaggregations=["country"]
    )


# Programmes


def test_programme_dates_countries_currency_are_checked(editor):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        factories.programme(
            editor,
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2025, 1, 1),
            countries=["CO", "XX"],
            currency="ZZZ",
        )
    assert _codes(exc) == {
        "end_date": ["before_start"],
        "countries": ["unknown"],
        "currency": ["unknown_currency"],
    }
    assert _counts() == before


def test_programme_keeps_countries_normal_and_code_unique(editor):
    prog = factories.programme(editor, code=" P-1 ", countries=["pe", "CO", "co"])
    assert (prog.code, prog.countries) == ("P-1", ["CO", "PE"])
    with pytest.raises(ValidationError) as exc:
        factories.programme(editor, code="P-1")
    assert _codes(exc) == {"code": ["duplicate"]}


def test_narrowing_a_programme_cannot_strand_its_targets(editor, reported):
    factories.target(editor, reported, "2026-Q4", 50)
    with pytest.raises(ValidationError) as exc:
        programmes.programme_update(
            scope=editor, programme=reported.programme, data={"end_date": dt.date(2026, 6, 30)}
        )
    assert _codes(exc) == {"end_date": ["strands_values"]}


# The tree


def test_nodes_nest_in_order_and_never_in_a_cycle(editor):
    prog = factories.programme(editor)
    goal = factories.node(editor, prog, level="goal")
    first = factories.node(editor, prog, parent=goal)
    second = factories.node(editor, prog, parent=goal, level="output")
    assert (first.position, second.position) == (0, 1)
    with pytest.raises(ValidationError) as exc:
        programmes.node_update(scope=editor, node=goal, data={"parent": second})
    assert _codes(exc)["parent"] == ["cycle"]
    with pytest.raises(ValidationError) as exc:
        factories.node(editor, prog, parent=second, level="goal")
    assert _codes(exc) == {"level": ["level_order"]}
    other = factories.programme(editor)
    with pytest.raises(ValidationError) as exc:
        factories.node(editor, other, parent=goal)
    assert _codes(exc) == {"parent": ["other_programme"]}
    tree = selectors.framework_tree(scope=editor, programme=prog)
    assert [c["node"] for c in tree[0]["children"]] == [first, second]


def test_a_node_with_indicators_is_not_deleted(editor, reported):
    with pytest.raises(ValidationError):
        programmes.node_delete(scope=editor, node=reported.node)
    indicators.indicator_delete(scope=editor, indicator=reported)
    programmes.node_delete(scope=editor, node=reported.node)
    assert not ResultNode.objects.filter(pk=reported.node_id).exists()


# Indicators


def test_indicator_keeps_tags_as_typed_and_disaggregations_in_order(reported):
    assert reported.tags == ["SDG 8.7"]
    assert reported.disaggregations == ["country", "sex"]
    assert reported.programme_id == reported.node.programme_id


def test_computed_indicator_stores_clean_params(editor):
    ind = factories.indicator(editor, measure="knowledge_gain_share", unit="percent", params={})
    assert ind.params == {"min_gain": "20"}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"measure": "no_such_measure"}, {"measure": ["unknown"]}),
        ({"measure": "knowledge_gain_share", "unit": "percent", "params": {"min_gain": "x"}}, None),
        ({"measure": "people_trained", "disaggregations": ["country", "age_group"]}, None),
        ({"measure": "knowledge_gain_share"}, {"unit": ["unit_mismatch"]}),
        ({"measure": "people_trained", "params": {"colour": 1}}, {"params": ["invalid_params"]}),
        ({"disaggregations": ["planet"]}, {"disaggregations": ["unknown"]}),
        ({"unit": "currency"}, {"currency": ["required"]}),
        ({"unit": "percent", "baseline_value": "120"}, {"baseline_value": ["percent_range"]}),
        ({"baseline_period": "2025-13"}, {"baseline_period": ["invalid"]}),
        ({"tags": "SDG 8.7"}, {"tags": ["invalid"]}),
        ({"source": "reported", "measure": "people_trained"}, {"measure": ["reported"]}),
    ],
)
def test_bad_indicators_are_refused_on_their_field(editor, data, expected):
    node = factories.node(editor, factories.programme(editor))
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        factories.indicator(editor, node, **data)
    codes = _codes(exc)
    if expected is not None:
        assert codes == expected
    elif "params" in data:
        assert codes == {"params": ["invalid_params"]}
        assert "min_gain must be a number" in str(exc.value)
    else:
        assert codes == {"disaggregations": ["unsupported_disaggregation"]}
        assert "age_group" in str(exc.value)
    assert _counts() == before


def test_indicator_codes_are_unique_per_programme(editor, reported):
    with pytest.raises(ValidationError) as exc:
        factories.indicator(editor, reported.node, code=reported.code)
    assert _codes(exc) == {"code": ["duplicate"]}
    factories.indicator(editor, factories.programme(editor), code=reported.code)


def test_an_indicator_cannot_become_computed_over_its_reported_values(editor, reported):
    factories.reported_value(editor, reported, value=40)
    with pytest.raises(ValidationError) as exc:
        indicators.indicator_update(
            scope=editor,
            indicator=reported,
            data={"source": "computed", "measure": "knowledge_gain_share", "params": {}},
        )
    assert _codes(exc) == {"source": ["has_values"]}


# Targets and reported values: the bad input


def test_target_outside_the_programme_is_refused(editor, reported):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        factories.target(editor, reported, "2027-Q1", 10)
    assert _codes(exc) == {"period": ["outside_programme"]}
    assert "2027-Q1 is outside the programme" in str(exc.value)
    assert _counts() == before


def test_reported_value_for_a_computed_indicator_is_refused(editor, computed):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        factories.reported_value(editor, computed, value=3)
    assert _codes(exc) == {"indicator": ["computed"]}
    assert _counts() == before


@pytest.mark.parametrize("value", ["100.5", "-1"])
def test_a_percent_outside_0_to_100_is_refused(editor, reported, value):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        factories.target(editor, reported, "2025", value)
    assert _codes(exc) == {"value": ["percent_range"]}
    with pytest.raises(ValidationError):
        factories.reported_value(editor, reported, value=value)
    assert _counts() == before


def test_a_country_the_indicator_is_not_broken_down_by_is_refused(editor):
    ind = factories.indicator(editor, disaggregations=["sex"])
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        factories.target(editor, ind, "2025", 10, country="CO")
    assert _codes(exc) == {"country": ["unsupported_disaggregation"]}
    assert _counts() == before


def test_country_values_are_of_the_programme(editor, reported):
    target = factories.target(editor, reported, "2025", 30, country="co")
    assert target.country == "CO"
    with pytest.raises(ValidationError) as exc:
        factories.target(editor, reported, "2025", 30, country="BR")
    assert _codes(exc) == {"country": ["outside_programme"]}
    with pytest.raises(ValidationError) as exc:
        factories.target(editor, reported, "2025", 30, country="co")
    assert _codes(exc) == {"period": ["duplicate"]}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"period": "2025-Q5"}, {"period": ["invalid"]}),
        ({"period": "programme"}, {"period": ["invalid"]}),
        ({"value": 1.5}, {"value": ["invalid"]}),
        ({"value": "12.34567"}, {"value": ["too_precise"]}),
        ({"verification_status": "approved"}, {"verification_status": ["invalid_choice"]}),
    ],
)
def test_bad_reported_values_are_refused(editor, reported, data, expected):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        factories.reported_value(editor, reported, **data)
    assert _codes(exc) == expected
    assert _counts() == before


def test_verification_records_who_and_a_change_undoes_it(editor, member, reported):
    checker = member(Role.MANAGER)
    value = factories.reported_value(editor, reported, value="40.5", source="Ministry report")
    assert (value.verification_status, value.verified_by) == ("draft", None)
    value = values.reported_value_update(
        scope=checker, value=value, data={"verification_status": "verified"}
    )
    assert value.verified_by == checker.user and value.verified_at is not None
    value = values.reported_value_update(scope=editor, value=value, data={"note": "typo fixed"})
    assert value.verification_status == "verified"
    value = values.reported_value_update(scope=editor, value=value, data={"value": "41"})
    assert (value.verification_status, value.verified_by, value.verified_at) == (
        "submitted",
        None,
        None,
    )
    assert value.value == Decimal(41)
    assert [h.verification_status for h in value.history.order_by("history_date")] == [
        "draft",
        "verified",
        "verified",
        "submitted",
    ]
    assert value.history.first().history_user == editor.user


def test_writes_are_versioned(editor, reported):
    target = factories.target(editor, reported, "2025", 10)
    values.target_update(scope=editor, target=target, data={"value": 20}, expected_version=1)
    with pytest.raises(VersionConflict):
        values.target_update(scope=editor, target=target, data={"value": 30}, expected_version=1)


# Roles and workspaces


def test_viewers_cannot_write(member, reported):
    viewer = member(Role.VIEWER)
    with pytest.raises(PermissionDenied):
        factories.programme(viewer)
    with pytest.raises(PermissionDenied):
        factories.target(viewer, reported, "2025", 10)


def test_another_workspaces_framework_is_not_found(editor, other_workspace, reported):
    stranger = make_member(other_workspace, Role.OWNER)
    with pytest.raises(Http404):
        selectors.indicator_get(scope=stranger, id=reported.pk)
    with pytest.raises(Http404):
        factories.target(stranger, reported, "2025", 10)
    with pytest.raises(ValidationError):
        factories.indicator(stranger, reported.node)
    assert not selectors.programme_queryset(stranger).exists()


def test_partners_do_not_see_frameworks(member, reported):
    partner = member(Role.PARTNER)
    assert not selectors.indicator_queryset(partner).exists()


def test_a_trashed_programme_hides_its_framework(editor, reported):
    factories.target(editor, reported, "2025", 10)
    programmes.programme_delete(scope=editor, programme=reported.programme)
    assert not selectors.indicator_queryset(editor).exists()
    assert not selectors.target_queryset(editor).exists()


def test_a_programme_comes_back_from_the_trash_unless_its_code_was_taken(editor, member):
    manager = member(Role.MANAGER)
    prog = factories.programme(editor, code="P-9")
    programmes.programme_delete(scope=editor, programme=prog)
    taken = factories.programme(editor, code="P-9")
    with pytest.raises(ValidationError) as exc:
        programmes.programme_restore(scope=manager, programme=prog)
    assert "code" in exc.value.message_dict
    programmes.programme_update(scope=editor, programme=taken, data={"code": "P-10"})
    restored = programmes.programme_restore(scope=manager, programme=prog)
    assert restored.deleted_at is None
    assert [h.history_change_reason for h in restored.history.order_by("history_date")] == [
        None,
        "deleted",
        "restored",
    ]
