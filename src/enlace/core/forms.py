"""Form fields shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms

from enlace.core.fields import normalize_tags


class TagsFormField(forms.CharField):
    """Comma-separated tags in a text box."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return normalize_tags(super().to_python(value))
