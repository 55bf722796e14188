"""How the learning pages write their figures: percents, gains in points, normalised gains
("undefined" when the pre-test was perfect), p-values, and a choice's label."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()

DASH = "—"


def _number(value: float, digits: int) -> str:
    return str(number_format(round(float(value), digits), digits))


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    """72.5 -> "72.5%"; None -> "—"."""
    if value is None:
        return DASH
    return f"{_number(value, digits)}%"


@register.filter
def share(value: Any, digits: int = 0) -> str:
    """A share from 0 to 1 as a percent: 0.75 -> "75%"."""
    if value is None:
        return DASH
    return percent(100.0 * float(value), digits)


@register.filter
def number(value: Any, digits: int = 1) -> str:
    if value is None:
        return DASH
    return _number(value, digits)


@register.filter
def points(value: Any, digits: int = 1) -> str:
    """A gain in percentage points, signed: +12.5, or -3.0 written with a true minus sign."""
    if value is None:
        return DASH
    number_text = _number(abs(float(value)), digits)
    if float(value) > 0:
        return f"+{number_text}"
    if float(value) < 0:
        return f"\N{MINUS SIGN}{number_text}"
    return number_text


@register.filter
def normalized(value: Any) -> str:
    """A normalised gain (a share, at most 1) with two decimals; None is undefined, which
    happens when the pre-test was already perfect (nothing left to learn)."""
    if value is None:
        return _("undefined")
    return _number(value, 2)


@register.filter
def pvalue(value: Any) -> str:
    if value is None:
        return DASH
    if float(value) < 0.001:
        return "< " + _number(0.001, 3)
    return _number(value, 3)


@register.filter
def interval(value: Sequence[Any] | None) -> str:
    """A 95% interval of a gain: "[+2.1, +14.8]"; "—" when it cannot be computed."""
    if not value or value[0] is None or value[1] is None:
        return DASH
    return f"[{points(value[0])}, {points(value[1])}]"


@register.filter
def label(value: Any, choices: Mapping[Any, Any]) -> Any:
    return choices.get(value, value)
