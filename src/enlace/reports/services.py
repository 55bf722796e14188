"""Writes of saved reports: create (and draft in the background), save an edited version,
regenerate beside the writer's text, take or leave the regenerated draft, mark reviewed, delete.

Drafting runs in enlace.reports.tasks.generate_report, queued after the transaction commits
(in tests, wrap the call in `django_capture_on_commit_callbacks(execute=True)` to run it). The
task drafts version 1 when the report has no version yet; otherwise it leaves the new draft in
`pending_markdown`, so nothing the writer typed is overwritten.

`report.version` counts changes to what the report says (its text and its review) and is what
`expected_version` is checked against; the background status and the waiting draft do not bump
it, so a regeneration finishing never makes an open editor stale.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries as country_names

from enlace.core.errors import Http404, ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope, scope_for
from enlace.core.services import lock_for_write, record_save, record_soft_delete
from enlace.engagements.models import Engagement
from enlace.engagements.selectors import engagement_queryset
from enlace.reports import exports, render
from enlace.reports.models import (
    MAX_REPORT_CHARS,
    Audience,
    GenerationStatus,
    Report,
    ReportKind,
    ReportLanguage,
    ReportVersion,
    VersionSource,
)

logger = logging.getLogger(__name__)

MAX_NOTE_CHARS = 300
# A period report covers at most this many days (five years and a leap day): longer ranges are
# a programme's whole life, which the results framework reports better.
MAX_PERIOD_DAYS = 5 * 365 + 1
MAX_ERROR_CHARS = 500
BUSY = (GenerationStatus.QUEUED, GenerationStatus.RUNNING)


class GenerationFailed(Exception):
    """A reason the writer can act on, shown on the report page (never a traceback)."""


def _in_scope(scope: Scope, report: Report) -> None:
    """A report of another workspace, or in the trash, is simply not found."""
    if report.workspace_id != scope.workspace.pk or report.deleted_at is not None:
        raise Http404


def _lock(report: Report, *, expected_version: int | None = None) -> Report:
    locked = lock_for_write(report, expected_version=expected_version)
    if locked.deleted_at is not None:
        raise Http404
    return locked


def _set_state(report: Report, **fields: Any) -> None:
    """Generation state and the waiting draft: written without bumping the version or the
    history (they are the machinery's, not the writer's)."""
    Report.all_objects.filter(pk=report.pk).update(**fields, updated_at=timezone.now())
    for name, value in fields.items():
        setattr(report, name, value)


def _latest(report: Report) -> ReportVersion | None:
    return ReportVersion.objects.filter(report=report).order_by("-number").first()


def _add_version(
    report: Report,
    *,
    markdown: str,
    source: str,
    actor: Any,
    figures: dict[str, Any] | None = None,
    note: str = "",
) -> ReportVersion:
    latest = _latest(report)
    version = ReportVersion(
        workspace_id=report.workspace_id,
        report=report,
        number=(latest.number if latest else 0) + 1,
        markdown=markdown,
        figures=figures or {},
        source=source,
        note=note,
        created_by=actor,
    )
    version.full_clean(exclude=["report", "workspace"])
    version.save()
    return version


def _clean_markdown(markdown: Any) -> str:
    """One form for every text saved: NFC, no control characters, Unix line ends, one final
    newline (a browser's textarea sends CRLF and may drop it)."""
    text = render.clean_text(str(markdown or "")).rstrip()
    if not text.strip():
        raise ValidationError({"markdown": _("A report needs some text.")})
    if len(text) + 1 > MAX_REPORT_CHARS:
        raise ValidationError(
            {
                "markdown": _("A report has at most %(max)s characters; this one has %(count)s.")
                % {"max": MAX_REPORT_CHARS, "count": len(text) + 1}
            }
        )
    return text + "\n"


def _clean_note(note: Any) -> str:
    text = " ".join(str(note or "").split())
    if len(text) > MAX_NOTE_CHARS:
        raise ValidationError(
            {"note": _("A note has at most %(max)s characters.") % {"max": MAX_NOTE_CHARS}}
        )
    return text


def _enqueue(report: Report) -> None:
    """Queue the drafting once the report is committed (a task queued inside the transaction
    could run before the row exists). The drafting gets its own id at once, the one the API's
    /tasks/{id} answers to, so a client has it before any worker has seen the task."""
    _set_state(report, generation_task_id=uuid.uuid4().hex)
    transaction.on_commit(partial(_send, report.pk))


def _send(report_id: Any) -> None:
    # Imported here: the task module calls back into this one.
    from enlace.reports.tasks import generate_report

    try:
        result = generate_report.enqueue(str(report_id))
    except Exception:  # the queue is down: say so on the page rather than wait forever
        logger.exception("could not queue the drafting of report %s", report_id)
        Report.all_objects.filter(pk=report_id, generation_status__in=BUSY).update(
            generation_status=GenerationStatus.FAILED,
            generation_error=gettext("The drafting could not be queued; try again."),
        )
        return
    logger.info("report %s: drafting queued as task %s", report_id, result.id)


# Creating and drafting


def _visible_engagement(scope: Scope, engagement: Any) -> Engagement:
    if engagement is None:
        raise ValidationError({"engagement": _("Choose the engagement the report is about.")})
    pk = getattr(engagement, "pk", engagement)
    found = engagement_queryset(scope).filter(pk=pk).first()
    if found is None:
        raise ValidationError({"engagement": _("Not found.")})
    return found


@transaction.atomic
def report_create(
    *,
    scope: Scope,
    engagement: Any,
    kind: str = ReportKind.FIELD_VISIT,
    audience: str = Audience.INTERNAL,
    language: str = ReportLanguage.EN,
    title: str = "",
) -> Report:
    """A report of `engagement`, saved as queued; its first version is drafted in the
    background (see the module's docstring)."""
    scope.require(Action.CREATE)
    errors: dict[str, Any] = {}
    if kind != ReportKind.FIELD_VISIT:
        errors["kind"] = _("Only field visit reports can be drafted for now.")
    if audience not in Audience.values:
        errors["audience"] = _("Choose internal or public.")
    if language not in ReportLanguage.values:
        errors["language"] = _("Choose English or Spanish.")
    if errors:
        raise ValidationError(errors)
    found = _visible_engagement(scope, engagement)
    title = " ".join(str(title or "").split())
    if not title:
        with translation.override(language):
            title = gettext("Field visit report: %(title)s") % {"title": found.title}
    report = Report(
        workspace=scope.workspace,
        kind=kind,
        title=title[: Report._meta.get_field("title").max_length],
        engagement=found,
        audience=audience,
        language=language,
        generation_status=GenerationStatus.QUEUED,
        created_by=scope.user,
    )
    record_save(report, actor=scope.user)
    _enqueue(report)
    return report


def _period_date(value: Any, field: str, errors: dict[str, Any]) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        errors[field] = _("Enter a date like 2026-01-31.")
        return None


def _period_countries(values: Iterable[Any] | None, errors: dict[str, Any]) -> list[str]:
    codes: list[str] = []
    unknown: list[str] = []
    for value in values or ():
        code = str(value or "").strip().upper()
        if not code:
            continue
        if code not in dict(country_names):
            unknown.append(code[:10])
        elif code not in codes:
            codes.append(code)
    if unknown:
        errors["countries"] = _("Unknown country codes: %(codes)s.") % {
            "codes": ", ".join(unknown[:10])
        }
    return sorted(codes)


@transaction.atomic
def report_create_period(
    *,
    scope: Scope,
    start: Any,
    end: Any,
    countries: Iterable[Any] | None = None,
    audience: str = Audience.INTERNAL,
    language: str = ReportLanguage.EN,
    title: str = "",
) -> Report:
    """A report of what the workspace did from `start` to `end` (inclusive) in `countries`
    (ISO 3166 codes; none means everywhere), saved as queued and drafted in the background like
    any report. Figures are read as the author may see the record."""
    scope.require(Action.CREATE)
    errors: dict[str, Any] = {}
    first = _period_date(start, "start", errors)
    last = _period_date(end, "end", errors)
    codes = _period_countries(countries, errors)
    if audience not in Audience.values:
        errors["audience"] = _("Choose internal or public.")
    if language not in ReportLanguage.values:
        errors["language"] = _("Choose English or Spanish.")
    if first and last:
        if last < first:
            errors["end"] = _("The end of the period is before its start.")
        elif (last - first).days + 1 > MAX_PERIOD_DAYS:
            errors["end"] = _("A period report covers at most five years.")
    if errors:
        raise ValidationError(errors)
    assert first is not None and last is not None  # noqa: S101 - no errors means both parsed
    title = " ".join(str(title or "").split())
    if not title:
        with translation.override(language):
            title = gettext("Report for %(start)s to %(end)s") % {
                "start": formats.date_format(first, "DATE_FORMAT"),
                "end": formats.date_format(last, "DATE_FORMAT"),
            }
    report = Report(
        workspace=scope.workspace,
        kind=ReportKind.PERIOD,
        title=title[: Report._meta.get_field("title").max_length],
        period_start=first,
        period_end=last,
        countries=codes,
        audience=audience,
        language=language,
        generation_status=GenerationStatus.QUEUED,
        created_by=scope.user,
    )
    record_save(report, actor=scope.user)
    _enqueue(report)
    return report


def _draft(report: Report) -> exports.FieldVisitDraft | exports.PeriodDraft:
    """The report drafted as its author would see the record now, or GenerationFailed."""
    author = report.created_by
    if author is None or not author.is_active:
        raise GenerationFailed(gettext("The report's author no longer has an account."))
    try:
        scope = scope_for(author, report.workspace)
    except Http404 as exc:
        raise GenerationFailed(
            gettext("The report's author is no longer a member of this workspace.")
        ) from exc
    if not scope.can(Action.CHANGE):
        raise GenerationFailed(gettext("The report's author may no longer write reports here."))
    if report.kind == ReportKind.PERIOD:
        if report.period_start is None or report.period_end is None:
            raise GenerationFailed(gettext("The report has no period."))
        period = exports.period_draft(
            scope=scope,
            start=report.period_start,
            end=report.period_end,
            countries=list(report.countries or []),
            audience=report.audience,
            language=report.language,
        )
        if len(period.markdown) > MAX_REPORT_CHARS:
            raise GenerationFailed(gettext("The drafted report is too long to keep."))
        return period
    if report.kind != ReportKind.FIELD_VISIT or report.engagement_id is None:
        raise GenerationFailed(gettext("This kind of report cannot be drafted."))
    engagement = (
        engagement_queryset(scope)
        .filter(pk=report.engagement_id)
        .select_related("host_organization", "parent")
        .first()
    )
    if engagement is None:
        raise GenerationFailed(
            gettext("The engagement is in the trash or no longer visible to the report's author.")
        )
    draft = exports.field_visit_draft(
        scope=scope, engagement=engagement, audience=report.audience, language=report.language
    )
    if len(draft.markdown) > MAX_REPORT_CHARS:
        raise GenerationFailed(gettext("The drafted report is too long to keep."))
    return draft


def report_generate(*, report_id: str) -> None:
    """The task's body: draft a queued report. Safe to re-run: a report that is not queued or
    running (already drafted, failed, deleted) is left alone. With no version yet the draft
    becomes version 1; otherwise it waits in pending_markdown for the writer to take it."""
    with transaction.atomic():
        report = (
            Report.objects.select_for_update()
            .filter(pk=report_id, generation_status__in=BUSY)
            .first()
        )
        if report is None:
            return
        _set_state(report, generation_status=GenerationStatus.RUNNING, generation_error="")

    reason = ""
    draft = None
    try:
        with transaction.atomic():  # a database error rolls back here, not the failure note
            draft = _draft(report)
    except GenerationFailed as exc:
        reason = str(exc)
    except Exception:
        logger.exception("drafting report %s failed", report_id)
        reason = gettext("The drafting failed unexpectedly; try again, or tell an administrator.")

    with transaction.atomic():
        locked = Report.objects.select_for_update().filter(pk=report_id).first()
        if locked is None or locked.generation_status != GenerationStatus.RUNNING:
            return  # deleted meanwhile
        if draft is None:
            _set_state(
                locked,
                generation_status=GenerationStatus.FAILED,
                generation_error=reason[:MAX_ERROR_CHARS],
            )
            return
        latest = _latest(locked)
        if latest is None:
            _add_version(
                locked,
                markdown=draft.markdown,
                figures=draft.figures,
                source=VersionSource.GENERATED,
                actor=locked.created_by,
            )
            _set_state(locked, generation_status=GenerationStatus.READY, generation_error="")
        elif latest.markdown == draft.markdown:
            # Nothing new in the record: nothing waits.
            _set_state(
                locked,
                generation_status=GenerationStatus.READY,
                generation_error="",
                pending_markdown="",
                pending_figures={},
            )
        else:
            _set_state(
                locked,
                generation_status=GenerationStatus.READY,
                generation_error="",
                pending_markdown=draft.markdown,
                pending_figures=draft.figures,
            )


def _requeue(scope: Scope, report: Report, *, allowed: tuple[str, ...], refusal: Any) -> Report:
    scope.require(Action.CHANGE)
    _in_scope(scope, report)
    locked = _lock(report)
    if locked.generation_status not in allowed:
        raise ValidationError(refusal)
    _set_state(locked, generation_status=GenerationStatus.QUEUED, generation_error="")
    _enqueue(locked)
    return locked


@transaction.atomic
def report_retry(*, scope: Scope, report: Report) -> Report:
    """Queue a failed drafting again."""
    return _requeue(
        scope,
        report,
        allowed=(GenerationStatus.FAILED,),
        refusal=_("Only a failed drafting can be retried."),
    )


@transaction.atomic
def report_regenerate(*, scope: Scope, report: Report) -> Report:
    """Draft the report again from the record as it is now; the new draft waits beside the
    latest version (report_diff) until the writer takes it or leaves it."""
    return _requeue(
        scope,
        report,
        allowed=(GenerationStatus.READY, GenerationStatus.FAILED),
        refusal=_("A draft is already being prepared."),
    )


# The writer's text


@transaction.atomic
def report_save(
    *,
    scope: Scope,
    report: Report,
    markdown: str,
    note: str = "",
    expected_version: int | None = None,
) -> Report:
    """Keep the writer's text as a new version (source edited). Saving the text of the latest
    version again changes nothing; a save based on an older report.version is refused
    (VersionConflict) so a colleague's version is not silently buried."""
    scope.require(Action.CHANGE)
    _in_scope(scope, report)
    text = _clean_markdown(markdown)
    clean_note = _clean_note(note)
    locked = _lock(report, expected_version=expected_version)
    latest = _latest(locked)
    if latest is not None and latest.markdown == text:
        return locked
    # The edited text still stands on the figures it was drafted from: its charts and the
    # records behind its figures stay with it.
    _add_version(
        locked,
        markdown=text,
        source=VersionSource.EDITED,
        actor=scope.user,
        note=clean_note,
        figures=latest.figures if latest is not None else {},
    )
    return record_save(locked, actor=scope.user, update_fields=[])


@transaction.atomic
def report_take_pending(
    *, scope: Scope, report: Report, expected_version: int | None = None
) -> Report:
    """The regenerated draft becomes the next version (source generated)."""
    scope.require(Action.CHANGE)
    _in_scope(scope, report)
    locked = _lock(report, expected_version=expected_version)
    if not locked.pending_markdown:
        raise ValidationError(_("No regenerated draft is waiting."))
    latest = _latest(locked)
    if latest is None or latest.markdown != locked.pending_markdown:
        _add_version(
            locked,
            markdown=locked.pending_markdown,
            figures=locked.pending_figures,
            source=VersionSource.GENERATED,
            actor=scope.user,
        )
    locked.pending_markdown = ""
    locked.pending_figures = {}
    return record_save(
        locked, actor=scope.user, update_fields=["pending_markdown", "pending_figures"]
    )


@transaction.atomic
def report_leave_pending(*, scope: Scope, report: Report) -> Report:
    """Drop the regenerated draft; the versions stay as they are."""
    scope.require(Action.CHANGE)
    _in_scope(scope, report)
    locked = _lock(report)
    if locked.pending_markdown or locked.pending_figures:
        _set_state(locked, pending_markdown="", pending_figures={})
    return locked


@transaction.atomic
def report_mark_reviewed(
    *, scope: Scope, report: Report, expected_version: int | None = None
) -> Report:
    """Someone checked the public draft's names, figures and wording: its files lose the
    draft banner. Marking it again changes nothing."""
    scope.require(Action.CHANGE)
    _in_scope(scope, report)
    locked = _lock(report, expected_version=expected_version)
    if locked.audience != Audience.PUBLIC:
        raise ValidationError(_("Only a public report needs a review."))
    if _latest(locked) is None:
        raise ValidationError(_("There is no text to review yet."))
    if locked.reviewed_at is not None:
        return locked
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = scope.user
    return record_save(locked, actor=scope.user, update_fields=["reviewed_at", "reviewed_by"])


def report_delete(*, scope: Scope, report: Report, expected_version: int | None = None) -> Report:
    """Into the trash, versions and all."""
    _in_scope(scope, report)
    return record_soft_delete(report, scope=scope, expected_version=expected_version)
