"""API router for reports, mounted at /reports: the field visit report of an engagement, as a
file in one of four formats, and the figures it is drafted from (JSON, each figure with the ids
of the records it counts).

Reads only: any member may ask, and the engagement and everything in the report are read through
the asker's scope (another workspace's engagement, or one a partner may not see, is 404).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from enlace.api.auth import request_scope
from enlace.api.errors import READ_PROBLEMS
from enlace.api.pagination import check_query_params
from enlace.engagements import selectors as engagement_selectors
from enlace.reports import exports
from enlace.reports.schemas import FieldVisitFiguresQuery, FieldVisitQuery

router = Router(tags=["reports"])

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


routers: dict[str, Router] = {"/reports": router}
