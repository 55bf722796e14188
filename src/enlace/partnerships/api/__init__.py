"""API routers for partnerships: opportunities (with their stage moves, deadlines, documents and
the forecast), the exchange-rate table, and agreements with their obligations.

Each endpoint parses, resolves ids through the scoped selectors, calls the services and lets the
schema serialise. The services own permissions, validation and versions; an endpoint only refuses
a role early, before it reads anything on the caller's behalf. The endpoints every resource has
are written once, in `enlace.api.resource`.
"""

from __future__ import annotations

from ninja import Router

from enlace.partnerships.api import agreements, deadlines, documents, opportunities, rates

# An opportunity's parts, and the agreement made from it, answer under its own path.
for part in (deadlines.router, documents.router, agreements.opportunity_router):
    opportunities.router.add_router("", part)

# The forecast comes first: `/opportunities/{id}` would take "forecast" for an id.
routers: dict[str, Router] = {
    "/opportunities/forecast": opportunities.forecast_router,
    "/opportunities": opportunities.router,
    "/exchange-rates": rates.router,
    "/agreements": agreements.router,
}
