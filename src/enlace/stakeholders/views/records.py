"""The pages every record type shares: create, edit, delete (to the trash) and history.

URLs pass the record type's key (`kind`); the type's selectors and services do the work.
A POST from htmx is a field being left: the form is checked and its fragment returned, and
nothing is saved. A plain POST is the real submit.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.forms import BoundField
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from enlace.core.errors import DuplicateSuspected, ValidationError, VersionConflict
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.stakeholders import selectors
from enlace.stakeholders.forms import ConfirmForm, RegistryForm
from enlace.stakeholders.models import Person
from enlace.stakeholders.views import history
from enlace.stakeholders.views.base import is_htmx, render_page
from enlace.stakeholders.views.types import RecordType, record_type
from enlace.web.scoping import workspace_view

FORM_TEMPLATE = "stakeholders/form.html"


def _initial(request: HttpRequest, form_class: type[RegistryForm]) -> dict[str, Any]:
    """Prefill from the query string (`?parent=<id>` on "Add a unit"); choices still apply."""
    names = set(form_class.base_fields) - {"version", "allow_duplicate"}
    return {k: v for k, v in request.GET.items() if k in names}


def _matches(scope: Scope, rt: RecordType, records: list[Any]) -> list[dict[str, Any]]:
    """Existing records to offer instead of a new one, with a link and a word of context."""
    result = []
    for record in records:
        if isinstance(record, Person):
            detail = str(record.organization) if record.organization_id else ""
        else:
            detail = record.get_kind_display()
        result.append(
            {"record": record, "url": rt.url("detail", scope, record.pk), "detail": detail}
        )
    return result


def _hints(
    scope: Scope, rt: RecordType, form: RegistryForm, request: HttpRequest
) -> list[dict[str, Any]]:
    """Similar records for the live "Did you mean…?" once the name field has been left."""
    trigger = request.headers.get("HX-Trigger-Name", "")
    if rt.similar is None or not form.name_field or trigger != form.name_field:
        return []
    exclude = None if form.is_new else form.instance.pk
    return _matches(scope, rt, rt.similar(scope, form.data, exclude))


def _form_page(
    request: HttpRequest,
    rt: RecordType,
    form: RegistryForm,
    *,
    title: str,
    cancel_url: str,
    **extra: Any,
) -> HttpResponse:
    context = {
        "rt": rt,
        "form": form,
        "title": title,
        "action_url": request.path,
        "cancel_url": cancel_url,
        **extra,
    }
    return render_page(request, FORM_TEMPLATE, context, partial="record-form")


@workspace_view
def create(request: HttpRequest, scope: Scope, kind: str) -> HttpResponse:
    rt = record_type(kind)
    scope.require(Action.CREATE)
    title = _("New %(noun)s") % {"noun": rt.noun}
    cancel = rt.url("list", scope)
    if request.method != "POST":
        form = rt.form_class(
            scope=scope, initial=_initial(request, rt.form_class), validate_url=request.path
        )
        return _form_page(request, rt, form, title=title, cancel_url=cancel)
    form = rt.form_class(request.POST, scope=scope, validate_url=request.path)
    if is_htmx(request):
        form.is_valid()
        hints = _hints(scope, rt, form, request)
        return _form_page(request, rt, form, title=title, cancel_url=cancel, hints=hints)
    duplicates: list[dict[str, Any]] = []
    if form.is_valid():
        try:
            record = rt.create(
                scope, form.changes(), bool(form.cleaned_data.get("allow_duplicate"))
            )
        except DuplicateSuspected as exc:
            duplicates = _matches(scope, rt, exc.matches)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Saved %(record)s.") % {"record": record})
            return redirect(rt.url("detail", scope, record.pk))
    return _form_page(request, rt, form, title=title, cancel_url=cancel, duplicates=duplicates)


@workspace_view
def edit(request: HttpRequest, scope: Scope, kind: str, pk: Any) -> HttpResponse:
    rt = record_type(kind)
    scope.require(Action.CHANGE)
    record = rt.get(scope, pk)
    title = _("Edit %(record)s") % {"record": record}
    detail = rt.url("detail", scope, record.pk)
    if request.method != "POST":
        form = rt.form_class(scope=scope, instance=copy.copy(record), validate_url=request.path)
        return _form_page(request, rt, form, title=title, cancel_url=detail, record=record)
    # A copy: the form writes its values onto its instance while validating.
    form = rt.form_class(
        request.POST, scope=scope, instance=copy.copy(record), validate_url=request.path
    )
    if is_htmx(request):
        form.is_valid()
        hints = _hints(scope, rt, form, request)
        return _form_page(
            request, rt, form, title=title, cancel_url=detail, record=record, hints=hints
        )
    if form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, _("Nothing changed."))
            return redirect(detail)
        try:
            rt.update(scope, record, changes, form.cleaned_data["version"])
        except VersionConflict as exc:
            return _conflict(request, scope, rt, record, exc, title=title, cancel_url=detail)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Saved your changes."))
            return redirect(detail)
    return _form_page(request, rt, form, title=title, cancel_url=detail, record=record)


def _conflict(
    request: HttpRequest,
    scope: Scope,
    rt: RecordType,
    record: Any,
    exc: VersionConflict,
    *,
    title: str,
    cancel_url: str,
) -> HttpResponse:
    """Refuse a save based on an older version without losing anybody's work.

    For each field a colleague changed: if the user had edited it too, their input stays and
    the colleague's value is shown beside it; if not, the form takes the colleague's value so
    that saving again cannot quietly undo it. Nothing is written until the user saves again.
    """
    current = rt.get(scope, record.pk)
    fresh = rt.form_class(scope=scope, instance=copy.copy(current))
    names = [n for n in history.field_names(rt.model, exc.changed_fields) if n in fresh.fields]
    expected = int(request.POST.get("version") or 0)
    base = history.values_at(scope, current, expected, names)
    now = history.current_values(scope, current, names)
    data = request.POST.copy()
    data["version"] = str(exc.current_version)
    conflicts = {}
    for name in names:
        field = fresh.fields[name]
        submitted = field.widget.value_from_datadict(data, {}, fresh.add_prefix(name))
        edited = field.has_changed(base[name], submitted)
        if not edited:
            _post_value(data, fresh[name])
        conflicts[name] = {"now": now[name], "kept": edited}
    form = rt.form_class(data, scope=scope, instance=copy.copy(current), validate_url=request.path)
    form.is_valid()
    labels = [history.field_label(rt.model, name) for name in names]
    return render_page(
        request,
        FORM_TEMPLATE,
        {
            "rt": rt,
            "form": form,
            "title": title,
            "action_url": request.path,
            "cancel_url": cancel_url,
            "record": current,
            "conflict": {"fields": labels, "version": exc.current_version},
            "conflicts": conflicts,
        },
        status=409,
    )


def _post_value(data: QueryDict, field: BoundField) -> None:
    """Put a field's current value into posted data, as its widget would have sent it."""
    value = field.value()
    if field.widget_type == "checkbox":
        if value:
            data[field.html_name] = "on"
        else:
            data.pop(field.html_name, None)
        return
    data[field.html_name] = "" if value is None else str(value)


@workspace_view
def delete(request: HttpRequest, scope: Scope, kind: str, pk: Any) -> HttpResponse:
    rt = record_type(kind)
    scope.require(Action.DELETE)
    record = rt.get(scope, pk)
    form = ConfirmForm(request.POST or None, initial={"version": record.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            rt.delete(scope, record, form.cleaned_data["version"])
        except VersionConflict as exc:
            current = rt.get(scope, record.pk)
            conflict = [history.field_label(rt.model, n) for n in exc.changed_fields]
            form = ConfirmForm(initial={"version": current.version})
        else:
            messages.success(
                request,
                _("Moved %(record)s to the trash. An owner or manager can restore it.")
                % {"record": record},
            )
            return redirect(rt.url("list", scope))
    return render_page(
        request,
        "stakeholders/delete.html",
        {"rt": rt, "record": record, "form": form, "conflict": conflict},
        status=409 if conflict is not None else 200,
    )


@workspace_view
def record_history(request: HttpRequest, scope: Scope, kind: str, pk: Any) -> HttpResponse:
    rt = record_type(kind)
    scope.require(Action.VIEW_HISTORY)
    record = rt.get(scope, pk)
    entries = selectors.record_history(scope=scope, record=record)
    return render_page(
        request,
        "stakeholders/history.html",
        {"rt": rt, "record": record, "entries": history.present(scope, rt.model, entries)},
    )
