"""Figures people set on an indicator: targets (per period, optionally per country) and reported
values (with their source, a note and who verified them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import lock_for_write, record_save, record_soft_delete
from enlace.engagements.services.common import _add, _apply, _check_fields, _raise
from enlace.results.models import Indicator, ReportedValue, Source, Target, Verification
from enlace.results.services.common import (
    ERRORS,
    check_period,
    check_value,
    check_value_country,
    in_scope,
    live,
    merge_clean,
    normal_country,
    single_line,
)

TARGET_FIELDS = frozenset({"period", "country", "value"})
VALUE_FIELDS = frozenset({"period", "country", "value", "source", "note", "verification_status"})
# A change to one of these takes a verified value back to "submitted": what was verified is gone.
VERIFIED_CONTENT = frozenset({"period", "country", "value", "source"})


def _indicator_for(scope: Scope, indicator: Indicator) -> None:
    in_scope(scope, indicator)
    live(indicator, "indicator")
    live(indicator.programme, "indicator")
    # Serialise writes to one indicator's figures, so two duplicates cannot both pass.
    Indicator.all_objects.select_for_update().filter(pk=indicator.pk).first()


def _figure_rules(
    row: Target | ReportedValue, indicator: Indicator, *, allow_programme: bool
) -> ERRORS:
    errors: ERRORS = {}
    row.period = single_line(row.period)
    check_period(row.period, indicator.programme, errors, allow_programme=allow_programme)
    row.country = normal_country(row.country)
    check_value_country(row.country, indicator, errors)
    row.value = check_value(row.value, indicator, errors)
    if "period" not in errors and "country" not in errors:
        model = type(row)
        clash = (
            model.objects.filter(indicator=indicator, period=row.period, country=row.country)
            .exclude(pk=row.pk)
            .exists()
        )
        if clash:
            _add(
                errors,
                "period",
                _("There is already one for %(period)s%(country)s.")
                % {
                    "period": row.period,
                    "country": f" ({row.country})" if row.country else "",
                },
                "duplicate",
            )
    merge_clean(errors, row)
    return errors


# Targets


@transaction.atomic
def target_create(*, scope: Scope, indicator: Indicator, data: Mapping[str, Any]) -> Target:
    """A target for a period ("2025", "2025-Q2", "2025-05" or "programme") within the programme,
    for all countries ("") or one country the indicator is broken down by."""
    scope.require(Action.CREATE)
    _check_fields(data, TARGET_FIELDS)
    _indicator_for(scope, indicator)
    target = Target(workspace=scope.workspace, indicator=indicator)
    _apply(target, data)
    _raise(_figure_rules(target, indicator, allow_programme=True))
    return record_save(target, actor=scope.user)


@transaction.atomic
def target_update(
    *, scope: Scope, target: Target, data: Mapping[str, Any], expected_version: int | None = None
) -> Target:
    scope.require(Action.CHANGE)
    _check_fields(data, TARGET_FIELDS)
    in_scope(scope, target)
    _indicator_for(scope, target.indicator)
    locked = lock_for_write(target, expected_version=expected_version)
    if locked.deleted_at is not None:
        raise ValidationError(_("This target is in the trash; restore it first."))
    _apply(locked, data)
    _raise(_figure_rules(locked, target.indicator, allow_programme=True))
    return record_save(locked, actor=scope.user, update_fields=sorted({*data, "period", "country"}))


@transaction.atomic
def target_delete(*, scope: Scope, target: Target, expected_version: int | None = None) -> Target:
    scope.require(Action.DELETE)
    in_scope(scope, target)
    return record_soft_delete(target, scope=scope, expected_version=expected_version)


# Reported values


def _reported_only(indicator: Indicator) -> None:
    if indicator.source != Source.REPORTED:
        raise ValidationError(
            {
                "indicator": ValidationError(
                    _("This indicator is computed from the record; its values cannot be entered."),
                    code="computed",
                )
            }
        )


def _verification(value: ReportedValue, scope: Scope, errors: ERRORS) -> None:
    """Who verified and when follow the status: set on becoming verified, cleared on leaving."""
    value.source = single_line(value.source)
    if value.verification_status not in Verification.values:
        return  # full_clean names the bad choice
    if value.verification_status == Verification.VERIFIED:
        if value.verified_by_id is None:
            value.verified_by = scope.user
            value.verified_at = timezone.now()
    else:
        value.verified_by = None
        value.verified_at = None


@transaction.atomic
def reported_value_create(
    *, scope: Scope, indicator: Indicator, data: Mapping[str, Any]
) -> ReportedValue:
    """A value of a reported indicator for a year, quarter or month within the programme."""
    scope.require(Action.CREATE)
    _check_fields(data, VALUE_FIELDS)
    _indicator_for(scope, indicator)
    _reported_only(indicator)
    value = ReportedValue(workspace=scope.workspace, indicator=indicator)
    _apply(value, data)
    errors = _figure_rules(value, indicator, allow_programme=False)
    _verification(value, scope, errors)
    _raise(errors)
    return record_save(value, actor=scope.user)


@transaction.atomic
def reported_value_update(
    *,
    scope: Scope,
    value: ReportedValue,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> ReportedValue:
    """Change a value or its verification. Changing what was verified (period, country, value,
    source) without saying the status takes it back to submitted."""
    scope.require(Action.CHANGE)
    _check_fields(data, VALUE_FIELDS)
    in_scope(scope, value)
    _indicator_for(scope, value.indicator)
    _reported_only(value.indicator)
    locked = lock_for_write(value, expected_version=expected_version)
    if locked.deleted_at is not None:
        raise ValidationError(_("This value is in the trash; restore it first."))
    before = {name: getattr(locked, name) for name in VERIFIED_CONTENT}
    _apply(locked, data)
    errors = _figure_rules(locked, value.indicator, allow_programme=False)
    changed = any(
        getattr(locked, name) != before[name] for name in VERIFIED_CONTENT if name in data
    )
    if (
        changed
        and "verification_status" not in data
        and locked.verification_status == Verification.VERIFIED
    ):
        locked.verification_status = Verification.SUBMITTED
    if data.get("verification_status") == Verification.VERIFIED:
        locked.verified_by = None  # verified again now, by the asker
    _verification(locked, scope, errors)
    _raise(errors)
    fields = {*data, "period", "country", "source", "verification_status"}
    fields |= {"verified_by", "verified_at"}
    return record_save(locked, actor=scope.user, update_fields=sorted(fields))


@transaction.atomic
def reported_value_delete(
    *, scope: Scope, value: ReportedValue, expected_version: int | None = None
) -> ReportedValue:
    scope.require(Action.DELETE)
    in_scope(scope, value)
    return record_soft_delete(value, scope=scope, expected_version=expected_version)
