"""`enlace report field-visit ENGAGEMENT_ID --format pdf --audience public --lang es -o FILE
--workspace SLUG --user EMAIL`: write a report as that member would download it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.core.errors import Http404
from enlace.core.scoping import scope_for
from enlace.engagements import selectors as engagement_selectors
from enlace.reports import exports


class Command(BaseCommand):
    help = (
        "Write the field visit report of an engagement, read as a member of its workspace sees "
        "it, to a file (or to standard output with -o -)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["field-visit"], help="The kind of report")
        parser.add_argument("engagement_id", help="The engagement's id")
        parser.add_argument("--format", choices=exports.FORMATS, default="md")
        parser.add_argument("--audience", choices=exports.AUDIENCES, default="internal")
        parser.add_argument("--lang", choices=exports.LANGUAGES, default="en")
        parser.add_argument(
            "-o",
            "--output",
            default="",
            help="The file to write; '-' for standard output; by default the report's file name",
        )
        parser.add_argument("--workspace", required=True, help="The workspace slug")
        parser.add_argument(
            "--user", required=True, help="The email of the member whose view the report takes"
        )

    def handle(
        self,
        *args: Any,
        kind: str,
        engagement_id: str,
        format: str,
        audience: str,
        lang: str,
        output: str,
        workspace: str,
        user: str,
        **opts: Any,
    ) -> None:
        account = get_user_model().objects.filter(email=user.strip().lower()).first()
        try:
            scope = scope_for(account, workspace)
        except Http404 as exc:
            raise CommandError("No such member of that workspace.") from exc
        try:
            engagement = engagement_selectors.engagement_get(scope=scope, id=engagement_id)
        except Http404 as exc:
            raise CommandError(f"No engagement {engagement_id} in {workspace}.") from exc
        report = exports.field_visit_file(
            scope=scope, engagement=engagement, format=format, audience=audience, language=lang
        )
        if output == "-":
            sys.stdout.buffer.write(report.content)
            sys.stdout.buffer.flush()
            return
        path = Path(output or report.filename)
        try:
            path.write_bytes(report.content)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror}") from exc
        self.stdout.write(f"Wrote {path} ({len(report.content)} bytes)")
