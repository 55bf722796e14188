"""Domain errors that services raise and the web and API layers translate."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

__all__ = [
    "DuplicateSuspected",
    "Http404",
    "PermissionDenied",
    "ValidationError",
    "VersionConflict",
]


class VersionConflict(Exception):
    """A write based on an older version than the one stored: a colleague saved first."""

    def __init__(self, *, current_version: int, changed_fields: Sequence[str]) -> None:
        self.current_version = current_version
        self.changed_fields = list(changed_fields)
        super().__init__(
            f"This record was changed by someone else (now version {current_version}); "
            f"changed: {', '.join(changed_fields) or 'unknown'}"
        )


class DuplicateSuspected(Exception):
    """A new record's name closely matches existing ones; the caller must confirm."""

    def __init__(self, matches: Sequence[Any]) -> None:
        self.matches = list(matches)
        super().__init__("A record with a similar name exists")
