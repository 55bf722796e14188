"""Reads of engagements and follow-ups, scoped to the asker's workspace and role, prefetched so
that a page costs the same number of queries for 3 rows or 30.

The contract the API and the pages code against is docs/engagements-contract.md.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone, translation

from enlace.core.fields import name_key, tag_lookup
from enlace.core.models import Membership
from enlace.core.permissions import Action
from enlace.core.scoping import Scope, get_in_scope
from enlace.core.services import token_hash
from enlace.engagements.agenda import agenda_items
from enlace.engagements.models import (
    Attachment,
    AudienceCount,
    CalendarFeed,
    Engagement,
    EngagementLink,
    FollowUp,
    FollowUpStatus,
    Outcome,
    Participant,
    ReachReading,
)
from enlace.stakeholders.models import Organization
from enlace.stakeholders.selectors import (
    MAX_DEPTH,
    partner_organization_ids,
    person_queryset,
)

_NO_SUCH_ID = uuid.UUID(int=0)


def _uuid(value: Any) -> uuid.UUID:
    """A malformed identifier in a filter matches nothing instead of failing."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return _NO_SUCH_ID


def _organization_subtree(scope: Scope, organization_id: Any) -> set[Any]:
    """An organisation and all of its units (one query per level of depth)."""
    ids: set[Any] = {organization_id}
    frontier = set(ids)
    for _ in range(MAX_DEPTH):
        if not frontier:
            break
        children = set(
            Organization.objects.filter(
                workspace=scope.workspace, parent_id__in=frontier
            ).values_list("id", flat=True)
        )
        frontier = children - ids
        ids |= frontier
    return ids


def _involving(scope: Scope, organization_ids: set[Any]) -> Q:
    """Engagements hosted by one of the organisations, or where one of them or one of its people
    takes part. A subquery, so that an engagement with many such participants appears once."""
    participating = Participant.objects.filter(
        Q(organization_id__in=organization_ids)
        | Q(person__organization_id__in=organization_ids, person__deleted_at__isnull=True),
        workspace=scope.workspace,
        deleted_at__isnull=True,
    ).values("engagement_id")
    return Q(host_organization_id__in=organization_ids) | Q(id__in=participating)


# Engagements


def engagement_queryset(scope: Scope, *, deleted: bool = False) -> QuerySet[Engagement]:
    manager = Engagement.all_objects if deleted else Engagement.objects
    qs: QuerySet[Engagement] = scope.filter(manager.all())
    if deleted:
        qs = qs.filter(deleted_at__isnull=False)
    if scope.is_partner:
        qs = qs.filter(_involving(scope, partner_organization_ids(scope)))
    return qs


ENGAGEMENT_ORDERINGS: dict[str, tuple[str, ...]] = {
    "start": ("start_date", "start_time", "title_key"),
    "-start": ("-start_date", "-start_time", "title_key"),
    "title": ("title_key", "-start_date"),
    "-title": ("-title_key", "-start_date"),
    "kind": ("kind", "-start_date"),
    "-kind": ("-kind", "-start_date"),
    "country": ("country", "-start_date"),
    "-country": ("-country", "-start_date"),
    "updated": ("updated_at",),
    "-updated": ("-updated_at",),
}


def engagement_list(
    *,
    scope: Scope,
    q: str = "",
    kind: str = "",
    country: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    organization_id: Any = None,
    representative_id: Any = None,
    tag: str = "",
    parent_id: Any = None,
    top_level: bool = False,
    ordering: str = "-start",
    deleted: bool = False,
) -> QuerySet[Engagement]:
    """Engagements matching every filter given. A date range keeps those that overlap it (a
    field visit running from the 2nd to the 6th is in a range from the 5th)."""
    qs = engagement_queryset(scope, deleted=deleted).select_related("host_organization", "parent")
    q = (q or "").strip()
    if q:
        cond = Q(title__icontains=q) | Q(venue__icontains=q) | Q(city__icontains=q)
        cond |= Q(region__icontains=q)
        key = name_key(q)
        if key:
            cond |= Q(title_key__contains=key)
        qs = qs.filter(cond)
    if kind:
        qs = qs.filter(kind=kind)
    if country:
        qs = qs.filter(country=country.upper())
    if date_from is not None:
        qs = qs.filter(end_date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(start_date__lte=date_to)
    if organization_id is not None:
        org = _uuid(organization_id)
        participating = Participant.objects.filter(
            workspace=scope.workspace, organization_id=org
        ).values("engagement_id")
        qs = qs.filter(Q(host_organization_id=org) | Q(id__in=participating))
    if representative_id is not None:
        representing = Participant.objects.filter(
            workspace=scope.workspace, member_id=_uuid(representative_id)
        ).values("engagement_id")
        qs = qs.filter(id__in=representing)
    if tag:
        qs = qs.filter(tags__contains=tag_lookup(tag))
    if parent_id is not None:
        qs = qs.filter(parent_id=_uuid(parent_id))
    if top_level:
        qs = qs.filter(parent__isnull=True)
    return qs.order_by(*ENGAGEMENT_ORDERINGS.get(ordering, ENGAGEMENT_ORDERINGS["-start"]), "id")


def engagement_get(*, scope: Scope, id: Any) -> Engagement:
    return get_in_scope(
        engagement_queryset(scope).select_related("host_organization", "parent"), id
    )


def participants_visible(scope: Scope, engagement_ids: Iterable[Any]) -> QuerySet[Participant]:
    """The participants of these engagements that the asker may see, in one query: the
    engagement page and the reports read them through this one rule."""
    qs = Participant.objects.filter(workspace=scope.workspace, engagement_id__in=engagement_ids)
    # A participant whose person, organisation or body is in the trash is hidden with it.
    qs = qs.filter(
        Q(person__isnull=True) | Q(person__deleted_at__isnull=True),
        Q(organization__isnull=True) | Q(organization__deleted_at__isnull=True),
        Q(coordination_body__isnull=True) | Q(coordination_body__deleted_at__isnull=True),
    )
    if not scope.can(Action.VIEW_LIVED_EXPERIENCE):
        # Hidden, not counted: a survivor must not be discoverable from the participant list.
        qs = qs.exclude(person__lived_experience=True)
    if scope.is_partner:
        # A partner reads its own organisation's people and units, like everywhere else.
        ids = partner_organization_ids(scope)
        qs = qs.filter(
            Q(person__isnull=True) | Q(person__organization_id__in=ids),
            Q(organization__isnull=True) | Q(organization_id__in=ids),
        )
    return qs.select_related(
        "person__organization", "organization", "coordination_body", "member__user"
    ).order_by("role", "created_at", "id")


def _visible_participants(scope: Scope, engagement: Engagement) -> QuerySet[Participant]:
    return participants_visible(scope, [engagement.pk])


def engagement_detail(*, scope: Scope, engagement: Engagement) -> dict[str, Any]:
    """Everything the engagement page shows, in a fixed number of queries (eight)."""
    children = (
        engagement_queryset(scope)
        .filter(parent=engagement)
        .select_related("host_organization")
        .order_by("start_date", "start_time", "title_key", "id")
    )
    outcomes = Outcome.objects.filter(
        workspace=scope.workspace, engagement=engagement
    ).select_related("organization")
    links = EngagementLink.objects.filter(workspace=scope.workspace, engagement=engagement)
    attachments = Attachment.objects.filter(workspace=scope.workspace, engagement=engagement)
    audience: dict[str, list[AudienceCount]] = defaultdict(list)
    for count in AudienceCount.objects.filter(workspace=scope.workspace, engagement=engagement):
        audience[count.dimension].append(count)
    series: dict[str, list[ReachReading]] = defaultdict(list)
    readings = ReachReading.objects.filter(
        workspace=scope.workspace, engagement=engagement
    ).order_by("metric", "as_of", "created_at", "id")
    for reading in readings:
        series[reading.metric].append(reading)
    # The latest reading is the figure: by as_of, then by entry (the order above ends with it).
    latest = {metric: values[-1] for metric, values in series.items()}
    follow_ups = (
        follow_up_queryset(scope)
        .filter(engagement=engagement, status=FollowUpStatus.OPEN)
        .select_related("owner", "counterpart_organization")
        .order_by(F("due_date").asc(nulls_last=True), "created_at", "id")
    )
    return {
        "children": list(children),
        "participants": list(_visible_participants(scope, engagement)),
        "outcomes": list(outcomes),
        "links": list(links),
        "attachments": list(attachments),
        "audience": dict(audience),
        "reach": latest,
        "reach_series": dict(series),
        "follow_ups_open": list(follow_ups),
    }


# Reach


def _latest_readings(engagement_ids: Any) -> QuerySet[ReachReading]:
    """Per engagement and metric, the reading with the latest as_of (then the latest entered):
    one query, whatever the number of engagements."""
    rank = Window(
        RowNumber(),
        partition_by=[F("engagement_id"), F("metric")],
        order_by=[F("as_of").desc(), F("created_at").desc(), F("id").desc()],
    )
    latest: QuerySet[ReachReading] = (
        ReachReading.objects.filter(engagement_id__in=engagement_ids)
        .annotate(rank=rank)
        .filter(rank=1)
    )
    return latest


def _engagement_ids(engagements: Iterable[Engagement] | QuerySet[Engagement]) -> Any:
    if isinstance(engagements, QuerySet) and engagements._result_cache is None:
        return engagements.values("pk")  # a subquery: no query of its own
    return [e.pk for e in engagements]


def reach_latest(
    *, engagements: Iterable[Engagement] | QuerySet[Engagement]
) -> dict[Any, dict[str, ReachReading]]:
    """engagement id -> metric -> its latest reading. Engagements without readings are absent:
    use `.get(engagement.pk, {})`."""
    result: dict[Any, dict[str, ReachReading]] = defaultdict(dict)
    for reading in _latest_readings(_engagement_ids(engagements)):
        result[reading.engagement_id][reading.metric] = reading
    return dict(result)


def reach_totals(*, scope: Scope, engagements: QuerySet[Engagement]) -> dict[str, int]:
    """metric -> the sum over the engagements of each one's latest reading. Recording views are
    a running total, so adding up readings would count the same views again and again."""
    visible = scope.filter(engagements)
    if scope.is_partner:
        visible = visible.filter(_involving(scope, partner_organization_ids(scope)))
    totals: dict[str, int] = defaultdict(int)
    for metric, value in _latest_readings(visible.values("pk")).values_list("metric", "value"):
        totals[metric] += value
    return dict(totals)


# Follow-ups


def follow_up_queryset(scope: Scope, *, deleted: bool = False) -> QuerySet[FollowUp]:
    manager = FollowUp.all_objects if deleted else FollowUp.objects
    qs: QuerySet[FollowUp] = scope.filter(manager.all())
    if deleted:
        qs = qs.filter(deleted_at__isnull=False)
    if scope.is_partner:
        # The team's to-do list: a partner sees only the items about its own organisation.
        qs = qs.filter(counterpart_organization_id__in=partner_organization_ids(scope))
    return qs


def follow_up_list(
    *,
    scope: Scope,
    owner_id: Any = None,
    status: str = "",
    engagement_id: Any = None,
    organization_id: Any = None,
    due_before: dt.date | None = None,
    deleted: bool = False,
) -> QuerySet[FollowUp]:
    qs = follow_up_queryset(scope, deleted=deleted).select_related(
        "owner", "engagement", "counterpart_organization"
    )
    if owner_id is not None:
        qs = qs.filter(owner_id=owner_id)  # users have integer keys, not UUIDs
    if status:
        qs = qs.filter(status=status)
    if engagement_id is not None:
        qs = qs.filter(engagement_id=_uuid(engagement_id))
    if organization_id is not None:
        qs = qs.filter(counterpart_organization_id=_uuid(organization_id))
    if due_before is not None:
        qs = qs.filter(due_date__lt=due_before)
    return qs.order_by(F("due_date").asc(nulls_last=True), "created_at", "id")


def follow_up_get(*, scope: Scope, id: Any) -> FollowUp:
    return get_in_scope(
        follow_up_queryset(scope).select_related("owner", "engagement", "counterpart_organization"),
        id,
    )


def my_follow_ups(*, scope: Scope) -> list[FollowUp]:
    """The asker's open follow-ups: overdue first (the oldest due first), then by due date,
    undated last. Each carries `is_overdue`."""
    today = timezone.localdate()
    items = list(follow_up_list(scope=scope, owner_id=scope.user.pk, status=FollowUpStatus.OPEN))
    for item in items:
        item.is_overdue = item.due_date is not None and item.due_date < today  # type: ignore[attr-defined]
    return items


# Timelines


def organization_timeline(*, scope: Scope, organization: Organization) -> dict[str, Any]:
    """What happened with an organisation, its units and its people, newest first."""
    ids = _organization_subtree(scope, organization.pk)
    engagements = (
        engagement_queryset(scope)
        .filter(_involving(scope, ids))
        .select_related("host_organization", "parent")
        .order_by("-start_date", "-start_time", "title_key", "id")
    )
    people = (
        person_queryset(scope)
        .filter(organization_id__in=ids)
        .select_related("organization")
        .order_by("name_key", "id")
    )
    follow_ups = (
        follow_up_queryset(scope)
        .filter(
            Q(counterpart_organization_id__in=ids) | Q(engagement_id__in=engagements.values("pk"))
        )
        .select_related("owner", "engagement", "counterpart_organization")
        .order_by(F("due_date").asc(nulls_last=True), "created_at", "id")
    )
    return {
        "engagements": list(engagements),
        "people": list(people),
        "follow_ups": list(follow_ups),
    }


def country_timeline(*, scope: Scope, country: str) -> dict[str, Any]:
    """What happened in a country, newest first, with the follow-ups it left."""
    code = (country or "").upper()
    engagements = (
        engagement_queryset(scope)
        .filter(country=code)
        .select_related("host_organization", "parent")
        .order_by("-start_date", "-start_time", "title_key", "id")
    )
    follow_ups = (
        follow_up_queryset(scope)
        .filter(
            Q(engagement_id__in=engagements.values("pk"))
            | Q(counterpart_organization__country=code)
        )
        .select_related("owner", "engagement", "counterpart_organization")
        .order_by(F("due_date").asc(nulls_last=True), "created_at", "id")
    )
    return {"engagements": list(engagements), "follow_ups": list(follow_ups)}


# Calendar feeds

# What calendar_feed_rotate hands out: "cal_" and 43 URL-safe characters. Anything else is
# refused before it is hashed or looked up.
_FEED_SECRET = re.compile(r"cal_[A-Za-z0-9_-]{20,100}")


def calendar_feed_get(*, scope: Scope) -> CalendarFeed | None:
    """The asker's own feed in this workspace, if they have one."""
    return CalendarFeed.objects.filter(membership=scope.membership).first()


def calendar_feed_for_secret(secret: str) -> Membership | None:
    """The active membership whose feed address carries `secret`, or None (one query).

    The database looks the row up by the secret's SHA-256 hash, so the time it takes says
    nothing about how much of a guess was right; the digest is compared once more in constant
    time all the same."""
    if not isinstance(secret, str) or not _FEED_SECRET.fullmatch(secret):
        return None
    digest = token_hash(secret)
    feed = (
        CalendarFeed.objects.select_related("membership__workspace", "membership__user")
        .filter(key_hash=digest, membership__is_active=True, membership__user__is_active=True)
        .first()
    )
    if feed is None or not hmac.compare_digest(feed.key_hash, digest):
        return None
    return feed.membership


def feed_scope(membership: Membership) -> Scope:
    """The scope a feed reads with: the member's own, as if they were signed in."""
    return Scope(workspace=membership.workspace, user=membership.user, membership=membership)


def feed_items(*, membership: Membership) -> dict[str, list[Any]]:
    """What a member's calendar feed lists: the engagements where they are one of our
    representatives, their own open follow-ups that have a due date, and their agenda items
    from other apps (`agenda`, see enlace.engagements.agenda). The same reading rules
    as the member's pages (workspace, trash, a partner's organisation); a fixed number of
    queries whatever the number of rows."""
    scope = feed_scope(membership)
    representing = Participant.objects.filter(workspace=scope.workspace, member=membership).values(
        "engagement_id"
    )
    engagements = (
        engagement_queryset(scope)
        .filter(id__in=representing)
        .order_by("start_date", "start_time", "title_key", "id")
    )
    follow_ups = (
        follow_up_queryset(scope)
        .filter(owner=membership.user, status=FollowUpStatus.OPEN, due_date__isnull=False)
        .order_by("due_date", "created_at", "id")
    )
    # Titles other apps build are in the member's language, like the rest of the feed.
    with translation.override(membership.user.language or settings.LANGUAGE_CODE):
        agenda = agenda_items(scope, owner_only=True)
    return {"engagements": list(engagements), "follow_ups": list(follow_ups), "agenda": agenda}
