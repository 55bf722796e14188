"""Checks shared by the results services: exact decimals, countries, periods within a programme,
values that fit an indicator's unit, and the scope of the rows a write touches."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_countries import countries as known_countries

from enlace.core.errors import Http404, ValidationError
from enlace.core.scoping import Scope
from enlace.engagements.services.common import _add
from enlace.partnerships.services.common import clean_errors
from enlace.results.models import MAX_WHOLE_DIGITS, Indicator, Programme, Unit
from enlace.results.periods import PROGRAMME, Period, parse_period

ERRORS = dict[str, list[Any]]


def in_scope(scope: Scope, instance: Any) -> None:
    """A record of another workspace is simply not found."""
    if instance.workspace_id != scope.workspace.pk:
        raise Http404


def live(instance: Any, field: str) -> None:
    if instance.deleted_at is not None:
        raise ValidationError({field: _("That record is in the trash.")})


def single_line(value: Any) -> str:
    return " ".join(str(value or "").split())


def exact_decimal(value: Any) -> Decimal | None:
    """An exact decimal from a Decimal, a whole number or a decimal string; None if it is not
    one (floats are refused: they are not exact)."""
    if isinstance(value, bool | float):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def check_value(
    raw: Any, indicator: Indicator, errors: ERRORS, field: str = "value", *, required: bool = True
) -> Decimal | None:
    """A decimal that fits the column and the indicator's unit (a percent is 0 to 100)."""
    if raw is None or raw == "":
        if required:
            _add(errors, field, _("Give a value."), "required")
        return None
    number = exact_decimal(raw)
    if number is None:
        _add(errors, field, _("Give the value as a decimal number."), "invalid")
        return None
    if abs(number) >= Decimal(10) ** MAX_WHOLE_DIGITS:
        _add(
            errors,
            field,
            _("At most %(digits)s digits before the decimal point.") % {"digits": MAX_WHOLE_DIGITS},
            "too_large",
        )
    elif number != number.quantize(Decimal("0.0001")):
        _add(errors, field, _("At most four decimal places."), "too_precise")
    elif indicator.unit == Unit.PERCENT and not Decimal(0) <= number <= Decimal(100):
        _add(errors, field, _("A percent is between 0 and 100."), "percent_range")
    return number


def normal_country(value: Any) -> str:
    return str(value or "").strip().upper()


def check_country(code: str, errors: ERRORS, field: str = "country") -> None:
    if code and code not in known_countries:
        _add(errors, field, _("Unknown country code: %(code)s.") % {"code": code}, "unknown")


def check_period(
    label: Any,
    programme: Programme,
    errors: ERRORS,
    field: str = "period",
    *,
    allow_programme: bool = True,
) -> Period | None:
    """A valid label whose days overlap the programme's."""
    try:
        period = parse_period(label)
    except ValueError:
        _add(
            errors,
            field,
            _('Give a period such as "2025", "2025-Q2", "2025-05" or "programme".')
            if allow_programme
            else _('Give a period such as "2025", "2025-Q2" or "2025-05".'),
            "invalid",
        )
        return None
    if period.label == PROGRAMME and not allow_programme:
        _add(errors, field, _("Give a year, a quarter or a month."), "invalid")
        return None
    if not period.overlaps(programme.start_date, programme.end_date):
        _add(
            errors,
            field,
            _("%(period)s is outside the programme (%(start)s to %(end)s).")
            % {"period": period.label, "start": programme.start_date, "end": programme.end_date},
            "outside_programme",
        )
    return period


def check_value_country(code: str, indicator: Indicator, errors: ERRORS) -> None:
    """A country-specific value needs an indicator broken down by country, and a country of the
    programme (when it names its countries)."""
    if not code:
        return
    check_country(code, errors)
    if "country" in errors:
        return
    if "country" not in (indicator.disaggregations or []):
        _add(
            errors,
            "country",
            _("This indicator is not broken down by country; leave the country empty."),
            "unsupported_disaggregation",
        )
    elif indicator.programme.countries and code not in indicator.programme.countries:
        _add(
            errors,
            "country",
            _("%(code)s is not one of the programme's countries.") % {"code": code},
            "outside_programme",
        )


def merge_clean(errors: ERRORS, instance: Any) -> None:
    """The model's own field checks, after ours (its table constraints are ours too)."""
    for name, messages in clean_errors(instance).items():
        if name not in errors:
            errors.setdefault(name, []).extend(messages)


def lock_programme(programme: Programme) -> None:
    """Serialise writes to one programme's framework, so that moves cannot cross into a cycle."""
    Programme.all_objects.select_for_update().filter(pk=programme.pk).first()
