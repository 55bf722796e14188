"""HTML to PDF with WeasyPrint, self-contained: the fetcher allows no protocol, so nothing a
user typed (an image or stylesheet address) is ever loaded; fonts come from the system."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Nothing outside the document is ever loaded (WeasyPrint before 66 takes a function)."""
    raise ValueError(f"external resources are not allowed: {url[:60]}")


def _fetcher() -> Callable[..., Any]:
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # pragma: no cover - WeasyPrint < 66
        return _no_fetch
    fetcher: Callable[..., Any] = URLFetcher(allowed_protocols=frozenset())
    return fetcher


def html_to_pdf(html: str) -> bytes:
    """The PDF of a complete HTML document that carries everything it shows."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, url_fetcher=_fetcher()).write_pdf()
    return pdf
