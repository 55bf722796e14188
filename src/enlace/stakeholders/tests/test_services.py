"""The registry's writes: validation, duplicates, versions, soft delete, history."""

from __future__ import annotations

import datetime as dt

import pytest

from enlace.core.errors import (
    DuplicateSuspected,
    PermissionDenied,
    ValidationError,
    VersionConflict,
)
from enlace.core.permissions import Role
from enlace.core.services import record_purge
from enlace.stakeholders import selectors, services
from enlace.stakeholders.models import Organization
from enlace.stakeholders.tests import factories

pytestmark = pytest.mark.django_db


def test_organization_create_normalises_and_records_history(editor):
    org = services.organization_create(
        scope=editor,
        data={
            "name": "  Instituto   Nacional de Derechos Humanos ",
            "acronym": "INDH",
            "kind": "nhri",
            "country": "CL",
            "tags": ["Protection", "protection", "chile "],
        },
    )
    assert org.name == "Instituto Nacional de Derechos Humanos"
    assert org.name_key == "instituto nacional de derechos humanos"
    assert org.tags == ["chile", "protection"]
    entry = org.history.get()
    assert entry.history_user == editor.user
    assert entry.history_type == "+"


def test_duplicate_names_are_offered_instead_of_created(editor):
    original = factories.organization(
        editor, name="Ministerio de Relaciones Exteriores", acronym="MINREL"
    )
    for name, acronym in [
        ("ministerio de relaciones exteriores", ""),
        ("Ministério de Relaciones Exteriôres", ""),
        ("MINREL", ""),
        ("Ministry of Foreign Affairs", "minrel"),
        ("Ministerio de Relaciones Exterior", ""),
    ]:
        with pytest.raises(DuplicateSuspected) as caught:
            services.organization_create(
                scope=editor, data={"name": name, "acronym": acronym, "kind": "government"}
            )
        assert caught.value.matches == [original], name
    assert Organization.objects.count() == 1
    services.organization_create(
        scope=editor, data={"name": "MINREL", "kind": "government"}, allow_duplicate=True
    )
    assert Organization.objects.count() == 2


def test_unrelated_names_are_not_duplicates(editor):
    factories.organization(editor, name="Ministerio de Relaciones Exteriores")
    services.organization_create(
        scope=editor, data={"name": "Ministerio del Trabajo", "kind": "government"}
    )


def test_invalid_input_changes_nothing(editor):
    with pytest.raises(ValidationError) as caught:
        services.organization_create(
            scope=editor, data={"name": "X" * 201, "kind": "nope", "country": "ZZ"}
        )
    assert {"name", "kind", "country"} <= set(caught.value.message_dict)
    with pytest.raises(ValidationError):
        services.organization_create(scope=editor, data={"name": "A", "colour": "red"})
    assert Organization.all_objects.count() == 0


def test_parent_cannot_form_a_cycle(editor):
    nhri = factories.organization(editor, name="NHRI")
    unit = factories.organization(editor, name="Protection Unit", parent=nhri)
    office = factories.organization(editor, name="Regional Office Biobio", parent=unit)
    with pytest.raises(ValidationError) as caught:
        services.organization_update(scope=editor, organization=nhri, data={"parent": office})
    assert "parent" in caught.value.message_dict
    nhri.refresh_from_db()
    assert nhri.parent is None


def test_reference_to_another_workspace_is_refused(editor, other_workspace):
    from enlace.testing import make_member

    stranger = make_member(other_workspace, Role.EDITOR)
    foreign = factories.organization(stranger, name="Foreign org")
    with pytest.raises(ValidationError):
        services.person_create(scope=editor, data={"full_name": "Ana", "organization": foreign})


def test_stale_version_is_refused_with_the_changed_fields(editor, member):
    other = member(Role.EDITOR)
    org = factories.organization(editor, name="Fiscalía Nacional", kind="justice")
    services.organization_update(
        scope=other, organization=org, data={"city": "Santiago"}, expected_version=1
    )
    with pytest.raises(VersionConflict) as caught:
        services.organization_update(
            scope=editor, organization=org, data={"region": "RM"}, expected_version=1
        )
    assert caught.value.current_version == 2
    assert caught.value.changed_fields == ["city"]
    org.refresh_from_db()
    assert (org.city, org.region, org.version) == ("Santiago", "", 2)


def test_soft_delete_restore_and_purge(owner, editor):
    org = factories.organization(editor, name="Red de Sobrevivientes", kind="survivor_led")
    services.organization_delete(scope=editor, organization=org)
    assert not selectors.organization_list(scope=editor).exists()
    assert Organization.all_objects.filter(pk=org.pk).exists()
    with pytest.raises(PermissionDenied):
        services.organization_restore(scope=editor, organization=org)
    services.organization_restore(scope=owner, organization=org)
    assert selectors.organization_list(scope=editor).get() == org
    assert [h.history_change_reason for h in org.history.order_by("history_date")] == [
        None,
        "deleted",
        "restored",
    ]
    with pytest.raises(ValidationError):
        record_purge(org, scope=owner)
    services.organization_delete(scope=owner, organization=org)
    org.refresh_from_db()
    record_purge(org, scope=owner)
    assert not Organization.all_objects.filter(pk=org.pk).exists()
    assert not Organization.history.filter(id=org.pk).exists()


def test_consent_needs_date_and_method(editor):
    with pytest.raises(ValidationError) as caught:
        services.person_create(scope=editor, data={"full_name": "Rosa Díaz", "may_contact": True})
    assert "consent_date" in caught.value.message_dict
    person = services.person_create(
        scope=editor,
        data={
            "full_name": "Rosa Díaz",
            "may_contact": True,
            "consent_date": dt.date(2026, 3, 2),
            "consent_method": "written",
        },
    )
    assert person.may_contact


def test_lived_experience_is_hidden_from_editors(owner, editor):
    with pytest.raises(PermissionDenied):
        services.person_create(
            scope=editor, data={"full_name": "Survivor Leader", "lived_experience": True}
        )
    leader = factories.person(owner, full_name="Survivor Leader", lived_experience=True)
    assert selectors.person_list(scope=owner).get() == leader
    assert not selectors.person_list(scope=editor).exists()


def test_partner_sees_only_their_organisation_subtree(member, editor):
    nhri = factories.organization(editor, name="NHRI")
    unit = factories.organization(editor, name="Protection Unit", parent=nhri)
    other = factories.organization(editor, name="Ministry")
    factories.person(editor, full_name="Lawyer In Unit", organization=unit)
    factories.person(editor, full_name="Official In Ministry", organization=other)
    partner = member(Role.PARTNER, organization=nhri)
    assert set(selectors.organization_list(scope=partner)) == {nhri, unit}
    assert [p.full_name for p in selectors.person_list(scope=partner)] == ["Lawyer In Unit"]
    with pytest.raises(PermissionDenied):
        services.organization_update(scope=partner, organization=nhri, data={"city": "X"})


def test_search_ignores_case_and_accents(editor):
    factories.organization(editor, name="Comisión Nacional de Derechos Humanos", acronym="CNDH")
    factories.organization(editor, name="Secretaría del Trabajo")
    assert [o.acronym for o in selectors.organization_list(scope=editor, q="comision")] == ["CNDH"]
    assert [o.acronym for o in selectors.organization_list(scope=editor, q="cndh")] == ["CNDH"]


def test_coordination_body_members_and_relationships(editor):
    ministry = factories.organization(editor, name="Ministerio del Interior", country="CL")
    ngo = factories.organization(editor, name="Fundación Libertad")
    body = services.coordination_body_create(
        scope=editor,
        data={
            "name": "Mesa Intersectorial sobre Trata de Personas",
            "acronym": "MITP",
            "kind": "roundtable",
            "scope": "national",
            "country": "CL",
            "chair_organization": ministry,
        },
        members=[
            {"organization": ministry, "role": "chair"},
            {"organization": ngo, "role": "member", "start_date": dt.date(2024, 1, 1)},
        ],
    )
    assert [m.organization for m in selectors.body_membership_list(scope=editor, body=body)] == [
        ministry,
        ngo,
    ]
    with pytest.raises(ValidationError):
        services.body_membership_add(
            scope=editor, body=body, data={"organization": ngo, "role": "observer"}
        )
    with pytest.raises(ValidationError):
        services.relationship_create(
            scope=editor, data={"from_organization": ngo, "to_organization": ngo, "kind": "partner"}
        )
    rel = factories.relationship(
        editor, from_organization=ngo, to_organization=ministry, kind="mou"
    )
    detail = selectors.organization_detail(scope=editor, organization=ngo)
    assert detail["relationships"] == [rel]
    assert [m.body for m in detail["body_memberships"]] == [body]


def test_names_in_any_script_have_keys_and_duplicates(editor):
    org = factories.organization(editor, name="Министерство труда")
    assert org.name_key == "министерство труда"
    with pytest.raises(DuplicateSuspected):
        services.organization_create(
            scope=editor, data={"name": "МИНИСТЕРСТВО ТРУДА", "kind": "government"}
        )


def test_duplicate_check_never_answers_a_role_that_cannot_create(editor, member):
    factories.organization(editor, name="Fiscalía Nacional")
    viewer = member(Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.organization_create(
            scope=viewer, data={"name": "Fiscalia Nacional", "kind": "justice"}
        )
