"""Reads of learning results: a training's knowledge-gain summary (overall, per cohort, per item
and module, with self-efficacy, attendance and completion) and one person's record across
trainings, each in a fixed number of queries. The figures come from enlace.learning.stats; what
they mean is in docs/learning-statistics.md.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from enlace.core.errors import Http404
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.engagements.selectors import engagement_queryset
from enlace.learning import stats
from enlace.learning.models import (
    ATTENDED,
    SCORED_KINDS,
    Answer,
    Attendance,
    Certificate,
    Enrollment,
    EnrollmentStatus,
    ExperienceLevel,
    Item,
    Module,
    Phase,
    Response,
    Training,
    TrainingInstrument,
    TrainingSession,
)
from enlace.stakeholders.models import Discipline
from enlace.stakeholders.selectors import person_queryset

# The key of a cohort whose discipline (or level) was not recorded.
UNSPECIFIED = "unspecified"
# A module needs reinforcement when fewer than this percent of the post-test answers to its items
# are correct (see docs/learning-statistics.md).
REINFORCEMENT_BELOW = 70.0
KNOWLEDGE_PHASES = (Phase.PRE, Phase.POST)
# Who is expected to attend: the mean attendance leaves out the invited and the withdrawn.
ATTENDING = frozenset({EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED})
_NO_SUCH_ID = uuid.UUID(int=0)


@dataclass
class _Participant:
    """One enrolment with its knowledge scores and self-efficacy, per phase."""

    enrollment: Enrollment
    visible: bool
    pre: float | None = None
    post: float | None = None
    efficacy_pre: float | None = None
    efficacy_post: float | None = None

    @property
    def pair(self) -> stats.Pair | None:
        if self.pre is None or self.post is None:
            return None
        return stats.Pair(key=self.enrollment.pk, pre=self.pre, post=self.post)


def _uuid(value: Any) -> uuid.UUID:
    """A malformed identifier in a filter matches nothing instead of failing."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return _NO_SUCH_ID


def _check_training(scope: Scope, training: Training) -> None:
    scope.require(Action.VIEW)
    if training.workspace_id != scope.workspace.pk:
        raise Http404


def _figures(participants: Iterable[_Participant]) -> stats.Figures:
    """The aggregate figures of a set of participants: matched pairs, and the unmatched counted
    apart (a pre-test only, or a post-test only)."""
    pairs: list[stats.Pair] = []
    unmatched_pre = unmatched_post = 0
    for p in participants:
        pair = p.pair
        if pair is not None:
            pairs.append(pair)
        elif p.pre is not None:
            unmatched_pre += 1
        elif p.post is not None:
            unmatched_post += 1
    return stats.summarize(pairs, unmatched_pre=unmatched_pre, unmatched_post=unmatched_post)


def _grouped(
    participants: Sequence[_Participant],
    category: Callable[[_Participant], str],
    order: Sequence[str],
) -> dict[str, stats.Figures]:
    """The figures per category present among the participants, in the choices' order, the
    unrecorded category last."""
    groups: dict[str, list[_Participant]] = defaultdict(list)
    for p in participants:
        groups[category(p) or UNSPECIFIED].append(p)
    rank = {value: i for i, value in enumerate([*order, UNSPECIFIED])}
    keys = sorted(groups, key=lambda k: (rank.get(k, len(rank)), k))
    return {key: _figures(groups[key]) for key in keys}


def _percent(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


def _participant_row(p: _Participant, withheld: str) -> dict[str, Any]:
    person = p.enrollment.person
    pair = p.pair
    return {
        "enrollment_id": p.enrollment.pk,
        "person_id": person.pk if p.visible else None,
        "name": person.full_name if p.visible else withheld,
        "pre": p.pre,
        "post": p.post,
        "gain": pair.gain if pair else None,
        "normalized_gain": pair.normalized_gain if pair else None,
    }


def _enrollment_queryset(
    scope: Scope,
    training: Training,
    *,
    discipline: str,
    experience_level: str,
    organization_id: Any,
    sex: str,
) -> QuerySet[Enrollment]:
    qs = Enrollment.objects.filter(workspace=scope.workspace, training=training)
    if discipline:
        qs = qs.filter(person__discipline="" if discipline == UNSPECIFIED else discipline)
    if experience_level:
        qs = qs.filter(experience_level=experience_level)
    if organization_id is not None:
        qs = qs.filter(person__organization_id=_uuid(organization_id))
    if sex:
        qs = qs.filter(person__sex="" if sex == UNSPECIFIED else sex)
    return qs


def _item_rows(
    scope: Scope,
    training: Training,
    responses: dict[uuid.UUID, str],
    responses_qs: QuerySet[Response],
    answered_assessments: set[uuid.UUID],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Percent correct per question (all revisions of a question together) and per module,
    among the participants who answered it, before and after."""
    # The pre-test's questions first, then the post-test's (often the same instrument).
    phases = dict(
        TrainingInstrument.objects.filter(
            workspace=scope.workspace, training=training, phase__in=KNOWLEDGE_PHASES
        )
        .order_by("-phase")
        .values_list("assessment_id", "phase")
    )
    live_assessments = set(phases)
    answers = list(
        Answer.objects.filter(
            workspace=scope.workspace,
            response__in=responses_qs.values("id"),
            correct__isnull=False,
        ).values_list("response_id", "item_id", "correct")
    )
    answered_items = {item_id for _, item_id, _ in answers}
    items = list(
        Item.all_objects.filter(workspace=scope.workspace, kind__in=SCORED_KINDS)
        .filter(
            Q(assessment_id__in=live_assessments | answered_assessments) | Q(id__in=answered_items)
        )
        .select_related("module")
    )
    lineage_of = {item.pk: item.lineage for item in items}

    # Tally: lineage -> phase -> [answered, correct].
    tally: dict[uuid.UUID, dict[str, list[int]]] = defaultdict(
        lambda: {phase: [0, 0] for phase in KNOWLEDGE_PHASES}
    )
    for response_id, item_id, correct in answers:
        lineage = lineage_of.get(item_id)
        if lineage is None:  # not a scored item
            continue
        counts = tally[lineage][responses[response_id]]
        counts[0] += 1
        counts[1] += int(bool(correct))

    def is_current(item: Item) -> bool:
        return (
            item.deleted_at is None
            and item.retired_at is None
            and item.assessment_id in live_assessments
        )

    # Each question is named by its latest live revision (else its latest revision).
    latest: dict[uuid.UUID, Item] = {}
    for item in sorted(items, key=lambda i: (is_current(i), i.revision, i.created_at)):
        latest[item.lineage] = item
    shown = [item for lineage, item in latest.items() if lineage in tally or is_current(item)]
    assessment_rank = {a: KNOWLEDGE_PHASES.index(phase) for a, phase in phases.items()}
    shown.sort(
        key=lambda i: (
            assessment_rank.get(i.assessment_id, len(KNOWLEDGE_PHASES)),
            str(i.assessment_id),
            i.position,
            i.created_at,
        )
    )

    by_item: list[dict[str, Any]] = []
    modules: dict[uuid.UUID | None, dict[str, Any]] = {}
    for item in shown:
        by_phase = tally.get(item.lineage, {phase: [0, 0] for phase in KNOWLEDGE_PHASES})
        (n_pre, ok_pre), (n_post, ok_post) = by_phase[Phase.PRE], by_phase[Phase.POST]
        by_item.append(
            {
                "lineage": item.lineage,
                "item_id": item.pk,
                "prompt": item.prompt,
                "kind": item.kind,
                "module_id": item.module_id,
                "module_title": item.module.title if item.module else None,
                "retired": not is_current(item),
                "pre_correct_percent": _percent(ok_pre, n_pre),
                "post_correct_percent": _percent(ok_post, n_post),
                "n_pre": n_pre,
                "n_post": n_post,
            }
        )
        group = modules.setdefault(
            item.module_id,
            {"module": item.module, "items": 0, "n_pre": 0, "ok_pre": 0, "n_post": 0, "ok_post": 0},
        )
        group["items"] += 1
        group["n_pre"] += n_pre
        group["ok_pre"] += ok_pre
        group["n_post"] += n_post
        group["ok_post"] += ok_post

    def module_order(group: dict[str, Any]) -> tuple[Any, ...]:
        module: Module | None = group["module"]
        if module is None:
            return (1, "", 0, "")
        return (0, str(module.curriculum_id), module.position, module.title)

    by_module = []
    for group in sorted(modules.values(), key=module_order):
        module = group["module"]
        post = _percent(group["ok_post"], group["n_post"])
        by_module.append(
            {
                "module_id": module.pk if module else None,
                "title": module.title if module else None,
                "items": group["items"],
                "pre_correct_percent": _percent(group["ok_pre"], group["n_pre"]),
                "post_correct_percent": post,
                "n_pre": group["n_pre"],
                "n_post": group["n_post"],
                "needs_reinforcement": None if post is None else post < REINFORCEMENT_BELOW,
            }
        )
    return by_item, by_module


def _self_efficacy(participants: Sequence[_Participant]) -> dict[str, Any]:
    matched = [
        (p.efficacy_pre, p.efficacy_post)
        for p in participants
        if p.efficacy_pre is not None and p.efficacy_post is not None
    ]
    mean_pre = stats.mean([pre for pre, _ in matched])
    mean_post = stats.mean([post for _, post in matched])
    return {
        "matched_pairs": len(matched),
        "unmatched_pre": sum(
            1 for p in participants if p.efficacy_pre is not None and p.efficacy_post is None
        ),
        "unmatched_post": sum(
            1 for p in participants if p.efficacy_post is not None and p.efficacy_pre is None
        ),
        "mean_pre": mean_pre,
        "mean_post": mean_post,
        "mean_change": stats.mean([post - pre for pre, post in matched]),
    }


def learning_summary(
    *,
    scope: Scope,
    training: Training,
    discipline: str = "",
    experience_level: str = "",
    organization_id: Any = None,
    sex: str = "",
) -> dict[str, Any]:
    """Every figure of the training dashboard and the learning-summary endpoint. Filters choose
    the live enrolments first ("unspecified" selects a blank discipline or sex); aggregates cover
    all of them, while the participant list withholds the people this scope may not see."""
    _check_training(scope, training)
    base = _enrollment_queryset(
        scope,
        training,
        discipline=discipline,
        experience_level=experience_level,
        organization_id=organization_id,
        sex=sex,
    )
    visible = person_queryset(scope).filter(pk=OuterRef("person_id"))
    enrollments = list(base.select_related("person").annotate(person_visible=Exists(visible)))
    participants = {
        e.pk: _Participant(enrollment=e, visible=bool(e.person_visible)) for e in enrollments
    }

    responses_qs = Response.objects.filter(
        workspace=scope.workspace,
        enrollment__in=base.values("id"),
        instrument__training=training,
        phase__in=KNOWLEDGE_PHASES,
    )
    phase_of: dict[uuid.UUID, str] = {}
    answered_assessments: set[uuid.UUID] = set()
    for response in responses_qs.select_related("instrument").only(
        "id",
        "enrollment_id",
        "phase",
        "points_earned",
        "points_possible",
        "self_efficacy",
        "instrument__assessment_id",
    ):
        p = participants[response.enrollment_id]
        phase_of[response.pk] = response.phase
        answered_assessments.add(response.instrument.assessment_id)
        efficacy = None if response.self_efficacy is None else float(response.self_efficacy)
        if response.phase == Phase.PRE:
            p.pre, p.efficacy_pre = response.score, efficacy
        else:
            p.post, p.efficacy_post = response.score, efficacy

    rows = list(participants.values())
    by_item, by_module = _item_rows(scope, training, phase_of, responses_qs, answered_assessments)

    sessions = TrainingSession.objects.filter(workspace=scope.workspace, training=training).count()
    attended = dict(
        Attendance.objects.filter(
            workspace=scope.workspace,
            session__training=training,
            session__deleted_at__isnull=True,
            enrollment__in=base.values("id"),
            status__in=ATTENDED,
        )
        .values("enrollment_id")
        .annotate(n=Count("id"))
        .values_list("enrollment_id", "n")
    )
    attending = [e for e in enrollments if e.status in ATTENDING]
    statuses = Counter(e.status for e in enrollments)

    withheld = gettext("Participant withheld")
    # Named people in name order; the withheld after them in an order that says nothing of
    # their names.
    shown = [p for p in rows if p.visible] + sorted(
        (p for p in rows if not p.visible), key=lambda p: str(p.enrollment.pk)
    )
    return {
        **_figures(rows),
        "participants": [_participant_row(p, withheld) for p in shown],
        "by_discipline": _grouped(
            rows, lambda p: p.enrollment.person.discipline, Discipline.values
        ),
        "by_experience_level": _grouped(
            rows, lambda p: p.enrollment.experience_level, ExperienceLevel.values
        ),
        "by_item": by_item,
        "by_module": by_module,
        "self_efficacy": _self_efficacy(rows),
        "attendance": {
            "sessions": sessions,
            "participants": len(attending),
            "mean_attendance_percent": (
                stats.mean([100.0 * attended.get(e.pk, 0) / sessions for e in attending])
                if sessions
                else None
            ),
        },
        "completion": {
            "invited": statuses[EnrollmentStatus.INVITED],
            "enrolled": statuses[EnrollmentStatus.ENROLLED],
            "completed": statuses[EnrollmentStatus.COMPLETED],
            "withdrawn": statuses[EnrollmentStatus.WITHDRAWN],
        },
        "filters": {
            "discipline": discipline,
            "experience_level": experience_level,
            "organization_id": None if organization_id is None else str(organization_id),
            "sex": sex,
        },
    }


def person_learning(*, scope: Scope, person: Any) -> list[dict[str, Any]]:
    """The person's live enrolments in the trainings this scope can see, latest first: status,
    attendance, pre- and post-test scores, gain and the valid certificate's code."""
    scope.require(Action.VIEW)
    if person.workspace_id != scope.workspace.pk:
        raise Http404
    enrollments = list(
        Enrollment.objects.filter(
            workspace=scope.workspace,
            person=person,
            training__deleted_at__isnull=True,
            training__engagement__in=engagement_queryset(scope).values("id"),
        )
        .select_related("training__engagement")
        .order_by("-training__engagement__start_date", "training__engagement__title_key")
    )
    ids = [e.pk for e in enrollments]
    trainings = {e.training_id for e in enrollments}
    sessions = dict(
        TrainingSession.objects.filter(workspace=scope.workspace, training_id__in=trainings)
        .values("training_id")
        .annotate(n=Count("id"))
        .values_list("training_id", "n")
    )
    attended = dict(
        Attendance.objects.filter(
            workspace=scope.workspace,
            enrollment_id__in=ids,
            session__deleted_at__isnull=True,
            status__in=ATTENDED,
        )
        .values("enrollment_id")
        .annotate(n=Count("id"))
        .values_list("enrollment_id", "n")
    )
    scores: dict[tuple[uuid.UUID, str], float | None] = {
        (r.enrollment_id, r.phase): r.score
        for r in Response.objects.filter(
            workspace=scope.workspace, enrollment_id__in=ids, phase__in=KNOWLEDGE_PHASES
        ).only("enrollment_id", "phase", "points_earned", "points_possible")
    }
    codes = dict(
        Certificate.objects.filter(
            workspace=scope.workspace, enrollment_id__in=ids, revoked_at__isnull=True
        ).values_list("enrollment_id", "code")
    )
    result = []
    for e in enrollments:
        engagement = e.training.engagement
        pre = scores.get((e.pk, Phase.PRE))
        post = scores.get((e.pk, Phase.POST))
        n_sessions = sessions.get(e.training_id, 0)
        n_attended = attended.get(e.pk, 0)
        result.append(
            {
                "enrollment_id": e.pk,
                "training_id": e.training_id,
                "engagement_id": engagement.pk,
                "title": engagement.title,
                "kind": engagement.kind,
                "start_date": engagement.start_date,
                "end_date": engagement.end_date,
                "status": e.status,
                "experience_level": e.experience_level,
                "attended": n_attended,
                "sessions": n_sessions,
                "attendance_percent": _percent(n_attended, n_sessions),
                "pre": pre,
                "post": post,
                "gain": None if pre is None or post is None else stats.gain(pre, post),
                "normalized_gain": (
                    None if pre is None or post is None else stats.normalized_gain(pre, post)
                ),
                "certificate_code": codes.get(e.pk),
            }
        )
    return result
