"""A fixed field visit for the report tests: fixed dates, names and figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from enlace.core.scoping import Scope
from enlace.engagements.models import Engagement
from enlace.engagements.services import parts
from enlace.engagements.tests import factories as engagements
from enlace.partnerships.tests import factories as partnerships
from enlace.stakeholders.models import Organization, Person
from enlace.stakeholders.tests import factories as registry

CONSENT = {"consent_date": dt.date(2025, 1, 10), "consent_method": "written"}


@dataclass
class Visit:
    visit: Engagement
    children: list[Engagement]
    ministry: Organization
    named: Person
    unnamed: Person
    survivor: Person
    earlier: Engagement
    later: Engagement

    def placeholders(self) -> dict[str, str]:
        """Record ids -> stable tokens, so that golden files do not depend on random UUIDs."""
        ids = {str(self.visit.pk): "VISIT", str(self.earlier.pk): "EARLIER"}
        ids[str(self.later.pk)] = "LATER"
        for number, child in enumerate(self.children, start=1):
            ids[str(child.pk)] = f"PART-{number}"
        return ids


def build_visit(scope: Scope, **overrides: Any) -> Visit:
    """A three-day field visit to Santiago with two parts (created out of order), people with
    each kind of consent, reach, an outcome, an opportunity, a follow-up and related work."""
    scope.user.full_name = "Ana Reyes"
    scope.user.save(update_fields=["full_name"])
    ministry = registry.organization(
        scope, name="Ministry of Foreign Affairs", kind="government", country="CL"
    )
    ngo = registry.organization(scope, name="Fundación Esperanza", kind="ngo", country="CL")
    named = registry.person(
        scope,
        full_name="Carla Muñoz",
        position="director",
        organization=ministry,
        may_name_publicly=True,
        **CONSENT,
    )
    unnamed = registry.person(
        scope, full_name="Pedro Soto", position="legal adviser", organization=ministry
    )
    survivor = registry.person(
        scope,
        full_name="María Rojas",
        position="advocate",
        organization=ngo,
        may_name_publicly=True,
        lived_experience=True,
        **CONSENT,
    )
    visit = engagements.engagement(
        scope,
        kind="field_visit",
        title=overrides.get("title", "Field visit to Santiago"),
        start_date=dt.date(2025, 3, 3),
        end_date=dt.date(2025, 3, 5),
        country="CL",
        city="Santiago",
        host_organization=ministry,
        objectives=overrides.get(
            "objectives", "Discuss a national referral mechanism.\n\nMeet survivor-led groups."
        ),
        notes="Bring the translated toolkit.",
    )
    engagements.participant(scope, visit, member=scope.membership, role="organiser")
    seminar = engagements.engagement(
        scope,
        kind="seminar",
        title="Seminar on identification",
        parent=visit,
        start_date=dt.date(2025, 3, 5),
        end_date=dt.date(2025, 3, 5),
        mode="hybrid",
        venue="Ministry auditorium",
        city="Santiago",
        country="CL",
        summary=overrides.get("summary", "Sixty officials discussed indicators."),
        notes="The projector failed.",
    )
    meeting = engagements.engagement(
        scope,
        kind="meeting",
        title="Meeting with the ministry",
        parent=visit,
        start_date=dt.date(2025, 3, 3),
        end_date=dt.date(2025, 3, 3),
        city="Santiago",
        country="CL",
        summary="The ministry invited a formal proposal.",
    )
    engagements.participant(scope, meeting, person=named)
    engagements.participant(scope, meeting, person=unnamed)
    engagements.participant(scope, meeting, organization=ministry, role="host")
    engagements.participant(scope, seminar, person=survivor, role="speaker")
    engagements.participant(scope, seminar, organization=ngo)
    parts.audience_set(
        scope=scope,
        engagement=seminar,
        counts=[
            {"dimension": "discipline", "category": "legal", "count": 1250},
            {"dimension": "discipline", "category": "social_work", "count": 12},
            {"dimension": "sex", "category": "female", "count": 40},
            {"dimension": "sex", "category": "male", "count": 17},
            {"dimension": "sex", "category": "other", "count": 3},
        ],
    )
    engagements.reach(
        scope, seminar, metric="in_person_attendees", value=60, as_of=dt.date(2025, 3, 5)
    )
    engagements.reach(
        scope, seminar, metric="recording_views", value=1200, as_of=dt.date(2025, 3, 20)
    )
    engagements.reach(
        scope, seminar, metric="recording_views", value=2345, as_of=dt.date(2025, 4, 1)
    )
    parts.outcome_add(
        scope=scope,
        engagement=meeting,
        data={"statement": "The ministry agreed to a joint roadmap.", "organization": ministry},
    )
    partnerships.opportunity(
        scope,
        title="Proposal for a referral mechanism",
        counterpart_organization=ministry,
        stage="invited",
        origin_engagements=[meeting],
    )
    engagements.follow_up(
        scope,
        title="Send the draft proposal",
        engagement=visit,
        owner=scope.user,
        due_date=dt.date(2025, 4, 15),
    )
    earlier = engagements.engagement(
        scope,
        kind="meeting",
        title="First call with the ministry",
        start_date=dt.date(2024, 11, 12),
        host_organization=ministry,
    )
    later = engagements.engagement(
        scope,
        kind="workshop",
        title="Workshop with Fundación Esperanza",
        start_date=dt.date(2025, 6, 9),
    )
    engagements.participant(scope, later, organization=ngo)
    engagements.engagement(scope, title="Unrelated meeting", start_date=dt.date(2025, 1, 8))
    return Visit(
        visit=visit,
        children=[meeting, seminar],
        ministry=ministry,
        named=named,
        unnamed=unnamed,
        survivor=survivor,
        earlier=earlier,
        later=later,
    )
