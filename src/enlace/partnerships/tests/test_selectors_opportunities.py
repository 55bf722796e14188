"""Opportunity reads: time in each stage (times fixed by writing StageChange.at), detail, list
filters, the board, related opportunities, upcoming deadlines, partner visibility, other
workspaces, and query counts that do not grow with the rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from enlace.core.permissions import Role
from enlace.engagements.tests import factories as engagements
from enlace.partnerships.models import StageChange
from enlace.partnerships.selectors import opportunities as s
from enlace.partnerships.services.opportunities import opportunity_delete, opportunity_move
from enlace.partnerships.tests import factories as f
from enlace.stakeholders.tests import factories as registry
from enlace.testing import make_member

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def at(days: float) -> dt.datetime:
    return T0 + dt.timedelta(days=days)


def travelled(scope):
    """identified (day 0) -> exploring (day 2) -> drafting (day 5.5) -> exploring (day 6)
    -> submitted (day 16): the creation's row is moved back to day 0, the moves are given times."""
    opp = f.opportunity(scope)
    StageChange.objects.filter(opportunity=opp).update(at=at(0))
    for stage, day in (("exploring", 2), ("drafting", 5.5), ("exploring", 6), ("submitted", 16)):
        opp = opportunity_move(scope=scope, opportunity=opp, stage=stage, at=at(day))
    return opp


def test_stage_durations_and_totals(editor):
    opp = travelled(editor)
    periods = s.stage_durations(opp, now=at(20))
    assert [(p["stage"], p["days"]) for p in periods] == [
        ("identified", 2.0),
        ("exploring", 3.5),
        ("drafting", 0.5),
        ("exploring", 10.0),
        ("submitted", 4.0),
    ]
    assert periods[0]["entered_at"] == at(0)
    assert periods[0]["left_at"] == at(2)
    assert periods[-1]["left_at"] is None
    assert s.stage_totals(periods) == {
        "identified": 2.0,
        "exploring": 13.5,
        "drafting": 0.5,
        "submitted": 4.0,
    }


def test_detail_carries_history_durations_and_parts(editor, member):
    meeting = engagements.engagement(editor)
    opp = f.opportunity(editor, origin_engagements=[meeting])
    f.deadline(editor, opp, dt.date(2026, 9, 1))
    opp = f.move(editor, opp, "won", "Signed")
    detail = s.opportunity_detail(scope=editor, opportunity=opp)
    assert [(c.from_stage, c.stage, c.reason) for c in detail["stage_history"]] == [
        ("", "identified", ""),
        ("identified", "won", "Signed"),
    ]
    assert detail["stage_history"][1].by == editor.user
    assert [p["stage"] for p in detail["durations"]] == ["identified", "won"]
    assert set(detail["stage_totals"]) == {"identified", "won"}
    assert detail["origins"] == [meeting]
    assert len(detail["deadlines"]) == 1
    assert detail["documents"] == []
    assert detail["agreements"] == []


def test_list_filters(editor, member):
    colleague = member(Role.EDITOR)
    org = registry.organization(editor, name="Ministerio de Salud")
    a = f.opportunity(editor, title="Clean water", counterpart_organization=org, amount="5")
    b = f.opportunity(editor, title="School meals", kind="joint_activity", owner=colleague.user)
    c = f.opportunity(editor, title="Roads", amount="9", currency="EUR")
    f.move(editor, c, "drafting")

    def titles(**filters):
        return [o.title for o in s.opportunity_list(scope=editor, **filters)]

    assert titles() == ["Clean water", "Roads", "School meals"]
    assert titles(q="water") == ["Clean water"]
    assert titles(q="ministerio") == ["Clean water"]
    assert titles(stage="drafting") == ["Roads"]
    assert titles(kind="joint_activity") == ["School meals"]
    assert titles(owner_id=colleague.user.pk) == ["School meals"]
    assert titles(counterpart_id=org.pk) == ["Clean water"]
    assert titles(counterpart_id="not-a-uuid") == []
    assert titles(currency="eur") == ["Roads"]
    assert s.opportunity_get(scope=editor, id=a.pk) == a
    assert b.pk != a.pk


def test_board_has_every_column_in_order_with_totals(editor):
    f.opportunity(editor, amount="10")
    f.opportunity(editor, amount="5.50")
    f.opportunity(editor, amount="7", currency="EUR")
    f.move(editor, f.opportunity(editor), "lost", "Too late")
    board = s.opportunity_board(scope=editor)
    assert [c["stage"] for c in board] == [
        "identified",
        "exploring",
        "invited",
        "drafting",
        "submitted",
        "won",
        "lost",
        "withdrawn",
    ]
    first = board[0]
    assert first["count"] == 3
    assert first["totals"] == {"EUR": Decimal("7.00"), "USD": Decimal("15.50")}
    assert board[6]["count"] == 1
    assert board[1]["cards"] == []
    assert s.opportunity_board(scope=editor, currency="EUR")[0]["count"] == 1


def test_related_opportunities(editor):
    meeting = engagements.engagement(editor)
    org = registry.organization(editor)
    funded = f.opportunity(editor, funder_organization=org, origin_engagements=[meeting])
    own = f.opportunity(editor, counterpart_organization=org, origin_engagements=[meeting])
    f.opportunity(editor)
    assert set(s.opportunities_for_engagement(scope=editor, engagement=meeting)) == {funded, own}
    assert set(s.opportunities_for_organization(scope=editor, organization=org)) == {funded, own}


def test_upcoming_deadlines(editor, member):
    colleague = member(Role.EDITOR)
    today = timezone.localdate()
    mine = f.opportunity(editor)
    theirs = f.opportunity(editor, owner=colleague.user)
    soon = f.deadline(editor, mine, today + dt.timedelta(days=3), label="Soon")
    f.deadline(editor, mine, today + dt.timedelta(days=31), label="Later")
    late = f.deadline(editor, mine, today - dt.timedelta(days=1), label="Late")
    f.deadline(editor, mine, today + dt.timedelta(days=1), label="Done", done_on=today)
    other = f.deadline(editor, theirs, today + dt.timedelta(days=30), label="Theirs")
    gone = f.opportunity(editor)
    f.deadline(editor, gone, today)
    opportunity_delete(scope=editor, opportunity=gone)
    assert list(s.upcoming_deadlines(scope=editor)) == [soon, other]
    assert list(s.upcoming_deadlines(scope=editor, owner=editor.user)) == [soon]
    assert list(s.upcoming_deadlines(scope=editor, days=5, include_overdue=True)) == [late, soon]


def test_partners_see_their_organisations_opportunities(editor, member):
    partner = member(Role.PARTNER)
    org = partner.membership.organization
    unit = registry.organization(editor, parent=org)
    counterpart = f.opportunity(editor, counterpart_organization=org)
    funded = f.opportunity(editor, funder_organization=unit)
    hidden = f.opportunity(editor)
    f.deadline(editor, hidden, timezone.localdate())
    assert set(s.opportunity_list(scope=partner)) == {counterpart, funded}
    with pytest.raises(Http404):
        s.opportunity_get(scope=partner, id=hidden.pk)
    assert sum(c["count"] for c in s.opportunity_board(scope=partner)) == 2
    assert list(s.upcoming_deadlines(scope=partner)) == []
    viewer = member(Role.VIEWER)
    assert s.opportunity_list(scope=viewer).count() == 3


def test_other_workspaces_are_not_found(editor, other_workspace):
    opp = f.opportunity(editor)
    f.deadline(editor, opp, timezone.localdate())
    stranger = make_member(other_workspace, Role.OWNER)
    with pytest.raises(Http404):
        s.opportunity_get(scope=stranger, id=opp.pk)
    assert list(s.opportunity_list(scope=stranger)) == []
    assert list(s.upcoming_deadlines(scope=stranger)) == []
    assert s.opportunity_queryset(stranger, deleted=True).count() == 0


def test_trash_queryset(editor):
    opp = f.opportunity(editor)
    opportunity_delete(scope=editor, opportunity=opp)
    assert list(s.opportunity_queryset(editor, deleted=True)) == [opp]
    assert list(s.opportunity_queryset(editor)) == []


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def test_reads_cost_the_same_for_any_size(editor):
    meeting = engagements.engagement(editor)

    def grow(n):
        for _ in range(n):
            opp = f.opportunity(editor, amount="10", origin_engagements=[meeting])
            f.deadline(editor, opp, timezone.localdate())
            f.move(editor, opp, "exploring")

    def board():
        for column in s.opportunity_board(scope=editor):
            for card in column["cards"]:
                _ = (card.counterpart_organization.name, card.owner.email, card.open_deadlines)

    def deadlines():
        for d in s.upcoming_deadlines(scope=editor):
            _ = (d.opportunity.title, d.opportunity.counterpart_organization.name)

    def detail():
        opp = s.opportunity_list(scope=editor).first()
        s.opportunity_detail(scope=editor, opportunity=opp)

    grow(2)
    few = [_queries(board), _queries(deadlines), _queries(detail)]
    grow(12)
    many = [_queries(board), _queries(deadlines), _queries(detail)]
    assert many == few
