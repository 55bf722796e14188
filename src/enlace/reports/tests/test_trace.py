"""The records behind a figure: every kind resolved as the viewer may see it, with its page; the
trash and what the viewer may not see only counted; a fixed number of queries."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.core.permissions import Role
from enlace.core.scoping import Scope
from enlace.core.services import record_soft_delete
from enlace.engagements.models import AudienceCount, FollowUp, ReachReading
from enlace.engagements.selectors import engagement_get
from enlace.learning.tests import factories as learning
from enlace.partnerships.models import Opportunity
from enlace.partnerships.tests import factories as partnerships
from enlace.reports.figures import field_visit_figures
from enlace.reports.tests.visits import Visit, build_visit
from enlace.reports.trace import KINDS, figure_records
from enlace.stakeholders.tests import factories as registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(owner: Scope) -> Visit:
    return build_visit(owner)


def _trace(scope: Scope, visit: Visit, audience: str = "internal") -> dict[str, Any]:
    engagement = engagement_get(scope=scope, id=visit.visit.pk)
    data = field_visit_figures(scope=scope, engagement=engagement, audience=audience, language="en")
    trace: dict[str, Any] = data["trace"]
    return trace


def _group(page: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(group for group in page["groups"] if group["kind"] == kind)


def test_the_trace_names_every_figure_the_draft_links(owner: Scope, visit: Visit) -> None:
    trace = _trace(owner, visit)
    meeting, seminar = visit.children

    assert trace["parts"]["value"] == 2
    assert trace["parts"]["records"] == {"engagement": [str(meeting.pk), str(seminar.pk)]}
    views = trace[f"reach.{seminar.pk}.recording_views"]
    assert views["value"] == 2345
    assert views["records"] == {"reach_reading": [str(ReachReading.objects.get(value=2345).pk)]}
    assert views["label"] == "Seminar on identification: Recording views"
    female = trace[f"audience.{seminar.pk}.sex.female"]
    assert female["records"] == {
        "audience_count": [str(AudienceCount.objects.get(category="female").pk)]
    }
    assert trace[f"lived.{seminar.pk}"]["records"] == {"person": [str(visit.survivor.pk)]}
    assert trace["opportunities"]["records"]["opportunity"] == [str(Opportunity.objects.get().pk)]
    assert trace["followups.open"]["records"]["follow_up"] == [str(FollowUp.objects.get().pk)]
    for ref, entry in trace.items():
        assert set(entry) == {"label", "value", "records"}, ref
        assert set(entry["records"]) <= set(KINDS), ref


def test_a_suppressed_count_names_no_record(owner: Scope, visit: Visit) -> None:
    trace = _trace(owner, visit, audience="public")
    seminar = visit.children[1]

    for ref in (f"audience.{seminar.pk}.sex.male", f"lived.{seminar.pk}"):
        assert trace[ref]["value"] is None
        assert trace[ref]["records"] == {}


def test_each_kind_resolves_to_its_page(owner: Scope, visit: Visit) -> None:
    trace = _trace(owner, visit)
    seminar = visit.children[1]
    training = learning.make_training(owner, sessions=1)
    enrolment = learning.enroll(owner, training, visit.named)
    agreement = partnerships.agreement(owner, title="Memorandum with the ministry")
    entry = {
        "label": "Everything",
        "value": 1,
        "records": {
            "engagement": trace["parts"]["records"]["engagement"],
            "person": [str(visit.named.pk), str(visit.survivor.pk)],
            "organization": [str(visit.ministry.pk)],
            "enrollment": [str(enrolment.pk)],
            "opportunity": trace["opportunities"]["records"]["opportunity"],
            "agreement": [str(agreement.pk)],
            "follow_up": trace["followups.open"]["records"]["follow_up"],
            "reach_reading": trace[f"reach.{seminar.pk}.recording_views"]["records"][
                "reach_reading"
            ],
            "audience_count": trace[f"audience.{seminar.pk}.sex.female"]["records"][
                "audience_count"
            ],
        },
    }
    page = figure_records(scope=owner, entry=entry)

    assert [group["kind"] for group in page["groups"]] == list(KINDS)
    assert page["total"] == 11
    slug = owner.workspace.slug
    people = _group(page, "person")["records"]
    assert [p["label"] for p in people] == ["Carla Muñoz", "María Rojas"]  # the owner may see
    assert people[0]["url"] == f"/w/{slug}/people/{visit.named.pk}/"
    assert people[0]["detail"] == "director, Ministry of Foreign Affairs"
    assert _group(page, "organization")["records"][0]["url"] == (
        f"/w/{slug}/organizations/{visit.ministry.pk}/"
    )
    assert _group(page, "engagement")["records"][1]["url"] == (
        f"/w/{slug}/engagements/{seminar.pk}/"
    )
    enrolled = _group(page, "enrollment")["records"][0]
    assert enrolled["label"] == "Carla Muñoz"
    assert enrolled["url"] == f"/w/{slug}/learning/people/{visit.named.pk}/"
    assert "/partnerships/opportunities/" in _group(page, "opportunity")["records"][0]["url"]
    assert _group(page, "agreement")["records"][0]["label"] == "Memorandum with the ministry"
    assert _group(page, "follow_up")["records"][0]["url"] == (
        f"/w/{slug}/engagements/{visit.visit.pk}/"
    )
    reading = _group(page, "reach_reading")["records"][0]
    assert reading["label"] == "Recording views: 2,345, as of April 1, 2025"
    assert reading["url"] == f"/w/{slug}/engagements/{seminar.pk}/"
    assert _group(page, "audience_count")["records"][0]["label"] == "Sex, Female: 40"
    for group in page["groups"]:
        assert group["hidden"] == group["trashed"] == 0


def test_people_the_viewer_may_not_see_are_counted_not_named(
    owner: Scope, visit: Visit, member: Callable[..., Scope]
) -> None:
    entry = {
        "label": "People",
        "value": 3,
        "records": {"person": [str(visit.named.pk), str(visit.unnamed.pk), str(visit.survivor.pk)]},
    }

    editor_page = figure_records(scope=member(Role.EDITOR), entry=entry)
    people = _group(editor_page, "person")
    assert [p["label"] for p in people["records"]] == ["Carla Muñoz", "Pedro Soto"]
    assert people["hidden"] == 1 and people["trashed"] == 0
    assert "María Rojas" not in str(editor_page)

    ngo_partner = member(Role.PARTNER, organization=visit.survivor.organization)
    partner_page = figure_records(scope=ngo_partner, entry=entry)
    assert _group(partner_page, "person")["records"] == []
    assert _group(partner_page, "person")["hidden"] == 3
    assert "Rojas" not in str(partner_page) and "Muñoz" not in str(partner_page)

    ministry_partner = member(Role.PARTNER, organization=visit.ministry)
    labels = [
        p["label"]
        for p in _group(figure_records(scope=ministry_partner, entry=entry), "person")["records"]
    ]
    assert labels == ["Carla Muñoz", "Pedro Soto"]


def test_records_in_the_trash_and_elsewhere_are_counted(
    owner: Scope, visit: Visit, other_workspace: Any
) -> None:
    from enlace.testing import make_member

    stranger = make_member(other_workspace, Role.OWNER)
    elsewhere = registry.person(stranger, full_name="Someone Else")
    gone = registry.person(owner, full_name="Gone Person")
    record_soft_delete(gone, scope=owner)
    entry = {
        "label": "People",
        "value": 4,
        "records": {
            "person": [str(visit.named.pk), str(gone.pk), str(elsewhere.pk), "not-a-uuid"],
            "unknown_kind": [str(uuid.uuid4())],
        },
    }
    page = figure_records(scope=owner, entry=entry)

    (people,) = page["groups"]
    assert [p["label"] for p in people["records"]] == ["Carla Muñoz"]
    assert people["trashed"] == 1
    assert people["hidden"] == 2
    assert "Gone Person" not in str(page) and "Someone Else" not in str(page)


def test_an_entry_without_records_is_an_empty_page(owner: Scope) -> None:
    page = figure_records(scope=owner, entry={"label": "Fewer than 5", "value": None})
    assert page == {"label": "Fewer than 5", "value": None, "groups": [], "total": 0}


def test_a_fixed_number_of_queries_whatever_the_number_of_ids(
    visit: Visit, member: Callable[..., Scope]
) -> None:
    partner = member(Role.PARTNER, organization=visit.ministry)

    def entry(count: int) -> dict[str, Any]:
        people = [str(visit.named.pk)] + [str(uuid.uuid4()) for _ in range(count)]
        return {"label": "x", "value": 1, "records": {"person": people, "engagement": people}}

    for scope in (partner, member(Role.EDITOR)):
        figure_records(scope=scope, entry=entry(1))  # the partner's organisations are cached
        with CaptureQueriesContext(connection) as small:
            figure_records(scope=scope, entry=entry(1))
        with CaptureQueriesContext(connection) as large:
            figure_records(scope=scope, entry=entry(40))
        assert len(large.captured_queries) == len(small.captured_queries) <= 4
