"""Responses, the learning summary and certificates through the API: staff entry of paper tests
with their scores, the answers that are refused (and change nothing), the summary's keys and
filters, and certificates issued, listed, revoked and printed."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.utils import timezone

from enlace.learning.models import Answer, Certificate, Enrollment, Item, Response, Training
from enlace.learning.services import trainings
from enlace.learning.tests import factories as f
from enlace.learning.tests.test_api_records import errors_of, queries_for
from enlace.stakeholders.tests import factories as registry

pytestmark = pytest.mark.django_db

ENGAGEMENTS = "/api/v1/engagements"
CERTIFICATES = "/api/v1/certificates"
SUMMARY_KEYS = {
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
}


def url_of(training: Training, part: str) -> str:
    return f"{ENGAGEMENTS}/{training.engagement_id}/{part}"


def with_tests(scope: Any, **training_data: Any) -> tuple[Training, list[Item]]:
    """A training with a pre- and post-test (the default items: 4 points, a Likert item and an
    open one) and two sessions."""
    training = f.make_training(scope, sessions=2, **training_data)
    assessment = f.make_assessment(scope)
    f.attach(scope, training, assessment, phase="pre")
    f.attach(scope, training, assessment, phase="post")
    return training, f.items_of(assessment)


def answers(items: list[Item], *, right: bool = True, likert: int = 3) -> list[dict[str, Any]]:
    single, multiple, true_false, scale, text = items
    return [
        {"item_id": str(single.pk), "choice": 0 if right else 1},
        {"item_id": str(multiple.pk), "choices": [2, 0] if right else [0]},
        {"item_id": str(true_false.pk), "choice": 0},
        {"item_id": str(scale.pk), "value": likert},
        {"item_id": str(text.pk), "text": "More cases, please."},
    ]


def record(api: Any, training: Training, enrollment: Enrollment, phase: str, body: list) -> Any:
    return api.post(
        url_of(training, "responses"),
        {"enrollment_id": str(enrollment.pk), "phase": phase, "answers": body},
    )


# Staff entry


def test_a_paper_test_is_entered_scored_read_and_removed(api, editor):
    training, items = with_tests(editor)
    enrollment = f.enroll(editor, training, registry.person(editor, full_name="Rosa Díaz"))
    response = record(api, training, enrollment, "pre", answers(items, right=False, likert=2))
    assert response.status_code == 201, response.content
    entered = response.json()
    assert (entered["points_earned"], entered["points_possible"], entered["score"]) == (1, 4, 25.0)
    assert (entered["self_efficacy"], entered["source"], entered["name"]) == (
        2.0,
        "staff",
        "Rosa Díaz",
    )
    by_item = {a["item_id"]: a for a in entered["answers"]}
    assert by_item[str(items[0].pk)]["correct"] is False
    assert by_item[str(items[1].pk)]["choices"] == [0]
    assert by_item[str(items[2].pk)]["points_earned"] == 1
    assert by_item[str(items[4].pk)]["correct"] is None
    assert [a["position"] for a in entered["answers"]] == sorted(
        a["position"] for a in entered["answers"]
    )
    one = url_of(training, f"responses/{entered['id']}")
    assert api.get(one).json() == entered

    second = record(api, training, enrollment, "pre", answers(items))
    assert "phase" in errors_of(second)
    replaced = api.post(
        url_of(training, "responses"),
        {
            "enrollment_id": str(enrollment.pk),
            "phase": "pre",
            "answers": answers(items),
            "replace": True,
            "submitted_at": "2025-03-03T09:00:00-03:00",
        },
    )
    assert replaced.status_code == 201, replaced.content
    assert (replaced.json()["score"], replaced.json()["submitted_at"]) == (
        100.0,
        "2025-03-03T12:00:00Z",
    )
    assert api.get(one).status_code == 404
    listed = api.get(url_of(training, "responses")).json()
    assert [r["id"] for r in listed["items"]] == [replaced.json()["id"]]
    assert api.get(url_of(training, "responses"), {"phase": "post"}).json()["count"] == 0
    assert "phase" in errors_of(api.get(url_of(training, "responses"), {"phase": "during"}))

    assert api.delete(url_of(training, f"responses/{replaced.json()['id']}")).status_code == 204
    assert api.get(url_of(training, "responses")).json()["count"] == 0


def test_staff_may_enter_answers_after_the_phase_closed(api, editor):
    training, items = with_tests(editor)
    for instrument in training.instruments.all():
        trainings.instrument_close(scope=editor, instrument=instrument)
    enrollment = f.enroll(editor, training)
    assert record(api, training, enrollment, "post", answers(items)).status_code == 201


def test_bad_answers_are_refused_and_change_nothing(api, editor, other_workspace):
    from enlace.core.permissions import Role
    from enlace.testing import make_member

    training, items = with_tests(editor)
    enrollment = f.enroll(editor, training)
    single, multiple, _, scale, text = items
    other_item = f.items_of(f.make_assessment(editor))[0]
    elsewhere = f.enroll(editor, f.make_training(editor, sessions=1))
    stranger = make_member(other_workspace, Role.EDITOR)
    foreign = f.enroll(stranger, f.make_training(stranger, sessions=1))
    withdrawn = f.enroll(editor, training, status="withdrawn")

    def post(body: list[dict[str, Any]], who: Enrollment = enrollment, phase: str = "pre") -> Any:
        return record(api, training, who, phase, body)

    refused = [
        (post([{"item_id": str(single.pk), "choice": 3}]), "answers", "Question 1"),
        (post([{"item_id": str(multiple.pk), "choices": [0, 9]}]), "answers", "Question 2"),
        (post([{"item_id": str(multiple.pk), "choices": []}]), "answers", "Question 2"),
        (post([{"item_id": str(scale.pk), "value": 6}]), "answers", "Question 4"),
        (post([{"item_id": str(scale.pk), "value": 0}]), "answers", "Question 4"),
        (post([{"item_id": str(scale.pk), "choice": 1}]), "answers", "Question 4"),
        (post([{"item_id": str(text.pk), "text": "x" * 5001}]), "answers.0.text", ""),
        (post([{"item_id": str(other_item.pk), "choice": 0}]), "answers", "not an item"),
        (post([{"item_id": str(uuid.uuid4()), "choice": 0}]), "answers", "not an item"),
        (
            post(
                [{"item_id": str(single.pk), "choice": 0}, {"item_id": str(single.pk), "choice": 1}]
            ),
            "answers",
            "twice",
        ),
        (post([{"item_id": str(single.pk), "choice": 0, "value": 3}]), "answers.0", "exactly one"),
        (post([{"item_id": str(single.pk), "choice": -1}]), "answers.0.choice", ""),
        (post([{"item_id": str(single.pk), "choice": True}]), "answers.0.choice", ""),
        (post([{"item_id": str(single.pk), "choice": 0, "note": "x"}]), "answers.0.note", ""),
        (post([], elsewhere), "enrollment_id", "Not enrolled in this training"),
        (post([], foreign), "enrollment_id", "Unknown"),
        (post([], withdrawn), "enrollment_id", "Only enrolled"),
        (post([], phase="follow_up"), "phase", "no follow-up"),
    ]
    for response, field, message in refused:
        errors = errors_of(response)
        assert field in errors, (field, errors)
        assert message in " ".join(errors[field]), (message, errors)
    assert not Response.all_objects.exists()
    assert not Answer.objects.exists()


# The learning summary


def test_the_learning_summary_has_the_issues_keys_and_filters(api, editor, owner):
    training, items = with_tests(editor, require_post_test=False)
    lawyer = registry.person(editor, full_name="Lawyer", discipline="legal", sex="female")
    nurse = registry.person(editor, full_name="Nurse", discipline="health", sex="male")
    late = registry.person(editor, full_name="Late", discipline="legal")
    hidden = registry.person(owner, full_name="Survivor", lived_experience=True)
    enrolled = {
        person.full_name: f.enroll(owner, training, person, experience_level=level)
        for person, level in [
            (lawyer, "basic"),
            (nurse, "advanced"),
            (late, "basic"),
            (hidden, "none"),
        ]
    }
    from enlace.testing import ApiClient

    admin = ApiClient(owner)
    for name, pre, post in [
        ("Lawyer", False, True),
        ("Nurse", True, True),
        ("Survivor", False, True),
    ]:
        assert (
            record(admin, training, enrolled[name], "pre", answers(items, right=pre)).status_code
            == 201
        )
        assert (
            record(admin, training, enrolled[name], "post", answers(items, right=post)).status_code
            == 201
        )
    record(admin, training, enrolled["Late"], "post", answers(items))

    response = api.get(url_of(training, "learning-summary"))
    assert response.status_code == 200, response.content
    summary = response.json()
    assert set(summary) == SUMMARY_KEYS
    assert (summary["matched_pairs"], summary["unmatched_pre"], summary["unmatched_post"]) == (
        3,
        0,
        1,
    )
    assert summary["mean_post"] == 100.0
    assert len(summary["gain_ci95"]) == 2
    names = [p["name"] for p in summary["participants"]]
    assert "Survivor" not in names and "Participant withheld" in names
    withheld = next(p for p in summary["participants"] if p["name"] == "Participant withheld")
    assert withheld["person_id"] is None and withheld["gain"] == 75.0
    assert set(summary["by_discipline"]) == {"legal", "health", "unspecified"}
    assert summary["by_discipline"]["legal"]["matched_pairs"] == 1
    assert set(summary["by_experience_level"]) == {"basic", "advanced", "none"}
    assert {row["n_post"] for row in summary["by_item"]} == {4}
    assert summary["completion"]["enrolled"] == 4
    assert summary["filters"] == {
        "discipline": "",
        "experience_level": "",
        "organization_id": None,
        "sex": "",
    }

    legal = api.get(url_of(training, "learning-summary"), {"discipline": "legal"}).json()
    assert (legal["matched_pairs"], legal["unmatched_post"]) == (1, 1)
    assert legal["filters"]["discipline"] == "legal"
    basic = api.get(url_of(training, "learning-summary"), {"experience_level": "basic"}).json()
    assert basic["matched_pairs"] == 1
    male = api.get(url_of(training, "learning-summary"), {"sex": "male"}).json()
    assert [p["name"] for p in male["participants"]] == ["Nurse"]
    for params, field in [
        ({"discipline": "astrology"}, "discipline"),
        ({"experience_level": "guru"}, "experience_level"),
        ({"organization_id": "x"}, "organization_id"),
        ({"colour": "red"}, "colour"),
    ]:
        assert field in errors_of(api.get(url_of(training, "learning-summary"), params)), params


# Certificates


def test_certificates_are_issued_listed_revoked_and_printed(api, editor):
    training = f.make_training(editor, sessions=2, minutes=90, require_post_test=False)
    done = f.enroll(editor, training, registry.person(editor, full_name="Ana María Pérez"))
    f.mark(editor, training, done, "present")
    other = f.enroll(editor, training)
    url = url_of(training, "certificates")
    refused = api.post(url, {"enrollment_id": str(other.pk)})
    assert "Only participants who completed" in " ".join(errors_of(refused)["enrollment_id"])
    issued = api.post(url, {"enrollment_id": str(done.pk)})
    assert issued.status_code == 201, issued.content
    [certificate] = issued.json()
    assert (certificate["holder_name"], certificate["hours"]) == ("Ana María Pérez", 3.0)
    assert certificate["code"].startswith("ENL-")
    assert certificate["verify_path"] == f"/verify/{certificate['code']}/"
    assert "enrollment_id" in errors_of(api.post(url, {"enrollment_id": str(done.pk)}))
    assert api.post(url, {"all": True}).json() == []
    for body in ({}, {"all": True, "enrollment_id": str(done.pk)}, {"all": False}):
        assert "__all__" in errors_of(api.post(url, body)), body
    assert [c["id"] for c in api.get(url).json()] == [certificate["id"]]

    pdf = api.get(f"{CERTIFICATES}/{certificate['id']}/pdf")
    assert pdf.status_code == 200, pdf.content[:300]
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert certificate["code"] in pdf["Content-Disposition"]
    assert "language" in errors_of(
        api.get(f"{CERTIFICATES}/{certificate['id']}/pdf", {"language": "fr"})
    )

    one = f"{CERTIFICATES}/{certificate['id']}"
    assert "reason" in errors_of(api.post(f"{one}/revoke", {"reason": "no"}))
    revoked = api.post(f"{one}/revoke", {"reason": "Issued to the wrong person"})
    assert revoked.status_code == 200, revoked.content
    assert revoked.json()["revoked_reason"] == "Issued to the wrong person"
    assert revoked.json()["revoked_at"] is not None
    assert "__all__" in errors_of(api.post(f"{one}/revoke", {"reason": "Again and again"}))
    assert api.get(one).json()["revoked_at"] == revoked.json()["revoked_at"]
    reissued = api.post(url, {"all": True}).json()
    assert [c["enrollment_id"] for c in reissued] == [str(done.pk)]
    assert Certificate.objects.count() == 2


def test_a_certificate_of_another_training_is_refused(api, editor):
    training = f.make_training(editor, sessions=1, require_post_test=False)
    other = f.make_training(editor, sessions=1, require_post_test=False)
    enrollment = f.enroll(editor, other)
    f.mark(editor, other, enrollment, "present")
    response = api.post(url_of(training, "certificates"), {"enrollment_id": str(enrollment.pk)})
    assert "enrollment_id" in errors_of(response)
    assert not Certificate.objects.exists()


# Query counts


@pytest.mark.parametrize("part", ["responses", "certificates", "learning-summary"])
def test_lists_use_the_same_queries_for_3_and_15_rows(part, api, editor):
    training, items = with_tests(editor, require_post_test=False)

    def grow(count: int) -> None:
        for _ in range(count):
            enrollment = f.enroll(editor, training)
            f.mark(editor, training, enrollment, "present")
            record(api, training, enrollment, "pre", answers(items, right=False))
            record(api, training, enrollment, "post", answers(items))
            Certificate.objects.create(
                workspace=editor.workspace,
                enrollment=enrollment,
                code=f"ENL-{uuid.uuid4().hex[:4]}-{uuid.uuid4().hex[:4]}",
                holder_name="X",
                training_title="T",
                start_date=dt.date(2025, 3, 3),
                end_date=dt.date(2025, 3, 3),
                hours=1,
                issuer_name="W",
                issued_at=timezone.now(),
            )

    grow(3)
    with_3 = queries_for(api, url_of(training, part))
    grow(12)
    assert queries_for(api, url_of(training, part)) == with_3
