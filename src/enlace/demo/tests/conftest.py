"""The demo workspace, loaded once per test module (it takes seconds) inside a transaction that
is rolled back when the module ends; each test still runs in its own savepoint, so what one test
changes never reaches the next."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from enlace.core.models import Workspace
from enlace.demo.loader import load_demo


@pytest.fixture(scope="module")
def demo_once(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Workspace]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield load_demo()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_once: Workspace, db: None) -> Workspace:
    return Workspace.objects.get(pk=demo_once.pk)
