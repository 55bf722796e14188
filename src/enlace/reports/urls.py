"""Report pages (included under /w/<slug>/ by enlace.web.urls; names in the "web" namespace,
each beginning with "reports_")."""

from __future__ import annotations

from django.urls import URLPattern, path

from enlace.reports.views import field_visit, figures, period, reports

urlpatterns: list[URLPattern] = [
    path("engagements/<uuid:pk>/report/", field_visit.field_visit, name="reports_field_visit"),
    path(
        "engagements/<uuid:pk>/report/download/",
        field_visit.field_visit_download,
        name="reports_field_visit_download",
    ),
    path("engagements/<uuid:pk>/report/keep/", reports.report_create, name="reports_create"),
    path("reports/", reports.report_list, name="reports_list"),
    path("reports/period/new/", period.period_new, name="reports_period_new"),
    path("reports/<uuid:pk>/", reports.report_detail, name="reports_detail"),
    path("reports/<uuid:pk>/retry/", reports.report_retry, name="reports_retry"),
    path("reports/<uuid:pk>/regenerate/", reports.report_regenerate, name="reports_regenerate"),
    path("reports/<uuid:pk>/take/", reports.report_take_pending, name="reports_take_pending"),
    path("reports/<uuid:pk>/leave/", reports.report_leave_pending, name="reports_leave_pending"),
    path("reports/<uuid:pk>/reviewed/", reports.report_mark_reviewed, name="reports_reviewed"),
    path("reports/<uuid:pk>/delete/", reports.report_delete, name="reports_delete"),
    path(
        "reports/<uuid:pk>/versions/<int:number>/",
        reports.report_version,
        name="reports_version",
    ),
    path(
        "reports/<uuid:pk>/download/<str:format>/",
        reports.report_download,
        name="reports_download",
    ),
    path(
        "reports/<uuid:pk>/figures/<str:ref>/",
        figures.report_figure,
        name="reports_figure",
    ),
    path(
        "engagements/<uuid:pk>/report/figures/<str:ref>/",
        figures.field_visit_figure,
        name="reports_field_visit_figure",
    ),
]
