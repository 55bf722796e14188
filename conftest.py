"""Fixtures shared by every app's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language_afterwards() -> Iterator[None]:
    """A request in Spanish leaves Spanish active in this thread; later tests must not inherit it
    (a lazy message evaluated outside a request would come out translated)."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


pytest_plugins = ["enlace.testing"]
