"""The engagement and follow-up lists' filter forms; the filtering is the selectors' job."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from enlace.core.scoping import Scope
from enlace.engagements import selectors
from enlace.engagements.forms import RepresentativeChoiceField, member_users, representatives
from enlace.engagements.models import EngagementKind, FollowUpStatus
from enlace.stakeholders import selectors as registry
from enlace.stakeholders.filters import ANY, RegistryFilterSet, _country_choices
from enlace.web.widgets import use_picker

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RepresentativeFilter(django_filters.ModelChoiceFilter):  # type: ignore[misc]
    field_class = RepresentativeChoiceField


def _pk(value: Any) -> Any:
    return value.pk if value is not None and value != "" else None


class EngagementFilter(RegistryFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=EngagementKind.choices, empty_label=ANY
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=_country_choices, empty_label=ANY
    )
    date_from = django_filters.DateFilter(label=_("From"), widget=_DATE)
    date_to = django_filters.DateFilter(label=_("To"), widget=_DATE)
    organization = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=None, empty_label=ANY
    )
    representative = RepresentativeFilter(
        label=_("Our representative"), queryset=None, empty_label=ANY
    )
    tag = django_filters.CharFilter(label=_("Tag"))

    def __init__(self, data: QueryDict, *, scope: Scope) -> None:
        super().__init__(data, scope=scope, queryset=selectors.engagement_list(scope=scope))
        self.filters["organization"].queryset = registry.organization_list(scope=scope)
        self.filters["representative"].queryset = representatives(scope)
        use_picker(self.form.fields["organization"], scope=scope)

    def filter_queryset(self, queryset: Any) -> QuerySet[Any]:
        data = self.form.cleaned_data
        return selectors.engagement_list(
            scope=self.workspace_scope,
            q=self.value("q"),
            kind=self.value("kind"),
            country=self.value("country"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            organization_id=_pk(data.get("organization")),
            representative_id=_pk(data.get("representative")),
            tag=self.value("tag"),
        )


class FollowUpFilter(RegistryFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=FollowUpStatus.choices, empty_label=ANY
    )
    owner = django_filters.ModelChoiceFilter(label=_("Owner"), queryset=None, empty_label=ANY)
    organization = django_filters.ModelChoiceFilter(
        label=_("Counterpart organisation"), queryset=None, empty_label=ANY
    )
    due_before = django_filters.DateFilter(label=_("Due before"), widget=_DATE)

    def __init__(self, data: QueryDict, *, scope: Scope) -> None:
        super().__init__(data, scope=scope, queryset=selectors.follow_up_list(scope=scope))
        del self.filters["q"]
        self.filters["owner"].queryset = member_users(scope)
        self.filters["organization"].queryset = registry.organization_list(scope=scope)
        use_picker(self.form.fields["organization"], scope=scope)

    def filter_queryset(self, queryset: Any) -> QuerySet[Any]:
        data = self.form.cleaned_data
        return selectors.follow_up_list(
            scope=self.workspace_scope,
            owner_id=_pk(data.get("owner")),
            status=self.value("status"),
            organization_id=_pk(data.get("organization")),
            due_before=data.get("due_before"),
        )
