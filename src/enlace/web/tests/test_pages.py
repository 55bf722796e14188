"""The frame around every page: home, the workspace overview, navigation, language, headers."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from enlace.core.permissions import Role
from enlace.stakeholders import services
from enlace.stakeholders.tests import factories
from enlace.stakeholders.tests.pages import client_for, text, url
from enlace.testing import make_member

pytestmark = pytest.mark.django_db


def test_workspace_home_counts_recent_changes_and_links(editor):
    nhri = factories.organization(editor, name="Instituto Nacional de Derechos Humanos")
    factories.organization(editor, name="Unidad de Protección", parent=nhri)
    factories.person(editor, full_name="Catalina Ibáñez", organization=nhri)
    factories.coordination_body(editor, name="Mesa Intersectorial")
    factories.relationship(editor, from_organization=nhri)
    response = client_for(editor).get(url(editor, "workspace"))
    page = text(response)
    assert response.status_code == 200
    assert '<span class="stat-number">4</span> Organisations' in page  # 2 + the relationship's 2
    assert '<span class="stat-number">1</span> People' in page
    assert '<span class="stat-number">1</span> Coordination bodies' in page
    assert '<span class="stat-number">1</span> Relationships' in page
    assert "Recent changes" in page and "Catalina Ibáñez" in page
    assert url(editor, "organization_create") in page


def test_workspace_home_leaves_out_deleted_records(editor):
    org = factories.organization(editor, name="Borrada")
    services.organization_delete(scope=editor, organization=org)
    page = text(client_for(editor).get(url(editor, "workspace")))
    assert "Borrada" not in page
    assert '<span class="stat-number">0</span> Organisations' in page


def test_navigation_names_every_section_and_marks_the_current_one(owner, editor):
    page = text(client_for(owner).get(url(owner, "person_list")))
    for name in ("organization_list", "person_list", "body_list", "relationship_list", "trash"):
        assert url(owner, name) in page
    assert f'href="{url(owner, "person_list")}" aria-current="page"' in page
    assert "Sign out" in page
    assert reverse("web:set_language") in page
    assert ">English<" in page and ">Español<" in page
    assert url(editor, "trash") not in text(client_for(editor).get(url(editor, "person_list")))


def test_language_switch_posts_to_set_language(editor):
    client = client_for(editor)
    target = url(editor, "organization_list")
    response = client.post(reverse("web:set_language"), {"language": "es", "next": target})
    assert response.status_code == 302
    assert response["Location"] == target
    assert response.cookies["django_language"].value == "es"
    page = text(client.get(target))
    assert '<html lang="es">' in page


def test_home_lists_workspaces_or_opens_the_only_one(editor, other_workspace):
    client = client_for(editor)
    response = client.get(reverse("web:home"))
    assert response["Location"] == url(editor, "workspace")
    from enlace.core.services import membership_set

    membership_set(workspace=other_workspace, user=editor.user, role=Role.VIEWER)
    page = text(client.get(reverse("web:home")))
    assert "Workspace alpha" in page and "Workspace beta" in page


def test_pages_of_signed_in_users_are_never_stored(editor):
    response = client_for(editor).get(url(editor, "workspace"))
    assert "no-store" in response["Cache-Control"]


def test_no_inline_script_or_style_anywhere(owner):
    org = factories.organization(owner, name="Fundación Libertad")
    client = client_for(owner)
    for page in (url(owner, "workspace"), url(owner, "organization_detail", org.pk)):
        response = client.get(page)
        html = text(response)
        assert "<script>" not in html and "style=" not in html and "<style" not in html
        assert " hx-on" not in html and "onclick" not in html
        assert "script-src 'self'" in response["Content-Security-Policy"]


def test_non_members_get_404_not_a_hint(editor, other_workspace):
    make_member(other_workspace, Role.OWNER)
    assert client_for(editor).get(url(other_workspace, "workspace")).status_code == 404
    assert Client().get(url(other_workspace, "workspace")).status_code == 302
