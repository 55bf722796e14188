"""Opportunity pages: the board by stage (a card moves with a select and a button, or by drag
and drop, which posts the same form), the filtered list, create, edit, delete, and the page of
one opportunity with its stage history, origins, money, deadlines, documents and agreements."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.core.errors import VersionConflict
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.engagements import selectors as engagement_selectors
from enlace.partnerships.forms import (
    DeadlineForm,
    DocumentForm,
    MoveForm,
    OpportunityFilter,
    OpportunityForm,
)
from enlace.partnerships.models import CLOSING_STAGES, Opportunity, Stage
from enlace.partnerships.selectors import opportunities as selectors
from enlace.partnerships.services import deadlines, documents
from enlace.partnerships.services import opportunities as services
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
from enlace.partnerships.views.tables import OpportunityTable
from enlace.stakeholders.views.base import is_htmx, paginate, render_page
from enlace.web.scoping import workspace_view


def _get(scope: Scope, pk: Any) -> Opportunity:
    opportunity: Opportunity = selectors.opportunity_get(scope=scope, id=pk)
    return opportunity


@workspace_view
def board(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Every live opportunity as a card in the column of its stage."""
    columns = selectors.opportunity_board(scope=scope)
    return render_page(
        request,
        "partnerships/board.html",
        {
            "columns": columns,
            "stages": Stage.choices,
            "can_move": scope.can(Action.CHANGE),
        },
    )


@workspace_view
def opportunity_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    filterset = OpportunityFilter(request.GET, scope=scope)
    empty = (
        _("No opportunity matches these filters.")
        if filterset.is_filtered
        else _("No opportunities yet.")
    )
    table = paginate(request, OpportunityTable(filterset.qs, scope=scope, empty_text=empty))
    return render_page(
        request,
        "partnerships/list.html",
        {
            "title": _("Opportunities"),
            "filter": filterset,
            "table": table,
            "create_url": page_url(scope, "opportunity_create"),
            "create_label": _("Add an opportunity"),
            "board_url": page_url(scope, "board"),
        },
        partial="results",
    )


@workspace_view
def opportunity_create(request: HttpRequest, scope: Scope) -> HttpResponse:
    """A new opportunity; `?engagement=<id>` prefills where it arose (and its host)."""
    scope.require(Action.CREATE)
    initial: dict[str, Any] = {}
    origin = request.GET.get("engagement", "")
    cancel = page_url(scope, "board")
    if origin:
        engagement = engagement_selectors.engagement_get(scope=scope, id=origin)
        initial["origin_engagements"] = [engagement.pk]
        if engagement.host_organization_id:
            initial["counterpart_organization"] = engagement.host_organization_id
        cancel = engagement_url(scope, engagement.pk)
    if request.method != "POST":
        form = OpportunityForm(scope=scope, initial=initial, validate_url=request.path)
    else:
        form = OpportunityForm(request.POST, scope=scope, validate_url=request.path)
        if form.is_valid() and not is_htmx(request):
            try:
                record = services.opportunity_create(scope=scope, data=form.changes())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                return done(
                    request,
                    page_url(scope, "opportunity_detail", record.pk),
                    _("Saved %(record)s.") % {"record": record},
                )
    return form_page(
        request,
        form,
        title=_("New opportunity"),
        cancel_url=cancel,
        breadcrumb=_("Opportunities"),
        status=400 if form.is_bound and form.errors else 200,
    )


def engagement_url(scope: Scope, pk: Any) -> str:
    from django.urls import reverse

    return reverse("web:engagement_detail", args=[scope.workspace.slug, pk])


def _detail(
    request: HttpRequest,
    scope: Scope,
    opportunity: Opportunity,
    *,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    detail = selectors.opportunity_detail(scope=scope, opportunity=opportunity)
    durations = [dict(row) for row in detail["durations"]]
    for change, row in zip(detail["stage_history"], durations, strict=False):
        row["change"] = change
    totals = [
        {"stage": stage, "label": Stage(stage).label, "days": days}
        for stage, days in detail["stage_totals"].items()
    ]
    forms: dict[str, Any] = {}
    if scope.can(Action.CHANGE):
        forms = {
            "deadline": DeadlineForm(scope=scope),
            "document": DocumentForm(scope=scope),
            "move": MoveForm(initial={"version": opportunity.version}),
        }
        forms.update(bound or {})
    context = {
        **detail,
        "record": opportunity,
        "durations": durations,
        "totals": totals,
        "forms": forms,
        "stages": Stage.choices,
        "today": timezone.localdate(),
    }
    return render_page(request, "partnerships/opportunity_detail.html", context, status=status)


@workspace_view
def opportunity_detail(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    return _detail(request, scope, _get(scope, pk))


@workspace_view
def opportunity_edit(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    opportunity = _get(scope, pk)
    detail = page_url(scope, "opportunity_detail", opportunity.pk)
    posted = request.method == "POST"
    instance = copy.copy(opportunity)
    form = OpportunityForm(
        request.POST if posted else None,
        scope=scope,
        instance=instance,
        initial={"origin_engagements": [e.pk for e in opportunity.origin_engagements.all()]},
        validate_url=request.path,
    )
    if posted and form.is_valid() and not is_htmx(request):
        saved = save_changes(
            request,
            form,
            lambda changes: services.opportunity_update(
                scope=scope,
                opportunity=opportunity,
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
        title=_("Edit %(record)s") % {"record": opportunity},
        cancel_url=detail,
        breadcrumb=str(opportunity),
        status=400 if posted and form.errors else 200,
    )


@workspace_view
def opportunity_delete(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.DELETE)
    return record_delete(
        request,
        get=lambda: _get(scope, pk),
        delete=lambda record, version: services.opportunity_delete(
            scope=scope, opportunity=record, expected_version=version
        ),
        back_url=page_url(scope, "opportunity_detail", pk),
        list_url=page_url(scope, "board"),
        question=_("Delete the opportunity “%(record)s”?"),
        explanation=_(
            "It moves to the trash with its stage history, deadlines and documents. An "
            "opportunity an agreement came from cannot be deleted."
        ),
    )


# Moves


def _back(scope: Scope, request: HttpRequest, opportunity: Opportunity) -> str:
    """Where a move returns: the board (to the card) or the opportunity's page."""
    if request.POST.get("next") == "detail":
        return page_url(scope, "opportunity_detail", opportunity.pk)
    return page_url(scope, "board") + f"#card-{opportunity.pk}"


@workspace_view
def opportunity_move(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    """Move a card: the stage, its version as the user saw it, and the reason a closing move
    needs (asked for on this page when the board's select sent none)."""
    scope.require(Action.CHANGE)
    opportunity = _get(scope, pk)
    if request.method != "POST":
        stage = request.GET.get("stage", "")
        form = MoveForm(initial={"stage": stage, "version": opportunity.version})
        return _move_page(request, opportunity, form, request.GET.get("next", ""))
    form = MoveForm(request.POST)
    nxt = request.POST.get("next", "")
    if not form.is_valid():
        return _move_page(request, opportunity, form, nxt, status=400)
    stage = form.cleaned_data["stage"]
    reason = form.cleaned_data["reason"].strip()
    if stage in CLOSING_STAGES and not reason and stage != opportunity.stage:
        if form.cleaned_data["version"] != opportunity.version:
            return _moved_meanwhile(request, scope, opportunity)
        # Ask why, on a page of its own; the version the user saw travels with it.
        return _move_page(request, opportunity, form, nxt, asking=True)
    try:
        services.opportunity_move(
            scope=scope,
            opportunity=opportunity,
            stage=stage,
            reason=reason,
            expected_version=form.cleaned_data["version"],
        )
    except VersionConflict:
        return _moved_meanwhile(request, scope, opportunity)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return _move_page(request, opportunity, form, nxt, status=400)
    return done(
        request,
        _back(scope, request, opportunity),
        _("Moved “%(record)s” to %(stage)s.")
        % {"record": opportunity, "stage": Stage(stage).label},
    )


def _moved_meanwhile(request: HttpRequest, scope: Scope, opportunity: Opportunity) -> HttpResponse:
    current = _get(scope, opportunity.pk)
    messages.error(
        request,
        _(
            "This card was moved by someone else: it is now in %(stage)s. Your move was not "
            "made; look at it again and repeat it if it still applies."
        )
        % {"stage": current.get_stage_display()},
    )
    return redirect(_back(scope, request, current))


def _move_page(
    request: HttpRequest,
    opportunity: Opportunity,
    form: MoveForm,
    nxt: str,
    *,
    asking: bool = False,
    status: int = 200,
) -> HttpResponse:
    stage = form["stage"].value() or ""
    label = Stage(stage).label if stage in Stage.values else ""
    return render_page(
        request,
        "partnerships/move.html",
        {
            "record": opportunity,
            "form": form,
            "next": "detail" if nxt == "detail" else "board",
            "asking": asking,
            "stage_label": label,
        },
        status=status,
    )


# Deadlines


def _small_write(
    request: HttpRequest,
    scope: Scope,
    pk: Any,
    name: str,
    form_class: type[Any],
    save: Any,
) -> HttpResponse:
    scope.require(Action.CHANGE)
    opportunity = _get(scope, pk)
    form = form_class(request.POST, request.FILES, scope=scope)
    if form.is_valid():
        try:
            notice = save(opportunity, form)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return done(
                request, page_url(scope, "opportunity_detail", opportunity.pk) + f"#{name}s", notice
            )
    return _detail(request, scope, opportunity, bound={name: form}, status=400)


@workspace_view
@require_POST
def deadline_add(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    def save(opportunity: Opportunity, form: DeadlineForm) -> str:
        deadline = deadlines.deadline_add(scope=scope, opportunity=opportunity, data=form.values())
        return _("Added the deadline “%(label)s”.") % {"label": deadline.label}

    return _small_write(request, scope, pk, "deadline", DeadlineForm, save)


@workspace_view
@require_POST
def deadline_done(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    opportunity = _get(scope, pk)
    deadline = find(opportunity.deadlines.all(), item_pk)
    back = page_url(scope, "opportunity_detail", opportunity.pk) + "#deadlines"
    undo = request.POST.get("undo") == "1"
    try:
        deadlines.deadline_update(
            scope=scope,
            deadline=deadline,
            data={"done_on": None if undo else timezone.localdate()},
        )
    except ValidationError as exc:
        messages.error(request, refusal(exc))
        return redirect(back)
    notice = _("Reopened “%(label)s”.") if undo else _("Marked “%(label)s” as done.")
    return done(request, back, notice % {"label": deadline.label})


@workspace_view
def deadline_remove(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    opportunity = _get(scope, pk)
    deadline = find(opportunity.deadlines.all(), item_pk)
    return part_remove(
        request,
        record=opportunity,
        part=deadline,
        remove=lambda: deadlines.deadline_remove(scope=scope, deadline=deadline),
        back_url=page_url(scope, "opportunity_detail", opportunity.pk) + "#deadlines",
        question=_("Remove the deadline “%(label)s”?") % {"label": deadline.label},
        notice=_("Removed the deadline “%(label)s”.") % {"label": deadline.label},
    )


# Documents


@workspace_view
@require_POST
def document_add(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    def save(opportunity: Opportunity, form: DocumentForm) -> str:
        document = documents.document_add(
            scope=scope,
            opportunity=opportunity,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
        return _("Uploaded %(name)s.") % {"name": document.original_name}

    return _small_write(request, scope, pk, "document", DocumentForm, save)


# A streamed file is not an HttpResponse to the type checker, though the decorator passes it on.
@workspace_view  # type: ignore[arg-type]
def document_download(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> FileResponse:
    opportunity = _get(scope, pk)
    document = find(opportunity.documents.all(), item_pk)
    handle, content_type, name = documents.document_open(scope=scope, document=document)
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@workspace_view
def document_remove(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    opportunity = _get(scope, pk)
    document = find(opportunity.documents.all(), item_pk)
    return part_remove(
        request,
        record=opportunity,
        part=document,
        remove=lambda: documents.document_remove(scope=scope, document=document),
        back_url=page_url(scope, "opportunity_detail", opportunity.pk) + "#documents",
        question=_("Remove the document “%(name)s”?") % {"name": document.original_name},
        notice=_("Removed %(name)s.") % {"name": document.original_name},
    )
