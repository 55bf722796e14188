"""How long a period report takes over the demo workspace's year (December 2025 to November
2026): the figures and the Markdown draft, then each format with its charts, on a fresh SQLite
database loaded with the demo. Prints the median of 3 runs per step and the query count; the
issue's goal is under 10 s for the whole report.

Run: .venv/bin/python benchmarks/bench_period_report.py   (or `make bench`)
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

from enlace.core.models import Membership  # noqa: E402
from enlace.core.scoping import scope_for  # noqa: E402
from enlace.demo.loader import load_demo  # noqa: E402
from enlace.reports import exports, render  # noqa: E402

RUNS = 3
START, END = dt.date(2025, 12, 1), dt.date(2026, 11, 30)


def main() -> None:
    logging.disable(logging.INFO)
    call_command("migrate", verbosity=0)
    workspace = load_demo()
    owner = Membership.objects.filter(workspace=workspace, role="owner").first()
    assert owner is not None
    scope = scope_for(owner.user, workspace)

    def draft() -> exports.PeriodDraft:
        return exports.period_draft(
            scope=scope, start=START, end=END, countries=(), audience="public", language="es"
        )

    made = draft()
    charts = made.figures.get("charts", {})
    steps = {
        "figures + draft": draft,
        "html": lambda: render.to_html(
            made.markdown, title="Demo", language="es", audience="public", charts=charts
        ),
        "pdf": lambda: render.to_pdf(
            made.markdown, title="Demo", language="es", audience="public", charts=charts
        ),
        "docx": lambda: render.to_docx(
            made.markdown, title="Demo", language="es", audience="public", charts=charts
        ),
    }
    print(f"period {START} to {END}: {len(charts)} charts, {len(made.markdown)} characters")
    print(f"{'step':>16} {'median ms':>10} {'queries':>8}")
    total = 0.0
    for name, step in steps.items():
        durations = []
        queries = 0
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as captured:
                begin = time.perf_counter()
                step()
                durations.append(time.perf_counter() - begin)
            queries = len(captured)
        median = statistics.median(durations)
        if name in ("figures + draft", "pdf"):
            total += median
        print(f"{name:>16} {median * 1000:>10.0f} {queries:>8}")
    print(f"{'draft + pdf':>16} {total * 1000:>10.0f}")


if __name__ == "__main__":
    main()
