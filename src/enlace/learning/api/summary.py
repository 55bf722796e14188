"""A training's learning summary: knowledge gain overall, per cohort, per question and module,
self-efficacy, attendance and completion, as JSON."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from enlace.api.auth import request_scope
from enlace.api.errors import READ_PROBLEMS
from enlace.api.pagination import check_query_params
from enlace.learning.api.common import operation_id, training_read
from enlace.learning.models import Training
from enlace.learning.schemas import LearningSummaryOut, SummaryFilters
from enlace.learning.selectors import summary as selectors

router = Router(tags=["trainings"])

# `Query[X]` built at run time: mypy knows it only as an annotation.
_query: Any = Query


@router.get(
    "/{id}/learning-summary",
    response={200: LearningSummaryOut, **READ_PROBLEMS},
    summary="Read a training's learning summary",
    operation_id=operation_id("learning_summary"),
)
def learning_summary(
    request: HttpRequest, id: uuid.UUID, filters: _query[SummaryFilters]
) -> dict[str, Any]:
    """Scores are percent of the points possible on the scored items. The figures cover every
    live enrolment the filters select (`unspecified` selects those with no discipline or sex
    recorded); the participant list withholds the names of people you may not see. Unmatched
    participants (a pre-test or a post-test only) are counted, never dropped. Self-efficacy
    (Likert items) is reported apart from knowledge."""
    scope = request_scope(request)
    check_query_params(request, SummaryFilters.model_fields)
    engagement, training = training_read(scope, id)
    # Before the first write there is nothing to count: the same figures, of no one.
    counted = training or Training(workspace=scope.workspace, engagement=engagement)
    return selectors.learning_summary(
        scope=scope,
        training=counted,
        discipline=filters.discipline,
        experience_level=filters.experience_level,
        organization_id=filters.organization_id,
        sex=filters.sex,
    )
