"""A new user sets up a results framework as in the issue: a programme, a goal and an outcome
under it, two indicators computed from the record (people trained, engagements) and one
reported by people, a target on each, a reported value entered, submitted and verified, and
the framework page reading the actuals to date and each indicator's status. All in Chromium."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from enlace.core.permissions import Role
from enlace.engagements.tests import factories as engagements
from enlace.learning.tests import factories as learning
from enlace.results.models import ReportedValue
from enlace.results.tests.world import complete
from enlace.stakeholders.tests import factories
from enlace.testing import make_member, make_workspace
from tests.browser.test_partnerships import label
from tests.browser.test_registry import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _indicator(
    page, outcome: str, code: str, name: str, measure: str | None, *, by_country: bool = False
) -> None:
    """From the framework page: a new indicator on `outcome`, computed by `measure` or
    reported (broken down by country if asked); the page of the new indicator follows."""
    page.get_by_role("link", name=f"Add an indicator {outcome}").click()
    expect(page.get_by_label(label("Result"))).to_have_value(re.compile(".+"))
    page.get_by_label(label("Code")).fill(code)
    page.get_by_label(label("Name")).fill(name)
    if measure:
        page.get_by_label(label("Source")).select_option(label="Computed from the record")
        page.get_by_label(label("Measure")).select_option(value=measure)
        if by_country:
            page.get_by_role("checkbox", name="Country", exact=True).check()
    else:
        page.get_by_label(label("Source")).select_option(label="Reported")
        page.get_by_label(label("Measure")).select_option(value="")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def _target(page, value: str) -> None:
    form = page.locator("#target-form")
    page.locator("summary", has_text="Set a target").click()
    form.get_by_label(label("Period")).fill("programme")
    form.get_by_label(label("Target")).fill(value)
    form.get_by_role("button", name="Set").click()
    expect(page.locator(".messages")).to_contain_text("Set the target for programme.")


def test_a_framework_from_programme_to_status(live_server, page):
    workspace = make_workspace("resultados")
    editor = make_member(workspace, Role.EDITOR)
    # The record the computed indicators count: one person trained, one meeting.
    person = factories.person(editor, organization=factories.organization(editor, country="CO"))
    complete(editor, learning.make_training(editor, sessions=1, start=dt.date(2025, 3, 3)), person)
    engagements.engagement(editor, kind="meeting", start_date=dt.date(2025, 4, 7))
    sign_in(page, live_server.url, editor.user.email)
    page.wait_for_url(f"{live_server.url}/w/{workspace.slug}/")

    page.goto(f"{live_server.url}/w/{workspace.slug}/results/")
    expect(page.get_by_text("No programmes yet.")).to_be_visible()
    page.get_by_role("link", name="New programme").first.click()
    page.get_by_label(label("Name")).fill("Acceso a la justicia")
    page.get_by_label(label("Start date")).fill("2025-01-01")
    page.get_by_label(label("End date")).fill("2026-12-31")
    page.get_by_label(label("Countries")).fill("co, pe")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acceso a la justicia")
    expect(page.get_by_text("This framework is empty.")).to_be_visible()

    page.get_by_role("link", name="Add a goal, outcome or output").click()
    page.get_by_label(label("Level")).select_option(label="Goal")
    page.get_by_label(label("Title")).fill("Justicia accesible")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add under it Justicia accesible").click()
    expect(page.get_by_label(label("Part of"))).not_to_have_value("")
    page.get_by_label(label("Level")).select_option(label="Outcome")
    page.get_by_label(label("Title")).fill("Operadores formados")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_role("heading", level=3, name=re.compile("Operadores formados"))
    ).to_be_visible()

    framework_url = page.url.split("#")[0]
    _indicator(
        page, "Operadores formados", "1.1", "Personas formadas", "people_trained", by_country=True
    )
    _target(page, "10")
    page.goto(framework_url)
    _indicator(page, "Operadores formados", "1.2", "Encuentros realizados", "engagements")
    _target(page, "4")
    page.goto(framework_url)
    _indicator(page, "Operadores formados", "1.3", "Casos atendidos", None)
    _target(page, "20")

    # A reported value: entered as a draft, submitted, then verified (who and when shown).
    page.locator("summary", has_text="Report a value").click()
    values = page.locator("#value-form")
    values.get_by_label(label("Period")).fill("2026-Q1")
    values.get_by_label(label("Value")).fill("7")
    values.get_by_label(label("Source")).fill("Informe trimestral")
    values.get_by_role("button", name="Add").click()
    row = page.locator("#values tbody tr").first
    expect(row).to_contain_text("Draft")
    row.get_by_role("button", name="Submit 2026-Q1").click()
    expect(page.locator("#values tbody tr").first).to_contain_text("Submitted")
    page.locator("#values tbody tr").first.get_by_role("button", name="Verify 2026-Q1").click()
    row = page.locator("#values tbody tr").first
    expect(row).to_contain_text("Verified")
    expect(row).to_contain_text(f"by {editor.user}")
    assert ReportedValue.objects.get().verification_status == "verified"

    # The framework page: actual to date, target, percent and a status in words.
    page.goto(framework_url)
    trained = page.locator("tr", has=page.get_by_role("link", name="Personas formadas"))
    expect(trained).to_contain_text("1")
    expect(trained.locator("td.number").nth(1)).to_have_text("10")
    expect(trained.locator("td.number").nth(2)).to_have_text("1")
    expect(trained.locator("td.number").nth(3)).to_have_text("10%")
    expect(trained.locator(".status")).to_have_text(re.compile(r"Off track"))
    meetings = page.locator("tr", has=page.get_by_role("link", name="Encuentros realizados"))
    expect(meetings.locator("td.number").nth(1)).to_have_text("4")
    expect(meetings.locator(".status")).not_to_have_text("No data")
    cases = page.locator("tr", has=page.get_by_role("link", name="Casos atendidos"))
    expect(cases.locator("td.number").nth(2)).to_have_text("7")
    expect(cases.locator("td.number").nth(3)).to_have_text("35%")
    expect(page.locator(".sparkline").first).to_have_attribute(
        "aria-label", re.compile("^Values by period: 2025-Q1: ")
    )

    # The drill-down: the person behind "people trained".
    trained.get_by_role("link", name="Records Personas formadas").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Personas formadas")
    expect(page.get_by_role("link", name=re.compile(person.full_name))).to_be_visible()

    # The dashboard, from the framework page: people trained on the map of countries.
    page.goto(framework_url)
    page.get_by_role("link", name="Dashboard").first.click()
    page.get_by_label("Indicator", exact=True).select_option(label="1.1 Personas formadas")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"indicator="))
    figure = page.locator("figure#chart-map")
    expect(figure).to_have_attribute("data-chart-state", "drawn")
    expect(figure.locator(".chart-canvas svg")).to_be_visible()
    expect(figure.get_by_role("row", name="Colombia")).to_contain_text("1")
    assert page.csp_violations == []
