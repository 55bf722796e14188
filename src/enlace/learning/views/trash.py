"""The learning records the workspace trash lists (a registry page): curricula, assessments and
enrolments, each restored through its service. LearningConfig.ready() hands them over with
`register()`, as engagements does, so that the registry never imports this app."""

from __future__ import annotations

from enlace.learning.models import Assessment, Curriculum, Enrollment
from enlace.learning.selectors import records
from enlace.learning.services import assessments, curricula, enrollments
from enlace.stakeholders.views.types import TrashKind, trash_kind_register

CURRICULUM = TrashKind(
    key="learning_curriculum",
    model=Curriculum,
    trash=lambda scope: records.curriculum_queryset(scope, deleted=True),
    restore=lambda scope, record: curricula.curriculum_restore(scope=scope, curriculum=record),
)

ASSESSMENT = TrashKind(
    key="learning_assessment",
    model=Assessment,
    trash=lambda scope: records.assessment_queryset(scope, deleted=True),
    restore=lambda scope, record: assessments.assessment_restore(scope=scope, assessment=record),
)

ENROLLMENT = TrashKind(
    key="learning_enrollment",
    model=Enrollment,
    trash=lambda scope: records.enrollment_queryset(scope, deleted=True).select_related(
        "person", "training__engagement"
    ),
    restore=lambda scope, record: enrollments.enrollment_restore(scope=scope, enrollment=record),
)


def register() -> None:
    trash_kind_register(CURRICULUM, ASSESSMENT, ENROLLMENT)
