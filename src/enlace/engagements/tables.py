"""The engagement and follow-up lists' tables: columns, sort keys and links."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from enlace.stakeholders.tables import RegistryTable, _tags


def date_span(start: Any, end: Any) -> str:
    """One day, or the first and the last (joined by an en dash)."""
    if start is None:
        return "—"
    first = formats.date_format(start)
    if end is None or end == start:
        return first
    return f"{first} \N{EN DASH} {formats.date_format(end)}"


def place(engagement: Any) -> str:
    parts = [engagement.city, engagement.country.name if engagement.country else ""]
    return ", ".join(str(p) for p in parts if p) or "—"


class EngagementTable(RegistryTable):
    caption = _("Engagements")

    title = tables.Column(verbose_name=_("Title"), order_by=("title_key", "id"))
    kind = tables.Column(verbose_name=_("Kind"))
    start_date = tables.Column(
        verbose_name=_("Dates"), order_by=("start_date", "end_date", "id"), empty_values=()
    )
    place = tables.Column(
        verbose_name=_("Place"), accessor="pk", order_by=("country", "city"), empty_values=()
    )
    host_organization = tables.Column(
        verbose_name=_("Host"), order_by=("host_organization__name_key", "id"), empty_values=()
    )
    parent = tables.Column(
        verbose_name=_("Part of"), order_by=("parent__title_key", "id"), empty_values=()
    )
    tags = tables.Column(verbose_name=_("Tags"), orderable=False, empty_values=())

    class Meta:
        order_by_field = "sort"
        attrs: Any = {"class": "data"}

    def render_title(self, record: Any, value: Any) -> SafeString:
        return self.link("engagement_detail", record, value)

    def render_start_date(self, record: Any) -> str:
        return date_span(record.start_date, record.end_date)

    def render_place(self, record: Any) -> str:
        return place(record)

    def render_host_organization(self, record: Any) -> SafeString:
        return self.link("organization_detail", record.host_organization)

    def render_parent(self, record: Any) -> SafeString:
        return self.link("engagement_detail", record.parent)

    def render_tags(self, value: Any) -> SafeString:
        return _tags(value)


class FollowUpTable(RegistryTable):
    caption = _("Follow-ups")

    title = tables.Column(verbose_name=_("Title"))
    due_date = tables.DateColumn(verbose_name=_("Due"), order_by=("due_date", "created_at"))
    status = tables.Column(verbose_name=_("Status"))
    owner = tables.Column(verbose_name=_("Owner"), order_by=("owner__full_name", "owner__email"))
    engagement = tables.Column(
        verbose_name=_("From engagement"), order_by=("engagement__start_date",), empty_values=()
    )
    counterpart_organization = tables.Column(
        verbose_name=_("Counterpart"),
        order_by=("counterpart_organization__name_key",),
        empty_values=(),
    )

    class Meta:
        order_by_field = "sort"
        attrs: Any = {"class": "data"}

    def render_engagement(self, record: Any) -> SafeString:
        return self.link("engagement_detail", record.engagement)

    def render_counterpart_organization(self, record: Any) -> SafeString:
        return self.link("organization_detail", record.counterpart_organization)

    def render_title(self, value: Any) -> SafeString:
        return format_html("{}", value)
