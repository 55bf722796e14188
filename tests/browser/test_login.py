"""A new user signs in through the real login page in Chromium."""

from __future__ import annotations

import pytest

from enlace.testing import PASSWORD, make_workspace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_reaches_the_workspace(live_server, page):
    workspace = make_workspace("field")
    page.goto(f"{live_server.url}/")
    page.get_by_label("Email").fill(f"owner@{workspace.slug}.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/w/{workspace.slug}/")
    assert page.get_by_role("heading", level=1).inner_text() == workspace.name
    assert page.csp_violations == []
