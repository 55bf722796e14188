"""Trainings (the learning side of a training or workshop engagement): their rule, sessions
(by hand or from the curriculum) and the instruments attached as pre-test, post-test and
follow-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from enlace.core.errors import Http404, ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import (
    history_stamp,
    lock_for_write,
    record_save,
    record_soft_delete,
)
from enlace.engagements.models import Engagement
from enlace.learning.models import (
    TRAINING_KINDS,
    Item,
    Module,
    Phase,
    Response,
    SessionModule,
    Training,
    TrainingInstrument,
    TrainingSession,
)
from enlace.learning.services.common import (
    _add,
    _apply,
    _check_fields,
    _check_refs,
    _full_clean_errors,
    _in_scope,
    _lock_training,
    _merge,
    _next_position,
    _person_hidden,
    _raise,
    _single_line,
    _whole_in_range,
)
from enlace.learning.services.enrollments import completion_refresh

TRAINING_FIELDS = frozenset({"curriculum", "min_attendance_percent", "require_post_test"})
SESSION_FIELDS = frozenset(
    {"date", "title", "modules", "facilitator", "duration_minutes", "position"}
)
INSTRUMENT_FIELDS = frozenset({"assessment", "phase", "closes_at"})
INSTRUMENT_UPDATE_FIELDS = frozenset({"closes_at"})
MAX_SESSION_MINUTES = 24 * 60
MAX_POSITION = 10_000
TITLE_MAX = 250


# Trainings


@transaction.atomic
def training_for(*, scope: Scope, engagement: Engagement, create: bool = False) -> Training:
    """The training of `engagement`; with `create`, made on first use (the engagement must be a
    training or a workshop). Without `create`, an engagement that has none is a 404."""
    scope.require(Action.VIEW)
    _in_scope(scope, engagement)
    training: Training | None = Training.all_objects.filter(engagement=engagement).first()
    if training is not None:
        if training.deleted_at is not None:
            raise Http404
        return training
    if not create:
        raise Http404
    scope.require(Action.CREATE)
    if engagement.deleted_at is not None:
        raise ValidationError(
            {"engagement": [ValidationError(_("That record is in the trash."), "deleted")]}
        )
    if engagement.kind not in TRAINING_KINDS:
        raise ValidationError(
            {
                "engagement": [
                    ValidationError(
                        _("Only a training or a workshop has sessions, enrolments and tests."),
                        "not_a_training",
                    )
                ]
            }
        )
    # Two first visits at once must not both create one.
    Engagement.all_objects.select_for_update().filter(pk=engagement.pk).first()
    existing: Training | None = Training.all_objects.filter(engagement=engagement).first()
    if existing is not None:
        return existing
    return record_save(Training(workspace=scope.workspace, engagement=engagement), actor=scope.user)


@transaction.atomic
def training_update(
    *,
    scope: Scope,
    training: Training,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Training:
    """Change the curriculum or the completion rule; completion is recomputed for everyone."""
    scope.require(Action.CHANGE)
    _check_fields(data, TRAINING_FIELDS)
    _in_scope(scope, training)
    _check_refs(scope, data)
    errors: dict[str, list[Any]] = {}
    _whole_in_range(errors, data, "min_attendance_percent", 0, 100)
    if "require_post_test" in data and not isinstance(data["require_post_test"], bool):
        _add(errors, "require_post_test", _("Yes or no."), "invalid")
    _raise(errors)
    locked = lock_for_write(training, expected_version=expected_version)
    _apply(locked, data)
    _raise(_full_clean_errors(locked))
    record_save(locked, actor=scope.user, update_fields=list(data))
    completion_refresh(training=locked)
    return locked


# Sessions


def _engagement_days(engagement: Engagement) -> list[dt.date]:
    days = (engagement.end_date - engagement.start_date).days + 1
    return [engagement.start_date + dt.timedelta(days=n) for n in range(max(days, 1))]


def _joined_titles(modules: Sequence[Module]) -> str:
    title = " · ".join(m.title for m in modules)
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1] + "…"


def _spread(modules: Sequence[Module], days: Sequence[dt.date]) -> list[list[Module]]:
    """The modules in order, in at most len(days) consecutive groups as even as possible (the
    first days take one more when they do not divide evenly)."""
    count = min(len(days), len(modules))
    if count == 0:
        return []
    size, extra = divmod(len(modules), count)
    groups, start = [], 0
    for n in range(count):
        end = start + size + (1 if n < extra else 0)
        groups.append(list(modules[start:end]))
        start = end
    return groups


def _session_modules_set(scope: Scope, session: TrainingSession, modules: Sequence[Module]) -> None:
    """Make `modules` the session's modules: links not wanted any more are removed (their history
    keeps them), new ones added."""
    wanted = {m.pk: m for m in modules}
    current = {link.module_id: link for link in SessionModule.objects.filter(session=session)}
    for module_id, link in current.items():
        if module_id not in wanted:
            history_stamp(link, actor=scope.user)
            link.delete()
    for module_id, module in wanted.items():
        if module_id not in current:
            record_save(
                SessionModule(workspace=scope.workspace, session=session, module=module),
                actor=scope.user,
            )


def _session_rules(
    scope: Scope,
    training: Training,
    session: TrainingSession,
    data: Mapping[str, Any],
    errors: dict[str, list[Any]],
) -> list[Module] | None:
    """Validate a session's data; returns the modules to link (None: leave them as they are)."""
    _whole_in_range(errors, data, "duration_minutes", 0, MAX_SESSION_MINUTES)
    _whole_in_range(errors, data, "position", 0, MAX_POSITION)
    if "date" in data and "date" not in errors:
        day = data["date"]
        engagement = training.engagement
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            _add(errors, "date", _("Enter a date."), "invalid")
        elif not engagement.start_date <= day <= engagement.end_date:
            _add(
                errors,
                "date",
                _("Choose a day of the engagement, from %(start)s to %(end)s.")
                % {
                    "start": engagement.start_date.isoformat(),
                    "end": engagement.end_date.isoformat(),
                },
                "outside_engagement",
            )
    if (
        "facilitator" in data
        and "facilitator" not in errors
        and _person_hidden(scope, data["facilitator"])
    ):
        _add(errors, "facilitator", _("Not found."), "not_found")
    if "modules" not in data:
        return None
    raw = data["modules"]
    if raw is None:
        return []
    if not isinstance(raw, list | tuple) or not all(isinstance(m, Module) for m in raw):
        _add(errors, "modules", _("Choose modules from the list."), "invalid")
        return None
    modules: list[Module] = []
    for module in raw:
        if module.workspace_id != scope.workspace.pk:
            _add(errors, "modules", _("Not found."), "not_found")
        elif module.deleted_at is not None:
            _add(errors, "modules", _("That module is in the trash."), "deleted")
        elif module.pk not in {m.pk for m in modules}:
            modules.append(module)
    return modules


def _normalise_session(session: TrainingSession, data: Mapping[str, Any]) -> None:
    if "title" in data:
        session.title = _single_line(session.title)


@transaction.atomic
def session_add(*, scope: Scope, training: Training, data: Mapping[str, Any]) -> TrainingSession:
    """A session on one of the engagement's days. Without a title it takes its modules'
    titles; without a duration, their minutes."""
    scope.require(Action.CREATE)
    _check_fields(data, SESSION_FIELDS)
    _in_scope(scope, training)
    refs = {k: v for k, v in data.items() if k != "modules"}
    _check_refs(scope, refs)
    _lock_training(training)
    errors: dict[str, list[Any]] = {}
    if "date" not in data:
        _add(errors, "date", _("Enter a date."), "required")
    session = TrainingSession(workspace=scope.workspace, training=training)
    modules = _session_rules(scope, training, session, data, errors)
    _raise(errors)
    _apply(session, {k: v for k, v in data.items() if k != "modules"})
    _normalise_session(session, data)
    if modules and not session.title:
        session.title = _joined_titles(modules)
    if modules and "duration_minutes" not in data:
        session.duration_minutes = min(
            sum(m.duration_minutes for m in modules), MAX_SESSION_MINUTES
        )
    if "position" not in data:
        session.position = _next_position(TrainingSession.objects.filter(training=training))
    _raise(_full_clean_errors(session))
    record_save(session, actor=scope.user)
    if modules:
        _session_modules_set(scope, session, modules)
    # One more session changes everyone's attendance percent.
    completion_refresh(training=training)
    return session


@transaction.atomic
def session_update(
    *,
    scope: Scope,
    session: TrainingSession,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> TrainingSession:
    scope.require(Action.CHANGE)
    _check_fields(data, SESSION_FIELDS)
    _in_scope(scope, session)
    _check_refs(scope, {k: v for k, v in data.items() if k != "modules"})
    locked = lock_for_write(session, expected_version=expected_version)
    if locked.deleted_at is not None:
        raise Http404
    errors: dict[str, list[Any]] = {}
    modules = _session_rules(scope, locked.training, locked, data, errors)
    _raise(errors)
    fields = [k for k in data if k != "modules"]
    _apply(locked, {k: data[k] for k in fields})
    _normalise_session(locked, data)
    _raise(_full_clean_errors(locked))
    if fields:
        record_save(locked, actor=scope.user, update_fields=fields)
    if modules is not None:
        _session_modules_set(scope, locked, modules)
    return locked


@transaction.atomic
def session_remove(
    *, scope: Scope, session: TrainingSession, expected_version: int | None = None
) -> TrainingSession:
    """To the trash (its attendance marks stay with it); completion is recomputed."""
    _in_scope(scope, session)
    removed = record_soft_delete(session, scope=scope, expected_version=expected_version)
    completion_refresh(training=removed.training)
    return removed


@transaction.atomic
def sessions_from_curriculum(*, scope: Scope, training: Training) -> list[TrainingSession]:
    """Lay out the curriculum's modules, in order, over the engagement's days: one session a
    day, on consecutive days from the first; when there are fewer days than modules, a day
    takes several (as evenly as possible, the first days one more). Each session's duration is
    the sum of its modules' minutes and its title their titles. Only for a training without
    sessions: after that, sessions are edited one by one."""
    scope.require(Action.CREATE)
    _in_scope(scope, training)
    _lock_training(training)
    training = Training.all_objects.select_related("engagement", "curriculum").get(pk=training.pk)
    curriculum = training.curriculum
    if curriculum is None or curriculum.deleted_at is not None:
        raise ValidationError(
            {"curriculum": [ValidationError(_("Choose a curriculum first."), "required")]}
        )
    if TrainingSession.objects.filter(training=training).exists():
        raise ValidationError(
            {
                "sessions": [
                    ValidationError(
                        _("This training already has sessions; edit them one by one."),
                        "exists",
                    )
                ]
            }
        )
    modules = list(Module.objects.filter(curriculum=curriculum).order_by("position", "created_at"))
    if not modules:
        raise ValidationError(
            {"curriculum": [ValidationError(_("This curriculum has no modules yet."), "empty")]}
        )
    days = _engagement_days(training.engagement)
    sessions = []
    for number, (day, group) in enumerate(zip(days, _spread(modules, days), strict=False), start=1):
        session = TrainingSession(
            workspace=scope.workspace,
            training=training,
            date=day,
            position=number,
            title=_joined_titles(group),
            duration_minutes=min(sum(m.duration_minutes for m in group), MAX_SESSION_MINUTES),
        )
        record_save(session, actor=scope.user)
        _session_modules_set(scope, session, group)
        sessions.append(session)
    completion_refresh(training=training)
    return sessions


# Instruments


def _instrument_errors(
    scope: Scope, training: Training, data: Mapping[str, Any], errors: dict[str, list[Any]]
) -> None:
    if "closes_at" in data and data["closes_at"] is not None:
        closes_at = data["closes_at"]
        if not isinstance(closes_at, dt.datetime):
            _add(errors, "closes_at", _("Enter a date and time."), "invalid")
        elif timezone.is_naive(closes_at):
            _add(errors, "closes_at", _("Give the time with its time zone."), "naive")
    if "phase" in data and "phase" not in errors and data["phase"] not in Phase.values:
        _add(errors, "phase", _("Choose pre-test, post-test or follow-up."), "invalid_choice")


@transaction.atomic
def instrument_attach(
    *, scope: Scope, training: Training, data: Mapping[str, Any]
) -> TrainingInstrument:
    """Attach an assessment as one phase's instrument (one per phase)."""
    scope.require(Action.CREATE)
    _check_fields(data, INSTRUMENT_FIELDS)
    _in_scope(scope, training)
    _check_refs(scope, data)
    _lock_training(training)
    errors: dict[str, list[Any]] = {}
    for name in ("assessment", "phase"):
        if data.get(name) in (None, ""):
            _add(errors, name, _("This field is required."), "required")
    _instrument_errors(scope, training, data, errors)
    assessment = data.get("assessment")
    if (
        "assessment" not in errors
        and assessment is not None
        and not Item.objects.filter(assessment=assessment, retired_at__isnull=True).exists()
    ):
        _add(
            errors,
            "assessment",
            _("This assessment has no questions yet; add some before attaching it."),
            "empty",
        )
    phase = data.get("phase")
    if (
        "phase" not in errors
        and TrainingInstrument.objects.filter(training=training, phase=phase).exists()
    ):
        _add(
            errors,
            "phase",
            _("This training already has a %(phase)s; detach it first.")
            % {"phase": Phase(str(phase)).label.lower()},
            "exists",
        )
    _raise(errors)
    instrument = TrainingInstrument(workspace=scope.workspace, training=training)
    _apply(instrument, data)
    errors = _full_clean_errors(instrument)
    errors.pop("__all__", None)  # the one-per-phase constraint, reported above
    _raise(errors)
    record_save(instrument, actor=scope.user)
    if phase == Phase.POST:
        completion_refresh(training=training)
    return instrument


@transaction.atomic
def instrument_update(
    *,
    scope: Scope,
    instrument: TrainingInstrument,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> TrainingInstrument:
    """Change when the phase closes by itself (closes_at; None: never)."""
    scope.require(Action.CHANGE)
    _check_fields(data, INSTRUMENT_UPDATE_FIELDS)
    _in_scope(scope, instrument)
    errors: dict[str, list[Any]] = {}
    _instrument_errors(scope, instrument.training, data, errors)
    _raise(errors)
    locked = lock_for_write(instrument, expected_version=expected_version)
    _apply(locked, data)
    _merge(errors, _full_clean_errors(locked))
    _raise(errors)
    return record_save(locked, actor=scope.user, update_fields=list(data))


@transaction.atomic
def instrument_close(*, scope: Scope, instrument: TrainingInstrument) -> TrainingInstrument:
    """Close the phase now: personal links are refused from then on (staff may still enter
    paper answers)."""
    scope.require(Action.CHANGE)
    _in_scope(scope, instrument)
    locked = lock_for_write(instrument, expected_version=None)
    if locked.closed_at is None:
        locked.closed_at = timezone.now()
        record_save(locked, actor=scope.user, update_fields=["closed_at"])
    return locked


@transaction.atomic
def instrument_reopen(*, scope: Scope, instrument: TrainingInstrument) -> TrainingInstrument:
    """Open the phase again. A closing time already past is cleared too, or reopening would
    change nothing."""
    scope.require(Action.CHANGE)
    _in_scope(scope, instrument)
    locked = lock_for_write(instrument, expected_version=None)
    fields = []
    if locked.closed_at is not None:
        locked.closed_at = None
        fields.append("closed_at")
    if locked.closes_at is not None and locked.closes_at <= timezone.now():
        locked.closes_at = None
        fields.append("closes_at")
    if fields:
        record_save(locked, actor=scope.user, update_fields=fields)
    return locked


@transaction.atomic
def instrument_detach(
    *, scope: Scope, instrument: TrainingInstrument, expected_version: int | None = None
) -> TrainingInstrument:
    """Take the instrument off its training (to the trash); refused once it has responses."""
    scope.require(Action.DELETE)
    _in_scope(scope, instrument)
    count = Response.objects.filter(instrument=instrument).count()
    if count:
        raise ValidationError(
            ngettext_lazy(
                "A response was recorded with this instrument; remove it before detaching it.",
                "%(count)s responses were recorded with this instrument; remove them before "
                "detaching it.",
                "count",
            )
            % {"count": count},
            code="in_use",
        )
    removed = record_soft_delete(instrument, scope=scope, expected_version=expected_version)
    if removed.phase == Phase.POST:
        completion_refresh(training=removed.training)
    return removed
