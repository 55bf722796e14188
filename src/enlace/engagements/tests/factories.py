"""Factories for engagements: rows built through the services, as users make them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from enlace.core.scoping import Scope
from enlace.engagements import services
from enlace.engagements.models import Engagement, FollowUp, Participant, ReachReading

_counter = {"n": 0}

START = dt.date(2025, 3, 3)


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def engagement(scope: Scope, **data: Any) -> Engagement:
    data.setdefault("title", f"Engagement {_next()}")
    data.setdefault("kind", "meeting")
    data.setdefault("start_date", START)
    data.setdefault("end_date", data["start_date"])
    widen = data.pop("widen_parent", False)
    return services.engagement_create(scope=scope, data=data, widen_parent=widen)


def participant(scope: Scope, engagement: Engagement, **data: Any) -> Participant:
    data.setdefault("role", "participant")
    return services.participant_add(scope=scope, engagement=engagement, data=data)


def reach(scope: Scope, engagement: Engagement, **data: Any) -> ReachReading:
    data.setdefault("metric", "in_person_attendees")
    data.setdefault("value", 10)
    data.setdefault("as_of", engagement.start_date)
    return services.reach_record(scope=scope, engagement=engagement, data=data)


def follow_up(scope: Scope, **data: Any) -> FollowUp:
    data.setdefault("title", f"Follow-up {_next()}")
    return services.follow_up_create(scope=scope, data=data)
