"""App configuration for accounts: connects the security-log receivers."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "enlace.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from enlace.accounts import receivers  # noqa: F401 - connects the receivers
