"""The endpoints every registry resource has (list, create, read, change, delete, restore), once.

A resource module describes what is its own in a `Resource` (schemas, selectors, services, how
its filters and create body reach them, the descriptions that differ), and `resource_router` turns
that into its Router. Endpoints only one resource has (a body's members) are added to that Router
by the resource's module.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
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
from enlace.api.pagination import paginate
from enlace.core.models import WorkspaceModel
from enlace.core.permissions import Action
from enlace.core.scoping import Scope, get_in_scope
from enlace.stakeholders.api.common import (
    changes,
    delete_version,
    list_scope,
    operation_id,
    write,
)
from enlace.stakeholders.schemas import DeleteInput, Input, ListQuery, PatchInput

M = TypeVar("M", bound=WorkspaceModel)
M_co = TypeVar("M_co", bound=WorkspaceModel, covariant=True)
F = TypeVar("F", bound=Callable[..., Any])

# `Query[X]` built at run time: mypy knows `Query` only as an annotation.
_query: Any = Query


class Get(Protocol[M_co]):
    """A selector of one record: `organization_get(scope=..., id=...)`."""

    def __call__(self, *, scope: Scope, id: Any) -> M_co: ...


class Rows(Protocol[M_co]):
    """A selector of the scoped rows, or of the trash: `organization_queryset(scope, deleted=)`."""

    def __call__(self, scope: Scope, *, deleted: bool = False) -> QuerySet[M_co]: ...


@dataclass(frozen=True)
class Resource(Generic[M]):
    """What one resource's endpoints need, beyond what every resource's share."""

    name: str  # operation ids and URL names: "organization" -> "organization_list"
    noun: str  # summaries: "Create an organisation"
    plural: str  # summaries: "List organisations"
    out: type[Schema]
    page: type[Schema]
    filters: type[ListQuery]
    create_body: type[Input]
    patch_body: type[PatchInput]
    list: Callable[[Scope, Any], QuerySet[M]]  # (scope, filters) -> the page's rows
    create: Callable[[Scope, Any], M]  # (scope, create body) -> the new record
    get: Get[M]
    queryset: Rows[M]
    # The services name the record they change by its kind: organization_update(organization=).
    record: str
    update: Callable[..., M]
    delete: Callable[..., object]
    restore: Callable[..., M]
    create_doc: str  # the create endpoint's description: what its create body does
    # A record as responses show it, where that takes more than `get` (a body's members):
    # read with it, and read again with it after every write.
    detail: Get[M] | None = None
    # Its create service refuses a name close to an existing record's with 409.
    checks_duplicates: bool = False
    # Descriptions (Markdown: a line break reads as a space); None keeps the shared docstring.
    list_doc: str | None = None
    read_doc: str | None = None
    update_doc: str | None = None
    delete_doc: str | None = None

    def shown(self, scope: Scope, obj: M) -> M:
        """`obj` as responses show it: itself, or read again with `detail`."""
        return obj if self.detail is None else self.detail(scope=scope, id=obj.pk)


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


def resource_router(r: Resource[M], *, tag: str) -> Router:
    """A Router with the resource's list, create, read, change, delete and restore endpoints."""
    router = Router(tags=[tag])
    create_problems = CREATE_OR_DUPLICATE_PROBLEMS if r.checks_duplicates else CREATE_PROBLEMS

    @router.get(
        "",
        response={200: r.page, **LIST_PROBLEMS},
        summary=f"List {r.plural}",
        description=r.list_doc,
        operation_id=operation_id(f"{r.name}_list"),
        url_name=f"{r.name}_list",
    )
    @_annotated(filters=_query[r.filters])
    def list_(request: HttpRequest, filters: ListQuery) -> dict[str, Any]:
        """Paginated and filterable; `?deleted=true` lists the trash instead."""
        scope = list_scope(request, filters)
        return paginate(request, r.list(scope, filters), _same)

    @router.post(
        "",
        response={201: r.out, **create_problems},
        summary=f"Create {r.noun}",
        description=r.create_doc,
        operation_id=operation_id(f"{r.name}_create"),
        url_name=f"{r.name}_create",
    )
    @_annotated(payload=r.create_body)
    def create(request: HttpRequest, response: HttpResponse, payload: Input) -> Status[M]:
        scope = write_scope(request, Action.CREATE)
        return Status(201, tagged(response, r.shown(scope, r.create(scope, payload))))

    @router.get(
        "/{id}",
        response={200: r.out, **READ_PROBLEMS},
        summary=f"Read {r.noun}",
        description=r.read_doc,
        operation_id=operation_id(f"{r.name}_read"),
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
        operation_id=operation_id(f"{r.name}_update"),
        url_name=f"{r.name}_update",
    )
    @_annotated(payload=r.patch_body)
    def update(
        request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: PatchInput
    ) -> M:
        """Only the fields sent change. With `version` (or `If-Match`), a write based on an older
        version is refused with 409 and the fields changed since."""
        scope = write_scope(request, Action.CHANGE)
        record = {r.record: r.get(scope=scope, id=id)}
        updated = write(
            r.update,
            scope=scope,
            **record,
            data=changes(scope, payload),
            expected_version=if_match_version(request, payload.version),
        )
        return tagged(response, r.shown(scope, updated))

    @router.delete(
        "/{id}",
        response={204: None, **DELETE_PROBLEMS},
        summary=f"Move {r.noun} to the trash",
        description=r.delete_doc,
        operation_id=operation_id(f"{r.name}_delete"),
        url_name=f"{r.name}_delete",
    )
    def delete(
        request: HttpRequest, id: uuid.UUID, payload: Body[DeleteInput | None] = None
    ) -> Status[None]:
        """Owners and managers can restore it. `If-Match` (or a body with `version`)
        refuses a delete based on an older version."""
        scope = write_scope(request, Action.DELETE)
        record = {r.record: r.get(scope=scope, id=id)}
        r.delete(scope=scope, **record, expected_version=delete_version(request, payload))
        return Status(204, None)

    @router.post(
        "/{id}/restore",
        response={200: r.out, **RESTORE_PROBLEMS},
        summary=f"Restore {r.noun} from the trash",
        operation_id=operation_id(f"{r.name}_restore"),
        url_name=f"{r.name}_restore",
    )
    def restore(request: HttpRequest, response: HttpResponse, id: uuid.UUID) -> M:
        """Owners and managers only."""
        scope = write_scope(request, Action.RESTORE)
        record = {r.record: get_in_scope(r.queryset(scope, deleted=True), id)}
        return tagged(response, r.shown(scope, r.restore(scope=scope, **record)))

    return router
