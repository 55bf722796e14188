"""The engagements endpoints: what the team did with whom, with its outcomes, links, audience
counts and latest reach, and its parts (a field visit's trainings and meetings)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from enlace.api.resource import Resource, resource_router
from enlace.core.scoping import Scope, get_in_scope
from enlace.engagements import selectors, services
from enlace.engagements.api.common import changes, model_data, write, write_at
from enlace.engagements.models import AudienceCount, Engagement, EngagementLink, Outcome
from enlace.engagements.schemas import (
    AudienceIn,
    EngagementCreate,
    EngagementFilters,
    EngagementOut,
    EngagementPage,
    EngagementPatch,
    LinkIn,
)
from enlace.stakeholders.schemas import DeleteInput

# Sent beside the engagement's own fields, and written by their own services.
PARTS = {"outcomes", "links", "audience", "widen_parent"}


def with_parts(scope: Scope, queryset: QuerySet[Engagement]) -> QuerySet[Engagement]:
    """Engagements with what a response shows of them, one query a part for a whole page."""
    return queryset.prefetch_related(
        Prefetch("outcomes", queryset=Outcome.objects.all(), to_attr="live_outcomes"),
        Prefetch("links", queryset=EngagementLink.objects.all(), to_attr="live_links"),
        Prefetch("audience_counts", queryset=AudienceCount.objects.all(), to_attr="live_audience"),
        # Only the parts the asker may see: a partner's children are filtered like its list.
        Prefetch(
            "children",
            queryset=selectors.engagement_queryset(scope).order_by("start_date", "title_key"),
            to_attr="live_children",
        ),
    )


def with_reach(scope: Scope, engagements: Sequence[Engagement]) -> None:
    """Give each engagement its latest reach readings, read for all of them in one query."""
    latest = selectors.reach_latest(engagements=engagements)
    for engagement in engagements:
        engagement.reach_latest = latest.get(engagement.pk, {})  # type: ignore[attr-defined]


def _detail(*, scope: Scope, id: Any) -> Engagement:
    engagement = get_in_scope(with_parts(scope, selectors.engagement_queryset(scope)), id)
    with_reach(scope, [engagement])
    return engagement


def _list(scope: Scope, filters: EngagementFilters) -> QuerySet[Engagement]:
    queryset = selectors.engagement_list(
        scope=scope,
        q=filters.q,
        kind=filters.kind or "",
        country=filters.country,
        date_from=filters.date_from,
        date_to=filters.date_to,
        organization_id=filters.organization_id,
        representative_id=filters.representative_id,
        tag=filters.tag,
        parent_id=filters.parent_id,
        ordering=filters.ordering,
        deleted=filters.deleted,
    )
    return with_parts(scope, queryset)


def _set_links(scope: Scope, engagement: Engagement, links: list[LinkIn]) -> None:
    for i, link in enumerate(links):
        write_at(
            f"links.{i}.",
            services.link_add,
            scope=scope,
            engagement=engagement,
            data=link.model_dump(),
        )


def _set_audience(scope: Scope, engagement: Engagement, audience: list[AudienceIn]) -> None:
    write_at(
        "audience.",
        services.audience_set,
        scope=scope,
        engagement=engagement,
        counts=[count.model_dump() for count in audience],
    )


def _create(scope: Scope, payload: EngagementCreate) -> Engagement:
    data = model_data(scope, payload.model_dump(exclude=PARTS))
    outcomes = [
        model_data(scope, outcome.model_dump(), prefix=f"outcomes.{i}.")
        for i, outcome in enumerate(payload.outcomes)
    ]
    # One write for the caller: a refused link or count leaves no engagement behind.
    with transaction.atomic():
        engagement = write(
            services.engagement_create, scope=scope, data=data, widen_parent=payload.widen_parent
        )
        for i, outcome in enumerate(outcomes):
            write_at(
                f"outcomes.{i}.",
                services.outcome_add,
                scope=scope,
                engagement=engagement,
                data={**outcome, "position": i},
            )
        _set_links(scope, engagement, payload.links)
        if payload.audience:
            _set_audience(scope, engagement, payload.audience)
    return engagement


def _update(
    scope: Scope, engagement: Engagement, payload: EngagementPatch, version: int | None
) -> Engagement:
    sent = payload.model_fields_set
    values = payload.model_dump(exclude_unset=True, exclude={"version", *PARTS})
    if not values and not sent & {"links", "audience"}:
        changes(scope, values)  # refuses the empty change
    data = model_data(scope, values)
    with transaction.atomic():
        # Even when only the lists change: the version check and the new version are the
        # engagement's, as the lists are part of it.
        updated = write(
            services.engagement_update,
            scope=scope,
            engagement=engagement,
            data=data,
            expected_version=version,
            widen_parent=payload.widen_parent,
        )
        if "links" in sent:
            for link in updated.links.all():
                services.link_remove(scope=scope, link=link)
            _set_links(scope, updated, payload.links)
        if "audience" in sent:
            _set_audience(scope, updated, payload.audience)
    return updated


ENGAGEMENTS: Resource[Engagement] = Resource(
    app="engagements",
    name="engagement",
    noun="an engagement",
    plural="engagements",
    out=EngagementOut,
    page=EngagementPage,
    filters=EngagementFilters,
    create_body=EngagementCreate,
    patch_body=EngagementPatch,
    list=_list,
    create=_create,
    update=lambda scope, engagement, payload, version: _update(scope, engagement, payload, version),
    delete=lambda scope, engagement, version: services.engagement_delete(
        scope=scope, engagement=engagement, expected_version=version
    ),
    restore=lambda scope, engagement: services.engagement_restore(
        scope=scope, engagement=engagement
    ),
    get=selectors.engagement_get,
    queryset=selectors.engagement_queryset,
    detail=_detail,
    prepare=with_reach,
    list_doc=(
        "Paginated and filterable; `?deleted=true` lists the trash instead. A partner sees the\n"
        "engagements its organisation hosts or takes part in. `date_from` and `date_to` select\n"
        "the engagements that overlap the period."
    ),
    create_doc=(
        "With its outcomes, links and audience counts at once. A part of another engagement\n"
        "(`parent_id`) must lie within its parent's dates, unless `widen_parent` is true."
    ),
    read_doc=(
        "With its outcomes, links, audience counts, latest reach per metric and parts. The\n"
        "`ETag` header carries the version, for `If-Match` on the next write."
    ),
    update_doc=(
        "Only the fields sent change; `links` and `audience`, when sent, replace the lists.\n"
        "With `version` (or `If-Match`), a write based on an older version is refused with 409."
    ),
)

router = resource_router(ENGAGEMENTS, tag="engagements", delete_body=DeleteInput)
