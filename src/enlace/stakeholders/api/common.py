"""What the registry's endpoints share: organisation references, field names, operation ids."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ParamSpec, TypeVar

from enlace.core.errors import Http404, ValidationError
from enlace.core.scoping import Scope
from enlace.stakeholders import selectors
from enlace.stakeholders.schemas import PatchInput

P = ParamSpec("P")
R = TypeVar("R")

# The API names a reference `<field>_id` and sends an id; the models hold the row.
ORGANIZATION_REFS = {
    "parent_id": "parent",
    "organization_id": "organization",
    "chair_organization_id": "chair_organization",
    "from_organization_id": "from_organization",
    "to_organization_id": "to_organization",
}
API_FIELD_NAMES = {model: api for api, model in ORGANIZATION_REFS.items()}


def operation_id(name: str) -> str:
    """The OpenAPI operation id of an endpoint named `name`.

    Operation ids are part of the contract: they keep the names ninja derived when every endpoint
    lived in one module, `enlace.stakeholders.api`, whatever module defines it now.
    """
    return f"enlace_stakeholders_api_{name}"


def model_data(scope: Scope, values: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Body values as service data: organisation ids become organisations in the asker's scope.

    An id outside the scope (another workspace, the trash, beyond a partner's subtree) is
    reported exactly like an id that does not exist, so nothing leaks.
    """
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, value in values.items():
        target = ORGANIZATION_REFS.get(name)
        if target is None:
            data[name] = value
        elif value is None:
            data[target] = None
        else:
            try:
                data[target] = selectors.organization_get(scope=scope, id=value)
            except Http404:
                errors[f"{prefix}{name}"] = "Unknown organisation."
    if errors:
        raise ValidationError(errors)
    return data


def changes(scope: Scope, payload: PatchInput) -> dict[str, Any]:
    """The fields a PATCH body sends, as service data; an empty change is refused."""
    values = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not values:
        raise ValidationError("Send at least one field to change.")
    return model_data(scope, values)


def write(service: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a service; its field errors are renamed as the API names them (`parent_id`)."""
    try:
        return service(*args, **kwargs)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {API_FIELD_NAMES.get(k, k): v for k, v in exc.error_dict.items()}
        ) from exc
