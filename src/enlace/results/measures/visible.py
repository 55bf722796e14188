"""What a measure may count, as conditions on the rows it joins anyway.

The apps' scoped querysets say who sees what; a measure must count exactly that. Nesting them
as `IN (subquery)` filters (an enrolment whose training is in the visible trainings, whose
engagement is in the visible engagements, and whose person is in the visible people) let
SQLite, once it had statistics, drive the query from the people and probe every training for
each one: ten seconds instead of forty milliseconds at a fifth of the benchmark's scale. For
members without row limits (everyone but partners) the same rules are plain join conditions
(live rows; people with lived experience only for the roles that may see them), which every
planner handles well. A partner's limits (its organisation and units) stay the selectors' own
subqueries. tests/test_measures_visibility.py holds the two ways equal for every role.
"""

from __future__ import annotations

from django.db.models import Q

from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.engagements.selectors import engagement_queryset
from enlace.learning.selectors.records import training_queryset
from enlace.stakeholders.selectors import organization_queryset, person_queryset


def people(scope: Scope, prefix: str) -> Q:
    """The person at `prefix` (e.g. "person__") is one the asker may see."""
    if scope.is_partner:
        return Q(**{f"{prefix}in": person_queryset(scope).values("pk")})
    condition = Q(**{f"{prefix}isnull": False, f"{prefix}deleted_at__isnull": True})
    if not scope.can(Action.VIEW_LIVED_EXPERIENCE):
        condition &= Q(**{f"{prefix}lived_experience": False})
    return condition


def organizations(scope: Scope, prefix: str) -> Q:
    """The organisation at `prefix` is one the asker may see."""
    if scope.is_partner:
        return Q(**{f"{prefix}in": organization_queryset(scope).values("pk")})
    return Q(**{f"{prefix}isnull": False, f"{prefix}deleted_at__isnull": True})


def engagements(scope: Scope, prefix: str) -> Q:
    """The engagement at `prefix` is one the asker may see."""
    if scope.is_partner:
        return Q(**{f"{prefix}in": engagement_queryset(scope).values("pk")})
    return Q(**{f"{prefix}deleted_at__isnull": True})


def trainings(scope: Scope, prefix: str) -> Q:
    """The training at `prefix` is one the asker may see (its engagement too)."""
    if scope.is_partner:
        return Q(**{f"{prefix}in": training_queryset(scope).values("pk")})
    return Q(**{f"{prefix}deleted_at__isnull": True}) & engagements(scope, f"{prefix}engagement__")


def fact_people(scope: Scope) -> Q:
    """On a fact (enlace.results.facts): its person is one the asker may see. Members without
    row limits only: a partner's figures are computed from the records."""
    condition = Q(person_live=True)
    if not scope.can(Action.VIEW_LIVED_EXPERIENCE):
        condition &= Q(lived_experience=False)
    return condition
