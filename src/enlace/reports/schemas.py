"""What the reports endpoints accept: the format, audience and language of a report."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema


class FieldVisitFiguresQuery(Schema):
    audience: Literal["internal", "public"] = Field(
        "internal",
        description=(
            "`internal` may include notes and links back to the records; `public` leaves them "
            "out and shows small counts of people as 'fewer than N'."
        ),
    )
    lang: Literal["", "en", "es"] = Field(
        "", description="The report's language; the request's (or English) when left out."
    )


class FieldVisitQuery(FieldVisitFiguresQuery):
    format: Literal["md", "html", "pdf", "docx"] = Field(
        "md", description="Markdown, a print-friendly HTML document, PDF or Word (.docx)."
    )


class PeriodReportIn(Schema):
    """A period report to draft: the range (inclusive), optional countries, audience, language."""

    model_config = {"populate_by_name": True}

    start: date = Field(..., alias="from", description="First day of the period (ISO 8601).")
    end: date = Field(..., alias="to", description="Last day of the period, inclusive.")
    countries: list[str] = Field(
        default_factory=list,
        max_length=300,
        description="ISO 3166 alpha-2 codes; none means every country.",
    )
    audience: Literal["internal", "public"] = "internal"
    lang: Literal["en", "es"] = "en"
    title: str = Field("", max_length=250, description="Defaults to 'Report for <from> to <to>'.")


class ReportOut(Schema):
    id: uuid.UUID
    kind: str
    title: str
    engagement_id: uuid.UUID | None
    period_start: date | None
    period_end: date | None
    countries: list[str]
    audience: str
    language: str
    generation_status: str
    generation_error: str
    latest_version: int | None
    reviewed_at: datetime | None
    created_at: datetime


class TaskOut(Schema):
    """A background drafting: `status` is queued, running, succeeded or failed; when it
    succeeded, `files` gives the report's download address per format."""

    id: str
    status: Literal["queued", "running", "succeeded", "failed"]
    error: str
    report_id: uuid.UUID
    files: dict[str, str]


class ReportFileQuery(Schema):
    format: Literal["md", "html", "pdf", "docx"] = Field(
        "pdf", description="Markdown, a print-friendly HTML document, PDF or Word (.docx)."
    )
