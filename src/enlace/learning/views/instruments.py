"""A training's tests by phase: attach an assessment as the pre-test, post-test or follow-up,
set when it closes, close and reopen it, detach it; the same page lists the responses and the
personal links of each phase (issued and entered in views.responses)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.learning.forms import InstrumentCloseForm, InstrumentForm, LinkIssueForm
from enlace.learning.models import Phase, Training
from enlace.learning.selectors import records
from enlace.learning.selectors import responses as response_selectors
from enlace.learning.services import trainings
from enlace.learning.views.common import (
    done,
    find,
    part_confirm,
    refused,
    removal_error,
    training_of,
    training_page,
    training_url,
)
from enlace.web.scoping import workspace_view

# Instruments


def _phases(instruments: list[Any]) -> list[dict[str, Any]]:
    by_phase = {i.phase: i for i in instruments}
    return [
        {"value": value, "label": label, "instrument": by_phase.get(value)}
        for value, label in Phase.choices
    ]


def instruments_page(
    request: HttpRequest,
    scope: Scope,
    training: Training,
    *,
    forms: dict[str, Any] | None = None,
    issued: list[dict[str, Any]] | None = None,
    issued_phase: str = "",
    status: int = 200,
) -> HttpResponse:
    """The tests of a training by phase, with links and paper entry (see views.responses)."""
    instruments = list(records.instrument_list(scope=scope, training=training))
    phases = _phases(instruments)
    taken = {p["value"] for p in phases if p["instrument"] is not None}
    free = [p["value"] for p in phases if p["instrument"] is None]
    page_forms: dict[str, Any] = {}
    if scope.can(Action.CREATE):
        if free:
            page_forms["attach"] = InstrumentForm(scope=scope, free_phases=free)
        if taken:
            page_forms["links"] = LinkIssueForm(scope=scope, phases=sorted(taken))
    page_forms.update(forms or {})
    for phase in phases:
        instrument = phase["instrument"]
        if instrument is None:
            continue
        phase["responses"] = list(
            response_selectors.response_list(scope=scope, training=training, phase=phase["value"])
        )
        phase["links"] = response_selectors.link_status(
            scope=scope, training=training, phase=phase["value"]
        )
    return training_page(
        request,
        scope,
        training,
        "learning/instruments.html",
        {
            "phases": phases,
            "forms": page_forms,
            "issued": issued,
            "issued_phase": dict(Phase.choices).get(issued_phase, ""),
        },
        tab="instruments",
        status=status,
    )


@workspace_view
def instrument_list(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    return instruments_page(request, scope, training_of(scope, pk))


@workspace_view
@require_POST
def instrument_attach(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CREATE)
    training = training_of(scope, pk)
    form = InstrumentForm(request.POST, scope=scope)
    if form.is_valid():
        try:
            instrument = trainings.instrument_attach(
                scope=scope, training=training, data=form.values()
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return done(
                request,
                training_url(scope, training, "instruments"),
                _("Attached “%(assessment)s” as the %(phase)s.")
                % {
                    "assessment": instrument.assessment,
                    "phase": instrument.get_phase_display().lower(),
                },
            )
    return instruments_page(request, scope, training, forms={"attach": form}, status=400)


def _instrument(scope: Scope, training: Training, item_pk: Any) -> Any:
    return find(records.instrument_list(scope=scope, training=training), item_pk)


@workspace_view
@require_POST
def instrument_close(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    training = training_of(scope, pk)
    instrument = _instrument(scope, training, item_pk)
    back = training_url(scope, training, "instruments")
    action = request.POST.get("action", "close")
    try:
        if action == "reopen":
            trainings.instrument_reopen(scope=scope, instrument=instrument)
            notice = _("Reopened the %(phase)s: personal links work again until they expire.")
        elif action == "schedule":
            form = InstrumentCloseForm(request.POST, scope=scope)
            if not form.is_valid():
                messages.error(request, _("Enter a valid date and time."))
                return redirect(back)
            trainings.instrument_update(
                scope=scope,
                instrument=instrument,
                data={"closes_at": form.cleaned_data["closes_at"]},
            )
            notice = _("Saved when the %(phase)s closes.")
        else:
            trainings.instrument_close(scope=scope, instrument=instrument)
            notice = _(
                "Closed the %(phase)s: personal links are refused; staff can still enter paper "
                "answers."
            )
    except ValidationError as exc:
        return refused(request, back, exc)
    return done(request, back, notice % {"phase": instrument.get_phase_display().lower()})


@workspace_view
def instrument_detach(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    scope.require(Action.DELETE)
    training = training_of(scope, pk)
    instrument = _instrument(scope, training, item_pk)
    back = training_url(scope, training, "instruments")
    named = {
        "assessment": instrument.assessment,
        "phase": instrument.get_phase_display().lower(),
    }
    error = removal_error(
        request, lambda: trainings.instrument_detach(scope=scope, instrument=instrument)
    )
    if error is None:
        return done(request, back, _("Detached “%(assessment)s” from the %(phase)s.") % named)
    return part_confirm(
        request,
        scope,
        training,
        tab="instruments",
        question=_("Detach “%(assessment)s” from the %(phase)s?") % named,
        explanation=_(
            "An instrument with responses cannot be detached: remove the responses first."
        ),
        action_label=_("Detach"),
        error=error,
    )
