"""Template helpers of the engagement pages: when an engagement happens, said in one line."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()

DASH = "\N{EN DASH}"


def _at(day: Any, time: Any) -> str:
    text = formats.date_format(day)
    return f"{text}, {formats.time_format(time, 'H:i')}" if time else text


@register.filter
def when(engagement: Any) -> str:
    """One line: "12 Nov 2026, 09:00-17:00 (America/Santiago time)", or the first and last day."""
    start, end = engagement.start_date, engagement.end_date
    if start == end:
        text = _at(start, engagement.start_time)
        if engagement.start_time and engagement.end_time:
            text += f"{DASH}{formats.time_format(engagement.end_time, 'H:i')}"
    else:
        first = _at(start, engagement.start_time)
        last = _at(end, engagement.end_time)
        text = f"{first} {DASH} {last}"
    if engagement.timezone and engagement.start_time:
        text += " " + _("(%(zone)s time)") % {"zone": engagement.timezone}
    return text


@register.filter
def is_overdue(follow_up: Any, today: Any) -> bool:
    return bool(follow_up.due_date and follow_up.due_date < today)
