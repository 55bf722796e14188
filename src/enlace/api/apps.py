"""App configuration for api."""

from django.apps import AppConfig


class APIConfig(AppConfig):
    name = "enlace.api"
    label = "api"
    verbose_name = "API"
