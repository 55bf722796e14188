"""The learning summary and a person's learning record, on real rows: hand-computed figures for a
small training, cohorts and filters that partition, per item and module, masking of people the
scope may not see, and a fixed number of queries whatever the size."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enlace.core.errors import Http404
from enlace.core.permissions import Role
from enlace.engagements.tests import factories as engagements
from enlace.learning.models import (
    Answer,
    Assessment,
    Attendance,
    Certificate,
    Curriculum,
    Enrollment,
    Item,
    Module,
    Response,
    Training,
    TrainingInstrument,
    TrainingSession,
)
from enlace.learning.selectors.summary import learning_summary, person_learning
from enlace.stakeholders.models import Person
from enlace.stakeholders.tests import factories as registry
from enlace.testing import make_member

START = dt.date(2025, 5, 5)
_serial = itertools.count(1)

# Rows are written straight through the managers: the summary only reads them, and the services
# that write them in production are tested on their own.


def make_training(scope, **extra: Any) -> Training:
    engagement = engagements.engagement(
        scope,
        kind="training",
        title=extra.pop("title", f"Training {next(_serial)}"),
        start_date=extra.pop("start_date", START),
        end_date=extra.pop("end_date", START + dt.timedelta(days=2)),
    )
    return Training.objects.create(workspace=scope.workspace, engagement=engagement)


def make_person(workspace, **data: Any) -> Person:
    name = data.pop("full_name", f"Person {next(_serial)}")
    return Person.objects.create(workspace=workspace, full_name=name, name_key=name.lower(), **data)


def enroll(training: Training, person: Person, **data: Any) -> Enrollment:
    return Enrollment.objects.create(
        workspace=training.workspace, training=training, person=person, **data
    )


def attach(training: Training, assessment: Assessment, phase: str) -> TrainingInstrument:
    return TrainingInstrument.objects.create(
        workspace=training.workspace, training=training, assessment=assessment, phase=phase
    )


def respond(
    enrollment: Enrollment,
    instrument: TrainingInstrument,
    earned: int,
    possible: int = 4,
    answers: dict[Item, bool] | None = None,
    efficacy: str | None = None,
) -> Response:
    response = Response.objects.create(
        workspace=enrollment.workspace,
        enrollment=enrollment,
        instrument=instrument,
        phase=instrument.phase,
        source="staff",
        points_earned=earned,
        points_possible=possible,
        self_efficacy=None if efficacy is None else Decimal(efficacy),
    )
    Answer.objects.bulk_create(
        Answer(
            workspace=enrollment.workspace,
            response=response,
            item=item,
            choice=0,
            correct=correct,
            points_earned=item.points if correct else 0,
        )
        for item, correct in (answers or {}).items()
    )
    return response


def item(assessment: Assessment, prompt: str, **data: Any) -> Item:
    data.setdefault("kind", "single_choice")
    data.setdefault("choices", ["a", "b", "c"])
    data.setdefault("answer", 0)
    return Item.objects.create(
        workspace=assessment.workspace, assessment=assessment, prompt=prompt, **data
    )


@pytest.fixture
def course(owner):
    """A training with one instrument used as pre- and post-test and the people of the
    hand-worked example (see test_hand_computed_summary)."""
    ws = owner.workspace
    training = make_training(owner, title="Liberation training")
    curriculum = Curriculum.objects.create(workspace=ws, title="Liberation", title_key="liberation")
    mobilization = Module.objects.create(
        workspace=ws, curriculum=curriculum, position=1, title="Mobilization"
    )
    protection = Module.objects.create(
        workspace=ws, curriculum=curriculum, position=2, title="Protection"
    )
    test = Assessment.objects.create(workspace=ws, title="Knowledge", title_key="knowledge")
    # Q1 was edited after the pre-test: revision 1 retired, revision 2 live, one lineage.
    q1_old = item(test, "Who may report? (old wording)", position=1, module=mobilization)
    q1_old.retired_at = timezone.now()
    q1_old.save(update_fields=["retired_at"])
    q1 = item(
        test,
        "Who may report forced labour?",
        position=1,
        module=mobilization,
        lineage=q1_old.lineage,
        revision=2,
    )
    q2 = item(
        test,
        "A victim must consent to shelter.",
        kind="true_false",
        choices=["true", "false"],
        position=2,
        module=protection,
    )
    q3 = item(
        test,
        "Which are indicators?",
        kind="multiple_choice",
        choices=["a", "b", "c", "d"],
        answer=[0, 2],
        points=2,
        position=3,
    )
    item(test, "I can refer a case", kind="likert", choices=[], answer=None, points=0, position=4)
    pre = attach(training, test, "pre")
    post = attach(training, test, "post")

    legal_ngo = registry.organization(owner, name="Legal NGO")
    people = {
        "ana": make_person(
            ws, full_name="Ana Ruiz", discipline="legal", sex="female", organization=legal_ngo
        ),
        "ben": make_person(
            ws, full_name="Ben Soto", discipline="legal", sex="male", organization=legal_ngo
        ),
        "carla": make_person(ws, full_name="Carla Paz", discipline="social_work", sex="female"),
        "dan": make_person(ws, full_name="Dan Vega", discipline="social_work"),
        "eva": make_person(ws, full_name="Eva Lara", sex="female"),
        "fay": make_person(
            ws, full_name="Fay Ortiz", discipline="legal", sex="female", lived_experience=True
        ),
        "gil": make_person(ws, full_name="Gil Mora", discipline="psychology", sex="male"),
        "hal": make_person(ws, full_name="Hal Rios", discipline="legal"),
    }
    e = {
        "ana": enroll(training, people["ana"], status="completed", experience_level="basic"),
        "ben": enroll(training, people["ben"], status="completed", experience_level="none"),
        "carla": enroll(
            training, people["carla"], status="enrolled", experience_level="intermediate"
        ),
        "dan": enroll(training, people["dan"], status="enrolled", experience_level="none"),
        "eva": enroll(training, people["eva"], status="withdrawn", experience_level="none"),
        "fay": enroll(training, people["fay"], status="enrolled", experience_level="basic"),
        "gil": enroll(training, people["gil"], status="invited", experience_level="advanced"),
        "hal": enroll(training, people["hal"], status="enrolled"),
    }
    # Ben's first pre-test was entered wrongly and replaced: not counted.
    replaced = respond(e["ben"], pre, 0, answers={q1_old: False, q2: False, q3: False})
    Response.all_objects.filter(pk=replaced.pk).update(deleted_at=timezone.now())
    # Pre-test (Q1 answered in its old wording).
    respond(e["ana"], pre, 2, answers={q1_old: True, q2: True, q3: False}, efficacy="2.50")
    respond(e["ben"], pre, 1, answers={q1_old: True, q2: False, q3: False}, efficacy="3.00")
    respond(e["carla"], pre, 4, answers={q1_old: True, q2: True, q3: True}, efficacy="4.00")
    respond(e["dan"], pre, 2, answers={q1_old: False, q2: False, q3: True})
    respond(e["eva"], pre, 1, answers={q1_old: True, q3: False})  # Q2 left blank
    # Post-test.
    respond(e["ana"], post, 4, answers={q1: True, q2: True, q3: True}, efficacy="4.00")
    respond(e["ben"], post, 3, answers={q1: False, q2: True, q3: True}, efficacy="3.50")
    respond(e["carla"], post, 3, answers={q1: True, q2: False, q3: True})
    respond(e["dan"], post, 2, answers={q1: True, q2: True, q3: False})
    respond(e["fay"], post, 3, answers={q1: True, q2: False, q3: True})
    # Not counted: a removed enrolment, a follow-up.
    respond(e["hal"], pre, 0, answers={q1_old: False})
    respond(e["hal"], post, 4, answers={q1: True})
    Enrollment.all_objects.filter(pk=e["hal"].pk).update(deleted_at=timezone.now())
    follow_up = attach(training, test, "follow_up")
    respond(e["ana"], follow_up, 1, answers={q1: False, q2: True, q3: False})
    # Two live sessions and a removed one.
    day1, day2, gone = (
        TrainingSession.objects.create(workspace=ws, training=training, date=START + delta)
        for delta in (dt.timedelta(0), dt.timedelta(1), dt.timedelta(2))
    )
    TrainingSession.all_objects.filter(pk=gone.pk).update(deleted_at=timezone.now())
    marks = {
        "ana": ("present", "late"),
        "ben": ("present", "absent"),
        "carla": ("present", "present"),
        "dan": ("excused", "absent"),
        "fay": ("absent", "late"),
    }
    for name, statuses in marks.items():
        for session, status in zip((day1, day2), statuses, strict=True):
            Attendance.objects.create(
                workspace=ws, session=session, enrollment=e[name], status=status
            )
    Attendance.objects.create(workspace=ws, session=gone, enrollment=e["dan"], status="present")
    return {
        "training": training,
        "people": people,
        "enrollments": e,
        "items": (q1, q2, q3),
        "modules": (mobilization, protection),
        "legal_ngo": legal_ngo,
    }


T_975_3 = 3.182446305284263  # t(0.975, 3), from a table


def test_hand_computed_summary(course, owner):
    """The worked example:

    person  pre      post     gain  normalised
    Ana     2/4= 50  4/4=100   50   50/50 = 1
    Ben     1/4= 25  3/4= 75   50   50/75 = 2/3
    Carla   4/4=100  3/4= 75  -25   undefined (perfect pre-test)
    Dan     2/4= 50  2/4= 50    0   0
    Eva     1/4= 25  -               unmatched (pre only)
    Fay     -        3/4= 75         unmatched (post only)
    Gil     -        -               invited, no test
    """
    s = learning_summary(scope=owner, training=course["training"])
    assert s["matched_pairs"] == 4
    assert (s["unmatched_pre"], s["unmatched_post"]) == (1, 1)
    assert s["mean_pre"] == pytest.approx(56.25)  # 225 / 4
    assert s["mean_post"] == pytest.approx(75.0)  # 300 / 4
    assert s["mean_gain"] == pytest.approx(18.75)  # 75 / 4
    # Deviations 31.25, 31.25, -43.75, -18.75; squares sum 4218.75; / 3 = 1406.25; sd 37.5;
    # se 37.5 / 2 = 18.75; half-width 3.1824463 * 18.75 = 59.670868.
    assert s["gain_ci95"] == pytest.approx([18.75 - 59.670868, 18.75 + 59.670868], abs=1e-6)
    assert s["mean_normalized_gain"] == pytest.approx(5 / 9)  # (1 + 2/3 + 0) / 3
    assert s["share_gain_at_least_20"] == pytest.approx(0.5)  # Ana and Ben
    # Non-zero differences 50, 50, -25 (Dan's zero dropped): ranks 25 -> 1, 50 -> 2.5 each;
    # W+ = 5, W- = 1. Sign assignments of {1, 2.5, 2.5}: sums 0, 1, 2.5, 2.5, 3.5, 3.5, 5, 6;
    # W+ >= 5 in 2 of 8, so p = 2 * 2/8 = 0.5.
    assert s["wilcoxon_p"] == pytest.approx(0.5)

    rows = {row["name"]: row for row in s["participants"]}
    assert list(rows) == [
        "Ana Ruiz",
        "Ben Soto",
        "Carla Paz",
        "Dan Vega",
        "Eva Lara",
        "Fay Ortiz",
        "Gil Mora",
    ]
    assert rows["Ana Ruiz"] == {
        "enrollment_id": course["enrollments"]["ana"].pk,
        "person_id": course["people"]["ana"].pk,
        "name": "Ana Ruiz",
        "pre": 50.0,
        "post": 100.0,
        "gain": 50.0,
        "normalized_gain": 1.0,
    }
    assert rows["Ben Soto"]["normalized_gain"] == pytest.approx(2 / 3)
    assert rows["Carla Paz"]["gain"] == -25.0
    assert rows["Carla Paz"]["normalized_gain"] is None
    assert (rows["Eva Lara"]["pre"], rows["Eva Lara"]["post"], rows["Eva Lara"]["gain"]) == (
        25.0,
        None,
        None,
    )
    assert (rows["Fay Ortiz"]["pre"], rows["Fay Ortiz"]["post"]) == (None, 75.0)
    assert rows["Gil Mora"]["pre"] is None

    assert s["self_efficacy"] == {
        "matched_pairs": 2,  # Ana and Ben
        "unmatched_pre": 1,  # Carla
        "unmatched_post": 0,
        "mean_pre": pytest.approx(2.75),
        "mean_post": pytest.approx(3.75),
        "mean_change": pytest.approx(1.0),
    }
    # Attending (enrolled or completed): Ana 2/2, Ben 1/2, Carla 2/2, Dan 0/2, Fay 1/2.
    assert s["attendance"] == {
        "sessions": 2,
        "participants": 5,
        "mean_attendance_percent": pytest.approx(60.0),
    }
    assert s["completion"] == {"invited": 1, "enrolled": 3, "completed": 2, "withdrawn": 1}
    assert s["filters"] == {
        "discipline": "",
        "experience_level": "",
        "organization_id": None,
        "sex": "",
    }


def test_exactly_the_documented_keys(course, owner):
    s = learning_summary(scope=owner, training=course["training"])
    assert list(s) == [
        "matched_pairs",
        "unmatched_pre",
        "unmatched_post",
        "mean_pre",
        "mean_post",
        "mean_gain",
        "gain_ci95",
        "mean_normalized_gain",
        "wilcoxon_p",
        "share_gain_at_least_20",
        "participants",
        "by_discipline",
        "by_experience_level",
        "by_item",
        "by_module",
        "self_efficacy",
        "attendance",
        "completion",
        "filters",
    ]
    assert set(s["by_discipline"]["legal"]) == set(list(s)[:10])


def test_cohorts(course, owner):
    s = learning_summary(scope=owner, training=course["training"])
    by_discipline = s["by_discipline"]
    # In the choices' order, the unrecorded last.
    assert list(by_discipline) == ["legal", "social_work", "psychology", "unspecified"]
    legal = by_discipline["legal"]  # Ana, Ben; Fay post only
    assert (legal["matched_pairs"], legal["unmatched_pre"], legal["unmatched_post"]) == (2, 0, 1)
    assert legal["mean_gain"] == 50.0
    assert legal["gain_ci95"] == [50.0, 50.0]  # no spread
    # Two tied positive differences: W+ >= 3 in 1 of 4 sign assignments; p = 2 * 1/4.
    assert legal["wilcoxon_p"] == pytest.approx(0.5)
    social = by_discipline["social_work"]  # Carla -25, Dan 0
    assert social["mean_gain"] == -12.5
    assert social["mean_normalized_gain"] == 0.0  # Carla's is undefined
    assert social["share_gain_at_least_20"] == 0.0
    assert social["wilcoxon_p"] == pytest.approx(1.0)
    assert by_discipline["psychology"]["matched_pairs"] == 0  # Gil, invited
    assert by_discipline["unspecified"]["unmatched_pre"] == 1  # Eva
    levels = s["by_experience_level"]
    assert list(levels) == ["none", "basic", "intermediate", "advanced"]
    assert levels["none"]["matched_pairs"] == 2  # Ben, Dan (Eva pre only)
    assert levels["basic"]["matched_pairs"] == 1  # Ana (Fay post only)
    assert levels["basic"]["unmatched_post"] == 1


def test_items_and_modules(course, owner):
    s = learning_summary(scope=owner, training=course["training"])
    q1, q2, q3 = course["items"]
    mobilization, protection = course["modules"]
    by_item = s["by_item"]
    # One row per question: Q1's two revisions are one row, named by the live revision.
    assert [row["item_id"] for row in by_item] == [q1.pk, q2.pk, q3.pk]
    first = by_item[0]
    assert first["lineage"] == q1.lineage
    assert first["prompt"] == "Who may report forced labour?"
    assert first["module_id"] == mobilization.pk
    assert first["module_title"] == "Mobilization"
    assert first["retired"] is False
    # Q1 before: Ana, Ben, Carla, Eva right, Dan wrong (4 of 5); after: all but Ben (4 of 5).
    assert (first["pre_correct_percent"], first["n_pre"]) == (80.0, 5)
    assert (first["post_correct_percent"], first["n_post"]) == (80.0, 5)
    # Q2 before: Ana, Carla right of 4 (Eva left it blank); after: Ana, Ben, Dan of 5.
    assert (by_item[1]["pre_correct_percent"], by_item[1]["n_pre"]) == (50.0, 4)
    assert (by_item[1]["post_correct_percent"], by_item[1]["n_post"]) == (60.0, 5)
    # Q3 before: Carla, Dan of 5; after: Ana, Ben, Carla, Fay of 5.
    assert (by_item[2]["pre_correct_percent"], by_item[2]["post_correct_percent"]) == (40, 80)
    assert by_item[2]["module_id"] is None

    modules = {row["module_id"]: row for row in s["by_module"]}
    assert [row["module_id"] for row in s["by_module"]] == [mobilization.pk, protection.pk, None]
    assert modules[mobilization.pk]["title"] == "Mobilization"
    assert modules[mobilization.pk]["needs_reinforcement"] is False  # 80% after
    assert modules[protection.pk]["post_correct_percent"] == 60.0
    assert modules[protection.pk]["needs_reinforcement"] is True  # below 70% after
    untagged = modules[None]
    assert untagged["title"] is None
    assert (untagged["items"], untagged["n_pre"], untagged["n_post"]) == (1, 5, 5)
    assert untagged["needs_reinforcement"] is False


def test_modules_pool_their_items_answers(owner):
    training = make_training(owner)
    ws = owner.workspace
    curriculum = Curriculum.objects.create(workspace=ws, title="C", title_key="c")
    module = Module.objects.create(workspace=ws, curriculum=curriculum, title="Law")
    test = Assessment.objects.create(workspace=ws, title="T", title_key="t")
    a = item(test, "A", position=1, module=module)
    b = item(test, "B", position=2, module=module)
    unanswered = item(test, "Never answered", position=3, module=module)
    pre, post = attach(training, test, "pre"), attach(training, test, "post")
    for correct in (True, True, False):
        e = enroll(training, make_person(ws))
        respond(e, pre, 1, 3, answers={a: correct, b: False})
        respond(e, post, 2, 3, answers={a: True, b: correct})
    s = learning_summary(scope=owner, training=training)
    (row,) = s["by_module"]
    # Before: a right 2 of 3, b 0 of 3 -> 2 of 6; after: a 3 of 3, b 2 of 3 -> 5 of 6.
    assert row["pre_correct_percent"] == pytest.approx(100 * 2 / 6)
    assert row["post_correct_percent"] == pytest.approx(100 * 5 / 6)
    assert (row["items"], row["n_pre"], row["n_post"]) == (3, 6, 6)
    never = next(r for r in s["by_item"] if r["item_id"] == unanswered.pk)
    assert never["n_pre"] == never["n_post"] == 0
    assert never["pre_correct_percent"] is None
    assert never["post_correct_percent"] is None


def test_a_removed_question_keeps_its_answers_as_retired(owner):
    training = make_training(owner)
    ws = owner.workspace
    test = Assessment.objects.create(workspace=ws, title="T", title_key="t")
    kept, removed = item(test, "Kept", position=1), item(test, "Removed", position=2)
    pre = attach(training, test, "pre")
    respond(enroll(training, make_person(ws)), pre, 1, 2, answers={kept: True, removed: False})
    removed.retired_at = timezone.now()
    removed.save(update_fields=["retired_at"])
    rows = learning_summary(scope=owner, training=training)["by_item"]
    assert [(r["prompt"], r["retired"], r["n_pre"]) for r in rows] == [
        ("Kept", False, 1),
        ("Removed", True, 1),
    ]


def test_filters(course, owner):
    training = course["training"]
    legal = learning_summary(scope=owner, training=training, discipline="legal")
    assert [p["name"] for p in legal["participants"]] == ["Ana Ruiz", "Ben Soto", "Fay Ortiz"]
    assert list(legal["by_discipline"]) == ["legal"]
    assert legal["filters"]["discipline"] == "legal"
    women = learning_summary(scope=owner, training=training, sex="female")
    # Ana and Carla matched, Eva pre only, Fay post only.
    assert (women["matched_pairs"], women["unmatched_pre"], women["unmatched_post"]) == (2, 1, 1)
    assert women["mean_gain"] == pytest.approx(12.5)  # (50 - 25) / 2
    unknown_sex = learning_summary(scope=owner, training=training, sex="unspecified")
    assert [p["name"] for p in unknown_sex["participants"]] == ["Dan Vega"]
    ngo = learning_summary(scope=owner, training=training, organization_id=course["legal_ngo"].pk)
    assert ngo["matched_pairs"] == 2
    assert ngo["mean_gain"] == 50.0
    assert ngo["filters"]["organization_id"] == str(course["legal_ngo"].pk)
    # Filtered by module answers too: only Ana's and Ben's.
    assert ngo["by_item"][0]["n_pre"] == 2
    level = learning_summary(scope=owner, training=training, experience_level="none")
    assert [p["name"] for p in level["participants"]] == ["Ben Soto", "Dan Vega", "Eva Lara"]
    assert level["attendance"]["participants"] == 2  # Eva withdrew
    nothing = learning_summary(scope=owner, training=training, organization_id="not-an-id")
    assert nothing["participants"] == []
    assert nothing["matched_pairs"] == 0


def test_filters_agree_with_the_cohort_figures(course, owner):
    training = course["training"]
    whole = learning_summary(scope=owner, training=training)
    for category, figures in whole["by_discipline"].items():
        filtered = learning_summary(scope=owner, training=training, discipline=category)
        assert {k: filtered[k] for k in figures} == figures
    for level, figures in whole["by_experience_level"].items():
        filtered = learning_summary(scope=owner, training=training, experience_level=level)
        assert {k: filtered[k] for k in figures} == figures


def test_people_the_scope_may_not_see_are_withheld_but_counted(course, member):
    training = course["training"]
    editor = member(Role.EDITOR)
    s = learning_summary(scope=editor, training=training)
    assert s["unmatched_post"] == 1  # Fay, who has lived experience, still counts
    withheld = [p for p in s["participants"] if p["person_id"] is None]
    assert len(withheld) == 1
    assert withheld[0]["name"] == "Participant withheld"
    assert withheld[0]["enrollment_id"] == course["enrollments"]["fay"].pk
    assert withheld[0]["post"] == 75.0
    assert s["participants"][-1] == withheld[0]  # after the named, not in name order
    assert "Fay Ortiz" not in str(s)
    # A partner sees by name only its organisation's people.
    partner = member(Role.PARTNER, organization=course["legal_ngo"])
    s = learning_summary(scope=partner, training=training)
    named = [p["name"] for p in s["participants"] if p["person_id"] is not None]
    assert named == ["Ana Ruiz", "Ben Soto"]
    assert len(s["participants"]) == 7
    assert s["matched_pairs"] == 4


def test_withheld_label_is_translated(course, member):
    from django.utils import translation

    with translation.override("es"):
        s = learning_summary(scope=member(Role.VIEWER), training=course["training"])
    names = {p["name"] for p in s["participants"] if p["person_id"] is None}
    assert len(names) == 1
    assert isinstance(next(iter(names)), str)


def test_another_workspace_training_is_not_found(course, other_workspace):
    stranger = make_member(other_workspace, Role.OWNER)
    with pytest.raises(Http404):
        learning_summary(scope=stranger, training=course["training"])


def test_a_training_without_tests_or_sessions(owner):
    training = make_training(owner)
    enroll(training, make_person(owner.workspace))
    s = learning_summary(scope=owner, training=training)
    assert s["matched_pairs"] == 0
    assert s["mean_gain"] is None
    assert s["gain_ci95"] is None
    assert s["wilcoxon_p"] is None
    assert s["by_item"] == s["by_module"] == []
    assert s["attendance"] == {"sessions": 0, "participants": 1, "mean_attendance_percent": None}
    assert s["self_efficacy"]["mean_pre"] is None


# Queries


def _grow(scope, training, pre, post, items, n):
    """n more participants with both tests, answers and attendance."""
    session = TrainingSession.objects.filter(training=training).first()
    for i in range(n):
        person = make_person(scope.workspace, discipline=["legal", "health", ""][i % 3])
        e = enroll(training, person, experience_level=["none", "basic"][i % 2])
        respond(e, pre, i % 5, answers=dict.fromkeys(items, i % 2 == 0), efficacy="3.00")
        respond(e, post, 4, answers=dict.fromkeys(items, True), efficacy="4.00")
        Attendance.objects.create(
            workspace=scope.workspace, session=session, enrollment=e, status="present"
        )
        Certificate.objects.create(
            workspace=scope.workspace,
            enrollment=e,
            code=f"ENL-{next(_serial):04d}-TEST",
            holder_name=person.full_name,
            training_title="T",
            start_date=START,
            end_date=START,
            hours=Decimal("6.0"),
            issuer_name="W",
        )


def _count(read) -> int:
    with CaptureQueriesContext(connection) as ctx:
        read()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", [Role.OWNER, Role.EDITOR, Role.PARTNER])
def test_summary_queries_do_not_grow_with_participants(owner, member, role):
    scope = owner if role == Role.OWNER else member(role)
    training = make_training(owner)
    ws = owner.workspace
    curriculum = Curriculum.objects.create(workspace=ws, title="C", title_key="c")
    test = Assessment.objects.create(workspace=ws, title="T", title_key="t")
    items = [
        item(
            test,
            f"Q{i}",
            position=i,
            module=Module.objects.create(workspace=ws, curriculum=curriculum, title=f"M{i}"),
        )
        for i in range(3)
    ]
    pre, post = attach(training, test, "pre"), attach(training, test, "post")
    TrainingSession.objects.create(workspace=ws, training=training, date=START)

    def read():
        return learning_summary(scope=scope, training=training, discipline="")

    read()  # a partner's organisations are looked up once per scope
    _grow(owner, training, pre, post, items, 3)
    small = _count(read)
    _grow(owner, training, pre, post, items, 12)
    assert _count(read) == small
    assert small <= 10
    assert read()["matched_pairs"] == 15


def test_person_learning(course, owner, member):
    ana = course["people"]["ana"]
    other = make_training(owner, title="Earlier workshop", start_date=dt.date(2024, 1, 10))
    enroll(other, ana, status="enrolled")
    Certificate.objects.create(
        workspace=owner.workspace,
        enrollment=course["enrollments"]["ana"],
        code="ENL-AAAA-BBBB",
        holder_name="Ana Ruiz",
        training_title="Liberation training",
        start_date=START,
        end_date=START,
        hours=Decimal("12.0"),
        issuer_name="Workspace alpha",
        revoked_at=timezone.now(),
        revoked_reason="Issued by mistake",
    )
    Certificate.objects.create(
        workspace=owner.workspace,
        enrollment=course["enrollments"]["ana"],
        code="ENL-7KQ2-M9XD",
        holder_name="Ana Ruiz",
        training_title="Liberation training",
        start_date=START,
        end_date=START,
        hours=Decimal("12.0"),
        issuer_name="Workspace alpha",
    )
    records = person_learning(scope=owner, person=ana)
    assert [r["title"] for r in records] == ["Liberation training", "Earlier workshop"]
    latest = records[0]
    assert latest == {
        "enrollment_id": course["enrollments"]["ana"].pk,
        "training_id": course["training"].pk,
        "engagement_id": course["training"].engagement_id,
        "title": "Liberation training",
        "kind": "training",
        "start_date": START,
        "end_date": START + dt.timedelta(days=2),
        "status": "completed",
        "experience_level": "basic",
        "attended": 2,
        "sessions": 2,
        "attendance_percent": 100.0,
        "pre": 50.0,
        "post": 100.0,
        "gain": 50.0,
        "normalized_gain": 1.0,
        "certificate_code": "ENL-7KQ2-M9XD",
    }
    earlier = records[1]
    assert (earlier["sessions"], earlier["attendance_percent"], earlier["pre"]) == (0, None, None)
    assert earlier["certificate_code"] is None
    # Carla's perfect pre-test: a gain, no normalised gain.
    (carla,) = person_learning(scope=owner, person=course["people"]["carla"])
    assert (carla["gain"], carla["normalized_gain"]) == (-25.0, None)
    # Eva, pre-test only.
    (eva,) = person_learning(scope=owner, person=course["people"]["eva"])
    assert (eva["pre"], eva["post"], eva["gain"]) == (25.0, None, None)
    # A removed enrolment is not listed.
    assert person_learning(scope=owner, person=course["people"]["hal"]) == []


def test_person_learning_only_shows_trainings_the_scope_can_see(course, owner, member):
    ngo = course["legal_ngo"]
    partner = member(Role.PARTNER, organization=ngo)
    ana = course["people"]["ana"]
    # The partner's organisation takes part in neither training: nothing to see.
    assert person_learning(scope=partner, person=ana) == []
    hosted = engagements.engagement(owner, kind="workshop", host_organization=ngo)
    training = Training.objects.create(workspace=owner.workspace, engagement=hosted)
    enroll(training, ana)
    assert [r["engagement_id"] for r in person_learning(scope=partner, person=ana)] == [hosted.pk]


def test_person_learning_of_another_workspace_is_not_found(course, other_workspace):
    stranger = make_member(other_workspace, Role.OWNER)
    with pytest.raises(Http404):
        person_learning(scope=stranger, person=course["people"]["ana"])


def test_person_learning_queries_do_not_grow(owner):
    person = make_person(owner.workspace)
    ws = owner.workspace
    test = Assessment.objects.create(workspace=ws, title="T", title_key="t")
    q = item(test, "Q")

    def add(n):
        for _ in range(n):
            training = make_training(owner)
            TrainingSession.objects.create(workspace=ws, training=training, date=START)
            e = enroll(training, person)
            respond(e, attach(training, test, "pre"), 1, 1, answers={q: True})
            respond(e, attach(training, test, "post"), 1, 1, answers={q: True})

    add(2)
    small = _count(lambda: person_learning(scope=owner, person=person))
    add(8)
    assert _count(lambda: person_learning(scope=owner, person=person)) == small
    assert len(person_learning(scope=owner, person=person)) == 10


# Filters partition the pairs (hypothesis, on real rows)

participant = st.tuples(
    st.sampled_from(["legal", "health", ""]),  # discipline
    st.sampled_from(["none", "basic", "advanced"]),  # experience at intake
    st.one_of(st.none(), st.integers(0, 4)),  # pre-test points of 4
    st.one_of(st.none(), st.integers(0, 4)),  # post-test points of 4
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=st.lists(participant, max_size=12))
def test_filters_partition_the_pairs(owner, people):
    training = make_training(owner)
    test = Assessment.objects.create(workspace=owner.workspace, title="T", title_key="t")
    phases = {"pre": attach(training, test, "pre"), "post": attach(training, test, "post")}
    expected: dict[Any, tuple[int | None, int | None]] = {}
    for discipline, level, pre, post in people:
        e = enroll(
            training,
            make_person(owner.workspace, discipline=discipline),
            experience_level=level,
        )
        for phase, points in (("pre", pre), ("post", post)):
            if points is not None:
                respond(e, phases[phase], points)
        expected[e.pk] = (pre, post)

    def pairs(summary: dict[str, Any]) -> set[tuple[Any, Any, Any]]:
        return {
            (p["enrollment_id"], p["pre"], p["post"])
            for p in summary["participants"]
            if p["pre"] is not None and p["post"] is not None
        }

    whole = learning_summary(scope=owner, training=training)
    # Each participant keeps their own scores.
    for p in whole["participants"]:
        pre, post = expected[p["enrollment_id"]]
        assert p["pre"] == (None if pre is None else 25.0 * pre)
        assert p["post"] == (None if post is None else 25.0 * post)
    for cohort, key in (
        ("by_discipline", "discipline"),
        ("by_experience_level", "experience_level"),
    ):
        groups = whole[cohort]
        for counter in ("matched_pairs", "unmatched_pre", "unmatched_post"):
            assert sum(g[counter] for g in groups.values()) == whole[counter]
        union: set[tuple[Any, Any, Any]] = set()
        for category, figures in groups.items():
            part = learning_summary(scope=owner, training=training, **{key: category})
            assert {k: part[k] for k in figures} == figures
            assert not union & pairs(part)
            union |= pairs(part)
        assert union == pairs(whole)


def test_a_training_not_yet_saved_has_the_figures_of_no_one(owner):
    """The API answers for a training engagement before its first learning write."""
    engagement = engagements.engagement(owner, kind="workshop")
    s = learning_summary(
        scope=owner, training=Training(workspace=owner.workspace, engagement=engagement)
    )
    assert (s["matched_pairs"], s["participants"], s["by_item"]) == (0, [], [])
    assert s["completion"] == {"invited": 0, "enrolled": 0, "completed": 0, "withdrawn": 0}
