"""Who may reach which engagement page: other workspaces (404, nothing changes), read-only roles
and partners (403 on every write), and user text is escaped wherever it is shown."""

from __future__ import annotations

import pytest

from enlace.core.permissions import Role
from enlace.engagements.models import (
    Engagement,
    EngagementLink,
    FollowUp,
    Outcome,
    Participant,
    ReachReading,
)
from enlace.engagements.tests import factories
from enlace.engagements.tests.pages import field_visit
from enlace.stakeholders.tests.pages import client_for, text, url
from enlace.testing import make_member

pytestmark = pytest.mark.django_db


def _read_pages(where, record):
    training, participant = record["training"], Participant.objects.first()
    return [
        url(where, "engagement_detail", training.pk),
        url(where, "engagement_edit", training.pk),
        url(where, "engagement_delete", training.pk),
        url(where, "engagement_part_remove", training.pk, "participant", participant.pk),
        url(where, "organization_timeline", record["ministry"].pk),
    ]


def _write_requests(where, record):
    """(url, data) for every write URL, aimed at `record`."""
    training, task = record["training"], record["follow_up"]
    participant = Participant.objects.first()
    reading = ReachReading.objects.first()
    outcome, link = Outcome.objects.first(), EngagementLink.objects.first()
    parts = [
        ("participant", participant),
        ("outcome", outcome),
        ("link", link),
        ("reach", reading),
    ]
    requests = [
        (url(where, "engagement_create"), {"kind": "meeting", "title": "Hacked"}),
        (url(where, "engagement_edit", training.pk), {"version": 1, "title": "Hacked"}),
        (url(where, "engagement_delete", training.pk), {"version": training.version}),
        (
            url(where, "engagement_participant_add", training.pk),
            {"participant-organization": record["ministry"].pk, "participant-role": "speaker"},
        ),
        (url(where, "engagement_outcome_add", training.pk), {"outcome-statement": "Hacked"}),
        (
            url(where, "engagement_link_add", training.pk),
            {"link-kind": "other", "link-label": "x", "link-url": "https://example.org"},
        ),
        (url(where, "engagement_attachment_add", training.pk), {"attachment-kind": "other"}),
        (url(where, "engagement_audience_set", training.pk), {"audience-sex__male": "1"}),
        (
            url(where, "engagement_reach_record", training.pk),
            {"reach-metric": "registered", "reach-value": "1", "reach-as_of": "2025-11-12"},
        ),
        (url(where, "engagement_follow_up_add", training.pk), {"follow_up-title": "Hacked"}),
        (url(where, "follow_up_done", task.pk), {"version": task.version}),
    ]
    requests += [
        (url(where, "engagement_part_remove", training.pk, what, item.pk), {})
        for what, item in parts
    ]
    return requests


def _snapshot():
    rows = []
    for model in (Engagement, Participant, Outcome, EngagementLink, ReachReading, FollowUp):
        rows += list(model.all_objects.values_list("id", "version", "deleted_at"))
    return sorted(rows, key=lambda row: str(row[0]))


def test_another_workspaces_engagements_are_not_found_and_stay_unchanged(editor, other_workspace):
    record = field_visit(editor)
    stranger = make_member(other_workspace, Role.OWNER)
    client = client_for(stranger)
    # The stranger's own workspace slug with our ids, and our slug (not a member there).
    for where in (stranger, editor):
        for page in _read_pages(where, record):
            assert client.get(page).status_code == 404, page
        attachment_page = url(
            where, "engagement_attachment_download", record["training"].pk, record["visit"].pk
        )
        assert client.get(attachment_page).status_code == 404
    for page in (url(editor, "engagement_list"), url(editor, "follow_up_mine")):
        assert client.get(page).status_code == 404
    before = _snapshot()
    for where in (stranger, editor):
        for page, data in _write_requests(where, record):
            if page.endswith("/new/") and where is stranger:
                continue  # creating in one's own workspace is allowed
            assert client.post(page, data).status_code == 404, page
    assert _snapshot() == before


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_read_only_roles_get_403_on_every_write(editor, member, role):
    record = field_visit(editor)
    reader = member(role, record["ministry"]) if role == Role.PARTNER else member(role)
    client = client_for(reader)
    before = _snapshot()
    for page, data in _write_requests(reader, record):
        assert client.post(page, data).status_code == 403, page
    for name in ("engagement_edit", "engagement_delete"):
        assert client.get(url(reader, name, record["training"].pk)).status_code == 403
    assert client.get(url(reader, "engagement_create")).status_code == 403
    assert _snapshot() == before
    page = text(client.get(url(reader, "engagement_detail", record["training"].pk)))
    assert "Add a participant" not in page and "Mark done" not in page
    assert url(reader, "engagement_edit", record["training"].pk) not in page


def test_a_partner_sees_only_engagements_its_organisation_is_part_of(editor, member):
    record = field_visit(editor)
    other = factories.engagement(editor, title="Reunión ajena")
    partner = member(Role.PARTNER, record["ministry"])
    client = client_for(partner)
    page = text(client.get(url(partner, "engagement_list")))
    assert "Visita a Chile" in page and "Reunión ajena" not in page
    assert client.get(url(partner, "engagement_detail", other.pk)).status_code == 404


def test_lived_experience_participants_are_hidden_from_editors(owner, editor):
    from enlace.stakeholders.tests import factories as registry

    survivor = registry.person(owner, full_name="Survivor Leader", lived_experience=True)
    engagement = factories.engagement(owner, title="Consulta")
    factories.participant(owner, engagement, person=survivor, role="speaker")
    page = url(editor, "engagement_detail", engagement.pk)
    assert "Survivor Leader" not in text(client_for(editor).get(page))
    assert "Survivor Leader" in text(client_for(owner).get(page))


def test_user_text_is_escaped_everywhere(editor):
    evil = '<script>alert("x")</script>'
    engagement = factories.engagement(
        editor, title=evil, country="CL", notes=f"{evil} **bold**", tags=["<b>tag</b>"]
    )
    factories.follow_up(editor, title=evil, owner=editor.user, engagement=engagement)
    client = client_for(editor)
    pages = [
        url(editor, "engagement_list"),
        url(editor, "engagement_calendar") + f"?month={engagement.start_date:%Y-%m}",
        url(editor, "engagement_detail", engagement.pk),
        url(editor, "engagement_edit", engagement.pk),
        url(editor, "follow_up_mine"),
        url(editor, "follow_up_list"),
        url(editor, "country_timeline", "CL"),
    ]
    for page in pages:
        body = text(client.get(page))
        assert "<script>alert" not in body, page
        assert "&lt;script&gt;" in body, page
    assert "<strong>bold</strong>" in text(
        client.get(url(editor, "engagement_detail", engagement.pk))
    )
