"""The demo loader's partnerships step: the pipeline of enlace.demo.content.partnerships (the
opportunities with their dated stage history, origin engagements and deadlines), the agreement
made from the won renewal with its obligations, and the exchange-rate table, written through
the partnerships services with the owner's scope.

Like the rest of the demo it only adds what is missing. An opportunity is looked up by its title
(in the trash or not) and written, with its moves, origins and deadlines, only when absent; so is
an agreement (by its title, and only while its opportunity is won and live) with its
obligations, and a rate by its pair of currencies. An opportunity is left out when its
counterpart, funder or owner is gone; an origin engagement in the trash is left out. A clock
behind the content never dates anything in the future: an opportunity created after today is
left out, its later moves are not made, and a deadline or obligation done after today is written
as still open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from enlace.accounts.models import User
from enlace.core.fields import name_key
from enlace.core.models import Membership
from enlace.core.permissions import Role
from enlace.core.scoping import Scope
from enlace.demo.content.partnerships import (
    AGREEMENTS,
    OPPORTUNITIES,
    RATES,
    AgreementSpec,
    OpportunitySpec,
)
from enlace.engagements.models import Engagement
from enlace.partnerships.models import (
    Agreement,
    ExchangeRate,
    Opportunity,
    Stage,
    StageChange,
)
from enlace.partnerships.services import agreements as agreement_services
from enlace.partnerships.services import deadlines as deadline_services
from enlace.partnerships.services import opportunities as opportunity_services
from enlace.partnerships.services import rates as rate_services
from enlace.stakeholders.models import Organization


def load_partnerships(scope: Scope) -> None:
    """Add the partnership content that is missing to the demo workspace."""
    _Pipeline(scope).write()


class _Pipeline:
    def __init__(self, scope: Scope) -> None:
        workspace = scope.workspace
        self.scope = scope
        self.today = timezone.localdate()
        self.orgs: dict[str, Organization] = {
            o.name_key: o for o in Organization.all_objects.filter(workspace=workspace)
        }
        self.engagements: dict[tuple[str, dt.date], Engagement] = {
            (e.title_key, e.start_date): e
            for e in Engagement.all_objects.filter(workspace=workspace)
        }
        staff = (
            Membership.objects.filter(workspace=workspace, is_active=True)
            .exclude(role__in=[Role.PARTNER, Role.VIEWER])
            .select_related("user")
        )
        self.owners: dict[str, User] = {m.user.email: m.user for m in staff}

    def write(self) -> None:
        workspace = self.scope.workspace
        existing = set(
            Opportunity.all_objects.filter(workspace=workspace).values_list("title_key", flat=True)
        )
        for spec in OPPORTUNITIES:
            if name_key(spec.title) not in existing:
                self._opportunity(spec)
        opportunities = {
            o.title_key: o for o in Opportunity.all_objects.filter(workspace=workspace)
        }
        agreements = Agreement.all_objects.filter(workspace=workspace)
        made = {a.title_key for a in agreements} | {a.opportunity_id for a in agreements}
        for agreement in AGREEMENTS:
            opportunity = opportunities.get(name_key(agreement.opportunity))
            if (
                opportunity is not None
                and not {opportunity.title_key, opportunity.pk} & made
                and opportunity.deleted_at is None
                and opportunity.stage == Stage.WON
                and agreement.signed_on <= self.today
            ):
                self._agreement(agreement, opportunity)
        self._rates()

    def _organization(self, name: str) -> Organization | None:
        org = self.orgs.get(name_key(name)) if name else None
        return None if org is None or org.deleted_at is not None else org

    def _past(self, moment: dt.datetime) -> bool:
        return timezone.localtime(moment).date() <= self.today

    def _done(self, done_on: dt.date | None) -> dt.date | None:
        return done_on if done_on is not None and done_on <= self.today else None

    def _opportunity(self, spec: OpportunitySpec) -> None:
        counterpart = self._organization(spec.counterpart)
        funder = self._organization(spec.funder)
        owner = self.owners.get(spec.owner)
        created, *moves = spec.moves
        if (
            counterpart is None
            or (spec.funder and funder is None)
            or owner is None
            or not self._past(created.at)
        ):
            return
        origins = [self.engagements.get((name_key(o.title), o.start_date)) for o in spec.origins]
        scope = self.scope
        data: dict[str, Any] = {
            "title": spec.title,
            "kind": spec.kind,
            "counterpart_organization": counterpart,
            "funder_organization": funder,
            "owner": owner,
            "amount": spec.amount,
            "currency": spec.currency,
            "probability": spec.probability,
            "origin_engagements": [e for e in origins if e is not None and e.deleted_at is None],
            "tags": list(spec.tags),
            "notes": spec.notes,
            "stage": created.stage,
            "reason": created.reason,
        }
        opportunity = opportunity_services.opportunity_create(scope=scope, data=data)
        # The create service stamps its first StageChange (and stage_changed_at) with now; the
        # demo's history happened earlier in the year, so both are dated back directly, as an
        # import would, before the later moves are made at their own dates.
        StageChange.objects.filter(opportunity=opportunity).update(at=created.at)
        Opportunity.all_objects.filter(pk=opportunity.pk).update(stage_changed_at=created.at)
        opportunity.stage_changed_at = created.at
        for move in moves:
            if not self._past(move.at):
                break
            opportunity = opportunity_services.opportunity_move(
                scope=scope,
                opportunity=opportunity,
                stage=move.stage,
                reason=move.reason,
                at=move.at,
            )
        for deadline in spec.deadlines:
            deadline_services.deadline_add(
                scope=scope,
                opportunity=opportunity,
                data={
                    "kind": deadline.kind,
                    "label": deadline.label,
                    "date": deadline.date,
                    "done_on": self._done(deadline.done_on),
                },
            )

    def _agreement(self, spec: AgreementSpec, opportunity: Opportunity) -> None:
        parties = [opportunity.counterpart_organization]
        if opportunity.funder_organization is not None:
            parties.append(opportunity.funder_organization)
        parties += [org for org in map(self._organization, spec.parties) if org is not None]
        parties = [org for org in parties if org.deleted_at is None]
        agreement = agreement_services.agreement_from_opportunity(
            scope=self.scope,
            opportunity=opportunity,
            data={
                "parties": parties,
                "signed_on": spec.signed_on,
                "start_date": spec.start_date,
                "end_date": spec.end_date,
                "status": spec.status,
                "renewal_reminder_on": spec.renewal_reminder_on,
                "notes": spec.notes,
            },
        )
        party_ids = {org.pk for org in parties}
        for obligation in spec.obligations:
            responsible = self._organization(obligation.responsible)
            if responsible is None or responsible.pk not in party_ids:
                continue
            agreement_services.obligation_add(
                scope=self.scope,
                agreement=agreement,
                data={
                    "text": obligation.text,
                    "responsible_organization": responsible,
                    "due_date": obligation.due_date,
                    "done_on": self._done(obligation.done_on),
                },
            )

    def _rates(self) -> None:
        have: Mapping[tuple[str, str], Any] = {
            (r.currency, r.base_currency): r
            for r in ExchangeRate.all_objects.filter(workspace=self.scope.workspace)
        }
        for spec in RATES:
            if (spec.currency, spec.base_currency) in have or spec.as_of > self.today:
                continue
            rate_services.exchange_rate_set(
                scope=self.scope,
                data={
                    "currency": spec.currency,
                    "base_currency": spec.base_currency,
                    "rate": spec.rate,
                    "as_of": spec.as_of,
                },
            )
