"""Two-factor authentication: owners and managers of a workspace that requires it set up TOTP
before any workspace page opens; anyone may set it up; signing in then asks for a code."""

from __future__ import annotations

import logging

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from enlace.accounts.tests.helpers import activate_totp, login, open_totp_setup, totp_code
from enlace.core.permissions import Role
from enlace.core.services import workspace_create
from enlace.testing import make_member, make_user

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"


@pytest.fixture
def strict(workspace):
    workspace.require_mfa_for_admins = True
    workspace.save(update_fields=["require_mfa_for_admins"])
    return workspace


def _workspace_pages(workspace) -> list[str]:
    return [
        reverse("web:workspace", args=[workspace.slug]),
        reverse("accounts:workspace_security", args=[workspace.slug]),
    ]


@pytest.mark.parametrize("role", [Role.OWNER, Role.MANAGER])
def test_admins_are_sent_to_totp_setup_until_they_activate_it(client, strict, role):
    scope = make_member(strict, role)
    assert login(client, scope.user.email).status_code == 302
    for url in _workspace_pages(strict):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == ACTIVATE == reverse("mfa_activate_totp")
    # Every time, not only once.
    assert client.get(_workspace_pages(strict)[0]).status_code == 302

    activate_totp(client)

    assert Authenticator.objects.filter(user=scope.user, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("web:workspace", args=[strict.slug])).status_code == 200


def test_a_wrong_code_does_not_activate_totp(client, strict, owner):
    login(client, owner.user.email)
    open_totp_setup(client)
    response = client.post(ACTIVATE, {"code": "000000"})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=owner.user).exists()
    assert client.get(reverse("web:workspace", args=[strict.slug])).status_code == 302


@pytest.mark.parametrize("role", [Role.EDITOR, Role.PARTNER, Role.VIEWER])
def test_other_roles_are_not_forced(client, strict, role):
    scope = make_member(strict, role)
    client.force_login(scope.user)
    assert client.get(reverse("web:workspace", args=[strict.slug])).status_code == 200


def test_a_workspace_that_does_not_require_it_opens_for_owners(client):
    owner = make_user("demo@enlace.example")
    demo = workspace_create(slug="demo", name="Demo", owner=owner, is_demo=True)
    assert not demo.require_mfa_for_admins
    client.force_login(owner)
    assert client.get(reverse("web:workspace", args=[demo.slug])).status_code == 200


def test_htmx_requests_are_redirected_by_the_browser(client, strict, owner):
    client.force_login(owner.user)
    response = client.get(
        reverse("web:workspace", args=[strict.slug]), headers={"HX-Request": "true"}
    )
    assert response["HX-Redirect"] == ACTIVATE


def test_any_user_can_reach_totp_setup_from_the_profile(client, member):
    viewer = member(Role.VIEWER)
    login(client, viewer.user.email)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{ACTIVATE}"' in profile
    activate_totp(client)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in profile


def test_sign_in_then_asks_for_a_code_and_logs_its_use(
    strict, owner, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO, logger="enlace.security")
    setup = Client()
    login(setup, owner.user.email)
    with django_capture_on_commit_callbacks(execute=True):  # allauth logs the addition on commit
        secret = activate_totp(setup)

    client = Client()
    response = login(client, owner.user.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert right.status_code == 302
    assert client.get(reverse("web:workspace", args=[strict.slug])).status_code == 200

    messages = [r.getMessage() for r in caplog.records if r.name == "enlace.security"]
    pk = owner.user.pk
    assert f"mfa added type=totp user={pk} ip=127.0.0.1" in messages
    assert f"mfa failed type=totp user={pk} ip=127.0.0.1" in messages
    assert f"mfa used type=totp user={pk} ip=127.0.0.1" in messages
    assert all(secret not in line for line in messages)


def test_totp_can_be_turned_off_again(client, owner):
    login(client, owner.user.email)
    activate_totp(client)
    assert client.get(reverse("mfa_deactivate_totp")).status_code == 200
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=owner.user, type="totp").exists()
