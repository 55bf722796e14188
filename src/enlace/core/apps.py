"""Workspaces, memberships, roles and the base every domain model stands on."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "enlace.core"
    label = "core"
    verbose_name = "Core"
