"""The calendar feed: the public .ics address (its secret is the credential, no session) and the
member's page where they create, rotate or revoke it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from enlace.core.scoping import Scope
from enlace.engagements import selectors, services
from enlace.engagements.agenda import AgendaItem
from enlace.engagements.feeds import calendar_build
from enlace.engagements.models import Engagement, FollowUp
from enlace.stakeholders.views.base import render_page
from enlace.web.scoping import workspace_view

FEED_SUFFIX = ".ics"


def feed_path(secret: str) -> str:
    return reverse("web:calendar_feed", kwargs={"filename": secret + FEED_SUFFIX})


def _not_found() -> HttpResponse:
    response = HttpResponseNotFound(b"Not found", content_type="text/plain; charset=utf-8")
    # The path holds a secret (perhaps one just rotated out): keep it out of Django's request
    # log, whatever its level is set to.
    response._has_been_logged = True  # type: ignore[attr-defined]
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def calendar_feed(request: HttpRequest, filename: str) -> HttpResponse:
    """GET /feeds/calendar/<secret>.ics — outside the workspace pages on purpose: calendar
    clients have no session, and an unknown, rotated or revoked secret is simply not found."""
    if not filename.endswith(FEED_SUFFIX):
        return _not_found()
    membership = selectors.calendar_feed_for_secret(filename.removesuffix(FEED_SUFFIX))
    if membership is None:
        return _not_found()
    items = selectors.feed_items(membership=membership)
    slug = membership.workspace.slug
    mine = request.build_absolute_uri(reverse("web:follow_up_mine", args=[slug]))

    def engagement_url(engagement: Engagement) -> str:
        return request.build_absolute_uri(
            reverse("web:engagement_detail", args=[slug, engagement.pk])
        )

    def follow_up_url(_follow_up: FollowUp) -> str:
        return mine

    def agenda_url(item: AgendaItem) -> str:
        return request.build_absolute_uri(item.path) if item.path else mine

    body = calendar_build(
        membership=membership,
        engagements=items["engagements"],
        follow_ups=items["follow_ups"],
        engagement_url=engagement_url,
        follow_up_url=follow_up_url,
        agenda=items["agenda"],
        agenda_url=agenda_url,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Content-Disposition"] = 'inline; filename="enlace.ics"'
    return response


def _page(request: HttpRequest, scope: Scope, **context: object) -> HttpResponse:
    return render_page(
        request,
        "engagements/feed_settings.html",
        {"feed": selectors.calendar_feed_get(scope=scope), **context},
    )


@never_cache
@workspace_view
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_feed_settings(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The member's own feed. A new address is shown once, in the answer to the POST that made
    it: it is never stored in clear, so it cannot be shown again."""
    if request.method != "POST":
        return _page(request, scope)
    action = request.POST.get("action", "")
    confirmed = request.POST.get("confirm") == "yes"
    feed = selectors.calendar_feed_get(scope=scope)
    if action == "rotate":
        if feed is not None and not confirmed:
            return _page(request, scope, confirm="rotate")
        _feed, secret = services.calendar_feed_rotate(scope=scope)
        address = request.build_absolute_uri(feed_path(secret))
        return _page(
            request,
            scope,
            address=address,
            webcal=address.replace("https://", "webcal://", 1).replace("http://", "webcal://", 1),
        )
    if action == "revoke":
        if feed is None:
            return redirect(request.path)
        if not confirmed:
            return _page(request, scope, confirm="revoke")
        services.calendar_feed_revoke(scope=scope)
        messages.success(request, _("Your calendar feed is switched off; its address is gone."))
        return redirect(request.path)
    return HttpResponseBadRequest()
