"""The page behind a figure of a report: the records it counts, as the viewer may see them.

A saved report's figures are the latest version's (what its text was drafted from); the live
preview of a field visit recomputes them with the preview's audience and language."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from enlace.core.scoping import Scope
from enlace.engagements import selectors as engagement_selectors
from enlace.reports import exports, selectors, trace
from enlace.reports.forms import ReportOptionsForm
from enlace.stakeholders.views.base import render_page
from enlace.web.scoping import workspace_view

TEMPLATE = "reports/figure_records.html"


def trace_entry(figures: dict[str, Any] | None, ref: str) -> dict[str, Any]:
    """The figures' trace entry for `ref`, or 404."""
    entry = ((figures or {}).get("trace") or {}).get(ref)
    if not isinstance(entry, dict):
        raise Http404
    return entry


def _page(
    request: HttpRequest, scope: Scope, entry: dict[str, Any], *, report_title: str, back: str
) -> HttpResponse:
    figure = trace.figure_records(scope=scope, entry=entry)
    return render_page(
        request,
        TEMPLATE,
        {
            "title": _("%(figure)s: the records it counts") % {"figure": figure["label"]},
            "figure": figure,
            "report_title": report_title,
            "back_url": back,
        },
    )


@workspace_view
def report_figure(request: HttpRequest, scope: Scope, pk: Any, ref: str) -> HttpResponse:
    """A figure of a saved report, from its latest version's figures."""
    report = selectors.report_get(scope=scope, id=pk)
    latest = selectors.report_latest_version(report)
    entry = trace_entry(latest.figures if latest is not None else None, ref)
    back = reverse("web:reports_detail", args=[scope.workspace.slug, report.pk])
    return _page(request, scope, entry, report_title=report.title, back=back)


@workspace_view
def field_visit_figure(request: HttpRequest, scope: Scope, pk: Any, ref: str) -> HttpResponse:
    """A figure of an engagement's report preview, recomputed with its audience and language."""
    engagement = engagement_selectors.engagement_get(scope=scope, id=pk)
    form = ReportOptionsForm(request.GET, language=exports.request_language())
    if not form.is_valid():
        raise Http404
    options = form.cleaned_data
    figures = exports.field_visit_figures(
        scope=scope, engagement=engagement, audience=options["audience"], language=options["lang"]
    )
    entry = trace_entry(figures, ref)
    page = reverse("web:reports_field_visit", args=[scope.workspace.slug, engagement.pk])
    back = f"{page}?{urlencode({'audience': options['audience'], 'lang': options['lang']})}"
    title = _("Field visit report: %(title)s") % {"title": engagement.title}
    return _page(request, scope, entry, report_title=title, back=back)
