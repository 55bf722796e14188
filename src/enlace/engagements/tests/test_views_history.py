"""History pages of engagements (with their parts' changes) and follow-ups, and engagements and
follow-ups in the workspace trash: who may see, restore and purge them, and what each costs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.core.permissions import Role
from enlace.engagements import services
from enlace.engagements.models import Engagement, FollowUp, Participant
from enlace.engagements.tests import factories
from enlace.stakeholders.tests import factories as registry
from enlace.stakeholders.tests.pages import client_for, reload, text, url
from enlace.testing import make_member

pytestmark = pytest.mark.django_db


def _count(client, page):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _same_for_3_and_30(client, page, grow):
    grow(3)
    client.get(page)  # warm up per-process caches (content types, sessions)
    few = _count(client, page)
    grow(27)
    assert _count(client, page) == few


# History


def test_engagement_history_shows_each_change_and_the_parts(owner, editor):
    ministry = registry.organization(editor, name="Ministerio del Trabajo")
    other = registry.organization(editor, name="Defensoría Nacional")
    engagement = factories.engagement(
        editor, title="Seminario regional", host_organization=ministry
    )
    services.engagement_update(
        scope=editor,
        engagement=engagement,
        data={"title": "Seminario nacional", "kind": "seminar", "host_organization": other},
    )
    participant = factories.participant(editor, engagement, organization=ministry, role="speaker")
    services.outcome_add(
        scope=editor, engagement=engagement, data={"statement": "Agreed to a second round"}
    )
    services.link_add(
        scope=editor,
        engagement=engagement,
        data={"kind": "recording", "label": "Grabación", "url": "https://example.org/v"},
    )
    factories.reach(editor, engagement, metric="registered", value=40)
    services.participant_remove(scope=editor, participant=participant)

    client = client_for(editor)
    detail = text(client.get(url(editor, "engagement_detail", engagement.pk)))
    assert url(editor, "engagement_history", engagement.pk) in detail
    page = text(client.get(url(editor, "engagement_history", engagement.pk)))
    assert "Created" in page and "Changed" in page
    assert "Seminario regional" in page and "Seminario nacional" in page
    assert "Meeting" in page and "Seminar" in page
    # References by name, never by id.
    assert "Defensoría Nacional" in page and str(other.pk) not in page
    assert "title_key" not in page and "Title key" not in page
    assert "Participant added: Ministerio del Trabajo (Speaker)" in page
    assert "Participant removed: Ministerio del Trabajo (Speaker)" in page
    assert "Outcome added: Agreed to a second round" in page
    assert "Link added: Grabación" in page
    assert "Reach reading added: Registered: 40" in page
    # The newest change comes first.
    assert page.index("Participant removed") < page.index("Participant added")


def test_follow_up_history_shows_each_change(editor, member):
    engagement = factories.engagement(editor, title="Visita")
    colleague = member(Role.EDITOR)
    task = factories.follow_up(editor, title="Send the proposal", owner=editor.user)
    services.follow_up_update(
        scope=editor,
        follow_up=task,
        data={"status": "done", "owner": colleague.user, "engagement": engagement},
    )
    client = client_for(editor)
    page = text(client.get(url(editor, "follow_up_history", task.pk)))
    assert "Send the proposal" in page and "Changed" in page
    assert "Open" in page and "Done" in page
    assert str(editor.user) in page and str(colleague.user) in page
    assert "Visita" in page

    open_task = factories.follow_up(editor, title="Call back", owner=editor.user)
    mine = text(client.get(url(editor, "follow_up_mine")))
    assert url(editor, "follow_up_history", open_task.pk) in mine


def test_lived_experience_participants_are_named_only_for_those_who_may_see_them(
    owner, editor, member
):
    leader = registry.person(owner, full_name="Survivor Leader", lived_experience=True)
    engagement = factories.engagement(owner, title="Consulta")
    factories.participant(owner, engagement, person=leader, role="speaker")
    factories.participant(owner, engagement, organization=registry.organization(owner))
    page = url(owner, "engagement_history", engagement.pk)
    assert "Survivor Leader" in text(client_for(member(Role.MANAGER)).get(page))
    shown = text(client_for(editor).get(page))
    assert "Participant added" in shown  # the organisation
    assert "Survivor Leader" not in shown
    assert str(leader.pk) not in shown
    viewer = text(client_for(member(Role.VIEWER)).get(page))
    assert "Survivor Leader" not in viewer


def test_partners_may_not_read_history(editor, member):
    org = registry.organization(editor, name="Defensoría Nacional")
    engagement = factories.engagement(editor, host_organization=org)
    task = factories.follow_up(
        editor, owner=editor.user, engagement=engagement, counterpart_organization=org
    )
    partner = member(Role.PARTNER, organization=org)
    client = client_for(partner)
    assert client.get(url(partner, "engagement_detail", engagement.pk)).status_code == 200
    detail = text(client.get(url(partner, "engagement_detail", engagement.pk)))
    assert url(partner, "engagement_history", engagement.pk) not in detail
    assert client.get(url(partner, "engagement_history", engagement.pk)).status_code == 403
    assert client.get(url(partner, "follow_up_history", task.pk)).status_code == 403


def test_history_query_count_does_not_grow_with_changes(owner):
    engagement = factories.engagement(owner, title="Seminario")
    task = factories.follow_up(owner, owner=owner.user, engagement=engagement)

    def grow(n):
        for _ in range(n):
            org = registry.organization(owner)
            person = registry.person(owner, organization=org)
            services.engagement_update(
                scope=owner,
                engagement=engagement,
                data={"title": f"Seminario {org.name}", "host_organization": org},
            )
            factories.participant(owner, engagement, organization=org, role="host")
            factories.participant(owner, engagement, person=person, role="speaker")
            services.outcome_add(
                scope=owner, engagement=engagement, data={"statement": "x", "organization": org}
            )
            factories.reach(owner, engagement)
            services.follow_up_update(
                scope=owner,
                follow_up=reload(task),
                data={"counterpart_organization": org, "notes": org.name},
            )

    client = client_for(owner)
    _same_for_3_and_30(client, url(owner, "engagement_history", engagement.pk), grow)
    _same_for_3_and_30(client, url(owner, "follow_up_history", task.pk), grow)


# Trash


def test_trash_lists_engagements_and_follow_ups_and_a_manager_restores_them(owner, member):
    manager = member(Role.MANAGER)
    engagement = factories.engagement(owner, title="Taller de cierre")
    task = factories.follow_up(owner, title="Enviar el informe", owner=owner.user)
    services.engagement_delete(scope=owner, engagement=engagement)
    services.follow_up_delete(scope=owner, follow_up=task)

    page = text(client_for(manager).get(url(manager, "trash")))
    assert "Taller de cierre" in page and "Enviar el informe" in page
    assert url(manager, "trash_restore", "engagement", engagement.pk) in page
    assert url(manager, "trash_restore", "follow_up", task.pk) in page
    assert url(manager, "trash_purge", "engagement", engagement.pk) not in page
    owners = text(client_for(owner).get(url(owner, "trash")))
    assert url(owner, "trash_purge", "follow_up", task.pk) in owners

    client = client_for(manager)
    assert (
        client.post(url(manager, "trash_restore", "engagement", engagement.pk)).status_code == 302
    )
    assert client.post(url(manager, "trash_restore", "follow_up", task.pk)).status_code == 302
    assert not reload(engagement).is_deleted and not reload(task).is_deleted
    history = text(client.get(url(manager, "engagement_history", engagement.pk)))
    assert "Moved to the trash" in history and "Restored from the trash" in history


def test_editors_restore_nothing_and_managers_purge_nothing(owner, editor, member):
    manager = member(Role.MANAGER)
    engagement = factories.engagement(owner)
    task = factories.follow_up(owner, owner=owner.user)
    services.engagement_delete(scope=owner, engagement=engagement)
    services.follow_up_delete(scope=owner, follow_up=task)
    for kind, record in (("engagement", engagement), ("follow_up", task)):
        restore = url(editor, "trash_restore", kind, record.pk)
        assert client_for(editor).post(restore).status_code == 403
        purge = url(manager, "trash_purge", kind, record.pk)
        assert client_for(manager).get(purge).status_code == 403
        assert client_for(manager).post(purge).status_code == 403
        assert reload(record).is_deleted


def test_an_owner_purges_an_engagement_and_a_follow_up_after_confirming(owner):
    engagement = factories.engagement(owner, title="Taller de cierre")
    participant = factories.participant(
        owner, engagement, organization=registry.organization(owner)
    )
    task = factories.follow_up(owner, title="Enviar el informe", owner=owner.user)
    services.engagement_delete(scope=owner, engagement=engagement)
    services.follow_up_delete(scope=owner, follow_up=task)
    client = client_for(owner)
    for kind, record in (("engagement", engagement), ("follow_up", task)):
        confirm = client.get(url(owner, "trash_purge", kind, record.pk))
        assert confirm.status_code == 200 and "Purge for good" in text(confirm)
        assert reload(record) is not None  # the confirmation page changes nothing
        assert client.post(url(owner, "trash_purge", kind, record.pk)).status_code == 302
        assert reload(record) is None
    assert not Engagement.history.filter(id=engagement.pk).exists()
    assert not FollowUp.history.filter(id=task.pk).exists()
    assert not Participant.history.filter(id=participant.pk).exists()


def test_purge_refused_while_children_or_follow_ups_point_to_it(owner):
    parent = factories.engagement(owner, title="Visita", end_date=dt.date(2025, 3, 30))
    child = factories.engagement(owner, title="Taller", parent=parent)
    services.engagement_delete(scope=owner, engagement=child)
    services.engagement_delete(scope=owner, engagement=parent)
    client = client_for(owner)
    response = client.post(url(owner, "trash_purge", "engagement", parent.pk), follow=True)
    assert "point to this one" in text(response)
    assert reload(parent) is not None

    visit = factories.engagement(owner, title="Reunión")
    factories.follow_up(owner, owner=owner.user, engagement=visit)
    services.engagement_delete(scope=owner, engagement=visit)
    response = client.post(url(owner, "trash_purge", "engagement", visit.pk), follow=True)
    assert "point to this one" in text(response)
    assert reload(visit) is not None


def test_trash_query_count_does_not_grow_with_rows(owner):
    def grow(n):
        for _ in range(n):
            engagement = factories.engagement(owner)
            services.engagement_delete(scope=owner, engagement=engagement)
            task = factories.follow_up(owner, owner=owner.user)
            services.follow_up_delete(scope=owner, follow_up=task)

    _same_for_3_and_30(client_for(owner), url(owner, "trash"), grow)


# Other workspaces


def test_every_new_url_is_not_found_from_another_workspace(owner, other_workspace):
    engagement = factories.engagement(owner)
    task = factories.follow_up(owner, owner=owner.user, engagement=engagement)
    trashed = factories.engagement(owner)
    trashed_task = factories.follow_up(owner, owner=owner.user)
    services.engagement_delete(scope=owner, engagement=trashed)
    services.follow_up_delete(scope=owner, follow_up=trashed_task)
    outsider = make_member(other_workspace, Role.OWNER)
    client = client_for(outsider)
    pages = [
        url(outsider, "engagement_history", engagement.pk),
        url(outsider, "follow_up_history", task.pk),
        url(outsider, "trash_purge", "engagement", trashed.pk),
        url(outsider, "trash_purge", "follow_up", trashed_task.pk),
    ]
    for page in pages:
        assert client.get(page).status_code == 404, page
    writes = [
        url(outsider, "trash_restore", "engagement", trashed.pk),
        url(outsider, "trash_restore", "follow_up", trashed_task.pk),
        url(outsider, "trash_purge", "engagement", trashed.pk),
        url(outsider, "trash_purge", "follow_up", trashed_task.pk),
    ]
    for page in writes:
        assert client.post(page).status_code == 404, page
    assert reload(trashed).is_deleted and reload(trashed_task).is_deleted
    page = text(client.get(url(outsider, "trash")))
    assert str(trashed) not in page and str(trashed_task) not in page
