"""Measures of partnerships, both stocks counted in every period they overlap: opportunities in
a stage and agreements active."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.core.scoping import Scope
from enlace.partnerships.models import AgreementStatus, Stage, StageChange
from enlace.partnerships.selectors.agreements import agreement_queryset
from enlace.partnerships.selectors.opportunities import opportunity_queryset
from enlace.results.measures.base import (
    ORG_DISAGGREGATIONS,
    Measure,
    Param,
    Request,
    Row,
    Span,
    breakdown_path,
    stock_records,
    stock_rows,
)
from enlace.results.models import Disaggregation, Unit

OPPORTUNITY_KEYS: dict[str, str] = {
    Disaggregation.COUNTRY.value: "opportunity__counterpart_organization__country",
    Disaggregation.ORGANIZATION_KIND.value: "opportunity__counterpart_organization__kind",
}


def _stage_spans(scope: Scope, params: Mapping[str, Any], by: str | None) -> list[Span]:
    """When each visible opportunity was in the stage: from a move into it to the next move
    (one query over the stage changes; a stage entered twice gives two spans)."""
    key_path = breakdown_path(OPPORTUNITY_KEYS, by)
    fields = ["opportunity_id", "stage", "r_day"] + ([key_path] if key_path else [])
    changes = (
        StageChange.objects.filter(
            workspace=scope.workspace,
            opportunity__in=opportunity_queryset(scope).values("pk"),
        )
        .annotate(r_day=TruncDate("at"))
        .order_by("opportunity_id", "at", "id")
        .values_list(*fields)
    )
    spans: list[Span] = []
    open_span: dict[uuid.UUID, tuple[dt.date, str]] = {}
    for row in changes:
        opp, stage, day = row[0], row[1], row[2]
        key = str(row[3] or "") if key_path else ""
        if opp in open_span:
            first, span_key = open_span.pop(opp)
            # Left the stage on `day`: its last day in it is the day before (or that day, when
            # it left on the day it arrived).
            spans.append((opp, first, max(first, day - dt.timedelta(days=1)), span_key))
        if stage == params["stage"]:
            open_span[opp] = (day, key)
    spans.extend((opp, first, None, key) for opp, (first, key) in open_span.items())
    today = timezone.localdate()
    # An open span lasts until today, not into the future.
    return [(pk, first, last if last is not None else today, key) for pk, first, last, key in spans]


def _opportunities_in_stage(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[Row]:
    return stock_rows(
        _stage_spans(scope, params, kw["by"]), start, end, kw["granularity"], kw["by"]
    )


def _opportunities_in_stage_many(
    *, scope: Scope, params: Mapping[str, Any], requests: list[Request], by: str | None
) -> list[list[Row]]:
    spans = _stage_spans(scope, params, by)
    return [stock_rows(spans, a, b, g, by) for a, b, g in requests]


def _opportunities_in_stage_records(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[uuid.UUID]:
    spans = _stage_spans(scope, params, kw["by"])
    return stock_records(spans, start, end, kw["key"] if kw["by"] else None)  # type: ignore[no-any-return]


def _agreement_spans(scope: Scope) -> list[Span]:
    """Active agreements from their start (or signature) to their end (open-ended without)."""
    rows = (
        agreement_queryset(scope)
        .filter(status=AgreementStatus.ACTIVE)
        .values_list("pk", "start_date", "signed_on", "end_date")
    )
    return [(pk, begin or signed, finish, "") for pk, begin, signed, finish in rows]


def _agreements_active(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[Row]:
    return stock_rows(_agreement_spans(scope), start, end, kw["granularity"], None)


def _agreements_active_many(
    *, scope: Scope, params: Mapping[str, Any], requests: list[Request], by: str | None
) -> list[list[Row]]:
    spans = _agreement_spans(scope)
    return [stock_rows(spans, a, b, g, None) for a, b, g in requests]


def _agreements_active_records(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[uuid.UUID]:
    return stock_records(_agreement_spans(scope), start, end, None)  # type: ignore[no-any-return]


# The measures

OPPORTUNITIES_IN_STAGE = Measure(
    name="opportunities_in_stage",
    label=_("Opportunities in a stage"),
    unit=Unit.NUMBER,
    additive=True,
    disaggregations=ORG_DISAGGREGATIONS,
    params={"stage": Param("choice", _("stage"), required=True, choices=tuple(Stage.values))},
    record_model="partnerships.Opportunity",
    compute_fn=_opportunities_in_stage,
    records_fn=_opportunities_in_stage_records,
    many_fn=_opportunities_in_stage_many,
)


AGREEMENTS_ACTIVE = Measure(
    name="agreements_active",
    label=_("Agreements active"),
    unit=Unit.NUMBER,
    additive=True,
    disaggregations=(),
    params={},
    record_model="partnerships.Agreement",
    compute_fn=_agreements_active,
    records_fn=_agreements_active_records,
    many_fn=_agreements_active_many,
)
