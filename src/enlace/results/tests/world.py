"""A small hand-counted record for the measure tests: every figure the tests expect is worked
out in the comments next to the rows that make it, traps included (a person trained twice, a
withdrawn enrolment, a reach reading revised downward, an engagement out of range, a gain
exactly at the threshold)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from enlace.core.scoping import Scope
from enlace.engagements.tests import factories as engagements
from enlace.learning.models import Enrollment, Response
from enlace.learning.services import enrollments
from enlace.learning.tests import factories as learning
from enlace.partnerships.models import StageChange
from enlace.partnerships.services import agreements
from enlace.partnerships.tests import factories as partnerships
from enlace.stakeholders.tests import factories as registry


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


@dataclass
class World:
    scope: Scope
    ids: dict[str, Any] = field(default_factory=dict)


def complete(scope: Scope, training: Any, person: Any) -> Enrollment:
    """Enrol and mark present on every session: the services complete the enrolment."""
    enrollment = learning.enroll(scope, training, person)
    learning.mark(scope, training, enrollment, "present")
    enrollment.refresh_from_db()
    assert enrollment.status == "completed"
    return enrollment


def response(
    scope: Scope, enrollment: Enrollment, instrument: Any, earned: int, possible: int
) -> None:
    """A scored response as the scoring service keeps it (points per enrolment and phase)."""
    Response.objects.create(
        workspace=scope.workspace,
        enrollment=enrollment,
        instrument=instrument,
        phase=instrument.phase,
        source="staff",
        points_earned=earned,
        points_possible=possible,
    )


def build(scope: Scope) -> World:
    world = World(scope)
    org_a = registry.organization(scope, country="CO", kind="ngo")
    org_b = registry.organization(scope, country="PE", kind="government")
    org_c = registry.organization(scope, country="CO", kind="academia")
    p1 = registry.person(scope, organization=org_a, sex="female", discipline="legal")
    p2 = registry.person(scope, organization=org_a, sex="male", discipline="health")
    p3 = registry.person(scope, organization=org_b, sex="female", discipline="legal")
    p4 = registry.person(scope)  # no organisation, nothing known
    world.ids.update(org_a=org_a.pk, org_b=org_b.pk, org_c=org_c.pk)
    world.ids.update(p1=p1.pk, p2=p2.pk, p3=p3.pk, p4=p4.pk)

    # people_trained: T1 (2025-03-03) p1, p2 completed, p3 completed then withdrawn;
    # T2 (2025-05-05) p1 again, p4; T3 (2025-08-04) p2.
    # Whole programme: p1, p2, p4 = 3. Quarters: Q1 2, Q2 2, Q3 1. By country: CO 2, "" 1.
    t1 = learning.make_training(scope, sessions=1, start=dt.date(2025, 3, 3))
    complete(scope, t1, p1)
    complete(scope, t1, p2)
    withdrawn = complete(scope, t1, p3)
    enrollments.enrollment_update(scope=scope, enrollment=withdrawn, data={"status": "withdrawn"})
    t2 = learning.make_training(scope, sessions=1, kind="workshop", start=dt.date(2025, 5, 5))
    complete(scope, t2, p1)
    complete(scope, t2, p4)
    t3 = learning.make_training(scope, sessions=1, start=dt.date(2025, 8, 4))
    complete(scope, t3, p2)

    # people_attended (meetings): E1 p1, p2 (+ org_b itself; host org_c); E2 p1 again, p3 as
    # observer; E3 is a seminar (p4); E4 a meeting in 2027, out of range (p4).
    # Meetings, whole programme: p1, p2, p3 = 3; as participants only: 2.
    # organizations_engaged (meetings): org_a (its people), org_b (itself, p3), org_c (host)
    # = 3, without hosts 2; by country CO 2, PE 1.
    # engagements (meetings): E1, E2 = 2; with parts (E1's child) 3.
    e1 = engagements.engagement(
        scope,
        kind="meeting",
        start_date=dt.date(2025, 2, 10),
        country="CO",
        host_organization=org_c,
    )
    engagements.participant(scope, e1, person=p1)
    engagements.participant(scope, e1, person=p2)
    engagements.participant(scope, e1, organization=org_b)
    engagements.engagement(
        scope, kind="meeting", start_date=dt.date(2025, 2, 10), parent=e1, country="CO"
    )
    e2 = engagements.engagement(
        scope, kind="meeting", start_date=dt.date(2025, 2, 20), country="PE"
    )
    engagements.participant(scope, e2, person=p1)
    engagements.participant(scope, e2, person=p3, role="observer")
    e3 = engagements.engagement(scope, kind="seminar", start_date=dt.date(2025, 2, 25))
    engagements.participant(scope, e3, person=p4)
    e4 = engagements.engagement(scope, kind="meeting", start_date=dt.date(2027, 1, 10))
    engagements.participant(scope, e4, person=p4)
    world.ids.update(e1=e1.pk, e2=e2.pk)

    # reach (recording_views): R1 (CO, 2025-06-02) read 100, 250, then revised down to 200;
    # R2 (PE, 2025-07-01) 50. Whole programme 250; Q2 200, Q3 50; CO 200, PE 50.
    r1 = engagements.engagement(scope, kind="webinar", start_date=dt.date(2025, 6, 2), country="CO")
    for value, day in ((100, 2), (250, 10), (200, 20)):
        engagements.reach(
            scope, r1, metric="recording_views", value=value, as_of=dt.date(2025, 6, day)
        )
    r2 = engagements.engagement(scope, kind="webinar", start_date=dt.date(2025, 7, 1), country="PE")
    engagements.reach(scope, r2, metric="recording_views", value=50)
    world.ids.update(r1=r1.pk, r2=r2.pk)

    # knowledge_gain_share (min 20): G1 (2025-09-01). p1 2/10 -> 5/10 (+30, yes); p2 4/10 ->
    # 6/10 (+20 exactly, yes); p3 5/10 -> 6/10 (+10, no); p4 pre only (unmatched); p5
    # 0/10 -> 10/10 but withdrawn (out); p6 1/3 -> 8/15 (+20 exactly in fractions, yes).
    # Matched 4, at least 20: 3 -> 75%. Female (p1, p3) 50%, male (p2, p6) 100%.
    p5 = registry.person(scope, organization=org_b, sex="female")
    p6 = registry.person(scope, organization=org_b, sex="male")
    g1 = learning.make_training(scope, sessions=1, start=dt.date(2025, 9, 1))
    pre = learning.attach(scope, g1, phase="pre")
    post = learning.attach(scope, g1, phase="post")
    scores = {
        "p1": (p1, (2, 10), (5, 10)),
        "p2": (p2, (4, 10), (6, 10)),
        "p3": (p3, (5, 10), (6, 10)),
        "p4": (p4, (1, 10), None),
        "p5": (p5, (0, 10), (10, 10)),
        "p6": (p6, (1, 3), (8, 15)),
    }
    gain_enrollments = {}
    for name, (person, before, after) in scores.items():
        enrollment = learning.enroll(scope, g1, person)
        gain_enrollments[name] = enrollment.pk
        response(scope, enrollment, pre, *before)
        if after is not None:
            response(scope, enrollment, post, *after)
    enrollments.enrollment_update(
        scope=scope,
        enrollment=Enrollment.objects.get(pk=gain_enrollments["p5"]),
        data={"status": "withdrawn"},
    )
    world.ids["gain_enrollments"] = gain_enrollments

    # opportunities_in_stage (submitted): O1 (org_a, CO) identified 2025-01-05, submitted
    # 2025-02-10, won 2025-05-20: in Q1 and Q2. O2 (org_b, PE) submitted from 2025-04-02 on.
    # Quarters of 2025: Q1 1, Q2 2, Q3 1, Q4 1. Whole programme 2 (CO 1, PE 1).
    o1 = partnerships.opportunity(scope, counterpart_organization=org_a)
    StageChange.objects.filter(opportunity=o1).update(at=noon(dt.date(2025, 1, 5)))
    partnerships.move(scope, o1, "submitted", at=noon(dt.date(2025, 2, 10)))
    partnerships.move(scope, o1, "won", at=noon(dt.date(2025, 5, 20)))
    o2 = partnerships.opportunity(scope, counterpart_organization=org_b)
    StageChange.objects.filter(opportunity=o2).update(at=noon(dt.date(2025, 4, 1)))
    partnerships.move(scope, o2, "submitted", at=noon(dt.date(2025, 4, 2)))
    world.ids.update(o1=o1.pk, o2=o2.pk)

    # agreements_active: A1 2025-03-01..2025-06-30 (Q1, Q2); A2 signed 2025-11-15, open (Q4
    # on); A3 a draft. Quarters of 2025: Q1 1, Q2 1, Q3 none, Q4 1; whole programme 2.
    a1 = agreements.agreement_create(
        scope=scope,
        data={
            "title": "A1",
            "kind": "grant_agreement",
            "status": "active",
            "start_date": dt.date(2025, 3, 1),
            "end_date": dt.date(2025, 6, 30),
        },
    )
    a2 = agreements.agreement_create(
        scope=scope,
        data={
            "title": "A2",
            "kind": "memorandum_of_understanding",
            "status": "active",
            "signed_on": dt.date(2025, 11, 15),
        },
    )
    agreements.agreement_create(
        scope=scope,
        data={"title": "A3", "kind": "grant_agreement", "start_date": dt.date(2025, 1, 1)},
    )
    world.ids.update(a1=a1.pk, a2=a2.pk)

    # follow_ups_on_time: F1 due 03-10 done 03-08 (org_a, yes); F2 done late; F3 due and done
    # 04-10 (no counterpart, yes); F4 open; F5 done without a due date.
    # Whole programme 2; 2025-03 1, 2025-04 1; CO 1, "" 1.
    def follow_up(due: dt.date | None, done: dt.date | None, **data: Any) -> Any:
        item = engagements.follow_up(scope, due_date=due, **data)
        if done is not None:
            from enlace.engagements.services import follow_ups

            item = follow_ups.follow_up_update(
                scope=scope, follow_up=item, data={"status": "done", "done_on": done}
            )
        return item

    f1 = follow_up(dt.date(2025, 3, 10), dt.date(2025, 3, 8), counterpart_organization=org_a)
    follow_up(dt.date(2025, 3, 10), dt.date(2025, 3, 12))
    f3 = follow_up(dt.date(2025, 4, 10), dt.date(2025, 4, 10))
    follow_up(dt.date(2025, 3, 1), None)
    follow_up(None, dt.date(2025, 3, 5))
    world.ids.update(f1=f1.pk, f3=f3.pk)
    assert timezone.now().date() > dt.date(2025, 12, 31)  # the open spans run to today
    return world
