"""The learning record reads: visibility through engagements and people, lists with their counts,
the attendance grid in a constant number of queries, and the completion explanation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from enlace.core.permissions import Role
from enlace.engagements.tests import factories as engagements
from enlace.learning.models import Module
from enlace.learning.selectors import records
from enlace.learning.services import assessments, curricula, enrollments
from enlace.learning.tests import factories as f
from enlace.stakeholders.tests import factories as registry
from enlace.testing import make_member

pytestmark = pytest.mark.django_db


def test_enrollments_of_people_with_lived_experience_are_hidden_from_editors(owner, member):
    training = f.make_training(owner, sessions=1)
    survivor = f.enroll(owner, training, registry.person(owner, lived_experience=True))
    colleague = f.enroll(owner, training)
    editor = member(Role.EDITOR)
    viewer = member(Role.VIEWER)
    assert set(records.enrollment_queryset(owner)) == {survivor, colleague}
    assert set(records.enrollment_queryset(member(Role.MANAGER), training=training)) == {
        survivor,
        colleague,
    }
    for scope in (editor, viewer):
        assert list(records.enrollment_queryset(scope, training=training)) == [colleague]
        with pytest.raises(Http404):
            records.enrollment_get(scope=scope, id=survivor.pk)
        rows = records.attendance_grid(scope=scope, training=training)["rows"]
        assert [r["enrollment"] for r in rows] == [colleague]
    masked = records.participants_masked(editor, [survivor, colleague])
    assert masked[survivor.pk] == (None, "Participant withheld")
    assert masked[colleague.pk] == (colleague.person_id, colleague.person.full_name)


def test_partners_see_trainings_and_people_of_their_organisation_only(owner, member):
    partner_org = registry.organization(owner)
    partner = member(Role.PARTNER, organization=partner_org)
    ours = f.make_training(owner, sessions=1)
    engagements.participant(owner, ours.engagement, organization=partner_org)
    theirs = f.enroll(owner, ours, registry.person(owner, organization=partner_org))
    f.enroll(owner, ours, registry.person(owner))
    elsewhere = f.make_training(owner, sessions=1)
    assert list(records.training_queryset(partner)) == [ours]
    assert list(records.enrollment_list(scope=partner, training=ours)) == [theirs]
    assert records.training_for_engagement(scope=partner, engagement=elsewhere.engagement) is None
    with pytest.raises(Http404):
        records.training_get(scope=partner, id=elsewhere.pk)


def test_other_workspaces_are_not_found(editor, other_workspace):
    stranger = make_member(other_workspace, Role.OWNER)
    training = f.make_training(stranger, sessions=1)
    enrollment = f.enroll(stranger, training)
    curriculum = f.make_curriculum(stranger, modules=1)
    assessment = f.make_assessment(stranger)
    module = Module.objects.get(curriculum=curriculum)
    for getter, pk in [
        (records.training_get, training.pk),
        (records.enrollment_get, enrollment.pk),
        (records.curriculum_get, curriculum.pk),
        (records.module_get, module.pk),
        (records.assessment_get, assessment.pk),
        (records.item_get, f.items_of(assessment)[0].pk),
    ]:
        with pytest.raises(Http404):
            getter(scope=editor, id=pk)
    assert records.training_for_engagement(scope=editor, engagement=training.engagement) is None
    assert not records.curriculum_list(scope=editor).exists()
    assert not records.assessment_list(scope=editor).exists()
    with pytest.raises(Http404):
        records.training_get(scope=editor, id="not-a-uuid")


def test_lists_carry_their_counts(editor):
    curriculum = f.make_curriculum(editor, modules=3, title="Liberación comunitaria")
    f.make_curriculum(editor, modules=0, title="Other")
    modules = list(Module.objects.filter(curriculum=curriculum).order_by("position"))
    curricula.module_remove(scope=editor, module=modules[2])
    listed = records.curriculum_list(scope=editor, q="liberacion")
    assert [(c.title, c.module_count) for c in listed] == [("Liberación comunitaria", 2)]
    got = records.curriculum_get(scope=editor, id=curriculum.pk)
    assert [m.title for m in got.modules.all()] == ["Module 1", "Module 2"]

    assessment = f.make_assessment(editor, title="Pre-test trata")
    assessments.item_remove(scope=editor, item=f.items_of(assessment)[0])
    listed_a = records.assessment_list(scope=editor, q="trata")
    assert [(a.title, a.item_count, a.use_count) for a in listed_a] == [("Pre-test trata", 4, 0)]
    got_a = records.assessment_get(scope=editor, id=assessment.pk)
    assert [i.kind for i in got_a.live_items] == [
        "multiple_choice",
        "true_false",
        "likert",
        "open_text",
    ]
    assert list(records.live_items(assessment)) == got_a.live_items

    training = f.make_training(editor, sessions=2, curriculum=curriculum)
    f.enroll(editor, training)
    f.enroll(editor, training, status="invited")
    f.enroll(editor, training, status="withdrawn")
    done = f.enroll(editor, training)
    f.mark(editor, training, done, "present")
    removed = f.enroll(editor, training)
    enrollments.enrollment_remove(scope=editor, enrollment=removed)
    (row,) = records.training_list(scope=editor)
    assert (
        row.enrollment_count,
        row.invited_count,
        row.enrolled_count,
        row.completed_count,
        row.withdrawn_count,
        row.session_count,
    ) == (4, 1, 1, 1, 1, 2)
    assert row.engagement == training.engagement


def test_instruments_in_phase_order_with_counts(editor):
    training = f.make_training(editor, sessions=1)
    follow_up = f.attach(editor, training, phase="follow_up")
    post = f.attach(editor, training, phase="post")
    pre = f.attach(editor, training, phase="pre")
    listed = records.instrument_list(scope=editor, training=training)
    assert listed == [pre, post, follow_up]
    assert [(i.item_count, i.response_count) for i in listed] == [(5, 0)] * 3
    assert records.instruments_by_phase(scope=editor, training=training) == {
        "pre": pre,
        "post": post,
        "follow_up": follow_up,
    }


def test_session_list_hides_a_facilitator_this_role_cannot_see(owner, member):
    curriculum = f.make_curriculum(owner, modules=2)
    training = f.make_training(owner, sessions=0, days=2, curriculum=curriculum)
    from enlace.learning.services import trainings

    sessions = trainings.sessions_from_curriculum(scope=owner, training=training)
    survivor = registry.person(owner, lived_experience=True)
    trainings.session_update(scope=owner, session=sessions[0], data={"facilitator": survivor})
    editor = member(Role.EDITOR)
    seen = records.session_list(scope=owner, training=training)
    assert seen[0].facilitator == survivor
    hidden = records.session_list(scope=editor, training=training)
    assert hidden[0].facilitator is None
    assert [m.title for m in hidden[1].modules.all()] == ["Module 2"]


def test_item_get_only_current_revisions(editor):
    assessment = f.make_assessment(editor, items=[f.single()])
    item = f.items_of(assessment)[0]
    assert records.item_get(scope=editor, id=item.pk) == item
    assessments.item_remove(scope=editor, item=item)
    with pytest.raises(Http404):
        records.item_get(scope=editor, id=item.pk)


def test_attendance_grid_marks_and_percent(editor):
    training = f.make_training(editor, sessions=4)
    first = f.enroll(editor, training)
    second = f.enroll(editor, training)
    f.mark(editor, training, first, ["present", "late", "absent", None])
    grid = records.attendance_grid(scope=editor, training=training)
    sessions = grid["sessions"]
    assert len(sessions) == 4
    rows = {r["enrollment"].pk: r for r in grid["rows"]}
    assert rows[first.pk]["marks"] == {
        sessions[0].pk: "present",
        sessions[1].pk: "late",
        sessions[2].pk: "absent",
    }
    assert (rows[first.pk]["attended"], rows[first.pk]["percent"]) == (2, 50.0)
    assert (rows[second.pk]["attended"], rows[second.pk]["percent"]) == (0, 0.0)
    empty = f.make_training(editor, sessions=0)
    f.enroll(editor, empty)
    assert records.attendance_grid(scope=editor, training=empty)["rows"][0]["percent"] is None


def _grid_queries(scope, people: int, sessions: int) -> int:
    training = f.make_training(scope, sessions=sessions, start=dt.date(2025, 5, 1))
    for _ in range(people):
        f.mark(scope, training, f.enroll(scope, training), ["present", "absent"] * sessions)
    with CaptureQueriesContext(connection) as captured:
        grid = records.attendance_grid(scope=scope, training=training)
        for row in grid["rows"]:
            _ = (row["enrollment"].person.full_name, row["enrollment"].person.organization)
    assert len(grid["rows"]) == people
    return len(captured)


def test_attendance_grid_costs_the_same_for_any_size(editor):
    small = _grid_queries(editor, people=2, sessions=2)
    large = _grid_queries(editor, people=12, sessions=6)
    assert small == large
    assert large <= 4


def test_lists_cost_the_same_for_any_size(editor):
    def measure() -> tuple[int, int, int]:
        counts = []
        for read in (
            lambda: list(records.training_list(scope=editor)),
            lambda: list(records.curriculum_list(scope=editor)),
            lambda: list(records.assessment_list(scope=editor)),
        ):
            with CaptureQueriesContext(connection) as captured:
                read()
            counts.append(len(captured))
        return counts[0], counts[1], counts[2]

    f.make_training(editor, sessions=1)
    f.make_curriculum(editor, modules=1)
    f.make_assessment(editor, items=[f.single()])
    small = measure()
    for _ in range(4):
        f.enroll(editor, f.make_training(editor, sessions=2))
        f.make_curriculum(editor, modules=2)
        f.make_assessment(editor)
    assert measure() == small


def test_completion_explain(editor):
    training = f.make_training(editor, sessions=5)
    enrollment = f.enroll(editor, training)
    text = records.completion_explain(training, enrollment, 4, 5)
    assert "Attended 4 of 5 sessions (80%); at least 80% is needed." in text
    assert "No post-test attached" in text
    assert text.endswith("Complete.")
    f.attach(editor, training, phase="post")
    text = records.completion_explain(training, enrollment, 4, 5)
    assert "Post-test not taken yet." in text and text.endswith("Not complete yet.")
    assert records.completion_explain(training, enrollment, 0, 0).startswith("No sessions")
    withdrawn = f.enroll(editor, training, status="withdrawn")
    assert records.completion_explain(training, withdrawn, 5, 5).startswith("Withdrawn")
