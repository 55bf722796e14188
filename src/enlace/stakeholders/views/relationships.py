"""Relationship pages: the list and the detail."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from enlace.core.scoping import Scope
from enlace.stakeholders import selectors
from enlace.stakeholders.filters import RelationshipFilter
from enlace.stakeholders.tables import RelationshipTable
from enlace.stakeholders.views.base import list_page, render_page
from enlace.stakeholders.views.types import RELATIONSHIP
from enlace.web.scoping import workspace_view


@workspace_view
def relationship_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    return list_page(
        request,
        filterset=RelationshipFilter(request.GET, scope=scope),
        table_class=RelationshipTable,
        title=_("Relationships"),
        create_url=RELATIONSHIP.url("create", scope),
        create_label=_("Add a relationship"),
        empty=_("No relationships yet."),
        no_match=_("No relationship matches these filters."),
    )


@workspace_view
def relationship_detail(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    relationship = selectors.relationship_get(scope=scope, id=pk)
    return render_page(
        request,
        "stakeholders/relationship_detail.html",
        {"rt": RELATIONSHIP, "record": relationship},
    )
