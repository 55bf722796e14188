"""The parts every measure shares: rows, parameters and their checks, the grouping of records
by period and key in one query, and the counting of spans (stocks) per period."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from django.db import connection
from django.db.models import (
    CharField,
    Count,
    F,
    Func,
    Q,
    QuerySet,
    Value,
)
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import ValidationError
from enlace.core.scoping import Scope
from enlace.engagements.models import (
    EngagementKind,
)
from enlace.results.models import Disaggregation
from enlace.results.periods import PROGRAMME, parse_period, periods_between

VALUE_PLACES = Decimal("0.0001")
GRANULARITY_CHOICES = ("month", "quarter", "year", PROGRAMME)


@dataclass(frozen=True)
class Row:
    """One actual: a period label, the disaggregation key (None for the total; "" where the
    record does not say) and the value (with, for a share, its parts)."""

    period: str
    key: str | None
    value: Decimal
    # A share's numerator and denominator (None for a count): the totals of a share broken
    # down by a disaggregation that gives every record one key are the sums of its keys' parts,
    # so the framework need not run the measure a second time for them.
    parts: tuple[int, int] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Param:
    """One parameter of a measure. kind: "choice" (one of `choices`), "choices" (a list of
    them), "decimal", "bool" or "uuid"."""

    kind: str
    label: Promise | str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    places: int = 2


Compute = Callable[..., list[Row]]
Records = Callable[..., list[uuid.UUID]]
# One request of compute_many: [start, end] in periods of a granularity.
Request = tuple[dt.date, dt.date, str]
# Every request of a list at once, for one `by`: (scope, params, requests, by) -> rows per request.
ComputeMany = Callable[..., list[list[Row]]]


@dataclass(frozen=True)
class Measure:
    name: str
    label: Promise | str
    unit: str
    additive: bool
    disaggregations: tuple[str, ...]
    params: Mapping[str, Param]
    record_model: str  # what `records` gives ids of, as "app_label.Model"
    compute_fn: Compute = field(repr=False)
    records_fn: Records = field(repr=False)
    # Several requests in one pass over the rows (the framework asks for the periods, the
    # year and the value to date of an indicator at once); without it, one compute each.
    many_fn: ComputeMany | None = field(default=None, repr=False)
    # A share whose rows carry their parts (Row.parts), each record under one key: its totals
    # are summed from a breakdown's parts (an additive measure's from its values).
    share_parts: bool = False

    def validate(self, params: Any) -> dict[str, Any]:
        return params_clean(self, params)

    def compute(
        self,
        *,
        scope: Scope,
        params: Mapping[str, Any],
        start: dt.date,
        end: dt.date,
        granularity: str,
        by: str | None = None,
    ) -> list[Row]:
        """Every (period, key) with something recorded in [start, end]; absent means nothing
        recorded (zero for a count, no value for a share)."""
        clean = self.validate(params)
        _check_request(self, granularity, by)
        if end < start:
            return []
        rows = self.compute_fn(
            scope=scope, params=clean, start=start, end=end, granularity=granularity, by=by
        )
        return sorted(rows, key=lambda r: (r.period, r.key or ""))

    def compute_many(
        self,
        *,
        scope: Scope,
        params: Mapping[str, Any],
        requests: list[tuple[dt.date, dt.date, str, str | None]],
    ) -> list[list[Row]]:
        """compute() for each (start, end, granularity, by) of `requests`, the same rows, in as
        few passes as the measure can: one per `by`, and none for a total (by None) when the
        measure gives every record one key (it is additive, or a share with its parts) and a
        breakdown is asked for too: the total is then the sum of the breakdown's keys."""
        clean = self.validate(params)
        for _start, _end, granularity, by in requests:
            _check_request(self, granularity, by)
        passes: dict[str | None, list[int]] = defaultdict(list)
        derived: list[int] = []
        breakdowns = [by for *_, by in requests if by is not None]
        derive = self.additive or self.share_parts
        for n, (start, end, _granularity, by) in enumerate(requests):
            if end < start:
                continue
            if by is None and breakdowns and derive:
                derived.append(n)
                passes[breakdowns[0]].append(n)
            else:
                passes[by].append(n)
        out: list[list[Row]] = [[] for _ in requests]
        for by, members in passes.items():
            asked = [requests[n][:3] for n in members]
            if self.many_fn is not None:
                found = self.many_fn(scope=scope, params=clean, requests=asked, by=by)
            else:
                found = [
                    self.compute_fn(scope=scope, params=clean, start=a, end=b, granularity=g, by=by)
                    for a, b, g in asked
                ]
            for n, rows in zip(members, found, strict=True):
                out[n] = rows
        for n in derived:
            totals = _totals(out[n], additive=self.additive)
            if totals is None:  # a row without its parts: ask for the totals
                a, b, g, _by = requests[n]
                totals = self.compute_fn(
                    scope=scope, params=clean, start=a, end=b, granularity=g, by=None
                )
            out[n] = totals
        return [sorted(rows, key=lambda r: (r.period, r.key or "")) for rows in out]

    def records(
        self,
        *,
        scope: Scope,
        params: Mapping[str, Any],
        start: dt.date,
        end: dt.date,
        by: str | None = None,
        key: str | None = None,
    ) -> list[uuid.UUID]:
        """The ids (of `record_model`) behind the value for [start, end], optionally for one key
        of a disaggregation (for a share: the matched enrolments, its denominator)."""
        clean = self.validate(params)
        _check_request(self, PROGRAMME, by)
        if end < start:
            return []
        return sorted(
            self.records_fn(scope=scope, params=clean, start=start, end=end, by=by, key=key)
        )


def _totals(rows: list[Row], *, additive: bool) -> list[Row] | None:
    """The totals per period of rows broken down by a key that every record has one of (None
    for a share with a row that lacks its parts)."""
    if not additive:
        return share_totals(rows)
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        sums[row.period] += row.value
    return [Row(period, None, value) for period, value in sums.items() if value]


def _check_request(measure: Measure, granularity: str, by: str | None) -> None:
    if granularity not in GRANULARITY_CHOICES:
        raise ValidationError({"period": _("Give month, quarter, year or programme.")})
    if by is not None and by not in measure.disaggregations:
        raise ValidationError(
            {"by": _("This measure cannot be broken down by %(by)s.") % {"by": by}}
        )


# Parameters


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool | float):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _clean_param(name: str, spec: Param, value: Any) -> tuple[Any, str | None]:
    """(clean value, None) or (None, message)."""
    if spec.kind == "bool":
        if not isinstance(value, bool):
            return None, _("%(name)s must be true or false.") % {"name": name}
        return value, None
    if spec.kind == "uuid":
        try:
            return str(uuid.UUID(str(value))), None
        except (TypeError, ValueError, AttributeError):
            return None, _("%(name)s must be an identifier.") % {"name": name}
    if spec.kind == "choice":
        if not isinstance(value, str) or value not in spec.choices:
            return None, _("%(name)s must be one of: %(choices)s.") % {
                "name": name,
                "choices": ", ".join(spec.choices),
            }
        return value, None
    if spec.kind == "choices":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None, _("%(name)s must be a list of: %(choices)s.") % {
                "name": name,
                "choices": ", ".join(spec.choices),
            }
        unknown = sorted(set(value) - set(spec.choices))
        if unknown:
            return None, _("%(name)s: unknown value %(values)s.") % {
                "name": name,
                "values": ", ".join(unknown),
            }
        if not value:
            return None, _("%(name)s needs at least one value.") % {"name": name}
        return sorted(set(value)), None
    number = _decimal(value)
    if number is None:
        return None, _("%(name)s must be a number.") % {"name": name}
    if (spec.minimum is not None and number < spec.minimum) or (
        spec.maximum is not None and number > spec.maximum
    ):
        return None, _("%(name)s must be between %(min)s and %(max)s.") % {
            "name": name,
            "min": spec.minimum,
            "max": spec.maximum,
        }
    if number != number.quantize(Decimal(1).scaleb(-spec.places)):
        return None, _("%(name)s takes at most %(n)s decimal places.") % {
            "name": name,
            "n": spec.places,
        }
    return number, None


def params_clean(measure: Measure, params: Any) -> dict[str, Any]:
    """The parameters with defaults filled in; ValidationError on the field "params" naming
    each wrong key (unknown, missing, wrong type, value not allowed)."""
    if params is None:
        params = {}
    if not isinstance(params, Mapping):
        raise ValidationError({"params": _("Give the parameters as an object.")})
    messages: list[Any] = []
    clean: dict[str, Any] = {}
    messages.extend(
        _("Unknown parameter: %(name)s.") % {"name": name}
        for name in sorted(set(params) - set(measure.params))
    )
    for name, spec in measure.params.items():
        if name not in params or params[name] is None:
            if spec.required:
                messages.append(_("%(name)s is required.") % {"name": name})
            elif spec.default is not None:
                clean[name] = spec.default
            continue
        value, message = _clean_param(name, spec, params[name])
        if message is not None:
            messages.append(message)
        else:
            clean[name] = value
    if messages:
        raise ValidationError({"params": messages})
    return clean


def params_json(clean: Mapping[str, Any]) -> dict[str, Any]:
    """Clean parameters as stored in the indicator (decimals as strings: exact in JSON)."""
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in clean.items()}


# Grouping


class PeriodLabel(Func):
    """The period label of a date ("2025", "2025-Q2", "2025-05"), computed by the database with
    its own functions: Django's Trunc on SQLite calls back into Python for every row, which
    tripled the time of a grouped count over tens of thousands of rows."""

    output_field = CharField()

    def __init__(self, expression: Any, granularity: str) -> None:
        if granularity not in GRANULARITY_CHOICES or granularity == PROGRAMME:
            raise ValueError(granularity)
        self.granularity = granularity
        super().__init__(expression)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # %%%% in the template is %% in the SQL, which the backend reads as a literal %.
        formats = {
            "year": "strftime('%%%%Y', %(expressions)s)",
            "month": "strftime('%%%%Y-%%%%m', %(expressions)s)",
            "quarter": "(strftime('%%%%Y', %(expressions)s) || '-Q' || "
            "((CAST(strftime('%%%%m', %(expressions)s) AS INTEGER) + 2) / 3))",
        }
        return self.as_sql(compiler, connection, template=formats[self.granularity], **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        formats = {
            "year": "to_char(%(expressions)s, 'YYYY')",
            "month": "to_char(%(expressions)s, 'YYYY-MM')",
            "quarter": "to_char(%(expressions)s, 'YYYY-\"Q\"Q')",
        }
        return self.as_sql(compiler, connection, template=formats[self.granularity], **extra)


def period_of(path: str, granularity: str) -> Any:
    """The label of the period of the date at `path` ("programme" for the whole range)."""
    if granularity == PROGRAMME:
        return Value(PROGRAMME, output_field=CharField())
    return PeriodLabel(F(path), granularity)


def grouped(
    qs: QuerySet[Any],
    *,
    date: str,
    granularity: str,
    key: str | None,
    aggregates: Mapping[str, Any],
) -> list[tuple[str, str | None, dict[str, Any]]]:
    """One query: the aggregates per period (truncated `date`) and key, or per key alone for
    the whole range."""
    names: list[str] = []
    if granularity != PROGRAMME:
        qs = qs.annotate(r_period=period_of(date, granularity))
        names.append("r_period")
    if key is not None:
        qs = qs.annotate(r_key=F(key))
        names.append("r_key")
    if not names:
        totals = qs.order_by().aggregate(**aggregates)
        return [(PROGRAMME, None, totals)]
    out = []
    for row in qs.order_by().values(*names).annotate(**aggregates):
        label = row.get("r_period", PROGRAMME)
        raw_key = row.get("r_key") if key is not None else None
        out.append((label, None if key is None else str(raw_key or ""), row))
    return out


# Several requests in one pass: each period of each request is a window of dates; a row counts
# in every window its date falls in.

Window = tuple[int, str, dt.date, dt.date]  # request index, period label, first day, last day


def windows(requests: list[Request]) -> list[Window]:
    """The windows of `requests`: each period of [start, end] clipped to it, or the whole
    range for PROGRAMME."""
    out: list[Window] = []
    for n, (start, end, granularity) in enumerate(requests):
        if end < start:
            continue
        if granularity == PROGRAMME:
            out.append((n, PROGRAMME, start, end))
            continue
        for label in periods_between(start, end, granularity):
            period = parse_period(label)
            first, last = period.start or start, period.end or end
            out.append((n, label, max(start, first), min(end, last)))
    return out


def window_span(found: list[Window]) -> tuple[dt.date, dt.date]:
    """The first and last day of any window: the range of rows a pass reads."""
    return min(w[2] for w in found), max(w[3] for w in found)


def windowed(
    qs: QuerySet[Any],
    *,
    date: str,
    key: str | None,
    requests: list[Request],
    aggregates: Callable[[Q], Mapping[str, Any]],
) -> list[list[tuple[str, str | None, dict[str, Any]]]]:
    """`grouped` for several requests in one query: the aggregates of every window (each
    given the window's condition as its FILTER) per key. Per request, like grouped's rows."""
    found = windows(requests)
    out: list[list[tuple[str, str | None, dict[str, Any]]]] = [[] for _ in requests]
    if not found:
        return out
    lo, hi = window_span(found)
    columns: dict[str, Any] = {}
    names: list[dict[str, str]] = []
    for w, (_n, _label, first, last) in enumerate(found):
        parts = aggregates(in_range(date, first, last))
        names.append({name: f"w{w}_{name}" for name in parts})
        columns.update({f"w{w}_{name}": agg for name, agg in parts.items()})
    qs = qs.filter(in_range(date, lo, hi)).order_by()
    results: list[tuple[str | None, dict[str, Any]]]
    if key is None:
        results = [(None, qs.aggregate(**columns))]
    else:
        rows = qs.annotate(r_key=F(key)).values("r_key").annotate(**columns)
        results = [(str(row["r_key"] or ""), row) for row in rows]
    for raw_key, values in results:
        for w, (n, label, _first, _last) in enumerate(found):
            out[n].append((label, raw_key, {name: values[col] for name, col in names[w].items()}))
    return out


def windowed_counts(
    source: Callable[[dt.date, dt.date], QuerySet[Any]],
    *,
    date: str,
    key: str | None,
    requests: list[Request],
    aggregate: Callable[[Q], Any],
) -> list[list[Row]]:
    """A count or sum (`aggregate` given each window's condition) per window and key of the
    rows `source(first, last)` gives for the span of the windows; rows as count_rows gives."""
    found = windows(requests)
    if not found:
        return [[] for _ in requests]
    lo, hi = window_span(found)
    groups = windowed(
        source(lo, hi),
        date=date,
        key=key,
        requests=requests,
        aggregates=lambda window: {"r_value": aggregate(window)},
    )
    return [count_rows(g) for g in groups]


def distinct_many(
    qs: QuerySet[Any],
    *,
    date: str,
    entity: str,
    key: str | None,
    requests: list[Request],
) -> list[list[Row]]:
    """Distinct `entity` per window and key, for several requests in one query. Rows per
    request, as count_rows gives them (no row for zero)."""
    found = windows(requests)
    if not found:
        return [[] for _ in requests]
    lo, hi = window_span(found)
    source = (
        qs.filter(in_range(date, lo, hi))
        .annotate(
            r_date=F(date),
            r_entity=F(entity),
            r_key=F(key) if key is not None else Value("", output_field=CharField()),
        )
        .order_by()
        .values("r_date", "r_entity", "r_key")
    )
    return distinct_in_windows(source, keyed=key is not None, requests=requests)


def distinct_in_windows(
    source: QuerySet[Any], *, keyed: bool, requests: list[Request]
) -> list[list[Row]]:
    """The distinct `r_entity` of `source` (values r_date, r_entity, r_key; a UNION too) per
    window of `requests` and `r_key`, in one query: each (entity, key) is grouped once with a
    flag per window its dates fall in, and the flags are summed per key."""
    found = windows(requests)
    out: list[list[Row]] = [[] for _ in requests]
    if not found:
        return out
    sql, params = source.query.sql_with_params()
    quote = connection.ops.quote_name
    r_date, r_entity, r_key = quote("r_date"), quote("r_entity"), quote("r_key")
    flags = ", ".join(
        f"MAX(CASE WHEN {r_date} >= %s AND {r_date} <= %s THEN 1 ELSE 0 END) AS w{w}"
        for w in range(len(found))
    )
    sums = ", ".join(f"SUM(w{w})" for w in range(len(found)))
    # The SQL is built from this function's names; dates and the source's values are params.
    outer = (
        f"SELECT {r_key}, {sums} FROM ("  # noqa: S608
        f"SELECT {r_entity}, {r_key}, {flags} FROM ({sql}) src GROUP BY {r_entity}, {r_key}"
        f") flags GROUP BY {r_key}"
    )
    dates = [d.isoformat() for _n, _label, first, last in found for d in (first, last)]
    with connection.cursor() as cursor:
        cursor.execute(outer, [*dates, *params])
        rows = cursor.fetchall()
    for raw_key, *counts in rows:
        row_key = str(raw_key or "") if keyed else None
        for (n, label, _first, _last), count in zip(found, counts, strict=True):
            if count:
                out[n].append(Row(label, row_key, Decimal(count)))
    return out


def share_value(hits: int, matched: int) -> Decimal:
    """A share in percent, to VALUE_PLACES (half to even)."""
    return (Decimal(100) * hits / matched).quantize(VALUE_PLACES, rounding=ROUND_HALF_EVEN)


def share_totals(rows: Iterable[Row]) -> list[Row] | None:
    """The totals per period of a share's rows by key, from their parts; None when a row has
    no parts (the measure must then be asked for its totals)."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        if row.parts is None:
            return None
        sums[row.period][0] += row.parts[0]
        sums[row.period][1] += row.parts[1]
    return [
        Row(period, None, share_value(hits, matched), (hits, matched))
        for period, (hits, matched) in sums.items()
        if matched
    ]


def count_rows(groups: Iterable[tuple[str, str | None, dict[str, Any]]]) -> list[Row]:
    """Rows of a count; a zero total (nothing recorded) is no row."""
    return [
        Row(period, key, Decimal(values["r_value"] or 0))
        for period, key, values in groups
        if values["r_value"]
    ]


def in_range(path: str, start: dt.date, end: dt.date) -> Q:
    return Q(**{f"{path}__gte": start, f"{path}__lte": end})


def key_filter(path: str | None, key: str | None) -> Q:
    if path is None or key is None:
        return Q()
    if key == "":
        return Q(**{f"{path}__isnull": True}) | Q(**{path: ""})
    return Q(**{path: key})


def breakdown_path(paths: Mapping[str, str], by: str | None) -> str | None:
    return None if by is None else paths[by]


PERSON_KEYS: dict[str, str] = {
    Disaggregation.COUNTRY.value: "person__organization__country",
    Disaggregation.SEX.value: "person__sex",
    Disaggregation.DISCIPLINE.value: "person__discipline",
    Disaggregation.ORGANIZATION_KIND.value: "person__organization__kind",
}
KINDS = tuple(EngagementKind.values)


# The same keys read from a fact (enlace.results.facts), which keeps them on its own row.
FACT_PERSON_KEYS: dict[str, str] = {
    Disaggregation.COUNTRY.value: "person_country",
    Disaggregation.SEX.value: "sex",
    Disaggregation.DISCIPLINE.value: "discipline",
    Disaggregation.ORGANIZATION_KIND.value: "person_org_kind",
}


def people_rows(
    qs: QuerySet[Any],
    *,
    date: str,
    start: dt.date,
    end: dt.date,
    granularity: str,
    by: str | None,
    keys: Mapping[str, str] = PERSON_KEYS,
) -> list[Row]:
    """Distinct people (`person_id`) of rows dated by `date` in [start, end], per period and
    breakdown key of the person: the shape of every "distinct people who ..." measure."""
    return count_rows(
        grouped(
            qs.filter(in_range(date, start, end)),
            date=date,
            granularity=granularity,
            key=breakdown_path(keys, by),
            aggregates={"r_value": Count("person_id", distinct=True)},
        )
    )


def people_many(
    source: tuple[QuerySet[Any], str, Mapping[str, str]], requests: list[Request], by: str | None
) -> list[list[Row]]:
    """people_rows for several requests in one pass; `source` is (rows, date path, key paths)."""
    qs, date, keys = source
    return distinct_many(
        qs, date=date, entity="person_id", key=breakdown_path(keys, by), requests=requests
    )


def people_ids(
    qs: QuerySet[Any],
    *,
    date: str,
    start: dt.date,
    end: dt.date,
    by: str | None,
    key: str | None,
    keys: Mapping[str, str] = PERSON_KEYS,
) -> list[uuid.UUID]:
    """The people behind a value of people_rows (its drill-down)."""
    found = qs.filter(in_range(date, start, end), key_filter(breakdown_path(keys, by), key))
    return list(set(found.values_list("person_id", flat=True)))


TRAINING_KINDS_PARAM = Param(
    "choices", _("kinds of the training's engagement (all when absent)"), choices=KINDS
)
CURRICULUM_PARAM = Param("uuid", _("curriculum (all when absent)"))


# Stocks: opportunities in a stage, agreements active (counted in every period they overlap)

Span = tuple[uuid.UUID, dt.date | None, dt.date | None, str]  # id, first day, last day, key


def stock_rows(
    spans: Iterable[Span], start: dt.date, end: dt.date, granularity: str, by: str | None
) -> list[Row]:
    """Distinct ids per period (and key) whose span overlaps the period within [start, end]."""
    if granularity == PROGRAMME:
        windows = [(PROGRAMME, start, end)]
    else:
        windows = []
        for label in periods_between(start, end, granularity):
            period = parse_period(label)
            w_first, w_last = period.start or start, period.end or end
            windows.append((label, max(start, w_first), min(end, w_last)))
    found: dict[tuple[str, str | None], set[uuid.UUID]] = defaultdict(set)
    for pk, first, last, key in spans:
        for label, w_start, w_end in windows:
            if (first is None or first <= w_end) and (last is None or last >= w_start):
                found[(label, key if by else None)].add(pk)
    return [Row(label, key, Decimal(len(ids))) for (label, key), ids in found.items()]


def stock_records(spans: Iterable[Span], start: dt.date, end: dt.date, key: str | None) -> Any:
    return list(
        {
            pk
            for pk, first, last, span_key in spans
            if (first is None or first <= end)
            and (last is None or last >= start)
            and (key is None or span_key == key)
        }
    )


PERSON_DISAGGREGATIONS = (
    Disaggregation.COUNTRY.value,
    Disaggregation.SEX.value,
    Disaggregation.DISCIPLINE.value,
    Disaggregation.ORGANIZATION_KIND.value,
)
ORG_DISAGGREGATIONS = (Disaggregation.COUNTRY.value, Disaggregation.ORGANIZATION_KIND.value)
KINDS_PARAM = Param("choices", _("engagement kinds (all when absent)"), choices=KINDS)
