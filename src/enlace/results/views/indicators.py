"""Indicator pages: create and edit (from the framework page, on a result), delete, the page of
one indicator (its definition, targets, reported values with their verification, and actuals by
period), and the records behind a computed value (the drill-down)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.partnerships.views.common import (
    done,
    part_remove,
    record_delete,
    refusal,
    save_changes,
)
from enlace.reports.trace import figure_records
from enlace.results import framework, selectors
from enlace.results.forms import FrameworkFilter, IndicatorForm, ReportedValueForm, TargetForm
from enlace.results.measures import MEASURES
from enlace.results.models import Indicator, Source, Verification
from enlace.results.periods import parse_period
from enlace.results.services import indicators as services
from enlace.results.services import values as value_services
from enlace.results.views.common import form_page, number, page_url
from enlace.stakeholders.views.base import render_page
from enlace.web.scoping import workspace_view

# The verification steps a button offers from each status (the service records who and when).
NEXT_STEPS: dict[str, list[tuple[str, Any]]] = {
    Verification.DRAFT: [(Verification.SUBMITTED, gettext_lazy("Submit"))],
    Verification.SUBMITTED: [
        (Verification.VERIFIED, gettext_lazy("Verify")),
        (Verification.DRAFT, gettext_lazy("Back to draft")),
    ],
    Verification.VERIFIED: [(Verification.SUBMITTED, gettext_lazy("Reopen"))],
}


def _indicator_form_page(
    request: HttpRequest, scope: Scope, form: IndicatorForm, title: str, back: str
) -> HttpResponse:
    return form_page(
        request,
        form,
        title=title,
        cancel_url=back,
        breadcrumb=str(form.programme),
        status=400 if form.is_bound and form.errors else 200,
        measure_help=form.measure_help,
    )


@workspace_view
def indicator_new(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    """A new indicator; `?node=` puts it on that result."""
    scope.require(Action.CREATE)
    programme = selectors.programme_get(scope=scope, id=pk)
    back = page_url(scope, "programme_detail", programme.pk)
    posted = request.method == "POST"
    form = IndicatorForm(
        request.POST if posted else None,
        scope=scope,
        programme=programme,
        initial={"node": request.GET.get("node") or None, "source": Source.COMPUTED},
    )
    if posted and form.is_valid():
        try:
            record = services.indicator_create(scope=scope, data=form.changes())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return done(
                request,
                page_url(scope, "indicator_detail", record.pk),
                _("Saved %(record)s.") % {"record": record},
            )
    return _indicator_form_page(request, scope, form, _("New indicator"), back)


@workspace_view
def indicator_edit(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    indicator = selectors.indicator_get(scope=scope, id=pk)
    back = page_url(scope, "indicator_detail", indicator.pk)
    posted = request.method == "POST"
    form = IndicatorForm(
        request.POST if posted else None,
        scope=scope,
        programme=indicator.programme,
        instance=copy.copy(indicator),
    )
    if posted and form.is_valid():
        saved = save_changes(
            request,
            form,
            lambda changes: services.indicator_update(
                scope=scope,
                indicator=indicator,
                data=changes,
                expected_version=form.cleaned_data["version"],
            ),
            back=back,
        )
        if saved is not None:
            return saved
    return _indicator_form_page(
        request, scope, form, _("Edit %(record)s") % {"record": indicator}, back
    )


@workspace_view
def indicator_delete(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.DELETE)
    indicator = selectors.indicator_get(scope=scope, id=pk)
    return record_delete(
        request,
        get=lambda: selectors.indicator_get(scope=scope, id=pk),
        delete=lambda record, version: services.indicator_delete(
            scope=scope, indicator=record, expected_version=version
        ),
        back_url=page_url(scope, "indicator_detail", pk),
        list_url=page_url(scope, "programme_detail", indicator.programme_id),
        question=_("Delete the indicator “%(record)s”?"),
        explanation=_("It moves to the trash with its targets and reported values."),
    )


def _actuals(scope: Scope, indicator: Indicator, request: HttpRequest) -> dict[str, Any]:
    """The actuals table for the URL's period, from, to and by; a refused filter is named."""
    filters = FrameworkFilter(request.GET)
    wanted = filters.values()
    error = ""
    try:
        actuals = selectors.indicator_actuals(
            scope=scope,
            indicator=indicator,
            granularity=wanted["granularity"],
            start=wanted["start"],
            end=wanted["end"],
            by=wanted["by"],
        )
    except ValidationError as exc:
        error = refusal(exc)
        actuals = selectors.indicator_actuals(
            scope=scope, indicator=indicator, granularity=wanted["granularity"]
        )
    rows = [
        {
            **row,
            "value_text": number(row["value"]),
            "target_text": number(row["target"]),
            "records": indicator.source == Source.COMPUTED and row["value"] is not None,
        }
        for row in actuals["rows"]
    ]
    return {"filters": filters, "actuals_error": error, "actual_rows": rows}


def _detail(
    request: HttpRequest,
    scope: Scope,
    indicator: Indicator,
    *,
    target_form: TargetForm | None = None,
    value_form: ReportedValueForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_change = scope.can(Action.CHANGE)
    if can_change and target_form is None:
        target_form = TargetForm(scope=scope)
    reported = indicator.source == Source.REPORTED
    # A computed indicator shows no value form: a refused value is said at the top instead.
    refused = (
        ""
        if reported or value_form is None
        else " ".join(str(e) for e in value_form.non_field_errors())
    )
    if can_change and reported and value_form is None:
        value_form = ReportedValueForm(scope=scope)
    values = (
        list(
            selectors.reported_value_queryset(scope)
            .filter(indicator=indicator)
            .select_related("verified_by")
        )
        if reported
        else []
    )
    return render_page(
        request,
        "results/indicator_detail.html",
        {
            "record": indicator,
            "measure": MEASURES.get(indicator.measure),
            "baseline": number(indicator.baseline_value),
            "targets": [
                {"row": t, "value": number(t.value)}
                for t in selectors.target_queryset(scope).filter(indicator=indicator)
            ],
            "values": [
                {"row": v, "value": number(v.value), "steps": NEXT_STEPS.get(v.verification_status)}
                for v in values
            ],
            "target_form": target_form,
            "value_form": value_form if reported else None,
            "refused": refused,
            "query": request.GET.urlencode(),
            **_actuals(scope, indicator, request),
        },
        status=status,
    )


@workspace_view
def indicator_detail(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    return _detail(request, scope, selectors.indicator_get(scope=scope, id=pk))


def _period_days(label: str) -> tuple[dt.date | None, dt.date | None]:
    try:
        period = parse_period(label)
    except ValueError:
        return None, None
    return period.start, period.end


@workspace_view
def indicator_records(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    """The records a computed value counts, for `?period=` (a label) and `?key=`."""
    indicator = selectors.indicator_get(scope=scope, id=pk)
    label = request.GET.get("period", "")
    key = request.GET.get("key") or None
    by = request.GET.get("by") or None
    start, end = _period_days(label) if label else (None, None)
    error = ""
    figure: dict[str, Any] = {"label": str(indicator), "value": None, "groups": [], "total": 0}
    if label and start is None and label != "programme":
        error = _('Give a period such as "2025", "2025-Q2" or "2025-05".')
    else:
        try:
            found = framework.indicator_records(
                scope=scope, indicator=indicator, start=start, end=end, key=key, by=by
            )
        except ValidationError as exc:
            error = refusal(exc)
        else:
            figure = figure_records(
                scope=scope,
                entry={
                    "label": str(indicator),
                    "value": None,
                    "records": {found["model"]: [str(i) for i in found["ids"]]},
                },
            )
    return render_page(
        request,
        "results/indicator_records.html",
        {
            "record": indicator,
            "figure": figure,
            "period": label,
            "key": key,
            "error": error,
        },
        status=400 if error else 200,
    )


# Targets


@workspace_view
@require_POST
def target_add(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CREATE)
    indicator = selectors.indicator_get(scope=scope, id=pk)
    form = TargetForm(request.POST, scope=scope)
    if form.is_valid():
        try:
            target = value_services.target_create(
                scope=scope, indicator=indicator, data=form.values()
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return done(
                request,
                page_url(scope, "indicator_detail", indicator.pk) + "#targets",
                _("Set the target for %(period)s.") % {"period": target.period},
            )
    return _detail(request, scope, indicator, target_form=form, status=400)


def _part(scope: Scope, indicator_pk: Any, getter: Any, item_pk: Any) -> Any:
    """A target or value of this indicator (never another's)."""
    indicator = selectors.indicator_get(scope=scope, id=indicator_pk)
    part = getter(scope=scope, id=item_pk)
    if part.indicator_id != indicator.pk:
        raise Http404
    return indicator, part


def _part_edit(
    request: HttpRequest,
    scope: Scope,
    *,
    indicator: Indicator,
    form_class: type[TargetForm] | type[ReportedValueForm],
    initial: dict[str, Any],
    update: Any,
    title: str,
    anchor: str,
) -> HttpResponse:
    back = page_url(scope, "indicator_detail", indicator.pk) + anchor
    posted = request.method == "POST"
    form = form_class(request.POST if posted else None, scope=scope, initial=initial)
    if posted and form.is_valid():
        changes = {k: v for k, v in form.values().items() if str(v) != str(initial.get(k, ""))}
        if not changes:
            messages.info(request, _("Nothing changed."))
            return redirect(back)
        try:
            update(changes)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return done(request, back, _("Saved your changes."))
    return render_page(
        request,
        "results/part_form.html",
        {"form": form, "title": title, "record": indicator, "back_url": back},
        status=400 if posted and form.errors else 200,
    )


@workspace_view
def target_edit(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    indicator, target = _part(scope, pk, selectors.target_get, item_pk)
    return _part_edit(
        request,
        scope,
        indicator=indicator,
        form_class=TargetForm,
        initial={"period": target.period, "country": target.country, "value": number(target.value)},
        update=lambda changes: value_services.target_update(
            scope=scope, target=target, data=changes
        ),
        title=_("Edit the target for %(period)s") % {"period": target.period},
        anchor="#targets",
    )


@workspace_view
def target_remove(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    scope.require(Action.DELETE)
    indicator, target = _part(scope, pk, selectors.target_get, item_pk)
    return part_remove(
        request,
        record=indicator,
        part=target,
        remove=lambda: value_services.target_delete(scope=scope, target=target),
        back_url=page_url(scope, "indicator_detail", indicator.pk) + "#targets",
        question=_("Remove the target for %(period)s?") % {"period": target.period},
        notice=_("Removed the target for %(period)s.") % {"period": target.period},
    )


# Reported values


@workspace_view
@require_POST
def value_add(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CREATE)
    indicator = selectors.indicator_get(scope=scope, id=pk)
    form = ReportedValueForm(request.POST, scope=scope)
    if form.is_valid():
        try:
            value = value_services.reported_value_create(
                scope=scope, indicator=indicator, data=form.values()
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return done(
                request,
                page_url(scope, "indicator_detail", indicator.pk) + "#values",
                _("Added the value for %(period)s as a draft.") % {"period": value.period},
            )
    return _detail(request, scope, indicator, value_form=form, status=400)


@workspace_view
def value_edit(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    indicator, value = _part(scope, pk, selectors.reported_value_get, item_pk)
    return _part_edit(
        request,
        scope,
        indicator=indicator,
        form_class=ReportedValueForm,
        initial={
            "period": value.period,
            "country": value.country,
            "value": number(value.value),
            "source": value.source,
            "note": value.note,
        },
        update=lambda changes: value_services.reported_value_update(
            scope=scope, value=value, data=changes
        ),
        title=_("Edit the value for %(period)s") % {"period": value.period},
        anchor="#values",
    )


@workspace_view
@require_POST
def value_verification(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    """Move a value along draft -> submitted -> verified (or back); the service records who
    verified it and when."""
    scope.require(Action.CHANGE)
    indicator, value = _part(scope, pk, selectors.reported_value_get, item_pk)
    back = page_url(scope, "indicator_detail", indicator.pk) + "#values"
    wanted = request.POST.get("status", "")
    if wanted not in Verification.values:
        messages.error(request, _("Choose draft, submitted or verified."))
        return redirect(back)
    try:
        value_services.reported_value_update(
            scope=scope, value=value, data={"verification_status": wanted}
        )
    except ValidationError as exc:
        messages.error(request, refusal(exc))
        return redirect(back)
    return done(
        request,
        back,
        _("The value for %(period)s is now %(status)s.")
        % {"period": value.period, "status": Verification(wanted).label},
    )


@workspace_view
def value_remove(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    scope.require(Action.DELETE)
    indicator, value = _part(scope, pk, selectors.reported_value_get, item_pk)
    return part_remove(
        request,
        record=indicator,
        part=value,
        remove=lambda: value_services.reported_value_delete(scope=scope, value=value),
        back_url=page_url(scope, "indicator_detail", indicator.pk) + "#values",
        question=_("Remove the value for %(period)s?") % {"period": value.period},
        notice=_("Removed the value for %(period)s.") % {"period": value.period},
    )
