"""Report drafts: a report (of a field visit, or of a period) generated from the record as
Markdown, then edited in the browser and kept as numbered versions. Regenerating never
overwrites the writer's text: the new draft waits beside it, with a diff, until the writer
takes it or leaves it."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from enlace.core.models import WorkspaceModel
from enlace.engagements.models import Engagement

MAX_REPORT_CHARS = 200_000


class ReportKind(models.TextChoices):
    FIELD_VISIT = "field_visit", _("Field visit report")
    PERIOD = "period", _("Period report")


class Audience(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    PUBLIC = "public", _("Public")


class ReportLanguage(models.TextChoices):
    EN = "en", _("English")
    ES = "es", _("Spanish")


class GenerationStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being drafted")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Report(WorkspaceModel):
    kind = models.CharField(_("kind"), max_length=12, choices=ReportKind.choices)
    title = models.CharField(_("title"), max_length=250)
    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("engagement"),
    )
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    countries = models.JSONField(_("countries"), default=list, blank=True)
    audience = models.CharField(
        _("audience"), max_length=8, choices=Audience.choices, default=Audience.INTERNAL
    )
    language = models.CharField(
        _("language"), max_length=2, choices=ReportLanguage.choices, default=ReportLanguage.EN
    )
    # A public draft shows a banner until someone marks it reviewed.
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Background generation: its state, the task's id and, when it failed, why.
    generation_status = models.CharField(
        max_length=8, choices=GenerationStatus.choices, default=GenerationStatus.QUEUED
    )
    generation_task_id = models.CharField(max_length=64, blank=True)
    generation_error = models.CharField(max_length=500, blank=True)
    # A regenerated draft waiting for the writer to take it (the diff is against the latest
    # version); empty when none waits.
    pending_markdown = models.TextField(blank=True, max_length=MAX_REPORT_CHARS)
    pending_figures = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("report")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_start__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="report_period_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def country_names(self) -> list[str]:
        """A period report's countries by name, in the active language."""
        names = dict(countries)
        return [str(names.get(code, code)) for code in self.countries or []]


class VersionSource(models.TextChoices):
    GENERATED = "generated", _("Generated from the record")
    EDITED = "edited", _("Edited")


class ReportVersion(models.Model):
    """One saved state of a report's text; never edited, so its history is itself."""

    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    markdown = models.TextField(max_length=MAX_REPORT_CHARS)
    # The figures the text was drafted from (JSON), for traceability.
    figures = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=10, choices=VersionSource.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["report", "number"]
        verbose_name = _("report version")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"
