"""The parts of an engagement recorded inline: participants, outcomes, links and audience counts.
Each is a versioned row; removing one keeps its last state in its history."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import Http404
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import lock_for_write, record_save
from enlace.engagements.models import (
    MAX_REACH_VALUE,
    AudienceCount,
    AudienceDimension,
    Engagement,
    EngagementLink,
    Outcome,
    Participant,
)
from enlace.engagements.services.common import (
    _add,
    _apply,
    _check_engagement,
    _check_fields,
    _check_refs,
    _full_clean_errors,
    _hard_delete,
    _lock_engagement,
    _raise,
    _whole_number,
)
from enlace.stakeholders.models import Discipline, OrganizationKind, Sex

TARGET_FIELDS = ("person", "organization", "coordination_body", "member")
PARTICIPANT_FIELDS = frozenset({*TARGET_FIELDS, "role"})
OUTCOME_FIELDS = frozenset({"statement", "organization", "position"})
LINK_FIELDS = frozenset({"kind", "label", "url"})

AUDIENCE_CATEGORIES: dict[str, frozenset[str]] = {
    AudienceDimension.DISCIPLINE: frozenset(Discipline.values),
    AudienceDimension.SEX: frozenset(Sex.values),
    AudienceDimension.ORGANIZATION_KIND: frozenset(OrganizationKind.values),
}


# Participants


def _participant_rules(
    scope: Scope, participant: Participant, errors: dict[str, list[Any]]
) -> None:
    given = [f for f in TARGET_FIELDS if getattr(participant, f"{f}_id") is not None]
    if len(given) != 1:
        message = _(
            "Choose exactly one: a person, an organisation, a coordination body or one of our "
            "representatives."
        )
        for field in given or ["__all__"]:
            _add(errors, field, message, "exactly_one_target")
        return
    field = given[0]
    if field == "member":
        member = participant.member
        if member is None or member.workspace_id != scope.workspace.pk or not member.is_active:
            _add(errors, "member", _("Not an active member of this workspace."), "not_member")
            return
    if (
        field == "person"
        and participant.person is not None
        and participant.person.lived_experience
        and not scope.can(Action.VIEW_LIVED_EXPERIENCE)
    ):
        # Answer as for any row this role cannot see: it is simply not found.
        _add(errors, "person", _("Not found."), "not_found")
        return
    duplicate = Participant.objects.filter(
        engagement_id=participant.engagement_id,
        role=participant.role,
        **{f"{field}_id": getattr(participant, f"{field}_id")},
    ).exclude(pk=participant.pk)
    if duplicate.exists():
        _add(errors, field, _("Already a participant in this role."), "duplicate")


@transaction.atomic
def participant_add(
    *, scope: Scope, engagement: Engagement, data: Mapping[str, Any]
) -> Participant:
    scope.require(Action.CREATE)
    _check_fields(data, PARTICIPANT_FIELDS)
    _check_engagement(scope, engagement)
    _check_refs(scope, data)
    _lock_engagement(engagement)
    participant = Participant(workspace=scope.workspace, engagement=engagement)
    _apply(participant, data)
    errors = _full_clean_errors(participant)
    if "__all__" in errors:
        # The database constraint's own message; ours below says which targets clash.
        del errors["__all__"]
    _participant_rules(scope, participant, errors)
    _raise(errors)
    return record_save(participant, actor=scope.user)


@transaction.atomic
def participant_update(
    *,
    scope: Scope,
    participant: Participant,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Participant:
    scope.require(Action.CHANGE)
    _check_fields(data, PARTICIPANT_FIELDS)
    _check_refs(scope, data)
    locked = lock_for_write(participant, expected_version=expected_version)
    if locked.workspace_id != scope.workspace.pk:
        raise Http404
    _lock_engagement(locked.engagement)
    _apply(locked, data)
    errors = _full_clean_errors(locked)
    errors.pop("__all__", None)
    _participant_rules(scope, locked, errors)
    _raise(errors)
    return record_save(locked, actor=scope.user, update_fields=list(data))


@transaction.atomic
def participant_remove(*, scope: Scope, participant: Participant) -> None:
    scope.require(Action.CHANGE)
    if participant.workspace_id != scope.workspace.pk:
        raise Http404
    _hard_delete(participant, scope=scope)


# Outcomes


@transaction.atomic
def outcome_add(*, scope: Scope, engagement: Engagement, data: Mapping[str, Any]) -> Outcome:
    scope.require(Action.CREATE)
    _check_fields(data, OUTCOME_FIELDS)
    _check_engagement(scope, engagement)
    _check_refs(scope, data)
    outcome = Outcome(workspace=scope.workspace, engagement=engagement)
    if "position" not in data:
        last = Outcome.objects.filter(engagement=engagement).aggregate(last=Max("position"))
        outcome.position = 0 if last["last"] is None else last["last"] + 1
    _apply(outcome, data)
    outcome.statement = " ".join(str(outcome.statement or "").split())
    return record_save(outcome, actor=scope.user)


@transaction.atomic
def outcome_update(
    *,
    scope: Scope,
    outcome: Outcome,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Outcome:
    scope.require(Action.CHANGE)
    _check_fields(data, OUTCOME_FIELDS)
    _check_refs(scope, data)
    locked = lock_for_write(outcome, expected_version=expected_version)
    if locked.workspace_id != scope.workspace.pk:
        raise Http404
    _apply(locked, data)
    if "statement" in data:
        locked.statement = " ".join(str(locked.statement or "").split())
    return record_save(locked, actor=scope.user, update_fields=list(data))


@transaction.atomic
def outcome_remove(*, scope: Scope, outcome: Outcome) -> None:
    scope.require(Action.CHANGE)
    if outcome.workspace_id != scope.workspace.pk:
        raise Http404
    _hard_delete(outcome, scope=scope)


# Links


@transaction.atomic
def link_add(*, scope: Scope, engagement: Engagement, data: Mapping[str, Any]) -> EngagementLink:
    scope.require(Action.CREATE)
    _check_fields(data, LINK_FIELDS)
    _check_engagement(scope, engagement)
    link = EngagementLink(workspace=scope.workspace, engagement=engagement)
    _apply(link, data)
    link.url = str(link.url or "").strip()
    link.label = " ".join(str(link.label or "").split())
    errors = _full_clean_errors(link)
    # URLField also accepts ftp; a link is opened by members' browsers, so web addresses only.
    if "url" not in errors and urlsplit(link.url).scheme.lower() not in {"http", "https"}:
        _add(errors, "url", _("Use a web address starting with http:// or https://."), "scheme")
    _raise(errors)
    return record_save(link, actor=scope.user)


@transaction.atomic
def link_remove(*, scope: Scope, link: EngagementLink) -> None:
    scope.require(Action.CHANGE)
    if link.workspace_id != scope.workspace.pk:
        raise Http404
    _hard_delete(link, scope=scope)


# Audience counts


@transaction.atomic
def audience_set(
    *, scope: Scope, engagement: Engagement, counts: list[Mapping[str, Any]]
) -> list[AudienceCount]:
    """Replace the engagement's counts with `counts`: rows not given are removed, changed ones
    are updated (versioned), new ones added. Nothing is ever inferred."""
    scope.require(Action.CHANGE)
    _check_engagement(scope, engagement)
    errors: dict[str, list[Any]] = {}
    wanted: dict[tuple[str, str], int] = {}
    for number, row in enumerate(counts, start=1):
        unknown = sorted(set(row) - {"dimension", "category", "count"})
        if unknown:
            _add(errors, unknown[0], _("Row %(n)s: unknown field.") % {"n": number})
            continue
        dimension, category, count = row.get("dimension"), row.get("category"), row.get("count")
        if dimension not in AUDIENCE_CATEGORIES:
            _add(errors, "dimension", _("Row %(n)s: unknown dimension.") % {"n": number})
            continue
        if category not in AUDIENCE_CATEGORIES[str(dimension)]:
            _add(
                errors,
                "category",
                _("Row %(n)s: unknown category for this dimension.") % {"n": number},
            )
            continue
        if not _whole_number(count) or not 0 <= count <= MAX_REACH_VALUE:
            _add(
                errors,
                "count",
                _("Row %(n)s: a count is a whole number from 0 to %(max)s.")
                % {"n": number, "max": MAX_REACH_VALUE},
            )
            continue
        key = (str(dimension), str(category))
        if key in wanted:
            _add(errors, "category", _("Row %(n)s: given twice.") % {"n": number}, "duplicate")
            continue
        wanted[key] = count
    _raise(errors)
    _lock_engagement(engagement)
    existing = {
        (c.dimension, c.category): c for c in AudienceCount.objects.filter(engagement=engagement)
    }
    for key, current in existing.items():
        if key not in wanted:
            _hard_delete(current, scope=scope)
        elif current.count != wanted[key]:
            current.count = wanted[key]
            record_save(current, actor=scope.user, update_fields=["count"])
    for (dimension, category), count in wanted.items():
        if (dimension, category) not in existing:
            record_save(
                AudienceCount(
                    workspace=scope.workspace,
                    engagement=engagement,
                    dimension=dimension,
                    category=category,
                    count=count,
                ),
                actor=scope.user,
            )
    return list(AudienceCount.objects.filter(engagement=engagement))
