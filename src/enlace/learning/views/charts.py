"""The dashboard's charts (Vega-Lite specs from enlace.web.charts): right answers before and after
by module, and the mean scores before and after by cohort. Each comes with its own table, and
the dashboard has fuller tables of the same figures beside them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from enlace.web.charts import Chart, grouped_bars


def _before_after(
    rows: Sequence[Mapping[str, Any]], name: str, pre: str, post: str
) -> list[dict[str, Any]]:
    before, after = _("Before"), _("After")
    result: list[dict[str, Any]] = []
    for row in rows:
        result.append({"c": row[name], "s": before, "v": row.get(pre)})
        result.append({"c": row[name], "s": after, "v": row.get(post)})
    return result


def module_chart(by_module: Sequence[Mapping[str, Any]]) -> Chart | None:
    """Percent of right answers per module; a module that needs reinforcement says so in its
    name, so that the chart is read without colour."""
    rows = []
    for module in by_module:
        title = module.get("title") or _("Questions without a module")
        if module.get("needs_reinforcement"):
            title = _("%(module)s (needs reinforcement)") % {"module": title}
        rows.append({**module, "name": title})
    if not rows:
        return None
    return grouped_bars(
        _before_after(rows, "name", "pre_correct_percent", "post_correct_percent"),
        category="c",
        series="s",
        value="v",
        title=_("Right answers by module, before and after"),
        value_title=_("Right answers (%)"),
        category_title=_("Module"),
        series_title=_("Test"),
        series_order=[_("Before"), _("After")],
        chart_id="chart-modules",
    )


def cohort_chart(
    rows: Sequence[Mapping[str, Any]], *, title: str, category_title: str, chart_id: str
) -> Chart | None:
    """Mean pre- and post-test scores of each cohort with matched pairs."""
    matched = [row for row in rows if row.get("matched_pairs")]
    if not matched:
        return None
    return grouped_bars(
        _before_after(matched, "label", "mean_pre", "mean_post"),
        category="c",
        series="s",
        value="v",
        title=title,
        value_title=_("Mean score (%)"),
        category_title=category_title,
        series_title=_("Test"),
        series_order=[_("Before"), _("After")],
        chart_id=chart_id,
    )


def dashboard_charts(
    summary: Mapping[str, Any], by_discipline: Sequence[Any], by_level: Sequence[Any]
) -> dict[str, Chart]:
    charts = {
        "by_module": module_chart(summary["by_module"]),
        "by_discipline": cohort_chart(
            by_discipline,
            title=_("Mean scores by discipline, before and after"),
            category_title=_("Discipline"),
            chart_id="chart-disciplines",
        ),
        "by_level": cohort_chart(
            by_level,
            title=_("Mean scores by experience at intake, before and after"),
            category_title=_("Experience at intake"),
            chart_id="chart-levels",
        ),
    }
    return {name: chart for name, chart in charts.items() if chart is not None}
