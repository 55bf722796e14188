"""Charts drawn in Chromium under the real Content Security Policy: the SVG appears, its labels
carry the numbers, the tooltip and the table work, a chart swapped in by htmx is drawn too, and
the browser reports no CSP violation.

No page shows a chart yet, so this module is its own URL map: a test page that extends base.html,
in front of the site's URLs (base.html links to them)."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import URLPattern, URLResolver, path
from playwright.sync_api import expect

from enlace.config.urls import urlpatterns as site_urlpatterns
from enlace.web.charts import Chart, grouped_bars, stacked_bars

pytestmark = [pytest.mark.browser, pytest.mark.urls(__name__)]

PAGE = """{% extends "base.html" %}{% load charts %}
{% block extra_head %}{% chart_scripts %}{% endblock %}
{% block content %}
  <h1>Charts</h1>
  {% chart scores %}
  <button type="button" hx-get="/charts-test/fragment/" hx-target="#later" hx-swap="innerHTML">
    Load attendance</button>
  <div id="later"></div>
{% endblock %}"""

FRAGMENT = "{% load charts %}{% chart attendance table_open=True %}"


def scores() -> Chart:
    rows: list[dict[str, Any]] = []
    for module, pre, post in (("Legal framework", 42.5, 81), ("Victim identification", 55, 70)):
        rows.append({"module": module, "phase": "Pre-test", "score": pre})
        rows.append({"module": module, "phase": "Post-test", "score": post})
    rows.append({"module": "<b>Referral</b>", "phase": "Pre-test", "score": 30})
    return grouped_bars(
        rows,
        category="module",
        series="phase",
        value="score",
        title="Percent correct by module",
        value_title="Percent correct",
        category_title="Module",
        chart_id="scores",
    )


def attendance() -> Chart:
    rows = [
        {"session": session, "status": status, "count": count}
        for session, counts in (("Day 1", (20, 3, 2)), ("Day 2", (15, 5, 6)))
        for status, count in zip(("Present", "Late", "Absent"), counts, strict=True)
    ]
    return stacked_bars(
        rows,
        category="session",
        series="status",
        value="count",
        title="Attendance by session",
        value_title="Participants",
        category_title="Session",
        chart_id="attendance",
    )


def chart_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(engines["django"].from_string(PAGE).render({"scores": scores()}, request))


def chart_fragment(request: HttpRequest) -> HttpResponse:
    html = engines["django"].from_string(FRAGMENT).render({"attendance": attendance()}, request)
    return HttpResponse(html)


urlpatterns: list[URLPattern | URLResolver] = [
    path("charts-test/", chart_page),
    path("charts-test/fragment/", chart_fragment),
    *site_urlpatterns,
]


def test_a_chart_is_drawn_under_the_csp(live_server, page):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and "favicon.ico" not in msg.location.get("url", "")
            else None
        ),
    )

    response = page.goto(f"{live_server.url}/charts-test/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe" not in csp

    figure = page.locator("figure#scores")
    expect(figure).to_have_attribute("data-chart-state", "drawn")
    svg = figure.locator(".chart-canvas svg")
    expect(svg).to_be_visible()
    labels = svg.locator("text").all_text_contents()
    assert "Post-test: 81%" in labels and "Pre-test: 43%" in labels
    assert "<b>Referral</b>" in labels  # drawn as text, not markup
    assert figure.locator(".chart-canvas b").count() == 0
    assert figure.locator("figcaption").inner_text() == "Percent correct by module"
    assert "Percent correct by module" not in labels  # the caption is the title, once

    # The tooltip (vega-tooltip, its stylesheet replaced by enlace.css).
    svg.locator("path[aria-roledescription='bar']").first.hover()
    expect(page.locator("#vg-tooltip-element")).to_be_visible()
    expect(page.locator("#vg-tooltip-element")).to_contain_text("Legal framework")

    # The table alternative.
    figure.get_by_text("Show as table").click()
    table = figure.get_by_role("table", name="Percent correct by module")
    expect(table).to_be_visible()
    expect(table.get_by_role("row", name="Legal framework")).to_contain_text("81%")
    expect(table.get_by_role("row", name="<b>Referral</b>")).to_contain_text("—")

    # A chart that htmx swaps in is drawn as well.
    page.get_by_role("button", name="Load attendance").click()
    later = page.locator("figure#attendance")
    expect(later).to_have_attribute("data-chart-state", "drawn")
    texts = later.locator(".chart-canvas svg text").all_text_contents()
    assert "20" in texts and "26" in texts  # a segment and a total
    expect(later.get_by_role("table")).to_be_visible()  # table_open

    assert page.csp_violations == []
    assert errors == []
