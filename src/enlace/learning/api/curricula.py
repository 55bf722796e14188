"""The curricula endpoints: curricula with their ordered modules, and the modules one by one."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Status

from enlace.api.auth import if_match_version, tagged, write_scope
from enlace.api.errors import ADD_PROBLEMS, DELETE_PROBLEMS, WRITE_PROBLEMS
from enlace.api.resource import Resource, resource_router
from enlace.core.permissions import Action
from enlace.core.scoping import Scope, get_in_scope
from enlace.learning.api.common import (
    changes,
    child_of,
    listed,
    model_data,
    operation_id,
    sent,
    write,
    write_at,
)
from enlace.learning.models import Curriculum, Module
from enlace.learning.schemas import (
    CurriculumCreate,
    CurriculumFilters,
    CurriculumOut,
    CurriculumPage,
    CurriculumPatch,
    ModuleIn,
    ModuleOrderIn,
    ModuleOut,
    ModulePatch,
)
from enlace.learning.selectors import records
from enlace.learning.services import curricula as services
from enlace.stakeholders.schemas import DeleteInput


def with_modules(queryset: QuerySet[Curriculum]) -> QuerySet[Curriculum]:
    """Curricula with their live modules in order, one query for a whole page."""
    modules = Module.objects.order_by("position", "created_at")
    return queryset.prefetch_related(Prefetch("modules", queryset=modules, to_attr="live_modules"))


def _detail(*, scope: Scope, id: Any) -> Curriculum:
    return get_in_scope(with_modules(records.curriculum_queryset(scope)), id)


def _list(scope: Scope, filters: CurriculumFilters) -> QuerySet[Curriculum]:
    rows = listed(
        scope, filters, queryset=records.curriculum_queryset, search=records.curriculum_list
    )
    return with_modules(rows)


def _create(scope: Scope, payload: CurriculumCreate) -> Curriculum:
    data = model_data(scope, payload.model_dump(exclude={"modules"}))
    # One write for the caller: a refused module leaves no curriculum behind.
    with transaction.atomic():
        curriculum = write(services.curriculum_create, scope=scope, data=data)
        for i, module in enumerate(payload.modules):
            write_at(
                f"modules.{i}.",
                services.module_add,
                scope=scope,
                curriculum=curriculum,
                data=module.model_dump(exclude_none=True, exclude={"position"}),
            )
    return curriculum


CURRICULA: Resource[Curriculum] = Resource(
    app="learning",
    name="curriculum",
    noun="a curriculum",
    plural="curricula",
    out=CurriculumOut,
    page=CurriculumPage,
    filters=CurriculumFilters,
    create_body=CurriculumCreate,
    patch_body=CurriculumPatch,
    list=_list,
    create=_create,
    get=records.curriculum_get,
    queryset=records.curriculum_queryset,
    detail=_detail,
    patch_data=lambda scope, payload: changes(scope, sent(payload)),
    update=lambda scope, curriculum, data, version: write(
        services.curriculum_update,
        scope=scope,
        curriculum=curriculum,
        data=data,
        expected_version=version,
    ),
    delete=lambda scope, curriculum, version: write(
        services.curriculum_delete, scope=scope, curriculum=curriculum, expected_version=version
    ),
    restore=lambda scope, curriculum: services.curriculum_restore(
        scope=scope, curriculum=curriculum
    ),
    list_doc=(
        "Paginated, with their modules in order; `?q=` searches the titles and `?deleted=true`\n"
        "lists the trash instead."
    ),
    create_doc=(
        "`modules` sets its modules at once, in order; afterwards they change one by one under\n"
        "`/curricula/{id}/modules`. `edition` is the curriculum's own version label."
    ),
    read_doc=(
        "With its modules in order. The `ETag` header carries the version, for `If-Match` on\n"
        "the next write."
    ),
    update_doc=(
        "Only the fields sent change; modules change under `/curricula/{id}/modules`. With\n"
        "`version` (or `If-Match`), a write based on an older version is refused with 409."
    ),
    delete_doc="Refused (422) while a live training follows it.",
)

router = resource_router(CURRICULA, tag="curricula", delete_body=DeleteInput)


def _module(scope: Scope, curriculum_id: uuid.UUID, module_id: uuid.UUID) -> Module:
    curriculum = records.curriculum_get(scope=scope, id=curriculum_id)
    return child_of(curriculum, records.module_get(scope=scope, id=module_id), "curriculum")


@router.post(
    "/{id}/modules",
    response={201: ModuleOut, **ADD_PROBLEMS},
    summary="Add a module",
    operation_id=operation_id("module_add"),
)
def module_add(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: ModuleIn
) -> Status[Module]:
    """Last in the curriculum unless `position` says where."""
    scope = write_scope(request, Action.CREATE)
    curriculum = records.curriculum_get(scope=scope, id=id)
    data = payload.model_dump(exclude_none=True)
    module = write(services.module_add, scope=scope, curriculum=curriculum, data=data)
    return Status(201, tagged(response, module))


@router.patch(
    "/{id}/modules/{module_id}",
    response={200: ModuleOut, **WRITE_PROBLEMS},
    summary="Change a module",
    operation_id=operation_id("module_update"),
)
def module_update(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    module_id: uuid.UUID,
    payload: ModulePatch,
) -> Module:
    """Only the fields sent change. With `version` (or `If-Match`), a write based on an older
    version is refused with 409."""
    scope = write_scope(request, Action.CHANGE)
    module = _module(scope, id, module_id)
    updated = write(
        services.module_update,
        scope=scope,
        module=module,
        data=changes(scope, sent(payload, drop_none=frozenset({"position"}))),
        expected_version=if_match_version(request, payload.version),
    )
    return tagged(response, updated)


@router.delete(
    "/{id}/modules/{module_id}",
    response={204: None, **DELETE_PROBLEMS},
    summary="Remove a module",
    operation_id=operation_id("module_remove"),
)
def module_remove(request: HttpRequest, id: uuid.UUID, module_id: uuid.UUID) -> Status[None]:
    """Refused (422, saying how many sessions and questions use it) while a live session covers
    it or a current question tests it; otherwise it goes to the trash."""
    scope = write_scope(request, Action.DELETE)
    write(services.module_remove, scope=scope, module=_module(scope, id, module_id))
    return Status(204, None)


@router.put(
    "/{id}/module-order",
    response={200: CurriculumOut, **WRITE_PROBLEMS},
    summary="Reorder the modules",
    operation_id=operation_id("module_reorder"),
)
def module_reorder(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: ModuleOrderIn
) -> Curriculum:
    """`order` lists every live module's `id` once, in the new order."""
    scope = write_scope(request, Action.CHANGE)
    curriculum = records.curriculum_get(scope=scope, id=id)
    write(services.module_reorder, scope=scope, curriculum=curriculum, order=payload.order)
    return tagged(response, _detail(scope=scope, id=id))
