"""The pick endpoint: a few registry records matching a name, as <option>s for a picker.

It searches through the registry's scoped selectors, so another workspace's records, a
partner's invisible ones and hidden people never appear; whatever is posted back is checked
again by the form field's own scoped queryset.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from enlace.core.scoping import Scope
from enlace.engagements import selectors as engagements
from enlace.stakeholders import selectors
from enlace.web.scoping import workspace_view

PICK_LIMIT = 20
MAX_QUERY = 100
# The picker's own element id: it names the status line the answer updates.
FIELD_ID = re.compile(r"[\w-]{1,120}")

SEARCHES: dict[str, Callable[..., QuerySet[Any]]] = {
    "person": selectors.person_list,
    "organization": selectors.organization_list,
    "coordination_body": selectors.coordination_body_list,
    "engagement": engagements.engagement_list,
}


@require_GET
@workspace_view
def pick(request: HttpRequest, scope: Scope, kind: str) -> HttpResponse:
    search = SEARCHES.get(kind)
    if search is None:
        raise Http404
    field = request.GET.get("field", "")
    if not FIELD_ID.fullmatch(field):
        return HttpResponseBadRequest()
    if "add" in request.GET:
        return _choice(request, scope, search, field)
    q = request.GET.get("q", "").strip()[:MAX_QUERY]
    # A filter's select starts with "Any", a form's with its own blank: the answer keeps it.
    empty = request.GET.get("empty")
    # One more than shown tells whether to say "type more" without counting every match.
    matches = list(search(scope=scope, q=q)[: PICK_LIMIT + 1]) if q else []
    response = render(
        request,
        "web/components/picker_options.html",
        {
            "matches": matches[:PICK_LIMIT],
            "more": len(matches) > PICK_LIMIT,
            "q": q,
            "empty_label": empty[:MAX_QUERY] if empty is not None else None,
            "status_id": f"{field}_status",
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _choice(
    request: HttpRequest, scope: Scope, search: Callable[..., QuerySet[Any]], field: str
) -> HttpResponse:
    """One chosen record as a ticked box for a several-records picker (scoped like a search)."""
    name = request.GET.get("name", "")
    if not FIELD_ID.fullmatch(name):
        return HttpResponseBadRequest()
    try:
        record = search(scope=scope).filter(pk=request.GET["add"]).first()
    except (ValueError, ValidationError):
        record = None
    if record is None:
        raise Http404
    return render(
        request,
        "web/components/picker_added.html",
        {"name": name, "pk": record.pk, "label": str(record), "status_id": f"{field}_status"},
    )
