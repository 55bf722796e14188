"""App configuration for web."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "enlace.web"
    label = "web"
    verbose_name = "Web"
