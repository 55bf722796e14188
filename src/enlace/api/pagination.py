"""One pagination for every list endpoint: ?page=&page_size=, a count, and next/previous."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Schema

from enlace.core.errors import ValidationError

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
PAGINATION_PARAMS = frozenset({"page", "page_size"})


class PageMeta(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    next: int | None
    previous: int | None


def check_query_params(request: HttpRequest, allowed: Iterable[str]) -> None:
    """Unknown query parameters are refused, not silently ignored."""
    unknown = sorted(set(request.GET) - set(allowed) - PAGINATION_PARAMS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "Unknown query parameter."))


def _int_param(request: HttpRequest, name: str, default: int) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValidationError({name: "Must be a whole number."}) from exc
    if value < 1:
        raise ValidationError({name: "Must be 1 or more."})
    return value


def paginate(
    request: HttpRequest,
    queryset: QuerySet[Any] | Sequence[Any],
    serialize: Callable[[Any], T],
    prepare: Callable[[list[Any]], object] | None = None,
) -> dict[str, Any]:
    """One page of `queryset` (or of a list a selector already ordered).

    `prepare` sees the page's rows before they are serialised, to read what they show for the
    whole page at once (the latest reach readings) instead of once a row.
    """
    page = _int_param(request, "page", 1)
    page_size = min(_int_param(request, "page_size", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
    count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    pages = max(1, -(-count // page_size))
    if page > pages:
        raise ValidationError({"page": f"There are {pages} page(s)."})
    start = (page - 1) * page_size
    rows = list(queryset[start : start + page_size])
    if prepare is not None:
        prepare(rows)
    items = [serialize(obj) for obj in rows]
    return {
        "items": items,
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": pages,
        "next": page + 1 if page < pages else None,
        "previous": page - 1 if page > 1 else None,
    }
