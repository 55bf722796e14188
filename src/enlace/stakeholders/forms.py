"""Forms of the registry pages: field checks at the edge, reference choices from scoped selectors.

The forms never save: views hand `changes()` to the services, which lock, version and record the
history. A form knows its record's version (hidden), which fields it groups under which legend,
and how to ask the page to re-check one field as the user leaves it (htmx).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.stakeholders import selectors
from enlace.stakeholders.models import (
    BodyMembership,
    CoordinationBody,
    Organization,
    Person,
    Relationship,
)
from enlace.web.widgets import use_picker

if TYPE_CHECKING:
    _ModelForm = forms.ModelForm[Any]
else:
    _ModelForm = forms.ModelForm

Fieldsets = list[tuple[str | Promise | None, tuple[str, ...]]]

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_NOTES_HELP = _("Markdown: **bold**, *italic*, lists and links. HTML is shown as text.")
_TAGS_HELP = _("Separate tags with commas.")


def limit_to(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Give a reference field its scoped choices; anything else is a programming error.

    A reference to people, organisations or bodies also gets the search picker, so a form
    stays small however large the registry grows (the form's `scope` names the workspace).
    """
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a reference field")
    field.queryset = queryset
    scope = getattr(form, "scope", None)
    if scope is not None:
        use_picker(field, scope=scope)


class RegistryForm(_ModelForm):
    """A record's form. `scope` decides the reference choices and which fields appear."""

    fieldsets: ClassVar[Fieldsets] = []
    # The field whose value is compared with existing records' names ("Did you mean…?").
    name_field: ClassVar[str] = ""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    allow_duplicate = forms.BooleanField(
        required=False,
        label=_("Create it anyway"),
        help_text=_("Tick this if the similar records above are different ones."),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        scope: Scope,
        instance: Any = None,
        initial: dict[str, Any] | None = None,
        validate_url: str = "",
    ) -> None:
        super().__init__(data, instance=instance, initial=initial)
        self.scope = scope
        if self.is_new:
            # Model validation (run on every bound form) compares references with the workspace.
            self.instance.workspace = scope.workspace
            del self.fields["version"]
        else:
            self.fields["version"].required = True
            self.initial.setdefault("version", self.instance.version)
            del self.fields["allow_duplicate"]
        if not self.name_field and "allow_duplicate" in self.fields:
            del self.fields["allow_duplicate"]
        self.limit_choices(scope)
        if validate_url:
            self._validate_on_leave(validate_url)

    @property
    def is_new(self) -> bool:
        return bool(self.instance._state.adding)

    def limit_choices(self, scope: Scope) -> None:
        """Point every reference field at a scoped selector (never a bare manager)."""

    def _validate_on_leave(self, url: str) -> None:
        for name, field in self.fields.items():
            if field.widget.is_hidden or name == "allow_duplicate":
                continue
            target = f"#field-{name}"
            field.widget.attrs.update(
                {
                    "hx-post": url,
                    "hx-trigger": "change",
                    "hx-target": target,
                    "hx-select": target,
                    "hx-swap": "outerHTML",
                }
            )

    @property
    def model_field_names(self) -> list[str]:
        return [name for name in self._meta.fields or () if name in self.fields]

    def changes(self) -> dict[str, Any]:
        """Model-field values for the service: all of them for a new record, else those edited."""
        names = self.model_field_names
        if not self.is_new:
            names = [name for name in names if name in self.changed_data]
        return {name: self.cleaned_data[name] for name in names}

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put a service's ValidationError next to the fields it names."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for name, messages in exc.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)

    def fieldset_list(self) -> list[tuple[str | Promise | None, list[forms.BoundField]]]:
        """Visible fields by legend; fields no fieldset names come last, without one."""
        groups = self.fieldsets or [(None, tuple(self.fields))]
        seen: set[str] = set()
        result: list[tuple[str | Promise | None, list[forms.BoundField]]] = []
        for legend, names in groups:
            present = [n for n in names if n in self.fields and n != "allow_duplicate"]
            seen.update(present)
            bound = [self[n] for n in present if not self.fields[n].widget.is_hidden]
            if bound:
                result.append((legend, bound))
        rest = [
            self[n]
            for n in self.fields
            if n not in seen and n != "allow_duplicate" and not self.fields[n].widget.is_hidden
        ]
        if rest:
            result.append((None, rest))
        return result


class OrganizationForm(RegistryForm):
    name_field = "name"
    website = forms.URLField(
        label=_("website"), max_length=300, required=False, assume_scheme="https"
    )
    fieldsets: ClassVar[Fieldsets] = [
        (None, ("name", "acronym", "kind", "parent")),
        (_("Where"), ("country", "region", "city")),
        (_("More"), ("website", "tags", "notes")),
    ]

    class Meta:
        model = Organization
        fields = (
            "name",
            "acronym",
            "kind",
            "country",
            "region",
            "city",
            "parent",
            "website",
            "tags",
            "notes",
        )
        help_texts: ClassVar = {
            "parent": _("For a unit or a regional office: the organisation it belongs to."),
            "notes": _NOTES_HELP,
        }

    def limit_choices(self, scope: Scope) -> None:
        choices = selectors.organization_list(scope=scope)
        if not self.is_new:
            choices = choices.exclude(pk=self.instance.pk)
        limit_to(self, "parent", choices)
        self.fields["tags"].help_text = _TAGS_HELP


class PersonForm(RegistryForm):
    name_field = "full_name"
    fieldsets: ClassVar[Fieldsets] = [
        (None, ("full_name", "position", "organization", "discipline", "sex")),
        (_("Contact"), ("email", "phone", "languages")),
        (
            _("Consent"),
            (
                "may_contact",
                "may_name_publicly",
                "may_photograph",
                "consent_date",
                "consent_method",
            ),
        ),
        (_("Lived experience"), ("lived_experience",)),
        (_("More"), ("tags", "notes")),
    ]

    class Meta:
        model = Person
        fields = (
            "full_name",
            "position",
            "organization",
            "discipline",
            "sex",
            "email",
            "phone",
            "languages",
            "may_contact",
            "may_name_publicly",
            "may_photograph",
            "consent_date",
            "consent_method",
            "lived_experience",
            "tags",
            "notes",
        )
        widgets: ClassVar = {"consent_date": _DATE}
        help_texts: ClassVar = {
            "consent_date": _("Needed when any consent above is given."),
            "notes": _NOTES_HELP,
        }

    def limit_choices(self, scope: Scope) -> None:
        # Only owners and managers may see, and so set, the lived-experience flag.
        if not scope.can(Action.VIEW_LIVED_EXPERIENCE):
            del self.fields["lived_experience"]
        limit_to(self, "organization", selectors.organization_list(scope=scope))
        self.fields["languages"].help_text = _("Separate languages with commas.")
        self.fields["tags"].help_text = _TAGS_HELP


class CoordinationBodyForm(RegistryForm):
    fieldsets: ClassVar[Fieldsets] = [
        (None, ("name", "acronym", "kind", "scope", "country", "chair_organization")),
        (_("More"), ("tags", "notes")),
    ]

    class Meta:
        model = CoordinationBody
        fields = (
            "name",
            "acronym",
            "kind",
            "scope",
            "country",
            "chair_organization",
            "tags",
            "notes",
        )
        help_texts: ClassVar = {
            "country": _("Needed for a local or national body."),
            "notes": _NOTES_HELP,
        }

    def limit_choices(self, scope: Scope) -> None:
        limit_to(self, "chair_organization", selectors.organization_list(scope=scope))
        self.fields["tags"].help_text = _TAGS_HELP


class RelationshipForm(RegistryForm):
    class Meta:
        model = Relationship
        fields = ("from_organization", "kind", "to_organization", "status", "since", "notes")
        widgets: ClassVar = {"since": _DATE}
        help_texts: ClassVar = {"notes": _NOTES_HELP}

    def limit_choices(self, scope: Scope) -> None:
        choices = selectors.organization_list(scope=scope)
        limit_to(self, "from_organization", choices)
        limit_to(self, "to_organization", choices)


class ConfirmForm(forms.Form):
    """A delete confirmation: the version the user saw, so a newer change is not lost unseen."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class BodyMembershipForm(_ModelForm):
    """Add a member organisation to a coordination body."""

    class Meta:
        model = BodyMembership
        fields = ("organization", "role", "start_date", "end_date")
        widgets: ClassVar = {"start_date": _DATE, "end_date": _DATE}
        labels: ClassVar = {"organization": _("Organisation")}

    def __init__(
        self, data: Any = None, *, scope: Scope, exclude_ids: list[Any] | None = None
    ) -> None:
        super().__init__(data, prefix="member")
        self.scope = scope
        choices = selectors.organization_list(scope=scope).exclude(pk__in=exclude_ids or [])
        limit_to(self, "organization", choices)

    def _post_clean(self) -> None:
        # The membership's own clean() reads its organisation unguarded; the service runs the
        # model validation once the organisation is known to be valid.
        pass

    def add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for name, messages in exc.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)
