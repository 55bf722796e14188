"""Reads of opportunities: the scoped queryset, the list, one card's detail with its stage
history and time in each stage, the board, the opportunities of an engagement or organisation,
and the deadlines coming up. Partners see the opportunities whose counterpart or funder is
their organisation (or one of its units)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from enlace.core.fields import name_key
from enlace.core.scoping import Scope, get_in_scope
from enlace.engagements.models import Engagement
from enlace.engagements.selectors import engagement_queryset
from enlace.partnerships.models import (
    Agreement,
    Deadline,
    Opportunity,
    OpportunityDocument,
    Stage,
    StageChange,
)
from enlace.stakeholders.models import Organization
from enlace.stakeholders.selectors import partner_organization_ids

_NO_SUCH_ID = uuid.UUID(int=0)
SECONDS_PER_DAY = 86400


def _uuid(value: Any) -> uuid.UUID:
    """A malformed identifier in a filter matches nothing instead of failing."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return _NO_SUCH_ID


def opportunity_queryset(scope: Scope, *, deleted: bool = False) -> QuerySet[Opportunity]:
    """The opportunities the asker may see (live ones, or only trashed ones with `deleted`)."""
    manager = Opportunity.all_objects if deleted else Opportunity.objects
    qs: QuerySet[Opportunity] = scope.filter(manager.all())
    if deleted:
        qs = qs.filter(deleted_at__isnull=False)
    if scope.is_partner:
        ids = partner_organization_ids(scope)
        qs = qs.filter(Q(counterpart_organization_id__in=ids) | Q(funder_organization_id__in=ids))
    return qs


def _open_deadlines() -> Prefetch[Any, Any]:
    return Prefetch(
        "deadlines",
        queryset=Deadline.objects.filter(done_on__isnull=True).order_by("date", "label"),
        to_attr="open_deadlines",
    )


def opportunity_list(
    *,
    scope: Scope,
    q: str = "",
    stage: str = "",
    kind: str = "",
    owner_id: Any = None,
    counterpart_id: Any = None,
    currency: str = "",
) -> QuerySet[Opportunity]:
    """Opportunities matching every filter given, by title; each carries `open_deadlines`
    (its deadlines not done, soonest first)."""
    qs = opportunity_queryset(scope).select_related(
        "counterpart_organization", "funder_organization", "owner"
    )
    q = (q or "").strip()
    if q:
        cond = Q(title__icontains=q) | Q(counterpart_organization__name__icontains=q)
        key = name_key(q)
        if key:
            cond |= Q(title_key__contains=key)
        qs = qs.filter(cond)
    if stage:
        qs = qs.filter(stage=stage)
    if kind:
        qs = qs.filter(kind=kind)
    if owner_id is not None:
        qs = qs.filter(owner_id=owner_id)
    if counterpart_id is not None:
        qs = qs.filter(counterpart_organization_id=_uuid(counterpart_id))
    if currency:
        qs = qs.filter(currency=currency.strip().upper())
    return qs.prefetch_related(_open_deadlines()).order_by("title_key", "id")


def opportunity_get(*, scope: Scope, id: Any) -> Opportunity:
    """One opportunity the asker may see, or 404."""
    return get_in_scope(
        opportunity_queryset(scope).select_related(
            "counterpart_organization", "funder_organization", "owner"
        ),
        id,
    )


# Time in stage


def _changes(opportunity: Opportunity) -> list[StageChange]:
    cache = getattr(opportunity, "_prefetched_objects_cache", {})
    if "stage_changes" in cache:
        return sorted(cache["stage_changes"], key=lambda c: (c.at, str(c.id)))
    return list(StageChange.objects.filter(opportunity=opportunity).order_by("at", "id"))


def stage_durations(
    opportunity: Opportunity, *, now: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """Each stay in a stage, oldest first: {stage, entered_at, left_at (None for the current
    one), days (float; until `now` for the current one)}."""
    now = now or timezone.now()
    changes = _changes(opportunity)
    periods = []
    for index, change in enumerate(changes):
        left = changes[index + 1].at if index + 1 < len(changes) else None
        seconds = ((left or now) - change.at).total_seconds()
        periods.append(
            {
                "stage": change.stage,
                "entered_at": change.at,
                "left_at": left,
                "days": max(seconds, 0.0) / SECONDS_PER_DAY,
            }
        )
    return periods


def stage_totals(durations: list[dict[str, Any]]) -> dict[str, float]:
    """Days per stage over all its stays (a stage visited twice sums), in board order."""
    totals: dict[str, float] = defaultdict(float)
    for period in durations:
        totals[period["stage"]] += period["days"]
    return {stage: totals[stage] for stage in Stage.values if stage in totals}


def opportunity_detail(*, scope: Scope, opportunity: Opportunity) -> dict[str, Any]:
    """Everything the opportunity page shows, in a fixed number of queries: its stage history
    (oldest first, with who moved it), time in each stage, deadlines, documents, the
    engagements it arose from (those the asker may see) and its agreements."""
    history = list(
        StageChange.objects.filter(opportunity=opportunity)
        .select_related("by")
        .order_by("at", "id")
    )
    cache = getattr(opportunity, "_prefetched_objects_cache", {})
    opportunity._prefetched_objects_cache = {**cache, "stage_changes": history}  # type: ignore[attr-defined]
    durations = stage_durations(opportunity)
    origins = (
        engagement_queryset(scope)
        .filter(opportunity_origins__opportunity=opportunity)
        .order_by("-start_date", "title_key", "id")
    )
    deadlines = Deadline.objects.filter(workspace=scope.workspace, opportunity=opportunity)
    documents = OpportunityDocument.objects.filter(
        workspace=scope.workspace, opportunity=opportunity
    )
    agreements = Agreement.objects.filter(workspace=scope.workspace, opportunity=opportunity)
    return {
        "stage_history": history,
        "durations": durations,
        "stage_totals": stage_totals(durations),
        "deadlines": list(deadlines),
        "documents": list(documents),
        "origins": list(origins),
        "agreements": list(agreements),
    }


# Board


def opportunity_board(*, scope: Scope, **filters: Any) -> list[dict[str, Any]]:
    """One column per stage, in pipeline order (closed stages last): {stage, label, cards,
    count, totals (amount per currency, never summed across currencies)}. `filters` are
    opportunity_list's (a `stage` filter is ignored: the board shows every column)."""
    filters.pop("stage", None)
    cards: dict[str, list[Opportunity]] = defaultdict(list)
    for opportunity in opportunity_list(scope=scope, **filters):
        cards[opportunity.stage].append(opportunity)
    columns = []
    for stage in Stage:
        column_cards = cards.get(stage.value, [])
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for card in column_cards:
            if card.amount is not None:
                totals[card.currency] += card.amount
        columns.append(
            {
                "stage": stage.value,
                "label": stage.label,
                "cards": column_cards,
                "count": len(column_cards),
                "totals": dict(sorted(totals.items())),
            }
        )
    return columns


# Related records


def opportunities_for_engagement(*, scope: Scope, engagement: Engagement) -> QuerySet[Opportunity]:
    """The opportunities that arose from this engagement."""
    return (
        opportunity_queryset(scope)
        .filter(origin_links__engagement=engagement)
        .select_related("counterpart_organization", "owner")
        .distinct()
        .order_by("title_key", "id")
    )


def opportunities_for_organization(
    *, scope: Scope, organization: Organization
) -> QuerySet[Opportunity]:
    """The opportunities where the organisation is the counterpart or the funder."""
    return (
        opportunity_queryset(scope)
        .filter(Q(counterpart_organization=organization) | Q(funder_organization=organization))
        .select_related("counterpart_organization", "funder_organization", "owner")
        .order_by("title_key", "id")
    )


# Deadlines


def upcoming_deadlines(
    *,
    scope: Scope,
    days: int = 30,
    owner: Any = None,
    include_overdue: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Deadline]:
    """Open deadlines (not done) from today to `days` days ahead (and earlier ones too with
    `include_overdue`) of the live opportunities the asker may see; with `owner` (a user),
    only those of the opportunities that user owns. Soonest first."""
    today = today or timezone.localdate()
    qs = Deadline.objects.filter(
        workspace=scope.workspace,
        done_on__isnull=True,
        date__lte=today + dt.timedelta(days=days),
        opportunity__in=opportunity_queryset(scope),
    )
    if not include_overdue:
        qs = qs.filter(date__gte=today)
    if owner is not None:
        qs = qs.filter(opportunity__owner=owner)
    return qs.select_related("opportunity", "opportunity__counterpart_organization").order_by(
        "date", "label", "id"
    )
