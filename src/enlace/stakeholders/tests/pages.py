"""Helpers for the page tests: a signed-in client, workspace URLs, a form's current data, and
a small registry to look at."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.test import Client
from django.urls import reverse

from enlace.core.models import Workspace
from enlace.core.scoping import Scope
from enlace.stakeholders import services
from enlace.stakeholders.forms import RegistryForm
from enlace.stakeholders.tests import factories


def client_for(scope: Scope) -> Client:
    client = Client()
    client.force_login(scope.user)
    return client


def url(where: Scope | Workspace, name: str, *args: Any) -> str:
    workspace = where.workspace if isinstance(where, Scope) else where
    return reverse(f"web:{name}", args=[workspace.slug, *args])


def form_data(form: RegistryForm, **overrides: Any) -> dict[str, Any]:
    """What a browser would post for `form` as rendered, with `overrides` typed in."""
    data: dict[str, Any] = {}
    for field in form:
        value = field.value()
        if field.widget_type == "checkbox":
            if value:
                data[field.html_name] = "on"
            continue
        data[field.html_name] = "" if value is None else str(value)
    for name, value in overrides.items():
        if value is False:
            data.pop(name, None)
        elif value is True:
            data[name] = "on"
        else:
            data[name] = value
    return data


def edit_data(scope: Scope, record: Any, **overrides: Any) -> dict[str, Any]:
    from enlace.stakeholders.views.types import record_type_of

    form = record_type_of(record).form_class(scope=scope, instance=record)
    return form_data(form, **overrides)


def text(response: Any) -> str:
    return str(response.content.decode())


def reload(record: Any) -> Any:
    """The stored row, trash included; None once purged."""
    try:
        return type(record).all_objects.get(pk=record.pk)
    except ObjectDoesNotExist:
        return None


def small_registry(editor: Scope) -> dict[str, Any]:
    """A small registry: an NHRI with a unit, a person, a roundtable and a relationship."""
    nhri = factories.organization(
        editor, name="Instituto Nacional de Derechos Humanos", acronym="INDH", country="CL"
    )
    unit = factories.organization(editor, name="Unidad de Protección", parent=nhri)
    ministry = factories.organization(editor, name="Ministerio del Interior", kind="government")
    person = factories.person(
        editor,
        full_name="Catalina Ibáñez",
        organization=nhri,
        may_contact=True,
        consent_date=dt.date(2025, 3, 14),
        consent_method="written",
    )
    body = factories.coordination_body(
        editor, name="Mesa Intersectorial sobre Trata", chair_organization=ministry
    )
    services.body_membership_add(
        scope=editor,
        body=body,
        data={"organization": nhri, "role": "member", "start_date": dt.date(2024, 5, 2)},
    )
    rel = factories.relationship(
        editor, from_organization=nhri, to_organization=ministry, kind="mou"
    )
    return {
        "organization": nhri,
        "unit": unit,
        "ministry": ministry,
        "person": person,
        "body": body,
        "relationship": rel,
    }


RECORD_KINDS = ["organization", "person", "body", "relationship"]
