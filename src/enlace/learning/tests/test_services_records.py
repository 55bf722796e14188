"""The learning record writes: curricula and modules (the in-use guard), assessments and item
revisions, trainings, sessions and instruments, enrolments, attendance and the completion rule;
validation that changes nothing, other workspaces and roles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from enlace.core.errors import PermissionDenied, ValidationError, VersionConflict
from enlace.core.permissions import Role
from enlace.engagements.tests import factories as engagements
from enlace.learning.models import (
    Answer,
    Attendance,
    Curriculum,
    Enrollment,
    Item,
    Module,
    Response,
    SessionModule,
    Training,
    TrainingInstrument,
    TrainingSession,
)
from enlace.learning.services import assessments, curricula, enrollments, trainings
from enlace.learning.tests import factories as f
from enlace.stakeholders.tests import factories as registry
from enlace.testing import make_member

pytestmark = pytest.mark.django_db

D = dt.date


def codes(caught: pytest.ExceptionInfo[ValidationError], field: str) -> list[str | None]:
    return [e.code for e in caught.value.error_dict[field]]


def messages(caught: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return [str(m) for e in caught.value.error_dict[field] for m in e.messages]


def answer(scope, enrollment, instrument, item, **fields) -> Answer:
    """Simulate an answered item: a response with one answer, written directly."""
    response = Response.objects.create(
        workspace=scope.workspace,
        enrollment=enrollment,
        instrument=instrument,
        phase=instrument.phase,
        source="staff",
    )
    return Answer.objects.create(workspace=scope.workspace, response=response, item=item, **fields)


# Curricula and modules


def test_curriculum_create_normalises_and_orders_modules(editor):
    curriculum = curricula.curriculum_create(
        scope=editor,
        data={"title": "  Liberación   comunitaria ", "language": "es", "edition": " 2.0 "},
    )
    assert curriculum.title == "Liberación comunitaria"
    assert curriculum.title_key == "liberacion comunitaria"
    assert curriculum.edition == "2.0"
    first = curricula.module_add(
        scope=editor,
        curriculum=curriculum,
        data={
            "title": "Movilización",
            "objectives": " Map actors \n\n  Plan  ",
            "duration_minutes": 90,
        },
    )
    second = curricula.module_add(scope=editor, curriculum=curriculum, data={"title": "Protección"})
    assert (first.position, second.position) == (1, 2)
    assert first.objective_list == ["Map actors", "Plan"]
    assert first.history.first().history_user == editor.user


def test_curriculum_bad_input_changes_nothing(editor):
    with pytest.raises(ValidationError) as caught:
        curricula.curriculum_create(scope=editor, data={"title": "  ", "language": "Spanish"})
    assert "title" in caught.value.error_dict
    assert codes(caught, "language") == ["invalid"]
    with pytest.raises(ValidationError) as caught:
        curricula.curriculum_create(scope=editor, data={"title": "x", "colour": "red"})
    assert messages(caught, "colour") == ["Unknown field."]
    assert not Curriculum.all_objects.exists()

    curriculum = f.make_curriculum(editor, modules=1)
    module = Module.objects.get(curriculum=curriculum)
    with pytest.raises(ValidationError) as caught:
        curricula.module_update(
            scope=editor, module=module, data={"title": "New", "duration_minutes": 0}
        )
    assert codes(caught, "duration_minutes") == ["out_of_range"]
    module.refresh_from_db()
    assert (module.title, module.version) == ("Module 1", 1)


def test_module_in_use_is_guarded_and_says_how(editor):
    curriculum = f.make_curriculum(editor, modules=2)
    used, free = Module.objects.filter(curriculum=curriculum).order_by("position")
    training = f.make_training(editor, sessions=0, days=2)
    trainings.session_add(
        scope=editor, training=training, data={"date": f.START, "modules": [used]}
    )
    f.make_assessment(editor, items=[f.single(module=used), f.true_false(module=used)])
    with pytest.raises(ValidationError) as caught:
        curricula.module_remove(scope=editor, module=used)
    assert caught.value.code == "in_use"
    assert "1 session and 2 questions" in caught.value.messages[0]
    used.refresh_from_db()
    assert used.deleted_at is None

    curricula.module_remove(scope=editor, module=free)
    free.refresh_from_db()
    assert free.deleted_at is not None


def test_module_reorder(editor):
    curriculum = f.make_curriculum(editor, modules=3)
    a, b, c = Module.objects.filter(curriculum=curriculum).order_by("position")
    result = curricula.module_reorder(scope=editor, curriculum=curriculum, order=[c.pk, a.pk, b.pk])
    assert [m.pk for m in result] == [c.pk, a.pk, b.pk]
    assert list(
        Module.objects.filter(curriculum=curriculum)
        .order_by("position")
        .values_list("pk", flat=True)
    ) == [c.pk, a.pk, b.pk]
    with pytest.raises(ValidationError) as caught:
        curricula.module_reorder(scope=editor, curriculum=curriculum, order=[a.pk, a.pk, b.pk])
    assert "order" in caught.value.error_dict
    with pytest.raises(ValidationError):
        curricula.module_reorder(scope=editor, curriculum=curriculum, order=[a.pk, b.pk])


def test_curriculum_delete_refused_while_a_training_follows_it(owner):
    curriculum = f.make_curriculum(owner)
    training = f.make_training(owner, sessions=0, curriculum=curriculum)
    with pytest.raises(ValidationError) as caught:
        curricula.curriculum_delete(scope=owner, curriculum=curriculum)
    assert caught.value.code == "in_use"
    trainings.training_update(scope=owner, training=training, data={"curriculum": None})
    curricula.curriculum_delete(scope=owner, curriculum=curriculum)
    assert not Curriculum.objects.filter(pk=curriculum.pk).exists()
    curricula.curriculum_restore(scope=owner, curriculum=curriculum)
    assert Curriculum.objects.filter(pk=curriculum.pk).exists()


def test_curriculum_update_checks_the_version(editor):
    curriculum = f.make_curriculum(editor, modules=0)
    curricula.curriculum_update(scope=editor, curriculum=curriculum, data={"title": "Second"})
    with pytest.raises(VersionConflict):
        curricula.curriculum_update(
            scope=editor, curriculum=curriculum, data={"title": "Third"}, expected_version=1
        )


# Assessments and items


def test_items_of_each_kind_are_normalised(editor):
    assessment = f.make_assessment(editor, items=[])
    single = assessments.item_add(
        scope=editor,
        assessment=assessment,
        data={"kind": "single_choice", "prompt": " Q ", "choices": [" a ", "b"], "answer": 1},
    )
    assert (single.prompt, single.choices, single.points, single.position) == (
        "Q",
        ["a", "b"],
        1,
        1,
    )
    multi = assessments.item_add(
        scope=editor,
        assessment=assessment,
        data={
            "kind": "multiple_choice",
            "prompt": "M",
            "choices": ["a", "b", "c"],
            "answer": [2, 0],
        },
    )
    assert multi.answer == [0, 2]
    tf = assessments.item_add(
        scope=editor, assessment=assessment, data={"kind": "true_false", "prompt": "T", "answer": 1}
    )
    assert tf.choices == ["true", "false"]
    likert = assessments.item_add(
        scope=editor, assessment=assessment, data={"kind": "likert", "prompt": "L", "points": 0}
    )
    assert (likert.choices, likert.answer, likert.points) == ([], None, 0)


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"kind": "single_choice", "choices": ["a"], "answer": 0}, "choices", "count"),
        ({"kind": "single_choice", "choices": ["a", " "], "answer": 0}, "choices", "blank"),
        (
            {"kind": "single_choice", "choices": [str(n) for n in range(13)], "answer": 0},
            "choices",
            "count",
        ),
        ({"kind": "single_choice", "choices": ["a", "b"], "answer": 2}, "answer", "invalid"),
        ({"kind": "single_choice", "choices": ["a", "b"], "answer": True}, "answer", "invalid"),
        (
            {"kind": "single_choice", "choices": ["a", "b"], "answer": 0, "points": 101},
            "points",
            "out_of_range",
        ),
        (
            {"kind": "single_choice", "choices": ["a", "b"], "answer": 0, "points": 0},
            "points",
            "out_of_range",
        ),
        ({"kind": "multiple_choice", "choices": ["a", "b"], "answer": []}, "answer", "invalid"),
        (
            {"kind": "multiple_choice", "choices": ["a", "b"], "answer": [0, 0]},
            "answer",
            "duplicate",
        ),
        ({"kind": "multiple_choice", "choices": ["a", "b"], "answer": 0}, "answer", "invalid"),
        ({"kind": "true_false", "choices": ["yes", "no"], "answer": 0}, "choices", "fixed"),
        ({"kind": "true_false", "answer": 2}, "answer", "invalid"),
        ({"kind": "likert", "points": 3}, "points", "not_allowed"),
        ({"kind": "likert", "answer": 4}, "answer", "not_allowed"),
        ({"kind": "open_text", "choices": ["a", "b"]}, "choices", "not_allowed"),
        ({"kind": "essay"}, "kind", "invalid_choice"),
    ],
)
def test_bad_items_are_refused(editor, data, field, code):
    assessment = f.make_assessment(editor, items=[])
    with pytest.raises(ValidationError) as caught:
        assessments.item_add(scope=editor, assessment=assessment, data={"prompt": "Q", **data})
    assert code in codes(caught, field)
    assert not Item.all_objects.filter(assessment=assessment).exists()


def test_item_update_normalises_and_skips_what_does_not_change(editor):
    assessment = f.make_assessment(editor, items=[f.multiple(answer=[0, 2])])
    item = f.items_of(assessment)[0]
    same = assessments.item_update(scope=editor, item=item, data={"answer": [2, 0]})
    assert same.version == 1
    likert = assessments.item_update(scope=editor, item=item, data={"kind": "likert"})
    assert (likert.pk, likert.choices, likert.answer, likert.points) == (item.pk, [], None, 0)
    with pytest.raises(ValidationError) as caught:
        assessments.item_update(scope=editor, item=likert, data={"kind": "single_choice"})
    assert "choices" in caught.value.error_dict
    likert.refresh_from_db()
    assert (likert.kind, likert.version) == ("likert", 2)


def _answered_setup(editor):
    training = f.make_training(editor, sessions=1)
    assessment = f.make_assessment(editor, items=[f.single("Capital of Chile?", answer=0)])
    instrument = f.attach(editor, training, assessment, "pre")
    item = f.items_of(assessment)[0]
    enrollment = f.enroll(editor, training)
    return training, assessment, instrument, item, enrollment


def test_unanswered_item_is_edited_in_place(editor):
    _training, _assessment, _instrument, item, _enrollment = _answered_setup(editor)
    edited = assessments.item_update(scope=editor, item=item, data={"prompt": "Capital?"})
    assert edited.pk == item.pk
    assert (edited.prompt, edited.revision, edited.version) == ("Capital?", 1, 2)


def test_answered_item_is_revised_and_old_answers_keep_their_question(editor):
    _training, assessment, instrument, item, enrollment = _answered_setup(editor)
    old_answer = answer(
        editor, enrollment, instrument, item, choice=0, points_earned=1, correct=True
    )
    new = assessments.item_update(
        scope=editor, item=item, data={"choices": ["Santiago", "Lima", "Quito"], "answer": 0}
    )
    item.refresh_from_db()
    assert new.pk != item.pk
    assert item.retired_at is not None
    assert (new.lineage, new.revision, new.position) == (item.lineage, 2, item.position)
    assert new.prompt == "Capital of Chile?"
    assert new.choices == ["Santiago", "Lima", "Quito"]
    assert [i.pk for i in f.items_of(assessment)] == [new.pk]
    old_answer.refresh_from_db()
    assert old_answer.item_id == item.pk
    assert item.history.first().history_change_reason == "revised"
    # The retired revision cannot be edited any more; its kind cannot change once answered.
    with pytest.raises(ValidationError) as caught:
        assessments.item_update(scope=editor, item=item, data={"prompt": "Again"})
    assert caught.value.code == "retired"
    answer(editor, f.enroll(editor, _training), instrument, new, choice=1)
    with pytest.raises(ValidationError) as caught:
        assessments.item_update(scope=editor, item=new, data={"kind": "likert"})
    assert codes(caught, "kind") == ["answered"]
    assert Item.all_objects.filter(lineage=item.lineage).count() == 2


def test_answered_item_moves_in_place_and_is_retired_on_removal(editor):
    _training, assessment, instrument, item, enrollment = _answered_setup(editor)
    answer(editor, enrollment, instrument, item, choice=1, correct=False)
    moved = assessments.item_update(scope=editor, item=item, data={"position": 5})
    assert moved.pk == item.pk and moved.position == 5
    assessments.item_remove(scope=editor, item=moved)
    item.refresh_from_db()
    assert item.retired_at is not None and item.deleted_at is None
    assert f.items_of(assessment) == []


def test_unanswered_item_removal_goes_to_the_trash(editor):
    assessment = f.make_assessment(editor)
    first = f.items_of(assessment)[0]
    assessments.item_remove(scope=editor, item=first)
    first = Item.all_objects.get(pk=first.pk)
    assert first.deleted_at is not None and first.retired_at is None


def test_assessment_delete_refused_while_attached(owner):
    training = f.make_training(owner, sessions=1)
    instrument = f.attach(owner, training, phase="post")
    with pytest.raises(ValidationError) as caught:
        assessments.assessment_delete(scope=owner, assessment=instrument.assessment)
    assert caught.value.code == "in_use"
    trainings.instrument_detach(scope=owner, instrument=instrument)
    assessments.assessment_delete(scope=owner, assessment=instrument.assessment)
    assessments.assessment_restore(scope=owner, assessment=instrument.assessment)


# Trainings and sessions


def test_training_for_creates_once_and_only_for_trainings(editor, member):
    visit = engagements.engagement(editor, kind="meeting")
    with pytest.raises(ValidationError) as caught:
        trainings.training_for(scope=editor, engagement=visit, create=True)
    assert codes(caught, "engagement") == ["not_a_training"]
    workshop = engagements.engagement(editor, kind="workshop")
    with pytest.raises(Http404):
        trainings.training_for(scope=editor, engagement=workshop)
    created = trainings.training_for(scope=editor, engagement=workshop, create=True)
    again = trainings.training_for(scope=editor, engagement=workshop, create=True)
    assert created.pk == again.pk
    assert created.min_attendance_percent == 80 and created.require_post_test
    viewer = member(Role.VIEWER)
    assert trainings.training_for(scope=viewer, engagement=workshop).pk == created.pk
    other = engagements.engagement(editor, kind="training")
    with pytest.raises(PermissionDenied):
        trainings.training_for(scope=viewer, engagement=other, create=True)


def test_training_update_validates(editor):
    training = f.make_training(editor, sessions=0)
    for value in (101, -1, "80", True):
        with pytest.raises(ValidationError) as caught:
            trainings.training_update(
                scope=editor, training=training, data={"min_attendance_percent": value}
            )
        assert codes(caught, "min_attendance_percent") == ["out_of_range"]
    training.refresh_from_db()
    assert (training.min_attendance_percent, training.version) == (80, 1)


def test_session_date_must_be_within_the_engagement(editor):
    training = f.make_training(editor, sessions=0, days=2)
    with pytest.raises(ValidationError) as caught:
        trainings.session_add(
            scope=editor, training=training, data={"date": f.START + dt.timedelta(days=2)}
        )
    assert codes(caught, "date") == ["outside_engagement"]
    assert "2025-03-03 to 2025-03-04" in messages(caught, "date")[0]
    assert not TrainingSession.all_objects.filter(training=training).exists()


def test_session_takes_its_modules_titles_and_minutes(editor):
    curriculum = f.make_curriculum(editor, modules=2, minutes=45)
    a, b = Module.objects.filter(curriculum=curriculum).order_by("position")
    training = f.make_training(editor, sessions=0, curriculum=curriculum)
    facilitator = registry.person(editor)
    session = trainings.session_add(
        scope=editor,
        training=training,
        data={"date": f.START, "modules": [a, b, a], "facilitator": facilitator},
    )
    assert (session.title, session.duration_minutes) == ("Module 1 · Module 2", 90)
    assert set(session.modules.all()) == {a, b}
    trainings.session_update(scope=editor, session=session, data={"modules": [b]})
    assert list(session.modules.all()) == [b]
    assert SessionModule.objects.filter(session=session).count() == 1


def test_sessions_from_curriculum_spread_over_fewer_days(editor):
    curriculum = f.make_curriculum(editor, modules=5, minutes=60)
    training = f.make_training(editor, sessions=0, days=2, curriculum=curriculum)
    sessions = trainings.sessions_from_curriculum(scope=editor, training=training)
    assert [s.date for s in sessions] == [f.START, f.START + dt.timedelta(days=1)]
    assert [s.duration_minutes for s in sessions] == [180, 120]
    assert sessions[0].title == "Module 1 · Module 2 · Module 3"
    assert [m.title for m in sessions[1].modules.order_by("position")] == ["Module 4", "Module 5"]
    with pytest.raises(ValidationError) as caught:
        trainings.sessions_from_curriculum(scope=editor, training=training)
    assert codes(caught, "sessions") == ["exists"]


def test_sessions_from_curriculum_one_a_day(editor):
    curriculum = f.make_curriculum(editor, modules=3)
    training = f.make_training(editor, sessions=0, days=5, curriculum=curriculum)
    sessions = trainings.sessions_from_curriculum(scope=editor, training=training)
    assert [s.date.day for s in sessions] == [3, 4, 5]
    assert [s.title for s in sessions] == ["Module 1", "Module 2", "Module 3"]
    without = f.make_training(editor, sessions=0)
    with pytest.raises(ValidationError) as caught:
        trainings.sessions_from_curriculum(scope=editor, training=without)
    assert codes(caught, "curriculum") == ["required"]


# Instruments


def test_one_instrument_per_phase_and_not_empty(editor):
    training = f.make_training(editor, sessions=1)
    f.attach(editor, training, phase="pre")
    with pytest.raises(ValidationError) as caught:
        f.attach(editor, training, phase="pre")
    assert codes(caught, "phase") == ["exists"]
    empty = f.make_assessment(editor, items=[])
    with pytest.raises(ValidationError) as caught:
        f.attach(editor, training, empty, phase="post")
    assert codes(caught, "assessment") == ["empty"]
    with pytest.raises(ValidationError) as caught:
        f.attach(editor, training, phase="during")
    assert codes(caught, "phase") == ["invalid_choice"]
    assert TrainingInstrument.objects.filter(training=training).count() == 1


def test_instrument_close_reopen_and_detach(editor):
    training = f.make_training(editor, sessions=1)
    instrument = f.attach(editor, training, phase="post")
    assert instrument.is_open()
    trainings.instrument_close(scope=editor, instrument=instrument)
    instrument.refresh_from_db()
    assert not instrument.is_open()
    past = timezone.now() - dt.timedelta(days=1)
    trainings.instrument_update(scope=editor, instrument=instrument, data={"closes_at": past})
    trainings.instrument_reopen(scope=editor, instrument=instrument)
    instrument.refresh_from_db()
    assert instrument.is_open() and instrument.closes_at is None

    answer(editor, f.enroll(editor, training), instrument, f.items_of(instrument.assessment)[0])
    with pytest.raises(ValidationError) as caught:
        trainings.instrument_detach(scope=editor, instrument=instrument)
    assert caught.value.code == "in_use"
    assert TrainingInstrument.objects.filter(pk=instrument.pk).exists()


# Enrolments


def test_enrollment_add_and_its_rules(editor):
    training = f.make_training(editor, sessions=2)
    person = registry.person(editor)
    enrollment = f.enroll(
        editor, training, person, experience_level="basic", years_in_field=4, status="invited"
    )
    assert (enrollment.status, enrollment.years_in_field) == ("invited", 4)
    with pytest.raises(ValidationError) as caught:
        f.enroll(editor, training, person)
    assert codes(caught, "person") == ["duplicate"]
    with pytest.raises(ValidationError) as caught:
        f.enroll(editor, training, years_in_field=71)
    assert codes(caught, "years_in_field") == ["out_of_range"]
    with pytest.raises(ValidationError) as caught:
        f.enroll(editor, training, experience_level="expert")
    assert "experience_level" in caught.value.error_dict
    assert Enrollment.objects.filter(training=training).count() == 1


def test_completed_is_never_typed(editor):
    training = f.make_training(editor, sessions=1)
    with pytest.raises(ValidationError) as caught:
        f.enroll(editor, training, status="completed")
    assert codes(caught, "status") == ["computed"]
    assert "Completion is computed" in messages(caught, "status")[0]
    enrollment = f.enroll(editor, training)
    with pytest.raises(ValidationError) as caught:
        enrollments.enrollment_update(
            scope=editor, enrollment=enrollment, data={"status": "completed"}
        )
    assert codes(caught, "status") == ["computed"]
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.version) == ("enrolled", 1)


def test_lived_experience_person_cannot_be_enrolled_by_an_editor(owner, editor):
    training = f.make_training(owner, sessions=1)
    survivor = registry.person(owner, lived_experience=True)
    with pytest.raises(ValidationError) as caught:
        f.enroll(editor, training, survivor)
    assert codes(caught, "person") == ["not_found"]
    assert f.enroll(owner, training, survivor).person == survivor


def test_enrollment_remove_and_restore(owner):
    training = f.make_training(owner, sessions=1)
    person = registry.person(owner)
    enrollment = f.enroll(owner, training, person)
    enrollments.enrollment_remove(scope=owner, enrollment=enrollment)
    assert not Enrollment.objects.filter(pk=enrollment.pk).exists()
    again = f.enroll(owner, training, person)
    with pytest.raises(ValidationError) as caught:
        enrollments.enrollment_restore(scope=owner, enrollment=enrollment)
    assert codes(caught, "person") == ["duplicate"]
    enrollments.enrollment_remove(scope=owner, enrollment=again)
    restored = enrollments.enrollment_restore(scope=owner, enrollment=enrollment)
    assert restored.deleted_at is None


# Attendance and completion


def test_attendance_marks_count_changes_and_clear(editor):
    training = f.make_training(editor, sessions=3)
    enrollment = f.enroll(editor, training)
    assert f.mark(editor, training, enrollment, ["present", "late", "absent"]) == 3
    assert f.mark(editor, training, enrollment, ["present", "present", "absent"]) == 1
    assert f.mark(editor, training, enrollment, ["present", "present", None]) == 1
    assert f.mark(editor, training, enrollment, ["present", "present", None]) == 0
    assert sorted(Attendance.objects.values_list("status", flat=True)) == ["present", "present"]
    mark = Attendance.objects.get(session=f.sessions_of(training)[1])
    assert mark.version == 2
    assert mark.history.first().history_user == editor.user


def test_attendance_for_someone_not_enrolled_is_refused(editor):
    training = f.make_training(editor, sessions=2)
    other = f.make_training(editor, sessions=1)
    enrolled = f.enroll(editor, training)
    stranger = f.enroll(editor, other)
    session = f.sessions_of(training)[0]
    with pytest.raises(ValidationError) as caught:
        enrollments.attendance_set(
            scope=editor,
            training=training,
            marks=[(session, enrolled, "present"), (session, stranger, "present")],
        )
    assert messages(caught, "enrollment") == ["Not enrolled in this training."]
    with pytest.raises(ValidationError) as caught:
        enrollments.attendance_set(
            scope=editor, training=training, marks=[(f.sessions_of(other)[0], enrolled, "present")]
        )
    assert "session" in caught.value.error_dict
    with pytest.raises(ValidationError) as caught:
        enrollments.attendance_set(
            scope=editor, training=training, marks=[(session, enrolled, "asleep")]
        )
    assert codes(caught, "status") == ["invalid_choice"]
    removed = f.enroll(editor, training)
    enrollments.enrollment_remove(scope=editor, enrollment=removed)
    removed.refresh_from_db()
    with pytest.raises(ValidationError):
        enrollments.attendance_set(
            scope=editor, training=training, marks=[(session, removed, "present")]
        )
    assert not Attendance.objects.exists()


def status_of(enrollment: Enrollment) -> str:
    enrollment.refresh_from_db()
    return enrollment.status


def test_completion_follows_the_80_percent_rule(editor):
    training = f.make_training(editor, sessions=5)
    four = f.enroll(editor, training)
    three = f.enroll(editor, training)
    f.mark(editor, training, four, ["present", "late", "present", "present", "absent"])
    f.mark(editor, training, three, ["present", "present", "present", "excused", "absent"])
    assert status_of(four) == "completed"
    assert status_of(three) == "enrolled"
    history = four.history.first()
    assert (history.history_user, history.history_change_reason) == (None, "completion")
    # A sixth session lowers everyone's percent (4 of 6 < 80%): back to enrolled.
    session = trainings.session_add(
        scope=editor, training=training, data={"date": f.START + dt.timedelta(days=4)}
    )
    assert status_of(four) == "enrolled"
    trainings.session_remove(scope=editor, session=session)
    assert status_of(four) == "completed"
    # The rule itself can change.
    trainings.training_update(scope=editor, training=training, data={"min_attendance_percent": 60})
    assert status_of(three) == "completed"


def test_no_sessions_means_not_complete(editor):
    training = f.make_training(editor, sessions=0, min_attendance_percent=0)
    assert f.enroll(editor, training).status == "enrolled"


def test_completion_requires_the_post_test_where_there_is_one(editor):
    training = f.make_training(editor, sessions=2)
    enrollment = f.enroll(editor, training)
    f.mark(editor, training, enrollment, "present")
    assert status_of(enrollment) == "completed"
    instrument = f.attach(editor, training, phase="post")
    assert status_of(enrollment) == "enrolled"
    answer(editor, enrollment, instrument, f.items_of(instrument.assessment)[0], choice=0)
    enrollments.completion_refresh(training=training)
    assert status_of(enrollment) == "completed"
    # A pre-test alone never holds completion back.
    other = f.make_training(editor, sessions=1)
    f.attach(editor, other, phase="pre")
    someone = f.enroll(editor, other)
    f.mark(editor, other, someone, "present")
    assert status_of(someone) == "completed"
    # Not required by the training: attendance is enough.
    trainings.training_update(scope=editor, training=training, data={"require_post_test": False})
    late = f.enroll(editor, training)
    f.mark(editor, training, late, "late")
    assert status_of(late) == "completed"


def test_withdrawn_and_invited_are_never_changed_by_the_refresh(editor):
    training = f.make_training(editor, sessions=1)
    withdrawn = f.enroll(editor, training, status="withdrawn")
    invited = f.enroll(editor, training, status="invited")
    f.mark(editor, training, withdrawn, "present")
    f.mark(editor, training, invited, "present")
    enrollments.completion_refresh(training=training)
    assert status_of(withdrawn) == "withdrawn"
    assert status_of(invited) == "invited"
    enrollments.enrollment_update(scope=editor, enrollment=invited, data={"status": "enrolled"})
    assert status_of(invited) == "completed"


# Other workspaces and roles


def test_other_workspace_objects_are_refused(editor, other_workspace):
    stranger = make_member(other_workspace, Role.OWNER)
    training = f.make_training(stranger, sessions=1)
    enrollment = f.enroll(stranger, training)
    curriculum = f.make_curriculum(stranger, modules=1)
    assessment = f.make_assessment(stranger)
    session = f.sessions_of(training)[0]
    with pytest.raises(Http404):
        trainings.training_for(scope=editor, engagement=training.engagement)
    with pytest.raises(Http404):
        trainings.training_update(
            scope=editor, training=training, data={"require_post_test": False}
        )
    with pytest.raises(Http404):
        f.enroll(editor, training)
    with pytest.raises(Http404):
        enrollments.attendance_set(
            scope=editor, training=training, marks=[(session, enrollment, "present")]
        )
    with pytest.raises(Http404):
        curricula.module_add(scope=editor, curriculum=curriculum, data={"title": "x"})
    with pytest.raises(Http404):
        assessments.item_add(scope=editor, assessment=assessment, data=f.single())
    with pytest.raises(Http404):
        assessments.item_update(scope=editor, item=f.items_of(assessment)[0], data={"prompt": "x"})
    # Their records used as references in ours: not found.
    mine = f.make_training(editor, sessions=1)
    with pytest.raises(ValidationError) as caught:
        f.enroll(editor, mine, enrollment.person)
    assert messages(caught, "person") == ["Not found."]
    with pytest.raises(ValidationError) as caught:
        f.attach(editor, mine, assessment)
    assert messages(caught, "assessment") == ["Not found."]
    with pytest.raises(ValidationError) as caught:
        trainings.session_add(
            scope=editor,
            training=mine,
            data={"date": f.START, "modules": list(Module.objects.filter(curriculum=curriculum))},
        )
    assert codes(caught, "modules") == ["not_found"]
    with pytest.raises(ValidationError):
        enrollments.attendance_set(
            scope=editor, training=mine, marks=[(session, enrollment, "present")]
        )
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_viewers_and_partners_cannot_write(editor, member, role):
    reader = member(role)
    curriculum = f.make_curriculum(editor, modules=1)
    module = Module.objects.get(curriculum=curriculum)
    assessment = f.make_assessment(editor)
    training = f.make_training(editor, sessions=1)
    enrollment = f.enroll(editor, training)
    instrument = f.attach(editor, training, assessment, "pre")
    calls = [
        lambda: curricula.curriculum_create(scope=reader, data={"title": "x"}),
        lambda: curricula.curriculum_update(
            scope=reader, curriculum=curriculum, data={"title": "x"}
        ),
        lambda: curricula.module_add(scope=reader, curriculum=curriculum, data={"title": "x"}),
        lambda: curricula.module_remove(scope=reader, module=module),
        lambda: assessments.assessment_create(scope=reader, data={"title": "x"}),
        lambda: assessments.item_add(scope=reader, assessment=assessment, data=f.single()),
        lambda: assessments.item_remove(scope=reader, item=f.items_of(assessment)[0]),
        lambda: trainings.training_update(scope=reader, training=training, data={}),
        lambda: trainings.session_add(scope=reader, training=training, data={"date": f.START}),
        lambda: trainings.instrument_close(scope=reader, instrument=instrument),
        lambda: trainings.instrument_detach(scope=reader, instrument=instrument),
        lambda: f.enroll(reader, training, registry.person(editor)),
        lambda: enrollments.enrollment_update(scope=reader, enrollment=enrollment, data={}),
        lambda: enrollments.enrollment_remove(scope=reader, enrollment=enrollment),
        lambda: f.mark(reader, training, enrollment, "present"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert not Attendance.objects.exists()


def test_editors_cannot_restore(editor):
    curriculum = f.make_curriculum(editor, modules=0)
    curricula.curriculum_delete(scope=editor, curriculum=curriculum)
    with pytest.raises(PermissionDenied):
        curricula.curriculum_restore(scope=editor, curriculum=curriculum)


def test_training_rows_record_the_workspace(editor):
    training = f.make_training(editor, sessions=1)
    assert Training.objects.get(pk=training.pk).workspace == editor.workspace
