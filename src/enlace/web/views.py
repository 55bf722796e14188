"""Home: the member's workspaces; a single workspace opens directly."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from enlace.core.scoping import Scope
from enlace.core.selectors import membership_list
from enlace.web.scoping import workspace_view


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(membership_list(user=request.user))
    if len(memberships) == 1:
        return redirect("web:workspace", workspace_slug=memberships[0].workspace.slug)
    return render(request, "web/home.html", {"memberships": memberships})


@workspace_view
def workspace(request: HttpRequest, scope: Scope) -> HttpResponse:
    return render(request, "web/workspace.html", {})
