"""Reads of saved reports: scoped to the workspace (and, for a partner, to the public reports of
engagements it can see), their versions, the diff a regenerated draft waits with, their files."""

from __future__ import annotations

import difflib
from typing import Any

from django.db.models import Max, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries

from enlace.core.errors import Http404
from enlace.core.scoping import Scope, get_in_scope
from enlace.engagements.selectors import engagement_queryset
from enlace.reports import render
from enlace.reports.exports import CONTENT_TYPES, FORMATS, ReportFile
from enlace.reports.models import Audience, Report, ReportVersion


def report_queryset(scope: Scope) -> QuerySet[Report]:
    """Reports not in the trash. A partner reads only public reports of the engagements it can
    see: an internal report carries notes and people its page would not show it."""
    qs: QuerySet[Report] = scope.filter(Report.objects.all()).select_related(
        "engagement", "created_by", "reviewed_by"
    )
    if scope.is_partner:
        qs = qs.filter(audience=Audience.PUBLIC, engagement__in=engagement_queryset(scope))
    return qs


def report_list(*, scope: Scope, engagement: Any = None) -> QuerySet[Report]:
    """Newest first, each with `latest_number` (None while no version exists)."""
    qs = report_queryset(scope)
    if engagement is not None:
        qs = qs.filter(engagement=engagement)
    return qs.annotate(latest_number=Max("versions__number")).order_by("-created_at", "id")


def report_get(*, scope: Scope, id: Any) -> Report:
    """One report of the workspace the scope may read, or 404."""
    return get_in_scope(report_queryset(scope), id)


def report_versions(report: Report) -> QuerySet[ReportVersion]:
    """The versions of a report (from report_get), oldest first, with who saved each."""
    return (
        ReportVersion.objects.filter(workspace_id=report.workspace_id, report=report)
        .order_by("number")
        .select_related("created_by")
    )


def report_version_get(report: Report, number: Any) -> ReportVersion:
    """Version `number` of a report (from report_get), or 404."""
    try:
        wanted = int(number)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    version = report_versions(report).filter(number=wanted).first()
    if version is None:
        raise Http404
    return version


def report_latest_version(report: Report) -> ReportVersion | None:
    return report_versions(report).order_by("-number").first()


def report_diff(report: Report) -> list[str]:
    """The unified diff from the latest version to the regenerated draft waiting beside it, as
    lines without line ends; [] when no draft waits."""
    if not report.pending_markdown:
        return []
    latest = report_latest_version(report)
    before = latest.markdown if latest is not None else ""
    return list(
        difflib.unified_diff(
            before.splitlines(),
            report.pending_markdown.splitlines(),
            fromfile=_("Version %(number)s") % {"number": latest.number if latest else 0},
            tofile=_("Regenerated draft"),
            lineterm="",
        )
    )


def report_filename(report: Report, version: ReportVersion, format: str) -> str:
    """An ASCII name that says what the file is: `report-<title>-public-es-v3.pdf`."""
    stem = slugify(report.title)[:60].strip("-") or str(report.pk)[:8]
    return f"report-{stem}-{report.audience}-{report.language}-v{version.number}.{format}"


def report_file(*, report: Report, format: str, version: ReportVersion | None = None) -> ReportFile:
    """A report (from report_get) as a file in `format`, from `version` or else the latest one;
    a public report carries the draft banner until it is marked reviewed. 404 while no version
    exists."""
    if format not in FORMATS:
        raise ValueError(f"Unknown report format {format!r}.")
    version = version or report_latest_version(report)
    if version is None:
        raise Http404
    options: dict[str, Any] = {
        "title": report.title,
        "language": report.language,
        "audience": report.audience,
        "reviewed": report.reviewed_at is not None,
        # The charts of the figures this version was drafted from.
        "charts": (version.figures or {}).get("charts"),
    }
    content: bytes
    if format == "md":
        content = render.to_markdown(version.markdown, **options).encode()
    elif format == "html":
        content = render.to_html(version.markdown, **options).encode()
    elif format == "pdf":
        content = render.to_pdf(version.markdown, **options)
    else:
        content = render.to_docx(version.markdown, **options)
    return ReportFile(
        content=content,
        content_type=CONTENT_TYPES[format],
        filename=report_filename(report, version, format),
    )


def report_country_choices(*, scope: Scope) -> list[tuple[str, str]]:
    """The countries of the engagements this scope can see, by name: the choices a period report
    offers (one query)."""
    codes = (
        engagement_queryset(scope)
        .exclude(country="")
        .order_by()
        .values_list("country", flat=True)
        .distinct()
    )
    names = dict(countries)
    return sorted(
        ((str(code), str(names.get(str(code), code))) for code in codes),
        key=lambda pair: pair[1].casefold(),
    )
