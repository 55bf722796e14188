"""How long the learning summary (the figures of a training's dashboard) and the dashboard page
take as a training grows: 30, 300 and 1,000 participants, each with a pre- and a post-test of
20 questions, on a fresh SQLite database. Prints the median of 5 runs and the query count.

Run: .venv/bin/python benchmarks/bench_learning.py   (or `make bench`)
"""

from __future__ import annotations

import logging
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

VAR_DIR = tempfile.mkdtemp(prefix="enlace-bench-")
os.environ["ENLACE_VAR_DIR"] = VAR_DIR
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.config.settings")
os.environ.pop("DATABASE_URL", None)
os.environ["ALLOWED_HOSTS"] = "testserver"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from enlace.learning.models import (  # noqa: E402
    Answer,
    Enrollment,
    ExperienceLevel,
    Response,
    ResponseSource,
)
from enlace.learning.selectors.summary import learning_summary  # noqa: E402
from enlace.learning.tests import factories as f  # noqa: E402
from enlace.stakeholders.models import Discipline, Person  # noqa: E402
from enlace.testing import make_member, make_workspace  # noqa: E402

SIZES = (30, 300, 1000)
RUNS = 5
ITEMS = 20


def build(size: int) -> tuple[object, object]:
    workspace = make_workspace(f"bench{size}")
    scope = make_member(workspace, "owner")
    training = f.make_training(scope, sessions=5)
    items = [f.single(f"Question {n}", answer=n % 3) for n in range(ITEMS)]
    pre = f.attach(scope, training, f.make_assessment(scope, items), "pre")
    post = f.attach(scope, training, f.make_assessment(scope, items), "post")
    rng = random.Random(size)
    people = Person.objects.bulk_create(
        Person(
            workspace=workspace,
            full_name=f"Participant {n}",
            name_key=f"participant {n}",
            discipline=rng.choice(Discipline.values),
        )
        for n in range(size)
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(
            workspace=workspace,
            training=training,
            person=person,
            experience_level=rng.choice(ExperienceLevel.values),
        )
        for person in people
    )
    for instrument, skill in ((pre, 0.45), (post, 0.7)):
        live = f.items_of(instrument.assessment)
        responses = []
        answers = []
        for enrollment in enrollments:
            right = [rng.random() < skill for _ in live]
            response = Response(
                workspace=workspace,
                enrollment=enrollment,
                instrument=instrument,
                phase=instrument.phase,
                source=ResponseSource.STAFF,
                points_earned=sum(right),
                points_possible=len(live),
            )
            responses.append(response)
            answers.extend(
                Answer(
                    workspace=workspace,
                    response=response,
                    item=item,
                    choice=item.answer if ok else (item.answer + 1) % 3,
                    points_earned=int(ok),
                    correct=ok,
                )
                for item, ok in zip(live, right, strict=True)
            )
        Response.objects.bulk_create(responses)
        Answer.objects.bulk_create(answers, batch_size=2000)
    return scope, training


def timed(run: object) -> tuple[float, int]:
    durations = []
    queries = 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            run()  # type: ignore[operator]
            durations.append(time.perf_counter() - start)
        queries = len(captured)
    return statistics.median(durations) * 1000, queries


def main() -> None:
    logging.disable(logging.INFO)
    call_command("migrate", verbosity=0)
    print(f"{'participants':>12} {'summary ms':>11} {'queries':>8} {'page ms':>9} {'queries':>8}")
    for size in SIZES:
        scope, training = build(size)
        summary_ms, summary_queries = timed(
            lambda scope=scope, training=training: learning_summary(
                scope=scope,  # type: ignore[arg-type]
                training=training,  # type: ignore[arg-type]
            )
        )
        client = Client()
        client.force_login(scope.user)  # type: ignore[attr-defined]
        url = (
            f"/w/{scope.workspace.slug}/learning/trainings/"  # type: ignore[attr-defined]
            f"{training.engagement_id}/dashboard/"  # type: ignore[attr-defined]
        )
        assert client.get(url).status_code == 200
        page_ms, page_queries = timed(lambda client=client, url=url: client.get(url))
        print(
            f"{size:>12} {summary_ms:>11.0f} {summary_queries:>8} {page_ms:>9.0f} {page_queries:>8}"
        )


if __name__ == "__main__":
    main()
