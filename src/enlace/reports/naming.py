"""The consent rules of every report: who may be named, and how the others are described."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from enlace.stakeholders.models import Person

AUDIENCES = ("internal", "public")


def may_be_named(person: Person, *, audience: str) -> bool:
    """Named only with consent to be named publicly, and never a person with lived experience,
    whatever the audience: an internal report is forwarded too."""
    return bool(person.may_name_publicly) and not person.lived_experience


def person_label(person: Person, *, audience: str) -> str:
    """How a report refers to `person`, in the active language. Call it under
    translation.override(the report's language)."""
    if may_be_named(person, audience=audience):
        return person.full_name
    organization = person.organization if person.organization_id is not None else None
    if person.lived_experience or organization is None:
        # Position and organisation could point at a survivor: nothing that identifies them.
        return _("a participant")
    if person.position:
        return _("a %(position)s of %(organization)s") % {
            "position": person.position,
            "organization": organization.name,
        }
    return _("a participant from %(organization)s") % {"organization": organization.name}


@dataclass
class NameCounter:
    """Labels people and counts the names a report withheld (each person once)."""

    audience: str
    withheld_ids: set[str] = field(default_factory=set)

    def label(self, person: Person) -> str:
        if not may_be_named(person, audience=self.audience):
            self.withheld_ids.add(str(person.pk))
        return person_label(person, audience=self.audience)

    @property
    def withheld(self) -> int:
        return len(self.withheld_ids)
