"""What the partnerships schemas share: money as exact decimal strings, ISO 4217 currency codes,
percentages, and the descriptions several resources repeat."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated

from babel.numbers import list_currencies
from ninja import Field
from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema

from enlace.partnerships.models import MAX_WHOLE_DIGITS
from enlace.stakeholders.schemas.common import _text

_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_WHOLE_DIGITS = MAX_WHOLE_DIGITS


def _amount(value: object) -> Decimal:
    # A JSON number would already have lost its exactness on the way in: only strings are money.
    if not isinstance(value, str):
        raise ValueError('Send the amount as a decimal string, such as "12500.00".')
    text = value.strip()
    if not _DECIMAL.fullmatch(text):
        raise ValueError('Not a decimal number: use digits and a point, such as "12500.00".')
    if text.startswith("-"):
        raise ValueError("Must not be negative.")
    whole, _, fraction = text.partition(".")
    if len(fraction) > 2:
        raise ValueError("At most 2 decimal places.")
    if len(whole.lstrip("0")) > _WHOLE_DIGITS:
        raise ValueError(f"At most {_WHOLE_DIGITS} digits before the decimal point.")
    return Decimal(text).quantize(Decimal("0.01"))


def _currency(value: str) -> str:
    code = value.strip().upper()
    if code and code not in list_currencies():
        raise ValueError(f"Unknown currency code: {code}.")
    return code


def _rate(value: object) -> Decimal:
    if not isinstance(value, str):
        raise ValueError('Send the rate as a decimal string, such as "0.92".')
    text = value.strip()
    if not _DECIMAL.fullmatch(text) or text.startswith("-"):
        raise ValueError('Not a positive decimal number, such as "0.92".')
    whole, _, fraction = text.partition(".")
    if len(fraction) > 8 or len(whole.lstrip("0")) > 12:
        raise ValueError("At most 12 digits before the point and 8 after it.")
    rate = Decimal(text)
    if rate <= 0:
        raise ValueError("Must be more than 0.")
    return rate


def decimal_text(value: Decimal | None) -> str | None:
    """A decimal as the API sends it: a string with its places (`"12500.00"`), or null."""
    return None if value is None else str(value)


_AS_STRING = PlainSerializer(decimal_text, return_type=str | None)
_STRING_SCHEMA = {"type": "string", "pattern": r"^[0-9]+(\.[0-9]{1,2})?$"}

Amount = Annotated[
    Decimal,
    BeforeValidator(_amount),
    _AS_STRING,
    WithJsonSchema(
        {
            **_STRING_SCHEMA,
            "description": 'An exact decimal string, at most 2 places, not negative: "12500.00".',
        }
    ),
]
Rate = Annotated[
    Decimal,
    BeforeValidator(_rate),
    _AS_STRING,
    WithJsonSchema(
        {
            "type": "string",
            "description": 'How many units of the base currency one unit is worth: "0.92".',
        }
    ),
]
Currency = Annotated[
    str,
    Field(max_length=3, description="An ISO 4217 code such as `EUR`; empty for none."),
    AfterValidator(_currency),
]
Percent = Annotated[int, Field(ge=0, le=100, description="0 to 100.")]
Reason = Annotated[str, Field(max_length=300), AfterValidator(_text)]
Label = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_text)]
ObligationText = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_text)]

OWNER = "The owner's user id (`uuid`); an active member of the workspace. You, when left out."
MONEY_OUT = 'An exact decimal string (`"12500.00"`), or null.'
