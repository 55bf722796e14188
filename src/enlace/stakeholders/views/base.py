"""What every registry page shares: partial rendering for htmx and the list-page plumbing."""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from enlace.stakeholders.filters import RegistryFilterSet
from enlace.stakeholders.tables import PER_PAGE, RegistryTable


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str = "",
    status: int = 200,
) -> HttpResponse:
    """The whole page, or only `template#partial` when htmx asks (and caches must tell apart)."""
    name = f"{template}#{partial}" if partial and is_htmx(request) else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def paginate(request: HttpRequest, table: RegistryTable) -> RegistryTable:
    """Sort by the table's `sort` parameter and show one page of PER_PAGE rows.

    The page size is fixed: a `per_page` parameter could otherwise ask for every row at once.
    """
    table.request = request
    order = request.GET.getlist(table.prefixed_order_by_field)
    if order:
        table.order_by = order
    try:
        table.paginate(page=request.GET.get(table.prefixed_page_field, 1), per_page=PER_PAGE)
    except PageNotAnInteger:
        table.paginate(page=1, per_page=PER_PAGE)
    except EmptyPage:
        table.paginate(page=table.paginator.num_pages, per_page=PER_PAGE)
    return table


def list_page(
    request: HttpRequest,
    *,
    filterset: RegistryFilterSet,
    table_class: type[RegistryTable],
    title: Any,
    create_url: str,
    create_label: Any,
    empty: Any,
    no_match: Any,
) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    rows = filterset.qs
    empty_text = no_match if filterset.is_filtered else empty
    table = paginate(request, table_class(rows, scope=scope, empty_text=empty_text))
    return render_page(
        request,
        "stakeholders/list.html",
        {
            "title": title,
            "filter": filterset,
            "table": table,
            "create_url": create_url,
            "create_label": create_label,
        },
        partial="results",
    )
