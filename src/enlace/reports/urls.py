"""Report pages (included under /w/<slug>/ by enlace.web.urls; names in the "web" namespace,
each beginning with "reports_")."""

from __future__ import annotations

from django.urls import URLPattern, path

from enlace.reports import views

urlpatterns: list[URLPattern] = [
    path("engagements/<uuid:pk>/report/", views.field_visit, name="reports_field_visit"),
    path(
        "engagements/<uuid:pk>/report/download/",
        views.field_visit_download,
        name="reports_field_visit_download",
    ),
]
