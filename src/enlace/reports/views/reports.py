"""Saved reports: the list, "Generate a draft" from a field visit's page, and the page of one
report (its generation status, the editor of its latest version, the versions, a regenerated
draft waiting with its diff, "Mark reviewed", the downloads), each action a POST to a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.core.errors import ValidationError, VersionConflict
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.engagements import selectors as engagement_selectors
from enlace.reports import exports, render, selectors, services
from enlace.reports.forms import FORMAT_CHOICES, ReportCreateForm, ReportEditForm
from enlace.reports.models import Audience, GenerationStatus, Report
from enlace.stakeholders.views.base import is_htmx, render_page
from enlace.web.scoping import workspace_view

DETAIL_TEMPLATE = "reports/report_detail.html"
# htmx stops polling when an answer has this status.
STOP_POLLING = 286


def _url(scope: Scope, name: str, *args: Any) -> str:
    return reverse(f"web:reports_{name}", args=[scope.workspace.slug, *args])


def _refusal(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _preview(
    markdown: str,
    report: Report,
    *,
    scope: Scope,
    figures: dict[str, Any] | None = None,
    linked: bool = True,
) -> str:
    """The sanitised preview, its charts drawn from `figures` (the version's). Figure links go
    to the figure pages, which read the latest version's figures: `linked` is False for an
    older version, whose figures may differ, so its links are text."""
    trace = (figures or {}).get("trace") or {}

    def figure_url(ref: str) -> str:
        if not linked or ref not in trace:
            return ""
        return reverse("web:reports_figure", args=[scope.workspace.slug, report.pk, ref])

    # to_fragment sanitises it (nh3); marking it safe is what lets it render at all.
    return mark_safe(  # noqa: S308 - nh3-sanitised by render.to_fragment
        render.to_fragment(
            markdown,
            audience=report.audience,
            charts=(figures or {}).get("charts"),
            figure_url=figure_url,
        )
    )


@workspace_view
def report_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    return render_page(
        request,
        "reports/report_list.html",
        {"title": _("Reports"), "reports": selectors.report_list(scope=scope)},
    )


@workspace_view
@require_POST
def report_create(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    """Keep the field visit's draft as a report, generated in the background."""
    scope.require(Action.CREATE)
    engagement = engagement_selectors.engagement_get(scope=scope, id=pk)
    form = ReportCreateForm(request.POST)
    back = reverse("web:reports_field_visit", args=[scope.workspace.slug, engagement.pk])
    if not form.is_valid():
        messages.error(request, _("Choose an audience and a language from the lists."))
        return redirect(back)
    try:
        report = services.report_create(
            scope=scope,
            engagement=engagement,
            audience=form.cleaned_data["audience"],
            language=form.cleaned_data["lang"],
        )
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
        return redirect(back)
    return redirect(_url(scope, "detail", report.pk))


def _detail(
    request: HttpRequest,
    scope: Scope,
    report: Report,
    *,
    form: ReportEditForm | None = None,
    conflict: bool = False,
    status: int = 200,
) -> HttpResponse:
    busy = report.generation_status in (GenerationStatus.QUEUED, GenerationStatus.RUNNING)
    if is_htmx(request) and request.method == "GET" and not busy:
        # The poll's answer once drafting is over: reload the page, which has no poll.
        response = HttpResponse(status=STOP_POLLING)
        response["HX-Refresh"] = "true"
        return response
    versions = list(selectors.report_versions(report))
    latest = versions[-1] if versions else None
    can_change = scope.can(Action.CHANGE)
    if form is None and latest is not None and can_change:
        form = ReportEditForm(initial={"markdown": latest.markdown, "version": report.version})
    context: dict[str, Any] = {
        "title": report.title,
        "record": report,
        "latest": latest,
        "versions": list(reversed(versions)),
        "form": form if can_change else None,
        "conflict": conflict,
        "busy": busy,
        "failed": report.generation_status == GenerationStatus.FAILED,
        "public": report.audience == Audience.PUBLIC,
        "preview": _preview(latest.markdown, report, scope=scope, figures=latest.figures)
        if latest is not None
        else "",
        "diff": selectors.report_diff(report) if report.pending_markdown else [],
        "downloads": [
            {
                "label": label,
                "url": _url(scope, "download", report.pk, value),
                "filename": selectors.report_filename(report, latest, value),
            }
            for value, label in FORMAT_CHOICES
        ]
        if latest is not None
        else [],
    }
    return render_page(request, DETAIL_TEMPLATE, context, partial="generation", status=status)


@workspace_view
def report_detail(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    """The report's page; a POST saves the editor's text as a new version."""
    report = selectors.report_get(scope=scope, id=pk)
    if request.method != "POST":
        return _detail(request, scope, report)
    scope.require(Action.CHANGE)
    form = ReportEditForm(request.POST)
    if not form.is_valid():
        return _detail(request, scope, report, form=form, status=400)
    data = form.cleaned_data
    try:
        services.report_save(
            scope=scope,
            report=report,
            markdown=data["markdown"],
            note=data["note"],
            expected_version=data["version"],
        )
    except VersionConflict:
        # Keep what was typed; the hidden version moves on, so saving again is deliberate.
        report = selectors.report_get(scope=scope, id=pk)
        form = ReportEditForm(
            initial={"markdown": data["markdown"], "note": data["note"], "version": report.version}
        )
        return _detail(request, scope, report, form=form, conflict=True, status=409)
    except ValidationError as exc:
        form.add_error("markdown", _refusal(exc))
        return _detail(request, scope, report, form=form, status=400)
    messages.success(request, _("Saved the report as a new version."))
    return redirect(_url(scope, "detail", report.pk))


def _action(
    request: HttpRequest, scope: Scope, pk: Any, act: Any, notice: str, *, action: Action
) -> HttpResponse:
    """Run one of the report's buttons (a service call) and go back to its page."""
    scope.require(action)
    report = selectors.report_get(scope=scope, id=pk)
    try:
        act(scope=scope, report=report)
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, notice)
    return redirect(_url(scope, "detail", report.pk))


@workspace_view
@require_POST
def report_retry(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    return _action(
        request, scope, pk, services.report_retry, _("Drafting again."), action=Action.CHANGE
    )


@workspace_view
@require_POST
def report_regenerate(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    return _action(
        request,
        scope,
        pk,
        services.report_regenerate,
        _("Drafting a new version from the record; your text stays as it is until you take it."),
        action=Action.CHANGE,
    )


@workspace_view
@require_POST
def report_take_pending(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    return _action(
        request,
        scope,
        pk,
        services.report_take_pending,
        _("The new draft is now the latest version."),
        action=Action.CHANGE,
    )


@workspace_view
@require_POST
def report_leave_pending(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    return _action(
        request,
        scope,
        pk,
        services.report_leave_pending,
        _("Left the new draft; your text is unchanged."),
        action=Action.CHANGE,
    )


@workspace_view
@require_POST
def report_mark_reviewed(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    return _action(
        request,
        scope,
        pk,
        services.report_mark_reviewed,
        _("Marked reviewed: the exports no longer carry the draft banner."),
        action=Action.CHANGE,
    )


@workspace_view
def report_version(request: HttpRequest, scope: Scope, pk: Any, number: int) -> HttpResponse:
    report = selectors.report_get(scope=scope, id=pk)
    version = selectors.report_version_get(report, number)
    latest = selectors.report_latest_version(report)
    latest_number = latest.number if latest is not None else None
    return render_page(
        request,
        "reports/report_version.html",
        {
            "title": _("%(report)s, version %(number)s") % {"report": report, "number": number},
            "record": report,
            "version": version,
            "preview": _preview(
                version.markdown,
                report,
                scope=scope,
                figures=version.figures,
                linked=version.number == latest_number,
            ),
        },
    )


@workspace_view
def report_download(request: HttpRequest, scope: Scope, pk: Any, format: str) -> HttpResponse:
    """The latest version in `format`; a public one carries the banner until reviewed."""
    report = selectors.report_get(scope=scope, id=pk)
    if format not in exports.FORMATS:
        raise Http404
    file = selectors.report_file(report=report, format=format)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@workspace_view
def report_delete(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    """Confirm, then move the report (and so its versions) to the trash."""
    scope.require(Action.DELETE)
    report = selectors.report_get(scope=scope, id=pk)
    back = _url(scope, "detail", report.pk)
    error = ""
    if request.method == "POST":
        try:
            services.report_delete(
                scope=scope, report=report, expected_version=_int(request.POST.get("version"))
            )
        except VersionConflict:
            error = _("Someone else changed it since you opened this page.")
            report = selectors.report_get(scope=scope, id=pk)
        except ValidationError as exc:
            error = _refusal(exc)
        else:
            messages.success(
                request,
                _("Moved %(record)s to the trash. An owner or manager can restore it.")
                % {"record": report},
            )
            return redirect(_url(scope, "list"))
    return render_page(
        request,
        "reports/report_confirm.html",
        {
            "record": report,
            "back_url": back,
            "question": _("Move “%(record)s” to the trash?") % {"record": report},
            "error": error,
        },
        status=400 if error else 200,
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
