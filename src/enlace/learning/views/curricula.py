"""Curriculum pages: the list (search, pages), create, edit, delete, and the detail with its
ordered modules (add, edit, move up or down, remove)."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.learning.forms import CurriculumForm, ModuleForm
from enlace.learning.models import Curriculum, Module
from enlace.learning.selectors import records
from enlace.learning.services import curricula
from enlace.learning.views.common import (
    error_code,
    form_page,
    page_url,
    record_create,
    record_delete,
    record_edit,
    refusal,
    save_changes,
)
from enlace.learning.views.tables import CurriculumTable
from enlace.stakeholders.views.base import paginate, render_page
from enlace.web.scoping import workspace_view


def modules_of(curriculum: Curriculum) -> list[Module]:
    """A curriculum's live modules in order (the curriculum came through a scoped read)."""
    return list(curriculum.modules.all())


@workspace_view
def curriculum_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    rows = records.curriculum_list(scope=scope, q=q)
    empty = _("No curriculum matches “%(q)s”.") % {"q": q} if q else _("No curricula yet.")
    table = paginate(request, CurriculumTable(rows, scope=scope, empty_text=empty))
    return render_page(
        request,
        "learning/list.html",
        {
            "title": _("Curricula"),
            "intro": _(
                "A curriculum is an ordered set of modules, each with its learning objectives "
                "and duration. A training can follow one and lay out its sessions from it."
            ),
            "searchable": True,
            "q": q,
            "table": table,
            "create_url": page_url(scope, "curriculum_create"),
            "create_label": _("Add a curriculum"),
        },
        partial="results",
    )


@workspace_view
def curriculum_create(request: HttpRequest, scope: Scope) -> HttpResponse:
    scope.require(Action.CREATE)
    return record_create(
        request,
        scope,
        "curriculum",
        CurriculumForm,
        lambda data: curricula.curriculum_create(scope=scope, data=data),
        title=_("New curriculum"),
        breadcrumb=_("Curricula"),
    )


@workspace_view
def curriculum_detail(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    curriculum = records.curriculum_get(scope=scope, id=pk)
    modules = list(modules_of(curriculum))
    form = ModuleForm(scope=scope) if scope.can(Action.CREATE) else None
    return _detail(request, scope, curriculum, modules, form)


def _detail(
    request: HttpRequest,
    scope: Scope,
    curriculum: Curriculum,
    modules: list[Module],
    form: ModuleForm | None,
    *,
    status: int = 200,
) -> HttpResponse:
    total = sum(m.duration_minutes for m in modules)
    return render_page(
        request,
        "learning/curriculum_detail.html",
        {
            "record": curriculum,
            "modules": modules,
            "total_minutes": total,
            "total_hours": round(total / 60, 1),
            "module_form": form,
        },
        status=status,
    )


@workspace_view
def curriculum_edit(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    curriculum = records.curriculum_get(scope=scope, id=pk)
    return record_edit(
        request,
        scope,
        curriculum,
        CurriculumForm,
        lambda changes, version: curricula.curriculum_update(
            scope=scope, curriculum=curriculum, data=changes, expected_version=version
        ),
        detail=page_url(scope, "curriculum_detail", curriculum.pk),
    )


@workspace_view
def curriculum_delete(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.DELETE)
    return record_delete(
        request,
        scope,
        "curriculum",
        lambda: records.curriculum_get(scope=scope, id=pk),
        lambda curriculum, version: curricula.curriculum_delete(
            scope=scope, curriculum=curriculum, expected_version=version
        ),
        conflict=_("Someone else changed this curriculum since you opened this page."),
        question=_("Delete the curriculum “%(record)s”?"),
        explanation=_(
            "It moves to the trash with its modules. A curriculum that a training follows "
            "cannot be deleted."
        ),
    )


# Modules


@workspace_view
@require_POST
def module_add(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CREATE)
    curriculum = records.curriculum_get(scope=scope, id=pk)
    form = ModuleForm(request.POST, scope=scope)
    if form.is_valid():
        try:
            module = curricula.module_add(scope=scope, curriculum=curriculum, data=form.changes())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Added the module “%(title)s”.") % {"title": module.title})
            return redirect(page_url(scope, "curriculum_detail", curriculum.pk) + "#modules")
    modules = list(modules_of(curriculum))
    return _detail(request, scope, curriculum, modules, form, status=400)


@workspace_view
def module_edit(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    module = records.module_get(scope=scope, id=pk)
    curriculum = module.curriculum
    detail = page_url(scope, "curriculum_detail", curriculum.pk)
    title = _("Edit the module “%(title)s”") % {"title": module.title}
    form = ModuleForm(
        request.POST if request.method == "POST" else None,
        scope=scope,
        instance=copy.copy(module),
    )
    if request.method == "POST" and form.is_valid():
        saved = save_changes(
            request,
            form,
            lambda changes: curricula.module_update(
                scope=scope,
                module=module,
                data=changes,
                expected_version=form.cleaned_data["version"],
            ),
            back=detail,
            saved_url=detail + "#modules",
        )
        if saved is not None:
            return saved
    return form_page(
        request,
        form,
        title=title,
        cancel_url=detail,
        breadcrumb=str(curriculum),
        status=400 if form.is_bound else 200,
    )


@workspace_view
@require_POST
def module_move(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    """Move a module one place up or down: the whole order goes to the service, so two
    people moving modules at once cannot leave two modules in one place."""
    scope.require(Action.CHANGE)
    module = records.module_get(scope=scope, id=pk)
    curriculum = module.curriculum
    detail = page_url(scope, "curriculum_detail", curriculum.pk)
    order = [m.pk for m in modules_of(curriculum)]
    index = order.index(module.pk)
    step = -1 if request.POST.get("direction") == "up" else 1
    target = index + step
    if request.POST.get("direction") not in ("up", "down") or not 0 <= target < len(order):
        messages.info(request, _("That module cannot move further."))
        return redirect(detail + "#modules")
    order[index], order[target] = order[target], order[index]
    try:
        curricula.module_reorder(scope=scope, curriculum=curriculum, order=order)
    except ValidationError as exc:
        messages.error(request, refusal(exc))
    else:
        messages.success(
            request,
            _("Moved “%(title)s” to place %(place)s.")
            % {"title": module.title, "place": target + 1},
        )
    return redirect(detail + f"#module-{module.pk}")


@workspace_view
def module_remove(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.DELETE)
    module = records.module_get(scope=scope, id=pk)
    curriculum = module.curriculum
    detail = page_url(scope, "curriculum_detail", curriculum.pk)
    error = ""
    if request.method == "POST":
        try:
            curricula.module_remove(scope=scope, module=module)
        except ValidationError as exc:
            error = refusal(exc)
            if error_code(exc) == "in_use":
                error = _("This module cannot be removed: %(reason)s") % {"reason": error}
        else:
            messages.success(
                request, _("Removed the module “%(title)s”.") % {"title": module.title}
            )
            return redirect(detail + "#modules")
    return render_page(
        request,
        "learning/confirm.html",
        {
            "record": curriculum,
            "back_url": detail,
            "question": _("Remove the module “%(title)s”?") % {"title": module.title},
            "explanation": _(
                "A module that sessions or questions use cannot be removed; change those first."
            ),
            "action_label": _("Remove"),
            "error": error,
        },
        status=400 if error else 200,
    )
