"""The demo workspace: true-to-life content, safe placeholders, and idempotent loading."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password

from enlace.accounts.models import User
from enlace.core.errors import ValidationError
from enlace.core.fields import name_key
from enlace.core.models import ApiToken, Membership, Workspace
from enlace.core.permissions import Role
from enlace.core.scoping import scope_for
from enlace.core.services import workspace_create
from enlace.demo.content.coordination import BODIES, RELATIONSHIPS
from enlace.demo.content.organizations import ORGANIZATIONS
from enlace.demo.content.people import PEOPLE
from enlace.demo.loader import (
    ALL_ORGANIZATIONS,
    ALL_PEOPLE,
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_SLUG,
    DEMO_USERS,
    load_demo,
)
from enlace.engagements.models import (
    Attachment,
    AudienceCount,
    Engagement,
    EngagementLink,
    FollowUp,
    Outcome,
    Participant,
    ReachReading,
)
from enlace.stakeholders import selectors, services
from enlace.stakeholders.models import (
    BodyMembership,
    CoordinationBody,
    Organization,
    Person,
    Relationship,
    RelationshipKind,
)
from enlace.testing import make_user

MODELS = (Organization, Person, CoordinationBody, BodyMembership, Relationship)
ENGAGEMENT_MODELS = (
    Engagement,
    Participant,
    Outcome,
    EngagementLink,
    AudienceCount,
    ReachReading,
    FollowUp,
)
PHONE = re.compile(r"^\+(56 9 0000 00|52 55 0000 00|254 700 000 0|243 800 000 0)\d\d$")


def snapshot() -> dict[str, object]:
    """Every row the demo touches, with its version, and every history row."""
    state: dict[str, object] = {
        "users": sorted(User.objects.values_list("email", "password")),
        "workspaces": sorted(Workspace.objects.values_list("slug", "name")),
        "workspace_history": Workspace.history.count(),
        "memberships": sorted(
            Membership.objects.values_list("user__email", "role", "organization_id")
        ),
        "membership_history": Membership.history.count(),
        "tokens": ApiToken.objects.count(),
    }
    for model in (*MODELS, *ENGAGEMENT_MODELS, Attachment):
        state[model.__name__] = sorted(
            (str(pk), version, updated)
            for pk, version, updated in model.all_objects.values_list("id", "version", "updated_at")
        )
        state[f"{model.__name__}_history"] = model.history.count()
    return state


# The content itself, checked without a database


def test_demo_names_are_unique_and_references_resolve():
    org_keys = [name_key(o.name) for o in ORGANIZATIONS]
    assert len(org_keys) == len(set(org_keys))
    assert len({name_key(p.full_name) for p in PEOPLE}) == len(PEOPLE)
    seen: set[str] = set()
    for org in ORGANIZATIONS:
        assert not org.parent or org.parent in seen, f"{org.name}: parent listed after it"
        seen.add(org.name)
    assert all(p.organization in seen for p in PEOPLE)
    for body in BODIES:
        assert not body.chair or body.chair in seen
        assert all(m.organization in seen for m in body.members)
        assert len({m.organization for m in body.members}) == len(body.members)
    assert all(r.from_organization in seen and r.to_organization in seen for r in RELATIONSHIPS)
    keys = [(r.from_organization, r.to_organization, r.kind) for r in RELATIONSHIPS]
    assert len(keys) == len(set(keys))


def test_demo_contact_details_are_placeholders():
    for person in PEOPLE:
        assert not person.email or person.email.endswith("@example.org"), person.full_name
        assert not person.phone or PHONE.match(person.phone), person.phone
        # Contact details are recorded only for people who agreed to be contacted.
        if person.email or person.phone:
            assert person.may_contact, person.full_name
        if person.lived_experience:
            assert not person.may_name_publicly and not person.may_photograph
    for org in ORGANIZATIONS:
        assert not org.website or org.website.endswith(".example.org")
    assert all(u.email.endswith("@enlace.example") for u in DEMO_USERS)


def test_demo_password_meets_the_length_and_common_password_rules():
    # Without a user: the published demo password resembles the demo addresses on purpose.
    validate_password(DEMO_PASSWORD)


# Loading


@pytest.mark.django_db
def test_load_demo_builds_the_workspace_and_one_login_per_role():
    workspace = load_demo()
    assert workspace.slug == DEMO_SLUG
    assert workspace.is_demo
    assert not workspace.require_mfa_for_admins
    roles = dict(Membership.objects.filter(workspace=workspace).values_list("user__email", "role"))
    assert roles == {spec.email: spec.role for spec in DEMO_USERS}
    assert set(roles.values()) == set(Role.values)
    for spec in DEMO_USERS:
        assert authenticate(email=spec.email, password=DEMO_PASSWORD) is not None
    partner = Membership.objects.get(workspace=workspace, role=Role.PARTNER)
    assert partner.organization is not None
    assert partner.organization.name == "Instituto Nacional de Derechos Humanos"


@pytest.mark.django_db
def test_load_demo_content_is_true_to_life():
    workspace = load_demo()
    orgs = Organization.objects.filter(workspace=workspace)
    assert orgs.count() == len(ALL_ORGANIZATIONS)
    assert {"CL", "MX", "KE", "CD"} <= {str(c) for c in orgs.values_list("country", flat=True)}
    assert {"nhri", "government", "enforcement", "justice", "ngo", "survivor_led"} <= set(
        orgs.values_list("kind", flat=True)
    )
    assert {"donor", "multilateral", "embassy", "community"} <= set(
        orgs.values_list("kind", flat=True)
    )
    office = orgs.get(name="Sede Regional Biobío")
    assert office.parent is not None and office.parent.name == "Unidad de Protección"
    assert office.parent.parent is not None
    assert office.parent.parent.acronym == "INDH"

    people = Person.objects.filter(workspace=workspace)
    assert people.count() == len(ALL_PEOPLE)
    assert people.filter(lived_experience=True).count() in {1, 2}
    assert people.filter(may_name_publicly=True).exists()
    assert people.filter(may_contact=False, may_name_publicly=False).exists()
    assert len(set(people.values_list("discipline", flat=True))) >= 6

    roundtable = CoordinationBody.objects.get(workspace=workspace, scope="national", country="CL")
    assert roundtable.chair_organization is not None
    assert roundtable.memberships.filter(role="chair").count() == 1
    assert roundtable.memberships.exclude(end_date=None).exists()
    assert CoordinationBody.objects.filter(workspace=workspace, scope="global").exists()
    kinds = set(Relationship.objects.filter(workspace=workspace).values_list("kind", flat=True))
    assert kinds == set(RelationshipKind.values)
    assert BodyMembership.objects.filter(workspace=workspace).count() == sum(
        len(b.members) for b in BODIES
    )


@pytest.mark.django_db
def test_every_demo_record_has_history_by_the_demo_owner():
    load_demo()
    owner = User.objects.get(email=DEMO_EMAIL)
    for model in (*MODELS, *ENGAGEMENT_MODELS):
        assert model.history.exclude(history_user=owner).count() == 0
        assert model.history.filter(history_type="+").count() == model.objects.count() > 0


@pytest.mark.django_db
def test_load_demo_twice_creates_and_changes_nothing():
    load_demo()
    before = snapshot()
    load_demo()
    assert snapshot() == before


@pytest.mark.django_db
def test_load_demo_leaves_edited_and_trashed_records_alone():
    workspace = load_demo()
    scope = scope_for(User.objects.get(email=DEMO_EMAIL), workspace)
    ngo = Organization.objects.get(workspace=workspace, name="Fundación Horizonte Migrante")
    services.organization_update(scope=scope, organization=ngo, data={"city": "Talcahuano"})
    # A person of the Tarapacá regional office, enrolled in the INDH's virtual training.
    person = Person.objects.get(workspace=workspace, full_name="Fernanda Vidal Olave")
    services.person_delete(scope=scope, person=person)
    before = snapshot()

    load_demo()

    assert snapshot() == before
    ngo.refresh_from_db()
    assert ngo.city == "Talcahuano"
    assert Person.all_objects.get(pk=person.pk).is_deleted


@pytest.mark.django_db
def test_load_demo_adds_what_is_missing():
    workspace = load_demo()
    Relationship.all_objects.filter(workspace=workspace, kind="referral").delete()
    Membership.objects.filter(workspace=workspace, role=Role.VIEWER).delete()

    load_demo()

    assert Relationship.objects.filter(workspace=workspace, kind="referral").count() == sum(
        r.kind == "referral" for r in RELATIONSHIPS
    )
    assert Membership.objects.filter(workspace=workspace, role=Role.VIEWER).exists()
    assert Organization.objects.filter(workspace=workspace).count() == len(ALL_ORGANIZATIONS)


@pytest.mark.django_db
def test_load_demo_never_writes_into_a_real_workspace_with_the_demo_slug():
    workspace_create(slug=DEMO_SLUG, name="Our real work", owner=make_user("real@ngo.example"))
    with pytest.raises(ValidationError):
        load_demo()
    assert Organization.all_objects.count() == 0


@pytest.mark.django_db
def test_demo_roles_see_what_their_role_allows():
    workspace = load_demo()
    scopes = {
        spec.role: scope_for(User.objects.get(email=spec.email), workspace) for spec in DEMO_USERS
    }
    everyone = Person.objects.filter(workspace=workspace).count()
    survivors = Person.objects.filter(workspace=workspace, lived_experience=True).count()
    assert selectors.person_list(scope=scopes[Role.MANAGER]).count() == everyone
    assert selectors.person_list(scope=scopes[Role.VIEWER]).count() == everyone - survivors

    partner_orgs = set(
        selectors.organization_list(scope=scopes[Role.PARTNER]).values_list("name", flat=True)
    )
    assert partner_orgs == {
        "Instituto Nacional de Derechos Humanos",
        "Unidad de Protección",
        "Sede Regional Biobío",
        "Sede Regional Tarapacá",
    }
    partner_people = selectors.person_list(scope=scopes[Role.PARTNER])
    assert partner_people.exists()
    assert {p.organization.name for p in partner_people} <= partner_orgs
