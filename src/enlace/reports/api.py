"""API routers for reports, mounted at /reports and /tasks.

- The field visit report of an engagement, as a file in one of four formats, and the figures it
  is drafted from (JSON, each figure with the ids of the records it counts): reads, any member may
  ask; everything is read through the asker's scope (another workspace's engagement, or one a
  partner may not see, is 404).
- Period reports: POST /reports/period saves a report and queues its drafting (202 with the
  task); GET /tasks/{id} says how the drafting went and, once it succeeded, where the files are;
  GET /reports/{id}, /reports/{id}/file and /reports/{id}/figures read a saved report (of either
  kind) and its latest version.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Status

from enlace.api.auth import request_scope, write_scope
from enlace.api.errors import CREATE_PROBLEMS, READ_PROBLEMS
from enlace.api.pagination import check_query_params
from enlace.core.errors import Http404
from enlace.core.permissions import Action
from enlace.engagements import selectors as engagement_selectors
from enlace.reports import exports, selectors, services
from enlace.reports.models import GenerationStatus, Report
from enlace.reports.schemas import (
    FieldVisitFiguresQuery,
    FieldVisitQuery,
    PeriodReportIn,
    ReportFileQuery,
    ReportOut,
    TaskOut,
)

router = Router(tags=["reports"])
tasks_router = Router(tags=["reports"])

# `Query[X]` built at run time: mypy knows it only as an annotation.
_query: Any = Query

_BINARY = {"schema": {"type": "string", "format": "binary"}}
_FILE = {
    "200": {
        "description": "OK",
        "content": {
            content_type.split(";")[0]: _BINARY for content_type in exports.CONTENT_TYPES.values()
        },
    }
}


def operation_id(name: str) -> str:
    """The OpenAPI operation id of an endpoint named `name`."""
    return f"enlace_reports_api_{name}"


@router.get(
    "/field-visit/{id}",
    response=READ_PROBLEMS,
    summary="Download a field visit report",
    operation_id=operation_id("field_visit"),
    openapi_extra={"responses": _FILE},
)
def field_visit(
    request: HttpRequest, id: uuid.UUID, query: _query[FieldVisitQuery]
) -> HttpResponse:
    """The report of an engagement with its children (or of a single engagement), drafted from
    the record: lead, context, one section per child in date order, impact and next steps, and
    related engagements. Names appear only where people agreed; the report says how many it
    withheld. The file comes as an attachment named after the engagement, audience and
    language."""
    scope = request_scope(request)
    check_query_params(request, FieldVisitQuery.model_fields)
    engagement = engagement_selectors.engagement_get(scope=scope, id=id)
    report = exports.field_visit_file(
        scope=scope,
        engagement=engagement,
        format=query.format,
        audience=query.audience,
        language=exports.request_language(query.lang),
    )
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get(
    "/field-visit/{id}/figures",
    response={200: dict[str, Any], **READ_PROBLEMS},
    summary="Read a field visit report's figures",
    operation_id=operation_id("field_visit_figures"),
)
def field_visit_figures(
    request: HttpRequest, id: uuid.UUID, query: _query[FieldVisitFiguresQuery]
) -> dict[str, Any]:
    """The figures the report is drafted from, as the audience may see them; every figure
    carries the ids of the records it counts."""
    scope = request_scope(request)
    check_query_params(request, FieldVisitFiguresQuery.model_fields)
    engagement = engagement_selectors.engagement_get(scope=scope, id=id)
    return exports.field_visit_figures(
        scope=scope,
        engagement=engagement,
        audience=query.audience,
        language=exports.request_language(query.lang),
    )


# Saved reports and their background drafting

_TASK_STATUS = {
    GenerationStatus.QUEUED: "queued",
    GenerationStatus.RUNNING: "running",
    GenerationStatus.READY: "succeeded",
    GenerationStatus.FAILED: "failed",
}


def _report_out(report: Report) -> dict[str, Any]:
    latest = selectors.report_latest_version(report)
    return {
        "id": report.pk,
        "kind": report.kind,
        "title": report.title,
        "engagement_id": report.engagement_id,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "countries": list(report.countries or []),
        "audience": report.audience,
        "language": report.language,
        "generation_status": report.generation_status,
        "generation_error": report.generation_error,
        "latest_version": latest.number if latest else None,
        "reviewed_at": report.reviewed_at,
        "created_at": report.created_at,
    }


def _task_out(report: Report) -> dict[str, Any]:
    status = _TASK_STATUS[GenerationStatus(report.generation_status)]
    files: dict[str, str] = {}
    if status == "succeeded":
        base = reverse("api:reports_report_file", kwargs={"id": report.pk})
        files = {format: f"{base}?format={format}" for format in exports.FORMATS}
    return {
        "id": report.generation_task_id,
        "status": status,
        "error": report.generation_error,
        "report_id": report.pk,
        "files": files,
    }


@router.post(
    "/period",
    response={202: TaskOut, **CREATE_PROBLEMS},
    summary="Draft a period report",
    operation_id=operation_id("period_create"),
)
def period_create(request: HttpRequest, payload: PeriodReportIn) -> Status[dict[str, Any]]:
    """Saves a report of the period (`from` to `to`, inclusive; `countries` narrows it) and queues
    its drafting: engagements by kind and country, people and organisations reached, trainings
    with completion and knowledge gain, reach, pipeline and agreements, follow-ups, with charts.
    Answers 202 with the task: poll `GET /tasks/{id}` until it has succeeded or failed."""
    scope = write_scope(request, Action.CREATE)
    report = services.report_create_period(
        scope=scope,
        start=payload.start,
        end=payload.end,
        countries=payload.countries,
        audience=payload.audience,
        language=payload.lang,
        title=payload.title,
    )
    report.refresh_from_db()  # the task id (and, with an immediate backend, its outcome)
    return Status(202, _task_out(report))


@tasks_router.get(
    "/{id}",
    response={200: TaskOut, **READ_PROBLEMS},
    summary="Read a background task",
    operation_id=operation_id("task"),
)
def task(request: HttpRequest, id: str) -> dict[str, Any]:
    """A report's drafting: queued, running, succeeded (with the file addresses) or failed
    (with the reason; retrying is done on the report's page). Another workspace's task is 404."""
    scope = request_scope(request)
    check_query_params(request, ())
    found = (
        selectors.report_queryset(scope).filter(generation_task_id=id[:64]).first()
        if id.strip()
        else None
    )
    if found is None:
        raise Http404
    return _task_out(found)


@router.get(
    "/{uuid:id}",
    response={200: ReportOut, **READ_PROBLEMS},
    summary="Read a saved report",
    operation_id=operation_id("report"),
)
def report_detail(request: HttpRequest, id: uuid.UUID) -> dict[str, Any]:
    """A saved report (field visit or period) with its drafting status and latest version."""
    scope = request_scope(request)
    check_query_params(request, ())
    return _report_out(selectors.report_get(scope=scope, id=id))


@router.get(
    "/{uuid:id}/file",
    response=READ_PROBLEMS,
    summary="Download a saved report",
    operation_id=operation_id("report_file"),
    url_name="reports_report_file",
    openapi_extra={"responses": _FILE},
)
def report_file(
    request: HttpRequest, id: uuid.UUID, query: _query[ReportFileQuery]
) -> HttpResponse:
    """The latest version of a saved report as a file (404 while it has no version yet). A
    public report carries the "not yet reviewed" banner until someone marks it reviewed."""
    scope = request_scope(request)
    check_query_params(request, ReportFileQuery.model_fields)
    report = selectors.report_get(scope=scope, id=id)
    file = selectors.report_file(report=report, format=query.format)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get(
    "/{uuid:id}/figures",
    response={200: dict[str, Any], **READ_PROBLEMS},
    summary="Read a saved report's figures",
    operation_id=operation_id("report_figures"),
)
def report_figures(request: HttpRequest, id: uuid.UUID) -> dict[str, Any]:
    """The figures the latest version was drafted from (each with the ids of the records it
    counts, under `trace`; an edited version keeps the figures it was drafted from). 404 while
    no version exists."""
    scope = request_scope(request)
    check_query_params(request, ())
    report = selectors.report_get(scope=scope, id=id)
    latest = selectors.report_latest_version(report)
    if latest is None:
        raise Http404
    figures: dict[str, Any] = dict(latest.figures or {})
    return figures


routers: dict[str, Router] = {"/reports": router, "/tasks": tasks_router}
