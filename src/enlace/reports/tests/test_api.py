"""The field visit report endpoints: each format as an attachment with its content type and file
name, the figures as JSON, who may read (any member; a partner only what it may see; nothing of
another workspace), and bad query values refused with a clear message."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader

from enlace.core.permissions import Role
from enlace.engagements.tests import factories
from enlace.engagements.tests.pages import field_visit
from enlace.stakeholders.tests import factories as registry
from enlace.testing import make_member

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/field-visit"


@pytest.fixture
def visit(editor):
    return field_visit(editor)


def _url(engagement, suffix: str = "") -> str:
    return f"{REPORTS}/{engagement.pk}{suffix}"


@pytest.mark.parametrize(
    ("format", "content_type", "start"),
    [
        ("md", "text/markdown; charset=utf-8", b""),
        ("html", "text/html; charset=utf-8", b"<!doctype html>"),
        ("pdf", "application/pdf", b"%PDF"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            b"PK",
        ),
    ],
)
def test_each_format_is_an_attachment_with_its_content_type(
    api, visit, format, content_type, start
):
    response = api.get(_url(visit["visit"]), {"format": format, "lang": "en"})

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="field-visit-visita-a-chile-internal-en.{format}"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(start)


def test_the_text_of_every_format_tells_the_visit(api, visit):
    def get(format: str) -> bytes:
        return bytes(api.get(_url(visit["visit"]), {"format": format}).content)

    markdown = get("md").decode()
    html = get("html").decode()
    pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(get("pdf"))).pages)
    docx = "\n".join(p.text for p in Document(io.BytesIO(get("docx"))).paragraphs)

    for text in (markdown, html, pdf, docx):
        assert "Visita a Chile" in text
        assert "Taller para inspectores" in text


def test_defaults_are_markdown_internal_and_the_request_language(api, visit):
    english = api.get(_url(visit["visit"]))
    spanish = api.get(_url(visit["visit"]), headers={"Accept-Language": "es"})

    assert english["Content-Type"] == "text/markdown; charset=utf-8"
    assert english["Content-Disposition"].endswith('-internal-en.md"')
    assert spanish["Content-Disposition"].endswith('-internal-es.md"')


def test_public_and_spanish_are_in_the_file_name(api, visit):
    response = api.get(_url(visit["visit"]), {"format": "pdf", "audience": "public", "lang": "es"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="field-visit-visita-a-chile-public-es.pdf"'
    )


def test_a_public_report_has_no_links_into_the_application(api, visit):
    internal = api.get(_url(visit["visit"]), {"audience": "internal"}).content.decode()
    public = api.get(_url(visit["visit"]), {"audience": "public"}).content.decode()

    assert f"/w/{visit['visit'].workspace.slug}/" in internal
    assert "/w/" not in public


def test_a_single_engagement_has_a_report_too(api, editor):
    alone = factories.engagement(editor, title="Reunión única")

    response = api.get(_url(alone), {"format": "md"})

    assert response.status_code == 200
    assert "Reunión única" in response.content.decode()
    assert response["Content-Disposition"].endswith(
        'filename="field-visit-reunion-unica-internal-en.md"'
    )


def test_figures_are_json(api, visit):
    response = api.get(_url(visit["visit"], "/figures"), {"audience": "public", "lang": "es"})

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert isinstance(response.json(), dict)
    assert str(visit["training"].pk) in response.content.decode()


@pytest.mark.parametrize("suffix", ["", "/figures"])
def test_another_workspace_engagement_is_not_found(api_for, other_workspace, visit, suffix):
    stranger = api_for(make_member(other_workspace, Role.OWNER))

    response = stranger.get(_url(visit["visit"], suffix))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("suffix", ["", "/figures"])
def test_an_unknown_engagement_is_not_found(api, suffix):
    response = api.get(f"{REPORTS}/00000000-0000-0000-0000-000000000000{suffix}")

    assert response.status_code == 404


def test_viewers_may_read(member, api_for, visit):
    viewer = api_for(member(Role.VIEWER))

    assert viewer.get(_url(visit["visit"]), {"format": "docx"}).status_code == 200
    assert viewer.get(_url(visit["visit"], "/figures")).status_code == 200


def test_a_partner_reads_only_the_engagements_its_organisation_takes_part_in(
    member, api_for, editor, visit
):
    hosting = api_for(member(Role.PARTNER, organization=visit["ministry"]))
    outsider = api_for(member(Role.PARTNER, organization=registry.organization(editor)))

    assert hosting.get(_url(visit["visit"])).status_code == 200
    assert hosting.get(_url(visit["visit"], "/figures")).status_code == 200
    assert outsider.get(_url(visit["visit"])).status_code == 404
    assert outsider.get(_url(visit["visit"], "/figures")).status_code == 404


def test_without_a_token_it_is_unauthorised(client, visit):
    assert client.get(_url(visit["visit"])).status_code == 401


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"format": "exe"}, "format"),
        ({"audience": "everyone"}, "audience"),
        ({"lang": "fr"}, "lang"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_query_values_are_refused_with_the_field_named(api, visit, params, field):
    response = api.get(_url(visit["visit"]), params)

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert errors[field][0]


def test_bad_figures_query_values_are_refused(api, visit):
    response = api.get(_url(visit["visit"], "/figures"), {"format": "pdf", "audience": "x"})

    assert response.status_code == 422
    assert set(response.json()["errors"]) <= {"format", "audience"}
