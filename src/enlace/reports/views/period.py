"""The page that asks for a period report: a range, countries, audience and language. Saving
queues the drafting and opens the report's page, which shows its progress."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.reports import exports, selectors, services
from enlace.reports.forms import PeriodReportForm
from enlace.stakeholders.views.base import render_page
from enlace.web.scoping import workspace_view

# Service fields named differently on the form.
_FORM_FIELD = {"language": "lang"}


@workspace_view
def period_new(request: HttpRequest, scope: Scope) -> HttpResponse:
    scope.require(Action.CREATE)
    countries = selectors.report_country_choices(scope=scope)
    if request.method == "POST":
        form = PeriodReportForm(request.POST, countries=countries)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.report_create_period(
                    scope=scope,
                    start=data["start"],
                    end=data["end"],
                    countries=data["countries"],
                    audience=data["audience"],
                    language=data["lang"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    name = _FORM_FIELD.get(field, field)
                    form.add_error(name if name in form.fields else None, errors)
            else:
                return redirect(
                    reverse("web:reports_detail", args=[scope.workspace.slug, report.pk])
                )
        status = 422
    else:
        today = timezone.localdate()
        form = PeriodReportForm(
            initial={
                "start": datetime.date(today.year, 1, 1),
                "end": today,
                "audience": "internal",
                "lang": exports.request_language(),
            },
            countries=countries,
        )
        status = 200
    return render_page(
        request,
        "reports/period_new.html",
        {"title": _("New period report"), "form": form, "has_countries": bool(countries)},
        status=status,
    )
