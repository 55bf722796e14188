"""CSV and XLSX files of the tables of a programme's pages, for the same query string as the page:
the framework (one row per indicator), the selected indicator's actuals by period, its
breakdown and its countries. The figures are those of `framework.framework_actuals`, through
`dashboard.dashboard_data`, so a file never disagrees with the page it was downloaded from;
numbers are written as numbers and text is neutralised (enlace.web.tabular)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.results import selectors
from enlace.results.models import Disaggregation, Programme
from enlace.results.status import STATUS_LABELS
from enlace.results.views.dashboard import (
    DashboardData,
    breakdown_rows,
    dashboard_data,
    key_label,
    map_rows,
)
from enlace.web.scoping import workspace_view
from enlace.web.tabular import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, write_csv, write_xlsx

Table = tuple[list[str], list[list[Any]]]


def framework_table(data: DashboardData) -> Table:
    head = [
        _("Code"),
        _("Indicator"),
        _("Unit"),
        _("Currency"),
        _("Baseline"),
        _("Target"),
        _("Expected to date"),
        _("Actual to date"),
        _("Percent of target"),
        _("Status"),
    ]
    rows = []
    for entry in data.indicators:
        to_date = entry["to_date"]
        percent = to_date["percent_of_target"]
        rows.append(
            [
                entry["code"],
                entry["name"],
                entry["unit"],
                entry["currency"],
                entry["baseline"],
                to_date["target"],
                to_date["expected"],
                to_date["value"],
                None if percent is None else round(percent, 1),
                str(STATUS_LABELS.get(to_date["status"], to_date["status"])),
            ]
        )
    return head, rows


def actuals_table(data: DashboardData) -> Table:
    entry = data.selected
    by = data.filters["by"] if entry is not None and entry["supports_by"] else None
    head = [_("Indicator"), _("Period")]
    if by:
        head.append(str(Disaggregation(by).label))
    head += [_("Value"), _("Target"), _("Baseline")]
    rows = []
    for row in entry["rows"] if entry else []:
        cells = [entry["code"] if entry else "", row["period"]]
        if by:
            cells.append(key_label(by, row["key"]))
        cells += [row["value"], row["target"], row["baseline"]]
        rows.append(cells)
    return head, rows


def breakdown_table(data: DashboardData) -> Table:
    entry = data.selected_breakdown
    by = data.filters["by"]
    head = [_("Indicator"), str(Disaggregation(by).label) if by else _("Breakdown"), _("Value")]
    if entry is None or not by:
        return head, []
    return head, [[entry["code"], r["name"], r["value"]] for r in breakdown_rows(entry, by)]


def map_table(data: DashboardData) -> Table:
    head = [_("Country code"), _("Country"), _("Value")]
    rows = map_rows(data, data.selected_countries)
    return head, [[r["code"], r["name"], r["value"]] for r in rows]


TABLES: dict[str, Callable[[DashboardData], Table]] = {
    "framework": framework_table,
    "actuals": actuals_table,
    "breakdown": breakdown_table,
    "map": map_table,
}
FORMATS = ("csv", "xlsx")


def file_name(programme: Programme, table: str, extension: str) -> str:
    """ASCII only, so that every browser keeps it as given."""
    stem = slugify(programme.code or programme.name)[:60].strip("-") or "programme"
    return f"{stem}-{table}.{extension}"


@workspace_view
def results_export(
    request: HttpRequest, scope: Scope, pk: Any, table: str, format: str
) -> HttpResponse:
    if table not in TABLES or format not in FORMATS:
        raise Http404
    programme = selectors.programme_get(scope=scope, id=pk)
    scope.require(Action.EXPORT)
    data = dashboard_data(scope=scope, programme=programme, query=request.GET)
    head, rows = TABLES[table](data)
    if format == "csv":
        response = HttpResponse(write_csv(head, rows), content_type=CSV_CONTENT_TYPE)
    else:
        sheet = f"{programme.code or programme.name} {table}"
        response = HttpResponse(write_xlsx(head, rows, sheet=sheet), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{file_name(programme, table, format)}"'
    )
    return response
