"""Roles and the one permission table (role x action) every check reads."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    EDITOR = "editor", _("Editor")
    PARTNER = "partner", _("Partner")
    VIEWER = "viewer", _("Viewer")


class Action(StrEnum):
    VIEW = "record.view"
    CREATE = "record.create"
    CHANGE = "record.change"
    DELETE = "record.delete"
    VIEW_HISTORY = "history.view"
    VIEW_TRASH = "trash.view"
    RESTORE = "record.restore"
    PURGE = "record.purge"
    VIEW_LIVED_EXPERIENCE = "lived_experience.view"
    EXPORT = "record.export"
    MANAGE_MEMBERS = "members.manage"
    MANAGE_WORKSPACE = "workspace.manage"
    ISSUE_OWN_TOKEN = "token.issue_own"  # noqa: S105 - an action name
    EDIT_OWN_PROFILE = "profile.edit_own"


_ALL = frozenset(Role)
_STAFF = frozenset({Role.OWNER, Role.MANAGER, Role.EDITOR})
_ADMINS = frozenset({Role.OWNER, Role.MANAGER})

# What each role may do. Partners additionally see only their own organisation's records
# (enforced in the selectors); everything here is the role-level gate.
PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.VIEW: _ALL,
    Action.CREATE: _STAFF,
    Action.CHANGE: _STAFF,
    Action.DELETE: _STAFF,
    Action.VIEW_HISTORY: frozenset({Role.OWNER, Role.MANAGER, Role.EDITOR, Role.VIEWER}),
    Action.VIEW_TRASH: _ADMINS,
    Action.RESTORE: _ADMINS,
    Action.PURGE: frozenset({Role.OWNER}),
    Action.VIEW_LIVED_EXPERIENCE: _ADMINS,
    Action.EXPORT: _STAFF,
    Action.MANAGE_MEMBERS: _ADMINS,
    Action.MANAGE_WORKSPACE: frozenset({Role.OWNER}),
    Action.ISSUE_OWN_TOKEN: _ALL,
    Action.EDIT_OWN_PROFILE: _ALL,
}


def role_can(role: str, action: Action) -> bool:
    return role in PERMISSIONS[action]


ADMIN_ROLES = _ADMINS
