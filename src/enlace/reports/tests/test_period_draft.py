"""The Markdown of a period report: golden files in English and Spanish, every figure linked to
its trace, every chart followed by its table, small counts unlinked, hostile text escaped.

Regenerate the golden files after an intended change with ENLACE_UPDATE_GOLDEN=1 (the Spanish
one holds English sentences until the catalogue is translated)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from markdown_it import MarkdownIt

from enlace.core.scoping import Scope
from enlace.engagements.models import Engagement
from enlace.engagements.tests import factories as engagements
from enlace.reports.drafts import period_markdown
from enlace.reports.period_figures import period_figures
from enlace.reports.tests.test_period_figures import (
    END,
    START,
    Period,
    build_period,
    training_with_tests,
)
from enlace.stakeholders.tests import factories as registry

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"
HOSTILE = (
    "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    " # Not a heading | not | a table | ![img](http://evil.example/x.png)"
    " *bold* _em_ `code` &amp; \\ \x07\x1b"
)
FIGURE_LINK = re.compile(r"\]\(#fig-([a-z0-9][a-z0-9_.-]{0,79})\)")
CHART = re.compile(r"^!\[[^\]]*\]\(chart:([a-z0-9][a-z0-9_-]{0,63})\)$", re.MULTILINE)


def draft(
    scope: Scope, *, audience: str = "internal", language: str = "en", **extra: Any
) -> tuple[str, dict[str, Any]]:
    figures = period_figures(
        scope=scope, start=START, end=END, audience=audience, language=language, **extra
    )
    return period_markdown(figures, audience=audience, language=language), figures


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def stable(markdown: str, period: Period) -> str:
    """Record ids as stable tokens (named ones, then the others in order of appearance), so
    that golden files do not depend on random UUIDs."""
    for record_id, token in period.placeholders().items():
        markdown = markdown.replace(record_id, token)
    others: dict[str, str] = {}
    for found in UUID.findall(markdown):
        others.setdefault(found, f"ID-{len(others) + 1}")
    return UUID.sub(lambda m: others[m.group(0)], markdown)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("ENLACE_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture
def period(owner: Scope, monkeypatch: pytest.MonkeyPatch) -> Period:
    # "Overdue" depends on today: a fixed day long after the period.
    monkeypatch.setattr(timezone, "localdate", lambda *args: END.replace(year=2026))
    return build_period(owner)


@pytest.mark.parametrize("language", ["en", "es"])
def test_golden(owner: Scope, period: Period, language: str) -> None:
    text, _figures = draft(owner, language=language)
    check_golden(f"period.{language}.md", stable(text, period))


def test_every_figure_links_to_its_trace(owner: Scope, period: Period) -> None:
    for audience in ("internal", "public"):
        text, figures = draft(owner, audience=audience)
        refs = FIGURE_LINK.findall(text)
        assert refs and set(refs) <= set(figures["trace"])
        # Every figure the template writes has a value; suppressed ones are never linked.
        suppressed = {ref for ref, entry in figures["trace"].items() if entry["value"] is None}
        assert not set(refs) & suppressed
        assert len(refs) > 60


def test_every_chart_exists_and_is_followed_by_its_table(owner: Scope, period: Period) -> None:
    text, figures = draft(owner)
    keys = CHART.findall(text)
    assert sorted(keys) == sorted(figures["charts"])
    for key in keys:
        after = text.split(f"(chart:{key})", 1)[1].lstrip("\n")
        assert after.startswith("| "), key


def test_small_counts_read_fewer_than_in_public(owner: Scope, period: Period) -> None:
    public, _ = draft(owner, audience="public")
    assert "| Male | fewer than 5 |" in public
    assert "People with lived experience: fewer than 5." in public
    internal, _ = draft(owner)
    assert "| Male | [1](#fig-people.sex.male) |" in internal
    assert "People with lived experience: [1](#fig-people.lived_experience)." in internal
    for text in (public, internal):
        for name in ("María Rojas", "Pedro Soto", "Carla Muñoz", "Juma Otieno"):
            assert name not in text  # the period report names nobody


def test_spanish_dates_and_numbers(owner: Scope, period: Period) -> None:
    text, _ = draft(owner, language="es")
    assert "1 de enero de 2025" in text and "31 de marzo de 2025" in text
    assert "[2\xa0345](#fig-reach.recording_views)" in text
    assert "[+33,3](#fig-training." in text and "2,345" not in text


def test_empty_sections_say_so(owner: Scope) -> None:
    text, _ = draft(owner)
    for sentence in (
        "No engagements in this period.",
        "No trainings in this period.",
        "No reach was recorded in this period.",
        "No follow-ups were due in this period.",
        "No open opportunities.",
    ):
        assert sentence in text
    assert "chart:" not in text


def test_hostile_text_stays_text(owner: Scope) -> None:
    host = registry.organization(owner, name=HOSTILE[:200], kind="ngo", country="CL")
    event = engagements.engagement(
        owner,
        kind="training",
        title="Plain",
        start_date=START,
        country="CL",
        host_organization=host,
    )
    training_with_tests(owner, event)
    Engagement.objects.filter(pk=event.pk).update(title=HOSTILE)
    text, _ = draft(owner)
    assert "\x07" not in text and "\x1b" not in text
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    inline = [child for token in tokens for child in token.children or []]
    # The only links are the figures', the only images the charts', no HTML, no extra cells.
    assert all(str(t.attrs["href"]).startswith("#fig-") for t in inline if t.type == "link_open")
    assert all(str(t.attrs["src"]).startswith("chart:") for t in inline if t.type == "image")
    assert not [t for t in [*tokens, *inline] if t.type in {"html_inline", "html_block"}]
    headings = [t for t in tokens if t.type == "heading_open"]
    assert len(headings) == 10
    rows = [t for t in tokens if t.type == "tr_open"]
    cells = [t for t in tokens if t.type in {"td_open", "th_open"}]
    # Kind, country and organisations: a head and one row of two cells; trainings: a head, the
    # training and all trainings, of nine cells. The hostile title adds none.
    assert len(rows) == 2 + 2 + 2 + 3
    assert len(cells) == 2 * 2 + 2 * 2 + 2 * 2 + 9 * 3
