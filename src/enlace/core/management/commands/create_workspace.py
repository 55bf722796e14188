"""`enlace create-workspace --slug S --name N --owner E`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.core.models import Workspace
from enlace.core.services import workspace_create


class Command(BaseCommand):
    help = "Create a workspace with an owner."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--owner", required=True, help="The owner's email address")

    def handle(self, *args: Any, slug: str, name: str, owner: str, **opts: Any) -> None:
        user = get_user_model().objects.filter(email=owner.strip().lower()).first()
        if user is None:
            raise CommandError(f"No user {owner}; create it first with `enlace create-user`.")
        if Workspace.objects.filter(slug=slug).exists():
            raise CommandError(f"A workspace with the slug {slug!r} exists already.")
        try:
            workspace = workspace_create(slug=slug, name=name, owner=user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Created workspace {workspace.slug} owned by {owner}")
