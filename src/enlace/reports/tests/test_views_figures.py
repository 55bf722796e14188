"""The pages behind a report's figures: every figure in the HTML view links to the records it
counts, the page lists them as the viewer may see them, and nothing of it leaks elsewhere
(another workspace, a partner, an unknown ref, the downloaded files)."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from typing import Any

import docx
import pytest

from enlace.core.permissions import Role
from enlace.core.scoping import Scope
from enlace.engagements.models import ReachReading
from enlace.reports import services
from enlace.reports.models import Report
from enlace.reports.tests.visits import Visit, build_visit
from enlace.stakeholders.tests.pages import client_for, text, url
from enlace.testing import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(owner: Scope) -> Visit:
    return build_visit(owner)


@pytest.fixture
def make_report(
    owner: Scope, visit: Visit, django_capture_on_commit_callbacks: Any
) -> Callable[..., Report]:
    def make(**options: Any) -> Report:
        with django_capture_on_commit_callbacks(execute=True):
            report = services.report_create(scope=owner, engagement=visit.visit, **options)
        report.refresh_from_db()
        return report

    return make


def _links(page: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="([^"]*)"', page)]


def _figure_links(page: str, marker: str) -> list[str]:
    return [href for href in _links(page) if marker in href]


def test_the_preview_links_each_figure_to_the_records_it_counts(owner: Scope, visit: Visit) -> None:
    seminar = visit.children[1]
    client = client_for(owner)
    page = text(client.get(url(owner, "reports_field_visit", visit.visit.pk)))

    links = _figure_links(page, "/report/figures/")
    assert "#fig-" not in page
    reach = url(
        owner, "reports_field_visit_figure", visit.visit.pk, f"reach.{seminar.pk}.recording_views"
    )
    assert f"{reach}?audience=internal&lang=en" in links
    assert len(links) == 8  # 2 disciplines, 3 sexes, lived experience, 2 reach readings

    records = text(client.get(f"{reach}?audience=internal&lang=en"))
    assert "Seminar on identification: Recording views" in records
    assert "Recording views: 2,345, as of April 1, 2025" in records
    assert url(owner, "engagement_detail", seminar.pk) in records
    # The back link returns to the preview with its options.
    back = url(owner, "reports_field_visit", visit.visit.pk) + "?audience=internal&lang=en"
    assert back in _links(records)


def test_a_saved_report_links_its_figures_and_lists_their_records(
    owner: Scope, visit: Visit, make_report: Callable[..., Report]
) -> None:
    report = make_report()
    seminar = visit.children[1]
    client = client_for(owner)
    page = text(client.get(url(owner, "reports_detail", report.pk)))

    links = _figure_links(page, f"/reports/{report.pk}/figures/")
    lived = url(owner, "reports_figure", report.pk, f"lived.{seminar.pk}")
    assert lived in links
    response = client.get(lived)
    assert response.status_code == 200
    records = text(response)
    assert "<h1>" in records
    assert "María Rojas" in records  # the owner may see people with lived experience
    assert url(owner, "person_detail", visit.survivor.pk) in records
    assert url(owner, "reports_detail", report.pk) in _links(records)


def test_unknown_refs_and_other_workspaces_are_not_found(
    owner: Scope, visit: Visit, make_report: Callable[..., Report], other_workspace: Any
) -> None:
    report = make_report()
    client = client_for(owner)
    for ref in ("nothing.here", "parts.x", "BAD"):
        assert client.get(url(owner, "reports_figure", report.pk, ref)).status_code == 404
        field_visit = url(owner, "reports_field_visit_figure", visit.visit.pk, ref)
        assert client.get(field_visit).status_code == 404
    assert (
        client.get(
            url(owner, "reports_field_visit_figure", visit.visit.pk, "parts"), {"lang": "fr"}
        ).status_code
        == 404
    )

    stranger = make_member(other_workspace, Role.OWNER)
    other = client_for(stranger)
    for name, pk in (("reports_figure", report.pk), ("reports_field_visit_figure", visit.visit.pk)):
        # Their own workspace does not hold it; ours does not let them in.
        assert other.get(url(stranger, name, pk, "parts")).status_code == 404
        assert other.get(url(owner, name, pk, "parts")).status_code == 404


def test_a_viewer_who_may_not_see_a_person_gets_a_count(
    owner: Scope, visit: Visit, make_report: Callable[..., Report], member: Callable[..., Scope]
) -> None:
    report = make_report()
    editor = member(Role.EDITOR)
    seminar = visit.children[1]

    page = text(
        client_for(editor).get(url(editor, "reports_figure", report.pk, f"lived.{seminar.pk}"))
    )

    assert "Rojas" not in page
    assert "One record counted here is not visible to you." in page


def test_a_partner_sees_only_its_own_records_of_a_public_report(
    owner: Scope, visit: Visit, make_report: Callable[..., Report], member: Callable[..., Scope]
) -> None:
    internal = make_report()
    public = make_report(audience="public")
    partner = member(Role.PARTNER, organization=visit.ministry)
    client = client_for(partner)

    assert (
        client.get(url(partner, "reports_figure", internal.pk, "organizations")).status_code == 404
    )
    page = text(client.get(url(partner, "reports_figure", public.pk, "organizations")))
    assert "Ministry of Foreign Affairs" in page
    assert "Fundación Esperanza" not in page
    assert "One record counted here is not visible to you." in page
    # A suppressed count names nobody: its page is the empty state.
    lived = text(
        client.get(url(partner, "reports_figure", public.pk, f"lived.{visit.children[1].pk}"))
    )
    assert "This figure names no records" in lived


def test_an_older_version_shows_its_figures_as_text(
    owner: Scope, visit: Visit, make_report: Callable[..., Report]
) -> None:
    report = make_report()
    latest = report.versions.get()
    services.report_save(
        scope=owner,
        report=report,
        markdown=latest.markdown + "\nMore.\n",
        note="",
        expected_version=report.version,
    )
    client = client_for(owner)
    old = text(client.get(url(owner, "reports_version", report.pk, 1)))
    preview = old[old.index('class="notes report-preview"') : old.index("</article>")]
    assert not _figure_links(preview, "/figures/")
    assert "#fig-" not in preview
    assert "[2,345](#fig-" in old  # the Markdown source below the preview keeps them
    assert _figure_links(text(client.get(url(owner, "reports_detail", report.pk))), "/figures/")


@pytest.mark.parametrize("format", ["md", "html", "docx"])
def test_no_figure_link_survives_in_a_download(
    owner: Scope, visit: Visit, make_report: Callable[..., Report], format: str
) -> None:
    report = make_report()
    client = client_for(owner)
    preview = client.get(
        url(owner, "reports_field_visit_download", visit.visit.pk), {"format": format}
    )
    saved = client.get(url(owner, "reports_download", report.pk, format))
    value = f"{ReachReading.objects.get(value=2345).value:,}"

    for response in (preview, saved):
        assert response.status_code == 200
        body = (
            "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
            + "\n".join(
                c.text
                for t in docx.Document(io.BytesIO(response.content)).tables
                for r in t.rows
                for c in r.cells
            )
            if format == "docx"
            else response.content.decode()
        )
        assert value in body
        assert "#fig-" not in body
        assert "/figures/" not in body
