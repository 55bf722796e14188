"""The pages' door into a workspace: membership (404 otherwise) and required two-factor."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from enlace.core.permissions import ADMIN_ROLES
from enlace.core.scoping import Scope, scope_for

View = Callable[..., HttpResponse]


def mfa_required(scope: Scope) -> bool:
    """Owners and managers of a workspace that requires it must have TOTP set up."""
    if scope.role not in ADMIN_ROLES or not scope.workspace.require_mfa_for_admins:
        return False
    return not Authenticator.objects.filter(user=scope.user, type=Authenticator.Type.TOTP).exists()


def workspace_view(view: View) -> View:
    """Resolve `workspace_slug` to the member's Scope (404 for non-members) as request.scope."""

    @login_required
    @functools.wraps(view)
    def wrapper(
        request: HttpRequest, workspace_slug: str, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        scope = scope_for(request.user, workspace_slug)
        if mfa_required(scope):
            messages.warning(
                request,
                _(
                    "%(workspace)s asks owners and managers to use two-factor authentication. "
                    "Set it up to continue."
                )
                % {"workspace": scope.workspace.name},
            )
            # An htmx request would swap the setup page into a fragment: send the browser there.
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(reverse("mfa_activate_totp"))
            return redirect("mfa_activate_totp")
        request.scope = scope  # type: ignore[attr-defined]
        return view(request, scope, *args, **kwargs)

    return wrapper
