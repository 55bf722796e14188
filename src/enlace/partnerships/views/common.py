"""What the partnerships pages share: URLs, the record form page, the confirmation page, and
turning a service's refusal into words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from enlace.core.errors import VersionConflict
from enlace.core.scoping import Scope
from enlace.engagements.forms import VersionForm
from enlace.stakeholders.views.base import is_htmx, render_page

FORM_TEMPLATE = "partnerships/form.html"
CONFIRM_TEMPLATE = "partnerships/confirm.html"


def page_url(scope: Scope, name: str, *args: Any) -> str:
    return reverse(f"web:partnerships_{name}", args=[scope.workspace.slug, *args])


def find(items: Any, pk: Any) -> Any:
    """One part of a record, among those its page shows (so never another record's)."""
    for item in items:
        if str(item.pk) == str(pk):
            return item
    from django.http import Http404

    raise Http404


def refusal(exc: ValidationError) -> str:
    """A service's ValidationError as one sentence for a message."""
    return " ".join(str(m) for m in exc.messages)


def done(request: HttpRequest, url: str, notice: str) -> HttpResponse:
    messages.success(request, notice)
    return redirect(url)


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    cancel_url: str,
    breadcrumb: str,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """A record's form page; an htmx POST (a field being left) gets the form fragment back,
    with 200 so that htmx swaps it in (a plain POST refused answers `status`)."""
    if is_htmx(request):
        status = 200
    context = {
        "form": form,
        "title": title,
        "action_url": request.get_full_path(),
        "cancel_url": cancel_url,
        "breadcrumb": breadcrumb,
        **extra,
    }
    return render_page(request, FORM_TEMPLATE, context, partial="record-form", status=status)


def conflict_notice(request: HttpRequest) -> None:
    messages.error(
        request,
        _(
            "Someone else changed this record since you opened the page. Your changes were not "
            "saved: look at it again and repeat them."
        ),
    )


def save_changes(
    request: HttpRequest, form: Any, update: Callable[[dict[str, Any]], object], *, back: str
) -> HttpResponse | None:
    """Save a valid form's changes with `update(changes)` and go `back`; None when the service
    refused them (its errors are then on the form)."""
    changes = form.changes()
    if not changes:
        messages.info(request, _("Nothing changed."))
        return redirect(back)
    try:
        update(changes)
    except VersionConflict:
        conflict_notice(request)
        return redirect(request.path)
    except ValidationError as exc:
        form.add_service_errors(exc)
        return None
    return done(request, back, _("Saved your changes."))


def confirm_page(
    request: HttpRequest,
    *,
    record: Any,
    back_url: str,
    question: str,
    explanation: str,
    action_label: str,
    error: str = "",
    form: VersionForm | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {
        "record": record,
        "back_url": back_url,
        "question": question,
        "explanation": explanation,
        "action_label": action_label,
        "error": error,
    }
    if form is not None:
        context["form"] = form
    return render_page(request, CONFIRM_TEMPLATE, context, status=400 if error else 200)


def record_delete(
    request: HttpRequest,
    *,
    get: Callable[[], Any],
    delete: Callable[[Any, int | None], object],
    back_url: str,
    list_url: str,
    question: str,
    explanation: str,
) -> HttpResponse:
    """Confirm, then move a record to the trash; after a conflict the page shows the record as
    it is now, ready to be confirmed again."""
    record = get()
    form = VersionForm(request.POST or None, initial={"version": record.version})
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            delete(record, form.cleaned_data["version"])
        except VersionConflict:
            error = _("Someone else changed it since you opened this page.")
            record = get()
            form = VersionForm(initial={"version": record.version})
        except ValidationError as exc:
            error = refusal(exc)
        else:
            return done(
                request,
                list_url,
                _("Moved %(record)s to the trash. An owner or manager can restore it.")
                % {"record": record},
            )
    return confirm_page(
        request,
        record=record,
        back_url=back_url,
        question=question % {"record": record},
        explanation=explanation,
        action_label=_("Move to the trash"),
        error=error,
        form=form,
    )


def part_remove(
    request: HttpRequest,
    *,
    record: Any,
    part: Any,
    remove: Callable[[], object],
    back_url: str,
    question: str,
    notice: str,
) -> HttpResponse:
    """The confirmation before removing a part of a record (a deadline, a document, an
    obligation, a rate), then the removal."""
    error = ""
    if request.method == "POST":
        try:
            remove()
        except ValidationError as exc:
            error = refusal(exc)
        else:
            return done(request, back_url, notice)
    return confirm_page(
        request,
        record=record,
        back_url=back_url,
        question=question,
        explanation="",
        action_label=_("Remove"),
        error=error,
    )
