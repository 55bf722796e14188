"""The registry's relationships kept in step with agreements.

The rule: while an agreement is active (and not in the trash), every pair of its parties is
linked by an active stakeholders Relationship of the kind the agreement implies
(`RELATIONSHIP_KINDS`), created through the registry's services when missing (since = the
agreement's start) or set back to active. When the agreement stops being active (expired,
terminated, back to draft, moved to the trash) or a party leaves it, the relationships of the
pairs it no longer backs are set to ended, unless another active agreement still backs the same
pair with the same kind. A draft that was never active touches nothing: a relationship that
predates it is not the agreement's to end. Each change goes through
`relationship_create` / `relationship_update`, so the registry's history records who and when.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext

from enlace.core.scoping import Scope
from enlace.partnerships.models import Agreement, AgreementKind, AgreementStatus
from enlace.partnerships.selectors.agreements import party_list
from enlace.stakeholders import services as registry
from enlace.stakeholders.models import Relationship, RelationshipKind, RelationshipStatus

RELATIONSHIP_KINDS: dict[str, str] = {
    AgreementKind.MEMORANDUM_OF_UNDERSTANDING: RelationshipKind.MOU,
    AgreementKind.LETTER_OF_INTENT: RelationshipKind.MOU,
    AgreementKind.DATA_SHARING_AGREEMENT: RelationshipKind.MOU,
    AgreementKind.SERVICE_CONTRACT: RelationshipKind.PARTNER,
    AgreementKind.GRANT_AGREEMENT: RelationshipKind.FUNDER,
}


def backed_pairs(agreement: Agreement) -> set[tuple[Any, Any]]:
    """The unordered pairs of live parties, each as (first listed, second listed)."""
    if agreement.deleted_at is not None or agreement.status != AgreementStatus.ACTIVE:
        return set()
    live = [org for org in party_list(agreement) if org.deleted_at is None]
    return {(a.pk, b.pk) for a, b in combinations(live, 2)}


def _pair_q(a: Any, b: Any) -> Q:
    return Q(from_organization_id=a, to_organization_id=b) | Q(
        from_organization_id=b, to_organization_id=a
    )


def _still_backed(agreement: Agreement, kind: str, a: Any, b: Any) -> bool:
    """Whether another live, active agreement between a and b implies the same kind."""
    kinds = [k for k, rel in RELATIONSHIP_KINDS.items() if rel == kind]
    return (
        Agreement.objects.filter(
            workspace_id=agreement.workspace_id, status=AgreementStatus.ACTIVE, kind__in=kinds
        )
        .exclude(pk=agreement.pk)
        # Two filter() calls on a multi-valued relation: two joins, so both are parties.
        .filter(party_links__organization_id=a)
        .filter(party_links__organization_id=b)
        .exists()
    )


def relationships_sync(
    scope: Scope,
    agreement: Agreement,
    *,
    before: set[tuple[Any, Any]],
    kind_before: str,
) -> None:
    """Keep the registry's relationships in step: see the module docstring."""
    after = backed_pairs(agreement)
    kind = RELATIONSHIP_KINDS[agreement.kind]
    orgs = {org.pk: org for org in party_list(agreement)}
    for a, b in sorted(after, key=str):
        existing = list(
            Relationship.objects.filter(workspace=scope.workspace, kind=kind).filter(_pair_q(a, b))
        )
        if not existing:
            registry.relationship_create(
                scope=scope,
                data={
                    "from_organization": orgs[a],
                    "to_organization": orgs[b],
                    "kind": kind,
                    "status": RelationshipStatus.ACTIVE,
                    "since": agreement.start_date,
                    "notes": gettext("Kept in step with the agreement “%(title)s”.")
                    % {"title": agreement.title},
                },
            )
        for rel in existing:
            if rel.status != RelationshipStatus.ACTIVE:
                registry.relationship_update(
                    scope=scope, relationship=rel, data={"status": RelationshipStatus.ACTIVE}
                )
    kind_ending = RELATIONSHIP_KINDS[kind_before]
    ending = before if kind_ending != kind else before - after
    for a, b in sorted(ending, key=str):
        if _still_backed(agreement, kind_ending, a, b):
            continue
        rels = Relationship.objects.filter(
            workspace=scope.workspace, kind=kind_ending, status=RelationshipStatus.ACTIVE
        ).filter(_pair_q(a, b))
        for rel in rels:
            registry.relationship_update(
                scope=scope, relationship=rel, data={"status": RelationshipStatus.ENDED}
            )
