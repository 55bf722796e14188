"""Several people moving the same card at once: one move wins, every other is told the card
moved and where it is now; nothing is silently overwritten."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from enlace.core.permissions import Role
from enlace.core.services import token_issue
from enlace.partnerships.models import StageChange
from enlace.partnerships.tests import factories as f
from enlace.testing import make_member, make_workspace

MOVERS = 6
TARGETS = ("exploring", "invited", "drafting", "submitted", "lost", "withdrawn")


@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_of_one_card_keep_one_and_tell_the_others():
    workspace = make_workspace("board")
    owner = make_member(workspace, Role.OWNER)
    card = f.opportunity(owner)
    keys = [
        token_issue(workspace=workspace, user=make_member(workspace, Role.EDITOR).user)[1]
        for _ in range(MOVERS)
    ]
    url = f"/api/v1/opportunities/{card.pk}"
    start = threading.Barrier(MOVERS)
    all_have_read = threading.Barrier(MOVERS)
    answers: list[tuple[str, Any]] = []
    crashes: list[BaseException] = []

    def move(number: int, key: str) -> None:
        client = Client()
        headers = {"Authorization": f"Bearer {key}"}
        try:
            start.wait(timeout=30)
            read = client.get(url, headers=headers)
            all_have_read.wait(timeout=30)
            moved = client.post(
                f"{url}/stage",
                {"stage": TARGETS[number], "reason": "Decided by the board"},
                content_type="application/json",
                headers={**headers, "If-Match": read["ETag"]},
            )
            answers.append((TARGETS[number], moved.status_code, moved.json()))
        except BaseException as exc:  # reported below: a thread's failure must fail the test
            crashes.append(exc)
        finally:
            connection.close()  # this thread's connection; the test database outlives it

    threads = [threading.Thread(target=move, args=(n, key)) for n, key in enumerate(keys)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert not crashes, crashes

    statuses = Counter(status for _, status, _ in answers)
    assert statuses == {200: 1, 409: MOVERS - 1}, answers
    [winner] = [stage for stage, status, _ in answers if status == 200]
    for _, status, problem in answers:
        if status == 409:
            assert problem["current_stage"] == winner
            assert problem["current_version"] == 2
    card.refresh_from_db()
    assert (card.stage, card.version) == (winner, 2)
    assert StageChange.objects.filter(opportunity=card).count() == 2
