"""Statuses by the workspace's thresholds: every boundary, "decrease is good", and the cases
with nothing to judge (no target, not started, no data); the rules set by owners and managers
only, with clear messages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from enlace.core.errors import ValidationError
from enlace.core.permissions import Role
from enlace.results import status
from enlace.results.models import StatusRules
from enlace.results.services.rules import status_rules_update

pytestmark = pytest.mark.django_db


def judge(value, expected, target=100, direction="increase", on_track=90, at_risk=70):
    rules = StatusRules(on_track_from=on_track, at_risk_from=at_risk)
    return status.indicator_status(
        value=None if value is None else Decimal(value),
        expected=None if expected is None else Decimal(expected),
        target=None if target is None else Decimal(target),
        direction=direction,
        rules=rules,
    )


@pytest.mark.parametrize(
    ("value", "expected", "result"),
    [
        ("120", "100", "on_track"),
        ("90", "100", "on_track"),  # exactly at "on track from"
        ("89.99", "100", "at_risk"),
        ("70", "100", "at_risk"),  # exactly at "at risk from"
        ("69.99", "100", "off_track"),
        ("0", "100", "off_track"),
        ("45", "50", "on_track"),  # against what is expected by now, not the whole target
        ("0", "0", "on_track"),  # nothing expected yet
    ],
)
def test_increase_boundaries(value, expected, result):
    assert judge(value, expected) == result


@pytest.mark.parametrize(
    ("value", "expected", "result"),
    [
        ("8", "10", "on_track"),  # under the ceiling
        ("0", "10", "on_track"),
        ("10", "10", "on_track"),
        ("11", "10", "on_track"),  # 10/11 = 90.9 %
        ("12", "10", "at_risk"),  # 83 %
        ("14", "10", "at_risk"),  # 71.4 %
        ("15", "10", "off_track"),  # 66.7 %
        ("40", "10", "off_track"),
    ],
)
def test_decrease_is_good(value, expected, result):
    assert judge(value, expected, target=10, direction="decrease") == result


def test_nothing_to_judge():
    assert judge("5", "10", target=None) == "no_target"
    assert judge("5", None) == "not_started"
    assert judge(None, "10") == "no_data"
    # The order says which is told: no target first, then not started, then no data.
    assert judge(None, None, target=None) == "no_target"
    assert judge(None, None) == "not_started"


def test_the_workspace_thresholds_are_used():
    assert judge("80", "100") == "at_risk"
    assert judge("80", "100", on_track=80, at_risk=50) == "on_track"
    assert judge("49", "100", on_track=80, at_risk=50) == "off_track"
    assert judge("0", "100", on_track=0, at_risk=0) == "on_track"


def test_rules_for_creates_the_defaults_once(workspace):
    rules = status.rules_for(workspace)
    assert (rules.on_track_from, rules.at_risk_from) == (90, 70)
    assert status.rules_for(workspace).pk == rules.pk
    assert StatusRules.objects.filter(workspace=workspace).count() == 1


@pytest.mark.parametrize("role", [Role.OWNER, Role.MANAGER])
def test_owners_and_managers_set_the_rules(member, role):
    scope = member(role)
    rules = status_rules_update(scope=scope, data={"on_track_from": 80, "at_risk_from": "60"})
    assert (rules.on_track_from, rules.at_risk_from) == (80, 60)
    assert rules.updated_by == scope.user
    assert status.rules_for(scope.workspace).on_track_from == 80


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER, Role.PARTNER])
def test_others_may_not(member, role):
    with pytest.raises(PermissionDenied):
        status_rules_update(scope=member(role), data={"on_track_from": 80})
    assert status.rules_for(member(Role.OWNER).workspace).on_track_from == 90


@pytest.mark.parametrize(
    ("data", "field", "fragment"),
    [
        ({"on_track_from": 101}, "on_track_from", "0 to 100"),
        ({"at_risk_from": -1}, "at_risk_from", "0 to 100"),
        ({"at_risk_from": 2.5}, "at_risk_from", "whole number"),
        ({"on_track_from": "lots"}, "on_track_from", "whole number"),
        ({"on_track_from": True}, "on_track_from", "whole number"),
        ({"on_track_from": 60}, "at_risk_from", "cannot be above"),  # 70 stays
        ({"on_track_from": 50, "at_risk_from": 60}, "at_risk_from", "cannot be above"),
        ({"colour": "red"}, "colour", "Unknown field"),
    ],
)
def test_bad_rules_are_refused_with_a_message(owner, data, field, fragment):
    with pytest.raises(ValidationError) as caught:
        status_rules_update(scope=owner, data=data)
    assert fragment in " ".join(str(m) for m in caught.value.message_dict[field])
    rules = status.rules_for(owner.workspace)
    assert (rules.on_track_from, rules.at_risk_from) == (90, 70)


def test_equal_thresholds_and_the_extremes_are_allowed(owner):
    rules = status_rules_update(scope=owner, data={"on_track_from": 100, "at_risk_from": 100})
    assert (rules.on_track_from, rules.at_risk_from) == (100, 100)
    rules = status_rules_update(scope=owner, data={"on_track_from": 0, "at_risk_from": 0})
    assert (rules.on_track_from, rules.at_risk_from) == (0, 0)
