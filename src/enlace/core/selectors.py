"""Reads shared by every domain: the user's memberships and workspaces."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from enlace.core.models import Membership


def membership_list(*, user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user_id=user.pk or 0, is_active=True).select_related(
        "workspace"
    )
