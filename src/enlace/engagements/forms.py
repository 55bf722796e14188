"""Forms of the engagement pages: field checks at the edge, reference choices from scoped reads.

Like the registry's forms they never save: the views hand their values to the services, which
lock, version and record the history.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from enlace.core.models import Membership
from enlace.core.permissions import Role
from enlace.core.scoping import Scope
from enlace.engagements import selectors
from enlace.engagements.models import (
    MAX_REACH_VALUE,
    AttachmentKind,
    AudienceDimension,
    Engagement,
    LinkKind,
    ParticipantRole,
    ReachMetric,
    ReachSource,
)
from enlace.stakeholders import selectors as registry
from enlace.stakeholders.forms import Fieldsets, RegistryForm, limit_to
from enlace.stakeholders.models import Discipline, OrganizationKind, Sex

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
_NOTES_HELP = _("Markdown: **bold**, *italic*, lists and links. HTML is shown as text.")


def representatives(scope: Scope) -> QuerySet[Membership]:
    """The workspace's own people (active, not partners): who can represent us or own a task."""
    return (
        scope.filter(Membership.objects.all())
        .filter(is_active=True)
        .exclude(role=Role.PARTNER)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def member_users(scope: Scope) -> QuerySet[Any]:
    ids = representatives(scope).values("user_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("full_name", "email")


class RepresentativeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user)


class EngagementForm(RegistryForm):
    widen_parent = forms.BooleanField(
        required=False,
        label=_("Widen the parent to cover these dates"),
        help_text=_("The parent engagement's dates are extended; its history records the change."),
    )
    fieldsets: ClassVar[Fieldsets] = [
        (None, ("kind", "title", "parent")),
        (_("When"), ("start_date", "end_date", "start_time", "end_time", "timezone")),
        (_("Where"), ("mode", "country", "region", "city", "venue", "host_organization")),
        (_("What"), ("objectives", "summary", "notes", "tags")),
    ]

    class Meta:
        model = Engagement
        fields = (
            "kind",
            "title",
            "parent",
            "start_date",
            "end_date",
            "start_time",
            "end_time",
            "timezone",
            "mode",
            "country",
            "region",
            "city",
            "venue",
            "host_organization",
            "objectives",
            "summary",
            "notes",
            "tags",
        )
        widgets: ClassVar = {
            "start_date": _DATE,
            "end_date": _DATE,
            "start_time": _TIME,
            "end_time": _TIME,
        }
        help_texts: ClassVar = {
            "parent": _("For example the field visit this meeting was part of."),
            "objectives": _NOTES_HELP,
            "summary": _NOTES_HELP,
            "notes": _NOTES_HELP,
        }

    def limit_choices(self, scope: Scope) -> None:
        parents = selectors.engagement_list(scope=scope)
        if not self.is_new:
            parents = parents.exclude(pk=self.instance.pk)
        limit_to(self, "parent", parents)
        limit_to(self, "host_organization", registry.organization_list(scope=scope))
        self.fields["tags"].help_text = _("Separate tags with commas.")

    def _validate_on_leave(self, url: str) -> None:
        super()._validate_on_leave(url)
        self.fields["widen_parent"].widget.attrs = {}

    def fieldset_list(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [
            (legend, [f for f in fields if f.name != "widen_parent"])
            for legend, fields in super().fieldset_list()
            if any(f.name != "widen_parent" for f in fields)
        ]

    def _post_clean(self) -> None:
        # The services check dates, times, the time zone and the parent (with the option to
        # widen it); the model's own check would refuse before the offer could be made.
        pass


class _SmallForm(forms.Form):
    """A form on the engagement page: prefixed, so several can share one page."""

    prefix_name: ClassVar[str] = ""

    def __init__(self, data: Any = None, files: Any = None, *, scope: Scope, **kw: Any) -> None:
        super().__init__(data, files, prefix=self.prefix_name, **kw)
        self.scope = scope
        self.limit_choices(scope)

    def limit_choices(self, scope: Scope) -> None:
        """Point reference fields at scoped reads."""

    def add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for name, messages in exc.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ParticipantForm(_SmallForm):
    prefix_name = "participant"
    TARGETS = ("person", "organization", "coordination_body", "member")

    person: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Person"), queryset=None, required=False
    )
    organization: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, required=False
    )
    coordination_body: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Coordination body"), queryset=None, required=False
    )
    member = RepresentativeChoiceField(label=_("Our representative"), queryset=None, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ParticipantRole.choices)

    def limit_choices(self, scope: Scope) -> None:
        limit_to(self, "person", registry.person_list(scope=scope))
        limit_to(self, "organization", registry.organization_list(scope=scope))
        limit_to(self, "coordination_body", registry.coordination_body_list(scope=scope))
        limit_to(self, "member", representatives(scope))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [name for name in self.TARGETS if data.get(name)]
        if len(chosen) != 1:
            raise ValidationError(
                _("Choose exactly one: a person, an organisation, a body or our representative."),
                code="one_target",
            )
        return data

    def values(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.TARGETS}
        data = {name: value for name, value in data.items() if value is not None}
        data["role"] = self.cleaned_data["role"]
        return data


class OutcomeForm(_SmallForm):
    prefix_name = "outcome"
    statement = forms.CharField(label=_("Outcome"), max_length=500)
    organization: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, required=False
    )

    def limit_choices(self, scope: Scope) -> None:
        limit_to(self, "organization", registry.organization_list(scope=scope))


class LinkForm(_SmallForm):
    prefix_name = "link"
    kind = forms.ChoiceField(label=_("Kind"), choices=LinkKind.choices)
    label = forms.CharField(label=_("Label"), max_length=200)
    url = forms.URLField(label=_("Address"), max_length=500, assume_scheme="https")


class AttachmentForm(_SmallForm):
    prefix_name = "attachment"
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "PDF, Word, Excel, PowerPoint, OpenDocument, JPEG, PNG, WebP, CSV or text; "
            "up to 20 MiB."
        ),
    )


AUDIENCE_CATEGORIES: dict[str, Any] = {
    AudienceDimension.SEX: Sex.choices,
    AudienceDimension.DISCIPLINE: Discipline.choices,
    AudienceDimension.ORGANIZATION_KIND: OrganizationKind.choices,
}


class AudienceForm(_SmallForm):
    """One number per category of each dimension; an empty box is "not counted", not zero."""

    prefix_name = "audience"

    def __init__(self, data: Any = None, *, scope: Scope, current: list[Any] = ()) -> None:  # type: ignore[assignment]
        initial = {f"{c.dimension}__{c.category}": c.count for c in current}
        super().__init__(data, scope=scope, initial=initial)
        for dimension, choices in AUDIENCE_CATEGORIES.items():
            for category, label in choices:
                self.fields[f"{dimension}__{category}"] = forms.IntegerField(
                    label=label, required=False, min_value=0, max_value=MAX_REACH_VALUE
                )

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        labels = dict(AudienceDimension.choices)
        return [
            (labels[dimension], [self[f"{dimension}__{c}"] for c, _label in choices])
            for dimension, choices in AUDIENCE_CATEGORIES.items()
        ]

    def counts(self) -> list[Mapping[str, Any]]:
        result: list[Mapping[str, Any]] = []
        for name, value in self.cleaned_data.items():
            if value is None:
                continue
            dimension, category = name.split("__", 1)
            result.append({"dimension": dimension, "category": category, "count": value})
        return result


class ReachForm(_SmallForm):
    prefix_name = "reach"
    metric = forms.ChoiceField(label=_("Metric"), choices=ReachMetric.choices)
    value = forms.IntegerField(label=_("Value"), min_value=0, max_value=MAX_REACH_VALUE)
    as_of = forms.DateField(label=_("As of"), widget=_DATE)
    source = forms.ChoiceField(
        label=_("Source"), choices=ReachSource.choices, initial=ReachSource.MANUAL
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class FollowUpForm(_SmallForm):
    prefix_name = "follow_up"
    title = forms.CharField(label=_("Title"), max_length=300)
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    counterpart_organization: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Counterpart organisation"), queryset=None, required=False
    )
    due_date = forms.DateField(label=_("Due date"), widget=_DATE, required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=20000
    )

    def limit_choices(self, scope: Scope) -> None:
        limit_to(self, "owner", member_users(scope))
        limit_to(self, "counterpart_organization", registry.organization_list(scope=scope))
        self.fields["owner"].initial = scope.user.pk


class VersionForm(forms.Form):
    """A confirmation that carries the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
