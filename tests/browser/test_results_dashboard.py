"""A programme's dashboard in Chromium under the real Content Security Policy: the map of the
two countries with data is drawn from the outline that ships with Enlace, its table lists them,
the breakdown and the indicator change through the filter form (and the URL keeps them), and the
CSV of the map downloads."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from enlace.core.permissions import Role
from enlace.results.tests.test_views_dashboard import programme_with_data
from enlace.testing import make_member, make_workspace
from tests.browser.test_registry import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_map_filters_and_download(live_server, page):
    workspace = make_workspace("tablero")
    editor = make_member(workspace, Role.EDITOR)
    data = programme_with_data(editor)
    programme = data["programme"]
    sign_in(page, live_server.url, editor.user.email)
    page.wait_for_url(f"{live_server.url}/w/{workspace.slug}/")
    outline: list[str] = []
    page.on(
        "response",
        lambda r: outline.append(r.url) if "world-countries-110m.json" in r.url else None,
    )

    page.goto(f"{live_server.url}/w/{workspace.slug}/results/{programme.pk}/dashboard/")
    expect(page.get_by_role("heading", name="Dashboard: Programa Andino")).to_be_visible()
    expect(page.get_by_role("heading", name="M1 Meetings held")).to_be_visible()

    # The map: drawn (an SVG in its figure), from our own copy of the world outline.
    figure = page.locator("figure#chart-map")
    expect(figure).to_have_attribute("data-chart-state", "drawn")
    svg = figure.locator(".chart-canvas svg")
    expect(svg).to_be_visible()
    assert svg.locator("path").count() > 100  # every country's outline
    assert outline and all(url.startswith(live_server.url) for url in outline)
    # Its table alternative: every country with data and its value.
    table = figure.get_by_role("table", name="Meetings held by country")
    expect(table.get_by_role("row", name="Colombia")).to_contain_text("2")
    expect(table.get_by_role("row", name="Peru")).to_contain_text("1")

    # A breakdown through the form; the URL keeps it, so the view can be bookmarked.
    page.get_by_label("Broken down by", exact=True).select_option(label="Country")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"by=country"))
    breakdown = page.locator("figure#chart-breakdown")
    expect(breakdown).to_have_attribute("data-chart-state", "drawn")
    expect(breakdown.get_by_role("row", name="Colombia")).to_contain_text("2")
    expect(page.get_by_text("The parts do not add up to the total")).to_have_count(0)

    # The map's table as CSV, for the same view.
    map_section = page.locator("section", has=page.locator("figure#chart-map"))
    with page.expect_download() as info:
        map_section.get_by_role("link", name="CSV").click()
    download = info.value
    assert download.suggested_filename == "pa-map.csv"
    with open(download.path(), encoding="utf-8-sig") as handle:
        content = handle.read()
    assert content.splitlines() == ["Country code,Country,Value", "CO,Colombia,2", "PE,Peru,1"]

    # Another indicator, the breakdown kept: a share, whose parts do not add up.
    page.get_by_label("Indicator", exact=True).select_option(label="S1 Trainees who improved")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"indicator="))
    assert "by=country" in page.url
    expect(page.get_by_role("heading", name="Trend: Trainees who improved")).to_be_visible()
    expect(page.locator("figure#chart-trend")).to_have_attribute("data-chart-state", "drawn")
    expect(page.get_by_text("The parts do not add up to the total")).to_be_visible()
    expect(page.locator("figure#chart-map")).to_have_attribute("data-chart-state", "drawn")

    assert page.csp_violations == []
