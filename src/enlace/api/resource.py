"""The endpoints a versioned, soft-deleted resource has (list, create, read, change, delete,
restore), written once for any app.

An app's module describes what is its own in a `Resource`: its schemas, how a request reaches its
selectors and services, the descriptions that differ. `resource_router` turns that into a Router;
endpoints only one resource has are added to that Router by the app.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Body, Query, Router, Schema, Status

from enlace.api.auth import if_match_version, request_scope, tagged, write_scope
from enlace.api.errors import (
    CREATE_OR_DUPLICATE_PROBLEMS,
    CREATE_PROBLEMS,
    DELETE_PROBLEMS,
    LIST_PROBLEMS,
    READ_PROBLEMS,
    RESTORE_PROBLEMS,
    WRITE_PROBLEMS,
)
from enlace.api.pagination import check_query_params, paginate
from enlace.core.models import WorkspaceModel
from enlace.core.permissions import Action
from enlace.core.scoping import Scope, get_in_scope

M = TypeVar("M", bound=WorkspaceModel)
M_co = TypeVar("M_co", bound=WorkspaceModel, covariant=True)
F = TypeVar("F", bound=Callable[..., Any])

# `Query[X]` and `Body[X]` built at run time: mypy knows them only as annotations.
_query: Any = Query
_body: Any = Body


class Get(Protocol[M_co]):
    """A selector of one record: `engagement_get(scope=..., id=...)`."""

    def __call__(self, *, scope: Scope, id: Any) -> M_co: ...


class Rows(Protocol[M_co]):
    """A selector of the scoped rows, or of the trash: `engagement_queryset(scope, deleted=)`."""

    def __call__(self, scope: Scope, *, deleted: bool = False) -> QuerySet[M_co]: ...


class VersionedBody(Protocol):
    """A PATCH or DELETE body: it may carry the version it is based on."""

    version: int | None


@dataclass(frozen=True)
class Resource(Generic[M]):
    """What one resource's endpoints need, beyond what every resource's share."""

    app: str  # operation ids: "engagements" -> "enlace_engagements_api_engagement_list"
    name: str  # operation ids and URL names: "engagement" -> "engagement_list"
    noun: str  # summaries: "Create an engagement"
    plural: str  # summaries: "List engagements"
    out: type[Schema]
    page: type[Schema]
    filters: type[Schema]  # a ListQuery: q, deleted and the resource's own filters
    create_body: type[Schema]
    patch_body: type[Schema]
    list: Callable[[Scope, Any], QuerySet[M] | Sequence[M]]  # (scope, filters) -> the rows
    create: Callable[[Scope, Any], M]  # (scope, create body) -> the new record
    update: Callable[[Scope, M, Any, int | None], M]  # (scope, record, body or data, version)
    delete: Callable[[Scope, M, int | None], object]  # (scope, record, version)
    restore: Callable[[Scope, M], M]
    get: Get[M]
    queryset: Rows[M]
    create_doc: str
    # A record as responses show it, where that takes more than `get`: read with it, and read
    # again with it after every write.
    detail: Get[M] | None = None
    # Reads, for a whole page at once, what its rows show beyond their own fields.
    prepare: Callable[[Scope, Sequence[M]], object] | None = None
    # What `update` receives instead of the PATCH body, read before the version it is based on
    # (the registry's field changes, whose errors come first).
    patch_data: Callable[[Scope, Any], Any] | None = None
    # Its create service refuses a name close to an existing record's with 409.
    checks_duplicates: bool = False
    list_doc: str | None = None
    read_doc: str | None = None
    update_doc: str | None = None
    delete_doc: str | None = None

    def operation_id(self, action: str) -> str:
        return f"enlace_{self.app}_api_{self.name}_{action}"

    def shown(self, scope: Scope, obj: M) -> M:
        """`obj` as responses show it: read again with `detail` when there is one."""
        return obj if self.detail is None else self.detail(scope=scope, id=obj.pk)


def list_scope(request: HttpRequest, filters: Any) -> Scope:
    """The scope of a list: unknown query parameters are refused; the trash needs its right."""
    scope = request_scope(request)
    check_query_params(request, type(filters).model_fields)
    if getattr(filters, "deleted", False):
        scope.require(Action.VIEW_TRASH)
    return scope


def body_version(request: HttpRequest, payload: VersionedBody | None) -> int | None:
    """The version a write is based on: the body's `version` or the `If-Match` header's."""
    return if_match_version(request, payload.version if payload is not None else None)


def _same(obj: Any) -> Any:
    """Rows go to the page as they are: the response schema serialises them."""
    return obj


def _annotated(**annotations: Any) -> Callable[[F], F]:
    """Give a shared view its resource's schemas as parameter types.

    ninja builds an endpoint's request schema from its view's annotations when the view is
    registered, so this runs first (it is the decorator nearer the function).
    """

    def annotate(view: F) -> F:
        view.__annotations__.update(annotations)
        return view

    return annotate


def resource_router(r: Resource[M], *, tag: str, delete_body: type[Schema]) -> Router:
    """A Router with the resource's list, create, read, change, delete and restore endpoints."""
    router = Router(tags=[tag])
    create_problems = CREATE_OR_DUPLICATE_PROBLEMS if r.checks_duplicates else CREATE_PROBLEMS

    def prepared(scope: Scope) -> Callable[[list[Any]], object] | None:
        hook = r.prepare
        return None if hook is None else (lambda rows: hook(scope, rows))

    @router.get(
        "",
        response={200: r.page, **LIST_PROBLEMS},
        summary=f"List {r.plural}",
        description=r.list_doc,
        operation_id=r.operation_id("list"),
        url_name=f"{r.name}_list",
    )
    @_annotated(filters=_query[r.filters])
    def list_(request: HttpRequest, filters: Any) -> dict[str, Any]:
        """Paginated and filterable; `?deleted=true` lists the trash instead."""
        scope = list_scope(request, filters)
        return paginate(request, r.list(scope, filters), _same, prepared(scope))

    @router.post(
        "",
        response={201: r.out, **create_problems},
        summary=f"Create {r.noun}",
        description=r.create_doc,
        operation_id=r.operation_id("create"),
        url_name=f"{r.name}_create",
    )
    @_annotated(payload=r.create_body)
    def create(request: HttpRequest, response: HttpResponse, payload: Any) -> Status[M]:
        scope = write_scope(request, Action.CREATE)
        return Status(201, tagged(response, r.shown(scope, r.create(scope, payload))))

    @router.get(
        "/{id}",
        response={200: r.out, **READ_PROBLEMS},
        summary=f"Read {r.noun}",
        description=r.read_doc,
        operation_id=r.operation_id("read"),
        url_name=f"{r.name}_read",
    )
    def read(request: HttpRequest, response: HttpResponse, id: uuid.UUID) -> M:
        """The `ETag` header carries the version, for `If-Match` on the next write."""
        return tagged(response, (r.detail or r.get)(scope=request_scope(request), id=id))

    @router.patch(
        "/{id}",
        response={200: r.out, **WRITE_PROBLEMS},
        summary=f"Change {r.noun}",
        description=r.update_doc,
        operation_id=r.operation_id("update"),
        url_name=f"{r.name}_update",
    )
    @_annotated(payload=r.patch_body)
    def update(request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: Any) -> M:
        """Only the fields sent change. With `version` (or `If-Match`), a write based on an older
        version is refused with 409 and the fields changed since."""
        scope = write_scope(request, Action.CHANGE)
        record = r.get(scope=scope, id=id)
        data = payload if r.patch_data is None else r.patch_data(scope, payload)
        updated = r.update(scope, record, data, body_version(request, payload))
        return tagged(response, r.shown(scope, updated))

    @router.delete(
        "/{id}",
        response={204: None, **DELETE_PROBLEMS},
        summary=f"Move {r.noun} to the trash",
        description=r.delete_doc,
        operation_id=r.operation_id("delete"),
        url_name=f"{r.name}_delete",
    )
    @_annotated(payload=_body[delete_body | None])
    def delete(request: HttpRequest, id: uuid.UUID, payload: Any = None) -> Status[None]:
        """Owners and managers can restore it. `If-Match` (or a body with `version`)
        refuses a delete based on an older version."""
        scope = write_scope(request, Action.DELETE)
        r.delete(scope, r.get(scope=scope, id=id), body_version(request, payload))
        return Status(204, None)

    @router.post(
        "/{id}/restore",
        response={200: r.out, **RESTORE_PROBLEMS},
        summary=f"Restore {r.noun} from the trash",
        operation_id=r.operation_id("restore"),
        url_name=f"{r.name}_restore",
    )
    def restore(request: HttpRequest, response: HttpResponse, id: uuid.UUID) -> M:
        """Owners and managers only."""
        scope = write_scope(request, Action.RESTORE)
        record = get_in_scope(r.queryset(scope, deleted=True), id)
        return tagged(response, r.shown(scope, r.restore(scope, record)))

    return router
