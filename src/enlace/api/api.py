"""The JSON API at /api/v1: mounts each app's routers under one auth and one error shape."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from enlace.api import errors
from enlace.api.auth import TokenAuth
from enlace.engagements.api import routers as engagement_routers
from enlace.learning.api import routers as learning_routers
from enlace.partnerships.api import routers as partnership_routers
from enlace.reports.api import routers as report_routers
from enlace.results.api import routers as results_routers
from enlace.stakeholders.api import routers as stakeholder_routers


class EnlaceAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI response descriptions use the fixed RFC 9110 status texts."""

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for code, response in operation.get("responses", {}).items():
                    text = errors.STATUS_TEXT.get(int(code))
                    if text is not None:
                        response["description"] = text
        return schema


api = EnlaceAPI(
    title="Enlace API",
    version="1",
    description=(
        "Plan, run and prove institutional collaboration. Authenticate with "
        "`Authorization: Bearer <token>` (`enlace issue-token`); the token fixes the user and "
        "the workspace. Errors are RFC 9457 problem documents with per-field `errors`."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)

# Learning adds a training's parts under /engagements: a prefix may be mounted by several apps.
for routers in (
    stakeholder_routers,
    engagement_routers,
    learning_routers,
    partnership_routers,
    report_routers,
    results_routers,
):
    for prefix, router in routers.items():
        api.add_router(prefix, router)
