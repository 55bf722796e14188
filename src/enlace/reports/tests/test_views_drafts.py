"""Saved reports in the browser's pages: "Generate a draft" from the field visit's page, the
report's page (status and its poll, failure and Retry, the editor and a conflicting save, the
versions, a regenerated draft with its diff, Mark reviewed, the downloads), the list, roles and
other workspaces."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader

from enlace.core.permissions import Role
from enlace.engagements.tests.pages import field_visit
from enlace.reports.models import GenerationStatus, Report, ReportVersion
from enlace.stakeholders.tests.pages import client_for, text, url
from enlace.testing import make_member

pytestmark = pytest.mark.django_db

BANNER = "Public draft, not yet reviewed"


@pytest.fixture
def visit(editor):
    return field_visit(editor)


@pytest.fixture
def generate(editor, visit, django_capture_on_commit_callbacks):
    """POST "Generate a draft" as `scope` (the editor by default); the task runs at commit."""

    def post(scope=editor, audience="internal", lang="en", engagement=None):
        engagement = engagement or visit["visit"]
        with django_capture_on_commit_callbacks(execute=True):
            return client_for(scope).post(
                url(scope, "reports_create", engagement.pk),
                {"audience": audience, "lang": lang},
            )

    return post


@pytest.fixture
def report(generate):
    generate()
    return Report.objects.get()


def _page(scope, report) -> str:
    return url(scope, "reports_detail", report.pk)


def _latest(report) -> ReportVersion:
    return ReportVersion.objects.filter(report=report).order_by("-number").first()


def test_the_field_visit_page_offers_to_generate_a_draft(editor, visit, member):
    page = text(client_for(editor).get(url(editor, "reports_field_visit", visit["visit"].pk)))
    assert "Generate a draft" in page
    assert url(editor, "reports_create", visit["visit"].pk) in page

    viewer = member(Role.VIEWER)
    page = text(client_for(viewer).get(url(viewer, "reports_field_visit", visit["visit"].pk)))
    assert "Generate a draft" not in page


def test_generating_creates_the_report_and_goes_to_its_page(editor, visit, generate):
    response = generate(audience="public", lang="es")

    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _page(editor, report)
    assert (report.audience, report.language) == ("public", "es")
    assert report.generation_status == GenerationStatus.READY
    page = text(client_for(editor).get(response["Location"]))
    assert "Visita a Chile" in page
    assert 'name="markdown"' in page
    assert "Version 1" in page
    assert "Generated from the record" in page
    assert BANNER in page and "Mark reviewed" in page


def test_bad_choices_are_refused(editor, visit, generate):
    response = generate(audience="everyone")

    assert response.status_code == 302
    assert not Report.objects.exists()


def test_a_queued_report_polls_and_the_poll_stops_when_ready(editor, visit, generate):
    client = client_for(editor)
    # Without running the commit callbacks, the task is never sent: the report stays queued.
    client.post(
        url(editor, "reports_create", visit["visit"].pk), {"audience": "internal", "lang": "en"}
    )
    report = Report.objects.get()
    assert report.generation_status == GenerationStatus.QUEUED

    page = text(client.get(_page(editor, report)))
    assert 'hx-trigger="every 2s"' in page
    assert 'name="markdown"' not in page
    poll = client.get(_page(editor, report), headers={"HX-Request": "true"})
    assert poll.status_code == 200
    assert "every 2s" in text(poll) and "<html" not in text(poll)

    Report.objects.filter(pk=report.pk).update(generation_status=GenerationStatus.READY)
    done = client.get(_page(editor, report), headers={"HX-Request": "true"})
    assert done.status_code == 286
    assert done["HX-Refresh"] == "true"


def test_a_failure_shows_its_reason_and_retry_drafts_again(
    editor, report, django_capture_on_commit_callbacks
):
    Report.objects.filter(pk=report.pk).update(
        generation_status=GenerationStatus.FAILED, generation_error="The engagement is gone."
    )
    client = client_for(editor)

    page = text(client.get(_page(editor, report)))
    assert "The engagement is gone." in page
    assert url(editor, "reports_retry", report.pk) in page
    assert "Traceback" not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(editor, "reports_retry", report.pk))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.generation_status == GenerationStatus.READY


def test_saving_the_editor_adds_a_version(editor, report):
    client = client_for(editor)
    markdown = _latest(report).markdown + "\nOne sentence we added.\n"

    response = client.post(
        _page(editor, report),
        {"markdown": markdown, "note": "Added a sentence", "version": report.version},
    )

    assert response.status_code == 302
    latest = _latest(report)
    assert (latest.number, latest.source, latest.note) == (2, "edited", "Added a sentence")
    assert "One sentence we added." in latest.markdown
    page = text(client.get(_page(editor, report)))
    assert "Added a sentence" in page
    assert "One sentence we added." in page
    version = text(client.get(url(editor, "reports_version", report.pk, 1)))
    assert "One sentence we added." not in version
    assert client.get(url(editor, "reports_version", report.pk, 9)).status_code == 404


def test_a_stale_save_shows_a_conflict_and_keeps_the_typed_text(editor, member, report):
    colleague = member(Role.EDITOR)
    seen = report.version
    markdown = _latest(report).markdown
    client_for(colleague).post(
        _page(colleague, report), {"markdown": markdown + "\nTheirs.\n", "version": seen}
    )

    response = client_for(editor).post(
        _page(editor, report), {"markdown": markdown + "\nMine, typed.\n", "version": seen}
    )

    assert response.status_code == 409
    page = text(response)
    assert "Someone else saved a newer version" in page
    assert "Mine, typed." in page
    assert ReportVersion.objects.filter(report=report).count() == 2
    report.refresh_from_db()
    assert f'name="version" value="{report.version}"' in page


def test_too_long_a_text_is_refused_on_the_form(editor, report):
    response = client_for(editor).post(
        _page(editor, report), {"markdown": "x" * 200_001, "version": report.version}
    )

    assert response.status_code == 400
    assert "has-error" in text(response)
    assert ReportVersion.objects.filter(report=report).count() == 1


def test_regenerating_waits_with_a_diff_and_take_or_leave(
    editor, visit, report, django_capture_on_commit_callbacks
):
    client = client_for(editor)
    edited = _latest(report).markdown + "\nWritten by hand.\n"
    client.post(_page(editor, report), {"markdown": edited, "version": report.version})

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(editor, "reports_regenerate", report.pk))
    page = text(client.get(_page(editor, report)))
    assert "A regenerated draft is waiting" in page
    assert '<span class="removed">-Written by hand.</span>' in page
    assert _latest(report).markdown == edited

    client.post(url(editor, "reports_leave_pending", report.pk))
    report.refresh_from_db()
    assert report.pending_markdown == ""
    assert _latest(report).number == 2

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(editor, "reports_regenerate", report.pk))
    client.post(url(editor, "reports_take_pending", report.pk))
    latest = _latest(report)
    assert (latest.number, latest.source) == (3, "generated")
    assert "Written by hand." not in latest.markdown
    assert ReportVersion.objects.get(report=report, number=2).markdown == edited


def test_mark_reviewed_drops_the_banner_from_page_and_files(editor, generate):
    generate(audience="public")
    report = Report.objects.get()
    client = client_for(editor)
    html = url(editor, "reports_download", report.pk, "html")
    assert BANNER in text(client.get(html))

    client.post(url(editor, "reports_reviewed", report.pk))

    report.refresh_from_db()
    assert report.reviewed_at is not None
    assert BANNER not in text(client.get(_page(editor, report)))
    assert BANNER not in text(client.get(html))


def test_the_downloads_are_the_latest_version(editor, report):
    client = client_for(editor)
    markdown = _latest(report).markdown + "\nThe edited sentence.\n"
    client.post(_page(editor, report), {"markdown": markdown, "version": report.version})
    page = text(client.get(_page(editor, report)))
    for format in ("md", "html", "pdf", "docx"):
        assert url(editor, "reports_download", report.pk, format) in page

    md = client.get(url(editor, "reports_download", report.pk, "md"))
    assert md["Content-Type"] == "text/markdown; charset=utf-8"
    assert md["Content-Disposition"].endswith('-internal-en-v2.md"')
    assert "The edited sentence." in text(md)
    pdf = client.get(url(editor, "reports_download", report.pk, "pdf"))
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "The edited sentence." in pdf_text
    docx = client.get(url(editor, "reports_download", report.pk, "docx"))
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert "The edited sentence." in paragraphs
    assert client.get(url(editor, "reports_download", report.pk, "exe")).status_code == 404


def test_the_list_shows_the_reports_and_the_nav_links_to_it(editor, report):
    page = text(client_for(editor).get(url(editor, "reports_list")))

    assert report.title in page
    assert _page(editor, report) in page
    assert 'aria-current="page">Reports</a>' in page


def test_delete_moves_the_report_to_the_trash(editor, member, report):
    owner = member(Role.OWNER)
    client = client_for(owner)
    assert client.get(url(owner, "reports_delete", report.pk)).status_code == 200

    response = client.post(url(owner, "reports_delete", report.pk), {"version": report.version})

    assert response.status_code == 302
    assert client.get(_page(owner, report)).status_code == 404


def test_viewers_read_but_do_not_edit(member, report):
    viewer = member(Role.VIEWER)
    client = client_for(viewer)

    response = client.get(_page(viewer, report))
    assert response.status_code == 200
    page = text(response)
    assert 'name="markdown"' not in page
    assert "Regenerate" not in page
    assert client.get(url(viewer, "reports_download", report.pk, "md")).status_code == 200
    for name in ("reports_regenerate", "reports_reviewed", "reports_take_pending"):
        assert client.post(url(viewer, name, report.pk)).status_code == 403
    saved = client.post(_page(viewer, report), {"markdown": "Mine", "version": report.version})
    assert saved.status_code == 403
    assert client.post(url(viewer, "reports_create", report.engagement_id)).status_code == 403


def test_partners_read_public_reports_of_engagements_they_see(editor, visit, generate):
    generate(audience="public")
    generate(audience="internal")
    public = Report.objects.get(audience="public")
    internal = Report.objects.get(audience="internal")
    partner = make_member(editor.workspace, Role.PARTNER, visit["visit"].host_organization)
    client = client_for(partner)

    assert client.get(_page(partner, internal)).status_code == 404
    listing = text(client.get(url(partner, "reports_list")))
    assert _page(partner, internal) not in listing
    if client.get(url(partner, "engagement_detail", visit["visit"].pk)).status_code == 200:
        assert client.get(_page(partner, public)).status_code == 200
        assert _page(partner, public) in listing


def test_another_workspaces_reports_are_not_found(report, other_workspace):
    stranger = make_member(other_workspace, Role.OWNER)
    client = client_for(stranger)

    for name in ("reports_detail", "reports_version"):
        args = (report.pk, 1) if name == "reports_version" else (report.pk,)
        assert client.get(url(stranger, name, *args)).status_code == 404
    assert client.get(url(stranger, "reports_download", report.pk, "md")).status_code == 404
    assert client.post(url(stranger, "reports_regenerate", report.pk)).status_code == 404
    assert client.post(url(stranger, "reports_create", report.engagement_id)).status_code == 404
