"""Responses of a training: personal links issued for a phase (shown once), a paper test entered
by staff, one response with its answers, and removing a response."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.learning.forms import LinkIssueForm, PaperResponseForm
from enlace.learning.models import EnrollmentStatus, ItemKind, Phase, Training
from enlace.learning.selectors import records
from enlace.learning.selectors import responses as response_selectors
from enlace.learning.services import responses
from enlace.learning.views.common import (
    done,
    error_code,
    part_confirm,
    removal_error,
    training_of,
    training_page,
    training_url,
)
from enlace.learning.views.instruments import instruments_page
from enlace.web.scoping import workspace_view

ANSWERING = (EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED)


def respond_path(token: str) -> str:
    """The participant's page for a personal link (served by learning.public)."""
    return reverse("learning_public:respond", kwargs={"token": token})


@workspace_view
@require_POST
def links_issue(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    """Issue personal links for a phase and show them this once: only their hashes are kept."""
    scope.require(Action.CREATE)
    training = training_of(scope, pk)
    phases = [i.phase for i in records.instrument_list(scope=scope, training=training)]
    form = LinkIssueForm(request.POST, scope=scope, phases=phases)
    if not form.is_valid():
        return instruments_page(request, scope, training, forms={"links": form}, status=400)
    phase = form.cleaned_data["phase"]
    try:
        issued = responses.link_issue(
            scope=scope,
            training=training,
            phase=phase,
            days_valid=form.cleaned_data["days_valid"],
        )
    except ValidationError as exc:
        form.add_service_errors(exc)
        return instruments_page(request, scope, training, forms={"links": form}, status=400)
    rows = [
        {
            "enrollment": enrollment,
            "name": str(enrollment.person),
            "url": request.build_absolute_uri(respond_path(token)),
        }
        for enrollment, token in issued
    ]
    return instruments_page(request, scope, training, issued=rows, issued_phase=phase)


def _phase_instrument(scope: Scope, training: Training, phase: str) -> Any:
    for instrument in records.instrument_list(scope=scope, training=training):
        if instrument.phase == phase:
            return instrument
    raise Http404


@workspace_view
def response_enter(request: HttpRequest, scope: Scope, pk: Any, phase: str) -> HttpResponse:
    """A paper test typed in by staff: every live item of the phase's instrument."""
    scope.require(Action.CREATE)
    training = training_of(scope, pk)
    if phase not in Phase.values:
        raise Http404
    instrument = _phase_instrument(scope, training, phase)
    items = list(records.live_items(instrument.assessment))
    enrollments = records.enrollment_queryset(scope, training=training).filter(status__in=ANSWERING)
    data = request.POST if request.method == "POST" else None
    # "Correct" on a recorded response comes here with its participant and "replace" ticked.
    initial: dict[str, Any] = {}
    if "enrollment" in request.GET:
        initial = {"enrollment": request.GET["enrollment"], "replace": "replace" in request.GET}
    form = PaperResponseForm(data, enrollments=enrollments, items=items, initial=initial or None)
    back = training_url(scope, training, "instruments")
    if data is not None and form.is_valid():
        payload: dict[str, Any] = {
            "enrollment": form.cleaned_data["enrollment"],
            "phase": phase,
            "answers": form.answers(),
            "replace": form.cleaned_data["replace"],
        }
        submitted_at = form.submitted_at()
        if submitted_at is not None:
            payload["submitted_at"] = submitted_at
        try:
            response = responses.response_record(scope=scope, training=training, data=payload)
        except ValidationError as exc:
            form.add_service_errors(exc)
            if error_code(exc) == "exists":
                form.offer_replace = True
        else:
            score = response.score
            notice = (
                _("Recorded the %(phase)s of %(name)s: %(score)s%%.")
                % {
                    "name": form.cleaned_data["enrollment"].person,
                    "phase": instrument.get_phase_display().lower(),
                    "score": f"{score:.0f}",
                }
                if score is not None
                else _("Recorded the %(phase)s of %(name)s.")
                % {
                    "name": form.cleaned_data["enrollment"].person,
                    "phase": instrument.get_phase_display().lower(),
                }
            )
            return done(request, back, notice)
    return training_page(
        request,
        scope,
        training,
        "learning/response_form.html",
        {
            "form": form,
            "instrument": instrument,
            "back_url": back,
            "kinds": ItemKind,
        },
        tab="instruments",
        status=400 if form.is_bound else 200,
    )


def _response(scope: Scope, training: Training, item_pk: Any) -> Any:
    response = response_selectors.response_with_answers(scope=scope, id=item_pk)
    if response.enrollment.training_id != training.pk:
        raise Http404
    return response


@workspace_view
def response_detail(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    training = training_of(scope, pk)
    response = _response(scope, training, item_pk)
    return training_page(
        request,
        scope,
        training,
        "learning/response_detail.html",
        {
            "response": response,
            "answers": list(response.answers.all()),
            "back_url": training_url(scope, training, "instruments"),
        },
        tab="instruments",
    )


@workspace_view
def response_remove(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    scope.require(Action.DELETE)
    training = training_of(scope, pk)
    response = _response(scope, training, item_pk)
    back = training_url(scope, training, "instruments")
    error = removal_error(
        request, lambda: responses.response_remove(scope=scope, response=response)
    )
    if error is None:
        return done(request, back, _("Removed the response; completion was recomputed."))
    return part_confirm(
        request,
        scope,
        training,
        tab="instruments",
        question=_("Remove the %(phase)s response of %(name)s?")
        % {
            "name": response.enrollment.person,
            "phase": response.get_phase_display().lower(),
        },
        explanation=_(
            "It moves to the trash with its answers; the scores and completion are "
            "recomputed without it."
        ),
        action_label=_("Remove"),
        error=error,
    )
