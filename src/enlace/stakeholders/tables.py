"""The list pages' tables (django-tables2): columns, sort keys and links; 25 rows a page."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from enlace.core.scoping import Scope

PER_PAGE = 25


def detail_url(scope: Scope, url_name: str, pk: Any) -> str:
    return reverse(f"web:{url_name}", args=[scope.workspace.slug, pk])


class RegistryTable(tables.Table):  # type: ignore[misc]
    """A table that knows its scope (for links) and names itself for assistive technology."""

    caption: Any = ""

    def __init__(self, data: Any, *, scope: Scope, empty_text: Any = None, **kwargs: Any) -> None:
        super().__init__(data, empty_text=empty_text, **kwargs)
        self.scope = scope

    def link(self, url_name: str, record: Any, text: Any = None) -> SafeString:
        if record is None:
            return SafeString("—")
        label = record if text is None else text
        return format_html(
            '<a href="{}">{}</a>', detail_url(self.scope, url_name, record.pk), label
        )


def _tags(value: Any) -> SafeString:
    if not value:
        return SafeString("—")
    return format_html_join(" ", '<span class="tag">{}</span>', ((t,) for t in value))


class OrganizationTable(RegistryTable):
    caption = _("Organisations")

    name = tables.Column(verbose_name=_("Name"), order_by=("name_key", "id"))
    acronym = tables.Column(verbose_name=_("Acronym"))
    kind = tables.Column(verbose_name=_("Kind"))
    country = tables.Column(verbose_name=_("Country"), accessor="country__name", order_by="country")
    parent = tables.Column(
        verbose_name=_("Part of"), order_by=("parent__name_key", "id"), empty_values=()
    )
    tags = tables.Column(verbose_name=_("Tags"), orderable=False, empty_values=())

    class Meta:
        order_by_field = "sort"
        attrs: Any = {"class": "data"}

    def render_name(self, record: Any, value: Any) -> SafeString:
        return self.link("organization_detail", record, value)

    def render_parent(self, record: Any) -> SafeString:
        return self.link("organization_detail", record.parent)

    def render_tags(self, value: Any) -> SafeString:
        return _tags(value)


class PersonTable(RegistryTable):
    caption = _("People")

    full_name = tables.Column(verbose_name=_("Name"), order_by=("name_key", "id"))
    organization = tables.Column(
        verbose_name=_("Organisation"), order_by=("organization__name_key", "id"), empty_values=()
    )
    position = tables.Column(verbose_name=_("Position"))
    discipline = tables.Column(verbose_name=_("Discipline"))
    may_contact = tables.BooleanColumn(
        verbose_name=_("May be contacted"), yesno=(_("Yes"), _("No"))
    )

    class Meta:
        attrs: Any = {"class": "data"}

    def render_full_name(self, record: Any, value: Any) -> SafeString:
        link = self.link("person_detail", record, value)
        if record.lived_experience:
            return format_html(
                '{} <span class="badge badge-private">{}</span>', link, _("lived experience")
            )
        return link

    def render_organization(self, record: Any) -> SafeString:
        return self.link("organization_detail", record.organization)


class CoordinationBodyTable(RegistryTable):
    caption = _("Coordination bodies")

    name = tables.Column(verbose_name=_("Name"), order_by=("name_key", "id"))
    kind = tables.Column(verbose_name=_("Kind"))
    scope = tables.Column(verbose_name=_("Scope"))
    country = tables.Column(verbose_name=_("Country"), accessor="country__name", order_by="country")
    chair_organization = tables.Column(
        verbose_name=_("Chair"), order_by=("chair_organization__name_key", "id"), empty_values=()
    )

    class Meta:
        attrs: Any = {"class": "data"}

    def render_name(self, record: Any) -> SafeString:
        return self.link("body_detail", record)

    def render_chair_organization(self, record: Any) -> SafeString:
        return self.link("organization_detail", record.chair_organization)


class RelationshipTable(RegistryTable):
    caption = _("Relationships")

    from_organization = tables.Column(
        verbose_name=_("Organisation"), order_by=("from_organization__name_key", "id")
    )
    kind = tables.Column(verbose_name=_("Kind"))
    to_organization = tables.Column(
        verbose_name=_("Related organisation"), order_by=("to_organization__name_key", "id")
    )
    status = tables.Column(verbose_name=_("Status"))
    since = tables.DateColumn(verbose_name=_("Since"))
    detail = tables.Column(
        verbose_name=_("Details"), accessor="pk", orderable=False, empty_values=()
    )

    class Meta:
        attrs: Any = {"class": "data"}

    def render_from_organization(self, record: Any) -> SafeString:
        return self.link("organization_detail", record.from_organization)

    def render_to_organization(self, record: Any) -> SafeString:
        return self.link("organization_detail", record.to_organization)

    def render_detail(self, record: Any) -> SafeString:
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
            detail_url(self.scope, "relationship_detail", record.pk),
            _("View"),
            str(record),
        )


class TrashTable(RegistryTable):
    """Deleted records of one kind, with Restore and (for owners) Purge."""

    record = tables.Column(verbose_name=_("Record"), accessor="pk", orderable=False)
    deleted_at = tables.DateTimeColumn(verbose_name=_("Deleted"), orderable=False)
    actions = tables.TemplateColumn(
        verbose_name=_("Actions"),
        template_name="stakeholders/trash_actions.html",
        orderable=False,
        empty_values=(),
    )

    class Meta:
        attrs: Any = {"class": "data"}

    def __init__(self, data: Any, *, scope: Scope, kind: str, caption: Any, **kwargs: Any) -> None:
        super().__init__(data, scope=scope, prefix=f"{kind}-", **kwargs)
        self.kind = kind
        self.caption = caption

    def render_record(self, record: Any) -> str:
        return str(record)
