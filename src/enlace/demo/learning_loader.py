"""The demo loader's learning step: the curriculum, the assessments and the two trainings of
enlace.demo.content.learning, written through the learning services with the owner's scope.

Like the rest of the demo it only adds what is missing. A curriculum or an assessment is looked
up by its title (in the trash or not) and written, with its modules or items, only when absent.
A training is written whole (rule, sessions, instruments, enrolments, attendance, answers,
certificates, links) only when its engagement has no training yet, so that whatever was changed
while exploring stays as it was; it is left out when its engagement, curriculum or an assessment
is in the trash, and when the engagement ends after today (a clock behind the content: no answer
can be dated in the future).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from enlace.core.fields import name_key
from enlace.core.scoping import Scope
from enlace.demo.content.learning.curriculum import ASSESSMENTS, CURRICULUM
from enlace.demo.content.learning.specs import (
    AnswersSpec,
    AssessmentSpec,
    CurriculumSpec,
    EnrollmentSpec,
    ItemSpec,
    TrainingSpec,
)
from enlace.demo.content.learning.trainings import TRAININGS
from enlace.engagements.models import Engagement
from enlace.learning.models import (
    TRAINING_KINDS,
    Assessment,
    Curriculum,
    Enrollment,
    Item,
    Module,
    Training,
    TrainingSession,
)
from enlace.learning.selectors.records import live_items
from enlace.learning.services import assessments as assessment_services
from enlace.learning.services import certificates as certificate_services
from enlace.learning.services import curricula as curriculum_services
from enlace.learning.services import enrollments as enrollment_services
from enlace.learning.services import responses as response_services
from enlace.learning.services import trainings as training_services
from enlace.stakeholders.models import Person

MARKS = {"P": "present", "L": "late", "A": "absent", "E": "excused"}
# Paper tests are handed in one after the other: each participant's a few minutes apart.
HAND_IN_GAP = dt.timedelta(minutes=3)

Answer = dict[str, Any]


@dataclass(frozen=True)
class _Curriculum:
    record: Curriculum
    modules: Mapping[str, Module]  # live modules by title key


def load_learning(scope: Scope) -> None:
    """Add the learning content that is missing to the demo workspace."""
    curriculum = _curriculum(scope, CURRICULUM)
    assessments = {spec.title: _assessment(scope, spec, curriculum) for spec in ASSESSMENTS}
    workspace = scope.workspace
    people = {p.name_key: p for p in Person.all_objects.filter(workspace=workspace)}
    engagements = {
        (e.title_key, e.start_date): e
        for e in Engagement.all_objects.filter(workspace=workspace, kind__in=TRAINING_KINDS)
    }
    trained = set(
        Training.all_objects.filter(workspace=workspace).values_list("engagement_id", flat=True)
    )
    today = timezone.localdate()
    for spec in TRAININGS:
        engagement = engagements.get((name_key(spec.engagement), spec.start_date))
        if (
            engagement is None
            or engagement.is_deleted
            or engagement.pk in trained
            or engagement.end_date > today
        ):
            continue
        uses: list[Assessment | Curriculum] = [assessments[i.assessment] for i in spec.instruments]
        if spec.curriculum:
            uses.append(curriculum.record)
        if any(record.is_deleted for record in uses):
            continue
        _Training(scope, spec, curriculum, assessments, people).write(engagement)


# Curriculum and assessments


def _curriculum(scope: Scope, spec: CurriculumSpec) -> _Curriculum:
    record = next(
        (
            c
            for c in Curriculum.all_objects.filter(workspace=scope.workspace)
            if name_key(c.title) == name_key(spec.title)
        ),
        None,
    )
    if record is None:
        record = curriculum_services.curriculum_create(
            scope=scope,
            data={
                "title": spec.title,
                "language": spec.language,
                "edition": spec.edition,
                "description": spec.description,
            },
        )
        for module in spec.modules:
            curriculum_services.module_add(
                scope=scope,
                curriculum=record,
                data={
                    "title": module.title,
                    "objectives": "\n".join(module.objectives),
                    "duration_minutes": module.duration_minutes,
                },
            )
    modules = {name_key(m.title): m for m in Module.objects.filter(curriculum=record)}
    return _Curriculum(record, modules)


def _assessment(scope: Scope, spec: AssessmentSpec, curriculum: _Curriculum) -> Assessment:
    existing: Assessment | None = next(
        (
            a
            for a in Assessment.all_objects.filter(workspace=scope.workspace)
            if name_key(a.title) == name_key(spec.title)
        ),
        None,
    )
    if existing is not None:
        return existing
    linked = spec.curriculum and not curriculum.record.is_deleted
    assessment = assessment_services.assessment_create(
        scope=scope,
        data={
            "title": spec.title,
            "language": spec.language,
            "description": spec.description,
            "curriculum": curriculum.record if linked else None,
        },
    )
    for position, item in enumerate(spec.items, start=1):
        data: dict[str, Any] = {"kind": item.kind, "prompt": item.prompt, "position": position}
        if item.is_scored:
            data["points"] = item.points
            data["answer"] = list(item.answer) if isinstance(item.answer, tuple) else item.answer
            if item.kind != "true_false":
                data["choices"] = list(item.choices)
        module = curriculum.modules.get(name_key(item.module)) if linked and item.module else None
        if module is not None:
            data["module"] = module
        assessment_services.item_add(scope=scope, assessment=assessment, data=data)
    return assessment


def answers_for(
    specs: Sequence[ItemSpec], items: Sequence[Item], answers: AnswersSpec, variant: int
) -> list[Answer]:
    """The answers of one participant as the response services take them. Right answers are the
    key; wrong ones are the item's typical mistakes, picked by `variant`. Items are matched by
    their question, so that an item edited while exploring is simply left unanswered."""
    by_prompt = {name_key(item.prompt): item for item in items}
    scored = [s for s in specs if s.is_scored]
    likert = [s for s in specs if s.kind == "likert"]
    written = [s for s in specs if s.kind == "open_text"]
    result: list[Answer] = []
    for spec, mark in zip(scored, answers.scored, strict=False):
        item = by_prompt.get(name_key(spec.prompt))
        if item is None or mark == "-":
            continue
        value = spec.answer if mark == "1" else spec.wrong[variant % len(spec.wrong)]
        if isinstance(value, tuple):
            result.append({"item_id": item.pk, "choices": list(value)})
        else:
            result.append({"item_id": item.pk, "choice": value})
    for spec, digit in zip(likert, answers.likert, strict=False):
        item = by_prompt.get(name_key(spec.prompt))
        if item is not None and digit.isdigit():
            result.append({"item_id": item.pk, "value": int(digit)})
    if answers.text and written:
        item = by_prompt.get(name_key(written[0].prompt))
        if item is not None:
            result.append({"item_id": item.pk, "text": answers.text})
    return result


# A training


class _Training:
    """Writes one training, in the order staff would: rule, sessions, tests, enrolments, the
    pre-test, attendance, the post-test, a withdrawal, certificates, a correction, links."""

    def __init__(
        self,
        scope: Scope,
        spec: TrainingSpec,
        curriculum: _Curriculum,
        assessments: Mapping[str, Assessment],
        people: Mapping[str, Person],
    ) -> None:
        self.scope = scope
        self.spec = spec
        self.curriculum = curriculum
        self.assessments = assessments
        self.people = people
        self.items = {title: list(live_items(a)) for title, a in assessments.items()}
        self.specs = {a.title: a.items for a in ASSESSMENTS}

    def write(self, engagement: Engagement) -> None:
        scope, spec = self.scope, self.spec
        training = training_services.training_for(scope=scope, engagement=engagement, create=True)
        rule: dict[str, Any] = {
            "min_attendance_percent": spec.min_attendance_percent,
            "require_post_test": spec.require_post_test,
        }
        if spec.curriculum:
            rule["curriculum"] = self.curriculum.record
        training = training_services.training_update(scope=scope, training=training, data=rule)
        sessions = self._sessions(training)
        for instrument in spec.instruments:
            data: dict[str, Any] = {
                "assessment": self.assessments[instrument.assessment],
                "phase": instrument.phase,
            }
            if instrument.closes_at is not None:
                data["closes_at"] = instrument.closes_at
            training_services.instrument_attach(scope=scope, training=training, data=data)
        enrolled = self._enrollments(training)
        self._responses(training, enrolled, "pre")
        self._attendance(training, sessions, enrolled, {e: e.attendance for e in enrolled})
        self._responses(training, enrolled, "post")
        for enrollment_spec, enrollment in enrolled.items():
            if enrollment_spec.withdrawn:
                enrollment_services.enrollment_update(
                    scope=scope, enrollment=enrollment, data={"status": "withdrawn"}
                )
        certificates = {
            e: certificate_services.certificate_issue(scope=scope, enrollment=enrollment)
            for e, enrollment in enrolled.items()
            if e.certificate
        }
        corrected = {e: e.corrected_attendance for e in enrolled if e.corrected_attendance}
        if corrected:
            self._attendance(training, sessions, enrolled, corrected)
        for enrollment_spec, certificate in certificates.items():
            if enrollment_spec.revoke_reason:
                certificate_services.certificate_revoke(
                    scope=scope, certificate=certificate, reason=enrollment_spec.revoke_reason
                )
        if spec.link_phase:
            self._links(training, enrolled)

    def _sessions(self, training: Training) -> list[TrainingSession]:
        scope, spec = self.scope, self.spec
        if spec.curriculum:
            sessions = training_services.sessions_from_curriculum(scope=scope, training=training)
            for session, name in zip(sessions, spec.facilitators, strict=False):
                person = self._person(name)
                if person is not None:
                    training_services.session_update(
                        scope=scope, session=session, data={"facilitator": person}
                    )
            return sessions
        made = []
        for row in spec.sessions:
            modules = [self.curriculum.modules.get(name_key(m)) for m in row.modules]
            made.append(
                training_services.session_add(
                    scope=scope,
                    training=training,
                    data={
                        "date": row.date,
                        "title": row.title,
                        "duration_minutes": row.duration_minutes,
                        "modules": [m for m in modules if m is not None],
                        "facilitator": self._person(row.facilitator),
                    },
                )
            )
        return made

    def _person(self, name: str) -> Person | None:
        person = self.people.get(name_key(name)) if name else None
        return None if person is None or person.is_deleted else person

    def _enrollments(self, training: Training) -> dict[EnrollmentSpec, Enrollment]:
        enrolled = {}
        for spec in self.spec.enrollments:
            person = self._person(spec.person)
            if person is None:
                continue
            enrolled[spec] = enrollment_services.enrollment_add(
                scope=self.scope,
                training=training,
                data={
                    "person": person,
                    "status": "enrolled",
                    "experience_level": spec.experience_level,
                    "years_in_field": spec.years_in_field,
                    "enrolled_on": spec.enrolled_on,
                },
            )
        return enrolled

    def _answers(self, assessment: str, answers: AnswersSpec, variant: int) -> list[Answer]:
        return answers_for(self.specs[assessment], self.items[assessment], answers, variant)

    def _responses(
        self, training: Training, enrolled: Mapping[EnrollmentSpec, Enrollment], phase: str
    ) -> None:
        instrument = next((i for i in self.spec.instruments if i.phase == phase), None)
        if instrument is None:
            return
        handed_in = instrument.submitted_at
        for variant, (spec, enrollment) in enumerate(enrolled.items()):
            answers = spec.pre if phase == "pre" else spec.post
            if answers is None:
                continue
            data: dict[str, Any] = {
                "enrollment": enrollment,
                "phase": phase,
                "answers": self._answers(instrument.assessment, answers, variant),
            }
            if handed_in is not None:
                data["submitted_at"] = handed_in + variant * HAND_IN_GAP
            response_services.response_record(scope=self.scope, training=training, data=data)

    def _attendance(
        self,
        training: Training,
        sessions: Sequence[TrainingSession],
        enrolled: Mapping[EnrollmentSpec, Enrollment],
        sheets: Mapping[EnrollmentSpec, str],
    ) -> None:
        marks = [
            (session, enrolled[spec], MARKS[mark])
            for spec, sheet in sheets.items()
            for session, mark in zip(sessions, sheet, strict=False)
            if mark in MARKS
        ]
        if marks:
            enrollment_services.attendance_set(scope=self.scope, training=training, marks=marks)

    def _links(self, training: Training, enrolled: Mapping[EnrollmentSpec, Enrollment]) -> None:
        """Issue the phase's personal links; those who answered did so through theirs."""
        phase = self.spec.link_phase
        instrument = next(i for i in self.spec.instruments if i.phase == phase)
        tokens = {
            enrollment.pk: token
            for enrollment, token in response_services.link_issue(
                scope=self.scope, training=training, phase=phase
            )
        }
        for variant, (spec, enrollment) in enumerate(enrolled.items()):
            token = tokens.get(enrollment.pk)
            if spec.follow_up is None or token is None:
                continue
            response_services.link_submit(
                token=token,
                answers=self._answers(instrument.assessment, spec.follow_up, variant),
            )
