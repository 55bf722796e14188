"""The demo's year of engagements: true to life, loaded through the services, idempotent."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

import pytest

from enlace.accounts.models import User
from enlace.core.fields import name_key
from enlace.core.models import Membership
from enlace.core.permissions import Role
from enlace.core.scoping import scope_for
from enlace.demo.content.coordination import BODIES
from enlace.demo.content.engagements import ENGAGEMENTS, FIELD_VISIT_TITLE, SEMINAR_TITLE
from enlace.demo.content.organizations import NHRI
from enlace.demo.content.specs import EngagementSpec
from enlace.demo.loader import (
    ALL_ENGAGEMENTS,
    ALL_ORGANIZATIONS,
    ALL_PEOPLE,
    DEMO_EMAIL,
    DEMO_USERS,
    load_demo,
)
from enlace.demo.tests.test_loader import snapshot
from enlace.engagements import selectors, services
from enlace.engagements.models import Attachment, Engagement, FollowUp, Participant

LAST_READING = dt.date(2026, 11, 20)
REFERENCE_DAY = dt.date(2026, 11, 29)  # "overdue" in the content means before this day
MANAGER = "manager@enlace.example"
EDITOR = "editor@enlace.example"


def every_engagement(
    specs: tuple[EngagementSpec, ...] = ALL_ENGAGEMENTS,
) -> Iterator[EngagementSpec]:
    for spec in specs:
        yield spec
        yield from every_engagement(spec.parts)


# The content itself, checked without a database


def test_demo_engagements_refer_to_demo_records_and_keep_their_dates():
    orgs = {o.name for o in ALL_ORGANIZATIONS}
    people = {p.full_name for p in ALL_PEOPLE}
    bodies = {b.name for b in BODIES}
    users = {u.email for u in DEMO_USERS}
    specs = list(every_engagement())
    keys = [(name_key(s.title), s.start_date) for s in specs]
    assert len(keys) == len(set(keys))
    for spec in specs:
        assert not spec.host or spec.host in orgs, spec.host
        assert dt.date(2025, 12, 1) <= spec.start_date <= spec.last_date <= LAST_READING
        for p in spec.participants:
            targets = [t for t in (p.organization, p.person, p.body, p.member) if t]
            assert len(targets) == 1, spec.title
            assert not p.organization or p.organization in orgs
            assert not p.person or p.person in people
            assert not p.body or p.body in bodies
            assert not p.member or p.member in users
        assert all(not o.organization or o.organization in orgs for o in spec.outcomes)
        assert all(".example.org/" in link.url for link in spec.links)
        for reading in spec.reach:
            assert spec.start_date <= reading.as_of <= LAST_READING, spec.title
        for follow_up in spec.follow_ups:
            assert follow_up.owner in {MANAGER, EDITOR}
            assert not follow_up.counterpart or follow_up.counterpart in orgs
            assert (follow_up.status == "done") == (follow_up.done_on is not None)
        starts = [part.start_date for part in spec.parts]
        assert starts == sorted(starts)
        assert all(
            spec.start_date <= p.start_date and p.last_date <= spec.last_date for p in spec.parts
        )


def test_demo_engagements_cover_the_four_countries_and_the_kinds_of_work():
    specs = list(every_engagement())
    per_country = Counter(s.country for s in ENGAGEMENTS)
    assert all(4 <= per_country[c] <= 8 for c in ("MX", "KE", "CD")), per_country
    assert per_country["CL"] >= 1
    assert {
        "field_visit",
        "training",
        "workshop",
        "roundtable",
        "webinar",
        "advocacy",
        "site_visit",
        "conference",
    } <= {s.kind for s in specs}
    follow_ups = [f for s in specs for f in s.follow_ups]
    overdue = [
        f for f in follow_ups if f.status == "open" and f.due_date and f.due_date < REFERENCE_DAY
    ]
    assert len(overdue) >= 2
    assert {f.owner for f in overdue} == {MANAGER, EDITOR}
    assert {"open", "done", "dropped"} == {f.status for f in follow_ups}


# Loading


def scope_of(workspace, email):
    return scope_for(User.objects.get(email=email), workspace)


@pytest.mark.django_db
def test_the_engagements_load_through_the_services(demo):
    specs = list(every_engagement())
    engagements = Engagement.objects.filter(workspace=demo)
    assert engagements.count() == len(specs)
    assert {str(c) for c in engagements.values_list("country", flat=True)} == {
        "CL",
        "MX",
        "KE",
        "CD",
    }
    assert FollowUp.objects.filter(workspace=demo).count() == sum(len(s.follow_ups) for s in specs)
    assert Participant.objects.filter(workspace=demo).count() == sum(
        len(s.participants) for s in specs
    )
    assert Attachment.all_objects.count() == 0
    owner = User.objects.get(email=DEMO_EMAIL)
    assert Engagement.history.exclude(history_user=owner).count() == 0
    assert Engagement.history.filter(history_type="~").count() == 0  # no parent was widened


@pytest.mark.django_db
def test_the_field_visit_holds_its_parts_in_order_and_shows_the_latest_reach(demo):
    scope = scope_of(demo, DEMO_EMAIL)
    visit = Engagement.objects.get(workspace=demo, title=FIELD_VISIT_TITLE)
    assert visit.kind == "field_visit"
    assert visit.host_organization is not None
    assert visit.host_organization.name == "Unidad de Protección"
    detail = selectors.engagement_detail(scope=scope, engagement=visit)
    children = detail["children"]
    assert [c.kind for c in children] == ["training", "seminar", "meeting", "meeting"]
    assert [c.start_date for c in children] == sorted(c.start_date for c in children)
    training, seminar, mesa, ministry = children

    manager = Membership.objects.get(workspace=demo, user__email=MANAGER)
    assert manager.role == Role.MANAGER
    assert any(p.member_id == manager.pk for p in detail["participants"])
    [outcome] = [o for o in detail["outcomes"] if "formal proposal" in o.statement]
    assert outcome.statement == "Invitation to submit a formal proposal"
    assert outcome.organization is not None
    assert outcome.organization.name == NHRI

    assert training.mode == "virtual"
    audience = selectors.engagement_detail(scope=scope, engagement=training)["audience"]
    by_discipline = {a.category: a.count for a in audience["discipline"]}
    assert set(by_discipline) == {"legal", "social_work", "psychology"}
    assert sum(a.count for a in audience["sex"]) == sum(by_discipline.values())

    assert seminar.title == SEMINAR_TITLE
    seminar_detail = selectors.engagement_detail(scope=scope, engagement=seminar)
    reach = seminar_detail["reach"]
    assert reach["in_person_attendees"].value == 200
    assert reach["virtual_live_viewers"].value > 0
    assert reach["recording_views"].value == 326
    assert [r.value for r in seminar_detail["reach_series"]["recording_views"]] == [120, 326]
    latest = selectors.reach_latest(engagements=[seminar])[seminar.pk]
    assert latest["recording_views"].value == 326
    assert {link.kind for link in seminar_detail["links"]} == {"livestream", "recording", "article"}

    mesa_participants = selectors.engagement_detail(scope=scope, engagement=mesa)["participants"]
    assert any(
        p.coordination_body is not None
        and p.coordination_body.name == "Mesa Intersectorial sobre Trata de Personas"
        for p in mesa_participants
    )
    assert ministry.host_organization is not None
    assert ministry.host_organization.acronym == "MINREL"
    ministry_people = [
        p.person
        for p in selectors.engagement_detail(scope=scope, engagement=ministry)["participants"]
        if p.person is not None
    ]
    assert [p.organization.name for p in ministry_people] == ["Dirección de Derechos Humanos"]


@pytest.mark.django_db
def test_the_demo_manager_and_editor_have_follow_ups_some_overdue(demo):
    mine = selectors.my_follow_ups(scope=scope_of(demo, MANAGER))
    assert mine
    assert all(f.owner.email == MANAGER and f.status == "open" for f in mine)
    overdue = [f for f in mine if f.due_date is not None and f.due_date < REFERENCE_DAY]
    assert overdue
    assert all(f.is_overdue for f in overdue)  # type: ignore[attr-defined]
    assert any(f.engagement is not None and f.engagement.title == FIELD_VISIT_TITLE for f in mine)
    assert any(f.due_date is not None and f.due_date >= REFERENCE_DAY for f in mine)

    editor = FollowUp.objects.filter(workspace=demo, owner__email=EDITOR)
    assert editor.filter(status="open", due_date__lt=REFERENCE_DAY).exists()
    assert editor.filter(status="done").exclude(done_on=None).exists()


@pytest.mark.django_db
def test_a_partner_sees_only_the_engagements_of_its_institution(demo):
    titles = set(
        selectors.engagement_list(scope=scope_of(demo, "partner@enlace.example")).values_list(
            "title", flat=True
        )
    )
    assert {FIELD_VISIT_TITLE, SEMINAR_TITLE} <= titles
    assert not Engagement.objects.filter(title__in=titles).exclude(country="CL").exists()


@pytest.mark.django_db
def test_loading_twice_creates_no_engagement_and_changes_none(demo):
    before = snapshot()
    assert before["Engagement_history"]
    assert before["ReachReading_history"]
    load_demo()
    assert snapshot() == before


@pytest.mark.django_db
def test_engagements_edited_or_trashed_while_exploring_are_left_alone(demo):
    scope = scope_of(demo, DEMO_EMAIL)
    seminar = Engagement.objects.get(workspace=demo, title=SEMINAR_TITLE)
    services.engagement_update(scope=scope, engagement=seminar, data={"venue": "Aula Magna"})
    reading = seminar.reach_readings.get(value=326)
    services.reach_remove(scope=scope, reading=reading)
    webinar = Engagement.objects.get(workspace=demo, kind="webinar", country="MX")
    services.engagement_delete(scope=scope, engagement=webinar)
    before = snapshot()

    load_demo()

    assert snapshot() == before
    seminar.refresh_from_db()
    assert seminar.venue == "Aula Magna"
    assert not seminar.reach_readings.filter(value=326).exists()
    assert Engagement.all_objects.get(pk=webinar.pk).is_deleted
