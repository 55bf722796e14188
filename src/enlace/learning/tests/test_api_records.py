"""The learning API's curricula (with their modules) and assessments (with their versioned items):
create, read, change, trash and restore; modules and items one by one; bad input answered with a
problem document that changes nothing; list queries that do not grow with the rows."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.learning.models import Answer, Assessment, Curriculum, Item, Module, Response
from enlace.learning.services import trainings
from enlace.learning.tests import factories as f
from enlace.testing import ApiClient

pytestmark = pytest.mark.django_db

API = "/api/v1"
CURRICULA = f"{API}/curricula"
ASSESSMENTS = f"{API}/assessments"


def errors_of(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 422 and body["title"] and body["detail"]
    errors: dict[str, list[str]] = body["errors"]
    return errors


def ids_of(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["items"]]


def put(api: ApiClient, path: str, data: Any) -> Any:
    """A PUT with a JSON body (the shared client sends POST, PATCH and DELETE)."""
    return api.client.put(
        path, data, content_type="application/json", headers={"Authorization": f"Bearer {api.key}"}
    )


def queries_for(api: ApiClient, path: str) -> int:
    api.get(path)  # the first request of a token records its use
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path, {"page_size": 100})
    assert response.status_code == 200, response.content
    return len(queries)


def answered(scope: Any, item: Item) -> None:
    """Give `item` an answer, as a response through a training would."""
    training = f.make_training(scope, sessions=1)
    instrument = f.attach(scope, training, item.assessment)
    enrollment = f.enroll(scope, training)
    response = Response.objects.create(
        workspace=scope.workspace,
        enrollment=enrollment,
        instrument=instrument,
        phase=instrument.phase,
        source="staff",
    )
    Answer.objects.create(workspace=scope.workspace, response=response, item=item, choice=0)


# Curricula


def test_curriculum_with_modules_round_trip(api, owner):
    body = {
        "title": "Liberación comunitaria",
        "language": "es",
        "edition": "2.1",
        "description": "Five modules.",
        "modules": [
            {"title": "Mobilization", "objectives": "Map actors\n\nPlan", "duration_minutes": 90},
            {"title": "Protection", "duration_minutes": 120},
        ],
    }
    response = api.post(CURRICULA, body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert response["ETag"] == '"1"'
    assert (created["edition"], created["version"], created["duration_minutes"]) == ("2.1", 1, 210)
    assert [m["title"] for m in created["modules"]] == ["Mobilization", "Protection"]
    assert created["modules"][0]["objective_list"] == ["Map actors", "Plan"]
    url = f"{CURRICULA}/{created['id']}"
    assert api.get(url).json() == created

    changed = api.patch(url, {"edition": "2.2"}, headers={"If-Match": '"1"'})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["edition"], changed.json()["version"]) == ("2.2", 2)
    stale = api.patch(url, {"title": "Other"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 409
    assert stale.json()["changed_fields"] == ["edition"]
    assert api.patch(url, {}).status_code == 422

    assert ids_of(api.get(CURRICULA, {"q": "liberacion"})) == [created["id"]]
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    assert ids_of(api.get(CURRICULA)) == []
    admin = ApiClient(owner)
    assert ids_of(admin.get(CURRICULA, {"deleted": "true"})) == [created["id"]]
    assert api.post(f"{url}/restore").status_code == 403
    restored = admin.post(f"{url}/restore")
    assert restored.status_code == 200, restored.content
    assert restored.json()["deleted_at"] is None


def test_the_edition_is_documented_apart_from_the_version(client):
    schemas = client.get(f"{API}/openapi.json").json()["components"]["schemas"]
    described = schemas["CurriculumOut"]["properties"]["edition"]["description"]
    assert "`version` is the record's concurrency counter" in described


def test_the_document_covers_every_learning_endpoint(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    for resource in ("curricula", "assessments"):
        assert set(paths[f"{API}/{resource}"]) == {"get", "post"}
        assert set(paths[f"{API}/{resource}/{{id}}"]) == {"get", "patch", "delete"}
        assert set(paths[f"{API}/{resource}/{{id}}/restore"]) == {"post"}
    assert set(paths[f"{API}/curricula/{{id}}/modules/{{module_id}}"]) == {"patch", "delete"}
    assert set(paths[f"{API}/assessments/{{id}}/items/{{item_id}}"]) == {"patch", "delete"}
    engagement = f"{API}/engagements/{{id}}"
    expected = {
        "training": {"get", "patch"},
        "sessions": {"get", "post"},
        "sessions/from-curriculum": {"post"},
        "sessions/{session_id}": {"patch", "delete"},
        "instruments": {"get", "post"},
        "instruments/{instrument_id}": {"patch", "delete"},
        "instruments/{instrument_id}/close": {"post"},
        "instruments/{instrument_id}/reopen": {"post"},
        "enrollments": {"get", "post"},
        "enrollments/{enrollment_id}": {"get", "patch", "delete"},
        "attendance": {"get", "put"},
        "responses": {"get", "post"},
        "responses/{response_id}": {"get", "delete"},
        "learning-summary": {"get"},
        "certificates": {"get", "post"},
    }
    for part, methods in expected.items():
        assert set(paths[f"{engagement}/{part}"]) == methods, part
    assert set(paths[f"{API}/certificates/{{id}}/revoke"]) == {"post"}
    assert set(paths[f"{API}/certificates/{{id}}/pdf"]) == {"get"}


def test_modules_are_added_changed_reordered_and_removed(api, editor):
    curriculum = f.make_curriculum(editor, modules=2)
    url = f"{CURRICULA}/{curriculum.pk}"
    added = api.post(f"{url}/modules", {"title": "Reintegration", "duration_minutes": 45})
    assert added.status_code == 201, added.content
    module = added.json()
    assert (module["position"], module["version"]) == (3, 1)
    module_url = f"{url}/modules/{module['id']}"
    changed = api.patch(module_url, {"title": "Reintegración", "version": 1})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["title"], changed.json()["version"]) == ("Reintegración", 2)
    assert api.patch(module_url, {"title": "x", "version": 1}).status_code == 409

    order = [m["id"] for m in api.get(url).json()["modules"]][::-1]
    reordered = put(api, f"{url}/module-order", {"order": order})
    assert reordered.status_code == 200, reordered.content
    assert [m["id"] for m in reordered.json()["modules"]] == order

    assert api.delete(module_url).status_code == 204
    assert api.delete(module_url).status_code == 404
    assert len(api.get(url).json()["modules"]) == 2


def test_a_module_in_use_is_not_removed(api, editor):
    curriculum = f.make_curriculum(editor, modules=1)
    module = Module.objects.get(curriculum=curriculum)
    training = f.make_training(editor, sessions=0)
    trainings.session_add(
        scope=editor,
        training=training,
        data={"date": training.engagement.start_date, "modules": [module]},
    )
    f.make_assessment(editor, [f.single(module=module), f.single(module=module)])
    response = api.delete(f"{CURRICULA}/{curriculum.pk}/modules/{module.pk}")
    message = " ".join(errors_of(response)["__all__"])
    assert "1 session" in message and "2 questions" in message
    module.refresh_from_db()
    assert (module.deleted_at, module.version) == (None, 1)


def test_bad_curricula_and_modules_are_refused_and_change_nothing(api, editor, other_workspace):
    from enlace.core.permissions import Role
    from enlace.testing import make_member

    cases = [
        ({"title": ""}, "title"),
        ({"title": "X", "edition": "x" * 31}, "edition"),
        ({"title": "X", "language": "Klingon"}, "language"),
        ({"title": "X", "colour": "red"}, "colour"),
        (
            {"title": "X", "modules": [{"title": "M", "duration_minutes": -1}]},
            "modules.0.duration_minutes",
        ),
        (
            {"title": "X", "modules": [{"title": "M"}, {"title": "N", "duration_minutes": 0}]},
            "modules.1.duration_minutes",
        ),
        ({"title": "X", "modules": [{"title": "M", "extra": 1}]}, "modules.0.extra"),
    ]
    for body, field in cases:
        assert field in errors_of(api.post(CURRICULA, body)), body
    assert not Curriculum.all_objects.exists()
    assert not Module.all_objects.exists()

    curriculum = f.make_curriculum(editor, modules=1)
    url = f"{CURRICULA}/{curriculum.pk}"
    assert "title" in errors_of(api.post(f"{url}/modules", {"title": ""}))
    assert "order" in errors_of(put(api, f"{url}/module-order", {"order": [str(uuid.uuid4())]}))
    foreign = f.make_curriculum(make_member(other_workspace, Role.EDITOR), modules=1)
    foreign_module = Module.objects.get(curriculum=foreign)
    assert api.patch(f"{url}/modules/{foreign_module.pk}", {"title": "x"}).status_code == 404
    own_module = Module.objects.get(curriculum=curriculum)
    other = f.make_curriculum(editor, modules=0)
    assert api.delete(f"{CURRICULA}/{other.pk}/modules/{own_module.pk}").status_code == 404
    assert Module.objects.filter(curriculum=curriculum).count() == 1


def test_a_curriculum_a_training_follows_is_not_deleted(api, editor):
    curriculum = f.make_curriculum(editor)
    f.make_training(editor, sessions=0, curriculum=curriculum)
    assert "__all__" in errors_of(api.delete(f"{CURRICULA}/{curriculum.pk}"))
    curriculum.refresh_from_db()
    assert curriculum.deleted_at is None


# Assessments


def test_assessment_with_items_round_trip(api, editor):
    curriculum = f.make_curriculum(editor, modules=1)
    module = Module.objects.get(curriculum=curriculum)
    body = {
        "title": "Pre/post test",
        "curriculum_id": str(curriculum.pk),
        "items": [
            {"kind": "single_choice", "prompt": "Q1", "choices": ["a", "b", "c"], "answer": 1},
            {
                "kind": "multiple_choice",
                "prompt": "Q2",
                "choices": ["a", "b", "c", "d"],
                "answer": [3, 0],
                "points": 2,
                "module_id": str(module.pk),
            },
            {"kind": "true_false", "prompt": "Q3", "answer": 0},
            {"kind": "likert", "prompt": "I feel confident"},
            {"kind": "open_text", "prompt": "Comments"},
        ],
    }
    response = api.post(ASSESSMENTS, body)
    assert response.status_code == 201, response.content
    created = response.json()
    items = created["items"]
    assert [i["kind"] for i in items] == [
        "single_choice",
        "multiple_choice",
        "true_false",
        "likert",
        "open_text",
    ]
    assert [i["answer"] for i in items] == [1, [0, 3], 0, None, None]
    assert [i["points"] for i in items] == [1, 2, 1, 0, 0]
    assert items[2]["choices"] == ["true", "false"]
    assert items[1]["module_id"] == str(module.pk)
    assert {(i["revision"], i["position"]) for i in items[:1]} == {(1, 1)}
    assert created["points_possible"] == 4
    assert api.get(f"{ASSESSMENTS}/{created['id']}").json() == created
    assert ids_of(api.get(ASSESSMENTS, {"q": "post"})) == [created["id"]]


def test_items_are_added_edited_in_place_or_revised_when_answered(api, editor):
    assessment = f.make_assessment(editor, [f.single("Q1")])
    url = f"{ASSESSMENTS}/{assessment.pk}/items"
    added = api.post(
        url, {"kind": "single_choice", "prompt": "Q2", "choices": ["x", "y"], "answer": 1}
    )
    assert added.status_code == 201, added.content
    item = added.json()
    assert (item["position"], item["points"]) == (2, 1)

    in_place = api.patch(f"{url}/{item['id']}", {"prompt": "Q2 (clearer)"})
    assert in_place.status_code == 200, in_place.content
    assert (in_place.json()["id"], in_place.json()["revision"]) == (item["id"], 1)

    answered(editor, Item.objects.get(pk=item["id"]))
    revised = api.patch(f"{url}/{item['id']}", {"answer": 0, "version": 2})
    assert revised.status_code == 200, revised.content
    new = revised.json()
    assert new["id"] != item["id"]
    assert (new["lineage"], new["revision"], new["answer"]) == (item["lineage"], 2, 0)
    old = Item.all_objects.get(pk=item["id"])
    assert (old.retired_at is not None, old.answer) == (True, 1)
    live = api.get(f"{ASSESSMENTS}/{assessment.pk}").json()["items"]
    assert [i["id"] for i in live][-1] == new["id"]
    assert api.patch(f"{url}/{item['id']}", {"prompt": "stale"}).status_code == 404

    assert api.delete(f"{url}/{new['id']}").status_code == 204
    assert len(api.get(f"{ASSESSMENTS}/{assessment.pk}").json()["items"]) == 1


def test_bad_items_are_refused_and_change_nothing(api, editor, other_workspace):
    from enlace.core.permissions import Role
    from enlace.testing import make_member

    assessment = f.make_assessment(editor, [f.single()])
    url = f"{ASSESSMENTS}/{assessment.pk}/items"
    foreign_module = Module.objects.get(
        curriculum=f.make_curriculum(make_member(other_workspace, Role.EDITOR), modules=1)
    )
    single = {"kind": "single_choice", "prompt": "Q", "choices": ["a", "b"], "answer": 0}
    cases = [
        ({**single, "answer": 2}, "answer"),
        ({**single, "answer": -1}, "answer"),
        ({**single, "answer": True}, "answer"),
        ({**single, "answer": "1"}, "answer"),
        ({**single, "choices": ["a"]}, "choices"),
        ({**single, "choices": ["a", " "]}, "choices"),
        ({**single, "choices": [str(n) for n in range(13)]}, "choices"),
        ({**single, "points": 0}, "points"),
        ({**single, "points": 101}, "points"),
        ({**single, "kind": "essay"}, "kind"),
        ({**single, "colour": "red"}, "colour"),
        ({**single, "module_id": str(foreign_module.pk)}, "module_id"),
        (
            {"kind": "multiple_choice", "prompt": "Q", "choices": ["a", "b"], "answer": [0, 0]},
            "answer",
        ),
        (
            {"kind": "multiple_choice", "prompt": "Q", "choices": ["a", "b"], "answer": [2]},
            "answer",
        ),
        ({"kind": "likert", "prompt": "Q", "answer": 3}, "answer"),
        ({"kind": "likert", "prompt": "Q", "points": 2}, "points"),
        ({"kind": "open_text", "prompt": "Q", "choices": ["a", "b"]}, "choices"),
        ({"kind": "true_false", "prompt": "Q", "choices": ["yes", "no"], "answer": 0}, "choices"),
        ({"kind": "single_choice", "prompt": "", "choices": ["a", "b"], "answer": 0}, "prompt"),
    ]
    for body, field in cases:
        assert field in errors_of(api.post(url, body)), body
    bad_create = {"title": "T", "items": [single, {**single, "answer": 5}]}
    assert "items.1.answer" in errors_of(api.post(ASSESSMENTS, bad_create))
    assert Item.all_objects.count() == 1
    assert Assessment.all_objects.count() == 1


def test_an_attached_assessment_is_not_deleted(api, editor):
    training = f.make_training(editor, sessions=1)
    instrument = f.attach(editor, training)
    assert "__all__" in errors_of(api.delete(f"{ASSESSMENTS}/{instrument.assessment_id}"))


@pytest.mark.parametrize("path", [CURRICULA, ASSESSMENTS])
def test_lists_use_the_same_queries_for_3_and_30_rows(path, api, editor):
    def make() -> None:
        if path == CURRICULA:
            f.make_curriculum(editor, modules=2)
        else:
            f.make_assessment(editor)

    for _ in range(3):
        make()
    with_3 = queries_for(api, path)
    for _ in range(27):
        make()
    assert queries_for(api, path) == with_3
    assert api.get(path, {"page_size": 100}).json()["count"] == 30
