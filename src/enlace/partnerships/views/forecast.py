"""The forecast (open opportunities by expected decision quarter and currency, raw and weighted,
converted to a base currency only when every currency has a rate) and the exchange-rate table."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.partnerships.forms import RateForm
from enlace.partnerships.models import ExchangeRate
from enlace.partnerships.selectors import forecast as forecast_selectors
from enlace.partnerships.services import rates
from enlace.partnerships.views.common import done, find, page_url, part_remove
from enlace.stakeholders.views.base import render_page
from enlace.web.charts import Chart, grouped_bars
from enlace.web.scoping import workspace_view


def _rates(scope: Scope) -> list[ExchangeRate]:
    return list(scope.filter(ExchangeRate.objects.all()).order_by("base_currency", "currency"))


class BaseCurrencyForm(forms.Form):
    base = forms.ChoiceField(label=gettext_lazy("Convert to"), required=False)

    def __init__(self, data: Any, *, bases: list[str]) -> None:
        super().__init__(data)
        field = self.fields["base"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [("", gettext_lazy("No conversion")), *((b, b) for b in bases)]


def forecast_chart(rows: list[dict[str, Any]], *, currency: str, key: str) -> Chart | None:
    """Raw and weighted totals by quarter in one currency (the base currency when converted)."""
    data: list[dict[str, Any]] = []
    raw_key, weighted_key = (
        ("converted_raw", "converted_weighted") if key else ("raw_total", "weighted_total")
    )
    for row in rows:
        if not key and row["currency"] != currency:
            continue
        data.append({"c": row["period"], "s": _("Raw"), "v": row[raw_key]})
        data.append({"c": row["period"], "s": _("Weighted"), "v": row[weighted_key]})
    if not data:
        return None
    return grouped_bars(
        data,
        category="c",
        series="s",
        value="v",
        title=_("Open opportunities by expected decision, %(currency)s") % {"currency": currency},
        value_title=currency,
        category_title=_("Quarter"),
        series_title=_("Total"),
        series_order=[_("Raw"), _("Weighted")],
        domain=None,
        percent=False,
        decimals=2,
        chart_id=f"chart-forecast-{currency.lower()}",
    )


@workspace_view
def forecast(request: HttpRequest, scope: Scope) -> HttpResponse:
    table = _rates(scope)
    bases = sorted({r.base_currency for r in table})
    form = BaseCurrencyForm(request.GET or None, bases=bases)
    base = form.cleaned_data["base"] if form.is_bound and form.is_valid() else ""
    result = forecast_selectors.opportunity_forecast(scope=scope, base_currency=base or None)
    rows: list[dict[str, Any]] = list(result["rows"])
    converted = bool(result["converted"])
    currencies = sorted({str(row["currency"]) for row in rows})
    if converted:
        charts = [c for c in [forecast_chart(rows, currency=base, key="converted")] if c]
    else:
        charts = [
            c for c in (forecast_chart(rows, currency=cur, key="") for cur in currencies) if c
        ]
    return render_page(
        request,
        "partnerships/forecast.html",
        {
            "form": form,
            "bases": bases,
            "result": result,
            "rows": rows,
            "base": base,
            "converted": converted,
            "missing": result["missing_rates"],
            "charts": charts,
            "rates_url": page_url(scope, "rates"),
        },
    )


# Exchange rates


@workspace_view
def rate_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    form = RateForm(scope=scope) if scope.can(Action.CHANGE) else None
    return _rate_page(request, scope, form)


def _rate_page(
    request: HttpRequest, scope: Scope, form: RateForm | None, *, status: int = 200
) -> HttpResponse:
    return render_page(
        request,
        "partnerships/rates.html",
        {"rates": _rates(scope), "form": form, "forecast_url": page_url(scope, "forecast")},
        status=status,
    )


@workspace_view
@require_POST
def rate_set(request: HttpRequest, scope: Scope) -> HttpResponse:
    scope.require(Action.CHANGE)
    form = RateForm(request.POST, scope=scope)
    if form.is_valid():
        try:
            rate = rates.exchange_rate_set(scope=scope, data=form.values())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return done(request, page_url(scope, "rates"), _("Saved: %(rate)s.") % {"rate": rate})
    return _rate_page(request, scope, form, status=400)


@workspace_view
def rate_remove(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    rate = find(_rates(scope), pk)
    return part_remove(
        request,
        record=_("Exchange rates"),
        part=rate,
        remove=lambda: rates.exchange_rate_remove(scope=scope, rate=rate),
        back_url=page_url(scope, "rates"),
        question=_("Remove the rate “%(rate)s”?") % {"rate": rate},
        notice=_("Removed the rate “%(rate)s”.") % {"rate": rate},
    )
