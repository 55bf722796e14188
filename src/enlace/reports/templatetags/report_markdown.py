"""Filters of the Markdown report templates: escaping what users typed, and dates and numbers
in the report's language (the active one)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
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


# Traceable figures (the period report): a figure is a dict {"ref", "value", "suppressed"} from
# the figures' trace; the filters write it as a link to "#fig-<ref>", which render.py turns into
# a link to the records counted (or plain text in exported files). A suppressed count reads
# "fewer than N" and an undefined one a dash, neither linked: there is nothing to trace.

_FIG_MISSING = "—"


def _fig_link(figure: Any, text: str) -> str:
    return f"[{text}](#fig-{figure['ref']})"


def _fig_plain(figure: Any) -> str | None:
    """The text of a figure that is not linked, or None when it has a value to link."""
    if not figure:
        return _FIG_MISSING
    if figure.get("suppressed"):
        return _("fewer than %(n)s") % {"n": figure.get("threshold", "")}
    if figure.get("value") is None:
        return _FIG_MISSING
    return None


def _decimal(value: Any, places: int) -> str:
    """Rounded half up, as people round by hand (number_format alone would cut 19.99 to 19.9)."""
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return formats.number_format(rounded, decimal_pos=places, force_grouping=True)


@register.filter
def fig(figure: Any) -> str:
    """A count, linked to its records: [1,250](#fig-people)."""
    plain = _fig_plain(figure)
    return plain if plain is not None else _fig_link(figure, report_number(figure["value"]))


@register.filter
def fig_percent(figure: Any) -> str:
    """A percent (0 to 100) with one decimal, linked."""
    plain = _fig_plain(figure)
    if plain is not None:
        return plain
    return _fig_link(figure, _("%(value)s%%") % {"value": _decimal(figure["value"], 1)})


@register.filter
def fig_points(figure: Any) -> str:
    """A change in percentage points with its sign and one decimal, linked: +20.0."""
    plain = _fig_plain(figure)
    if plain is not None:
        return plain
    text = _decimal(figure["value"], 1)
    sign = "+" if float(figure["value"]) > 0 and text.strip("0.,") else ""
    return _fig_link(figure, sign + text)


@register.filter
def fig_amount(figure: Any) -> str:
    """A sum of money (a decimal string) with two decimals, linked; the currency goes beside."""
    plain = _fig_plain(figure)
    if plain is not None:
        return plain
    return _fig_link(figure, _decimal(figure["value"], 2))


# What could end a link's text or start markup inside it; a figure written out by the code
# holds digits, signs and words, so nothing else needs escaping (and the writer reads it as is).
_LINK_TEXT_MARKUP = re.compile(r"([\[\]\\<>*_`!|])")


@register.filter
def fig_text(figure: Any) -> str:
    """A figure already written out in the report's language (an interval), linked."""
    plain = _fig_plain(figure)
    if plain is not None:
        return plain
    text = " ".join(_CONTROL.sub("", str(figure["value"])).split())
    return _fig_link(figure, _LINK_TEXT_MARKUP.sub(r"\\\1", text))


@register.filter
def amount_list(amounts: Any) -> str:
    """Sums per currency, "USD [1,000.00](#fig-…); EUR […](#fig-…)": never added together."""
    return "; ".join(f"{md_escape(a['currency'])} {fig_amount(a['amount'])}" for a in amounts or [])
