"""Timelines: everything an organisation (with its units and people) or a country took part in,
newest first, with the follow-ups that came of it."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django_countries import countries

from enlace.core.scoping import Scope
from enlace.engagements import selectors
from enlace.stakeholders import selectors as registry
from enlace.stakeholders.views.base import render_page
from enlace.web.scoping import workspace_view


@workspace_view
def organization_timeline(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    organization = registry.organization_get(scope=scope, id=pk)
    timeline = selectors.organization_timeline(scope=scope, organization=organization)
    return render_page(
        request,
        "engagements/organization_timeline.html",
        {"record": organization, **timeline, "today": timezone.localdate()},
    )


@workspace_view
def country_timeline(request: HttpRequest, scope: Scope, code: str) -> HttpResponse:
    code = code.upper()
    if code not in dict(countries):
        raise Http404
    timeline = selectors.country_timeline(scope=scope, country=code)
    return render_page(
        request,
        "engagements/country_timeline.html",
        {
            "code": code,
            "country_name": dict(countries)[code],
            **timeline,
            "today": timezone.localdate(),
        },
    )
