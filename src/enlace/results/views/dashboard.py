"""A programme's dashboard: headline tiles, the trend of one indicator by period, its breakdown by
a disaggregation and a map of countries shaded by it, every chart with its table.

The filters live in the query string (a view can be bookmarked and shared); a bad value is named
on the page and its default used. The exports (views/exports.py) read the same query string
through `dashboard_data`, so a file holds what the page shows. Every figure comes from
`framework.framework_actuals`, computed for the whole framework in a fixed number of queries
and cached until the workspace's record changes: the page makes three calls (the periods, the
breakdown over the whole range, the countries over the whole range), whatever the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries as known_countries

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.results import framework, selectors
from enlace.results.forms import FrameworkFilter
from enlace.results.models import Disaggregation, Programme, Unit
from enlace.results.periods import PROGRAMME, periods_between
from enlace.results.views.common import number, page_url, status_badge
from enlace.stakeholders.models import Discipline, OrganizationKind, Sex
from enlace.stakeholders.views.base import render_page
from enlace.web.charts import Chart, bars, choropleth, grouped_bars
from enlace.web.scoping import workspace_view

# All indicators are headline tiles up to this many; beyond, those of the top-level results.
FEW_INDICATORS = 6
# A range of more periods than this is a typing error (a year 9999), not a view.
MAX_PERIODS = 240
COUNTRY = Disaggregation.COUNTRY.value
WORLD = "web/vendor/world-countries-110m.json"
NOT_RECORDED = gettext_lazy("Not recorded")
KEY_CHOICES: dict[str, Any] = {
    Disaggregation.SEX.value: Sex,
    Disaggregation.DISCIPLINE.value: Discipline,
    Disaggregation.ORGANIZATION_KIND.value: OrganizationKind,
}


class DashboardFilter(FrameworkFilter):
    """The framework page's filters plus the indicator the charts show (one of the
    programme's)."""

    indicator = forms.ChoiceField(label=gettext_lazy("Indicator"), required=False)

    def __init__(self, query: Any, *, indicators: list[tuple[str, str]]) -> None:
        super().__init__(query)
        # The select shows what is used: quarters unless asked otherwise.
        self.data = {
            **self.data,
            "period": self.data.get("period") or "quarter",
            "indicator": query.get("indicator", ""),
        }
        field = self.fields["indicator"]
        if isinstance(field, forms.ChoiceField):
            field.choices = indicators

    def clean(self) -> dict[str, Any]:
        clean = super().clean() or {}
        start, end = clean.get("start"), clean.get("end")
        granularity = clean.get("period") or "quarter"
        if start and end and end < start:
            self.add_error("end", _("The end comes before the start."))
        elif start and end and len(periods_between(start, end, granularity)) > MAX_PERIODS:
            self.add_error(
                "end",
                _("That is more than %(count)s periods: choose a shorter range or longer periods.")
                % {"count": MAX_PERIODS},
            )
        return clean

    def values(self) -> dict[str, Any]:
        values = super().values()
        clean = getattr(self, "cleaned_data", {})
        if "end" in self.errors:  # a range that makes no sense: the programme's, whole
            values["start"] = values["end"] = None
        values["indicator"] = clean.get("indicator") or None
        return values

    def problems(self) -> list[str]:
        """Each bad value named, for the message above the figures."""
        out: list[str] = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            out.extend(f"{label}: {error}" if label else str(error) for error in errors)
        return out


@dataclass
class DashboardData:
    """What the page and the exports show, for one programme and one query string."""

    programme: Programme
    form: DashboardFilter
    filters: dict[str, Any]
    actuals: dict[str, Any]
    breakdown: dict[str, Any] | None
    countries: dict[str, Any]
    problems: list[str] = field(default_factory=list)

    @property
    def indicators(self) -> list[dict[str, Any]]:
        return list(self.actuals["indicators"])

    @property
    def selected(self) -> dict[str, Any] | None:
        wanted = self.filters.get("indicator")
        for entry in self.indicators:
            if str(entry["id"]) == wanted:
                return entry
        return self.indicators[0] if self.indicators else None

    def _same(self, result: dict[str, Any] | None) -> dict[str, Any] | None:
        """The selected indicator's entry in another call's result."""
        selected = self.selected
        if result is None or selected is None:
            return None
        for entry in result["indicators"]:
            if entry["id"] == selected["id"]:
                return dict(entry)
        return None

    @property
    def selected_breakdown(self) -> dict[str, Any] | None:
        entry = self._same(self.breakdown)
        return entry if entry is not None and entry["supports_by"] else None

    @property
    def selected_countries(self) -> dict[str, Any] | None:
        entry = self._same(self.countries)
        return entry if entry is not None and entry["supports_by"] else None


def dashboard_data(*, scope: Scope, programme: Programme, query: Any) -> DashboardData:
    """The filters read from `query` (bad values named, defaults used) and the framework's
    figures for them: by period, by the breakdown over the whole range, by country."""
    choices = [
        (str(pk), f"{code} {name}")
        for pk, code, name in selectors.indicator_queryset(scope)
        .filter(programme=programme)
        .order_by("position", "code", "id")
        .values_list("pk", "code", "name")
    ]
    form = DashboardFilter(query, indicators=choices)
    filters = form.values()
    problems = form.problems()
    args = {k: filters[k] for k in ("start", "end", "country")}
    try:
        actuals = framework.framework_actuals(
            scope=scope,
            programme=programme,
            granularity=filters["granularity"],
            by=filters["by"],
            **args,
        )
    except ValidationError as exc:  # what the form could not know: say it, show the defaults
        problems.extend(str(m) for messages in exc.message_dict.values() for m in messages)
        filters.update(granularity="quarter", start=None, end=None, country=None, by=None)
        args = {"start": None, "end": None, "country": None}
        actuals = framework.framework_actuals(scope=scope, programme=programme)
    _show_selected(form, actuals, choices)
    whole = {"scope": scope, "programme": programme, "granularity": PROGRAMME, **args}
    by = filters["by"]
    countries = framework.framework_actuals(**whole, by=COUNTRY)
    breakdown = None
    if by == COUNTRY:
        breakdown = countries
    elif by is not None:
        breakdown = framework.framework_actuals(**whole, by=by)
    return DashboardData(programme, form, filters, actuals, breakdown, countries, problems)


def _show_selected(
    form: DashboardFilter, actuals: dict[str, Any], choices: list[tuple[str, str]]
) -> None:
    """The indicator select in the framework's order, showing the indicator the charts show
    (the first one unless another was chosen)."""
    order = {str(entry["id"]): n for n, entry in enumerate(actuals["indicators"])}
    field = form.fields["indicator"]
    if isinstance(field, forms.ChoiceField):
        field.choices = sorted(choices, key=lambda c: order.get(c[0], len(order)))
    chosen = form.cleaned_data.get("indicator") if hasattr(form, "cleaned_data") else None
    if not chosen and actuals["indicators"]:
        form.data = {**form.data, "indicator": str(actuals["indicators"][0]["id"])}


# Figures as text


def _decimals(entry: dict[str, Any]) -> int:
    return 2 if entry["unit"] == Unit.CURRENCY else (1 if entry["unit"] == Unit.PERCENT else 0)


def figure(entry: dict[str, Any], value: Decimal | None) -> str:
    """A value in the indicator's unit: "75%", "1200 USD", "42"; "—" when unknown."""
    text = number(value)
    if value is None:
        return text
    if entry["unit"] == Unit.PERCENT:
        return _("%(value)s%%") % {"value": text}
    if entry["unit"] == Unit.CURRENCY and entry.get("currency"):
        return f"{text} {entry['currency']}"
    return text


def percent_text(percent: float | None) -> str:
    if percent is None:
        return "—"
    return _("%(value)s%%") % {"value": f"{percent:.0f}"}


def key_label(by: str | None, key: str | None) -> str:
    """A disaggregation key for people: a country's name, the choice's label, or "not
    recorded" for a record that does not say."""
    if not key:
        return str(NOT_RECORDED)
    if by == COUNTRY:
        return str(known_countries.name(key) or key)
    choices = KEY_CHOICES.get(by or "")
    if choices is not None and key in choices.values:
        return str(choices(key).label)
    return key


# The page's parts


def _tiles(data: DashboardData, top_nodes: set[Any]) -> list[dict[str, Any]]:
    entries = data.indicators
    if len(entries) > FEW_INDICATORS:
        entries = [e for e in entries if e["node_id"] in top_nodes] or entries[:FEW_INDICATORS]
    tiles = []
    for entry in entries:
        to_date = entry["to_date"]
        tiles.append(
            {
                "entry": entry,
                "value": figure(entry, to_date["value"]),
                "target": figure(entry, to_date["target"]),
                "percent": percent_text(to_date["percent_of_target"]),
                "status": status_badge(to_date["status"]),
            }
        )
    return tiles


def trend_chart(entry: dict[str, Any]) -> Chart:
    actual, target = _("Actual"), _("Target")
    rows: list[dict[str, Any]] = []
    for point in entry["series"]:
        rows.append({"c": point["period"], "s": actual, "v": point["value"]})
        rows.append({"c": point["period"], "s": target, "v": point["target"]})
    return grouped_bars(
        rows,
        category="c",
        series="s",
        value="v",
        title=_("%(indicator)s by period: actual and target") % {"indicator": entry["name"]},
        value_title=_unit_title(entry),
        category_title=_("Period"),
        series_order=[actual, target],
        domain=None,
        percent=entry["unit"] == Unit.PERCENT,
        decimals=_decimals(entry),
        chart_id="chart-trend",
    )


def breakdown_rows(entry: dict[str, Any], by: str) -> list[dict[str, Any]]:
    return [
        {"key": row["key"], "name": key_label(by, row["key"]), "value": row["value"]}
        for row in entry["rows"]
        if row["period"] == PROGRAMME and row["value"] is not None
    ]


def breakdown_chart(entry: dict[str, Any], by: str) -> Chart:
    by_label = str(Disaggregation(by).label)
    return bars(
        breakdown_rows(entry, by),
        category="name",
        value="value",
        title=_("%(indicator)s by %(by)s") % {"indicator": entry["name"], "by": by_label.lower()},
        value_title=_unit_title(entry),
        category_title=by_label,
        percent=entry["unit"] == Unit.PERCENT,
        decimals=_decimals(entry),
        chart_id="chart-breakdown",
    )


def map_rows(data: DashboardData, entry: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Every country with a value, then the programme's countries without one, then the value
    no country was recorded for."""
    values: dict[str, Decimal | None] = {}
    unrecorded: Decimal | None = None
    if entry is not None:
        for row in entry["rows"]:
            if row["period"] != PROGRAMME or row["value"] is None:
                continue
            if row["key"]:
                values[row["key"]] = row["value"]
            else:
                unrecorded = row["value"]
    wanted = data.filters.get("country")
    for code in data.programme.countries or []:
        if wanted is None or code == wanted:
            values.setdefault(code, None)
    # Highest first, those without a value last, by name within a value.
    ordered = sorted(
        values.items(), key=lambda kv: (kv[1] is None, -(kv[1] or 0), key_label(COUNTRY, kv[0]))
    )
    rows: list[dict[str, Any]] = [
        {"code": code, "name": key_label(COUNTRY, code), "value": value} for code, value in ordered
    ]
    if unrecorded is not None:
        rows.append({"code": "", "name": str(NOT_RECORDED), "value": unrecorded})
    return rows


def map_chart(data: DashboardData, entry: dict[str, Any]) -> Chart:
    return choropleth(
        map_rows(data, data.selected_countries),
        country="code",
        value="value",
        name="name",
        title=_("%(indicator)s by country") % {"indicator": entry["name"]},
        value_title=_unit_title(entry),
        country_title=_("Country"),
        world_url=static(WORLD),
        percent=entry["unit"] == Unit.PERCENT,
        decimals=_decimals(entry),
        chart_id="chart-map",
    )


def _has_figures(series: list[dict[str, Any]]) -> bool:
    return any(p["value"] is not None or p["target"] is not None for p in series)


def _unit_title(entry: dict[str, Any]) -> str:
    if entry["unit"] == Unit.CURRENCY and entry.get("currency"):
        return str(entry["currency"])
    return str(Unit(entry["unit"]).label)


def _top_nodes(scope: Scope, programme: Programme) -> set[Any]:
    return set(
        selectors.node_queryset(scope)
        .filter(programme=programme, parent__isnull=True)
        .values_list("pk", flat=True)
    )


def _framework_url(scope: Scope, programme: Programme) -> str | None:
    try:
        return page_url(scope, "programme_detail", programme.pk)
    except NoReverseMatch:  # the framework pages' URLs are another module's
        return None


@workspace_view
def results_dashboard(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    programme = selectors.programme_get(scope=scope, id=pk)
    data = dashboard_data(scope=scope, programme=programme, query=request.GET)
    entry = data.selected
    by = data.filters["by"]
    breakdown = data.selected_breakdown
    context: dict[str, Any] = {
        "programme": programme,
        "form": data.form,
        "problems": data.problems,
        "filters": data.filters,
        "tiles": _tiles(data, _top_nodes(scope, programme)),
        "selected": entry,
        "by": by,
        "by_label": str(Disaggregation(by).label) if by else "",
        "trend": trend_chart(entry) if entry and _has_figures(entry["series"]) else None,
        "breakdown": breakdown_chart(breakdown, by) if breakdown and by else None,
        "breakdown_empty": bool(breakdown and by and not breakdown_rows(breakdown, by)),
        "breakdown_additive": breakdown["additive"] if breakdown else True,
        "supported": [
            str(Disaggregation(d).label) for d in (entry or {}).get("disaggregations", [])
        ],
        "map": map_chart(data, entry) if entry else None,
        "map_supported": data.selected_countries is not None,
        "framework_url": _framework_url(scope, programme),
        # The programme's countries to choose from (any code can be typed when it names none).
        "country_choices": [(c, key_label(COUNTRY, c)) for c in programme.countries or []],
        "can_export": scope.can(Action.EXPORT),
        "query": request.GET.urlencode(),
        "today": data.actuals["today"],
    }
    return render_page(request, "results/dashboard.html", context)
