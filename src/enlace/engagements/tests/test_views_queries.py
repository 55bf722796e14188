"""Query counts of the engagement pages do not grow with their rows (3 vs 30)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.engagements import services
from enlace.engagements.tests import factories
from enlace.stakeholders.tests import factories as registry
from enlace.stakeholders.tests.pages import client_for, url

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


def test_engagement_list(owner):
    parent = factories.engagement(owner, title="Visita", end_date=dt.date(2025, 3, 30))
    host = registry.organization(owner)

    def grow(n):
        for _ in range(n):
            factories.engagement(owner, parent=parent, host_organization=host, tags=["a", "b"])

    _same_for_3_and_30(client_for(owner), url(owner, "engagement_list"), grow)


def test_engagement_calendar(owner):
    def grow(n):
        for _ in range(n):
            factories.engagement(owner)

    page = url(owner, "engagement_calendar") + "?month=2025-03"
    _same_for_3_and_30(client_for(owner), page, grow)


def test_engagement_detail(owner):
    engagement = factories.engagement(owner, title="Seminario", end_date=dt.date(2025, 3, 30))

    def grow(n):
        for i in range(n):
            org = registry.organization(owner)
            factories.participant(owner, engagement, organization=org)
            factories.participant(
                owner, engagement, person=registry.person(owner, organization=org)
            )
            factories.engagement(owner, parent=engagement, host_organization=org)
            services.outcome_add(
                scope=owner, engagement=engagement, data={"statement": f"S{i}", "organization": org}
            )
            services.link_add(
                scope=owner,
                engagement=engagement,
                data={"kind": "article", "label": f"L{i}", "url": "https://example.org"},
            )
            factories.reach(owner, engagement, value=i)
            factories.follow_up(
                owner, engagement=engagement, owner=owner.user, counterpart_organization=org
            )

    _same_for_3_and_30(client_for(owner), url(owner, "engagement_detail", engagement.pk), grow)


def test_my_follow_ups(owner):
    def grow(n):
        for i in range(n):
            factories.follow_up(
                owner,
                owner=owner.user,
                engagement=factories.engagement(owner),
                counterpart_organization=registry.organization(owner),
                due_date=dt.date(2025, 1, 1) + dt.timedelta(days=i),
            )

    _same_for_3_and_30(client_for(owner), url(owner, "follow_up_mine"), grow)


def test_follow_up_list(owner):
    def grow(n):
        for _ in range(n):
            factories.follow_up(
                owner,
                owner=owner.user,
                engagement=factories.engagement(owner),
                counterpart_organization=registry.organization(owner),
            )

    _same_for_3_and_30(client_for(owner), url(owner, "follow_up_list"), grow)


def test_organization_timeline(owner):
    org = registry.organization(owner, name="Ministerio")

    def grow(n):
        for _ in range(n):
            unit = registry.organization(owner, parent=org)
            person = registry.person(owner, organization=unit)
            hosted = factories.engagement(owner, host_organization=org)
            factories.participant(owner, factories.engagement(owner), person=person)
            factories.participant(owner, factories.engagement(owner), organization=unit)
            factories.follow_up(owner, owner=owner.user, engagement=hosted)

    _same_for_3_and_30(client_for(owner), url(owner, "organization_timeline", org.pk), grow)
