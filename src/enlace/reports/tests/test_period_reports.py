"""Period reports as saved reports: what the service refuses (and that a refusal saves nothing),
drafting in the background into version 1 with its figures, a failure with a reason and a retry,
the API (POST /reports/period answers 202 with a task; GET /tasks/{id} says how it went and where
the files are; the files download), roles and workspaces, and the page that asks for one."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from enlace.core.errors import ValidationError
from enlace.core.models import Membership
from enlace.core.permissions import Role
from enlace.engagements.tests.pages import field_visit
from enlace.reports import selectors, services
from enlace.reports.models import GenerationStatus, Report, ReportKind, ReportVersion
from enlace.testing import ApiClient, make_member, make_workspace

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


@pytest.fixture
def visit(editor):
    return field_visit(editor)


def _create(scope, **options):
    values = {"start": START, "end": END, **options}
    return services.report_create_period(scope=scope, **values)


@pytest.mark.parametrize(
    ("options", "field", "message"),
    [
        ({"start": "2025-13-01"}, "start", "Enter a date"),
        ({"end": dt.date(2024, 12, 31)}, "end", "before its start"),
        ({"start": dt.date(2019, 1, 1)}, "end", "five years"),
        ({"countries": ["CL", "XX"]}, "countries", "XX"),
        ({"audience": "everyone"}, "audience", "internal or public"),
        ({"language": "fr"}, "language", "English or Spanish"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_saves_nothing(
    editor, options, field, message
):
    with pytest.raises(ValidationError) as refused:
        _create(editor, **options)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Report.all_objects.exists()


def test_viewers_and_partners_may_not_ask_for_one(workspace):
    for role in (Role.VIEWER, Role.PARTNER):
        with pytest.raises(PermissionDenied):
            _create(make_member(workspace, role))


def test_a_period_report_is_drafted_into_its_first_version(
    editor, visit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _create(editor, countries=["cl", "CL"], language="es")
    report.refresh_from_db()

    assert report.kind == ReportKind.PERIOD
    assert report.countries == ["CL"]
    # The title is written in the report's language, dates included.
    assert "1 de enero de 2025" in report.title and "31 de diciembre de 2025" in report.title
    assert report.generation_status == GenerationStatus.READY, report.generation_error
    version = selectors.report_latest_version(report)
    assert version is not None and version.number == 1
    assert version.figures["report"] == "period"
    assert "Chile" in version.markdown  # the country the report was asked for


def test_an_edited_version_keeps_the_figures_it_was_drafted_from(
    editor, visit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _create(editor)
    report.refresh_from_db()
    first = selectors.report_latest_version(report)
    assert first is not None
    services.report_save(
        scope=editor, report=report, markdown=first.markdown + "\nOne more line.\n"
    )
    second = selectors.report_latest_version(report)
    assert second is not None and second.number == 2
    assert second.figures == first.figures


def test_an_author_who_left_fails_with_a_reason_and_retrying_works(
    editor, owner, visit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = _create(editor)
    Membership.objects.filter(pk=editor.membership.pk).update(is_active=False)
    for callback in callbacks:
        callback()
    report.refresh_from_db()
    assert report.generation_status == GenerationStatus.FAILED
    assert "no longer a member" in report.generation_error
    assert not ReportVersion.objects.filter(report=report).exists()

    Membership.objects.filter(pk=editor.membership.pk).update(is_active=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_retry(scope=owner, report=report)
    report.refresh_from_db()
    assert report.generation_status == GenerationStatus.READY


# API


def test_the_api_answers_202_with_a_task_that_ends_with_the_files(
    api, visit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(
            "/api/v1/reports/period",
            {"from": "2025-01-01", "to": "2025-12-31", "countries": ["CL"], "lang": "en"},
        )
    assert created.status_code == 202, created.content
    task = created.json()
    assert task["id"] and task["status"] == "queued"

    status = api.get(f"/api/v1/tasks/{task['id']}")
    assert status.status_code == 200
    body = status.json()
    assert body["status"] == "succeeded", body
    assert body["report_id"] == task["report_id"]
    assert set(body["files"]) == {"md", "html", "pdf", "docx"}

    pdf = api.get(body["files"]["pdf"])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Chile" in text and "Engagements by kind" in text  # the chart, drawn in the PDF

    report = api.get(f"/api/v1/reports/{task['report_id']}").json()
    assert report["kind"] == "period" and report["latest_version"] == 1
    assert report["countries"] == ["CL"]
    figures = api.get(f"/api/v1/reports/{task['report_id']}/figures").json()
    assert figures["report"] == "period"


def test_the_api_refuses_bad_input_with_422_and_saves_nothing(api):
    response = api.post("/api/v1/reports/period", {"from": "2025-06-01", "to": "2025-01-01"})
    assert response.status_code == 422
    assert "before its start" in response.content.decode()
    response = api.post("/api/v1/reports/period", {"from": "soon", "to": "2025-01-01"})
    assert response.status_code == 422
    assert not Report.all_objects.exists()


def test_tasks_and_reports_of_another_workspace_are_not_found(
    editor, visit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _create(editor)
    report.refresh_from_db()
    stranger = ApiClient(make_member(make_workspace("gamma"), Role.OWNER))
    assert stranger.get(f"/api/v1/tasks/{report.generation_task_id}").status_code == 404
    assert stranger.get(f"/api/v1/reports/{report.pk}").status_code == 404
    assert stranger.get(f"/api/v1/reports/{report.pk}/file").status_code == 404
    assert ApiClient(editor).get("/api/v1/tasks/not-a-task").status_code == 404


def test_a_partner_neither_creates_nor_reads_period_reports(
    workspace, editor, visit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _create(editor, audience="public")
    report.refresh_from_db()
    partner = ApiClient(make_member(workspace, Role.PARTNER))
    assert partner.get(f"/api/v1/tasks/{report.generation_task_id}").status_code == 404
    assert partner.get(f"/api/v1/reports/{report.pk}").status_code == 404
    refused = partner.post("/api/v1/reports/period", {"from": "2025-01-01", "to": "2025-02-01"})
    assert refused.status_code == 403


# The page


def test_the_page_offers_the_workspace_countries_and_drafts_the_report(
    client, editor, visit, django_capture_on_commit_callbacks
):
    client.force_login(editor.user)
    url = f"/w/{editor.workspace.slug}/reports/period/new/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="CL"' in page.content.decode()

    refused = client.post(
        url, {"start": "2025-06-01", "end": "2025-01-01", "audience": "internal", "lang": "en"}
    )
    assert refused.status_code == 422
    assert "before its start" in refused.content.decode()
    assert not Report.all_objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            url,
            {
                "start": "2025-01-01",
                "end": "2025-12-31",
                "countries": ["CL"],
                "audience": "public",
                "lang": "en",
            },
        )
    report = Report.objects.get()
    assert created.status_code == 302
    assert created["Location"].endswith(f"/reports/{report.pk}/")
    detail = client.get(created["Location"]).content.decode()
    assert "Chile" in detail
    listing = client.get(f"/w/{editor.workspace.slug}/reports/").content.decode()
    assert report.title in listing
