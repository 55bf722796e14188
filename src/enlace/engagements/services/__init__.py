"""Writes to engagements: each one checks the role, validates, runs in one transaction, versions
the rows it changes and records the actor in their history.

The contract the API and the pages code against is docs/engagements-contract.md. The writes live
in modules by role; this package re-exports the names callers use (`services.engagement_create`).
"""

from __future__ import annotations

from enlace.core.services import record_save
from enlace.engagements.services.attachments import (
    ATTACHMENT_MAX_BYTES,
    ATTACHMENT_TYPES,
    attachment_add,
    attachment_open,
    attachment_remove,
)
from enlace.engagements.services.engagements import (
    ENGAGEMENT_FIELDS,
    MAX_PARENT_DEPTH,
    engagement_create,
    engagement_delete,
    engagement_purge,
    engagement_restore,
    engagement_update,
)
from enlace.engagements.services.feeds import (
    CALENDAR_FEED_PREFIX,
    calendar_feed_revoke,
    calendar_feed_rotate,
)
from enlace.engagements.services.follow_ups import (
    FOLLOW_UP_FIELDS,
    follow_up_create,
    follow_up_delete,
    follow_up_restore,
    follow_up_update,
)
from enlace.engagements.services.parts import (
    AUDIENCE_CATEGORIES,
    LINK_FIELDS,
    OUTCOME_FIELDS,
    PARTICIPANT_FIELDS,
    TARGET_FIELDS,
    audience_set,
    link_add,
    link_remove,
    outcome_add,
    outcome_remove,
    outcome_update,
    participant_add,
    participant_remove,
    participant_update,
)
from enlace.engagements.services.reach import REACH_FIELDS, reach_record, reach_remove

__all__ = [
    "ATTACHMENT_MAX_BYTES",
    "ATTACHMENT_TYPES",
    "AUDIENCE_CATEGORIES",
    "CALENDAR_FEED_PREFIX",
    "ENGAGEMENT_FIELDS",
    "FOLLOW_UP_FIELDS",
    "LINK_FIELDS",
    "MAX_PARENT_DEPTH",
    "OUTCOME_FIELDS",
    "PARTICIPANT_FIELDS",
    "REACH_FIELDS",
    "TARGET_FIELDS",
    "attachment_add",
    "attachment_open",
    "attachment_remove",
    "audience_set",
    "calendar_feed_revoke",
    "calendar_feed_rotate",
    "engagement_create",
    "engagement_delete",
    "engagement_purge",
    "engagement_restore",
    "engagement_update",
    "follow_up_create",
    "follow_up_delete",
    "follow_up_restore",
    "follow_up_update",
    "link_add",
    "link_remove",
    "outcome_add",
    "outcome_remove",
    "outcome_update",
    "participant_add",
    "participant_remove",
    "participant_update",
    "reach_record",
    "reach_remove",
    "record_save",
]
