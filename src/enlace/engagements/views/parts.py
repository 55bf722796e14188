"""The engagement page and its small forms: participants, outcomes, links, attachments,
audience counts, reach readings and follow-ups. Each form posts to its own URL; a failed one
comes back on the page with its errors, a removal asks for confirmation first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.engagements import selectors, services
from enlace.engagements.forms import (
    AUDIENCE_CATEGORIES,
    AttachmentForm,
    AudienceForm,
    FollowUpForm,
    LinkForm,
    OutcomeForm,
    ParticipantForm,
    ReachForm,
)
from enlace.engagements.models import AudienceDimension, Engagement
from enlace.engagements.views.common import find, page_url
from enlace.stakeholders.views.base import render_page
from enlace.web.scoping import workspace_view

DETAIL_TEMPLATE = "engagements/detail.html"

_GROUPS = ("member", "organization", "coordination_body", "person")


def _participant_groups(participants: list[Any]) -> list[dict[str, Any]]:
    labels = {
        "member": _("Our representatives"),
        "organization": _("Organisations"),
        "coordination_body": _("Coordination bodies"),
        "person": _("People"),
    }
    groups = []
    for key in _GROUPS:
        rows = [p for p in participants if getattr(p, f"{key}_id", None)]
        if rows:
            groups.append({"key": key, "label": labels[key], "rows": rows})
    return groups


def _audience_rows(audience: dict[str, list[Any]]) -> list[dict[str, Any]]:
    names = dict(AudienceDimension.choices)
    rows = []
    for dimension, choices in AUDIENCE_CATEGORIES.items():
        counts = audience.get(dimension) or []
        if not counts:
            continue
        labels = dict(choices)
        rows.append(
            {
                "label": names[dimension],
                "counts": [(labels.get(c.category, c.category), c.count) for c in counts],
                "total": sum(c.count for c in counts),
            }
        )
    return rows


def detail_page(
    request: HttpRequest,
    scope: Scope,
    engagement: Engagement,
    bound: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    detail = selectors.engagement_detail(scope=scope, engagement=engagement)
    can_change = scope.can(Action.CHANGE)
    forms: dict[str, Any] = {}
    if can_change:
        forms = {
            "participant": ParticipantForm(scope=scope),
            "outcome": OutcomeForm(scope=scope),
            "link": LinkForm(scope=scope),
            "attachment": AttachmentForm(scope=scope),
            "audience": AudienceForm(
                scope=scope,
                current=[c for counts in detail["audience"].values() for c in counts],
            ),
            "reach": ReachForm(scope=scope, initial={"as_of": timezone.localdate()}),
            "follow_up": FollowUpForm(scope=scope),
        }
        forms.update(bound or {})
    reach = [
        {"latest": reading, "series": detail["reach_series"].get(metric, [])}
        for metric, reading in detail["reach"].items()
    ]
    context = {
        "record": engagement,
        **detail,
        "participant_groups": _participant_groups(list(detail["participants"])),
        "audience_rows": _audience_rows(detail["audience"]),
        "reach_rows": reach,
        "forms": forms,
        "today": timezone.localdate(),
    }
    return render_page(request, DETAIL_TEMPLATE, context, status=status)


def _done(scope: Scope, request: HttpRequest, engagement: Engagement, notice: str) -> HttpResponse:
    messages.success(request, notice)
    return redirect(page_url(scope, "engagement_detail", engagement.pk))


def _write(
    request: HttpRequest,
    scope: Scope,
    pk: Any,
    name: str,
    form_class: type[Any],
    save: Callable[[Engagement, Any], str],
) -> HttpResponse:
    """Check a small form, hand it to its service, and say what happened."""
    scope.require(Action.CHANGE)
    engagement = selectors.engagement_get(scope=scope, id=pk)
    form = form_class(request.POST, request.FILES, scope=scope)
    if form.is_valid():
        try:
            notice = save(engagement, form)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return _done(scope, request, engagement, notice)
    return detail_page(request, scope, engagement, {name: form}, status=400)


@workspace_view
@require_POST
def participant_add(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    def save(engagement: Engagement, form: ParticipantForm) -> str:
        participant = services.participant_add(
            scope=scope, engagement=engagement, data=form.values()
        )
        return _("Added %(who)s.") % {"who": participant.target}

    return _write(request, scope, pk, "participant", ParticipantForm, save)


@workspace_view
@require_POST
def outcome_add(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    def save(engagement: Engagement, form: OutcomeForm) -> str:
        services.outcome_add(scope=scope, engagement=engagement, data=form.values())
        return _("Added the outcome.")

    return _write(request, scope, pk, "outcome", OutcomeForm, save)


@workspace_view
@require_POST
def link_add(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    def save(engagement: Engagement, form: LinkForm) -> str:
        services.link_add(scope=scope, engagement=engagement, data=form.values())
        return _("Added the link.")

    return _write(request, scope, pk, "link", LinkForm, save)


@workspace_view
@require_POST
def attachment_add(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    def save(engagement: Engagement, form: AttachmentForm) -> str:
        attachment = services.attachment_add(
            scope=scope,
            engagement=engagement,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
        return _("Uploaded %(name)s.") % {"name": attachment.original_name}

    return _write(request, scope, pk, "attachment", AttachmentForm, save)


class _AudiencePost(AudienceForm):
    def __init__(self, data: Any, files: Any, *, scope: Scope) -> None:
        super().__init__(data, scope=scope)


@workspace_view
@require_POST
def audience_set(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    def save(engagement: Engagement, form: AudienceForm) -> str:
        services.audience_set(scope=scope, engagement=engagement, counts=form.counts())
        return _("Saved the audience counts.")

    return _write(request, scope, pk, "audience", _AudiencePost, save)


@workspace_view
@require_POST
def reach_record(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    def save(engagement: Engagement, form: ReachForm) -> str:
        services.reach_record(scope=scope, engagement=engagement, data=form.values())
        return _("Recorded the reading.")

    return _write(request, scope, pk, "reach", ReachForm, save)


@workspace_view
@require_POST
def follow_up_add(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    def save(engagement: Engagement, form: FollowUpForm) -> str:
        data = {**form.values(), "engagement": engagement}
        follow_up = services.follow_up_create(scope=scope, data=data)
        return _("Added the follow-up “%(title)s”.") % {"title": follow_up.title}

    return _write(request, scope, pk, "follow_up", FollowUpForm, save)


# Removals: a page that names what goes, then the POST.

_REMOVALS: dict[str, tuple[str, Callable[..., Any]]] = {
    "participant": (
        "participants",
        lambda scope, item: services.participant_remove(scope=scope, participant=item),
    ),
    "outcome": ("outcomes", lambda scope, item: services.outcome_remove(scope=scope, outcome=item)),
    "link": ("links", lambda scope, item: services.link_remove(scope=scope, link=item)),
    "attachment": (
        "attachments",
        lambda scope, item: services.attachment_remove(scope=scope, attachment=item),
    ),
    "reach": ("reach_series", lambda scope, item: services.reach_remove(scope=scope, reading=item)),
}


def _part(scope: Scope, engagement: Engagement, what: str, item_pk: Any) -> Any:
    key = _REMOVALS[what][0]
    detail = selectors.engagement_detail(scope=scope, engagement=engagement)
    items = detail[key]
    if isinstance(items, dict):
        items = [reading for series in items.values() for reading in series]
    return find(items, item_pk)


@workspace_view
def part_remove(
    request: HttpRequest, scope: Scope, pk: Any, what: str, item_pk: Any
) -> HttpResponse:
    scope.require(Action.CHANGE)
    if what not in _REMOVALS:
        raise Http404
    engagement = selectors.engagement_get(scope=scope, id=pk)
    item = _part(scope, engagement, what, item_pk)
    if request.method == "POST":
        try:
            _REMOVALS[what][1](scope, item)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(page_url(scope, "engagement_detail", engagement.pk))
        return _done(scope, request, engagement, _("Removed %(item)s.") % {"item": item})
    return render_page(
        request, "engagements/remove.html", {"record": engagement, "item": item, "what": what}
    )


# A streamed file is not an HttpResponse to the type checker, though the decorator passes it on.
@workspace_view  # type: ignore[arg-type]
def attachment_download(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> FileResponse:
    engagement = selectors.engagement_get(scope=scope, id=pk)
    detail = selectors.engagement_detail(scope=scope, engagement=engagement)
    attachment = find(detail["attachments"], item_pk)
    handle, content_type, name = services.attachment_open(scope=scope, attachment=attachment)
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
