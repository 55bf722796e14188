"""App configuration for learning (capacity building)."""

from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "enlace.learning"
    label = "learning"
    verbose_name = "Learning"

    def ready(self) -> None:
        # The workspace trash (a registry page) lists curricula, assessments and enrolments
        # too; the registry does not import this app, so the kinds are handed to it here.
        from enlace.learning.views import trash

        trash.register()
