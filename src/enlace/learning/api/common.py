"""What the learning endpoints share: references by id, field names, service calls, and the
training behind an engagement.

A reference is sent as `<field>_id` and resolved through the scoped selectors, so that an id of
another workspace, of the trash, or of nothing at all is refused alike (422 on that field) and
nothing leaks. Service errors are renamed as the API names the fields.

A training is the learning side of an engagement of kind training or workshop. It is created by
the first write that needs it; reads of an engagement without one answer empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, ParamSpec, TypeVar

from django.db.models import Model, QuerySet

from enlace.api.references import resolve_references
from enlace.core.errors import Http404, ValidationError
from enlace.core.scoping import Scope, parse_uuid
from enlace.engagements import selectors as engagement_selectors
from enlace.engagements.models import Engagement
from enlace.learning.models import Training
from enlace.learning.selectors import records
from enlace.learning.services import trainings
from enlace.stakeholders import selectors as registry

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M")
Row = TypeVar("Row", bound=Model)


def _person(scope: Scope, id: Any) -> Any:
    return registry.person_get(scope=scope, id=id)


def _curriculum(scope: Scope, id: Any) -> Any:
    return records.curriculum_get(scope=scope, id=id)


def _module(scope: Scope, id: Any) -> Any:
    return records.module_get(scope=scope, id=id)


def _assessment(scope: Scope, id: Any) -> Any:
    return records.assessment_get(scope=scope, id=id)


def _enrollment(scope: Scope, id: Any) -> Any:
    return records.enrollment_get(scope=scope, id=id)


Resolver = Callable[[Scope, Any], Any]

# API name -> (model field, how the id is resolved, the message for an id not found).
REFERENCES: dict[str, tuple[str, Resolver, str]] = {
    "curriculum_id": ("curriculum", _curriculum, "Unknown curriculum."),
    "module_id": ("module", _module, "Unknown module."),
    "module_ids": ("modules", _module, "Unknown module."),
    "person_id": ("person", _person, "Unknown person."),
    "facilitator_id": ("facilitator", _person, "Unknown person."),
    "assessment_id": ("assessment", _assessment, "Unknown assessment."),
    "enrollment_id": ("enrollment", _enrollment, "Unknown enrolment."),
}
API_FIELD_NAMES = {model: api for api, (model, _, _) in REFERENCES.items()}


def operation_id(name: str) -> str:
    """The OpenAPI operation id of an endpoint named `name`."""
    return f"enlace_learning_api_{name}"


def model_data(scope: Scope, values: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Body values as service data: every `<field>_id` (or list of ids, `module_ids`) becomes
    the row(s) it names in the scope."""
    return resolve_references(scope, values, REFERENCES, prefix=prefix)


def changes(scope: Scope, values: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a PATCH body sends, as service data; an empty change is refused."""
    if not values:
        raise ValidationError("Send at least one field to change.")
    return model_data(scope, values)


def sent(payload: Any, *, drop_none: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The fields a PATCH body sends (without `version`); those in `drop_none` sent as null
    are left out, as if not sent (a position of null means "where it is")."""
    values: dict[str, Any] = payload.model_dump(exclude_unset=True, exclude={"version"})
    return {k: v for k, v in values.items() if not (k in drop_none and v is None)}


def _api_name(key: str, prefix: str) -> str:
    if key == "__all__":
        return prefix.rstrip(".") or "__all__"
    return f"{prefix}{API_FIELD_NAMES.get(key, key)}"


def renamed(exc: ValidationError, prefix: str = "") -> ValidationError:
    """A service's field errors as the API names the fields (`person_id`, `items.0.answer`)."""
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


# The training behind an engagement


def engagement_get(scope: Scope, id: Any) -> Engagement:
    """The engagement of the path, as the asker may see it (another's is 404)."""
    return engagement_selectors.engagement_get(scope=scope, id=id)


def training_read(scope: Scope, id: Any) -> tuple[Engagement, Training | None]:
    """The engagement of the path and its training, or None when it has none yet."""
    engagement = engagement_get(scope, id)
    return engagement, records.training_for_engagement(scope=scope, engagement=engagement)


def training_get(scope: Scope, id: Any) -> Training:
    """The training of the path's engagement: a part of a training that does not exist is not
    found either."""
    _, training = training_read(scope, id)
    if training is None:
        raise Http404
    return training


def training_write(scope: Scope, id: Any) -> Training:
    """The training of the path's engagement, created by this first write when it has none;
    an engagement that is not a training or workshop is refused (422). Call it inside the
    write's transaction, so that a refused write leaves no training behind."""
    engagement = engagement_get(scope, id)
    return write(trainings.training_for, scope=scope, engagement=engagement, create=True)


def listed(
    scope: Scope,
    filters: Any,
    *,
    queryset: Callable[..., QuerySet[Row]],
    search: Callable[..., QuerySet[Row]],
) -> QuerySet[Row]:
    """A list endpoint's rows: `search(scope=, q=)`, or with `?deleted=true` the trash of
    `queryset`, its titles searched by `?q=`."""
    if not filters.deleted:
        return search(scope=scope, q=filters.q)
    rows = queryset(scope, deleted=True)
    return rows.filter(title__icontains=filters.q) if filters.q else rows


def child_of(parent: Any, child: M, field: str) -> M:
    """A row under its parent's path (a curriculum's module, an assessment's item): one of
    another parent is not found."""
    if getattr(child, f"{field}_id") != parent.pk:
        raise Http404
    return child


def part_of(rows: Iterable[M], id: Any) -> M:
    """The row of `rows` (a training's parts, as a selector read them) with this id, or 404."""
    pk = parse_uuid(id)
    for row in rows:
        if row.pk == pk:  # type: ignore[attr-defined]
            return row
    raise Http404
