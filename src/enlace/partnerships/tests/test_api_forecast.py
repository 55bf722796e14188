"""The forecast and exchange-rate endpoints: value by expected decision quarter and currency,
raw and weighted, never summed across currencies without a rate for each; the rate table set,
listed and removed by those who may."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from enlace.core.permissions import Role
from enlace.partnerships.models import ExchangeRate
from enlace.partnerships.tests import factories as f
from enlace.partnerships.tests.test_api_opportunities import (  # the autouse fixture too
    _no_server_errors,  # noqa: F401 - an autouse fixture, active by being imported
    errors_of,
)
from enlace.testing import ApiClient, make_member

pytestmark = pytest.mark.django_db

API = "/api/v1"
FORECAST = f"{API}/opportunities/forecast"
RATES = f"{API}/exchange-rates"


def pipeline(scope: Any) -> None:
    """Q3 2026: 1000 EUR at 50% and 300 EUR without a probability; 2000 USD at 25%.
    Unscheduled: 500 USD at 100%. Closed or without an amount: left out."""
    q3 = dt.date(2026, 8, 15)
    for amount, currency, probability in [("1000", "EUR", 50), ("300", "EUR", None)]:
        opp = f.opportunity(scope, amount=amount, currency=currency, probability=probability)
        f.deadline(scope, opp, q3, kind="decision_expected")
    usd = f.opportunity(scope, amount="2000", currency="USD", probability=25)
    f.deadline(scope, usd, q3, kind="decision_expected")
    f.deadline(scope, usd, dt.date(2027, 1, 5), kind="proposal_due")
    f.opportunity(scope, amount="500", currency="USD", probability=100)
    won = f.opportunity(scope, amount="9999", currency="USD", probability=90)
    f.move(scope, won, "won")
    f.opportunity(scope, probability=80)


def rows_of(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 200, response.content
    return [
        (
            r["period"],
            r["currency"],
            r["count"],
            r["raw_total"],
            r["weighted_total"],
            r["without_probability"],
        )
        for r in response.json()["rows"]
    ]


def test_forecast_per_currency_without_rates(api, editor):
    pipeline(editor)
    response = api.get(FORECAST, {"by": "quarter"})
    assert rows_of(response) == [
        ("2026-Q3", "EUR", 2, "1300.00", "500.00", 1),
        ("2026-Q3", "USD", 1, "2000.00", "500.00", 0),
        ("unscheduled", "USD", 1, "500.00", "500.00", 0),
    ]
    data = response.json()
    assert (data["converted"], data["total"], data["base_currency"]) == (False, None, None)
    assert data["without_probability"] == 1 and "0" in data["note"]
    assert all(row["converted_raw"] is None for row in data["rows"])


def test_forecast_with_a_missing_rate_converts_nothing(api, editor):
    pipeline(editor)
    f.rate(editor, "USD", "CLP", "950")
    data = api.get(FORECAST, {"base_currency": "clp"}).json()
    assert (data["base_currency"], data["converted"], data["total"]) == ("CLP", False, None)
    assert data["missing_rates"] == ["EUR"]
    assert all(row["converted_raw"] is None for row in data["rows"])


def test_forecast_converted_with_every_rate(api, editor):
    pipeline(editor)
    f.rate(editor, "USD", "EUR", "0.9")
    data = api.get(FORECAST, {"by": "quarter", "base_currency": "EUR"}).json()
    assert data["converted"] is True and data["missing_rates"] == []
    converted = [(r["converted_raw"], r["converted_weighted"]) for r in data["rows"]]
    assert converted == [("1300.00", "500.00"), ("1800.00", "450.00"), ("450.00", "450.00")]
    assert data["total"] == {"currency": "EUR", "raw": "3550.00", "weighted": "1400.00"}


def test_forecast_rounds_half_up_only_at_the_end(api, editor):
    for _ in range(3):
        f.opportunity(editor, amount="0.05", currency="USD", probability=50)
    f.rate(editor, "USD", "EUR", "0.5")
    data = api.get(FORECAST, {"base_currency": "EUR"}).json()
    [row] = data["rows"]
    # 3 x 0.025 = 0.075 -> 0.08 (each rounded first would give 0.09).
    assert (row["raw_total"], row["weighted_total"]) == ("0.15", "0.08")
    assert (row["converted_raw"], row["converted_weighted"]) == ("0.08", "0.04")


def test_forecast_refuses_bad_parameters(api, editor):
    assert "by" in errors_of(api.get(FORECAST, {"by": "decade"}))
    assert "base_currency" in errors_of(api.get(FORECAST, {"base_currency": "XYZ"}))
    assert "colour" in errors_of(api.get(FORECAST, {"colour": "red"}))
    assert rows_of(api.get(FORECAST, {"by": "year"})) == []


def test_forecast_counts_only_this_workspace(api, editor, other_workspace):
    stranger = make_member(other_workspace, Role.OWNER)
    f.opportunity(stranger, amount="100", currency="USD", probability=10)
    f.rate(stranger, "USD", "EUR", "0.9")
    assert rows_of(api.get(FORECAST)) == []
    assert api.get(RATES).json()["count"] == 0


def test_exchange_rates_set_change_list_and_remove(api, editor, owner):
    created = api.post(RATES, {"currency": "usd", "base_currency": "EUR", "rate": "0.92"})
    assert created.status_code == 201, created.content
    rate = created.json()
    assert (rate["currency"], rate["base_currency"], rate["rate"]) == ("USD", "EUR", "0.92")
    changed = api.post(
        RATES,
        {"currency": "USD", "base_currency": "EUR", "rate": "0.95"},
        headers={"If-Match": created["ETag"]},
    )
    assert changed.status_code == 200 and changed.json()["rate"] == "0.95"
    stale = api.post(
        RATES,
        {"currency": "USD", "base_currency": "EUR", "rate": "0.5"},
        headers={"If-Match": created["ETag"]},
    )
    assert stale.status_code == 409
    listed = api.get(RATES).json()
    assert [(r["currency"], r["rate"]) for r in listed["items"]] == [("USD", "0.95")]
    assert api.get(RATES, {"base_currency": "CLP"}).json()["count"] == 0
    assert api.delete(f"{RATES}/{rate['id']}").status_code == 204
    assert api.get(RATES).json()["count"] == 0
    assert ApiClient(owner).get(RATES, {"deleted": "true"}).json()["count"] == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"currency": "XYZ", "base_currency": "EUR", "rate": "1"}, "currency"),
        ({"currency": "USD", "base_currency": "USD", "rate": "1"}, "base_currency"),
        ({"currency": "USD", "base_currency": "EUR", "rate": "0"}, "rate"),
        ({"currency": "USD", "base_currency": "EUR", "rate": "-1"}, "rate"),
        ({"currency": "USD", "base_currency": "EUR", "rate": 0.9}, "rate"),
        ({"currency": "USD", "base_currency": "EUR", "rate": "0.123456789"}, "rate"),
        ({"currency": "", "base_currency": "EUR", "rate": "1"}, "currency"),
        ({"currency": "USD", "base_currency": "EUR"}, "rate"),
    ],
)
def test_bad_rates_are_refused(api, editor, payload, field):
    assert field in errors_of(api.post(RATES, payload))
    assert not ExchangeRate.all_objects.exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_viewers_and_partners_do_not_set_rates(role, editor, member, api_for):
    rate = f.rate(editor, "USD", "EUR", "0.9")
    client = api_for(member(role))
    answers = [
        client.post(RATES, {"currency": "GBP", "base_currency": "EUR", "rate": "1.1"}),
        client.delete(f"{RATES}/{rate.pk}"),
    ]
    assert [r.status_code for r in answers] == [403, 403]
    assert ExchangeRate.objects.count() == 1
    assert client.get(RATES).status_code == 200
