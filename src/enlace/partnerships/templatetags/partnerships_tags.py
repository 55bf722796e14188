"""Sections other apps' pages show without importing partnerships: the opportunities an
engagement opened (`{% engagement_opportunities record %}`) and an organisation's opportunities
and agreements (`{% organization_partnerships record %}`). Each reads through scoped selectors
and renders nothing a reader may not see."""

from __future__ import annotations

from typing import Any

from django import template

from enlace.core.permissions import Action
from enlace.partnerships.selectors import agreements, opportunities

register = template.Library()


@register.inclusion_tag("partnerships/_engagement_opportunities.html", takes_context=True)
def engagement_opportunities(context: template.Context, engagement: Any) -> dict[str, Any]:
    scope = context.get("scope")
    rows = (
        list(opportunities.opportunities_for_engagement(scope=scope, engagement=engagement))
        if scope is not None
        else []
    )
    return {
        "scope": scope,
        "engagement": engagement,
        "opportunities": rows,
        "can_create": scope is not None and scope.can(Action.CREATE),
    }


@register.inclusion_tag("partnerships/_organization_partnerships.html", takes_context=True)
def organization_partnerships(context: template.Context, organization: Any) -> dict[str, Any]:
    scope = context.get("scope")
    if scope is None:
        return {"scope": None}
    return {
        "scope": scope,
        "organization": organization,
        "opportunities": list(
            opportunities.opportunities_for_organization(scope=scope, organization=organization)
        ),
        "agreements": agreements.agreements_for_organization(
            scope=scope, organization=organization
        ),
    }
