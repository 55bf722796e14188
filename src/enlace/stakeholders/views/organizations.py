"""Organisation pages: the list and the detail (parent, units, people, bodies, relationships)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from enlace.core.scoping import Scope
from enlace.stakeholders import selectors
from enlace.stakeholders.filters import OrganizationFilter
from enlace.stakeholders.tables import OrganizationTable
from enlace.stakeholders.views.base import list_page, render_page
from enlace.stakeholders.views.types import ORGANIZATION
from enlace.web.scoping import workspace_view


@workspace_view
def organization_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    return list_page(
        request,
        filterset=OrganizationFilter(request.GET, scope=scope),
        table_class=OrganizationTable,
        title=_("Organisations"),
        create_url=ORGANIZATION.url("create", scope),
        create_label=_("Add an organisation"),
        empty=_("No organisations yet."),
        no_match=_("No organisation matches these filters."),
    )


@workspace_view
def organization_detail(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    organization = selectors.organization_get(scope=scope, id=pk)
    detail = selectors.organization_detail(scope=scope, organization=organization)
    return render_page(
        request,
        "stakeholders/organization_detail.html",
        {"rt": ORGANIZATION, "record": organization, **detail},
    )
