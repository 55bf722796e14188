"""`enlace generate-scale-data --scale N`: the synthetic workspace the benchmark measures."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from enlace.demo.scale import DEFAULT_SEED, SCALE_EMAIL, SCALE_PASSWORD, generate


class Command(BaseCommand):
    help = (
        "Build a synthetic workspace for measuring speed: scale 1 is 5,000 organisations, "
        "100,000 people, 50,000 engagements, about 1,000,000 attendance marks and 2,000,000 "
        "answers. Deterministic for a given seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1 is the full size.")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--workspace", default="scale", help="The workspace's slug.")
        parser.add_argument(
            "--replace", action="store_true", help="Delete the workspace first if it exists."
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        started = time.monotonic()
        counts = generate(
            scale=opts["scale"],
            seed=opts["seed"],
            workspace_slug=opts["workspace"],
            replace=opts["replace"],
            stdout=self.stdout,
        )
        for label, count in sorted(counts.items()):
            self.stdout.write(f"  {label:<32} {count:>10,}")
        self.stdout.write(f"  {'total':<32} {sum(counts.values()):>10,}")
        self.stdout.write(
            f"Workspace '{opts['workspace']}' built in {time.monotonic() - started:.1f} s; "
            f"sign in as {SCALE_EMAIL} (password {SCALE_PASSWORD})."
        )
