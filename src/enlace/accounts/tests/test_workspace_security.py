"""A workspace's security page: only its owner turns required two-factor on or off; anyone else
gets the friendly 403 page, and the refusal is in the security log."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from enlace.accounts.tests.helpers import activate_totp, login
from enlace.core.models import Workspace
from enlace.core.permissions import Role

pytestmark = pytest.mark.django_db


def _url(workspace) -> str:
    return reverse("accounts:workspace_security", args=[workspace.slug])


def test_the_owner_turns_required_two_factor_on_and_off(client, owner, workspace):
    client.force_login(owner.user)
    assert client.get(_url(workspace)).status_code == 200

    response = client.post(_url(workspace), {"require_mfa_for_admins": "on"})
    assert response.status_code == 302
    assert Workspace.objects.get(pk=workspace.pk).require_mfa_for_admins

    # From now on the owner needs TOTP to open the page at all.
    assert client.get(_url(workspace))["Location"] == reverse("mfa_activate_totp")
    client.logout()
    login(client, owner.user.email)
    activate_totp(client)
    assert client.post(_url(workspace), {}).status_code == 302
    assert not Workspace.objects.get(pk=workspace.pk).require_mfa_for_admins


@pytest.mark.parametrize("role", [Role.MANAGER, Role.EDITOR, Role.PARTNER, Role.VIEWER])
def test_other_roles_get_the_friendly_403_and_are_logged(client, member, workspace, role, caplog):
    caplog.set_level(logging.INFO, logger="enlace.security")
    scope = member(role)
    client.force_login(scope.user)

    response = client.post(
        _url(workspace), {"require_mfa_for_admins": "on"}, REMOTE_ADDR="198.51.100.4"
    )

    assert response.status_code == 403
    assert "Your role does not allow this" in response.content.decode()
    assert not Workspace.objects.get(pk=workspace.pk).require_mfa_for_admins
    path = _url(workspace)
    assert (
        f"denied status=403 method=POST path={path} user={scope.user.pk} ip=198.51.100.4"
        in caplog.messages
    )


def test_a_non_member_gets_404(client, other_workspace, owner):
    client.force_login(owner.user)
    assert client.get(_url(other_workspace)).status_code == 404
