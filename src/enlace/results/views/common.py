"""What the results pages share: URLs, the filters in the query string, the status badges and
the sparklines (small server-drawn SVGs: the CSP forbids inline styles and scripts)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enlace.core.scoping import Scope
from enlace.stakeholders.views.base import is_htmx, render_page

# A shape beside each status's words, so that the badge reads in greyscale and without colour.
STATUS_SHAPES: dict[str, str] = {
    "on_track": "●",
    "at_risk": "▲",
    "off_track": "■",
    "no_target": "○",
    "not_started": "◌",
    "no_data": "\u2013",  # an en dash
}
STATUS_WORDS: dict[str, Any] = {
    "on_track": gettext_lazy("On track"),
    "at_risk": gettext_lazy("At risk"),
    "off_track": gettext_lazy("Off track"),
    "no_target": gettext_lazy("No target"),
    "not_started": gettext_lazy("Not started"),
    "no_data": gettext_lazy("No data"),
}

SPARK_WIDTH = 96
SPARK_HEIGHT = 24


def page_url(scope: Scope, name: str, *args: Any) -> str:
    return reverse(f"web:results_{name}", args=[scope.workspace.slug, *args])


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    cancel_url: str,
    breadcrumb: str,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """A record's form page (the partnerships one, with room for help beside the fields)."""
    if is_htmx(request):
        status = 200
    context = {
        "form": form,
        "title": title,
        "action_url": request.get_full_path(),
        "cancel_url": cancel_url,
        "breadcrumb": breadcrumb,
        **extra,
    }
    return render_page(request, "results/form.html", context, partial="record-form", status=status)


def number(value: Any) -> str:
    """A figure as people write it: no trailing zeros, "—" when unknown."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        value = value.normalize()
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        return f"{value:f}"
    return str(value)


def status_badge(status: str) -> dict[str, Any]:
    return {
        "key": status,
        "label": STATUS_WORDS.get(status, status),
        "shape": STATUS_SHAPES.get(status, "?"),
    }


def sparkline(series: list[dict[str, Any]]) -> SafeString:
    """The values per period as a line; its aria-label reads them out. Periods without a value
    break the line (no point is drawn for them)."""
    values = [entry.get("value") for entry in series]
    spoken = ", ".join(f"{entry['period']}: {number(entry.get('value'))}" for entry in series)
    label = _("Values by period: %(values)s") % {"values": spoken or _("none")}
    known = [Decimal(v) for v in values if v is not None]
    if not known:
        return format_html(
            '<svg class="sparkline" role="img" aria-label="{}" width="{}" height="{}" '
            'viewBox="0 0 {} {}"></svg>',
            label,
            SPARK_WIDTH,
            SPARK_HEIGHT,
            SPARK_WIDTH,
            SPARK_HEIGHT,
        )
    low, high = min([*known, Decimal(0)]), max(known)
    spread = (high - low) or Decimal(1)
    step = Decimal(SPARK_WIDTH - 4) / max(len(values) - 1, 1)
    points = []
    for index, value in enumerate(values):
        if value is None:
            continue
        x = 2 + step * index
        y = Decimal(SPARK_HEIGHT - 2) - (Decimal(value) - low) / spread * (SPARK_HEIGHT - 4)
        points.append((f"{x:.1f}", f"{y:.1f}"))
    dots = format_html_join(
        "", '<circle cx="{}" cy="{}" r="1.5" fill="currentColor"></circle>', points
    )
    line = " ".join(f"{x},{y}" for x, y in points)
    return format_html(
        '<svg class="sparkline" role="img" aria-label="{}" width="{}" height="{}" '
        'viewBox="0 0 {} {}"><polyline points="{}" fill="none" stroke="currentColor" '
        'stroke-width="1.5"></polyline>{}</svg>',
        label,
        SPARK_WIDTH,
        SPARK_HEIGHT,
        SPARK_WIDTH,
        SPARK_HEIGHT,
        line,
        dots,
    )
