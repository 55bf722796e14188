"""The engagements API: engagements, participants, reach, attachments and follow-ups; their
validation, pagination, trash, versions, roles, workspace isolation and query counts."""

from __future__ import annotations

import datetime as dt
import struct
import uuid
import zlib
from typing import Any, get_args

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from enlace.core import middleware
from enlace.core.models import Membership
from enlace.core.permissions import Role
from enlace.engagements import schemas, selectors, services
from enlace.engagements.models import (
    Attachment,
    Engagement,
    EngagementLink,
    FollowUp,
    Outcome,
    Participant,
    ReachReading,
)
from enlace.engagements.tests import factories
from enlace.stakeholders.tests import factories as registry
from enlace.testing import ApiClient, make_member

pytestmark = pytest.mark.django_db

API = "/api/v1"
ENGAGEMENTS = f"{API}/engagements"
FOLLOW_UPS = f"{API}/follow-ups"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _ids(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def _errors(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    errors: dict[str, list[str]] = response.json()["errors"]
    return errors


def _upload(api: ApiClient, engagement: Any, name: str, content: bytes, **extra: Any) -> Any:
    return api.client.post(
        f"{ENGAGEMENTS}/{engagement.pk}/attachments",
        {"kind": "agenda", "file": SimpleUploadedFile(name, content), **extra},
        headers={"Authorization": f"Bearer {api.key}"},
    )


def _body(scope: Any) -> dict[str, Any]:
    host = registry.organization(scope, name="Ministerio del Trabajo")
    return {
        "kind": "training",
        "title": "Formación de inspectores",
        "mode": "hybrid",
        "start_date": "2025-03-03",
        "end_date": "2025-03-05",
        "start_time": "09:00",
        "end_time": "17:00",
        "timezone": "America/Santiago",
        "country": "cl",
        "city": "Santiago",
        "venue": "Sala 1",
        "host_organization_id": str(host.pk),
        "objectives": "Detect forced labour",
        "notes": "**Markdown**",
        "tags": ["inspection"],
        "outcomes": [
            {"statement": "Invited to submit a proposal", "organization_id": str(host.pk)},
            {"statement": "Action plan drafted"},
        ],
        "links": [{"kind": "recording", "label": "Recording", "url": "https://example.org/v"}],
        "audience": [
            {"dimension": "sex", "category": "female", "count": 12},
            {"dimension": "discipline", "category": "legal", "count": 3},
        ],
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# Engagements: happy path, trash, restore


def test_engagement_create_read_change_trash_and_restore(api, editor, owner):
    response = api.post(ENGAGEMENTS, _body(editor))
    assert response.status_code == 201, response.content
    created = response.json()
    assert response["ETag"] == '"1"'
    assert created["version"] == 1
    assert (created["country"], created["timezone"], created["tags"]) == (
        "CL",
        "America/Santiago",
        ["inspection"],
    )
    assert [o["statement"] for o in created["outcomes"]] == [
        "Invited to submit a proposal",
        "Action plan drafted",
    ]
    assert created["links"][0]["url"] == "https://example.org/v"
    assert {(a["dimension"], a["category"], a["count"]) for a in created["audience"]} == {
        ("sex", "female", 12),
        ("discipline", "legal", 3),
    }
    assert (created["reach"], created["children_ids"]) == ({}, [])
    url = f"{ENGAGEMENTS}/{created['id']}"
    assert api.get(url).json() == created

    response = api.patch(
        url,
        {"title": "Formación avanzada", "links": [], "audience": []},
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 200, response.content
    changed = response.json()
    assert (changed["title"], changed["version"], changed["links"], changed["audience"]) == (
        "Formación avanzada",
        2,
        [],
        [],
    )
    assert changed["outcomes"] == created["outcomes"]
    only_lists = api.patch(
        url, {"links": [{"kind": "article", "label": "A", "url": "https://example.org/a"}]}
    )
    assert only_lists.json()["version"] == 3
    assert api.patch(url, {}).status_code == 422
    assert api.patch(url, {"widen_parent": True}).status_code == 422

    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    assert created["id"] not in _ids(api.get(ENGAGEMENTS))
    admin = ApiClient(owner)
    assert _ids(admin.get(ENGAGEMENTS, {"deleted": "true"})) == {created["id"]}
    assert api.get(ENGAGEMENTS, {"deleted": "true"}).status_code == 403
    assert api.post(f"{url}/restore").status_code == 403
    response = admin.post(f"{url}/restore")
    assert response.status_code == 200, response.content
    assert response.json()["deleted_at"] is None
    assert api.get(url).status_code == 200


def test_parts_list_their_children_and_widen_the_parent_only_when_asked(api, editor):
    visit = factories.engagement(
        editor, kind="field_visit", start_date=dt.date(2025, 3, 3), end_date=dt.date(2025, 3, 7)
    )
    child = {
        "kind": "meeting",
        "title": "Meeting at the ministry",
        "parent_id": str(visit.pk),
        "start_date": "2025-03-06",
        "end_date": "2025-03-09",
    }
    errors = _errors(api.post(ENGAGEMENTS, child))
    assert "end_date" in errors
    assert "2025-03-07" in " ".join(errors["end_date"]) or "7" in " ".join(errors["end_date"])
    assert Engagement.objects.count() == 1
    visit.refresh_from_db()
    assert visit.version == 1

    response = api.post(ENGAGEMENTS, {**child, "widen_parent": True})
    assert response.status_code == 201, response.content
    visit.refresh_from_db()
    assert (visit.end_date, visit.version) == (dt.date(2025, 3, 9), 2)
    parent = api.get(f"{ENGAGEMENTS}/{visit.pk}").json()
    assert parent["children_ids"] == [response.json()["id"]]
    assert _ids(api.get(ENGAGEMENTS, {"parent_id": str(visit.pk)})) == {response.json()["id"]}

    moved = api.patch(f"{ENGAGEMENTS}/{response.json()['id']}", {"start_date": "2025-03-01"})
    assert "start_date" in _errors(moved)


def test_invalid_engagements_answer_422_per_field_and_change_nothing(api, editor, other_workspace):
    foreign_org = registry.organization(make_member(other_workspace, Role.EDITOR))
    trashed = factories.engagement(editor)
    services.engagement_delete(scope=editor, engagement=trashed)
    base = {"kind": "meeting", "title": "Meeting", "start_date": "2025-03-03"}
    cases = [
        ({**base, "end_date": "2025-03-01"}, {"end_date"}),
        (
            {**base, "end_date": "2025-03-03", "kind": "party", "colour": "red", "country": "ZZ"},
            {"kind", "colour", "country"},
        ),
        ({**base, "end_date": "2025-03-03", "timezone": "Mars/Olympus"}, {"timezone"}),
        (
            {**base, "end_date": "2025-03-03", "start_time": "10:00", "end_time": "09:00"},
            {"end_time"},
        ),
        (
            {**base, "end_date": "2025-03-03", "host_organization_id": str(foreign_org.pk)},
            {"host_organization_id"},
        ),
        ({**base, "end_date": "2025-03-03", "parent_id": str(trashed.pk)}, {"parent_id"}),
        (
            {**base, "end_date": "2025-03-03", "outcomes": [{"organization_id": "x"}]},
            {"outcomes.0.statement", "outcomes.0.organization_id"},
        ),
        (
            {
                **base,
                "end_date": "2025-03-03",
                "links": [{"kind": "other", "label": "x", "url": "ftp://x.org"}],
            },
            {"links.0.url"},
        ),
        (
            {
                **base,
                "end_date": "2025-03-03",
                "audience": [{"dimension": "sex", "category": "robot", "count": 1}],
            },
            {"audience.category"},
        ),
        (
            {
                **base,
                "end_date": "2025-03-03",
                "audience": [{"dimension": "sex", "category": "male", "count": -1}],
            },
            {"audience.0.count"},
        ),
    ]
    for body, fields in cases:
        # `__all__` may repeat the model's own constraint message beside the field's.
        assert set(_errors(api.post(ENGAGEMENTS, body))) - {"__all__"} == fields, body
    assert Engagement.all_objects.count() == 1
    assert not Outcome.objects.exists()
    assert not EngagementLink.objects.exists()


def test_orderings_match_the_selector():
    assert set(get_args(schemas.EngagementOrdering)) == set(selectors.ENGAGEMENT_ORDERINGS)


# Lists


def test_engagement_list_filters_search_and_pagination(api, editor, member):
    ngo = registry.organization(editor, name="Fundación Libertad")
    rep = member(Role.EDITOR)
    seminar = factories.engagement(
        editor,
        kind="seminar",
        title="Seminario sobre trata",
        country="PE",
        tags=["sdg87"],
        start_date=dt.date(2025, 5, 1),
        end_date=dt.date(2025, 5, 3),
        host_organization=ngo,
    )
    meeting = factories.engagement(editor, start_date=dt.date(2025, 1, 10))
    factories.participant(editor, meeting, member=rep.membership)
    other = factories.engagement(editor, start_date=dt.date(2024, 6, 1))
    assert _ids(api.get(ENGAGEMENTS, {"q": "seminario"})) == {str(seminar.pk)}
    assert _ids(api.get(ENGAGEMENTS, {"kind": "seminar"})) == {str(seminar.pk)}
    assert _ids(api.get(ENGAGEMENTS, {"country": "pe"})) == {str(seminar.pk)}
    assert _ids(api.get(ENGAGEMENTS, {"tag": "SDG87"})) == {str(seminar.pk)}
    assert _ids(api.get(ENGAGEMENTS, {"organization_id": str(ngo.pk)})) == {str(seminar.pk)}
    rep_filter = {"representative_id": str(rep.membership.pk)}
    assert _ids(api.get(ENGAGEMENTS, rep_filter)) == {str(meeting.pk)}
    window = {"date_from": "2025-05-02", "date_to": "2025-06-01"}
    assert _ids(api.get(ENGAGEMENTS, window)) == {str(seminar.pk)}
    listed = [i["id"] for i in api.get(ENGAGEMENTS, {"ordering": "start"}).json()["items"]]
    assert listed == [str(other.pk), str(meeting.pk), str(seminar.pk)]
    first = api.get(ENGAGEMENTS, {"page_size": 2}).json()
    second = api.get(ENGAGEMENTS, {"page_size": 2, "page": 2}).json()
    assert (first["count"], first["pages"], first["next"], len(second["items"])) == (3, 2, 2, 1)
    for params, name in [
        ({"colour": "red"}, "colour"),
        ({"ordering": "password"}, "ordering"),
        ({"date_from": "soon"}, "date_from"),
        ({"page": 9}, "page"),
    ]:
        assert name in _errors(api.get(ENGAGEMENTS, params)), params
    assert "colour" in _errors(api.get(FOLLOW_UPS, {"colour": "red"}))


@pytest.mark.parametrize("path", [ENGAGEMENTS, FOLLOW_UPS])
def test_each_list_uses_the_same_queries_for_3_and_30_rows(path, api, editor):
    def make() -> None:
        engagement = factories.engagement(editor)
        services.outcome_add(scope=editor, engagement=engagement, data={"statement": "Done"})
        factories.reach(editor, engagement, metric="recording_views", value=5)
        factories.engagement(
            editor, parent=engagement, start_date=engagement.start_date, title="Part"
        )
        factories.follow_up(editor, engagement=engagement, due_date=dt.date(2025, 1, 1))

    def count_queries() -> int:
        api.get(path)  # the first request of a token records its use
        with CaptureQueriesContext(connection) as queries:
            response = api.get(path, {"page_size": 100})
        assert response.status_code == 200
        return len(queries)

    for _ in range(3):
        make()
    with_3 = count_queries()
    for _ in range(27):
        make()
    with_30 = count_queries()
    assert with_3 == with_30
    mine = api.get(FOLLOW_UPS, {"mine": "true", "page_size": 100})
    assert mine.json()["count"] == 30


# Reach


def test_reach_shows_the_latest_reading_not_the_sum(api, editor):
    engagement = factories.engagement(editor, kind="webinar", start_date=dt.date(2025, 3, 3))
    url = f"{ENGAGEMENTS}/{engagement.pk}/reach"
    for value, as_of in [(120, "2025-03-04"), (450, "2025-04-01")]:
        body = {"metric": "recording_views", "value": value, "as_of": as_of}
        response = api.post(url, {**body, "source": "platform_export"})
        assert response.status_code == 201, response.content
        assert response.json()["value"] == value
    api.post(url, {"metric": "in_person_attendees", "value": 30, "as_of": "2025-03-03"})
    reach = api.get(f"{ENGAGEMENTS}/{engagement.pk}").json()["reach"]
    assert reach == {
        "recording_views": {"value": 450, "as_of": "2025-04-01"},
        "in_person_attendees": {"value": 30, "as_of": "2025-03-03"},
    }
    listed = next(i for i in api.get(ENGAGEMENTS).json()["items"] if i["id"] == str(engagement.pk))
    assert listed["reach"]["recording_views"]["value"] == 450
    series = api.get(url).json()
    assert [(r["metric"], r["value"]) for r in series] == [
        ("in_person_attendees", 30),
        ("recording_views", 120),
        ("recording_views", 450),
    ]


def test_bad_reach_readings_are_refused_and_change_nothing(api, editor):
    engagement = factories.engagement(editor, start_date=dt.date(2025, 3, 3))
    url = f"{ENGAGEMENTS}/{engagement.pk}/reach"
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    ok = {"metric": "recording_views", "value": 10, "as_of": "2025-03-04"}
    for change, name in [
        ({"value": -1}, "value"),
        ({"value": 10**12}, "value"),
        ({"value": 1.5}, "value"),
        ({"as_of": tomorrow}, "as_of"),
        ({"as_of": "2025-03-02"}, "as_of"),
        ({"metric": "likes"}, "metric"),
        ({"source": "rumour"}, "source"),
        ({"colour": "red"}, "colour"),
    ]:
        assert name in _errors(api.post(url, {**ok, **change})), change
    assert not ReachReading.objects.exists()


# Participants


def test_participants_are_added_listed_and_removed(api, editor, member, other_workspace):
    engagement = factories.engagement(editor)
    url = f"{ENGAGEMENTS}/{engagement.pk}/participants"
    org = registry.organization(editor, name="OIT")
    person = registry.person(editor, full_name="Rosa Díaz")
    body = registry.coordination_body(editor, name="Mesa Nacional")
    rep = member(Role.EDITOR)
    added = []
    for target, role in [
        ({"organization_id": str(org.pk)}, "host"),
        ({"person_id": str(person.pk)}, "speaker"),
        ({"coordination_body_id": str(body.pk)}, "participant"),
        ({"member_id": str(rep.membership.pk)}, "organiser"),
    ]:
        response = api.post(url, {**target, "role": role})
        assert response.status_code == 201, response.content
        added.append(response.json())
    assert added[0]["name"] == "OIT"
    assert added[1]["person_id"] == str(person.pk)
    page = api.get(url).json()
    assert page["count"] == 4
    assert {p["id"] for p in page["items"]} == {p["id"] for p in added}

    again = api.post(url, {"organization_id": str(org.pk), "role": "host"})
    assert "organization_id" in _errors(again)
    both = {"organization_id": str(org.pk), "person_id": str(person.pk), "role": "host"}
    assert _errors(api.post(url, both))
    assert "role" in _errors(api.post(url, {"organization_id": str(org.pk), "role": "boss"}))
    stranger = make_member(other_workspace, Role.EDITOR)
    for field, foreign in [
        ("organization_id", registry.organization(stranger)),
        ("person_id", registry.person(stranger)),
        ("member_id", Membership.objects.get(user=stranger.user)),
    ]:
        response = api.post(url, {field: str(foreign.pk), "role": "observer"})
        assert _errors(response) == {field: [response.json()["errors"][field][0]]}
    assert Participant.objects.count() == 4

    assert api.delete(f"{url}/{added[0]['id']}").status_code == 204
    assert api.delete(f"{url}/{added[0]['id']}").status_code == 404
    assert api.get(url).json()["count"] == 3


# Attachments


def test_attachment_upload_and_download_round_trip(api, editor, media, member):
    engagement = factories.engagement(editor)
    url = f"{ENGAGEMENTS}/{engagement.pk}/attachments"
    for name, content, content_type in [
        ("Agenda final.pdf", PDF, "application/pdf"),
        ("../../foto.png", _png(), "image/png"),
    ]:
        response = _upload(api, engagement, name, content)
        assert response.status_code == 201, response.content
        attachment = response.json()
        assert (attachment["content_type"], attachment["size"]) == (content_type, len(content))
        stored = Attachment.objects.get(pk=attachment["id"])
        assert name.rsplit("/", 1)[-1] not in stored.file.name
        assert str(media) in stored.file.path
        viewer = ApiClient(member(Role.VIEWER))
        download = viewer.get(f"{url}/{attachment['id']}/download")
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == content
        assert download["Content-Type"] == content_type
        assert download["Content-Disposition"].startswith("attachment;")
        assert download["X-Content-Type-Options"] == "nosniff"
    listed = api.get(url).json()
    assert [a["original_name"] for a in listed] == ["Agenda final.pdf", "foto.png"]

    assert api.delete(f"{url}/{listed[0]['id']}").status_code == 204
    assert api.get(f"{url}/{listed[0]['id']}/download").status_code == 404
    assert len(api.get(url).json()) == 1


def test_forbidden_or_false_attachments_are_refused(api, editor, media, monkeypatch):
    engagement = factories.engagement(editor)
    for name, content in [
        ("payload.exe", b"MZ\x90\x00"),
        ("page.html", b"<script>alert(1)</script>"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf"),
        ("image.png", PDF),
        ("noextension", PDF),
    ]:
        assert "file" in _errors(_upload(api, engagement, name, content)), name
    assert "kind" in _errors(_upload(api, engagement, "a.pdf", PDF, kind="selfie"))
    assert "colour" in _errors(_upload(api, engagement, "a.pdf", PDF, colour="red"))
    monkeypatch.setattr(services, "ATTACHMENT_MAX_BYTES", 16)
    assert "file" in _errors(_upload(api, engagement, "big.pdf", PDF))
    assert not Attachment.all_objects.exists()
    assert not list(media.rglob("*.*"))


def test_uploads_may_exceed_the_api_body_limit_up_to_the_attachment_limit(api, editor, media):
    assert middleware.UPLOAD_MAX_BODY > services.ATTACHMENT_MAX_BYTES
    engagement = factories.engagement(editor)
    big = PDF + b"0" * (2 * 1024 * 1024)
    response = _upload(api, engagement, "report.pdf", big)
    assert response.status_code == 201, response.content
    too_big = api.client.post(
        f"{ENGAGEMENTS}/{engagement.pk}/attachments",
        b"x",
        content_type="multipart/form-data; boundary=x",
        headers={"Authorization": f"Bearer {api.key}"},
        CONTENT_LENGTH=str(middleware.UPLOAD_MAX_BODY + 1),
    )
    assert too_big.status_code == 413
    json_too_big = api.post(ENGAGEMENTS, {"title": "x" * (1024 * 1024 + 1)})
    assert json_too_big.status_code == 413
    assert Attachment.objects.count() == 1


# Follow-ups


def test_follow_up_create_change_done_trash_and_restore(api, editor, owner, member):
    engagement = factories.engagement(editor)
    org = registry.organization(editor)
    colleague = member(Role.EDITOR)
    body = {
        "title": "Send the proposal",
        "engagement_id": str(engagement.pk),
        "owner_id": str(colleague.user.uuid),
        "counterpart_organization_id": str(org.pk),
        "due_date": "2025-04-01",
    }
    response = api.post(FOLLOW_UPS, body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["owner_id"], created["status"], created["done_on"]) == (
        str(colleague.user.uuid),
        "open",
        None,
    )
    url = f"{FOLLOW_UPS}/{created['id']}"
    assert api.get(url).json() == created
    done = api.patch(url, {"status": "done", "version": 1})
    assert done.status_code == 200, done.content
    assert done.json()["done_on"] == timezone.localdate().isoformat()
    reopened = api.patch(url, {"status": "open"}).json()
    assert (reopened["done_on"], reopened["version"]) == (None, 3)
    mine = api.post(FOLLOW_UPS, {"title": "Call back"}).json()
    assert mine["owner_id"] == str(editor.user.uuid)

    params = {"owner_id": str(colleague.user.uuid)}
    assert _ids(api.get(FOLLOW_UPS, params)) == {created["id"]}
    assert _ids(api.get(FOLLOW_UPS, {"engagement_id": str(engagement.pk)})) == {created["id"]}
    assert _ids(api.get(FOLLOW_UPS, {"organization_id": str(org.pk)})) == {created["id"]}
    assert _ids(api.get(FOLLOW_UPS, {"owner_id": str(uuid.uuid4())})) == set()

    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    admin = ApiClient(owner)
    assert _ids(admin.get(FOLLOW_UPS, {"deleted": "true"})) == {created["id"]}
    assert admin.post(f"{url}/restore").json()["deleted_at"] is None


def test_my_follow_ups_are_my_open_ones_overdue_first(api, editor, member):
    today = timezone.localdate()
    later = factories.follow_up(editor, due_date=today + dt.timedelta(days=5))
    undated = factories.follow_up(editor)
    overdue = factories.follow_up(editor, due_date=today - dt.timedelta(days=3))
    done = factories.follow_up(editor, status="done")
    factories.follow_up(editor, owner=member(Role.EDITOR).user)
    listed = [i["id"] for i in api.get(FOLLOW_UPS, {"mine": "true"}).json()["items"]]
    assert listed == [str(overdue.pk), str(later.pk), str(undated.pk)]
    assert str(done.pk) not in listed


def test_invalid_follow_ups_are_refused(api, editor, other_workspace, member):
    inactive = member(Role.EDITOR)
    Membership.objects.filter(pk=inactive.membership.pk).update(is_active=False)
    stranger = make_member(other_workspace, Role.EDITOR)
    foreign_engagement = factories.engagement(stranger)
    for body, field in [
        ({"title": ""}, "title"),
        ({"title": "X", "owner_id": str(stranger.user.uuid)}, "owner_id"),
        ({"title": "X", "owner_id": str(inactive.user.uuid)}, "owner_id"),
        ({"title": "X", "owner_id": str(editor.user.pk)}, "owner_id"),
        ({"title": "X", "engagement_id": str(foreign_engagement.pk)}, "engagement_id"),
        ({"title": "X", "status": "maybe"}, "status"),
        ({"title": "X", "due_date": "2025-02-30"}, "due_date"),
    ]:
        assert field in _errors(api.post(FOLLOW_UPS, body)), body
    assert not FollowUp.all_objects.filter(workspace=editor.workspace).exists()


# Versions


@pytest.mark.parametrize("path", ["engagements", "follow-ups"])
def test_second_writer_from_the_same_version_gets_409(path, api, editor, member, api_for):
    obj = factories.engagement(editor) if path == "engagements" else factories.follow_up(editor)
    url = f"{API}/{path}/{obj.pk}"
    etag = api.get(url)["ETag"]
    first = api_for(member(Role.EDITOR)).patch(url, {"notes": "first"}, headers={"If-Match": etag})
    assert first.status_code == 200
    second = api.patch(url, {"notes": "second"}, headers={"If-Match": etag})
    assert second.status_code == 409
    assert (second.json()["current_version"], second.json()["changed_fields"]) == (2, ["notes"])
    assert api.patch(url, {"notes": "second", "version": 1}).status_code == 409
    assert api.delete(url, headers={"If-Match": etag}).status_code == 409
    obj.refresh_from_db()
    assert (obj.notes, obj.version, obj.deleted_at) == ("first", 2, None)


# Roles


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_viewers_and_partners_cannot_write(role, member, api_for, editor, media):
    org = registry.organization(editor)
    engagement = factories.engagement(editor, host_organization=org)
    participant = factories.participant(editor, engagement, organization=org)
    follow_up = factories.follow_up(editor, counterpart_organization=org)
    attachment = services.attachment_add(
        scope=editor,
        engagement=engagement,
        kind="agenda",
        upload=SimpleUploadedFile("a.pdf", PDF),
    )
    client = api_for(member(role, organization=org))
    e_url = f"{ENGAGEMENTS}/{engagement.pk}"
    refusals = [
        client.post(
            ENGAGEMENTS,
            {"kind": "meeting", "title": "X", "start_date": "2025-01-01", "end_date": "2025-01-01"},
        ),
        client.patch(e_url, {"notes": "x"}),
        client.delete(e_url),
        client.post(f"{e_url}/restore"),
        client.post(f"{e_url}/participants", {"organization_id": str(org.pk), "role": "host"}),
        client.delete(f"{e_url}/participants/{participant.pk}"),
        client.post(f"{e_url}/reach", {"metric": "registered", "value": 1, "as_of": "2025-03-03"}),
        _upload(client, engagement, "b.pdf", PDF),
        client.delete(f"{e_url}/attachments/{attachment.pk}"),
        client.post(FOLLOW_UPS, {"title": "X"}),
        client.patch(f"{FOLLOW_UPS}/{follow_up.pk}", {"notes": "x"}),
        client.delete(f"{FOLLOW_UPS}/{follow_up.pk}"),
    ]
    assert [r.status_code for r in refusals] == [403] * len(refusals)
    assert client.get(f"{e_url}/attachments/{attachment.pk}/download").status_code == 200
    engagement.refresh_from_db()
    follow_up.refresh_from_db()
    assert (engagement.version, engagement.notes, follow_up.version) == (1, "", 1)
    assert Engagement.objects.count() == 1
    assert (Participant.objects.count(), ReachReading.objects.count()) == (1, 0)
    assert (Attachment.objects.count(), FollowUp.objects.count()) == (1, 1)


def test_partner_sees_only_engagements_its_organisation_takes_part_in(member, api_for, editor):
    nhri = registry.organization(editor, name="NHRI")
    unit = registry.organization(editor, name="Protection Unit", parent=nhri)
    lawyer = registry.person(editor, full_name="Lawyer In Unit", organization=unit)
    hosted = factories.engagement(editor, host_organization=nhri)
    attended = factories.engagement(editor)
    factories.participant(editor, attended, organization=unit)
    by_person = factories.engagement(editor)
    factories.participant(editor, by_person, person=lawyer)
    elsewhere = factories.engagement(editor)
    own_follow_up = factories.follow_up(editor, counterpart_organization=nhri)
    other_follow_up = factories.follow_up(editor)
    partner = api_for(member(Role.PARTNER, organization=nhri))

    visible = {str(e.pk) for e in (hosted, attended, by_person)}
    assert _ids(partner.get(ENGAGEMENTS)) == visible
    assert partner.get(f"{ENGAGEMENTS}/{elsewhere.pk}").status_code == 404
    for suffix in ("participants", "reach", "attachments"):
        assert partner.get(f"{ENGAGEMENTS}/{elsewhere.pk}/{suffix}").status_code == 404
        assert partner.get(f"{ENGAGEMENTS}/{hosted.pk}/{suffix}").status_code == 200
    assert _ids(partner.get(FOLLOW_UPS)) == {str(own_follow_up.pk)}
    assert partner.get(f"{FOLLOW_UPS}/{other_follow_up.pk}").status_code == 404


# Workspace isolation: another workspace's rows are never found, listed or changed


def test_another_workspace_is_invisible_to_every_endpoint(owner, other_workspace, media):
    stranger = make_member(other_workspace, Role.OWNER)
    foreign = factories.engagement(stranger, title="Foreign engagement")
    foreign_org = registry.organization(stranger)
    participant = factories.participant(stranger, foreign, organization=foreign_org)
    reading = factories.reach(stranger, foreign)
    attachment = services.attachment_add(
        scope=stranger, engagement=foreign, kind="agenda", upload=SimpleUploadedFile("a.pdf", PDF)
    )
    trashed = factories.engagement(stranger)
    services.engagement_delete(scope=stranger, engagement=trashed)
    follow_up = factories.follow_up(stranger, engagement=foreign)
    trashed_follow_up = factories.follow_up(stranger)
    services.follow_up_delete(scope=stranger, follow_up=trashed_follow_up)
    own = factories.engagement(owner)
    factories.follow_up(owner)
    api = ApiClient(owner)

    assert str(foreign.pk) not in _ids(api.get(ENGAGEMENTS))
    assert str(foreign.pk) not in _ids(api.get(ENGAGEMENTS, {"q": "foreign"}))
    assert str(trashed.pk) not in _ids(api.get(ENGAGEMENTS, {"deleted": "true"}))
    assert _ids(api.get(ENGAGEMENTS, {"parent_id": str(foreign.pk)})) == set()
    assert _ids(api.get(ENGAGEMENTS, {"organization_id": str(foreign_org.pk)})) == set()
    assert str(follow_up.pk) not in _ids(api.get(FOLLOW_UPS))
    assert str(trashed_follow_up.pk) not in _ids(api.get(FOLLOW_UPS, {"deleted": "true"}))
    assert _ids(api.get(FOLLOW_UPS, {"engagement_id": str(foreign.pk)})) == set()
    assert _ids(api.get(FOLLOW_UPS, {"owner_id": str(stranger.user.uuid)})) == set()

    e_url = f"{ENGAGEMENTS}/{foreign.pk}"
    f_url = f"{FOLLOW_UPS}/{follow_up.pk}"
    own_url = f"{ENGAGEMENTS}/{own.pk}"
    answers = [
        api.get(e_url),
        api.patch(e_url, {"notes": "x"}),
        api.patch(e_url, {"notes": "x"}, headers={"If-Match": '"1"'}),
        api.delete(e_url),
        api.post(f"{ENGAGEMENTS}/{trashed.pk}/restore"),
        api.get(f"{e_url}/participants"),
        api.post(f"{e_url}/participants", {"organization_id": str(foreign_org.pk), "role": "host"}),
        api.delete(f"{e_url}/participants/{participant.pk}"),
        api.delete(f"{own_url}/participants/{participant.pk}"),
        api.get(f"{e_url}/reach"),
        api.post(f"{e_url}/reach", {"metric": "registered", "value": 1, "as_of": "2025-03-03"}),
        api.get(f"{e_url}/attachments"),
        _upload(api, foreign, "a.pdf", PDF),
        api.get(f"{e_url}/attachments/{attachment.pk}/download"),
        api.get(f"{own_url}/attachments/{attachment.pk}/download"),
        api.delete(f"{e_url}/attachments/{attachment.pk}"),
        api.get(f_url),
        api.patch(f_url, {"notes": "x"}),
        api.delete(f_url),
        api.post(f"{FOLLOW_UPS}/{trashed_follow_up.pk}/restore"),
    ]
    assert [r.status_code for r in answers] == [404] * len(answers)
    refused = [
        (
            api.post(
                ENGAGEMENTS,
                {
                    "kind": "meeting",
                    "title": "X",
                    "start_date": "2025-03-03",
                    "end_date": "2025-03-03",
                    "parent_id": str(foreign.pk),
                },
            ),
            "parent_id",
        ),
        (api.patch(own_url, {"host_organization_id": str(foreign_org.pk)}), "host_organization_id"),
        (api.post(FOLLOW_UPS, {"title": "X", "engagement_id": str(foreign.pk)}), "engagement_id"),
    ]
    for response, field in refused:
        assert set(_errors(response)) == {field}

    foreign.refresh_from_db()
    follow_up.refresh_from_db()
    assert (foreign.version, foreign.notes, foreign.deleted_at) == (1, "", None)
    assert (follow_up.version, follow_up.deleted_at) == (1, None)
    assert Participant.objects.filter(pk=participant.pk).exists()
    assert ReachReading.objects.filter(engagement=foreign).get() == reading
    assert Attachment.objects.filter(engagement=foreign).count() == 1
    assert Engagement.all_objects.get(pk=trashed.pk).deleted_at is not None
    assert Engagement.objects.filter(workspace=owner.workspace).count() == 1
