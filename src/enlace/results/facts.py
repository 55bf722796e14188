"""The facts the heaviest measures count, kept as records are saved.

People attended, organisations engaged, people trained and the knowledge-gain share read, for
every row they count, four to six joined tables (participant or enrolment, engagement,
training, person, organisations, the pre- and post-test). At national scale those joins are
most of the framework's time. `ParticipationFact` and `EnrollmentFact` hold, one row per live
participant or enrolment of a live engagement, the columns the measures read of all of them.

They are rewritten inside the transaction of every save or delete of a source row (a
participant, engagement, person, organisation, enrolment, training or response: the model
signals below), so a measure never reads a stale fact; writes that send no model signal
(bulk_create in the scale generator) call `rebuild` for their workspace. Each rewrite is one
DELETE and one INSERT ... SELECT over the rows the change can touch (a person's participations,
an engagement's participants...), computed by the same SQL that builds them from scratch: a
fact is, by construction, what `rebuild` would write. tests/test_facts.py holds the facts
equal to a rebuild after every kind of change.

Who may see what stays the measures' business: a fact keeps the flags they filter on (person
deleted, lived experience, organisation deleted); a partner's limits are not facts, so a
partner's figures are still computed from the records (enlace.results.measures.visible).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import connection
from django.db.models.signals import post_delete, post_save

PARTICIPATION_COLUMNS = (
    "participant_id, workspace_id, engagement_id, date, kind, role, person_id, person_live, "
    "lived_experience, sex, discipline, person_org_id, person_org_live, person_country, "
    "person_org_kind, organization_id, org_live, org_country, org_kind"
)
PARTICIPATION_SELECT = """
SELECT p.id, p.workspace_id, p.engagement_id, e.start_date, e.kind, p.role, p.person_id,
       (pe.id IS NOT NULL AND pe.deleted_at IS NULL), COALESCE(pe.lived_experience, FALSE),
       pe.sex, pe.discipline, pe.organization_id,
       (po.id IS NOT NULL AND po.deleted_at IS NULL), po.country, po.kind,
       p.organization_id, (o.id IS NOT NULL AND o.deleted_at IS NULL), o.country, o.kind
FROM engagements_participant p
JOIN engagements_engagement e ON e.id = p.engagement_id
LEFT JOIN stakeholders_person pe ON pe.id = p.person_id
LEFT JOIN stakeholders_organization po ON po.id = pe.organization_id
LEFT JOIN stakeholders_organization o ON o.id = p.organization_id
WHERE p.deleted_at IS NULL AND e.deleted_at IS NULL AND ({where})
"""

ENROLLMENT_COLUMNS = (
    "enrollment_id, workspace_id, training_id, curriculum_id, engagement_id, kind, date, "
    "status, person_id, person_live, lived_experience, sex, discipline, person_org_id, "
    "person_country, person_org_kind, pre_earned, pre_possible, post_earned, post_possible"
)
ENROLLMENT_SELECT = """
SELECT en.id, en.workspace_id, en.training_id, t.curriculum_id, t.engagement_id, e.kind,
       e.end_date, en.status, en.person_id, (pe.deleted_at IS NULL), pe.lived_experience,
       pe.sex, pe.discipline, pe.organization_id, po.country, po.kind,
       pre.points_earned, pre.points_possible, post.points_earned, post.points_possible
FROM learning_enrollment en
JOIN learning_training t ON t.id = en.training_id
JOIN engagements_engagement e ON e.id = t.engagement_id
JOIN stakeholders_person pe ON pe.id = en.person_id
LEFT JOIN stakeholders_organization po ON po.id = pe.organization_id
LEFT JOIN learning_response pre
       ON pre.enrollment_id = en.id AND pre.phase = 'pre' AND pre.deleted_at IS NULL
LEFT JOIN learning_response post
       ON post.enrollment_id = en.id AND post.phase = 'post' AND post.deleted_at IS NULL
WHERE en.deleted_at IS NULL AND t.deleted_at IS NULL AND e.deleted_at IS NULL AND ({where})
"""

PARTICIPATION = "results_participationfact"
ENROLLMENT = "results_enrollmentfact"

PEOPLE_OF = "SELECT id FROM stakeholders_person WHERE organization_id = %s"

# What a change to one source row can touch: (facts to delete, sources to insert from), as SQL
# conditions on the fact table and on the SELECT's aliases; each takes the row's id for every
# %s in it.
PARTICIPATION_SCOPES: dict[str, tuple[str, str]] = {
    "participant": ("participant_id = %s", "p.id = %s"),
    "engagement": ("engagement_id = %s", "p.engagement_id = %s"),
    "person": ("person_id = %s", "p.person_id = %s"),
    "organization": ("organization_id = %s", "p.organization_id = %s"),
    # Its people's participations, found through the person's index: an OR with the line above
    # in one statement scanned every participant (half a second per save at scale 1).
    "organization_people": ("person_org_id = %s", f"p.person_id IN ({PEOPLE_OF})"),
    "workspace": ("workspace_id = %s", "p.workspace_id = %s"),
}
ENROLLMENT_SCOPES: dict[str, tuple[str, str]] = {
    "enrollment": ("enrollment_id = %s", "en.id = %s"),
    "training": ("training_id = %s", "en.training_id = %s"),
    "engagement": ("engagement_id = %s", "t.engagement_id = %s"),
    "person": ("person_id = %s", "en.person_id = %s"),
    "organization_people": ("person_org_id = %s", f"en.person_id IN ({PEOPLE_OF})"),
    "workspace": ("workspace_id = %s", "en.workspace_id = %s"),
}


def _param(value: Any) -> Any:
    """An id as the database keeps it (32 hex digits on SQLite, a native UUID on PostgreSQL)."""
    value = value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    return value if connection.features.has_native_uuid_field else value.hex


def _rewrite(
    table: str, columns: str, select: str, scopes: dict[str, tuple[str, str]], scope: str, pk: Any
) -> None:
    """Delete the facts a change can touch and write them anew from the records.

    Two writers may touch the same fact at once (one saves an engagement, another a person of
    it). On PostgreSQL the facts are locked first in key order, so two rewrites never wait on
    each other crosswise (a deadlock); and the insert updates a fact another writer inserted
    after this one's delete looked (READ COMMITTED lets its own insert see that commit), so
    the later writer's fact, read from the later state of the records, stands. SQLite runs one
    writer at a time."""
    stale, source = scopes[scope]
    key, *rest = [c.strip() for c in columns.split(",")]
    value = _param(pk)
    update = ", ".join(f"{c} = excluded.{c}" for c in rest)
    # The SQL is this module's constants; only the row's id is a parameter.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT {key} FROM {table} WHERE {stale} ORDER BY {key} FOR UPDATE",  # noqa: S608
                [value] * stale.count("%s"),
            )
        cursor.execute(f"DELETE FROM {table} WHERE {stale}", [value] * stale.count("%s"))  # noqa: S608
        cursor.execute(
            f"INSERT INTO {table} ({columns}) {select.format(where=source)} "
            f"ON CONFLICT ({key}) DO UPDATE SET {update}",
            [value] * source.count("%s"),
        )


def refresh(scope: str, pk: Any) -> None:
    """Rewrite the facts a change to the row `pk` of kind `scope` can touch ("participant",
    "engagement", "person", "organization", "enrollment", "training", "workspace")."""
    if scope == "organization":  # itself, then its people
        _refresh("organization", pk)
        _refresh("organization_people", pk)
        return
    _refresh(scope, pk)


def _refresh(scope: str, pk: Any) -> None:
    if scope in PARTICIPATION_SCOPES:
        _rewrite(
            PARTICIPATION,
            PARTICIPATION_COLUMNS,
            PARTICIPATION_SELECT,
            PARTICIPATION_SCOPES,
            scope,
            pk,
        )
    if scope in ENROLLMENT_SCOPES:
        _rewrite(ENROLLMENT, ENROLLMENT_COLUMNS, ENROLLMENT_SELECT, ENROLLMENT_SCOPES, scope, pk)


def rebuild(workspace_id: Any) -> None:
    """Every fact of a workspace from its records (after writes that send no model signal)."""
    refresh("workspace", workspace_id)


def forget(workspace_id: Any) -> None:
    """Delete every fact of a workspace (whose rows are deleted without model signals)."""
    value = _param(workspace_id)
    with connection.cursor() as cursor:
        for table in (PARTICIPATION, ENROLLMENT):
            cursor.execute(f"DELETE FROM {table} WHERE workspace_id = %s", [value])  # noqa: S608


# The receivers: which fact scope each source model's rows belong to.

SOURCES = {
    "engagements.Participant": ("participant", "pk"),
    "engagements.Engagement": ("engagement", "pk"),
    "stakeholders.Person": ("person", "pk"),
    "stakeholders.Organization": ("organization", "pk"),
    "learning.Enrollment": ("enrollment", "pk"),
    "learning.Training": ("training", "pk"),
    "learning.Response": ("enrollment", "enrollment_id"),
}


def on_source_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata: the fixture's rows are rebuilt by whoever loads them
        return
    scope, attribute = SOURCES[sender._meta.label]
    pk = getattr(instance, attribute, None)
    if pk is not None:
        refresh(scope, pk)


def connect() -> None:
    """Connect the receivers (ResultsConfig.ready()); idempotent (dispatch_uid)."""
    from django.apps import apps

    for label in SOURCES:
        model = apps.get_model(label)
        post_save.connect(on_source_changed, sender=model, dispatch_uid=f"results-facts-s-{label}")
        post_delete.connect(
            on_source_changed, sender=model, dispatch_uid=f"results-facts-d-{label}"
        )
