"""A training's pages: the list of trainings, the overview (set up on first use, settings and
the completion rule) and its sessions (generate from the curriculum, add, edit, remove)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from enlace.core.errors import ValidationError, VersionConflict
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.engagements.forms import VersionForm
from enlace.learning.forms import SessionForm, TrainingSettingsForm
from enlace.learning.models import Training
from enlace.learning.selectors import records
from enlace.learning.services import trainings
from enlace.learning.views.common import (
    conflict_notice,
    done,
    find,
    page_url,
    part_confirm,
    refused,
    removal_error,
    training_engagement,
    training_of,
    training_page,
    training_url,
)
from enlace.learning.views.tables import TrainingTable
from enlace.stakeholders.views.base import paginate, render_page
from enlace.web.scoping import workspace_view


@workspace_view
def training_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    rows = records.training_list(scope=scope)
    table = paginate(
        request,
        TrainingTable(
            rows,
            scope=scope,
            empty_text=_(
                "No trainings yet. Open an engagement of kind training or workshop and choose "
                "“Training” to set one up."
            ),
        ),
    )
    return render_page(
        request,
        "learning/list.html",
        {
            "title": _("Trainings"),
            "intro": _(
                "A training is the learning side of an engagement of kind training or workshop: "
                "its sessions, enrolments, attendance, tests and certificates. To add one, open "
                "the engagement and choose “Training”."
            ),
            "table": table,
        },
        partial="results",
    )


def _overview(
    request: HttpRequest,
    scope: Scope,
    training: Training,
    form: TrainingSettingsForm | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    if form is None and scope.can(Action.CHANGE):
        form = TrainingSettingsForm(scope=scope, instance=training)
    sessions = list(records.session_list(scope=scope, training=training))
    instruments = records.instrument_list(scope=scope, training=training)
    enrollments = list(records.enrollment_list(scope=scope, training=training))
    counts: dict[str, int] = {}
    for enrollment in enrollments:
        counts[enrollment.status] = counts.get(enrollment.status, 0) + 1
    hours = round(sum(s.duration_minutes for s in sessions) / 60, 1)
    return training_page(
        request,
        scope,
        training,
        "learning/training_overview.html",
        {
            "form": form,
            "sessions": sessions,
            "instruments": list(instruments),
            "enrollment_count": len(enrollments),
            "status_counts": counts,
            "hours": hours,
        },
        tab="training",
        status=status,
    )


@workspace_view
def training_detail(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    """The training's overview; for an engagement without one yet, the offer to set it up."""
    engagement = training_engagement(scope, pk)
    training = records.training_for_engagement(scope=scope, engagement=engagement)
    if training is None:
        return render_page(request, "learning/training_setup.html", {"engagement": engagement})
    training.engagement = engagement
    return _overview(request, scope, training)


@workspace_view
@require_POST
def training_setup(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CREATE)
    engagement = training_engagement(scope, pk)
    try:
        training = trainings.training_for(scope=scope, engagement=engagement, create=True)
    except ValidationError as exc:
        return refused(request, page_url(scope, "training", engagement.pk), exc)
    return done(
        request,
        training_url(scope, training),
        _("Set up the training. Choose a curriculum and the completion rule below."),
    )


@workspace_view
@require_POST
def training_settings(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    training = training_of(scope, pk)
    form = TrainingSettingsForm(request.POST, scope=scope, instance=training)
    if form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, _("Nothing changed."))
            return redirect(training_url(scope, training))
        try:
            trainings.training_update(
                scope=scope,
                training=training,
                data=changes,
                expected_version=form.cleaned_data["version"],
            )
        except VersionConflict:
            conflict_notice(request)
            return redirect(training_url(scope, training))
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return done(
                request,
                training_url(scope, training),
                _("Saved the settings; completion was recomputed for everyone."),
            )
    return _overview(request, scope, training, form, status=400)


# Sessions


def _sessions_page(
    request: HttpRequest,
    scope: Scope,
    training: Training,
    form: SessionForm | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    sessions = list(records.session_list(scope=scope, training=training))
    if form is None and scope.can(Action.CREATE):
        form = SessionForm(scope=scope, training=training)
    return training_page(
        request,
        scope,
        training,
        "learning/sessions.html",
        {
            "sessions": sessions,
            "form": form,
            "can_generate": bool(training.curriculum_id) and not sessions,
            "total_hours": round(sum(s.duration_minutes for s in sessions) / 60, 1),
        },
        tab="sessions",
        status=status,
    )


@workspace_view
def session_list(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    return _sessions_page(request, scope, training_of(scope, pk))


@workspace_view
@require_POST
def session_add(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CREATE)
    training = training_of(scope, pk)
    form = SessionForm(request.POST, scope=scope, training=training)
    if form.is_valid():
        try:
            session = trainings.session_add(scope=scope, training=training, data=form.values())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return done(
                request,
                training_url(scope, training, "sessions"),
                _("Added the session “%(session)s”.") % {"session": session},
            )
    return _sessions_page(request, scope, training, form, status=400)


@workspace_view
@require_POST
def sessions_generate(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CREATE)
    training = training_of(scope, pk)
    back = training_url(scope, training, "sessions")
    try:
        created = trainings.sessions_from_curriculum(scope=scope, training=training)
    except ValidationError as exc:
        return refused(request, back, exc)
    return done(
        request,
        back,
        ngettext(
            "Laid out %(count)s session from the curriculum; edit it as needed.",
            "Laid out %(count)s sessions from the curriculum; edit them as needed.",
            len(created),
        )
        % {"count": len(created)},
    )


@workspace_view
def session_edit(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    training = training_of(scope, pk)
    session = find(records.session_list(scope=scope, training=training), item_pk)
    data = request.POST if request.method == "POST" else None
    form = SessionForm(data, scope=scope, training=training, session=session)
    back = training_url(scope, training, "sessions")
    if data is not None and form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, _("Nothing changed."))
            return redirect(back)
        try:
            trainings.session_update(scope=scope, session=session, data=changes)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return done(request, back, _("Saved your changes."))
    return training_page(
        request,
        scope,
        training,
        "learning/session_form.html",
        {"form": form, "session": session, "back_url": back},
        tab="sessions",
        status=400 if form.is_bound else 200,
    )


@workspace_view
def session_remove(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    scope.require(Action.DELETE)
    training = training_of(scope, pk)
    session = find(records.session_list(scope=scope, training=training), item_pk)
    back = training_url(scope, training, "sessions")
    form = VersionForm(request.POST or None, initial={"version": session.version})
    error = removal_error(
        request,
        lambda: trainings.session_remove(
            scope=scope, session=session, expected_version=form.cleaned_data["version"]
        ),
        form=form,
        conflict=_("Someone else changed this session since you opened this page."),
    )
    if error is None:
        return done(
            request,
            back,
            _("Removed the session “%(session)s”; completion was recomputed.")
            % {"session": session},
        )
    return part_confirm(
        request,
        scope,
        training,
        tab="sessions",
        question=_("Remove the session “%(session)s”?") % {"session": session},
        explanation=_(
            "Its attendance marks go with it, and everyone's attendance percent and "
            "completion are recomputed."
        ),
        action_label=_("Remove"),
        error=error,
        form=form,
    )
