"""The registry picker in Chromium: above the threshold a participant is found by typing part of
a name, chosen from the matches with the keyboard, and added; the status line says how many."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from enlace.core.permissions import Role
from enlace.engagements.tests import factories as engagements
from enlace.stakeholders.tests import factories
from enlace.testing import make_member, make_workspace
from tests.browser.test_registry import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_participant_is_found_by_name_at_scale(live_server, page, settings):
    settings.PICKER_THRESHOLD = 3
    workspace = make_workspace("escala")
    editor = make_member(workspace, Role.EDITOR)
    for name in ["Ana Rojas", "Benito Soto", "Carla Díaz", "Daniel Pérez", "Elena Muñoz"]:
        factories.person(editor, full_name=name)
    engagement = engagements.engagement(editor, title="Mesa de trabajo")
    sign_in(page, live_server.url, editor.user.email)
    page.wait_for_url(f"{live_server.url}/w/{workspace.slug}/")

    page.goto(f"{live_server.url}/w/{workspace.slug}/engagements/{engagement.pk}/")
    form = page.locator("details", has_text="Add a participant")
    form.locator("summary").click()
    expect(form.get_by_role("option", name="Carla Díaz")).to_have_count(0)
    search = form.get_by_label(re.compile(r"^Person$"))
    search.fill("carla")
    expect(form.get_by_role("status").first).to_have_text("1 match")
    choice = form.get_by_label("Person: matches")
    choice.focus()
    page.keyboard.press("ArrowDown")
    expect(choice).to_have_value(re.compile(r"^[0-9a-f-]{36}$"))
    form.get_by_label(re.compile(r"^Role")).select_option(label="Speaker")
    form.get_by_role("button", name="Add participant").click()
    expect(page.get_by_role("region", name="Participants")).to_contain_text("Carla Díaz")

    # Enter searches at once and never submits the form; a miss is said out loud.
    form = page.locator("details", has_text="Add a participant")
    form.locator("summary").click()
    search = form.get_by_label(re.compile(r"^Person$"))
    search.fill("zzz")
    search.press("Enter")
    expect(form.get_by_role("status").first).to_have_text("No match")
    assert page.csp_violations == []


def test_the_organisation_filter_searches_at_scale(live_server, page, settings):
    settings.PICKER_THRESHOLD = 3
    workspace = make_workspace("filtro")
    editor = make_member(workspace, Role.EDITOR)
    orgs = [factories.organization(editor, name=f"Ministerio {n}") for n in "ABCDE"]
    factories.person(editor, full_name="Ana Filtrada", organization=orgs[2])
    factories.person(editor, full_name="Otra Persona", organization=orgs[3])
    sign_in(page, live_server.url, editor.user.email)
    page.wait_for_url(f"{live_server.url}/w/{workspace.slug}/")

    page.goto(f"{live_server.url}/w/{workspace.slug}/people/")
    page.get_by_label("Organisation", exact=True).fill("Ministerio C")
    expect(page.get_by_text("1 match")).to_be_visible()
    page.get_by_label("Organisation: matches").select_option(label="Ministerio C")
    expect(page.locator("#results")).not_to_contain_text("Otra Persona")
    expect(page.locator("#results")).to_contain_text("Ana Filtrada")
    assert page.csp_violations == []


def test_agreement_parties_are_added_by_search_at_scale(live_server, page, settings):
    settings.PICKER_THRESHOLD = 3
    workspace = make_workspace("partes")
    owner = make_member(workspace, Role.OWNER)
    for n in "ABCDE":
        factories.organization(owner, name=f"Fundación {n}")
    sign_in(page, live_server.url, owner.user.email)
    page.wait_for_url(f"{live_server.url}/w/{workspace.slug}/")

    page.goto(f"{live_server.url}/w/{workspace.slug}/partnerships/agreements/new/")
    page.get_by_label(re.compile(r"^Title")).fill("Convenio marco")
    page.get_by_label(re.compile(r"^Kind")).select_option(label="Memorandum of understanding")
    for name in ["Fundación B", "Fundación D"]:
        page.get_by_role("searchbox", name="Parties").fill(name)
        expect(page.get_by_text("1 match")).to_be_visible()
        page.get_by_label("Parties: matches").select_option(label=name)
        expect(page.get_by_role("checkbox", name=name)).to_be_checked()
    page.get_by_role("checkbox", name="Fundación B").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Convenio marco")
    expect(page.locator("main")).to_contain_text("Fundación D")
    expect(page.locator("main")).not_to_contain_text("Fundación B")
    assert page.csp_violations == []
