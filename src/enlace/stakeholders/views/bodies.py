"""Coordination body pages: the list, the detail with its members, adding and removing one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope, get_in_scope
from enlace.stakeholders import selectors, services
from enlace.stakeholders.filters import CoordinationBodyFilter
from enlace.stakeholders.forms import BodyMembershipForm
from enlace.stakeholders.models import CoordinationBody
from enlace.stakeholders.tables import CoordinationBodyTable
from enlace.stakeholders.views.base import is_htmx, list_page, render_page
from enlace.stakeholders.views.types import BODY
from enlace.web.scoping import workspace_view

DETAIL_TEMPLATE = "stakeholders/body_detail.html"


@workspace_view
def body_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    return list_page(
        request,
        filterset=CoordinationBodyFilter(request.GET, scope=scope),
        table_class=CoordinationBodyTable,
        title=_("Coordination bodies"),
        create_url=BODY.url("create", scope),
        create_label=_("Add a coordination body"),
        empty=_("No coordination bodies yet."),
        no_match=_("No coordination body matches these filters."),
    )


def _detail(
    request: HttpRequest,
    scope: Scope,
    body: CoordinationBody,
    form: BodyMembershipForm | None = None,
    *,
    notice: str = "",
) -> HttpResponse:
    members = list(selectors.body_membership_list(scope=scope, body=body))
    if form is None and scope.can(Action.CHANGE):
        form = BodyMembershipForm(scope=scope, exclude_ids=[m.organization_id for m in members])
    return render_page(
        request,
        DETAIL_TEMPLATE,
        {"rt": BODY, "record": body, "members": members, "member_form": form, "notice": notice},
        partial="members",
    )


def _done(request: HttpRequest, scope: Scope, body: CoordinationBody, notice: str) -> HttpResponse:
    """After a change: htmx gets the refreshed members section, a plain form a redirect."""
    if is_htmx(request):
        return _detail(request, scope, body, notice=notice)
    messages.success(request, notice)
    return redirect(BODY.url("detail", scope, body.pk))


@workspace_view
def body_detail(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    return _detail(request, scope, selectors.coordination_body_get(scope=scope, id=pk))


@workspace_view
@require_POST
def body_member_add(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    body = selectors.coordination_body_get(scope=scope, id=pk)
    form = BodyMembershipForm(request.POST, scope=scope)
    if form.is_valid():
        try:
            membership = services.body_membership_add(
                scope=scope, body=body, data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            notice = _("Added %(organization)s.") % {"organization": membership.organization}
            return _done(request, scope, body, notice)
    return _detail(request, scope, body, form)


@workspace_view
@require_POST
def body_member_remove(request: HttpRequest, scope: Scope, pk: Any, member_pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    body = selectors.coordination_body_get(scope=scope, id=pk)
    membership = get_in_scope(selectors.body_membership_list(scope=scope, body=body), member_pk)
    services.body_membership_remove(scope=scope, membership=membership)
    notice = _("Removed %(organization)s.") % {"organization": membership.organization}
    return _done(request, scope, body, notice)
