"""The forecast: open opportunities with an amount by decision quarter and currency, raw and
weighted totals (hand-computed), never summed across currencies without a rate for each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from enlace.core.errors import ValidationError
from enlace.core.permissions import Role
from enlace.partnerships.selectors.forecast import opportunity_forecast, period_of
from enlace.partnerships.tests import factories as f
from enlace.testing import make_member

pytestmark = pytest.mark.django_db

D = Decimal
Q3 = dt.date(2026, 8, 14)
Q4 = dt.date(2026, 11, 2)


def decided(scope, opp, day):
    f.deadline(scope, opp, day, kind="decision_expected")
    return opp


@pytest.fixture
def pipeline(editor):
    """USD in Q3: 1000.00 at 50 % and 333.33 at 33 %; USD in Q4: 200.10 without probability;
    EUR in Q3: 500.00 at 10 %; unscheduled EUR 99.99 at 100 %; and what is left out: a won one,
    one without amount, one in the trash."""
    decided(editor, f.opportunity(editor, amount="1000.00", probability=50), Q3)
    decided(editor, f.opportunity(editor, amount="333.33", probability=33), Q3)
    decided(editor, f.opportunity(editor, amount="200.10"), Q4)
    decided(editor, f.opportunity(editor, amount="500", currency="EUR", probability=10), Q3)
    f.opportunity(editor, amount="99.99", currency="EUR", probability=100)
    f.opportunity(editor, amount="7000", probability=90, stage="won", reason="Signed")
    f.opportunity(editor, probability=90)
    from enlace.partnerships.services.opportunities import opportunity_delete

    opportunity_delete(scope=editor, opportunity=f.opportunity(editor, amount="5", probability=5))
    return editor


def rows(result):
    return {
        (r["period"], r["currency"]): (
            r["count"],
            r["raw_total"],
            r["weighted_total"],
            r["without_probability"],
        )
        for r in result["rows"]
    }


def test_periods():
    assert period_of(dt.date(2026, 1, 1)) == "2026-Q1"
    assert period_of(dt.date(2026, 9, 30)) == "2026-Q3"
    assert period_of(dt.date(2026, 10, 1)) == "2026-Q4"
    assert period_of(dt.date(2026, 10, 1), "month") == "2026-10"
    assert period_of(dt.date(2026, 10, 1), "year") == "2026"
    assert period_of(None) == "unscheduled"


def test_rows_per_quarter_and_currency_without_conversion(pipeline):
    result = opportunity_forecast(scope=pipeline)
    # 333.33 * 33 / 100 = 109.9989; + 500 = 609.9989 -> 610.00 (rounded once, at the end)
    assert rows(result) == {
        ("2026-Q3", "EUR"): (1, D("500.00"), D("50.00"), 0),
        ("2026-Q3", "USD"): (2, D("1333.33"), D("610.00"), 0),
        ("2026-Q4", "USD"): (1, D("200.10"), D("0.00"), 1),
        ("unscheduled", "EUR"): (1, D("99.99"), D("99.99"), 0),
    }
    assert [(r["period"], r["currency"]) for r in result["rows"]] == [
        ("2026-Q3", "EUR"),
        ("2026-Q3", "USD"),
        ("2026-Q4", "USD"),
        ("unscheduled", "EUR"),
    ]
    assert result["total"] is None
    assert result["converted"] is False
    assert result["without_probability"] == 1
    assert "converted_raw" not in result["rows"][0]


def test_conversion_with_a_rate_for_every_currency(pipeline):
    f.rate(pipeline, "EUR", "USD", "1.08333333")
    result = opportunity_forecast(scope=pipeline, base_currency="usd")
    assert result["converted"] is True
    assert result["missing_rates"] == []
    by_key = {(r["period"], r["currency"]): r for r in result["rows"]}
    eur = by_key[("2026-Q3", "EUR")]
    # 500 * 1.08333333 = 541.666665 -> 541.67; 50 * 1.08333333 = 54.1666665 -> 54.17
    assert (eur["converted_raw"], eur["converted_weighted"]) == (D("541.67"), D("54.17"))
    usd = by_key[("2026-Q3", "USD")]
    assert (usd["converted_raw"], usd["converted_weighted"]) == (D("1333.33"), D("610.00"))
    unscheduled = by_key[("unscheduled", "EUR")]
    # 99.99 * 1.08333333 = 108.3224996667 -> 108.32
    assert unscheduled["converted_raw"] == D("108.32")
    # raw: 1333.33 + 200.10 + (500 + 99.99) * 1.08333333 = 1533.43 + 649.9891647 = 2183.4191647
    # weighted: 609.9989 + 0 + (50 + 99.99) * 1.08333333 = 609.9989 + 162.4891661667
    #         = 772.4880661667
    assert result["total"] == {"raw": D("2183.42"), "weighted": D("772.49"), "currency": "USD"}


def test_half_up_rounding_happens_once_at_the_end(editor):
    # 0.05 * 50 % = 0.025 each; three of them 0.075 -> 0.08 (rounding each first would be 0.09)
    for _ in range(3):
        f.opportunity(editor, amount="0.05", probability=50)
    result = opportunity_forecast(scope=editor)
    assert rows(result) == {("unscheduled", "USD"): (3, D("0.15"), D("0.08"), 0)}


def test_a_missing_rate_names_the_currency_and_converts_nothing(pipeline):
    f.opportunity(pipeline, amount="10", currency="GBP", probability=50)
    f.rate(pipeline, "EUR", "USD", "1.1")
    result = opportunity_forecast(scope=pipeline, base_currency="USD")
    assert result["missing_rates"] == ["GBP"]
    assert result["converted"] is False
    assert result["total"] is None
    assert all("converted_raw" not in r for r in result["rows"])


def test_a_reverse_rate_is_not_used(pipeline):
    f.rate(pipeline, "USD", "EUR", "0.9")
    result = opportunity_forecast(scope=pipeline, base_currency="USD")
    assert result["missing_rates"] == ["EUR"]


def test_earliest_decision_deadline_sets_the_period_and_by_month(editor):
    opp = f.opportunity(editor, amount="10", probability=10)
    decided(editor, opp, Q4)
    decided(editor, opp, Q3)
    f.deadline(editor, opp, dt.date(2026, 1, 5), kind="proposal_due")
    result = opportunity_forecast(scope=editor, by="month")
    assert [r["period"] for r in result["rows"]] == ["2026-08"]


def test_bad_arguments(editor):
    with pytest.raises(ValidationError):
        opportunity_forecast(scope=editor, by="week")
    with pytest.raises(ValidationError):
        opportunity_forecast(scope=editor, base_currency="XYZ")


def test_partners_and_other_workspaces_see_only_their_own(pipeline, member, other_workspace):
    partner = member(Role.PARTNER)
    org = partner.membership.organization
    f.opportunity(pipeline, amount="42", probability=50, counterpart_organization=org)
    result = opportunity_forecast(scope=partner)
    assert rows(result) == {("unscheduled", "USD"): (1, D("42.00"), D("21.00"), 0)}
    stranger = make_member(other_workspace, Role.OWNER)
    assert opportunity_forecast(scope=stranger)["rows"] == []
