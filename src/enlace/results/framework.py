"""The whole framework at once: every indicator of a programme with its actuals per period, its
totals (for sparklines and trends), and its progress to date against the target with a status.

What the framework page, the dashboard, the exports and the API read. It costs a fixed number
of queries whatever the size of the record: the tree (two), all the targets of the programme
(one), all its reported values (one), the status rules (one), and per computed indicator its
measure's grouped queries (two or three: the periods, the periods' totals when a breakdown
cannot add up to them (a share's totals are summed from its keys' numerators and
denominators instead, in no query), and the value to date, which does not depend on the
periods asked for and is cached on its own). The computation itself is the measures' and the
selectors' (the same figures as /api/v1/indicators/{id}/actuals); `enlace.results.cache` keeps
the result until the workspace's record changes.

Decisions (for docs/results-measures.md):
- `to_date.value` is the value over [programme start, min(today, programme end)]: a distinct
  count is counted once over that range, not summed over periods.
- `to_date.target` is the target for the period "programme"; without one, for an additive
  indicator the sum of its year targets (a plan set year by year), for a share the target of
  the year holding the last day counted (a share's target is a level, not a sum).
- `to_date.expected` is the target pro-rated by the share of the programme's days elapsed at
  `today` for an additive indicator; a share is expected at its target level all along.
  Before the programme starts nothing is expected: the status is "not started".
- With `country`, every figure is that country's (rows, series, to date, targets for that
  country). An indicator not broken down by country has no figure for one country: its
  values are None (unknown), its status "no data". With `by` other than country and a
  `country` too, the measures cannot cross two breakdowns: the rows are the country's totals
  and `supports_by` is False.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries as known_countries

from enlace.core.errors import ValidationError
from enlace.core.scoping import Scope
from enlace.results import cache as results_cache
from enlace.results import status
from enlace.results.measures import GRANULARITY_CHOICES, MEASURES, Row
from enlace.results.measures.base import share_totals
from enlace.results.models import (
    Disaggregation,
    Indicator,
    Programme,
    ReportedValue,
    Source,
    Unit,
)
from enlace.results.periods import (
    MONTH,
    PROGRAMME,
    QUARTER,
    YEAR,
    parse_period,
    period_label,
    periods_between,
)
from enlace.results.selectors import (
    framework_tree,
    reported_rows,
    reported_value_queryset,
    target_queryset,
)

COUNTRY = Disaggregation.COUNTRY.value
Key = tuple[str, str | None]


def _indicators_in_order(tree: Iterable[dict[str, Any]]) -> list[Indicator]:
    """Depth first, each node's indicators before its children's: the order of the page."""
    out: list[Indicator] = []
    for entry in tree:
        out.extend(entry["indicators"])
        out.extend(_indicators_in_order(entry["children"]))
    return out


def _check_args(
    programme: Programme,
    granularity: str,
    start: dt.date | None,
    end: dt.date | None,
    by: str | None,
    country: str | None,
) -> tuple[dt.date, dt.date, str | None]:
    errors: dict[str, Any] = {}
    if granularity not in GRANULARITY_CHOICES:
        errors["period"] = _("Give month, quarter, year or programme.")
    if by is not None and by not in Disaggregation.values:
        errors["by"] = _("Unknown disaggregation: %(by)s.") % {"by": by}
    code = (country or "").strip().upper() or None
    if code is not None and code not in known_countries:
        errors["country"] = _("Unknown country code: %(code)s.") % {"code": code}
    start = start or programme.start_date
    end = end or programme.end_date
    if end < start:
        errors["to"] = _("The end comes before the start.")
    if errors:
        raise ValidationError(errors)
    return start, end, code


Request = tuple[dt.date, dt.date, str, str | None]  # start, end, granularity, by


class _Compute:
    """One indicator's figures for one request, from its measure or its reported values. A
    computed indicator's rows are kept per (start, end, granularity, by) in the cache; those a
    page will ask for are fetched together first (prefetch), in one pass of the measure."""

    def __init__(self, scope: Scope, indicator: Indicator, values: list[ReportedValue]) -> None:
        self.scope = scope
        self.indicator = indicator
        self.values = values
        self.measure = MEASURES.get(indicator.measure) if indicator.measure else None
        self.memo: dict[Request, list[Row]] = {}

    @property
    def computed(self) -> bool:
        return self.indicator.source == Source.COMPUTED and self.measure is not None

    @property
    def additive(self) -> bool:
        if self.measure is not None and self.computed:
            return self.measure.additive
        return self.indicator.unit != Unit.PERCENT

    @property
    def counts(self) -> bool:
        """A computed count: a period with no row is zero, not unknown."""
        return self.computed and self.additive

    def _key(self, request: Request) -> str:
        start, end, granularity, by = request
        arguments = (str(self.indicator.pk), self.indicator.version, str(start), str(end))
        return results_cache.entry_key(self.scope, "rows", (*arguments, granularity, by))

    def prefetch(self, wanted: Iterable[Request]) -> None:
        """Compute the rows of every request in `wanted` not already known or cached, in one
        call of the measure (compute_many: a pass per breakdown, not per request)."""
        if self.measure is None or not self.computed:
            return
        missing: list[tuple[Request, str]] = []
        for request in dict.fromkeys(wanted):
            if request in self.memo or request[1] < request[0]:
                continue
            key = self._key(request)
            found = results_cache.lookup(key)
            if found is not None:
                self.memo[request] = found
            else:
                missing.append((request, key))
        if not missing:
            return
        computed = self.measure.compute_many(
            scope=self.scope,
            params=self.indicator.params,
            requests=[request for request, _key in missing],
        )
        for (request, key), rows in zip(missing, computed, strict=True):
            self.memo[request] = rows
            results_cache.store(key, rows)

    def rows(self, start: dt.date, end: dt.date, granularity: str, by: str | None) -> list[Row]:
        if end < start:
            return []
        if self.measure is not None and self.computed:
            request = (start, end, granularity, by)
            self.prefetch([request])
            return self.memo[request]
        return reported_rows(self.values, self.indicator, start, end, granularity, by)


def _wanted(
    compute: _Compute,
    *,
    programme: Programme,
    granularity: str,
    start: dt.date,
    end: dt.date,
    by: str | None,
    country: str | None,
    today: dt.date,
) -> list[Request]:
    """The rows _indicator_entry will ask of `compute`, and those the other views of the same
    programme ask next (the years of the same range, the whole range by country for the map):
    fetched in the same pass, they cost a few more sums, not another scan. With `country`, an
    indicator not broken down by country has no figure: nothing is asked."""
    disaggregations = list(compute.indicator.disaggregations or [])
    by_country = COUNTRY in disaggregations
    supports_by = by is not None and by in disaggregations and (country is None or by == COUNTRY)
    if country is not None and not by_country:
        return []
    main = by if supports_by else (COUNTRY if country is not None else None)
    wanted: list[Request] = [(start, end, granularity, main)]
    if today >= programme.start_date:
        last_day = min(today, programme.end_date)
        wanted.append(
            (programme.start_date, last_day, PROGRAMME, COUNTRY if country is not None else None)
        )
    if granularity in (MONTH, QUARTER):
        wanted.append((start, end, YEAR, main))
    wanted.append((start, end, PROGRAMME, COUNTRY if by_country else None))
    return wanted


def _to_date_target(
    targets: dict[Key, Decimal], key: str | None, additive: bool, last_day: dt.date
) -> Decimal | None:
    programme_target = targets.get((PROGRAMME, key))
    if programme_target is not None:
        return programme_target
    years = {
        label: value
        for (label, k), value in targets.items()
        if k == key and parse_period(label).granularity == YEAR
    }
    if not years:
        return None
    if additive:
        return sum(years.values(), Decimal(0))
    return years.get(period_label(last_day, YEAR))


def _indicator_entry(
    compute: _Compute,
    targets: dict[Key, Decimal],
    *,
    programme: Programme,
    granularity: str,
    start: dt.date,
    end: dt.date,
    periods: list[str],
    by: str | None,
    country: str | None,
    today: dt.date,
    rules: Any,
) -> dict[str, Any]:
    indicator = compute.indicator
    compute.prefetch(
        _wanted(
            compute,
            programme=programme,
            granularity=granularity,
            start=start,
            end=end,
            by=by,
            country=country,
            today=today,
        )
    )
    disaggregations = list(indicator.disaggregations or [])
    by_country = COUNTRY in disaggregations
    supports_by = by is not None and by in disaggregations and (country is None or by == COUNTRY)
    known = country is None or by_country  # a figure for one country exists
    key = country  # the key of the totals asked for (None: all countries)

    # The periods: one grouped computation serves the breakdown and, when it adds up (or is by
    # country, filtered to one), the totals.
    breakdown: list[Row] = []
    series_rows: list[Row]
    if not known:
        series_rows = []
    elif supports_by:
        breakdown = compute.rows(start, end, granularity, by)
        if country is not None:  # by == country: that country's rows are its totals
            breakdown = [r for r in breakdown if r.key == country]
            series_rows = [Row(r.period, None, r.value) for r in breakdown]
        elif compute.counts:
            # A computed count's keys add up to its total (each record has one key); a reported
            # indicator's country values are entered apart from its total, never summed.
            sums: dict[str, Decimal] = defaultdict(Decimal)
            for r in breakdown:
                sums[r.period] += r.value
            series_rows = [Row(p, None, v) for p, v in sums.items()]
        else:
            # A share: its totals from its keys' parts (every record has one key), else asked.
            totals = share_totals(breakdown)
            if totals is None:
                totals = compute.rows(start, end, granularity, None)
            series_rows = totals
    elif country is not None:
        series_rows = [
            Row(r.period, None, r.value)
            for r in compute.rows(start, end, granularity, COUNTRY)
            if r.key == country
        ]
    else:
        series_rows = compute.rows(start, end, granularity, None)

    series_values = {r.period: r.value for r in series_rows}
    wanted = set(periods)

    # Rows in indicator_actuals' shape: values and targets per period (and key).
    if supports_by and country is None:
        values = {(r.period, r.key): r.value for r in breakdown}
        row_targets = {k: v for k, v in targets.items() if k[1] is not None}
    elif supports_by:  # by country, one country: keyed by it
        values = {(r.period, r.key): r.value for r in breakdown}
        row_targets = {k: v for k, v in targets.items() if k[1] == country}
    else:
        values = {(p, None): v for p, v in series_values.items()}
        row_targets = {(p, None): v for (p, k), v in targets.items() if k == key}
    keys = sorted(
        set(values) | {k for k in row_targets if k[0] in wanted},
        key=lambda k: (k[0], k[1] or ""),
    )
    rows = [
        {
            "period": p,
            "key": k,
            "value": values.get((p, k)),
            "target": row_targets.get((p, k)),
            "baseline": indicator.baseline_value,
        }
        for p, k in keys
    ]

    series = []
    for label in periods:
        value = series_values.get(label)
        if value is None and compute.counts and known:
            began = parse_period(label).start if label != PROGRAMME else start
            if began is not None and began <= today:
                value = Decimal(0)  # nothing recorded in a period that has begun
        series.append({"period": label, "value": value, "target": targets.get((label, key))})

    # To date: the programme's range up to today, one value (a distinct count counted once).
    last_day = min(today, programme.end_date)
    started = today >= programme.start_date
    to_date_value: Decimal | None = None
    if known and started:
        by_q = COUNTRY if country is not None else None

        # The same whatever the periods asked for: kept in the cache with the other rows, so
        # the page that asks for quarters, then years, computes it once.
        rows_to_date = compute.rows(programme.start_date, last_day, PROGRAMME, by_q)
        found = [r for r in rows_to_date if r.key == country]
        if found:
            to_date_value = found[0].value
        elif compute.counts:
            to_date_value = Decimal(0)
    target = _to_date_target(targets, key, compute.additive, last_day)
    expected: Decimal | None = None
    if target is not None and started:
        if compute.additive:
            total_days = (programme.end_date - programme.start_date).days + 1
            elapsed = (last_day - programme.start_date).days + 1
            expected = (target * Decimal(elapsed) / Decimal(total_days)).quantize(Decimal("0.0001"))
        else:
            expected = target
    percent = (
        float(to_date_value / target * 100)
        if to_date_value is not None and target is not None and target != 0
        else None
    )
    return {
        "id": indicator.pk,
        "code": indicator.code,
        "name": indicator.name,
        "node_id": indicator.node_id,
        "unit": indicator.unit,
        "currency": indicator.currency,
        "direction": indicator.direction,
        "source": indicator.source,
        "measure": indicator.measure,
        "additive": compute.additive,
        "disaggregations": disaggregations,
        "baseline": indicator.baseline_value,
        "supports_by": supports_by,
        "rows": rows,
        "series": series,
        "to_date": {
            "value": to_date_value,
            "target": target,
            "expected": expected,
            "percent_of_target": percent,
            "status": status.indicator_status(
                value=to_date_value if known else None,
                expected=expected,
                target=target,
                direction=indicator.direction,
                rules=rules,
            ),
        },
    }


def compute_framework_actuals(
    *,
    scope: Scope,
    programme: Programme,
    granularity: str = "quarter",
    start: dt.date | None = None,
    end: dt.date | None = None,
    by: str | None = None,
    country: str | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Every indicator of `programme` (in framework order) with its rows for `by`, its totals
    per period and its progress to date (value, target, expected, percent, status). Periods of
    `granularity` over [start, end] (default: the programme's). ValidationError on a bad
    argument (fields "period", "by", "country", "to"). Not cached: framework_actuals is."""
    start, end, country = _check_args(programme, granularity, start, end, by, country)
    today = today or timezone.localdate()
    indicators = _indicators_in_order(framework_tree(scope=scope, programme=programme))
    periods = periods_between(start, end, granularity)
    targets: dict[Any, dict[Key, Decimal]] = defaultdict(dict)
    values: dict[Any, list[ReportedValue]] = defaultdict(list)
    if indicators:
        for target in target_queryset(scope).filter(indicator__programme=programme):
            targets[target.indicator_id][(target.period, target.country or None)] = target.value
        if any(i.source == Source.REPORTED for i in indicators):
            for value in reported_value_queryset(scope).filter(
                indicator__programme=programme, indicator__source=Source.REPORTED
            ):
                values[value.indicator_id].append(value)
    rules = status.rules_for(scope.workspace)
    entries = [
        _indicator_entry(
            _Compute(scope, indicator, values[indicator.pk]),
            targets[indicator.pk],
            programme=programme,
            granularity=granularity,
            start=start,
            end=end,
            periods=periods,
            by=by,
            country=country,
            today=today,
            rules=rules,
        )
        for indicator in indicators
    ]
    return {
        "programme_id": programme.pk,
        "granularity": granularity,
        "start": start,
        "end": end,
        "by": by,
        "country": country,
        "today": today,
        "periods": periods,
        "indicators": entries,
    }


def framework_actuals(
    *,
    scope: Scope,
    programme: Programme,
    granularity: str = "quarter",
    start: dt.date | None = None,
    end: dt.date | None = None,
    by: str | None = None,
    country: str | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """compute_framework_actuals, kept in the cache until anything in the workspace's record
    changes (enlace.results.cache): the framework page, the dashboard and the exports of one
    view read it once. Every figure is checked before the cache is asked, so a bad argument is
    a ValidationError whether or not the answer is cached."""
    start, end, country = _check_args(programme, granularity, start, end, by, country)
    today = today or timezone.localdate()
    arguments = (str(programme.pk), granularity, start, end, by, country, today)
    return results_cache.cached(
        scope,
        "framework_actuals",
        arguments,
        lambda: compute_framework_actuals(
            scope=scope,
            programme=programme,
            granularity=granularity,
            start=start,
            end=end,
            by=by,
            country=country,
            today=today,
        ),
    )


RECORD_MODELS = {
    "stakeholders.Person": "person",
    "stakeholders.Organization": "organization",
    "engagements.Engagement": "engagement",
    "learning.Enrollment": "enrollment",
    "partnerships.Opportunity": "opportunity",
    "partnerships.Agreement": "agreement",
    "engagements.FollowUp": "follow_up",
}


def indicator_records(
    *,
    scope: Scope,
    indicator: Indicator,
    start: dt.date | None = None,
    end: dt.date | None = None,
    key: str | None = None,
    by: str | None = None,
) -> dict[str, Any]:
    """The records behind a computed indicator's value over [start, end] (default: the
    programme's), for the drill-down: {"model": "person"|..., "ids": [uuid, ...]}. With `key`,
    only those of one key of `by` (country when `by` is not given). A reported indicator has no
    records behind it: ValidationError."""
    measure = MEASURES.get(indicator.measure) if indicator.measure else None
    if indicator.source != Source.COMPUTED or measure is None:
        raise ValidationError(
            {"indicator": _("A reported value has no records behind it in Enlace.")}
        )
    programme = indicator.programme
    start = start or programme.start_date
    end = end or programme.end_date
    if key is not None and by is None:
        by = COUNTRY
    if key is None:
        by = None
    ids = measure.records(
        scope=scope, params=indicator.params, start=start, end=end, by=by, key=key
    )
    return {"model": RECORD_MODELS[measure.record_model], "ids": ids}
