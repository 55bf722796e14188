"""The four formats of a report from one Markdown text, with hostile text in it: nothing typed
runs as script in the HTML, and the PDF and Word files open with the text shown as text."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from enlace.reports.render import to_docx, to_fragment, to_html, to_markdown, to_pdf

HOSTILE = "<script>alert(1)</script>"
CONTROL = "".join(chr(code) for code in range(0x20) if code not in (0x09, 0x0A, 0x0D))

SAMPLE = f"""# Field visit to Lima {HOSTILE}

The **delegation** met the *Ministry* on 3 March. See [the record](/w/acme/engagements/7/),
[the ministry](https://example.org/ministry) and [x](javascript:alert(1)).
A hostile image <img src=x onerror=alert(1)> and ![pic](javascript:alert(2)) and a
Word-breaking Bad{CONTROL}Text here.

## Reach

| Channel | People | As of |
|:--------|-------:|-------|
| In person | 42 | 3 March |
| Livestream {HOSTILE} | 1,250 | 4 March |

## Impact and next steps

- Invitation to submit a proposal (stage: *qualified*)
- Follow-up with the <b onmouseover=alert(3)>director</b>

1. First step
2. Second step
"""
TITLE = f"Field visit {HOSTILE}"


class _Structure(HTMLParser):
    """Every tag and attribute of an HTML document, as the browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)


def _structure(html: str) -> _Structure:
    parser = _Structure()
    parser.feed(html)
    parser.close()
    return parser


def _assert_harmless(html: str) -> _Structure:
    structure = _structure(html)
    assert not {"script", "img", "iframe", "object", "embed", "b"} & set(structure.tags)
    for tag, name, value in structure.attributes:
        assert not name.startswith("on"), (tag, name)
        assert "javascript:" not in value.lower(), (tag, name, value)
    for code in range(0x20):
        if code not in (0x09, 0x0A):
            assert chr(code) not in html
    return structure


def _docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _docx_text(document: docx.document.Document) -> str:
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# Markdown


def test_markdown_is_the_text_normalised() -> None:
    text = "# Title  \r\n\r\nCafe\u0301 Bad\x00\x1fText\x0b.\t \r\n\n\n"
    assert to_markdown(text, title="T", language="en", audience="internal") == (
        "# Title\n\nCafé BadText.\n"
    )
    clean = "# Title\n\nA paragraph.\n"
    assert to_markdown(clean) == clean


def test_unknown_audience_or_language_is_refused() -> None:
    with pytest.raises(ValueError, match="audience"):
        to_html("x", title="x", language="en", audience="everyone")
    with pytest.raises(ValueError, match="language"):
        to_docx("x", title="x", language="fr", audience="internal")


# HTML


def test_html_is_a_complete_document_with_hostile_text_as_text() -> None:
    html = to_html(SAMPLE, title=TITLE, language="es", audience="internal")

    structure = _assert_harmless(html)
    assert html.startswith("<!doctype html>")
    assert '<html lang="es">' in html
    assert "<title>Field visit &lt;script&gt;alert(1)&lt;/script&gt;</title>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "BadText" in html
    # Headings and tables are real elements; the print CSS travels inside the file.
    assert {"h1", "h2", "table", "thead", "th", "td", "ul", "ol", "strong", "em", "style"} <= set(
        structure.tags
    )
    assert 'style="text-align:right"' in html
    assert ("a", "href", "https://example.org/ministry") in structure.attributes
    # Internal: links back to the records stay.
    assert ("a", "href", "/w/acme/engagements/7/") in structure.attributes
    assert 'class="banner"' not in html


def test_internal_html_points_record_links_at_the_site(settings: object) -> None:
    settings.ENLACE_BASE_URL = "https://enlace.example"  # type: ignore[attr-defined]
    html = to_html(SAMPLE, title=TITLE, language="en", audience="internal")
    links = {value for tag, name, value in _structure(html).attributes if name == "href"}
    assert "https://enlace.example/w/acme/engagements/7/" in links
    assert "https://example.org/ministry" in links


def test_public_html_has_no_link_into_the_application_and_a_draft_banner() -> None:
    html = to_html(SAMPLE, title=TITLE, language="en", audience="public")

    structure = _assert_harmless(html)
    links = [value for tag, name, value in structure.attributes if name == "href"]
    assert links == ["https://example.org/ministry"]
    assert "the record" in html
    assert '<p class="banner">Public draft, not yet reviewed' in html
    reviewed = to_html(SAMPLE, title=TITLE, language="en", audience="public", reviewed=True)
    assert 'class="banner"' not in reviewed


def test_preview_fragment_is_sanitised_and_carries_no_styles() -> None:
    fragment = to_fragment(SAMPLE, audience="internal")

    structure = _assert_harmless(fragment)
    assert "style" not in structure.tags
    assert not [name for _tag, name, _value in structure.attributes if name == "style"]
    assert "<!doctype" not in fragment
    assert {"h1", "h2", "table"} <= set(structure.tags)
    assert "/w/acme/engagements/7/" not in to_fragment(SAMPLE, audience="public")
    assert to_fragment("  \n") == ""


# PDF


def test_pdf_shows_hostile_text_as_text() -> None:
    data = to_pdf(SAMPLE, title=TITLE, language="es", audience="public")

    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata is not None
    assert reader.metadata.title == TITLE
    text = _pdf_text(data)
    assert "Field visit to Lima <script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "BadText" in text
    assert "Livestream" in text
    assert "1,250" in text
    assert "Borrador público" in text  # the banner, in the report's language
    # Public: the text of a link into the application, never its address.
    assert "the record" in text
    assert "/w/acme/" not in text


# Word


def test_docx_has_real_headings_lists_and_tables() -> None:
    document = _docx(to_docx(SAMPLE, title=TITLE, language="es", audience="internal"))

    styles = [(paragraph.style.name, paragraph.text) for paragraph in document.paragraphs]
    assert ("Heading 1", f"Field visit to Lima {HOSTILE}") in styles
    assert ("Heading 2", "Reach") in styles
    assert ("Heading 2", "Impact and next steps") in styles
    assert ("List Bullet", "Invitation to submit a proposal (stage: qualified)") in styles
    assert [text for style, text in styles if style == "List Number"] == [
        "First step",
        "Second step",
    ]

    (table,) = document.tables
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells == [
        ["Channel", "People", "As of"],
        ["In person", "42", "3 March"],
        [f"Livestream {HOSTILE}", "1,250", "4 March"],
    ]
    assert all(run.bold for run in table.rows[0].cells[0].paragraphs[0].runs)
    assert table.rows[1].cells[1].paragraphs[0].alignment is not None

    lead = next(p for p in document.paragraphs if p.text.startswith("The delegation"))
    assert [run.text for run in lead.runs if run.bold] == ["delegation"]
    assert [run.text for run in lead.runs if run.italic] == ["Ministry"]
    # Links: their text, then the address.
    assert "the record (/w/acme/engagements/7/)" in lead.text
    assert "the ministry (https://example.org/ministry)" in lead.text

    assert document.core_properties.title == TITLE
    assert document.core_properties.language == "es"


def test_docx_keeps_hostile_text_as_text_and_drops_control_characters() -> None:
    data = to_docx(SAMPLE, title=f"Bad{CONTROL}Title", language="en", audience="public")
    document = _docx(data)
    text = _docx_text(document)

    assert "[x](javascript:alert(1))" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "<b onmouseover=alert(3)>director</b>" in text
    assert "BadText" in text
    assert document.core_properties.title == "BadTitle"
    assert document.paragraphs[0].text.startswith("Public draft")
    # Public: no address of a record inside the application.
    assert "the record" in text
    assert "/w/acme/" not in text
    assert "https://example.org/ministry" in text


def test_numbered_lists_each_count_from_their_own_start() -> None:
    document = _docx(
        to_docx(
            "1. a\n2. b\n\nText.\n\n3. c\n4. d\n",
            title="x",
            language="en",
            audience="internal",
        )
    )
    numbers = [
        paragraph._p.pPr.numPr.numId.val
        for paragraph in document.paragraphs
        if paragraph.style.name == "List Number"
    ]
    assert len(numbers) == 4
    assert numbers[0] == numbers[1] != numbers[2] == numbers[3]
    numbering = document.part.numbering_part.element
    restart = numbering.num_having_numId(numbers[2]).lvlOverride_lst[0].startOverride
    assert restart.val == 3


# Charts and figure links

CHART_TITLE = "Audience </svg><script>alert(4)</script>"
CHART_LABEL = "</svg><script>alert(5)</script>"


def _charts() -> dict[str, dict[str, object]]:
    from enlace.web.charts import bars

    chart = bars(
        [{"c": "Legal", "v": 1250}, {"c": CHART_LABEL, "v": 12}],
        category="c",
        value="v",
        title=CHART_TITLE,
        value_title="People",
    )
    return {
        "audience": {"title": chart.title, "description": chart.description, "spec": chart.spec}
    }


CHARTED = f"""# Visit

Audience: [1,262](#fig-audience.total) people, of whom [12](#fig-x.social_work) in social work.

![{CHART_TITLE}](chart:audience)

| Discipline | People |
| --- | ---: |
| Legal | [1,250](#fig-audience.legal) |
| {CHART_LABEL} | 12 |

An unknown one: ![Missing chart](chart:nowhere) and a bad ref [7](#fig-BAD).
"""


def _figure_url(ref: str) -> str:
    return {"audience.total": "/w/acme/reports/1/figures/audience.total/"}.get(ref, "")


def test_the_preview_links_known_figures_and_draws_charts_as_svg() -> None:
    fragment = to_fragment(CHARTED, charts=_charts(), figure_url=_figure_url)

    structure = _assert_harmless(fragment)
    links = [value for tag, name, value in structure.attributes if name == "href"]
    # A known ref links to its records page; an unknown one is its text.
    assert links == ["/w/acme/reports/1/figures/audience.total/"]
    assert "#fig-" not in fragment
    assert "of whom 12 in social work" in fragment
    assert "chart:" not in fragment
    assert {"figure", "svg", "figcaption"} <= set(structure.tags)
    assert fragment.count("<svg") == 1
    # The hostile title and label stay text inside the SVG and the caption.
    drawn = fragment[fragment.index("<svg") : fragment.index("</svg>")]
    assert "&lt;/svg&gt;&lt;script&gt;alert(5)" in drawn
    assert "<script" not in drawn and "</svg><" not in drawn
    assert "<figcaption>Audience &lt;/svg&gt;&lt;script&gt;alert(4)" in fragment
    assert "<em>Missing chart</em>" in fragment
    # The table of the same numbers stays after the chart.
    assert fragment.index("<svg") < fragment.index("<table>")


def test_a_public_preview_links_figures_too_but_no_record() -> None:
    fragment = to_fragment(
        CHARTED + "\n[the record](/w/acme/engagements/7/)\n",
        audience="public",
        charts=_charts(),
        figure_url=_figure_url,
    )
    links = [value for tag, name, value in _structure(fragment).attributes if name == "href"]
    assert links == ["/w/acme/reports/1/figures/audience.total/"]


def test_charts_without_figures_are_their_alt_text_and_links_their_text() -> None:
    fragment = to_fragment(CHARTED)

    assert "<svg" not in fragment
    assert "<em>Audience &lt;/svg&gt;&lt;script&gt;alert(4)&lt;/script&gt;</em>" in fragment
    assert "href" not in fragment


def test_a_forged_chart_placeholder_is_only_text() -> None:
    forged = "enlace-chart-0000000000000000-0\n\n![x](chart:audience)\n"
    fragment = to_fragment(forged, charts=_charts())
    assert fragment.count("<svg") == 1
    assert "enlace-chart-0000000000000000-0" in fragment


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_no_figure_link_or_chart_address_survives_in_any_file(audience: str) -> None:
    options: dict[str, Any] = {
        "title": CHART_TITLE,
        "language": "en",
        "audience": audience,
        "charts": _charts(),
    }
    markdown = to_markdown(CHARTED, **options)
    html = to_html(CHARTED, **options)
    pdf = _pdf_text(to_pdf(CHARTED, **options))
    word = _docx_text(_docx(to_docx(CHARTED, **options)))

    for text in (markdown, html, pdf, word):
        assert "#fig-" not in text
        assert "chart:" not in text
        assert "/w/acme/reports/" not in text
    _assert_harmless(html)
    # The Markdown file: the chart line goes, figures are their numbers, the table stays.
    assert "Audience: 1,262 people, of whom 12 in social work." in markdown
    assert "| Legal | 1,250 |" in markdown
    assert "![" not in markdown.replace("*Missing chart*", "")
    assert "*Missing chart*" in markdown
    assert "\n\n\n" not in markdown


def test_html_and_pdf_carry_the_chart_as_svg_with_its_text() -> None:
    html = to_html(CHARTED, title="x", language="en", audience="internal", charts=_charts())
    assert html.count("<svg") == 1
    assert "report-chart" in html

    text = _pdf_text(
        to_pdf(CHARTED, title="x", language="en", audience="internal", charts=_charts())
    )
    # The chart's own labels are drawn as text by WeasyPrint, hostile ones as text.
    assert "1,250" in text
    assert "<script>alert(5)</script>" in text
    assert text.count("Legal") >= 2  # the bar's label and the table's cell


def test_docx_has_the_chart_as_an_inline_picture_with_a_caption() -> None:
    document = _docx(
        to_docx(CHARTED, title="x", language="en", audience="internal", charts=_charts())
    )

    assert len(document.inline_shapes) == 1
    shape = document.inline_shapes[0]
    assert 14.9 < shape.width.cm < 15.1
    assert shape._inline.docPr.get("title") == CHART_TITLE
    captions = [p.text for p in document.paragraphs if p.style and p.style.name == "Caption"]
    assert len(captions) == 1
    assert captions[0].startswith(CHART_TITLE)
    text = _docx_text(document)
    assert "Audience: 1,262 people, of whom 12 in social work." in text
    assert "Missing chart" in text
    (table,) = document.tables
    assert [cell.text for cell in table.rows[1].cells] == ["Legal", "1,250"]


def test_docx_without_charts_has_no_picture() -> None:
    document = _docx(to_docx(CHARTED, title="x", language="en", audience="internal"))
    assert len(document.inline_shapes) == 0
    assert CHART_TITLE in _docx_text(document)
