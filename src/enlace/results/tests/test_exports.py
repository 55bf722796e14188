"""The exports of the framework page's and the dashboard's tables: the right file types and
names, the same figures as framework_actuals for the same query string, hostile names that a
spreadsheet shows as text, and exports only for the roles that may export."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from enlace.results import framework
from enlace.results.tests.test_views_dashboard import programme_with_data
from enlace.stakeholders.tests.pages import client_for, url

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example","click")'


def export(scope, prog, table, fmt, query=None):
    return client_for(scope).get(url(scope, "results_export", prog.pk, table, fmt), query or {})


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
@pytest.mark.parametrize("table", ["framework", "actuals", "breakdown", "map"])
def test_every_table_downloads_in_both_formats(member, table, fmt, content_type):
    editor = member("editor")
    prog = programme_with_data(editor)["programme"]
    response = export(editor, prog, table, fmt, {"by": "country"})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="pa-{table}.{fmt}"'


def test_framework_values_match_framework_actuals_and_numbers_stay_numbers(member):
    editor = member("editor")
    data = programme_with_data(editor)
    prog = data["programme"]
    expected = framework.framework_actuals(scope=editor, programme=prog)
    rows = read_xlsx(export(editor, prog, "framework", "xlsx"))
    assert rows[0][:2] == ["Code", "Indicator"]
    assert [r[0] for r in rows[1:]] == [e["code"] for e in expected["indicators"]]
    counted = rows[1]
    entry = expected["indicators"][0]
    head = rows[0]
    assert counted[head.index("Actual to date")] == entry["to_date"]["value"] == Decimal(3)
    assert counted[head.index("Target")] == 12
    assert counted[head.index("Status")] == str(
        {"on_track": "On track", "at_risk": "At risk", "off_track": "Off track"}.get(
            entry["to_date"]["status"], counted[head.index("Status")]
        )
    )
    as_csv = read_csv(export(editor, prog, "framework", "csv"))
    assert as_csv[1][head.index("Actual to date")] == "3"


def test_actuals_breakdown_and_map_hold_the_pages_figures(member):
    editor = member("editor")
    data = programme_with_data(editor)
    prog = data["programme"]
    actuals = read_csv(export(editor, prog, "actuals", "csv", {"period": "year"}))
    assert actuals[0] == ["Indicator", "Period", "Value", "Target", "Baseline"]
    assert actuals[1][:3] == ["M1", "2025", "3"]
    by_country = read_csv(export(editor, prog, "actuals", "csv", {"by": "country"}))
    assert by_country[0][2] == "Country"
    assert by_country[1][:4] == ["M1", "2025-Q1", "Colombia", "2"]
    breakdown = read_xlsx(export(editor, prog, "breakdown", "xlsx", {"by": "country"}))
    assert breakdown[1:] == [["M1", "Colombia", 2], ["M1", "Peru", 1]]
    countries = read_xlsx(export(editor, prog, "map", "xlsx"))
    assert countries == [
        ["Country code", "Country", "Value"],
        ["CO", "Colombia", 2],
        ["PE", "Peru", 1],
    ]
    peru = read_csv(export(editor, prog, "map", "csv", {"country": "PE"}))
    assert peru[1:] == [["PE", "Peru", "1"]]


def test_hostile_indicator_names_are_neutralised(member):
    editor = member("editor")
    prog = programme_with_data(editor, name=HOSTILE)["programme"]
    as_csv = read_csv(export(editor, prog, "framework", "csv"))
    assert as_csv[1][1] == "'" + HOSTILE
    book = load_workbook(io.BytesIO(export(editor, prog, "framework", "xlsx").content))
    cell = book.active["B2"]
    assert cell.value == "'" + HOSTILE
    assert cell.data_type != "f"


def test_unknown_tables_formats_strangers_and_viewers_are_refused(member, other_workspace):
    from enlace.testing import make_member

    editor = member("editor")
    prog = programme_with_data(editor)["programme"]
    assert export(editor, prog, "people", "csv").status_code == 404
    assert export(editor, prog, "framework", "pdf").status_code == 404
    stranger = make_member(other_workspace, "owner")
    assert export(stranger, prog, "framework", "csv").status_code == 404
    assert export(member("viewer"), prog, "framework", "csv").status_code == 403


def test_bad_filters_export_the_default_view(member):
    editor = member("editor")
    prog = programme_with_data(editor)["programme"]
    response = export(editor, prog, "actuals", "csv", {"period": "week", "by": "colour"})
    assert response.status_code == 200
    assert read_csv(response)[1][:2] == ["M1", "2025-Q1"]


def test_file_names_are_ascii(member):
    from enlace.results.tests import factories as f
    from enlace.results.views.exports import file_name

    editor = member("editor")
    prog = f.programme(editor, name="Niñez protegida: Perú & Colombia", code="")
    assert file_name(prog, "map", "xlsx") == "ninez-protegida-peru-colombia-map.xlsx"
    hostile = f.programme(editor, name='"; filename=evil.exe', code="")
    assert file_name(hostile, "map", "csv") == "filenameevilexe-map.csv"
    symbols = f.programme(editor, name="東京", code="")
    assert file_name(symbols, "framework", "csv") == "programme-framework.csv"
