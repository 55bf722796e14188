"""The API is a contract: its OpenAPI document only changes on purpose, and its docs page is
served without a login and from local files only."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders

SNAPSHOT = Path(__file__).with_name("openapi.snapshot.json")
UPDATE = os.environ.get("ENLACE_UPDATE_SNAPSHOT") == "1"


def _differences(old: Any, new: Any, path: str = "") -> list[str]:
    """JSON paths where two documents differ, so that a failure says what changed."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [
            diff
            for key in sorted(set(old) | set(new))
            for diff in (
                [f"{path}/{key}: added"]
                if key not in old
                else [f"{path}/{key}: removed"]
                if key not in new
                else _differences(old[key], new[key], f"{path}/{key}")
            )
        ]
    if old != new:
        return [f"{path}: {json.dumps(old)[:80]} -> {json.dumps(new)[:80]}"]
    return []


def test_openapi_document_matches_the_snapshot(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    if UPDATE:
        text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
        SNAPSHOT.write_text(text + "\n", encoding="utf-8")
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    differences = _differences(expected, document)
    assert not differences, (
        "The API document changed. If that is intended, regenerate the snapshot with "
        "ENLACE_UPDATE_SNAPSHOT=1 and review its diff:\n" + "\n".join(differences[:40])
    )


def test_the_document_covers_every_registry_resource(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for resource in ("organizations", "people", "coordination-bodies", "relationships"):
        assert set(paths[f"/api/v1/{resource}"]) == {"get", "post"}
        assert set(paths[f"/api/v1/{resource}/{{id}}"]) == {"get", "patch", "delete"}
        assert set(paths[f"/api/v1/{resource}/{{id}}/restore"]) == {"post"}
    assert set(paths["/api/v1/coordination-bodies/{id}/members"]) == {"post"}
    assert set(paths["/api/v1/coordination-bodies/{id}/members/{member_id}"]) == {
        "patch",
        "delete",
    }


@pytest.mark.django_db
def test_docs_answer_without_login_and_load_only_local_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/api/v1/openapi.json" in page
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page)
    assert urls, page
    for url in urls:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not a local static file"
    assert "//" not in "".join(urls)
    assert "cdn" not in page.lower()
