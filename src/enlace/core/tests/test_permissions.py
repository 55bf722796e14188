"""The permission matrix, cell by cell: each role performs each action for real (services,
selectors, or the page where the check lives) and the outcome must match EXPECTED, a table
written out here rather than read from PERMISSIONS, so a change to either shows up as a failure.
Partners are also held to their object-level rule: only their organisation and its units."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from enlace.accounts.models import User
from enlace.accounts.services import profile_update
from enlace.core.errors import PermissionDenied, ValidationError
from enlace.core.models import ApiToken, Membership, Workspace
from enlace.core.permissions import PERMISSIONS, Action, Role
from enlace.core.scoping import Scope
from enlace.core.services import member_set, record_purge, token_issue_own, workspace_update
from enlace.stakeholders import selectors, services
from enlace.stakeholders.models import Organization, Person
from enlace.stakeholders.tests import factories
from enlace.testing import make_member, make_user

pytestmark = pytest.mark.django_db

ROLES = (Role.OWNER, Role.MANAGER, Role.EDITOR, Role.PARTNER, Role.VIEWER)
Y, N = True, False

# fmt: off
EXPECTED: dict[Action, tuple[bool, bool, bool, bool, bool]] = {
    #                               owner manager editor partner viewer
    Action.VIEW:                    (Y,    Y,      Y,     Y,      Y),
    Action.CREATE:                  (Y,    Y,      Y,     N,      N),
    Action.CHANGE:                  (Y,    Y,      Y,     N,      N),
    Action.DELETE:                  (Y,    Y,      Y,     N,      N),
    Action.VIEW_HISTORY:            (Y,    Y,      Y,     N,      Y),
    Action.VIEW_TRASH:              (Y,    Y,      N,     N,      N),
    Action.RESTORE:                 (Y,    Y,      N,     N,      N),
    Action.PURGE:                   (Y,    N,      N,     N,      N),
    Action.VIEW_LIVED_EXPERIENCE:   (Y,    Y,      N,     N,      N),
    Action.EXPORT:                  (Y,    Y,      Y,     N,      N),
    Action.MANAGE_MEMBERS:          (Y,    Y,      N,     N,      N),
    Action.MANAGE_WORKSPACE:        (Y,    N,      N,     N,      N),
    Action.ISSUE_OWN_TOKEN:         (Y,    Y,      Y,     Y,      Y),
    Action.EDIT_OWN_PROFILE:        (Y,    Y,      Y,     Y,      Y),
}
# fmt: on


@dataclass
class World:
    """A workspace with a partner organisation (and a unit), another organisation, a person
    with lived experience in the partner's organisation, and one organisation in the trash."""

    workspace: Workspace
    owner: Scope
    partner_org: Organization
    unit: Organization
    other_org: Organization
    survivor: Person
    trashed: Organization


@pytest.fixture
def world(workspace: Workspace, owner: Scope) -> World:
    partner_org = factories.organization(owner, name="Red Andina contra la Trata")
    unit = factories.organization(owner, name="Red Andina, oficina Cusco", parent=partner_org)
    other_org = factories.organization(owner, name="Fiscalía Regional Norte")
    survivor = factories.person(
        owner, full_name="Rosa Quispe", organization=partner_org, lived_experience=True
    )
    trashed = factories.organization(owner, name="Mesa Disuelta")
    trashed = services.organization_delete(scope=owner, organization=trashed)
    return World(workspace, owner, partner_org, unit, other_org, survivor, trashed)


def _scope_for(world: World, role: Role) -> Scope:
    if role == Role.OWNER:
        return world.owner
    organization = world.partner_org if role == Role.PARTNER else None
    return make_member(world.workspace, role, organization)


def _attempt(call: Callable[[], object]) -> bool:
    """True when the action went through, False when the role was refused."""
    try:
        call()
    except PermissionDenied:
        return False
    return True


# One performer per action: it acts, checks the effect matches the answer, and says which.


def _view(w: World, s: Scope) -> bool:
    done = _attempt(lambda: selectors.organization_get(scope=s, id=w.partner_org.pk))
    assert (w.partner_org in selectors.organization_list(scope=s)) is done
    return done


def _create(w: World, s: Scope) -> bool:
    data = {"name": "Fundación Nueva Esperanza", "kind": "ngo"}
    done = _attempt(lambda: services.organization_create(scope=s, data=data))
    assert Organization.objects.filter(name=data["name"]).exists() is done
    return done


def _change(w: World, s: Scope) -> bool:
    # The partner's own organisation: even that one is read-only to a partner.
    org = w.partner_org
    done = _attempt(
        lambda: services.organization_update(scope=s, organization=org, data={"city": "Puno"})
    )
    assert (Organization.objects.get(pk=org.pk).city == "Puno") is done
    return done


def _delete(w: World, s: Scope) -> bool:
    org = w.other_org
    done = _attempt(lambda: services.organization_delete(scope=s, organization=org))
    assert Organization.all_objects.get(pk=org.pk).is_deleted is done
    return done


def _view_history(w: World, s: Scope) -> bool:
    entries: list[object] = []
    done = _attempt(lambda: entries.extend(selectors.record_history(scope=s, record=w.partner_org)))
    assert bool(entries) is done
    return done


def _view_trash(w: World, s: Scope) -> bool:
    # The trash is a page; its view is where the role is checked.
    client = Client()
    client.force_login(s.user)
    response = client.get(reverse("web:trash", args=[w.workspace.slug]))
    assert response.status_code in {200, 403}
    done = response.status_code == 200
    assert (w.trashed.name in response.content.decode()) is done
    return done


def _restore(w: World, s: Scope) -> bool:
    org = w.trashed
    done = _attempt(lambda: services.organization_restore(scope=s, organization=org))
    assert (not Organization.all_objects.get(pk=org.pk).is_deleted) is done
    return done


def _purge(w: World, s: Scope) -> bool:
    org = w.trashed
    done = _attempt(lambda: record_purge(org, scope=s))
    assert (not Organization.all_objects.filter(pk=org.pk).exists()) is done
    return done


def _view_lived_experience(w: World, s: Scope) -> bool:
    # Not a refusal but an absence: the person is simply not in what the role can read.
    visible = w.survivor in selectors.person_list(scope=s)
    if not visible:
        with pytest.raises(Http404):
            selectors.person_get(scope=s, id=w.survivor.pk)
    return visible


def _export(w: World, s: Scope) -> bool:
    # Exports arrive later: until then the cell checks the gate they will call.
    return s.can(Action.EXPORT)


def _manage_members(w: World, s: Scope) -> bool:
    newcomer = make_user("newcomer@alpha.example")
    done = _attempt(lambda: member_set(scope=s, user=newcomer, role=Role.VIEWER))
    assert Membership.objects.filter(workspace=w.workspace, user=newcomer).exists() is done
    return done


def _manage_workspace(w: World, s: Scope) -> bool:
    done = _attempt(lambda: workspace_update(scope=s, data={"name": "Renamed"}))
    assert (Workspace.objects.get(pk=w.workspace.pk).name == "Renamed") is done
    return done


def _issue_own_token(w: World, s: Scope) -> bool:
    done = _attempt(lambda: token_issue_own(scope=s))
    assert ApiToken.objects.filter(user=s.user, workspace=w.workspace).exists() is done
    return done


def _edit_own_profile(w: World, s: Scope) -> bool:
    user = s.user
    done = _attempt(
        lambda: profile_update(actor=user, user=user, full_name="Nuevo Nombre", language="es")
    )
    assert (User.objects.get(pk=user.pk).full_name == "Nuevo Nombre") is done
    return done


PERFORMERS: dict[Action, Callable[[World, Scope], bool]] = {
    Action.VIEW: _view,
    Action.CREATE: _create,
    Action.CHANGE: _change,
    Action.DELETE: _delete,
    Action.VIEW_HISTORY: _view_history,
    Action.VIEW_TRASH: _view_trash,
    Action.RESTORE: _restore,
    Action.PURGE: _purge,
    Action.VIEW_LIVED_EXPERIENCE: _view_lived_experience,
    Action.EXPORT: _export,
    Action.MANAGE_MEMBERS: _manage_members,
    Action.MANAGE_WORKSPACE: _manage_workspace,
    Action.ISSUE_OWN_TOKEN: _issue_own_token,
    Action.EDIT_OWN_PROFILE: _edit_own_profile,
}

CELLS = [(role, action) for action in Action for role in ROLES]


@pytest.mark.parametrize(("role", "action"), CELLS, ids=[f"{r}-{a}" for r, a in CELLS])
def test_matrix_cell(world: World, role: Role, action: Action) -> None:
    scope = _scope_for(world, role)
    expected = EXPECTED[action][ROLES.index(role)]
    assert PERFORMERS[action](world, scope) is expected


def test_the_expected_table_covers_every_action_and_role() -> None:
    assert set(EXPECTED) == set(Action)
    assert set(PERFORMERS) == set(Action)
    assert set(ROLES) == set(Role)
    assert len(ROLES) == len(set(ROLES))


def test_permissions_table_agrees_with_the_expected_table() -> None:
    """Said twice on purpose: a change to PERMISSIONS must be a change to this table too."""
    for action, row in EXPECTED.items():
        allowed = {role for role, yes in zip(ROLES, row, strict=True) if yes}
        assert PERMISSIONS[action] == allowed, action


def test_partners_read_only_their_organisation_and_its_units(world: World) -> None:
    owner = world.owner
    outsider = factories.person(owner, full_name="Juan Pérez", organization=world.other_org)
    insider = factories.person(owner, full_name="Lucía Mamani", organization=world.unit)
    inside_body = factories.coordination_body(owner, name="Mesa Andina")
    services.body_membership_add(
        scope=owner, body=inside_body, data={"organization": world.partner_org, "role": "member"}
    )
    outside_body = factories.coordination_body(owner, name="Mesa Norte")
    services.body_membership_add(
        scope=owner, body=outside_body, data={"organization": world.other_org, "role": "member"}
    )
    third = factories.organization(owner, name="Ministerio del Trabajo")
    outside_rel = factories.relationship(
        owner, from_organization=world.other_org, to_organization=third
    )
    inside_rel = factories.relationship(
        owner, from_organization=world.unit, to_organization=world.other_org
    )

    partner = _scope_for(world, Role.PARTNER)

    assert set(selectors.organization_list(scope=partner)) == {world.partner_org, world.unit}
    assert selectors.organization_get(scope=partner, id=world.unit.pk) == world.unit
    with pytest.raises(Http404):
        selectors.organization_get(scope=partner, id=world.other_org.pk)
    people = set(selectors.person_list(scope=partner))
    assert insider in people
    assert outsider not in people
    with pytest.raises(Http404):
        selectors.person_get(scope=partner, id=outsider.pk)
    assert set(selectors.coordination_body_list(scope=partner)) == {inside_body}
    assert set(selectors.relationship_list(scope=partner)) == {inside_rel}
    with pytest.raises(Http404):
        selectors.relationship_get(scope=partner, id=outside_rel.pk)

    # The same rows are all there for a viewer, who is not limited to one organisation.
    viewer = _scope_for(world, Role.VIEWER)
    assert {world.other_org, third} <= set(selectors.organization_list(scope=viewer))
    assert outsider in set(selectors.person_list(scope=viewer))


def test_only_an_owner_grants_or_touches_the_owner_role(world: World) -> None:
    manager = _scope_for(world, Role.MANAGER)
    someone = make_user("someone@alpha.example")
    with pytest.raises(PermissionDenied):
        member_set(scope=manager, user=someone, role=Role.OWNER)
    with pytest.raises(PermissionDenied):
        member_set(scope=manager, user=world.owner.user, role=Role.VIEWER)
    assert Membership.objects.get(user=world.owner.user).role == Role.OWNER

    member_set(scope=world.owner, user=someone, role=Role.OWNER)
    assert Membership.objects.get(user=someone).role == Role.OWNER


def test_a_partner_organisation_comes_from_the_same_workspace(world: World, other_workspace):
    foreign_owner = make_member(other_workspace, Role.OWNER)
    foreign_org = factories.organization(foreign_owner, name="Otra Organización")
    someone = make_user("someone@alpha.example")
    with pytest.raises(ValidationError):
        member_set(scope=world.owner, user=someone, role=Role.PARTNER, organization=foreign_org)
    assert not Membership.objects.filter(user=someone).exists()


def test_workspace_update_refuses_unknown_fields(world: World) -> None:
    with pytest.raises(ValidationError):
        workspace_update(scope=world.owner, data={"is_demo": True})
    assert not Workspace.objects.get(pk=world.workspace.pk).is_demo
