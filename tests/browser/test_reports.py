"""A new user writes a field visit's public report, as in the issue: from the visit's page,
"Draft a report", choose the public audience, generate a draft, change a sentence in the editor,
save it, and download it as PDF and Word — both carry the edited sentence. All in Chromium."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

from enlace.core.permissions import Role
from enlace.engagements.tests.pages import field_visit
from enlace.reports.models import Report, ReportVersion
from enlace.testing import make_member, make_workspace
from tests.browser.test_registry import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITED = "The inspectors asked for a second workshop in March."
HOSTED = re.compile(r"Hosted by [^\n]*?\.")


def download(page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name, exact=True).click()
    return Path(info.value.path()).read_bytes()


def test_a_public_report_drafted_edited_and_exported(live_server, page):
    workspace = make_workspace("informes")
    editor = make_member(workspace, Role.EDITOR)
    visit = field_visit(editor)["visit"]
    sign_in(page, live_server.url, editor.user.email)
    page.wait_for_url(f"{live_server.url}/w/{workspace.slug}/")

    # From the visit's page to its report, public this time, then kept as an editable draft.
    page.goto(f"{live_server.url}/w/{workspace.slug}/engagements/{visit.pk}/")
    page.get_by_role("link", name="Draft a report").click()
    page.get_by_label("Audience", exact=True).select_option(value="public")
    page.get_by_role("button", name="Draft", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Public draft, not yet reviewed")
    page.get_by_role("button", name=re.compile("^Generate a draft")).click()
    expect(page.locator(".page-head h1")).to_have_text("Field visit report: Visita a Chile")
    expect(page.get_by_role("table", name="Versions")).to_contain_text("Generated from the record")
    expect(page.get_by_role("button", name="Mark reviewed")).to_be_visible()

    # One sentence rewritten in the editor, saved as version 2 with a note.
    editor_box = page.get_by_label("Report text (Markdown)")
    original = editor_box.input_value()
    assert HOSTED.search(original), original
    editor_box.fill(HOSTED.sub(EDITED, original, count=1))
    page.get_by_label("Note on this version (optional)").fill("Hosting sentence rewritten")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Saved the report as a new version")
    versions = page.get_by_role("table", name="Versions")
    expect(versions).to_contain_text("Version 2")
    expect(versions).to_contain_text("Hosting sentence rewritten")
    expect(page.locator(".report-preview")).to_contain_text(EDITED)

    # The files are the saved text.
    pdf = download(page, "PDF")
    assert pdf.startswith(b"%PDF")
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert EDITED in " ".join(pdf_text.split())
    docx = download(page, "Word (.docx)")
    paragraphs = [p.text for p in Document(io.BytesIO(docx)).paragraphs]
    assert any(EDITED in text for text in paragraphs)

    report = Report.objects.get()
    assert report.audience == "public"
    latest = ReportVersion.objects.filter(report=report).order_by("-number").first()
    assert latest is not None
    assert (latest.number, latest.source) == (2, "edited")
    assert page.csp_violations == []


def test_the_page_waits_for_a_draft_being_written(live_server, page):
    """While the background task runs the page polls; once the draft is ready it reloads itself
    with the editor."""
    workspace = make_workspace("esperando")
    editor = make_member(workspace, Role.EDITOR)
    visit = field_visit(editor)["visit"]
    report = Report.objects.create(
        workspace=workspace,
        kind="field_visit",
        title="Field visit report: Visita a Chile",
        engagement=visit,
        created_by=editor.user,
    )
    sign_in(page, live_server.url, editor.user.email)
    page.wait_for_url(f"{live_server.url}/w/{workspace.slug}/")

    page.goto(f"{live_server.url}/w/{workspace.slug}/reports/{report.pk}/")
    expect(page.locator("#generation")).to_contain_text("Queued")
    expect(page.get_by_label("Report text (Markdown)")).to_have_count(0)

    ReportVersion.objects.create(
        workspace=workspace,
        report=report,
        number=1,
        markdown="# Visita a Chile\n\nWritten in the background.\n",
        source="generated",
        created_by=editor.user,
    )
    Report.objects.filter(pk=report.pk).update(generation_status="ready")
    expect(page.get_by_label("Report text (Markdown)")).to_have_value(
        "# Visita a Chile\n\nWritten in the background.\n"
    )
    expect(page.locator("#generation")).to_be_empty()
    assert page.csp_violations == []


def test_a_period_report_with_its_chart_and_the_records_behind_a_figure(live_server, page):
    """From Reports, a new period report for 2025 in Chile: its page shows the drafted report
    with a chart drawn inline, and a figure opens the list of the records it counts."""
    workspace = make_workspace("periodo")
    editor = make_member(workspace, Role.EDITOR)
    field_visit(editor)
    sign_in(page, live_server.url, editor.user.email)
    page.wait_for_url(f"{live_server.url}/w/{workspace.slug}/")

    page.goto(f"{live_server.url}/w/{workspace.slug}/reports/")
    page.get_by_role("link", name="New period report").click()
    page.get_by_label(re.compile("^From")).fill("2025-01-01")
    page.get_by_label(re.compile(r"^To \(inclusive\)")).fill("2025-12-31")
    page.get_by_role("group", name="Countries").get_by_label("Chile").check()
    page.get_by_role("button", name="Draft the report").click()

    expect(page.locator(".page-head h1")).to_contain_text("Report for")
    preview = page.locator(".report-preview")
    expect(preview.locator("figure svg").first).to_be_visible()
    expect(preview.get_by_role("heading", name="Highlights")).to_be_visible()

    # The number of engagements links to the engagements it counts.
    preview.get_by_role("link", name="2", exact=True).first.click()
    expect(page.get_by_role("link", name="Visita a Chile")).to_be_visible()
    expect(page.get_by_role("link", name="Taller para inspectores")).to_be_visible()
    assert page.csp_violations == []
