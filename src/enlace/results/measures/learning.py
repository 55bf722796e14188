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
    PERSON_DISAGGREGATIONS,
    PERSON_KEYS,
    TRAINING_KINDS_PARAM,
    Measure,
    Param,
    Row,
    breakdown_path,
    grouped,
    in_range,
    key_filter,
    people_ids,
    people_rows,
    share_value,
)
from enlace.results.models import Unit


def _enrollments(scope: Scope) -> QuerySet[Enrollment]:
    """The enrolments enrollment_queryset(scope) gives, as join conditions (see visible.py)."""
    return Enrollment.objects.filter(
        visible.trainings(scope, "training__"),
        visible.people(scope, "person__"),
        workspace=scope.workspace,
    )


# Distinct people who completed trainings


def _completions(scope: Scope, params: Mapping[str, Any]) -> QuerySet[Any]:
    qs = _enrollments(scope).filter(status=EnrollmentStatus.COMPLETED)
    if "kinds" in params:
        qs = qs.filter(training__engagement__kind__in=params["kinds"])
    if "curriculum" in params:
        qs = qs.filter(training__curriculum_id=params["curriculum"])
    return qs


def _people_trained(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[Row]:
    return people_rows(
        _completions(scope, params),
        date="training__engagement__end_date",
        start=start,
        end=end,
        granularity=kw["granularity"],
        by=kw["by"],
    )


def _people_trained_records(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[uuid.UUID]:
    return people_ids(
        _completions(scope, params),
        date="training__engagement__end_date",
        start=start,
        end=end,
        by=kw["by"],
        key=kw["key"],
    )


# Share of matched trainees with a knowledge gain of at least X points


def _matched(scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date) -> Any:
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
    groups = grouped(
        _matched(scope, params, start, end),
        date="training__engagement__end_date",
        granularity=kw["granularity"],
        key=breakdown_path(PERSON_KEYS, kw["by"]),
        aggregates={
            "r_matched": Count("id"),
            "r_hits": Count("id", filter=Q(r_lhs__gte=F("r_rhs"))),
        },
    )
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


def _gain_share_records(
    *, scope: Scope, params: Mapping[str, Any], start: dt.date, end: dt.date, **kw: Any
) -> list[uuid.UUID]:
    qs = _matched(scope, params, start, end).filter(
        key_filter(breakdown_path(PERSON_KEYS, kw["by"]), kw["key"])
    )
    return list(qs.values_list("pk", flat=True))


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
)
