"""A report's Markdown to the files people download: Markdown, HTML, PDF and Word (.docx).

One sanitising wall for every format: control characters go first (they break Word's XML and
PDF text), markdown-it renders with raw HTML off, and nh3 keeps a short allow-list. Word is
written from markdown-it's tokens, never from HTML, so nothing typed can reach it as markup.

Two kinds of link are the report's own. `[42](#fig-<ref>)` names the records a figure counts:
inside the application it points at the figure's records page, in every file it is plain text.
`![<title>](chart:<key>)` on its own line is a chart of the report's figures: drawn as SVG after
nh3 has cleaned the rest (the SVG is ours, built from the figures, and its text is escaped by
vl-convert), as a picture in Word, and left out of the Markdown file, where the table of the same
numbers that follows it stands alone. Nothing is ever fetched for either.
"""

from __future__ import annotations

import html as html_lib
import io
import re
import secrets
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import nh3
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.token import Token

from enlace.core.pdf import html_to_pdf

AUDIENCES = frozenset({"internal", "public"})

# Tab and newline are text; every other C0/C1 control, lone surrogates and the two
# non-characters that XML 1.0 refuses would make Word call the file corrupt.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_renderer.enable(["table", "strikethrough"])

# Unlike notes (enlace.web.markdown), a report is the whole document: its own h1 and h2, and
# tables for figures.
ALLOWED_TAGS = frozenset(
    {
        "a",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "strong",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "td": {"style"},
    "th": {"style"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# markdown-it aligns table columns with `style="text-align:…"`; nothing else in a style passes.
STYLE_PROPERTIES = frozenset({"text-align"})

_ANCHOR = re.compile(r"<a( [^>]*)?>(.*?)</a>", re.DOTALL)
_HREF_ATTRIBUTE = re.compile(r' href="([^"]*)"')

FIGURE_PREFIX = "#fig-"
CHART_PREFIX = "chart:"
FIGURE_REF = re.compile(r"[a-z0-9][a-z0-9_.-]{0,79}")
CHART_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
# In the Markdown file: a figure link (not one whose bracket is escaped) and a chart image.
_MD_FIGURE_LINK = re.compile(r"(?<!\\)\[((?:[^\[\]\\\n]|\\.)*)\]\(#fig-[^)\s]*\)")
_MD_CHART_LINE = re.compile(r"^[ \t]*!\[[^\]\n]*\]\(chart:[^)\s]*\)[ \t]*$", re.MULTILINE)
_MD_CHART = re.compile(r"(?<!\\)!\[((?:[^\[\]\\\n]|\\.)*)\]\(chart:[^)\s]*\)")
# What vl-convert writes; anything else in an SVG means it is not ours, and it is not shown.
_SVG_TAGS = frozenset(
    {
        "svg",
        "g",
        "path",
        "rect",
        "line",
        "text",
        "tspan",
        "title",
        "desc",
        "defs",
        "clipPath",
        "circle",
        "ellipse",
        "polygon",
        "polyline",
        "symbol",
        "use",
        "linearGradient",
        "stop",
    }
)
_SVG_TAG = re.compile(r"<\s*/?\s*([A-Za-z][\w:-]*)")
_SVG_UNSAFE = re.compile(r"""\son\w+\s*=|href\s*=|javascript:|<!|<\?""", re.IGNORECASE)
DOCX_CHART_WIDTH_CM = 15
# The font vl-convert measures and draws the charts' text with (enlace.web.charts.DOCUMENT_FONT).
DOCUMENT_FONT = "DejaVu Sans"
PNG_SCALE = 2

FigureUrl = Callable[[str], str]
Charts = Mapping[str, Mapping[str, Any]]

CSS = """
@page { size: A4; margin: 18mm 16mm 20mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8.5pt; color: #4a5560; } }
html { font-family: "DejaVu Sans", "Liberation Sans", "Noto Sans", sans-serif; font-size: 10.5pt;
  line-height: 1.45; color: #1b1f23; }
body { margin: 0 auto; max-width: 46em; }
h1 { font-size: 20pt; margin: 0 0 .6em; line-height: 1.2; }
h2 { font-size: 14pt; margin: 1.4em 0 .4em; border-bottom: 1px solid #c9d1d9; }
h3 { font-size: 12pt; margin: 1.1em 0 .3em; }
h4, h5, h6 { font-size: 10.5pt; margin: 1em 0 .3em; }
h1, h2, h3, h4 { break-after: avoid; }
p, li { orphans: 2; widows: 2; }
table { border-collapse: collapse; margin: .6em 0 1em; width: 100%; break-inside: auto; }
th, td { border: 1px solid #8c959f; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #eaeef2; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
blockquote { margin: .6em 0; padding-left: 1em; border-left: 3px solid #8c959f; color: #4a5560; }
code, pre { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 9pt; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; }
a { color: #0b5cad; overflow-wrap: anywhere; }
.report-chart { margin: .8em 0 .4em; break-inside: avoid; }
.report-chart svg { display: block; max-width: 100%; height: auto; }
.report-chart figcaption { font-size: 9.5pt; color: #4a5560; margin-top: .3em; }
.banner { border: 2px solid #9a6700; color: #6b4500; padding: .4em .7em; font-weight: bold; }
@media print { a { color: inherit; } body { max-width: none; } }
""".strip()


def _check(*, audience: str, language: str) -> None:
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience: {audience!r}")
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unknown language: {language!r}")


def clean_text(text: str) -> str:
    """Text safe for every format: NFC, no control characters, Unix line ends."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def to_markdown(
    markdown: str,
    *,
    title: str = "",
    language: str = "en",
    audience: str = "internal",
    reviewed: bool = False,
    charts: Charts | None = None,
) -> str:
    """The Markdown itself, normalised: clean text, no trailing spaces, one final newline;
    figure links become their text and chart lines go (the table after each chart stays).
    (The other arguments are accepted so that every format is called the same way.)"""
    _check(audience=audience, language=language)
    text = _MD_CHART_LINE.sub("", clean_text(markdown))
    text = _MD_CHART.sub(lambda m: f"*{m.group(1)}*" if m.group(1) else "", text)
    text = _MD_FIGURE_LINK.sub(lambda m: m.group(1), text)
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def _figure_ref(href: str) -> str | None:
    """The ref of a `#fig-<ref>` link, or None when `href` is not one (or not a valid ref)."""
    if not href.startswith(FIGURE_PREFIX):
        return None
    ref = href.removeprefix(FIGURE_PREFIX)
    return ref if FIGURE_REF.fullmatch(ref) else None


def _chart_key(src: str) -> str | None:
    if not src.startswith(CHART_PREFIX):
        return None
    key = src.removeprefix(CHART_PREFIX)
    return key if CHART_KEY.fullmatch(key) else None


def _chart_of(charts: Charts | None, src: str) -> Mapping[str, Any] | None:
    """The chart a `chart:<key>` image names, when the figures carry one with a spec."""
    key = _chart_key(src)
    if key is None or not charts:
        return None
    chart = charts.get(key)
    if not isinstance(chart, Mapping) or not isinstance(chart.get("spec"), Mapping):
        return None
    return chart


# HTML


def _absolute(href: str) -> str:
    """A link into the application, made absolute when the site's address is known."""
    base = str(getattr(settings, "ENLACE_BASE_URL", "") or "").rstrip("/")
    if base and href.startswith("/") and not href.startswith("//"):
        return base + href
    return href


def _is_external(href: str) -> bool:
    return href.lower().startswith(("http://", "https://", "mailto:"))


def _rewrite_links(
    fragment: str, *, audience: str, absolute: bool, figure_url: FigureUrl | None = None
) -> str:
    """A public report keeps no link into the application (its text stays); an internal file
    points its links at the site when ENLACE_BASE_URL is set. A figure link goes to its records
    page when `figure_url` knows the ref (the in-app view, whatever the audience: the page
    shows the viewer only what they may see); otherwise it is its text."""

    def replace(match: re.Match[str]) -> str:
        attributes, inner = match.group(1) or "", match.group(2)
        found = _HREF_ATTRIBUTE.search(attributes)
        href = html_lib.unescape(found.group(1)) if found else ""
        if href.startswith(FIGURE_PREFIX):
            ref = _figure_ref(href)
            target = figure_url(ref) if figure_url is not None and ref is not None else ""
            if not target:
                return inner
            new = html_lib.escape(target, quote=True)
            return f'<a href="{new}" class="figure-link">{inner}</a>'
        if audience == "public" and not _is_external(href):
            return inner
        if absolute and found:
            new = html_lib.escape(_absolute(href), quote=True)
            attributes = attributes.replace(found.group(0), f' href="{new}"', 1)
        return f"<a{attributes}>{inner}</a>"

    return _ANCHOR.sub(replace, fragment)


def to_fragment(
    markdown: str,
    *,
    audience: str = "internal",
    charts: Charts | None = None,
    figure_url: FigureUrl | None = None,
) -> str:
    """The sanitised HTML of a report's body, for the in-app preview (no <style>: the page's
    CSP forbids inline styles, and the page's own CSS applies). Figure links point at
    `figure_url(ref)` ("" for an unknown ref: the link becomes its text)."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience: {audience!r}")
    return _fragment(
        markdown,
        audience=audience,
        absolute=False,
        styles=False,
        charts=charts,
        figure_url=figure_url,
    )


def _document_spec(chart: Mapping[str, Any]) -> dict[str, Any]:
    """The chart's Vega-Lite spec in the documents' font. vl-convert is called here, as
    enlace.web.charts.render_svg does it, because the domain layers may not import the web
    layer (import-linter); it fetches nothing (no base URL is allowed)."""
    spec = dict(chart["spec"])
    spec["config"] = {**dict(spec.get("config") or {}), "font": DOCUMENT_FONT}
    return spec


def _svg(chart: Mapping[str, Any]) -> str:
    """The chart's SVG as vl-convert draws it, or "" when it cannot be drawn or is not the
    plain SVG vl-convert writes (no script, no link, no foreign element can pass)."""
    import vl_convert

    try:
        svg = str(vl_convert.vegalite_to_svg(_document_spec(chart), allowed_base_urls=[])).strip()
    except Exception:  # a chart that cannot be drawn shows its title instead
        return ""
    if not svg.startswith("<svg") or _SVG_UNSAFE.search(svg):
        return ""
    if any(tag not in _SVG_TAGS for tag in _SVG_TAG.findall(svg)):
        return ""
    return svg


def _chart_figure(chart: Mapping[str, Any], alt: str) -> str:
    """A chart as a figure: its SVG, named by its title and captioned by its description."""
    svg = _svg(chart)
    title = clean_text(str(chart.get("title") or alt)).strip()
    if not svg:
        return f"<p><em>{html_lib.escape(title)}</em></p>\n"
    # The SVG draws the title; the caption says what the chart shows (the description names
    # it already), or the title when there is no description.
    description = clean_text(str(chart.get("description") or "")).strip()
    caption = html_lib.escape(description or title)
    # The SVG's own labels are aria-hidden by vl-convert except the marks; the caption names it.
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{html_lib.escape(title)}" ', 1)
    return f'<figure class="report-chart">\n{svg}\n<figcaption>{caption}</figcaption>\n</figure>\n'


def _alt_text(token: Token) -> str:
    return "".join(child.content for child in token.children or [] if child.content) or str(
        token.content or ""
    )


def _place_charts(tokens: list[Token], charts: Charts | None) -> tuple[list[Token], list[str]]:
    """Tokens with every chart paragraph (a `chart:` image alone on its line, with a chart in
    `charts`) replaced by a placeholder paragraph, and the figures' HTML in order; any other
    `chart:` image becomes its alt text in italics."""
    figures: list[str] = []
    nonce = secrets.token_hex(8)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        children = [
            c for c in token.children or [] if not (c.type == "text" and not c.content.strip())
        ]
        if (
            token.type == "inline"
            and len(children) == 1
            and children[0].type == "image"
            and index > 0
            and tokens[index - 1].type == "paragraph_open"
        ):
            image = children[0]
            chart = _chart_of(charts, str(image.attrGet("src") or ""))
            if chart is not None:
                # A placeholder only we can write (the nonce), swapped for the SVG after nh3.
                marker = Token("text", "", 0, content=f"enlace-chart-{nonce}-{len(figures)}")
                token.children = [marker]
                figures.append(_chart_figure(chart, _alt_text(image)))
        for child_index, child in enumerate(token.children or []):
            if child.type == "image" and str(child.attrGet("src") or "").startswith(CHART_PREFIX):
                assert token.children is not None  # noqa: S101 - iterating them
                token.children[child_index : child_index + 1] = _italic(_alt_text(child))
        index += 1
    if figures:
        tokens.append(Token("enlace_nonce", "", 0, content=nonce))
    return tokens, figures


def _italic(text: str) -> list[Token]:
    if not text:
        return []
    return [
        Token("em_open", "em", 1, markup="*"),
        Token("text", "", 0, content=text),
        Token("em_close", "em", -1, markup="*"),
    ]


def _fragment(
    markdown: str,
    *,
    audience: str,
    absolute: bool,
    styles: bool,
    charts: Charts | None = None,
    figure_url: FigureUrl | None = None,
) -> str:
    text = clean_text(markdown)
    if not text.strip():
        return ""
    attributes = {tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()}
    if not styles:
        attributes.pop("td")
        attributes.pop("th")
    env: dict[str, Any] = {}
    tokens, figures = _place_charts(_renderer.parse(text, env), charts)
    nonce = tokens.pop().content if figures else ""
    cleaned = nh3.clean(
        _renderer.renderer.render(tokens, _renderer.options, env),
        tags=set(ALLOWED_TAGS),
        attributes=attributes,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel="noopener noreferrer nofollow",
    )
    body = _rewrite_links(cleaned, audience=audience, absolute=absolute, figure_url=figure_url)
    for number, figure in enumerate(figures):
        body = body.replace(f"<p>enlace-chart-{nonce}-{number}</p>\n", figure, 1)
    return body


def _banner(*, audience: str, reviewed: bool) -> str:
    if audience == "public" and not reviewed:
        return _("Public draft, not yet reviewed: check names, figures and wording before sharing.")
    return ""


def to_html(
    markdown: str,
    *,
    title: str,
    language: str,
    audience: str,
    reviewed: bool = False,
    charts: Charts | None = None,
) -> str:
    """A complete, print-friendly HTML document with its CSS inline (fine for a downloaded
    file; the in-app preview uses `to_fragment`). A public draft carries a banner until it is
    reviewed. Charts are inline SVG; figure links are their text."""
    _check(audience=audience, language=language)
    with translation.override(language):
        body = _fragment(markdown, audience=audience, absolute=True, styles=True, charts=charts)
    with translation.override(language):
        banner = _banner(audience=audience, reviewed=reviewed)
    banner_html = f'<p class="banner">{html_lib.escape(banner)}</p>\n' if banner else ""
    return (
        "<!doctype html>\n"
        f'<html lang="{html_lib.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_lib.escape(clean_text(title).strip())}</title>\n"
        f'<meta name="enlace-audience" content="{html_lib.escape(audience)}">\n'
        f"<style>\n{CSS}\n</style>\n</head>\n<body>\n{banner_html}<article>\n{body}</article>\n"
        "</body>\n</html>\n"
    )


# PDF


def to_pdf(
    markdown: str,
    *,
    title: str,
    language: str,
    audience: str,
    reviewed: bool = False,
    charts: Charts | None = None,
) -> bytes:
    """The HTML document printed by WeasyPrint: A4, system fonts, nothing fetched (the charts
    are inline SVG, which WeasyPrint draws itself)."""

    document = to_html(
        markdown,
        title=title,
        language=language,
        audience=audience,
        reviewed=reviewed,
        charts=charts,
    )
    return html_to_pdf(document)


# Word


@dataclass
class _Span:
    text: str
    bold: bool = False
    italic: bool = False
    strike: bool = False
    code: bool = False


@dataclass
class _ListState:
    ordered: bool
    start: int
    num_id: int | None = None
    items: list[int] = field(default_factory=list)


def _spans(children: Sequence[Token], *, audience: str) -> list[_Span]:
    """An inline token run as text spans; a link becomes its text and, after it, its address."""
    spans: list[_Span] = []
    bold = italic = strike = False
    hrefs: list[str] = []
    link_text: list[str] = []
    for token in children:
        kind = token.type
        if kind == "text":
            spans.append(_Span(token.content, bold, italic, strike))
            if hrefs:
                link_text.append(token.content)
        elif kind == "code_inline":
            spans.append(_Span(token.content, bold, italic, strike, code=True))
            if hrefs:
                link_text.append(token.content)
        elif kind in {"softbreak", "hardbreak"}:
            spans.append(_Span("\n" if kind == "hardbreak" else " ", bold, italic, strike))
        elif kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind == "s_open":
            strike = True
        elif kind == "s_close":
            strike = False
        elif kind == "link_open":
            hrefs.append(str(token.attrGet("href") or ""))
            link_text = []
        elif kind == "link_close" and hrefs:
            href = hrefs.pop()
            shown = "".join(link_text).strip()
            if href.startswith(FIGURE_PREFIX):
                continue  # a figure's records are in the application, not in the file
            keep = _is_external(href) or (audience == "internal" and href)
            if keep:
                address = _absolute(href).removeprefix("mailto:")
                if address != shown:
                    spans.append(_Span(f" ({address})", bold, italic, strike))
        elif kind == "image":
            # No fetched images: the alternative text stands in (in italics for a chart that
            # is not drawn here).
            chart = str(token.attrGet("src") or "").startswith(CHART_PREFIX)
            spans.append(_Span(_alt_text(token), bold, italic or chart, strike))
    return spans


def _png(chart: Mapping[str, Any]) -> bytes:
    """The chart as a PNG for Word (twice the pixels, for print), in the documents' font;
    b"" when it cannot be drawn."""
    import vl_convert

    try:
        png: bytes = vl_convert.vegalite_to_png(
            _document_spec(chart), scale=PNG_SCALE, allowed_base_urls=[]
        )
    except Exception:  # a chart that cannot be drawn shows its title instead
        return b""
    return png


def _add_runs(paragraph: Any, spans: Sequence[_Span]) -> None:
    for span in spans:
        if span.text == "\n":
            paragraph.add_run().add_break()
            continue
        run = paragraph.add_run(span.text)
        run.bold = span.bold or None
        run.italic = span.italic or None
        if span.strike:
            run.font.strike = True
        if span.code:
            run.font.name = "DejaVu Sans Mono"


def _restarted_numbering(document: Any, *, start: int) -> int:
    """A new Word numbering instance of the "List Number" style starting at `start`, so that
    each numbered list counts from its own first number instead of continuing the last one."""
    style = document.styles["List Number"]
    num_pr = style.element.pPr.numPr
    numbering = document.part.numbering_part.element
    abstract_id = numbering.num_having_numId(num_pr.numId.val).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return int(num.numId)


def _set_numbering(paragraph: Any, num_id: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def _set_language(document: Any, language: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tag = {"en": "en-GB", "es": "es-ES"}.get(language, language)
    r_pr = document.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), tag)
    r_pr.append(lang)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


class _WordWriter:
    """Walks markdown-it's block tokens and writes Word paragraphs, lists and tables."""

    def __init__(self, document: Any, *, audience: str, charts: Charts | None = None) -> None:
        self.document = document
        self.audience = audience
        self.charts = charts
        self.lists: list[_ListState] = []
        self.quote_depth = 0

    def write(self, tokens: Sequence[Token]) -> None:
        index = 0
        while index < len(tokens):
            index = self._block(tokens, index)

    def _paragraph_style(self) -> str:
        if self.lists:
            state = self.lists[-1]
            depth = min(len(self.lists), 3)
            base = "List Number" if state.ordered else "List Bullet"
            return base if depth == 1 else f"{base} {depth}"
        if self.quote_depth:
            return "Quote"
        return "Normal"

    def _picture(self, token: Token) -> bool:
        """A chart alone in its paragraph, as a Word picture with a caption; False when the
        paragraph is anything else or the chart cannot be drawn."""
        children = [
            c for c in token.children or [] if not (c.type == "text" and not c.content.strip())
        ]
        if self.lists or len(children) != 1 or children[0].type != "image":
            return False
        chart = _chart_of(self.charts, str(children[0].attrGet("src") or ""))
        png = _png(chart) if chart is not None else b""
        if chart is None or not png:
            return False
        from docx.shared import Cm

        title = clean_text(str(chart.get("title") or _alt_text(children[0]))).strip()
        description = clean_text(str(chart.get("description") or "")).strip()
        paragraph = self.document.add_paragraph()
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(DOCX_CHART_WIDTH_CM))
        # Word reads a picture's alternative text from its docPr.
        shape._inline.docPr.set("title", title)
        shape._inline.docPr.set("descr", description or title)
        self.document.add_paragraph(description or title, style="Caption")
        return True

    def _inline_paragraph(self, token: Token) -> None:
        if self._picture(token):
            return
        style = self._paragraph_style()
        state = self.lists[-1] if self.lists else None
        if state is not None and state.items and state.items[-1] > 0:
            # A second paragraph in the same list item: continue it without a new number.
            style = (
                "List Continue"
                if len(self.lists) == 1
                else f"List Continue {min(3, len(self.lists))}"
            )
        paragraph = self.document.add_paragraph(style=style)
        if state is not None and state.ordered and len(self.lists) == 1 and style == "List Number":
            if state.num_id is None:
                state.num_id = _restarted_numbering(self.document, start=state.start)
            _set_numbering(paragraph, state.num_id)
        if state is not None and state.items:
            state.items[-1] += 1
        _add_runs(paragraph, _spans(token.children or [], audience=self.audience))

    def _block(self, tokens: Sequence[Token], index: int) -> int:
        token = tokens[index]
        kind = token.type
        if kind == "heading_open":
            level = int(token.tag[1])
            paragraph = self.document.add_paragraph(style=f"Heading {level}")
            _add_runs(paragraph, _spans(tokens[index + 1].children or [], audience=self.audience))
            return index + 3
        if kind == "inline":
            self._inline_paragraph(token)
        elif kind in {"bullet_list_open", "ordered_list_open"}:
            ordered = kind == "ordered_list_open"
            start = int(token.attrGet("start") or 1) if ordered else 1
            self.lists.append(_ListState(ordered=ordered, start=start))
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            self.lists.pop()
        elif kind == "list_item_open":
            self.lists[-1].items.append(0)
        elif kind == "blockquote_open":
            self.quote_depth += 1
        elif kind == "blockquote_close":
            self.quote_depth -= 1
        elif kind in {"fence", "code_block"}:
            paragraph = self.document.add_paragraph(style=self._paragraph_style())
            # python-docx turns the newlines of a run's text into Word line breaks.
            _add_runs(paragraph, [_Span(token.content.rstrip("\n"), code=True)])
        elif kind == "hr":
            self.document.add_paragraph("\u2014" * 3)
        elif kind == "table_open":
            return self._table(tokens, index)
        return index + 1

    def _table(self, tokens: Sequence[Token], index: int) -> int:
        rows: list[list[tuple[list[_Span], str | None]]] = []
        header_rows = 0
        in_head = False
        index += 1
        while tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                rows.append([])
                header_rows += 1 if in_head else 0
            elif token.type in {"th_open", "td_open"}:
                align = str(token.attrGet("style") or "").removeprefix("text-align:") or None
                inline = tokens[index + 1]
                spans = _spans(inline.children or [], audience=self.audience)
                rows[-1].append((spans, align))
                index += 2
            index += 1
        columns = max((len(row) for row in rows), default=0)
        if not rows or not columns:
            return index + 1
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        alignments = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
        }
        table = self.document.add_table(rows=len(rows), cols=columns)
        table.style = self.document.styles["Table Grid"]
        for row_index, row in enumerate(rows):
            header = row_index < header_rows
            if header:
                _repeat_header(table.rows[row_index])
            for column, (spans, align) in enumerate(row):
                paragraph = table.cell(row_index, column).paragraphs[0]
                if header:
                    spans = [_Span(s.text, True, s.italic, s.strike, s.code) for s in spans]
                _add_runs(paragraph, spans)
                if align in alignments:
                    paragraph.alignment = alignments[align]
        # Word runs two tables together unless a paragraph separates them.
        self.document.add_paragraph()
        return index + 1


def to_docx(
    markdown: str,
    *,
    title: str,
    language: str,
    audience: str,
    reviewed: bool = False,
    charts: Charts | None = None,
) -> bytes:
    """A Word document written from the Markdown's tokens: headings as Word headings, lists as
    Word lists, tables as Word tables, charts as pictures with a caption, links as their text
    followed by the address (figure links as their text only)."""
    import docx

    _check(audience=audience, language=language)
    document = docx.Document()
    properties = document.core_properties
    properties.title = clean_text(title).strip()[:255]
    properties.language = language
    properties.author = ""
    properties.comments = ""
    _set_language(document, language)
    with translation.override(language):
        banner = _banner(audience=audience, reviewed=reviewed)
    if banner:
        document.add_paragraph(style="Intense Quote").add_run(banner).bold = True
    with translation.override(language):
        writer = _WordWriter(document, audience=audience, charts=charts)
        writer.write(_renderer.parse(clean_text(markdown)))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
