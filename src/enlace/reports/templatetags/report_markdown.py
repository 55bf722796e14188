"""Filters of the Markdown report templates: escaping what users typed, and dates and numbers
in the report's language (the active one)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()

# Every ASCII punctuation character can be backslash-escaped in CommonMark, so escaping them all
# leaves no link, image, emphasis, heading, list, table, entity or raw HTML to start.
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@register.filter
def md_escape(value: Any) -> str:
    """One line of user text, inert in Markdown: whitespace collapsed, punctuation escaped."""
    text = " ".join(_CONTROL.sub("", str(value or "")).split())
    return _PUNCTUATION.sub(r"\\\1", text)


@register.filter
def md_paragraphs(value: Any) -> str:
    """A user's longer text as Markdown paragraphs, each escaped like md_escape."""
    text = _CONTROL.sub("", str(value or "")).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [md_escape(p) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


@register.filter
def report_date(value: Any) -> str:
    """An ISO date in the active language's long format."""
    if not value:
        return ""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return formats.date_format(day, "DATE_FORMAT")


@register.filter
def report_number(value: Any) -> str:
    """A count with the active language's grouping."""
    return formats.number_format(value, decimal_pos=0, force_grouping=True)


@register.filter
def date_range(start: Any, end: Any) -> str:
    """One day, or the first and last day joined by an en dash, in the active language."""
    if not end or end == start:
        return report_date(start)
    return _("%(start)s to %(end)s") % {"start": report_date(start), "end": report_date(end)}


@register.filter
def place(engagement: dict[str, Any]) -> str:
    """Venue, city and country of an engagement's figures, escaped."""
    parts = [engagement.get(k) for k in ("venue", "city", "country_name")]
    return ", ".join(md_escape(p) for p in parts if p)


@register.filter
def name_list(items: list[Any]) -> str:
    """Organisation dicts or plain strings, escaped and joined with commas."""
    names = [item["name"] if isinstance(item, dict) else item for item in items or []]
    return ", ".join(md_escape(n) for n in names if n)
