"""Measures of the engagement record: people who attended, organisations engaged, engagements
by kind, reach (latest readings) and follow-ups done on time."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
)
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
    KINDS,
    KINDS_PARAM,
    ORG_DISAGGREGATIONS,
    PERSON_DISAGGREGATIONS,
    PERSON_KEYS,
    Measure,
    Param,
    Row,
    breakdown_path,
    count_rows,
    grouped,
    in_range,
    key_filter,
    period_of,
)
from enlace.results.models import Disaggregation, Unit
from enlace.results.periods import PROGRAMME
from enlace.stakeholders.selectors import organization_queryset

# People who attended engagements of given kinds


def _attendances(scope: Scope, params: Mapping[str, Any]) -> QuerySet[Participant]:
    qs = Participant.objects.filter(
        visible.engagements(scope, "engagement__"),
        visible.people(scope, "person__"),
        workspace=scope.workspace,
        engagement__kind__in=params["kinds"],
    )
    if "roles" in params:
        qs = qs.filter(role__in=params["roles"])
    return qs


def _people_attended(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[Row]:
    date = "engagement__start_date"
    qs = _attendances(scope, params).filter(in_range(date, start, end))
    return count_rows(
        grouped(
            qs,
            date=date,
            granularity=kw["granularity"],
            key=breakdown_path(PERSON_KEYS, kw["by"]),
            aggregates={"r_value": Count("person_id", distinct=True)},
        )
    )


def _people_attended_records(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[uuid.UUID]:
    qs = _attendances(scope, params).filter(
        in_range("engagement__start_date", start, end),
        key_filter(breakdown_path(PERSON_KEYS, kw["by"]), kw["key"]),
    )
    return list(set(qs.values_list("person_id", flat=True)))


# Organisations engaged

ORG_KEYS: dict[str, str] = {
    Disaggregation.COUNTRY.value: "country",
    Disaggregation.ORGANIZATION_KIND.value: "kind",
}


def _engaged_pairs(
    scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, granularity: str
) -> list[tuple[str, uuid.UUID]]:
    """Distinct (period label, organisation id): one query, a UNION of the three ways an
    organisation takes part (itself, one of its people, as host)."""
    engagements = engagement_queryset(scope).filter(in_range("start_date", start, end))
    participants = Participant.objects.filter(
        visible.engagements(scope, "engagement__"),
        in_range("engagement__start_date", start, end),
        workspace=scope.workspace,
    )
    if "kinds" in params:
        engagements = engagements.filter(kind__in=params["kinds"])
        participants = participants.filter(engagement__kind__in=params["kinds"])
    on = period_of("engagement__start_date", granularity)
    parts = [
        participants.filter(visible.organizations(scope, "organization__"))
        .annotate(r_period=on, r_org=F("organization_id"))
        .values("r_period", "r_org"),
        participants.filter(
            visible.people(scope, "person__"),
            visible.organizations(scope, "person__organization__"),
        )
        .annotate(r_period=on, r_org=F("person__organization_id"))
        .values("r_period", "r_org"),
    ]
    if params.get("include_hosts", True):
        parts.append(
            engagements.filter(visible.organizations(scope, "host_organization__"))
            .annotate(
                r_period=period_of("start_date", granularity), r_org=F("host_organization_id")
            )
            .values("r_period", "r_org")
        )
    union = parts[0].order_by().union(*(p.order_by() for p in parts[1:]))
    return list({(row["r_period"], row["r_org"]) for row in union})


def _org_keys(scope: Scope, ids: Iterable[uuid.UUID], by: str | None) -> dict[uuid.UUID, str]:
    if by is None:
        return {}
    return {
        pk: str(value or "")
        for pk, value in organization_queryset(scope)
        .filter(pk__in=set(ids))
        .values_list("pk", ORG_KEYS[by])
    }


def _organizations_engaged(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[Row]:
    granularity, by = kw["granularity"], kw["by"]
    pairs = _engaged_pairs(scope, params, start, end, granularity)
    keys = _org_keys(scope, (org for _, org in pairs), by)
    counts: dict[tuple[str, str | None], int] = defaultdict(int)
    for label, org in pairs:
        counts[(label, keys.get(org, "") if by else None)] += 1
    return [Row(label, key, Decimal(n)) for (label, key), n in counts.items()]


def _organizations_engaged_records(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[uuid.UUID]:
    ids = {org for _, org in _engaged_pairs(scope, params, start, end, PROGRAMME)}
    if kw["by"] is None or kw["key"] is None:
        return list(ids)
    keys = _org_keys(scope, ids, kw["by"])
    return [pk for pk in ids if keys.get(pk, "") == kw["key"]]


# Engagements by kind

ENGAGEMENT_KEYS: dict[str, str] = {Disaggregation.COUNTRY.value: "country"}


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


def _engagements_records(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[uuid.UUID]:
    qs = _engagements(scope, params).filter(
        in_range("start_date", start, end),
        key_filter(breakdown_path(ENGAGEMENT_KEYS, kw["by"]), kw["key"]),
    )
    return list(qs.values_list("pk", flat=True))


# Reach by metric


def _reached(
    scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, *, read: bool = True
) -> Any:
    """Visible engagements in range, each with its latest reading of the metric (latest as_of,
    then the latest entered): a revised figure replaces the earlier one, never adds to it."""
    latest = (
        ReachReading.objects.filter(engagement=OuterRef("pk"), metric=params["metric"])
        .order_by("-as_of", "-created_at", "-id")
        .values("value")[:1]
    )
    qs = engagement_queryset(scope).filter(in_range("start_date", start, end))
    if "kinds" in params:
        qs = qs.filter(kind__in=params["kinds"])
    qs = qs.annotate(r_latest=Subquery(latest, output_field=IntegerField()))
    # SUM skips engagements without a reading, so the sum need not filter on the subquery
    # (which would run it twice per engagement); the drill-down does.
    return qs.filter(r_latest__isnull=False) if read else qs


def _reach(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[Row]:
    return count_rows(
        grouped(
            _reached(scope, params, start, end, read=False),
            date="start_date",
            granularity=kw["granularity"],
            key=breakdown_path(ENGAGEMENT_KEYS, kw["by"]),
            aggregates={"r_value": Sum("r_latest")},
        )
    )


def _reach_records(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[uuid.UUID]:
    qs = _reached(scope, params, start, end).filter(
        key_filter(breakdown_path(ENGAGEMENT_KEYS, kw["by"]), kw["key"])
    )
    return list(qs.values_list("pk", flat=True))


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
)
