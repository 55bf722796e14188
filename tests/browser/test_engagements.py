"""A new user records a field visit, as in the issue: three child engagements, two reach
readings and a follow-up; then finds the visit on the host's timeline and the follow-up on
"my follow-ups". All in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from enlace.core.permissions import Role
from enlace.stakeholders.tests import factories
from enlace.testing import make_member, make_workspace
from tests.browser.test_registry import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REQUIRED = r"(\s*\(required\))?$"


def label(text: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(text)}{REQUIRED}")


def fill_engagement(page, *, kind: str, title: str, start: str, end: str) -> None:
    page.get_by_label(label("Kind")).select_option(label=kind)
    page.get_by_label(label("Title")).fill(title)
    page.get_by_label(label("Start date")).fill(start)
    page.get_by_label(label("End date")).fill(end)


def test_field_visit_with_children_reach_and_follow_up(live_server, page):
    workspace = make_workspace("terreno")
    editor = make_member(workspace, Role.EDITOR)
    unit = factories.organization(editor, name="Unidad de Protección", kind="nhri", country="CL")
    sign_in(page, live_server.url, editor.user.email)
    page.wait_for_url(f"{live_server.url}/w/{workspace.slug}/")

    # The field visit, hosted by the institute's protection unit.
    page.get_by_role("navigation").get_by_role("link", name="Engagements").click()
    page.get_by_role("link", name="Add an engagement").first.click()
    fill_engagement(
        page, kind="Field visit", title="Visita a Santiago", start="2026-10-05", end="2026-10-09"
    )
    page.get_by_label(label("Country")).select_option("CL")
    page.get_by_label(label("Host organisation")).select_option(label="Unidad de Protección")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Visita a Santiago")
    visit_url = page.url

    # Three children from the visit's page; the parent and its dates come preset.
    for kind, title, day in [
        ("Training", "Capacitación virtual para sedes regionales", "2026-10-05"),
        ("Seminar", "Seminario nacional sobre trata de personas", "2026-10-07"),
        ("Meeting", "Reunión con la Mesa Intersectorial", "2026-10-08"),
    ]:
        page.goto(visit_url)
        page.get_by_role("link", name="Add a child engagement").click()
        fill_engagement(page, kind=kind, title=title, start=day, end=day)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(title)

    # Two readings of the seminar's recording views: the page shows the latest, not the sum.
    page.goto(visit_url)
    page.get_by_role("link", name="Seminario nacional sobre trata de personas").click()
    for value, as_of in [("120", "2026-10-14"), ("326", "2026-11-10")]:
        reach = page.locator("details", has_text="Record a reach reading")
        reach.locator("summary").click()
        reach.get_by_label(label("Metric")).select_option(label="Recording views")
        reach.get_by_label(label("Value")).fill(value)
        reach.get_by_label(label("As of")).fill(as_of)
        reach.get_by_role("button", name="Record reading").click()
    page.goto(visit_url)
    page.get_by_role("link", name="Seminario nacional sobre trata de personas").click()
    latest = page.get_by_role("table", name="Latest reading of each figure")
    expect(latest.get_by_role("row", name=re.compile("Recording views"))).to_contain_text("326")
    expect(latest).not_to_contain_text("446")

    # A follow-up on the visit, owned by the new user.
    page.goto(visit_url)
    children = page.get_by_role("link", name=re.compile("Capacitación|Seminario|Reunión"))
    expect(children).to_have_text(
        [
            "Capacitación virtual para sedes regionales",
            "Seminario nacional sobre trata de personas",
            "Reunión con la Mesa Intersectorial",
        ]
    )
    follow_up = page.locator("details", has_text="Add a follow-up")
    follow_up.locator("summary").click()
    follow_up.get_by_label(label("Title")).fill("Enviar propuesta formal al INDH")
    follow_up.get_by_label(label("Owner")).select_option(label=str(editor.user))
    follow_up.get_by_label(label("Due date")).fill("2026-12-15")
    follow_up.get_by_role("button", name="Add follow-up").click()
    expect(
        page.get_by_role("strong").filter(has_text="Enviar propuesta formal al INDH")
    ).to_be_visible()

    # The visit is on the host's timeline; the follow-up is on "my follow-ups".
    page.goto(f"{live_server.url}/w/{workspace.slug}/organizations/{unit.pk}/")
    page.get_by_role("link", name="Timeline: engagements and follow-ups").click()
    engagements = page.get_by_role("table").filter(
        has=page.get_by_role("link", name="Visita a Santiago")
    )
    expect(engagements.get_by_role("link", name="Visita a Santiago")).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name="My follow-ups").click()
    expect(
        page.get_by_role("strong").filter(has_text="Enviar propuesta formal al INDH")
    ).to_be_visible()
    assert page.csp_violations == []
