"""Capacity building: curricula and their modules, trainings (an engagement of kind training or
workshop) with sessions, enrolment and attendance, assessment instruments with versioned items,
responses (through a personal link or entered by staff) and certificates.

Scores are computed by the services when a response is recorded and kept on the response
(points earned over points possible on the scored items); every figure on the learning pages is
derived from those rows (see enlace.learning.stats).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.core.models import WorkspaceModel
from enlace.engagements.models import Engagement, EngagementKind
from enlace.stakeholders.models import Person

TRAINING_KINDS = frozenset({EngagementKind.TRAINING, EngagementKind.WORKSHOP})
MAX_ITEM_POINTS = 100
MAX_CHOICES = 12
LIKERT_MIN, LIKERT_MAX = 1, 5
MAX_YEARS_IN_FIELD = 70
DEFAULT_MIN_ATTENDANCE = 80


class ExperienceLevel(models.TextChoices):
    NONE = "none", _("None")
    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class EnrollmentStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ENROLLED = "enrolled", _("Enrolled")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # Never typed: the services set it when the training's completion rule is met.
    COMPLETED = "completed", _("Completed")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


ATTENDED = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.LATE})


class ItemKind(models.TextChoices):
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")
    LIKERT = "likert", _("Self-efficacy (1 to 5)")
    OPEN_TEXT = "open_text", _("Open text")


SCORED_KINDS = frozenset({ItemKind.SINGLE_CHOICE, ItemKind.MULTIPLE_CHOICE, ItemKind.TRUE_FALSE})


class Phase(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")
    FOLLOW_UP = "follow_up", _("Follow-up")


class ResponseSource(models.TextChoices):
    LINK = "link", _("Personal link")
    STAFF = "staff", _("Entered by staff")


class Curriculum(WorkspaceModel):
    title = models.CharField(_("title"), max_length=250)
    title_key = models.CharField(max_length=250, editable=False, db_index=True)
    language = models.CharField(_("language"), max_length=8, default="es")
    # `version` is every record's concurrency counter; a curriculum's own version is its edition.
    edition = models.CharField(_("version"), max_length=30, default="1.0")
    description = models.TextField(_("description"), blank=True, max_length=20000)

    class Meta:
        ordering: ClassVar = ["title_key", "edition"]
        verbose_name = _("curriculum")
        verbose_name_plural = _("curricula")

    def __str__(self) -> str:
        return f"{self.title} ({self.edition})"


class Module(WorkspaceModel):
    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=250)
    objectives = models.TextField(
        _("learning objectives"),
        blank=True,
        max_length=5000,
        help_text=_("One objective per line."),
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=60)

    class Meta:
        ordering: ClassVar = ["position", "created_at"]
        verbose_name = _("module")

    def __str__(self) -> str:
        return self.title

    @property
    def objective_list(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]


class Training(WorkspaceModel):
    """The learning side of an engagement of kind training or workshop (one per engagement)."""

    engagement = models.OneToOneField(Engagement, on_delete=models.PROTECT, related_name="training")
    curriculum = models.ForeignKey(
        Curriculum,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("curriculum"),
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (percent of sessions)"), default=DEFAULT_MIN_ATTENDANCE
    )
    require_post_test = models.BooleanField(
        _("the post-test must be taken, where there is one"), default=True
    )

    class Meta:
        verbose_name = _("training")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(min_attendance_percent__lte=100),
                name="training_attendance_percent",
            )
        ]

    def __str__(self) -> str:
        return str(self.engagement)


class TrainingSession(WorkspaceModel):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="sessions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=250, blank=True)
    modules: models.ManyToManyField[Module, SessionModule] = models.ManyToManyField(
        Module, through="SessionModule", related_name="sessions", blank=True
    )
    facilitator = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilitated_sessions",
        verbose_name=_("facilitator"),
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=0)

    class Meta:
        ordering: ClassVar = ["date", "position", "created_at"]
        verbose_name = _("session")

    def __str__(self) -> str:
        return self.title or str(self.date)


class SessionModule(WorkspaceModel):
    """Which module(s) a session covers; a module in use cannot be deleted (PROTECT)."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="session_modules"
    )
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="session_modules")

    class Meta:
        verbose_name = _("session module")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["session", "module"], name="session_module_unique")
        ]


class Enrollment(WorkspaceModel):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="enrollments")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("person")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EnrollmentStatus.choices,
        default=EnrollmentStatus.ENROLLED,
    )
    experience_level = models.CharField(
        _("experience at intake"),
        max_length=12,
        choices=ExperienceLevel.choices,
        default=ExperienceLevel.NONE,
    )
    years_in_field = models.PositiveSmallIntegerField(
        _("years in the field"), null=True, blank=True
    )
    enrolled_on = models.DateField(_("enrolled on"), default=timezone.localdate)

    class Meta:
        ordering: ClassVar = ["person__name_key"]
        verbose_name = _("enrolment")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["training", "person"],
                condition=models.Q(deleted_at__isnull=True),
                name="enrollment_unique_person",
            ),
            models.CheckConstraint(
                condition=models.Q(years_in_field__lte=MAX_YEARS_IN_FIELD),
                name="enrollment_years_plausible",
            ),
        ]
        indexes: ClassVar = [
            # The results measures (people trained, knowledge gain) read the live enrolments
            # of each training by status: covering, so SQLite reads no enrolment row.
            models.Index(
                fields=["training", "workspace", "status", "person"],
                condition=models.Q(deleted_at__isnull=True),
                name="enrollment_results_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.training}"


class Attendance(WorkspaceModel):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=8, choices=AttendanceStatus.choices)

    class Meta:
        verbose_name = _("attendance")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["session", "enrollment"], name="attendance_unique_session"
            )
        ]


class Assessment(WorkspaceModel):
    """An instrument: a test or questionnaire with ordered, versioned items."""

    title = models.CharField(_("title"), max_length=250)
    title_key = models.CharField(max_length=250, editable=False, db_index=True)
    language = models.CharField(_("language"), max_length=8, default="es")
    description = models.TextField(_("description"), blank=True, max_length=20000)
    curriculum = models.ForeignKey(
        Curriculum,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("curriculum"),
    )

    class Meta:
        ordering: ClassVar = ["title_key"]
        verbose_name = _("assessment")

    def __str__(self) -> str:
        return self.title


class Item(WorkspaceModel):
    """One question. Once answered, an item is never changed in place: editing it retires this
    revision and adds the next one with the same lineage, so old answers keep their meaning."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    revision = models.PositiveSmallIntegerField(default=1, editable=False)
    retired_at = models.DateTimeField(null=True, blank=True, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    prompt = models.TextField(_("question"), max_length=2000)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    # The index (single choice, true/false) or sorted indices (multiple choice) of the right
    # choices; null for Likert and open items.
    answer = models.JSONField(_("answer key"), null=True, blank=True)
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    module = models.ForeignKey(
        Module,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("module tested"),
    )

    class Meta:
        ordering: ClassVar = ["position", "created_at"]
        verbose_name = _("item")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(points__lte=MAX_ITEM_POINTS), name="item_points_plausible"
            )
        ]

    def __str__(self) -> str:
        return self.prompt[:60]

    @property
    def is_scored(self) -> bool:
        return self.kind in SCORED_KINDS


class TrainingInstrument(WorkspaceModel):
    """An assessment attached to a training as its pre-test, post-test or follow-up."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="instruments")
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="uses", verbose_name=_("assessment")
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)

    class Meta:
        ordering: ClassVar = ["training", "phase"]
        verbose_name = _("training instrument")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["training", "phase"],
                condition=models.Q(deleted_at__isnull=True),
                name="instrument_unique_phase",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} ({self.phase})"

    def is_open(self, now: object = None) -> bool:
        moment = now or timezone.now()
        if self.closed_at is not None:
            return False
        return self.closes_at is None or moment < self.closes_at  # type: ignore[operator]


class ResponseLink(models.Model):
    """A participant's personal link for one phase: the secret in it is the credential, so only
    its SHA-256 hash is stored. Single use, expiring; issuing a new one revokes the old."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="response_links"
    )
    phase = models.CharField(max_length=10, choices=Phase.choices)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("response link")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.phase})"


class Response(WorkspaceModel):
    """One participant's answers to one phase's instrument, with the score computed from them."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="responses")
    instrument = models.ForeignKey(
        TrainingInstrument, on_delete=models.PROTECT, related_name="responses"
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    source = models.CharField(_("source"), max_length=6, choices=ResponseSource.choices)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    points_earned = models.PositiveIntegerField(default=0)
    points_possible = models.PositiveIntegerField(default=0)
    # Mean of the Likert answers (1-5), reported apart from knowledge; null without any.
    self_efficacy = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["submitted_at"]
        verbose_name = _("response")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["enrollment", "phase"],
                condition=models.Q(deleted_at__isnull=True),
                name="response_unique_phase",
            ),
            models.CheckConstraint(
                condition=models.Q(points_earned__lte=models.F("points_possible")),
                name="response_points_bounded",
            ),
        ]
        indexes: ClassVar = [
            # The knowledge-gain share reads each enrolment's pre and post scores: covering,
            # so it never reads a response row (nor, ever, the raw answers).
            models.Index(
                fields=["enrollment", "phase", "points_earned", "points_possible"],
                condition=models.Q(deleted_at__isnull=True),
                name="response_scores_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} ({self.phase})"

    @property
    def score(self) -> float | None:
        """Percent of the points possible; None when the instrument has no scored items."""
        if not self.points_possible:
            return None
        return 100.0 * self.points_earned / self.points_possible


class Answer(models.Model):
    """One answer within a response. Answers are written once with their response and never
    edited (a correction replaces the response), so the response's history covers them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    choice = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = models.JSONField(null=True, blank=True)
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=5000)
    points_earned = models.PositiveSmallIntegerField(default=0)
    correct = models.BooleanField(null=True)

    class Meta:
        verbose_name = _("answer")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["response", "item"], name="answer_unique_item")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} in {self.response_id}"


class Certificate(WorkspaceModel):
    """A completion certificate. What it shows is copied onto it when issued, so that the
    public verification page shows exactly what the paper shows."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="certificates"
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    holder_name = models.CharField(_("holder"), max_length=200)
    # Whether the public verification page may show the name (consent, lived experience).
    name_public = models.BooleanField(default=False)
    training_title = models.CharField(_("training"), max_length=250)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)
    issuer_name = models.CharField(_("issued by"), max_length=200)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["-issued_at"]
        verbose_name = _("certificate")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=models.Q(deleted_at__isnull=True, revoked_at__isnull=True),
                name="certificate_one_valid_per_enrollment",
            )
        ]

    def __str__(self) -> str:
        return self.code
