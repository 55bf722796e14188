"""Forms of the partnerships pages: field checks at the edge, reference choices from scoped reads.

Like the registry's forms they never save: the views hand their values to the services, which
lock, version, validate again and record the history. A stage move carries the version of the
card the user saw, so that a move made meanwhile by someone else is reported, not overwritten.
"""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from enlace.core.scoping import Scope
from enlace.engagements import selectors as engagement_selectors
from enlace.engagements.forms import _SmallForm, member_users
from enlace.partnerships.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    DeadlineKind,
    DocumentKind,
    Opportunity,
    OpportunityKind,
    Stage,
)
from enlace.partnerships.selectors import agreements, opportunities
from enlace.stakeholders import selectors as registry
from enlace.stakeholders.filters import ANY, RegistryFilterSet
from enlace.stakeholders.forms import Fieldsets, RegistryForm, limit_to

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_NOTES_HELP = _("Markdown: **bold**, *italic*, lists and links. HTML is shown as text.")
REASON_HELP = _("Needed when it is won, lost or withdrawn: 3 to 300 characters.")


class _RecordForm(RegistryForm):
    """The services (not the model form) validate the row as a whole."""

    def _post_clean(self) -> None:
        pass


class OpportunityForm(_RecordForm):
    fieldsets: ClassVar[Fieldsets] = [
        (None, ("title", "kind", "counterpart_organization", "funder_organization", "owner")),
        (_("Money"), ("amount", "currency", "probability")),
        (_("Where it arose"), ("origin_engagements",)),
        (_("Stage"), ("stage", "reason")),
        (None, ("tags", "notes")),
    ]

    origin_engagements: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Arose from"),
        queryset=None,
        required=False,
        help_text=_("The engagements (meetings, visits) where it came up."),
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        required=False,
        help_text=_("An ISO 4217 code such as USD, EUR or KES."),
    )
    stage = forms.ChoiceField(label=_("Initial stage"), choices=Stage.choices, initial="identified")
    reason = forms.CharField(
        label=_("Reason"), max_length=300, required=False, help_text=REASON_HELP
    )

    class Meta:
        model = Opportunity
        fields = (
            "title",
            "kind",
            "counterpart_organization",
            "funder_organization",
            "owner",
            "amount",
            "currency",
            "probability",
            "origin_engagements",
            "tags",
            "notes",
        )
        widgets: ClassVar = {"notes": forms.Textarea(attrs={"rows": 5})}
        help_texts: ClassVar = {"notes": _NOTES_HELP}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_new:
            # Stages change on the board (or the detail page), which records each move.
            del self.fields["stage"]
            del self.fields["reason"]

    def limit_choices(self, scope: Scope) -> None:
        organizations = registry.organization_list(scope=scope)
        limit_to(self, "counterpart_organization", organizations)
        limit_to(self, "funder_organization", organizations)
        limit_to(self, "owner", member_users(scope))
        limit_to(self, "origin_engagements", engagement_selectors.engagement_queryset(scope))
        self.fields["owner"].initial = scope.user.pk

    def clean_currency(self) -> str:
        return str(self.cleaned_data.get("currency") or "").strip().upper()

    def changes(self) -> dict[str, Any]:
        data = super().changes()
        if "origin_engagements" in data:
            data["origin_engagements"] = list(data["origin_engagements"])
        if self.is_new:
            data["stage"] = self.cleaned_data["stage"]
            if self.cleaned_data.get("reason"):
                data["reason"] = self.cleaned_data["reason"]
        return data


class MoveForm(forms.Form):
    """A card's move: the stage, the reason a closing move needs, and the version seen."""

    stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    reason = forms.CharField(
        label=_("Reason"), max_length=300, required=False, help_text=REASON_HELP
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DeadlineForm(_SmallForm):
    prefix_name = "deadline"
    kind = forms.ChoiceField(label=_("Kind"), choices=DeadlineKind.choices)
    label = forms.CharField(label=_("Label"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=_DATE)


class DocumentForm(_SmallForm):
    prefix_name = "document"
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "PDF, Word, Excel, PowerPoint, OpenDocument, JPEG, PNG, WebP, CSV or text; "
            "up to 20 MiB."
        ),
    )


class RateForm(_SmallForm):
    prefix_name = "rate"
    currency = forms.CharField(label=_("Currency"), max_length=3)
    base_currency = forms.CharField(label=_("Base currency"), max_length=3)
    rate = forms.DecimalField(
        label=_("Rate"),
        max_digits=20,
        decimal_places=8,
        min_value=0,
        help_text=_("How many units of the base currency one unit of the currency is worth."),
    )

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).strip().upper()

    def clean_base_currency(self) -> str:
        return str(self.cleaned_data["base_currency"]).strip().upper()


class AgreementForm(_RecordForm):
    fieldsets: ClassVar[Fieldsets] = [
        (None, ("title", "kind", "status", "parties", "opportunity")),
        (_("Dates"), ("signed_on", "start_date", "end_date", "renewal_reminder_on")),
        (_("Money"), ("value", "currency")),
        (None, ("notes",)),
    ]

    parties: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Parties"), queryset=None, required=False
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)

    class Meta:
        model = Agreement
        fields = (
            "title",
            "kind",
            "status",
            "parties",
            "opportunity",
            "signed_on",
            "start_date",
            "end_date",
            "renewal_reminder_on",
            "value",
            "currency",
            "notes",
        )
        widgets: ClassVar = {
            "signed_on": _DATE,
            "start_date": _DATE,
            "end_date": _DATE,
            "renewal_reminder_on": _DATE,
            "notes": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts: ClassVar = {"notes": _NOTES_HELP}

    def limit_choices(self, scope: Scope) -> None:
        limit_to(self, "parties", registry.organization_list(scope=scope))
        limit_to(self, "opportunity", opportunities.opportunity_queryset(scope))

    def clean_currency(self) -> str:
        return str(self.cleaned_data.get("currency") or "").strip().upper()

    def changes(self) -> dict[str, Any]:
        data = super().changes()
        if "parties" in data:
            data["parties"] = list(data["parties"])
        return data


class ObligationForm(_SmallForm):
    prefix_name = "obligation"
    text = forms.CharField(label=_("Obligation"), max_length=500)
    responsible_organization: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Responsible party"), queryset=None, required=False
    )
    due_date = forms.DateField(label=_("Due date"), widget=_DATE, required=False)

    def __init__(self, data: Any = None, *, scope: Scope, agreement: Agreement, **kw: Any):
        self.agreement = agreement
        super().__init__(data, scope=scope, **kw)

    def limit_choices(self, scope: Scope) -> None:
        ids = [link.organization_id for link in self.agreement.party_links.all()]
        limit_to(
            self,
            "responsible_organization",
            registry.organization_list(scope=scope).filter(pk__in=ids),
        )


class OpportunityFilter(RegistryFilterSet):
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices, empty_label=ANY)
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=OpportunityKind.choices, empty_label=ANY
    )
    owner = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("opportunity", "Owner"), queryset=None, empty_label=ANY
    )
    currency = django_filters.CharFilter(label=_("Currency"))

    def __init__(self, data: QueryDict, *, scope: Scope) -> None:
        super().__init__(data, scope=scope, queryset=opportunities.opportunity_queryset(scope))
        self.filters["owner"].queryset = member_users(scope)

    def filter_queryset(self, queryset: Any) -> QuerySet[Any]:
        owner = self.value("owner")
        return opportunities.opportunity_list(
            scope=self.workspace_scope,
            q=self.value("q"),
            stage=self.value("stage"),
            kind=self.value("kind"),
            owner_id=owner.pk if owner else None,
            currency=str(self.value("currency")).upper(),
        )


class AgreementFilter(RegistryFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=AgreementStatus.choices, empty_label=ANY
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=AgreementKind.choices, empty_label=ANY
    )

    def __init__(self, data: QueryDict, *, scope: Scope) -> None:
        super().__init__(data, scope=scope, queryset=agreements.agreement_queryset(scope))

    def filter_queryset(self, queryset: Any) -> QuerySet[Any]:
        return agreements.agreement_list(
            scope=self.workspace_scope,
            q=self.value("q"),
            status=self.value("status"),
            kind=self.value("kind"),
        )
