"""What the learning pages share: URLs, the look-up of a training by its engagement, the
rendering of a training's pages with their tabs, the form, edit and delete flows, and turning a
service's refusal into words."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from enlace.core.errors import VersionConflict
from enlace.core.scoping import Scope
from enlace.engagements import selectors as engagement_selectors
from enlace.engagements.forms import VersionForm
from enlace.engagements.models import Engagement
from enlace.learning.models import TRAINING_KINDS, Training
from enlace.learning.selectors import records
from enlace.stakeholders.views.base import is_htmx, render_page

FORM_TEMPLATE = "learning/form.html"


def page_url(scope: Scope, name: str, *args: Any) -> str:
    return reverse(f"web:learning_{name}", args=[scope.workspace.slug, *args])


def training_url(scope: Scope, training: Training, name: str = "training", *args: Any) -> str:
    """A training's pages are addressed by its engagement, like the API's."""
    return page_url(scope, name, training.engagement_id, *args)


def training_engagement(scope: Scope, pk: Any) -> Engagement:
    """The engagement of a training page: visible to the asker and of a training kind."""
    engagement = engagement_selectors.engagement_get(scope=scope, id=pk)
    if engagement.kind not in TRAINING_KINDS:
        raise Http404
    return engagement


def training_of(scope: Scope, pk: Any) -> Training:
    """The training of engagement `pk`; 404 when it has none yet (its overview offers to set
    one up) or the asker may not see the engagement."""
    engagement = training_engagement(scope, pk)
    training: Training | None = records.training_for_engagement(scope=scope, engagement=engagement)
    if training is None:
        raise Http404
    # The pages show the engagement's title and dates; it is already at hand.
    training.engagement = engagement
    return training


def find(items: Iterable[Any], pk: Any) -> Any:
    """One part of a training, among those its page shows (so never another one's)."""
    for item in items:
        if str(item.pk) == str(pk):
            return item
    raise Http404


def refusal(exc: ValidationError) -> str:
    """A service's ValidationError as one sentence for a message."""
    return " ".join(str(m) for m in exc.messages)


def error_code(exc: ValidationError) -> str | None:
    if hasattr(exc, "error_dict"):
        for errors in exc.error_dict.values():
            for error in errors:
                if error.code:
                    return str(error.code)
        return None
    if hasattr(exc, "error_list"):
        for error in exc.error_list:
            if error.code:
                return str(error.code)
    return getattr(exc, "code", None)


def training_page(
    request: HttpRequest,
    scope: Scope,
    training: Training,
    template: str,
    context: dict[str, Any],
    *,
    tab: str,
    status: int = 200,
    partial: str = "",
) -> HttpResponse:
    """One of a training's pages: its engagement in the heading, the tabs, then the page."""
    base = {"training": training, "engagement": training.engagement, "tab": tab}
    return render_page(request, template, {**base, **context}, status=status, partial=partial)


def done(request: HttpRequest, url: str, notice: str) -> HttpResponse:
    messages.success(request, notice)
    return redirect(url)


def refused(request: HttpRequest, url: str, exc: ValidationError) -> HttpResponse:
    messages.error(request, refusal(exc))
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
    """A record's form page; an htmx POST (a field being left) gets the form fragment back."""
    context = {
        "form": form,
        "title": title,
        "action_url": request.path,
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
    request: HttpRequest,
    form: Any,
    update: Callable[[dict[str, Any]], object],
    *,
    back: str,
    saved_url: str = "",
) -> HttpResponse | None:
    """Save a valid form's changes with `update(changes)` and go `back` (or to `saved_url`
    once saved); None when the service refused them (its errors are then on the form)."""
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
    return done(request, saved_url or back, _("Saved your changes."))


def record_create(
    request: HttpRequest,
    scope: Scope,
    name: str,
    form_class: Any,
    create: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    breadcrumb: str,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page that creates a curriculum or an assessment (`name`, as in its page names):
    `create(data)` saves; an htmx POST (a field being left) gets the checked form back."""
    cancel = page_url(scope, f"{name}_list")
    if request.method != "POST":
        form = form_class(scope=scope, initial=initial, validate_url=request.path)
    else:
        form = form_class(request.POST, scope=scope, validate_url=request.path)
        if form.is_valid() and not is_htmx(request):
            try:
                record = create(form.changes())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                return done(
                    request,
                    page_url(scope, f"{name}_detail", record.pk),
                    _("Saved %(record)s.") % {"record": record},
                )
    return form_page(request, form, title=title, cancel_url=cancel, breadcrumb=breadcrumb)


def record_edit(
    request: HttpRequest,
    scope: Scope,
    record: Any,
    form_class: Any,
    update: Callable[[dict[str, Any], int], object],
    *,
    detail: str,
) -> HttpResponse:
    """The edit page of a curriculum or an assessment: `update(changes, expected_version)`
    saves; an htmx POST (a field being left) gets the checked form back."""
    posted = request.method == "POST"
    form = form_class(
        request.POST if posted else None,
        scope=scope,
        instance=copy.copy(record),
        validate_url=request.path,
    )
    title = _("Edit %(record)s") % {"record": record}
    crumb = str(record)
    if posted and form.is_valid() and not is_htmx(request):
        saved = save_changes(
            request,
            form,
            lambda changes: update(changes, form.cleaned_data["version"]),
            back=detail,
        )
        if saved is not None:
            return saved
    return form_page(request, form, title=title, cancel_url=detail, breadcrumb=crumb)


def record_delete(
    request: HttpRequest,
    scope: Scope,
    name: str,
    get: Callable[[], Any],
    delete: Callable[[Any, int], object],
    *,
    conflict: str,
    question: str,
    explanation: str,
) -> HttpResponse:
    """The delete confirmation of a curriculum or an assessment (`name`, as in its page
    names): `delete(record, expected_version)` moves it to the trash. After a conflict the page
    shows the record as it is now, ready to be confirmed again."""
    record = get()
    form = VersionForm(request.POST or None, initial={"version": record.version})
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            delete(record, form.cleaned_data["version"])
        except VersionConflict:
            error = conflict
            record = get()
            form = VersionForm(initial={"version": record.version})
        except ValidationError as exc:
            error = refusal(exc)
        else:
            return done(
                request,
                page_url(scope, f"{name}_list"),
                _("Moved %(record)s to the trash. An owner or manager can restore it.")
                % {"record": record},
            )
    return render_page(
        request,
        "learning/confirm.html",
        {
            "record": record,
            "back_url": page_url(scope, f"{name}_detail", record.pk),
            "question": question % {"record": record},
            "explanation": explanation,
            "action_label": _("Move to the trash"),
            "form": form,
            "error": error,
        },
        status=400 if error else 200,
    )


def removal_error(
    request: HttpRequest,
    remove: Callable[[], object],
    *,
    form: VersionForm | None = None,
    conflict: str = "",
) -> str | None:
    """Run `remove()` once the confirmation (and its `form`, if any) is posted: None when it is
    done, otherwise why not for the page ("" before the POST; `conflict` when someone else
    changed the record since the page was opened)."""
    if request.method != "POST" or (form is not None and not form.is_valid()):
        return ""
    try:
        remove()
    except VersionConflict:
        if not conflict:
            raise
        return conflict
    except ValidationError as exc:
        return refusal(exc)
    return None


def part_confirm(
    request: HttpRequest,
    scope: Scope,
    training: Training,
    *,
    tab: str,
    question: str,
    explanation: str,
    action_label: str,
    error: str,
    form: VersionForm | None = None,
) -> HttpResponse:
    """The confirmation before removing a part of a training, shown under its `tab`."""
    context = {
        "record": training,
        "back_url": training_url(scope, training, tab),
        "question": question,
        "explanation": explanation,
        "action_label": action_label,
        "error": error,
    }
    if form is not None:
        context["form"] = form
    return training_page(
        request,
        scope,
        training,
        "learning/confirm.html",
        context,
        tab=tab,
        status=400 if error else 200,
    )
