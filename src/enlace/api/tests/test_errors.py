"""Every refusal is a clear 4xx problem document that changes nothing: authentication, size,
malformed and hostile input. No request answers 500."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client
from django.utils import timezone

from enlace.core.models import ApiToken, Membership
from enlace.core.permissions import Role
from enlace.core.services import token_issue
from enlace.stakeholders.models import Organization, Person
from enlace.stakeholders.tests import factories
from enlace.testing import make_member

pytestmark = pytest.mark.django_db

ORGS = "/api/v1/organizations"


@pytest.fixture(autouse=True)
def _no_server_errors(caplog):
    """Whatever a test sends, the API never falls into its 500 handler."""
    with caplog.at_level(logging.ERROR, logger="enlace.api"):
        yield
    assert not [r for r in caplog.records if r.name == "enlace.api"], caplog.text


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


def _raw(api, method, body, content_type="application/json", **headers):
    return getattr(api.client, method)(
        ORGS,
        body,
        content_type=content_type,
        headers={"Authorization": f"Bearer {api.key}", **headers},
    )


# Authentication


def _assert_401(response):
    _problem(response, 401)
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Bearer nope",
        "Bearer enl_forged",
        "Basic dXNlcjpwYXNz",
        "Bearer \u00e9",
    ],
)
def test_missing_or_bad_token_answers_401(header, editor):
    factories.organization(editor)
    headers = {} if header is None else {"Authorization": header}
    _assert_401(Client().get(ORGS, headers=headers))
    _assert_401(
        Client().post(
            ORGS, {"name": "X", "kind": "ngo"}, content_type="application/json", headers=headers
        )
    )
    assert Organization.objects.count() == 1


def test_revoked_token_answers_401(api, editor):
    assert api.get(ORGS).status_code == 200
    ApiToken.objects.filter(user=editor.user).update(revoked_at=timezone.now())
    _assert_401(api.get(ORGS))


@pytest.mark.parametrize("removal", ["deactivated", "deleted"])
def test_token_of_a_user_removed_from_the_workspace_answers_401(removal, api, editor):
    org = factories.organization(editor)
    assert api.get(f"{ORGS}/{org.pk}").status_code == 200
    memberships = Membership.objects.filter(user=editor.user, workspace=editor.workspace)
    if removal == "deleted":
        memberships.delete()
    else:
        memberships.update(is_active=False)
    _assert_401(api.get(f"{ORGS}/{org.pk}"))
    _assert_401(api.patch(f"{ORGS}/{org.pk}", {"city": "X"}))
    _assert_401(api.delete(f"{ORGS}/{org.pk}"))
    org.refresh_from_db()
    assert (org.version, org.city, org.deleted_at) == (1, "", None)


def test_token_of_a_deactivated_user_answers_401(api, editor):
    editor.user.is_active = False
    editor.user.save(update_fields=["is_active"])
    _assert_401(api.get(ORGS))


def test_token_opens_only_its_own_workspace(editor, other_workspace):
    stranger = make_member(other_workspace, Role.OWNER)
    _, key = token_issue(workspace=other_workspace, user=stranger.user)
    org = factories.organization(editor)
    response = Client().get(f"{ORGS}/{org.pk}", headers={"Authorization": f"Bearer {key}"})
    _problem(response, 404)


# Size


def test_body_over_one_mebibyte_answers_413_and_changes_nothing(api):
    body = json.dumps({"name": "Big", "kind": "ngo", "notes": "x" * (1024 * 1024)})
    _problem(_raw(api, "post", body), 413)
    assert not Organization.all_objects.exists()
    just_under = json.dumps({"name": "Big", "kind": "ngo", "notes": "x" * 20000})
    assert _raw(api, "post", just_under).status_code == 201


def test_patch_over_one_mebibyte_answers_413(api, editor):
    org = factories.organization(editor)
    body = json.dumps({"notes": "x" * (1024 * 1024 + 1)})
    response = api.client.patch(
        f"{ORGS}/{org.pk}",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.key}"},
    )
    _problem(response, 413)
    org.refresh_from_db()
    assert org.version == 1


# Malformed bodies


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("{bad json", 400),
        ('{"name": "A", "kind": "ngo",}', 400),
        ("[" * 100_000, 400),
        ("\xff\xfe", 400),
        ("", 422),
        ("null", 422),
        ("[]", 422),
        ('"name"', 422),
        ("42", 422),
    ],
)
def test_malformed_json_answers_4xx(body, status, api):
    _problem(_raw(api, "post", body.encode("latin-1")), status)
    assert not Organization.all_objects.exists()


def test_form_encoded_body_is_refused(api):
    response = api.client.post(
        ORGS, {"name": "A", "kind": "ngo"}, headers={"Authorization": f"Bearer {api.key}"}
    )
    assert 400 <= response.status_code < 500
    assert not Organization.all_objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": 42, "kind": "ngo"}, "name"),
        ({"name": ["A"], "kind": "ngo"}, "name"),
        ({"name": {"x": 1}, "kind": "ngo"}, "name"),
        ({"name": "A", "kind": "ngo", "tags": "a,b"}, "tags"),
        ({"name": "A", "kind": "ngo", "tags": [1]}, "tags.0"),
        ({"name": "A", "kind": "ngo", "tags": ["t"] * 51}, "tags"),
        ({"name": "A", "kind": "ngo", "tags": ["x" * 41]}, "tags.0"),
        ({"name": "A", "kind": "ngo", "parent_id": 7}, "parent_id"),
        ({"name": "A", "kind": "ngo", "parent_id": "not-a-uuid"}, "parent_id"),
        ({"name": "A" * 201, "kind": "ngo"}, "name"),
        ({"name": "A", "kind": "ngo", "notes": "n" * 20001}, "notes"),
        ({"name": "A", "kind": "ngo", "country": "XX"}, "country"),
        ({"name": "A", "kind": "ngo", "country": "CHL"}, "country"),
        ({"name": "A", "kind": "ngo", "country": "1"}, "country"),
        ({"name": "A", "kind": "NGO"}, "kind"),
        ({"name": "A"}, "kind"),
        ({"name": "A\x00B", "kind": "ngo"}, "name"),
        ({"name": "A", "kind": "ngo", "city": "\x00"}, "city"),
        ({"name": "A", "kind": "ngo", "tags": ["a\x00"]}, "tags.0"),
        ({"name": "A", "kind": "ngo", "allow_duplicate": "maybe"}, "allow_duplicate"),
        ({"name": "A", "kind": "ngo", "version": 3}, "version"),
        ({"name": "A", "kind": "ngo", "id": "5f0c6f8e-0000-0000-0000-000000000000"}, "id"),
        ({"name": "A", "kind": "ngo", "__proto__": {}}, "__proto__"),
        ({"name": "A", "kind": "ngo", "workspace_id": "x"}, "workspace_id"),
    ],
)
def test_wrong_types_lengths_and_unknown_fields_answer_422(body, field, api):
    errors = _problem(api.post(ORGS, body), 422)["errors"]
    assert field in errors, errors
    assert not Organization.all_objects.exists()


def test_unknown_fields_say_so(api):
    errors = _problem(api.post(ORGS, {"name": "A", "kind": "ngo", "colour": "red"}), 422)["errors"]
    assert errors == {"colour": ["Unknown field."]}


def test_lone_surrogates_and_nul_in_json_escapes_answer_422(api):
    for raw in ('{"name": "A\\ud800", "kind": "ngo"}', '{"name": "A\\u0000", "kind": "ngo"}'):
        assert "name" in _problem(_raw(api, "post", raw), 422)["errors"]
    assert not Organization.all_objects.exists()


def test_people_nul_and_bad_dates_answer_422(api):
    for body, field in [
        ({"full_name": "Ana", "email": "a\x00@example.org"}, "email"),
        ({"full_name": "Ana", "consent_date": "0000-01-01"}, "consent_date"),
        ({"full_name": "Ana", "consent_date": "2026-13-01"}, "consent_date"),
        ({"full_name": "Ana", "consent_date": 20260101.5}, "consent_date"),
        ({"full_name": "Ana", "languages": [None]}, "languages.0"),
    ]:
        assert field in _problem(api.post("/api/v1/people", body), 422)["errors"], body
    assert not Person.all_objects.exists()


# Hostile text is data, stored and answered exactly as typed


@pytest.mark.parametrize(
    "name",
    [
        "<script>alert('x')</script>",
        '"><img src=x onerror=alert(1)>',
        "Robert'); DROP TABLE stakeholders_organization;--",
        "{{ 7*7 }} ${7*7} %s %(name)s",
        "Fundación 🕊️ ‮Libertad",
        "Ñandú & Cía. (Perú) — 100 % «real»",
    ],
)
def test_hostile_text_is_stored_and_returned_as_typed(name, api):
    response = api.post(ORGS, {"name": name, "kind": "ngo", "notes": name})
    assert response.status_code == 201, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["name"] == " ".join(name.split())
    assert response.json()["notes"] == name
    org = Organization.objects.get()
    assert org.notes == name
    assert api.get(f"{ORGS}/{org.pk}").json()["notes"] == name
    assert [o["notes"] for o in api.get(ORGS, {"q": name[:50]}).json()["items"]] in ([name], [])


# Malformed paths, queries and headers


@pytest.mark.parametrize(
    "path",
    [
        "not-a-uuid",
        "1",
        "00000000-0000-0000-0000-00000000000g",
        "%00",
        "' OR 1=1 --",
        "x" * 2000,
    ],
)
def test_malformed_ids_in_the_path_answer_422(path, api, editor):
    org = factories.organization(editor)
    for method, body in (("get", None), ("patch", {"city": "X"}), ("delete", None)):
        response = getattr(api, method)(f"{ORGS}/{path}", *([body] if body else []))
        assert response.status_code == 422, (method, response.content)
        assert "id" in response.json()["errors"]
    response = api.post(f"{ORGS}/{path}/restore")
    assert response.status_code == 422
    org.refresh_from_db()
    assert (org.version, org.deleted_at) == (1, None)


def test_unknown_id_answers_404(api):
    _problem(api.get(f"{ORGS}/5f0c6f8e-1b2c-4d5e-8f90-123456789abc"), 404)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "99999999999999999999999999"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "1e3"}, "page"),
        ({"page": "\x00"}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "abc"}, "page_size"),
        ({"parent_id": "nope"}, "parent_id"),
        ({"country": "ZZ"}, "country"),
        ({"kind": "spy"}, "kind"),
        ({"tag": "t" * 41}, "tag"),
        ({"q": "\x00"}, "q"),
        ({"pagesize": "10"}, "pagesize"),
        ({"deleted": "2"}, "deleted"),
    ],
)
def test_bad_query_parameters_answer_422(params, field, api, editor):
    factories.organization(editor)
    errors = _problem(api.get(ORGS, params), 422)["errors"]
    assert field in errors, errors


def test_invalid_utf8_in_the_query_is_not_a_server_error(api, editor):
    factories.organization(editor)
    for query in ("q=%ED%A0%80", "q=%FF%FE", "kind=%C0%80", "%FF=1"):
        response = api.get(f"{ORGS}?{query}")
        assert response.status_code in {200, 422}, (query, response.content)


def test_unknown_query_parameter_says_so(api):
    assert _problem(api.get(ORGS, {"colour": "red"}), 422)["errors"] == {
        "colour": ["Unknown query parameter."]
    }


def test_huge_page_size_is_capped(api, editor):
    factories.organization(editor)
    page = api.get(ORGS, {"page_size": "99999999999999999999"}).json()
    assert (page["page_size"], page["count"]) == (200, 1)


@pytest.mark.parametrize("version", [0, -1, 2**31, 1.5, "1", True, None])
def test_bad_versions_answer_422_and_change_nothing(version, api, editor):
    org = factories.organization(editor)
    response = api.patch(f"{ORGS}/{org.pk}", {"city": "X", "version": version})
    if version is None or version is True or version == "1":
        # null means "no version"; pydantic's lax mode reads true and "1" as 1.
        assert response.status_code == 200
        return
    assert "version" in _problem(response, 422)["errors"]
    org.refresh_from_db()
    assert (org.city, org.version) == ("", 1)


def test_unsupported_methods_are_not_server_errors(api, editor):
    org = factories.organization(editor)
    assert (
        api.client.put(
            f"{ORGS}/{org.pk}",
            "{}",
            content_type="application/json",
            headers={"Authorization": f"Bearer {api.key}"},
        ).status_code
        == 405
    )
    assert api.delete(ORGS).status_code == 405
    assert api.patch(ORGS, {"name": "x"}).status_code == 405
    assert api.get(f"{ORGS}/{org.pk}/nothing-here").status_code == 404
