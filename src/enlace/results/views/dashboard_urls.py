"""Dashboard and export pages: a programme's dashboard and the files of its pages' tables."""

from __future__ import annotations

from django.urls import URLPattern, path

from enlace.results.views import dashboard, exports

urlpatterns: list[URLPattern] = [
    path("results/<uuid:pk>/dashboard/", dashboard.results_dashboard, name="results_dashboard"),
    path(
        "results/<uuid:pk>/export/<str:table>.<str:format>",
        exports.results_export,
        name="results_export",
    ),
]
