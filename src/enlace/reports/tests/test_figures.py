"""The figures of a field visit: traceable, scoped, small counts hidden, fixed query count."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.core.permissions import Role
from enlace.core.scoping import Scope
from enlace.engagements.models import AudienceCount, ReachReading
from enlace.engagements.selectors import engagement_get
from enlace.engagements.tests import factories as engagements
from enlace.reports.figures import field_visit_figures
from enlace.reports.tests.visits import Visit, build_visit
from enlace.stakeholders.tests import factories as registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(owner: Scope) -> Visit:
    return build_visit(owner)


def figures(scope: Scope, visit: Visit, audience: str = "internal") -> dict[str, Any]:
    engagement = engagement_get(scope=scope, id=visit.visit.pk)
    return field_visit_figures(scope=scope, engagement=engagement, audience=audience, language="en")


def test_figures_are_plain_json_in_date_order(owner: Scope, visit: Visit) -> None:
    data = figures(owner, visit)
    assert json.loads(json.dumps(data)) == data
    assert [s["title"] for s in data["sections"]] == [
        "Meeting with the ministry",
        "Seminar on identification",
    ]
    assert data["has_children"] is True


def test_every_figure_carries_the_ids_it_counts(owner: Scope, visit: Visit) -> None:
    seminar = figures(owner, visit)["sections"][1]
    views = next(r for r in seminar["reach"] if r["metric"] == "recording_views")
    latest = ReachReading.objects.get(value=2345)
    assert views == {
        "metric": "recording_views",
        "label": "Recording views",
        "value": 2345,
        "as_of": "2025-04-01",
        "ids": [str(latest.pk)],
    }
    legal = seminar["audience"]["discipline"]["rows"][0]
    assert legal["ids"] == [str(AudienceCount.objects.get(category="legal").pk)]
    assert seminar["lived_experience"]["ids"] == [str(visit.survivor.pk)]
    assert seminar["url"] == f"/w/alpha/engagements/{visit.children[1].pk}/"


def test_public_figures_hide_small_counts_and_internal_matter(owner: Scope, visit: Visit) -> None:
    data = figures(owner, visit, audience="public")
    seminar = data["sections"][1]
    sex = {r["category"]: r for r in seminar["audience"]["sex"]["rows"]}
    assert sex["female"]["count"] == 40
    # "other" (3) is below the threshold; "male" (17) goes too, or 60 - 40 - 17 would tell.
    assert sex["other"] == {**sex["other"], "count": None, "ids": [], "suppressed": True}
    assert sex["male"]["suppressed"] is True
    assert seminar["audience"]["sex"]["total"] is None
    assert seminar["lived_experience"]["count"] is None
    assert all(p["id"] != str(visit.survivor.pk) for p in seminar["people"])
    assert data["visit"]["notes"] == "" and seminar["notes"] == ""
    assert data["visit"]["url"] == "" and seminar["url"] == ""
    assert all(r["url"] == "" for r in data["related"]["earlier"] + data["related"]["later"])
    assert data["names_withheld"] == 1


def test_internal_figures_keep_exact_counts(owner: Scope, visit: Visit) -> None:
    seminar = figures(owner, visit)["sections"][1]
    assert seminar["audience"]["sex"]["total"] == 60
    assert seminar["notes"] == "The projector failed."


def test_the_workspace_threshold_is_used(owner: Scope, visit: Visit) -> None:
    owner.workspace.small_count_threshold = 2
    owner.workspace.save(update_fields=["small_count_threshold"])
    seminar = figures(owner, visit, audience="public")["sections"][1]
    assert all(not r["suppressed"] for r in seminar["audience"]["sex"]["rows"])


def test_editors_do_not_see_lived_experience_at_all(
    visit: Visit, member: Callable[..., Scope]
) -> None:
    editor = member(Role.EDITOR)
    data = figures(editor, visit)
    seminar = data["sections"][1]
    assert seminar["lived_experience"] is None
    assert str(visit.survivor.pk) not in json.dumps(data)
    assert data["names_withheld"] == 1


def test_a_partner_reads_only_its_own_people(visit: Visit, member: Callable[..., Scope]) -> None:
    partner = member(Role.PARTNER, visit.ministry)
    data = figures(partner, visit)
    people = [p["id"] for s in data["sections"] for p in s["people"]]
    assert sorted(people) == sorted([str(visit.named.pk), str(visit.unnamed.pk)])
    assert "Fundación" not in json.dumps(data["sections"])


def test_related_engagements_share_an_organisation(owner: Scope, visit: Visit) -> None:
    related = figures(owner, visit)["related"]
    assert [r["title"] for r in related["earlier"]] == ["First call with the ministry"]
    assert [r["title"] for r in related["later"]] == ["Workshop with Fundación Esperanza"]


def test_a_single_engagement_is_its_own_section(owner: Scope) -> None:
    single = engagements.engagement(owner, title="A meeting", summary="We met.")
    engagement = engagement_get(scope=owner, id=single.pk)
    data = field_visit_figures(scope=owner, engagement=engagement, audience="public", language="es")
    assert data["has_children"] is False
    assert [s["title"] for s in data["sections"]] == ["A meeting"]


def test_a_fixed_number_of_queries_whatever_the_size(owner: Scope, visit: Visit) -> None:
    engagement = engagement_get(scope=owner, id=visit.visit.pk)
    with CaptureQueriesContext(connection) as small:
        field_visit_figures(scope=owner, engagement=engagement, audience="public", language="en")
    ministry = visit.ministry
    for day in range(6, 9):
        child = engagements.engagement(
            owner, title=f"Extra {day}", parent=visit.visit, start_date=dt.date(2025, 3, 5)
        )
        engagements.participant(owner, child, person=registry.person(owner, organization=ministry))
        engagements.participant(owner, child, organization=registry.organization(owner))
        engagements.reach(owner, child, value=day)
    with CaptureQueriesContext(connection) as large:
        data = field_visit_figures(
            scope=owner, engagement=engagement, audience="public", language="en"
        )
    assert len(data["sections"]) == 5
    assert len(large.captured_queries) == len(small.captured_queries) <= 9
