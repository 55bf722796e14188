"""Markdown notes to safe HTML: markdown-it renders (raw HTML off), nh3 keeps a short allow-list."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

# Raw HTML is off so `<script>` stays text; nh3 is the second wall for whatever the renderer
# emits (links with unsafe schemes, attributes), so neither alone has to be perfect.
_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

ALLOWED_TAGS = frozenset(
    {
        "a",
        "blockquote",
        "br",
        "code",
        "em",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def render_markdown(text: str) -> str:
    """Sanitised HTML for a user's Markdown text; images and raw HTML never survive."""
    if not text:
        return ""
    html = _renderer.render(text)
    # Notes sit under the page's own h1/h2, so their headings start at h3.
    for level in (2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 2}>").replace(
            f"</h{level}>", f"</h{level + 2}>"
        )
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )
