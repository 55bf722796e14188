"""The programme dashboard as members use it: the tiles, the trend, the breakdown and the map
with its table for each filter; bad filters named and ignored, never an error page; another
workspace's programme not found; a number of queries that does not grow with the data."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.core.scoping import Scope
from enlace.engagements.tests import factories as engagements
from enlace.results.tests import factories as f
from enlace.stakeholders.tests.pages import client_for, text, url

pytestmark = pytest.mark.django_db


def programme_with_data(
    scope: Scope, *, meetings: int = 1, name: str = "Meetings held", code: str = "PA"
) -> Any:
    """A programme in Colombia and Peru: meetings counted from the record (by country), two in
    Colombia and one in Peru per `meetings`; a reported share of trainees by sex; targets."""
    prog = f.programme(scope, name="Programa Andino", code=code)
    outcome = f.node(scope, prog, title="Institutions cooperate")
    counted = f.indicator(
        scope,
        outcome,
        code="M1",
        name=name,
        measure="engagements",
        params={"kinds": ["meeting"]},
        disaggregations=["country"],
    )
    f.target(scope, counted, "programme", 12)
    f.target(scope, counted, "2025-Q1", 3)
    for n in range(meetings):
        for country, day in (("CO", 5), ("CO", 20), ("PE", 12)):
            engagements.engagement(
                scope,
                kind="meeting",
                start_date=dt.date(2025, 2, day) + dt.timedelta(days=n),
                country=country,
            )
    share = f.indicator(
        scope,
        outcome,
        code="S1",
        name="Trainees who improved",
        unit="percent",
        disaggregations=["country"],
    )
    f.reported_value(scope, share, "2025-Q1", 60)
    f.reported_value(scope, share, "2025-Q1", 80, country="PE")
    f.target(scope, share, "programme", 75)
    return {"programme": prog, "counted": counted, "share": share}


def dashboard(scope: Scope, prog: Any) -> str:
    return url(scope, "results_dashboard", prog.pk)


def chart_spec(page: str, chart_id: str) -> dict[str, Any]:
    match = re.search(rf'id="{chart_id}" data-chart data-chart-spec="([^"]*)"', page)
    assert match, f"no {chart_id}"
    import html

    spec: dict[str, Any] = json.loads(html.unescape(match.group(1)))
    return spec


def test_dashboard_shows_tiles_trend_and_map_with_its_table(member):
    data = programme_with_data(member("editor"))
    viewer = member("viewer")
    response = client_for(viewer).get(dashboard(viewer, data["programme"]))
    assert response.status_code == 200
    page = text(response)
    assert "Dashboard: Programa Andino" in page
    # Tiles: value to date, target, percent and the status in words.
    assert "M1 Meetings held" in page
    assert "S1 Trainees who improved" in page
    assert "75%" in page  # the reported share's target
    assert re.search(r"On track|At risk|Off track|No target|Not started|No data", page)
    # The trend of the first indicator: actual against target by quarter.
    trend = chart_spec(page, "chart-trend")
    values = {(v["c"], v["s"]): v["v"] for v in trend["data"]["values"]}
    assert values[("2025-Q1", "Actual")] == 3
    assert values[("2025-Q1", "Target")] == 3
    # The map: the outline from our own static files, the countries joined by numeric code.
    spec = chart_spec(page, "chart-map")
    assert spec["data"]["url"].endswith("web/vendor/world-countries-110m.json")
    joined = spec["transform"][0]["from"]["data"]["values"]
    assert {(v["id"], v["v"]) for v in joined} == {("170", 2.0), ("604", 1.0)}
    # ...and its table lists every country with its value.
    table = page[page.index('id="chart-map"') :]
    assert re.search(r"<th scope=\"row\">Colombia</th><td class=\"number\">2</td>", table)
    assert re.search(r"<th scope=\"row\">Peru</th><td class=\"number\">1</td>", table)
    # A viewer may not export: no links.
    assert "Excel (.xlsx)" not in page


def test_each_filter_changes_what_is_shown(member):
    editor = member("editor")
    data = programme_with_data(editor)
    client = client_for(editor)
    base = dashboard(editor, data["programme"])

    share = text(client.get(base, {"indicator": str(data["share"].pk)}))
    assert "Trend: Trainees who improved" in share
    assert "Excel (.xlsx)" in share  # editors may export
    assert f'<option value="{data["share"].pk}" selected>' in share  # the form says which
    default = text(client.get(base))
    assert f'<option value="{data["counted"].pk}" selected>' in default

    months = text(client.get(base, {"period": "month", "from": "2025-01-01", "to": "2025-06-30"}))
    trend = chart_spec(months, "chart-trend")
    assert list(trend["encoding"]["y"]["sort"]) == [
        "2025-01",
        "2025-02",
        "2025-03",
        "2025-04",
        "2025-05",
        "2025-06",
    ]

    peru = text(client.get(base, {"country": "PE"}))
    joined = chart_spec(peru, "chart-map")["transform"][0]["from"]["data"]["values"]
    assert [(v["id"], v["v"]) for v in joined] == [("604", 1.0)]

    by_country = text(client.get(base, {"by": "country"}))
    breakdown = chart_spec(by_country, "chart-breakdown")
    assert {(v["c"], v["v"]) for v in breakdown["data"]["values"]} == {
        ("Colombia", 2.0),
        ("Peru", 1.0),
    }
    assert "do not add up" not in by_country  # meetings add up

    share_by_country = text(client.get(base, {"by": "country", "indicator": str(data["share"].pk)}))
    assert "The parts do not add up to the total" in share_by_country

    by_sex = text(client.get(base, {"by": "sex"}))
    assert "Meetings held is not broken down by sex." in by_sex
    assert 'id="chart-breakdown"' not in by_sex


@pytest.mark.parametrize(
    "query",
    [
        {"period": "week"},
        {"from": "2025-13-45"},
        {"from": "2026-01-01", "to": "2025-01-01"},
        {"period": "month", "from": "1900-01-01", "to": "2200-12-31"},
        {"country": "XX"},
        {"country": "<script>"},
        {"by": "colour"},
        {"indicator": "not-a-uuid"},
        {"indicator": "00000000-0000-0000-0000-000000000000"},
    ],
)
def test_bad_filters_are_named_and_the_defaults_used(member, query):
    editor = member("editor")
    data = programme_with_data(editor)
    response = client_for(editor).get(dashboard(editor, data["programme"]), query)
    assert response.status_code == 200
    page = text(response)
    assert "Some filters could not be used" in page
    trend = chart_spec(page, "chart-trend")
    # The programme's whole range (in months when only the range was wrong).
    assert trend["encoding"]["y"]["sort"][0] in {"2025-Q1", "2025-01"}
    assert trend["encoding"]["y"]["sort"][-1] in {"2026-Q4", "2026-12"}


def test_a_programme_without_indicators_says_so(member):
    editor = member("editor")
    prog = f.programme(editor)
    page = text(client_for(editor).get(dashboard(editor, prog)))
    assert "This programme has no indicators yet." in page


def test_another_workspaces_programme_is_not_found(member, other_workspace):
    from enlace.testing import make_member

    editor = member("editor")
    stranger = make_member(other_workspace, "owner")
    data = programme_with_data(stranger)
    assert client_for(editor).get(dashboard(editor, data["programme"])).status_code == 404
    partner_ok = client_for(stranger).get(dashboard(stranger, data["programme"]))
    assert partner_ok.status_code == 200


def test_hostile_names_stay_text(member):
    editor = member("editor")
    data = programme_with_data(editor, name='<img src=x onerror="alert(1)">')
    page = text(client_for(editor).get(dashboard(editor, data["programme"])))
    assert '<img src=x onerror="alert(1)">' not in page


def _count(scope: Scope, prog: Any) -> int:
    client = client_for(scope)
    client.get(dashboard(scope, prog), {"by": "country"})  # warm the session and the cache
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(dashboard(scope, prog), {"by": "country"})
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_data(member):
    small_scope = member("editor")
    small = programme_with_data(small_scope, meetings=1)
    few = _count(small_scope, small["programme"])
    big = programme_with_data(small_scope, meetings=8, code="PB")
    many = _count(small_scope, big["programme"])
    assert few == many


def test_the_map_spec_draws_with_the_shipped_outline():
    """Vega-Lite compiles the spec and shades the countries (drawn on the server by vl-convert,
    the outline inlined as the page's browser would fetch it)."""
    from pathlib import Path

    import vl_convert

    from enlace.web.charts import choropleth

    rows = [
        {"code": "CO", "name": "Colombia", "value": 2},
        {"code": "PE", "name": "Peru", "value": 1},
        {"code": "", "name": "Not recorded", "value": 4},
        {"code": "EC", "name": "Ecuador", "value": None},
    ]
    chart = choropleth(
        rows,
        country="code",
        value="value",
        name="name",
        title="Meetings by country",
        value_title="Number",
        world_url="/static/web/vendor/world-countries-110m.json",
    )
    # The table keeps every row, those the map cannot show included.
    assert [name for name, _cells in chart.table.rows] == [
        "Colombia",
        "Peru",
        "Not recorded",
        "Ecuador",
    ]
    assert chart.table.rows[3][1] == ("—",)
    outline = Path(__file__).parents[2] / "web/static/web/vendor/world-countries-110m.json"
    spec = dict(chart.spec)
    spec["data"] = {"values": json.loads(outline.read_text()), "format": spec["data"]["format"]}
    svg = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    assert svg.count("<path") > 100
    assert "No data" in svg and "rgb(8, 48, 107)" in svg  # the legend and the darkest blue
