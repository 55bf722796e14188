"""Writes of the learning app, by role: curricula, assessments, trainings (sessions and
instruments), enrolments and attendance, responses and links, certificates.

Import the writes from their module (`enlace.learning.services.trainings.training_for`); this
package re-exports the record writes for callers that prefer `services.training_for`.
"""

from __future__ import annotations

from enlace.learning.services.assessments import (
    assessment_create,
    assessment_delete,
    assessment_restore,
    assessment_update,
    item_add,
    item_remove,
    item_update,
)
from enlace.learning.services.curricula import (
    curriculum_create,
    curriculum_delete,
    curriculum_restore,
    curriculum_update,
    module_add,
    module_remove,
    module_reorder,
    module_update,
)
from enlace.learning.services.enrollments import (
    attendance_set,
    completion_refresh,
    enrollment_add,
    enrollment_remove,
    enrollment_restore,
    enrollment_update,
)
from enlace.learning.services.trainings import (
    instrument_attach,
    instrument_close,
    instrument_detach,
    instrument_reopen,
    instrument_update,
    session_add,
    session_remove,
    session_update,
    sessions_from_curriculum,
    training_for,
    training_update,
)

__all__ = [
    "assessment_create",
    "assessment_delete",
    "assessment_restore",
    "assessment_update",
    "attendance_set",
    "completion_refresh",
    "curriculum_create",
    "curriculum_delete",
    "curriculum_restore",
    "curriculum_update",
    "enrollment_add",
    "enrollment_remove",
    "enrollment_restore",
    "enrollment_update",
    "instrument_attach",
    "instrument_close",
    "instrument_detach",
    "instrument_reopen",
    "instrument_update",
    "item_add",
    "item_remove",
    "item_update",
    "module_add",
    "module_remove",
    "module_reorder",
    "module_update",
    "session_add",
    "session_remove",
    "session_update",
    "sessions_from_curriculum",
    "training_for",
    "training_update",
]
