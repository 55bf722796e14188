"""The shapes of demo records: plain values that refer to each other by name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class OrgSpec:
    name: str
    kind: str
    country: str = ""
    acronym: str = ""
    parent: str = ""  # the parent organisation's name
    region: str = ""
    city: str = ""
    website: str = ""
    tags: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class PersonSpec:
    full_name: str
    organization: str  # the organisation's name
    position: str
    discipline: str
    email: str = ""
    phone: str = ""
    languages: tuple[str, ...] = ()
    may_contact: bool = False
    may_name_publicly: bool = False
    may_photograph: bool = False
    consent_date: dt.date | None = None
    consent_method: str = ""
    lived_experience: bool = False
    tags: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class MemberSpec:
    organization: str
    role: str
    start_date: dt.date | None = None
    end_date: dt.date | None = None


@dataclass(frozen=True)
class BodySpec:
    name: str
    kind: str
    scope: str
    country: str = ""
    acronym: str = ""
    chair: str = ""  # the chair organisation's name
    members: tuple[MemberSpec, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class RelationshipSpec:
    from_organization: str
    to_organization: str
    kind: str
    status: str = "active"
    since: dt.date | None = None
    notes: str = ""


@dataclass(frozen=True)
class UserSpec:
    email: str
    full_name: str
    role: str
    organization: str = ""  # a partner's organisation


@dataclass(frozen=True)
class ParticipantSpec:
    """Exactly one target, by name; `member` is a demo user's email (their membership)."""

    role: str
    organization: str = ""
    person: str = ""
    body: str = ""
    member: str = ""


@dataclass(frozen=True)
class OutcomeSpec:
    statement: str
    organization: str = ""


@dataclass(frozen=True)
class LinkSpec:
    kind: str
    label: str
    url: str


@dataclass(frozen=True)
class AudienceSpec:
    dimension: str
    category: str
    count: int


@dataclass(frozen=True)
class ReachSpec:
    metric: str
    value: int
    as_of: dt.date
    source: str = "manual"
    note: str = ""


@dataclass(frozen=True)
class FollowUpSpec:
    title: str
    owner: str  # a demo user's email
    due_date: dt.date | None = None
    status: str = "open"
    done_on: dt.date | None = None
    counterpart: str = ""  # the counterpart organisation's name
    notes: str = ""


@dataclass(frozen=True)
class EngagementSpec:
    kind: str
    title: str
    start_date: dt.date
    end_date: dt.date | None = None  # the start date when not given
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    timezone: str = ""
    mode: str = "in_person"
    country: str = ""
    region: str = ""
    city: str = ""
    venue: str = ""
    host: str = ""  # the host organisation's name
    objectives: str = ""
    summary: str = ""
    notes: str = ""
    tags: tuple[str, ...] = ()
    participants: tuple[ParticipantSpec, ...] = ()
    outcomes: tuple[OutcomeSpec, ...] = ()
    links: tuple[LinkSpec, ...] = ()
    audience: tuple[AudienceSpec, ...] = ()
    reach: tuple[ReachSpec, ...] = ()
    follow_ups: tuple[FollowUpSpec, ...] = ()
    parts: tuple[EngagementSpec, ...] = ()  # in date order

    @property
    def last_date(self) -> dt.date:
        return self.end_date or self.start_date
