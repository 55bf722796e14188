"""Sixteen API clients writing at once: no 500, no lost update, every row accounted for."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection
from django.test import Client

from enlace.core.permissions import Role
from enlace.core.services import token_issue
from enlace.stakeholders.models import Organization
from enlace.stakeholders.tests import factories
from enlace.testing import make_member, make_workspace

WRITERS = 16
CREATES_EACH = 3


@pytest.mark.django_db(transaction=True)
def test_sixteen_concurrent_writers_lose_nothing():
    workspace = make_workspace("crowd")
    owner = make_member(workspace, Role.OWNER)
    shared = factories.organization(owner, name="Shared record")
    keys = [
        token_issue(workspace=workspace, user=make_member(workspace, Role.EDITOR).user)[1]
        for _ in range(WRITERS)
    ]
    url = f"/api/v1/organizations/{shared.pk}"
    start = threading.Barrier(WRITERS)
    all_have_read = threading.Barrier(WRITERS)
    answers: list[tuple[str, int]] = []
    crashes: list[BaseException] = []
    patched_notes: list[str] = []

    def write(number: int, key: str) -> None:
        client = Client()
        headers = {"Authorization": f"Bearer {key}"}
        try:
            start.wait(timeout=30)
            read = client.get(url, headers=headers)
            answers.append(("read", read.status_code))
            all_have_read.wait(timeout=30)
            for i in range(CREATES_EACH):
                created = client.post(
                    "/api/v1/organizations",
                    {"name": f"Writer {number} org {i}", "kind": "ngo", "allow_duplicate": True},
                    content_type="application/json",
                    headers=headers,
                )
                answers.append(("create", created.status_code))
            notes = f"written by {number}"
            patched = client.patch(
                url,
                {"notes": notes},
                content_type="application/json",
                headers={**headers, "If-Match": read["ETag"]},
            )
            answers.append(("patch", patched.status_code))
            if patched.status_code == 200:
                patched_notes.append(notes)
        except BaseException as exc:  # reported below: a thread's failure must fail the test
            crashes.append(exc)
        finally:
            connection.close()  # this thread's connection; the test database outlives it

    threads = [threading.Thread(target=write, args=(n, key)) for n, key in enumerate(keys)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert not crashes, crashes

    counts = Counter(answers)
    assert set(counts) <= {("read", 200), ("create", 201), ("patch", 200), ("patch", 409)}, counts
    assert counts[("read", 200)] == WRITERS
    assert counts[("create", 201)] == WRITERS * CREATES_EACH
    assert counts[("patch", 200)] + counts[("patch", 409)] == WRITERS
    # Every writer read version 1, so exactly one PATCH can succeed; the rest are refused.
    assert counts[("patch", 200)] == 1

    shared.refresh_from_db()
    assert shared.version == 2
    assert [shared.notes] == patched_notes
    assert Organization.objects.filter(workspace=workspace).count() == 1 + WRITERS * CREATES_EACH
    assert shared.history.count() == 2
