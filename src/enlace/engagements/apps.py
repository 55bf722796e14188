"""App configuration for engagements."""

from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "enlace.engagements"
    label = "engagements"
    verbose_name = "Engagements"
