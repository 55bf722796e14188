"""The forecast: open opportunities with an amount, by expected decision period and currency.

Each row counts the opportunities and sums their amounts raw and weighted by probability
(amount x probability / 100; an opportunity without a probability weighs 0 and is counted in
`without_probability`). Amounts in different currencies are never added together, except in
`base_currency` when the workspace's rate table has a rate for every currency involved: then
each row also carries `converted_raw` and `converted_weighted`, and the answer a total. When a
rate is missing, `missing_rates` names the currencies and nothing is converted. Decimal
arithmetic throughout; every figure is rounded to cents (half up) only at the end.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import ValidationError
from enlace.core.scoping import Scope
from enlace.partnerships.models import CLOSING_STAGES, Deadline, DeadlineKind, ExchangeRate
from enlace.partnerships.selectors.opportunities import opportunity_queryset
from enlace.partnerships.services.common import currency_codes, normal_currency

UNSCHEDULED = "unscheduled"
PERIODS = ("quarter", "month", "year")
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
# Wide enough that no sum of 16-digit amounts times 20-digit rates is ever rounded on the way.
_EXACT = Context(prec=80)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def period_of(day: dt.date | None, by: str = "quarter") -> str:
    """The period a decision date falls in: "2026-Q3", "2026-07" or "2026"; "unscheduled"."""
    if day is None:
        return UNSCHEDULED
    if by == "month":
        return f"{day.year}-{day.month:02d}"
    if by == "year":
        return str(day.year)
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _period_key(period: str) -> tuple[int, str]:
    return (1, "") if period == UNSCHEDULED else (0, period)


def opportunity_forecast(
    *, scope: Scope, by: str = "quarter", base_currency: str | None = None
) -> dict[str, Any]:
    """{by, base_currency, rows, missing_rates, converted (bool), total (in the base currency,
    or None), without_probability}. Each row: {period, currency, count, raw_total,
    weighted_total, without_probability[, converted_raw, converted_weighted]}, by period
    (unscheduled last) then currency. The period is that of the opportunity's earliest
    "decision expected" deadline."""
    if by not in PERIODS:
        raise ValidationError({"by": _("Choose quarter, month or year.")})
    base = normal_currency(base_currency) if base_currency else ""
    if base and base not in currency_codes():
        raise ValidationError(
            {"base_currency": _("Unknown currency code: %(code)s.") % {"code": base}}
        )
    decisions = Prefetch(
        "deadlines",
        queryset=Deadline.objects.filter(kind=DeadlineKind.DECISION_EXPECTED).order_by("date"),
        to_attr="decision_deadlines",
    )
    opportunities = (
        opportunity_queryset(scope)
        .exclude(stage__in=CLOSING_STAGES)
        .filter(amount__isnull=False)
        .exclude(currency="")
        .only("id", "amount", "currency", "probability", "stage")
        .prefetch_related(decisions)
    )
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    with localcontext(_EXACT):
        for opp in opportunities:
            decided: list[Deadline] = getattr(opp, "decision_deadlines", [])
            first = decided[0].date if decided else None
            amount = opp.amount or Decimal(0)
            key = (period_of(first, by), opp.currency)
            group = groups.setdefault(
                key, {"count": 0, "raw": Decimal(0), "weighted": Decimal(0), "no_prob": 0}
            )
            group["count"] += 1
            group["raw"] += amount
            if opp.probability is None:
                group["no_prob"] += 1
            else:
                group["weighted"] += amount * Decimal(opp.probability) / HUNDRED
        currencies = sorted({currency for _period, currency in groups})
        rates: dict[str, Decimal] = {}
        missing: list[str] = []
        if base:
            table = dict(
                ExchangeRate.objects.filter(
                    workspace=scope.workspace, base_currency=base, currency__in=currencies
                ).values_list("currency", "rate")
            )
            for currency in currencies:
                if currency == base:
                    rates[currency] = Decimal(1)
                elif currency in table:
                    rates[currency] = table[currency]
                else:
                    missing.append(currency)
        converted = bool(base) and not missing
        rows = []
        total_raw = total_weighted = Decimal(0)
        for (period, currency), group in sorted(
            groups.items(), key=lambda item: (_period_key(item[0][0]), item[0][1])
        ):
            row: dict[str, Any] = {
                "period": period,
                "currency": currency,
                "count": group["count"],
                "raw_total": _cents(group["raw"]),
                "weighted_total": _cents(group["weighted"]),
                "without_probability": group["no_prob"],
            }
            if converted:
                raw = group["raw"] * rates[currency]
                weighted = group["weighted"] * rates[currency]
                total_raw += raw
                total_weighted += weighted
                row["converted_raw"] = _cents(raw)
                row["converted_weighted"] = _cents(weighted)
            rows.append(row)
        total = (
            {"raw": _cents(total_raw), "weighted": _cents(total_weighted), "currency": base}
            if converted
            else None
        )
    return {
        "by": by,
        "base_currency": base or None,
        "rows": rows,
        "currencies": currencies,
        "missing_rates": missing,
        "converted": converted,
        "total": total,
        "without_probability": sum(g["no_prob"] for g in groups.values()),
        "note": _(
            "Weighted totals count an opportunity without a probability as 0. Amounts in "
            "different currencies are added only through the workspace's exchange rates."
        ),
    }
