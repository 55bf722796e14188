"""`enlace demo-data`: load the demo workspace (idempotent: running it twice changes nothing)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from enlace.core.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Create or refresh the fictional demo workspace."

    def handle(self, *args: Any, **opts: Any) -> None:
        workspace = load_demo()
        self.stdout.write(
            f"Demo workspace '{workspace.name}' ready. Sign in as {DEMO_EMAIL} / {DEMO_PASSWORD}"
        )
