"""App configuration for engagements."""

from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "enlace.engagements"
    label = "engagements"
    verbose_name = "Engagements"

    def ready(self) -> None:
        # The workspace trash (a registry page) lists engagements and follow-ups too; the
        # registry does not import this app, so the kinds are handed to it here.
        from enlace.engagements.views.common import ENGAGEMENT, FOLLOW_UP
        from enlace.stakeholders.views.types import trash_kind_register

        trash_kind_register(ENGAGEMENT, FOLLOW_UP)
