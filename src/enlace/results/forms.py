"""Forms of the results pages: field checks at the edge, reference choices from scoped reads.

Like the other apps' forms they never save: the views hand their values to the services, which
lock, version, validate again and record the history. Figures (values, targets) and lists
(countries, tags, parameters) stay text here, so that the service's own message, the one the API
gives too, is what the user reads next to the field.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries as known_countries

from enlace.core.scoping import Scope
from enlace.engagements.forms import _SmallForm
from enlace.results import selectors
from enlace.results.measures import MEASURES
from enlace.results.models import Disaggregation, Indicator, Programme, ResultNode
from enlace.stakeholders.forms import Fieldsets, RegistryForm, limit_to

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PERIOD_HELP = _('A year, quarter or month such as "2025", "2025-Q2" or "2025-05".')
TARGET_PERIOD_HELP = _(
    'A year, quarter or month such as "2025", "2025-Q2" or "2025-05", or "programme" for the '
    "whole programme."
)


def split_list(value: Any) -> list[str]:
    """A comma-separated list as typed, without blanks."""
    return [part.strip() for part in str(value or "").split(",") if part.strip()]


class _RecordForm(RegistryForm):
    """The services (not the model form) validate the row as a whole."""

    def _post_clean(self) -> None:
        pass


class ProgrammeForm(_RecordForm):
    fieldsets: ClassVar[Fieldsets] = [
        (None, ("name", "code", "description")),
        (_("When and where"), ("start_date", "end_date", "countries", "currency")),
    ]

    countries = forms.CharField(
        label=_("Countries"),
        required=False,
        help_text=_("ISO codes separated by commas, such as CO, PE. Empty: any country."),
    )
    currency = forms.CharField(
        label=_("Default currency"),
        max_length=3,
        required=False,
        help_text=_("An ISO 4217 code such as USD, EUR or KES."),
    )

    class Meta:
        model = Programme
        fields = (
            "name",
            "code",
            "description",
            "start_date",
            "end_date",
            "countries",
            "currency",
        )
        widgets: ClassVar = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "start_date": _DATE,
            "end_date": _DATE,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_new:
            self.initial["countries"] = ", ".join(self.instance.countries or [])

    def clean_countries(self) -> list[str]:
        return split_list(self.cleaned_data.get("countries"))

    @property
    def changed_data(self) -> list[str]:
        changed = list(super().changed_data)
        # The list is shown as text: compare the lists, not the strings.
        if (
            "countries" in changed
            and self.is_valid()
            and self.cleaned_data["countries"] == list(self.instance.countries or [])
        ):
            changed.remove("countries")
        return changed


class NodeForm(_RecordForm):
    """A goal, outcome or output; its place is a parent among the programme's results."""

    fieldsets: ClassVar[Fieldsets] = [(None, ("parent", "level", "code", "title"))]

    class Meta:
        model = ResultNode
        fields = ("parent", "level", "code", "title")

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        self.programme = programme
        super().__init__(*args, **kwargs)
        self.fields["parent"].required = False
        self.fields["parent"].empty_label = _("(top of the framework)")  # type: ignore[attr-defined]

    def limit_choices(self, scope: Scope) -> None:
        nodes = selectors.node_queryset(scope).filter(programme=self.programme)
        if not self.is_new:
            nodes = nodes.exclude(pk=self.instance.pk)
        limit_to(self, "parent", nodes)


def measure_help() -> list[dict[str, Any]]:
    """Each measure's parameters (name, meaning, allowed values) and breakdowns, listed beside
    the parameters box."""
    return [
        {
            "name": measure.name,
            "label": measure.label,
            "params": [
                {
                    "name": name,
                    "label": spec.label,
                    "required": spec.required,
                    "choices": ", ".join(spec.choices),
                    "default": spec.default,
                }
                for name, spec in measure.params.items()
            ],
            "disaggregations": [Disaggregation(d).label for d in measure.disaggregations],
        }
        for measure in MEASURES.values()
    ]


class IndicatorForm(_RecordForm):
    fieldsets: ClassVar[Fieldsets] = [
        (None, ("node", "code", "name", "definition")),
        (_("How it is measured"), ("source", "measure", "params", "disaggregations")),
        (_("Unit"), ("unit", "currency", "direction")),
        (_("Baseline"), ("baseline_value", "baseline_date", "baseline_period")),
        (None, ("tags",)),
    ]

    measure = forms.ChoiceField(
        label=_("Measure"),
        required=False,
        help_text=_("For a computed indicator: how the record gives its value."),
    )
    params = forms.CharField(
        label=_("Parameters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    disaggregations = forms.MultipleChoiceField(
        label=_("Broken down by"),
        required=False,
        choices=Disaggregation.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the breakdowns the measure supports (see the list above)."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        help_text=_('Separated by commas, such as "SDG 8.7, donor KPI 3".'),
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    baseline_value = forms.CharField(label=_("Baseline"), required=False)

    class Meta:
        model = Indicator
        fields = (
            "node",
            "code",
            "name",
            "definition",
            "source",
            "measure",
            "params",
            "disaggregations",
            "unit",
            "currency",
            "direction",
            "baseline_value",
            "baseline_date",
            "baseline_period",
            "tags",
        )
        widgets: ClassVar = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "baseline_date": _DATE,
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        self.programme = programme
        super().__init__(*args, **kwargs)
        self.fields["node"].label = _("Result")
        self.fields["measure"].choices = [  # type: ignore[attr-defined]
            ("", _("(none: a reported indicator)")),
            *((m.name, f"{m.label} ({m.name})") for m in MEASURES.values()),
        ]
        self.fields["params"].help_text = _(
            'JSON, such as {"min_attendance": 80}. The parameters of each measure:'
        )
        self.measure_help = measure_help()
        self.fields["baseline_period"].help_text = PERIOD_HELP
        chosen = MEASURES.get(self.instance.measure or "")
        if not self.is_bound and chosen is not None:
            # Editing a computed indicator: only the breakdowns its measure supports. (A posted
            # form keeps them all, so that the service names a breakdown the measure refuses.)
            self.fields["disaggregations"].choices = [  # type: ignore[attr-defined]
                (d, Disaggregation(d).label) for d in chosen.disaggregations
            ]
        if not self.is_new:
            self.initial["params"] = json.dumps(self.instance.params or {})
            self.initial["tags"] = ", ".join(self.instance.tags or [])
            if self.instance.baseline_value is not None:
                self.initial["baseline_value"] = str(self.instance.baseline_value.normalize())

    def limit_choices(self, scope: Scope) -> None:
        limit_to(self, "node", selectors.node_queryset(scope).filter(programme=self.programme))

    def clean_params(self) -> Any:
        raw = str(self.cleaned_data.get("params") or "").strip()
        if not raw:
            return {}
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise forms.ValidationError(
                _('Give the parameters as JSON, such as {"min_attendance": 80}.')
            ) from exc

    def clean_tags(self) -> list[str]:
        return split_list(self.cleaned_data.get("tags"))

    def clean_baseline_value(self) -> str | None:
        return str(self.cleaned_data.get("baseline_value") or "").strip() or None

    @property
    def changed_data(self) -> list[str]:
        changed = list(super().changed_data)
        # Lists and JSON are shown as text: compare what they mean.
        if self.is_new or not self.is_valid():
            return changed
        same = {
            "params": self.cleaned_data.get("params") == (self.instance.params or {}),
            "tags": self.cleaned_data.get("tags") == list(self.instance.tags or []),
            "disaggregations": list(self.cleaned_data.get("disaggregations") or [])
            == list(self.instance.disaggregations or []),
        }
        return [name for name in changed if not same.get(name, False)]


class TargetForm(_SmallForm):
    prefix_name = "target"
    period = forms.CharField(label=_("Period"), max_length=20, help_text=TARGET_PERIOD_HELP)
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        required=False,
        help_text=_("Empty for all countries."),
    )
    value = forms.CharField(label=_("Target"), max_length=40)


class ReportedValueForm(_SmallForm):
    prefix_name = "value"
    period = forms.CharField(label=_("Period"), max_length=20, help_text=PERIOD_HELP)
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        required=False,
        help_text=_("Empty for all countries."),
    )
    value = forms.CharField(label=_("Value"), max_length=40)
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("Where the figure comes from, such as a partner's report."),
    )
    note = forms.CharField(
        label=_("Note"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RulesForm(forms.Form):
    on_track_from = forms.IntegerField(
        label=_("On track from (percent of what is expected by now)"), min_value=0
    )
    at_risk_from = forms.IntegerField(
        label=_("At risk from (percent of what is expected by now)"), min_value=0
    )

    def add_service_errors(self, exc: Any) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for name, messages in exc.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)


class FrameworkFilter(forms.Form):
    """The framework page's filters, read from the URL; a bad value is named and ignored."""

    period = forms.ChoiceField(
        label=_("Periods"),
        required=False,
        choices=[
            ("month", _("Months")),
            ("quarter", _("Quarters")),
            ("year", _("Years")),
        ],
    )
    start = forms.DateField(label=_("From"), required=False, widget=_DATE)
    end = forms.DateField(label=_("To"), required=False, widget=_DATE)
    country = forms.CharField(
        label=_("Country"), required=False, max_length=2, help_text=_("An ISO code such as CO.")
    )
    by = forms.ChoiceField(
        label=_("Broken down by"),
        required=False,
        choices=[("", _("(no breakdown)")), *Disaggregation.choices],
    )

    def __init__(self, query: Any) -> None:
        data = {
            "period": query.get("period", ""),
            "start": query.get("from", ""),
            "end": query.get("to", ""),
            "country": query.get("country", ""),
            "by": query.get("by", ""),
        }
        super().__init__(data)

    def clean_country(self) -> str:
        code = str(self.cleaned_data.get("country") or "").strip().upper()
        if code and code not in known_countries:
            raise forms.ValidationError(_("Unknown country code: %(code)s.") % {"code": code})
        return code

    def values(self) -> dict[str, Any]:
        """The valid filters; a field with an error falls back to its default."""
        self.is_valid()
        clean = getattr(self, "cleaned_data", {})
        country = str(clean.get("country") or "").strip().upper()
        return {
            "granularity": clean.get("period") or "quarter",
            "start": clean.get("start"),
            "end": clean.get("end"),
            "country": country or None,
            "by": clean.get("by") or None,
        }
