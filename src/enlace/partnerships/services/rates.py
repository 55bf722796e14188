"""The workspace's exchange-rate table: one unit of `currency` is worth `rate` units of
`base_currency`. Setting a pair that exists changes its rate (a new version, with history)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import Http404
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import lock_for_write, record_save, record_soft_delete
from enlace.engagements.services.common import _add, _check_fields, _raise
from enlace.partnerships.models import ExchangeRate
from enlace.partnerships.services.common import check_currency, clean_errors, normal_currency

RATE_FIELDS = frozenset({"currency", "base_currency", "rate", "as_of"})


@transaction.atomic
def exchange_rate_set(
    *, scope: Scope, data: Mapping[str, Any], expected_version: int | None = None
) -> ExchangeRate:
    """Create the pair's rate, or change it when the pair is in the table already."""
    scope.require(Action.CHANGE)
    _check_fields(data, RATE_FIELDS)
    errors: dict[str, list[Any]] = {}
    currency = normal_currency(data.get("currency"))
    base = normal_currency(data.get("base_currency"))
    check_currency(currency, errors, "currency", required=True)
    check_currency(base, errors, "base_currency", required=True)
    if currency and currency == base:
        _add(errors, "base_currency", _("A currency needs no rate to itself."), "same_currency")
    existing = (
        ExchangeRate.objects.filter(
            workspace=scope.workspace, currency=currency, base_currency=base
        )
        .select_for_update()
        .first()
    )
    if existing is not None:
        scope.require(Action.CHANGE)
        rate = lock_for_write(existing, expected_version=expected_version)
    else:
        scope.require(Action.CREATE)
        rate = ExchangeRate(workspace=scope.workspace)
    rate.currency, rate.base_currency = currency, base
    if "rate" in data:
        rate.rate = data["rate"]
    if data.get("as_of") is not None:
        rate.as_of = data["as_of"]
    for field, messages in clean_errors(rate).items():
        if field not in errors:
            errors[field] = messages
    value = rate.rate
    if "rate" not in errors and (not isinstance(value, Decimal) or value <= 0):
        _add(errors, "rate", _("Give a rate above zero."), "rate_positive")
    _raise(errors)
    if existing is None:
        saved: ExchangeRate = record_save(rate, actor=scope.user)
    else:
        saved = record_save(rate, actor=scope.user, update_fields=["rate", "as_of"])
    return saved


def exchange_rate_remove(*, scope: Scope, rate: ExchangeRate) -> ExchangeRate:
    if rate.workspace_id != scope.workspace.pk:
        raise Http404
    return record_soft_delete(rate, scope=scope)
