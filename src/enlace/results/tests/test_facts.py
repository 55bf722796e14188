"""The facts the heaviest measures count (enlace.results.facts) are always what a rebuild from
the records would write: after every kind of change to one of their sources, rewriting them
from scratch changes nothing. And they hold what the measures read."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import pytest
from django.db import connection, transaction

from enlace.core.permissions import Role
from enlace.core.services import record_purge, record_restore, record_soft_delete
from enlace.engagements.models import Engagement, Participant
from enlace.engagements.tests import factories as engagements
from enlace.learning.models import Enrollment, Response
from enlace.learning.tests import factories as learning
from enlace.results import facts
from enlace.results.models import EnrollmentFact, ParticipationFact
from enlace.results.tests import world as worlds
from enlace.stakeholders.models import Organization, Person
from enlace.stakeholders.tests import factories as registry
from enlace.testing import make_member, make_workspace

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 10, 6)


def snapshot(model: Any, workspace_id: Any) -> list[dict[str, Any]]:
    key = model._meta.pk.attname
    return sorted(model.objects.filter(workspace_id=workspace_id).values(), key=lambda r: r[key])


def assert_fresh(workspace_id: Any) -> None:
    """The kept facts equal a rebuild from the records."""
    kept = [snapshot(m, workspace_id) for m in (ParticipationFact, EnrollmentFact)]
    facts.rebuild(workspace_id)
    assert [snapshot(m, workspace_id) for m in (ParticipationFact, EnrollmentFact)] == kept


@pytest.fixture
def record(owner):
    org = registry.organization(owner, country="CL", kind="ngo")
    other = registry.organization(owner, country="MX", kind="government")
    person = registry.person(owner, organization=org, sex="female", discipline="legal")
    meeting = engagements.engagement(owner, kind="meeting", start_date=DAY, end_date=DAY)
    engagements.participant(owner, meeting, person=person)
    engagements.participant(owner, meeting, organization=other)
    return {"org": org, "other": other, "person": person, "meeting": meeting}


def test_a_participant_is_one_fact_with_what_the_measures_read(owner, record):
    person_fact = ParticipationFact.objects.get(person_id=record["person"].pk)
    assert (person_fact.date, person_fact.kind, person_fact.person_live) == (DAY, "meeting", True)
    assert (person_fact.person_country, person_fact.sex, person_fact.discipline) == (
        "CL",
        "female",
        "legal",
    )
    assert (person_fact.person_org_id, person_fact.person_org_kind) == (record["org"].pk, "ngo")
    org_fact = ParticipationFact.objects.get(organization_id=record["other"].pk)
    assert (org_fact.org_live, org_fact.org_country, org_fact.person_id) == (True, "MX", None)
    assert ParticipationFact.objects.filter(workspace_id=owner.workspace.pk).count() == 2
    assert_fresh(owner.workspace.pk)


def test_engagement_changes_reach_its_facts(owner, record):
    meeting = Engagement.objects.get(pk=record["meeting"].pk)
    meeting.kind, meeting.start_date = "workshop", DAY + dt.timedelta(days=30)
    meeting.end_date = meeting.start_date
    meeting.save()
    assert set(ParticipationFact.objects.values_list("kind", "date")) == {
        ("workshop", DAY + dt.timedelta(days=30))
    }
    assert_fresh(owner.workspace.pk)
    record_soft_delete(meeting, scope=owner)
    assert not ParticipationFact.objects.exists()
    assert_fresh(owner.workspace.pk)
    record_restore(Engagement.all_objects.get(pk=meeting.pk), scope=owner)
    assert ParticipationFact.objects.count() == 2
    assert_fresh(owner.workspace.pk)


def test_person_and_organisation_changes_reach_their_facts(owner, record):
    person = Person.objects.get(pk=record["person"].pk)
    person.organization = record["other"]
    person.lived_experience = True
    person.save()
    fact = ParticipationFact.objects.get(person_id=person.pk)
    assert (fact.person_country, fact.lived_experience) == ("MX", True)
    assert_fresh(owner.workspace.pk)

    other = Organization.objects.get(pk=record["other"].pk)
    other.country = "AR"
    other.save()
    assert set(ParticipationFact.objects.values_list("person_country", "org_country")) == {
        ("AR", None),
        (None, "AR"),
    }
    assert_fresh(owner.workspace.pk)

    record_soft_delete(Person.objects.get(pk=person.pk), scope=owner)
    assert ParticipationFact.objects.get(person_id=person.pk).person_live is False
    record_soft_delete(Organization.objects.get(pk=other.pk), scope=owner)
    assert not ParticipationFact.objects.get(organization_id=other.pk).org_live
    assert not ParticipationFact.objects.get(person_id=person.pk).person_org_live
    assert_fresh(owner.workspace.pk)


def test_removed_participants_leave_no_fact(owner, record):
    gone = Participant.objects.get(organization=record["other"])
    record_soft_delete(gone, scope=owner)
    assert not ParticipationFact.objects.filter(participant_id=gone.pk).exists()
    assert_fresh(owner.workspace.pk)
    record_soft_delete(Engagement.objects.get(pk=record["meeting"].pk), scope=owner)
    record_purge(Engagement.all_objects.get(pk=record["meeting"].pk), scope=owner)
    assert not ParticipationFact.objects.exists()
    assert_fresh(owner.workspace.pk)


def test_enrolments_keep_their_status_and_test_points(owner, editor):
    person = registry.person(owner, organization=registry.organization(owner, country="KE"))
    training = learning.make_training(editor, sessions=1, start=DAY)
    enrollment = worlds.complete(owner, training, person)
    fact = EnrollmentFact.objects.get(enrollment_id=enrollment.pk)
    assert (fact.status, fact.person_country, fact.date) == ("completed", "KE", DAY)
    assert (fact.pre_possible, fact.post_possible) == (None, None)

    pre = learning.attach(editor, training, phase="pre")
    post = learning.attach(editor, training, phase="post")
    worlds.response(owner, enrollment, pre, 4, 10)
    worlds.response(owner, enrollment, post, 9, 10)
    fact.refresh_from_db()
    assert (fact.pre_earned, fact.pre_possible, fact.post_earned, fact.post_possible) == (
        4,
        10,
        9,
        10,
    )
    assert_fresh(owner.workspace.pk)

    later = Response.objects.get(enrollment=enrollment, phase="post")
    record_soft_delete(later, scope=owner)
    fact.refresh_from_db()
    assert fact.post_possible is None
    assert_fresh(owner.workspace.pk)

    withdrawn = Enrollment.objects.get(pk=enrollment.pk)
    withdrawn.status = "withdrawn"
    withdrawn.save()
    fact.refresh_from_db()
    assert fact.status == "withdrawn"
    record_soft_delete(training, scope=owner)
    assert not EnrollmentFact.objects.exists()
    assert_fresh(owner.workspace.pk)


@pytest.fixture
def other_workspace_owner(other_workspace):
    return make_member(other_workspace, Role.OWNER)


def test_rebuild_and_forget_touch_one_workspace(owner, record, other_workspace_owner):
    theirs = registry.person(other_workspace_owner)
    meeting = engagements.engagement(other_workspace_owner, kind="meeting", start_date=DAY)
    engagements.participant(other_workspace_owner, meeting, person=theirs)
    facts.forget(owner.workspace.pk)
    assert not ParticipationFact.objects.filter(workspace_id=owner.workspace.pk).exists()
    assert ParticipationFact.objects.filter(workspace_id=other_workspace_owner.workspace.pk)
    facts.rebuild(owner.workspace.pk)
    assert ParticipationFact.objects.filter(workspace_id=owner.workspace.pk).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_writers_touching_one_fact_at_once_both_land():
    """One saves an engagement while another saves a person in it: the second waits for the
    first's facts, then writes its own over them (no duplicate-key error, no deadlock)."""
    workspace = make_workspace("facts-race")
    owner = make_member(workspace, Role.OWNER)
    person = registry.person(owner, organization=registry.organization(owner, country="CL"))
    meeting = engagements.engagement(owner, kind="meeting", start_date=DAY, end_date=DAY)
    engagements.participant(owner, meeting, person=person)
    first_wrote = threading.Event()
    crashes: list[BaseException] = []

    def save_engagement() -> None:
        try:
            with transaction.atomic():
                row = Engagement.objects.get(pk=meeting.pk)
                row.kind = "workshop"
                row.save()
                first_wrote.set()
                time.sleep(0.3)  # the other writer reaches the same fact meanwhile
        except BaseException as exc:
            crashes.append(exc)
            first_wrote.set()
        finally:
            connection.close()

    def save_person() -> None:
        try:
            first_wrote.wait(timeout=30)
            with transaction.atomic():
                row = Person.objects.get(pk=person.pk)
                row.sex = "female"
                row.save()
        except BaseException as exc:
            crashes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save_engagement), threading.Thread(target=save_person)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert not crashes, crashes
    fact = ParticipationFact.objects.get(person_id=person.pk)
    assert (fact.kind, fact.sex) == ("workshop", "female")
    assert_fresh(workspace.pk)
