"""App configuration for stakeholders."""

from django.apps import AppConfig


class StakeholdersConfig(AppConfig):
    name = "enlace.stakeholders"
    label = "stakeholders"
    verbose_name = "Stakeholders"
