"""The registry pages through the real views: every page renders, and records are created,
edited, deleted, restored and purged through them. Editing safeguards (lost updates,
duplicates, htmx validation, escaping) are in test_views_editing.py, list pages and query
counts in test_views_lists.py, access rules in test_views_access.py."""

from __future__ import annotations

import datetime as dt

import pytest

from enlace.core.permissions import Role
from enlace.stakeholders import services
from enlace.stakeholders.models import (
    BodyMembership,
    CoordinationBody,
    Organization,
    Person,
    Relationship,
)
from enlace.stakeholders.tests import factories
from enlace.stakeholders.tests.pages import (
    RECORD_KINDS,
    client_for,
    edit_data,
    reload,
    small_registry,
    text,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(editor):
    return small_registry(editor)


HTMX = {"HX-Request": "true"}


# Every page renders


def test_every_registry_page_renders_for_an_editor(editor, registry):
    client = client_for(editor)
    pages = [url(editor, "workspace")]
    for kind in RECORD_KINDS:
        record = registry[kind]
        pages += [url(editor, f"{kind}_list"), url(editor, f"{kind}_create")]
        pages += [url(editor, f"{kind}_{a}", record.pk) for a in ("detail", "edit", "delete")]
        pages.append(url(editor, f"{kind}_history", record.pk))
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert "<main" in text(response)


def test_trash_page_renders_for_an_owner(owner, editor, registry):
    services.person_delete(scope=editor, person=registry["person"])
    response = client_for(owner).get(url(owner, "trash"))
    assert response.status_code == 200
    assert "Catalina Ibáñez" in text(response)
    assert "Restore" in text(response) and "Purge" in text(response)
    assert url(owner, "trash_restore", "person", registry["person"].pk) in text(response)
    assert url(owner, "trash_purge", "person", registry["person"].pk) in text(response)


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_every_kind_goes_to_the_trash_comes_back_and_can_be_purged(kind, owner, member):
    manager = member(Role.MANAGER)
    record = {
        "organization": lambda: factories.organization(owner),
        "person": lambda: factories.person(owner),
        "body": lambda: factories.coordination_body(owner),
        "relationship": lambda: factories.relationship(owner),
    }[kind]()
    client = client_for(owner)
    response = client.post(url(owner, f"{kind}_delete", record.pk), {"version": record.version})
    assert response.status_code == 302
    assert reload(record).is_deleted
    assert str(record) in text(client.get(url(owner, "trash")))
    response = client_for(manager).post(url(manager, "trash_restore", kind, record.pk))
    assert response.status_code == 302
    assert not reload(record).is_deleted
    assert client.get(url(owner, f"{kind}_detail", record.pk)).status_code == 200
    client.post(url(owner, f"{kind}_delete", record.pk), {"version": reload(record).version})
    assert client.post(url(owner, "trash_purge", kind, record.pk)).status_code == 302
    assert reload(record) is None


def test_organization_detail_shows_parent_units_people_bodies_and_relationships(editor, registry):
    page = text(client_for(editor).get(url(editor, "organization_detail", registry["unit"].pk)))
    assert "Instituto Nacional de Derechos Humanos" in page  # the parent
    page = text(
        client_for(editor).get(url(editor, "organization_detail", registry["organization"].pk))
    )
    for expected in (
        "Unidad de Protección",
        "Catalina Ibáñez",
        "Mesa Intersectorial sobre Trata",
        "Memorandum of understanding",
        "Ministerio del Interior",
    ):
        assert expected in page


def test_body_detail_shows_chair_and_members_with_role_and_dates(editor, registry):
    page = text(client_for(editor).get(url(editor, "body_detail", registry["body"].pk)))
    assert "Ministerio del Interior" in page
    assert "Instituto Nacional de Derechos Humanos" in page
    assert "Member" in page
    assert "May 2, 2024" in page


def test_person_detail_shows_consent_with_date_and_method(editor, registry):
    page = text(client_for(editor).get(url(editor, "person_detail", registry["person"].pk)))
    assert "Consent" in page
    assert 'datetime="2025-03-14"' in page
    assert "Written form" in page


def test_person_page_is_never_cached(editor, registry):
    response = client_for(editor).get(url(editor, "person_detail", registry["person"].pk))
    assert "no-store" in response["Cache-Control"]


# Create, edit, delete, restore, purge


def test_organization_create_edit_delete_restore_and_purge(owner, editor, member):
    client = client_for(editor)
    response = client.post(
        url(editor, "organization_create"),
        {"name": "Fiscalía Nacional", "kind": "justice", "country": "CL", "tags": "Chile, Fiscal"},
    )
    org = Organization.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(editor, "organization_detail", org.pk)
    assert org.tags == ["chile", "fiscal"]
    assert org.history.get().history_user == editor.user

    response = client.post(
        url(editor, "organization_edit", org.pk), edit_data(editor, org, city="Santiago")
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.city, org.version) == ("Santiago", 2)

    history = text(client.get(url(editor, "organization_history", org.pk)))
    assert "City" in history and "Santiago" in history and "Created" in history

    confirm = client.get(url(editor, "organization_delete", org.pk))
    assert "Move to the trash" in text(confirm)
    response = client.post(url(editor, "organization_delete", org.pk), {"version": 2})
    assert response.status_code == 302
    assert reload(org).is_deleted
    assert client.get(url(editor, "organization_detail", org.pk)).status_code == 404

    manager = member(Role.MANAGER)
    response = client_for(manager).post(url(manager, "trash_restore", "organization", org.pk))
    assert response.status_code == 302
    assert not reload(org).is_deleted

    services.organization_delete(scope=owner, organization=reload(org))
    owner_client = client_for(owner)
    confirm = owner_client.get(url(owner, "trash_purge", "organization", org.pk))
    assert "cannot be undone" in text(confirm)
    assert reload(org) is not None  # the confirmation page changes nothing
    response = owner_client.post(url(owner, "trash_purge", "organization", org.pk))
    assert response.status_code == 302
    assert reload(org) is None
    assert not Organization.history.filter(id=org.pk).exists()


def test_purge_refused_while_other_records_point_to_it(owner, editor):
    org = factories.organization(editor, name="Sede Regional")
    factories.person(editor, full_name="Fernanda Vidal", organization=org)
    services.organization_delete(scope=editor, organization=org)
    client = client_for(owner)
    response = client.post(url(owner, "trash_purge", "organization", org.pk), follow=True)
    assert "point to this one" in text(response)
    assert reload(org) is not None


def test_person_create_and_edit_flow(editor, registry):
    client = client_for(editor)
    response = client.post(
        url(editor, "person_create"),
        {
            "full_name": "Ignacio Bustos",
            "organization": registry["ministry"].pk,
            "discipline": "legal",
            "may_contact": "on",
            "consent_date": "",
            "consent_method": "",
        },
    )
    assert response.status_code == 200
    assert "Record when and how consent was obtained." in text(response)
    assert not Person.objects.filter(full_name="Ignacio Bustos").exists()
    response = client.post(
        url(editor, "person_create"),
        {
            "full_name": "Ignacio Bustos",
            "organization": registry["ministry"].pk,
            "may_contact": "on",
            "consent_date": "2026-01-05",
            "consent_method": "verbal",
        },
    )
    person = Person.objects.get(full_name="Ignacio Bustos")
    assert response.status_code == 302
    assert person.consent_date == dt.date(2026, 1, 5)
    response = client.post(
        url(editor, "person_edit", person.pk), edit_data(editor, person, position="Fiscal")
    )
    assert response.status_code == 302
    assert reload(person).position == "Fiscal"


def test_body_create_and_members_added_and_removed(editor, registry):
    client = client_for(editor)
    response = client.post(
        url(editor, "body_create"),
        {"name": "Red Regional", "kind": "network", "scope": "national", "country": ""},
    )
    assert "A local or national body needs a country." in text(response)
    response = client.post(
        url(editor, "body_create"),
        {
            "name": "Red Regional",
            "kind": "network",
            "scope": "regional",
            "chair_organization": registry["ministry"].pk,
        },
    )
    body = CoordinationBody.objects.get(name="Red Regional")
    assert response.status_code == 302
    assert body.chair_organization == registry["ministry"]

    add = url(editor, "body_member_add", body.pk)
    response = client.post(
        add,
        {
            "member-organization": registry["organization"].pk,
            "member-role": "member",
            "member-start_date": "2024-01-01",
        },
    )
    assert response.status_code == 302
    response = client.post(
        add, {"member-organization": registry["unit"].pk, "member-role": "observer"}, headers=HTMX
    )
    assert response.status_code == 200
    fragment = text(response)
    assert "<html" not in fragment and 'id="members"' in fragment
    assert "Added Unidad de Protección." in fragment
    membership = BodyMembership.objects.get(body=body, organization=registry["unit"])
    response = client.post(url(editor, "body_member_remove", body.pk, membership.pk))
    assert response.status_code == 302
    assert list(BodyMembership.objects.filter(body=body).values_list("role", flat=True)) == [
        "member"
    ]


def test_body_member_add_errors_are_shown(editor, registry):
    response = client_for(editor).post(
        url(editor, "body_member_add", registry["body"].pk),
        {
            "member-organization": registry["unit"].pk,
            "member-role": "member",
            "member-start_date": "2024-02-01",
            "member-end_date": "2023-01-01",
        },
    )
    assert response.status_code == 200
    assert "The end date is before the start date." in text(response)
    assert not BodyMembership.objects.filter(organization=registry["unit"]).exists()


def test_relationship_create_and_edit(editor, registry):
    client = client_for(editor)
    same = registry["ministry"].pk
    response = client.post(
        url(editor, "relationship_create"),
        {"from_organization": same, "to_organization": same, "kind": "partner", "status": "active"},
    )
    assert "two different organisations" in text(response)
    response = client.post(
        url(editor, "relationship_create"),
        {
            "from_organization": registry["unit"].pk,
            "to_organization": same,
            "kind": "referral",
            "status": "proposed",
            "since": "2025-06-01",
        },
    )
    assert response.status_code == 302
    rel = Relationship.objects.get(kind="referral")
    response = client.post(
        url(editor, "relationship_edit", rel.pk), edit_data(editor, rel, status="active")
    )
    assert response.status_code == 302
    assert reload(rel).status == "active"
    history = text(client.get(url(editor, "relationship_history", rel.pk)))
    assert "Proposed" in history and "Active" in history


def test_history_names_organisations_not_ids(editor, registry):
    unit = registry["unit"]
    services.organization_update(scope=editor, organization=unit, data={"parent": None})
    page = text(client_for(editor).get(url(editor, "organization_history", unit.pk)))
    assert "Parent organisation" in page
    assert "Instituto Nacional de Derechos Humanos (INDH)" in page
    assert str(registry["organization"].pk) not in page
