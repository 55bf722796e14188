"""Partnerships: opportunities on their way from a first meeting to a decision (with their stage
history, origin engagements, money, deadlines and documents), and the agreements they lead to
(parties, obligations, renewal), plus the workspace's exchange-rate table for forecasts."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from enlace.core.fields import TagsField
from enlace.core.models import WorkspaceModel
from enlace.engagements.models import Engagement
from enlace.stakeholders.models import Organization

MAX_AMOUNT_DIGITS = 16  # the column's size
# What the services accept: 13 digits before the point, so that 15 significant digits stay
# exact on SQLite too (it keeps decimals as floats). Ten trillion is enough in any currency.
MAX_WHOLE_DIGITS = 13


class OpportunityKind(models.TextChoices):
    INVITED_PROPOSAL = "invited_proposal", _("Invited proposal")
    CALL_FOR_PROPOSALS = "call_for_proposals", _("Call for proposals")
    TECHNICAL_ASSISTANCE_REQUEST = "technical_assistance_request", _("Technical assistance request")
    MEMORANDUM_OF_UNDERSTANDING = "memorandum_of_understanding", _("Memorandum of understanding")
    JOINT_ACTIVITY = "joint_activity", _("Joint activity")
    FUNDING_RENEWAL = "funding_renewal", _("Funding renewal")
    OTHER = "other", _("Other")


class Stage(models.TextChoices):
    IDENTIFIED = "identified", pgettext_lazy("opportunity stage", "Identified")
    EXPLORING = "exploring", pgettext_lazy("opportunity stage", "Exploring")
    INVITED = "invited", pgettext_lazy("opportunity stage", "Invited")
    DRAFTING = "drafting", pgettext_lazy("opportunity stage", "Drafting")
    SUBMITTED = "submitted", pgettext_lazy("opportunity stage", "Submitted")
    WON = "won", pgettext_lazy("opportunity stage", "Won")
    LOST = "lost", pgettext_lazy("opportunity stage", "Lost")
    WITHDRAWN = "withdrawn", pgettext_lazy("opportunity stage", "Withdrawn")


# Moving into one of these needs a short reason.
CLOSING_STAGES = frozenset({Stage.WON, Stage.LOST, Stage.WITHDRAWN})


class DeadlineKind(models.TextChoices):
    CONCEPT_NOTE_DUE = "concept_note_due", _("Concept note due")
    PROPOSAL_DUE = "proposal_due", _("Proposal due")
    DECISION_EXPECTED = "decision_expected", _("Decision expected")
    OTHER = "other", _("Other")


class DocumentKind(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted version")
    OTHER = "other", _("Other")


class Opportunity(WorkspaceModel):
    title = models.CharField(_("title"), max_length=250)
    title_key = models.CharField(max_length=250, editable=False, db_index=True)
    counterpart_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="opportunities",
        verbose_name=_("counterpart organisation"),
    )
    funder_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_opportunities",
        verbose_name=_("funder organisation"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OpportunityKind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="opportunities",
        verbose_name=pgettext_lazy("opportunity", "owner"),
    )
    # Changed only through the stage service, which records a StageChange each time.
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.IDENTIFIED, editable=False
    )
    stage_changed_at = models.DateTimeField(default=timezone.now, editable=False)
    amount = models.DecimalField(
        _("amount"), max_digits=MAX_AMOUNT_DIGITS, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    probability = models.PositiveSmallIntegerField(
        _("probability (percent)"), null=True, blank=True
    )
    origin_engagements: models.ManyToManyField[Engagement, OpportunityOrigin] = (
        models.ManyToManyField(
            Engagement,
            through="OpportunityOrigin",
            related_name="opportunities",
            blank=True,
            verbose_name=_("arose from"),
        )
    )
    tags = TagsField(_("tags"), blank=True, default=list)
    notes = models.TextField(_("notes"), blank=True, max_length=20000)

    class Meta:
        ordering: ClassVar = ["title_key"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        indexes: ClassVar = [models.Index(fields=["workspace", "stage"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(probability__lte=100), name="opportunity_probability_percent"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | ~models.Q(currency=""),
                name="opportunity_amount_has_currency",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="opportunity_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSING_STAGES


class OpportunityOrigin(WorkspaceModel):
    """An engagement where the opportunity arose (the field visit's meeting)."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="origin_links"
    )
    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, related_name="opportunity_origins"
    )

    class Meta:
        verbose_name = _("origin")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["opportunity", "engagement"], name="opportunity_origin_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.opportunity_id} <- {self.engagement_id}"


class StageChange(models.Model):
    """One move of an opportunity: written once, never edited; the first row is its creation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["at", "id"]
        verbose_name = _("stage change")
        indexes: ClassVar = [models.Index(fields=["opportunity", "at"])]

    def __str__(self) -> str:
        return f"{self.from_stage or '-'} -> {self.stage}"


class Deadline(WorkspaceModel):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(
        _("kind"), max_length=20, choices=DeadlineKind.choices, default=DeadlineKind.OTHER
    )
    label = models.CharField(_("label"), max_length=200)
    date = models.DateField(_("date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["date", "label"]
        verbose_name = _("deadline")
        indexes: ClassVar = [models.Index(fields=["workspace", "date"])]

    def __str__(self) -> str:
        return f"{self.label} ({self.date})"


class OpportunityDocument(WorkspaceModel):
    """A draft or submitted version, kept outside the web root like engagement attachments."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    file = models.FileField(upload_to="opportunities/%Y/%m/", max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()

    class Meta:
        ordering: ClassVar = ["kind", "created_at"]
        verbose_name = _("document")

    def __str__(self) -> str:
        return self.original_name


class AgreementKind(models.TextChoices):
    MEMORANDUM_OF_UNDERSTANDING = "memorandum_of_understanding", _("Memorandum of understanding")
    GRANT_AGREEMENT = "grant_agreement", _("Grant agreement")
    SERVICE_CONTRACT = "service_contract", _("Service contract")
    LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")
    DATA_SHARING_AGREEMENT = "data_sharing_agreement", _("Data-sharing agreement")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("agreement status", "Draft")
    ACTIVE = "active", pgettext_lazy("agreement status", "Active")
    EXPIRED = "expired", pgettext_lazy("agreement status", "Expired")
    TERMINATED = "terminated", pgettext_lazy("agreement status", "Terminated")


class Agreement(WorkspaceModel):
    title = models.CharField(_("title"), max_length=250)
    title_key = models.CharField(max_length=250, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=32, choices=AgreementKind.choices)
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("from opportunity"),
    )
    parties: models.ManyToManyField[Organization, AgreementParty] = models.ManyToManyField(
        Organization, through="AgreementParty", related_name="agreements", blank=True
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    value = models.DecimalField(
        _("value"), max_digits=MAX_AMOUNT_DIGITS, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    renewal_reminder_on = models.DateField(_("renewal reminder"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=20000)

    class Meta:
        ordering: ClassVar = ["-start_date", "title_key"]
        verbose_name = _("agreement")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="agreement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | ~models.Q(currency=""),
                name="agreement_value_has_currency",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AgreementParty(WorkspaceModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="party_links")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="agreement_parties"
    )

    class Meta:
        verbose_name = _("party")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["agreement", "organization"], name="agreement_party_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} in {self.agreement_id}"


class Obligation(WorkspaceModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="obligations")
    text = models.CharField(_("obligation"), max_length=500)
    responsible_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obligations",
        verbose_name=_("responsible party"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position", "due_date", "created_at"]
        verbose_name = _("obligation")

    def __str__(self) -> str:
        return self.text


class ExchangeRate(WorkspaceModel):
    """The workspace's own rate table for forecasts: one unit of `currency` is worth `rate`
    units of `base_currency`. Without a rate, figures are never summed across currencies."""

    currency = models.CharField(_("currency"), max_length=3)
    base_currency = models.CharField(_("base currency"), max_length=3)
    rate = models.DecimalField(_("rate"), max_digits=20, decimal_places=8)
    as_of = models.DateField(_("as of"), default=timezone.localdate)

    class Meta:
        ordering: ClassVar = ["base_currency", "currency"]
        verbose_name = _("exchange rate")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["workspace", "currency", "base_currency"],
                condition=models.Q(deleted_at__isnull=True),
                name="exchange_rate_unique_pair",
            ),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="exchange_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate} {self.base_currency}"
