"""The engagements' writes: dates and nesting, participants, parts, attachments, reach, follow-ups,
roles, versions, history and atomicity."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from enlace.core.errors import PermissionDenied, ValidationError, VersionConflict
from enlace.core.models import Membership
from enlace.core.permissions import Role
from enlace.engagements import services
from enlace.engagements.models import (
    Attachment,
    AudienceCount,
    Engagement,
    EngagementLink,
    FollowUp,
    Outcome,
    Participant,
    ReachReading,
)
from enlace.engagements.tests import factories
from enlace.stakeholders.tests import factories as registry
from enlace.testing import make_member, make_user

pytestmark = pytest.mark.django_db

D = dt.date


def codes(caught: pytest.ExceptionInfo[ValidationError], field: str) -> list[str | None]:
    return [e.code for e in caught.value.error_dict[field]]


# Engagements: fields, dates, times, time zones


def test_create_normalises_and_records_history(editor):
    visit = services.engagement_create(
        scope=editor,
        data={
            "kind": "field_visit",
            "title": "  Visita a   Concepción ",
            "start_date": D(2025, 3, 2),
            "end_date": D(2025, 3, 6),
            "timezone": "America/Santiago",
            "country": "CL",
            "tags": ["Biobío", "biobío "],
        },
    )
    assert visit.title == "Visita a Concepción"
    assert visit.title_key == "visita a concepcion"
    assert visit.tags == ["biobío"]
    entry = visit.history.get()
    assert (entry.history_user, entry.history_type) == (editor.user, "+")


def test_end_before_start_is_refused(editor):
    with pytest.raises(ValidationError) as caught:
        factories.engagement(editor, start_date=D(2025, 3, 6), end_date=D(2025, 3, 2))
    assert codes(caught, "end_date") == ["end_before_start"]
    assert not Engagement.all_objects.exists()


def test_times_need_a_start_and_an_order_on_one_day(editor):
    with pytest.raises(ValidationError) as caught:
        factories.engagement(editor, end_time=dt.time(12))
    assert codes(caught, "end_time") == ["end_time_alone"]
    with pytest.raises(ValidationError) as caught:
        factories.engagement(editor, start_time=dt.time(12), end_time=dt.time(12))
    assert codes(caught, "end_time") == ["end_before_start"]
    # Over two days an earlier clock time is the next day's.
    two_days = factories.engagement(
        editor,
        start_date=D(2025, 3, 2),
        end_date=D(2025, 3, 3),
        start_time=dt.time(18),
        end_time=dt.time(9),
    )
    assert two_days.end_time == dt.time(9)


@pytest.mark.parametrize("zone", ["Mars/Olympus", "America/Santiago/../../etc", "utc+3"])
def test_unknown_time_zone_is_refused(editor, zone):
    with pytest.raises(ValidationError) as caught:
        factories.engagement(editor, timezone=zone)
    assert codes(caught, "timezone") == ["unknown_timezone"]


def test_model_level_errors_and_our_rules_come_together(editor):
    with pytest.raises(ValidationError) as caught:
        factories.engagement(
            editor, kind="picnic", start_date=D(2025, 3, 6), end_date=D(2025, 3, 2)
        )
    assert {"kind", "end_date"} <= set(caught.value.message_dict)


def test_unknown_field_and_title_without_letters_are_refused(editor):
    with pytest.raises(ValidationError) as caught:
        factories.engagement(editor, colour="red")
    assert "colour" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        factories.engagement(editor, title=" -- ")
    assert "title" in caught.value.message_dict


def test_references_from_another_workspace_or_the_trash_are_refused(editor, other_workspace):
    stranger = make_member(other_workspace, Role.EDITOR)
    foreign_org = registry.organization(stranger)
    with pytest.raises(ValidationError) as caught:
        factories.engagement(editor, host_organization=foreign_org)
    assert "host_organization" in caught.value.message_dict
    foreign_visit = factories.engagement(stranger)
    with pytest.raises(ValidationError):
        factories.engagement(editor, parent=foreign_visit)
    trashed = factories.engagement(editor)
    services.engagement_delete(scope=editor, engagement=trashed)
    trashed.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        factories.engagement(editor, parent=trashed)
    assert "parent" in caught.value.message_dict


# Nesting


def _visit(scope):
    return factories.engagement(
        scope,
        kind="field_visit",
        title="Field visit Biobío",
        start_date=D(2025, 3, 2),
        end_date=D(2025, 3, 6),
    )


def test_child_outside_its_parent_is_refused_with_the_parent_dates(editor):
    visit = _visit(editor)
    with pytest.raises(ValidationError) as caught:
        factories.engagement(editor, parent=visit, start_date=D(2025, 3, 5), end_date=D(2025, 3, 8))
    assert codes(caught, "end_date") == ["outside_parent"]
    assert "start_date" not in caught.value.error_dict
    message = caught.value.message_dict["end_date"][0]
    assert "2025-03-02" in message
    assert "2025-03-06" in message
    assert "Field visit Biobío" in message
    with pytest.raises(ValidationError) as caught:
        factories.engagement(editor, parent=visit, start_date=D(2025, 3, 1))
    assert codes(caught, "start_date") == ["outside_parent"]
    assert Engagement.objects.count() == 1


def test_widen_parent_stretches_it_with_a_version_and_history(editor, member):
    visit = _visit(editor)
    other = member(Role.MANAGER)
    training = factories.engagement(
        other,
        parent=visit,
        kind="training",
        start_date=D(2025, 3, 5),
        end_date=D(2025, 3, 8),
        widen_parent=True,
    )
    visit.refresh_from_db()
    assert (visit.start_date, visit.end_date, visit.version) == (
        D(2025, 3, 2),
        D(2025, 3, 8),
        2,
    )
    latest = visit.history.order_by("-history_date").first()
    assert latest.history_user == other.user
    assert latest.version == 2
    assert training.parent == visit


def test_widen_parent_stretches_the_grandparent_too(editor):
    trip = factories.engagement(editor, start_date=D(2025, 3, 1), end_date=D(2025, 3, 10))
    visit = factories.engagement(
        editor, parent=trip, start_date=D(2025, 3, 2), end_date=D(2025, 3, 6)
    )
    factories.engagement(
        editor, parent=visit, start_date=D(2025, 3, 9), end_date=D(2025, 3, 12), widen_parent=True
    )
    visit.refresh_from_db()
    trip.refresh_from_db()
    assert visit.end_date == D(2025, 3, 12)
    assert trip.end_date == D(2025, 3, 12)


def test_update_moving_a_child_out_needs_widen_parent(editor):
    visit = _visit(editor)
    meeting = factories.engagement(editor, parent=visit, start_date=D(2025, 3, 3))
    with pytest.raises(ValidationError) as caught:
        services.engagement_update(
            scope=editor, engagement=meeting, data={"start_date": D(2025, 2, 27)}
        )
    assert codes(caught, "start_date") == ["outside_parent"]
    services.engagement_update(
        scope=editor,
        engagement=meeting,
        data={"start_date": D(2025, 2, 27), "end_date": D(2025, 2, 27)},
        widen_parent=True,
    )
    visit.refresh_from_db()
    assert visit.start_date == D(2025, 2, 27)


def test_a_parent_cannot_shrink_away_from_its_children(editor):
    visit = _visit(editor)
    factories.engagement(editor, parent=visit, start_date=D(2025, 3, 3))
    factories.engagement(editor, parent=visit, start_date=D(2025, 3, 5))
    with pytest.raises(ValidationError) as caught:
        services.engagement_update(
            scope=editor,
            engagement=visit,
            data={"start_date": D(2025, 3, 4), "end_date": D(2025, 3, 4)},
        )
    assert codes(caught, "start_date") == ["children_outside"]
    assert codes(caught, "end_date") == ["children_outside"]
    assert "2025-03-03" in caught.value.message_dict["start_date"][0]
    services.engagement_update(
        scope=editor,
        engagement=visit,
        data={"start_date": D(2025, 3, 3), "end_date": D(2025, 3, 5)},
    )
    visit.refresh_from_db()
    assert (visit.start_date, visit.end_date, visit.version) == (D(2025, 3, 3), D(2025, 3, 5), 2)


def test_no_cycles_in_parents_and_any_kind_may_be_a_parent(editor):
    seminar = factories.engagement(editor, kind="seminar", end_date=D(2025, 3, 10))
    webinar = factories.engagement(editor, kind="webinar", parent=seminar)
    with pytest.raises(ValidationError) as caught:
        services.engagement_update(scope=editor, engagement=seminar, data={"parent": webinar})
    assert codes(caught, "parent") == ["cycle"]
    with pytest.raises(ValidationError):
        services.engagement_update(scope=editor, engagement=seminar, data={"parent": seminar})


def test_widen_parent_with_an_invalid_child_leaves_the_parent_alone(editor):
    visit = _visit(editor)
    with pytest.raises(ValidationError):
        factories.engagement(
            editor,
            parent=visit,
            start_date=D(2025, 3, 5),
            end_date=D(2025, 3, 9),
            timezone="Nowhere/Else",
            widen_parent=True,
        )
    visit.refresh_from_db()
    assert (visit.end_date, visit.version) == (D(2025, 3, 6), 1)


def test_a_failure_after_widening_rolls_the_parent_back(editor, monkeypatch):
    visit = _visit(editor)
    real_save = services.record_save

    def failing_for_new_rows(instance, **kwargs):
        if instance._state.adding:
            raise RuntimeError("disk full")
        return real_save(instance, **kwargs)

    monkeypatch.setattr(services.engagements, "record_save", failing_for_new_rows)
    with pytest.raises(RuntimeError):
        factories.engagement(
            editor,
            parent=visit,
            start_date=D(2025, 3, 5),
            end_date=D(2025, 3, 9),
            widen_parent=True,
        )
    visit.refresh_from_db()
    assert (visit.end_date, visit.version) == (D(2025, 3, 6), 1)
    assert visit.history.count() == 1
    assert Engagement.all_objects.count() == 1


def test_stale_version_is_refused(editor, member):
    other = member(Role.EDITOR)
    meeting = factories.engagement(editor)
    services.engagement_update(
        scope=other, engagement=meeting, data={"city": "Temuco"}, expected_version=1
    )
    with pytest.raises(VersionConflict) as caught:
        services.engagement_update(
            scope=editor, engagement=meeting, data={"venue": "Hall"}, expected_version=1
        )
    assert caught.value.changed_fields == ["city"]


def test_delete_restore_and_roles(owner, editor, member):
    meeting = factories.engagement(editor)
    services.engagement_delete(scope=editor, engagement=meeting)
    assert not Engagement.objects.exists()
    with pytest.raises(PermissionDenied):
        services.engagement_restore(scope=editor, engagement=meeting)
    services.engagement_restore(scope=member(Role.MANAGER), engagement=meeting)
    assert Engagement.objects.get() == meeting
    services.engagement_delete(scope=editor, engagement=meeting)
    services.engagement_restore(scope=owner, engagement=meeting)
    reasons = [h.history_change_reason for h in meeting.history.order_by("history_date")]
    assert reasons == [None, "deleted", "restored", "deleted", "restored"]


def test_a_parent_with_parts_cannot_go_to_the_trash(editor):
    visit = _visit(editor)
    factories.engagement(editor, parent=visit, start_date=D(2025, 3, 3))
    with pytest.raises(ValidationError):
        services.engagement_delete(scope=editor, engagement=visit)
    assert Engagement.objects.count() == 2


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_viewers_and_partners_cannot_write(editor, member, role):
    reader = member(role)
    meeting = factories.engagement(editor)
    org = registry.organization(editor)
    calls = [
        lambda: factories.engagement(reader),
        lambda: services.engagement_update(scope=reader, engagement=meeting, data={"city": "X"}),
        lambda: services.engagement_delete(scope=reader, engagement=meeting),
        lambda: factories.participant(reader, meeting, organization=org),
        lambda: services.outcome_add(scope=reader, engagement=meeting, data={"statement": "x"}),
        lambda: services.link_add(
            scope=reader,
            engagement=meeting,
            data={"kind": "article", "label": "x", "url": "https://example.org"},
        ),
        lambda: services.attachment_add(
            scope=reader,
            engagement=meeting,
            kind="agenda",
            upload=SimpleUploadedFile("a.txt", b"agenda"),
        ),
        lambda: services.audience_set(scope=reader, engagement=meeting, counts=[]),
        lambda: factories.reach(reader, meeting),
        lambda: factories.follow_up(reader),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert not Participant.all_objects.exists()
    assert not ReachReading.all_objects.exists()
    assert not FollowUp.all_objects.exists()


# Participants


def test_participant_needs_exactly_one_target(editor):
    meeting = factories.engagement(editor)
    org = registry.organization(editor)
    person = registry.person(editor)
    with pytest.raises(ValidationError) as caught:
        factories.participant(editor, meeting)
    assert codes(caught, "__all__") == ["exactly_one_target"]
    with pytest.raises(ValidationError) as caught:
        factories.participant(editor, meeting, organization=org, person=person)
    assert codes(caught, "person") == ["exactly_one_target"]
    assert codes(caught, "organization") == ["exactly_one_target"]
    assert not Participant.all_objects.exists()


def test_participants_of_each_kind_and_duplicates(editor):
    meeting = factories.engagement(editor)
    org = registry.organization(editor)
    body = registry.coordination_body(editor)
    person = registry.person(editor, organization=org)
    factories.participant(editor, meeting, organization=org, role="host")
    factories.participant(editor, meeting, person=person)
    factories.participant(editor, meeting, coordination_body=body, role="observer")
    factories.participant(editor, meeting, member=editor.membership, role="organiser")
    # The same organisation in another role is fine; twice in the same role is not.
    factories.participant(editor, meeting, organization=org, role="participant")
    with pytest.raises(ValidationError) as caught:
        factories.participant(editor, meeting, organization=org, role="host")
    assert codes(caught, "organization") == ["duplicate"]
    assert Participant.objects.count() == 5


def test_participant_from_another_workspace_is_refused(editor, other_workspace):
    stranger = make_member(other_workspace, Role.EDITOR)
    meeting = factories.engagement(editor)
    with pytest.raises(ValidationError) as caught:
        factories.participant(editor, meeting, person=registry.person(stranger))
    assert "person" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        factories.participant(editor, meeting, member=stranger.membership)
    assert "member" in caught.value.message_dict
    foreign_meeting = factories.engagement(stranger)
    with pytest.raises(ValidationError):
        factories.participant(editor, foreign_meeting, organization=registry.organization(editor))
    assert not Participant.all_objects.exists()


def test_an_inactive_member_cannot_represent_us(editor, member):
    gone = member(Role.EDITOR)
    Membership.objects.filter(pk=gone.membership.pk).update(is_active=False)
    gone.membership.refresh_from_db()
    meeting = factories.engagement(editor)
    with pytest.raises(ValidationError) as caught:
        factories.participant(editor, meeting, member=gone.membership)
    assert codes(caught, "member") == ["not_member"]


def test_a_lived_experience_participant_is_added_by_those_who_may_see_them(owner, editor):
    leader = registry.person(owner, full_name="Survivor Leader", lived_experience=True)
    meeting = factories.engagement(editor)
    with pytest.raises(ValidationError) as caught:
        factories.participant(editor, meeting, person=leader)
    assert caught.value.message_dict["person"] == ["Not found."]
    factories.participant(owner, meeting, person=leader, role="speaker")


def test_participant_update_and_remove(editor):
    meeting = factories.engagement(editor)
    org = registry.organization(editor)
    host = factories.participant(editor, meeting, organization=org, role="host")
    guest = factories.participant(editor, meeting, organization=org, role="invited_guest")
    updated = services.participant_update(
        scope=editor, participant=host, data={"role": "organiser"}, expected_version=1
    )
    assert (updated.role, updated.version) == ("organiser", 2)
    with pytest.raises(ValidationError):
        services.participant_update(scope=editor, participant=guest, data={"role": "organiser"})
    with pytest.raises(ValidationError):
        services.participant_update(
            scope=editor, participant=guest, data={"person": registry.person(editor)}
        )
    services.participant_remove(scope=editor, participant=guest)
    assert list(Participant.objects.all()) == [host]
    removed = Participant.history.filter(id=guest.pk, history_type="-").get()
    assert removed.history_user == editor.user


# Outcomes and links


def test_outcomes_are_numbered_updated_and_removed(editor):
    roundtable = factories.engagement(editor, kind="roundtable")
    ministry = registry.organization(editor, kind="government")
    first = services.outcome_add(
        scope=editor,
        engagement=roundtable,
        data={"statement": "Invited to   submit a proposal", "organization": ministry},
    )
    second = services.outcome_add(
        scope=editor, engagement=roundtable, data={"statement": "Second meeting agreed"}
    )
    assert (first.statement, first.position, second.position) == (
        "Invited to submit a proposal",
        0,
        1,
    )
    services.outcome_update(scope=editor, outcome=second, data={"position": 0})
    with pytest.raises(ValidationError):
        services.outcome_add(scope=editor, engagement=roundtable, data={"statement": ""})
    services.outcome_remove(scope=editor, outcome=first)
    assert list(Outcome.objects.all()) == [second]


@pytest.mark.parametrize(
    "url", ["ftp://example.org/file", "javascript:alert(1)", "example.org", "file:///etc/passwd"]
)
def test_links_are_web_addresses_only(editor, url):
    seminar = factories.engagement(editor, kind="seminar")
    with pytest.raises(ValidationError) as caught:
        services.link_add(
            scope=editor, engagement=seminar, data={"kind": "recording", "label": "R", "url": url}
        )
    assert "url" in caught.value.message_dict
    assert not EngagementLink.all_objects.exists()


def test_link_add_and_remove(editor):
    seminar = factories.engagement(editor, kind="seminar")
    link = services.link_add(
        scope=editor,
        engagement=seminar,
        data={"kind": "recording", "label": "Recording", "url": "https://video.example/x"},
    )
    services.link_remove(scope=editor, link=link)
    assert not EngagementLink.objects.exists()


# Attachments


PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _office(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
DOCM = _office(
    {"[Content_Types].xml": b"x", "word/document.xml": b"x", "word/vbaProject.bin": b"x"}
)
ODT = _office({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media):
    return [p for p in media.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Agenda final.pdf", PDF, "application/pdf"),
        ("photo.PNG", PNG, "image/png"),
        ("plan.docx", DOCX, services.ATTACHMENT_TYPES["docx"]),
        ("informe.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("lista.csv", "nombre;región\nAna;Biobío\n".encode("cp1252"), "text/csv"),
    ],
)
def test_attachment_is_stored_under_a_random_name(editor, media, name, content, content_type):
    training = factories.engagement(editor, kind="training")
    attachment = services.attachment_add(
        scope=editor,
        engagement=training,
        kind="agenda",
        upload=SimpleUploadedFile(name, content, content_type="application/x-whatever"),
    )
    assert attachment.original_name == name
    assert attachment.content_type == content_type
    assert attachment.size == len(content)
    files = stored(media)
    assert len(files) == 1
    assert name.rsplit(".", 1)[0] not in files[0].name
    assert files[0].suffix == "." + name.rsplit(".", 1)[1].lower()
    assert files[0].read_bytes() == content
    handle, served_type, download = services.attachment_open(scope=editor, attachment=attachment)
    with handle:
        assert handle.read() == content
    assert (served_type, download) == (content_type, name)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("setup.exe", b"MZ\x90\x00\x03", "file_type"),
        ("no-extension", PDF, "file_type"),
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "file_content"),
        ("photo.jpg", PNG, "file_content"),
        ("plan.docx", _office({"evil.sh": b"rm -rf"}), "file_content"),
        ("macros.docx", DOCM, "file_content"),
        ("informe.odt", _office({"mimetype": b"application/zip"}), "file_content"),
        ("notes.txt", b"text\x00\x01binary", "file_content"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_forbidden_attachments_are_refused_and_nothing_is_stored(
    editor, media, name, content, code
):
    training = factories.engagement(editor, kind="training")
    with pytest.raises(ValidationError) as caught:
        services.attachment_add(
            scope=editor,
            engagement=training,
            kind="other",
            upload=SimpleUploadedFile(name, content, content_type="application/pdf"),
        )
    assert codes(caught, "file") == [code]
    assert stored(media) == []
    assert not Attachment.all_objects.exists()


def test_attachment_over_the_limit_is_refused(editor, media, monkeypatch):
    monkeypatch.setattr(services, "ATTACHMENT_MAX_BYTES", 16)
    training = factories.engagement(editor, kind="training")
    with pytest.raises(ValidationError) as caught:
        services.attachment_add(
            scope=editor,
            engagement=training,
            kind="slides",
            upload=SimpleUploadedFile("big.pdf", PDF),
        )
    assert codes(caught, "file") == ["file_size"]
    assert stored(media) == []
    services.attachment_add(
        scope=editor,
        engagement=training,
        kind="slides",
        upload=SimpleUploadedFile("small.txt", b"sixteen bytes ok"),
    )


def test_attachment_name_is_sanitised_for_display(editor, media):
    training = factories.engagement(editor, kind="training")
    attachment = services.attachment_add(
        scope=editor,
        engagement=training,
        kind="other",
        upload=SimpleUploadedFile("..\\..\\evil\u202e\nname  .txt", b"hello"),
    )
    assert attachment.original_name == "evilname .txt"
    assert "evil" not in stored(media)[0].name


def test_a_failed_row_save_removes_the_stored_file(editor, media, monkeypatch):
    training = factories.engagement(editor, kind="training")

    def broken(instance, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services.attachments, "record_save", broken)
    with pytest.raises(RuntimeError):
        services.attachment_add(
            scope=editor,
            engagement=training,
            kind="agenda",
            upload=SimpleUploadedFile("agenda.pdf", PDF),
        )
    assert stored(media) == []


def test_attachment_remove_and_who_may_open(editor, member, media):
    training = factories.engagement(editor, kind="training")
    attachment = services.attachment_add(
        scope=editor,
        engagement=training,
        kind="agenda",
        upload=SimpleUploadedFile("agenda.pdf", PDF),
    )
    viewer = member(Role.VIEWER)
    handle, _type, _name = services.attachment_open(scope=viewer, attachment=attachment)
    handle.close()
    outsider = member(Role.PARTNER)  # their organisation has nothing to do with the training
    with pytest.raises(Http404):
        services.attachment_open(scope=outsider, attachment=attachment)
    services.attachment_remove(scope=editor, attachment=attachment)
    attachment.refresh_from_db()
    assert attachment.is_deleted
    assert len(stored(media)) == 1  # kept until purged
    with pytest.raises(Http404):
        services.attachment_open(scope=editor, attachment=attachment)


# Audience counts


def test_audience_set_replaces_the_counts(editor):
    training = factories.engagement(editor, kind="training")
    services.audience_set(
        scope=editor,
        engagement=training,
        counts=[
            {"dimension": "sex", "category": "female", "count": 14},
            {"dimension": "sex", "category": "male", "count": 9},
            {"dimension": "discipline", "category": "social_work", "count": 7},
        ],
    )
    counts = services.audience_set(
        scope=editor,
        engagement=training,
        counts=[
            {"dimension": "sex", "category": "female", "count": 15},
            {"dimension": "organization_kind", "category": "nhri", "count": 4},
        ],
    )
    assert [(c.dimension, c.category, c.count) for c in counts] == [
        ("organization_kind", "nhri", 4),
        ("sex", "female", 15),
    ]
    female = AudienceCount.objects.get(category="female")
    assert female.version == 2
    assert female.history.order_by("-history_date").first().history_user == editor.user


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"dimension": "age", "category": "adult", "count": 1}, "dimension"),
        ({"dimension": "sex", "category": "social_work", "count": 1}, "category"),
        ({"dimension": "discipline", "category": "female", "count": 1}, "category"),
        ({"dimension": "sex", "category": "female", "count": -1}, "count"),
        ({"dimension": "sex", "category": "female", "count": 10**10}, "count"),
        ({"dimension": "sex", "category": "female", "count": True}, "count"),
        ({"dimension": "sex", "category": "female", "count": "12"}, "count"),
    ],
)
def test_audience_set_refuses_bad_rows_and_keeps_the_old_counts(editor, row, field):
    training = factories.engagement(editor, kind="training")
    services.audience_set(
        scope=editor,
        engagement=training,
        counts=[{"dimension": "sex", "category": "male", "count": 3}],
    )
    with pytest.raises(ValidationError) as caught:
        services.audience_set(
            scope=editor,
            engagement=training,
            counts=[{"dimension": "sex", "category": "unknown", "count": 2}, row],
        )
    assert field in caught.value.message_dict
    assert "Row 2" in caught.value.message_dict[field][0]
    assert [(c.category, c.count) for c in AudienceCount.objects.all()] == [("male", 3)]


def test_audience_set_refuses_the_same_category_twice(editor):
    training = factories.engagement(editor, kind="training")
    row = {"dimension": "sex", "category": "female", "count": 2}
    with pytest.raises(ValidationError):
        services.audience_set(scope=editor, engagement=training, counts=[row, row])


# Reach


def test_reach_reading_is_recorded_with_history(editor):
    webinar = factories.engagement(editor, kind="webinar")
    reading = factories.reach(
        editor, webinar, metric="recording_views", value=120, source="platform_export"
    )
    assert (reading.metric, reading.value) == ("recording_views", 120)
    assert reading.history.get().history_user == editor.user
    services.reach_remove(scope=editor, reading=reading)
    assert not ReachReading.objects.exists()


@pytest.mark.parametrize("value", [-1, 1_000_000_001, 10**12, 2.5, "12", None, True])
def test_negative_or_absurd_reach_values_are_refused(editor, value):
    webinar = factories.engagement(editor, kind="webinar")
    with pytest.raises(ValidationError) as caught:
        factories.reach(editor, webinar, value=value)
    assert codes(caught, "value") == ["out_of_range"]
    assert not ReachReading.all_objects.exists()


def test_reach_cannot_be_dated_in_the_future_or_before_the_start(editor):
    webinar = factories.engagement(editor, kind="webinar")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        factories.reach(editor, webinar, as_of=tomorrow)
    assert codes(caught, "as_of") == ["future"]
    with pytest.raises(ValidationError) as caught:
        factories.reach(editor, webinar, as_of=webinar.start_date - dt.timedelta(days=1))
    assert codes(caught, "as_of") == ["before_start"]
    factories.reach(editor, webinar, as_of=timezone.localdate())
    assert ReachReading.objects.count() == 1


def test_reach_refuses_an_unknown_metric_and_a_trashed_engagement(editor):
    webinar = factories.engagement(editor, kind="webinar")
    with pytest.raises(ValidationError) as caught:
        factories.reach(editor, webinar, metric="likes")
    assert "metric" in caught.value.message_dict
    services.engagement_delete(scope=editor, engagement=webinar)
    webinar.refresh_from_db()
    with pytest.raises(ValidationError):
        factories.reach(editor, webinar)


# Follow-ups


def test_follow_up_defaults_to_the_asker_and_checks_the_owner(editor, member, other_workspace):
    meeting = factories.engagement(editor)
    item = factories.follow_up(editor, engagement=meeting, due_date=D(2025, 4, 1))
    assert (item.owner, item.status, item.done_on) == (editor.user, "open", None)
    colleague = member(Role.VIEWER)
    assert factories.follow_up(editor, owner=colleague.user).owner == colleague.user
    with pytest.raises(ValidationError) as caught:
        factories.follow_up(editor, owner=make_user("stranger@example.org"))
    assert codes(caught, "owner") == ["not_member"]
    outsider = make_member(other_workspace, Role.EDITOR)
    with pytest.raises(ValidationError):
        factories.follow_up(editor, owner=outsider.user)
    Membership.objects.filter(pk=colleague.membership.pk).update(is_active=False)
    with pytest.raises(ValidationError):
        factories.follow_up(editor, owner=colleague.user)
    with pytest.raises(ValidationError):
        factories.follow_up(editor, engagement=factories.engagement(outsider))


def test_done_sets_the_date_and_reopening_clears_it(editor):
    item = factories.follow_up(editor)
    done = services.follow_up_update(scope=editor, follow_up=item, data={"status": "done"})
    assert done.done_on == timezone.localdate()
    reopened = services.follow_up_update(scope=editor, follow_up=item, data={"status": "open"})
    assert reopened.done_on is None
    reopened.refresh_from_db()
    assert (reopened.done_on, reopened.version) == (None, 3)
    given = services.follow_up_update(
        scope=editor, follow_up=item, data={"status": "done", "done_on": D(2025, 5, 5)}
    )
    assert given.done_on == D(2025, 5, 5)
    with pytest.raises(ValidationError) as caught:
        services.follow_up_update(
            scope=editor,
            follow_up=item,
            data={"done_on": timezone.localdate() + dt.timedelta(days=3)},
        )
    assert codes(caught, "done_on") == ["future"]


def test_follow_up_delete_and_restore(owner, editor):
    item = factories.follow_up(editor)
    services.follow_up_delete(scope=editor, follow_up=item, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.follow_up_restore(scope=editor, follow_up=item)
    services.follow_up_restore(scope=owner, follow_up=item)
    assert FollowUp.objects.get() == item
