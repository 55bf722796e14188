"""Factories for learning: trainings with sessions, curricula with modules, assessments with
items, enrolments and attendance, all built through the services, as users make them.

Stable names other test modules rely on: make_training, make_curriculum, make_assessment,
enroll, attach, mark, single, multiple, true_false, likert, open_text, DEFAULT_ITEMS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from enlace.core.scoping import Scope
from enlace.engagements.tests import factories as engagements
from enlace.learning.models import (
    Assessment,
    Curriculum,
    Enrollment,
    Item,
    Training,
    TrainingInstrument,
    TrainingSession,
)
from enlace.learning.services import assessments, curricula, enrollments, trainings
from enlace.stakeholders.models import Person
from enlace.stakeholders.tests import factories as registry

START = dt.date(2025, 3, 3)

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


# Item data (what item_add takes)


def single(prompt: str = "Pick one", *, answer: int = 0, points: int = 1, **extra: Any) -> dict:
    return {
        "kind": "single_choice",
        "prompt": prompt,
        "choices": ["A", "B", "C"],
        "answer": answer,
        "points": points,
        **extra,
    }


def multiple(
    prompt: str = "Pick all that apply",
    *,
    answer: Sequence[int] = (0, 2),
    points: int = 2,
    **extra: Any,
) -> dict:
    return {
        "kind": "multiple_choice",
        "prompt": prompt,
        "choices": ["A", "B", "C", "D"],
        "answer": list(answer),
        "points": points,
        **extra,
    }


def true_false(
    prompt: str = "True or false?", *, answer: int = 0, points: int = 1, **extra: Any
) -> dict:
    return {"kind": "true_false", "prompt": prompt, "answer": answer, "points": points, **extra}


def likert(prompt: str = "I feel confident", **extra: Any) -> dict:
    return {"kind": "likert", "prompt": prompt, **extra}


def open_text(prompt: str = "What would you change?", **extra: Any) -> dict:
    return {"kind": "open_text", "prompt": prompt, **extra}


# Three scored items worth 1 + 2 + 1 = 4 points, one Likert and one open item.
DEFAULT_ITEMS: tuple[Mapping[str, Any], ...] = (
    single(),
    multiple(),
    true_false(),
    likert(),
    open_text(),
)


# Records


def make_curriculum(
    scope: Scope, *, modules: int = 3, minutes: int = 90, **data: Any
) -> Curriculum:
    """A curriculum with `modules` modules of `minutes` minutes each ("Module 1", ...)."""
    data.setdefault("title", f"Curriculum {_next()}")
    curriculum = curricula.curriculum_create(scope=scope, data=data)
    for number in range(1, modules + 1):
        curricula.module_add(
            scope=scope,
            curriculum=curriculum,
            data={"title": f"Module {number}", "duration_minutes": minutes},
        )
    return curriculum


def make_training(
    scope: Scope,
    *,
    sessions: int = 3,
    kind: str = "training",
    days: int | None = None,
    start: dt.date = START,
    curriculum: Curriculum | None = None,
    minutes: int = 120,
    **training_data: Any,
) -> Training:
    """An engagement of `kind` running `days` days (default: one per session) from `start`, its
    training, and `sessions` sessions of `minutes` minutes, one a day (wrapping round the days).
    `training_data` goes to training_update (min_attendance_percent, require_post_test)."""
    days = days or max(sessions, 1)
    engagement = engagements.engagement(
        scope,
        kind=kind,
        title=f"Training {_next()}",
        start_date=start,
        end_date=start + dt.timedelta(days=days - 1),
    )
    training = trainings.training_for(scope=scope, engagement=engagement, create=True)
    data: dict[str, Any] = dict(training_data)
    if curriculum is not None:
        data["curriculum"] = curriculum
    if data:
        training = trainings.training_update(scope=scope, training=training, data=data)
    for number in range(sessions):
        trainings.session_add(
            scope=scope,
            training=training,
            data={
                "date": start + dt.timedelta(days=number % days),
                "title": f"Session {number + 1}",
                "duration_minutes": minutes,
            },
        )
    return training


def sessions_of(training: Training) -> list[TrainingSession]:
    """The training's live sessions, in order."""
    return list(TrainingSession.objects.filter(training=training).order_by("date", "position"))


def make_assessment(
    scope: Scope, items: Iterable[Mapping[str, Any]] | None = None, **data: Any
) -> Assessment:
    """An assessment with `items` (dicts as item_add takes; default DEFAULT_ITEMS)."""
    data.setdefault("title", f"Assessment {_next()}")
    assessment = assessments.assessment_create(scope=scope, data=data)
    for item in DEFAULT_ITEMS if items is None else items:
        assessments.item_add(scope=scope, assessment=assessment, data=dict(item))
    return assessment


def items_of(assessment: Assessment) -> list[Item]:
    """The assessment's live items, in order."""
    return list(
        Item.objects.filter(assessment=assessment, retired_at__isnull=True).order_by(
            "position", "created_at"
        )
    )


def enroll(
    scope: Scope, training: Training, person: Person | None = None, **fields: Any
) -> Enrollment:
    """Enrol `person` (a new one by default) in `training`; `fields` as enrollment_add takes."""
    if person is None:
        person = registry.person(scope)
    return enrollments.enrollment_add(
        scope=scope, training=training, data={"person": person, **fields}
    )


def attach(
    scope: Scope,
    training: Training,
    assessment: Assessment | None = None,
    phase: str = "pre",
    **data: Any,
) -> TrainingInstrument:
    """Attach `assessment` (a new one with the default items) as `phase`."""
    if assessment is None:
        assessment = make_assessment(scope)
    return trainings.instrument_attach(
        scope=scope, training=training, data={"assessment": assessment, "phase": phase, **data}
    )


def mark(
    scope: Scope,
    training: Training,
    enrollment: Enrollment,
    statuses: Sequence[str | None] | str = "present",
) -> int:
    """Mark `enrollment` on the training's sessions in order: one status for all of them, or one
    per session (None leaves that session unmarked/cleared)."""
    sessions = sessions_of(training)
    if isinstance(statuses, str):
        statuses = [statuses] * len(sessions)
    marks = [(s, enrollment, status) for s, status in zip(sessions, statuses, strict=False)]
    return enrollments.attendance_set(scope=scope, training=training, marks=marks)
