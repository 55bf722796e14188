"""API routers for the registry: organizations, people, coordination bodies, relationships."""

from __future__ import annotations

from ninja import Router

routers: dict[str, Router] = {}
