"""Account pages: the profile page and a workspace's security settings for its owners (the
login page is allauth's, with our template)."""

from __future__ import annotations

from typing import cast

from allauth.mfa.models import Authenticator
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from enlace.accounts.forms import ProfileForm
from enlace.accounts.models import User
from enlace.accounts.services import profile_update
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.selectors import membership_list
from enlace.core.services import workspace_update
from enlace.web.scoping import workspace_view


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    # The cookie keeps the choice after sign-out, so the login page speaks it too.
    if not language:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
        return
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=user)
    if form.is_valid():
        language = form.cleaned_data["language"]
        profile_update(
            actor=user, user=user, full_name=form.cleaned_data["full_name"], language=language
        )
        translation.activate(language or translation.get_language_from_request(request))
        messages.success(request, _("Your profile is saved."))
        response = redirect("accounts:profile")
        _set_language_cookie(response, language)
        return response
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": membership_list(user=user),
            "has_totp": Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).exists(),
        },
    )


class WorkspaceSecurityForm(forms.Form):
    require_mfa_for_admins = forms.BooleanField(
        label=gettext_lazy("Owners and managers must use two-factor authentication"),
        required=False,
    )


@require_http_methods(["GET", "POST"])
@workspace_view
def workspace_security(request: HttpRequest, scope: Scope) -> HttpResponse:
    scope.require(Action.MANAGE_WORKSPACE)
    initial = {"require_mfa_for_admins": scope.workspace.require_mfa_for_admins}
    form = WorkspaceSecurityForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if form.is_valid():
        workspace_update(scope=scope, data=form.cleaned_data)
        messages.success(request, _("The workspace's security settings are saved."))
        return redirect("accounts:workspace_security", workspace_slug=scope.workspace.slug)
    return render(request, "accounts/workspace_security.html", {"form": form})
