"""What the reports endpoints accept: the format, audience and language of a report."""

from __future__ import annotations

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
