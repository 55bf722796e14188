"""Template context every page needs: the current workspace scope and the user's workspaces."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def enlace(request: HttpRequest) -> dict[str, Any]:
    return {"scope": getattr(request, "scope", None)}
