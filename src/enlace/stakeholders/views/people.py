"""People pages: the list and the detail (position, organisation, consent)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from enlace.core.scoping import Scope
from enlace.stakeholders import selectors
from enlace.stakeholders.filters import PersonFilter
from enlace.stakeholders.tables import PersonTable
from enlace.stakeholders.views.base import list_page, render_page
from enlace.stakeholders.views.types import PERSON
from enlace.web.scoping import workspace_view


@workspace_view
def person_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    return list_page(
        request,
        filterset=PersonFilter(request.GET, scope=scope),
        table_class=PersonTable,
        title=_("People"),
        create_url=PERSON.url("create", scope),
        create_label=_("Add a person"),
        empty=_("No people yet."),
        no_match=_("Nobody matches these filters."),
    )


@workspace_view
def person_detail(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    person = selectors.person_get(scope=scope, id=pk)
    return render_page(request, "stakeholders/person_detail.html", {"rt": PERSON, "record": person})
