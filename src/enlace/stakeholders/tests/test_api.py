"""The registry API: each resource's happy path, validation, pagination, trash, versions, roles,
workspace isolation and query counts."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, get_args

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.core.permissions import Role
from enlace.core.scoping import Scope
from enlace.stakeholders import schemas, selectors, services
from enlace.stakeholders.models import (
    BodyMembership,
    CoordinationBody,
    Organization,
    Person,
    Relationship,
)
from enlace.stakeholders.tests import factories
from enlace.testing import ApiClient, make_member

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _body_with_members(scope: Scope, /, **data: Any) -> CoordinationBody:
    # Through the service: factories.coordination_body cannot take the `scope` field.
    data = {"name": "Mesa", "kind": "roundtable", "scope": "national", "country": "CL", **data}
    members = [
        {"organization": factories.organization(scope), "role": role}
        for role in ("chair", "member")
    ]
    return services.coordination_body_create(scope=scope, data=data, members=members)


def _organization_body(scope: Scope) -> dict[str, Any]:
    return {
        "name": "Instituto Nacional de Derechos Humanos",
        "acronym": "INDH",
        "kind": "nhri",
        "country": "cl",
        "city": "Santiago",
        "parent_id": str(factories.organization(scope, name="Estado de Chile").pk),
        "website": "https://www.indh.cl",
        "tags": ["Protection", "protection", "chile"],
        "notes": "<script>alert('x')</script> & co",
    }


def _person_body(scope: Scope) -> dict[str, Any]:
    return {
        "full_name": "Rosa Díaz",
        "position": "Lawyer",
        "organization_id": str(factories.organization(scope, name="Fundación Libertad").pk),
        "discipline": "legal",
        "sex": "female",
        "email": "rosa@example.org",
        "phone": "+56 9 1234 5678",
        "languages": ["es", "en"],
        "may_contact": True,
        "consent_date": "2026-03-02",
        "consent_method": "written",
        "tags": ["legal aid"],
    }


def _body_body(scope: Scope) -> dict[str, Any]:
    ministry = factories.organization(scope, name="Ministerio del Interior")
    ngo = factories.organization(scope, name="Fundación Libertad")
    return {
        "name": "Mesa Intersectorial sobre Trata de Personas",
        "acronym": "MITP",
        "kind": "roundtable",
        "scope": "national",
        "country": "CL",
        "chair_organization_id": str(ministry.pk),
        "members": [
            {"organization_id": str(ministry.pk), "role": "chair"},
            {"organization_id": str(ngo.pk), "role": "member", "start_date": "2024-01-01"},
        ],
    }


def _relationship_body(scope: Scope) -> dict[str, Any]:
    return {
        "from_organization_id": str(factories.organization(scope, name="Fundación Libertad").pk),
        "to_organization_id": str(factories.organization(scope, name="Ministerio del Trabajo").pk),
        "kind": "mou",
        "since": "2024-05-01",
    }


@dataclass
class Resource:
    path: str
    model: type[Any]
    make: Callable[..., Any]  # a row made through the services, as a user would
    body: Callable[[Scope], dict[str, Any]]  # a valid create body
    change: dict[str, Any]  # a valid PATCH
    # Create bodies with several wrong fields, and the fields named in the 422: first refused by
    # the schema, then by the model's validation.
    invalid: list[tuple[dict[str, Any], set[str]]]
    refs: list[str] = field(default_factory=list)  # organisation references in a create body

    def url(self, obj: Any = None, suffix: str = "") -> str:
        return f"{API}/{self.path}" + (f"/{obj.pk}" if obj is not None else "") + suffix


RESOURCES = {
    "organizations": Resource(
        "organizations",
        Organization,
        factories.organization,
        _organization_body,
        {"city": "Valparaíso", "tags": ["ngo"]},
        [
            (
                {"name": "X" * 201, "kind": "nope", "country": "ZZ", "tags": "a", "id": "1"},
                {"name", "kind", "country", "tags", "id"},
            ),
            ({"name": "!!!", "kind": "ngo", "website": "javascript:alert(1)"}, {"name", "website"}),
            ({"name": "A", "kind": "ngo", "tags": ["a|b"]}, {"tags"}),
        ],
        ["parent_id"],
    ),
    "people": Resource(
        "people",
        Person,
        factories.person,
        _person_body,
        {"position": "Head of legal aid", "languages": ["pt"]},
        [
            (
                {
                    "full_name": "A",
                    "consent_date": "2026-02-30",
                    "colour": "red",
                    "phone": "1" * 41,
                },
                {"consent_date", "colour", "phone"},
            ),
            (
                {"full_name": "Ana", "email": "not-an-email", "may_contact": True},
                {"email", "consent_date"},
            ),
            (
                {
                    "full_name": "Ana",
                    "discipline": "astrology",
                    "sex": "f",
                    "may_contact": "perhaps",
                },
                {"discipline", "sex", "may_contact"},
            ),
        ],
        ["organization_id"],
    ),
    "coordination-bodies": Resource(
        "coordination-bodies",
        CoordinationBody,
        _body_with_members,
        _body_body,
        {"scope": "regional", "notes": "Meets monthly"},
        [
            (
                {
                    "name": "Mesa",
                    "kind": "roundtable",
                    "scope": "everywhere",
                    "members": [{"organization_id": "x", "role": "boss"}],
                },
                {"scope", "members.0.organization_id", "members.0.role"},
            ),
            ({"name": "Mesa", "kind": "roundtable", "scope": "national"}, {"country"}),
        ],
        ["chair_organization_id", "members.0.organization_id"],
    ),
    "relationships": Resource(
        "relationships",
        Relationship,
        factories.relationship,
        _relationship_body,
        {"status": "paused"},
        [
            (
                {"kind": "friends", "since": "yesterday", "from_organization_id": "1"},
                {"kind", "since", "from_organization_id", "to_organization_id"},
            ),
            (
                {"kind": "mou", "notes": "x" * 20001, "status": None},
                {"notes", "status", "from_organization_id", "to_organization_id"},
            ),
        ],
        ["from_organization_id", "to_organization_id"],
    ),
}
resources = pytest.mark.parametrize("resource", RESOURCES.values(), ids=list(RESOURCES))


def _ids(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def _set_ref(body: dict[str, Any], ref: str, value: str) -> None:
    if ref.startswith("members."):
        body["members"][0]["organization_id"] = value
    else:
        body[ref] = value


# Happy paths, per resource


@resources
def test_create_read_change_trash_and_restore(resource, owner, editor, api):
    response = api.post(resource.url(), resource.body(editor))
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["version"] == 1
    assert response["ETag"] == '"1"'
    assert {"id", "created_at", "updated_at", "deleted_at"} <= set(created)
    obj = resource.model.objects.get(pk=created["id"])

    response = api.get(resource.url(obj))
    assert response.status_code == 200
    assert response.json() == created
    assert response["ETag"] == '"1"'

    response = api.patch(resource.url(obj), resource.change, headers={"If-Match": '"1"'})
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    changed = response.json()
    assert changed["version"] == 2
    assert {k: changed[k] for k in resource.change} == resource.change
    untouched = set(created) - set(resource.change) - {"version", "updated_at"}
    assert {k: changed[k] for k in untouched} == {k: created[k] for k in untouched}

    assert api.delete(resource.url(obj)).status_code == 204
    assert api.get(resource.url(obj)).status_code == 404
    assert str(obj.pk) not in _ids(api.get(resource.url()))
    assert resource.model.all_objects.get(pk=obj.pk).deleted_at is not None

    admin = ApiClient(owner)
    trash = admin.get(resource.url(), {"deleted": "true"})
    assert _ids(trash) == {str(obj.pk)}
    assert trash.json()["items"][0]["deleted_at"] is not None
    response = admin.post(resource.url(obj, "/restore"))
    assert response.status_code == 200, response.content
    assert response.json()["deleted_at"] is None
    assert response.json()["version"] == 4
    assert api.get(resource.url(obj)).status_code == 200
    assert _ids(admin.get(resource.url(), {"deleted": "true"})) == set()


def test_organization_fields_are_normalised_and_returned_as_typed(api, editor):
    body = _organization_body(editor)
    created = api.post(f"{API}/organizations", body).json()
    assert created["country"] == "CL"
    assert created["tags"] == ["chile", "protection"]
    assert created["notes"] == "<script>alert('x')</script> & co"
    assert created["parent_id"] == body["parent_id"]
    assert created["kind"] == "nhri"


def test_person_consent_needs_date_and_method(api):
    response = api.post(f"{API}/people", {"full_name": "Ana Pérez", "may_contact": True})
    assert response.status_code == 422
    assert "consent_date" in response.json()["errors"]
    assert not Person.all_objects.exists()


def test_coordination_body_members_sub_resource(api, editor):
    created = api.post(f"{API}/coordination-bodies", _body_body(editor)).json()
    assert [(m["role"], m["organization_name"]) for m in created["members"]] == [
        ("chair", "Ministerio del Interior"),
        ("member", "Fundación Libertad"),
    ]
    url = f"{API}/coordination-bodies/{created['id']}/members"
    union = factories.organization(editor, name="Central Unitaria de Trabajadores")

    response = api.post(url, {"organization_id": str(union.pk), "role": "observer"})
    assert response.status_code == 201, response.content
    member = response.json()
    assert member["organization_name"] == "Central Unitaria de Trabajadores"
    again = api.post(url, {"organization_id": str(union.pk), "role": "member"})
    assert again.status_code == 422
    assert "organization_id" in again.json()["errors"]

    response = api.patch(
        f"{url}/{member['id']}", {"role": "member", "end_date": "2025-12-31", "version": 1}
    )
    assert response.status_code == 200, response.content
    assert (response.json()["role"], response.json()["version"]) == ("member", 2)
    stale = api.patch(f"{url}/{member['id']}", {"role": "observer", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["changed_fields"] == ["role", "end_date"]
    bad_dates = api.patch(f"{url}/{member['id']}", {"start_date": "2026-01-01"})
    assert bad_dates.status_code == 422
    assert "end_date" in bad_dates.json()["errors"]

    body = api.get(f"{API}/coordination-bodies/{created['id']}").json()
    assert len(body["members"]) == 3
    assert api.delete(f"{url}/{member['id']}").status_code == 204
    assert api.delete(f"{url}/{member['id']}").status_code == 404
    body = api.get(f"{API}/coordination-bodies/{created['id']}").json()
    assert [m["organization_id"] for m in body["members"]] == [
        m["organization_id"] for m in created["members"]
    ]


def test_coordination_body_members_are_checked_on_create(api, editor):
    body = _body_body(editor)
    body["members"].append(dict(body["members"][0]))
    response = api.post(f"{API}/coordination-bodies", body)
    assert response.status_code == 422
    assert "members" in response.json()["errors"]
    body = _body_body(editor)
    body["members"][1]["end_date"] = "2020-01-01"
    response = api.post(f"{API}/coordination-bodies", body)
    assert response.status_code == 422
    assert "end_date" in response.json()["errors"]
    assert not CoordinationBody.all_objects.exists()
    assert not BodyMembership.objects.exists()


def test_relationship_links_two_different_organisations(api, editor):
    org = factories.organization(editor)
    body = {"from_organization_id": str(org.pk), "to_organization_id": str(org.pk), "kind": "mou"}
    response = api.post(f"{API}/relationships", body)
    assert response.status_code == 422
    assert "to_organization_id" in response.json()["errors"]
    assert not Relationship.all_objects.exists()


# Duplicates


def test_similar_organisation_name_answers_409_with_matches(api, editor):
    original = factories.organization(editor, name="Ministerio de Relaciones Exteriores")
    body = {"name": "ministerio de relaciones exteriôres", "kind": "government"}
    response = api.post(f"{API}/organizations", body)
    assert response.status_code == 409
    assert response.json()["matches"] == [{"id": str(original.pk), "name": original.name}]
    assert Organization.objects.count() == 1
    response = api.post(f"{API}/organizations", {**body, "allow_duplicate": True})
    assert response.status_code == 201
    assert Organization.objects.count() == 2


def test_similar_person_name_answers_409_with_matches(api, editor):
    original = factories.person(editor, full_name="Rosa Díaz")
    response = api.post(f"{API}/people", {"full_name": "rosa diaz"})
    assert response.status_code == 409
    assert [m["id"] for m in response.json()["matches"]] == [str(original.pk)]
    response = api.post(f"{API}/people", {"full_name": "rosa diaz", "allow_duplicate": True})
    assert response.status_code == 201
    assert Person.objects.count() == 2


# Validation


@resources
def test_invalid_create_answers_422_per_field_and_changes_nothing(resource, api, editor):
    before = resource.model.all_objects.count()
    for body, fields in resource.invalid:
        response = api.post(resource.url(), body)
        assert response.status_code == 422, response.content
        assert response["Content-Type"] == "application/problem+json"
        errors = response.json()["errors"]
        assert set(errors) == fields, errors
        assert all(isinstance(m, str) and m for messages in errors.values() for m in messages)
    assert resource.model.all_objects.count() == before


@resources
def test_unknown_and_null_fields_are_refused_on_patch(resource, api, editor):
    obj = resource.make(editor)
    for body, field_name in [
        ({"colour": "red"}, "colour"),
        ({next(iter(resource.change)): None}, next(iter(resource.change))),
        ({"version": 0}, "version"),
    ]:
        response = api.patch(resource.url(obj), body)
        assert response.status_code == 422, (body, response.content)
        assert field_name in response.json()["errors"]
    empty = api.patch(resource.url(obj), {})
    assert empty.status_code == 422
    obj.refresh_from_db()
    assert obj.version == 1


@resources
def test_reference_outside_the_workspace_is_unknown(resource, api, editor, other_workspace):
    foreign = factories.organization(make_member(other_workspace, Role.EDITOR))
    for ref in resource.refs:
        for value in (str(foreign.pk), str(uuid.uuid4())):
            body = resource.body(editor)
            _set_ref(body, ref, value)
            before = resource.model.all_objects.count()
            response = api.post(resource.url(), body)
            assert response.status_code == 422, (ref, response.content)
            assert response.json()["errors"] == {ref: ["Unknown organisation."]}
            assert resource.model.all_objects.count() == before


def test_reference_to_a_trashed_organisation_is_unknown(api, editor):
    parent = factories.organization(editor)
    services.organization_delete(scope=editor, organization=parent)
    org = factories.organization(editor)
    response = api.patch(f"{API}/organizations/{org.pk}", {"parent_id": str(parent.pk)})
    assert response.status_code == 422
    assert response.json()["errors"] == {"parent_id": ["Unknown organisation."]}


def test_parent_cycle_is_refused_on_the_api_field(api, editor):
    nhri = factories.organization(editor, name="NHRI")
    unit = factories.organization(editor, name="Protection Unit", parent=nhri)
    response = api.patch(f"{API}/organizations/{nhri.pk}", {"parent_id": str(unit.pk)})
    assert response.status_code == 422
    assert "parent_id" in response.json()["errors"]
    response = api.patch(f"{API}/organizations/{unit.pk}", {"parent_id": None})
    assert response.status_code == 200
    assert response.json()["parent_id"] is None


# Lists: pagination, filters, search, ordering


def test_pagination(api, editor):
    for i in range(5):
        factories.organization(editor, name=f"Org {'ABCDE'[i]}")
    page = api.get(f"{API}/organizations", {"page_size": 2}).json()
    assert {k: page[k] for k in ("count", "page", "page_size", "pages", "next", "previous")} == {
        "count": 5,
        "page": 1,
        "page_size": 2,
        "pages": 3,
        "next": 2,
        "previous": None,
    }
    last = api.get(f"{API}/organizations", {"page_size": 2, "page": 3}).json()
    assert [o["name"] for o in last["items"]] == ["Org E"]
    assert (last["next"], last["previous"]) == (None, 2)
    assert api.get(f"{API}/organizations", {"page_size": 1000}).json()["page_size"] == 200
    for params in ({"page": 4}, {"page": 0}, {"page_size": 0}, {"page": "x"}, {"page_size": -1}):
        response = api.get(f"{API}/organizations", params)
        assert response.status_code == 422, params
        assert set(response.json()["errors"]) == set(params)


@resources
def test_every_list_paginates(resource, api, editor):
    made = {str(resource.make(editor).pk) for _ in range(3)}
    first = api.get(resource.url(), {"page_size": 2}).json()
    second = api.get(resource.url(), {"page_size": 2, "page": 2}).json()
    assert (first["count"], first["pages"], len(first["items"]), len(second["items"])) == (
        3,
        2,
        2,
        1,
    )
    assert {i["id"] for i in first["items"] + second["items"]} == made


def test_organization_filters_search_and_ordering(api, editor):
    nhri = factories.organization(
        editor,
        name="Comisión Nacional de Derechos Humanos",
        acronym="CNDH",
        kind="nhri",
        country="MX",
        tags=["protection"],
    )
    unit = factories.organization(editor, name="Unidad de Víctimas", parent=nhri, country="MX")
    ministry = factories.organization(editor, name="Secretaría del Trabajo", kind="government")
    url = f"{API}/organizations"
    assert _ids(api.get(url, {"q": "comision"})) == {str(nhri.pk)}
    assert _ids(api.get(url, {"q": "cndh"})) == {str(nhri.pk)}
    assert _ids(api.get(url, {"country": "mx"})) == {str(nhri.pk), str(unit.pk)}
    assert _ids(api.get(url, {"kind": "government"})) == {str(ministry.pk)}
    assert _ids(api.get(url, {"tag": "Protection"})) == {str(nhri.pk)}
    assert _ids(api.get(url, {"parent_id": str(nhri.pk)})) == {str(unit.pk)}
    assert len(_ids(api.get(url, {"kind": "", "country": ""}))) == 3
    names = [o["name"] for o in api.get(url, {"ordering": "-name"}).json()["items"]]
    assert names == sorted(names, reverse=True)


def test_people_body_and_relationship_filters(api, editor):
    ngo = factories.organization(editor, name="Fundación Libertad", country="CL")
    ministry = factories.organization(editor, name="Ministerio del Trabajo", country="PE")
    lawyer = factories.person(editor, full_name="Ana Lawyer", organization=ngo, discipline="legal")
    factories.person(editor, full_name="Juan Inspector", organization=ministry)
    assert _ids(api.get(f"{API}/people", {"discipline": "legal"})) == {str(lawyer.pk)}
    assert _ids(api.get(f"{API}/people", {"country": "CL"})) == {str(lawyer.pk)}
    assert _ids(api.get(f"{API}/people", {"organization_id": str(ngo.pk)})) == {str(lawyer.pk)}
    assert _ids(api.get(f"{API}/people", {"q": "lawyer"})) == {str(lawyer.pk)}

    body = _body_with_members(editor, name="Red Regional", scope="regional", kind="network")
    factories.coordination_body(editor, name="Mesa Nacional")
    services.body_membership_add(
        scope=editor, body=body, data={"organization": ngo, "role": "member"}
    )
    url = f"{API}/coordination-bodies"
    assert _ids(api.get(url, {"scope": "regional"})) == {str(body.pk)}
    assert _ids(api.get(url, {"kind": "network"})) == {str(body.pk)}
    assert _ids(api.get(url, {"organization_id": str(ngo.pk)})) == {str(body.pk)}
    assert _ids(api.get(url, {"q": "red"})) == {str(body.pk)}

    mou = factories.relationship(
        editor, from_organization=ngo, to_organization=ministry, kind="mou"
    )
    factories.relationship(editor, kind="funder", status="ended")
    url = f"{API}/relationships"
    assert _ids(api.get(url, {"kind": "mou"})) == {str(mou.pk)}
    assert _ids(api.get(url, {"status": "active"})) == {str(mou.pk)}
    assert _ids(api.get(url, {"organization_id": str(ministry.pk)})) == {str(mou.pk)}
    assert _ids(api.get(url, {"q": "libertad"})) == {str(mou.pk)}


@resources
def test_list_refuses_unknown_parameters_and_values(resource, api):
    for params, name in [
        ({"colour": "red"}, "colour"),
        ({"ordering": "password"}, "ordering"),
        ({"deleted": "perhaps"}, "deleted"),
        ({"q": "x" * 201}, "q"),
        ({"q": "a\x00b"}, "q"),
    ]:
        response = api.get(resource.url(), params)
        assert response.status_code == 422, params
        assert name in response.json()["errors"]


def test_orderings_match_the_selectors():
    assert set(get_args(schemas.OrganizationOrdering)) == set(selectors.ORG_ORDERINGS)
    assert set(get_args(schemas.PersonOrdering)) == set(selectors.PERSON_ORDERINGS)
    assert set(get_args(schemas.BodyOrdering)) == set(selectors.BODY_ORDERINGS)
    assert set(get_args(schemas.RelationshipOrdering)) == set(selectors.RELATIONSHIP_ORDERINGS)


@resources
@pytest.mark.parametrize("ordering", ["-updated", "updated"])
def test_every_list_orders(resource, ordering, api, editor):
    made = [str(resource.make(editor).pk) for _ in range(3)]
    for day, pk in enumerate(made, start=1):  # distinct times, whatever the clock's resolution
        resource.model.all_objects.filter(pk=pk).update(updated_at=f"2026-01-0{day}T00:00:00Z")
    listed = [i["id"] for i in api.get(resource.url(), {"ordering": ordering}).json()["items"]]
    assert listed == (made if ordering == "updated" else made[::-1])


@resources
def test_each_list_uses_the_same_queries_for_3_and_30_rows(resource, api, editor):
    def count_queries() -> int:
        api.get(resource.url())  # the first request of a token records its use
        with CaptureQueriesContext(connection) as queries:
            response = api.get(resource.url())
        assert response.status_code == 200
        return len(queries)

    for _ in range(3):
        resource.make(editor)
    with_3 = count_queries()
    for _ in range(27):
        resource.make(editor)
    with_30 = count_queries()
    assert api.get(resource.url()).json()["count"] == 30
    assert with_3 == with_30


# Versions: no lost updates


@resources
def test_second_writer_from_the_same_version_gets_409(resource, api, member, api_for, editor):
    obj = resource.make(editor)
    other = api_for(member(Role.EDITOR))
    etag = api.get(resource.url(obj))["ETag"]
    first = other.patch(resource.url(obj), resource.change, headers={"If-Match": etag})
    assert first.status_code == 200
    second = api.patch(resource.url(obj), {"notes": "mine"}, headers={"If-Match": etag})
    assert second.status_code == 409
    problem = second.json()
    assert problem["current_version"] == 2
    assert set(problem["changed_fields"]) == set(resource.change)
    assert api.patch(resource.url(obj), {"notes": "mine", "version": 1}).status_code == 409
    stale_delete = api.delete(resource.url(obj), headers={"If-Match": etag})
    assert stale_delete.status_code == 409
    stale_delete = api.client.delete(
        resource.url(obj),
        {"version": 1},
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.key}"},
    )
    assert stale_delete.status_code == 409
    obj = resource.model.all_objects.get(pk=obj.pk)
    assert (obj.version, obj.notes, obj.deleted_at) == (2, first.json()["notes"], None)
    assert api.delete(resource.url(obj), headers={"If-Match": '"2"'}).status_code == 204


def test_if_match_must_be_an_etag_and_agree_with_the_body(api, editor):
    org = factories.organization(editor)
    url = f"{API}/organizations/{org.pk}"
    for header in ("1", 'W/"1"', '"x"', '"1", "2"', '"99999999999"'):
        response = api.patch(url, {"city": "A"}, headers={"If-Match": header})
        assert response.status_code == 422, header
        assert "If-Match" in response.json()["errors"]
    response = api.patch(url, {"city": "A", "version": 1}, headers={"If-Match": '"2"'})
    assert response.status_code == 422
    assert api.patch(url, {"city": "A"}, headers={"If-Match": "*"}).status_code == 200
    org.refresh_from_db()
    assert (org.city, org.version) == ("A", 2)


# Roles


@resources
@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_viewers_and_partners_cannot_write(resource, role, member, api_for, editor, owner):
    obj = resource.make(editor)
    client = api_for(member(role, organization=factories.organization(editor)))
    trashed = resource.make(editor)
    resource.model.all_objects.filter(pk=trashed.pk).update(deleted_at="2026-01-01T00:00:00Z")
    body = resource.body(editor)
    before = resource.model.all_objects.count()
    assert client.post(resource.url(), body).status_code == 403
    assert client.post(resource.url(), {}).status_code == 422  # the body is checked first
    assert client.post(resource.url(trashed, "/restore")).status_code == 403
    assert client.get(resource.url(), {"deleted": "true"}).status_code == 403
    # Refused before the row is looked up: the same answer for rows a partner cannot see.
    assert client.patch(resource.url(obj), resource.change).status_code == 403
    assert client.delete(resource.url(obj)).status_code == 403
    obj = resource.model.all_objects.get(pk=obj.pk)
    assert (obj.version, obj.deleted_at) == (1, None)
    assert resource.model.all_objects.count() == before


def test_editors_cannot_see_the_trash_or_restore(api, editor):
    org = factories.organization(editor)
    services.organization_delete(scope=editor, organization=org)
    assert api.get(f"{API}/organizations", {"deleted": "true"}).status_code == 403
    assert api.post(f"{API}/organizations/{org.pk}/restore").status_code == 403
    assert Organization.all_objects.get(pk=org.pk).deleted_at is not None


def test_partner_reads_only_its_organisation_subtree(member, api_for, editor):
    nhri = factories.organization(editor, name="NHRI")
    unit = factories.organization(editor, name="Protection Unit", parent=nhri)
    ministry = factories.organization(editor, name="Ministry")
    inside = factories.person(editor, full_name="Lawyer In Unit", organization=unit)
    outside = factories.person(editor, full_name="Official In Ministry", organization=ministry)
    own_body = factories.coordination_body(editor, name="Mesa NHRI")
    services.body_membership_add(
        scope=editor, body=own_body, data={"organization": unit, "role": "member"}
    )
    other_body = _body_with_members(editor, name="Mesa Ministerial")
    own_rel = factories.relationship(editor, from_organization=ministry, to_organization=nhri)
    other_rel = factories.relationship(editor)
    partner = api_for(member(Role.PARTNER, organization=nhri))

    assert _ids(partner.get(f"{API}/organizations")) == {str(nhri.pk), str(unit.pk)}
    assert _ids(partner.get(f"{API}/people")) == {str(inside.pk)}
    assert _ids(partner.get(f"{API}/coordination-bodies")) == {str(own_body.pk)}
    assert _ids(partner.get(f"{API}/relationships")) == {str(own_rel.pk)}
    for path, obj in [
        ("organizations", ministry),
        ("people", outside),
        ("coordination-bodies", other_body),
        ("relationships", other_rel),
    ]:
        assert partner.get(f"{API}/{path}/{obj.pk}").status_code == 404
    assert partner.get(f"{API}/organizations/{unit.pk}").status_code == 200
    assert partner.patch(f"{API}/organizations/{unit.pk}", {"notes": "x"}).status_code == 403


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER, Role.PARTNER])
def test_lived_experience_people_are_not_found_below_managers(role, owner, member, api_for):
    org = factories.organization(owner, name="Red de Sobrevivientes")
    leader = factories.person(
        owner, full_name="Survivor Leader", organization=org, lived_experience=True
    )
    client = api_for(member(role, organization=org))
    url = f"{API}/people/{leader.pk}"
    assert client.get(url).status_code == 404
    write_refusal = 404 if role == Role.EDITOR else 403  # no write is looked up for these roles
    assert client.patch(url, {"notes": "x"}).status_code == write_refusal
    assert client.delete(url).status_code == write_refusal
    assert str(leader.pk) not in _ids(client.get(f"{API}/people"))
    assert _ids(client.get(f"{API}/people", {"q": "survivor"})) == set()
    admin = ApiClient(owner)
    assert admin.get(url).json()["lived_experience"] is True
    assert _ids(admin.get(f"{API}/people")) == {str(leader.pk)}
    leader.refresh_from_db()
    assert (leader.version, leader.notes, leader.deleted_at) == (1, "", None)


def test_editors_cannot_mark_lived_experience(api, editor):
    response = api.post(f"{API}/people", {"full_name": "Ana", "lived_experience": True})
    assert response.status_code == 403
    person = factories.person(editor)
    response = api.patch(f"{API}/people/{person.pk}", {"lived_experience": True})
    assert response.status_code == 403
    person.refresh_from_db()
    assert not person.lived_experience


# Workspace isolation: another workspace's rows are never found, listed or changed


@resources
def test_another_workspace_is_invisible_to_every_endpoint(resource, owner, other_workspace):
    stranger = make_member(other_workspace, Role.OWNER)
    foreign = resource.make(stranger)
    foreign_trashed = resource.make(stranger)
    resource.model.all_objects.filter(pk=foreign_trashed.pk).update(
        deleted_at="2026-01-01T00:00:00Z"
    )
    resource.make(owner)
    api = ApiClient(owner)

    assert str(foreign.pk) not in _ids(api.get(resource.url()))
    assert str(foreign_trashed.pk) not in _ids(api.get(resource.url(), {"deleted": "true"}))
    assert str(foreign.pk) not in _ids(api.get(resource.url(), {"q": str(foreign)}))
    assert api.get(resource.url(foreign)).status_code == 404
    assert api.patch(resource.url(foreign), resource.change).status_code == 404
    assert (
        api.patch(resource.url(foreign), resource.change, headers={"If-Match": '"1"'}).status_code
        == 404
    )
    assert api.delete(resource.url(foreign)).status_code == 404
    assert api.post(resource.url(foreign_trashed, "/restore")).status_code == 404
    assert api.post(resource.url(foreign, "/restore")).status_code == 404

    foreign = resource.model.all_objects.get(pk=foreign.pk)
    assert (foreign.version, foreign.deleted_at) == (1, None)
    foreign_trashed = resource.model.all_objects.get(pk=foreign_trashed.pk)
    assert foreign_trashed.deleted_at is not None


def test_another_workspaces_members_are_invisible(owner, other_workspace):
    stranger = make_member(other_workspace, Role.OWNER)
    foreign_body = _body_with_members(stranger)
    foreign_member = foreign_body.memberships.first()
    own_body = _body_with_members(owner)
    own_org = factories.organization(owner)
    api = ApiClient(owner)
    for body in (foreign_body, own_body):
        url = f"{API}/coordination-bodies/{body.pk}/members/{foreign_member.pk}"
        assert api.patch(url, {"role": "observer"}).status_code == 404
        assert api.delete(url).status_code == 404
    response = api.post(
        f"{API}/coordination-bodies/{foreign_body.pk}/members",
        {"organization_id": str(own_org.pk), "role": "member"},
    )
    assert response.status_code == 404
    foreign_org = foreign_member.organization
    response = api.post(
        f"{API}/coordination-bodies/{own_body.pk}/members",
        {"organization_id": str(foreign_org.pk), "role": "member"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"organization_id": ["Unknown organisation."]}
    foreign_member.refresh_from_db()
    assert (foreign_member.role, foreign_member.version) == ("chair", 1)
    assert foreign_body.memberships.count() == 2
    assert own_body.memberships.count() == 2
