"""A field visit report as a downloadable file: the figures, the Markdown draft and one format,
built the same way for the API endpoint, the `enlace report` command and the report page."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.utils import translation
from django.utils.text import slugify

from enlace.core.scoping import Scope
from enlace.engagements.models import Engagement
from enlace.reports import drafts, figures, period_figures, render

FORMATS: Final = ("md", "html", "pdf", "docx")
AUDIENCES: Final = ("internal", "public")
LANGUAGES: Final = ("en", "es")

CONTENT_TYPES: Final[dict[str, str]] = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class ReportFile:
    """What a download sends: the bytes, their content type and the attachment's file name."""

    content: bytes
    content_type: str
    filename: str


@dataclass(frozen=True)
class FieldVisitDraft:
    """The figures of one engagement's field visit report and the Markdown drafted from them."""

    engagement: Engagement
    figures: dict[str, Any]
    markdown: str
    audience: str
    language: str

    @property
    def title(self) -> str:
        return self.engagement.title


@dataclass(frozen=True)
class PeriodDraft:
    """The figures of a period report and the Markdown drafted from them."""

    start: datetime.date
    end: datetime.date
    countries: tuple[str, ...]
    figures: dict[str, Any]
    markdown: str
    audience: str
    language: str


def request_language(value: str | None = None) -> str:
    """`value` when it is a report language, otherwise the active one (English by default)."""
    for candidate in (value, translation.get_language()):
        short = (candidate or "")[:2].lower()
        if short in LANGUAGES:
            return short
    return "en"


def field_visit_figures(
    *, scope: Scope, engagement: Engagement, audience: str, language: str
) -> dict[str, Any]:
    """The figures (JSON-able, each with the ids it counts) as the report's language says them."""
    with translation.override(language):
        return figures.field_visit_figures(
            scope=scope, engagement=engagement, audience=audience, language=language
        )


def field_visit_draft(
    *, scope: Scope, engagement: Engagement, audience: str, language: str
) -> FieldVisitDraft:
    """Figures read through `scope` (so only what the asker may see), drafted as Markdown."""
    data = field_visit_figures(
        scope=scope, engagement=engagement, audience=audience, language=language
    )
    markdown = drafts.field_visit_markdown(data, audience=audience, language=language)
    return FieldVisitDraft(
        engagement=engagement,
        figures=data,
        markdown=markdown,
        audience=audience,
        language=language,
    )


def filename(draft: FieldVisitDraft, format: str) -> str:
    """An ASCII file name that says what the file is: `field-visit-<title>-public-es.pdf`."""
    stem = slugify(draft.title)[:60].strip("-") or str(draft.engagement.pk)[:8]
    return f"field-visit-{stem}-{draft.audience}-{draft.language}.{format}"


def draft_file(draft: FieldVisitDraft, format: str) -> ReportFile:
    """The draft in `format` (one of FORMATS)."""
    title, language, audience = draft.title, draft.language, draft.audience
    charts = draft.figures.get("charts")
    content: bytes
    if format == "md":
        markdown = render.to_markdown(
            draft.markdown, title=title, language=language, audience=audience
        )
        content = markdown.encode()
    elif format == "html":
        html = render.to_html(
            draft.markdown, title=title, language=language, audience=audience, charts=charts
        )
        content = html.encode()
    elif format == "pdf":
        content = render.to_pdf(
            draft.markdown, title=title, language=language, audience=audience, charts=charts
        )
    elif format == "docx":
        content = render.to_docx(
            draft.markdown, title=title, language=language, audience=audience, charts=charts
        )
    else:
        raise ValueError(f"Unknown report format {format!r}.")
    return ReportFile(
        content=content, content_type=CONTENT_TYPES[format], filename=filename(draft, format)
    )


def field_visit_file(
    *, scope: Scope, engagement: Engagement, format: str, audience: str, language: str
) -> ReportFile:
    """The field visit report of `engagement` as a file in `format`."""
    draft = field_visit_draft(
        scope=scope, engagement=engagement, audience=audience, language=language
    )
    return draft_file(draft, format)


def period_draft(
    *,
    scope: Scope,
    start: datetime.date,
    end: datetime.date,
    countries: Sequence[str],
    audience: str,
    language: str,
) -> PeriodDraft:
    """The period report's figures read through `scope`, drafted as Markdown."""
    with translation.override(language):
        data = period_figures.period_figures(
            scope=scope,
            start=start,
            end=end,
            countries=tuple(countries),
            audience=audience,
            language=language,
        )
    markdown = drafts.period_markdown(data, audience=audience, language=language)
    return PeriodDraft(
        start=start,
        end=end,
        countries=tuple(countries),
        figures=data,
        markdown=markdown,
        audience=audience,
        language=language,
    )
