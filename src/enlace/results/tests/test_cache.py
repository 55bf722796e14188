"""Cached figures never outlive a change: a value read once is served from the cache, and the
next read after any save through a service (a new participant, a completed enrolment, a reach
reading, a bulk attendance write, a new target) shows the change. Another workspace keeps its
entries; members of different roles never share one (they may see different numbers)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.core.permissions import Role
from enlace.core.signals import workspace_changed
from enlace.engagements.tests import factories as engagements
from enlace.learning.tests import factories as learning
from enlace.results import cache as results_cache
from enlace.results.framework import framework_actuals
from enlace.results.tests import factories
from enlace.stakeholders.tests import factories as registry
from enlace.testing import make_member

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 12, 31)
DAY = dt.date(2025, 3, 3)


@pytest.fixture
def framework(editor):
    prog = factories.programme(editor)
    outcome = factories.node(editor, prog)
    factories.indicator(
        editor, outcome, code="ATT", measure="people_attended", params={"kinds": ["meeting"]}
    )
    factories.indicator(
        editor, outcome, code="REACH", measure="reach", params={"metric": "recording_views"}
    )
    factories.indicator(editor, outcome, code="TRAINED", measure="people_trained")
    return prog


def read(scope, prog):
    """(value to date per code, queries it took)."""
    with CaptureQueriesContext(connection) as ctx:
        result = framework_actuals(scope=scope, programme=prog, today=TODAY)
    values = {i["code"]: i["to_date"]["value"] for i in result["indicators"]}
    return values, len(ctx.captured_queries)


def test_a_value_is_cached_until_a_save(editor, framework):
    first, queries = read(editor, framework)
    assert first == {"ATT": 0, "REACH": 0, "TRAINED": 0} and queries > 0
    assert read(editor, framework) == (first, 0)  # from the cache

    meeting = engagements.engagement(editor, kind="meeting", start_date=DAY)
    engagements.participant(editor, meeting, person=registry.person(editor))
    values, queries = read(editor, framework)
    assert values["ATT"] == 1 and queries > 0

    webinar = engagements.engagement(editor, kind="webinar", start_date=DAY)
    engagements.reach(editor, webinar, metric="recording_views", value=120)
    assert read(editor, framework)[0]["REACH"] == 120
    engagements.reach(editor, webinar, metric="recording_views", value=90)  # revised down
    assert read(editor, framework)[0]["REACH"] == 90

    training = learning.make_training(editor, sessions=2, start=DAY)
    enrollment = learning.enroll(editor, training)
    assert read(editor, framework)[0]["TRAINED"] == 0
    learning.mark(editor, training, enrollment, "present")  # bulk attendance, then completed
    assert read(editor, framework)[0]["TRAINED"] == 1


def test_a_new_target_shows_at_once(editor, framework):
    result = framework_actuals(scope=editor, programme=framework, today=TODAY)
    assert result["indicators"][0]["to_date"]["target"] is None
    indicator = framework.indicators.get(code="ATT")
    factories.target(editor, indicator, "programme", 12)
    result = framework_actuals(scope=editor, programme=framework, today=TODAY)
    assert {i["code"]: i["to_date"]["target"] for i in result["indicators"]}["ATT"] == 12


def test_a_bulk_attendance_write_moves_the_generation(editor):
    """bulk_create and bulk_update send no model signals: the service says so itself."""
    training = learning.make_training(editor, sessions=2, start=DAY)
    enrollment = learning.enroll(editor, training)
    before = results_cache.generation(editor.workspace.pk)
    learning.mark(editor, training, enrollment, ["present", None])
    middle = results_cache.generation(editor.workspace.pk)
    assert middle > before
    learning.mark(editor, training, enrollment, ["late", None])  # a bulk update
    assert results_cache.generation(editor.workspace.pk) > middle


def test_workspace_changed_and_commit_bump(editor, django_capture_on_commit_callbacks):
    before = results_cache.generation(editor.workspace.pk)
    workspace_changed.send(sender=None, workspace_id=editor.workspace.pk)
    assert results_cache.generation(editor.workspace.pk) > before
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        registry.person(editor)
    after_save = results_cache.generation(editor.workspace.pk)
    assert callbacks  # bumped again once the write is committed
    assert after_save >= before + 3


def test_an_evicted_generation_never_reads_an_old_entry(editor, framework):
    first, _ = read(editor, framework)
    results_cache.cache.delete(results_cache._generation_key(editor.workspace.pk))
    values, queries = read(editor, framework)
    assert values == first and queries > 0


def test_another_workspace_keeps_its_entries(editor, framework, other_workspace):
    other = make_member(other_workspace, Role.EDITOR)
    other_prog = factories.programme(other)
    factories.indicator(
        other, other_prog, code="ATT", measure="people_attended", params={"kinds": ["meeting"]}
    )
    read(other, other_prog)
    read(editor, framework)
    generation = results_cache.generation(other_workspace.pk)
    meeting = engagements.engagement(editor, kind="meeting", start_date=DAY)
    engagements.participant(editor, meeting, person=registry.person(editor))
    assert results_cache.generation(other_workspace.pk) == generation
    assert read(other, other_prog) == ({"ATT": 0}, 0)  # still cached
    assert read(editor, framework)[0]["ATT"] == 1


def test_roles_never_share_an_entry(editor, owner, member, framework):
    """A person with lived experience counts for owners and managers only."""
    viewer, partner = member(Role.VIEWER), member(Role.PARTNER)
    meeting = engagements.engagement(editor, kind="meeting", start_date=DAY)
    engagements.participant(editor, meeting, person=registry.person(editor))
    engagements.participant(owner, meeting, person=registry.person(owner, lived_experience=True))
    assert read(owner, framework)[0]["ATT"] == 2
    values, queries = read(editor, framework)
    assert values["ATT"] == 1 and queries > 0  # not the owner's entry
    values, queries = read(viewer, framework)
    assert values["ATT"] == 1 and queries > 0
    assert read(partner, framework)[0] == {}  # the framework is the team's own
    assert read(owner, framework) == ({"ATT": 2, "REACH": 0, "TRAINED": 0}, 0)
    assert read(editor, framework)[1] == 0
