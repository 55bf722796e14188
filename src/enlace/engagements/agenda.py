"""The agenda registry: dated items that other apps hand to the member's follow-ups page, their
calendar feed and the workspace home page, without this app importing them.

An app registers a provider in its AppConfig.ready() (`agenda_provider_register(fn)`); a
provider is `fn(scope, *, owner_only, until) -> Iterable[AgendaItem]`: the items the scope may
see, only those of the asker when `owner_only` (what the member owns or answers for), dated on
or before `until` when given. A provider reads in a fixed number of queries, so that pages and
the feed cost the same whatever the number of items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from enlace.core.scoping import Scope


@dataclass(frozen=True)
class AgendaItem:
    """One dated entry: what (`title`), when (`date`), where to look (`url_name` and
    `url_args`, reversed by the page or feed), and what kind of date (`kind_label`, shown
    before the title). `uid` identifies it across calendar refreshes; `changed_at` is when the
    underlying record last changed."""

    title: str
    date: dt.date
    url_name: str
    url_args: tuple[Any, ...]
    kind_label: str
    uid: str = ""
    changed_at: dt.datetime | None = None

    @property
    def path(self) -> str:
        """The item's page, or "" when the page is not installed (an app without pages)."""
        try:
            return reverse(self.url_name, args=self.url_args)
        except NoReverseMatch:
            return ""

    @property
    def is_overdue(self) -> bool:
        return self.date < timezone.localdate()


class AgendaProvider(Protocol):
    def __call__(
        self, scope: Scope, *, owner_only: bool, until: dt.date | None
    ) -> Iterable[AgendaItem]: ...


_providers: list[Callable[..., Iterable[AgendaItem]]] = []


def agenda_provider_register(provider: AgendaProvider) -> None:
    """Add a provider (once, however often the app is made ready)."""
    if provider not in _providers:
        _providers.append(provider)


def agenda_items(
    scope: Scope, *, owner_only: bool = True, until: dt.date | None = None
) -> list[AgendaItem]:
    """Every provider's items, by date then title."""
    items = [
        item
        for provider in _providers
        for item in provider(scope, owner_only=owner_only, until=until)
    ]
    return sorted(items, key=lambda item: (item.date, item.title.casefold(), item.uid))
