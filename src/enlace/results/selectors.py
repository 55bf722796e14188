"""Reads of results frameworks, scoped to the asker's workspace. A framework is the team's own
plan, so partners do not see it (their view of the record stays their organisation's)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import ValidationError
from enlace.core.scoping import Scope, get_in_scope
from enlace.results.measures import GRANULARITY_CHOICES, MEASURES, Row
from enlace.results.models import (
    Indicator,
    Programme,
    ReportedValue,
    ResultNode,
    Source,
    Target,
    Unit,
)
from enlace.results.periods import PROGRAMME, parse_period, period_label, periods_between


def programme_queryset(scope: Scope, *, deleted: bool = False) -> QuerySet[Programme]:
    manager = Programme.all_objects if deleted else Programme.objects
    qs: QuerySet[Programme] = scope.filter(manager.all())
    if deleted:
        qs = qs.filter(deleted_at__isnull=False)
    if scope.is_partner:
        return qs.none()
    return qs


def programme_get(*, scope: Scope, id: Any) -> Programme:
    return get_in_scope(programme_queryset(scope), id)


def node_queryset(scope: Scope) -> QuerySet[ResultNode]:
    """Live nodes of live programmes."""
    return ResultNode.objects.filter(programme__in=programme_queryset(scope).values("pk"))


def node_get(*, scope: Scope, id: Any) -> ResultNode:
    return get_in_scope(node_queryset(scope).select_related("programme"), id)


def indicator_queryset(scope: Scope) -> QuerySet[Indicator]:
    """Live indicators on live nodes of live programmes."""
    return Indicator.objects.filter(
        programme__in=programme_queryset(scope).values("pk"), node__deleted_at__isnull=True
    )


def indicator_get(*, scope: Scope, id: Any) -> Indicator:
    return get_in_scope(indicator_queryset(scope).select_related("programme", "node"), id)


def target_queryset(scope: Scope) -> QuerySet[Target]:
    return Target.objects.filter(indicator__in=indicator_queryset(scope).values("pk"))


def target_get(*, scope: Scope, id: Any) -> Target:
    return get_in_scope(target_queryset(scope).select_related("indicator__programme"), id)


def reported_value_queryset(scope: Scope) -> QuerySet[ReportedValue]:
    return ReportedValue.objects.filter(indicator__in=indicator_queryset(scope).values("pk"))


def reported_value_get(*, scope: Scope, id: Any) -> ReportedValue:
    return get_in_scope(
        reported_value_queryset(scope).select_related("indicator__programme", "verified_by"), id
    )


def framework_tree(*, scope: Scope, programme: Programme) -> list[dict[str, Any]]:
    """The programme's nodes as a tree, siblings in order, each with its indicators:
    [{"node": ResultNode, "indicators": [...], "children": [...]}]. Two queries."""
    nodes = list(
        node_queryset(scope).filter(programme=programme).order_by("position", "created_at", "id")
    )
    indicators: dict[Any, list[Indicator]] = defaultdict(list)
    for indicator in (
        indicator_queryset(scope).filter(programme=programme).order_by("position", "code", "id")
    ):
        indicators[indicator.node_id].append(indicator)
    entries: dict[Any, dict[str, Any]] = {
        n.pk: {"node": n, "indicators": indicators[n.pk], "children": []} for n in nodes
    }
    roots: list[dict[str, Any]] = []
    for node in nodes:
        parent = entries.get(node.parent_id) if node.parent_id else None
        (parent["children"] if parent is not None else roots).append(entries[node.pk])
    return roots


# Actuals


def reported_rows(
    values: Iterable[ReportedValue],
    indicator: Indicator,
    start: dt.date,
    end: dt.date,
    granularity: str,
    by: Any,
) -> list[Row]:
    """Reported values (already read) in the shape of a measure's rows. A value entered for a
    finer period is added into the coarser one asked for, except a percent (shares do not add
    up); a value is for all countries ('') or, with by=country, for one."""
    rows: dict[tuple[str, str | None], Decimal] = defaultdict(Decimal)
    for value in values:
        period = parse_period(value.period)
        if period.start is None or period.end is None or not period.overlaps(start, end):
            continue
        if by is None and value.country:
            continue
        if by is not None and not value.country:
            continue
        if granularity == PROGRAMME:
            label = PROGRAMME
        else:
            label = period_label(period.start, granularity)
            if label != period_label(period.end, granularity):
                continue  # coarser than asked: it cannot be split
        if label != value.period and indicator.unit == Unit.PERCENT:
            continue
        rows[(label, value.country or None)] += value.value
    return [Row(period, key, total) for (period, key), total in rows.items()]


def indicator_actuals(
    *,
    scope: Scope,
    indicator: Indicator,
    granularity: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    by: str | None = None,
) -> dict[str, Any]:
    """What /api/v1/indicators/{id}/actuals answers, computed and reported alike:
    {"indicator_id", "unit", "rows": [{"period", "key", "value", "target", "baseline"}]} over
    [start, end] (default: the programme's dates), one row per period (and key) with a value or
    a target. The measure's queries, plus one for the targets (and one for reported values)."""
    programme = indicator.programme
    start = start or programme.start_date
    end = end or programme.end_date
    if by is not None and by not in (indicator.disaggregations or []):
        raise ValidationError(
            {"by": _("This indicator is not broken down by %(by)s.") % {"by": by}}
        )
    if indicator.source == Source.COMPUTED:
        measure = MEASURES[indicator.measure]
        rows = measure.compute(
            scope=scope,
            params=indicator.params,
            start=start,
            end=end,
            granularity=granularity,
            by=by,
        )
    else:
        if granularity not in GRANULARITY_CHOICES:
            raise ValidationError({"period": _("Give month, quarter, year or programme.")})
        reported = reported_value_queryset(scope).filter(indicator=indicator)
        rows = reported_rows(reported, indicator, start, end, granularity, by)
    values = {(r.period, r.key): r.value for r in rows}
    targets: dict[tuple[str, str | None], Decimal] = {}
    for target in target_queryset(scope).filter(indicator=indicator):
        key = (target.period, target.country or None)
        if (by is None) == (key[1] is None):
            targets[key] = target.value
    wanted = set(periods_between(start, end, granularity))
    keys = sorted(
        set(values) | {k for k in targets if k[0] in wanted}, key=lambda k: (k[0], k[1] or "")
    )
    return {
        "indicator_id": indicator.pk,
        "unit": indicator.unit,
        "rows": [
            {
                "period": period,
                "key": key,
                "value": values.get((period, key)),
                "target": targets.get((period, key)),
                "baseline": indicator.baseline_value,
            }
            for period, key in keys
        ],
    }
