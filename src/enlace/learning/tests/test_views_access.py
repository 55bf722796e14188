"""Who may reach which learning page: another workspace's objects are not found (404) and stay
unchanged, read-only roles get 403 on every write, a partner sees only what concerns its
organisation, and people with lived experience are hidden from editors."""

from __future__ import annotations

import pytest

from enlace.core.permissions import Role
from enlace.engagements.tests import factories as engagements
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
from enlace.learning.tests.pages import learning_record, respond
from enlace.learning.tests.test_views import all_pages
from enlace.stakeholders.tests import factories as registry
from enlace.stakeholders.tests.pages import client_for, text, url
from enlace.testing import make_member

pytestmark = pytest.mark.django_db

MODELS = (
    Curriculum,
    Module,
    Item,
    Training,
    TrainingSession,
    TrainingInstrument,
    Enrollment,
    Response,
    Certificate,
)


def _snapshot():
    rows = []
    for model in MODELS:
        rows += [
            (model.__name__, *row)
            for row in model.all_objects.values_list("id", "version", "deleted_at")
        ]
    rows += [("attendance", *r) for r in Attendance.all_objects.values_list("id", "status")]
    rows += [("link", *r) for r in ResponseLink.objects.values_list("id", "revoked_at")]
    return sorted(rows, key=str)


def write_requests(where, record):
    """(url, data) for every write of the learning pages, aimed at `record`."""
    e = record["engagement"].pk
    enrollment = record["enrollments"][0]
    session = record["session"]
    response = Response.objects.filter(enrollment=enrollment, phase="pre").get()
    return [
        (url(where, "learning_curriculum_create"), {"title": "Hacked", "language": "es"}),
        (
            url(where, "learning_curriculum_edit", record["curriculum"].pk),
            {"title": "Hacked", "edition": "1", "language": "es", "version": 1},
        ),
        (url(where, "learning_curriculum_delete", record["curriculum"].pk), {"version": 99}),
        (
            url(where, "learning_module_add", record["curriculum"].pk),
            {"title": "Hacked", "duration_minutes": "10"},
        ),
        (
            url(where, "learning_module_edit", record["modules"][0].pk),
            {"title": "Hacked", "duration_minutes": "10", "version": 1},
        ),
        (url(where, "learning_module_move", record["modules"][1].pk), {"direction": "up"}),
        (url(where, "learning_module_remove", record["modules"][2].pk), {}),
        (url(where, "learning_assessment_create"), {"title": "Hacked", "language": "es"}),
        (
            url(where, "learning_assessment_edit", record["assessment"].pk),
            {"title": "Hacked", "language": "es", "version": 1},
        ),
        (url(where, "learning_assessment_delete", record["assessment"].pk), {"version": 99}),
        (
            url(where, "learning_item_add", record["assessment"].pk),
            {"kind": "open_text", "prompt": "Hacked"},
        ),
        (
            url(where, "learning_item_edit", record["items"][4].pk),
            {"kind": "open_text", "prompt": "Hacked"},
        ),
        (url(where, "learning_item_remove", record["items"][4].pk), {}),
        (url(where, "learning_training_setup", e), {}),
        (
            url(where, "learning_training_settings", e),
            {"min_attendance_percent": "1", "version": record["training"].version},
        ),
        (url(where, "learning_sessions_generate", e), {}),
        (
            url(where, "learning_session_add", e),
            {"session-date": record["engagement"].start_date.isoformat()},
        ),
        (
            url(where, "learning_session_edit", e, session.pk),
            {"session-date": session.date.isoformat(), "session-title": "Hacked"},
        ),
        (url(where, "learning_session_remove", e, session.pk), {"version": session.version}),
        (
            url(where, "learning_enrollment_add", e),
            {"enrollment-person": record["late"].person_id, "enrollment-status": "enrolled"},
        ),
        (
            url(where, "learning_enrollment_edit", e, enrollment.pk),
            {"enrollment-status": "withdrawn", "version": enrollment.version},
        ),
        (url(where, "learning_enrollment_withdraw", e, enrollment.pk), {}),
        (
            url(where, "learning_enrollment_remove", e, enrollment.pk),
            {"version": enrollment.version},
        ),
        (url(where, "learning_attendance", e), {f"mark-{session.pk}-{enrollment.pk}": "absent"}),
        (
            url(where, "learning_instrument_attach", e),
            {"instrument-assessment": record["assessment"].pk, "instrument-phase": "follow_up"},
        ),
        (url(where, "learning_instrument_close", e, record["pre"].pk), {"action": "close"}),
        (url(where, "learning_instrument_detach", e, record["post"].pk), {}),
        (url(where, "learning_links_issue", e), {"links-phase": "post", "links-days_valid": "3"}),
        (
            url(where, "learning_response_enter", e, "post"),
            {"enrollment": record["late"].pk, "replace": "on"},
        ),
        (url(where, "learning_response_remove", e, response.pk), {}),
        (url(where, "learning_certificate_issue", e), {}),
        (
            url(where, "learning_certificate_revoke", e, record["certificate"].pk),
            {"reason": "Hacked by someone"},
        ),
    ]


def test_another_workspaces_learning_records_are_not_found_and_stay_unchanged(
    owner, other_workspace
):
    record = learning_record(owner)
    stranger = make_member(other_workspace, Role.OWNER)
    client = client_for(stranger)
    # The stranger's own lists and "new" pages are theirs to use; everything else is ours.
    own = {
        url(stranger, name)
        for name in (
            "learning_training_list",
            "learning_curriculum_list",
            "learning_curriculum_create",
            "learning_assessment_list",
            "learning_assessment_create",
        )
    }
    # The stranger's own workspace slug with our ids, and our slug (not a member there).
    for where in (stranger, owner):
        for page in all_pages(where, record):
            if page not in own:
                assert client.get(page).status_code == 404, page
    e, certificate = record["engagement"].pk, record["certificate"].pk
    for where in (stranger, owner):
        assert client.get(url(where, "learning_certificate_pdf", e, certificate)).status_code == 404
    before = _snapshot()
    for where in (stranger, owner):
        for page, data in write_requests(where, record):
            if page in own:
                continue  # creating in one's own workspace is allowed
            assert client.post(page, data).status_code == 404, page
    assert _snapshot() == before


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_read_only_roles_get_403_on_every_write(owner, member, role):
    org = registry.organization(owner, name="Fiscalía Regional")
    record = learning_record(owner, organization=org)
    # The partner's organisation hosts the training, so the partner may see it.
    from enlace.engagements import services as engagement_services

    engagement_services.engagement_update(
        scope=owner, engagement=record["engagement"], data={"host_organization": org}
    )
    reader = member(role, org) if role == Role.PARTNER else member(role)
    client = client_for(reader)
    before = _snapshot()
    for page, data in write_requests(reader, record):
        assert client.post(page, data).status_code == 403, page
    assert _snapshot() == before
    e = record["engagement"].pk
    for name, args in (
        ("learning_curriculum_create", ()),
        ("learning_curriculum_edit", (record["curriculum"].pk,)),
        ("learning_item_edit", (record["items"][0].pk,)),
        ("learning_session_edit", (e, record["session"].pk)),
        ("learning_response_enter", (e, "pre")),
        ("learning_certificate_revoke", (e, record["certificate"].pk)),
    ):
        assert client.get(url(reader, name, *args)).status_code == 403, name
    # Reading is allowed, without the buttons that would write.
    for name in ("learning_training", "learning_attendance", "learning_dashboard"):
        page = text(client.get(url(reader, name, e)))
        assert "Save attendance" not in page and "Save settings" not in page, name
    page = text(client.get(url(reader, "learning_enrollments", e)))
    assert "Enrol a person" not in page and "/withdraw/" not in page


def test_a_partner_sees_only_trainings_and_people_of_its_organisation(owner, member):
    ours = registry.organization(owner, name="Instituto Nacional")
    record = learning_record(owner, organization=ours)
    other_org = registry.organization(owner, name="ONG ajena")
    outsider = registry.person(owner, full_name="Persona Ajena", organization=other_org)
    factories.enroll(owner, record["training"], outsider)
    hidden = factories.make_training(owner, sessions=1)
    from enlace.engagements import services as engagement_services

    engagement_services.engagement_update(
        scope=owner, engagement=record["engagement"], data={"host_organization": ours}
    )
    partner = member(Role.PARTNER, ours)
    client = client_for(partner)
    page = text(client.get(url(partner, "learning_training_list")))
    assert record["engagement"].title in page and hidden.engagement.title not in page
    assert client.get(url(partner, "learning_training", hidden.engagement_id)).status_code == 404
    e = record["engagement"].pk
    for name in ("learning_enrollments", "learning_attendance", "learning_instruments"):
        page = text(client.get(url(partner, name, e)))
        assert "Participante 1" in page, name
        assert "Persona Ajena" not in page, name
    page = text(client.get(url(partner, "learning_dashboard", e)))
    assert "Persona Ajena" not in page and "Participant withheld" in page
    assert client.get(url(partner, "learning_participant", outsider.pk)).status_code == 404


def test_lived_experience_enrolments_are_hidden_from_editors(owner, editor):
    record = learning_record(owner)
    survivor = registry.person(owner, full_name="Líder Sobreviviente", lived_experience=True)
    enrollment = factories.enroll(owner, record["training"], survivor)
    factories.mark(owner, record["training"], enrollment, "present")
    respond(owner, record["training"], enrollment, "pre", right=0, items=record["items"])
    e = record["engagement"].pk
    editor_client, owner_client = client_for(editor), client_for(owner)
    for name in ("learning_enrollments", "learning_attendance", "learning_instruments"):
        assert "Líder Sobreviviente" not in text(editor_client.get(url(editor, name, e))), name
        assert "Líder Sobreviviente" in text(owner_client.get(url(owner, name, e))), name
    page = text(editor_client.get(url(editor, "learning_dashboard", e)))
    assert "Líder Sobreviviente" not in page and "Participant withheld" in page
    assert "Líder Sobreviviente" in text(owner_client.get(url(owner, "learning_dashboard", e)))
    for page in (
        url(editor, "learning_enrollment_edit", e, enrollment.pk),
        url(editor, "learning_participant", survivor.pk),
    ):
        assert editor_client.get(page).status_code == 404, page
    response = Response.objects.get(enrollment=enrollment)
    assert (
        editor_client.get(url(editor, "learning_response_detail", e, response.pk)).status_code
        == 404
    )
    # The editor cannot enrol them either: they are not among the choices.
    page = text(editor_client.get(url(editor, "learning_enrollments", e)))
    assert str(survivor.pk) not in page


def test_a_meeting_has_no_training_pages_even_with_a_guessed_address(owner):
    meeting = engagements.engagement(owner, kind="meeting")
    client = client_for(owner)
    for name in ("learning_training", "learning_sessions", "learning_dashboard"):
        assert client.get(url(owner, name, meeting.pk)).status_code == 404
