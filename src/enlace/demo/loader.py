"""The fictional demo workspace, modelled on public reports of anti-slavery work.

Every person and NGO is invented (the content is in enlace.demo.content). Records are written
through the registry's services with the demo owner's scope, so each one has its history.
Loading is idempotent: every row is looked up by its natural key first (users by email, the
workspace by slug, organisations, people and bodies by name, body members by body and
organisation, relationships by both ends and kind, engagements by title and start date),
missing rows are created and existing ones, including those in the trash, are left exactly as
they are. An engagement's parts (participants, outcomes, links, audience counts, reach readings,
follow-ups) are written only with the engagement itself, so that parts removed while exploring
stay removed. The demo holds no attachments. What the learning content adds to the registry and
the year (an NGO, the trainees, the five-day training) is loaded with them; the curriculum, the
assessments and the two trainings come next, through enlace.demo.learning_loader, on the same
terms, then the partnership pipeline (enlace.demo.partnerships_loader) and the programme's
results framework (enlace.demo.results_loader).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from enlace.accounts.models import User
from enlace.core.errors import ValidationError
from enlace.core.fields import name_key
from enlace.core.models import Membership, Workspace
from enlace.core.permissions import Role
from enlace.core.scoping import Scope, scope_for
from enlace.core.services import membership_set, workspace_create
from enlace.demo.content.coordination import BODIES, RELATIONSHIPS
from enlace.demo.content.engagements import ENGAGEMENTS
from enlace.demo.content.learning.people import LEARNERS, LEARNING_ORGANIZATIONS
from enlace.demo.content.learning.specs import LearnerSpec
from enlace.demo.content.learning.trainings import LEARNING_ENGAGEMENTS
from enlace.demo.content.organizations import NHRI, ORGANIZATIONS
from enlace.demo.content.people import PEOPLE
from enlace.demo.content.specs import (
    EngagementSpec,
    OrgSpec,
    ParticipantSpec,
    PersonSpec,
    UserSpec,
)
from enlace.demo.learning_loader import load_learning
from enlace.demo.partnerships_loader import load_partnerships
from enlace.demo.results_loader import load_results
from enlace.engagements import services as engagement_services
from enlace.engagements.models import Engagement
from enlace.stakeholders import services
from enlace.stakeholders.models import (
    BodyMembership,
    CoordinationBody,
    Organization,
    Person,
    Relationship,
)

DEMO_SLUG = "demo"
DEMO_NAME = "Puente Libre (demo)"
DEMO_EMAIL = "demo@enlace.example"
DEMO_PASSWORD = "enlace-demo"  # noqa: S105 - the published demo login

# One sign-in per role, all with DEMO_PASSWORD; the owner comes first.
DEMO_USERS: tuple[UserSpec, ...] = (
    UserSpec(DEMO_EMAIL, "Demo Owner", Role.OWNER),
    UserSpec("manager@enlace.example", "Demo Manager", Role.MANAGER),
    UserSpec("editor@enlace.example", "Demo Editor", Role.EDITOR),
    UserSpec("viewer@enlace.example", "Demo Viewer", Role.VIEWER),
    UserSpec("partner@enlace.example", "Demo Partner (INDH)", Role.PARTNER, organization=NHRI),
)

# The registry and the year of work, with what the learning content adds to them.
ALL_ORGANIZATIONS: tuple[OrgSpec, ...] = (*ORGANIZATIONS, *LEARNING_ORGANIZATIONS)
ALL_PEOPLE: tuple[PersonSpec, ...] = (*PEOPLE, *LEARNERS)
ALL_ENGAGEMENTS: tuple[EngagementSpec, ...] = (*ENGAGEMENTS, *LEARNING_ENGAGEMENTS)

Orgs = Mapping[str, Organization]


@transaction.atomic
def load_demo() -> Workspace:
    """Create what is missing of the demo workspace and return it."""
    owner = _user(DEMO_USERS[0])
    workspace = _workspace(owner)
    scope = _owner_scope(owner, workspace)
    orgs = _organizations(scope)
    _people(scope, orgs)
    _bodies(scope, orgs)
    _relationships(scope, orgs)
    for spec in DEMO_USERS[1:]:
        organization = _live(orgs, spec.organization) if spec.organization else None
        if spec.organization and organization is None:
            continue
        _membership(workspace, _user(spec), spec.role, organization)
    _engagements(scope, orgs)
    load_learning(scope)
    load_partnerships(scope)
    load_results(scope)
    return workspace


def _user(spec: UserSpec) -> User:
    user = User.objects.filter(email=spec.email).first()
    if user is None:
        user = User.objects.create_user(
            email=spec.email, password=DEMO_PASSWORD, full_name=spec.full_name
        )
    return user


def _workspace(owner: User) -> Workspace:
    workspace = Workspace.objects.filter(slug=DEMO_SLUG).first()
    if workspace is None:
        return workspace_create(slug=DEMO_SLUG, name=DEMO_NAME, owner=owner, is_demo=True)
    if not workspace.is_demo:
        raise ValidationError(
            f"The workspace '{DEMO_SLUG}' exists and is not a demo workspace; "
            "the demo data is never loaded into real records."
        )
    _membership(workspace, owner, Role.OWNER, None)
    return workspace


def _membership(
    workspace: Workspace, user: User, role: str, organization: Organization | None
) -> None:
    if not Membership.objects.filter(workspace=workspace, user=user).exists():
        membership_set(workspace=workspace, user=user, role=role, organization=organization)


def _owner_scope(owner: User, workspace: Workspace) -> Scope:
    try:
        scope = scope_for(owner, workspace)
    except Http404 as exc:
        raise ValidationError(f"{DEMO_EMAIL} is no longer an active member of the demo.") from exc
    if scope.role != Role.OWNER:
        raise ValidationError(f"{DEMO_EMAIL} is no longer the owner of the demo workspace.")
    return scope


def _live(orgs: Orgs, name: str) -> Organization | None:
    """The organisation called `name`, unless it is missing or in the trash."""
    org = orgs.get(name)
    return None if org is None or org.is_deleted else org


def _by_name_key(model: type[Any], workspace: Workspace, field: str = "name_key") -> dict[str, Any]:
    return {getattr(row, field): row for row in model.all_objects.filter(workspace=workspace)}


def _organizations(scope: Scope) -> dict[str, Organization]:
    existing: dict[str, Organization] = _by_name_key(Organization, scope.workspace)
    orgs: dict[str, Organization] = {}
    for spec in ALL_ORGANIZATIONS:
        org = existing.get(name_key(spec.name))
        if org is None:
            parent = _live(orgs, spec.parent) if spec.parent else None
            if spec.parent and parent is None:
                continue
            org = services.organization_create(
                scope=scope,
                data={
                    "name": spec.name,
                    "acronym": spec.acronym,
                    "kind": spec.kind,
                    "country": spec.country,
                    "region": spec.region,
                    "city": spec.city,
                    "parent": parent,
                    "website": spec.website,
                    "tags": list(spec.tags),
                    "notes": spec.notes,
                },
                allow_duplicate=True,
            )
        orgs[spec.name] = org
    return orgs


def _people(scope: Scope, orgs: Orgs) -> None:
    existing = _by_name_key(Person, scope.workspace)
    for spec in ALL_PEOPLE:
        organization = _live(orgs, spec.organization)
        if name_key(spec.full_name) in existing or organization is None:
            continue
        services.person_create(
            scope=scope,
            data={
                "full_name": spec.full_name,
                "organization": organization,
                "position": spec.position,
                "discipline": spec.discipline,
                "sex": spec.sex if isinstance(spec, LearnerSpec) else "",
                "email": spec.email,
                "phone": spec.phone,
                "languages": list(spec.languages),
                "may_contact": spec.may_contact,
                "may_name_publicly": spec.may_name_publicly,
                "may_photograph": spec.may_photograph,
                "consent_date": spec.consent_date,
                "consent_method": spec.consent_method,
                "lived_experience": spec.lived_experience,
                "tags": list(spec.tags),
                "notes": spec.notes,
            },
            allow_duplicate=True,
        )


def _bodies(scope: Scope, orgs: Orgs) -> None:
    existing: dict[str, CoordinationBody] = _by_name_key(CoordinationBody, scope.workspace)
    for spec in BODIES:
        body = existing.get(name_key(spec.name))
        if body is None:
            chair = _live(orgs, spec.chair) if spec.chair else None
            body = services.coordination_body_create(
                scope=scope,
                data={
                    "name": spec.name,
                    "acronym": spec.acronym,
                    "kind": spec.kind,
                    "scope": spec.scope,
                    "country": spec.country,
                    "chair_organization": chair,
                    "tags": list(spec.tags),
                    "notes": spec.notes,
                },
            )
        if body.is_deleted:
            continue
        members = set(
            BodyMembership.all_objects.filter(body=body).values_list("organization_id", flat=True)
        )
        for member in spec.members:
            organization = _live(orgs, member.organization)
            if organization is None or organization.pk in members:
                continue
            services.body_membership_add(
                scope=scope,
                body=body,
                data={
                    "organization": organization,
                    "role": member.role,
                    "start_date": member.start_date,
                    "end_date": member.end_date,
                },
            )


def _relationships(scope: Scope, orgs: Orgs) -> None:
    existing = set(
        Relationship.all_objects.filter(workspace=scope.workspace).values_list(
            "from_organization_id", "to_organization_id", "kind"
        )
    )
    for spec in RELATIONSHIPS:
        source = _live(orgs, spec.from_organization)
        target = _live(orgs, spec.to_organization)
        if source is None or target is None or (source.pk, target.pk, spec.kind) in existing:
            continue
        services.relationship_create(
            scope=scope,
            data={
                "from_organization": source,
                "to_organization": target,
                "kind": spec.kind,
                "status": spec.status,
                "since": spec.since,
                "notes": spec.notes,
            },
        )


@dataclass(frozen=True)
class _Refs:
    """What engagement content refers to by name, resolved once."""

    scope: Scope
    orgs: Orgs
    people: Mapping[str, Person]
    bodies: Mapping[str, CoordinationBody]
    members: Mapping[str, Membership]  # active memberships by the user's email
    existing: Mapping[tuple[str, dt.date], Engagement]  # by (title_key, start_date)

    def organization(self, name: str) -> Organization | None:
        return _live(self.orgs, name) if name else None

    def person(self, name: str) -> Person | None:
        person = self.people.get(name_key(name)) if name else None
        return None if person is None or person.is_deleted else person

    def body(self, name: str) -> CoordinationBody | None:
        body = self.bodies.get(name_key(name)) if name else None
        return None if body is None or body.is_deleted else body


def _engagements(scope: Scope, orgs: Orgs) -> None:
    workspace = scope.workspace
    members = Membership.objects.filter(workspace=workspace, is_active=True).select_related("user")
    refs = _Refs(
        scope=scope,
        orgs=orgs,
        people=_by_name_key(Person, workspace),
        bodies=_by_name_key(CoordinationBody, workspace),
        members={m.user.email: m for m in members},
        existing={
            (e.title_key, e.start_date): e
            for e in Engagement.all_objects.filter(workspace=workspace)
        },
    )
    for spec in ALL_ENGAGEMENTS:
        _engagement(refs, spec, None)


def _engagement(refs: _Refs, spec: EngagementSpec, parent: Engagement | None) -> None:
    engagement = refs.existing.get((name_key(spec.title), spec.start_date))
    if engagement is None:
        if parent is not None and (
            spec.start_date < parent.start_date or spec.last_date > parent.end_date
        ):
            return  # the parent was moved while exploring: never widen it
        engagement = engagement_services.engagement_create(
            scope=refs.scope,
            data={
                "kind": spec.kind,
                "title": spec.title,
                "start_date": spec.start_date,
                "end_date": spec.last_date,
                "start_time": spec.start_time,
                "end_time": spec.end_time,
                "timezone": spec.timezone,
                "mode": spec.mode,
                "country": spec.country,
                "region": spec.region,
                "city": spec.city,
                "venue": spec.venue,
                "parent": parent,
                "host_organization": refs.organization(spec.host),
                "objectives": spec.objectives,
                "summary": spec.summary,
                "notes": spec.notes,
                "tags": list(spec.tags),
            },
        )
        _parts(refs, spec, engagement)
    if engagement.is_deleted:
        return
    for part in spec.parts:
        _engagement(refs, part, engagement)


def _participant_target(refs: _Refs, spec: ParticipantSpec) -> dict[str, Any] | None:
    if spec.member:
        member = refs.members.get(spec.member)
        return None if member is None else {"member": member}
    if spec.person:
        person = refs.person(spec.person)
        return None if person is None else {"person": person}
    if spec.body:
        body = refs.body(spec.body)
        return None if body is None else {"coordination_body": body}
    organization = refs.organization(spec.organization)
    return None if organization is None else {"organization": organization}


def _parts(refs: _Refs, spec: EngagementSpec, engagement: Engagement) -> None:
    """The parts of a just-created engagement; those whose target is gone are left out."""
    scope, today = refs.scope, timezone.localdate()
    for participant in spec.participants:
        target = _participant_target(refs, participant)
        if target is not None:
            engagement_services.participant_add(
                scope=scope, engagement=engagement, data={**target, "role": participant.role}
            )
    for position, outcome in enumerate(spec.outcomes):
        organization = refs.organization(outcome.organization)
        if outcome.organization and organization is None:
            continue
        engagement_services.outcome_add(
            scope=scope,
            engagement=engagement,
            data={
                "statement": outcome.statement,
                "organization": organization,
                "position": position,
            },
        )
    for link in spec.links:
        engagement_services.link_add(
            scope=scope,
            engagement=engagement,
            data={"kind": link.kind, "label": link.label, "url": link.url},
        )
    if spec.audience:
        engagement_services.audience_set(
            scope=scope,
            engagement=engagement,
            counts=[
                {"dimension": a.dimension, "category": a.category, "count": a.count}
                for a in spec.audience
            ],
        )
    for reading in spec.reach:
        if reading.as_of > today:
            continue  # a clock behind the content: a reading cannot be dated in the future
        engagement_services.reach_record(
            scope=scope,
            engagement=engagement,
            data={
                "metric": reading.metric,
                "value": reading.value,
                "as_of": reading.as_of,
                "source": reading.source,
                "note": reading.note,
            },
        )
    for follow_up in spec.follow_ups:
        owner = refs.members.get(follow_up.owner)
        counterpart = refs.organization(follow_up.counterpart)
        if owner is None or (follow_up.counterpart and counterpart is None):
            continue
        if follow_up.done_on is not None and follow_up.done_on > today:
            continue
        engagement_services.follow_up_create(
            scope=scope,
            data={
                "title": follow_up.title,
                "engagement": engagement,
                "owner": owner.user,
                "counterpart_organization": counterpart,
                "due_date": follow_up.due_date,
                "status": follow_up.status,
                "done_on": follow_up.done_on,
                "notes": follow_up.notes,
            },
        )
