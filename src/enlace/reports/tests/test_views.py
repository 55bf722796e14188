"""The report page of an engagement: the audience and language form, the sanitised preview, the
public-draft banner, the four downloads, who may see it, and bad choices refused."""

from __future__ import annotations

import pytest

from enlace.core.permissions import Role
from enlace.engagements.tests.pages import field_visit
from enlace.stakeholders.tests import factories as registry
from enlace.stakeholders.tests.pages import client_for, text, url
from enlace.testing import make_member

pytestmark = pytest.mark.django_db

BANNER = "Public draft, not yet reviewed"
CONTENT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@pytest.fixture
def visit(editor):
    return field_visit(editor)


def _page(scope, engagement) -> str:
    return url(scope, "reports_field_visit", engagement.pk)


def _download(scope, engagement) -> str:
    return url(scope, "reports_field_visit_download", engagement.pk)


def test_the_engagement_page_links_to_its_report(editor, visit, member):
    for scope in (editor, member(Role.VIEWER)):
        page = text(client_for(scope).get(url(scope, "engagement_detail", visit["training"].pk)))

        assert "Draft a report" in page
        assert _page(scope, visit["training"]) in page


def test_the_page_shows_the_preview_and_the_four_downloads(editor, visit):
    response = client_for(editor).get(_page(editor, visit["visit"]))

    page = text(response)
    assert response.status_code == 200
    assert "Taller para inspectores" in page
    assert BANNER not in page
    download = _download(editor, visit["visit"])
    for format in ("md", "html", "pdf", "docx"):
        assert f"{download}?audience=internal&amp;lang=en&amp;format={format}" in page
        assert f"field-visit-visita-a-chile-internal-en.{format}" in page
    # The preview is a fragment: the page's CSP allows no inline style.
    assert "<style" not in page
    assert "<!doctype" not in page.lower()[20:]


def test_a_public_draft_shows_a_banner(editor, visit):
    page = text(
        client_for(editor).get(_page(editor, visit["visit"]), {"audience": "public", "lang": "es"})
    )

    assert BANNER in page or "Borrador público" in page
    assert "audience=public&amp;lang=es&amp;format=pdf" in page


def test_the_page_drafts_in_the_language_chosen(editor, visit):
    page = text(client_for(editor).get(_page(editor, visit["visit"]), {"lang": "es"}))

    assert 'lang="es"' in page
    assert "lang=es&amp;format=docx" in page


@pytest.mark.parametrize("params", [{"audience": "everyone"}, {"lang": "fr"}])
def test_bad_choices_are_refused_with_a_message(editor, visit, params):
    response = client_for(editor).get(_page(editor, visit["visit"]), params)

    assert response.status_code == 400
    page = text(response)
    assert "Select a valid choice" in page
    assert "Taller para inspectores" not in page


@pytest.mark.parametrize("format", ["md", "html", "pdf", "docx"])
def test_each_download_has_its_content_type_and_file_name(editor, visit, format):
    response = client_for(editor).get(
        _download(editor, visit["visit"]), {"format": format, "audience": "public", "lang": "es"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[format]
    assert response["Content-Disposition"] == (
        f'attachment; filename="field-visit-visita-a-chile-public-es.{format}"'
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"format": "exe"}, "format: Select a valid choice"),
        ({"audience": "everyone"}, "audience: Select a valid choice"),
        ({"lang": "fr"}, "lang: Select a valid choice"),
    ],
)
def test_bad_download_choices_are_refused_with_a_message(editor, visit, params, message):
    response = client_for(editor).get(_download(editor, visit["visit"]), params)

    assert response.status_code == 400
    assert message in text(response)


def test_viewers_may_read_and_download(member, visit):
    viewer = member(Role.VIEWER)
    client = client_for(viewer)

    assert client.get(_page(viewer, visit["visit"])).status_code == 200
    assert client.get(_download(viewer, visit["visit"]), {"format": "md"}).status_code == 200


def test_another_workspace_and_an_outside_partner_get_404(editor, visit, member, other_workspace):
    stranger = make_member(other_workspace, Role.OWNER)
    outsider = member(Role.PARTNER, organization=registry.organization(editor))
    hosting = member(Role.PARTNER, organization=visit["ministry"])
    engagement = visit["visit"]

    for scope in (stranger, outsider):
        client = client_for(scope)
        # The stranger asks with its own workspace's slug and with the visit's.
        for where in {scope.workspace, engagement.workspace}:
            assert client.get(url(where, "reports_field_visit", engagement.pk)).status_code == 404
            assert (
                client.get(url(where, "reports_field_visit_download", engagement.pk)).status_code
                == 404
            )
    assert client_for(hosting).get(_page(hosting, engagement)).status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(client, editor, visit):
    response = client.get(_page(editor, visit["visit"]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
