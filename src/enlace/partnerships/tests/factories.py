"""Factories for partnerships: opportunities, stage moves, deadlines and exchange rates, built
through the services, as users make them.

Stable names other test modules rely on: opportunity, move, deadline, rate (opps) and
agreement (helper "agreements" adds it below).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from enlace.core.scoping import Scope
from enlace.partnerships.models import Agreement, Deadline, ExchangeRate, Opportunity
from enlace.partnerships.services import agreements, deadlines, opportunities, rates
from enlace.stakeholders.tests import factories as registry

DAY = dt.date(2026, 7, 1)

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def opportunity(scope: Scope, **fields: Any) -> Opportunity:
    """An opportunity: a new counterpart organisation, kind call_for_proposals and the asker as
    owner unless given. `stage` (and `reason` for a closing stage) sets the initial stage;
    `amount` may be a str/int/Decimal and defaults the currency to USD."""
    fields.setdefault("title", f"Opportunity {_next()}")
    if "counterpart_organization" not in fields:
        fields["counterpart_organization"] = registry.organization(scope)
    fields.setdefault("kind", "call_for_proposals")
    fields.setdefault("owner", scope.user)
    if fields.get("amount") is not None:
        fields["amount"] = Decimal(str(fields["amount"]))
        fields.setdefault("currency", "USD")
    return opportunities.opportunity_create(scope=scope, data=fields)


def move(
    scope: Scope,
    opp: Opportunity,
    stage: str,
    reason: str = "",
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Opportunity:
    """Move `opp` to `stage` (at `at`, default now); closing stages get a default reason
    unless one is given."""
    if not reason and stage in {"won", "lost", "withdrawn"}:
        reason = f"Closed as {stage}"
    return opportunities.opportunity_move(
        scope=scope,
        opportunity=opp,
        stage=stage,
        reason=reason,
        expected_version=expected_version,
        at=at,
    )


def deadline(
    scope: Scope, opp: Opportunity, date: dt.date | None = None, **fields: Any
) -> Deadline:
    """A deadline of `opp` on `date` (default DAY), kind proposal_due unless given."""
    fields.setdefault("kind", "proposal_due")
    fields.setdefault("label", f"Deadline {_next()}")
    fields["date"] = date or fields.get("date") or DAY
    return deadlines.deadline_add(scope=scope, opportunity=opp, data=fields)


def rate(scope: Scope, currency: str, base: str, value: Any) -> ExchangeRate:
    """Set 1 `currency` = `value` `base` in the workspace's table."""
    return rates.exchange_rate_set(
        scope=scope,
        data={"currency": currency, "base_currency": base, "rate": Decimal(str(value))},
    )


def agreement(scope: Scope, **fields: Any) -> Agreement:
    """An agreement (helper "agreements"): two new parties and kind memorandum of understanding
    unless given; `value` may be a str/int/Decimal and defaults the currency to USD."""
    fields.setdefault("title", f"Agreement {_next()}")
    fields.setdefault("kind", "memorandum_of_understanding")
    if "parties" not in fields:
        fields["parties"] = [registry.organization(scope), registry.organization(scope)]
    if fields.get("value") is not None:
        fields["value"] = Decimal(str(fields["value"]))
        fields.setdefault("currency", "USD")
    return agreements.agreement_create(scope=scope, data=fields)
