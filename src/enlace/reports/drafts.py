"""Drafting a report's Markdown from its figures, with the template of the report's language."""

from __future__ import annotations

import re
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

FIELD_VISIT_TEMPLATE = "reports/field_visit.md.txt"
PERIOD_TEMPLATE = "reports/period.md.txt"
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACES = re.compile(r"[ \t]+\n")


def _tidy(markdown: str) -> str:
    """The template's layout newlines folded: one blank line between blocks, one at the end."""
    text = _TRAILING_SPACES.sub("\n", markdown)
    return _BLANK_LINES.sub("\n\n", text).strip() + "\n"


def field_visit_markdown(figures: dict[str, Any], *, audience: str, language: str) -> str:
    """The field visit report as Markdown in `language`. Every text a user typed is escaped by
    the template's md_escape filters, so it cannot become a link, HTML or a heading."""
    context = {**figures, "audience": audience, "language": language}
    with translation.override(language):
        return _tidy(render_to_string(FIELD_VISIT_TEMPLATE, context))


def period_markdown(figures: dict[str, Any], *, audience: str, language: str) -> str:
    """The period report as Markdown in `language`, from period_figures: every figure a link to
    its trace ref ([12](#fig-engagements)), every chart a `chart:<key>` image followed by a table
    of the same numbers, every text a user typed escaped by md_escape."""
    charts = figures.get("charts") or {}
    context = {
        **figures,
        "audience": audience,
        "language": language,
        # Template variables cannot hold a hyphen: chart.engagements_by_kind is charts' key
        # "engagements-by-kind".
        "chart": {key.replace("-", "_"): chart for key, chart in charts.items()},
    }
    with translation.override(language):
        return _tidy(render_to_string(PERIOD_TEMPLATE, context))
