"""Scoring and checking a participant's answers: pure functions on an instrument's live items,
shared by staff entry and personal links (enlace.learning.services.responses re-exports them).

A score is points earned over points possible on the scored items (single choice, multiple
choice all or nothing, true/false); Likert answers give self-efficacy, reported apart; open
answers are kept, never scored."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from enlace.core.errors import ValidationError
from enlace.engagements.services.common import _add, _raise, _whole_number
from enlace.learning.models import LIKERT_MAX, LIKERT_MIN, Item, ItemKind

MAX_TEXT = 5000
VALUE_FIELDS = ("choice", "choices", "value", "text")
# Which field answers which kind of item.
KIND_FIELD: dict[str, str] = {
    ItemKind.SINGLE_CHOICE: "choice",
    ItemKind.TRUE_FALSE: "choice",
    ItemKind.MULTIPLE_CHOICE: "choices",
    ItemKind.LIKERT: "value",
    ItemKind.OPEN_TEXT: "text",
}

# Scoring (pure)


@dataclass(frozen=True)
class Scored:
    """A response's figures: knowledge points over the scored items, self-efficacy apart, and
    each answered item's (points, correct) (correct is None for Likert and open items)."""

    points_earned: int
    points_possible: int
    self_efficacy: Decimal | None
    per_item: dict[Any, tuple[int, bool | None]] = field(default_factory=dict)

    @property
    def score(self) -> float | None:
        if not self.points_possible:
            return None
        return 100.0 * self.points_earned / self.points_possible


def _is_correct(item: Item, answer: Mapping[str, Any]) -> bool:
    if item.kind == ItemKind.MULTIPLE_CHOICE:
        # All or nothing: exactly the set of right choices.
        given = answer.get("choices")
        return isinstance(given, list | tuple) and sorted(set(given)) == sorted(item.answer or [])
    return answer.get("choice") == item.answer


def score_answers(items: Sequence[Item], answers: Mapping[Any, Mapping[str, Any]]) -> Scored:
    """Score validated `answers` (item id -> {"choice"|"choices"|"value"|"text": ...}) against the
    instrument's live `items`. Every scored item counts in the points possible, answered or not
    (an unanswered one earns 0); Likert and open items never count as knowledge. Self-efficacy
    is the mean of the Likert values, to two places, or None without any."""
    earned = possible = 0
    likert: list[int] = []
    per_item: dict[Any, tuple[int, bool | None]] = {}
    for item in items:
        answer = answers.get(item.pk)
        if item.is_scored:
            possible += item.points
            if answer is None:
                continue
            correct = _is_correct(item, answer)
            points = item.points if correct else 0
            earned += points
            per_item[item.pk] = (points, correct)
        elif answer is not None:
            if item.kind == ItemKind.LIKERT and _whole_number(answer.get("value")):
                likert.append(answer["value"])
            per_item[item.pk] = (0, None)
    efficacy = None
    if likert:
        efficacy = (Decimal(sum(likert)) / Decimal(len(likert))).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    return Scored(
        points_earned=earned, points_possible=possible, self_efficacy=efficacy, per_item=per_item
    )


# Validation of answers (both ways in)


def _problem(errors: dict[str, list[Any]], message: Any, item: Item | None = None) -> None:
    """One message under "answers"; its params carry the item, so that a page can show it next
    to the question as well as in the summary."""
    params = {"item_id": str(item.pk)} if item is not None else {}
    errors.setdefault("answers", []).append(
        ValidationError(message, code="invalid_answer", params=params)
    )


def _as_uuid(value: Any) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def _check_value(item: Item, number: int, name: str, value: Any) -> tuple[Any, Any | None]:
    """The normalised value, or an error message for the question numbered `number`."""
    count = len(item.choices or [])
    if name == "choice":
        if not _whole_number(value) or not 0 <= value < count:
            return None, _(
                "Question %(number)s: the choice must be a number from 0 to %(last)s."
            ) % {"number": number, "last": count - 1}
        return value, None
    if name == "choices":
        valid = (
            isinstance(value, list | tuple)
            and value
            and all(_whole_number(v) and 0 <= v < count for v in value)
            and len(set(value)) == len(value)
        )
        if not valid:
            return None, _(
                "Question %(number)s: choose one or more different choices, numbered 0 to %(last)s."
            ) % {"number": number, "last": count - 1}
        return sorted(value), None
    if name == "value":
        if not _whole_number(value) or not LIKERT_MIN <= value <= LIKERT_MAX:
            return None, _("Question %(number)s: a value from %(low)s to %(high)s.") % {
                "number": number,
                "low": LIKERT_MIN,
                "high": LIKERT_MAX,
            }
        return value, None
    if not isinstance(value, str):
        return None, _("Question %(number)s: the answer must be text.") % {"number": number}
    if len(value) > MAX_TEXT:
        return None, _("Question %(number)s: at most %(max)s characters.") % {
            "number": number,
            "max": MAX_TEXT,
        }
    return value.strip(), None


def validate_answers(items: Sequence[Item], raw: Any) -> dict[Any, dict[str, Any]]:
    """The answers as item id -> {field: value}, or a ValidationError({"answers": [...]}) naming
    the questions by their number in the instrument (1, 2, ...). A blank open answer counts as
    not given. Every check runs, so that all problems are reported at once."""
    errors: dict[str, list[Any]] = {}
    if not isinstance(raw, list | tuple):
        _add(errors, "answers", _("A list of answers."), "invalid")
        _raise(errors)
    by_id = {item.pk: (number, item) for number, item in enumerate(items, start=1)}
    result: dict[Any, dict[str, Any]] = {}
    seen: set[Any] = set()
    for position, entry in enumerate(raw, start=1):
        if not isinstance(entry, Mapping):
            _problem(
                errors,
                _("Answer %(number)s: give an item_id and one of choice, choices, value or text.")
                % {"number": position},
            )
            continue
        item_id = _as_uuid(entry.get("item_id"))
        if item_id is None or item_id not in by_id:
            _problem(
                errors,
                _("Answer %(number)s: not an item of this instrument.") % {"number": position},
            )
            continue
        number, item = by_id[item_id]
        if item_id in seen:
            _problem(errors, _("Question %(number)s is answered twice.") % {"number": number}, item)
            continue
        seen.add(item_id)
        unknown = sorted(set(entry) - {"item_id", *VALUE_FIELDS})
        given = [name for name in VALUE_FIELDS if entry.get(name) is not None]
        expected = KIND_FIELD[item.kind]
        if unknown or given != [expected]:
            _problem(
                errors,
                _("Question %(number)s (%(kind)s): answer it with “%(field)s” only.")
                % {"number": number, "kind": item.get_kind_display(), "field": expected},
                item,
            )
            continue
        value, message = _check_value(item, number, expected, entry[expected])
        if message is not None:
            _problem(errors, message, item)
            continue
        if expected == "text" and not value:
            continue
        result[item_id] = {expected: value}
    _raise(errors)
    return result
