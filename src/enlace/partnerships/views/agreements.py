"""Agreement pages: the list, create (directly or from a won opportunity), edit, delete, and the
page of one agreement with its parties and obligations (add, mark done, remove)."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.partnerships.forms import AgreementFilter, AgreementForm, ObligationForm
from enlace.partnerships.models import Agreement, Stage
from enlace.partnerships.selectors import agreements as selectors
from enlace.partnerships.selectors import opportunities as opportunity_selectors
from enlace.partnerships.services import agreements as services
from enlace.partnerships.views.common import (
    done,
    find,
    form_page,
    page_url,
    part_remove,
    record_delete,
    refusal,
    save_changes,
)
from enlace.partnerships.views.tables import AgreementTable
from enlace.stakeholders.views.base import is_htmx, paginate, render_page
from enlace.web.scoping import workspace_view


@workspace_view
def agreement_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    filterset = AgreementFilter(request.GET, scope=scope)
    empty = (
        _("No agreement matches these filters.")
        if filterset.is_filtered
        else _("No agreements yet.")
    )
    table = paginate(request, AgreementTable(filterset.qs, scope=scope, empty_text=empty))
    return render_page(
        request,
        "partnerships/list.html",
        {
            "title": _("Agreements"),
            "filter": filterset,
            "table": table,
            "create_url": page_url(scope, "agreement_create"),
            "create_label": _("Add an agreement"),
        },
        partial="results",
    )


@workspace_view
def agreement_create(request: HttpRequest, scope: Scope) -> HttpResponse:
    scope.require(Action.CREATE)
    if request.method != "POST":
        form = AgreementForm(scope=scope, validate_url=request.path)
    else:
        form = AgreementForm(request.POST, scope=scope, validate_url=request.path)
        if form.is_valid() and not is_htmx(request):
            try:
                record = services.agreement_create(scope=scope, data=form.changes())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                return done(
                    request,
                    page_url(scope, "agreement_detail", record.pk),
                    _("Saved %(record)s.") % {"record": record},
                )
    return form_page(
        request,
        form,
        title=_("New agreement"),
        cancel_url=page_url(scope, "agreement_list"),
        breadcrumb=_("Agreements"),
        status=400 if form.is_bound and form.errors else 200,
    )


@workspace_view
def agreement_from_opportunity(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    """Confirm, then draft an agreement from a won opportunity (title, parties, value)."""
    scope.require(Action.CREATE)
    opportunity = opportunity_selectors.opportunity_get(scope=scope, id=pk)
    back = page_url(scope, "opportunity_detail", opportunity.pk)
    if opportunity.stage != Stage.WON:
        messages.error(request, _("Only a won opportunity leads to an agreement."))
        return redirect(back)
    if request.method == "POST":
        try:
            agreement = services.agreement_from_opportunity(scope=scope, opportunity=opportunity)
        except ValidationError as exc:
            messages.error(request, refusal(exc))
            return redirect(back)
        return done(
            request,
            page_url(scope, "agreement_edit", agreement.pk),
            _("Drafted the agreement “%(record)s” from the opportunity: check it and save.")
            % {"record": agreement},
        )
    return render_page(
        request,
        "partnerships/confirm.html",
        {
            "record": opportunity,
            "back_url": back,
            "question": _("Draft an agreement from “%(record)s”?") % {"record": opportunity},
            "explanation": _(
                "It takes the opportunity's title, its counterpart and funder as parties, and "
                "its amount as value. You can edit it next."
            ),
            "action_label": _("Draft the agreement"),
            "primary": True,
        },
    )


def _detail(
    request: HttpRequest,
    scope: Scope,
    agreement: Agreement,
    *,
    form: ObligationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    detail = selectors.agreement_detail(scope=scope, agreement=agreement)
    if form is None and scope.can(Action.CHANGE):
        form = ObligationForm(scope=scope, agreement=agreement)
    return render_page(
        request,
        "partnerships/agreement_detail.html",
        {"record": agreement, **detail, "obligation_form": form},
        status=status,
    )


@workspace_view
def agreement_detail(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    return _detail(request, scope, selectors.agreement_get(scope=scope, id=pk))


@workspace_view
def agreement_edit(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    agreement = selectors.agreement_get(scope=scope, id=pk)
    detail = page_url(scope, "agreement_detail", agreement.pk)
    posted = request.method == "POST"
    form = AgreementForm(
        request.POST if posted else None,
        scope=scope,
        instance=copy.copy(agreement),
        initial={"parties": [link.organization_id for link in agreement.party_links.all()]},
        validate_url=request.path,
    )
    if posted and form.is_valid() and not is_htmx(request):
        saved = save_changes(
            request,
            form,
            lambda changes: services.agreement_update(
                scope=scope,
                agreement=agreement,
                data=changes,
                expected_version=form.cleaned_data["version"],
            ),
            back=detail,
        )
        if saved is not None:
            return saved
    return form_page(
        request,
        form,
        title=_("Edit %(record)s") % {"record": agreement},
        cancel_url=detail,
        breadcrumb=str(agreement),
        status=400 if posted and form.errors else 200,
    )


@workspace_view
def agreement_delete(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.DELETE)
    return record_delete(
        request,
        get=lambda: selectors.agreement_get(scope=scope, id=pk),
        delete=lambda record, version: services.agreement_delete(
            scope=scope, agreement=record, expected_version=version
        ),
        back_url=page_url(scope, "agreement_detail", pk),
        list_url=page_url(scope, "agreement_list"),
        question=_("Delete the agreement “%(record)s”?"),
        explanation=_("It moves to the trash with its parties and obligations."),
    )


# Obligations


@workspace_view
@require_POST
def obligation_add(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    agreement = selectors.agreement_get(scope=scope, id=pk)
    form = ObligationForm(request.POST, scope=scope, agreement=agreement)
    if form.is_valid():
        try:
            obligation = services.obligation_add(
                scope=scope, agreement=agreement, data=form.values()
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return done(
                request,
                page_url(scope, "agreement_detail", agreement.pk) + "#obligations",
                _("Added the obligation “%(text)s”.") % {"text": obligation.text},
            )
    return _detail(request, scope, agreement, form=form, status=400)


def _obligation(scope: Scope, agreement: Agreement, item_pk: Any) -> Any:
    return find(agreement.obligations.all(), item_pk)


@workspace_view
@require_POST
def obligation_done(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    agreement = selectors.agreement_get(scope=scope, id=pk)
    obligation = _obligation(scope, agreement, item_pk)
    back = page_url(scope, "agreement_detail", agreement.pk) + "#obligations"
    undo = request.POST.get("undo") == "1"
    try:
        services.obligation_update(
            scope=scope,
            obligation=obligation,
            data={"done_on": None if undo else timezone.localdate()},
        )
    except ValidationError as exc:
        messages.error(request, refusal(exc))
        return redirect(back)
    notice = _("Reopened “%(text)s”.") if undo else _("Marked “%(text)s” as done.")
    return done(request, back, notice % {"text": obligation.text})


@workspace_view
def obligation_remove(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    agreement = selectors.agreement_get(scope=scope, id=pk)
    obligation = _obligation(scope, agreement, item_pk)
    return part_remove(
        request,
        record=agreement,
        part=obligation,
        remove=lambda: services.obligation_remove(scope=scope, obligation=obligation),
        back_url=page_url(scope, "agreement_detail", agreement.pk) + "#obligations",
        question=_("Remove the obligation “%(text)s”?") % {"text": obligation.text},
        notice=_("Removed the obligation “%(text)s”.") % {"text": obligation.text},
    )
