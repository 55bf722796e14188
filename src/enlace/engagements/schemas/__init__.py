"""Request and response shapes of the engagements API: the models' field names, types and limits.

One module a resource, on the registry's shared types (`enlace.stakeholders.schemas`) and this
package's `common`; every name is also here.
"""

from enlace.engagements.schemas.common import EngagementOrdering
from enlace.engagements.schemas.engagements import (
    AudienceIn,
    AudienceOut,
    EngagementCreate,
    EngagementFilters,
    EngagementIn,
    EngagementOut,
    EngagementPage,
    EngagementPatch,
    LinkIn,
    LinkOut,
    OutcomeIn,
    OutcomeOut,
    ReachLatestOut,
)
from enlace.engagements.schemas.follow_ups import (
    FollowUpFilters,
    FollowUpIn,
    FollowUpOut,
    FollowUpPage,
    FollowUpPatch,
)
from enlace.engagements.schemas.parts import (
    AttachmentOut,
    ParticipantIn,
    ParticipantOut,
    ParticipantPage,
    ReachIn,
    ReachOut,
)

__all__ = [
    "AttachmentOut",
    "AudienceIn",
    "AudienceOut",
    "EngagementCreate",
    "EngagementFilters",
    "EngagementIn",
    "EngagementOrdering",
    "EngagementOut",
    "EngagementPage",
    "EngagementPatch",
    "FollowUpFilters",
    "FollowUpIn",
    "FollowUpOut",
    "FollowUpPage",
    "FollowUpPatch",
    "LinkIn",
    "LinkOut",
    "OutcomeIn",
    "OutcomeOut",
    "ParticipantIn",
    "ParticipantOut",
    "ParticipantPage",
    "ReachIn",
    "ReachLatestOut",
    "ReachOut",
]
