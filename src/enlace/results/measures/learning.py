"""Measures of capacity building: people who completed trainings, and the share of matched
trainees with a knowledge gain of at least X points (from the scores kept per enrolment and
phase, never the raw answers)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    F,
    FilteredRelation,
    Q,
    QuerySet,
)
from django.utils.translation import gettext_lazy as _

from enlace.core.scoping import Scope
from enlace.learning.models import Enrollment, EnrollmentStatus, Phase
from enlace.results.measures import visible
from enlace.results.measures.base import (
    CURRICULUM_PARAM,
    FACT_PERSON_KEYS,
    PERSON_DISAGGREGATIONS,
    PERSON_KEYS,
    TRAINING_KINDS_PARAM,
    Measure,
    Param,
    Request,
    Row,
    breakdown_path,
    grouped,
    in_range,
    key_filter,
    people_ids,
    people_many,
    people_rows,
    share_value,
    window_span,
    windowed,
    windows,
)
from enlace.results.models import EnrollmentFact, Unit


def _enrollments(scope: Scope) -> QuerySet[Enrollment]:
    """The enrolments enrollment_queryset(scope) gives, as join conditions (see visible.py)."""
    return Enrollment.objects.filter(
        visible.trainings(scope, "training__"),
        visible.people(scope, "person__"),
        workspace=scope.workspace,
    )


# Distinct people who completed trainings


def _enrollment_facts(scope: Scope, params: Mapping[str, Any]) -> QuerySet[Any]:
    """The facts of the enrolments _enrollments(scope) gives (members without row limits)."""
    qs = EnrollmentFact.objects.filter(visible.fact_people(scope), workspace_id=scope.workspace.pk)
    if "kinds" in params:
        qs = qs.filter(kind__in=params["kinds"])
    if "curriculum" in params:
        qs = qs.filter(curriculum_id=params["curriculum"])
    return qs


def _completions(scope: Scope, params: Mapping[str, Any]) -> tuple[QuerySet[Any], str, Any]:
    """The completed enrolments, the path of their date and of their person's keys."""
    if not scope.is_partner:
        facts = _enrollment_facts(scope, params).filter(status=EnrollmentStatus.COMPLETED)
        return facts, "date", FACT_PERSON_KEYS
    qs = _enrollments(scope).filter(status=EnrollmentStatus.COMPLETED)
    if "kinds" in params:
        qs = qs.filter(training__engagement__kind__in=params["kinds"])
    if "curriculum" in params:
        qs = qs.filter(training__curriculum_id=params["curriculum"])
    return qs, "training__engagement__end_date", PERSON_KEYS


def _people_trained(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[Row]:
    qs, date, keys = _completions(scope, params)
    return people_rows(
        qs, date=date, start=start, end=end, granularity=kw["granularity"], by=kw["by"], keys=keys
    )


def _people_trained_many(
    *, scope: Scope, params: Mapping[str, Any], requests: list[Request], by: str | None
) -> list[list[Row]]:
    return people_many(_completions(scope, params), requests, by)


def _people_trained_records(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[uuid.UUID]:
    qs, date, keys = _completions(scope, params)
    return people_ids(qs, date=date, start=start, end=end, by=kw["by"], key=kw["key"], keys=keys)


# Share of matched trainees with a knowledge gain of at least X points


def _matched(scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date) -> Any:
    """The matched enrolments of _matched_from_records with `r_lhs` and `r_rhs`; for members
    without row limits the same read from the facts, which keep each enrolment's pre- and
    post-test points (paths per _matched_keys)."""
    if scope.is_partner:
        return _matched_from_records(scope, params, start, end)
    hundredths = int(Decimal(params["min_gain"]) * 100)
    qs = (
        _enrollment_facts(scope, params)
        .exclude(status=EnrollmentStatus.WITHDRAWN)
        .filter(in_range("date", start, end), pre_possible__gt=0, post_possible__gt=0)
    )
    lhs = 10000 * (F("post_earned") * F("pre_possible") - F("pre_earned") * F("post_possible"))
    rhs = hundredths * F("pre_possible") * F("post_possible")
    return qs.annotate(r_lhs=lhs, r_rhs=rhs)


def _matched_keys(scope: Scope) -> tuple[str, Mapping[str, str], str]:
    """The date path, the keys and the enrolment id's path of _matched's rows."""
    if scope.is_partner:
        return "training__engagement__end_date", PERSON_KEYS, "pk"
    return "date", FACT_PERSON_KEYS, "enrollment_id"


def _matched_from_records(
    scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date
) -> Any:
    """Enrolments (not withdrawn) with a scored live pre-test and post-test, in trainings whose
    engagement ends in range; `r_hit` holds when the gain is at least min_gain points.

    gain = 100·post_e/post_p - 100·pre_e/pre_p >= X is tested multiplied out in whole numbers
    (X has at most two decimals), so no rounding decides a pair at the threshold."""
    qs = (
        _enrollments(scope)
        .exclude(status=EnrollmentStatus.WITHDRAWN)
        .filter(in_range("training__engagement__end_date", start, end))
        .annotate(
            r_pre=FilteredRelation(
                "responses",
                condition=Q(responses__phase=Phase.PRE, responses__deleted_at__isnull=True),
            ),
            r_post=FilteredRelation(
                "responses",
                condition=Q(responses__phase=Phase.POST, responses__deleted_at__isnull=True),
            ),
        )
        .filter(r_pre__points_possible__gt=0, r_post__points_possible__gt=0)
    )
    if "kinds" in params:
        qs = qs.filter(training__engagement__kind__in=params["kinds"])
    if "curriculum" in params:
        qs = qs.filter(training__curriculum_id=params["curriculum"])
    hundredths = int(Decimal(params["min_gain"]) * 100)
    lhs = 10000 * (
        F("r_post__points_earned") * F("r_pre__points_possible")
        - F("r_pre__points_earned") * F("r_post__points_possible")
    )
    rhs = hundredths * F("r_pre__points_possible") * F("r_post__points_possible")
    return qs.annotate(r_lhs=lhs, r_rhs=rhs)


def _gain_share(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[Row]:
    date, keys, pk = _matched_keys(scope)
    groups = grouped(
        _matched(scope, params, start, end),
        date=date,
        granularity=kw["granularity"],
        key=breakdown_path(keys, kw["by"]),
        aggregates={
            "r_matched": Count(pk),
            "r_hits": Count(pk, filter=Q(r_lhs__gte=F("r_rhs"))),
        },
    )
    return _share_rows(groups)


def _share_rows(groups: list[tuple[str, str | None, dict[str, Any]]]) -> list[Row]:
    return [
        Row(
            period,
            key,
            share_value(values["r_hits"], values["r_matched"]),
            (values["r_hits"], values["r_matched"]),
        )
        for period, key, values in groups
        if values["r_matched"]
    ]


def _gain_share_many(
    *, scope: Scope, params: Mapping[str, Any], requests: list[Request], by: str | None
) -> list[list[Row]]:
    found = windows(requests)
    if not found:
        return [[] for _ in requests]
    lo, hi = window_span(found)
    date, keys, pk = _matched_keys(scope)
    hit = Q(r_lhs__gte=F("r_rhs"))
    groups = windowed(
        _matched(scope, params, lo, hi),
        date=date,
        key=breakdown_path(keys, by),
        requests=requests,
        aggregates=lambda window: {
            "r_matched": Count(pk, filter=window),
            "r_hits": Count(pk, filter=window & hit),
        },
    )
    return [_share_rows(g) for g in groups]


def _gain_share_records(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[uuid.UUID]:
    _date, keys, pk = _matched_keys(scope)
    qs = _matched(scope, params, start, end).filter(
        key_filter(breakdown_path(keys, kw["by"]), kw["key"])
    )
    return list(qs.values_list(pk, flat=True))


# The measures

PEOPLE_TRAINED = Measure(
    name="people_trained",
    label=_("Distinct people who completed trainings"),
    unit=Unit.NUMBER,
    additive=True,
    disaggregations=PERSON_DISAGGREGATIONS,
    params={"kinds": TRAINING_KINDS_PARAM, "curriculum": CURRICULUM_PARAM},
    record_model="stakeholders.Person",
    compute_fn=_people_trained,
    records_fn=_people_trained_records,
    many_fn=_people_trained_many,
)


KNOWLEDGE_GAIN_SHARE = Measure(
    name="knowledge_gain_share",
    label=_("Share of matched trainees with a knowledge gain of at least X points"),
    unit=Unit.PERCENT,
    additive=False,
    disaggregations=PERSON_DISAGGREGATIONS,
    params={
        "min_gain": Param(
            "decimal",
            _("minimum gain in percentage points"),
            default=Decimal(20),
            minimum=Decimal(-100),
            maximum=Decimal(100),
        ),
        "kinds": TRAINING_KINDS_PARAM,
        "curriculum": CURRICULUM_PARAM,
    },
    record_model="learning.Enrollment",
    compute_fn=_gain_share,
    records_fn=_gain_share_records,
    many_fn=_gain_share_many,
    share_parts=True,
)
