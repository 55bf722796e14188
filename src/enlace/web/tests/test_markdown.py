"""Markdown notes become a short allow-list of HTML: no raw HTML, scripts, images or odd links."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from enlace.web.markdown import render_markdown


def test_basic_formatting_survives():
    html = render_markdown("# Plan\n\n**bold** *it*\n\n- one\n- two\n\n[site](https://ilo.org)")
    assert "<h3>Plan</h3>" in html  # notes' headings sit below the page's own
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html
    assert "<li>one</li>" in html
    assert '<a href="https://ilo.org" rel="noopener noreferrer nofollow">site</a>' in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "![x](https://tracker.example/pixel.png)",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="javascript:alert(1)">x</a>',
        '<p style="color:red" onclick="x()">hi</p>',
    ],
)
def test_dangerous_input_is_neutralised(source):
    html = render_markdown(source)
    for tag, attrs in _elements(html):
        assert tag not in {"script", "img", "style", "iframe"}, html
        for name, value in attrs:
            assert not name.startswith("on") and name != "style", html
            if name == "href":
                assert (value or "").lower().startswith(("http:", "https:", "mailto:")), html


def _elements(html):
    """Every element the browser would build from `html`, with its attributes."""
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


def test_empty_notes_render_nothing():
    assert render_markdown("") == ""


def test_template_filter_renders_safely():
    out = Template("{% load enlace %}{{ notes|markdown }}").render(
        Context({"notes": "**hi** <b onmouseover=x>there</b>"})
    )
    assert "<strong>hi</strong>" in out
    assert "<b " not in out and "&lt;b onmouseover=x&gt;" in out
