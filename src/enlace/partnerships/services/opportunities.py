"""Opportunities: create, update, move between stages (each move a StageChange row), the
engagements they arose from, delete and restore.

The stage changes only through `opportunity_move`, which appends a StageChange, so that the
board's history and the time spent in each stage can always be rebuilt from those rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import Http404, ValidationError, VersionConflict
from enlace.core.fields import name_key
from enlace.core.models import Membership
from enlace.core.permissions import Action, Role
from enlace.core.scoping import Scope
from enlace.core.services import (
    history_stamp,
    lock_for_write,
    record_restore,
    record_save,
    record_soft_delete,
)
from enlace.engagements.models import Engagement
from enlace.engagements.services.common import (
    _add,
    _apply,
    _check_fields,
    _check_refs,
    _raise,
)
from enlace.partnerships.models import (
    CLOSING_STAGES,
    Opportunity,
    OpportunityOrigin,
    Stage,
    StageChange,
)
from enlace.partnerships.services.common import check_money, clean_errors, normal_currency

OPPORTUNITY_FIELDS = frozenset(
    {
        "title",
        "counterpart_organization",
        "funder_organization",
        "kind",
        "owner",
        "amount",
        "currency",
        "probability",
        "origin_engagements",
        "tags",
        "notes",
    }
)
# Only at creation: the initial stage (default identified) and, for a closing one, the reason.
CREATE_ONLY_FIELDS = frozenset({"stage", "reason"})
REASON_MIN = 3
REASON_MAX = 300


class CardMoved(VersionConflict):
    """A move (or edit) based on an older version of the card: someone else moved it first."""

    def __init__(self, *, current_version: int, changed_fields: list[str], stage: str) -> None:
        super().__init__(current_version=current_version, changed_fields=changed_fields)
        self.stage = stage
        label = Stage(stage).label if stage in Stage.values else stage
        if "stage" in changed_fields:
            message = _("This card was moved by someone else: it is now in %(stage)s.")
        else:
            message = _("This card was changed by someone else; it is in %(stage)s.")
        self.message = str(message % {"stage": label})
        self.args = (self.message,)


def _lock(opportunity: Opportunity, expected_version: int | None) -> Opportunity:
    try:
        return lock_for_write(opportunity, expected_version=expected_version)
    except VersionConflict as exc:
        current = Opportunity.all_objects.only("stage").get(pk=opportunity.pk)
        raise CardMoved(
            current_version=exc.current_version,
            changed_fields=exc.changed_fields,
            stage=current.stage,
        ) from exc


def _check_reason(stage: str, reason: str, errors: dict[str, list[Any]]) -> None:
    if stage in CLOSING_STAGES and len(reason) < REASON_MIN:
        _add(
            errors,
            "reason",
            _("Say in a few words why it is %(stage)s (3 to 300 characters).")
            % {"stage": Stage(stage).label.lower()},
            "reason_required",
        )
    elif len(reason) > REASON_MAX:
        _add(errors, "reason", _("Keep the reason within 300 characters."), "reason_too_long")


def _check_stage(stage: Any, errors: dict[str, list[Any]]) -> None:
    if stage not in Stage.values:
        _add(errors, "stage", _("Unknown stage."), "unknown_stage")


def _check_origins(scope: Scope, engagements: Any, errors: dict[str, list[Any]]) -> list[Any]:
    if isinstance(engagements, (str, bytes, Mapping)) or not isinstance(engagements, Iterable):
        _add(errors, "origin_engagements", _("Give a list of engagements."), "invalid")
        return []
    chosen = list(engagements)
    for engagement in chosen:
        if not isinstance(engagement, Engagement) or engagement.workspace_id != scope.workspace.pk:
            _add(errors, "origin_engagements", _("Not found."), "not_found")
            return []
        if engagement.deleted_at is not None:
            _add(errors, "origin_engagements", _("That record is in the trash."), "trashed")
            return []
    return list({e.pk: e for e in chosen}.values())


def _check_owner(scope: Scope, opportunity: Opportunity, errors: dict[str, list[Any]]) -> None:
    if opportunity.owner_id is None or "owner" in errors:
        return
    is_member = (
        Membership.objects.filter(
            workspace=scope.workspace, user_id=opportunity.owner_id, is_active=True
        )
        .exclude(role__in=[Role.PARTNER, Role.VIEWER])
        .exists()
    )
    if not is_member:
        _add(errors, "owner", _("The owner must be a staff member of this workspace."), "owner")


def _validate(
    scope: Scope, opportunity: Opportunity, data: Mapping[str, Any], errors: dict[str, list[Any]]
) -> None:
    opportunity.title = " ".join(str(opportunity.title or "").split())
    opportunity.title_key = name_key(opportunity.title)
    opportunity.currency = normal_currency(opportunity.currency)
    errors.update({k: v for k, v in clean_errors(opportunity).items() if k not in errors})
    if opportunity.title and not opportunity.title_key and "title" not in errors:
        _add(errors, "title", _("A title needs at least one letter or digit."))
    if "amount" not in errors:
        check_money(opportunity.amount, opportunity.currency, errors)
    elif "currency" not in errors:
        check_money(None, opportunity.currency, errors)
    probability = opportunity.probability
    if "probability" not in errors and probability is not None and not 0 <= probability <= 100:
        _add(errors, "probability", _("Give a percentage from 0 to 100."), "probability_range")
    if (
        opportunity.funder_organization_id is not None
        and opportunity.funder_organization_id == opportunity.counterpart_organization_id
    ):
        _add(
            errors,
            "funder_organization",
            _("The funder is the counterpart itself: leave it empty."),
            "same_as_counterpart",
        )
    _check_owner(scope, opportunity, errors)


def _set_origins(scope: Scope, opportunity: Opportunity, engagements: list[Any]) -> bool:
    """Make the opportunity's origins exactly `engagements`; each link added or removed is a
    row with its own history (who, when). True when anything changed."""
    wanted = {e.pk for e in engagements}
    links = list(OpportunityOrigin.all_objects.filter(opportunity=opportunity))
    have = {link.engagement_id for link in links}
    changed = False
    for link in links:
        if link.engagement_id not in wanted:
            history_stamp(link, actor=scope.user, reason="origin removed")
            link.delete()
            changed = True
    for engagement in engagements:
        if engagement.pk not in have:
            link = OpportunityOrigin(
                workspace=scope.workspace, opportunity=opportunity, engagement=engagement
            )
            record_save(link, actor=scope.user)
            changed = True
    return changed


@transaction.atomic
def opportunity_create(*, scope: Scope, data: Mapping[str, Any]) -> Opportunity:
    """A new opportunity and its first StageChange (from "" to its initial stage, default
    identified; a closing initial stage needs `reason` like a move)."""
    scope.require(Action.CREATE)
    _check_fields(data, OPPORTUNITY_FIELDS | CREATE_ONLY_FIELDS)
    fields = {k: v for k, v in data.items() if k not in CREATE_ONLY_FIELDS | {"origin_engagements"}}
    _check_refs(scope, fields)
    errors: dict[str, list[Any]] = {}
    stage = data.get("stage") or Stage.IDENTIFIED
    reason = " ".join(str(data.get("reason") or "").split())
    _check_stage(stage, errors)
    if "stage" not in errors:
        _check_reason(stage, reason, errors)
    origins = _check_origins(scope, data.get("origin_engagements", []), errors)
    opportunity = Opportunity(workspace=scope.workspace, owner=scope.user)
    _apply(opportunity, fields)
    if "stage" not in errors:
        opportunity.stage = str(stage)
    now = timezone.now()
    opportunity.stage_changed_at = now
    _validate(scope, opportunity, data, errors)
    _raise(errors)
    history_stamp(opportunity, actor=scope.user, reason="created")
    record_save(opportunity, actor=scope.user)
    StageChange.objects.create(
        workspace=scope.workspace,
        opportunity=opportunity,
        from_stage="",
        stage=opportunity.stage,
        at=now,
        by=scope.user,
        reason=reason,
    )
    _set_origins(scope, opportunity, origins)
    return opportunity


@transaction.atomic
def opportunity_update(
    *,
    scope: Scope,
    opportunity: Opportunity,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Opportunity:
    """Change any field but the stage (that is `opportunity_move`); `origin_engagements`
    replaces the set of engagements it arose from."""
    scope.require(Action.CHANGE)
    if opportunity.workspace_id != scope.workspace.pk:
        raise Http404
    if "stage" in data:
        raise ValidationError({"stage": _("Move the card to change its stage.")})
    _check_fields(data, OPPORTUNITY_FIELDS)
    fields = {k: v for k, v in data.items() if k != "origin_engagements"}
    _check_refs(scope, fields)
    locked = _lock(opportunity, expected_version)
    if locked.deleted_at is not None:
        raise ValidationError(_("That record is in the trash."))
    errors: dict[str, list[Any]] = {}
    origins = (
        _check_origins(scope, data["origin_engagements"], errors)
        if "origin_engagements" in data
        else None
    )
    _apply(locked, fields)
    _validate(scope, locked, data, errors)
    _raise(errors)
    if origins is not None:
        _set_origins(scope, locked, origins)
    update = list(fields)
    if "title" in fields:
        update.append("title_key")
    return record_save(locked, actor=scope.user, update_fields=update)


@transaction.atomic
def opportunity_move(
    *,
    scope: Scope,
    opportunity: Opportunity,
    stage: str,
    reason: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Opportunity:
    """Move the card to `stage`: any stage may follow any other (reopening a lost one too);
    won, lost and withdrawn need a reason. A stale `expected_version` raises CardMoved (a
    VersionConflict naming the stage it is in now). `at` (default now) is for imports and
    tests; it may not precede the card's last move."""
    scope.require(Action.CHANGE)
    if opportunity.workspace_id != scope.workspace.pk:
        raise Http404
    errors: dict[str, list[Any]] = {}
    reason = " ".join(str(reason or "").split())
    _check_stage(stage, errors)
    if "stage" not in errors:
        _check_reason(stage, reason, errors)
    _raise(errors)
    locked = _lock(opportunity, expected_version)
    if locked.deleted_at is not None:
        raise ValidationError(_("That record is in the trash."))
    if locked.stage == stage:
        raise ValidationError({"stage": _("Already in that stage.")})
    when = at or timezone.now()
    last = StageChange.objects.filter(opportunity=locked).order_by("-at").first()
    if last is not None and when < last.at:
        raise ValidationError({"at": _("A move cannot precede the card's last move.")})
    StageChange.objects.create(
        workspace=scope.workspace,
        opportunity=locked,
        from_stage=locked.stage,
        stage=stage,
        at=when,
        by=scope.user,
        reason=reason,
    )
    locked.stage = stage
    locked.stage_changed_at = when
    history_stamp(locked, actor=scope.user, reason=f"moved to {stage}")
    return record_save(locked, actor=scope.user, update_fields=["stage", "stage_changed_at"])


def opportunity_delete(
    *, scope: Scope, opportunity: Opportunity, expected_version: int | None = None
) -> Opportunity:
    """Into the trash (its stage history, deadlines and documents stay with it)."""
    if opportunity.workspace_id != scope.workspace.pk:
        raise Http404
    return record_soft_delete(opportunity, scope=scope, expected_version=expected_version)


def opportunity_restore(*, scope: Scope, opportunity: Opportunity) -> Opportunity:
    if opportunity.workspace_id != scope.workspace.pk:
        raise Http404
    return record_restore(opportunity, scope=scope)
