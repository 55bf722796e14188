"""Reads of agreements: the scoped queryset, the filtered list, one agreement with its parties
and obligations (overdue ones flagged), and an organisation's agreements.

Visibility: a partner sees the agreements where its organisation (or one of its units) is a
party; every other role sees the workspace's. Lists cost a fixed number of queries.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from enlace.core.fields import name_key
from enlace.core.scoping import Scope, get_in_scope, parse_uuid
from enlace.partnerships.models import Agreement, AgreementParty, Obligation
from enlace.stakeholders.models import Organization
from enlace.stakeholders.selectors import partner_organization_ids

MAX_DEPTH = 12


def _party_links() -> Prefetch[Any, Any]:
    return Prefetch(
        "party_links",
        queryset=AgreementParty.objects.select_related("organization").order_by("created_at", "id"),
    )


def _with_party(organization_ids: Any) -> Exists:
    """An agreement with one of these organisations among its parties (once, however many)."""
    return Exists(
        AgreementParty.objects.filter(
            agreement_id=OuterRef("pk"), organization_id__in=organization_ids
        )
    )


def party_list(agreement: Agreement) -> list[Organization]:
    """The agreement's parties in the order they were listed (from the prefetch when
    `party_links` was prefetched, else one query)."""
    links = agreement.party_links.all()
    if "party_links" not in getattr(agreement, "_prefetched_objects_cache", {}):
        links = links.select_related("organization").order_by("created_at", "id")
    return [link.organization for link in links]


def agreement_queryset(scope: Scope, *, deleted: bool = False) -> QuerySet[Agreement]:
    manager = Agreement.all_objects if deleted else Agreement.objects
    qs: QuerySet[Agreement] = scope.filter(manager.all())
    if deleted:
        qs = qs.filter(deleted_at__isnull=False)
    if scope.is_partner:
        qs = qs.filter(_with_party(partner_organization_ids(scope)))
    return qs


def agreement_list(
    *,
    scope: Scope,
    q: str = "",
    status: str = "",
    kind: str = "",
    organization_id: Any = None,
) -> QuerySet[Agreement]:
    """Agreements, newest start first, each with its parties (`party_links`, in listed order),
    its opportunity, `obligation_count` and `open_obligation_count`."""
    qs = (
        agreement_queryset(scope)
        .select_related("opportunity")
        .prefetch_related(_party_links())
        .annotate(
            obligation_count=Count("obligations", distinct=True),
            open_obligation_count=Count(
                "obligations", filter=Q(obligations__done_on__isnull=True), distinct=True
            ),
        )
    )
    q = (q or "").strip()
    if q:
        cond = Q(title__icontains=q)
        key = name_key(q)
        if key:
            cond |= Q(title_key__contains=key)
        qs = qs.filter(cond)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if organization_id is not None:
        qs = qs.filter(_with_party([parse_uuid(organization_id)]))
    return qs.order_by("-start_date", "title_key", "id")


def agreement_get(*, scope: Scope, id: Any) -> Agreement:
    return get_in_scope(
        agreement_queryset(scope).select_related("opportunity").prefetch_related(_party_links()),
        id,
    )


def obligation_get(*, scope: Scope, id: Any) -> Obligation:
    """An obligation of an agreement the asker may see."""
    qs = scope.filter(Obligation.objects.all()).filter(agreement__in=agreement_queryset(scope))
    obligation: Obligation = get_in_scope(
        qs.select_related("agreement", "responsible_organization"), id
    )
    return obligation


def agreement_detail(*, scope: Scope, agreement: Agreement) -> dict[str, Any]:
    """The agreement with its parties in listed order and its obligations; an obligation not
    done whose due date has passed carries `is_overdue`, and `overdue` lists them."""
    today = timezone.localdate()
    parties = party_list(agreement)
    obligations = list(
        Obligation.objects.filter(workspace=scope.workspace, agreement=agreement)
        .select_related("responsible_organization")
        .order_by("position", "due_date", "created_at", "id")
    )
    for obligation in obligations:
        obligation.is_overdue = (
            obligation.done_on is None
            and obligation.due_date is not None
            and obligation.due_date < today
        )
    return {
        "agreement": agreement,
        "parties": parties,
        "obligations": obligations,
        "overdue": [o for o in obligations if o.is_overdue],
        "today": today,
    }


def _subtree(scope: Scope, organization_id: Any) -> set[Any]:
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


def agreements_for_organization(*, scope: Scope, organization: Organization) -> list[Agreement]:
    """The agreements where the organisation or one of its units is a party (for its page)."""
    ids = _subtree(scope, organization.pk)
    qs = (
        agreement_queryset(scope)
        .filter(_with_party(ids))
        .select_related("opportunity")
        .prefetch_related(_party_links())
        .order_by("-start_date", "title_key", "id")
    )
    return list(qs)
