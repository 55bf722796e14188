"""`enlace generate-scale-data`: the synthetic workspace the benchmark measures. At a tiny scale:
its figures follow the scale, the same seed gives the same rows, and the rows are ones the apps
could have written (scores from the answers, completion by learning's rule, parts inside their
parent, nothing pointing into another workspace)."""

from __future__ import annotations

import hashlib
import io
from collections import defaultdict
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from enlace.core.models import Workspace
from enlace.core.permissions import Role
from enlace.core.services import workspace_create
from enlace.demo.scale import SCALE_EMAIL, generate
from enlace.engagements.models import Engagement, EngagementKind, Mode, Participant, ReachReading
from enlace.learning.models import (
    Answer,
    Attendance,
    Enrollment,
    EnrollmentStatus,
    Item,
    Response,
    Training,
)
from enlace.learning.services import completion_refresh
from enlace.learning.services.scoring import score_answers
from enlace.partnerships.models import Opportunity, Stage
from enlace.stakeholders.models import Organization, OrganizationKind, Person
from enlace.testing import make_user

TINY = 0.002

pytestmark = pytest.mark.django_db


def digest(workspace: Workspace) -> str:
    """A fingerprint of the workspace's rows: ids and the fields figures are made of."""
    rows: list[Any] = []
    for model, fields in (
        (Organization, ("id", "name", "kind", "country", "parent_id")),
        (Person, ("id", "full_name", "organization_id", "sex", "discipline", "lived_experience")),
        (Engagement, ("id", "kind", "mode", "start_date", "end_date", "country", "parent_id")),
        (Participant, ("id", "engagement_id", "person_id", "organization_id", "role")),
        (ReachReading, ("id", "engagement_id", "metric", "value", "as_of")),
        (Enrollment, ("id", "training_id", "person_id", "status")),
        (Attendance, ("id", "session_id", "enrollment_id", "status")),
        (Response, ("id", "enrollment_id", "phase", "points_earned", "points_possible")),
        (Answer, ("id", "response_id", "item_id", "choice", "points_earned")),
        (Opportunity, ("id", "stage", "amount", "currency")),
    ):
        rows.append(
            list(
                model._base_manager.filter(workspace=workspace).order_by("id").values_list(*fields)
            )
        )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def scale_workspace(slug: str = "scale") -> Workspace:
    return Workspace.objects.get(slug=slug)


def test_figures_follow_the_scale_and_cover_every_kind() -> None:
    counts = generate(scale=TINY)
    workspace = scale_workspace()
    assert counts["stakeholders.Person"] == Person.objects.filter(workspace=workspace).count()
    assert counts["stakeholders.Person"] == 200
    assert counts["engagements.Engagement"] == 100
    # Attendance and answers are drawn, so they come near their figure, not on it.
    assert 0.9 * 2_000 <= counts["learning.Attendance"] <= 1.25 * 2_000
    assert 0.7 * 4_000 <= counts["learning.Answer"] <= 1.3 * 4_000
    kinds = set(Organization.objects.filter(workspace=workspace).values_list("kind", flat=True))
    assert kinds == set(OrganizationKind.values)
    engagements = Engagement.objects.filter(workspace=workspace)
    assert set(engagements.values_list("kind", flat=True)) == set(EngagementKind.values)
    assert set(engagements.values_list("mode", flat=True)) == set(Mode.values)
    stages = Opportunity.objects.filter(workspace=workspace).values_list("stage", flat=True)
    assert set(stages) == set(Stage.values)
    statuses = set(Enrollment.objects.filter(workspace=workspace).values_list("status", flat=True))
    assert {EnrollmentStatus.WITHDRAWN, EnrollmentStatus.COMPLETED} <= statuses
    owner = workspace.memberships.get()
    assert (owner.user.email, owner.role) == (SCALE_EMAIL, Role.OWNER)


def test_same_seed_same_rows_and_another_seed_differs() -> None:
    generate(scale=TINY, seed=5)
    first = digest(scale_workspace())
    generate(scale=TINY, seed=5, replace=True)
    assert digest(scale_workspace()) == first
    generate(scale=TINY, seed=6, replace=True)
    assert digest(scale_workspace()) != first


def test_scores_are_the_sum_of_the_answers() -> None:
    generate(scale=TINY)
    workspace = scale_workspace()
    answers: dict[Any, dict[Any, dict[str, Any]]] = defaultdict(dict)
    points: dict[Any, int] = defaultdict(int)
    for answer in Answer.objects.filter(workspace=workspace):
        given = {"choice": answer.choice, "choices": answer.choices, "value": answer.value}
        answers[answer.response_id][answer.item_id] = {
            k: v for k, v in given.items() if v is not None
        }
        points[answer.response_id] += answer.points_earned
    responses = Response.objects.filter(workspace=workspace).select_related("instrument")
    assert responses
    items_by_assessment: dict[Any, list[Item]] = {}
    for response in responses:
        assessment = response.instrument.assessment_id
        if assessment not in items_by_assessment:
            items_by_assessment[assessment] = list(
                Item.objects.filter(assessment_id=assessment).order_by("position")
            )
        scored = score_answers(items_by_assessment[assessment], answers[response.pk])
        assert response.phase == response.instrument.phase
        assert response.points_earned == points[response.pk] == scored.points_earned
        assert response.points_possible == scored.points_possible
        assert response.self_efficacy == scored.self_efficacy


def test_completion_is_what_learnings_rule_decides() -> None:
    generate(scale=TINY)
    workspace = scale_workspace()
    before = dict(Enrollment.objects.filter(workspace=workspace).values_list("id", "status"))
    for training in Training.objects.filter(workspace=workspace):
        completion_refresh(training=training)
    after = dict(Enrollment.objects.filter(workspace=workspace).values_list("id", "status"))
    assert after == before
    assert EnrollmentStatus.COMPLETED in before.values()


def test_rows_stay_in_their_workspace_and_parts_inside_their_parent() -> None:
    generate(scale=TINY)
    workspace = scale_workspace()
    # Foreign keys are checked at commit, which a test never reaches: check them now.
    connection.check_constraints()
    children = Engagement.objects.filter(workspace=workspace, parent__isnull=False)
    assert children
    for child in children.select_related("parent"):
        assert child.parent is not None
        assert child.parent.workspace_id == workspace.pk
        assert child.parent.start_date <= child.start_date <= child.end_date
        assert child.end_date <= child.parent.end_date
    elsewhere = (
        Participant.objects.filter(workspace=workspace)
        .exclude(person__isnull=True)
        .exclude(person__workspace=workspace),
        Enrollment.objects.filter(workspace=workspace).exclude(person__workspace=workspace),
        Enrollment.objects.filter(workspace=workspace).exclude(training__workspace=workspace),
        Attendance.objects.filter(workspace=workspace).exclude(session__workspace=workspace),
        Response.objects.filter(workspace=workspace).exclude(instrument__workspace=workspace),
        Answer.objects.filter(workspace=workspace).exclude(item__workspace=workspace),
        Person.objects.filter(workspace=workspace)
        .exclude(organization__isnull=True)
        .exclude(organization__workspace=workspace),
    )
    for rows in elsewhere:
        assert not rows.exists()
    for model in (Organization, Person, Engagement, Enrollment, Opportunity):
        for row in model.objects.filter(workspace=workspace)[:25]:
            row.full_clean()


def test_the_command_refuses_an_existing_workspace_and_replaces_only_its_own() -> None:
    out = io.StringIO()
    call_command("generate_scale_data", scale=TINY, stdout=out)
    assert "stakeholders.Person" in out.getvalue()
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_scale_data", scale=TINY, stdout=io.StringIO())
    other = workspace_create(slug="other", name="Other", owner=make_user("o@example.org"))
    kept = Organization.objects.create(workspace=other, name="Kept", name_key="kept", kind="ngo")
    call_command("generate_scale_data", scale=TINY, replace=True, stdout=io.StringIO())
    assert Organization.objects.filter(pk=kept.pk).exists()
    with pytest.raises(CommandError, match="never replaced"):
        generate(scale=TINY, workspace_slug="other", replace=True)
    assert Workspace.objects.filter(slug="other").exists()
