"""The learning side of an engagement through the API: the training's settings (created by the
first write), sessions, instruments, enrolments and the attendance grid; bad input answered
with a problem document that changes nothing; lists whose queries do not grow with the rows."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from enlace.engagements.tests import factories as engagements
from enlace.learning.models import (
    Attendance,
    Enrollment,
    Module,
    Training,
    TrainingInstrument,
    TrainingSession,
)
from enlace.learning.tests import factories as f
from enlace.learning.tests.test_api_records import errors_of, put, queries_for
from enlace.stakeholders.tests import factories as registry
from enlace.testing import ApiClient

pytestmark = pytest.mark.django_db

ENGAGEMENTS = "/api/v1/engagements"


def url_of(engagement_or_training, part: str) -> str:
    engagement_id = getattr(engagement_or_training, "engagement_id", engagement_or_training.pk)
    return f"{ENGAGEMENTS}/{engagement_id}/{part}"


def training_engagement(scope, days: int = 3, kind: str = "training"):
    return engagements.engagement(
        scope,
        kind=kind,
        start_date=f.START,
        end_date=f.START + dt.timedelta(days=days - 1),
    )


# The training: created on demand, refused for other kinds


def test_reads_answer_empty_until_the_first_write_creates_the_training(api, editor):
    engagement = training_engagement(editor)
    for part in ("sessions", "instruments", "certificates"):
        response = api.get(url_of(engagement, part))
        assert (response.status_code, response.json()) == (200, []), part
    for part in ("enrollments", "responses"):
        assert api.get(url_of(engagement, part)).json()["count"] == 0, part
    assert api.get(url_of(engagement, "attendance")).json() == {"sessions": [], "rows": []}
    summary = api.get(url_of(engagement, "learning-summary")).json()
    assert (summary["matched_pairs"], summary["participants"], summary["by_item"]) == (0, [], [])
    settings = api.get(url_of(engagement, "training"))
    assert settings.json() == {
        "id": None,
        "engagement_id": str(engagement.pk),
        "curriculum_id": None,
        "min_attendance_percent": 80,
        "require_post_test": True,
        "version": None,
    }
    assert "ETag" not in settings
    assert not Training.objects.exists()

    curriculum = f.make_curriculum(editor)
    changed = api.patch(
        url_of(engagement, "training"),
        {"curriculum_id": str(curriculum.pk), "min_attendance_percent": 75},
    )
    assert changed.status_code == 200, changed.content
    training = Training.objects.get()
    assert changed.json()["id"] == str(training.pk)
    assert (training.curriculum, training.min_attendance_percent) == (curriculum, 75)
    assert changed["ETag"] == f'"{training.version}"'
    assert api.get(url_of(engagement, "training")).json() == changed.json()
    stale = api.patch(url_of(engagement, "training"), {"require_post_test": False, "version": 1})
    assert stale.status_code == 409


def test_writes_to_an_engagement_that_is_not_a_training_are_refused(api, editor):
    meeting = training_engagement(editor, kind="meeting")
    person = registry.person(editor)
    assessment = f.make_assessment(editor)
    writes = [
        api.patch(url_of(meeting, "training"), {"min_attendance_percent": 50}),
        api.post(url_of(meeting, "sessions"), {"date": f.START.isoformat()}),
        api.post(url_of(meeting, "sessions/from-curriculum")),
        api.post(url_of(meeting, "enrollments"), {"person_id": str(person.pk)}),
        api.post(
            url_of(meeting, "instruments"), {"assessment_id": str(assessment.pk), "phase": "pre"}
        ),
        put(api, url_of(meeting, "attendance"), {"marks": []}),
        api.post(url_of(meeting, "certificates"), {"all": True}),
    ]
    for response in writes:
        message = " ".join(errors_of(response)["engagement"])
        assert "Only a training or a workshop" in message
    assert not Training.objects.exists()
    assert api.get(url_of(meeting, "training")).json()["id"] is None


def test_a_refused_first_write_leaves_no_training_behind(api, editor):
    engagement = training_engagement(editor)
    response = api.post(url_of(engagement, "sessions"), {"date": "2020-01-01"})
    assert "date" in errors_of(response)
    assert not Training.objects.exists()


# Sessions


def test_sessions_are_planned_from_the_curriculum_and_edited(api, editor):
    curriculum = f.make_curriculum(editor, modules=5, minutes=60)
    engagement = training_engagement(editor, days=3)
    assert "curriculum_id" in errors_of(api.post(url_of(engagement, "sessions/from-curriculum")))
    api.patch(url_of(engagement, "training"), {"curriculum_id": str(curriculum.pk)})
    planned = api.post(url_of(engagement, "sessions/from-curriculum"))
    assert planned.status_code == 201, planned.content
    sessions = planned.json()
    assert [s["date"] for s in sessions] == ["2025-03-03", "2025-03-04", "2025-03-05"]
    assert [len(s["module_ids"]) for s in sessions] == [2, 2, 1]
    assert [s["duration_minutes"] for s in sessions] == [120, 120, 60]
    again = api.post(url_of(engagement, "sessions/from-curriculum"))
    assert "sessions" in errors_of(again)
    assert api.get(url_of(engagement, "sessions")).json() == sessions

    facilitator = registry.person(editor, full_name="Ana Facilitadora")
    first = sessions[0]
    session_url = url_of(engagement, f"sessions/{first['id']}")
    modules = list(Module.objects.filter(curriculum=curriculum).order_by("position"))
    changed = api.patch(
        session_url,
        {
            "title": "Day one",
            "facilitator_id": str(facilitator.pk),
            "module_ids": [str(modules[4].pk)],
            "version": first["version"],
        },
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["title"], changed.json()["facilitator_id"]) == (
        "Day one",
        str(facilitator.pk),
    )
    assert changed.json()["module_ids"] == [str(modules[4].pk)]
    assert api.patch(session_url, {"title": "x", "version": first["version"]}).status_code == 409

    added = api.post(
        url_of(engagement, "sessions"),
        {"date": "2025-03-05", "module_ids": [str(modules[0].pk)]},
    )
    assert added.status_code == 201, added.content
    assert (added.json()["title"], added.json()["duration_minutes"]) == ("Module 1", 60)
    assert api.delete(session_url).status_code == 204
    assert api.delete(session_url).status_code == 404
    assert len(api.get(url_of(engagement, "sessions")).json()) == 3


def test_bad_sessions_are_refused_and_change_nothing(api, editor, other_workspace):
    from enlace.core.permissions import Role
    from enlace.testing import make_member

    training = f.make_training(editor, sessions=1, days=2)
    url = url_of(training, "sessions")
    stranger = make_member(other_workspace, Role.EDITOR)
    foreign_module = Module.objects.filter(curriculum=f.make_curriculum(stranger)).first()
    foreign_person = registry.person(stranger)
    cases = [
        ({"date": "2025-03-05"}, "date"),
        ({"date": "soon"}, "date"),
        ({"date": "2025-03-03", "duration_minutes": -5}, "duration_minutes"),
        ({"date": "2025-03-03", "duration_minutes": 24 * 60 + 1}, "duration_minutes"),
        ({"date": "2025-03-03", "module_ids": [str(foreign_module.pk)]}, "module_ids"),
        ({"date": "2025-03-03", "module_ids": ["nope"]}, "module_ids.0"),
        ({"date": "2025-03-03", "facilitator_id": str(foreign_person.pk)}, "facilitator_id"),
        ({"date": "2025-03-03", "room": "B"}, "room"),
    ]
    for body, field in cases:
        assert field in errors_of(api.post(url, body)), body
    assert TrainingSession.objects.count() == 1
    other = f.make_training(editor, sessions=1)
    foreign_session = TrainingSession.objects.get(training=other)
    assert api.patch(f"{url}/{foreign_session.pk}", {"title": "x"}).status_code == 404
    assert api.delete(f"{url}/{foreign_session.pk}").status_code == 404


# Instruments


def test_instruments_are_attached_closed_reopened_and_detached(api, editor):
    training = f.make_training(editor, sessions=1)
    assessment = f.make_assessment(editor)
    url = url_of(training, "instruments")
    closes = (timezone.now() + dt.timedelta(days=7)).isoformat()
    attached = api.post(
        url, {"assessment_id": str(assessment.pk), "phase": "pre", "closes_at": closes}
    )
    assert attached.status_code == 201, attached.content
    instrument = attached.json()
    assert (instrument["phase"], instrument["open"], instrument["assessment_title"]) == (
        "pre",
        True,
        assessment.title,
    )
    again = api.post(url, {"assessment_id": str(assessment.pk), "phase": "pre"})
    assert "phase" in errors_of(again)
    one = f"{url}/{instrument['id']}"
    closed = api.post(f"{one}/close")
    assert closed.status_code == 200, closed.content
    assert (closed.json()["open"], closed.json()["closed_at"] is not None) == (False, True)
    reopened = api.post(f"{one}/reopen").json()
    assert (reopened["open"], reopened["closed_at"]) == (True, None)
    patched = api.patch(one, {"closes_at": None})
    assert (patched.status_code, patched.json()["closes_at"]) == (200, None)
    assert "closes_at" in errors_of(api.patch(one, {"closes_at": "2025-03-03T10:00:00"}))
    assert [i["id"] for i in api.get(url).json()] == [instrument["id"]]

    f.enroll(editor, training)
    enrollment = Enrollment.objects.get()
    api.post(
        url_of(training, "responses"),
        {"enrollment_id": str(enrollment.pk), "phase": "pre", "answers": []},
    )
    assert "__all__" in errors_of(api.delete(one))
    assert TrainingInstrument.objects.count() == 1


def test_bad_instruments_are_refused(api, editor):
    training = f.make_training(editor, sessions=1)
    url = url_of(training, "instruments")
    empty = f.make_assessment(editor, [])
    full = f.make_assessment(editor)
    cases = [
        ({"assessment_id": str(empty.pk), "phase": "pre"}, "assessment_id"),
        ({"assessment_id": str(uuid.uuid4()), "phase": "pre"}, "assessment_id"),
        ({"assessment_id": str(full.pk), "phase": "during"}, "phase"),
        ({"assessment_id": str(full.pk), "phase": "post", "closes_at": "tomorrow"}, "closes_at"),
        ({"assessment_id": str(full.pk), "phase": "post", "colour": "red"}, "colour"),
    ]
    for body, field in cases:
        assert field in errors_of(api.post(url, body)), body
    assert not TrainingInstrument.objects.exists()


# Enrolments


def test_enrollments_are_added_read_changed_removed_and_restored(api, editor, owner):
    engagement = training_engagement(editor)
    person = registry.person(editor, full_name="Rosa Díaz")
    url = url_of(engagement, "enrollments")
    added = api.post(
        url,
        {
            "person_id": str(person.pk),
            "status": "invited",
            "experience_level": "basic",
            "years_in_field": 4,
            "enrolled_on": "2025-02-20",
        },
    )
    assert added.status_code == 201, added.content
    enrollment = added.json()
    assert (enrollment["name"], enrollment["status"], enrollment["years_in_field"]) == (
        "Rosa Díaz",
        "invited",
        4,
    )
    one = f"{url}/{enrollment['id']}"
    assert api.get(one).json() == enrollment
    assert api.get(one)["ETag"] == '"1"'
    changed = api.patch(one, {"status": "enrolled", "version": 1})
    assert (changed.status_code, changed.json()["status"]) == (200, "enrolled")
    again = api.post(url, {"person_id": str(person.pk)})
    assert "person_id" in errors_of(again)
    page = api.get(url).json()
    assert (page["count"], page["items"][0]["id"]) == (1, enrollment["id"])

    assert api.delete(one).status_code == 204
    assert api.get(one).status_code == 404
    admin = ApiClient(owner)
    trash = admin.get(url, {"deleted": "true"}).json()
    assert [e["id"] for e in trash["items"]] == [enrollment["id"]]
    assert api.get(url, {"deleted": "true"}).status_code == 403
    assert api.post(f"{one}/restore").status_code == 403
    restored = admin.post(f"{one}/restore")
    assert (restored.status_code, restored.json()["deleted_at"]) == (200, None)


def test_completed_is_never_typed_and_bad_enrollments_change_nothing(api, editor, other_workspace):
    from enlace.core.permissions import Role
    from enlace.testing import make_member

    training = f.make_training(editor, sessions=1)
    url = url_of(training, "enrollments")
    person = registry.person(editor)
    foreign_person = registry.person(make_member(other_workspace, Role.EDITOR))
    completed = api.post(url, {"person_id": str(person.pk), "status": "completed"})
    assert "Completion is computed" in " ".join(errors_of(completed)["status"])
    cases = [
        ({"person_id": str(foreign_person.pk)}, "person_id"),
        ({"person_id": str(uuid.uuid4())}, "person_id"),
        ({"person_id": str(person.pk), "years_in_field": 71}, "years_in_field"),
        ({"person_id": str(person.pk), "years_in_field": -1}, "years_in_field"),
        ({"person_id": str(person.pk), "experience_level": "guru"}, "experience_level"),
        ({"person_id": str(person.pk), "status": "maybe"}, "status"),
        ({"person_id": str(person.pk), "nickname": "R"}, "nickname"),
        ({}, "person_id"),
    ]
    for body, field in cases:
        assert field in errors_of(api.post(url, body)), body
    assert not Enrollment.all_objects.exists()

    enrollment = f.enroll(editor, training, person)
    one = f"{url}/{enrollment.pk}"
    typed = api.patch(one, {"status": "completed"})
    assert "Completion is computed" in " ".join(errors_of(typed)["status"])
    assert "person_id" in errors_of(api.patch(one, {"person_id": str(person.pk)}))
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.version) == ("enrolled", 1)

    other = f.make_training(editor, sessions=1)
    elsewhere = f.enroll(editor, other)
    for answer in (
        api.get(f"{url}/{elsewhere.pk}"),
        api.patch(f"{url}/{elsewhere.pk}", {"status": "withdrawn"}),
        api.delete(f"{url}/{elsewhere.pk}"),
    ):
        assert answer.status_code == 404
    elsewhere.refresh_from_db()
    assert (elsewhere.status, elsewhere.deleted_at) == ("enrolled", None)


# Attendance


def test_attendance_grid_is_read_and_marked(api, editor):
    training = f.make_training(
        editor, sessions=4, min_attendance_percent=75, require_post_test=False
    )
    sessions = f.sessions_of(training)
    ana = f.enroll(editor, training, registry.person(editor, full_name="Ana"))
    ben = f.enroll(editor, training, registry.person(editor, full_name="Ben"))
    url = url_of(training, "attendance")
    marks = [
        {"session_id": str(s.pk), "enrollment_id": str(ana.pk), "status": status}
        for s, status in zip(sessions, ["present", "late", "present", "absent"], strict=True)
    ] + [{"session_id": str(sessions[0].pk), "enrollment_id": str(ben.pk), "status": "excused"}]
    response = put(api, url, {"marks": marks})
    assert response.status_code == 200, response.content
    grid = response.json()
    assert grid["changed"] == 5
    assert [s["id"] for s in grid["sessions"]] == [str(s.pk) for s in sessions]
    rows = {row["name"]: row for row in grid["rows"]}
    assert (rows["Ana"]["attended"], rows["Ana"]["percent"], rows["Ana"]["status"]) == (
        3,
        75.0,
        "completed",
    )
    assert rows["Ben"]["marks"] == {str(sessions[0].pk): "excused"}
    assert api.get(url).json() == {k: v for k, v in grid.items() if k != "changed"}

    cleared = put(
        api,
        url,
        {
            "marks": [
                {"session_id": str(sessions[0].pk), "enrollment_id": str(ben.pk), "status": None}
            ]
        },
    )
    assert cleared.json()["changed"] == 1
    assert {r["name"]: r["marks"] for r in cleared.json()["rows"]}["Ben"] == {}
    same = put(api, url, {"marks": marks[:1]})
    assert same.json()["changed"] == 0


def test_bad_attendance_is_refused_and_changes_nothing(api, editor, other_workspace):
    from enlace.core.permissions import Role
    from enlace.testing import make_member

    training = f.make_training(editor, sessions=2)
    session = f.sessions_of(training)[0]
    enrollment = f.enroll(editor, training)
    other = f.make_training(editor, sessions=1)
    other_session = f.sessions_of(other)[0]
    outsider = f.enroll(editor, other)
    stranger = make_member(other_workspace, Role.EDITOR)
    foreign = f.make_training(stranger, sessions=1)
    foreign_enrollment = f.enroll(stranger, foreign)
    url = url_of(training, "attendance")
    good = {"session_id": str(session.pk), "enrollment_id": str(enrollment.pk), "status": "present"}
    cases = [
        ({**good, "enrollment_id": str(outsider.pk)}, "marks.1.enrollment_id", "Not enrolled"),
        ({**good, "enrollment_id": str(foreign_enrollment.pk)}, "marks.1.enrollment_id", "Unknown"),
        ({**good, "session_id": str(other_session.pk)}, "marks.1.session_id", "Not a session"),
        ({**good, "status": "asleep"}, "marks.1.status", ""),
        ({**good, "colour": "red"}, "marks.1.colour", ""),
    ]
    for bad, field, message in cases:
        errors = errors_of(put(api, url, {"marks": [good, bad]}))
        assert field in errors, bad
        assert message in " ".join(errors[field])
    twice = errors_of(put(api, url, {"marks": [good, good]}))
    assert "enrollment_id" in twice
    assert "__all__" in errors_of(put(api, url, [good]))
    assert not Attendance.objects.exists()


# Query counts


@pytest.mark.parametrize("part", ["enrollments", "sessions", "attendance", "instruments"])
def test_lists_use_the_same_queries_for_3_and_30_rows(part, api, editor):
    training = f.make_training(editor, sessions=3)
    curriculum = f.make_curriculum(editor, modules=2)
    modules = list(Module.objects.filter(curriculum=curriculum))
    facilitator = registry.person(editor)
    url = url_of(training, part)

    def grow(count: int) -> None:
        from enlace.learning.services import trainings

        for _ in range(count):
            enrollment = f.enroll(editor, training)
            f.mark(editor, training, enrollment, "present")
            trainings.session_add(
                scope=editor,
                training=training,
                data={"date": f.START, "modules": modules, "facilitator": facilitator},
            )

    grow(3)
    if part == "instruments":
        f.attach(editor, training, phase="pre")
    with_3 = queries_for(api, url) if part in {"enrollments"} else _count(api, url)
    grow(27)
    if part == "instruments":
        f.attach(editor, training, phase="post")
        f.attach(editor, training, phase="follow_up")
    with_30 = queries_for(api, url) if part in {"enrollments"} else _count(api, url)
    assert with_3 == with_30


def _count(api: ApiClient, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return len(queries)
