"""API routers for the registry: organizations, people, coordination bodies, relationships.

Each endpoint parses, resolves ids through the scoped selectors, calls one service and lets the
schema serialise. The services own permissions, validation and versions; an endpoint only refuses
a role early, before it reads anything on the caller's behalf. The endpoints every resource has
are written once, in `enlace.api.resource`; each resource's module says what is its own.
"""

from __future__ import annotations

from ninja import Router

from enlace.stakeholders.api import bodies, organizations, people, relationships

routers: dict[str, Router] = {
    "/organizations": organizations.router,
    "/people": people.router,
    "/coordination-bodies": bodies.router,
    "/relationships": relationships.router,
}
