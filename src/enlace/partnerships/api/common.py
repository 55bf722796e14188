"""What the partnerships endpoints share: references by id, field names, and service calls.

A reference is sent as `<field>_id` (or a list, `<field>_ids`) and resolved through the scoped
selectors, so that an id of another workspace, of the trash, or of nothing at all is refused
alike (422 on that field) and nothing leaks. Service errors are renamed as the API names the
fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ParamSpec, TypeVar

from enlace.api.references import resolve_references
from enlace.core.errors import Http404, ValidationError
from enlace.core.scoping import Scope
from enlace.engagements import selectors as engagement_selectors
from enlace.engagements.api.common import active_members
from enlace.partnerships.selectors import opportunities as opportunity_selectors
from enlace.stakeholders import selectors as registry

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C")


def _organization(scope: Scope, id: Any) -> Any:
    return registry.organization_get(scope=scope, id=id)


def _engagement(scope: Scope, id: Any) -> Any:
    return engagement_selectors.engagement_get(scope=scope, id=id)


def _opportunity(scope: Scope, id: Any) -> Any:
    return opportunity_selectors.opportunity_get(scope=scope, id=id)


def _user(scope: Scope, id: Any) -> Any:
    # Users are named by their public `uuid`, never by the integer key.
    membership = active_members(scope).filter(user__uuid=id).first()
    if membership is None:
        raise Http404
    return membership.user


Resolver = Callable[[Scope, Any], Any]
_ORGANISATION = "Unknown organisation."

# API name -> (model field, how the id is resolved, the message for an id not found).
REFERENCES: dict[str, tuple[str, Resolver, str]] = {
    "counterpart_organization_id": ("counterpart_organization", _organization, _ORGANISATION),
    "funder_organization_id": ("funder_organization", _organization, _ORGANISATION),
    "responsible_organization_id": ("responsible_organization", _organization, _ORGANISATION),
    "party_ids": ("parties", _organization, _ORGANISATION),
    "origin_engagement_ids": ("origin_engagements", _engagement, "Unknown engagement."),
    "opportunity_id": ("opportunity", _opportunity, "Unknown opportunity."),
    "owner_id": ("owner", _user, "Unknown member of this workspace."),
}
API_FIELD_NAMES = {model: api for api, (model, _, _) in REFERENCES.items()}


def operation_id(name: str) -> str:
    """The OpenAPI operation id of an endpoint named `name`."""
    return f"enlace_partnerships_api_{name}"


def model_data(scope: Scope, values: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Body values as service data: every `<field>_id` (or list of ids) becomes the row(s) it
    names in the scope."""
    return resolve_references(scope, values, REFERENCES, prefix=prefix, distinct=True)


def sent(payload: Any) -> dict[str, Any]:
    """The fields a PATCH body sends (without `version`); an empty change is refused."""
    values: dict[str, Any] = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not values:
        raise ValidationError("Send at least one field to change.")
    return values


def _api_name(key: str, prefix: str) -> str:
    if key == "__all__":
        return prefix.rstrip(".") or "__all__"
    return f"{prefix}{API_FIELD_NAMES.get(key, key)}"


def renamed(exc: ValidationError, prefix: str = "") -> ValidationError:
    """A service's field errors as the API names the fields (`party_ids`, `deadlines.0.date`)."""
    if not hasattr(exc, "error_dict"):
        return ValidationError({_api_name("__all__", prefix): exc.messages})
    return ValidationError({_api_name(k, prefix): v for k, v in exc.error_dict.items()})


def write(service: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a service; its field errors are renamed as the API names them."""
    try:
        return service(*args, **kwargs)
    except ValidationError as exc:
        raise renamed(exc) from exc


def write_at(prefix: str, service: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a service for an element of a list the body sent; its errors name the element."""
    try:
        return service(*args, **kwargs)
    except ValidationError as exc:
        raise renamed(exc, prefix) from exc


def child_of(parent: Any, child: C, field: str) -> C:
    """A row under its parent's path (an opportunity's deadline, an agreement's obligation):
    one of another parent is not found."""
    if getattr(child, f"{field}_id") != parent.pk:
        raise Http404
    return child
