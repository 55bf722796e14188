"""The login page offers the demo login only in the demo profile and with a demo workspace."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enlace.core.services import workspace_create
from enlace.demo.loader import DEMO_EMAIL, DEMO_PASSWORD
from enlace.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("profile_flag", "demo_exists", "shown"),
    [(True, True, True), (True, False, False), (False, True, False)],
)
def test_demo_hint_only_in_the_demo_profile_with_a_demo_workspace(
    client, settings, profile_flag, demo_exists, shown
):
    settings.ENLACE_DEMO_LOGIN_HINT = profile_flag
    if demo_exists:
        workspace_create(slug="demo", name="Demo", owner=make_user(DEMO_EMAIL), is_demo=True)
    body = client.get(reverse("account_login")).content.decode()
    assert (DEMO_EMAIL in body) is shown
    assert (DEMO_PASSWORD in body) is shown
    assert ("does not require two-factor authentication" in body) is shown


def test_other_pages_do_not_look_for_the_demo_workspace(client, settings):
    page = reverse("account_reset_password")

    def queries(flag: bool) -> list[str]:
        settings.ENLACE_DEMO_LOGIN_HINT = flag
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        return [q["sql"] for q in captured.captured_queries]

    assert queries(True) == queries(False)
