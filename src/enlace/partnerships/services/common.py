"""Checks shared by the partnerships services: currency codes, money, the opportunity a part
belongs to, and the validation of a row without its database constraints (whose messages
our own rules replace)."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from babel.numbers import list_currencies
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import Http404, ValidationError
from enlace.core.scoping import Scope
from enlace.engagements.services.common import _add
from enlace.partnerships.models import MAX_WHOLE_DIGITS, Opportunity


@functools.cache
def currency_codes() -> frozenset[str]:
    """The ISO 4217 codes babel knows (upper-case, three letters)."""
    return frozenset(c for c in list_currencies() if len(c) == 3 and c.isalpha() and c.isupper())


def normal_currency(value: Any) -> str:
    """A currency as stored: trimmed and upper-case ("" stays "")."""
    return str(value or "").strip().upper()


def check_currency(
    value: str, errors: dict[str, list[Any]], field: str = "currency", *, required: bool = False
) -> None:
    """`value` (already normalised) is a known code; "" only when not required."""
    if not value:
        if required:
            _add(errors, field, _("Give a currency code such as USD."), "required")
        return
    if value not in currency_codes():
        _add(
            errors,
            field,
            _("Unknown currency code: %(code)s.") % {"code": value},
            "unknown_currency",
        )


def check_money(
    amount: Any,
    currency: str,
    errors: dict[str, list[Any]],
    *,
    amount_field: str = "amount",
    currency_field: str = "currency",
) -> None:
    """An amount is not negative and comes with a known currency."""
    check_currency(currency, errors, currency_field)
    if amount is None or amount_field in errors:
        return
    if amount < 0:
        _add(errors, amount_field, _("The amount cannot be negative."), "negative")
    elif amount >= Decimal(10) ** MAX_WHOLE_DIGITS:
        _add(
            errors,
            amount_field,
            _("At most %(digits)s digits before the decimal point.") % {"digits": MAX_WHOLE_DIGITS},
            "too_large",
        )
    if not currency and currency_field not in errors:
        _add(
            errors, currency_field, _("Give the currency of the amount."), "amount_without_currency"
        )


def clean_errors(instance: Any) -> dict[str, list[Any]]:
    """full_clean's errors without the database constraints (checked by our own rules, with
    messages that name the field)."""
    try:
        instance.full_clean(validate_constraints=False)
    except ValidationError as exc:
        return dict(exc.update_error_dict({}))
    return {}


def check_opportunity(scope: Scope, opportunity: Opportunity) -> None:
    """The opportunity a part belongs to is in the asker's workspace (404) and not trashed."""
    if opportunity.workspace_id != scope.workspace.pk:
        raise Http404
    if opportunity.deleted_at is not None:
        raise ValidationError({"opportunity": _("That record is in the trash.")})


def lock_opportunity(opportunity: Opportunity) -> None:
    """Serialise writes to one opportunity's parts."""
    Opportunity.all_objects.select_for_update().filter(pk=opportunity.pk).first()
