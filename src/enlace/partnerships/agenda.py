"""The partnerships dates on the member's agenda (follow-ups page, calendar feed, home page):
open deadlines of live opportunities still in play, and the renewal reminders and open
obligation due dates of live agreements (draft or active).

"The member's own" (owner_only): deadlines of the opportunities they own, and for agreements,
those made from an opportunity they own (an agreement has no owner of its own; one made
directly is on nobody's personal agenda, only on the workspace's). Three queries in all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from enlace.core.scoping import Scope
from enlace.engagements.agenda import AgendaItem
from enlace.partnerships.models import (
    CLOSING_STAGES,
    Agreement,
    AgreementStatus,
    Deadline,
    Obligation,
)
from enlace.partnerships.selectors.agreements import agreement_queryset
from enlace.partnerships.selectors.opportunities import opportunity_queryset

OPPORTUNITY_PAGE = "web:partnerships_opportunity_detail"
AGREEMENT_PAGE = "web:partnerships_agreement_detail"
LIVE_AGREEMENT = (AgreementStatus.DRAFT, AgreementStatus.ACTIVE)


def _deadlines(scope: Scope, *, owner_only: bool, until: dt.date | None) -> QuerySet[Deadline]:
    opportunities = opportunity_queryset(scope).exclude(stage__in=CLOSING_STAGES)
    if owner_only:
        opportunities = opportunities.filter(owner=scope.user)
    qs = Deadline.objects.filter(
        workspace=scope.workspace, done_on__isnull=True, opportunity__in=opportunities
    )
    if until is not None:
        qs = qs.filter(date__lte=until)
    return qs.select_related("opportunity")


def _agreements(scope: Scope, *, owner_only: bool) -> QuerySet[Agreement]:
    qs = agreement_queryset(scope).filter(status__in=LIVE_AGREEMENT)
    if owner_only:
        qs = qs.filter(
            opportunity__owner=scope.user,
            opportunity__deleted_at__isnull=True,
        )
    return qs


def _obligations(scope: Scope, *, owner_only: bool, until: dt.date | None) -> QuerySet[Obligation]:
    qs = Obligation.objects.filter(
        workspace=scope.workspace,
        done_on__isnull=True,
        due_date__isnull=False,
        agreement__in=_agreements(scope, owner_only=owner_only),
    )
    if until is not None:
        qs = qs.filter(due_date__lte=until)
    return qs.select_related("agreement")


def _renewals(scope: Scope, *, owner_only: bool, until: dt.date | None) -> QuerySet[Agreement]:
    qs = _agreements(scope, owner_only=owner_only).filter(renewal_reminder_on__isnull=False)
    if until is not None:
        qs = qs.filter(renewal_reminder_on__lte=until)
    return qs


def agenda_provider(
    scope: Scope, *, owner_only: bool, until: dt.date | None
) -> Iterable[AgendaItem]:
    slug = scope.workspace.slug
    for deadline in _deadlines(scope, owner_only=owner_only, until=until):
        opportunity = deadline.opportunity
        yield AgendaItem(
            title=_("%(label)s: %(opportunity)s")
            % {"label": deadline.label, "opportunity": opportunity.title},
            date=deadline.date,
            url_name=OPPORTUNITY_PAGE,
            url_args=(slug, opportunity.pk),
            kind_label=deadline.get_kind_display(),
            uid=f"deadline-{deadline.pk}",
            changed_at=deadline.updated_at,
        )
    for agreement in _renewals(scope, owner_only=owner_only, until=until):
        if agreement.renewal_reminder_on is None:  # filtered out above; for the type checker
            continue
        yield AgendaItem(
            title=agreement.title,
            date=agreement.renewal_reminder_on,
            url_name=AGREEMENT_PAGE,
            url_args=(slug, agreement.pk),
            kind_label=_("Agreement renewal"),
            uid=f"agreement-renewal-{agreement.pk}",
            changed_at=agreement.updated_at,
        )
    for obligation in _obligations(scope, owner_only=owner_only, until=until):
        if obligation.due_date is None:  # filtered out above; for the type checker
            continue
        yield AgendaItem(
            title=_("%(obligation)s (%(agreement)s)")
            % {"obligation": obligation.text, "agreement": obligation.agreement.title},
            date=obligation.due_date,
            url_name=AGREEMENT_PAGE,
            url_args=(slug, obligation.agreement_id),
            kind_label=_("Obligation due"),
            uid=f"obligation-{obligation.pk}",
            changed_at=obligation.updated_at,
        )
