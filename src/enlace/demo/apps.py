"""The demo workspace: content and loading, kept out of core so that core needs no domain app."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "enlace.demo"
    label = "demo"
    verbose_name = "Demo"
