"""Editing safeguards on the registry pages: lost updates refused, duplicates offered, fields
checked as they are left (htmx fragments), user text escaped and Markdown sanitised."""

from __future__ import annotations

import pytest

from enlace.core.permissions import Role
from enlace.stakeholders import services
from enlace.stakeholders.models import Organization, Person
from enlace.stakeholders.tests import factories
from enlace.stakeholders.tests.pages import client_for, edit_data, reload, text, url

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


# Lost updates


def test_stale_version_is_refused_with_the_changed_fields_and_the_input_kept(editor, member):
    colleague = member(Role.EDITOR)
    org = factories.organization(editor, name="Fiscalía Nacional", kind="justice", city="Santiago")
    stale = edit_data(editor, org, region="Región Metropolitana")
    services.organization_update(
        scope=colleague, organization=org, data={"city": "Valparaíso"}, expected_version=1
    )
    client = client_for(editor)
    response = client.post(url(editor, "organization_edit", org.pk), stale)
    assert response.status_code == 409
    page = text(response)
    assert "Someone else saved this record" in page
    assert "Changed since you opened it: city." in page
    assert 'value="Región Metropolitana"' in page  # the user's input is kept
    # The user had not touched the city: the form now holds the colleague's value, so that
    # saving again cannot quietly undo it.
    assert 'value="Valparaíso"' in page
    assert "Updated to “Valparaíso”, which someone else saved" in page
    assert 'name="version" value="2"' in page
    org.refresh_from_db()
    assert (org.region, org.city, org.version) == ("", "Valparaíso", 2)

    form = response.context["form"]
    assert client.post(url(editor, "organization_edit", org.pk), form.data).status_code == 302
    org.refresh_from_db()
    assert (org.region, org.city, org.version) == ("Región Metropolitana", "Valparaíso", 3)


def test_conflicting_edits_to_the_same_field_keep_the_users_value_and_show_theirs(editor, member):
    colleague = member(Role.EDITOR)
    org = factories.organization(editor, name="Fiscalía Nacional", kind="justice", city="Santiago")
    stale = edit_data(editor, org, city="Concepción")
    services.organization_update(scope=colleague, organization=org, data={"city": "Valparaíso"})
    response = client_for(editor).post(url(editor, "organization_edit", org.pk), stale)
    page = text(response)
    assert response.status_code == 409
    assert 'value="Concepción"' in page
    assert "Someone else saved “Valparaíso” here. Your value is kept" in page
    assert reload(org).city == "Valparaíso"


def test_conflict_adopts_untouched_references_tags_and_flags(owner, member):
    colleague = member(Role.MANAGER)
    nhri = factories.organization(owner, name="Defensoría Nacional")
    person = factories.person(owner, full_name="Rosa Díaz", tags=["legal"])
    stale = edit_data(owner, person, notes="Met at the roundtable.")
    services.person_update(
        scope=colleague,
        person=person,
        data={"organization": nhri, "tags": ["legal", "lead"], "lived_experience": True},
    )
    client = client_for(owner)
    response = client.post(url(owner, "person_edit", person.pk), stale)
    assert response.status_code == 409
    page = text(response)
    assert "Changed since you opened it: organisation, person with lived experience, tags." in page
    response = client.post(url(owner, "person_edit", person.pk), response.context["form"].data)
    assert response.status_code == 302
    person = reload(person)
    assert person.organization == nhri
    assert person.tags == ["lead", "legal"]
    assert person.lived_experience is True
    assert person.notes == "Met at the roundtable."


def test_stale_delete_is_refused(editor, member):
    colleague = member(Role.EDITOR)
    person = factories.person(editor, full_name="Ana Rojas")
    services.person_update(scope=colleague, person=person, data={"position": "Jefa"})
    response = client_for(editor).post(url(editor, "person_delete", person.pk), {"version": 1})
    assert response.status_code == 409
    assert "it was not deleted" in text(response)
    assert not reload(person).is_deleted


# Duplicates


def test_duplicate_organisation_is_offered_then_created_with_the_checkbox(editor):
    existing = factories.organization(
        editor, name="Ministerio de Relaciones Exteriores", acronym="MINREL"
    )
    client = client_for(editor)
    data = {"name": "Ministério de Relaciones Exteriôres", "kind": "government"}
    response = client.post(url(editor, "organization_create"), data)
    page = text(response)
    assert response.status_code == 200
    assert "Did you mean…?" in page
    assert url(editor, "organization_detail", existing.pk) in page
    assert "Create it anyway" in page
    assert Organization.objects.count() == 1
    response = client.post(url(editor, "organization_create"), {**data, "allow_duplicate": "on"})
    assert response.status_code == 302
    assert Organization.objects.count() == 2


def test_duplicate_person_is_offered(editor):
    existing = factories.person(editor, full_name="Rosa Díaz Pérez")
    response = client_for(editor).post(
        url(editor, "person_create"), {"full_name": "rosa diaz perez"}
    )
    assert "Did you mean…?" in text(response)
    assert url(editor, "person_detail", existing.pk) in text(response)
    assert Person.objects.count() == 1


def test_similar_names_are_hinted_as_the_name_field_is_left(editor):
    existing = factories.organization(editor, name="Dirección del Trabajo", acronym="DT")
    response = client_for(editor).post(
        url(editor, "organization_create"),
        {"name": "Direccion del Trabajo", "kind": ""},
        headers={**HTMX, "HX-Trigger-Name": "name"},
    )
    fragment = text(response)
    assert "Did you mean one of these?" in fragment
    assert url(editor, "organization_detail", existing.pk) in fragment
    assert Organization.objects.count() == 1


# htmx: inline validation


def test_htmx_validation_returns_only_the_form_fragment_and_saves_nothing(editor):
    response = client_for(editor).post(
        url(editor, "organization_create"),
        {"name": "", "kind": "ngo", "website": "not a url"},
        headers={**HTMX, "HX-Trigger-Name": "website"},
    )
    fragment = text(response)
    assert response.status_code == 200
    assert fragment.lstrip().startswith('<form method="post"')
    assert "<html" not in fragment and "<nav" not in fragment
    assert 'id="field-website"' in fragment
    assert 'id="id_website_error"' in fragment
    assert 'aria-describedby="id_website_helptext id_website_error"' not in fragment
    assert 'aria-invalid="true"' in fragment
    assert "HX-Request" in response["Vary"]
    assert Organization.objects.count() == 0


def test_inputs_ask_to_be_validated_as_they_are_left(editor):
    page = text(client_for(editor).get(url(editor, "person_create")))
    assert f'hx-post="{url(editor, "person_create")}"' in page
    assert 'hx-trigger="change"' in page
    assert 'hx-select="#field-full_name"' in page
    assert "style=" not in page and "hx-on" not in page


def test_errors_are_tied_to_their_inputs(editor):
    response = client_for(editor).post(url(editor, "organization_create"), {"name": "", "kind": ""})
    page = text(response)
    assert 'aria-describedby="id_name_error"' in page
    assert '<ul class="errorlist" id="id_name_error">' in page
    assert '<label for="id_name">' in page


# Escaping and Markdown


def test_user_text_is_escaped_on_list_detail_and_history(editor):
    script = "<script>alert(1)</script>"
    org = factories.organization(editor, name=script, acronym="X")
    services.organization_update(scope=editor, organization=org, data={"city": script})
    client = client_for(editor)
    for page in (
        url(editor, "organization_list"),
        url(editor, "organization_detail", org.pk),
        url(editor, "organization_history", org.pk),
        url(editor, "organization_edit", org.pk),
        url(editor, "workspace"),
    ):
        body = text(client.get(page))
        assert script not in body, page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, page


def test_markdown_notes_are_sanitised(editor):
    org = factories.organization(
        editor,
        name="Fundación Libertad",
        notes=(
            "**Works** with [survivors](https://example.org)\n\n"
            '<img src="x" onerror="alert(1)">\n\n'
            "[click](javascript:alert(1))"
        ),
    )
    page = text(client_for(editor).get(url(editor, "organization_detail", org.pk)))
    assert "<strong>Works</strong>" in page
    assert 'href="https://example.org"' in page
    assert "<img" not in page
    assert 'href="javascript:' not in page and ">click</a>" not in page
