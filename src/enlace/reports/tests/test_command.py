"""`enlace report field-visit`: the file a member would download, written where asked; unknown
members, engagements they may not see and bad options are refused with a message."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from enlace.cli import main
from enlace.core.permissions import Role
from enlace.engagements.tests.pages import field_visit
from enlace.stakeholders.tests import factories as registry
from enlace.testing import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(editor):
    return field_visit(editor)


def _report(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def _member_args(scope) -> list[str]:
    return ["--workspace", scope.workspace.slug, "--user", scope.user.email]


def test_writes_a_public_spanish_pdf_to_the_file_given(editor, visit, tmp_path):
    target = tmp_path / "informe.pdf"

    out = _report(
        "field-visit",
        str(visit["visit"].pk),
        "--format",
        "pdf",
        "--audience",
        "public",
        "--lang",
        "es",
        "-o",
        str(target),
        *_member_args(editor),
    )

    assert target.read_bytes().startswith(b"%PDF")
    assert f"Wrote {target}" in out


@pytest.mark.parametrize(
    ("format", "start"), [("md", b"#"), ("html", b"<!doctype html>"), ("docx", b"PK")]
)
def test_without_a_file_name_it_writes_the_report_s_own(
    editor, visit, tmp_path, monkeypatch, format, start
):
    monkeypatch.chdir(tmp_path)

    _report("field-visit", str(visit["visit"].pk), "--format", format, *_member_args(editor))

    written = tmp_path / f"field-visit-visita-a-chile-internal-en.{format}"
    assert written.read_bytes().startswith(start)


def test_the_enlace_command_takes_hyphenated_names(editor, visit, tmp_path):
    target = tmp_path / "report.md"

    main(
        [
            "enlace",
            "report",
            "field-visit",
            str(visit["visit"].pk),
            "-o",
            str(target),
            *_member_args(editor),
        ]
    )

    assert "Visita a Chile" in target.read_text()


def test_a_viewer_may_write_a_report(member, visit, tmp_path):
    viewer = member(Role.VIEWER)
    target = tmp_path / "r.md"

    _report("field-visit", str(visit["visit"].pk), "-o", str(target), *_member_args(viewer))

    assert "Visita a Chile" in target.read_text()


def test_unknown_user_or_workspace_is_refused(editor, visit, tmp_path):
    engagement = str(visit["visit"].pk)
    target = str(tmp_path / "r.md")

    with pytest.raises(CommandError, match="No such member"):
        _report(
            "field-visit",
            engagement,
            "-o",
            target,
            "--workspace",
            "nope",
            "--user",
            editor.user.email,
        )
    with pytest.raises(CommandError, match="No such member"):
        _report(
            "field-visit",
            engagement,
            "-o",
            target,
            "--workspace",
            editor.workspace.slug,
            "--user",
            "x@y.z",
        )
    assert not (tmp_path / "r.md").exists()


def test_an_engagement_the_member_may_not_see_is_refused(
    editor, visit, other_workspace, member, tmp_path
):
    stranger = make_member(other_workspace, Role.OWNER)
    outsider = member(Role.PARTNER, organization=registry.organization(editor))
    target = str(tmp_path / "r.md")

    for scope in (stranger, outsider):
        with pytest.raises(CommandError, match="No engagement"):
            _report("field-visit", str(visit["visit"].pk), "-o", target, *_member_args(scope))
    with pytest.raises(CommandError, match="No engagement"):
        _report("field-visit", "not-an-id", "-o", target, *_member_args(editor))
    assert not (tmp_path / "r.md").exists()


@pytest.mark.parametrize(
    "bad",
    [
        ["period"],
        ["field-visit", "ID", "--format", "exe"],
        ["field-visit", "ID", "--audience", "everyone"],
        ["field-visit", "ID", "--lang", "fr"],
    ],
)
def test_bad_options_are_refused(editor, visit, bad):
    args = [str(visit["visit"].pk) if a == "ID" else a for a in bad]

    with pytest.raises(CommandError, match="invalid choice"):
        _report(*args, *_member_args(editor))


def test_an_unwritable_file_is_refused_with_a_message(editor, visit, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        _report(
            "field-visit",
            str(visit["visit"].pk),
            "-o",
            str(tmp_path / "missing" / "r.md"),
            *_member_args(editor),
        )
