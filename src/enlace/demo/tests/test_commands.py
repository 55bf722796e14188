"""`enlace demo-data`: it prints the logins, and running it twice changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from enlace.demo.loader import DEMO_EMAIL, DEMO_PASSWORD
from enlace.demo.tests.test_loader import snapshot


def run_demo_data() -> str:
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_data_twice_creates_and_changes_nothing():
    out = run_demo_data()
    assert DEMO_EMAIL in out
    assert DEMO_PASSWORD in out
    before = snapshot()
    assert before["Organization_history"]
    run_demo_data()
    assert snapshot() == before
