"""The calendar feed: parsed back with a real iCalendar parser, behind a secret that rotates, and
the member's page that makes, renews and switches it off."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from enlace.core.models import Membership
from enlace.core.permissions import Role
from enlace.core.services import membership_set, token_hash
from enlace.engagements import selectors, services
from enlace.engagements.feeds import clean_text
from enlace.engagements.models import CalendarFeed
from enlace.engagements.tests import factories
from enlace.engagements.views.feeds import feed_path
from enlace.stakeholders.tests import factories as registry
from enlace.stakeholders.tests.pages import client_for, url
from enlace.testing import make_member

pytestmark = pytest.mark.django_db


def _fetch(secret: str) -> Calendar:
    response = Client().get(feed_path(secret))
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def _events(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _represented(owner, member, **data):
    engagement = factories.engagement(owner, **data)
    factories.participant(owner, engagement, member=member.membership, role="speaker")
    return engagement


@pytest.fixture
def feed_world(owner, editor, other_workspace):
    """The editor's engagements and follow-ups, and everything the feed must leave out."""
    person = registry.person(owner, full_name="Ana Secreta Quispe")
    all_day = _represented(
        owner,
        editor,
        title="Visita a Lima",
        start_date=dt.date(2025, 3, 3),
        end_date=dt.date(2025, 3, 5),
        venue="Hotel Central",
        city="Lima",
        country="PE",
        summary="Met Ana Secreta Quispe about the case.",
    )
    factories.participant(owner, all_day, person=person)
    timed = _represented(
        owner,
        editor,
        title="Taller en Santiago",
        start_date=dt.date(2025, 4, 10),
        end_date=dt.date(2025, 4, 10),
        start_time=dt.time(9, 30),
        end_time=dt.time(12, 0),
        timezone="America/Santiago",
        mode="hybrid",
    )
    colleague = make_member(owner.workspace, Role.EDITOR)
    _represented(owner, colleague, title="Not mine")
    trashed = _represented(owner, editor, title="In the trash")
    services.engagement_delete(scope=owner, engagement=trashed)

    # The same user in another workspace, representing us there: not in this workspace's feed.
    membership_set(workspace=other_workspace, user=editor.user, role=Role.EDITOR)
    beta_owner = make_member(other_workspace, Role.OWNER)
    beta_membership = Membership.objects.get(workspace=other_workspace, user=editor.user)
    beta = factories.engagement(beta_owner, title="Other workspace")
    factories.participant(beta_owner, beta, member=beta_membership)

    due = factories.follow_up(
        editor, title="Send the report", engagement=all_day, due_date=dt.date(2025, 3, 20)
    )
    factories.follow_up(editor, title="Undated")
    done = factories.follow_up(editor, title="Done already", due_date=dt.date(2025, 3, 21))
    services.follow_up_update(scope=editor, follow_up=done, data={"status": "done"})
    gone = factories.follow_up(editor, title="Trashed", due_date=dt.date(2025, 3, 22))
    services.follow_up_delete(scope=editor, follow_up=gone)
    factories.follow_up(colleague, title="Colleague's", due_date=dt.date(2025, 3, 23))
    factories.follow_up(
        beta_owner, title="Beta's", owner=editor.user, due_date=dt.date(2025, 3, 24)
    )
    return {"all_day": all_day, "timed": timed, "follow_up": due, "person": person}


def test_feed_lists_represented_engagements_and_dated_open_follow_ups(editor, feed_world):
    _feed, secret = services.calendar_feed_rotate(scope=editor)
    calendar = _fetch(secret)

    assert str(calendar["VERSION"]) == "2.0"
    assert "Enlace" in str(calendar["PRODID"])
    assert "Workspace alpha" in str(calendar["X-WR-CALNAME"])
    events = _events(calendar)
    all_day, timed, follow_up = feed_world["all_day"], feed_world["timed"], feed_world["follow_up"]
    assert set(events) == {
        f"engagement-{all_day.pk}@enlace",
        f"engagement-{timed.pk}@enlace",
        f"follow-up-{follow_up.pk}@enlace",
    }

    event = events[f"engagement-{all_day.pk}@enlace"]
    assert str(event["SUMMARY"]) == "Visita a Lima"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert not isinstance(start, dt.datetime)
    assert (start, end) == (dt.date(2025, 3, 3), dt.date(2025, 3, 6))  # the end is exclusive
    assert str(event["LOCATION"]) == "Hotel Central, Lima, Peru"
    assert str(event["URL"]) == f"http://testserver/w/alpha/engagements/{all_day.pk}/"

    event = events[f"engagement-{timed.pk}@enlace"]
    santiago = ZoneInfo("America/Santiago")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == dt.datetime(2025, 4, 10, 9, 30, tzinfo=santiago)
    assert end == dt.datetime(2025, 4, 10, 12, 0, tzinfo=santiago)
    assert start.utcoffset() == dt.timedelta(hours=-4)
    assert event["DTSTART"].params["TZID"] == "America/Santiago"
    assert "America/Santiago" in {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}

    event = events[f"follow-up-{follow_up.pk}@enlace"]
    assert str(event["SUMMARY"]) == "Due: Send the report"
    assert event.decoded("DTSTART") == dt.date(2025, 3, 20)
    assert event.decoded("DTEND") == dt.date(2025, 3, 21)
    assert str(event["URL"]) == "http://testserver/w/alpha/follow-ups/mine/"


def test_feed_answer_headers(editor):
    _feed, secret = services.calendar_feed_rotate(scope=editor)
    response = Client().get(feed_path(secret))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert Client().post(feed_path(secret)).status_code == 405


def test_feed_has_no_names_of_people(owner, editor, feed_world):
    editor.user.full_name = "Rosa Representante"
    editor.user.save(update_fields=["full_name"])
    _feed, secret = services.calendar_feed_rotate(scope=editor)
    body = Client().get(feed_path(secret)).content.decode()
    for private in ("Ana Secreta", "Quispe", "Rosa Representante", editor.user.email):
        assert private not in body
    assert "Met Ana" not in body  # the free-text summary stays in Enlace


def test_feed_of_an_engagement_without_a_zone_is_all_day(owner, editor):
    engagement = _represented(
        owner,
        editor,
        start_date=dt.date(2025, 5, 1),
        end_date=dt.date(2025, 5, 1),
        start_time=dt.time(10, 0),
    )
    _feed, secret = services.calendar_feed_rotate(scope=editor)
    event = _events(_fetch(secret))[f"engagement-{engagement.pk}@enlace"]
    assert event.decoded("DTSTART") == dt.date(2025, 5, 1)
    assert event.decoded("DTEND") == dt.date(2025, 5, 2)


def test_control_characters_are_stripped():
    assert clean_text("a\x07b\x00c\td\r\ne") == "a b c d e"
    assert clean_text("one\ntwo\x1b", multiline=True) == "one\ntwo"


def test_partner_feed_follows_the_partner_rules(owner, member):
    partner = member(Role.PARTNER)
    theirs = _represented(owner, partner, host_organization=partner.membership.organization)
    _represented(owner, partner, title="Not about their organisation")
    _feed, secret = services.calendar_feed_rotate(scope=partner)
    assert set(_events(_fetch(secret))) == {f"engagement-{theirs.pk}@enlace"}


def test_rotating_retires_the_old_address(editor):
    feed, old = services.calendar_feed_rotate(scope=editor)
    assert feed.rotated_at is None
    again, new = services.calendar_feed_rotate(scope=editor)
    assert again.pk == feed.pk
    assert again.rotated_at is not None
    assert new != old
    assert Client().get(feed_path(old)).status_code == 404
    assert Client().get(feed_path(new)).status_code == 200
    stored = CalendarFeed.objects.get()
    assert stored.key_hash == token_hash(new)
    assert new not in {stored.key_hash, stored.prefix}


def test_revoked_feed_is_gone(editor):
    _feed, secret = services.calendar_feed_rotate(scope=editor)
    assert services.calendar_feed_revoke(scope=editor) is True
    assert Client().get(feed_path(secret)).status_code == 404
    assert services.calendar_feed_revoke(scope=editor) is False


def test_inactive_membership_or_user_gets_nothing(editor):
    _feed, secret = services.calendar_feed_rotate(scope=editor)
    Membership.objects.filter(pk=editor.membership.pk).update(is_active=False)
    assert Client().get(feed_path(secret)).status_code == 404
    Membership.objects.filter(pk=editor.membership.pk).update(is_active=True)
    assert Client().get(feed_path(secret)).status_code == 200
    editor.user.is_active = False
    editor.user.save(update_fields=["is_active"])
    assert Client().get(feed_path(secret)).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/feeds/calendar/",
        "/feeds/calendar/.ics",
        "/feeds/calendar/nope.ics",
        "/feeds/calendar/cal_short.ics",
        "/feeds/calendar/cal_" + "A" * 43,  # no .ics
        "/feeds/calendar/cal_" + "A" * 43 + ".ics",  # well formed, unknown
        "/feeds/calendar/cal_" + "A" * 5000 + ".ics",
        "/feeds/calendar/cal_%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00.ics",
        "/feeds/calendar/cal_%C3%B1%C3%B1%C3%B1%C3%B1%C3%B1%C3%B1%C3%B1%C3%B1%C3%B1%C3%B1.ics",
        "/feeds/calendar/cal_AAAAAAAAAAAAAAAAAAAAAAAA'%20OR%201=1.ics",
    ],
)
def test_malformed_or_unknown_secret_is_not_found(editor, path):
    services.calendar_feed_rotate(scope=editor)
    assert Client().get(path).status_code == 404


def test_secret_lookup_refuses_malformed_input_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.calendar_feed_for_secret("") is None
        assert selectors.calendar_feed_for_secret("cal_" + "é" * 30) is None
        assert selectors.calendar_feed_for_secret(None) is None  # type: ignore[arg-type]


def test_feed_costs_the_same_for_3_or_30_engagements(owner, editor):
    _feed, secret = services.calendar_feed_rotate(scope=editor)
    path = feed_path(secret)
    client = Client()

    def grow(n):
        for i in range(n):
            start = dt.date(2025, 1, 1) + dt.timedelta(days=i)
            zone = {"timezone": "Europe/Madrid", "start_time": dt.time(9)} if i % 2 else {}
            _represented(owner, editor, start_date=start, end_date=start, **zone)
            factories.follow_up(editor, due_date=start)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200
        return len(ctx.captured_queries), response

    grow(3)
    few, _response = count()
    grow(27)
    many, response = count()
    assert many == few
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 60


# The member's page


def test_page_makes_shows_once_renews_and_switches_off(editor):
    client = client_for(editor)
    page = url(editor, "calendar_feed_settings")
    response = client.get(page)
    assert response.status_code == 200
    assert "You have no calendar feed." in response.content.decode()

    response = client.post(page, {"action": "rotate"})
    assert response.status_code == 200
    address = response.context["address"]
    secret = address.rsplit("/", 1)[1].removesuffix(".ics")
    assert address in response.content.decode()
    assert response.context["webcal"].startswith("webcal://testserver/feeds/calendar/")
    assert Client().get(address).status_code == 200
    assert secret not in client.get(page).content.decode()  # shown once only

    # Renewing an existing address asks first: the old one would stop working.
    response = client.post(page, {"action": "rotate"})
    assert response.context["confirm"] == "rotate"
    assert "stops working at once" in response.content.decode()
    assert Client().get(address).status_code == 200
    response = client.post(page, {"action": "rotate", "confirm": "yes"})
    new_address = response.context["address"]
    assert Client().get(address).status_code == 404
    assert Client().get(new_address).status_code == 200

    response = client.post(page, {"action": "revoke"})
    assert response.context["confirm"] == "revoke"
    assert Client().get(new_address).status_code == 200
    response = client.post(page, {"action": "revoke", "confirm": "yes"})
    assert response.status_code == 302
    assert Client().get(new_address).status_code == 404
    assert not CalendarFeed.objects.exists()
    assert client.post(page, {"action": "explode"}).status_code == 400


def test_my_follow_ups_links_to_the_page(editor):
    response = client_for(editor).get(url(editor, "follow_up_mine"))
    assert url(editor, "calendar_feed_settings") in response.content.decode()


def test_page_posts_need_csrf_and_a_member(editor):
    page = url(editor, "calendar_feed_settings")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor.user)
    assert strict.post(page, {"action": "rotate"}).status_code == 403
    response = Client().post(page, {"action": "rotate"})
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]
    assert not CalendarFeed.objects.exists()


def test_another_workspace_member_cannot_see_or_rotate_this_feed(editor, other_workspace):
    _feed, secret = services.calendar_feed_rotate(scope=editor)
    outsider = make_member(other_workspace, Role.OWNER)
    client = client_for(outsider)
    page = url(editor, "calendar_feed_settings")
    assert client.get(page).status_code == 404
    assert client.post(page, {"action": "rotate", "confirm": "yes"}).status_code == 404
    assert client.post(page, {"action": "revoke", "confirm": "yes"}).status_code == 404
    assert CalendarFeed.objects.get().key_hash == token_hash(secret)
    assert Client().get(feed_path(secret)).status_code == 200


def test_every_role_may_have_a_feed(member):
    for role in Role:
        scope = member(role)
        _feed, secret = services.calendar_feed_rotate(scope=scope)
        assert selectors.calendar_feed_for_secret(secret) == scope.membership


def test_secret_never_reaches_a_log(editor, caplog):
    caplog.set_level(logging.DEBUG)
    # Django's request log does not propagate to the root: listen to it directly.
    request_log = logging.getLogger("django.request")
    request_log.addHandler(caplog.handler)
    old_level = request_log.level
    request_log.setLevel(logging.DEBUG)
    try:
        client = client_for(editor)
        page = url(editor, "calendar_feed_settings")
        first = client.post(page, {"action": "rotate"}).context["address"]
        second = client.post(page, {"action": "rotate", "confirm": "yes"}).context["address"]
        assert Client().get(first).status_code == 404
        assert Client().get(second).status_code == 200
        client.post(page, {"action": "revoke", "confirm": "yes"})
        assert Client().get(second).status_code == 404
    finally:
        request_log.removeHandler(caplog.handler)
        request_log.setLevel(old_level)
    secrets = [a.rsplit("/", 1)[1].removesuffix(".ics") for a in (first, second)]
    logged = [r for r in caplog.records if r.name == "enlace.security"]
    assert any("calendar feed rotated" in r.getMessage() for r in logged)
    for record in caplog.records:
        text = f"{record.getMessage()} {record.args!r} {record.__dict__!r}"
        for secret in secrets:
            assert secret not in text
            assert secret[:12] not in text
