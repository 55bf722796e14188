"""Bad input on the learning pages: each refused POST answers 400 (or re-renders the form) with
the message beside the field or at the top, and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from enlace.learning.models import Curriculum, Item
from enlace.learning.services import trainings
from enlace.learning.tests import factories
from enlace.learning.tests.pages import learning_record
from enlace.learning.tests.test_views_access import _snapshot
from enlace.stakeholders.tests.pages import client_for, text, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(owner):
    return learning_record(owner)


def _refused(client, page, data, *expected, status=400):
    before = _snapshot()
    response = client.post(page, data)
    assert response.status_code == status, (page, response.status_code)
    body = text(response)
    for message in expected:
        assert message in body, (page, message)
    assert _snapshot() == before
    return body


def test_bad_curricula_modules_and_questions(owner, record):
    client = client_for(owner)
    _refused(
        client,
        url(owner, "learning_curriculum_create"),
        {"title": "", "language": "es"},
        "This field is required.",
        status=200,
    )
    assert Curriculum.objects.count() == 1
    _refused(
        client,
        url(owner, "learning_module_add", record["curriculum"].pk),
        {"title": "Sin duración", "duration_minutes": "0"},
        "greater than or equal to 1",
    )
    add = url(owner, "learning_item_add", record["assessment"].pk)
    _refused(
        client,
        add,
        {"kind": "single_choice", "prompt": "P", "choices": "A\nB\nC", "correct": "5", "points": 1},
        "from 1 to 3",
    )
    _refused(
        client,
        add,
        {"kind": "single_choice", "prompt": "P", "choices": "A\nB", "correct": "1, 2", "points": 1},
        "exactly one right choice",
    )
    _refused(
        client,
        add,
        {"kind": "multiple_choice", "prompt": "P", "choices": "Sólo una", "correct": "1"},
        "Give from 2 to 12 choices",
    )
    _refused(
        client,
        add,
        {"kind": "true_false", "prompt": "P", "correct": "0", "points": "101"},
        "less than or equal to 100",
    )
    count = Item.all_objects.count()
    assert client.get(add + "?kind=nonsense").status_code == 200  # offers the kinds again
    assert Item.all_objects.count() == count


def test_bad_training_settings_sessions_and_enrolments(owner, record):
    client = client_for(owner)
    e = record["engagement"].pk
    _refused(
        client,
        url(owner, "learning_training_settings", e),
        {"min_attendance_percent": "150", "version": record["training"].version},
        "less than or equal to 100",
    )
    outside = record["engagement"].end_date + dt.timedelta(days=30)
    body = _refused(
        client,
        url(owner, "learning_session_add", e),
        {"session-date": outside.isoformat(), "session-title": "Fuera de fecha"},
    )
    assert 'id="field-session-date"' in body and "errorlist" in body
    person = record["enrollments"][0].person
    _refused(
        client,
        url(owner, "learning_enrollment_add", e),
        {
            "enrollment-person": person.pk,
            "enrollment-status": "enrolled",
            "enrollment-experience_level": "none",
            "enrollment-enrolled_on": "2025-03-01",
        },
        "Already enrolled in this training.",
    )
    enrollment = record["late"]
    enrollment.refresh_from_db()
    assert enrollment.status == "enrolled"
    _refused(
        client,
        url(owner, "learning_enrollment_edit", e, enrollment.pk),
        {
            "enrollment-status": "completed",
            "enrollment-experience_level": "none",
            "enrollment-enrolled_on": "2025-03-01",
            "version": enrollment.version,
        },
        "Select a valid choice.",
    )
    _refused(
        client,
        url(owner, "learning_enrollment_add", e),
        {
            "enrollment-person": factories.registry.person(owner).pk,
            "enrollment-status": "enrolled",
            "enrollment-experience_level": "none",
            "enrollment-years_in_field": "99",
            "enrollment-enrolled_on": "2025-03-01",
        },
        "less than or equal to 70",
    )


def test_attendance_for_someone_not_enrolled_or_a_made_up_mark_saves_nothing(owner, record):
    client = client_for(owner)
    e = record["engagement"].pk
    session, enrollment = record["session"], record["enrollments"][0]
    stranger = factories.enroll(owner, factories.make_training(owner, sessions=1))
    page = url(owner, "learning_attendance", e)
    _refused(
        client,
        page,
        {
            f"mark-{session.pk}-{enrollment.pk}": "absent",
            f"mark-{session.pk}-{stranger.pk}": "present",
        },
        "Not enrolled in this training.",
        "Nothing was saved",
    )
    body = _refused(
        client,
        page,
        {f"mark-{session.pk}-{enrollment.pk}": "asleep"},
        "Unknown attendance mark",
    )
    assert 'value="asleep"' not in body or "selected" in body  # the grid is shown again


def test_tests_links_paper_entry_and_certificates_refuse_bad_input(owner, record):
    client = client_for(owner)
    e = record["engagement"].pk
    _refused(
        client,
        url(owner, "learning_instrument_attach", e),
        {"instrument-assessment": record["assessment"].pk, "instrument-phase": "pre"},
        "already has a pre-test",
    )
    trainings.instrument_close(scope=owner, instrument=record["post"])
    _refused(
        client,
        url(owner, "learning_links_issue", e),
        {"links-phase": "post", "links-days_valid": "7"},
        "closed",
    )
    _refused(
        client,
        url(owner, "learning_links_issue", e),
        {"links-phase": "pre", "links-days_valid": "0"},
        "greater than or equal to 1",
    )
    enrollment = record["enrollments"][0]
    body = _refused(
        client,
        url(owner, "learning_response_enter", e, "pre"),
        {"enrollment": enrollment.pk, f"item-{record['items'][0].pk}": "0"},
        "already has a pre-test response",
    )
    assert "Replace the answers already recorded" in body
    _refused(
        client,
        url(owner, "learning_response_enter", e, "pre"),
        {"enrollment": record["late"].pk, "replace": "on", f"item-{record['items'][0].pk}": "9"},
        "Select a valid choice.",
    )
    _refused(
        client,
        url(owner, "learning_certificate_revoke", e, record["certificate"].pk),
        {"reason": "x"},
        "at least 3 characters",
    )
    assert client.get(url(owner, "learning_response_enter", e, "during")).status_code == 404
