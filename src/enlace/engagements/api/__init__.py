"""API routers for engagements (with their participants, reach and attachments) and follow-ups.

Each endpoint parses, resolves ids through the scoped selectors, calls the services and lets the
schema serialise. The services own permissions, validation and versions; an endpoint only refuses
a role early, before it reads anything on the caller's behalf. The endpoints every resource has
are written once, in `enlace.api.resource`.
"""

from __future__ import annotations

from ninja import Router

from enlace.engagements.api import attachments, engagements, follow_ups, participants, reach

# An engagement's parts answer under its own path.
for part in (participants.router, reach.router, attachments.router):
    engagements.router.add_router("", part)

routers: dict[str, Router] = {
    "/engagements": engagements.router,
    "/follow-ups": follow_ups.router,
}
