"""The registry's list pages: search, filters, sorting, pagination, empty states, the htmx
results fragment, and query counts that do not grow with the rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.stakeholders import services
from enlace.stakeholders.tests import factories
from enlace.stakeholders.tests.pages import (
    RECORD_KINDS,
    client_for,
    small_registry,
    text,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(editor):
    return small_registry(editor)


HTMX = {"HX-Request": "true"}


# Lists: search, filters, sorting, pagination, empty states


def test_list_search_ignores_case_and_accents(editor):
    factories.organization(editor, name="Comisión Nacional de Derechos Humanos", acronym="CNDH")
    factories.organization(editor, name="Secretaría del Trabajo")
    client = client_for(editor)
    page = text(client.get(url(editor, "organization_list"), {"q": "COMISION"}))
    assert "Comisión Nacional" in page and "Secretaría del Trabajo" not in page
    page = text(client.get(url(editor, "organization_list"), {"q": "cndh"}))
    assert "Comisión Nacional" in page


def test_organization_filters(editor):
    factories.organization(editor, name="Fiscalía de Chile", kind="justice", country="CL")
    factories.organization(
        editor, name="Fiscalía de México", kind="justice", country="MX", tags=["prosecution"]
    )
    factories.organization(editor, name="ONG de México", kind="ngo", country="MX")
    client = client_for(editor)
    page = text(client.get(url(editor, "organization_list"), {"country": "MX", "kind": "justice"}))
    assert "Fiscalía de México" in page
    assert "Fiscalía de Chile" not in page and "ONG de México" not in page
    page = text(client.get(url(editor, "organization_list"), {"tag": "Prosecution"}))
    assert "Fiscalía de México" in page and "ONG de México" not in page
    page = text(client.get(url(editor, "organization_list"), {"kind": "nonsense"}))
    assert "Select a valid choice" in page


def test_people_bodies_and_relationship_filters(editor, registry):
    other = factories.person(editor, full_name="Daniel Kiprono", discipline="diplomacy")
    client = client_for(editor)
    page = text(
        client.get(url(editor, "person_list"), {"organization": registry["organization"].pk})
    )
    assert "Catalina Ibáñez" in page and other.full_name not in page
    page = text(client.get(url(editor, "person_list"), {"discipline": "diplomacy"}))
    assert other.full_name in page and "Catalina Ibáñez" not in page

    services.coordination_body_create(
        scope=editor, data={"name": "Alliance 8.7", "kind": "alliance", "scope": "global"}
    )
    page = text(client.get(url(editor, "body_list"), {"scope": "global"}))
    assert "Alliance 8.7" in page and "Mesa Intersectorial" not in page

    factories.relationship(
        editor,
        from_organization=registry["unit"],
        to_organization=registry["ministry"],
        kind="funder",
        status="ended",
    )
    nhri, unit = ">Instituto Nacional de Derechos Humanos", ">Unidad de Protección"
    page = text(client.get(url(editor, "relationship_list"), {"kind": "mou"}))
    assert nhri in page and unit not in page
    page = text(client.get(url(editor, "relationship_list"), {"status": "ended"}))
    assert unit in page and nhri not in page


def test_list_sorts_and_paginates_25_a_page(editor):
    for i in range(26):
        factories.organization(editor, name=f"Org {i:02d}")
    client = client_for(editor)
    page = text(client.get(url(editor, "organization_list")))
    assert "26 results" in page
    assert all(f"Org {i:02d}" in page for i in range(25))
    assert "Org 25" not in page
    assert 'aria-label="Pages of Organisations"' in page
    page = text(client.get(url(editor, "organization_list"), {"page": 2}))
    assert "Org 25" in page and "Org 00" not in page
    page = text(client.get(url(editor, "organization_list"), {"sort": "-name"}))
    assert page.index("Org 25") < page.index("Org 02")
    assert 'aria-sort="descending"' in page
    # Out-of-range pages show the last page rather than an error.
    assert client.get(url(editor, "organization_list"), {"page": 99}).status_code == 200


def test_list_empty_states(editor):
    client = client_for(editor)
    page = text(client.get(url(editor, "organization_list")))
    assert "No organisations yet." in page
    assert "Add an organisation" in page
    factories.organization(editor, name="Somewhere")
    page = text(client.get(url(editor, "organization_list"), {"q": "nothing like it"}))
    assert "No organisation matches these filters." in page
    assert "Clear filters" in page


def test_list_htmx_request_returns_the_results_fragment(editor):
    factories.organization(editor, name="Fundación Libertad")
    response = client_for(editor).get(
        url(editor, "organization_list"), {"q": "libertad"}, headers=HTMX
    )
    fragment = text(response)
    assert fragment.lstrip().startswith('<div id="results">')
    assert "Fundación Libertad" in fragment and "<html" not in fragment
    assert "HX-Request" in response["Vary"]


def test_tables_are_named_for_assistive_technology(editor, registry):
    client = client_for(editor)
    for kind in RECORD_KINDS:
        page = text(client.get(url(editor, f"{kind}_list")))
        assert "<caption>" in page, kind


# Query counts


def _count(client, page):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(scope, kind, n, anchor):
    for _ in range(n):
        if kind == "organization":
            factories.organization(scope, parent=anchor, tags=["a", "b"])
        elif kind == "person":
            factories.person(scope, organization=factories.organization(scope))
        elif kind == "body":
            factories.coordination_body(scope, chair_organization=factories.organization(scope))
        else:
            factories.relationship(scope, from_organization=anchor)


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_list_pages_use_the_same_queries_for_3_and_30_rows(owner, kind):
    anchor = factories.organization(owner, name="Anchor")
    client = client_for(owner)
    page = url(owner, f"{kind}_list")
    _grow(owner, kind, 3, anchor)
    client.get(page)  # warm up per-process caches (content types, sessions)
    few = _count(client, page)
    _grow(owner, kind, 27, anchor)
    assert _count(client, page) == few


def test_organization_detail_uses_the_same_queries_for_3_and_30_related_rows(editor):
    org = factories.organization(editor, name="Ministerio del Trabajo")
    client = client_for(editor)
    page = url(editor, "organization_detail", org.pk)

    def grow(n):
        for _ in range(n):
            unit = factories.organization(editor, parent=org)
            factories.person(editor, organization=org)
            factories.relationship(editor, from_organization=org, to_organization=unit)
            services.body_membership_add(
                scope=editor,
                body=factories.coordination_body(editor),
                data={"organization": org, "role": "member"},
            )

    grow(3)
    client.get(page)
    few = _count(client, page)
    grow(27)
    assert _count(client, page) == few


def test_body_detail_uses_the_same_queries_for_3_and_30_members(editor):
    body = factories.coordination_body(editor)
    client = client_for(editor)
    page = url(editor, "body_detail", body.pk)

    def grow(n):
        for _ in range(n):
            services.body_membership_add(
                scope=editor,
                body=body,
                data={"organization": factories.organization(editor), "role": "member"},
            )

    grow(3)
    client.get(page)
    few = _count(client, page)
    grow(27)
    assert _count(client, page) == few
