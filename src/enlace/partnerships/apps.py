"""App configuration for partnerships (opportunities and agreements)."""

from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "enlace.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships"

    def ready(self) -> None:
        # Deadlines, renewal reminders and obligations appear on the member's follow-ups page,
        # calendar feed and the workspace home page; engagements does not import this app, so
        # the provider is handed to its agenda registry here.
        from enlace.engagements.agenda import agenda_provider_register
        from enlace.partnerships.agenda import agenda_provider

        agenda_provider_register(agenda_provider)
        # The workspace trash lists opportunities and agreements too.
        from enlace.partnerships.views import trash

        trash.register()
