"""The learning lists' tables (django-tables2, like the registry's): columns, sort keys, links."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from enlace.engagements.tables import date_span
from enlace.stakeholders.tables import RegistryTable


class _LearningTable(RegistryTable):
    def learning_link(self, url_name: str, pk: Any, text: Any) -> SafeString:
        target = reverse(f"web:learning_{url_name}", args=[self.scope.workspace.slug, pk])
        return format_html('<a href="{}">{}</a>', target, text)


class CurriculumTable(_LearningTable):
    caption = _("Curricula")

    title = tables.Column(verbose_name=_("Title"), order_by=("title_key", "edition", "id"))
    edition = tables.Column(verbose_name=_("Version"))
    language = tables.Column(verbose_name=_("Language"))
    updated_at = tables.DateTimeColumn(verbose_name=_("Updated"), short=True)

    class Meta:
        order_by_field = "sort"
        attrs: Any = {"class": "data"}

    def render_title(self, record: Any, value: Any) -> SafeString:
        return self.learning_link("curriculum_detail", record.pk, value)


class AssessmentTable(_LearningTable):
    caption = _("Assessments")

    title = tables.Column(verbose_name=_("Title"), order_by=("title_key", "id"))
    language = tables.Column(verbose_name=_("Language"))
    curriculum = tables.Column(
        verbose_name=_("Curriculum"), order_by=("curriculum__title_key", "id"), empty_values=()
    )
    updated_at = tables.DateTimeColumn(verbose_name=_("Updated"), short=True)

    class Meta:
        order_by_field = "sort"
        attrs: Any = {"class": "data"}

    def render_title(self, record: Any, value: Any) -> SafeString:
        return self.learning_link("assessment_detail", record.pk, value)

    def render_curriculum(self, record: Any) -> SafeString:
        if record.curriculum is None:
            return SafeString("—")
        return self.learning_link("curriculum_detail", record.curriculum_id, record.curriculum)


class TrainingTable(_LearningTable):
    caption = _("Trainings")

    title = tables.Column(
        verbose_name=_("Training"),
        accessor="engagement__title",
        order_by=("engagement__title_key", "id"),
    )
    kind = tables.Column(
        verbose_name=_("Kind"), accessor="engagement__kind", order_by=("engagement__kind", "id")
    )
    dates = tables.Column(
        verbose_name=_("Dates"),
        accessor="engagement__start_date",
        order_by=("engagement__start_date", "id"),
        empty_values=(),
    )
    curriculum = tables.Column(
        verbose_name=_("Curriculum"), order_by=("curriculum__title_key", "id"), empty_values=()
    )
    enrolled = tables.Column(
        verbose_name=_("Participants"),
        accessor="pk",
        orderable=False,
        empty_values=(),
        attrs={"td": {"class": "number"}, "th": {"class": "number"}},
    )

    class Meta:
        order_by_field = "sort"
        attrs: Any = {"class": "data"}

    def render_title(self, record: Any, value: Any) -> SafeString:
        return self.learning_link("training", record.engagement_id, value)

    def render_kind(self, record: Any) -> str:
        return str(record.engagement.get_kind_display())

    def render_dates(self, record: Any) -> str:
        return date_span(record.engagement.start_date, record.engagement.end_date)

    def render_curriculum(self, record: Any) -> SafeString:
        if record.curriculum is None:
            return SafeString("—")
        return self.learning_link("curriculum_detail", record.curriculum_id, record.curriculum)

    def render_enrolled(self, record: Any) -> str:
        for name in ("enrollment_count", "enrollments_count", "enrolled_count", "n_enrollments"):
            if hasattr(record, name):
                return str(getattr(record, name))
        return "—"
