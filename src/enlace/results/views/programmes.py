"""Programme pages: the list, create, edit, delete, and the framework page (the tree of goals,
outcomes and outputs with each indicator's actual to date, target and status), with the
results of the tree added, edited, moved and deleted from it."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.partnerships.views.common import done, record_delete, save_changes
from enlace.results import framework, selectors
from enlace.results.forms import FrameworkFilter, NodeForm, ProgrammeForm
from enlace.results.models import Programme, ResultNode
from enlace.results.services import programmes as services
from enlace.results.views.common import form_page, number, page_url, sparkline, status_badge
from enlace.stakeholders.views.base import is_htmx, render_page
from enlace.web.scoping import workspace_view


@workspace_view
def programme_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    return render_page(
        request,
        "results/programme_list.html",
        {"programmes": list(selectors.programme_queryset(scope))},
    )


@workspace_view
def programme_new(request: HttpRequest, scope: Scope) -> HttpResponse:
    scope.require(Action.CREATE)
    posted = request.method == "POST"
    form = ProgrammeForm(request.POST if posted else None, scope=scope)
    if posted and form.is_valid() and not is_htmx(request):
        try:
            record = services.programme_create(scope=scope, data=form.changes())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return done(
                request,
                page_url(scope, "programme_detail", record.pk),
                _("Saved %(record)s.") % {"record": record},
            )
    return form_page(
        request,
        form,
        title=_("New programme"),
        cancel_url=page_url(scope, "programme_list"),
        breadcrumb=_("Results"),
        status=400 if posted and form.errors else 200,
    )


@workspace_view
def programme_edit(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    programme = selectors.programme_get(scope=scope, id=pk)
    back = page_url(scope, "programme_detail", programme.pk)
    posted = request.method == "POST"
    form = ProgrammeForm(
        request.POST if posted else None, scope=scope, instance=copy.copy(programme)
    )
    if posted and form.is_valid() and not is_htmx(request):
        saved = save_changes(
            request,
            form,
            lambda changes: services.programme_update(
                scope=scope,
                programme=programme,
                data=changes,
                expected_version=form.cleaned_data["version"],
            ),
            back=back,
        )
        if saved is not None:
            return saved
    return form_page(
        request,
        form,
        title=_("Edit %(record)s") % {"record": programme},
        cancel_url=back,
        breadcrumb=str(programme),
        status=400 if posted and form.errors else 200,
    )


@workspace_view
def programme_delete(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.DELETE)
    return record_delete(
        request,
        get=lambda: selectors.programme_get(scope=scope, id=pk),
        delete=lambda record, version: services.programme_delete(
            scope=scope, programme=record, expected_version=version
        ),
        back_url=page_url(scope, "programme_detail", pk),
        list_url=page_url(scope, "programme_list"),
        question=_("Delete the programme “%(record)s”?"),
        explanation=_(
            "It moves to the trash with its framework, indicators, targets and reported values."
        ),
    )


# The framework page

# The service's names for the filters, and the form's.
FILTER_FIELDS = {"period": "period", "country": "country", "to": "end", "from": "start"}


def _rows(entries: list[dict[str, Any]], actuals: dict[Any, dict[str, Any]]) -> None:
    """Attach each indicator's figures (and its sparkline) to the tree, in place."""
    for entry in entries:
        entry["rows"] = []
        for indicator in entry["indicators"]:
            figures = actuals.get(indicator.pk) or {}
            to_date = figures.get("to_date") or {}
            percent = to_date.get("percent_of_target")
            entry["rows"].append(
                {
                    "indicator": indicator,
                    "baseline": number(indicator.baseline_value),
                    "value": number(to_date.get("value")),
                    "target": number(to_date.get("target")),
                    "percent": None if percent is None else round(percent),
                    "status": status_badge(to_date.get("status") or "no_data"),
                    "sparkline": sparkline(figures.get("series") or []),
                }
            )
        _rows(entry["children"], actuals)


@workspace_view
def programme_detail(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    programme = selectors.programme_get(scope=scope, id=pk)
    filters = FrameworkFilter(request.GET)
    wanted = filters.values()
    if wanted["start"] and wanted["end"] and wanted["end"] < wanted["start"]:
        filters.add_error("end", _("The end comes before the start; showing the whole programme."))
        wanted["start"] = wanted["end"] = None
    try:
        actuals = framework.framework_actuals(
            scope=scope,
            programme=programme,
            granularity=wanted["granularity"],
            start=wanted["start"],
            end=wanted["end"],
            country=wanted["country"],
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            filters.add_error(FILTER_FIELDS.get(field), errors)
        actuals = framework.framework_actuals(scope=scope, programme=programme)
    tree = selectors.framework_tree(scope=scope, programme=programme)
    _rows(tree, {item["id"]: item for item in actuals["indicators"]})
    return render_page(
        request,
        "results/framework.html",
        {
            "record": programme,
            "tree": tree,
            "filters": filters,
            "query": request.GET.urlencode(),
            "periods": actuals["periods"],
        },
        partial="framework",
    )


# Results (the nodes of the tree)


def _node_form_page(
    request: HttpRequest, scope: Scope, programme: Programme, form: NodeForm, title: str
) -> HttpResponse:
    return form_page(
        request,
        form,
        title=title,
        cancel_url=page_url(scope, "programme_detail", programme.pk),
        breadcrumb=str(programme),
        status=400 if form.is_bound and form.errors else 200,
    )


@workspace_view
def node_new(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CREATE)
    programme = selectors.programme_get(scope=scope, id=pk)
    posted = request.method == "POST"
    form = NodeForm(
        request.POST if posted else None,
        scope=scope,
        programme=programme,
        initial={"parent": request.GET.get("parent") or None},
    )
    if posted and form.is_valid():
        try:
            node = services.node_create(scope=scope, programme=programme, data=form.changes())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return done(
                request,
                page_url(scope, "programme_detail", programme.pk) + f"#node-{node.pk}",
                _("Added %(record)s.") % {"record": node},
            )
    return _node_form_page(request, scope, programme, form, _("New result"))


def _node(scope: Scope, pk: Any, node_pk: Any) -> tuple[Programme, ResultNode]:
    programme = selectors.programme_get(scope=scope, id=pk)
    node = selectors.node_get(scope=scope, id=node_pk)
    if node.programme_id != programme.pk:
        from django.http import Http404

        raise Http404
    return programme, node


@workspace_view
def node_edit(request: HttpRequest, scope: Scope, pk: Any, node_pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    programme, node = _node(scope, pk, node_pk)
    back = page_url(scope, "programme_detail", programme.pk) + f"#node-{node.pk}"
    posted = request.method == "POST"
    form = NodeForm(
        request.POST if posted else None,
        scope=scope,
        programme=programme,
        instance=copy.copy(node),
    )
    if posted and form.is_valid():
        saved = save_changes(
            request,
            form,
            lambda changes: services.node_update(
                scope=scope, node=node, data=changes, expected_version=form.cleaned_data["version"]
            ),
            back=back,
        )
        if saved is not None:
            return saved
    return _node_form_page(request, scope, programme, form, _("Edit %(record)s") % {"record": node})


@workspace_view
def node_delete(request: HttpRequest, scope: Scope, pk: Any, node_pk: Any) -> HttpResponse:
    scope.require(Action.DELETE)
    programme, _node_record = _node(scope, pk, node_pk)
    back = page_url(scope, "programme_detail", programme.pk)
    return record_delete(
        request,
        get=lambda: _node(scope, pk, node_pk)[1],
        delete=lambda record, version: services.node_delete(
            scope=scope, node=record, expected_version=version
        ),
        back_url=back,
        list_url=back,
        question=_("Delete the result “%(record)s”?"),
        explanation=_(
            "It moves to the trash. A result that still holds results or indicators cannot be "
            "deleted: move or delete them first."
        ),
    )


@workspace_view
@require_POST
def node_move(request: HttpRequest, scope: Scope, pk: Any, node_pk: Any) -> HttpResponse:
    """One place up or down among its siblings: the siblings are renumbered in their new
    order, so that equal positions (as older rows may have) still move."""
    scope.require(Action.CHANGE)
    programme, node = _node(scope, pk, node_pk)
    back = page_url(scope, "programme_detail", programme.pk) + f"#node-{node.pk}"
    siblings = list(
        selectors.node_queryset(scope)
        .filter(programme=programme, parent_id=node.parent_id)
        .order_by("position", "created_at", "id")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == node.pk)
    other = index - 1 if request.POST.get("direction") == "up" else index + 1
    if not 0 <= other < len(siblings):
        messages.info(request, _("It is already at that end."))
        return redirect(back)
    siblings[index], siblings[other] = siblings[other], siblings[index]
    try:
        for position, sibling in enumerate(siblings):
            if sibling.position != position:
                services.node_update(scope=scope, node=sibling, data={"position": position})
    except ValidationError as exc:
        messages.error(request, " ".join(str(m) for m in exc.messages))
        return redirect(back)
    return done(request, back, _("Moved %(record)s.") % {"record": node})
