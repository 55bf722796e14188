"""Programmes and their tree of goals, outcomes and outputs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import (
    lock_for_write,
    record_restore,
    record_save,
    record_soft_delete,
)
from enlace.engagements.services.common import _add, _apply, _check_fields, _raise
from enlace.partnerships.services.common import check_currency, normal_currency
from enlace.results.models import (
    LEVEL_RANK,
    MAX_NODE_DEPTH,
    Indicator,
    Programme,
    ReportedValue,
    ResultNode,
    Target,
)
from enlace.results.periods import parse_period
from enlace.results.services.common import (
    ERRORS,
    check_country,
    in_scope,
    live,
    lock_programme,
    merge_clean,
    normal_country,
    single_line,
)

PROGRAMME_FIELDS = frozenset(
    {"name", "code", "description", "start_date", "end_date", "countries", "currency"}
)
NODE_FIELDS = frozenset({"parent", "level", "code", "title", "position"})
MAX_COUNTRIES = 250


def _clean_countries(value: Any, errors: ERRORS) -> list[str]:
    if value is None or value == "":
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(c, str) for c in value):
        _add(errors, "countries", _("Give the countries as a list of codes such as CO or PE."))
        return []
    codes: list[str] = []
    for raw in value:
        code = normal_country(raw)
        check_country(code, errors, "countries")
        if code and code not in codes:
            codes.append(code)
    if len(codes) > MAX_COUNTRIES:
        _add(errors, "countries", _("Too many countries."))
    return sorted(codes)


def _programme_rules(scope: Scope, programme: Programme) -> ERRORS:
    errors: ERRORS = {}
    programme.name = single_line(programme.name)
    programme.code = single_line(programme.code)
    programme.currency = normal_currency(programme.currency)
    check_currency(programme.currency, errors)
    programme.countries = _clean_countries(programme.countries, errors)
    start, end = programme.start_date, programme.end_date
    if start is not None and end is not None and end < start:
        _add(errors, "end_date", _("A programme cannot end before it starts."), "before_start")
    if programme.code and (
        Programme.objects.filter(workspace=scope.workspace, code=programme.code)
        .exclude(pk=programme.pk)
        .exists()
    ):
        _add(errors, "code", _("Another programme has this code."), "duplicate")
    merge_clean(errors, programme)
    return errors


def _still_fits(programme: Programme, errors: ERRORS) -> None:
    """Narrowing the dates or the countries must not strand a target or a reported value."""
    if errors:
        return
    rows = [
        *Target.objects.filter(indicator__programme=programme).values_list("period", "country"),
        *ReportedValue.objects.filter(indicator__programme=programme).values_list(
            "period", "country"
        ),
    ]
    for label, country in rows:
        period = parse_period(label)
        if not period.overlaps(programme.start_date, programme.end_date):
            _add(
                errors,
                "end_date",
                _("A target or value for %(period)s would fall outside the programme.")
                % {"period": label},
                "strands_values",
            )
            return
        if country and programme.countries and country not in programme.countries:
            _add(
                errors,
                "countries",
                _("A target or value for %(code)s needs that country.") % {"code": country},
                "strands_values",
            )
            return


@transaction.atomic
def programme_create(*, scope: Scope, data: Mapping[str, Any]) -> Programme:
    scope.require(Action.CREATE)
    _check_fields(data, PROGRAMME_FIELDS)
    programme = Programme(workspace=scope.workspace)
    _apply(programme, data)
    _raise(_programme_rules(scope, programme))
    return record_save(programme, actor=scope.user)


@transaction.atomic
def programme_update(
    *,
    scope: Scope,
    programme: Programme,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Programme:
    scope.require(Action.CHANGE)
    _check_fields(data, PROGRAMME_FIELDS)
    in_scope(scope, programme)
    locked = lock_for_write(programme, expected_version=expected_version)
    if locked.deleted_at is not None:
        raise ValidationError(_("This programme is in the trash; restore it first."))
    _apply(locked, data)
    errors = _programme_rules(scope, locked)
    _still_fits(locked, errors)
    _raise(errors)
    return record_save(locked, actor=scope.user, update_fields=list(data))


@transaction.atomic
def programme_delete(
    *, scope: Scope, programme: Programme, expected_version: int | None = None
) -> Programme:
    """To the trash, with its framework (which the selectors hide with it)."""
    scope.require(Action.DELETE)
    in_scope(scope, programme)
    return record_soft_delete(programme, scope=scope, expected_version=expected_version)


@transaction.atomic
def programme_restore(*, scope: Scope, programme: Programme) -> Programme:
    scope.require(Action.RESTORE)
    in_scope(scope, programme)
    if (
        programme.code
        and Programme.objects.filter(workspace=scope.workspace, code=programme.code).exists()
    ):
        raise ValidationError(
            {"code": _("Another programme has this code now; change its code first.")}
        )
    return record_restore(programme, scope=scope)


# Nodes


def _node_rules(node: ResultNode) -> ERRORS:
    errors: ERRORS = {}
    node.title = single_line(node.title)
    node.code = single_line(node.code)
    parent = node.parent
    if parent is not None:
        if parent.programme_id != node.programme_id or parent.workspace_id != node.workspace_id:
            message = _("The parent must be in the same programme.")
            _add(errors, "parent", message, "other_programme")
            return errors
        if parent.deleted_at is not None:
            _add(errors, "parent", _("That record is in the trash."), "deleted")
            return errors
        # Walk up from the new parent: meeting the node itself would make a cycle.
        depth = 1
        walked: ResultNode | None = parent
        while walked is not None:
            if walked.pk == node.pk:
                _add(errors, "parent", _("A result cannot sit under itself."), "cycle")
                return errors
            depth += 1
            walked = walked.parent
        if depth > MAX_NODE_DEPTH:
            _add(errors, "parent", _("The framework is too deep."), "too_deep")
        if node.level in LEVEL_RANK and LEVEL_RANK[node.level] < LEVEL_RANK[parent.level]:
            _add(
                errors,
                "level",
                _("A %(level)s cannot sit under a %(parent)s.")
                % {"level": node.get_level_display(), "parent": parent.get_level_display()},
                "level_order",
            )
    merge_clean(errors, node)
    return errors


@transaction.atomic
def node_create(*, scope: Scope, programme: Programme, data: Mapping[str, Any]) -> ResultNode:
    """A goal, outcome or output; last among its siblings unless `position` is given."""
    scope.require(Action.CREATE)
    _check_fields(data, NODE_FIELDS)
    in_scope(scope, programme)
    live(programme, "programme")
    lock_programme(programme)
    node = ResultNode(workspace=scope.workspace, programme=programme)
    _apply(node, data)
    if "position" not in data:
        last = ResultNode.objects.filter(programme=programme, parent=node.parent).aggregate(
            n=Max("position")
        )["n"]
        node.position = 0 if last is None else last + 1
    _raise(_node_rules(node))
    return record_save(node, actor=scope.user)


@transaction.atomic
def node_update(
    *,
    scope: Scope,
    node: ResultNode,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> ResultNode:
    """Change or move a node (a new `parent` in the same programme, never under itself)."""
    scope.require(Action.CHANGE)
    _check_fields(data, NODE_FIELDS)
    in_scope(scope, node)
    lock_programme(node.programme)
    locked = lock_for_write(node, expected_version=expected_version)
    if locked.deleted_at is not None:
        raise ValidationError(_("This result is in the trash; restore it first."))
    _apply(locked, data)
    _raise(_node_rules(locked))
    return record_save(locked, actor=scope.user, update_fields=list(data))


@transaction.atomic
def node_delete(
    *, scope: Scope, node: ResultNode, expected_version: int | None = None
) -> ResultNode:
    """To the trash, once it holds no live result and no live indicator."""
    scope.require(Action.DELETE)
    in_scope(scope, node)
    if ResultNode.objects.filter(parent=node).exists():
        raise ValidationError(_("Move or delete the results under this one first."))
    if Indicator.objects.filter(node=node).exists():
        raise ValidationError(_("Move or delete this result's indicators first."))
    return record_soft_delete(node, scope=scope, expected_version=expected_version)
