"""The measures: the fixed, documented set of ways an indicator's actual is computed from the
record (docs/results-measures.md gives each exact definition).

Each measure validates its parameters, says which disaggregations it supports and whether its
disaggregated values add up to the total (`additive`), and computes every period of a range in
a fixed number of queries (GROUP BY period and key in the database), whatever the size of the
record. It reads through the apps' scoped querysets, so another workspace, and what a partner
may not see, never counts. `records` gives the ids behind a value, for the drill-down.
"""

from __future__ import annotations

from enlace.results.measures.base import (
    GRANULARITY_CHOICES,
    Measure,
    Param,
    Row,
    params_clean,
    params_json,
)
from enlace.results.measures.engagements import (
    ENGAGEMENTS,
    FOLLOW_UPS_ON_TIME,
    ORGANIZATIONS_ENGAGED,
    PEOPLE_ATTENDED,
    REACH,
)
from enlace.results.measures.learning import KNOWLEDGE_GAIN_SHARE, PEOPLE_TRAINED
from enlace.results.measures.partnerships import AGREEMENTS_ACTIVE, OPPORTUNITIES_IN_STAGE

__all__ = [
    "GRANULARITY_CHOICES",
    "MEASURES",
    "Measure",
    "Param",
    "Row",
    "measure_get",
    "params_clean",
    "params_json",
]

MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        PEOPLE_TRAINED,
        PEOPLE_ATTENDED,
        ORGANIZATIONS_ENGAGED,
        ENGAGEMENTS,
        REACH,
        KNOWLEDGE_GAIN_SHARE,
        OPPORTUNITIES_IN_STAGE,
        AGREEMENTS_ACTIVE,
        FOLLOW_UPS_ON_TIME,
    )
}


def measure_get(name: str) -> Measure | None:
    return MEASURES.get(name)
