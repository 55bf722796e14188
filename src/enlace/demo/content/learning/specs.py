"""The shapes of the learning demo content: plain values that refer to each other by name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from enlace.demo.content.specs import PersonSpec


@dataclass(frozen=True)
class ModuleSpec:
    title: str
    objectives: tuple[str, ...]
    duration_minutes: int


@dataclass(frozen=True)
class CurriculumSpec:
    title: str
    language: str
    edition: str
    description: str
    modules: tuple[ModuleSpec, ...]


@dataclass(frozen=True)
class ItemSpec:
    """One question. `wrong` lists the wrong answers trainees typically give (an index, or the
    indices for multiple choice); the demo's answer tables pick among them."""

    kind: str
    prompt: str
    module: str = ""  # the module's title in the assessment's curriculum
    choices: tuple[str, ...] = ()
    answer: int | tuple[int, ...] | None = None
    points: int = 0
    wrong: tuple[int | tuple[int, ...], ...] = ()

    @property
    def is_scored(self) -> bool:
        return self.kind in {"single_choice", "multiple_choice", "true_false"}


@dataclass(frozen=True)
class AssessmentSpec:
    title: str
    language: str
    description: str
    items: tuple[ItemSpec, ...]
    curriculum: str = ""  # the curriculum's title


@dataclass(frozen=True)
class LearnerSpec(PersonSpec):
    """A trainee added to the registry; the sex is recorded for disaggregated figures only."""

    sex: str = ""


@dataclass(frozen=True)
class AnswersSpec:
    """A participant's answers: `scored` has one character per scored item, in order ("1" right,
    "0" wrong, "-" left blank); `likert` one digit per self-efficacy item ("-" blank)."""

    scored: str
    likert: str = ""
    text: str = ""


@dataclass(frozen=True)
class EnrollmentSpec:
    """A trainee's enrolment; `attendance` has one character per session in order: P present,
    L late, A absent, E excused, "-" not marked."""

    person: str
    experience_level: str
    years_in_field: int | None
    enrolled_on: dt.date
    attendance: str
    pre: AnswersSpec | None = None
    post: AnswersSpec | None = None
    follow_up: AnswersSpec | None = None  # answered through the personal link
    withdrawn: bool = False
    certificate: bool = False
    # A certificate revoked after the attendance sheet was corrected to this.
    corrected_attendance: str = ""
    revoke_reason: str = ""


@dataclass(frozen=True)
class SessionSpec:
    date: dt.date
    title: str
    duration_minutes: int
    modules: tuple[str, ...] = ()  # module titles of the curriculum
    facilitator: str = ""  # a person's name


@dataclass(frozen=True)
class InstrumentSpec:
    assessment: str  # the assessment's title
    phase: str
    closes_at: dt.datetime | None = None
    submitted_at: dt.datetime | None = None  # when the staff-entered answers were given


@dataclass(frozen=True)
class TrainingSpec:
    engagement: str  # the engagement's title
    start_date: dt.date
    instruments: tuple[InstrumentSpec, ...]
    enrollments: tuple[EnrollmentSpec, ...]
    curriculum: str = ""
    min_attendance_percent: int = 80
    require_post_test: bool = True
    # Sessions: made from the curriculum, one a day, with these facilitators in order; or listed.
    facilitators: tuple[str, ...] = ()
    sessions: tuple[SessionSpec, ...] = ()
    link_phase: str = ""  # personal links are issued for this phase
