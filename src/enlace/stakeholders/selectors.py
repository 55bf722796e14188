"""Reads of the registry, scoped to the asker's workspace and role, prefetched for lists."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from enlace.core.fields import name_key, tag_lookup
from enlace.core.permissions import Action
from enlace.core.scoping import Scope, get_in_scope
from enlace.stakeholders.models import (
    BodyMembership,
    CoordinationBody,
    Organization,
    Person,
    Relationship,
)

MAX_DEPTH = 12
SIMILARITY = 0.86


def partner_organization_ids(scope: Scope) -> set[Any]:
    """A partner's organisation and all of its units (one query per level of depth)."""
    cached = scope._cache.get("partner_org_ids")
    if cached is not None:
        return set(cached)
    root = scope.membership.organization_id
    ids: set[Any] = {root} if root else set()
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
    scope._cache["partner_org_ids"] = frozenset(ids)
    return ids


def _search(qs: QuerySet[Any], q: str, *fields: str) -> QuerySet[Any]:
    q = (q or "").strip()
    if not q:
        return qs
    key = name_key(q)
    cond = Q()
    for f in fields:
        cond |= Q(**{f"{f}__icontains": q})
    if key:
        cond |= Q(name_key__contains=key)
    return qs.filter(cond)


ORG_ORDERINGS = {
    "name": "name_key",
    "-name": "-name_key",
    "country": "country",
    "-country": "-country",
    "kind": "kind",
    "-kind": "-kind",
    "updated": "updated_at",
    "-updated": "-updated_at",
}


def organization_queryset(scope: Scope, *, deleted: bool = False) -> QuerySet[Organization]:
    manager = Organization.all_objects if deleted else Organization.objects
    qs = scope.filter(manager.all())
    if deleted:
        qs = qs.filter(deleted_at__isnull=False)
    if scope.is_partner:
        qs = qs.filter(id__in=partner_organization_ids(scope))
    return qs


def organization_list(
    *,
    scope: Scope,
    q: str = "",
    country: str = "",
    kind: str = "",
    tag: str = "",
    parent_id: Any = None,
    ordering: str = "name",
    deleted: bool = False,
) -> QuerySet[Organization]:
    qs = organization_queryset(scope, deleted=deleted).select_related("parent")
    qs = _search(qs, q, "name", "acronym", "city", "region")
    if country:
        qs = qs.filter(country=country.upper())
    if kind:
        qs = qs.filter(kind=kind)
    if tag:
        qs = qs.filter(tags__contains=tag_lookup(tag))
    if parent_id is not None:
        qs = qs.filter(parent_id=parent_id)
    return qs.order_by(ORG_ORDERINGS.get(ordering, "name_key"), "id")


def organization_get(*, scope: Scope, id: Any) -> Organization:
    return get_in_scope(organization_queryset(scope).select_related("parent"), id)


def organization_detail(*, scope: Scope, organization: Organization) -> dict[str, Any]:
    """Everything the organisation page shows, in a fixed number of queries."""
    # Count only the people this role may see: a hidden person must not show up as a number.
    visible_people = Q(people__deleted_at__isnull=True)
    if not scope.can(Action.VIEW_LIVED_EXPERIENCE):
        visible_people &= Q(people__lived_experience=False)
    units = (
        organization_queryset(scope)
        .filter(parent=organization)
        .annotate(people_count=Count("people", filter=visible_people))
    )
    people = person_queryset(scope).filter(organization=organization)
    memberships = (
        BodyMembership.objects.filter(workspace=scope.workspace, organization=organization)
        .filter(body__deleted_at__isnull=True)
        .select_related("body")
    )
    relationships = (
        relationship_queryset(scope)
        .filter(Q(from_organization=organization) | Q(to_organization=organization))
        .select_related("from_organization", "to_organization")
    )
    return {
        "units": list(units),
        "people": list(people),
        "body_memberships": list(memberships),
        "relationships": list(relationships),
    }


def organization_similar(
    *, scope: Scope, name: str, acronym: str = "", exclude_id: Any = None
) -> list[Organization]:
    """Existing organisations whose name closely matches (case, accents, acronym)."""
    key = name_key(name)
    if not key:
        return []
    compact = key.replace(" ", "")
    acr = name_key(acronym).replace(" ", "")
    cond = Q(name_key=key) | Q(acronym_key=compact) | Q(name_key__startswith=key[:6])
    if acr:
        cond |= Q(acronym_key=acr)
    qs = scope.filter(Organization.objects.filter(cond))
    if exclude_id is not None:
        qs = qs.exclude(id=exclude_id)
    matches = [
        org
        for org in qs[:200]
        if org.name_key == key
        or (org.acronym_key and org.acronym_key in {compact, acr})
        or SequenceMatcher(None, org.name_key, key).ratio() >= SIMILARITY
    ]
    return matches[:5]


def person_queryset(scope: Scope, *, deleted: bool = False) -> QuerySet[Person]:
    manager = Person.all_objects if deleted else Person.objects
    qs = scope.filter(manager.all())
    if deleted:
        qs = qs.filter(deleted_at__isnull=False)
    if not scope.can(Action.VIEW_LIVED_EXPERIENCE):
        qs = qs.filter(lived_experience=False)
    if scope.is_partner:
        qs = qs.filter(organization_id__in=partner_organization_ids(scope))
    return qs


PERSON_ORDERINGS = {
    "name": "name_key",
    "-name": "-name_key",
    "organization": "organization__name_key",
    "-organization": "-organization__name_key",
    "updated": "updated_at",
    "-updated": "-updated_at",
}


def person_list(
    *,
    scope: Scope,
    q: str = "",
    organization_id: Any = None,
    discipline: str = "",
    country: str = "",
    tag: str = "",
    ordering: str = "name",
    deleted: bool = False,
) -> QuerySet[Person]:
    qs = person_queryset(scope, deleted=deleted).select_related("organization")
    qs = _search(qs, q, "full_name", "position", "email")
    if organization_id is not None:
        qs = qs.filter(organization_id=organization_id)
    if discipline:
        qs = qs.filter(discipline=discipline)
    if country:
        qs = qs.filter(organization__country=country.upper())
    if tag:
        qs = qs.filter(tags__contains=tag_lookup(tag))
    return qs.order_by(PERSON_ORDERINGS.get(ordering, "name_key"), "id")


def person_get(*, scope: Scope, id: Any) -> Person:
    return get_in_scope(person_queryset(scope).select_related("organization"), id)


def person_similar(*, scope: Scope, full_name: str, exclude_id: Any = None) -> list[Person]:
    key = name_key(full_name)
    if not key:
        return []
    first = key.split()[0]
    qs = (
        person_queryset(scope)
        .filter(
            Q(name_key=key) | Q(name_key__startswith=first) | Q(name_key__endswith=key.split()[-1])
        )
        .select_related("organization")
    )
    if exclude_id is not None:
        qs = qs.exclude(id=exclude_id)
    return [
        p
        for p in qs[:200]
        if p.name_key == key or SequenceMatcher(None, p.name_key, key).ratio() >= SIMILARITY
    ][:5]


def coordination_body_queryset(
    scope: Scope, *, deleted: bool = False
) -> QuerySet[CoordinationBody]:
    manager = CoordinationBody.all_objects if deleted else CoordinationBody.objects
    qs = scope.filter(manager.all())
    if deleted:
        qs = qs.filter(deleted_at__isnull=False)
    if scope.is_partner:
        qs = qs.filter(
            memberships__organization_id__in=partner_organization_ids(scope),
            memberships__deleted_at__isnull=True,
        ).distinct()
    return qs


BODY_ORDERINGS = {
    "name": "name_key",
    "-name": "-name_key",
    "country": "country",
    "-country": "-country",
    "kind": "kind",
    "-kind": "-kind",
    "updated": "updated_at",
    "-updated": "-updated_at",
}


def coordination_body_list(
    *,
    scope: Scope,
    q: str = "",
    country: str = "",
    kind: str = "",
    body_scope: str = "",
    tag: str = "",
    organization_id: Any = None,
    ordering: str = "name",
    deleted: bool = False,
) -> QuerySet[CoordinationBody]:
    qs = coordination_body_queryset(scope, deleted=deleted).select_related("chair_organization")
    qs = _search(qs, q, "name", "acronym")
    if country:
        qs = qs.filter(country=country.upper())
    if kind:
        qs = qs.filter(kind=kind)
    if body_scope:
        qs = qs.filter(scope=body_scope)
    if tag:
        qs = qs.filter(tags__contains=tag_lookup(tag))
    if organization_id is not None:
        qs = qs.filter(
            memberships__organization_id=organization_id, memberships__deleted_at__isnull=True
        ).distinct()
    return qs.order_by(BODY_ORDERINGS.get(ordering, "name_key"), "id")


def coordination_body_get(*, scope: Scope, id: Any) -> CoordinationBody:
    return get_in_scope(coordination_body_queryset(scope).select_related("chair_organization"), id)


def coordination_body_with_members(
    qs: QuerySet[CoordinationBody],
) -> QuerySet[CoordinationBody]:
    """Bodies with their live members in `live_members`, in one more query for any page size."""
    members = BodyMembership.objects.filter(organization__deleted_at__isnull=True).select_related(
        "organization"
    )
    return qs.prefetch_related(Prefetch("memberships", queryset=members, to_attr="live_members"))


def body_membership_list(*, scope: Scope, body: CoordinationBody) -> QuerySet[BodyMembership]:
    qs = BodyMembership.objects.filter(workspace=scope.workspace, body=body).select_related(
        "organization"
    )
    return qs.filter(organization__deleted_at__isnull=True)


def relationship_queryset(scope: Scope, *, deleted: bool = False) -> QuerySet[Relationship]:
    manager = Relationship.all_objects if deleted else Relationship.objects
    qs = scope.filter(manager.all())
    if deleted:
        qs = qs.filter(deleted_at__isnull=False)
    if scope.is_partner:
        ids = partner_organization_ids(scope)
        qs = qs.filter(Q(from_organization_id__in=ids) | Q(to_organization_id__in=ids))
    return qs


RELATIONSHIP_ORDERINGS = {
    "created": "created_at",
    "-created": "-created_at",
    "since": "since",
    "-since": "-since",
    "kind": "kind",
    "-kind": "-kind",
    "status": "status",
    "-status": "-status",
    "updated": "updated_at",
    "-updated": "-updated_at",
}


def relationship_list(
    *,
    scope: Scope,
    q: str = "",
    organization_id: Any = None,
    kind: str = "",
    status: str = "",
    ordering: str = "-created",
    deleted: bool = False,
) -> QuerySet[Relationship]:
    qs = relationship_queryset(scope, deleted=deleted).select_related(
        "from_organization", "to_organization"
    )
    q = (q or "").strip()
    if q:
        key = name_key(q)
        qs = qs.filter(
            Q(from_organization__name_key__contains=key)
            | Q(to_organization__name_key__contains=key)
            | Q(notes__icontains=q)
        )
    if organization_id is not None:
        qs = qs.filter(
            Q(from_organization_id=organization_id) | Q(to_organization_id=organization_id)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by(RELATIONSHIP_ORDERINGS.get(ordering, "-created_at"), "id")


def relationship_get(*, scope: Scope, id: Any) -> Relationship:
    return get_in_scope(
        relationship_queryset(scope).select_related("from_organization", "to_organization"), id
    )


def record_history(*, scope: Scope, record: Any, limit: int = 100) -> list[dict[str, Any]]:
    """The record's changes, newest first: who, when, and each field's before and after."""
    scope.require(Action.VIEW_HISTORY)
    entries = list(
        record.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    result = []
    for i, entry in enumerate(entries[:limit]):
        older = entries[i + 1] if i + 1 < len(entries) else None
        changes = []
        if older is not None:
            delta = entry.diff_against(
                older, excluded_fields=["version", "updated_at", "name_key", "acronym_key"]
            )
            changes = [{"field": c.field, "old": c.old, "new": c.new} for c in delta.changes]
        result.append(
            {
                "at": entry.history_date,
                "user": entry.history_user,
                "type": entry.history_type,
                "reason": entry.history_change_reason or "",
                "version": entry.version,
                "changes": changes,
            }
        )
    return result
