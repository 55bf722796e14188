"""Test helpers and fixtures (a pytest plugin): workspaces, members of each role, API clients."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from enlace.accounts.models import User
from enlace.core.models import Membership, Workspace
from enlace.core.permissions import Role
from enlace.core.scoping import Scope, scope_for
from enlace.core.services import membership_set, token_issue, workspace_create

PASSWORD = "correct-horse-battery-9"  # noqa: S105 - test accounts only


def make_user(email: str, password: str = PASSWORD) -> User:
    return User.objects.create_user(email=email, password=password, full_name=email.split("@")[0])


def make_workspace(slug: str = "ws", *, require_mfa: bool = False) -> Workspace:
    owner = make_user(f"owner@{slug}.example")
    workspace = workspace_create(slug=slug, name=f"Workspace {slug}", owner=owner)
    workspace.require_mfa_for_admins = require_mfa
    workspace.save(update_fields=["require_mfa_for_admins"])
    return workspace


def make_member(workspace: Workspace, role: str, organization: Any = None) -> Scope:
    """A user with `role` in `workspace`; a partner without an organisation gets a new one."""
    if role == Role.OWNER:
        membership = Membership.objects.get(workspace=workspace, role=Role.OWNER)
        return scope_for(membership.user, workspace)
    user = make_user(f"{role}-{User.objects.count()}@{workspace.slug}.example")
    if role == Role.PARTNER and organization is None:
        from enlace.stakeholders.models import Organization

        organization = Organization.objects.create(
            workspace=workspace,
            name=f"Partner org {user.pk}",
            name_key=f"partner org {user.pk}",
            kind="ngo",
        )
    membership_set(workspace=workspace, user=user, role=role, organization=organization)
    return scope_for(user, workspace)


class ApiClient:
    """A Django test client that sends a bearer token and JSON."""

    def __init__(self, scope: Scope) -> None:
        _, self.key = token_issue(workspace=scope.workspace, user=scope.user)
        self.scope = scope
        self.client = Client()

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}", **(extra or {})}

    def get(self, path: str, data: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self.client.get(path, data, headers=self._headers(headers))

    def post(self, path: str, data: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self.client.post(
            path, data, content_type="application/json", headers=self._headers(headers)
        )

    def patch(self, path: str, data: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self.client.patch(
            path, data, content_type="application/json", headers=self._headers(headers)
        )

    def delete(self, path: str, headers: dict[str, str] | None = None) -> Any:
        return self.client.delete(path, headers=self._headers(headers))


@pytest.fixture
def workspace(db: None) -> Workspace:
    return make_workspace("alpha")


@pytest.fixture
def other_workspace(db: None) -> Workspace:
    return make_workspace("beta")


@pytest.fixture
def member(workspace: Workspace) -> Callable[[str], Scope]:
    def factory(role: str = Role.EDITOR, organization: Any = None) -> Scope:
        return make_member(workspace, role, organization)

    return factory


@pytest.fixture
def owner(workspace: Workspace) -> Scope:
    return make_member(workspace, Role.OWNER)


@pytest.fixture
def editor(workspace: Workspace) -> Scope:
    return make_member(workspace, Role.EDITOR)


@pytest.fixture
def api(editor: Scope) -> ApiClient:
    return ApiClient(editor)


@pytest.fixture
def api_for() -> Callable[[Scope], ApiClient]:
    return ApiClient
