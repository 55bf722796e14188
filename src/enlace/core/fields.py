"""Small reusable model fields and text helpers."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

TAG_MAX = 40
_SEP = "|"


def name_key(text: str) -> str:
    """A comparison key: case, accents and punctuation removed ("Ministerio  de  Educación" ->
    "ministerio de educacion")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # \W keeps letters of every script, so Arabic, Cyrillic or Chinese names have keys too.
    return re.sub(r"[\W_]+", " ", stripped.casefold()).strip()


def normalize_tags(values: Any) -> list[str]:
    if values is None or values == "":
        return []
    if isinstance(values, str):
        values = values.split(",")
    result: list[str] = []
    for raw in values:
        if not isinstance(raw, str):
            raise ValidationError(_("Tags must be text."))
        tag = " ".join(raw.split()).lower()
        if not tag:
            continue
        if _SEP in tag:
            raise ValidationError(_("A tag cannot contain '|'."))
        if len(tag) > TAG_MAX:
            raise ValidationError(_("A tag has at most %(n)s characters.") % {"n": TAG_MAX})
        if tag not in result:
            result.append(tag)
    return sorted(result)


class TagsField(models.TextField):  # type: ignore[type-arg]
    """A short list of tags kept as "|a|b|" so that `tags__contains="|a|"` filters on every
    database and the history records them like any other value."""

    description = "A list of tags"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> list[str]:
        if not value:
            return []
        return [t for t in value.split(_SEP) if t]

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, list):
            return normalize_tags(value)
        if isinstance(value, str) and value.startswith(_SEP):
            return [t for t in value.split(_SEP) if t]
        return normalize_tags(value)

    def get_prep_value(self, value: Any) -> str:
        tags = self.to_python(value)
        return f"{_SEP}{_SEP.join(tags)}{_SEP}" if tags else ""

    def value_to_string(self, obj: Any) -> str:
        return ", ".join(self.value_from_object(obj) or [])

    def formfield(self, *args: Any, **kwargs: Any) -> Any:
        from enlace.core.forms import TagsFormField

        return TagsFormField(required=not self.blank, label=self.verbose_name)


def tag_lookup(tag: str) -> str:
    return f"{_SEP}{' '.join(tag.split()).lower()}{_SEP}"
