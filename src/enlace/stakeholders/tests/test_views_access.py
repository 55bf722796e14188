"""Who may reach which registry page: other workspaces (404, nothing changes), non-members
(404), read-only roles (403 on every write), partners (their subtree only) and the
lived-experience flag (owners and managers only)."""

from __future__ import annotations

import pytest
from django.test import Client

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
from enlace.stakeholders.tests.pages import client_for, edit_data, reload, text, url
from enlace.testing import make_member

pytestmark = pytest.mark.django_db

KINDS = ["organization", "person", "body", "relationship"]


def _records(scope):
    org = factories.organization(scope, name="Ministerio Público")
    other = factories.organization(scope, name="Defensoría del Pueblo")
    person = factories.person(scope, full_name="Valentina Soto", organization=org)
    body = factories.coordination_body(scope, name="Mesa contra la Trata")
    membership = services.body_membership_add(
        scope=scope, body=body, data={"organization": org, "role": "member"}
    )
    rel = factories.relationship(scope, from_organization=org, to_organization=other)
    return {
        "organization": org,
        "person": person,
        "body": body,
        "relationship": rel,
        "membership": membership,
    }


def _read_pages(where, records):
    pages = []
    for kind in KINDS:
        pk = records[kind].pk
        pages += [url(where, f"{kind}_{a}", pk) for a in ("detail", "edit", "delete", "history")]
    return pages


def _write_requests(where, records):
    """(url, data) for every write URL, aimed at `records`."""
    body, membership = records["body"], records["membership"]
    requests = []
    for kind in KINDS:
        pk = records[kind].pk
        requests.append((url(where, f"{kind}_edit", pk), {"version": 1, "name": "Hacked"}))
        requests.append((url(where, f"{kind}_delete", pk), {"version": 1}))
        requests.append((url(where, "trash_restore", kind, pk), {}))
        requests.append((url(where, "trash_purge", kind, pk), {}))
    requests.append(
        (
            url(where, "body_member_add", body.pk),
            {"member-organization": records["organization"].pk, "member-role": "chair"},
        )
    )
    requests.append((url(where, "body_member_remove", body.pk, membership.pk), {}))
    return requests


def _snapshot():
    rows = []
    for model in (Organization, Person, CoordinationBody, Relationship, BodyMembership):
        rows += list(model.all_objects.values_list("id", "version", "deleted_at"))
    return sorted(rows, key=lambda row: str(row[0]))


# Other workspaces


def test_another_workspaces_records_are_not_found_on_any_page(owner, other_workspace):
    stranger = make_member(other_workspace, Role.EDITOR)
    theirs = _records(stranger)
    client = client_for(owner)
    for page in _read_pages(owner, theirs):
        assert client.get(page).status_code == 404, page


def test_another_workspaces_records_cannot_be_written(owner, other_workspace):
    stranger = make_member(other_workspace, Role.EDITOR)
    theirs = _records(stranger)
    # Trashed copies too, so that restore and purge would have something to act on.
    trashed = {
        "organization": factories.organization(stranger, name="Trashed org"),
        "person": factories.person(stranger, full_name="Trashed Person"),
        "body": factories.coordination_body(stranger, name="Trashed body"),
        "relationship": factories.relationship(stranger),
    }
    for kind, record in trashed.items():
        {
            "organization": lambda r: services.organization_delete(scope=stranger, organization=r),
            "person": lambda r: services.person_delete(scope=stranger, person=r),
            "body": lambda r: services.coordination_body_delete(scope=stranger, body=r),
            "relationship": lambda r: services.relationship_delete(scope=stranger, relationship=r),
        }[kind](record)
    before = _snapshot()
    client = client_for(owner)
    requests = _write_requests(owner, theirs)
    requests += [(url(owner, "trash_restore", k, r.pk), {}) for k, r in trashed.items()]
    requests += [(url(owner, "trash_purge", k, r.pk), {}) for k, r in trashed.items()]
    for target, data in requests:
        assert client.post(target, data).status_code == 404, target
    assert _snapshot() == before


def test_references_to_another_workspace_are_not_offered_nor_accepted(editor, other_workspace):
    stranger = make_member(other_workspace, Role.EDITOR)
    foreign = factories.organization(stranger, name="Foreign Ministry")
    client = client_for(editor)
    assert "Foreign Ministry" not in text(client.get(url(editor, "person_create")))
    response = client.post(
        url(editor, "person_create"), {"full_name": "Ana Pérez", "organization": foreign.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in text(response)
    response = client.post(
        url(editor, "organization_create"),
        {"name": "Unit", "kind": "ngo", "parent": foreign.pk},
    )
    assert "Select a valid choice" in text(response)
    assert not Person.objects.filter(workspace=editor.workspace).exists()
    assert not Organization.objects.filter(workspace=editor.workspace).exists()


def test_non_members_get_404_on_every_page_and_write(editor, other_workspace):
    owner_there = make_member(other_workspace, Role.OWNER)
    theirs = _records(owner_there)
    before = _snapshot()
    client = client_for(editor)
    pages = [url(other_workspace, "workspace"), url(other_workspace, "trash")]
    for kind in KINDS:
        pages += [url(other_workspace, f"{kind}_list"), url(other_workspace, f"{kind}_create")]
    pages += _read_pages(other_workspace, theirs)
    for page in pages:
        assert client.get(page).status_code == 404, page
    for target, data in _write_requests(other_workspace, theirs):
        assert client.post(target, data).status_code == 404, target
    for kind in KINDS:
        target = url(other_workspace, f"{kind}_create")
        assert client.post(target, {"name": "x"}).status_code == 404
    assert _snapshot() == before


def test_anonymous_visitors_are_sent_to_sign_in(workspace):
    response = Client().get(url(workspace, "organization_list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# Roles


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_read_only_roles_get_403_on_every_write(role, editor, member):
    records = _records(editor)
    reader = member(role, organization=records["organization"])
    client = client_for(reader)
    before = _snapshot()
    for kind in KINDS:
        assert client.get(url(reader, f"{kind}_create")).status_code == 403
        assert client.post(url(reader, f"{kind}_create"), {"name": "X"}).status_code == 403
        pk = records[kind].pk
        assert client.get(url(reader, f"{kind}_edit", pk)).status_code == 403
        assert client.get(url(reader, f"{kind}_delete", pk)).status_code == 403
    for target, data in _write_requests(reader, records):
        assert client.post(target, data).status_code == 403, target
    assert client.get(url(reader, "trash")).status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_read_only_roles_see_no_write_buttons(role, editor, member):
    records = _records(editor)
    reader = member(role, organization=records["organization"])
    client = client_for(reader)
    for page in (
        url(reader, "organization_list"),
        url(reader, "organization_detail", records["organization"].pk),
        url(reader, "body_detail", records["body"].pk),
        url(reader, "workspace"),
    ):
        html = text(client.get(page))
        assert "/new/" not in html, page
        assert "/edit/" not in html and "/delete/" not in html, page
        assert "/members/" not in html, page
        assert "/trash/" not in html, page


def test_editors_restore_nothing_and_managers_purge_nothing(owner, editor, member):
    org = factories.organization(editor, name="Red de Apoyo")
    services.organization_delete(scope=editor, organization=org)
    manager = member(Role.MANAGER)
    assert client_for(editor).get(url(editor, "trash")).status_code == 403
    restore = url(editor, "trash_restore", "organization", org.pk)
    assert client_for(editor).post(restore).status_code == 403
    purge = url(manager, "trash_purge", "organization", org.pk)
    assert client_for(manager).get(purge).status_code == 403
    assert client_for(manager).post(purge).status_code == 403
    assert reload(org).is_deleted
    page = text(client_for(manager).get(url(manager, "trash")))
    assert "Restore" in page and "Purge" not in page
    assert "Purge" in text(client_for(owner).get(url(owner, "trash")))


def test_trash_link_only_for_owners_and_managers(owner, editor):
    assert url(owner, "trash") in text(client_for(owner).get(url(owner, "workspace")))
    assert url(editor, "trash") not in text(client_for(editor).get(url(editor, "workspace")))


def test_partner_sees_only_their_subtree(editor, member):
    nhri = factories.organization(editor, name="Defensoría Nacional")
    unit = factories.organization(editor, name="Unidad de Protección", parent=nhri)
    ministry = factories.organization(editor, name="Ministerio del Trabajo")
    outsider = factories.person(editor, full_name="Official Elsewhere", organization=ministry)
    partner = member(Role.PARTNER, organization=nhri)
    client = client_for(partner)
    page = text(client.get(url(partner, "organization_list")))
    assert "Defensoría Nacional" in page and "Unidad de Protección" in page
    assert "Ministerio del Trabajo" not in page
    assert client.get(url(partner, "organization_detail", unit.pk)).status_code == 200
    assert client.get(url(partner, "organization_detail", ministry.pk)).status_code == 404
    assert client.get(url(partner, "person_detail", outsider.pk)).status_code == 404
    # Partners read records but not their history.
    assert client.get(url(partner, "organization_history", nhri.pk)).status_code == 403


# Lived experience


def test_lived_experience_people_are_shown_only_to_owners_and_managers(owner, editor, member):
    org = factories.organization(editor, name="Voces Libres")
    leader = factories.person(
        owner, full_name="Guadalupe Ramírez", organization=org, lived_experience=True
    )
    badge = "lived experience — never named outside the workspace"
    page = text(client_for(owner).get(url(owner, "person_detail", leader.pk)))
    assert badge in page
    assert "Guadalupe Ramírez" in text(client_for(owner).get(url(owner, "person_list")))
    manager = member(Role.MANAGER)
    assert client_for(manager).get(url(manager, "person_detail", leader.pk)).status_code == 200
    viewer = member(Role.VIEWER)
    for scope in (editor, viewer):
        client = client_for(scope)
        assert client.get(url(scope, "person_detail", leader.pk)).status_code == 404
        assert client.get(url(scope, "person_history", leader.pk)).status_code == 404
        assert "Guadalupe" not in text(client.get(url(scope, "person_list")))
        assert "Guadalupe" not in text(client.get(url(scope, "organization_detail", org.pk)))
        assert "Guadalupe" not in text(client.get(url(scope, "workspace")))


def test_lived_experience_checkbox_only_for_owners_and_managers(owner, editor):
    assert 'name="lived_experience"' in text(client_for(owner).get(url(owner, "person_create")))
    assert 'name="lived_experience"' not in text(
        client_for(editor).get(url(editor, "person_create"))
    )
    # An editor posting the flag anyway creates an ordinary record.
    response = client_for(editor).post(
        url(editor, "person_create"), {"full_name": "Juan Pérez", "lived_experience": "on"}
    )
    assert response.status_code == 302
    assert Person.objects.get(full_name="Juan Pérez").lived_experience is False


def test_owner_can_set_and_editor_cannot_clear_lived_experience(owner, editor):
    person = factories.person(owner, full_name="Halima Said")
    response = client_for(owner).post(
        url(owner, "person_edit", person.pk), edit_data(owner, person, lived_experience=True)
    )
    assert response.status_code == 302
    assert reload(person).lived_experience is True
    assert client_for(editor).get(url(editor, "person_edit", person.pk)).status_code == 404
