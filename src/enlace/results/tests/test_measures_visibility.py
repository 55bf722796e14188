"""The measures count what each role sees, no more: their join conditions (measures/visible.py)
and the facts' conditions give the same rows as the apps' scoped querysets, for every role,
with the rows that differ between roles present (lived experience, the trash, a partner's own
organisation)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from enlace.core.permissions import Role
from enlace.engagements.models import Engagement, Participant
from enlace.engagements.selectors import engagement_queryset
from enlace.engagements.tests import factories as engagements
from enlace.learning.models import Enrollment
from enlace.learning.selectors.records import enrollment_queryset
from enlace.learning.tests import factories as learning
from enlace.results import facts
from enlace.results.measures import visible
from enlace.results.measures.learning import _enrollments
from enlace.results.models import EnrollmentFact, ParticipationFact
from enlace.results.tests import world as worlds
from enlace.stakeholders.models import Organization, Person
from enlace.stakeholders.selectors import organization_queryset, person_queryset
from enlace.stakeholders.tests import factories as registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def scopes(owner, editor, member):
    world = worlds.build(editor)
    org_a = Organization.objects.get(pk=world.ids["org_a"])
    # Someone with lived experience, trained and at a meeting: owners and managers only.
    survivor = registry.person(
        owner,
        organization=org_a,
        lived_experience=True,
        consent_date=dt.date(2025, 1, 2),
        consent_method="written",
    )
    training = learning.make_training(editor, sessions=1, start=dt.date(2025, 10, 6))
    worlds.complete(owner, training, survivor)
    meeting = engagements.engagement(
        editor, kind="meeting", start_date=dt.date(2025, 10, 7), host_organization=org_a
    )
    engagements.participant(owner, meeting, person=survivor)
    # A trashed engagement with a training and participants, and a trashed person.
    gone = learning.make_training(editor, sessions=1, start=dt.date(2025, 11, 3))
    worlds.complete(editor, gone, registry.person(editor, organization=org_a))
    engagements.participant(editor, gone.engagement, organization=org_a)
    Engagement.all_objects.filter(pk=gone.engagement_id).update(deleted_at=timezone.now())
    Person.all_objects.filter(pk=world.ids["p2"]).update(deleted_at=timezone.now())
    facts.rebuild(owner.workspace.pk)  # the updates above send no model signal
    return {
        "owner": owner,
        "manager": member(Role.MANAGER),
        "editor": editor,
        "viewer": member(Role.VIEWER),
        "partner": member(Role.PARTNER, org_a),
    }


ROLES = ["owner", "manager", "editor", "viewer", "partner"]


@pytest.mark.parametrize("role", ROLES)
def test_enrolments_counted_are_the_visible_ones(scopes, role):
    scope = scopes[role]
    expected = set(enrollment_queryset(scope).values_list("pk", flat=True))
    assert set(_enrollments(scope).values_list("pk", flat=True)) == expected
    if role != "partner":
        assert Enrollment.objects.exclude(pk__in=expected).exists()  # something was hidden


@pytest.mark.parametrize("role", ROLES)
def test_participants_counted_are_the_visible_ones(scopes, role):
    scope = scopes[role]
    live = Participant.objects.filter(workspace=scope.workspace)
    by_selectors = live.filter(
        engagement__in=engagement_queryset(scope).values("pk"),
        person__in=person_queryset(scope).values("pk"),
    )
    by_joins = live.filter(
        visible.engagements(scope, "engagement__"), visible.people(scope, "person__")
    )
    assert set(by_joins) == set(by_selectors)
    orgs_by_selectors = live.filter(
        engagement__in=engagement_queryset(scope).values("pk"),
        organization__in=organization_queryset(scope).values("pk"),
    )
    orgs_by_joins = live.filter(
        visible.engagements(scope, "engagement__"),
        visible.organizations(scope, "organization__"),
    )
    assert set(orgs_by_joins) == set(orgs_by_selectors)


def test_lived_experience_counts_for_owners_and_managers_only(scopes):
    from enlace.results.measures import MEASURES

    def trained(role):
        return MEASURES["people_trained"].compute(
            scope=scopes[role],
            params={},
            start=dt.date(2025, 10, 1),
            end=dt.date(2025, 12, 31),
            granularity="programme",
        )

    assert [r.value for r in trained("owner")] == [1]
    assert [r.value for r in trained("manager")] == [1]
    assert trained("editor") == trained("viewer") == []


@pytest.mark.parametrize("role", ["owner", "manager", "editor", "viewer"])
def test_the_facts_counted_are_the_visible_rows(scopes, role):
    """Members without row limits count facts (enlace.results.facts): the facts their
    conditions keep are the participants and enrolments the joins above keep."""
    scope = scopes[role]
    ws = scope.workspace.pk
    live = Participant.objects.filter(workspace=scope.workspace)
    people = live.filter(
        visible.engagements(scope, "engagement__"), visible.people(scope, "person__")
    )
    fact_people = ParticipationFact.objects.filter(visible.fact_people(scope), workspace_id=ws)
    assert set(fact_people.values_list("participant_id", flat=True)) == set(
        people.values_list("pk", flat=True)
    )
    orgs = live.filter(
        visible.engagements(scope, "engagement__"),
        visible.organizations(scope, "organization__"),
    )
    fact_orgs = ParticipationFact.objects.filter(org_live=True, workspace_id=ws)
    assert set(fact_orgs.values_list("participant_id", flat=True)) == set(
        orgs.values_list("pk", flat=True)
    )
    enrolled = EnrollmentFact.objects.filter(visible.fact_people(scope), workspace_id=ws)
    assert set(enrolled.values_list("enrollment_id", flat=True)) == set(
        _enrollments(scope).values_list("pk", flat=True)
    )
