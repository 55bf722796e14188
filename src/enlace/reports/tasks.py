"""Background work of reports: drafting a report from the record (an id in, a service call out;
safe to re-run)."""

from __future__ import annotations

from django_tasks import task

from enlace.reports import services


@task()
def generate_report(report_id: str) -> None:
    services.report_generate(report_id=report_id)
