"""Assessment instruments and their versioned items. An item that has answers is never changed
in place: editing it retires that revision and adds the next one (same lineage), and removing
it retires it, so that every recorded answer keeps the question it answered."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import (
    history_stamp,
    lock_for_write,
    record_restore,
    record_save,
    record_soft_delete,
)
from enlace.learning.models import (
    MAX_CHOICES,
    MAX_ITEM_POINTS,
    SCORED_KINDS,
    Answer,
    Assessment,
    Item,
    ItemKind,
    TrainingInstrument,
)
from enlace.learning.services.common import (
    _add,
    _apply,
    _check_fields,
    _check_refs,
    _full_clean_errors,
    _in_scope,
    _merge,
    _next_position,
    _raise,
    _titled_create,
    _titled_rules,
    _titled_update,
    _whole_in_range,
    _whole_number,
)

ASSESSMENT_FIELDS = frozenset({"title", "language", "description", "curriculum"})
ITEM_FIELDS = frozenset({"kind", "prompt", "choices", "answer", "points", "module", "position"})
# Changing only these keeps the question's meaning: done in place even when answered.
IN_PLACE_FIELDS = frozenset({"position"})
COMPARED_FIELDS = ("kind", "prompt", "choices", "answer", "points", "module_id", "position")
TRUE_FALSE_CHOICES = ["true", "false"]
MIN_CHOICES = 2
CHOICE_MAX_LENGTH = 500
MAX_POSITION = 10_000


@transaction.atomic
def assessment_create(*, scope: Scope, data: Mapping[str, Any]) -> Assessment:
    assessment = Assessment(workspace=scope.workspace)
    return _titled_create(scope, assessment, data, ASSESSMENT_FIELDS, _titled_rules)


@transaction.atomic
def assessment_update(
    *,
    scope: Scope,
    assessment: Assessment,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Assessment:
    return _titled_update(
        scope, assessment, data, ASSESSMENT_FIELDS, _titled_rules, expected_version
    )


@transaction.atomic
def assessment_delete(
    *, scope: Scope, assessment: Assessment, expected_version: int | None = None
) -> Assessment:
    """To the trash, unless a training uses it as a pre-test, post-test or follow-up."""
    scope.require(Action.DELETE)
    _in_scope(scope, assessment)
    count = TrainingInstrument.objects.filter(
        assessment=assessment, training__deleted_at__isnull=True
    ).count()
    if count:
        raise ValidationError(
            ngettext_lazy(
                "A training uses this assessment; detach it there first.",
                "%(count)s trainings use this assessment; detach it there first.",
                "count",
            )
            % {"count": count},
            code="in_use",
        )
    return record_soft_delete(assessment, scope=scope, expected_version=expected_version)


def assessment_restore(*, scope: Scope, assessment: Assessment) -> Assessment:
    _in_scope(scope, assessment)
    return record_restore(assessment, scope=scope)


# Items


def _clean_choices(value: Any, errors: dict[str, list[Any]]) -> list[str] | None:
    if not isinstance(value, list | tuple):
        _add(errors, "choices", _("Give the choices as a list of texts."), "invalid")
        return None
    if not all(isinstance(c, str) for c in value):
        _add(errors, "choices", _("Every choice is a text."), "invalid")
        return None
    choices = [" ".join(c.split()) for c in value]
    if any(not c for c in choices):
        _add(errors, "choices", _("A choice cannot be blank."), "blank")
    elif not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        _add(
            errors,
            "choices",
            _("Give from %(min)s to %(max)s choices.") % {"min": MIN_CHOICES, "max": MAX_CHOICES},
            "count",
        )
    elif any(len(c) > CHOICE_MAX_LENGTH for c in choices):
        _add(
            errors,
            "choices",
            _("A choice has at most %(n)s characters.") % {"n": CHOICE_MAX_LENGTH},
            "too_long",
        )
    elif len({c.casefold() for c in choices}) != len(choices):
        _add(errors, "choices", _("The same choice is given twice."), "duplicate")
    return choices


def _key_rules(item: Item, errors: dict[str, list[Any]]) -> None:
    """The answer key fits the kind and the choices."""
    count = len(item.choices or [])
    answer = item.answer
    if item.kind in {ItemKind.SINGLE_CHOICE, ItemKind.TRUE_FALSE}:
        if not _whole_number(answer) or not 0 <= answer < count:
            _add(
                errors,
                "answer",
                _("Give the number of the right choice, from 0 to %(last)s.")
                % {"last": max(count - 1, 0)},
                "invalid",
            )
    elif item.kind == ItemKind.MULTIPLE_CHOICE:
        if (
            not isinstance(answer, list | tuple)
            or not answer
            or not all(_whole_number(a) and 0 <= a < count for a in answer)
        ):
            _add(
                errors,
                "answer",
                _("Give the numbers of the right choices, each from 0 to %(last)s.")
                % {"last": max(count - 1, 0)},
                "invalid",
            )
        elif len(set(answer)) != len(answer):
            _add(errors, "answer", _("A right choice is given twice."), "duplicate")
        else:
            item.answer = sorted(answer)


def _item_rules(item: Item, data: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Validate and normalise `item` after `data` was applied to it."""
    errors: dict[str, list[Any]] = {}
    if item.kind not in ItemKind.values:
        _add(errors, "kind", _("Choose a kind of question."), "invalid_choice")
        return errors
    item.prompt = str(item.prompt or "").strip()
    _whole_in_range(errors, data, "position", 0, MAX_POSITION)
    if item.kind in SCORED_KINDS:
        if "points" in data:
            _whole_in_range(errors, data, "points", 1, MAX_ITEM_POINTS)
        elif not item.points:
            item.points = 1
        if item.kind == ItemKind.TRUE_FALSE:
            if data.get("choices") not in ([], None, TRUE_FALSE_CHOICES):
                _add(
                    errors,
                    "choices",
                    _("A true-or-false question always has the choices true and false."),
                    "fixed",
                )
            item.choices = list(TRUE_FALSE_CHOICES)
        else:
            choices = _clean_choices(item.choices, errors)
            if choices is not None:
                item.choices = choices
        if "choices" not in errors:
            _key_rules(item, errors)
    else:
        # Likert and open questions are not knowledge: no choices, no key, no points.
        # Only what was given is checked: a question turned into this kind loses the rest.
        if data.get("choices") not in ([], None):
            _add(errors, "choices", _("This kind of question has no choices."), "not_allowed")
        if data.get("answer") is not None:
            _add(errors, "answer", _("This kind of question has no right answer."), "not_allowed")
        if "points" in data and data["points"] not in (0, None):
            _add(errors, "points", _("This kind of question carries no points."), "not_allowed")
        item.choices, item.answer, item.points = [], None, 0
    module = item.module if item.module_id is not None else None
    if module is not None and module.deleted_at is not None and "module" in data:
        _add(errors, "module", _("That module is in the trash."), "deleted")
    if not errors:
        _merge(errors, _full_clean_errors(item))
    return errors


@transaction.atomic
def item_add(*, scope: Scope, assessment: Assessment, data: Mapping[str, Any]) -> Item:
    """A question at the end of the assessment (or at `position`)."""
    scope.require(Action.CREATE)
    _check_fields(data, ITEM_FIELDS)
    _in_scope(scope, assessment)
    _check_refs(scope, data)
    locked = lock_for_write(assessment, expected_version=None)
    if locked.deleted_at is not None:
        raise ValidationError(
            {"assessment": [ValidationError(_("That record is in the trash."), "deleted")]}
        )
    item = Item(workspace=scope.workspace, assessment=locked, points=0)
    if "kind" not in data:
        raise ValidationError({"kind": [ValidationError(_("Choose a kind of question."))]})
    _apply(item, data)
    _raise(_item_rules(item, data))
    if "position" not in data:
        item.position = _next_position(
            Item.objects.filter(assessment=locked, retired_at__isnull=True)
        )
    return record_save(item, actor=scope.user)


def item_answered(item: Item) -> bool:
    return Answer.objects.filter(item=item).exists()


@transaction.atomic
def item_update(
    *, scope: Scope, item: Item, data: Mapping[str, Any], expected_version: int | None = None
) -> Item:
    """Change a question. Unanswered, it changes in place. Answered, this revision is retired
    and the next one (same lineage, revision + 1, same place) carries the change, which is what
    is returned; the kind of an answered question cannot change."""
    scope.require(Action.CHANGE)
    _check_fields(data, ITEM_FIELDS)
    _in_scope(scope, item)
    _check_refs(scope, data)
    locked = lock_for_write(item, expected_version=expected_version)
    if locked.deleted_at is not None or locked.retired_at is not None:
        raise ValidationError(
            _("This question was replaced or removed; edit its current version."),
            code="retired",
        )
    # The change is validated and normalised on a copy first, so that giving the same values
    # in another form (an answer key in another order) changes nothing.
    candidate = _copy_item(locked)
    _apply(candidate, data)
    _raise(_item_rules(candidate, data))
    changed = {f for f in COMPARED_FIELDS if getattr(candidate, f) != getattr(locked, f)}
    if not changed:
        return locked
    if changed <= IN_PLACE_FIELDS or not item_answered(locked):
        for name in changed:
            setattr(locked, name, getattr(candidate, name))
        fields = sorted(f.removesuffix("_id") for f in changed)
        return record_save(locked, actor=scope.user, update_fields=fields)
    if "kind" in changed:
        raise ValidationError(
            {
                "kind": [
                    ValidationError(
                        _(
                            "This question has answers, so its kind cannot change; add a new "
                            "question instead."
                        ),
                        "answered",
                    )
                ]
            }
        )
    last = Item.all_objects.filter(lineage=locked.lineage).aggregate(last=Max("revision"))
    candidate.revision = (last["last"] or locked.revision) + 1
    locked.retired_at = timezone.now()
    history_stamp(locked, actor=scope.user, reason="revised")
    record_save(locked, actor=scope.user, update_fields=["retired_at"])
    return record_save(candidate, actor=scope.user)


def _copy_item(item: Item) -> Item:
    """An unsaved copy of `item` (same lineage and place): the next revision, if it comes to
    that."""
    return Item(
        workspace_id=item.workspace_id,
        assessment_id=item.assessment_id,
        lineage=item.lineage,
        revision=item.revision,
        position=item.position,
        kind=item.kind,
        prompt=item.prompt,
        choices=list(item.choices or []),
        answer=list(item.answer) if isinstance(item.answer, list) else item.answer,
        points=item.points,
        module_id=item.module_id,
    )


@transaction.atomic
def item_remove(*, scope: Scope, item: Item) -> None:
    """Remove a question: answered, it is retired (its answers keep it); otherwise it goes to
    the trash."""
    scope.require(Action.DELETE)
    _in_scope(scope, item)
    if item_answered(item):
        locked = lock_for_write(item, expected_version=None)
        if locked.retired_at is None:
            locked.retired_at = timezone.now()
            history_stamp(locked, actor=scope.user, reason="retired")
            record_save(locked, actor=scope.user, update_fields=["retired_at"])
        return
    record_soft_delete(item, scope=scope)
