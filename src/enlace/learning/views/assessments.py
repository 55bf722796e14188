"""Assessment pages: the list, create, edit, delete, and the detail with its live items (add one
of each kind, edit, remove; an answered item is retired and revised, never changed in place)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from enlace.core.errors import ValidationError, VersionConflict
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.learning.forms import AssessmentForm, ItemForm
from enlace.learning.models import Assessment, Item, ItemKind
from enlace.learning.selectors import records
from enlace.learning.services import assessments
from enlace.learning.views.common import (
    conflict_notice,
    page_url,
    record_create,
    record_delete,
    record_edit,
    refusal,
)
from enlace.learning.views.tables import AssessmentTable
from enlace.stakeholders.views.base import paginate, render_page
from enlace.web.scoping import workspace_view

ITEM_TEMPLATE = "learning/item_form.html"


@workspace_view
def assessment_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    rows = records.assessment_list(scope=scope, q=q)
    empty = _("No assessment matches “%(q)s”.") % {"q": q} if q else _("No assessments yet.")
    table = paginate(request, AssessmentTable(rows, scope=scope, empty_text=empty))
    return render_page(
        request,
        "learning/list.html",
        {
            "title": _("Assessments"),
            "intro": _(
                "An assessment is a test or questionnaire. Attach it to a training as its "
                "pre-test, post-test or follow-up to measure what participants learned."
            ),
            "searchable": True,
            "q": q,
            "table": table,
            "create_url": page_url(scope, "assessment_create"),
            "create_label": _("Add an assessment"),
        },
        partial="results",
    )


@workspace_view
def assessment_create(request: HttpRequest, scope: Scope) -> HttpResponse:
    scope.require(Action.CREATE)
    initial = {"curriculum": request.GET["curriculum"]} if "curriculum" in request.GET else None
    return record_create(
        request,
        scope,
        "assessment",
        AssessmentForm,
        lambda data: assessments.assessment_create(scope=scope, data=data),
        title=_("New assessment"),
        breadcrumb=_("Assessments"),
        initial=initial,
    )


def item_kinds() -> list[dict[str, Any]]:
    explanations = {
        ItemKind.SINGLE_CHOICE: _("Several choices, one right answer."),
        ItemKind.MULTIPLE_CHOICE: _("Several choices, every right one must be ticked."),
        ItemKind.TRUE_FALSE: _("A statement that is true or false."),
        ItemKind.LIKERT: _("How confident the participant feels, from 1 to 5; not scored."),
        ItemKind.OPEN_TEXT: _("A written answer; not scored."),
    }
    return [
        {"value": value, "label": label, "explanation": explanations[ItemKind(value)]}
        for value, label in ItemKind.choices
    ]


@workspace_view
def assessment_detail(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    assessment = records.assessment_get(scope=scope, id=pk)
    items = list(assessment.live_items)  # type: ignore[attr-defined]
    scored = [item for item in items if item.is_scored]
    return render_page(
        request,
        "learning/assessment_detail.html",
        {
            "record": assessment,
            "items": items,
            "points_possible": sum(item.points for item in scored),
            "scored_count": len(scored),
            "kinds": item_kinds(),
        },
    )


@workspace_view
def assessment_edit(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    assessment = records.assessment_get(scope=scope, id=pk)
    return record_edit(
        request,
        scope,
        assessment,
        AssessmentForm,
        lambda changes, version: assessments.assessment_update(
            scope=scope, assessment=assessment, data=changes, expected_version=version
        ),
        detail=page_url(scope, "assessment_detail", assessment.pk),
    )


@workspace_view
def assessment_delete(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.DELETE)
    return record_delete(
        request,
        scope,
        "assessment",
        lambda: records.assessment_get(scope=scope, id=pk),
        lambda assessment, version: assessments.assessment_delete(
            scope=scope, assessment=assessment, expected_version=version
        ),
        conflict=_("Someone else changed this assessment since you opened this page."),
        question=_("Delete the assessment “%(record)s”?"),
        explanation=_(
            "It moves to the trash with its questions. An assessment attached to a training "
            "cannot be deleted."
        ),
    )


# Items


def answered_already(item: Item) -> bool:
    """Whether anyone answered this revision (then an edit revises it, a removal retires it)."""
    return item.answers.exists()


def _item_page(
    request: HttpRequest,
    assessment: Assessment,
    form: ItemForm | None,
    *,
    title: str,
    item: Item | None = None,
    answered: bool = False,
    status: int = 200,
) -> HttpResponse:
    return render_page(
        request,
        ITEM_TEMPLATE,
        {
            "record": assessment,
            "form": form,
            "title": title,
            "item": item,
            "answered": answered,
            "kinds": item_kinds(),
            "kind_label": dict(ItemKind.choices).get(form.kind) if form else "",
        },
        status=status,
    )


@workspace_view
def item_add(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    """GET without a kind: choose one; with `?kind=`: that kind's form. POST: add it."""
    scope.require(Action.CREATE)
    assessment = records.assessment_get(scope=scope, id=pk)
    kind = request.POST.get("kind") or request.GET.get("kind", "")
    title = _("Add a question to %(record)s") % {"record": assessment}
    if kind not in ItemKind.values:
        return _item_page(request, assessment, None, title=title)
    data = request.POST if request.method == "POST" else None
    form = ItemForm(data, scope=scope, kind=kind, assessment=assessment)
    if data is not None and form.is_valid():
        try:
            item = assessments.item_add(scope=scope, assessment=assessment, data=form.values())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Added question %(number)s.") % {"number": item.position})
            return redirect(page_url(scope, "assessment_detail", assessment.pk) + "#items")
    return _item_page(request, assessment, form, title=title, status=400 if form.is_bound else 200)


@workspace_view
def item_edit(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    item = records.item_get(scope=scope, id=pk)
    assessment = item.assessment
    detail = page_url(scope, "assessment_detail", assessment.pk)
    answered = answered_already(item)
    data = request.POST if request.method == "POST" else None
    form = ItemForm(data, scope=scope, kind=item.kind, assessment=assessment, item=item)
    title = _("Edit question %(number)s") % {"number": item.position}
    if data is not None and form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, _("Nothing changed."))
            return redirect(detail + "#items")
        try:
            saved = assessments.item_update(scope=scope, item=item, data=changes)
        except VersionConflict:
            conflict_notice(request)
            return redirect(request.path)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            if saved.pk != item.pk:
                notice = _(
                    "Saved as revision %(revision)s: the earlier one keeps the answers already "
                    "given to it."
                ) % {"revision": saved.revision}
            else:
                notice = _("Saved your changes.")
            messages.success(request, notice)
            return redirect(detail + "#items")
    return _item_page(
        request,
        assessment,
        form,
        title=title,
        item=item,
        answered=answered,
        status=400 if form.is_bound else 200,
    )


@workspace_view
def item_remove(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.DELETE)
    item = records.item_get(scope=scope, id=pk)
    assessment = item.assessment
    detail = page_url(scope, "assessment_detail", assessment.pk)
    answered = answered_already(item)
    error = ""
    if request.method == "POST":
        try:
            assessments.item_remove(scope=scope, item=item)
        except ValidationError as exc:
            error = refusal(exc)
        else:
            notice = (
                _("Retired question %(number)s: its answers are kept.")
                if answered
                else _("Removed question %(number)s.")
            )
            messages.success(request, notice % {"number": item.position})
            return redirect(detail + "#items")
    explanation = (
        _(
            "People have answered it: it is retired, not deleted. Their answers and scores "
            "stay as they are; new responses will not include it."
        )
        if answered
        else _("Nobody has answered it yet: it moves to the trash.")
    )
    return render_page(
        request,
        "learning/confirm.html",
        {
            "record": assessment,
            "back_url": detail,
            "question": _("Remove question %(number)s, “%(prompt)s”?")
            % {"number": item.position, "prompt": item.prompt},
            "explanation": explanation,
            "action_label": _("Retire") if answered else _("Remove"),
            "error": error,
        },
        status=400 if error else 200,
    )
