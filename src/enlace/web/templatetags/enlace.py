"""Template helpers every page uses: sanitised Markdown, role checks, dictionary look-ups."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.web.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> SafeString:
    # render_markdown has sanitised the HTML; marking it safe is what lets it render at all.
    return mark_safe(render_markdown(text or ""))  # noqa: S308 - nh3-sanitised above


@register.filter
def can(scope: Scope | None, action: str) -> bool:
    """`{% if scope|can:"record.create" %}`: the same permission table the services read."""
    if scope is None:
        return False
    return scope.can(Action(action))


@register.filter(name="get")
def get_item(mapping: Mapping[str, Any] | None, key: str) -> Any:
    if not mapping:
        return None
    return mapping.get(key)
