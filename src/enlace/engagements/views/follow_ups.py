"""Follow-up pages: the signed-in member's open ones (overdue first), the workspace's list with
filters, and marking one done."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.core.errors import ValidationError, VersionConflict
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.engagements import selectors, services
from enlace.engagements.agenda import agenda_items
from enlace.engagements.filters import FollowUpFilter
from enlace.engagements.forms import VersionForm
from enlace.engagements.models import FollowUpStatus
from enlace.engagements.tables import FollowUpTable
from enlace.engagements.views.common import page_url, safe_next
from enlace.stakeholders.views.base import paginate, render_page
from enlace.web.scoping import workspace_view


@workspace_view
def follow_up_mine(request: HttpRequest, scope: Scope) -> HttpResponse:
    return render_page(
        request,
        "engagements/follow_ups_mine.html",
        {
            "follow_ups": selectors.my_follow_ups(scope=scope),
            "deadlines": agenda_items(scope, owner_only=True),
            "today": timezone.localdate(),
        },
    )


@workspace_view
def follow_up_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    filterset = FollowUpFilter(request.GET, scope=scope)
    empty_text = (
        _("No follow-up matches these filters.")
        if filterset.is_filtered
        else _("No follow-ups yet.")
    )
    rows = filterset.qs.select_related("owner", "engagement", "counterpart_organization")
    table = paginate(request, FollowUpTable(rows, scope=scope, empty_text=empty_text))
    return render_page(
        request,
        "engagements/follow_ups.html",
        {"title": _("Follow-ups"), "filter": filterset, "table": table},
        partial="results",
    )


@workspace_view
@require_POST
def follow_up_done(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    follow_up = selectors.follow_up_get(scope=scope, id=pk)
    back = safe_next(request, page_url(scope, "follow_up_mine"))
    form = VersionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    try:
        services.follow_up_update(
            scope=scope,
            follow_up=follow_up,
            data={"status": FollowUpStatus.DONE},
            expected_version=form.cleaned_data["version"],
        )
    except VersionConflict:
        messages.error(
            request,
            _("Someone else changed “%(title)s” since you opened this page; look at it again.")
            % {"title": follow_up.title},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Marked “%(title)s” as done.") % {"title": follow_up.title})
    return redirect(back)
