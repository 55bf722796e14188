"""`enlace create-user --email E --password-stdin`: create (or update the password of) a user."""

from __future__ import annotations

import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email


class Command(BaseCommand):
    help = "Create a user who signs in with an email address and a password read from stdin."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="", help="Full name")
        parser.add_argument(
            "--password-stdin", action="store_true", help="Read the password from standard input"
        )

    def handle(self, *args: Any, email: str, name: str, password_stdin: bool, **opts: Any) -> None:
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"Not an email address: {email!r}") from exc
        if not password_stdin:
            raise CommandError("Pass --password-stdin and the password on standard input.")
        password = sys.stdin.readline().rstrip("\n")
        User = get_user_model()
        user = User.objects.filter(email=email).first()
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if user is None:
            user = User.objects.create_user(email=email, password=password, full_name=name)
            self.stdout.write(f"Created user {email}")
        else:
            user.set_password(password)
            if name:
                user.full_name = name
            user.save()
            self.stdout.write(f"Updated the password of {email}")
