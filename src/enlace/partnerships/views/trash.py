"""The partnerships records the workspace trash lists (a registry page): opportunities and
agreements, each restored through its service. PartnershipsConfig.ready() hands them over with
`register()`, as learning does, so that the registry never imports this app."""

from __future__ import annotations

from enlace.partnerships.models import Agreement, Opportunity
from enlace.partnerships.selectors import agreements as agreement_selectors
from enlace.partnerships.selectors import opportunities as opportunity_selectors
from enlace.partnerships.services import agreements, opportunities
from enlace.stakeholders.views.types import TrashKind, trash_kind_register

OPPORTUNITY = TrashKind(
    key="partnerships_opportunity",
    model=Opportunity,
    trash=lambda scope: opportunity_selectors.opportunity_queryset(scope, deleted=True),
    restore=lambda scope, record: opportunities.opportunity_restore(
        scope=scope, opportunity=record
    ),
)

AGREEMENT = TrashKind(
    key="partnerships_agreement",
    model=Agreement,
    trash=lambda scope: agreement_selectors.agreement_queryset(scope, deleted=True),
    restore=lambda scope, record: agreements.agreement_restore(scope=scope, agreement=record),
)


def register() -> None:
    trash_kind_register(OPPORTUNITY, AGREEMENT)
