"""Engagement pages: the list, the month calendar, the detail, and create, edit and delete."""

from __future__ import annotations

import calendar
import copy
import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from enlace.core.errors import ValidationError, VersionConflict
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.engagements import selectors, services
from enlace.engagements.filters import EngagementFilter
from enlace.engagements.forms import EngagementForm, VersionForm
from enlace.engagements.models import Engagement
from enlace.engagements.tables import EngagementTable
from enlace.engagements.views.common import ENGAGEMENT, page_url
from enlace.engagements.views.parts import detail_page
from enlace.stakeholders.views.base import is_htmx, paginate, render_page
from enlace.stakeholders.views.records import _conflict
from enlace.web.scoping import workspace_view

FORM_TEMPLATE = "engagements/form.html"


@workspace_view
def engagement_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    filterset = EngagementFilter(request.GET, scope=scope)
    empty_text = (
        _("No engagement matches these filters.")
        if filterset.is_filtered
        else _("No engagements yet.")
    )
    table = paginate(request, EngagementTable(filterset.qs, scope=scope, empty_text=empty_text))
    return render_page(
        request,
        "engagements/list.html",
        {
            "title": _("Engagements"),
            "filter": filterset,
            "table": table,
            "create_url": page_url(scope, "engagement_create"),
            "create_label": _("Add an engagement"),
            "calendar_url": page_url(scope, "engagement_calendar"),
        },
        partial="results",
    )


def _month(value: str) -> dt.date:
    try:
        parsed = dt.datetime.strptime(value, "%Y-%m").date()  # noqa: DTZ007 - a date, no time
    except ValueError:
        return timezone.localdate().replace(day=1)
    return parsed.replace(day=1)


@workspace_view
def engagement_calendar(request: HttpRequest, scope: Scope) -> HttpResponse:
    first = _month(request.GET.get("month", ""))
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    engagements = list(
        selectors.engagement_list(scope=scope, date_from=first, date_to=last, ordering="start")
    )
    by_day: dict[dt.date, list[Engagement]] = defaultdict(list)
    for engagement in engagements:
        day = max(engagement.start_date, first)
        while day <= min(engagement.end_date, last):
            by_day[day].append(engagement)
            day += dt.timedelta(days=1)
    weeks = [
        [{"date": d, "in_month": d.month == first.month, "items": by_day.get(d, [])} for d in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = last + dt.timedelta(days=1)
    weekdays = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(7)]  # a Monday
    return render_page(
        request,
        "engagements/calendar.html",
        {
            "month": first,
            "month_label": formats.date_format(first, "YEAR_MONTH_FORMAT"),
            "weeks": weeks,
            "weekdays": weekdays,
            "previous": previous.strftime("%Y-%m"),
            "following": following.strftime("%Y-%m"),
            "count": len(engagements),
        },
    )


@workspace_view
def engagement_detail(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    return detail_page(request, scope, selectors.engagement_get(scope=scope, id=pk))


def _initial(request: HttpRequest, scope: Scope) -> dict[str, Any]:
    """Prefill from the query string; "Add a child engagement" passes `?parent=<id>`, whose
    dates and place the child starts from."""
    names = set(EngagementForm.base_fields) - {"version", "allow_duplicate", "widen_parent"}
    initial: dict[str, Any] = {k: v for k, v in request.GET.items() if k in names}
    if "parent" in initial:
        parent = selectors.engagement_get(scope=scope, id=initial["parent"])
        initial.update(
            {
                "parent": parent.pk,
                "start_date": initial.get("start_date") or parent.start_date,
                "end_date": initial.get("end_date") or parent.start_date,
                "country": parent.country.code or "",
                "city": parent.city,
                "timezone": parent.timezone,
                "mode": parent.mode,
            }
        )
    return initial


def _outside_parent(exc: ValidationError) -> bool:
    if not hasattr(exc, "error_dict"):
        return getattr(exc, "code", None) == "outside_parent"
    return any(e.code == "outside_parent" for errors in exc.error_dict.values() for e in errors)


def _form_page(
    request: HttpRequest, form: EngagementForm, *, title: str, cancel_url: str, **extra: Any
) -> HttpResponse:
    context = {
        "rt": ENGAGEMENT,
        "form": form,
        "title": title,
        "action_url": request.get_full_path() if request.method != "POST" else request.path,
        "cancel_url": cancel_url,
        **extra,
    }
    return render_page(request, FORM_TEMPLATE, context, partial="record-form")


@workspace_view
def engagement_create(request: HttpRequest, scope: Scope) -> HttpResponse:
    scope.require(Action.CREATE)
    title = _("New engagement")
    cancel = page_url(scope, "engagement_list")
    if request.method != "POST":
        form = EngagementForm(
            scope=scope, initial=_initial(request, scope), validate_url=request.path
        )
        return _form_page(request, form, title=title, cancel_url=cancel)
    form = EngagementForm(request.POST, scope=scope, validate_url=request.path)
    if is_htmx(request):
        form.is_valid()
        return _form_page(request, form, title=title, cancel_url=cancel)
    offer_widen = False
    if form.is_valid():
        try:
            record = ENGAGEMENT.create(
                scope, form.changes(), bool(form.cleaned_data.get("widen_parent"))
            )
        except ValidationError as exc:
            offer_widen = _outside_parent(exc)
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Saved %(record)s.") % {"record": record})
            return redirect(page_url(scope, "engagement_detail", record.pk))
    return _form_page(request, form, title=title, cancel_url=cancel, offer_widen=offer_widen)


@workspace_view
def engagement_edit(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    record = selectors.engagement_get(scope=scope, id=pk)
    title = _("Edit %(record)s") % {"record": record}
    detail = page_url(scope, "engagement_detail", record.pk)
    if request.method != "POST":
        form = EngagementForm(scope=scope, instance=copy.copy(record), validate_url=request.path)
        return _form_page(request, form, title=title, cancel_url=detail, record=record)
    form = EngagementForm(
        request.POST, scope=scope, instance=copy.copy(record), validate_url=request.path
    )
    if is_htmx(request):
        form.is_valid()
        return _form_page(request, form, title=title, cancel_url=detail, record=record)
    offer_widen = False
    if form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, _("Nothing changed."))
            return redirect(detail)
        try:
            services.engagement_update(
                scope=scope,
                engagement=record,
                data=changes,
                expected_version=form.cleaned_data["version"],
                widen_parent=bool(form.cleaned_data.get("widen_parent")),
            )
        except VersionConflict as exc:
            return _conflict(
                request, scope, ENGAGEMENT, record, exc, title=title, cancel_url=detail
            )
        except ValidationError as exc:
            offer_widen = _outside_parent(exc)
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Saved your changes."))
            return redirect(detail)
    return _form_page(
        request, form, title=title, cancel_url=detail, record=record, offer_widen=offer_widen
    )


@workspace_view
def engagement_delete(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.DELETE)
    record = selectors.engagement_get(scope=scope, id=pk)
    form = VersionForm(request.POST or None, initial={"version": record.version})
    conflict = False
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            ENGAGEMENT.delete(scope, record, form.cleaned_data["version"])
        except VersionConflict:
            conflict = True
            record = selectors.engagement_get(scope=scope, id=pk)
            form = VersionForm(initial={"version": record.version})
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("Moved %(record)s to the trash. An owner or manager can restore it.")
                % {"record": record},
            )
            return redirect(page_url(scope, "engagement_list"))
    return render_page(
        request,
        "engagements/delete.html",
        {"record": record, "form": form, "conflict": conflict, "error": error},
        status=409 if conflict else 200,
    )
