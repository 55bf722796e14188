"""The report page of an engagement: choose the audience and language, read the sanitised
preview, download the report as Markdown, HTML, PDF or Word."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from enlace.core.scoping import Scope
from enlace.engagements import selectors as engagement_selectors
from enlace.reports import exports, render
from enlace.reports import selectors as report_selectors
from enlace.reports.forms import FORMAT_CHOICES, ReportDownloadForm, ReportOptionsForm
from enlace.stakeholders.views.base import render_page
from enlace.web.scoping import workspace_view

TEMPLATE = "reports/field_visit.html"


def _figure_url(
    scope: Scope, engagement: Any, figures: dict[str, Any], options: dict[str, Any]
) -> Callable[[str], str]:
    """The records page of each figure the preview shows, with the preview's options."""
    trace = figures.get("trace") or {}
    query = urlencode({"audience": options["audience"], "lang": options["lang"]})

    def figure_url(ref: str) -> str:
        if ref not in trace:
            return ""
        args = [scope.workspace.slug, engagement.pk, ref]
        return f"{reverse('web:reports_field_visit_figure', args=args)}?{query}"

    return figure_url


@workspace_view
def field_visit(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    engagement = engagement_selectors.engagement_get(scope=scope, id=pk)
    form = ReportOptionsForm(request.GET, language=exports.request_language())
    context: dict[str, Any] = {
        "title": _("Field visit report: %(title)s") % {"title": engagement.title},
        "record": engagement,
        "form": form,
        "engagement_url": reverse(
            "web:engagement_detail", args=[scope.workspace.slug, engagement.pk]
        ),
    }
    if not form.is_valid():
        # Nothing is drafted from options the page does not offer.
        return render_page(request, TEMPLATE, context, status=400)
    options = form.cleaned_data
    draft = exports.field_visit_draft(
        scope=scope, engagement=engagement, audience=options["audience"], language=options["lang"]
    )
    download = reverse("web:reports_field_visit_download", args=[scope.workspace.slug, pk])
    context.update(
        {
            "draft": draft,
            "public": draft.audience == "public",
            # to_fragment sanitised it (nh3); marking it safe is what lets it render at all.
            "preview": mark_safe(  # noqa: S308 - nh3-sanitised by render.to_fragment
                render.to_fragment(
                    draft.markdown,
                    audience=draft.audience,
                    charts=draft.figures.get("charts"),
                    figure_url=_figure_url(scope, engagement, draft.figures, options),
                )
            ),
            "saved_reports": report_selectors.report_list(scope=scope, engagement=engagement),
            "downloads": [
                {
                    "label": label,
                    "url": f"{download}?{urlencode({**options, 'format': value})}",
                    "filename": exports.filename(draft, value),
                }
                for value, label in FORMAT_CHOICES
            ],
        }
    )
    return render_page(request, TEMPLATE, context)


@workspace_view
def field_visit_download(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    engagement = engagement_selectors.engagement_get(scope=scope, id=pk)
    form = ReportDownloadForm(request.GET, language=exports.request_language())
    if not form.is_valid():
        problems = "; ".join(
            f"{name}: {' '.join(str(m) for m in messages)}"
            for name, messages in form.errors.items()
        )
        return HttpResponse(
            _("Cannot draft this report (%(problems)s).") % {"problems": problems},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    options = form.cleaned_data
    report = exports.field_visit_file(
        scope=scope,
        engagement=engagement,
        format=options["format"],
        audience=options["audience"],
        language=options["lang"],
    )
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
