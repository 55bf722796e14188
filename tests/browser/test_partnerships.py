"""A new user follows an opportunity from the meeting where it arose to its agreement, as in the
issue: from the meeting's page, open an invited proposal, move it on the board with the keyboard
through drafting and submitted to won (which asks why), create the agreement with two
obligations, and see it all on the counterpart's page. All in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from enlace.core.permissions import Role
from enlace.engagements.tests import factories as engagements
from enlace.partnerships.models import Agreement, Opportunity, StageChange
from enlace.stakeholders.tests import factories
from enlace.testing import make_member, make_workspace
from tests.browser.test_registry import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Propuesta invitada: inspección laboral"


def label(text: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(text)}(\s*\(required\))?$")


def keyboard_move(page, steps: int) -> None:
    """On the board: reach the card's "Move to" list, step down with the arrow key, then Tab to
    its button and press Enter. After a move the page comes back at the moved card, which takes
    the focus (as a keyboard user finds it); from there Tab reaches the card's link, then its
    list. Waiting for that focus also waits for the browser to finish placing it."""
    select = page.get_by_label(re.compile(rf"^Move to \({re.escape(TITLE)}\)"))
    if "#card-" in page.url:
        expect(page.locator(".card:focus")).to_have_count(1)
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
    else:
        select.focus()
    expect(select).to_be_focused()
    for _ in range(steps):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=f"Move {TITLE}")).to_be_focused()
    page.keyboard.press("Enter")


def test_from_a_meeting_to_an_agreement(live_server, page):
    workspace = make_workspace("alianzas")
    editor = make_member(workspace, Role.EDITOR)
    ministry = factories.organization(editor, name="Ministerio de Trabajo", kind="government")
    meeting = engagements.engagement(
        editor, kind="meeting", title="Reunión con el Ministerio", host_organization=ministry
    )
    sign_in(page, live_server.url, editor.user.email)
    page.wait_for_url(f"{live_server.url}/w/{workspace.slug}/")

    # From the meeting's page: the opportunity it opened, counterpart and origin preset.
    page.goto(f"{live_server.url}/w/{workspace.slug}/engagements/{meeting.pk}/")
    page.get_by_role("link", name="New opportunity from this engagement").click()
    page.get_by_label(label("Title")).fill(TITLE)
    page.get_by_label(label("Kind")).select_option(label="Invited proposal")
    expect(page.get_by_label(label("Counterpart organisation"))).to_have_value(str(ministry.pk))
    page.get_by_label(label("Amount")).fill("25000")
    page.get_by_label(label("Currency")).fill("usd")
    page.get_by_label(label("Probability (percent)")).fill("60")
    page.get_by_label(label("Initial stage")).select_option(label="Invited")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.get_by_role("link", name="Reunión con el Ministerio")).to_be_visible()

    # On the board, with the keyboard: invited -> drafting -> submitted -> won (asks why).
    page.get_by_role("link", name="Opportunity board").click()
    keyboard_move(page, 1)
    expect(page.get_by_role("status")).to_contain_text("to Drafting")
    keyboard_move(page, 1)
    expect(page.get_by_role("status")).to_contain_text("to Submitted")
    keyboard_move(page, 1)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Why is")
    page.get_by_label(label("Reason")).fill("Aprobada por el comité del ministerio")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("to Won")
    won = page.locator(".board-column", has=page.get_by_role("heading", name=re.compile("^Won")))
    expect(won.get_by_role("link", name=TITLE)).to_be_visible()

    # The agreement, from the won opportunity, then two obligations.
    won.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("table", name="Stage history")).to_contain_text(
        "Aprobada por el comité del ministerio"
    )
    page.get_by_role("link", name="Create the agreement").click()
    page.get_by_role("button", name="Draft the agreement").click()
    page.get_by_label(label("Status")).select_option(label="Active")
    page.get_by_label(label("Start")).fill("2026-11-01")
    page.get_by_label(label("End")).fill("2027-10-31")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    for text, due in (("Informe de avance", "2027-03-31"), ("Informe final", "2027-10-31")):
        page.locator("summary", has_text="Add an obligation").click()
        page.get_by_label(label("Obligation")).fill(text)
        page.get_by_label(label("Responsible party")).select_option(label="Ministerio de Trabajo")
        page.get_by_label(label("Due date")).fill(due)
        page.get_by_role("button", name="Add", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text(text)
    obligations = page.get_by_role("table", name="Obligations")
    expect(obligations.get_by_role("row")).to_have_count(3)

    # All of it on the counterpart's page.
    page.get_by_role("link", name="Ministerio de Trabajo").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ministerio de Trabajo")
    expect(page.locator("#opportunities")).to_contain_text(TITLE)
    expect(page.locator("#opportunities")).to_contain_text("Won")
    expect(page.locator("#agreements")).to_contain_text(TITLE)
    expect(page.locator("#agreements")).to_contain_text("Active")

    opportunity = Opportunity.objects.get(title=TITLE)
    stages = list(
        StageChange.objects.filter(opportunity=opportunity).values_list("stage", flat=True)
    )
    assert stages == ["invited", "drafting", "submitted", "won"]
    agreement = Agreement.objects.get(opportunity=opportunity)
    assert agreement.obligations.count() == 2
    assert page.csp_violations == []
