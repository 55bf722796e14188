"""Saved reports: drafting in the background (success, failure with a reason, retry), versions,
stale saves, regeneration beside the writer's text, take/leave, review, roles, workspaces."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from enlace.core.errors import ValidationError, VersionConflict
from enlace.core.models import Membership
from enlace.core.permissions import Role
from enlace.engagements import services as engagement_services
from enlace.engagements.tests.pages import field_visit
from enlace.reports import exports, selectors, services, tasks
from enlace.reports.models import (
    MAX_REPORT_CHARS,
    GenerationStatus,
    Report,
    ReportVersion,
    VersionSource,
)
from enlace.testing import make_member

pytestmark = pytest.mark.django_db

BANNER = "Public draft, not yet reviewed"


@pytest.fixture
def visit(editor):
    return field_visit(editor)


@pytest.fixture
def make_report(editor, visit, django_capture_on_commit_callbacks):
    """A report created and drafted (the task runs once the creation commits)."""

    def make(scope=None, engagement=None, **options):
        with django_capture_on_commit_callbacks(execute=True):
            report = services.report_create(
                scope=scope or editor, engagement=engagement or visit["visit"], **options
            )
        report.refresh_from_db()
        return report

    return make


def _refresh(report: Report) -> Report:
    return Report.all_objects.get(pk=report.pk)


def _texts(report: Report) -> list[tuple[int, str]]:
    return [(v.number, v.source) for v in selectors.report_versions(report)]


# Drafting in the background


def test_creating_a_report_drafts_version_one_after_commit(editor, visit, make_report):
    report = make_report(audience="public", language="en")

    assert report.generation_status == GenerationStatus.READY
    assert report.generation_error == ""
    assert report.generation_task_id
    assert report.title == "Field visit report: Visita a Chile"
    assert report.created_by == editor.user
    (version,) = selectors.report_versions(report)
    assert version.number == 1
    assert version.source == VersionSource.GENERATED
    assert "Taller para inspectores" in version.markdown
    assert version.figures["visit"]["id"] == str(visit["visit"].pk)
    assert report.version == 1  # the drafting does not make an open editor stale


def test_the_task_is_queued_only_once_the_report_is_committed(
    editor, visit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = services.report_create(scope=editor, engagement=visit["visit"])

    assert _refresh(report).generation_status == GenerationStatus.QUEUED
    assert not ReportVersion.objects.filter(report=report).exists()
    # The drafting is queued once, after the commit (the other callbacks refresh caches).
    queued = [c for c in callbacks if getattr(c, "func", None) is services._send]
    assert len(queued) == 1


def test_the_title_follows_the_report_language_unless_given(editor, visit, make_report):
    spanish = make_report(language="es")
    given = make_report(title="  Chile,   November  ")

    assert spanish.title != "Field visit report: Visita a Chile"
    assert spanish.title.endswith("Visita a Chile")
    assert given.title == "Chile, November"


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"kind": "period"}, "kind"),
        ({"audience": "everyone"}, "audience"),
        ({"language": "fr"}, "language"),
    ],
)
def test_creating_refuses_what_cannot_be_drafted(editor, visit, options, field):
    with pytest.raises(ValidationError) as caught:
        services.report_create(scope=editor, engagement=visit["visit"], **options)

    assert field in caught.value.message_dict
    assert not Report.objects.exists()


def test_a_trashed_engagement_fails_with_a_reason_and_retrying_works(
    editor, owner, visit, django_capture_on_commit_callbacks
):
    training = visit["training"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = services.report_create(scope=editor, engagement=training)
    engagement_services.engagement_delete(scope=editor, engagement=training)
    for callback in callbacks:
        callback()

    report = _refresh(report)
    assert report.generation_status == GenerationStatus.FAILED
    assert "trash" in report.generation_error
    assert "Traceback" not in report.generation_error
    assert not ReportVersion.objects.filter(report=report).exists()

    engagement_services.engagement_restore(scope=owner, engagement=training)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_retry(scope=editor, report=report)

    report = _refresh(report)
    assert report.generation_status == GenerationStatus.READY
    assert report.generation_error == ""
    assert _texts(report) == [(1, VersionSource.GENERATED)]


def test_an_author_who_left_the_workspace_fails_with_a_reason(
    editor, owner, visit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = services.report_create(scope=editor, engagement=visit["visit"])
    Membership.objects.filter(pk=editor.membership.pk).update(is_active=False)
    for callback in callbacks:
        callback()

    report = _refresh(report)
    assert report.generation_status == GenerationStatus.FAILED
    assert "no longer a member" in report.generation_error

    Membership.objects.filter(pk=editor.membership.pk).update(is_active=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_retry(scope=owner, report=report)
    assert _refresh(report).generation_status == GenerationStatus.READY


def test_an_unexpected_error_is_a_short_reason_never_a_traceback(
    editor, visit, make_report, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(exports, "field_visit_draft", broken)
    report = make_report()

    assert report.generation_status == GenerationStatus.FAILED
    assert "secret internals" not in report.generation_error
    assert "unexpectedly" in report.generation_error


def test_only_a_failed_drafting_is_retried(editor, make_report):
    report = make_report()

    with pytest.raises(ValidationError):
        services.report_retry(scope=editor, report=report)


def test_the_task_is_safe_to_run_again(editor, make_report):
    report = make_report()

    tasks.generate_report.call(str(report.pk))
    services.report_generate(report_id=str(report.pk))

    assert _texts(report) == [(1, VersionSource.GENERATED)]
    assert _refresh(report).generation_status == GenerationStatus.READY


# Versions


def test_saving_appends_an_edited_version(editor, make_report):
    report = make_report()
    v1 = selectors.report_latest_version(report)
    assert v1 is not None

    saved = services.report_save(
        scope=editor,
        report=report,
        markdown=v1.markdown.replace("Visita", "Visit") + "\r\nOne more line.\r\n",
        note="  Wording  ",
        expected_version=report.version,
    )

    assert saved.version == report.version + 1
    latest = selectors.report_latest_version(report)
    assert latest is not None
    assert (latest.number, latest.source, latest.note) == (2, VersionSource.EDITED, "Wording")
    assert latest.created_by == editor.user
    assert latest.markdown.endswith("One more line.\n")
    assert "\r" not in latest.markdown


def test_saving_the_same_text_changes_nothing(editor, make_report):
    report = make_report()
    v1 = selectors.report_latest_version(report)
    assert v1 is not None

    saved = services.report_save(
        scope=editor, report=report, markdown=v1.markdown.replace("\n", "\r\n").rstrip()
    )

    assert saved.version == report.version
    assert _texts(report) == [(1, VersionSource.GENERATED)]


def test_a_stale_save_is_refused(editor, member, make_report):
    report = make_report()
    colleague = member(Role.EDITOR)
    services.report_save(scope=colleague, report=report, markdown="Theirs.", expected_version=1)

    with pytest.raises(VersionConflict):
        services.report_save(scope=editor, report=report, markdown="Mine.", expected_version=1)

    latest = selectors.report_latest_version(report)
    assert latest is not None
    assert latest.markdown == "Theirs.\n"


@pytest.mark.parametrize(
    ("markdown", "note", "field"),
    [
        ("x" * MAX_REPORT_CHARS, "", "markdown"),
        (" \n\t\n", "", "markdown"),
        ("Fine.", "n" * 301, "note"),
    ],
)
def test_saving_refuses_what_cannot_be_kept(editor, make_report, markdown, note, field):
    report = make_report()

    with pytest.raises(ValidationError) as caught:
        services.report_save(scope=editor, report=report, markdown=markdown, note=note)

    assert field in caught.value.message_dict
    assert _texts(report) == [(1, VersionSource.GENERATED)]


def test_a_writer_may_save_before_the_first_draft_arrives(
    editor, visit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = services.report_create(scope=editor, engagement=visit["visit"])
    services.report_save(scope=editor, report=report, markdown="My own start.")
    for callback in callbacks:
        callback()

    report = _refresh(report)
    assert _texts(report) == [(1, VersionSource.EDITED)]
    assert "Taller para inspectores" in report.pending_markdown


# Regenerating


def test_regenerating_never_overwrites_an_edit(
    editor, visit, make_report, django_capture_on_commit_callbacks
):
    report = make_report()
    services.report_save(scope=editor, report=report, markdown="A sentence I wrote.")
    report = _refresh(report)
    before = report.version

    with django_capture_on_commit_callbacks(execute=True):
        services.report_regenerate(scope=editor, report=report)

    report = _refresh(report)
    assert report.generation_status == GenerationStatus.READY
    assert report.version == before
    assert _texts(report) == [(1, VersionSource.GENERATED), (2, VersionSource.EDITED)]
    latest = selectors.report_latest_version(report)
    assert latest is not None
    assert latest.markdown == "A sentence I wrote.\n"
    assert "Taller para inspectores" in report.pending_markdown
    assert report.pending_figures["visit"]["id"] == str(visit["visit"].pk)
    diff = selectors.report_diff(report)
    assert diff[0].startswith("--- ")
    assert "-A sentence I wrote." in diff
    assert any(line.startswith("+") and "Taller para inspectores" in line for line in diff)


def test_taking_the_regenerated_draft_makes_it_a_version(
    editor, make_report, django_capture_on_commit_callbacks
):
    report = make_report()
    services.report_save(scope=editor, report=report, markdown="Short.")
    with django_capture_on_commit_callbacks(execute=True):
        services.report_regenerate(scope=editor, report=_refresh(report))
    report = _refresh(report)
    waiting = report.pending_markdown

    taken = services.report_take_pending(scope=editor, report=report)

    assert _texts(taken)[-1] == (3, VersionSource.GENERATED)
    latest = selectors.report_latest_version(taken)
    assert latest is not None
    assert latest.markdown == waiting
    assert latest.figures
    assert (taken.pending_markdown, taken.pending_figures) == ("", {})
    assert selectors.report_diff(taken) == []
    with pytest.raises(ValidationError):
        services.report_take_pending(scope=editor, report=taken)


def test_leaving_the_regenerated_draft_keeps_the_versions(
    editor, make_report, django_capture_on_commit_callbacks
):
    report = make_report()
    services.report_save(scope=editor, report=report, markdown="Short.")
    with django_capture_on_commit_callbacks(execute=True):
        services.report_regenerate(scope=editor, report=_refresh(report))

    left = services.report_leave_pending(scope=editor, report=_refresh(report))

    assert _refresh(left).pending_markdown == ""
    assert selectors.report_diff(_refresh(left)) == []
    assert _texts(left) == [(1, VersionSource.GENERATED), (2, VersionSource.EDITED)]


def test_regenerating_an_unchanged_record_leaves_nothing_waiting(
    editor, make_report, django_capture_on_commit_callbacks
):
    report = make_report()

    with django_capture_on_commit_callbacks(execute=True):
        services.report_regenerate(scope=editor, report=report)

    assert _refresh(report).pending_markdown == ""
    assert _texts(report) == [(1, VersionSource.GENERATED)]


def test_regenerating_while_a_draft_is_prepared_is_refused(
    editor, visit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        report = services.report_create(scope=editor, engagement=visit["visit"])

    with pytest.raises(ValidationError):
        services.report_regenerate(scope=editor, report=report)


# Review and files


def test_a_public_report_carries_the_banner_until_reviewed(editor, make_report):
    report = make_report(audience="public")
    services.report_save(scope=editor, report=report, markdown="# Edited\n\nMy sentence.")
    report = _refresh(report)

    before = selectors.report_file(report=report, format="html")
    reviewed = services.report_mark_reviewed(scope=editor, report=report)
    after = selectors.report_file(report=reviewed, format="html")

    assert BANNER in before.content.decode()
    assert BANNER not in after.content.decode()
    assert "My sentence." in after.content.decode()
    assert reviewed.reviewed_by == editor.user
    assert reviewed.reviewed_at is not None
    assert after.filename == "report-field-visit-report-visita-a-chile-public-en-v2.html"
    again = services.report_mark_reviewed(scope=editor, report=reviewed)
    assert again.reviewed_at == reviewed.reviewed_at


def test_an_internal_report_needs_no_review(editor, make_report):
    report = make_report()

    with pytest.raises(ValidationError):
        services.report_mark_reviewed(scope=editor, report=report)


@pytest.mark.parametrize("format", ["md", "html", "pdf", "docx"])
def test_files_come_from_the_latest_version(editor, make_report, format):
    report = make_report()
    services.report_save(scope=editor, report=report, markdown="Only **this** text.")

    file = selectors.report_file(report=_refresh(report), format=format)

    assert file.content
    assert file.filename.endswith(f"-internal-en-v2.{format}")
    if format in {"md", "html"}:
        assert "this" in file.content.decode()
        assert "Taller para inspectores" not in file.content.decode()


def test_a_deleted_report_is_gone_and_its_task_does_nothing(editor, make_report):
    report = make_report()

    services.report_delete(scope=editor, report=report)

    with pytest.raises(Http404):
        selectors.report_get(scope=editor, id=report.pk)
    Report.all_objects.filter(pk=report.pk).update(generation_status=GenerationStatus.QUEUED)
    services.report_generate(report_id=str(report.pk))
    assert _refresh(report).generation_status == GenerationStatus.QUEUED


# Roles and workspaces


def test_a_viewer_reads_but_does_not_write(member, make_report, visit):
    report = make_report()
    viewer = member(Role.VIEWER)

    assert selectors.report_get(scope=viewer, id=report.pk) == report
    for attempt in (
        lambda: services.report_create(scope=viewer, engagement=visit["visit"]),
        lambda: services.report_save(scope=viewer, report=report, markdown="No."),
        lambda: services.report_regenerate(scope=viewer, report=report),
        lambda: services.report_mark_reviewed(scope=viewer, report=report),
        lambda: services.report_delete(scope=viewer, report=report),
    ):
        with pytest.raises(PermissionDenied):
            attempt()


def test_a_partner_reads_public_reports_of_engagements_it_sees(
    workspace, visit, make_report, editor
):
    ministry = visit["visit"].host_organization
    partner = make_member(workspace, Role.PARTNER, organization=ministry)
    stranger = make_member(workspace, Role.PARTNER)
    public = make_report(audience="public")
    internal = make_report(audience="internal")

    assert list(selectors.report_list(scope=partner)) == [public]
    with pytest.raises(Http404):
        selectors.report_get(scope=partner, id=internal.pk)
    assert list(selectors.report_list(scope=stranger)) == []
    with pytest.raises(PermissionDenied):
        services.report_save(scope=partner, report=public, markdown="No.")


def test_another_workspace_finds_nothing(other_workspace, make_report):
    report = make_report()
    outsider = make_member(other_workspace, Role.OWNER)

    with pytest.raises(Http404):
        selectors.report_get(scope=outsider, id=report.pk)
    assert list(selectors.report_list(scope=outsider)) == []
    for attempt in (
        lambda: services.report_save(scope=outsider, report=report, markdown="No."),
        lambda: services.report_regenerate(scope=outsider, report=report),
        lambda: services.report_take_pending(scope=outsider, report=report),
        lambda: services.report_leave_pending(scope=outsider, report=report),
        lambda: services.report_mark_reviewed(scope=outsider, report=report),
        lambda: services.report_delete(scope=outsider, report=report),
    ):
        with pytest.raises(Http404):
            attempt()


def test_an_engagement_of_another_workspace_cannot_be_reported(other_workspace, visit):
    outsider = make_member(other_workspace, Role.OWNER)

    with pytest.raises(ValidationError) as caught:
        services.report_create(scope=outsider, engagement=visit["visit"])

    assert "engagement" in caught.value.message_dict


def test_the_list_filters_by_engagement_and_counts_versions(editor, visit, make_report):
    whole = make_report()
    part = make_report(engagement=visit["training"])
    services.report_save(scope=editor, report=part, markdown="Edited.")

    listed = list(selectors.report_list(scope=editor, engagement=visit["training"]))

    assert listed == [part]
    assert listed[0].latest_number == 2
    assert {r.pk for r in selectors.report_list(scope=editor)} == {whole.pk, part.pk}
