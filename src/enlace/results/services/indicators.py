"""Indicators: what is measured on a node, in which unit, broken down how, and how its value is
obtained (a measure with parameters, or reported by people)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import lock_for_write, record_save, record_soft_delete
from enlace.engagements.services.common import _add, _apply, _check_fields, _raise
from enlace.partnerships.services.common import check_currency, normal_currency
from enlace.results.measures import MEASURES, params_clean, params_json
from enlace.results.models import (
    Disaggregation,
    Indicator,
    Programme,
    ReportedValue,
    ResultNode,
    Source,
    Target,
    Unit,
)
from enlace.results.periods import is_period
from enlace.results.services.common import (
    ERRORS,
    check_value,
    in_scope,
    live,
    lock_programme,
    merge_clean,
    single_line,
)

INDICATOR_FIELDS = frozenset(
    {
        "node",
        "code",
        "name",
        "definition",
        "unit",
        "currency",
        "direction",
        "disaggregations",
        "tags",
        "source",
        "measure",
        "params",
        "baseline_value",
        "baseline_date",
        "baseline_period",
        "position",
    }
)
MAX_TAGS = 20
TAG_MAX = 40


def _clean_list_of_text(value: Any, errors: ERRORS, field: str, message: Any) -> list[str] | None:
    if value is None or value == "":
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        _add(errors, field, message)
        return None
    return [single_line(v) for v in value]


def _clean_tags(indicator: Indicator, errors: ERRORS) -> None:
    """Short labels such as "SDG 8.7" or a donor's code, kept as typed (case matters in codes),
    each once."""
    tags = _clean_list_of_text(
        indicator.tags, errors, "tags", _('Give the tags as a list of text, such as ["SDG 8.7"].')
    )
    if tags is None:
        return
    kept: list[str] = []
    for tag in tags:
        if len(tag) > TAG_MAX:
            _add(errors, "tags", _("A tag has at most %(n)s characters.") % {"n": TAG_MAX})
            return
        if tag and tag not in kept:
            kept.append(tag)
    if len(kept) > MAX_TAGS:
        _add(errors, "tags", _("At most %(n)s tags.") % {"n": MAX_TAGS})
    indicator.tags = kept


def _clean_disaggregations(indicator: Indicator, errors: ERRORS) -> None:
    names = _clean_list_of_text(
        indicator.disaggregations,
        errors,
        "disaggregations",
        _('Give the disaggregations as a list, such as ["country", "sex"].'),
    )
    if names is None:
        return
    unknown = sorted(set(names) - set(Disaggregation.values))
    if unknown:
        _add(
            errors,
            "disaggregations",
            _("Unknown disaggregation: %(names)s.") % {"names": ", ".join(unknown)},
            "unknown",
        )
        return
    indicator.disaggregations = [d for d in Disaggregation.values if d in names]


def _source_rules(indicator: Indicator, errors: ERRORS) -> None:
    """A computed indicator names a known measure with valid parameters, in the measure's unit,
    broken down only as the measure can be; a reported one has neither."""
    if indicator.source == Source.REPORTED:
        if indicator.measure:
            _add(errors, "measure", _("A reported indicator has no measure."), "reported")
        if indicator.params:
            _add(errors, "params", _("A reported indicator has no parameters."), "reported")
        return
    if indicator.source != Source.COMPUTED:
        return  # full_clean names the bad choice
    measure = MEASURES.get(indicator.measure or "")
    if measure is None:
        _add(
            errors,
            "measure",
            _("Choose one of the measures: %(names)s.") % {"names": ", ".join(MEASURES)},
            "unknown" if indicator.measure else "required",
        )
        return
    try:
        indicator.params = params_json(params_clean(measure, indicator.params))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                _add(errors, field, message, "invalid_params")
    if indicator.unit != measure.unit:
        _add(
            errors,
            "unit",
            _("The measure %(measure)s gives a %(unit)s; set the unit to match.")
            % {"measure": measure.name, "unit": Unit(measure.unit).label},
            "unit_mismatch",
        )
    unsupported = [d for d in indicator.disaggregations or [] if d not in measure.disaggregations]
    if unsupported:
        _add(
            errors,
            "disaggregations",
            _("The measure %(measure)s cannot be broken down by %(names)s.")
            % {"measure": measure.name, "names": ", ".join(unsupported)},
            "unsupported_disaggregation",
        )


def _indicator_rules(indicator: Indicator) -> ERRORS:
    errors: ERRORS = {}
    indicator.code = single_line(indicator.code)
    indicator.name = single_line(indicator.name)
    indicator.currency = normal_currency(indicator.currency)
    if indicator.unit == Unit.CURRENCY:
        check_currency(indicator.currency, errors, required=True)
    elif indicator.currency:
        _add(errors, "currency", _("Only a currency indicator has a currency."), "not_currency")
    _clean_tags(indicator, errors)
    _clean_disaggregations(indicator, errors)
    if "disaggregations" not in errors:
        _source_rules(indicator, errors)
    indicator.measure = indicator.measure or ""
    if indicator.baseline_value is not None:
        indicator.baseline_value = check_value(
            indicator.baseline_value, indicator, errors, "baseline_value"
        )
    indicator.baseline_period = single_line(indicator.baseline_period)
    if indicator.baseline_period and not is_period(indicator.baseline_period):
        _add(
            errors,
            "baseline_period",
            _('Give a period such as "2024", "2024-Q4" or "2024-12".'),
            "invalid",
        )
    if indicator.code and (
        Indicator.objects.filter(programme_id=indicator.programme_id, code=indicator.code)
        .exclude(pk=indicator.pk)
        .exists()
    ):
        _add(errors, "code", _("Another indicator of this programme has this code."), "duplicate")
    merge_clean(errors, indicator)
    return errors


def _node_for(scope: Scope, node: Any) -> ResultNode:
    if not isinstance(node, ResultNode) or node.workspace_id != scope.workspace.pk:
        raise ValidationError({"node": _("Not found.")})
    live(node, "node")
    return node


def _keeps_values_valid(indicator: Indicator, errors: ERRORS) -> None:
    """A change must not leave targets or values the indicator no longer allows."""
    if errors or indicator._state.adding:
        return
    targets = Target.objects.filter(indicator=indicator)
    values = ReportedValue.objects.filter(indicator=indicator)
    if indicator.source == Source.COMPUTED and values.exists():
        _add(
            errors,
            "source",
            _("This indicator has reported values; delete them before computing it."),
            "has_values",
        )
    if "country" not in indicator.disaggregations and (
        targets.exclude(country="").exists() or values.exclude(country="").exists()
    ):
        _add(
            errors,
            "disaggregations",
            _("Targets or values are set per country; keep the country breakdown."),
            "has_values",
        )
    if indicator.unit == Unit.PERCENT:
        outside = Q(value__lt=0) | Q(value__gt=100)
        if targets.filter(outside).exists() or values.filter(outside).exists():
            _add(errors, "unit", _("Targets or values are outside 0 to 100."), "percent_range")


@transaction.atomic
def indicator_create(*, scope: Scope, data: Mapping[str, Any]) -> Indicator:
    """A new indicator on `node` (of this workspace, live); its programme is the node's."""
    scope.require(Action.CREATE)
    _check_fields(data, INDICATOR_FIELDS)
    node = _node_for(scope, data.get("node"))
    programme: Programme = node.programme
    live(programme, "node")
    lock_programme(programme)
    indicator = Indicator(workspace=scope.workspace, programme=programme)
    _apply(indicator, data)
    _raise(_indicator_rules(indicator))
    return record_save(indicator, actor=scope.user)


@transaction.atomic
def indicator_update(
    *,
    scope: Scope,
    indicator: Indicator,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Indicator:
    """Change an indicator; a new `node` must be in the same programme."""
    scope.require(Action.CHANGE)
    _check_fields(data, INDICATOR_FIELDS)
    in_scope(scope, indicator)
    if "node" in data:
        node = _node_for(scope, data["node"])
        if node.programme_id != indicator.programme_id:
            raise ValidationError({"node": _("The result must be in the same programme.")})
    lock_programme(indicator.programme)
    locked = lock_for_write(indicator, expected_version=expected_version)
    if locked.deleted_at is not None:
        raise ValidationError(_("This indicator is in the trash; restore it first."))
    _apply(locked, data)
    errors = _indicator_rules(locked)
    _keeps_values_valid(locked, errors)
    _raise(errors)
    fields = set(data) | {"code", "name", "currency", "tags", "disaggregations", "params"}
    fields |= {"measure", "baseline_value", "baseline_period"}
    return record_save(locked, actor=scope.user, update_fields=sorted(fields))


@transaction.atomic
def indicator_delete(
    *, scope: Scope, indicator: Indicator, expected_version: int | None = None
) -> Indicator:
    """To the trash (its targets and values go with it; the selectors hide them)."""
    scope.require(Action.DELETE)
    in_scope(scope, indicator)
    return record_soft_delete(indicator, scope=scope, expected_version=expected_version)
