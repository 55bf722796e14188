"""Chart tags: `{% chart some_chart %}` renders web/components/chart.html (the figure, its spec
and the table alternative); `{% chart_scripts %}` loads what draws it, in `extra_head`."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import formats

from enlace.web.charts import Chart

register = template.Library()


@register.inclusion_tag("web/components/chart.html")
def chart(chart: Chart, *, table_open: bool = False) -> dict[str, Any]:
    """`{% chart module_chart %}`, or `{% chart module_chart table_open=True %}` to show the
    table without a click."""
    # The axes' numbers are written as the page's language writes them (the labels and the
    # table are formatted on the server already).
    return {
        "chart": chart,
        "table_open": table_open,
        "decimal": formats.get_format("DECIMAL_SEPARATOR"),
        "thousands": formats.get_format("THOUSAND_SEPARATOR"),
    }


@register.inclusion_tag("web/components/chart_scripts.html")
def chart_scripts() -> dict[str, Any]:
    return {}
