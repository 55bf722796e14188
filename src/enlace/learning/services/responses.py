"""Responses to a training's instruments: staff entry of paper tests, and the participants'
personal links (issued by staff, answered on a phone without an account).

Both ways in check and score the answers the same way (enlace.learning.services.scoring,
re-exported here) and record the score on the response; a link's secret is the credential, so
only its SHA-256 hash is kept, and a link works once.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import Http404, ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import record_save, record_soft_delete, token_hash
from enlace.core.signals import workspace_changed
from enlace.engagements.services.common import _add, _check_fields, _raise, _whole_number
from enlace.learning.models import (
    Answer,
    Enrollment,
    EnrollmentStatus,
    Item,
    Phase,
    Response,
    ResponseLink,
    ResponseSource,
    Training,
    TrainingInstrument,
)
from enlace.learning.selectors.records import enrollment_queryset, live_items
from enlace.learning.services.common import _person_hidden
from enlace.learning.services.enrollments import completion_refresh
from enlace.learning.services.scoring import (
    KIND_FIELD,
    MAX_TEXT,
    Scored,
    score_answers,
    validate_answers,
)

__all__ = [
    "KIND_FIELD",
    "MAX_TEXT",
    "LinkRefused",
    "Scored",
    "link_for_token",
    "link_issue",
    "link_submit",
    "response_record",
    "response_remove",
    "score_answers",
    "validate_answers",
]

security_log = logging.getLogger("enlace.security")

# Only these statuses answer tests (and receive links); invited and withdrawn people do not.
ANSWERING = frozenset({EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED})
RESPONSE_FIELDS = frozenset({"enrollment", "phase", "answers", "submitted_at", "replace"})
DEFAULT_DAYS_VALID = 14
MAX_DAYS_VALID = 365
LINK_PREFIX_LENGTH = 8
MAX_TOKEN_LENGTH = 200


# Shared by both ways in


def _instrument(training: Training, phase: str) -> TrainingInstrument | None:
    return (
        TrainingInstrument.objects.select_related("assessment")
        .filter(training=training, phase=phase)
        .first()
    )


def _write_response(
    *,
    enrollment: Enrollment,
    instrument: TrainingInstrument,
    items: Sequence[Item],
    answers: Mapping[Any, Mapping[str, Any]],
    source: str,
    actor: Any,
    submitted_at: dt.datetime | None = None,
) -> Response:
    scored = score_answers(items, answers)
    response = Response(
        workspace_id=enrollment.workspace_id,
        enrollment=enrollment,
        instrument=instrument,
        phase=instrument.phase,
        source=source,
        entered_by=actor,
        points_earned=scored.points_earned,
        points_possible=scored.points_possible,
        self_efficacy=scored.self_efficacy,
    )
    if submitted_at is not None:
        response.submitted_at = submitted_at
    record_save(response, actor=actor)
    Answer.objects.bulk_create(
        [
            Answer(
                workspace_id=enrollment.workspace_id,
                response=response,
                item_id=item_id,
                choice=answer.get("choice"),
                choices=answer.get("choices"),
                value=answer.get("value"),
                text=answer.get("text") or "",
                points_earned=scored.per_item[item_id][0],
                correct=scored.per_item[item_id][1],
            )
            for item_id, answer in answers.items()
        ]
    )
    workspace_changed.send(sender=Answer, workspace_id=enrollment.workspace_id)
    return response


def _lock_enrollment(enrollment: Enrollment) -> Enrollment:
    """Serialise the writes of one participant's responses (one live response per phase)."""
    locked: Enrollment = (
        Enrollment.all_objects.select_for_update().select_related("person").get(pk=enrollment.pk)
    )
    return locked


def _phase_name(phase: str) -> Any:
    return Phase(phase).label if phase in Phase.values else phase


# Staff entry


def _check_training(scope: Scope, training: Training) -> None:
    if training.workspace_id != scope.workspace.pk or training.deleted_at is not None:
        raise Http404


def _check_enrollment(scope: Scope, training: Training, enrollment: Any) -> Enrollment:
    errors: dict[str, list[Any]] = {}
    if not isinstance(enrollment, Enrollment) or enrollment.workspace_id != scope.workspace.pk:
        _add(errors, "enrollment", _("Not found."), "not_found")
    elif enrollment.training_id != training.pk or enrollment.deleted_at is not None:
        _add(errors, "enrollment", _("Not enrolled in this training."), "not_enrolled")
    elif _person_hidden(scope, enrollment.person):
        # As for any row this role cannot see: simply not found.
        _add(errors, "enrollment", _("Not found."), "not_found")
    _raise(errors)
    return enrollment  # type: ignore[no-any-return]


@transaction.atomic
def response_record(*, scope: Scope, training: Training, data: Mapping[str, Any]) -> Response:
    """Staff entry of a participant's answers (a paper test), allowed after the phase closed.
    data: enrollment, phase, answers (a list of {"item_id", "choice"|"choices"|"value"|"text"}),
    optionally submitted_at and replace (True soft-deletes the live response of that phase;
    without it an existing one is refused with the code "exists")."""
    scope.require(Action.CREATE)
    _check_fields(data, RESPONSE_FIELDS)
    _check_training(scope, training)
    enrollment = _check_enrollment(scope, training, data.get("enrollment"))
    enrollment = _lock_enrollment(enrollment)
    errors: dict[str, list[Any]] = {}
    if enrollment.status not in ANSWERING:
        _add(
            errors,
            "enrollment",
            _("Only enrolled participants answer tests (this one is %(status)s).")
            % {"status": enrollment.get_status_display().lower()},
            "not_answering",
        )
    phase = data.get("phase")
    instrument = None
    if phase not in Phase.values:
        _add(errors, "phase", _("Choose pre, post or follow_up."), "invalid_choice")
    else:
        instrument = _instrument(training, phase)
        if instrument is None:
            _add(
                errors,
                "phase",
                _("This training has no %(phase)s.") % {"phase": _phase_name(phase).lower()},
                "no_instrument",
            )
    submitted_at = data.get("submitted_at")
    if submitted_at is not None:
        if not isinstance(submitted_at, dt.datetime) or timezone.is_naive(submitted_at):
            _add(errors, "submitted_at", _("A date and time with a time zone."), "invalid")
        elif submitted_at > timezone.now() + dt.timedelta(minutes=5):
            _add(errors, "submitted_at", _("A response cannot be dated in the future."), "future")
    existing = None
    if instrument is not None:
        existing = Response.objects.filter(enrollment=enrollment, phase=phase).first()
        if existing is not None and not data.get("replace", False):
            _add(
                errors,
                "phase",
                _("This participant already has a %(phase)s response; replace it to correct it.")
                % {"phase": _phase_name(instrument.phase).lower()},
                "exists",
            )
    items: list[Item] = []
    answers: dict[Any, dict[str, Any]] = {}
    if instrument is not None:
        items = list(live_items(instrument.assessment))
        try:
            answers = validate_answers(items, data.get("answers", []))
        except ValidationError as exc:
            errors.update(exc.update_error_dict({}))
    _raise(errors)
    if instrument is None:  # already refused above; this tells the type checker
        raise ValidationError({"phase": _("This training has no such test.")})
    if existing is not None:
        record_soft_delete(existing, scope=scope)
    response = _write_response(
        enrollment=enrollment,
        instrument=instrument,
        items=items,
        answers=answers,
        source=ResponseSource.STAFF,
        actor=scope.user,
        submitted_at=submitted_at,
    )
    completion_refresh(training=training, enrollment_ids=[enrollment.pk])
    return response


@transaction.atomic
def response_remove(*, scope: Scope, response: Response) -> None:
    """Move a response to the trash (its answers stay with it); completion is recomputed."""
    scope.require(Action.DELETE)
    if response.workspace_id != scope.workspace.pk:
        raise Http404
    record_soft_delete(response, scope=scope)
    enrollment = Enrollment.all_objects.select_related("training").get(pk=response.enrollment_id)
    completion_refresh(training=enrollment.training, enrollment_ids=[enrollment.pk])


# Personal links


class LinkRefused(Exception):
    """A personal link that cannot be answered: `code` is one of unknown, expired, used, revoked,
    closed, withdrawn; `message` says so to the participant (and never names anyone)."""

    MESSAGES: Mapping[str, Any] = {
        "unknown": _("This link is not valid. Check that you copied it whole."),
        "expired": _("This link has expired. Ask the training team for a new one."),
        "used": _("Your answers to this questionnaire were already recorded. Thank you!"),
        "revoked": _(
            "This link was replaced by a newer one. Use the latest link you received, or ask the "
            "training team for a new one."
        ),
        "closed": _("This questionnaire is closed: answers are no longer accepted."),
        "withdrawn": _("This link is no longer valid: you are not enrolled in this training."),
    }

    def __init__(self, code: str) -> None:
        self.code = code
        self.message = self.MESSAGES[code]
        super().__init__(code)


def _link_query() -> Any:
    return ResponseLink.objects.select_related(
        "workspace", "enrollment__person", "enrollment__training__engagement"
    )


def _link_instrument(link: ResponseLink) -> TrainingInstrument:
    """Every check a link passes before its questions are shown or its answers recorded."""
    now = timezone.now()
    enrollment = link.enrollment
    training = enrollment.training
    if link.used_at is not None:
        raise LinkRefused("used")
    if link.revoked_at is not None:
        raise LinkRefused("revoked")
    if link.expires_at <= now:
        raise LinkRefused("expired")
    if enrollment.deleted_at is not None or enrollment.status not in ANSWERING:
        raise LinkRefused("withdrawn")
    if training.deleted_at is not None or training.engagement.deleted_at is not None:
        raise LinkRefused("closed")
    instrument = _instrument(training, link.phase)
    if instrument is None or not instrument.is_open(now):
        raise LinkRefused("closed")
    if Response.objects.filter(enrollment=enrollment, phase=link.phase).exists():
        # Answered meanwhile on paper, entered by staff.
        raise LinkRefused("used")
    return instrument


def _find_link(token: str, *, lock: bool = False) -> ResponseLink:
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        raise LinkRefused("unknown")
    query = _link_query()
    if lock:
        query = query.select_for_update(of=("self",))
    link: ResponseLink | None = query.filter(key_hash=token_hash(token)).first()
    if link is None:
        raise LinkRefused("unknown")
    return link


def link_for_token(token: str) -> ResponseLink:
    """The live link a participant opened (public: no scope), with its enrollment, person and
    training at hand and `link.instrument` set; LinkRefused otherwise."""
    link = _find_link(token)
    link.instrument = _link_instrument(link)  # type: ignore[attr-defined]
    return link


@transaction.atomic
def link_submit(*, token: str, answers: Any) -> Response:
    """Record a participant's answers through their link, once: the link row is locked and every
    check runs again, then the link is marked used and completion recomputed."""
    link = _find_link(token, lock=True)
    instrument = _link_instrument(link)
    enrollment = _lock_enrollment(link.enrollment)
    if Response.objects.filter(enrollment=enrollment, phase=link.phase).exists():
        raise LinkRefused("used")
    items = list(live_items(instrument.assessment))
    validated = validate_answers(items, answers)
    response = _write_response(
        enrollment=enrollment,
        instrument=instrument,
        items=items,
        answers=validated,
        source=ResponseSource.LINK,
        actor=None,
    )
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    completion_refresh(training=link.enrollment.training, enrollment_ids=[enrollment.pk])
    return response


def _eligible(
    scope: Scope, training: Training, phase: str, enrollments: Iterable[Enrollment] | None
) -> list[Enrollment]:
    visible = enrollment_queryset(scope, training=training).select_related("person")
    if enrollments is not None:
        wanted = list(enrollments)
        errors: dict[str, list[Any]] = {}
        for enrollment in wanted:
            if (
                not isinstance(enrollment, Enrollment)
                or enrollment.training_id != training.pk
                or enrollment.workspace_id != scope.workspace.pk
            ):
                _add(errors, "enrollments", _("Not enrolled in this training."), "not_enrolled")
                break
        _raise(errors)
        visible = visible.filter(pk__in=[e.pk for e in wanted])
    answered = Response.objects.filter(
        enrollment__training=training, phase=phase, workspace=scope.workspace
    ).values("enrollment_id")
    return list(visible.filter(status__in=ANSWERING).exclude(pk__in=answered))


@transaction.atomic
def link_issue(
    *,
    scope: Scope,
    training: Training,
    phase: str,
    enrollments: Iterable[Enrollment] | None = None,
    days_valid: int = DEFAULT_DAYS_VALID,
) -> list[tuple[Enrollment, str]]:
    """A personal link for each enrolled (or completed) participant the asker can see who has
    not answered `phase` yet — all of them, or those of `enrollments` (the others among them are
    skipped: compare what is returned). Each new link revokes that participant's previous live
    one for the phase. The secrets are returned once; only
    their hashes are kept."""
    scope.require(Action.CREATE)
    _check_training(scope, training)
    errors: dict[str, list[Any]] = {}
    if phase not in Phase.values:
        _add(errors, "phase", _("Choose pre, post or follow_up."), "invalid_choice")
    else:
        instrument = _instrument(training, phase)
        if instrument is None:
            _add(
                errors,
                "phase",
                _("This training has no %(phase)s.") % {"phase": _phase_name(phase).lower()},
                "no_instrument",
            )
        elif not instrument.is_open():
            _add(errors, "phase", _("This phase is closed; reopen it first."), "closed")
    if not _whole_number(days_valid) or not 1 <= days_valid <= MAX_DAYS_VALID:
        _add(
            errors,
            "days_valid",
            _("A whole number of days from 1 to %(max)s.") % {"max": MAX_DAYS_VALID},
            "out_of_range",
        )
    _raise(errors)
    targets = _eligible(scope, training, phase, enrollments)
    now = timezone.now()
    ResponseLink.objects.filter(
        enrollment__in=[e.pk for e in targets],
        phase=phase,
        used_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=now)
    workspace_changed.send(sender=ResponseLink, workspace_id=scope.workspace.pk)
    issued: list[tuple[Enrollment, str]] = []
    links: list[ResponseLink] = []
    for enrollment in targets:
        token = secrets.token_urlsafe(32)
        links.append(
            ResponseLink(
                workspace=scope.workspace,
                enrollment=enrollment,
                phase=phase,
                key_hash=token_hash(token),
                prefix=token[:LINK_PREFIX_LENGTH],
                expires_at=now + dt.timedelta(days=days_valid),
                created_by=scope.user,
            )
        )
        issued.append((enrollment, token))
    ResponseLink.objects.bulk_create(links)
    workspace_changed.send(sender=ResponseLink, workspace_id=scope.workspace.pk)
    security_log.info(
        "response links issued count=%s training=%s phase=%s by=%s",
        len(links),
        training.pk,
        phase,
        scope.user.pk,
    )
    return issued
