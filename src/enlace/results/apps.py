"""App configuration for results frameworks (indicators, targets and actuals)."""

from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "enlace.results"
    label = "results"
    verbose_name = "Results"

    def ready(self) -> None:
        # Any change to a workspace's record moves its cached figures' generation on.
        from enlace.results import cache

        cache.connect()
        # The facts the heaviest measures count are rewritten with every save of their sources.
        from enlace.results import facts

        facts.connect()
        # The workspace trash lists programmes too.
        from enlace.results.views import trash

        trash.register()
