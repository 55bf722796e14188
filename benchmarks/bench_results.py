# ruff: noqa: S608 - the SQL is built from fixed table names and the benchmark's own constants
"""How long the whole results framework takes: every indicator (one computed indicator per
measure, by country where the measure allows), all quarters and the year of one year of the
synthetic scale workspace, plus each indicator's value to date, cold (cache cleared) through
framework_actuals; and the same numbers by hand-written SQL run directly on the database, one
query per measure and kind of period: over the facts kept as records are saved where a measure
reads them (enlace.results.facts: the fair fastest query), and over the records alone. Prints
the times, the ratio to the first, the per-measure breakdown, whether the numbers agree, and
the framework and dashboard pages' server time and queries.

Run:  .venv/bin/python benchmarks/bench_results.py [--scale 0.1] [--database sqlite|postgres]
      [--runs 3] [--workspace scale] [--read-only]
SQLite uses ENLACE_VAR_DIR (default /tmp/enlace-bench-results); PostgreSQL DATABASE_URL.
The scale workspace is built with enlace.demo.scale.generate(scale=..., replace=True) unless
one of that scale exists. The programme and its indicators are created inside a transaction
that is rolled back at the end: the database is left as it was found.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ARGS = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ARGS.add_argument("--scale", type=float, default=1.0)
ARGS.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
ARGS.add_argument("--runs", type=int, default=3)
ARGS.add_argument("--workspace", default="scale")
ARGS.add_argument(
    "--read-only",
    action="store_true",
    help="never migrate nor generate: use the scale workspace as it is (or stop)",
)
OPTIONS = ARGS.parse_args()

if OPTIONS.database == "sqlite":
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("ENLACE_VAR_DIR", "/tmp/enlace-bench-results")  # noqa: S108
elif not os.environ.get("DATABASE_URL"):
    sys.exit("--database postgres needs DATABASE_URL")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Max, Min  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from enlace.core.models import Membership, Workspace  # noqa: E402
from enlace.core.permissions import Role  # noqa: E402
from enlace.core.scoping import Scope, scope_for  # noqa: E402
from enlace.demo import scale as scale_data  # noqa: E402
from enlace.engagements.models import Engagement  # noqa: E402
from enlace.results import facts  # noqa: E402
from enlace.results.framework import framework_actuals  # noqa: E402
from enlace.results.measures import MEASURES  # noqa: E402
from enlace.results.models import Programme  # noqa: E402
from enlace.results.services import indicators, programmes  # noqa: E402

PARAMS: dict[str, dict[str, Any]] = {
    "people_trained": {},
    "people_attended": {"kinds": ["meeting", "workshop", "training"]},
    "organizations_engaged": {},
    "engagements": {},
    "reach": {"metric": "in_person_attendees"},
    "knowledge_gain_share": {"min_gain": "20"},
    "opportunities_in_stage": {"stage": "submitted"},
    "agreements_active": {},
    "follow_ups_on_time": {},
}


class Abort(Exception):
    """Leave the transaction: everything the benchmark created is rolled back."""


def workspace_for(scale: float, slug: str) -> Workspace:
    existing = Workspace.objects.filter(slug=slug).first()
    if existing is not None and existing.name.startswith(f"Scale {scale:g} "):
        print(f"Reusing the workspace '{slug}' ({existing.name}).")
        return existing
    if OPTIONS.read_only:
        sys.exit(f"No workspace '{slug}' at scale {scale:g}, and --read-only.")
    print(f"Generating the workspace '{slug}' at scale {scale:g}...")
    started = time.perf_counter()
    scale_data.generate(scale=scale, workspace_slug=slug, replace=True)
    print(f"  generated in {time.perf_counter() - started:.1f} s")
    return Workspace.objects.get(slug=slug)


def missing_migration_sql() -> list[str]:
    """--read-only on a database a migration behind: the missing migrations' SQL, to run inside
    the benchmark's transaction so that it is rolled back with the rest (SQLite and PostgreSQL
    both roll back DDL). Collected before the transaction: SQLite's schema editor refuses to
    start inside one."""
    import io

    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    statements: list[str] = []
    for migration, _backwards in executor.migration_plan(executor.loader.graph.leaf_nodes()):
        out = io.StringIO()
        call_command("sqlmigrate", migration.app_label, migration.name, stdout=out)
        print(f"  (applying {migration.app_label}.{migration.name} in the rolled-back transaction)")
        for chunk in out.getvalue().split(";\n"):
            lines = [x for x in chunk.splitlines() if not x.startswith("--")]
            sql = "\n".join(lines).strip().rstrip(";")
            if sql and sql.upper() not in ("BEGIN", "COMMIT"):
                statements.append(sql)
    return statements


def owner_scope(workspace: Workspace) -> Scope:
    membership = Membership.objects.filter(workspace=workspace, role=Role.OWNER).first()
    assert membership is not None
    return scope_for(membership.user, workspace)


def build_programme(scope: Scope) -> tuple[Programme, int]:
    """A programme over the data's years, one computed indicator per measure; the busiest year."""
    span = Engagement.objects.filter(workspace=scope.workspace).aggregate(
        first=Min("start_date"), last=Max("start_date")
    )
    first, last = span["first"].year, span["last"].year
    prog = programmes.programme_create(
        scope=scope,
        data={
            "name": "Benchmark programme",
            "code": "BENCH",
            "start_date": dt.date(first, 1, 1),
            "end_date": dt.date(last, 12, 31),
            "countries": [],
        },
    )
    node = programmes.node_create(
        scope=scope, programme=prog, data={"level": "outcome", "title": "Everything"}
    )
    for position, (name, measure) in enumerate(MEASURES.items()):
        indicators.indicator_create(
            scope=scope,
            data={
                "node": node,
                "code": f"M{position + 1}",
                "name": str(measure.label),
                "source": "computed",
                "measure": name,
                "params": PARAMS[name],
                "unit": measure.unit,
                "disaggregations": ["country"] if "country" in measure.disaggregations else [],
                "position": position,
            },
        )
    busiest = (
        Engagement.objects.filter(workspace=scope.workspace)
        .values("start_date__year")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return prog, int(busiest["start_date__year"]) if busiest else first


# Hand-written SQL: one query per measure and request, the database grouping by its own period
# label; the same visibility rules as the measures for an owner (live rows only).


def label_sql(column: str, granularity: str) -> str:
    if granularity == "programme":
        return "'programme'"
    if connection.vendor == "sqlite":
        if granularity == "year":
            return f"strftime('%Y', {column})"
        return (
            f"(strftime('%Y', {column}) || '-Q' || "
            f"((CAST(strftime('%m', {column}) AS INTEGER) + 2) / 3))"
        )
    if granularity == "year":
        return f"to_char({column}, 'YYYY')"
    return f"to_char({column}, 'YYYY-\"Q\"Q')"


def in_list(values: list[str]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"  # fixed names from PARAMS


def hand_sql(name: str, granularity: str, by_country: bool) -> str:
    """SELECT period, key, value with %(ws)s, %(start)s, %(end)s parameters."""
    key = "COALESCE(o.country, '')" if by_country else "NULL"
    if name == "people_trained":
        label = label_sql("e.end_date", granularity)
        return f"""
            SELECT {label} AS p, {key} AS k, COUNT(DISTINCT en.person_id)
            FROM learning_enrollment en
            JOIN learning_training t ON t.id = en.training_id AND t.deleted_at IS NULL
            JOIN engagements_engagement e ON e.id = t.engagement_id AND e.deleted_at IS NULL
            JOIN stakeholders_person pe ON pe.id = en.person_id AND pe.deleted_at IS NULL
            LEFT JOIN stakeholders_organization o ON o.id = pe.organization_id
            WHERE en.workspace_id = %(ws)s AND en.deleted_at IS NULL AND en.status = 'completed'
              AND e.end_date BETWEEN %(start)s AND %(end)s
            GROUP BY 1, 2"""
    if name == "people_attended":
        label = label_sql("e.start_date", granularity)
        return f"""
            SELECT {label} AS p, {key} AS k, COUNT(DISTINCT pa.person_id)
            FROM engagements_participant pa
            JOIN engagements_engagement e ON e.id = pa.engagement_id AND e.deleted_at IS NULL
            JOIN stakeholders_person pe ON pe.id = pa.person_id AND pe.deleted_at IS NULL
            LEFT JOIN stakeholders_organization o ON o.id = pe.organization_id
            WHERE pa.workspace_id = %(ws)s AND pa.deleted_at IS NULL
              AND e.kind IN {in_list(PARAMS[name]["kinds"])}
              AND e.start_date BETWEEN %(start)s AND %(end)s
            GROUP BY 1, 2"""
    if name == "organizations_engaged":
        label = label_sql("e.start_date", granularity)
        return f"""
            WITH pairs AS (
              SELECT {label} AS p, pa.organization_id AS org
              FROM engagements_participant pa
              JOIN engagements_engagement e ON e.id = pa.engagement_id AND e.deleted_at IS NULL
              JOIN stakeholders_organization o ON o.id = pa.organization_id
                AND o.deleted_at IS NULL
              WHERE pa.workspace_id = %(ws)s AND pa.deleted_at IS NULL
                AND e.start_date BETWEEN %(start)s AND %(end)s
              UNION
              SELECT {label}, pe.organization_id
              FROM engagements_participant pa
              JOIN engagements_engagement e ON e.id = pa.engagement_id AND e.deleted_at IS NULL
              JOIN stakeholders_person pe ON pe.id = pa.person_id AND pe.deleted_at IS NULL
              JOIN stakeholders_organization o ON o.id = pe.organization_id
                AND o.deleted_at IS NULL
              WHERE pa.workspace_id = %(ws)s AND pa.deleted_at IS NULL
                AND e.start_date BETWEEN %(start)s AND %(end)s
              UNION
              SELECT {label}, e.host_organization_id
              FROM engagements_engagement e
              JOIN stakeholders_organization o ON o.id = e.host_organization_id
                AND o.deleted_at IS NULL
              WHERE e.workspace_id = %(ws)s AND e.deleted_at IS NULL
                AND e.start_date BETWEEN %(start)s AND %(end)s
            )
            SELECT pairs.p, {key} AS k, COUNT(*)
            FROM pairs JOIN stakeholders_organization o ON o.id = pairs.org
            GROUP BY 1, 2"""
    e_key = "COALESCE(e.country, '')" if by_country else "NULL"
    if name == "engagements":
        label = label_sql("e.start_date", granularity)
        return f"""
            SELECT {label} AS p, {e_key} AS k, COUNT(*)
            FROM engagements_engagement e
            WHERE e.workspace_id = %(ws)s AND e.deleted_at IS NULL AND e.parent_id IS NULL
              AND e.start_date BETWEEN %(start)s AND %(end)s
            GROUP BY 1, 2"""
    if name == "reach":
        label = label_sql("e.start_date", granularity)
        return f"""
            WITH latest AS (
              SELECT r.engagement_id, r.value, ROW_NUMBER() OVER (
                PARTITION BY r.engagement_id ORDER BY r.as_of DESC, r.created_at DESC, r.id DESC
              ) AS n
              FROM engagements_reachreading r
              WHERE r.workspace_id = %(ws)s AND r.deleted_at IS NULL
                AND r.metric = '{PARAMS[name]["metric"]}'
            )
            SELECT {label} AS p, {e_key} AS k, SUM(latest.value)
            FROM engagements_engagement e JOIN latest ON latest.engagement_id = e.id
              AND latest.n = 1
            WHERE e.workspace_id = %(ws)s AND e.deleted_at IS NULL
              AND e.start_date BETWEEN %(start)s AND %(end)s
            GROUP BY 1, 2"""
    if name == "knowledge_gain_share":
        label = label_sql("e.end_date", granularity)
        return f"""
            SELECT {label} AS p, {key} AS k,
              100.0 * SUM(CASE WHEN 10000 * (post.points_earned * pre.points_possible
                  - pre.points_earned * post.points_possible)
                  >= 2000 * pre.points_possible * post.points_possible THEN 1 ELSE 0 END)
                / COUNT(*)
            FROM learning_enrollment en
            JOIN learning_training t ON t.id = en.training_id AND t.deleted_at IS NULL
            JOIN engagements_engagement e ON e.id = t.engagement_id AND e.deleted_at IS NULL
            JOIN stakeholders_person pe ON pe.id = en.person_id AND pe.deleted_at IS NULL
            LEFT JOIN stakeholders_organization o ON o.id = pe.organization_id
            JOIN learning_response pre ON pre.enrollment_id = en.id AND pre.phase = 'pre'
              AND pre.deleted_at IS NULL AND pre.points_possible > 0
            JOIN learning_response post ON post.enrollment_id = en.id AND post.phase = 'post'
              AND post.deleted_at IS NULL AND post.points_possible > 0
            WHERE en.workspace_id = %(ws)s AND en.deleted_at IS NULL
              AND en.status <> 'withdrawn' AND e.end_date BETWEEN %(start)s AND %(end)s
            GROUP BY 1, 2"""
    if name == "follow_ups_on_time":
        label = label_sql("f.done_on", granularity)
        return f"""
            SELECT {label} AS p, {key} AS k, COUNT(*)
            FROM engagements_followup f
            LEFT JOIN stakeholders_organization o ON o.id = f.counterpart_organization_id
            WHERE f.workspace_id = %(ws)s AND f.deleted_at IS NULL AND f.status = 'done'
              AND f.due_date IS NOT NULL AND f.done_on <= f.due_date
              AND f.done_on BETWEEN %(start)s AND %(end)s
            GROUP BY 1, 2"""
    raise KeyError(name)


def hand_sql_facts(name: str, granularity: str, by_country: bool) -> str | None:
    """hand_sql over the facts kept as records are saved (enlace.results.facts), for the
    measures that read them; None for the others (hand_sql is the same either way)."""
    label = label_sql("f.date", granularity)
    key = "COALESCE(f.person_country, '')" if by_country else "NULL"
    if name == "people_trained":
        return f"""
            SELECT {label} AS p, {key} AS k, COUNT(DISTINCT f.person_id)
            FROM results_enrollmentfact f
            WHERE f.workspace_id = %(ws)s AND f.person_live AND f.status = 'completed'
              AND f.date BETWEEN %(start)s AND %(end)s
            GROUP BY 1, 2"""
    if name == "people_attended":
        return f"""
            SELECT {label} AS p, {key} AS k, COUNT(DISTINCT f.person_id)
            FROM results_participationfact f
            WHERE f.workspace_id = %(ws)s AND f.person_live
              AND f.kind IN {in_list(PARAMS[name]["kinds"])}
              AND f.date BETWEEN %(start)s AND %(end)s
            GROUP BY 1, 2"""
    if name == "organizations_engaged":
        host_label = label_sql("e.start_date", granularity)
        pair_key = "COALESCE(pairs.c, '')" if by_country else "NULL"
        return f"""
            WITH pairs AS (
              SELECT {label} AS p, f.organization_id AS org, f.org_country AS c
              FROM results_participationfact f
              WHERE f.workspace_id = %(ws)s AND f.org_live
                AND f.date BETWEEN %(start)s AND %(end)s
              UNION
              SELECT {label}, f.person_org_id, f.person_country
              FROM results_participationfact f
              WHERE f.workspace_id = %(ws)s AND f.person_live AND f.person_org_live
                AND f.date BETWEEN %(start)s AND %(end)s
              UNION
              SELECT {host_label}, e.host_organization_id, o.country
              FROM engagements_engagement e
              JOIN stakeholders_organization o ON o.id = e.host_organization_id
                AND o.deleted_at IS NULL
              WHERE e.workspace_id = %(ws)s AND e.deleted_at IS NULL
                AND e.start_date BETWEEN %(start)s AND %(end)s
            )
            SELECT pairs.p, {pair_key} AS k, COUNT(*) FROM pairs GROUP BY 1, 2"""
    if name == "knowledge_gain_share":
        return f"""
            SELECT {label} AS p, {key} AS k,
              100.0 * SUM(CASE WHEN 10000 * (f.post_earned * f.pre_possible
                  - f.pre_earned * f.post_possible)
                  >= 2000 * f.pre_possible * f.post_possible THEN 1 ELSE 0 END)
                / COUNT(*)
            FROM results_enrollmentfact f
            WHERE f.workspace_id = %(ws)s AND f.person_live AND f.status <> 'withdrawn'
              AND f.pre_possible > 0 AND f.post_possible > 0
              AND f.date BETWEEN %(start)s AND %(end)s
            GROUP BY 1, 2"""
    return None


def windows_sql(start: dt.date, end: dt.date, granularity: str) -> str:
    """The periods as a VALUES list (label, first day, last day), clipped to [start, end]."""
    from enlace.results.periods import parse_period, periods_between

    rows = []
    for label in periods_between(start, end, granularity):
        period = parse_period(label)
        first = max(start, period.start or start)
        last = min(end, period.end or end)
        rows.append(f"('{label}', '{first.isoformat()}', '{last.isoformat()}')")
    cast = "" if connection.vendor == "sqlite" else "::date"
    columns = "SELECT * FROM (VALUES " + ", ".join(rows) + ") AS w(p, w_start, w_end)"
    if connection.vendor == "sqlite":
        # SQLite's VALUES cannot name its columns: name them in a CTE.
        return "SELECT column1 AS p, column2 AS w_start, column3 AS w_end FROM (VALUES " + (
            ", ".join(rows) + ")"
        )
    return columns.replace("w(p, w_start, w_end)", "w(p, w_start, w_end)") + cast * 0


def stock_sql(name: str, start: dt.date, end: dt.date, granularity: str, by_country: bool) -> str:
    cast = "" if connection.vendor == "sqlite" else "::date"
    windows = windows_sql(start, end, granularity)
    if name == "agreements_active":
        return f"""
            WITH w AS ({windows})
            SELECT w.p, NULL AS k, COUNT(DISTINCT a.id)
            FROM partnerships_agreement a JOIN w
              ON COALESCE(a.start_date, a.signed_on) IS NULL
                 OR COALESCE(a.start_date, a.signed_on) <= w.w_end{cast}
            WHERE a.workspace_id = %(ws)s AND a.deleted_at IS NULL AND a.status = 'active'
              AND (a.end_date IS NULL OR a.end_date >= w.w_start{cast})
            GROUP BY 1, 2"""
    key = "COALESCE(o.country, '')" if by_country else "NULL"
    day = "date(sc.at)" if connection.vendor == "sqlite" else "(sc.at AT TIME ZONE 'UTC')::date"
    today = timezone.localdate().isoformat()
    stage = PARAMS[name]["stage"]
    # Each move into the stage to the next move (LEAD); still there: until today.
    return f"""
        WITH moves AS (
          SELECT sc.opportunity_id AS opp, sc.stage, {day} AS day,
            LEAD({day}) OVER (PARTITION BY sc.opportunity_id ORDER BY sc.at, sc.id) AS next_day
          FROM partnerships_stagechange sc
          JOIN partnerships_opportunity op ON op.id = sc.opportunity_id
            AND op.deleted_at IS NULL AND op.workspace_id = %(ws)s
          WHERE sc.workspace_id = %(ws)s
        ), spans AS (
          SELECT opp, day AS first_day,
            CASE WHEN next_day IS NULL THEN '{today}'{cast}
                 WHEN next_day > day THEN next_day - {"1" if cast else "0"}
                 ELSE day END AS last_day
          FROM moves WHERE stage = '{stage}'
        ), w AS ({windows})
        SELECT w.p, {key} AS k, COUNT(DISTINCT spans.opp)
        FROM spans JOIN w ON spans.first_day <= w.w_end{cast}
          AND spans.last_day >= w.w_start{cast}
        JOIN partnerships_opportunity op ON op.id = spans.opp
        LEFT JOIN stakeholders_organization o ON o.id = op.counterpart_organization_id
        GROUP BY 1, 2"""


def sqlite_stage_fix(sql: str) -> str:
    # On SQLite dates are text: the day before is date(next_day, '-1 day').
    return sql.replace("next_day - 0", "date(next_day, '-1 day')")


def run_hand(
    name: str,
    ws: Any,
    start: dt.date,
    end: dt.date,
    granularity: str,
    by_country: bool,
    facts: bool = False,
) -> dict[tuple[str, str | None], Decimal]:
    if name in ("agreements_active", "opportunities_in_stage"):
        sql = stock_sql(name, start, end, granularity, by_country)
        if connection.vendor == "sqlite":
            sql = sqlite_stage_fix(sql)
    else:
        over_facts = hand_sql_facts(name, granularity, by_country) if facts else None
        sql = over_facts or hand_sql(name, granularity, by_country)
    # %% for the literal % of strftime formats when parameters are passed.
    sql = sql.replace("'%Y'", "'%%Y'").replace("'%m'", "'%%m'")
    with connection.cursor() as cursor:
        cursor.execute(sql, {"ws": ws, "start": start, "end": end})
        rows = cursor.fetchall()
    out = {}
    for period, key, value in rows:
        if value is None or value == 0:
            continue
        out[(str(period), None if key is None else str(key))] = Decimal(str(value)).quantize(
            Decimal("0.0001")
        )
    return out


def hand_framework(
    ws: Any, prog: Programme, year: int, facts: bool = False
) -> tuple[dict[str, Any], dict[str, float]]:
    """The framework's numbers by hand: per measure, quarters and the year by country (or in
    total when it has no country), totals per period for a share, and the value to date; with
    `facts`, over the facts where a measure reads them."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    last = min(timezone.localdate(), prog.end_date)
    results: dict[str, Any] = {}
    times: dict[str, float] = {}
    for name, measure in MEASURES.items():
        by_country = "country" in measure.disaggregations
        began = time.perf_counter()
        found: dict[str, Any] = {}
        for granularity in ("quarter", "year"):
            found[granularity] = run_hand(name, ws, start, end, granularity, by_country, facts)
            if by_country and not measure.additive:
                found[granularity + "-total"] = run_hand(
                    name, ws, start, end, granularity, False, facts
                )
        to_date = run_hand(name, ws, prog.start_date, last, "programme", False, facts)
        found["to_date"] = to_date.get(("programme", None))
        times[name] = time.perf_counter() - began
        results[name] = found
    return results, times


def framework_numbers(result: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for entry in result["indicators"]:
        out[entry["measure"]] = {
            "rows": {
                (r["period"], r["key"]): r["value"] for r in entry["rows"] if r["value"] is not None
            },
            "to_date": entry["to_date"]["value"],
        }
    return out


def per_measure_framework_times(scope: Scope, prog: Programme, year: int) -> dict[str, float]:
    """Each indicator's share of the framework's time: the same calls, one indicator at a time."""
    from enlace.results.framework import _Compute, _indicator_entry, reported_rows  # noqa: F401
    from enlace.results.selectors import indicator_queryset

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    times = {}
    for indicator in indicator_queryset(scope).filter(programme=prog):
        cache.clear()
        began = time.perf_counter()
        for granularity in ("quarter", "year"):
            _indicator_entry(
                _Compute(scope, indicator, []),
                {},
                programme=prog,
                granularity=granularity,
                start=start,
                end=end,
                periods=[],
                by="country" if "country" in indicator.disaggregations else None,
                country=None,
                today=timezone.localdate(),
                rules=None,
            )
        times[indicator.measure] = time.perf_counter() - began
    return times


def fact_sources(workspace: Workspace) -> list[tuple[str, str, Any]]:
    """A row of each kind whose save rewrites facts: the busiest organisation, one of its
    people, a training's engagement, the training."""
    from enlace.learning.models import Training
    from enlace.stakeholders.models import Organization, Person

    org = (
        Organization.objects.filter(workspace=workspace)
        .annotate(n=Count("people"))
        .order_by("-n", "pk")
        .first()
    )
    training = Training.objects.filter(workspace=workspace).order_by("pk").first()
    found = [
        ("an organisation", "organization", org),
        ("a person", "person", Person.objects.filter(organization=org).order_by("pk").first()),
    ]
    if training is not None:
        found += [
            ("an engagement (a training)", "engagement", training.engagement),
            ("a training", "training", training),
        ]
    return [entry for entry in found if entry[2] is not None]


def page(client: Client, url: str) -> tuple[float, int, int]:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        began = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - began
    return elapsed, len(ctx.captured_queries), response.status_code


def main() -> None:
    if not OPTIONS.read_only:
        call_command("migrate", verbosity=0)
    workspace = workspace_for(OPTIONS.scale, OPTIONS.workspace)
    scope = owner_scope(workspace)
    ws = workspace.pk if connection.features.has_native_uuid_field else workspace.pk.hex
    print(f"Database: {connection.vendor}; workspace {workspace.slug}: {workspace.name}")
    try:
        missing = missing_migration_sql() if OPTIONS.read_only else []
        with transaction.atomic():
            with connection.cursor() as cursor:
                for statement in missing:
                    cursor.execute(statement)
            prog, year = build_programme(scope)
            print(f"Programme {prog.start_date} to {prog.end_date}; timed year {year}.")
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)

            def whole() -> list[dict[str, Any]]:
                cache.clear()
                return [
                    framework_actuals(
                        scope=scope,
                        programme=prog,
                        granularity=granularity,
                        start=start,
                        end=end,
                        by="country",
                    )
                    for granularity in ("quarter", "year")
                ]

            whole()  # warm the connection and the page cache of the database
            orm_times, hand_times, fact_times = [], [], []
            for _ in range(OPTIONS.runs):
                with CaptureQueriesContext(connection) as ctx:
                    began = time.perf_counter()
                    results = whole()
                    orm_times.append(time.perf_counter() - began)
                queries = len(ctx.captured_queries)
                began = time.perf_counter()
                hand, per_hand = hand_framework(ws, prog, year)
                hand_times.append(time.perf_counter() - began)
                began = time.perf_counter()
                hand_facts, per_fact = hand_framework(ws, prog, year, facts=True)
                fact_times.append(time.perf_counter() - began)
            orm, by_hand = statistics.median(orm_times), statistics.median(hand_times)
            over_facts = statistics.median(fact_times)
            print(
                f"\nWhole framework ({len(MEASURES)} indicators, quarters and year {year} by "
                f"country, and to date), cold, median of {OPTIONS.runs}:"
            )
            print(f"  framework_actuals  {orm * 1000:8.1f} ms  ({queries} queries)")
            print(f"  hand-written SQL   {over_facts * 1000:8.1f} ms  over the kept facts")
            print(f"  ratio              {orm / over_facts:8.2f}")
            print(f"  hand-written SQL   {by_hand * 1000:8.1f} ms  over the records alone")
            cache.clear()
            began = time.perf_counter()
            whole_cached = [
                framework_actuals(
                    scope=scope, programme=prog, granularity=g, start=start, end=end, by="country"
                )
                for g in ("quarter", "year")
            ]
            began = time.perf_counter()
            for g in ("quarter", "year"):
                framework_actuals(
                    scope=scope, programme=prog, granularity=g, start=start, end=end, by="country"
                )
            print(f"  cached (warm)      {(time.perf_counter() - began) * 1000:8.1f} ms")
            del whole_cached

            per_orm = per_measure_framework_times(scope, prog, year)
            numbers = {
                g: framework_numbers(r) for g, r in zip(("quarter", "year"), results, strict=True)
            }
            print(
                "\n  measure                   framework  by hand (facts)  (records)  same numbers"
            )
            for name in MEASURES:
                same = all(
                    all(numbers[g][name]["rows"] == found[name][g] for g in ("quarter", "year"))
                    and numbers["quarter"][name]["to_date"] == found[name]["to_date"]
                    for found in (hand, hand_facts)
                )
                print(
                    f"  {name:24} {per_orm[name] * 1000:8.1f} ms {per_fact[name] * 1000:10.1f} ms"
                    f" {per_hand[name] * 1000:8.1f} ms   {'yes' if same else 'NO'}"
                )
                if not same:
                    for g in ("quarter", "year"):
                        a, b = numbers[g][name]["rows"], hand[name][g]
                        diff = {
                            k: (a.get(k), b.get(k)) for k in set(a) | set(b) if a.get(k) != b.get(k)
                        }
                        if diff:
                            print(f"      {g}: {len(diff)} differ, e.g. {sorted(diff.items())[:3]}")
                    print(
                        f"      to date: {numbers['quarter'][name]['to_date']} vs "
                        f"{hand[name]['to_date']}"
                    )

            setup_test_environment()
            client = Client()
            client.force_login(scope.user)
            print("\nPages (server time through the test client, cache cleared):")
            for name in ("results_programme_detail", "results_dashboard"):
                try:
                    url = reverse(
                        f"web:{name}", kwargs={"workspace_slug": workspace.slug, "pk": prog.pk}
                    )
                except NoReverseMatch:
                    print(f"  {name}: no such page yet; skipped")
                    continue
                page(client, url)  # warm
                timings = [page(client, url) for _ in range(OPTIONS.runs)]
                elapsed = statistics.median(t[0] for t in timings)
                print(
                    f"  {name:26} {elapsed * 1000:8.1f} ms  {timings[-1][1]} queries  "
                    f"(HTTP {timings[-1][2]})"
                )
            print("\nKeeping the facts (the rewrite after one save, at this scale):")
            for label, kind, row in fact_sources(workspace):
                began = time.perf_counter()
                facts.refresh(kind, row.pk)
                print(f"  {label:26} {(time.perf_counter() - began) * 1000:8.1f} ms")
            raise Abort
    except Abort:
        pass


if __name__ == "__main__":
    main()
