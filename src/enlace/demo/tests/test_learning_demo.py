"""The demo's capacity building: the five-module curriculum and its test, two trainings with
imperfect data (a perfect pre-test, missing post-tests, a late enrolment, a withdrawal, a revoked
certificate), loaded through the learning services, and idempotent."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest

from enlace.accounts.models import User
from enlace.core.fields import name_key
from enlace.core.permissions import Role
from enlace.core.scoping import Scope, scope_for
from enlace.demo.content.learning.curriculum import (
    ASSESSMENTS,
    CURRICULUM,
    CURRICULUM_TITLE,
    DIAGNOSTIC_TITLE,
    KNOWLEDGE_TEST,
    KNOWLEDGE_TEST_TITLE,
)
from enlace.demo.content.learning.people import LEARNERS, LEARNING_ORGANIZATIONS
from enlace.demo.content.learning.specs import AssessmentSpec
from enlace.demo.content.learning.trainings import (
    INDH,
    INDH_TRAINING_TITLE,
    KILIFI,
    KILIFI_TRAINING_TITLE,
    TRAININGS,
)
from enlace.demo.content.organizations import ORGANIZATIONS
from enlace.demo.content.people import PEOPLE
from enlace.demo.loader import ALL_ENGAGEMENTS, DEMO_EMAIL, DEMO_USERS, load_demo
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
    ResponseLink,
    SessionModule,
    Training,
    TrainingInstrument,
    TrainingSession,
)
from enlace.learning.selectors import records, responses
from enlace.learning.selectors.summary import learning_summary
from enlace.learning.services import enrollments, trainings
from enlace.stakeholders.models import Person

LEARNING_MODELS = (
    Curriculum,
    Module,
    Assessment,
    Item,
    Training,
    TrainingSession,
    SessionModule,
    TrainingInstrument,
    Enrollment,
    Attendance,
    Response,
    Certificate,
)
PHONE = re.compile(r"^\+(56 9 0000 00|254 700 000 0)\d\d$")
FIVE_MODULES = ["Mobilization", "Protection", "Legal frameworks", "Reintegration", "Monitoring"]


def learning_snapshot() -> dict[str, object]:
    """Every learning row with its version, every history row, answers and links."""
    state: dict[str, object] = {
        "Answer": sorted(str(pk) for pk in Answer.objects.values_list("id", flat=True)),
        "ResponseLink": sorted(
            (str(pk), str(used)) for pk, used in ResponseLink.objects.values_list("id", "used_at")
        ),
    }
    for model in LEARNING_MODELS:
        state[model.__name__] = sorted(
            (str(pk), version, updated)
            for pk, version, updated in model.all_objects.values_list("id", "version", "updated_at")
        )
        state[f"{model.__name__}_history"] = model.history.count()
    return state


def scored_count(assessment: AssessmentSpec) -> int:
    return sum(item.is_scored for item in assessment.items)


# The content itself, checked without a database


def test_the_curriculum_has_the_five_modules_with_objectives_and_durations():
    assert [m.title for m in CURRICULUM.modules] == FIVE_MODULES
    for module in CURRICULUM.modules:
        assert 2 <= len(module.objectives) <= 3, module.title
        assert all(o.strip() and "\n" not in o for o in module.objectives)
        assert 60 <= module.duration_minutes <= 8 * 60


def test_the_tests_are_well_formed_and_cover_every_module():
    modules = {m.title for m in CURRICULUM.modules}
    for assessment in ASSESSMENTS:
        for item in assessment.items:
            assert not item.module or item.module in modules, item.prompt
            choices = 2 if item.kind == "true_false" else len(item.choices)
            if item.kind in {"single_choice", "true_false"}:
                assert isinstance(item.answer, int) and 0 <= item.answer < choices
                assert item.wrong and all(
                    isinstance(w, int) and w != item.answer and 0 <= w < choices for w in item.wrong
                )
            elif item.kind == "multiple_choice":
                assert isinstance(item.answer, tuple) and item.answer == tuple(sorted(item.answer))
                assert item.wrong and all(
                    isinstance(w, tuple) and w and set(w) != set(item.answer) for w in item.wrong
                )
                assert all(0 <= i < choices for w in (item.answer, *item.wrong) for i in w)
            else:
                assert item.answer is None and not item.choices and not item.points
            if item.is_scored:
                assert 1 <= item.points <= 100
                assert item.kind == "true_false" or 2 <= len(item.choices) <= 12
        prompts = [name_key(i.prompt) for i in assessment.items]
        assert len(prompts) == len(set(prompts))  # the loader matches items by their question
    kinds = Counter(i.kind for i in KNOWLEDGE_TEST.items)
    assert 10 <= len(KNOWLEDGE_TEST.items) <= 14
    assert kinds["likert"] == 3 and kinds["open_text"] == 1
    assert {"single_choice", "multiple_choice", "true_false"} <= set(kinds)
    assert {i.module for i in KNOWLEDGE_TEST.items if i.is_scored} == modules


def test_the_trainings_tables_fit_their_tests_sessions_and_people():
    known = {p.full_name: p for p in (*PEOPLE, *LEARNERS)}
    tests = {a.title: a for a in ASSESSMENTS}
    sessions = {KILIFI.engagement: len(CURRICULUM.modules), INDH.engagement: len(INDH.sessions)}
    for training in TRAININGS:
        phases = [i.phase for i in training.instruments]
        assert len(phases) == len(set(phases))
        people = [e.person for e in training.enrollments]
        assert len(people) == len(set(people))
        assert sum(known[p].lived_experience for p in people) <= 1
        for spec in training.enrollments:
            assert spec.person in known, spec.person
            for sheet in (spec.attendance, spec.corrected_attendance):
                assert not sheet or len(sheet) == sessions[training.engagement]
                assert set(sheet) <= set("PLAE-")
            for phase in ("pre", "post", "follow_up"):
                answers = getattr(spec, phase)
                if answers is None:
                    continue
                instrument = next(i for i in training.instruments if i.phase == phase)
                test = tests[instrument.assessment]
                assert len(answers.scored) == scored_count(test), spec.person
                assert set(answers.scored) <= set("10-")
                assert len(answers.likert) == sum(i.kind == "likert" for i in test.items)
            assert bool(spec.revoke_reason) == bool(spec.corrected_attendance)
            assert not spec.revoke_reason or spec.certificate
    assert 15 <= len(KILIFI.enrollments) <= 25


def test_each_training_is_a_training_engagement_of_the_demo():
    def every(specs):
        for spec in specs:
            yield spec
            yield from every(spec.parts)

    engagements = {(name_key(e.title), e.start_date): e for e in every(ALL_ENGAGEMENTS)}
    for training in TRAININGS:
        engagement = engagements[(name_key(training.engagement), training.start_date)]
        assert engagement.kind in {"training", "workshop"}
        if training.curriculum:
            days = (engagement.last_date - engagement.start_date).days + 1
            assert days == len(CURRICULUM.modules) == len(training.facilitators)
        assert all(
            engagement.start_date <= s.date <= engagement.last_date for s in training.sessions
        )
        for spec in training.enrollments:
            assert spec.enrolled_on <= engagement.last_date
            for instrument in training.instruments:
                assert instrument.submitted_at is None or (
                    instrument.closes_at is None or instrument.submitted_at < instrument.closes_at
                )


def test_the_trainees_are_invented_with_placeholder_contacts():
    orgs = {o.name for o in (*ORGANIZATIONS, *LEARNING_ORGANIZATIONS)}
    names = [name_key(p.full_name) for p in (*PEOPLE, *LEARNERS)]
    assert len(names) == len(set(names))
    assert not {name_key(o.name) for o in LEARNING_ORGANIZATIONS} & {
        name_key(o.name) for o in ORGANIZATIONS
    }
    for person in LEARNERS:
        assert person.organization in orgs
        assert person.sex in {"female", "male"}
        assert not person.lived_experience  # the one survivor enrolled is already in the registry
        assert not person.email or person.email.endswith("@example.org")
        assert not person.phone or PHONE.match(person.phone), person.phone
        if person.email or person.phone:
            assert person.may_contact and person.consent_date and person.consent_method
    assert {p.sex for p in LEARNERS} == {"female", "male"}


# Loading


def scope_of(workspace, email: str = DEMO_EMAIL) -> Scope:
    return scope_for(User.objects.get(email=email), workspace)


def training_titled(title: str) -> Training:
    return Training.objects.select_related("engagement").get(engagement__title=title)


def by_person(training: Training) -> dict[str, Enrollment]:
    return {
        e.person.full_name: e
        for e in Enrollment.all_objects.filter(training=training).select_related("person")
    }


@pytest.mark.django_db
def test_the_curriculum_and_tests_load_through_the_services(demo):
    curriculum = Curriculum.objects.get(workspace=demo, title=CURRICULUM_TITLE)
    assert curriculum.language == "en"
    modules = list(Module.objects.filter(curriculum=curriculum).order_by("position"))
    assert [m.title for m in modules] == FIVE_MODULES
    assert all(2 <= len(m.objective_list) <= 3 for m in modules)

    test = Assessment.objects.get(workspace=demo, title=KNOWLEDGE_TEST_TITLE)
    assert test.curriculum == curriculum
    items = list(records.live_items(test))
    assert [i.prompt for i in items] == [i.prompt for i in KNOWLEDGE_TEST.items]
    assert {i.module.title for i in items if i.is_scored and i.module} == set(FIVE_MODULES)
    assert [i.answer for i in items if i.kind == "multiple_choice"] == [
        [0, 1, 3, 4],
        [0, 1, 2],
        [0, 2, 4],
    ]
    diagnostic = Assessment.objects.get(workspace=demo, title=DIAGNOSTIC_TITLE)
    assert diagnostic.language == "es"

    # Written by the demo owner; only the computed completion and the answers given through a
    # personal link have no actor.
    owner = User.objects.get(email=DEMO_EMAIL)
    for model in LEARNING_MODELS:
        assert model.history.exclude(history_user=owner).exclude(history_user=None).count() == 0
    assert not Enrollment.history.filter(history_user=None).exclude(
        history_change_reason="completion"
    )
    assert not Response.history.filter(history_user=None).exclude(source="link")


@pytest.mark.django_db
def test_the_five_day_training_follows_the_curriculum_with_computed_completion(demo):
    training = training_titled(KILIFI_TRAINING_TITLE)
    scope = scope_of(demo)
    assert training.curriculum is not None
    assert training.curriculum.title == CURRICULUM_TITLE
    sessions = records.session_list(scope=scope, training=training)
    assert [[m.title for m in s.modules.all()] for s in sessions] == [[t] for t in FIVE_MODULES]
    assert len({s.date for s in sessions}) == 5
    assert all(s.facilitator is not None for s in sessions)
    assert {s.facilitator.full_name for s in sessions if s.facilitator} == {
        "Esther Akinyi Owino",
        "Grace Wambui Mutua",
        "Wanjiku Njeri Kamau",
    }
    phases = {i.phase for i in records.instrument_list(scope=scope, training=training)}
    assert phases == {"pre", "post"}

    enrolled = by_person(training)
    assert len(enrolled) == len(KILIFI.enrollments)
    assert Counter(e.status for e in enrolled.values()) == {
        "completed": 13,
        "enrolled": 4,
        "withdrawn": 1,
    }
    # Computed, never typed: no post-test, too few days, or the corrected sheet.
    for name in (
        "Peter Ouma Odhiambo",
        "Kennedy Mutua Musyoka",
        "Baraka Karisa Kazungu",
        "Stephen Kenga Ngala",
    ):
        assert enrolled[name].status == "enrolled", name
    late = enrolled["Ali Swaleh Bakari"]
    assert late.enrolled_on > training.engagement.start_date
    assert late.status == "completed"
    assert not Response.objects.filter(enrollment=late, phase="pre").exists()
    grid = records.attendance_grid(scope=scope, training=training)
    statuses = Counter(status for row in grid["rows"] for status in row["marks"].values())
    assert statuses["absent"] >= 3 and statuses["late"] >= 5 and statuses["excused"] >= 1
    assert {e.experience_level for e in enrolled.values()} == {
        "none",
        "basic",
        "intermediate",
        "advanced",
    }
    people = [e.person for e in enrolled.values()]
    assert len({p.discipline for p in people}) >= 5
    assert {"female", "male"} <= {p.sex for p in people}
    assert sum(p.lived_experience for p in people) == 1
    assert {p.organization.name for p in people} == {
        "Haki Mashinani Trust",
        "Sauti ya Waliookoka",
        "Mtwapa Community Rights Forum",
    }


@pytest.mark.django_db
def test_the_learning_summary_has_pairs_gaps_a_perfect_pre_test_and_a_module_to_reinforce(demo):
    summary = learning_summary(
        scope=scope_of(demo), training=training_titled(KILIFI_TRAINING_TITLE)
    )
    assert summary["matched_pairs"] == 14
    assert summary["unmatched_pre"] == 3  # two missing post-tests and the withdrawal
    assert summary["unmatched_post"] == 1  # the late enrolment
    assert 40 < summary["mean_pre"] < summary["mean_post"] < 85
    low, high = summary["gain_ci95"]
    assert 0 < low < summary["mean_gain"] < high
    assert summary["wilcoxon_p"] < 0.05
    participants = {p["name"]: p for p in summary["participants"]}
    perfect = participants["Mwanajuma Salim Athman"]
    assert perfect["pre"] == perfect["post"] == 100.0
    assert perfect["gain"] == 0 and perfect["normalized_gain"] is None
    gains = [p["gain"] for p in summary["participants"] if p["gain"] is not None]
    assert sum(g < 0 for g in gains) == 2
    assert participants["Ali Swaleh Bakari"]["pre"] is None
    assert participants["Peter Ouma Odhiambo"]["post"] is None

    reinforce = {m["title"] for m in summary["by_module"] if m["needs_reinforcement"]}
    assert reinforce == {"Legal frameworks"}
    assert len(summary["by_item"]) == 10
    assert {"legal", "social_work", "advocacy"} <= set(summary["by_discipline"])
    assert set(summary["by_experience_level"]) == {"none", "basic", "intermediate", "advanced"}
    efficacy = summary["self_efficacy"]
    assert efficacy["mean_pre"] < efficacy["mean_post"]
    assert summary["completion"]["completed"] == 13
    assert summary["attendance"]["sessions"] == 5


@pytest.mark.django_db
def test_most_completers_hold_a_certificate_and_one_was_revoked(demo):
    training = training_titled(KILIFI_TRAINING_TITLE)
    certificates = list(
        Certificate.objects.filter(enrollment__training=training).select_related(
            "enrollment__person"
        )
    )
    [revoked] = [c for c in certificates if c.revoked_at is not None]
    assert revoked.enrollment.person.full_name == "Stephen Kenga Ngala"
    assert revoked.enrollment.status == "enrolled"  # after the attendance sheet was corrected
    assert "Attendance corrected" in revoked.revoked_reason
    valid = [c for c in certificates if c.revoked_at is None]
    assert all(c.enrollment.status == "completed" for c in valid)
    completed = Enrollment.objects.filter(training=training, status="completed").count()
    assert completed - 2 <= len(valid) < completed
    minutes = sum(m.duration_minutes for m in CURRICULUM.modules)
    assert {c.hours for c in certificates} == {Decimal(minutes) / 60}
    assert all(c.issuer_name == demo.name for c in certificates)

    found = responses.certificate_by_code(revoked.code.lower().replace("-", " "))
    assert found == revoked
    # The survivor leader's certificate shows her initials only, as every public page must.
    survivor = next(c for c in valid if c.enrollment.person.lived_experience)
    assert not survivor.name_public
    assert responses.certificate_holder(survivor) == "H. M. S."
    assert any(c.name_public for c in valid)


@pytest.mark.django_db
def test_the_indh_training_has_a_pre_test_and_a_follow_up_still_open(demo):
    training = training_titled(INDH_TRAINING_TITLE)
    scope = scope_of(demo)
    assert training.curriculum is None
    instruments = records.instruments_by_phase(scope=scope, training=training)
    assert set(instruments) == {"pre", "follow_up"}
    assert not instruments["pre"].is_open()
    assert instruments["follow_up"].is_open()
    assert instruments["pre"].assessment.title == DIAGNOSTIC_TITLE

    summary = learning_summary(scope=scope, training=training)
    assert summary["matched_pairs"] == 0
    assert summary["unmatched_pre"] == 9
    follow_ups = Response.objects.filter(enrollment__training=training, phase="follow_up")
    assert follow_ups.count() == 4
    assert set(follow_ups.values_list("source", flat=True)) == {"link"}
    rows = responses.link_status(scope=scope, training=training, phase="follow_up")
    assert Counter(row["state"] for row in rows) == {"responded": 4, "issued": 6}
    assert ResponseLink.objects.filter(enrollment__training=training).count() == 10
    assert ResponseLink.objects.filter(enrollment__training=training, used_at=None).count() == 6
    assert Counter(e.status for e in by_person(training).values()) == {
        "completed": 8,
        "enrolled": 2,
    }


@pytest.mark.django_db
def test_roles_see_the_learning_records_their_role_allows(demo):
    kilifi = training_titled(KILIFI_TRAINING_TITLE)
    viewer = scope_of(demo, next(u.email for u in DEMO_USERS if u.role == Role.VIEWER))
    names = {e.person.full_name for e in records.enrollment_list(scope=viewer, training=kilifi)}
    assert "Halima Mwanaisha Said" not in names
    assert len(names) == len(KILIFI.enrollments) - 1
    summary = learning_summary(scope=viewer, training=kilifi)
    assert summary["matched_pairs"] == 14  # the figures cover everyone
    withheld = [p for p in summary["participants"] if p["person_id"] is None]
    assert len(withheld) == 1
    assert withheld[0]["name"] == "Participant withheld"

    partner = scope_of(demo, "partner@enlace.example")
    visible = {t.engagement.title for t in records.training_list(scope=partner)}
    assert visible == {INDH_TRAINING_TITLE}
    indh = training_titled(INDH_TRAINING_TITLE)
    assert records.enrollment_list(scope=partner, training=indh).count() == len(INDH.enrollments)


@pytest.mark.django_db
def test_loading_twice_changes_no_learning_record(demo):
    before = learning_snapshot()
    assert before["Response_history"]
    load_demo()
    assert learning_snapshot() == before


@pytest.mark.django_db
def test_learning_records_edited_while_exploring_are_left_alone(demo):
    scope = scope_of(demo)
    training = training_titled(KILIFI_TRAINING_TITLE)
    session = TrainingSession.objects.filter(training=training).order_by("date").first()
    assert session is not None
    trainings.session_update(scope=scope, session=session, data={"title": "Day one, moved"})
    enrollment = by_person(training)["Kennedy Mutua Musyoka"]
    enrollments.enrollment_remove(scope=scope, enrollment=enrollment)
    before = learning_snapshot()

    load_demo()

    assert learning_snapshot() == before
    session.refresh_from_db()
    assert session.title == "Day one, moved"
    assert Enrollment.all_objects.get(pk=enrollment.pk).is_deleted
    assert Person.objects.filter(full_name="Kennedy Mutua Musyoka").exists()
