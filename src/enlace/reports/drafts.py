"""Drafting a report's Markdown from its figures, with the template of the report's language."""

from __future__ import annotations

import re
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

FIELD_VISIT_TEMPLATE = "reports/field_visit.md.txt"
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
