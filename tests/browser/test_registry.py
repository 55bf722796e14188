"""A new user's first session: sign in, record an organisation with a unit and a person, find
them through search, and read the history entry, all in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from enlace.core.permissions import Role
from enlace.testing import PASSWORD, make_member, make_workspace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_first_session_records_and_finds_the_registry(live_server, page):
    workspace = make_workspace("santiago")
    editor = make_member(workspace, Role.EDITOR)
    sign_in(page, live_server.url, editor.user.email)
    page.wait_for_url(f"{live_server.url}/w/{workspace.slug}/")

    # An organisation, from the navigation.
    page.get_by_role("navigation").get_by_role("link", name="Organisations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")
    page.get_by_role("link", name="Add an organisation").first.click()
    page.get_by_label(re.compile(r"^Name\b")).fill("Instituto Nacional de Derechos Humanos")
    page.get_by_label("Acronym").fill("INDH")
    page.get_by_label("Kind").select_option(label="National human rights institution")
    page.get_by_label("Country").select_option("CL")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Instituto Nacional")

    # A unit under it, from its page: the parent is already chosen.
    page.get_by_role("link", name="Add a unit").click()
    expect(page.get_by_label("Parent organisation")).to_have_value(re.compile(".+"))
    page.get_by_label(re.compile(r"^Name\b")).fill("Unidad de Protección")
    page.get_by_label("Kind").select_option(label="National human rights institution")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Unidad de Protección")
    expect(page.get_by_text("Instituto Nacional de Derechos Humanos (INDH)")).to_be_visible()

    # A person in the unit.
    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Full name").fill("Valentina Rojas Araya")
    page.get_by_label("Position or title").fill("Abogada")
    page.get_by_label("Discipline").select_option(label="Legal")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Valentina Rojas Araya")

    # Search finds the unit without accents or capitals, and the person by surname.
    page.get_by_role("navigation").get_by_role("link", name="Organisations").click()
    page.get_by_role("searchbox").fill("proteccion")
    results = page.get_by_role("table")
    expect(results.get_by_role("link", name="Unidad de Protección")).to_be_visible()
    expect(results.locator("tbody tr")).to_have_count(1)  # the institute itself is filtered out
    page.get_by_role("navigation").get_by_role("link", name="People").click()
    page.get_by_role("searchbox").fill("rojas")
    page.get_by_role("searchbox").press("Enter")
    page.get_by_role("table").get_by_role("link", name="Valentina Rojas Araya").click()

    # The history says who created the record.
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("History of Valentina")
    history = page.locator("ol.history")
    expect(history).to_contain_text("Created")
    expect(history).to_contain_text(editor.user.full_name)
    assert page.csp_violations == []
