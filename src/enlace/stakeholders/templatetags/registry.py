"""Template helpers of the registry pages: a record's URL and its kind, whatever its type."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from enlace.core.scoping import Scope
from enlace.stakeholders.models import CoordinationBody, Organization, Person, Relationship

register = template.Library()

_URL_PREFIXES: dict[type[Any], str] = {
    Organization: "organization",
    Person: "person",
    CoordinationBody: "body",
    Relationship: "relationship",
}


@register.simple_tag
def record_url(scope: Scope, record: Any, action: str = "detail") -> str:
    """`{% record_url scope record "edit" %}` for any registry record."""
    prefix = _URL_PREFIXES[type(record)]
    return reverse(f"web:{prefix}_{action}", args=[scope.workspace.slug, record.pk])


@register.filter
def record_kind(record: Any) -> str:
    return str(record._meta.verbose_name)
