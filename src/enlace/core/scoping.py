"""The one way into a workspace: who is asking, with which role, and what they may reach.

Every page and endpoint builds a Scope (from the session or the API token) and every selector
filters through it, so another workspace's object is simply not found (404).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.http import Http404

from enlace.core.errors import PermissionDenied
from enlace.core.models import Membership, Workspace
from enlace.core.permissions import Action, Role, role_can

if TYPE_CHECKING:
    from enlace.accounts.models import User

security_log = logging.getLogger("enlace.security")
M = TypeVar("M", bound=models.Model)


@dataclass
class Scope:
    workspace: Workspace
    user: User
    membership: Membership
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def is_partner(self) -> bool:
        return self.membership.role == Role.PARTNER

    def can(self, action: Action) -> bool:
        return role_can(self.membership.role, action)

    def require(self, action: Action) -> None:
        if not self.can(action):
            security_log.warning(
                "denied action=%s user=%s workspace=%s role=%s",
                action.value,
                self.user.pk,
                self.workspace.pk,
                self.membership.role,
            )
            raise PermissionDenied(action.value)

    def filter(self, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        """Restrict any workspace-owned queryset to this workspace."""
        return queryset.filter(workspace=self.workspace)


def scope_for(user: Any, workspace: Workspace | str) -> Scope:
    """The scope of `user` in `workspace` (an instance or a slug); 404 when not a member."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise Http404
    lookup: dict[str, Any] = (
        {"workspace": workspace}
        if isinstance(workspace, Workspace)
        else {"workspace__slug": workspace}
    )
    membership = (
        Membership.objects.select_related("workspace", "organization")
        .filter(user=user, is_active=True, **lookup)
        .first()
    )
    if membership is None:
        raise Http404
    return Scope(workspace=membership.workspace, user=user, membership=membership)


def parse_uuid(value: Any) -> uuid.UUID:
    """A malformed identifier is simply not found."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError) as exc:
        raise Http404 from exc


def get_in_scope(queryset: models.QuerySet[M], pk: Any) -> M:
    """One object out of an already-scoped queryset, or 404."""
    obj = queryset.filter(pk=parse_uuid(pk)).first()
    if obj is None:
        raise Http404
    return obj
