"""The security baseline: response headers on pages and API answers, CSRF on form posts and
htmx requests, and a clean `check --deploy` under the production profile."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _assert_baseline_headers(response) -> None:
    csp = _csp(response)
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    hsts = response["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31536000
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_headers_on_a_signed_in_page(client, editor):
    client.force_login(editor.user)
    # HSTS is only ever sent over HTTPS (production redirects plain HTTP to it).
    response = client.get(reverse("web:workspace", args=[editor.workspace.slug]), secure=True)
    assert response.status_code == 200
    _assert_baseline_headers(response)


def test_headers_on_an_api_answer(api_for, editor):
    api = api_for(editor)
    response = api.client.get(
        "/api/v1/openapi.json", headers={"Authorization": f"Bearer {api.key}"}, secure=True
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    _assert_baseline_headers(response)


def test_an_api_refusal_is_not_cached_either(client):
    response = client.get("/api/v1/openapi.json", secure=True)
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_login_page_cannot_be_framed_and_runs_no_inline_script(client):
    response = client.get(reverse("account_login"), secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert _csp(response)["frame-ancestors"] == ["'none'"]
    # No inline script or style attribute the CSP would block.
    body = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", body)
    assert " style=" not in body
    assert " onclick=" not in body


def _csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_a_form_post_without_the_csrf_token_is_refused(editor, caplog):
    client = _csrf_client(editor.user)
    client.get(reverse("accounts:profile"))
    response = client.post(reverse("accounts:profile"), {"full_name": "X", "language": ""})
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
    assert any(
        m.startswith(f"denied status=403 method=POST path=/accounts/profile/ user={editor.user.pk}")
        for m in caplog.messages
    )


def test_a_form_post_with_the_page_token_goes_through(editor):
    client = _csrf_client(editor.user)
    page = client.get(reverse("accounts:profile")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "X", "language": "", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_htmx_sends_the_token_from_base_html(editor):
    client = _csrf_client(editor.user)
    page = client.get(reverse("accounts:profile")).content.decode()
    headers = json.loads(re.search(r"hx-headers='([^']+)'", page).group(1))
    data = {"full_name": "Y", "language": ""}

    refused = client.post(reverse("accounts:profile"), data, headers={"HX-Request": "true"})
    assert refused.status_code == 403

    accepted = client.post(
        reverse("accounts:profile"), data, headers={"HX-Request": "true", **headers}
    )
    assert accepted.status_code == 302


def _production_env(tmp_path) -> dict[str, str]:
    # Only what the operator sets, so nothing from the developer's shell (DEBUG...) leaks in.
    return {
        "PATH": os.environ.get("PATH", ""),
        "ENLACE_PROFILE": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "enlace.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'enlace.sqlite3'}",
        "ENLACE_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "enlace.config.settings",
    }


def test_check_deploy_is_clean_in_production(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "enlace", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_secure(tmp_path):
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ("
        "'DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
        "'SESSION_COOKIE_NAME', 'CSRF_COOKIE_NAME', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
        "'SESSION_COOKIE_AGE', 'SESSION_SAVE_EVERY_REQUEST', 'ENLACE_DEMO_LOGIN_HINT', "
        "'ALLAUTH_TRUSTED_PROXY_COUNT')}))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and a constant script
        [sys.executable, "-c", script],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert values["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SESSION_COOKIE_AGE"] == 2 * 60 * 60
    assert values["SESSION_SAVE_EVERY_REQUEST"] is True
    assert values["ENLACE_DEMO_LOGIN_HINT"] is False
    assert values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1
