"""The demo's partnership pipeline: opportunities in the four countries and every stage, grown out
of the year's engagements (the INDH's invitation to submit a formal proposal from the Chile field
visit), with dated stage history, deadlines, an agreement with obligations and a rate table,
loaded through the partnerships services, and idempotent."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from itertools import pairwise

import pytest

from enlace.accounts.models import User
from enlace.core.fields import name_key
from enlace.core.scoping import scope_for
from enlace.demo.content.engagements import EDITOR, FIELD_VISIT_TITLE, MANAGER
from enlace.demo.content.partnerships import (
    AGREEMENT_TITLE,
    AGREEMENTS,
    FHF,
    INVITED_PROPOSAL_TITLE,
    KENYA_PROGRAMME,
    OPPORTUNITIES,
    RATES,
    REFERENCE_DAY,
    RENEWAL_TITLE,
)
from enlace.demo.loader import ALL_ORGANIZATIONS, DEMO_EMAIL, load_demo
from enlace.demo.tests.test_engagements import every_engagement
from enlace.engagements.models import Engagement
from enlace.partnerships.models import (
    CLOSING_STAGES,
    Agreement,
    AgreementParty,
    Deadline,
    ExchangeRate,
    Obligation,
    Opportunity,
    OpportunityOrigin,
    Stage,
    StageChange,
)
from enlace.partnerships.selectors.opportunities import (
    opportunities_for_engagement,
    upcoming_deadlines,
)
from enlace.partnerships.services import opportunities as opportunity_services
from enlace.stakeholders.models import Organization, Relationship

PARTNERSHIP_MODELS = (
    Opportunity,
    OpportunityOrigin,
    Deadline,
    Agreement,
    AgreementParty,
    Obligation,
    ExchangeRate,
)
COUNTRY_TAGS = {"chile-programme", "mexico-programme", "kenya-programme", "drc-programme"}


def partnerships_snapshot() -> dict[str, object]:
    """Every partnerships row with its version, every history row, the stage changes and the
    registry's relationships (an active agreement keeps one in step)."""
    state: dict[str, object] = {
        "StageChange": sorted(
            (str(pk), at) for pk, at in StageChange.objects.values_list("id", "at")
        ),
        "Relationship": sorted(
            (str(pk), version)
            for pk, version in Relationship.all_objects.values_list("id", "version")
        ),
    }
    for model in PARTNERSHIP_MODELS:
        state[model.__name__] = sorted(
            (str(pk), version, updated)
            for pk, version, updated in model.all_objects.values_list("id", "version", "updated_at")
        )
        state[f"{model.__name__}_history"] = model.history.count()
    return state


def scope_of(workspace, email):
    return scope_for(User.objects.get(email=email), workspace)


# The content itself, checked without a database


def test_the_pipeline_refers_to_demo_records_and_tells_a_dated_story():
    orgs = {o.name for o in ALL_ORGANIZATIONS}
    engagements = {(name_key(s.title), s.start_date) for s in every_engagement()}
    assert 8 <= len(OPPORTUNITIES) <= 12
    titles = [name_key(o.title) for o in OPPORTUNITIES]
    assert len(titles) == len(set(titles))
    for spec in OPPORTUNITIES:
        assert spec.counterpart in orgs and (not spec.funder or spec.funder in orgs)
        assert spec.owner in {MANAGER, EDITOR}
        assert (spec.amount is None) == (spec.currency == "")
        assert spec.probability is None or 0 <= spec.probability <= 100
        moments = [m.at for m in spec.moves]
        assert moments == sorted(moments) and len(set(moments)) == len(moments), spec.title
        assert moments[-1].date() <= REFERENCE_DAY
        stages = [m.stage for m in spec.moves]
        assert all(a != b for a, b in pairwise(stages)), spec.title
        for move in spec.moves:
            assert move.stage in Stage.values
            assert (move.stage in CLOSING_STAGES) == (3 <= len(move.reason) <= 300), spec.title
        for origin in spec.origins:
            assert (name_key(origin.title), origin.start_date) in engagements, origin.title
            assert origin.start_date <= moments[0].date()
        for deadline in spec.deadlines:
            assert deadline.done_on is None or deadline.done_on <= REFERENCE_DAY
        assert len({t for t in spec.tags if t in COUNTRY_TAGS}) == 1, spec.title

    assert {s.stage for s in OPPORTUNITIES} == set(Stage.values)
    assert {t for s in OPPORTUNITIES for t in s.tags} >= COUNTRY_TAGS
    assert {s.currency for s in OPPORTUNITIES} >= {"USD", "EUR", "CLP", "MXN", "KES"}
    assert {s.owner for s in OPPORTUNITIES} == {MANAGER, EDITOR}
    rated = {r.currency for r in RATES if r.base_currency == "USD"}
    assert {s.currency for s in OPPORTUNITIES} - {"", "USD"} <= rated
    assert "CDF" in rated
    assert len(rated) == len(RATES)
    for agreement in AGREEMENTS:
        [won] = [o for o in OPPORTUNITIES if o.title == agreement.opportunity]
        assert won.stage == Stage.WON
        assert agreement.start_date <= agreement.end_date
        parties = {won.counterpart, *filter(None, [won.funder]), *agreement.parties}
        assert all(o.responsible in parties for o in agreement.obligations)


# Loading


@pytest.mark.django_db
def test_the_pipeline_loads_in_every_stage_with_its_dated_history(demo):
    owner = User.objects.get(email=DEMO_EMAIL)
    opportunities = Opportunity.objects.filter(workspace=demo)
    assert opportunities.count() == len(OPPORTUNITIES)
    assert Counter(opportunities.values_list("stage", flat=True)) == Counter(
        s.stage for s in OPPORTUNITIES
    )
    for spec in OPPORTUNITIES:
        opportunity = opportunities.get(title=spec.title)
        changes = list(StageChange.objects.filter(opportunity=opportunity).order_by("at"))
        assert [(c.stage, c.at, c.reason) for c in changes] == [
            (m.stage, m.at, m.reason) for m in spec.moves
        ]
        assert [c.from_stage for c in changes] == ["", *(m.stage for m in spec.moves[:-1])]
        assert {c.by_id for c in changes} == {owner.pk}
        assert opportunity.stage_changed_at == spec.moves[-1].at
        assert opportunity.owner.email == spec.owner
        assert opportunity.amount == spec.amount and opportunity.currency == spec.currency
        assert opportunity.probability == spec.probability
        assert opportunity.deadlines.count() == len(spec.deadlines)
    lost = StageChange.objects.get(opportunity__workspace=demo, stage=Stage.LOST)
    withdrawn = StageChange.objects.get(opportunity__workspace=demo, stage=Stage.WITHDRAWN)
    assert "Not selected" in lost.reason
    assert "restructuring" in withdrawn.reason
    assert Opportunity.history.exclude(history_user=owner).count() == 0


@pytest.mark.django_db
def test_the_field_visit_opened_the_invited_proposal_now_drafting(demo):
    visit = Engagement.objects.get(workspace=demo, title=FIELD_VISIT_TITLE)
    proposal = Opportunity.objects.get(workspace=demo, title=INVITED_PROPOSAL_TITLE)
    assert proposal.kind == "invited_proposal"
    assert proposal.stage == Stage.DRAFTING
    assert proposal.counterpart_organization.acronym == "INDH"
    assert proposal.owner.email == MANAGER
    assert (proposal.amount, proposal.currency) == (Decimal("48000000.00"), "CLP")
    # Both ways: the opportunity names the field visit, the field visit lists the opportunity.
    assert list(proposal.origin_engagements.all()) == [visit]
    assert list(visit.opportunities.all()) == [proposal]
    manager = scope_of(demo, MANAGER)
    assert list(opportunities_for_engagement(scope=manager, engagement=visit)) == [proposal]
    # The INDH's partner sign-in sees its invitation too.
    partner = scope_of(demo, "partner@enlace.example")
    assert list(opportunities_for_engagement(scope=partner, engagement=visit)) == [proposal]

    [due] = proposal.deadlines.filter(kind="proposal_due")
    assert due.done_on is None
    assert REFERENCE_DAY <= due.date <= REFERENCE_DAY + dt.timedelta(days=30)
    assert proposal.deadlines.filter(kind="decision_expected", done_on=None).exists()


@pytest.mark.django_db
def test_the_manager_and_editor_each_have_deadlines_in_the_next_30_days(demo):
    for email in (MANAGER, EDITOR):
        scope = scope_of(demo, email)
        upcoming = list(upcoming_deadlines(scope=scope, owner=scope.user, today=REFERENCE_DAY))
        assert upcoming, email
        assert all(d.opportunity.owner.email == email for d in upcoming)
        assert all(REFERENCE_DAY <= d.date <= REFERENCE_DAY + dt.timedelta(30) for d in upcoming)
    manager = scope_of(demo, MANAGER)
    labels = [
        d.opportunity.title
        for d in upcoming_deadlines(scope=manager, owner=manager.user, today=REFERENCE_DAY)
    ]
    assert INVITED_PROPOSAL_TITLE in labels


@pytest.mark.django_db
def test_the_won_renewal_has_an_active_agreement_with_an_overdue_obligation(demo):
    renewal = Opportunity.objects.get(workspace=demo, title=RENEWAL_TITLE)
    assert renewal.stage == Stage.WON
    agreement = Agreement.objects.get(workspace=demo, title=AGREEMENT_TITLE)
    assert agreement.opportunity == renewal
    assert agreement.kind == "grant_agreement"
    assert agreement.status == "active"
    assert (agreement.value, agreement.currency) == (renewal.amount, renewal.currency)
    assert agreement.start_date is not None and agreement.end_date is not None
    assert agreement.start_date <= REFERENCE_DAY <= agreement.end_date
    parties = {p.name for p in agreement.parties.all()}
    assert parties == {FHF, KENYA_PROGRAMME}

    obligations = list(agreement.obligations.order_by("position"))
    assert len(obligations) == 2
    done, overdue = obligations
    assert done.done_on is not None and done.done_on <= done.due_date  # type: ignore[operator]
    assert overdue.done_on is None and overdue.due_date is not None
    assert overdue.due_date < REFERENCE_DAY
    assert all(o.responsible_organization is not None for o in obligations)

    # The active grant keeps a funder relationship between its parties in step.
    fhf = Organization.objects.get(workspace=demo, name=FHF)
    kenya = Organization.objects.get(workspace=demo, name=KENYA_PROGRAMME)
    [funding] = Relationship.objects.filter(
        workspace=demo,
        from_organization__in=[fhf, kenya],
        to_organization__in=[fhf, kenya],
        kind="funder",
    )
    assert funding.status == "active" and funding.since == agreement.start_date


@pytest.mark.django_db
def test_the_rate_table_converts_every_pipeline_currency_to_dollars(demo):
    rates = {
        r.currency: r for r in ExchangeRate.objects.filter(workspace=demo, base_currency="USD")
    }
    assert set(rates) == {"CLP", "MXN", "KES", "CDF", "EUR"}
    assert all(r.as_of <= REFERENCE_DAY and r.rate > 0 for r in rates.values())
    currencies = set(
        Opportunity.objects.filter(workspace=demo, amount__isnull=False).values_list(
            "currency", flat=True
        )
    )
    assert currencies - {"USD"} <= set(rates)


@pytest.mark.django_db
def test_loading_twice_creates_and_changes_nothing(demo):
    before = partnerships_snapshot()
    assert before["Opportunity_history"] and before["Obligation_history"]
    load_demo()
    assert partnerships_snapshot() == before


@pytest.mark.django_db
def test_opportunities_edited_or_trashed_while_exploring_are_left_alone(demo):
    scope = scope_of(demo, DEMO_EMAIL)
    lost = Opportunity.objects.get(workspace=demo, stage=Stage.LOST)
    opportunity_services.opportunity_move(
        scope=scope, opportunity=lost, stage=Stage.EXPLORING, reason="A second call opened."
    )
    proposal = Opportunity.objects.get(workspace=demo, title=INVITED_PROPOSAL_TITLE)
    opportunity_services.opportunity_delete(scope=scope, opportunity=proposal)
    ExchangeRate.objects.filter(workspace=demo, currency="CDF").delete()
    before = partnerships_snapshot()

    load_demo()

    after = partnerships_snapshot()
    assert after.pop("ExchangeRate") != before.pop("ExchangeRate")  # the missing rate is back
    after.pop("ExchangeRate_history")
    before.pop("ExchangeRate_history")
    assert after == before
    assert Opportunity.all_objects.get(pk=proposal.pk).is_deleted
    assert Opportunity.all_objects.filter(workspace=demo, title=INVITED_PROPOSAL_TITLE).count() == 1
    lost.refresh_from_db()
    assert lost.stage == Stage.EXPLORING
    assert ExchangeRate.objects.filter(workspace=demo, currency="CDF").count() == 1
