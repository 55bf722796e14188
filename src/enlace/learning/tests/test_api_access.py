"""Who may do what through the learning API: viewers and partners never write, partners read
only what involves their organisation, people with lived experience stay hidden from roles that
may not see them, and another workspace's records are never found, listed or changed."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from enlace.core.permissions import Role
from enlace.engagements.tests import factories as engagements
from enlace.learning.models import (
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
from enlace.learning.services import certificates, responses
from enlace.learning.tests import factories as f
from enlace.learning.tests.test_api_records import errors_of, put
from enlace.stakeholders.tests import factories as registry
from enlace.testing import ApiClient, make_member

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def _no_server_errors(caplog):
    """Whatever a test sends, the API never falls into its 500 handler."""
    with caplog.at_level(logging.ERROR, logger="enlace.api"):
        yield
    assert not [r for r in caplog.records if r.name == "enlace.api"], caplog.text


def world(scope: Any, organization: Any = None) -> dict[str, Any]:
    """One of everything: a curriculum, an assessment, a training with a session, a pre-test,
    an enrolment (of a person of `organization`) with attendance, a response and a
    certificate."""
    curriculum = f.make_curriculum(scope, modules=2)
    assessment = f.make_assessment(scope)
    training = f.make_training(scope, sessions=1, require_post_test=False)
    if organization is not None:
        engagements.participant(scope, training.engagement, organization=organization)
    instrument = f.attach(scope, training, assessment, phase="pre")
    person = registry.person(scope, full_name="Participant", organization=organization)
    enrollment = f.enroll(scope, training, person)
    f.mark(scope, training, enrollment, "present")
    items = f.items_of(assessment)
    response = responses.response_record(
        scope=scope,
        training=training,
        data={
            "enrollment": enrollment,
            "phase": "pre",
            "answers": [{"item_id": items[0].pk, "choice": 0}],
        },
    )
    certificate = certificates.certificate_issue(scope=scope, enrollment=enrollment)
    enrollment.refresh_from_db()
    return {
        "curriculum": curriculum,
        "module": Module.objects.filter(curriculum=curriculum).first(),
        "assessment": assessment,
        "item": items[0],
        "training": training,
        "session": f.sessions_of(training)[0],
        "instrument": instrument,
        "person": person,
        "enrollment": enrollment,
        "response": response,
        "certificate": certificate,
    }


def counts() -> tuple[int, ...]:
    models = (
        Curriculum,
        Module,
        Assessment,
        Item,
        Training,
        TrainingSession,
        TrainingInstrument,
        Enrollment,
        Attendance,
        Response,
        Certificate,
    )
    revoked = Certificate.objects.filter(revoked_at__isnull=False).count()
    return (*(model.all_objects.count() for model in models), revoked)


def writes(client: ApiClient, w: dict[str, Any], person: Any, *, creates: bool = True) -> list[Any]:
    """Every learning write aimed at the records of `w` (and, with `creates`, the creation of a
    curriculum and an assessment, which aim at none)."""
    e = f"{API}/engagements/{w['training'].engagement_id}"
    c = f"{API}/curricula/{w['curriculum'].pk}"
    a = f"{API}/assessments/{w['assessment'].pk}"
    cert = f"{API}/certificates/{w['certificate'].pk}"
    single = {"kind": "single_choice", "prompt": "Q", "choices": ["a", "b"], "answer": 0}
    new = (
        [
            client.post(f"{API}/curricula", {"title": "X"}),
            client.post(f"{API}/assessments", {"title": "X"}),
        ]
        if creates
        else []
    )
    return [
        *new,
        client.patch(c, {"title": "X"}),
        client.delete(c),
        client.post(f"{c}/restore"),
        client.post(f"{c}/modules", {"title": "M"}),
        client.patch(f"{c}/modules/{w['module'].pk}", {"title": "M"}),
        client.delete(f"{c}/modules/{w['module'].pk}"),
        put(client, f"{c}/module-order", {"order": []}),
        client.patch(a, {"title": "X"}),
        client.delete(a),
        client.post(f"{a}/items", single),
        client.patch(f"{a}/items/{w['item'].pk}", {"prompt": "X"}),
        client.delete(f"{a}/items/{w['item'].pk}"),
        client.patch(f"{e}/training", {"min_attendance_percent": 10}),
        client.post(f"{e}/sessions", {"date": "2025-03-03"}),
        client.post(f"{e}/sessions/from-curriculum"),
        client.patch(f"{e}/sessions/{w['session'].pk}", {"title": "X"}),
        client.delete(f"{e}/sessions/{w['session'].pk}"),
        client.post(
            f"{e}/instruments", {"assessment_id": str(w["assessment"].pk), "phase": "post"}
        ),
        client.patch(f"{e}/instruments/{w['instrument'].pk}", {"closes_at": None}),
        client.post(f"{e}/instruments/{w['instrument'].pk}/close"),
        client.post(f"{e}/instruments/{w['instrument'].pk}/reopen"),
        client.delete(f"{e}/instruments/{w['instrument'].pk}"),
        client.post(f"{e}/enrollments", {"person_id": str(person.pk)}),
        client.patch(f"{e}/enrollments/{w['enrollment'].pk}", {"status": "withdrawn"}),
        client.delete(f"{e}/enrollments/{w['enrollment'].pk}"),
        client.post(f"{e}/enrollments/{w['enrollment'].pk}/restore"),
        put(
            client,
            f"{e}/attendance",
            {
                "marks": [
                    {
                        "session_id": str(w["session"].pk),
                        "enrollment_id": str(w["enrollment"].pk),
                        "status": None,
                    }
                ]
            },
        ),
        client.post(
            f"{e}/responses",
            {
                "enrollment_id": str(w["enrollment"].pk),
                "phase": "pre",
                "answers": [],
                "replace": True,
            },
        ),
        client.delete(f"{e}/responses/{w['response'].pk}"),
        client.post(f"{e}/certificates", {"all": True}),
        client.post(f"{cert}/revoke", {"reason": "Because"}),
    ]


def reads(client: ApiClient, w: dict[str, Any]) -> list[Any]:
    """Every learning read of one engagement's learning side, and of its certificate."""
    e = f"{API}/engagements/{w['training'].engagement_id}"
    parts = ("training", "sessions", "instruments", "enrollments", "attendance", "responses")
    return [
        *(client.get(f"{e}/{part}") for part in parts),
        client.get(f"{e}/learning-summary"),
        client.get(f"{e}/certificates"),
        client.get(f"{e}/enrollments/{w['enrollment'].pk}"),
        client.get(f"{e}/responses/{w['response'].pk}"),
        client.get(f"{API}/certificates/{w['certificate'].pk}"),
        client.get(f"{API}/certificates/{w['certificate'].pk}/pdf"),
    ]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_viewers_and_partners_cannot_write(role, editor, member, api_for):
    org = registry.organization(editor)
    w = world(editor, organization=org)
    client = api_for(member(role, organization=org))
    names = ("curriculum", "module", "assessment", "item", "session", "enrollment", "training")
    versions = {name: w[name].version for name in names}
    before = counts()
    answers = writes(client, w, registry.person(editor, organization=org))
    assert [r.status_code for r in answers] == [403] * len(answers)
    assert counts() == before
    for name in names:
        w[name].refresh_from_db()
        assert w[name].version == versions[name], name
    assert [r.status_code for r in reads(client, w)] == [200] * 12


def test_editors_write_but_only_owners_and_managers_restore(editor, owner):
    w = world(editor)
    api = ApiClient(editor)
    e = f"{API}/engagements/{w['training'].engagement_id}"
    assert api.delete(f"{e}/enrollments/{w['enrollment'].pk}").status_code == 204
    assert api.post(f"{e}/enrollments/{w['enrollment'].pk}/restore").status_code == 403
    assert ApiClient(owner).post(f"{e}/enrollments/{w['enrollment'].pk}/restore").status_code == 200


def test_partners_read_only_their_organisations_trainings_and_people(
    editor, owner, member, api_for
):
    org = registry.organization(editor, name="NHRI")
    ours = world(editor, organization=org)
    theirs = world(editor)
    outsider = registry.person(editor, full_name="Outsider")
    f.enroll(editor, ours["training"], outsider)
    partner = api_for(member(Role.PARTNER, organization=org))

    e = f"{API}/engagements/{ours['training'].engagement_id}"
    names = [row["name"] for row in partner.get(f"{e}/enrollments").json()["items"]]
    assert names == ["Participant"]
    rows = partner.get(f"{e}/attendance").json()["rows"]
    assert [row["name"] for row in rows] == ["Participant"]
    summary = partner.get(f"{e}/learning-summary").json()
    assert sorted(p["name"] for p in summary["participants"]) == [
        "Participant",
        "Participant withheld",
    ]
    assert summary["completion"]["enrolled"] + summary["completion"]["completed"] == 2
    outsider_enrollment = Enrollment.objects.get(person=outsider)
    assert partner.get(f"{e}/enrollments/{outsider_enrollment.pk}").status_code == 404

    assert [r.status_code for r in reads(partner, theirs)] == [404] * 12


def test_people_with_lived_experience_are_hidden_from_editors(editor, owner):
    training = f.make_training(owner, sessions=1)
    survivor = registry.person(owner, full_name="Survivor", lived_experience=True)
    enrollment = f.enroll(owner, training, survivor)
    api = ApiClient(editor)
    e = f"{API}/engagements/{training.engagement_id}"
    assert api.get(f"{e}/enrollments").json()["count"] == 0
    assert api.get(f"{e}/enrollments/{enrollment.pk}").status_code == 404
    assert api.get(f"{e}/attendance").json()["rows"] == []
    response = api.post(f"{e}/enrollments", {"person_id": str(survivor.pk)})
    assert "person_id" in errors_of(response)
    marks = [
        {
            "session_id": str(f.sessions_of(training)[0].pk),
            "enrollment_id": str(enrollment.pk),
            "status": "present",
        }
    ]
    assert "marks.0.enrollment_id" in errors_of(put(api, f"{e}/attendance", {"marks": marks}))
    assert ApiClient(owner).get(f"{e}/enrollments").json()["count"] == 1


def test_another_workspace_is_invisible_to_every_endpoint(owner, other_workspace):
    stranger = make_member(other_workspace, Role.OWNER)
    foreign = world(stranger)
    api = ApiClient(owner)
    own = f.make_training(owner, sessions=1)
    before = counts()

    assert [r.status_code for r in reads(api, foreign)] == [404] * 12
    answers = writes(api, foreign, registry.person(owner), creates=False)
    assert [r.status_code for r in answers] == [404] * len(answers)
    assert api.get(f"{API}/curricula").json()["count"] == 0
    assert api.get(f"{API}/assessments", {"q": foreign["assessment"].title}).json()["count"] == 0

    # Foreign records named in an own engagement's bodies are unknown references (422).
    e = f"{API}/engagements/{own.engagement_id}"
    own_session = f.sessions_of(own)[0]
    refused = [
        (api.post(f"{e}/enrollments", {"person_id": str(foreign["person"].pk)}), "person_id"),
        (
            api.post(
                f"{e}/instruments", {"assessment_id": str(foreign["assessment"].pk), "phase": "pre"}
            ),
            "assessment_id",
        ),
        (
            api.patch(f"{e}/training", {"curriculum_id": str(foreign["curriculum"].pk)}),
            "curriculum_id",
        ),
        (
            api.post(
                f"{e}/sessions", {"date": "2025-03-03", "module_ids": [str(foreign["module"].pk)]}
            ),
            "module_ids",
        ),
        (
            api.post(
                f"{e}/responses",
                {"enrollment_id": str(foreign["enrollment"].pk), "phase": "pre", "answers": []},
            ),
            "enrollment_id",
        ),
        (
            api.post(f"{e}/certificates", {"enrollment_id": str(foreign["enrollment"].pk)}),
            "enrollment_id",
        ),
        (
            put(
                api,
                f"{e}/attendance",
                {
                    "marks": [
                        {
                            "session_id": str(own_session.pk),
                            "enrollment_id": str(foreign["enrollment"].pk),
                            "status": "present",
                        }
                    ]
                },
            ),
            "marks.0.enrollment_id",
        ),
        (
            api.post(
                f"{API}/assessments",
                {"title": "X", "curriculum_id": str(foreign["curriculum"].pk)},
            ),
            "curriculum_id",
        ),
    ]
    for response, field in refused:
        assert field in errors_of(response), field
    assert counts() == before
    foreign["certificate"].refresh_from_db()
    assert foreign["certificate"].revoked_at is None
