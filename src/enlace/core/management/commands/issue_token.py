"""`enlace issue-token --user E --workspace S`: print a new API token once (keep only its hash)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.core.models import Workspace
from enlace.core.services import token_issue


class Command(BaseCommand):
    help = "Issue an API token for a member of a workspace; the token is shown only once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="The user's email address")
        parser.add_argument("--workspace", required=True, help="The workspace slug")
        parser.add_argument("--name", default="", help="A label for the token")

    def handle(self, *args: Any, user: str, workspace: str, name: str, **opts: Any) -> None:
        account = get_user_model().objects.filter(email=user.strip().lower()).first()
        ws = Workspace.objects.filter(slug=workspace).first()
        if account is None or ws is None:
            raise CommandError("No such user or workspace.")
        try:
            _, key = token_issue(workspace=ws, user=account, name=name)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(key)
