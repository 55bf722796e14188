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
