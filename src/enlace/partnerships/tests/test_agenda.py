"""Partnership dates on the agenda: the member's follow-ups page ("Deadlines"), their calendar
feed (parsed back with a real iCalendar parser) and the workspace home page (next 30 days)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from enlace.core.permissions import Role
from enlace.engagements import services as engagements
from enlace.engagements.agenda import AgendaItem, agenda_items, agenda_provider_register
from enlace.engagements.views.feeds import feed_path
from enlace.partnerships.agenda import agenda_provider
from enlace.partnerships.services import agreements, deadlines, opportunities
from enlace.partnerships.tests import factories
from enlace.stakeholders.tests.pages import client_for, url
from enlace.testing import make_member

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def agenda_world(owner, editor):
    """The editor's dates, and the ones their agenda must leave out."""
    colleague = make_member(owner.workspace, Role.EDITOR)
    mine = factories.opportunity(editor, title="Water fund")
    due = factories.deadline(editor, mine, _day(5), label="Concept note", kind="concept_note_due")
    late = factories.deadline(editor, mine, _day(-3), label="Budget draft")
    far = factories.deadline(editor, mine, _day(90), label="Decision", kind="decision_expected")
    done = factories.deadline(editor, mine, _day(6), label="Sent already")
    deadlines.deadline_update(scope=editor, deadline=done, data={"done_on": TODAY})

    theirs = factories.opportunity(editor, title="Colleague's call", owner=colleague.user)
    colleagues = factories.deadline(editor, theirs, _day(7), label="Their proposal")
    lost = factories.opportunity(editor, title="Lost cause")
    factories.deadline(editor, lost, _day(8), label="Never mind")
    factories.move(editor, lost, "lost")
    trashed = factories.opportunity(editor, title="In the trash")
    factories.deadline(editor, trashed, _day(9), label="Trashed")
    opportunities.opportunity_delete(scope=editor, opportunity=trashed)

    won = factories.opportunity(editor, title="Won grant", stage="won", reason="Board approved")
    agreement = agreements.agreement_from_opportunity(
        scope=editor,
        opportunity=won,
        data={"title": "Grant agreement", "renewal_reminder_on": _day(20)},
    )
    obligation = agreements.obligation_add(
        scope=editor, agreement=agreement, data={"text": "First report", "due_date": _day(10)}
    )
    agreements.obligation_add(
        scope=editor,
        agreement=agreement,
        data={"text": "Already reported", "due_date": _day(2), "done_on": TODAY},
    )
    direct = factories.agreement(editor, title="Direct MoU", renewal_reminder_on=_day(12))
    return {
        "opportunity": mine,
        "due": due,
        "late": late,
        "far": far,
        "colleagues": colleagues,
        "agreement": agreement,
        "obligation": obligation,
        "direct": direct,
    }


def test_provider_is_registered_once():
    agenda_provider_register(agenda_provider)
    from enlace.engagements import agenda

    assert agenda._providers.count(agenda_provider) == 1


def test_my_agenda_lists_my_open_dates_in_order(editor, agenda_world):
    items = agenda_items(editor, owner_only=True)
    w = agenda_world
    assert [i.uid for i in items] == [
        f"deadline-{w['late'].pk}",
        f"deadline-{w['due'].pk}",
        f"obligation-{w['obligation'].pk}",
        f"agreement-renewal-{w['agreement'].pk}",
        f"deadline-{w['far'].pk}",
    ]
    assert items[0].is_overdue
    assert not items[1].is_overdue
    assert items[1].title == "Concept note: Water fund"
    assert items[1].kind_label == "Concept note due"
    assert items[1].path == url(editor, "partnerships_opportunity_detail", w["opportunity"].pk)
    assert items[2].path == url(editor, "partnerships_agreement_detail", w["agreement"].pk)


def test_my_follow_ups_page_has_a_deadlines_section(editor, agenda_world):
    response = client_for(editor).get(url(editor, "follow_up_mine"))
    assert response.status_code == 200
    body = response.content.decode()
    section = body[body.index('id="deadlines-title"') :]
    for shown in ("Concept note: Water fund", "Budget draft", "First report", "Grant agreement"):
        assert shown in section
    for hidden in ("Their proposal", "Never mind", "Trashed", "Sent already", "Direct MoU"):
        assert hidden not in body
    opportunity_page = url(
        editor, "partnerships_opportunity_detail", agenda_world["opportunity"].pk
    )
    assert f'href="{opportunity_page}"' in section
    assert "overdue" in section


def test_my_follow_ups_page_without_deadlines(editor):
    body = client_for(editor).get(url(editor, "follow_up_mine")).content.decode()
    assert "Deadlines" in body
    assert "No open deadlines of yours." in body


def _events(editor) -> dict[str, object]:
    _feed, secret = engagements.calendar_feed_rotate(scope=editor)
    response = Client().get(feed_path(secret))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_calendar_feed_has_all_day_events_for_my_dates(editor, agenda_world):
    events = _events(editor)
    w = agenda_world
    assert set(events) == {
        f"deadline-{w['late'].pk}@enlace",
        f"deadline-{w['due'].pk}@enlace",
        f"deadline-{w['far'].pk}@enlace",
        f"obligation-{w['obligation'].pk}@enlace",
        f"agreement-renewal-{w['agreement'].pk}@enlace",
    }
    event = events[f"deadline-{w['due'].pk}@enlace"]
    assert str(event["SUMMARY"]) == "Concept note due: Concept note: Water fund"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert not isinstance(start, dt.datetime)
    assert (start, end) == (_day(5), _day(6))
    page = url(editor, "partnerships_opportunity_detail", w["opportunity"].pk)
    assert str(event["URL"]) == f"http://testserver{page}"
    assert str(event["TRANSP"]) == "TRANSPARENT"

    renewal = events[f"agreement-renewal-{w['agreement'].pk}@enlace"]
    assert str(renewal["SUMMARY"]) == "Agreement renewal: Grant agreement"
    assert renewal.decoded("DTSTART") == _day(20)
    obligation = events[f"obligation-{w['obligation'].pk}@enlace"]
    assert str(obligation["SUMMARY"]) == "Obligation due: First report (Grant agreement)"


def test_home_page_of_a_partner_keeps_the_partner_rules(editor, member):
    partner = member(Role.PARTNER)
    visible = factories.opportunity(
        editor, title="About them", counterpart_organization=partner.membership.organization
    )
    factories.deadline(editor, visible, _day(3), label="Their deadline")
    factories.deadline(editor, factories.opportunity(editor), _day(3), label="Not theirs")
    factories.agreement(
        editor,
        title="Their agreement",
        parties=[partner.membership.organization],
        renewal_reminder_on=_day(4),
    )
    factories.agreement(editor, title="Other agreement", renewal_reminder_on=_day(4))
    body = client_for(partner).get(url(partner, "workspace")).content.decode()
    assert "Their deadline" in body
    assert "Their agreement" in body
    assert "Not theirs" not in body
    assert "Other agreement" not in body
    assert not _events(partner)  # a partner owns no opportunity: nothing on its own agenda


def test_calendar_feed_costs_the_same_for_3_or_30_dates(editor):
    _feed, secret = engagements.calendar_feed_rotate(scope=editor)
    path = feed_path(secret)
    client = Client()

    def grow(n):
        for i in range(n):
            opp = factories.opportunity(editor)
            factories.deadline(editor, opp, _day(i))
            won = factories.opportunity(editor, stage="won", reason="Approved")
            agreement = agreements.agreement_from_opportunity(
                scope=editor, opportunity=won, data={"renewal_reminder_on": _day(i)}
            )
            agreements.obligation_add(
                scope=editor, agreement=agreement, data={"text": "T", "due_date": _day(i)}
            )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.count(b"BEGIN:VEVENT")

    grow(1)
    small, events = count()
    assert events == 3
    grow(10)
    large, events = count()
    assert events == 33
    assert large == small


def test_home_page_lists_the_workspace_dates_of_the_next_30_days(owner, editor, agenda_world):
    response = client_for(owner).get(url(owner, "workspace"))
    assert response.status_code == 200
    body = response.content.decode()
    section = body[body.index('id="upcoming-title"') :]
    assert "Upcoming deadlines, next 30 days" in section
    # Everyone's, not only the asker's: the colleague's deadline and the direct agreement too.
    for shown in ("Concept note: Water fund", "Their proposal", "Direct MoU", "First report"):
        assert shown in section
    for hidden in ("Decision", "Never mind", "Trashed", "Sent already", "Already reported"):
        assert hidden not in section


def test_home_page_without_dates(owner):
    body = client_for(owner).get(url(owner, "workspace")).content.decode()
    assert "No deadlines in the next days." in body


def test_an_item_without_a_page_has_no_link():
    item = AgendaItem(
        title="T", date=TODAY, url_name="web:no_such_page", url_args=(), kind_label="K"
    )
    assert item.path == ""
