"""What the engagements endpoints share: references by id, field names, and service calls.

A reference is sent as `<field>_id` and resolved through the scoped selectors, so that an id of
another workspace, of the trash, or of nothing at all is refused alike (422 on that field) and
nothing leaks. Service errors are renamed as the API names the fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ParamSpec, TypeVar

from django.db.models import QuerySet

from enlace.api.references import resolve_references
from enlace.core.errors import Http404, ValidationError
from enlace.core.models import Membership
from enlace.core.scoping import Scope, get_in_scope
from enlace.engagements import selectors
from enlace.stakeholders import selectors as registry

P = ParamSpec("P")
R = TypeVar("R")


def active_members(scope: Scope) -> QuerySet[Membership]:
    """The workspace's active memberships: our representatives, and who may own a follow-up."""
    return scope.filter(Membership.objects.filter(is_active=True)).select_related("user")


def _member(scope: Scope, id: Any) -> Membership:
    return get_in_scope(active_members(scope), id)


def _user(scope: Scope, id: Any) -> Any:
    # Users are named by their public `uuid`, never by the integer key.
    membership = active_members(scope).filter(user__uuid=id).first()
    if membership is None:
        raise Http404
    return membership.user


def _engagement(scope: Scope, id: Any) -> Any:
    return selectors.engagement_get(scope=scope, id=id)


def _organization(scope: Scope, id: Any) -> Any:
    return registry.organization_get(scope=scope, id=id)


def _person(scope: Scope, id: Any) -> Any:
    return registry.person_get(scope=scope, id=id)


def _body(scope: Scope, id: Any) -> Any:
    return registry.coordination_body_get(scope=scope, id=id)


Resolver = Callable[[Scope, Any], Any]

# API name -> (model field, how the id is resolved, the message for an id not found).
REFERENCES: dict[str, tuple[str, Resolver, str]] = {
    "parent_id": ("parent", _engagement, "Unknown engagement."),
    "engagement_id": ("engagement", _engagement, "Unknown engagement."),
    "host_organization_id": ("host_organization", _organization, "Unknown organisation."),
    "organization_id": ("organization", _organization, "Unknown organisation."),
    "counterpart_organization_id": (
        "counterpart_organization",
        _organization,
        "Unknown organisation.",
    ),
    "person_id": ("person", _person, "Unknown person."),
    "coordination_body_id": ("coordination_body", _body, "Unknown coordination body."),
    "member_id": ("member", _member, "Unknown member of this workspace."),
    "owner_id": ("owner", _user, "Unknown member of this workspace."),
}
API_FIELD_NAMES = {model: api for api, (model, _, _) in REFERENCES.items()}


def operation_id(name: str) -> str:
    """The OpenAPI operation id of an endpoint named `name`."""
    return f"enlace_engagements_api_{name}"


def model_data(scope: Scope, values: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Body values as service data: every `<field>_id` becomes the row it names in the scope."""
    return resolve_references(scope, values, REFERENCES, prefix=prefix)


def _api_name(key: str, prefix: str) -> str:
    if key == "__all__":
        return prefix.rstrip(".") or "__all__"
    return f"{prefix}{API_FIELD_NAMES.get(key, key)}"


def renamed(exc: ValidationError, prefix: str = "") -> ValidationError:
    """A service's field errors as the API names the fields (`parent_id`, `links.0.url`)."""
    if not hasattr(exc, "error_dict"):
        return ValidationError({_api_name("__all__", prefix): exc.messages})
    return ValidationError({_api_name(k, prefix): v for k, v in exc.error_dict.items()})


def changes(scope: Scope, values: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a PATCH body sends, as service data; an empty change is refused."""
    if not values:
        raise ValidationError("Send at least one field to change.")
    return model_data(scope, values)


def write(service: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a service; its field errors are renamed as the API names them."""
    try:
        return service(*args, **kwargs)
    except ValidationError as exc:
        raise renamed(exc) from exc


def write_at(prefix: str, service: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a service for an item of a list the body sent; its errors name the item."""
    try:
        return service(*args, **kwargs)
    except ValidationError as exc:
        raise renamed(exc, prefix) from exc
