"""App configuration for results frameworks (indicators, targets and actuals)."""

from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "enlace.results"
    label = "results"
    verbose_name = "Results"
