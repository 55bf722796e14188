"""`enlace demo-data`: load the demo workspace (idempotent: running it twice changes nothing)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from enlace.demo.loader import DEMO_PASSWORD, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Create or complete the fictional demo workspace."

    def handle(self, *args: Any, **opts: Any) -> None:
        workspace = load_demo()
        self.stdout.write(f"Demo workspace '{workspace.name}' is ready at /w/{workspace.slug}/.")
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        for spec in DEMO_USERS:
            self.stdout.write(f"  {spec.email:<28} {spec.role}")
