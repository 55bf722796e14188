"""History pages of an engagement (with its parts' changes) and of a follow-up, as people read
them: field labels, choice names, records by name."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.engagements import history, selectors
from enlace.engagements.forms import AUDIENCE_CATEGORIES
from enlace.engagements.models import (
    Attachment,
    AudienceCount,
    AudienceDimension,
    EngagementLink,
    Outcome,
    Participant,
    ReachReading,
)
from enlace.engagements.views.common import page_url
from enlace.stakeholders.views.base import render_page
from enlace.stakeholders.views.history import EMPTY, display, field_label
from enlace.web.scoping import workspace_view

TEMPLATE = "engagements/history.html"


def _name(names: history.Names, model: Any, value: Any) -> str:
    return names.get((model, value), _("(not available)"))


def _value(model: Any, name: str, value: Any, names: history.Names) -> str:
    field = model._meta.get_field(name)
    if field.is_relation and value not in (None, ""):
        return _name(names, field.related_model, value)
    return display(model, name, value)


def _part_name(entry: dict[str, Any], names: history.Names) -> str:
    """The part as its engagement's page names it: "Ministerio del Trabajo (Speaker)"."""
    row, model = entry["row"], entry["model"]
    if model is Participant:
        for name in ("person", "organization", "coordination_body", "member"):
            value = getattr(row, f"{name}_id")
            if value is not None:
                target = _name(names, model._meta.get_field(name).related_model, value)
                return f"{target} ({row.get_role_display()})"
        return str(row.get_role_display())
    if model is Outcome:
        return str(row.statement)
    if model is EngagementLink:
        return str(row.label)
    if model is Attachment:
        return str(row.original_name)
    if model is AudienceCount:
        categories = dict(AUDIENCE_CATEGORIES.get(row.dimension, []))
        category = categories.get(row.category, row.category)
        dimension = AudienceDimension(row.dimension).label if row.dimension else ""
        return f"{dimension}, {category}: {formats.localize(row.count)}"
    if model is ReachReading:
        return _("%(metric)s: %(value)s as of %(date)s") % {
            "metric": row.get_metric_display(),
            "value": formats.localize(row.value),
            "date": formats.date_format(row.as_of),
        }
    return str(row)


def _action(entry: dict[str, Any], names: history.Names, *, own: Any) -> str:
    if entry["model"] is own:
        reasons = {"deleted": _("Moved to the trash"), "restored": _("Restored from the trash")}
        kinds = {"+": _("Created"), "~": _("Changed"), "-": _("Removed")}
        return reasons.get(entry["reason"]) or kinds.get(entry["type"], entry["type"])
    part = capfirst(entry["model"]._meta.verbose_name)
    templates = {
        "added": _("%(part)s added: %(name)s"),
        "removed": _("%(part)s removed: %(name)s"),
        "restored": _("%(part)s restored: %(name)s"),
        "changed": _("%(part)s changed: %(name)s"),
    }
    return templates[entry["event"]] % {"part": part, "name": _part_name(entry, names)}


def present(found: dict[str, Any], *, own: Any) -> list[dict[str, Any]]:
    """history.engagement_history / follow_up_history entries with readable labels and values;
    `own` is the page's model (its entries carry a version, its parts' do not)."""
    names = found["names"]
    rows = []
    for entry in found["entries"]:
        user = entry["user"]
        model = entry["model"]
        rows.append(
            {
                "at": entry["at"],
                "user": str(user) if user is not None else _("System"),
                "action": _action(entry, names, own=own),
                "version": entry["version"] if model is own else None,
                "changes": [
                    {
                        "label": field_label(model, change["field"]),
                        "old": _value(model, change["field"], change["old"], names) or EMPTY,
                        "new": _value(model, change["field"], change["new"], names) or EMPTY,
                    }
                    for change in entry["changes"]
                ],
            }
        )
    return rows


@workspace_view
def engagement_history(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.VIEW_HISTORY)
    record = selectors.engagement_get(scope=scope, id=pk)
    found = history.engagement_history(scope=scope, engagement=record)
    return render_page(
        request,
        TEMPLATE,
        {
            "record": record,
            "back_url": page_url(scope, "engagement_detail", record.pk),
            "entries": present(found, own=type(record)),
        },
    )


@workspace_view
def follow_up_history(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.VIEW_HISTORY)
    record = selectors.follow_up_get(scope=scope, id=pk)
    found = history.follow_up_history(scope=scope, follow_up=record)
    engagement = record.engagement
    if engagement is not None and engagement.deleted_at is None:
        back = page_url(scope, "engagement_detail", engagement.pk)
    else:
        back = page_url(scope, "follow_up_list")
    return render_page(
        request,
        TEMPLATE,
        {
            "record": record,
            "back_url": back,
            "entries": present(found, own=type(record)),
        },
    )
