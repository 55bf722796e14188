"""API routers for learning: curricula, assessments and certificates, and the learning side of
an engagement of kind training or workshop (its settings, sessions, instruments, enrolments,
attendance, responses, learning summary and certificates) under `/engagements/{id}/...`.

Each endpoint parses, resolves ids through the scoped selectors, calls the services and lets the
schema serialise. The services own permissions, validation and versions; an endpoint only refuses
a role early, before it reads anything on the caller's behalf. The endpoints every resource has
are written once, in `enlace.api.resource`.
"""

from __future__ import annotations

from ninja import Router

from enlace.learning.api import (
    assessments,
    certificates,
    curricula,
    enrollments,
    responses,
    summary,
    trainings,
)

# A training's parts answer under its engagement's path, beside the engagements' own endpoints.
training_parts = Router(tags=["trainings"])
for part in (
    trainings.router,
    enrollments.router,
    responses.router,
    summary.router,
    certificates.router,
):
    training_parts.add_router("", part)

routers: dict[str, Router] = {
    "/curricula": curricula.router,
    "/assessments": assessments.router,
    "/certificates": certificates.certificate_router,
    "/engagements": training_parts,
}
