"""The list pages' filter forms (django-filter); the filtering itself is the selectors' job.

Each FilterSet validates the query string and passes the clean values to its selector, so a
page can never read outside the asker's scope nor search differently from the API.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from enlace.core.scoping import Scope
from enlace.stakeholders import selectors
from enlace.stakeholders.models import (
    BodyKind,
    BodyScope,
    Discipline,
    OrganizationKind,
    RelationshipKind,
    RelationshipStatus,
)
from enlace.web.widgets import use_picker

ANY = _("Any")


def _country_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in countries]


class RegistryFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    q = django_filters.CharFilter(
        label=_("Search"), widget=forms.TextInput(attrs={"type": "search"})
    )

    def __init__(self, data: QueryDict, *, scope: Scope, queryset: QuerySet[Any]) -> None:
        self.workspace_scope = scope
        super().__init__(data, queryset=queryset)

    def value(self, name: str) -> Any:
        """The clean value of one filter; an invalid one counts as not given."""
        return self.form.cleaned_data.get(name) or ""

    @property
    def is_filtered(self) -> bool:
        self.form.is_valid()
        return any(self.form.cleaned_data.get(name) for name in self.filters)


def _tag() -> django_filters.CharFilter:
    return django_filters.CharFilter(label=_("Tag"))


def _country() -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label=_("Country"), choices=_country_choices, empty_label=ANY
    )


class OrganizationFilter(RegistryFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=OrganizationKind.choices, empty_label=ANY
    )
    country = _country()
    tag = _tag()

    def __init__(self, data: QueryDict, *, scope: Scope) -> None:
        super().__init__(data, scope=scope, queryset=selectors.organization_list(scope=scope))

    def filter_queryset(self, queryset: Any) -> QuerySet[Any]:
        return selectors.organization_list(
            scope=self.workspace_scope,
            q=self.value("q"),
            country=self.value("country"),
            kind=self.value("kind"),
            tag=self.value("tag"),
        )


class PersonFilter(RegistryFilterSet):
    organization = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=None, empty_label=ANY
    )
    discipline = django_filters.ChoiceFilter(
        label=_("Discipline"), choices=Discipline.choices, empty_label=ANY
    )
    country = _country()
    tag = _tag()

    def __init__(self, data: QueryDict, *, scope: Scope) -> None:
        super().__init__(data, scope=scope, queryset=selectors.person_list(scope=scope))
        self.filters["organization"].queryset = selectors.organization_list(scope=scope)
        # At national scale the organisation filter searches instead of listing thousands.
        use_picker(self.form.fields["organization"], scope=scope)

    def filter_queryset(self, queryset: Any) -> QuerySet[Any]:
        organization = self.form.cleaned_data.get("organization")
        return selectors.person_list(
            scope=self.workspace_scope,
            q=self.value("q"),
            organization_id=organization.pk if organization is not None else None,
            discipline=self.value("discipline"),
            country=self.value("country"),
            tag=self.value("tag"),
        )


class CoordinationBodyFilter(RegistryFilterSet):
    scope = django_filters.ChoiceFilter(
        label=_("Scope"), choices=BodyScope.choices, empty_label=ANY
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=BodyKind.choices, empty_label=ANY)
    country = _country()
    tag = _tag()

    def __init__(self, data: QueryDict, *, scope: Scope) -> None:
        super().__init__(data, scope=scope, queryset=selectors.coordination_body_list(scope=scope))

    def filter_queryset(self, queryset: Any) -> QuerySet[Any]:
        return selectors.coordination_body_list(
            scope=self.workspace_scope,
            q=self.value("q"),
            country=self.value("country"),
            kind=self.value("kind"),
            body_scope=self.value("scope"),
            tag=self.value("tag"),
        )


class RelationshipFilter(RegistryFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=RelationshipKind.choices, empty_label=ANY
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RelationshipStatus.choices, empty_label=ANY
    )

    def __init__(self, data: QueryDict, *, scope: Scope) -> None:
        super().__init__(data, scope=scope, queryset=selectors.relationship_list(scope=scope))

    def filter_queryset(self, queryset: Any) -> QuerySet[Any]:
        return selectors.relationship_list(
            scope=self.workspace_scope,
            q=self.value("q"),
            kind=self.value("kind"),
            status=self.value("status"),
        )
