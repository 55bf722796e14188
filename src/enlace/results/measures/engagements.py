"""Measures of the engagement record: people who attended, organisations engaged, engagements
by kind, reach (latest readings) and follow-ups done on time."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from enlace.core.scoping import Scope
from enlace.engagements.models import (
    FollowUpStatus,
    Participant,
    ParticipantRole,
    ReachMetric,
    ReachReading,
)
from enlace.engagements.selectors import engagement_queryset, follow_up_queryset
from enlace.results.measures import visible
from enlace.results.measures.base import (
    FACT_PERSON_KEYS,
    KINDS,
    KINDS_PARAM,
    ORG_DISAGGREGATIONS,
    PERSON_DISAGGREGATIONS,
    PERSON_KEYS,
    Measure,
    Param,
    Request,
    Row,
    breakdown_path,
    count_rows,
    distinct_in_windows,
    grouped,
    in_range,
    key_filter,
    people_ids,
    people_many,
    people_rows,
    period_of,
    window_span,
    windowed_counts,
    windows,
)
from enlace.results.models import Disaggregation, ParticipationFact, Unit
from enlace.results.periods import PROGRAMME
from enlace.stakeholders.selectors import organization_queryset

# People who attended engagements of given kinds


def _attendances(
    scope: Scope, params: Mapping[str, Any]
) -> tuple[QuerySet[Any], str, Mapping[str, str]]:
    """The visible participations of visible people in engagements of the kinds, the path of
    their date and of their person's keys: from the facts for members without row limits."""
    if not scope.is_partner:
        facts = ParticipationFact.objects.filter(
            visible.fact_people(scope),
            workspace_id=scope.workspace.pk,
            kind__in=params["kinds"],
        )
        if "roles" in params:
            facts = facts.filter(role__in=params["roles"])
        return facts, "date", FACT_PERSON_KEYS
    qs = Participant.objects.filter(
        visible.engagements(scope, "engagement__"),
        visible.people(scope, "person__"),
        workspace=scope.workspace,
        engagement__kind__in=params["kinds"],
    )
    if "roles" in params:
        qs = qs.filter(role__in=params["roles"])
    return qs, "engagement__start_date", PERSON_KEYS


def _people_attended(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[Row]:
    qs, date, keys = _attendances(scope, params)
    return people_rows(
        qs, date=date, start=start, end=end, granularity=kw["granularity"], by=kw["by"], keys=keys
    )


def _people_attended_many(
    *, scope: Scope, params: Mapping[str, Any], requests: list[Request], by: str | None
) -> list[list[Row]]:
    return people_many(_attendances(scope, params), requests, by)


def _people_attended_records(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[uuid.UUID]:
    qs, date, keys = _attendances(scope, params)
    return people_ids(qs, date=date, start=start, end=end, by=kw["by"], key=kw["key"], keys=keys)


# Organisations engaged

ORG_KEYS: dict[str, str] = {
    Disaggregation.COUNTRY.value: "country",
    Disaggregation.ORGANIZATION_KIND.value: "kind",
}


def _engaged_pairs(
    scope: Scope,
    params: Mapping[str, Any],
    start: dt.date,
    end: dt.date,
    granularity: str,
    by: str | None,
) -> list[tuple[str, uuid.UUID, str]]:
    """Distinct (period label, organisation id, its key for `by`): one query, a UNION of the
    three ways an organisation takes part (itself, one of its people, as host). The key is
    read from the organisation each branch joins anyway: looking the keys up afterwards cost a
    second query with thousands of ids (a fifth of the measure's time at scale 1)."""
    engagements = engagement_queryset(scope).filter(in_range("start_date", start, end))
    participants = Participant.objects.filter(
        visible.engagements(scope, "engagement__"),
        in_range("engagement__start_date", start, end),
        workspace=scope.workspace,
    )
    if "kinds" in params:
        engagements = engagements.filter(kind__in=params["kinds"])
        participants = participants.filter(engagement__kind__in=params["kinds"])

    def pairs(qs: QuerySet[Any], date: str, org: str) -> QuerySet[Any]:
        key = F(f"{org}__{ORG_KEYS[by]}") if by else Value("", output_field=CharField())
        out: QuerySet[Any] = (
            qs.annotate(r_period=period_of(date, granularity), r_org=F(f"{org}_id"), r_key=key)
            .values("r_period", "r_org", "r_key")
            .order_by()
            # Each branch made distinct first: the UNION then sorts tens of thousands of
            # rows, not the hundreds of thousands of attendances (which spilled to disk).
            .distinct()
        )
        return out

    parts = [
        pairs(
            participants.filter(visible.organizations(scope, "organization__")),
            "engagement__start_date",
            "organization",
        ),
        pairs(
            participants.filter(
                visible.people(scope, "person__"),
                visible.organizations(scope, "person__organization__"),
            ),
            "engagement__start_date",
            "person__organization",
        ),
    ]
    if params.get("include_hosts", True):
        parts.append(
            pairs(
                engagements.filter(visible.organizations(scope, "host_organization__")),
                "start_date",
                "host_organization",
            )
        )
    union = parts[0].union(*parts[1:])
    return list({(row["r_period"], row["r_org"], str(row["r_key"] or "")) for row in union})


def _engaged_in_range(
    scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, by: str | None
) -> list[tuple[str, uuid.UUID, str]]:
    """_engaged_pairs for the whole range (the value to date, the drill-down), asked of each
    visible organisation: does it take part in one of the three ways (EXISTS)? Each test
    stops at the first attendance found, where the UNION reads every attendance in range
    (on PostgreSQL at scale 1 a tenth of the time)."""
    engagements = engagement_queryset(scope).filter(in_range("start_date", start, end))
    participants = Participant.objects.filter(
        visible.engagements(scope, "engagement__"),
        in_range("engagement__start_date", start, end),
        workspace=scope.workspace,
    )
    if "kinds" in params:
        engagements = engagements.filter(kind__in=params["kinds"])
        participants = participants.filter(engagement__kind__in=params["kinds"])
    took_part = Q(Exists(participants.filter(organization=OuterRef("pk")))) | Q(
        Exists(
            participants.filter(
                visible.people(scope, "person__"), person__organization=OuterRef("pk")
            )
        )
    )
    if params.get("include_hosts", True):
        took_part |= Q(Exists(engagements.filter(host_organization=OuterRef("pk"))))
    key = F(ORG_KEYS[by]) if by else Value("", output_field=CharField())
    rows = organization_queryset(scope).filter(took_part).annotate(r_key=key)
    return [(PROGRAMME, pk, str(k or "")) for pk, k in rows.values_list("pk", "r_key")]


# The keys of an organisation taking part itself, and through one of its people, on a fact.
ORG_FACT_KEYS: dict[str, tuple[str, str]] = {
    Disaggregation.COUNTRY.value: ("org_country", "person_country"),
    Disaggregation.ORGANIZATION_KIND.value: ("org_kind", "person_org_kind"),
}


def _engaged_branches(
    scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, by: str | None
) -> list[QuerySet[Any]]:
    """For members without row limits, the three ways an organisation takes part as rows
    (r_date, r_entity: the organisation, r_key: its key for `by`): itself and through one of
    its people read from the facts (one narrow table instead of participants, engagements,
    people and organisations), as host from the engagements."""
    facts = ParticipationFact.objects.filter(
        in_range("date", start, end), workspace_id=scope.workspace.pk
    )
    hosts = engagement_queryset(scope).filter(
        in_range("start_date", start, end), visible.organizations(scope, "host_organization__")
    )
    if "kinds" in params:
        facts = facts.filter(kind__in=params["kinds"])
        hosts = hosts.filter(kind__in=params["kinds"])
    blank = Value("", output_field=CharField())

    def rows(qs: QuerySet[Any], date: str, org: str, key: str | None) -> QuerySet[Any]:
        out: QuerySet[Any] = (
            qs.annotate(r_date=F(date), r_entity=F(org), r_key=F(key) if key else blank)
            .order_by()
            .values("r_date", "r_entity", "r_key")
        )
        return out

    own_key, person_key = ORG_FACT_KEYS[by] if by else (None, None)
    branches = [
        rows(facts.filter(org_live=True), "date", "organization_id", own_key),
        rows(
            facts.filter(visible.fact_people(scope), person_org_live=True),
            "date",
            "person_org_id",
            person_key,
        ),
    ]
    if params.get("include_hosts", True):
        host_key = f"host_organization__{ORG_KEYS[by]}" if by else None
        branches.append(rows(hosts, "start_date", "host_organization_id", host_key))
    return branches


def _organizations_engaged_many(
    *, scope: Scope, params: Mapping[str, Any], requests: list[Request], by: str | None
) -> list[list[Row]]:
    if scope.is_partner or not requests:
        return [
            _organizations_engaged(scope=scope, params=params, start=a, end=b, granularity=g, by=by)
            for a, b, g in requests
        ]
    found = windows(requests)
    if not found:
        return [[] for _ in requests]
    lo, hi = window_span(found)
    branches = _engaged_branches(scope, params, lo, hi, by)
    union = branches[0].union(*branches[1:], all=True)
    return distinct_in_windows(union, keyed=by is not None, requests=requests)


def _organizations_engaged(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[Row]:
    granularity, by = kw["granularity"], kw["by"]
    if not scope.is_partner:
        return _organizations_engaged_many(
            scope=scope, params=params, requests=[(start, end, granularity)], by=by
        )[0]
    counts: dict[tuple[str, str | None], int] = defaultdict(int)
    if granularity == PROGRAMME:
        triples = _engaged_in_range(scope, params, start, end, by)
    else:
        triples = _engaged_pairs(scope, params, start, end, granularity, by)
    for label, _org, key in triples:
        counts[(label, key if by else None)] += 1
    return [Row(label, key, Decimal(n)) for (label, key), n in counts.items()]


def _organizations_engaged_records(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[uuid.UUID]:
    by = kw["by"] if kw["key"] is not None else None
    if not scope.is_partner:
        branches = [
            b.values_list("r_entity", "r_key").distinct()
            for b in _engaged_branches(scope, params, start, end, by)
        ]
        found = branches[0].union(*branches[1:])
        return list({org for org, key in found if by is None or str(key or "") == kw["key"]})
    triples = _engaged_in_range(scope, params, start, end, by)
    return list({org for _, org, key in triples if by is None or key == kw["key"]})


# Engagements by kind

ENGAGEMENT_KEYS: dict[str, str] = {Disaggregation.COUNTRY.value: "country"}
READING_KEYS: dict[str, str] = {Disaggregation.COUNTRY.value: "engagement__country"}


def _engagements(scope: Scope, params: Mapping[str, Any]) -> QuerySet[Any]:
    qs = engagement_queryset(scope)
    if "kinds" in params:
        qs = qs.filter(kind__in=params["kinds"])
    if not params.get("include_parts", False):
        qs = qs.filter(parent__isnull=True)
    return qs


def _engagements_count(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[Row]:
    qs = _engagements(scope, params).filter(in_range("start_date", start, end))
    return count_rows(
        grouped(
            qs,
            date="start_date",
            granularity=kw["granularity"],
            key=breakdown_path(ENGAGEMENT_KEYS, kw["by"]),
            aggregates={"r_value": Count("id")},
        )
    )


def _engagements_many(
    *, scope: Scope, params: Mapping[str, Any], requests: list[Request], by: str | None
) -> list[list[Row]]:
    return windowed_counts(
        lambda _first, _last: _engagements(scope, params),
        date="start_date",
        key=breakdown_path(ENGAGEMENT_KEYS, by),
        requests=requests,
        aggregate=lambda window: Count("id", filter=window),
    )


def _engagements_records(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[uuid.UUID]:
    qs = _engagements(scope, params).filter(
        in_range("start_date", start, end),
        key_filter(breakdown_path(ENGAGEMENT_KEYS, kw["by"]), kw["key"]),
    )
    return list(qs.values_list("pk", flat=True))


# Reach by metric


def _latest_readings(scope: Scope, params: Mapping[str, Any]) -> QuerySet[Any]:
    """The ids of each engagement's latest live reading of the metric (latest as_of, then the
    latest entered): a revised figure replaces the earlier one, never adds to it. One window
    over the readings (ROW_NUMBER per engagement) instead of a subquery run for every
    engagement in range: 160 ms to 40 ms per request at scale 1 on PostgreSQL."""
    ranked = ReachReading.objects.filter(
        workspace=scope.workspace, metric=params["metric"]
    ).annotate(
        r_rank=Window(
            RowNumber(),
            partition_by=[F("engagement_id")],
            order_by=[F("as_of").desc(), F("created_at").desc(), F("id").desc()],
        )
    )
    latest: QuerySet[Any] = ranked.filter(r_rank=1).values("pk")
    return latest


def _reached(scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date) -> Any:
    """The latest reading of each visible engagement in range (visibility as join conditions:
    see visible.py)."""
    qs = ReachReading.objects.filter(
        visible.engagements(scope, "engagement__"),
        in_range("engagement__start_date", start, end),
        workspace=scope.workspace,
        pk__in=_latest_readings(scope, params),
    )
    if "kinds" in params:
        qs = qs.filter(engagement__kind__in=params["kinds"])
    return qs


def _reach(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[Row]:
    return count_rows(
        grouped(
            _reached(scope, params, start, end),
            date="engagement__start_date",
            granularity=kw["granularity"],
            key=breakdown_path(READING_KEYS, kw["by"]),
            aggregates={"r_value": Sum("value")},
        )
    )


def _reach_many(
    *, scope: Scope, params: Mapping[str, Any], requests: list[Request], by: str | None
) -> list[list[Row]]:
    return windowed_counts(
        lambda first, last: _reached(scope, params, first, last),
        date="engagement__start_date",
        key=breakdown_path(READING_KEYS, by),
        requests=requests,
        aggregate=lambda window: Sum("value", filter=window),
    )


def _reach_records(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[uuid.UUID]:
    qs = _reached(scope, params, start, end).filter(
        key_filter(breakdown_path(READING_KEYS, kw["by"]), kw["key"])
    )
    return list(set(qs.values_list("engagement_id", flat=True)))


# Follow-ups done on time

FOLLOW_UP_KEYS: dict[str, str] = {
    Disaggregation.COUNTRY.value: "counterpart_organization__country",
    Disaggregation.ORGANIZATION_KIND.value: "counterpart_organization__kind",
}


def _on_time(scope: Scope, start: dt.date, end: dt.date) -> QuerySet[Any]:
    return follow_up_queryset(scope).filter(
        in_range("done_on", start, end),
        status=FollowUpStatus.DONE,
        due_date__isnull=False,
        done_on__lte=F("due_date"),
    )


def _follow_ups_on_time(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[Row]:
    return count_rows(
        grouped(
            _on_time(scope, start, end),
            date="done_on",
            granularity=kw["granularity"],
            key=breakdown_path(FOLLOW_UP_KEYS, kw["by"]),
            aggregates={"r_value": Count("id")},
        )
    )


def _follow_ups_on_time_many(
    *, scope: Scope, params: Mapping[str, Any], requests: list[Request], by: str | None
) -> list[list[Row]]:
    return windowed_counts(
        lambda first, last: _on_time(scope, first, last),
        date="done_on",
        key=breakdown_path(FOLLOW_UP_KEYS, by),
        requests=requests,
        aggregate=lambda window: Count("id", filter=window),
    )


def _follow_ups_on_time_records(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[uuid.UUID]:
    by_key = key_filter(breakdown_path(FOLLOW_UP_KEYS, kw["by"]), kw["key"])
    qs = _on_time(scope, start, end).filter(by_key)
    return list(qs.values_list("pk", flat=True))


# The measures

PEOPLE_ATTENDED = Measure(
    name="people_attended",
    label=_("People who attended engagements of given kinds"),
    unit=Unit.NUMBER,
    additive=True,
    disaggregations=PERSON_DISAGGREGATIONS,
    params={
        "kinds": Param("choices", _("engagement kinds"), required=True, choices=KINDS),
        "roles": Param(
            "choices",
            _("participant roles (all when absent)"),
            choices=tuple(ParticipantRole.values),
        ),
    },
    record_model="stakeholders.Person",
    compute_fn=_people_attended,
    records_fn=_people_attended_records,
    many_fn=_people_attended_many,
)


ORGANIZATIONS_ENGAGED = Measure(
    name="organizations_engaged",
    label=_("Organisations engaged"),
    unit=Unit.NUMBER,
    additive=True,
    disaggregations=ORG_DISAGGREGATIONS,
    params={
        "kinds": KINDS_PARAM,
        "include_hosts": Param("bool", _("count host organisations"), default=True),
    },
    record_model="stakeholders.Organization",
    compute_fn=_organizations_engaged,
    records_fn=_organizations_engaged_records,
    many_fn=_organizations_engaged_many,
)


ENGAGEMENTS = Measure(
    name="engagements",
    label=_("Engagements by kind"),
    unit=Unit.NUMBER,
    additive=True,
    disaggregations=(Disaggregation.COUNTRY.value,),
    params={
        "kinds": KINDS_PARAM,
        "include_parts": Param(
            "bool", _("count the parts of nested engagements too"), default=False
        ),
    },
    record_model="engagements.Engagement",
    compute_fn=_engagements_count,
    records_fn=_engagements_records,
    many_fn=_engagements_many,
)


REACH = Measure(
    name="reach",
    label=_("Reach by metric (latest readings)"),
    unit=Unit.NUMBER,
    additive=True,
    disaggregations=(Disaggregation.COUNTRY.value,),
    params={
        "metric": Param("choice", _("metric"), required=True, choices=tuple(ReachMetric.values)),
        "kinds": KINDS_PARAM,
    },
    record_model="engagements.Engagement",
    compute_fn=_reach,
    records_fn=_reach_records,
    many_fn=_reach_many,
)


FOLLOW_UPS_ON_TIME = Measure(
    name="follow_ups_on_time",
    label=_("Follow-ups done on time"),
    unit=Unit.NUMBER,
    additive=True,
    disaggregations=ORG_DISAGGREGATIONS,
    params={},
    record_model="engagements.FollowUp",
    compute_fn=_follow_ups_on_time,
    records_fn=_follow_ups_on_time_records,
    many_fn=_follow_ups_on_time_many,
)
