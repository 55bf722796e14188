"""The profile page: every signed-in user, partners included, edits their own name and language,
and the language then applies to every page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from enlace.accounts.models import User
from enlace.accounts.services import profile_update
from enlace.core.errors import PermissionDenied, ValidationError
from enlace.core.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_every_role_edits_its_own_name_and_language(client, member, role):
    scope = member(role)
    client.force_login(scope.user)
    assert client.get(reverse("accounts:profile")).status_code == 200

    response = client.post(
        reverse("accounts:profile"), {"full_name": "  Ana María Pérez ", "language": "es"}
    )

    assert response.status_code == 302
    user = User.objects.get(pk=scope.user.pk)
    assert (user.full_name, user.language) == ("Ana María Pérez", "es")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_the_chosen_language_applies_to_later_pages(client, editor):
    client.force_login(editor.user)
    assert client.get(reverse("accounts:profile"))["Content-Language"] == "en"
    client.post(reverse("accounts:profile"), {"full_name": "E", "language": "es"})
    # Even against the browser's own preference, and without the cookie.
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    response = client.get(reverse("accounts:profile"), headers={"Accept-Language": "en"})
    assert response["Content-Language"] == "es"
    assert '<html lang="es">' in response.content.decode()


def test_a_language_picked_on_this_browser_wins_over_the_profile(client, editor):
    client.force_login(editor.user)
    client.post(reverse("accounts:profile"), {"full_name": "E", "language": "es"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # as the language menu sets it
    response = client.get(reverse("accounts:profile"), headers={"Accept-Language": "es"})
    assert response["Content-Language"] == "en"


def test_clearing_the_language_falls_back_to_the_browser(client, editor):
    client.force_login(editor.user)
    client.post(reverse("accounts:profile"), {"full_name": "E", "language": "es"})
    response = client.post(reverse("accounts:profile"), {"full_name": "E", "language": ""})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""  # deleted
    assert User.objects.get(pk=editor.user.pk).language == ""
    response = client.get(reverse("accounts:profile"), headers={"Accept-Language": "es"})
    assert response["Content-Language"] == "es"


def test_an_unknown_language_is_refused(client, editor):
    client.force_login(editor.user)
    response = client.post(reverse("accounts:profile"), {"full_name": "E", "language": "xx"})
    assert response.status_code == 200
    assert User.objects.get(pk=editor.user.pk).language == ""
    with pytest.raises(ValidationError):
        profile_update(actor=editor.user, user=editor.user, full_name="E", language="xx")


def test_nobody_edits_someone_elses_profile(owner, editor):
    with pytest.raises(PermissionDenied):
        profile_update(actor=owner.user, user=editor.user, full_name="Renamed", language="")
    assert User.objects.get(pk=editor.user.pk).full_name != "Renamed"


def test_the_email_is_not_editable_here(client, editor):
    client.force_login(editor.user)
    client.post(
        reverse("accounts:profile"),
        {"full_name": "E", "language": "", "email": "taken@example.org"},
    )
    assert User.objects.get(pk=editor.user.pk).email == editor.user.email


def test_the_profile_needs_a_signed_in_user(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
