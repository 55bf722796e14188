"""Engagement pages (included under /w/<slug>/ by enlace.web.urls; names in the "web" namespace),
and the calendar feed, which lives outside any workspace (feed_urlpatterns, included at the root:
its secret is the credential, so no session-authenticated view serves it)."""

from __future__ import annotations

from django.urls import URLPattern, path, re_path

from enlace.engagements.views import engagements, feeds, follow_ups, history, parts, timelines

urlpatterns: list[URLPattern] = [
    path("engagements/", engagements.engagement_list, name="engagement_list"),
    path("engagements/calendar/", engagements.engagement_calendar, name="engagement_calendar"),
    path("engagements/new/", engagements.engagement_create, name="engagement_create"),
    path("engagements/<uuid:pk>/", engagements.engagement_detail, name="engagement_detail"),
    path("engagements/<uuid:pk>/edit/", engagements.engagement_edit, name="engagement_edit"),
    path("engagements/<uuid:pk>/delete/", engagements.engagement_delete, name="engagement_delete"),
    path("engagements/<uuid:pk>/history/", history.engagement_history, name="engagement_history"),
    path(
        "engagements/<uuid:pk>/participants/",
        parts.participant_add,
        name="engagement_participant_add",
    ),
    path("engagements/<uuid:pk>/outcomes/", parts.outcome_add, name="engagement_outcome_add"),
    path("engagements/<uuid:pk>/links/", parts.link_add, name="engagement_link_add"),
    path(
        "engagements/<uuid:pk>/attachments/",
        parts.attachment_add,
        name="engagement_attachment_add",
    ),
    path(
        "engagements/<uuid:pk>/attachments/<uuid:item_pk>/download/",
        parts.attachment_download,
        name="engagement_attachment_download",
    ),
    path("engagements/<uuid:pk>/audience/", parts.audience_set, name="engagement_audience_set"),
    path("engagements/<uuid:pk>/reach/", parts.reach_record, name="engagement_reach_record"),
    path(
        "engagements/<uuid:pk>/follow-ups/",
        parts.follow_up_add,
        name="engagement_follow_up_add",
    ),
    path(
        "engagements/<uuid:pk>/<str:what>/<uuid:item_pk>/remove/",
        parts.part_remove,
        name="engagement_part_remove",
    ),
    path("follow-ups/", follow_ups.follow_up_list, name="follow_up_list"),
    path("follow-ups/mine/", follow_ups.follow_up_mine, name="follow_up_mine"),
    path("follow-ups/<uuid:pk>/done/", follow_ups.follow_up_done, name="follow_up_done"),
    path("follow-ups/<uuid:pk>/history/", history.follow_up_history, name="follow_up_history"),
    path(
        "follow-ups/calendar-feed/",
        feeds.calendar_feed_settings,
        name="calendar_feed_settings",
    ),
    path(
        "organizations/<uuid:pk>/timeline/",
        timelines.organization_timeline,
        name="organization_timeline",
    ),
    path(
        "countries/<str:code>/timeline/",
        timelines.country_timeline,
        name="country_timeline",
    ),
]

# Every address under feeds/calendar/ reaches the view, so that a malformed one is refused there
# (404, kept out of the request log) rather than by the resolver.
feed_urlpatterns: list[URLPattern] = [
    re_path(r"^feeds/calendar/(?P<filename>[^/]*)$", feeds.calendar_feed, name="calendar_feed"),
]
