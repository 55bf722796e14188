"""Home (the member's workspaces; a single one opens directly) and the workspace overview."""

from __future__ import annotations

import datetime as dt
from operator import attrgetter
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from enlace.core.scoping import Scope
from enlace.core.selectors import membership_list
from enlace.engagements.agenda import agenda_items
from enlace.stakeholders import selectors
from enlace.web.scoping import workspace_view

RECENT = 8
UPCOMING_DAYS = 30


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(membership_list(user=request.user))
    if len(memberships) == 1:
        return redirect("web:workspace", workspace_slug=memberships[0].workspace.slug)
    return render(request, "web/home.html", {"memberships": memberships})


@workspace_view
def workspace(request: HttpRequest, scope: Scope) -> HttpResponse:
    lists: dict[str, Any] = {
        "organizations": selectors.organization_list(scope=scope),
        "people": selectors.person_list(scope=scope),
        "bodies": selectors.coordination_body_list(scope=scope),
        "relationships": selectors.relationship_list(scope=scope),
    }
    counts = {name: qs.count() for name, qs in lists.items()}
    # The latest edits the member may see: each list is already scoped (lived experience,
    # partner subtree), which a workspace-wide history query would not be.
    recent = sorted(
        (record for qs in lists.values() for record in qs.order_by("-updated_at", "id")[:RECENT]),
        key=attrgetter("updated_at"),
        reverse=True,
    )[:RECENT]
    until = timezone.localdate() + dt.timedelta(days=UPCOMING_DAYS)
    upcoming = agenda_items(scope, owner_only=False, until=until)
    return render(
        request,
        "web/workspace.html",
        {"counts": counts, "recent": recent, "upcoming": upcoming, "upcoming_days": UPCOMING_DAYS},
    )
