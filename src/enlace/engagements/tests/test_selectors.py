"""The engagements' reads: reach arithmetic, who sees what, filters, timelines, follow-ups, and
query counts that do not grow with the rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from enlace.core.permissions import Role
from enlace.engagements import selectors, services
from enlace.engagements.models import ReachReading
from enlace.engagements.tests import factories
from enlace.stakeholders.tests import factories as registry
from enlace.testing import make_member

pytestmark = pytest.mark.django_db

D = dt.date


# Reach: the latest reading is the figure, never a sum of readings


def test_recording_views_are_the_latest_reading_not_a_sum(editor):
    webinar = factories.engagement(editor, kind="webinar", start_date=D(2025, 3, 2))
    factories.reach(editor, webinar, metric="recording_views", value=120, as_of=D(2025, 3, 3))
    factories.reach(editor, webinar, metric="recording_views", value=326, as_of=D(2025, 4, 1))
    factories.reach(editor, webinar, metric="virtual_live_viewers", value=80, as_of=D(2025, 3, 2))
    latest = selectors.reach_latest(engagements=[webinar])
    assert {m: r.value for m, r in latest[webinar.pk].items()} == {
        "recording_views": 326,
        "virtual_live_viewers": 80,
    }
    totals = selectors.reach_totals(
        scope=editor, engagements=selectors.engagement_list(scope=editor)
    )
    assert totals == {"recording_views": 326, "virtual_live_viewers": 80}


def test_a_later_entered_reading_with_an_earlier_date_is_not_the_latest(editor):
    webinar = factories.engagement(editor, kind="webinar", start_date=D(2025, 3, 2))
    factories.reach(editor, webinar, metric="recording_views", value=326, as_of=D(2025, 4, 1))
    # Entered afterwards, but it reads an older figure (found in an old export).
    factories.reach(editor, webinar, metric="recording_views", value=120, as_of=D(2025, 3, 3))
    latest = selectors.reach_latest(engagements=[webinar])
    assert latest[webinar.pk]["recording_views"].value == 326
    # On the same date the one entered last wins: it corrects the earlier entry.
    factories.reach(editor, webinar, metric="recording_views", value=330, as_of=D(2025, 4, 1))
    latest = selectors.reach_latest(engagements=[webinar])
    assert latest[webinar.pk]["recording_views"].value == 330
    detail = selectors.engagement_detail(scope=editor, engagement=webinar)
    assert detail["reach"]["recording_views"].value == 330
    assert [r.value for r in detail["reach_series"]["recording_views"]] == [120, 326, 330]


def test_totals_over_engagements_sum_each_ones_latest_only(editor, member, other_workspace):
    first = factories.engagement(editor, kind="webinar")
    second = factories.engagement(editor, kind="seminar")
    third = factories.engagement(editor, kind="meeting")
    for value, day in [(100, 5), (250, 20), (300, 28)]:
        factories.reach(editor, first, metric="recording_views", value=value, as_of=D(2025, 3, day))
    factories.reach(editor, second, metric="recording_views", value=40, as_of=D(2025, 3, 9))
    factories.reach(editor, second, metric="recording_views", value=90, as_of=D(2025, 3, 19))
    factories.reach(editor, second, metric="in_person_attendees", value=55)
    factories.reach(editor, third, metric="in_person_attendees", value=12)
    # Another workspace's readings never reach this workspace's totals.
    stranger = make_member(other_workspace, Role.EDITOR)
    factories.reach(stranger, factories.engagement(stranger), metric="recording_views", value=9)
    everything = selectors.engagement_list(scope=editor)
    assert selectors.reach_totals(scope=editor, engagements=everything) == {
        "recording_views": 390,
        "in_person_attendees": 67,
    }
    only_webinars = selectors.engagement_list(scope=editor, kind="webinar")
    assert selectors.reach_totals(scope=editor, engagements=only_webinars) == {
        "recording_views": 300
    }
    latest = selectors.reach_latest(engagements=everything)
    assert third.pk in latest
    assert latest[first.pk]["recording_views"].value == 300
    assert selectors.reach_latest(engagements=[]) == {}


def test_removed_readings_do_not_count(editor):
    webinar = factories.engagement(editor, kind="webinar")
    factories.reach(editor, webinar, metric="recording_views", value=10, as_of=D(2025, 3, 3))
    wrong = factories.reach(
        editor, webinar, metric="recording_views", value=10_000, as_of=D(2025, 3, 4)
    )
    services.reach_remove(scope=editor, reading=wrong)
    assert selectors.reach_latest(engagements=[webinar])[webinar.pk]["recording_views"].value == 10


# Who sees what


def test_partner_sees_engagements_of_their_organisation_units_and_people(editor, member):
    nhri = registry.organization(editor, name="NHRI")
    unit = registry.organization(editor, name="Protection Unit", parent=nhri)
    lawyer = registry.person(editor, full_name="Lawyer In Unit", organization=unit)
    ministry = registry.organization(editor, name="Ministry")
    hosted = factories.engagement(editor, title="Hosted by the NHRI", host_organization=nhri)
    unit_takes_part = factories.engagement(editor, title="Unit takes part")
    factories.participant(editor, unit_takes_part, organization=unit)
    lawyer_takes_part = factories.engagement(editor, title="Lawyer takes part")
    factories.participant(editor, lawyer_takes_part, person=lawyer)
    factories.participant(editor, lawyer_takes_part, organization=unit, role="host")
    unrelated = factories.engagement(editor, title="Ministry only", host_organization=ministry)
    factories.participant(editor, unrelated, organization=ministry)
    partner = member(Role.PARTNER, organization=nhri)
    visible = list(selectors.engagement_list(scope=partner))
    assert sorted(e.title for e in visible) == [
        "Hosted by the NHRI",
        "Lawyer takes part",
        "Unit takes part",
    ]
    assert len(visible) == len(set(visible))  # several matching participants: listed once
    assert selectors.engagement_get(scope=partner, id=hosted.pk) == hosted
    with pytest.raises(Http404):
        selectors.engagement_get(scope=partner, id=unrelated.pk)
    # Another organisation's participants stay out of the partner's view of a shared engagement.
    factories.participant(editor, hosted, organization=ministry)
    detail = selectors.engagement_detail(scope=partner, engagement=hosted)
    assert detail["participants"] == []
    assert len(selectors.engagement_detail(scope=editor, engagement=hosted)["participants"]) == 1


def test_another_workspace_is_not_found(editor, other_workspace):
    stranger = make_member(other_workspace, Role.EDITOR)
    foreign = factories.engagement(stranger)
    with pytest.raises(Http404):
        selectors.engagement_get(scope=editor, id=foreign.pk)
    with pytest.raises(Http404):
        selectors.engagement_get(scope=editor, id="not-a-uuid")
    assert not selectors.engagement_list(scope=editor).exists()


def test_lived_experience_participants_are_hidden_from_editors(owner, editor, member):
    leader = registry.person(owner, full_name="Survivor Leader", lived_experience=True)
    official = registry.person(editor, full_name="Labour Inspector")
    training = factories.engagement(editor, kind="training")
    factories.participant(owner, training, person=leader, role="facilitator")
    factories.participant(editor, training, person=official)
    for scope in (editor, member(Role.VIEWER)):
        detail = selectors.engagement_detail(scope=scope, engagement=training)
        assert [p.person for p in detail["participants"]] == [official]
    for scope in (owner, member(Role.MANAGER)):
        detail = selectors.engagement_detail(scope=scope, engagement=training)
        assert {p.person for p in detail["participants"]} == {official, leader}


def test_trashed_engagements_and_trashed_participants(owner, editor):
    person = registry.person(editor)
    meeting = factories.engagement(editor)
    factories.participant(editor, meeting, person=person)
    from enlace.stakeholders import services as registry_services

    registry_services.person_delete(scope=editor, person=person)
    assert selectors.engagement_detail(scope=editor, engagement=meeting)["participants"] == []
    services.engagement_delete(scope=editor, engagement=meeting)
    assert not selectors.engagement_list(scope=editor).exists()
    assert list(selectors.engagement_list(scope=owner, deleted=True)) == [meeting]


# Filters


def test_engagement_list_filters(editor, member):
    org = registry.organization(editor, name="Fiscalía Nacional")
    colleague = member(Role.EDITOR)
    visit = factories.engagement(
        editor,
        kind="field_visit",
        title="Visita a Concepción",
        start_date=D(2025, 3, 2),
        end_date=D(2025, 3, 6),
        country="CL",
        tags=["biobío"],
    )
    training = factories.engagement(
        editor,
        kind="training",
        title="Training for prosecutors",
        parent=visit,
        start_date=D(2025, 3, 4),
        end_date=D(2025, 3, 4),
        host_organization=org,
        country="CL",
    )
    seminar = factories.engagement(
        editor, kind="seminar", title="Seminar in Lima", start_date=D(2025, 5, 1), country="PE"
    )
    factories.participant(editor, seminar, organization=org)
    factories.participant(editor, seminar, member=colleague.membership, role="speaker")

    def titles(**filters):
        return [e.title for e in selectors.engagement_list(scope=editor, **filters)]

    assert titles() == ["Seminar in Lima", "Training for prosecutors", "Visita a Concepción"]
    assert titles(ordering="start") == list(reversed(titles()))
    assert titles(q="concepcion") == ["Visita a Concepción"]
    assert titles(kind="training") == ["Training for prosecutors"]
    assert titles(country="cl") == ["Training for prosecutors", "Visita a Concepción"]
    # Overlapping ranges: the visit ran 2-6 March, so a range from the 5th still finds it.
    assert titles(date_from=D(2025, 3, 5), date_to=D(2025, 3, 31)) == ["Visita a Concepción"]
    assert titles(date_to=D(2025, 3, 1)) == []
    assert titles(organization_id=org.pk) == ["Seminar in Lima", "Training for prosecutors"]
    assert titles(representative_id=colleague.membership.pk) == ["Seminar in Lima"]
    assert titles(tag="Biobío") == ["Visita a Concepción"]
    assert titles(parent_id=visit.pk) == ["Training for prosecutors"]
    assert titles(top_level=True) == ["Seminar in Lima", "Visita a Concepción"]
    assert titles(parent_id="garbage") == []
    assert titles(ordering="no-such-ordering") == titles()
    detail = selectors.engagement_detail(scope=editor, engagement=visit)
    assert detail["children"] == [training]


# Follow-ups


def test_my_follow_ups_put_overdue_first_then_by_date_undated_last(editor, member):
    today = timezone.localdate()
    other = member(Role.EDITOR)
    undated = factories.follow_up(editor, title="Undated")
    later = factories.follow_up(editor, title="Later", due_date=today + dt.timedelta(days=20))
    overdue = factories.follow_up(editor, title="Overdue", due_date=today - dt.timedelta(days=3))
    very_overdue = factories.follow_up(
        editor, title="Very overdue", due_date=today - dt.timedelta(days=30)
    )
    soon = factories.follow_up(editor, title="Soon", due_date=today + dt.timedelta(days=1))
    factories.follow_up(other, title="Someone else's", due_date=today)
    done = factories.follow_up(editor, title="Done", due_date=today - dt.timedelta(days=9))
    services.follow_up_update(scope=editor, follow_up=done, data={"status": "done"})
    mine = selectors.my_follow_ups(scope=editor)
    assert mine == [very_overdue, overdue, soon, later, undated]
    assert [f.is_overdue for f in mine] == [True, True, False, False, False]


def test_follow_up_list_filters_and_partner_view(editor, member):
    ministry = registry.organization(editor, name="Ministry")
    ngo = registry.organization(editor, name="NGO")
    meeting = factories.engagement(editor)
    a = factories.follow_up(
        editor, counterpart_organization=ministry, engagement=meeting, due_date=D(2025, 4, 1)
    )
    b = factories.follow_up(editor, counterpart_organization=ngo, due_date=D(2025, 6, 1))
    assert list(selectors.follow_up_list(scope=editor, organization_id=ministry.pk)) == [a]
    assert list(selectors.follow_up_list(scope=editor, engagement_id=meeting.pk)) == [a]
    assert list(selectors.follow_up_list(scope=editor, due_before=D(2025, 5, 1))) == [a]
    assert list(selectors.follow_up_list(scope=editor, owner_id=editor.user.pk)) == [a, b]
    partner = member(Role.PARTNER, organization=ngo)
    assert list(selectors.follow_up_list(scope=partner)) == [b]


# Timelines


def test_organization_timeline_includes_its_units_and_its_people(editor):
    nhri = registry.organization(editor, name="NHRI", country="CL")
    unit = registry.organization(editor, name="Protection Unit", parent=nhri)
    office = registry.organization(editor, name="Regional Office", parent=unit)
    psychologist = registry.person(editor, full_name="Psychologist", organization=office)
    other = registry.organization(editor, name="Ministry")
    hosted = factories.engagement(editor, title="Hosted", host_organization=nhri)
    by_unit = factories.engagement(editor, title="By the unit", start_date=D(2025, 4, 1))
    factories.participant(editor, by_unit, organization=unit)
    by_person = factories.engagement(editor, title="By a person", start_date=D(2025, 5, 1))
    factories.participant(editor, by_person, person=psychologist)
    factories.participant(editor, by_person, organization=office)
    unrelated = factories.engagement(editor, title="Unrelated", host_organization=other)
    chase = factories.follow_up(editor, counterpart_organization=unit)
    from_visit = factories.follow_up(editor, engagement=hosted)
    factories.follow_up(editor, engagement=unrelated)
    timeline = selectors.organization_timeline(scope=editor, organization=nhri)
    assert timeline["engagements"] == [by_person, by_unit, hosted]
    assert timeline["people"] == [psychologist]
    assert set(timeline["follow_ups"]) == {chase, from_visit}
    unit_timeline = selectors.organization_timeline(scope=editor, organization=office)
    assert unit_timeline["engagements"] == [by_person]


def test_country_timeline(editor):
    peru = factories.engagement(editor, title="Lima", country="PE")
    factories.engagement(editor, title="Santiago", country="CL")
    item = factories.follow_up(editor, engagement=peru)
    timeline = selectors.country_timeline(scope=editor, country="pe")
    assert timeline == {"engagements": [peru], "follow_ups": [item]}


# Query counts


def _count(read):
    with CaptureQueriesContext(connection) as ctx:
        read()
    return len(ctx.captured_queries)


def _grow(scope, hub, nhri, n):
    """n more engagements and n of everything hanging off the hub engagement."""
    for i in range(n):
        person = registry.person(scope, organization=nhri)
        child = factories.engagement(scope, parent=hub, host_organization=nhri)
        factories.participant(scope, child, person=person)
        factories.participant(scope, hub, person=person, role="speaker")
        factories.participant(scope, hub, organization=registry.organization(scope))
        factories.reach(scope, child, metric="recording_views", value=i)
        factories.reach(scope, hub, metric="in_person_attendees", value=i)
        services.outcome_add(scope=scope, engagement=hub, data={"statement": f"Outcome {i}"})
        services.link_add(
            scope=scope,
            engagement=hub,
            data={"kind": "article", "label": f"L{i}", "url": f"https://example.org/{i}"},
        )
        factories.follow_up(scope, engagement=hub, counterpart_organization=nhri)


@pytest.mark.parametrize("role", [Role.OWNER, Role.EDITOR, Role.PARTNER])
def test_reads_use_the_same_queries_for_3_and_30_rows(owner, member, role):
    nhri = registry.organization(owner, name="NHRI")
    registry.organization(owner, name="Unit", parent=nhri)
    hub = factories.engagement(owner, title="Hub", end_date=D(2025, 3, 30), host_organization=nhri)
    services.audience_set(
        scope=owner,
        engagement=hub,
        counts=[{"dimension": "sex", "category": "female", "count": 3}],
    )
    scope = owner if role == Role.OWNER else member(role, organization=nhri)

    def reads():
        rows = selectors.engagement_list(scope=scope)
        return {
            "list": lambda: [(e.parent, e.host_organization) for e in rows],
            "detail": lambda: selectors.engagement_detail(scope=scope, engagement=hub),
            "latest": lambda: selectors.reach_latest(
                engagements=selectors.engagement_list(scope=scope)
            ),
            "totals": lambda: selectors.reach_totals(scope=scope, engagements=rows),
            "timeline": lambda: selectors.organization_timeline(scope=scope, organization=nhri),
            "mine": lambda: selectors.my_follow_ups(scope=scope),
        }

    _grow(owner, hub, nhri, 3)
    few = {name: _count(read) for name, read in reads().items()}
    _grow(owner, hub, nhri, 27)
    many = {name: _count(read) for name, read in reads().items()}
    assert few == many, (few, many)
    assert few["latest"] == 1
    assert few["list"] == 1
    detail = selectors.engagement_detail(scope=scope, engagement=hub)
    assert len(detail["children"]) == 30
    assert ReachReading.objects.count() == 60
