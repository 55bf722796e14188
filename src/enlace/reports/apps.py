"""App configuration for reports (drafted from the record)."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "enlace.reports"
    label = "reports"
    verbose_name = "Reports"
