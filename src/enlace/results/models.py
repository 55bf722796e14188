"""Results frameworks: a programme, its tree of goals, outcomes and outputs, the indicators on
each node (computed by a measure or reported), their targets and reported values. The measures
themselves are code (measures.py), not rows: a documented, fixed set."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from enlace.core.models import WorkspaceModel

VALUE_DIGITS = 20  # the column's size
VALUE_PLACES = 4
# What the services accept before the point: 15 significant digits stay exact on SQLite.
MAX_WHOLE_DIGITS = 11
MAX_NODE_DEPTH = 12


class Level(models.TextChoices):
    GOAL = "goal", pgettext_lazy("results level", "Goal")
    OUTCOME = "outcome", pgettext_lazy("results level", "Outcome")
    OUTPUT = "output", pgettext_lazy("results level", "Output")


# A node sits at its parent's level or below it (an output under an outcome, an outcome under
# an outcome), never above it.
LEVEL_RANK: dict[str, int] = {Level.GOAL.value: 0, Level.OUTCOME.value: 1, Level.OUTPUT.value: 2}


class Unit(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENT = "percent", _("Percent")
    CURRENCY = "currency", _("Currency")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase is good")
    DECREASE = "decrease", _("Decrease is good")


class Disaggregation(models.TextChoices):
    COUNTRY = "country", _("Country")
    SEX = "sex", _("Sex")
    DISCIPLINE = "discipline", _("Discipline")
    ORGANIZATION_KIND = "organization_kind", _("Organisation kind")
    AGE_GROUP = "age_group", _("Age group")


class Source(models.TextChoices):
    COMPUTED = "computed", _("Computed from the record")
    REPORTED = "reported", _("Reported")


class Verification(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("verification", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("verification", "Submitted")
    VERIFIED = "verified", pgettext_lazy("verification", "Verified")


def _value_field(verbose_name: Any, *, null: bool = False) -> Any:
    return models.DecimalField(
        verbose_name,
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        null=null,
        blank=null,
    )


class Programme(WorkspaceModel):
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=20000)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    # ISO 3166-1 alpha-2 codes, checked by the services against django-countries.
    countries = models.JSONField(_("countries"), default=list, blank=True)
    currency = models.CharField(_("default currency"), max_length=3, blank=True)

    class Meta:
        ordering: ClassVar = ["-start_date", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="programme_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["workspace", "code"],
                condition=models.Q(deleted_at__isnull=True) & ~models.Q(code=""),
                name="programme_unique_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ResultNode(WorkspaceModel):
    """One goal, outcome or output; siblings are ordered by position."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    code = models.CharField(_("code"), max_length=30, blank=True)
    title = models.CharField(_("title"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering: ClassVar = ["position", "created_at"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        indexes: ClassVar = [models.Index(fields=["programme", "parent", "position"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="result_node_not_own_parent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class Indicator(WorkspaceModel):
    # Kept in step with node.programme by the services: the code is unique per programme.
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="indicators", editable=False
    )
    node = models.ForeignKey(ResultNode, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True, max_length=20000)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.NUMBER)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.INCREASE
    )
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    measure = models.CharField(_("measure"), max_length=40, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    baseline_value = _value_field(_("baseline"), null=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    baseline_period = models.CharField(_("baseline period"), max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering: ClassVar = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                condition=models.Q(deleted_at__isnull=True),
                name="indicator_unique_code",
            ),
            models.CheckConstraint(
                condition=(models.Q(source="computed") & ~models.Q(measure=""))
                | (models.Q(source="reported") & models.Q(measure="")),
                name="indicator_measure_iff_computed",
            ),
            models.CheckConstraint(
                condition=~models.Q(unit="currency") | ~models.Q(currency=""),
                name="indicator_currency_unit_has_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Target(WorkspaceModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(_("period"), max_length=20)
    country = models.CharField(_("country"), max_length=2, blank=True)
    value = _value_field(_("target"))

    class Meta:
        ordering: ClassVar = ["period", "country"]
        verbose_name = _("target")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["indicator", "period", "country"],
                condition=models.Q(deleted_at__isnull=True),
                name="target_unique_period_country",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.country or '*'} = {self.value}"


class ReportedValue(WorkspaceModel):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="reported_values"
    )
    period = models.CharField(_("period"), max_length=20)
    country = models.CharField(_("country"), max_length=2, blank=True)
    value = _value_field(_("value"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=5000)
    verification_status = models.CharField(
        _("verification"), max_length=10, choices=Verification.choices, default=Verification.DRAFT
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True, editable=False)

    class Meta:
        ordering: ClassVar = ["period", "country"]
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["indicator", "period", "country"],
                condition=models.Q(deleted_at__isnull=True),
                name="reported_value_unique_period_country",
            ),
            models.CheckConstraint(
                condition=~models.Q(verification_status="verified")
                | (models.Q(verified_by__isnull=False) & models.Q(verified_at__isnull=False)),
                name="reported_value_verified_has_who",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.country or '*'} = {self.value}"


class StatusRules(models.Model):
    """How a workspace judges an indicator against its target: the actual to date as a percent
    of what the target expects by now (the target pro-rated over the part of its period that
    has passed). At or above `on_track_from`: on track; at or above `at_risk_from`: at risk;
    below: off track. One row per workspace, created with the defaults when first read."""

    workspace = models.OneToOneField(
        "core.Workspace", on_delete=models.CASCADE, related_name="results_status_rules"
    )
    on_track_from = models.PositiveSmallIntegerField(_("on track from (percent)"), default=90)
    at_risk_from = models.PositiveSmallIntegerField(_("at risk from (percent)"), default=70)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status rules")
        verbose_name_plural = _("status rules")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(at_risk_from__lte=models.F("on_track_from"))
                & models.Q(on_track_from__lte=100),
                name="status_rules_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.on_track_from}/{self.at_risk_from}"


# Facts: the rows the heaviest measures count, kept as records are saved (enlace.results.facts)


class ParticipationFact(models.Model):
    """One live participant of a live engagement, with what the measures read of its
    engagement, person and organisations, denormalised: people attended and organisations
    engaged count these rows without joining four tables. Derived data, rewritten by
    enlace.results.facts whenever one of its sources is saved or deleted; never edited."""

    participant_id = models.UUIDField(primary_key=True)
    workspace_id = models.UUIDField()
    engagement_id = models.UUIDField(db_index=True)
    date = models.DateField()  # the engagement's start date
    kind = models.CharField(max_length=16)
    role = models.CharField(max_length=16)
    person_id = models.UUIDField(null=True, db_index=True)
    person_live = models.BooleanField(default=False)
    lived_experience = models.BooleanField(default=False)
    sex = models.CharField(max_length=16, blank=True, null=True)
    discipline = models.CharField(max_length=24, blank=True, null=True)
    person_org_id = models.UUIDField(null=True, db_index=True)
    person_org_live = models.BooleanField(default=False)
    person_country = models.CharField(max_length=2, blank=True, null=True)
    person_org_kind = models.CharField(max_length=24, blank=True, null=True)
    organization_id = models.UUIDField(null=True, db_index=True)
    org_live = models.BooleanField(default=False)
    org_country = models.CharField(max_length=2, blank=True, null=True)
    org_kind = models.CharField(max_length=24, blank=True, null=True)

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["workspace_id", "date"], name="results_pf_ws_date")
        ]

    def __str__(self) -> str:
        return f"participation {self.participant_id}"


class EnrollmentFact(models.Model):
    """One live enrolment of a live training, with its engagement's kind and end date, its
    person's keys and the points of its live pre-test and post-test: people trained and the
    knowledge-gain share count these rows. Kept like ParticipationFact."""

    enrollment_id = models.UUIDField(primary_key=True)
    workspace_id = models.UUIDField()
    training_id = models.UUIDField(db_index=True)
    curriculum_id = models.UUIDField(null=True)
    engagement_id = models.UUIDField(db_index=True)
    kind = models.CharField(max_length=16)
    date = models.DateField()  # the engagement's end date
    status = models.CharField(max_length=16)
    person_id = models.UUIDField(db_index=True)
    person_live = models.BooleanField(default=False)
    lived_experience = models.BooleanField(default=False)
    sex = models.CharField(max_length=16, blank=True, null=True)
    discipline = models.CharField(max_length=24, blank=True, null=True)
    person_org_id = models.UUIDField(null=True, db_index=True)
    person_country = models.CharField(max_length=2, blank=True, null=True)
    person_org_kind = models.CharField(max_length=24, blank=True, null=True)
    pre_earned = models.PositiveIntegerField(null=True)
    pre_possible = models.PositiveIntegerField(null=True)
    post_earned = models.PositiveIntegerField(null=True)
    post_possible = models.PositiveIntegerField(null=True)

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["workspace_id", "date"], name="results_ef_ws_date")
        ]

    def __str__(self) -> str:
        return f"enrolment {self.enrollment_id}"
