"""A property of the measures, on generated records: where a measure says it is additive, its
values broken down by any supported disaggregation add up to the total in every period (an
unknown key counts as its own key, ""); where it does not, it says so."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enlace.core.permissions import Role
from enlace.engagements.tests import factories as engagements
from enlace.learning.services import enrollments
from enlace.learning.tests import factories as learning
from enlace.partnerships.tests import factories as partnerships
from enlace.results.measures import MEASURES
from enlace.results.tests.world import complete
from enlace.stakeholders.tests import factories as registry
from enlace.testing import make_member, make_workspace

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2026, 12, 31)
ORGS = (("CO", "ngo"), ("PE", "government"), ("", "academia"))
_slugs = itertools.count()

people = st.lists(
    st.tuples(
        st.sampled_from([None, 0, 1, 2]),
        st.sampled_from(["", "female", "male"]),
        st.sampled_from(["", "legal", "health"]),
    ),
    min_size=1,
    max_size=5,
)
trainings = st.lists(
    st.tuples(
        st.integers(0, 20),  # month offset from START
        st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["completed", "withdrawn"]))),
    ),
    max_size=3,
)
meetings = st.lists(
    st.tuples(
        st.integers(0, 20),
        st.sampled_from(["CO", "PE", ""]),
        st.lists(st.integers(0, 4), max_size=4),  # people taking part
        st.lists(st.integers(0, 2), max_size=2),  # organisations taking part
        st.sampled_from([None, 0, 1, 2]),  # host
        st.lists(st.integers(0, 500), max_size=3),  # reach readings, in order
    ),
    max_size=4,
)
follow_ups = st.lists(
    st.tuples(st.integers(0, 20), st.integers(-3, 3), st.sampled_from([None, 0, 1, 2])),
    max_size=4,
)
opportunities = st.lists(st.sampled_from([0, 1, 2]), max_size=3)


def _day(offset: int, day: int = 10) -> dt.date:
    return dt.date(2025 + offset // 12, offset % 12 + 1, day)


def _build(scope: Any, data: dict[str, Any]) -> None:
    orgs = [registry.organization(scope, country=c, kind=k) for c, k in ORGS]
    folks = [
        registry.person(
            scope,
            organization=orgs[o] if o is not None else None,
            sex=sex,
            discipline=discipline,
        )
        for o, sex, discipline in data["people"]
    ]
    for offset, enrolled in data["trainings"]:
        training = learning.make_training(scope, sessions=1, start=_day(offset))
        for index, outcome in {i % len(folks): o for i, o in enrolled}.items():
            enrollment = complete(scope, training, folks[index])
            if outcome == "withdrawn":
                enrollments.enrollment_update(
                    scope=scope, enrollment=enrollment, data={"status": "withdrawn"}
                )
    for offset, country, persons, organizations, host, readings in data["meetings"]:
        meeting = engagements.engagement(
            scope,
            kind="meeting",
            start_date=_day(offset),
            country=country,
            host_organization=orgs[host] if host is not None else None,
        )
        for index in {i % len(folks) for i in persons}:
            engagements.participant(scope, meeting, person=folks[index])
        for index in set(organizations):
            engagements.participant(scope, meeting, organization=orgs[index])
        for n, value in enumerate(readings):
            engagements.reach(
                scope,
                meeting,
                metric="registered",
                value=value,
                as_of=meeting.start_date + dt.timedelta(days=n),
            )
    for offset, late, counterpart in data["follow_ups"]:
        due = _day(offset)
        item = engagements.follow_up(
            scope,
            due_date=due,
            counterpart_organization=orgs[counterpart] if counterpart is not None else None,
        )
        from enlace.engagements.services import follow_ups as services

        services.follow_up_update(
            scope=scope,
            follow_up=item,
            data={"status": "done", "done_on": due + dt.timedelta(days=late)},
        )
    for index in data["opportunities"]:
        partnerships.opportunity(scope, counterpart_organization=orgs[index])


PARAMS = {
    "people_trained": {},
    "people_attended": {"kinds": ["meeting"]},
    "organizations_engaged": {"kinds": ["meeting"]},
    "engagements": {},
    "reach": {"metric": "registered"},
    "opportunities_in_stage": {"stage": "identified"},
    "agreements_active": {},
    "follow_ups_on_time": {},
}


def test_only_shares_say_they_are_not_additive():
    assert {name for name, m in MEASURES.items() if not m.additive} == {"knowledge_gain_share"}
    assert set(PARAMS) == {name for name, m in MEASURES.items() if m.additive}


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    people=people,
    trainings=trainings,
    meetings=meetings,
    follow_ups=follow_ups,
    opportunities=opportunities,
)
def test_additive_measures_add_up_across_every_breakdown(
    db: None,
    people: Any,
    trainings: Any,
    meetings: Any,
    follow_ups: Any,
    opportunities: Any,
) -> None:
    # A fresh workspace per example: the examples share one database transaction.
    scope = make_member(make_workspace(f"h{next(_slugs)}"), Role.EDITOR)
    _build(
        scope,
        {
            "people": people,
            "trainings": trainings,
            "meetings": meetings,
            "follow_ups": follow_ups,
            "opportunities": opportunities,
        },
    )
    for name, params in PARAMS.items():
        measure = MEASURES[name]
        for granularity in ("quarter", "programme"):
            totals = {
                r.period: r.value
                for r in measure.compute(
                    scope=scope, params=params, start=START, end=END, granularity=granularity
                )
            }
            for by in measure.disaggregations:
                sums: dict[str, Decimal] = defaultdict(Decimal)
                for row in measure.compute(
                    scope=scope,
                    params=params,
                    start=START,
                    end=END,
                    granularity=granularity,
                    by=by,
                ):
                    assert row.key is not None
                    sums[row.period] += row.value
                assert dict(sums) == totals, (name, granularity, by)
