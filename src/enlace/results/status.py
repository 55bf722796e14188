"""An indicator's status against its target: on track, at risk or off track, by the thresholds
the workspace sets (StatusRules), or why there is none (no target, not started, no data).

Pure except `rules_for`: the framework page, the dashboard, the exports and the API all judge an
indicator the same way, from the same four figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from enlace.results.models import Direction, StatusRules

ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
NO_TARGET = "no_target"
NOT_STARTED = "not_started"
NO_DATA = "no_data"

STATUS_LABELS: dict[str, Any] = {
    ON_TRACK: _("On track"),
    AT_RISK: _("At risk"),
    OFF_TRACK: _("Off track"),
    NO_TARGET: _("No target"),
    NOT_STARTED: _("Not started"),
    NO_DATA: _("No data"),
}
STATUSES = tuple(STATUS_LABELS)

HUNDRED = Decimal(100)


def rules_for(workspace: Any) -> StatusRules:
    """The workspace's rules, created with the defaults (90 and 70) the first time they are
    read: a workspace that never set them is judged by the documented defaults."""
    rules, _created = StatusRules.objects.get_or_create(workspace=workspace)
    return rules


def percent_of_expected(*, value: Decimal, expected: Decimal, direction: str) -> Decimal | None:
    """How far the actual meets what is expected by now, in percent (100 = exactly as
    planned). For "decrease is good" the ratio is turned round (expected / actual): staying
    at or under the expected level is 100 or more, twice the level is 50. None when the ratio
    has no meaning (nothing expected of an increase, or an actual of zero for a decrease:
    both are met outright)."""
    if direction == Direction.DECREASE:
        if value <= 0:
            return None
        return expected / value * HUNDRED
    if expected <= 0:
        return None
    return value / expected * HUNDRED


def indicator_status(
    *,
    value: Decimal | None,
    expected: Decimal | None,
    target: Decimal | None,
    direction: str,
    rules: StatusRules,
) -> str:
    """One of STATUSES. `expected` is what the target asks for by now (the target pro-rated
    over the part of the programme that has passed); None means the programme has not started,
    so nothing can be judged yet. A value of None means nothing is known (a share with no
    matched trainees, a reported indicator with no value entered): a count with nothing
    recorded is zero, not None, and is judged."""
    if target is None:
        return NO_TARGET
    if expected is None:
        return NOT_STARTED
    if value is None:
        return NO_DATA
    percent = percent_of_expected(value=value, expected=expected, direction=direction)
    if percent is None:
        # Nothing expected yet of an increase, or a decrease already at zero: met.
        return ON_TRACK
    if percent >= rules.on_track_from:
        return ON_TRACK
    if percent >= rules.at_risk_from:
        return AT_RISK
    return OFF_TRACK
