"""Reads of the learning records: curricula and modules, assessments and items, trainings with
their sessions and instruments, enrolments and the attendance grid. Scoped to the asker's
workspace and role, prefetched so that a page costs the same number of queries for 3 rows or 300.

Visibility: a training is visible when its engagement is; an enrolment when its training and
its person are (people with lived experience are hidden from editors, viewers and partners, and
a partner sees only its own organisation's people).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from enlace.core.fields import name_key
from enlace.core.scoping import Scope, get_in_scope
from enlace.engagements.models import Engagement
from enlace.engagements.selectors import engagement_queryset
from enlace.learning.models import (
    ATTENDED,
    Assessment,
    Attendance,
    Curriculum,
    Enrollment,
    EnrollmentStatus,
    Item,
    Module,
    Phase,
    Response,
    Training,
    TrainingInstrument,
    TrainingSession,
)
from enlace.stakeholders.selectors import person_queryset

PHASE_ORDER: dict[str, int] = {Phase.PRE: 0, Phase.POST: 1, Phase.FOLLOW_UP: 2}
WITHHELD = _("Participant withheld")


def _count(queryset: QuerySet[Any], outer: str) -> Subquery:
    """A correlated COUNT(*) of `queryset` rows whose `outer` matches the outer row's pk: counts
    side by side without the row multiplication of several joins."""
    counted = (
        queryset.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)  # type: ignore[return-value]


def _search_title(queryset: QuerySet[Any], q: str) -> QuerySet[Any]:
    q = (q or "").strip()
    if not q:
        return queryset
    cond = Q(title__icontains=q)
    key = name_key(q)
    if key:
        cond |= Q(title_key__contains=key)
    return queryset.filter(cond)


def _live_modules() -> QuerySet[Module]:
    return Module.objects.order_by("position", "created_at", "id")


# Curricula and modules


def curriculum_queryset(scope: Scope, *, deleted: bool = False) -> QuerySet[Curriculum]:
    manager = Curriculum.all_objects if deleted else Curriculum.objects
    qs: QuerySet[Curriculum] = scope.filter(manager.all())
    if deleted:
        qs = qs.filter(deleted_at__isnull=False)
    return qs


def curriculum_list(*, scope: Scope, q: str = "") -> QuerySet[Curriculum]:
    """Curricula by title, each with `module_count` (live modules) and `training_count`."""
    qs = curriculum_queryset(scope).annotate(
        module_count=_count(Module.objects.all(), "curriculum"),
        training_count=_count(Training.objects.all(), "curriculum"),
    )
    return _search_title(qs, q).order_by("title_key", "edition", "id")


def curriculum_get(*, scope: Scope, id: Any) -> Curriculum:
    """One curriculum with its live modules in order (`curriculum.modules.all()`)."""
    return get_in_scope(
        curriculum_queryset(scope).prefetch_related(Prefetch("modules", queryset=_live_modules())),
        id,
    )


def module_get(*, scope: Scope, id: Any) -> Module:
    qs: QuerySet[Module] = scope.filter(
        Module.objects.filter(curriculum__deleted_at__isnull=True)
    ).select_related("curriculum")
    return get_in_scope(qs, id)


# Assessments and items


def live_items(assessment: Assessment) -> QuerySet[Item]:
    """The assessment's current questions, in order (not in the trash, not replaced by a newer
    revision), with their module."""
    return (
        Item.objects.filter(assessment=assessment, retired_at__isnull=True)
        .select_related("module")
        .order_by("position", "created_at", "id")
    )


def _live_items_prefetch() -> Prefetch[Any, Any]:
    return Prefetch(
        "items",
        queryset=Item.objects.filter(retired_at__isnull=True)
        .select_related("module")
        .order_by("position", "created_at", "id"),
        to_attr="live_items",
    )


def assessment_queryset(scope: Scope, *, deleted: bool = False) -> QuerySet[Assessment]:
    manager = Assessment.all_objects if deleted else Assessment.objects
    qs: QuerySet[Assessment] = scope.filter(manager.all())
    if deleted:
        qs = qs.filter(deleted_at__isnull=False)
    return qs


def assessment_list(*, scope: Scope, q: str = "") -> QuerySet[Assessment]:
    """Assessments by title, each with `item_count` (live items) and `use_count` (trainings it
    is attached to)."""
    qs = assessment_queryset(scope).select_related("curriculum")
    qs = qs.annotate(
        item_count=_count(Item.objects.filter(retired_at__isnull=True), "assessment"),
        use_count=_count(TrainingInstrument.objects.all(), "assessment"),
    )
    return _search_title(qs, q).order_by("title_key", "id")


def assessment_get(*, scope: Scope, id: Any) -> Assessment:
    """One assessment; its live items in order are on `assessment.live_items` (a list)."""
    return get_in_scope(
        assessment_queryset(scope)
        .select_related("curriculum")
        .prefetch_related(_live_items_prefetch()),
        id,
    )


def item_get(*, scope: Scope, id: Any) -> Item:
    """A current item (not in the trash, not retired) of a live assessment."""
    qs: QuerySet[Item] = scope.filter(
        Item.objects.filter(retired_at__isnull=True, assessment__deleted_at__isnull=True)
    ).select_related("assessment", "module")
    return get_in_scope(qs, id)


# Trainings


def training_queryset(scope: Scope) -> QuerySet[Training]:
    """Trainings whose engagement the asker can see."""
    qs: QuerySet[Training] = scope.filter(Training.objects.all())
    return qs.filter(engagement_id__in=engagement_queryset(scope).values("pk"))


def training_get(*, scope: Scope, id: Any) -> Training:
    return get_in_scope(
        training_queryset(scope).select_related("engagement", "curriculum"),
        id,
    )


def training_for_engagement(*, scope: Scope, engagement: Engagement) -> Training | None:
    """The engagement's training, or None when it has none (or the asker cannot see it)."""
    return (
        training_queryset(scope)
        .filter(engagement=engagement)
        .select_related("engagement", "curriculum")
        .first()
    )


def training_list(*, scope: Scope) -> QuerySet[Training]:
    """Trainings, newest first, with their engagement and curriculum and, over all live
    enrolments: `enrollment_count`, `invited_count`, `enrolled_count` (still enrolled, not yet
    completed), `completed_count`, `withdrawn_count`; and `session_count` (live sessions)."""
    live = Enrollment.objects.all()
    return (
        training_queryset(scope)
        .select_related("engagement", "curriculum")
        .annotate(
            enrollment_count=_count(live, "training"),
            invited_count=_count(live.filter(status=EnrollmentStatus.INVITED), "training"),
            enrolled_count=_count(live.filter(status=EnrollmentStatus.ENROLLED), "training"),
            completed_count=_count(live.filter(status=EnrollmentStatus.COMPLETED), "training"),
            withdrawn_count=_count(live.filter(status=EnrollmentStatus.WITHDRAWN), "training"),
            session_count=_count(TrainingSession.objects.all(), "training"),
        )
        .order_by("-engagement__start_date", "engagement__title_key", "id")
    )


def session_list(*, scope: Scope, training: Training) -> list[TrainingSession]:
    """The training's live sessions in order, with their modules (`session.modules.all()`, in
    curriculum order) and facilitator. A facilitator this role may not see reads as None."""
    qs = (
        scope.filter(TrainingSession.objects.filter(training=training))
        .prefetch_related(
            Prefetch(
                "modules",
                queryset=Module.all_objects.order_by("position", "created_at", "id"),
            ),
            Prefetch("facilitator", queryset=person_queryset(scope)),
        )
        .order_by("date", "position", "created_at", "id")
    )
    return list(qs)


def instrument_list(*, scope: Scope, training: Training) -> list[TrainingInstrument]:
    """The training's live instruments in phase order (pre, post, follow-up), with their
    assessment, `item_count` (its live items) and `response_count` (live responses)."""
    qs = (
        scope.filter(TrainingInstrument.objects.filter(training=training))
        .select_related("assessment")
        .annotate(
            item_count=Coalesce(
                Subquery(
                    Item.objects.filter(
                        assessment=OuterRef("assessment_id"), retired_at__isnull=True
                    )
                    .order_by()
                    .values("assessment")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            response_count=_count(Response.objects.all(), "instrument"),
        )
    )
    return sorted(qs, key=lambda i: PHASE_ORDER.get(i.phase, len(PHASE_ORDER)))


def instruments_by_phase(*, scope: Scope, training: Training) -> dict[str, TrainingInstrument]:
    """phase -> the training's live instrument for it (phases without one are absent)."""
    return {i.phase: i for i in instrument_list(scope=scope, training=training)}


# Enrolments


def enrollment_queryset(
    scope: Scope, *, training: Training | None = None, deleted: bool = False
) -> QuerySet[Enrollment]:
    """Enrolments the asker may see named: in a visible training, of a visible person."""
    manager = Enrollment.all_objects if deleted else Enrollment.objects
    qs: QuerySet[Enrollment] = scope.filter(manager.all())
    if deleted:
        qs = qs.filter(deleted_at__isnull=False)
    if training is not None:
        qs = qs.filter(training=training)
    qs = qs.filter(training_id__in=training_queryset(scope).values("pk"))
    return qs.filter(person_id__in=person_queryset(scope).values("pk"))


def enrollment_get(*, scope: Scope, id: Any) -> Enrollment:
    return get_in_scope(
        enrollment_queryset(scope).select_related(
            "person__organization", "training__engagement", "training__curriculum"
        ),
        id,
    )


def enrollment_list(*, scope: Scope, training: Training) -> QuerySet[Enrollment]:
    """The training's visible enrolments by name, with the person and their organisation."""
    return (
        enrollment_queryset(scope, training=training)
        .select_related("person__organization")
        .order_by("person__name_key", "id")
    )


def attendance_grid(*, scope: Scope, training: Training) -> dict[str, Any]:
    """The attendance grid: the live sessions in order, and one row per visible enrolment with
    its marks (session id -> status), the sessions attended (present or late) and the percent
    of sessions attended (None without sessions). Three queries, whatever the size."""
    sessions = list(
        scope.filter(TrainingSession.objects.filter(training=training)).order_by(
            "date", "position", "created_at", "id"
        )
    )
    session_ids = {s.pk for s in sessions}
    enrollments = enrollment_list(scope=scope, training=training).prefetch_related(
        Prefetch(
            "attendance",
            queryset=Attendance.objects.filter(session__training=training).only(
                "id", "session_id", "enrollment_id", "status"
            ),
            to_attr="marks",
        )
    )
    rows = []
    for enrollment in enrollments:
        marks = {a.session_id: a.status for a in enrollment.marks if a.session_id in session_ids}
        attended = sum(1 for status in marks.values() if status in ATTENDED)
        percent = 100.0 * attended / len(sessions) if sessions else None
        rows.append(
            {"enrollment": enrollment, "marks": marks, "attended": attended, "percent": percent}
        )
    return {"sessions": sessions, "rows": rows}


def completion_explain(
    training: Training,
    enrollment: Enrollment,
    attended: int,
    sessions: int,
    *,
    post_required: bool | None = None,
    post_taken: bool | None = None,
) -> str:
    """Why an enrolment is or is not complete, in one sentence for the page. Give
    `post_required` (the training requires its post-test and has one) and `post_taken` when
    known; otherwise they are read (two small queries)."""
    if enrollment.status == EnrollmentStatus.WITHDRAWN:
        return gettext("Withdrawn: completion is not computed.")
    if enrollment.status == EnrollmentStatus.INVITED:
        return gettext("Invited: completion is computed once the person is enrolled.")
    if sessions <= 0:
        return gettext("No sessions yet: nobody can complete this training.")
    minimum = training.min_attendance_percent
    percent = 100.0 * attended / sessions
    parts = [
        ngettext(
            "Attended %(attended)s of %(sessions)s session (%(percent)s%%); at least "
            "%(minimum)s%% is needed.",
            "Attended %(attended)s of %(sessions)s sessions (%(percent)s%%); at least "
            "%(minimum)s%% is needed.",
            sessions,
        )
        % {
            "attended": attended,
            "sessions": sessions,
            "percent": f"{percent:.0f}",
            "minimum": minimum,
        }
    ]
    if post_required is None:
        post_required = (
            training.require_post_test
            and TrainingInstrument.objects.filter(training=training, phase=Phase.POST).exists()
        )
    if post_required:
        if post_taken is None:
            post_taken = Response.objects.filter(enrollment=enrollment, phase=Phase.POST).exists()
        parts.append(
            gettext("Post-test taken.") if post_taken else gettext("Post-test not taken yet.")
        )
    elif training.require_post_test:
        parts.append(gettext("No post-test attached, so none is required."))
    else:
        parts.append(gettext("The post-test is not required."))
    met = attended * 100 >= minimum * sessions and (post_taken or not post_required)
    parts.append(gettext("Complete.") if met else gettext("Not complete yet."))
    return " ".join(parts)


def participants_masked(
    scope: Scope, enrollments: Sequence[Enrollment]
) -> dict[Any, tuple[Any, str]]:
    """enrolment id -> (person id, name) for the given enrolments (their persons loaded), with
    people this role may not see masked as (None, "Participant withheld"). One query."""
    visible = set(
        person_queryset(scope)
        .filter(pk__in=[e.person_id for e in enrollments])
        .values_list("pk", flat=True)
    )
    return {
        e.pk: (e.person_id, e.person.full_name) if e.person_id in visible else (None, str(WITHHELD))
        for e in enrollments
    }
