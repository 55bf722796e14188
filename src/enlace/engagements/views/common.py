"""What the engagement pages share: the record type (for the registry's conflict page and the
workspace trash), the follow-up's kind in the trash, URLs and the look-up of one part of an
engagement."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from enlace.core.scoping import Scope
from enlace.engagements import selectors, services
from enlace.engagements.forms import EngagementForm
from enlace.engagements.models import Engagement, FollowUp
from enlace.stakeholders.views.types import RecordType, TrashKind

ENGAGEMENT = RecordType(
    key="engagement",
    model=Engagement,
    form_class=EngagementForm,
    get=lambda scope, pk: selectors.engagement_get(scope=scope, id=pk),
    trash=lambda scope: selectors.engagement_queryset(scope, deleted=True),
    create=lambda scope, data, widen: services.engagement_create(
        scope=scope, data=data, widen_parent=widen
    ),
    update=lambda scope, record, data, version: services.engagement_update(
        scope=scope, engagement=record, data=data, expected_version=version
    ),
    delete=lambda scope, record, version: services.engagement_delete(
        scope=scope, engagement=record, expected_version=version
    ),
    restore=lambda scope, record: services.engagement_restore(scope=scope, engagement=record),
    purge=lambda scope, record: services.engagement_purge(scope=scope, engagement=record),
)

FOLLOW_UP = TrashKind(
    key="follow_up",
    model=FollowUp,
    trash=lambda scope: selectors.follow_up_queryset(scope, deleted=True),
    restore=lambda scope, record: services.follow_up_restore(scope=scope, follow_up=record),
)


def page_url(scope: Scope, name: str, *args: Any) -> str:
    return reverse(f"web:{name}", args=[scope.workspace.slug, *args])


def find(items: Iterable[Any], pk: Any) -> Any:
    """One part of an engagement, among those its page shows (so never another one's)."""
    for item in items:
        if str(item.pk) == str(pk):
            return item
    raise Http404


def safe_next(request: Any, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return str(target)
    return fallback
