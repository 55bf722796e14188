"""The records behind one figure of a report: a trace entry's ids resolved, through each app's
scoped selector, into what this viewer may open.

A report stores, for every figure it states, the ids of the records it counts (figures["trace"]).
Those ids were read with the author's rights; the person following the link may have fewer (a
partner, an editor who may not see people with lived experience), and records move to the trash
after the report was written. So every id is looked up again as the viewer: the visible ones are
listed with their in-app address, the others are only counted, never named. Each kind costs at
most two queries, whatever the number of ids.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enlace.core.scoping import Scope
from enlace.engagements.models import AudienceCount, AudienceDimension, ReachReading
from enlace.engagements.selectors import engagement_queryset, follow_up_queryset
from enlace.learning.selectors.records import enrollment_queryset
from enlace.partnerships.selectors.agreements import agreement_queryset
from enlace.partnerships.selectors.opportunities import opportunity_queryset
from enlace.stakeholders.models import Discipline, Sex
from enlace.stakeholders.selectors import organization_queryset, person_queryset

# The kinds a trace names, in the order a records page lists them.
KINDS = (
    "engagement",
    "person",
    "organization",
    "enrollment",
    "opportunity",
    "agreement",
    "follow_up",
    "reach_reading",
    "audience_count",
)
KIND_TITLES = {
    "engagement": gettext_lazy("Engagements"),
    "person": gettext_lazy("People"),
    "organization": gettext_lazy("Organisations"),
    "enrollment": gettext_lazy("Enrolments"),
    "opportunity": gettext_lazy("Opportunities"),
    "agreement": gettext_lazy("Agreements"),
    "follow_up": gettext_lazy("Follow-ups"),
    "reach_reading": gettext_lazy("Reach readings"),
    "audience_count": gettext_lazy("Audience counts"),
}


@dataclass(frozen=True)
class _Kind:
    """How to read one kind as the viewer: its live rows, its rows in the trash (both already
    limited to what the viewer may see), and how to show one row."""

    live: Callable[[Scope], QuerySet[Any]]
    trashed: Callable[[Scope], QuerySet[Any]]
    show: Callable[[Scope, Any], dict[str, str]]


def _url(scope: Scope, name: str, *args: Any) -> str:
    return reverse(f"web:{name}", args=[scope.workspace.slug, *args])


def _day(value: Any) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def _engagement_url(scope: Scope, engagement: Any) -> str:
    """The engagement's page, unless it is in the trash (its page would not be found)."""
    if engagement is None or engagement.deleted_at is not None:
        return ""
    return _url(scope, "engagement_detail", engagement.pk)


def _show_engagement(scope: Scope, row: Any) -> dict[str, str]:
    return {
        "label": row.title,
        "detail": f"{row.get_kind_display()} · {_day(row.start_date)}",
        "url": _url(scope, "engagement_detail", row.pk),
    }


def _show_person(scope: Scope, row: Any) -> dict[str, str]:
    parts = [row.position, row.organization.name if row.organization_id else ""]
    return {
        "label": row.full_name,
        "detail": ", ".join(p for p in parts if p),
        "url": _url(scope, "person_detail", row.pk),
    }


def _show_organization(scope: Scope, row: Any) -> dict[str, str]:
    return {
        "label": row.name,
        "detail": str(row.get_kind_display()) if row.kind else "",
        "url": _url(scope, "organization_detail", row.pk),
    }


def _show_enrollment(scope: Scope, row: Any) -> dict[str, str]:
    return {
        "label": row.person.full_name,
        "detail": f"{row.training.engagement.title} · {row.get_status_display()}",
        "url": _url(scope, "learning_participant", row.person_id),
    }


def _show_opportunity(scope: Scope, row: Any) -> dict[str, str]:
    return {
        "label": row.title,
        "detail": f"{row.counterpart_organization.name} · {row.get_stage_display()}",
        "url": _url(scope, "partnerships_opportunity_detail", row.pk),
    }


def _show_agreement(scope: Scope, row: Any) -> dict[str, str]:
    return {
        "label": row.title,
        "detail": str(row.get_kind_display()),
        "url": _url(scope, "partnerships_agreement_detail", row.pk),
    }


def _show_follow_up(scope: Scope, row: Any) -> dict[str, str]:
    due = _("due %(day)s") % {"day": _day(row.due_date)} if row.due_date else ""
    parts = [row.engagement.title if row.engagement_id else "", due]
    return {
        "label": row.title,
        "detail": " · ".join(p for p in parts if p),
        "url": _engagement_url(scope, row.engagement if row.engagement_id else None),
    }


def _show_reach(scope: Scope, row: Any) -> dict[str, str]:
    return {
        "label": _("%(measure)s: %(value)s, as of %(day)s")
        % {
            "measure": row.get_metric_display(),
            "value": formats.number_format(row.value, force_grouping=True),
            "day": _day(row.as_of),
        },
        "detail": row.engagement.title,
        "url": _engagement_url(scope, row.engagement),
    }


_CATEGORY_LABELS = {
    AudienceDimension.DISCIPLINE: dict(Discipline.choices),
    AudienceDimension.SEX: dict(Sex.choices),
}


def _show_audience(scope: Scope, row: Any) -> dict[str, str]:
    category = _CATEGORY_LABELS.get(row.dimension, {}).get(row.category, row.category)
    return {
        "label": _("%(dimension)s, %(category)s: %(count)s")
        % {
            "dimension": row.get_dimension_display(),
            "category": category,
            "count": formats.number_format(row.count, force_grouping=True),
        },
        "detail": row.engagement.title,
        "url": _engagement_url(scope, row.engagement),
    }


def _part_of_visible_engagement(model: type[Model], *, deleted: bool) -> Callable[..., Any]:
    """Audience counts and reach readings have no selector of their own: they are visible with
    their engagement."""

    def read(scope: Scope) -> QuerySet[Any]:
        manager = model.all_objects if deleted else model.objects  # type: ignore[attr-defined]
        qs: QuerySet[Any] = scope.filter(manager.all())
        if deleted:
            qs = qs.filter(deleted_at__isnull=False)
        visible = engagement_queryset(scope).values("pk")
        return qs.filter(engagement_id__in=visible).select_related("engagement")

    return read


_KINDS: dict[str, _Kind] = {
    "engagement": _Kind(
        live=engagement_queryset,
        trashed=lambda scope: engagement_queryset(scope, deleted=True),
        show=_show_engagement,
    ),
    "person": _Kind(
        # person_queryset hides people with lived experience from whoever may not see them.
        live=lambda scope: person_queryset(scope).select_related("organization"),
        trashed=lambda scope: person_queryset(scope, deleted=True),
        show=_show_person,
    ),
    "organization": _Kind(
        live=organization_queryset,
        trashed=lambda scope: organization_queryset(scope, deleted=True),
        show=_show_organization,
    ),
    "enrollment": _Kind(
        live=lambda scope: enrollment_queryset(scope).select_related(
            "person", "training__engagement"
        ),
        trashed=lambda scope: enrollment_queryset(scope, deleted=True),
        show=_show_enrollment,
    ),
    "opportunity": _Kind(
        live=lambda scope: opportunity_queryset(scope).select_related("counterpart_organization"),
        trashed=lambda scope: opportunity_queryset(scope, deleted=True),
        show=_show_opportunity,
    ),
    "agreement": _Kind(
        live=agreement_queryset,
        trashed=lambda scope: agreement_queryset(scope, deleted=True),
        show=_show_agreement,
    ),
    "follow_up": _Kind(
        live=lambda scope: follow_up_queryset(scope).select_related("engagement"),
        trashed=lambda scope: follow_up_queryset(scope, deleted=True),
        show=_show_follow_up,
    ),
    "reach_reading": _Kind(
        live=_part_of_visible_engagement(ReachReading, deleted=False),
        trashed=_part_of_visible_engagement(ReachReading, deleted=True),
        show=_show_reach,
    ),
    "audience_count": _Kind(
        live=_part_of_visible_engagement(AudienceCount, deleted=False),
        trashed=_part_of_visible_engagement(AudienceCount, deleted=True),
        show=_show_audience,
    ),
}


def _uuids(values: Iterable[Any]) -> list[uuid.UUID]:
    """The ids that are UUIDs, once each, in order (anything else is simply not found)."""
    found: dict[uuid.UUID, None] = {}
    for value in values:
        try:
            found.setdefault(uuid.UUID(str(value)))
        except ValueError:
            continue
    return list(found)


def _group(scope: Scope, kind: str, ids: list[Any]) -> dict[str, Any]:
    reader = _KINDS[kind]
    wanted = _uuids(ids)
    rows = {row.pk: row for row in reader.live(scope).filter(pk__in=wanted)} if wanted else {}
    missing = [pk for pk in wanted if pk not in rows]
    trashed = reader.trashed(scope).filter(pk__in=missing).count() if missing else 0
    return {
        "kind": kind,
        "title": str(KIND_TITLES[kind]),
        "records": [{"id": str(pk), **reader.show(scope, rows[pk])} for pk in wanted if pk in rows],
        "count": len(ids),
        "trashed": trashed,
        # Not visible to this viewer (or no longer anywhere): counted, never named.
        "hidden": len(ids) - len(rows) - trashed,
    }


def figure_records(*, scope: Scope, entry: dict[str, Any]) -> dict[str, Any]:
    """One trace entry ({"label", "value", "records": {kind: [ids]}}) as the page behind a
    figure: per kind present, the records `scope` may see (label, detail, in-app URL), and how
    many of the ids are in the trash or not visible to it. At most two queries per kind (plus
    the partner's organisations, once), whatever the number of ids; unknown kinds are ignored."""
    records = entry.get("records") or {}
    groups = [
        _group(scope, kind, list(records[kind]))
        for kind in KINDS
        if isinstance(records.get(kind), list) and records[kind]
    ]
    return {
        "label": str(entry.get("label") or ""),
        "value": entry.get("value"),
        "groups": groups,
        "total": sum(group["count"] for group in groups),
    }
