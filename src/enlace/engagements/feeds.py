"""A member's calendar feed as iCalendar (RFC 5545): their engagements, the due dates of their
open follow-ups and the dates other apps put on their agenda (enlace.engagements.agenda), with
no personal data of the people involved."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from enlace.core.models import Membership
from enlace.engagements.agenda import AgendaItem
from enlace.engagements.models import Engagement, FollowUp

PRODID = "-//Enlace//Engagements calendar//EN"
DEFAULT_DURATION = dt.timedelta(hours=1)


def clean_text(value: object, *, multiline: bool = False) -> str:
    """Text without control characters (a stray one breaks some calendar clients); the
    library escapes the rest. Line breaks survive only where a reader expects them."""
    kept = []
    for char in str(value or ""):
        if char == "\n" and multiline:
            kept.append(char)
        elif unicodedata.category(char) == "Cc":
            kept.append(" ")
        else:
            kept.append(char)
    lines = (" ".join(line.split()) for line in "".join(kept).split("\n"))
    return "\n".join(line for line in lines if line)


def _zone(name: str) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _when(engagement: Engagement) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime]:
    """All-day dates (the end exclusive, as RFC 5545 wants), or times in the venue's zone when
    the engagement has a start time and a time zone."""
    zone = _zone(engagement.timezone)
    if engagement.start_time is None or zone is None:
        return engagement.start_date, engagement.end_date + dt.timedelta(days=1)
    start = dt.datetime.combine(engagement.start_date, engagement.start_time, tzinfo=zone)
    if engagement.end_time is not None:
        end = dt.datetime.combine(engagement.end_date, engagement.end_time, tzinfo=zone)
    elif engagement.end_date > engagement.start_date:
        end = dt.datetime.combine(engagement.end_date, engagement.start_time, tzinfo=zone)
    else:
        end = start + DEFAULT_DURATION  # a start time alone: show an hour, not a zero block
    if end <= start:
        end = start + DEFAULT_DURATION
    return start, end


def _location(engagement: Engagement) -> str:
    country = engagement.country.name if engagement.country else ""
    parts = [engagement.venue, engagement.city, str(country)]
    return ", ".join(clean_text(p) for p in parts if clean_text(p))


def _description(engagement: Engagement) -> str:
    """What kind of engagement and how: never who took part (names stay in Enlace)."""
    return clean_text(f"{engagement.get_kind_display()} · {engagement.get_mode_display()}")


def _engagement_event(engagement: Engagement, url: str) -> Event:
    start, end = _when(engagement)
    event = Event()
    event.add("uid", f"engagement-{engagement.pk}@enlace")
    event.add("dtstamp", engagement.updated_at)
    event.add("last-modified", engagement.updated_at)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", clean_text(engagement.title))
    location = _location(engagement)
    if location:
        event.add("location", location)
    event.add("description", _description(engagement))
    event.add("url", url)
    event.add("transp", "OPAQUE")
    return event


def _follow_up_event(follow_up: FollowUp, due: dt.date, url: str) -> Event:
    event = Event()
    event.add("uid", f"follow-up-{follow_up.pk}@enlace")
    event.add("dtstamp", follow_up.updated_at)
    event.add("last-modified", follow_up.updated_at)
    event.add("dtstart", due)
    event.add("dtend", due + dt.timedelta(days=1))
    event.add("summary", _("Due: %(title)s") % {"title": clean_text(follow_up.title)})
    event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a deadline, not time taken
    return event


def _agenda_event(item: AgendaItem, url: str) -> Event:
    """An all-day event for a date another app put on the member's agenda (a deadline)."""
    uid = (
        item.uid
        or "agenda-"
        + hashlib.sha256(
            f"{item.url_name}|{item.url_args}|{item.date}|{item.title}".encode()
        ).hexdigest()[:32]
    )
    event = Event()
    event.add("uid", f"{uid}@enlace")
    event.add("dtstamp", item.changed_at or timezone.now())
    if item.changed_at is not None:
        event.add("last-modified", item.changed_at)
    event.add("dtstart", item.date)
    event.add("dtend", item.date + dt.timedelta(days=1))
    summary = _("%(kind)s: %(title)s") % {
        "kind": clean_text(item.kind_label),
        "title": clean_text(item.title),
    }
    event.add("summary", summary)
    if url:
        event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a deadline, not time taken
    return event


def calendar_build(
    *,
    membership: Membership,
    engagements: Iterable[Engagement],
    follow_ups: Iterable[FollowUp],
    engagement_url: Callable[[Engagement], str],
    follow_up_url: Callable[[FollowUp], str],
    agenda: Iterable[AgendaItem] = (),
    agenda_url: Callable[[AgendaItem], str] = lambda _item: "",
) -> bytes:
    """The feed as bytes (UTF-8), in the member's language. URLs come from the caller, who knows
    the request's host."""
    language = membership.user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        name = _("%(workspace)s: my engagements and follow-ups") % {
            "workspace": clean_text(membership.workspace.name)
        }
        calendar.add("x-wr-calname", name)
        calendar.add("x-published-ttl", "PT1H")
        for engagement in engagements:
            calendar.add_component(_engagement_event(engagement, engagement_url(engagement)))
        for follow_up in follow_ups:
            if follow_up.due_date is not None:
                event = _follow_up_event(follow_up, follow_up.due_date, follow_up_url(follow_up))
                calendar.add_component(event)
        for item in agenda:
            calendar.add_component(_agenda_event(item, agenda_url(item)))
        # Clients need the zones' rules, not only their names, to place timed events.
        calendar.add_missing_timezones()
        body: bytes = calendar.to_ical()
        return body
