"""Factories for results frameworks, built through the services, as users make them.

Stable names other test modules rely on: programme, node, indicator, target, reported_value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from enlace.core.scoping import Scope
from enlace.results.models import Indicator, Programme, ReportedValue, ResultNode, Target
from enlace.results.services import indicators, programmes, values

START = dt.date(2025, 1, 1)
END = dt.date(2026, 12, 31)

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def programme(scope: Scope, **data: Any) -> Programme:
    """A programme from START to END in Colombia and Peru, in USD, unless given."""
    data.setdefault("name", f"Programme {_next()}")
    data.setdefault("start_date", START)
    data.setdefault("end_date", END)
    data.setdefault("countries", ["CO", "PE"])
    data.setdefault("currency", "USD")
    return programmes.programme_create(scope=scope, data=data)


def node(scope: Scope, prog: Programme, **data: Any) -> ResultNode:
    """An outcome at the top unless given."""
    data.setdefault("level", "outcome")
    data.setdefault("title", f"Result {_next()}")
    return programmes.node_create(scope=scope, programme=prog, data=data)


def indicator(scope: Scope, on: ResultNode | Programme | None = None, **data: Any) -> Indicator:
    """A reported number indicator on `on` (a node, or a new node of a programme, or of a new
    programme); pass measure="..." for a computed one."""
    if on is None:
        on = programme(scope)
    if isinstance(on, Programme):
        on = node(scope, on)
    data["node"] = on
    data.setdefault("code", f"IND-{_next()}")
    data.setdefault("name", f"Indicator {data['code']}")
    data.setdefault("source", "computed" if data.get("measure") else "reported")
    return indicators.indicator_create(scope=scope, data=data)


def target(
    scope: Scope, ind: Indicator, period: str = "2025", value: Any = 10, **data: Any
) -> Target:
    return values.target_create(
        scope=scope, indicator=ind, data={"period": period, "value": value, **data}
    )


def reported_value(
    scope: Scope, ind: Indicator, period: str = "2025-Q1", value: Any = 5, **data: Any
) -> ReportedValue:
    return values.reported_value_create(
        scope=scope, indicator=ind, data={"period": period, "value": value, **data}
    )
