"""Engagements: what the team did with whom (field visits, trainings, seminars, meetings), with
participants, outcomes, links, attachments, audience counts, reach readings and follow-ups."""

from __future__ import annotations

import functools
import operator
import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from enlace.core.fields import TagsField
from enlace.core.models import Membership, WorkspaceModel
from enlace.stakeholders.models import CoordinationBody, Organization, Person

MAX_REACH_VALUE = 1_000_000_000  # a billion: anything larger is a typing error


class EngagementKind(models.TextChoices):
    FIELD_VISIT = "field_visit", _("Field visit")
    MEETING = "meeting", _("Meeting")
    TRAINING = "training", _("Training")
    SEMINAR = "seminar", _("Seminar")
    CONFERENCE = "conference", _("Conference")
    WEBINAR = "webinar", _("Webinar")
    ROUNDTABLE = "roundtable", _("Roundtable")
    WORKSHOP = "workshop", _("Workshop")
    ADVOCACY = "advocacy", _("Advocacy")
    SITE_VISIT = "site_visit", _("Site visit")
    OTHER = "other", _("Other")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")


class ParticipantRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    HOST = "host", _("Host")
    SPEAKER = "speaker", _("Speaker")
    FACILITATOR = "facilitator", _("Facilitator")
    PARTICIPANT = "participant", _("Participant")
    OBSERVER = "observer", _("Observer")
    INVITED_GUEST = "invited_guest", _("Invited guest")


class LinkKind(models.TextChoices):
    LIVESTREAM = "livestream", _("Livestream")
    RECORDING = "recording", _("Recording")
    ARTICLE = "article", _("Article")
    OTHER = "other", _("Other")


class AttachmentKind(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    SLIDES = "slides", _("Slides")
    PHOTO = "photo", _("Photo")
    ATTENDANCE_SHEET = "attendance_sheet", _("Attendance sheet")
    OTHER = "other", _("Other")


class AudienceDimension(models.TextChoices):
    DISCIPLINE = "discipline", _("Discipline")
    SEX = "sex", _("Sex")
    ORGANIZATION_KIND = "organization_kind", _("Organisation kind")


class ReachMetric(models.TextChoices):
    IN_PERSON_ATTENDEES = "in_person_attendees", _("In-person attendees")
    REGISTERED = "registered", _("Registered")
    VIRTUAL_LIVE_VIEWERS = "virtual_live_viewers", _("Virtual live viewers")
    RECORDING_VIEWS = "recording_views", _("Recording views")
    UNIQUE_VIEWERS = "unique_viewers", _("Unique viewers")
    SOCIAL_IMPRESSIONS = "social_impressions", _("Social impressions")


class ReachSource(models.TextChoices):
    MANUAL = "manual", _("Manual count")
    PLATFORM_EXPORT = "platform_export", _("Platform export")
    ATTENDANCE_SHEET = "attendance_sheet", _("Attendance sheet")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Engagement(WorkspaceModel):
    kind = models.CharField(_("kind"), max_length=16, choices=EngagementKind.choices)
    title = models.CharField(_("title"), max_length=250)
    title_key = models.CharField(max_length=250, editable=False, db_index=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        help_text=_("The venue's, e.g. America/Santiago."),
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    country = CountryField(_("country"), blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    host_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_engagements",
        verbose_name=_("host organisation"),
    )
    objectives = models.TextField(_("objectives"), blank=True, max_length=20000)
    summary = models.TextField(_("summary"), blank=True, max_length=20000)
    notes = models.TextField(_("notes"), blank=True, max_length=20000)
    tags = TagsField(_("tags"), blank=True, default=list)

    class Meta:
        ordering: ClassVar = ["-start_date", "title_key"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        indexes: ClassVar = [
            models.Index(fields=["workspace", "start_date"]),
            models.Index(fields=["workspace", "kind"]),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="engagement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


def _exactly_one(*fields: str) -> models.Q:
    """A condition that holds when exactly one of the foreign keys is set."""
    options = [models.Q(**{f"{f}__isnull": f != chosen for f in fields}) for chosen in fields]
    return functools.reduce(operator.or_, options)


class Participant(WorkspaceModel):
    """Exactly one of a person, an organisation, a coordination body or one of our members."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="participations"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    coordination_body = models.ForeignKey(
        CoordinationBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    member = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representations",
        verbose_name=_("our representative"),
    )
    role = models.CharField(_("role"), max_length=16, choices=ParticipantRole.choices)

    class Meta:
        verbose_name = _("participant")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=_exactly_one("person", "organization", "coordination_body", "member"),
                name="participant_exactly_one_target",
            )
        ]
        indexes: ClassVar = [
            # The results measures (people attended, organisations engaged) read the live
            # attendances of each engagement in a range: with these columns in the index SQLite
            # reads no participant row (a quarter of the time of organisations engaged).
            models.Index(
                fields=["engagement", "workspace", "person", "organization"],
                condition=models.Q(deleted_at__isnull=True),
                name="participant_results_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} ({self.get_role_display()})"

    @property
    def target(self) -> object:
        return self.person or self.organization or self.coordination_body or self.member


class Outcome(WorkspaceModel):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="outcomes")
    statement = models.CharField(_("outcome"), max_length=500)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
        verbose_name=_("organisation"),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position", "created_at"]
        verbose_name = _("outcome")

    def __str__(self) -> str:
        return self.statement


class EngagementLink(WorkspaceModel):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind"), max_length=12, choices=LinkKind.choices)
    label = models.CharField(_("label"), max_length=200)
    url = models.URLField(_("address"), max_length=500)

    class Meta:
        ordering: ClassVar = ["kind", "created_at"]
        verbose_name = _("link")

    def __str__(self) -> str:
        return self.label


class Attachment(WorkspaceModel):
    """A file kept outside the web root (MEDIA_ROOT) and served only to members."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(upload_to="attachments/%Y/%m/", max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()

    class Meta:
        ordering: ClassVar = ["kind", "created_at"]
        verbose_name = _("attachment")

    def __str__(self) -> str:
        return self.original_name


class AudienceCount(WorkspaceModel):
    """How many attended, by one category of one dimension, when no names are known."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="audience_counts"
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=AudienceDimension.choices)
    category = models.CharField(_("category"), max_length=24)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        ordering: ClassVar = ["dimension", "category"]
        verbose_name = _("audience count")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["engagement", "dimension", "category"],
                condition=models.Q(deleted_at__isnull=True),
                name="audience_count_unique_category",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}:{self.category}={self.count}"


class ReachReading(WorkspaceModel):
    """One reading of a running figure; the latest reading per metric is the figure."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="reach_readings"
    )
    metric = models.CharField(_("metric"), max_length=24, choices=ReachMetric.choices)
    value = models.PositiveIntegerField(_("value"))
    as_of = models.DateField(_("as of"))
    source = models.CharField(
        _("source"), max_length=20, choices=ReachSource.choices, default=ReachSource.MANUAL
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering: ClassVar = ["metric", "as_of", "created_at"]
        verbose_name = _("reach reading")
        indexes: ClassVar = [models.Index(fields=["engagement", "metric", "as_of"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(value__lte=MAX_REACH_VALUE), name="reach_value_plausible"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric}={self.value} ({self.as_of})"


class FollowUp(WorkspaceModel):
    title = models.CharField(_("title"), max_length=300)
    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("from engagement"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("owner"),
    )
    counterpart_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("counterpart organisation"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=20000)

    class Meta:
        ordering: ClassVar = ["due_date", "created_at"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes: ClassVar = [models.Index(fields=["workspace", "owner", "status", "due_date"])]

    def __str__(self) -> str:
        return self.title


class CalendarFeed(models.Model):
    """A member's private calendar address: the secret in it is the credential, so only its
    SHA-256 hash is stored (like core's ApiToken). Rotating replaces the hash in place."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.membership_id})"


# The parts of an engagement: each row belongs to one engagement, and its history with it.
PART_MODELS: tuple[type[models.Model], ...] = (
    Participant,
    Outcome,
    EngagementLink,
    Attachment,
    AudienceCount,
    ReachReading,
)
