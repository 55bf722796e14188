"""The learning pages through the real views: every page renders for staff, and the main flows
(curricula and modules, assessments and items, a training's settings, sessions, enrolments,
attendance, tests, links, paper tests, certificates) save through the services. Access rules are
in test_views_access.py, bad input in test_views_input.py, query counts in
test_views_queries.py, the dashboard in test_views_dashboard.py."""

from __future__ import annotations

import pytest
from django.test import Client

from enlace.learning.models import (
    Attendance,
    Certificate,
    Curriculum,
    Enrollment,
    Item,
    Module,
    Response,
    ResponseLink,
    Training,
    TrainingInstrument,
    TrainingSession,
)
from enlace.learning.tests import factories
from enlace.learning.tests.pages import learning_record
from enlace.stakeholders.tests import factories as registry
from enlace.stakeholders.tests.pages import client_for, text, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(owner):
    return learning_record(owner)


def all_pages(where, record):
    """Every learning page (GET) about `record`, as addressed in `where`'s workspace."""
    e = record["engagement"].pk
    return [
        url(where, "learning_training_list"),
        url(where, "learning_curriculum_list"),
        url(where, "learning_curriculum_create"),
        url(where, "learning_curriculum_detail", record["curriculum"].pk),
        url(where, "learning_curriculum_edit", record["curriculum"].pk),
        url(where, "learning_curriculum_delete", record["curriculum"].pk),
        url(where, "learning_module_edit", record["modules"][0].pk),
        url(where, "learning_module_remove", record["modules"][0].pk),
        url(where, "learning_assessment_list"),
        url(where, "learning_assessment_create"),
        url(where, "learning_assessment_detail", record["assessment"].pk),
        url(where, "learning_assessment_edit", record["assessment"].pk),
        url(where, "learning_assessment_delete", record["assessment"].pk),
        url(where, "learning_item_add", record["assessment"].pk),
        url(where, "learning_item_add", record["assessment"].pk) + "?kind=multiple_choice",
        url(where, "learning_item_edit", record["items"][0].pk),
        url(where, "learning_item_remove", record["items"][0].pk),
        url(where, "learning_training", e),
        url(where, "learning_sessions", e),
        url(where, "learning_session_edit", e, record["session"].pk),
        url(where, "learning_session_remove", e, record["session"].pk),
        url(where, "learning_enrollments", e),
        url(where, "learning_enrollment_edit", e, record["enrollments"][0].pk),
        url(where, "learning_enrollment_remove", e, record["enrollments"][0].pk),
        url(where, "learning_attendance", e),
        url(where, "learning_attendance", e) + f"?session={record['session'].pk}",
        url(where, "learning_instruments", e),
        url(where, "learning_instrument_detach", e, record["pre"].pk),
        url(where, "learning_response_enter", e, "pre"),
        url(where, "learning_response_detail", e, _response(record).pk),
        url(where, "learning_response_remove", e, _response(record).pk),
        url(where, "learning_certificates", e),
        url(where, "learning_certificate_revoke", e, record["certificate"].pk),
        url(where, "learning_dashboard", e),
        url(where, "learning_participant", record["enrollments"][0].person_id),
    ]


def _response(record):
    return Response.objects.filter(enrollment=record["enrollments"][0], phase="pre").get()


def test_every_learning_page_renders_for_staff(owner, record):
    client = client_for(owner)
    for page in all_pages(owner, record):
        response = client.get(page)
        assert response.status_code == 200, page
        assert "<main" in text(response), page
    response = client.get(
        url(owner, "learning_certificate_pdf", record["engagement"].pk, record["certificate"].pk)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_navigation_and_the_engagement_and_person_pages_link_to_learning(owner, record):
    client = client_for(owner)
    page = text(client.get(url(owner, "workspace")))
    assert url(owner, "learning_training_list") in page
    engagement = record["engagement"]
    page = text(client.get(url(owner, "engagement_detail", engagement.pk)))
    assert url(owner, "learning_training", engagement.pk) in page
    person = record["enrollments"][0].person
    page = text(client.get(url(owner, "person_detail", person.pk)))
    assert url(owner, "learning_participant", person.pk) in page


def test_other_engagements_have_no_training_link_and_no_training_pages(owner):
    from enlace.engagements.tests import factories as engagements

    meeting = engagements.engagement(owner, kind="meeting", title="Reunión")
    client = client_for(owner)
    page = text(client.get(url(owner, "engagement_detail", meeting.pk)))
    assert "learning" not in page.split("<main", 1)[1]
    assert client.get(url(owner, "learning_training", meeting.pk)).status_code == 404
    assert client.post(url(owner, "learning_training_setup", meeting.pk)).status_code == 404


def test_a_training_is_set_up_from_its_engagement(owner):
    from enlace.engagements.tests import factories as engagements

    workshop = engagements.engagement(owner, kind="workshop", title="Taller")
    client = client_for(owner)
    page = text(client.get(url(owner, "learning_training", workshop.pk)))
    assert "Set up the training" in page
    assert client.get(url(owner, "learning_sessions", workshop.pk)).status_code == 404
    response = client.post(url(owner, "learning_training_setup", workshop.pk))
    assert response.status_code == 302
    assert Training.objects.filter(engagement=workshop).count() == 1
    page = text(client.get(url(owner, "learning_training", workshop.pk)))
    assert "Completion rule" in page


# Curricula and modules


def test_curricula_list_searches_pages_and_offers_the_first_one(owner):
    client = client_for(owner)
    page = text(client.get(url(owner, "learning_curriculum_list")))
    assert "No curricula yet." in page and url(owner, "learning_curriculum_create") in page
    for number in range(30):
        factories.make_curriculum(owner, modules=0, title=f"Currículo {number:02d}")
    factories.make_curriculum(owner, modules=0, title="Protección")
    page = text(client.get(url(owner, "learning_curriculum_list")))
    assert "Currículo 00" in page and "Protección" not in page  # 25 a page, by title
    assert "page=2" in page
    page = text(client.get(url(owner, "learning_curriculum_list"), {"q": "protec"}))
    assert "Protección" in page and "Currículo 00" not in page
    page = text(client.get(url(owner, "learning_curriculum_list"), {"q": "zzz"}))
    assert "No curriculum matches" in page
    response = client.get(
        url(owner, "learning_curriculum_list"), {"q": "protec"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in text(response) and 'id="results"' in text(response)


def test_create_a_curriculum_add_modules_and_reorder_them(owner):
    client = client_for(owner)
    response = client.post(
        url(owner, "learning_curriculum_create"),
        {"title": "Liberación comunitaria", "edition": "1.0", "language": "es"},
    )
    assert response.status_code == 302
    curriculum = Curriculum.objects.get()
    detail = url(owner, "learning_curriculum_detail", curriculum.pk)
    assert response["Location"] == detail
    for title in ("Movilización", "Protección", "Marco legal"):
        response = client.post(
            url(owner, "learning_module_add", curriculum.pk),
            {"title": title, "objectives": "Uno\nDos", "duration_minutes": "90"},
        )
        assert response.status_code == 302

    def titles() -> list[str]:
        return list(Module.objects.order_by("position").values_list("title", flat=True))

    assert titles() == ["Movilización", "Protección", "Marco legal"]
    third = Module.objects.get(title="Marco legal")
    client.post(url(owner, "learning_module_move", third.pk), {"direction": "up"})
    assert titles() == ["Movilización", "Marco legal", "Protección"]
    first = Module.objects.get(title="Movilización")
    client.post(url(owner, "learning_module_move", first.pk), {"direction": "up"})  # stays
    assert titles() == ["Movilización", "Marco legal", "Protección"]
    client.post(url(owner, "learning_module_move", first.pk), {"direction": "down"})
    assert titles() == ["Marco legal", "Movilización", "Protección"]
    page = text(client.get(detail))
    assert "4.5 h" in page
    page = page.split('id="modules-title"')[1]
    assert page.index("Marco legal") < page.index("Movilización") < page.index("Protección")
    first.refresh_from_db()  # moving it changed its version
    response = client.post(
        url(owner, "learning_module_edit", first.pk),
        {"title": "Movilización comunitaria", "duration_minutes": "60", "version": first.version},
    )
    assert response.status_code == 302
    assert Module.objects.get(pk=first.pk).title == "Movilización comunitaria"
    response = client.post(url(owner, "learning_module_remove", first.pk))
    assert response.status_code == 302
    assert titles() == ["Marco legal", "Protección"]


def test_a_module_in_use_is_not_removed_and_the_page_says_why(owner, record):
    module = record["modules"][0]
    response = client_for(owner).post(url(owner, "learning_module_remove", module.pk))
    assert response.status_code == 400
    page = text(response)
    assert "cannot be removed" in page
    assert Module.objects.filter(pk=module.pk).exists()


def test_edit_and_delete_a_curriculum(owner):
    curriculum = factories.make_curriculum(owner, modules=1, title="Viejo")
    client = client_for(owner)
    response = client.post(
        url(owner, "learning_curriculum_edit", curriculum.pk),
        {"title": "Nuevo", "edition": "2.0", "language": "en", "version": curriculum.version},
    )
    assert response.status_code == 302
    curriculum.refresh_from_db()
    assert (curriculum.title, curriculum.edition, curriculum.language) == ("Nuevo", "2.0", "en")
    response = client.post(
        url(owner, "learning_curriculum_delete", curriculum.pk), {"version": curriculum.version}
    )
    assert response.status_code == 302
    assert Curriculum.all_objects.get(pk=curriculum.pk).deleted_at is not None


# Assessments and items


def test_add_one_question_of_each_kind(owner):
    assessment = factories.make_assessment(owner, items=[], title="Prueba")
    client = client_for(owner)
    add = url(owner, "learning_item_add", assessment.pk)
    page = text(client.get(add))
    assert "Which kind of question?" in page
    posts = [
        {
            "kind": "single_choice",
            "prompt": "¿Capital de Chile?",
            "choices": "Lima\nSantiago\nQuito",
            "correct": "2",
            "points": "2",
        },
        {
            "kind": "multiple_choice",
            "prompt": "Señales",
            "choices": "A\nB\nC\nD",
            "correct": "3, 1",
            "points": "3",
        },
        {"kind": "true_false", "prompt": "La trata es un delito", "correct": "0", "points": "1"},
        {"kind": "likert", "prompt": "Me siento capaz"},
        {"kind": "open_text", "prompt": "Comentarios"},
    ]
    for data in posts:
        response = client.post(add, data)
        assert response.status_code == 302, text(response)
    items = {i.kind: i for i in Item.objects.filter(assessment=assessment)}
    assert items["single_choice"].answer == 1 and items["single_choice"].points == 2
    assert items["single_choice"].choices == ["Lima", "Santiago", "Quito"]
    assert items["multiple_choice"].answer == [0, 2]
    assert items["true_false"].choices == ["true", "false"] and items["true_false"].answer == 0
    assert items["likert"].points == 0 and items["likert"].answer is None
    assert items["open_text"].points == 0
    page = text(client.get(url(owner, "learning_assessment_detail", assessment.pk)))
    assert page.count("(right answer)") == 4  # one single, two multiple, one true/false


def test_editing_an_answered_question_makes_a_new_revision(owner, record):
    item = record["items"][0]  # answered in the record
    client = client_for(owner)
    edit = url(owner, "learning_item_edit", item.pk)
    assert "already answered" in text(client.get(edit))
    response = client.post(
        edit,
        {
            "kind": item.kind,
            "prompt": "¿Qué es la trata de personas?",
            "choices": "A\nB\nC",
            "correct": "1",
            "points": "1",
            "module": record["modules"][0].pk,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.retired_at is not None
    revision = Item.objects.get(lineage=item.lineage, retired_at__isnull=True)
    assert revision.revision == 2 and revision.prompt == "¿Qué es la trata de personas?"
    page = text(client.get(url(owner, "learning_assessment_detail", item.assessment_id)))
    assert "revision 2" in page


def test_removing_an_unanswered_question_and_retiring_an_answered_one(owner, record):
    client = client_for(owner)
    answered = record["items"][1]
    page = text(client.get(url(owner, "learning_item_remove", answered.pk)))
    assert "retired, not deleted" in page
    assert client.post(url(owner, "learning_item_remove", answered.pk)).status_code == 302
    answered.refresh_from_db()
    assert answered.retired_at is not None
    fresh = factories.make_assessment(owner, items=[factories.single()])
    item = factories.items_of(fresh)[0]
    assert client.post(url(owner, "learning_item_remove", item.pk)).status_code == 302
    assert Item.all_objects.get(pk=item.pk).deleted_at is not None


# A training


def test_training_settings_and_sessions(owner):
    curriculum = factories.make_curriculum(owner, modules=4, minutes=60)
    training = factories.make_training(owner, sessions=0, days=2)
    e = training.engagement_id
    client = client_for(owner)
    response = client.post(
        url(owner, "learning_training_settings", e),
        {
            "curriculum": curriculum.pk,
            "min_attendance_percent": "75",
            "require_post_test": "on",
            "version": training.version,
        },
    )
    assert response.status_code == 302
    training.refresh_from_db()
    assert training.curriculum_id == curriculum.pk and training.min_attendance_percent == 75
    assert "Lay out the sessions" in text(client.get(url(owner, "learning_sessions", e)))
    response = client.post(url(owner, "learning_sessions_generate", e))
    assert response.status_code == 302
    sessions = factories.sessions_of(training)
    assert len(sessions) == 2 and sessions[0].duration_minutes == 120  # two modules a day
    person = registry.person(owner, full_name="Facilitadora")
    response = client.post(
        url(owner, "learning_session_add", e),
        {
            "session-date": training.engagement.start_date.isoformat(),
            "session-title": "Repaso",
            "session-modules": [m.pk for m in curriculum.modules.all()[:1]],
            "session-facilitator": person.pk,
        },
    )
    assert response.status_code == 302
    extra = TrainingSession.objects.get(title="Repaso")
    assert extra.duration_minutes == 60 and extra.facilitator_id == person.pk
    response = client.post(
        url(owner, "learning_session_edit", e, extra.pk),
        {
            "session-date": training.engagement.start_date.isoformat(),
            "session-title": "Repaso final",
            "session-duration_minutes": "45",
        },
    )
    assert response.status_code == 302
    extra.refresh_from_db()
    assert (extra.title, extra.duration_minutes) == ("Repaso final", 45)
    assert list(extra.modules.all()) == []
    response = client.post(
        url(owner, "learning_session_remove", e, extra.pk), {"version": extra.version}
    )
    assert response.status_code == 302
    assert TrainingSession.all_objects.get(pk=extra.pk).deleted_at is not None


def test_enrol_edit_withdraw_and_remove(owner):
    training = factories.make_training(owner, sessions=1)
    e = training.engagement_id
    person = registry.person(owner, full_name="Rosa Quispe")
    client = client_for(owner)
    response = client.post(
        url(owner, "learning_enrollment_add", e),
        {
            "enrollment-person": person.pk,
            "enrollment-status": "enrolled",
            "enrollment-experience_level": "intermediate",
            "enrollment-years_in_field": "7",
            "enrollment-enrolled_on": "2025-03-01",
        },
    )
    assert response.status_code == 302
    enrollment = Enrollment.objects.get()
    assert (enrollment.experience_level, enrollment.years_in_field) == ("intermediate", 7)
    page = text(client.get(url(owner, "learning_enrollments", e)))
    assert "Rosa Quispe" in page and "Intermediate" in page
    response = client.post(
        url(owner, "learning_enrollment_edit", e, enrollment.pk),
        {
            "enrollment-status": "invited",
            "enrollment-experience_level": "advanced",
            "enrollment-years_in_field": "8",
            "enrollment-enrolled_on": "2025-03-01",
            "version": enrollment.version,
        },
    )
    assert response.status_code == 302, text(response)
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.experience_level) == ("invited", "advanced")
    client.post(url(owner, "learning_enrollment_withdraw", e, enrollment.pk))
    enrollment.refresh_from_db()
    assert enrollment.status == "withdrawn"
    response = client.post(
        url(owner, "learning_enrollment_remove", e, enrollment.pk), {"version": enrollment.version}
    )
    assert response.status_code == 302
    assert Enrollment.all_objects.get(pk=enrollment.pk).deleted_at is not None


def test_a_completer_is_shown_as_computed_and_editing_keeps_it(owner, record):
    e = record["engagement"].pk
    completer = record["enrollments"][0]
    assert completer.status == "completed"
    client = client_for(owner)
    page = text(client.get(url(owner, "learning_enrollment_edit", e, completer.pk)))
    assert "Completed (computed)" in page
    response = client.post(
        url(owner, "learning_enrollment_edit", e, completer.pk),
        {
            "enrollment-status": "completed",
            "enrollment-experience_level": "advanced",
            "enrollment-enrolled_on": completer.enrolled_on.isoformat(),
            "version": completer.version,
        },
    )
    assert response.status_code == 302
    completer.refresh_from_db()
    assert (completer.status, completer.experience_level) == ("completed", "advanced")


def test_the_attendance_grid_saves_every_change_with_one_submit(owner):
    training = factories.make_training(owner, sessions=3)
    e = training.engagement_id
    first, second = factories.enroll(owner, training), factories.enroll(owner, training)
    sessions = factories.sessions_of(training)
    client = client_for(owner)
    page = text(client.get(url(owner, "learning_attendance", e)))
    assert page.count('<select name="mark-') == 6
    data = {f"mark-{s.pk}-{first.pk}": "present" for s in sessions}
    data[f"mark-{sessions[0].pk}-{second.pk}"] = "late"
    data[f"mark-{sessions[1].pk}-{second.pk}"] = ""
    response = client.post(url(owner, "learning_attendance", e), data)
    assert response.status_code == 302
    assert Attendance.objects.count() == 4
    first.refresh_from_db()
    assert first.status == "completed"  # every session, no post-test attached
    # One session at a time (a phone): radio groups, labelled, for that session only.
    page = text(client.get(url(owner, "learning_attendance", e), {"session": sessions[1].pk}))
    assert 'type="radio"' in page and '<select name="mark' not in page
    assert page.count(f"mark-{sessions[1].pk}-") == 2 * 5  # five options for each person
    response = client.post(
        url(owner, "learning_attendance", e) + f"?session={sessions[1].pk}",
        {f"mark-{sessions[1].pk}-{first.pk}": "absent"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?session={sessions[1].pk}")
    first.refresh_from_db()
    assert first.status == "enrolled"  # 2 of 3 is under 80%
    assert Attendance.objects.get(session=sessions[1], enrollment=first).status == "absent"


def test_attach_close_reopen_and_detach_a_test(owner):
    training = factories.make_training(owner, sessions=1)
    assessment = factories.make_assessment(owner, title="Prueba final")
    e = training.engagement_id
    client = client_for(owner)
    response = client.post(
        url(owner, "learning_instrument_attach", e),
        {"instrument-assessment": assessment.pk, "instrument-phase": "post"},
    )
    assert response.status_code == 302
    instrument = TrainingInstrument.objects.get()
    close = url(owner, "learning_instrument_close", e, instrument.pk)
    client.post(close, {"action": "close"})
    instrument.refresh_from_db()
    assert instrument.closed_at is not None
    assert "Reopen" in text(client.get(url(owner, "learning_instruments", e)))
    client.post(close, {"action": "reopen"})
    instrument.refresh_from_db()
    assert instrument.closed_at is None
    client.post(close, {"action": "schedule", "instrument-closes_at": "2031-05-01T18:00"})
    instrument.refresh_from_db()
    assert instrument.closes_at is not None and instrument.closes_at.year == 2031
    response = client.post(url(owner, "learning_instrument_detach", e, instrument.pk))
    assert response.status_code == 302
    assert not TrainingInstrument.objects.exists()


def test_links_are_shown_once_and_only_their_hash_is_kept(owner, record):
    e = record["engagement"].pk
    client = client_for(owner)
    extra = factories.enroll(owner, record["training"])
    response = client.post(
        url(owner, "learning_links_issue", e), {"links-phase": "pre", "links-days_valid": "7"}
    )
    assert response.status_code == 200
    page = text(response)
    assert "shown only this once" in page
    link = ResponseLink.objects.get()
    assert link.enrollment_id == extra.pk  # everyone else answered the pre-test already
    assert f"/respond/{link.prefix}" in page
    later = text(client.get(url(owner, "learning_instruments", e)))
    assert f"/respond/{link.prefix}" not in later and "Sent, not used yet" in later
    # The link shown opens the participant's page, with no account.
    address = page.split('value="http://testserver', 1)[1].split('"', 1)[0]
    assert Client().get(address).status_code == 200


def test_a_paper_test_is_entered_with_every_question(owner, record):
    e = record["engagement"].pk
    extra = factories.enroll(owner, record["training"], experience_level="none")
    items = record["items"]
    client = client_for(owner)
    page = text(client.get(url(owner, "learning_response_enter", e, "post")))
    for item in items:
        assert f"item-{item.pk}" in page
    data = {
        "enrollment": extra.pk,
        "submitted_on": "2025-03-05",
        f"item-{items[0].pk}": str(items[0].answer),
        f"item-{items[1].pk}": [str(i) for i in items[1].answer],
        f"item-{items[2].pk}": "1",  # wrong
        f"item-{items[3].pk}": "4",
        f"item-{items[4].pk}": "Todo bien",
    }
    response = client.post(url(owner, "learning_response_enter", e, "post"), data)
    assert response.status_code == 302, text(response)
    response = Response.objects.get(enrollment=extra, phase="post")
    assert (response.points_earned, response.points_possible) == (3, 4)
    assert response.source == "staff" and response.self_efficacy == 4
    page = text(client.get(url(owner, "learning_response_detail", e, response.pk)))
    assert "Todo bien" in page and "Wrong" in page


def test_issue_download_and_revoke_certificates(owner, record):
    e = record["engagement"].pk
    client = client_for(owner)
    page = text(client.get(url(owner, "learning_certificates", e)))
    assert record["certificate"].code in page
    waiting = [x for x in record["enrollments"][1:] if x.status == "completed"]
    if waiting:
        response = client.post(url(owner, "learning_certificate_issue", e))
        assert response.status_code == 302
    assert Certificate.objects.filter(revoked_at__isnull=True).count() == 1 + len(waiting)
    certificate = record["certificate"]
    revoke = url(owner, "learning_certificate_revoke", e, certificate.pk)
    assert "cannot be undone" in text(client.get(revoke))
    response = client.post(revoke, {"reason": "Emitido por error"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revoked_reason == "Emitido por error"
    assert "Revoked" in text(client.get(url(owner, "learning_certificates", e)))


def test_the_participants_record_lists_their_trainings(owner, record):
    person = record["enrollments"][0].person
    page = text(client_for(owner).get(url(owner, "learning_participant", person.pk)))
    assert record["engagement"].title in page
    assert record["certificate"].code in page
    assert "Completed" in page


def test_the_trash_lists_and_restores_learning_records(owner, record, monkeypatch):
    from enlace.learning.views import trash
    from enlace.stakeholders.views.types import TRASH_KINDS

    # What LearningConfig.ready() does, undone after the test.
    for kind in (trash.CURRICULUM, trash.ASSESSMENT, trash.ENROLLMENT):
        monkeypatch.setitem(TRASH_KINDS, kind.key, kind)
    client = client_for(owner)
    spare = factories.make_curriculum(owner, modules=1, title="Currículo en desuso")
    client.post(url(owner, "learning_curriculum_delete", spare.pk), {"version": spare.version})
    enrollment = record["late"]
    enrollment.refresh_from_db()
    client.post(
        url(owner, "learning_enrollment_remove", record["engagement"].pk, enrollment.pk),
        {"version": enrollment.version},
    )
    page = text(client.get(url(owner, "trash")))
    assert "Currículo en desuso" in page and "Llegó Tarde" in page
    for kind, pk in (("learning_curriculum", spare.pk), ("learning_enrollment", enrollment.pk)):
        response = client.post(url(owner, "trash_restore", kind, pk))
        assert response.status_code == 302
    assert Curriculum.objects.filter(pk=spare.pk).exists()
    assert Enrollment.objects.filter(pk=enrollment.pk).exists()


def test_an_htmx_post_checks_a_field_and_saves_nothing(owner):
    response = client_for(owner).post(
        url(owner, "learning_curriculum_create"),
        {"title": "", "language": "es"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in text(response) and "This field is required." in text(response)
    assert not Curriculum.objects.exists()
