"""How long a field visit report takes: a visit with five parts (each with eight people, an
organisation, audience counts and two reach readings), drafted and rendered to each format,
on a fresh SQLite database. Prints the median of 5 runs per format and the query count.

Run: .venv/bin/python benchmarks/bench_reports.py   (or `make bench`)
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ["ENLACE_VAR_DIR"] = tempfile.mkdtemp(prefix="enlace-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.config.settings")
os.environ.pop("DATABASE_URL", None)
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from enlace.core.scoping import Scope  # noqa: E402
from enlace.engagements.models import Engagement  # noqa: E402
from enlace.engagements.services import parts, reach  # noqa: E402
from enlace.engagements.tests import factories as engagements  # noqa: E402
from enlace.reports import exports  # noqa: E402
from enlace.stakeholders.tests import factories as registry  # noqa: E402
from enlace.testing import make_member, make_workspace  # noqa: E402

RUNS = 5
START = dt.date(2026, 3, 2)


def build(scope: Scope) -> Engagement:
    visit = engagements.engagement(
        scope,
        kind="field_visit",
        title="Field visit to Santiago",
        start_date=START,
        end_date=START + dt.timedelta(days=4),
        objectives="Train the regional teams and meet the national roundtable.",
    )
    for day in range(5):
        org = registry.organization(scope, name=f"Institution {day}")
        child = engagements.engagement(
            scope,
            kind="seminar",
            title=f"Part {day + 1}",
            parent=visit,
            start_date=START + dt.timedelta(days=day),
            summary="What happened, in a few paragraphs. " * 20,
        )
        engagements.participant(scope, child, organization=org)
        for n in range(8):
            person = registry.person(
                scope,
                full_name=f"Person {day}-{n}",
                organization=org,
                position="Lawyer",
                discipline="legal",
            )
            engagements.participant(scope, child, person=person)
        parts.audience_set(
            scope=scope,
            engagement=child,
            counts=[
                {"dimension": "sex", "category": "female", "count": 40},
                {"dimension": "sex", "category": "male", "count": 25},
            ],
        )
        for metric, value in (("in_person_attendees", 65), ("recording_views", 320)):
            reach.reach_record(
                scope=scope,
                engagement=child,
                data={"metric": metric, "value": value, "as_of": START + dt.timedelta(days=day)},
            )
    return visit


def main() -> None:
    logging.disable(logging.INFO)
    call_command("migrate", verbosity=0)
    scope = make_member(make_workspace("bench"), "owner")
    visit = build(scope)
    print(f"{'format':>8} {'median ms':>10} {'queries':>8}")
    for format in exports.FORMATS:
        durations = []
        queries = 0
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                exports.field_visit_file(
                    scope=scope, engagement=visit, format=format, audience="public", language="es"
                )
                durations.append(time.perf_counter() - start)
            queries = len(captured)
        print(f"{format:>8} {statistics.median(durations) * 1000:>10.0f} {queries:>8}")


if __name__ == "__main__":
    main()
