"""The stakeholder registry: organisations, people, coordination bodies and relationships."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from enlace.core.fields import TagsField, name_key
from enlace.core.models import WorkspaceModel


class OrganizationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government ministry or agency")
    NHRI = "nhri", _("National human rights institution")
    PARLIAMENT = "parliament", _("Parliament")
    JUSTICE = "justice", _("Judiciary or prosecution")
    ENFORCEMENT = "enforcement", _("Police or labour inspection")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    NGO = "ngo", _("NGO")
    SURVIVOR_LED = "survivor_led", _("Survivor-led organisation")
    COMMUNITY = "community", _("Community group")
    FAITH_BASED = "faith_based", _("Faith-based organisation")
    ACADEMIA = "academia", _("Academia")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    TRADE_UNION = "trade_union", _("Trade union")
    MULTILATERAL = "multilateral", _("Multilateral or UN agency")
    EMBASSY = "embassy", _("Embassy or foreign government")
    DONOR = "donor", _("Donor")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other")


class Discipline(models.TextChoices):
    LEGAL = "legal", _("Legal")
    SOCIAL_WORK = "social_work", _("Social work")
    PSYCHOLOGY = "psychology", _("Psychology")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    DIPLOMACY = "diplomacy", _("Diplomacy")
    ADVOCACY = "advocacy", _("Advocacy")
    OTHER = "other", _("Other")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Written form")
    VERBAL = "verbal", _("Verbal, recorded by staff")
    ONLINE = "online", _("Online form")
    EMAIL = "email", _("By email")
    OTHER = "other", _("Other")


class BodyKind(models.TextChoices):
    ROUNDTABLE = "roundtable", _("Roundtable")
    TASK_FORCE = "task_force", _("Task force")
    WORKING_GROUP = "working_group", _("Working group")
    NETWORK = "network", _("Network")
    ALLIANCE = "alliance", _("Alliance")
    OTHER = "other", _("Other")


class BodyScope(models.TextChoices):
    LOCAL = "local", _("Local")
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    GLOBAL = "global", _("Global")


class BodyRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")
    SECRETARIAT = "secretariat", _("Secretariat")


class RelationshipKind(models.TextChoices):
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Funder")
    MEMBER_OF = "member_of", _("Member of")
    MOU = "mou", _("Memorandum of understanding")
    REFERRAL = "referral", _("Referral")
    INVITED_BY = "invited_by", _("Invited by")


class RelationshipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class Organization(WorkspaceModel):
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    acronym_key = models.CharField(max_length=30, editable=False, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=24, choices=OrganizationKind.choices)
    country = CountryField(_("country"), blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("parent organisation"),
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    tags = TagsField(_("tags"), blank=True, default=list)
    notes = models.TextField(_("notes"), blank=True, max_length=20000)

    class Meta:
        ordering: ClassVar = ["name_key"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes: ClassVar = [models.Index(fields=["workspace", "name_key"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def clean(self) -> None:
        self.name = " ".join(self.name.split())
        self.acronym = self.acronym.strip()
        self.name_key = name_key(self.name)
        self.acronym_key = name_key(self.acronym).replace(" ", "")
        if not self.name_key:
            raise ValidationError({"name": _("A name needs at least one letter or digit.")})
        if self.parent_id is not None:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("An organisation cannot be its own parent.")})
            seen = {self.pk}
            node = self.parent
            while node is not None:
                if node.workspace_id != self.workspace_id:
                    raise ValidationError({"parent": _("Unknown parent organisation.")})
                if node.pk in seen:
                    raise ValidationError(
                        {"parent": _("That parent would make the organisation its own unit.")}
                    )
                seen.add(node.pk)
                node = node.parent


class Person(WorkspaceModel):
    full_name = models.CharField(_("full name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    position = models.CharField(_("position or title"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    discipline = models.CharField(
        _("discipline"), max_length=24, choices=Discipline.choices, blank=True
    )
    sex = models.CharField(
        _("sex"),
        max_length=8,
        choices=Sex.choices,
        blank=True,
        help_text=_("Optional; used only for disaggregated figures."),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = TagsField(_("languages"), blank=True, default=list)
    may_contact = models.BooleanField(_("may be contacted"), default=False)
    may_name_publicly = models.BooleanField(_("may be named publicly"), default=False)
    may_photograph = models.BooleanField(_("may be photographed"), default=False)
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    consent_method = models.CharField(
        _("how consent was obtained"), max_length=16, choices=ConsentMethod.choices, blank=True
    )
    lived_experience = models.BooleanField(
        _("person with lived experience"),
        default=False,
        help_text=_("Visible only to owners and managers; never named outside the workspace."),
    )
    tags = TagsField(_("tags"), blank=True, default=list)
    notes = models.TextField(_("notes"), blank=True, max_length=20000)

    class Meta:
        ordering: ClassVar = ["name_key"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes: ClassVar = [models.Index(fields=["workspace", "name_key"])]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        self.full_name = " ".join(self.full_name.split())
        self.name_key = name_key(self.full_name)
        if not self.name_key:
            raise ValidationError({"full_name": _("A name needs at least one letter or digit.")})
        org = self.organization if self.organization_id is not None else None
        if org is not None and org.workspace_id != self.workspace_id:
            raise ValidationError({"organization": _("Unknown organisation.")})
        consent_given = self.may_contact or self.may_name_publicly or self.may_photograph
        if consent_given and not (self.consent_date and self.consent_method):
            raise ValidationError({"consent_date": _("Record when and how consent was obtained.")})


class CoordinationBody(WorkspaceModel):
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=BodyKind.choices)
    scope = models.CharField(_("scope"), max_length=10, choices=BodyScope.choices)
    country = CountryField(_("country"), blank=True)
    chair_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_bodies",
        verbose_name=_("chair organisation"),
    )
    tags = TagsField(_("tags"), blank=True, default=list)
    notes = models.TextField(_("notes"), blank=True, max_length=20000)

    class Meta:
        ordering: ClassVar = ["name_key"]
        verbose_name = _("coordination body")
        verbose_name_plural = _("coordination bodies")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def clean(self) -> None:
        self.name = " ".join(self.name.split())
        self.name_key = name_key(self.name)
        if not self.name_key:
            raise ValidationError({"name": _("A name needs at least one letter or digit.")})
        if self.scope in {BodyScope.LOCAL, BodyScope.NATIONAL} and not self.country:
            raise ValidationError({"country": _("A local or national body needs a country.")})
        chair = self.chair_organization if self.chair_organization_id else None
        if chair is not None and chair.workspace_id != self.workspace_id:
            raise ValidationError({"chair_organization": _("Unknown organisation.")})


class BodyMembership(WorkspaceModel):
    body = models.ForeignKey(CoordinationBody, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="body_memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=BodyRole.choices)
    start_date = models.DateField(_("since"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["role", "organization__name_key"]
        verbose_name = _("member organisation")

    def __str__(self) -> str:
        return f"{self.organization} — {self.get_role_display()}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
        org = self.organization if self.organization_id is not None else None
        if org is not None and org.workspace_id != self.workspace_id:
            raise ValidationError({"organization": _("Unknown organisation.")})


class Relationship(WorkspaceModel):
    from_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="relationships_from",
        verbose_name=_("organisation"),
    )
    to_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="relationships_to",
        verbose_name=_("related organisation"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RelationshipKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RelationshipStatus.choices,
        default=RelationshipStatus.ACTIVE,
    )
    since = models.DateField(_("since"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=20000)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(from_organization=models.F("to_organization")),
                name="relationship_distinct_organizations",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_organization} — {self.get_kind_display()} — {self.to_organization}"

    def clean(self) -> None:
        if self.from_organization_id and self.from_organization_id == self.to_organization_id:
            raise ValidationError(
                {"to_organization": _("A relationship links two different organisations.")}
            )
        for name in ("from_organization", "to_organization"):
            if getattr(self, f"{name}_id", None) is not None:
                org = getattr(self, name)
                if org.workspace_id != self.workspace_id:
                    raise ValidationError({name: _("Unknown organisation.")})
