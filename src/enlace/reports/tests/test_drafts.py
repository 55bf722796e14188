"""The Markdown of a field visit: golden files, consent, audiences, small numbers, escaping.

Regenerate the golden files after an intended change with ENLACE_UPDATE_GOLDEN=1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from enlace.core.scoping import Scope
from enlace.engagements.selectors import engagement_get
from enlace.reports.drafts import field_visit_markdown
from enlace.reports.figures import field_visit_figures
from enlace.reports.tests.visits import Visit, build_visit

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"
HOSTILE = (
    "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>\n"
    "# Not a heading\n- not a list\n| not | a table |\n![img](http://evil.example/x.png)"
    " *bold* _em_ `code` &amp; \\ \x07\x1b"
)


def draft(scope: Scope, visit: Visit, *, audience: str, language: str) -> str:
    engagement = engagement_get(scope=scope, id=visit.visit.pk)
    figures = field_visit_figures(
        scope=scope, engagement=engagement, audience=audience, language=language
    )
    return field_visit_markdown(figures, audience=audience, language=language)


def stable(markdown: str, visit: Visit) -> str:
    for record_id, token in visit.placeholders().items():
        markdown = markdown.replace(record_id, token)
    return markdown


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("ENLACE_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_english_golden(owner: Scope, audience: str) -> None:
    visit = build_visit(owner)
    text = stable(draft(owner, visit, audience=audience, language="en"), visit)
    check_golden(f"field_visit.{audience}.en.md", text)


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_spanish_golden(owner: Scope, audience: str) -> None:
    visit = build_visit(owner)
    text = stable(draft(owner, visit, audience=audience, language="es"), visit)
    check_golden(f"field_visit.{audience}.es.md", text)


def test_spanish_dates_and_numbers(owner: Scope) -> None:
    visit = build_visit(owner)
    text = draft(owner, visit, audience="internal", language="es")
    assert "3 de marzo de 2025 a 5 de marzo de 2025" in text
    assert "1 de abril de 2025" in text
    assert "1,250" not in text and "March" not in text
    assert "## Impacto y próximos pasos" in text


def test_consent_in_every_audience(owner: Scope) -> None:
    visit = build_visit(owner)
    for audience in ("internal", "public"):
        text = draft(owner, visit, audience=audience, language="en")
        assert "Carla Muñoz" in text
        assert "Pedro Soto" not in text
        assert "a legal adviser of Ministry of Foreign Affairs" in text
        assert "María Rojas" not in text and "advocate" not in text
    internal = draft(owner, visit, audience="internal", language="en")
    assert "*2 names were withheld in this report.*" in internal
    public = draft(owner, visit, audience="public", language="en")
    assert "*One name was withheld in this report.*" in public


def test_public_leaves_out_notes_and_links(owner: Scope) -> None:
    visit = build_visit(owner)
    public = draft(owner, visit, audience="public", language="en")
    internal = draft(owner, visit, audience="internal", language="en")
    for private in ("projector", "toolkit", "/w/alpha/", "Internal notes", "View the record"):
        assert private in internal
        assert private not in public


def test_small_numbers_in_public(owner: Scope) -> None:
    visit = build_visit(owner)
    public = draft(owner, visit, audience="public", language="en")
    assert "- Other: fewer than 5" in public
    assert "- Male: fewer than 5" in public  # else 60 attendees - 40 - 17 would reveal 3
    assert "People with lived experience: fewer than 5." in public
    internal = draft(owner, visit, audience="internal", language="en")
    # Exact figures, each linked to the records it counts.
    assert "- Other: [3](#fig-audience." in internal
    assert "People with lived experience: [1](#fig-lived." in internal


def _tokens(markdown: str) -> list[str]:
    parser = MarkdownIt("commonmark").enable("table")
    kinds = []
    for token in parser.parse(markdown):
        kinds.append(token.type)
        kinds.extend(child.type for child in token.children or [])
    return kinds


def test_hostile_text_stays_text(owner: Scope) -> None:
    visit = build_visit(owner, title=HOSTILE, objectives=HOSTILE, summary=HOSTILE)
    for audience in ("internal", "public"):
        text = draft(owner, visit, audience=audience, language="en")
        assert "\x07" not in text and "\x1b" not in text
        safe = draft_of_plain(owner, visit, audience=audience)
        # The same structure as the report of a harmless visit: nothing was injected.
        assert _tokens(text).count("heading_open") == _tokens(safe).count("heading_open")
        assert "image" not in _tokens(text)
        assert "html_inline" not in _tokens(text) and "html_block" not in _tokens(text)
        links = [t for t in _tokens(text) if t == "link_open"]
        assert len(links) == _tokens(safe).count("link_open")
        assert _tokens(text).count("table_open") == _tokens(safe).count("table_open")
        html = MarkdownIt("commonmark").render(text)
        assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
        assert "&lt;script&gt;" in html


def test_md_escape_drops_control_characters() -> None:
    # PostgreSQL refuses NUL in text, so it is checked on the filter rather than on a record.
    from enlace.reports.templatetags.report_markdown import md_escape, md_paragraphs

    assert md_escape("a\x00b\x1fc\x7f [d](e)") == "abc \\[d\\]\\(e\\)"
    assert md_paragraphs("one\x00\n\n# two") == "one\n\n\\# two"


def draft_of_plain(scope: Scope, visit: Visit, *, audience: str) -> str:
    """The hostile visit's report with the hostile texts replaced by plain words."""
    text = draft(scope, visit, audience=audience, language="en")
    return text.replace(_escaped(), "plain words")


def _escaped() -> str:
    from enlace.reports.templatetags.report_markdown import md_escape

    return md_escape(HOSTILE)
