"""Helpers for the engagement page tests: a small record of engagements to look at."""

from __future__ import annotations

import datetime as dt
from typing import Any

from enlace.core.scoping import Scope
from enlace.engagements import services
from enlace.engagements.tests import factories
from enlace.stakeholders.tests import factories as registry

# A PDF's first bytes are enough for the content sniffing.
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def field_visit(editor: Scope) -> dict[str, Any]:
    """A field visit to Chile with a training inside it, people, outcomes, reach and a task."""
    ministry = registry.organization(editor, name="Ministerio del Trabajo", country="CL")
    unit = registry.organization(editor, name="Inspección del Trabajo", parent=ministry)
    person = registry.person(editor, full_name="Rosa Quispe", organization=unit)
    visit = factories.engagement(
        editor,
        title="Visita a Chile",
        kind="field_visit",
        start_date=dt.date(2025, 11, 10),
        end_date=dt.date(2025, 11, 14),
        country="CL",
        city="Santiago",
        host_organization=ministry,
        summary="We met **inspectors**.",
    )
    training = factories.engagement(
        editor,
        title="Taller para inspectores",
        kind="training",
        parent=visit,
        start_date=dt.date(2025, 11, 11),
        end_date=dt.date(2025, 11, 11),
        start_time=dt.time(9, 0),
        end_time=dt.time(17, 0),
        timezone="America/Santiago",
        country="CL",
    )
    factories.participant(editor, training, person=person, role="participant")
    factories.participant(editor, training, organization=unit, role="host")
    factories.participant(editor, training, member=editor.membership, role="facilitator")
    services.outcome_add(
        scope=editor,
        engagement=training,
        data={"statement": "Invited to submit a proposal", "organization": ministry},
    )
    services.link_add(
        scope=editor,
        engagement=training,
        data={"kind": "recording", "label": "Grabación", "url": "https://example.org/v"},
    )
    factories.reach(
        editor, training, metric="recording_views", value=120, as_of=dt.date(2025, 11, 20)
    )
    factories.reach(
        editor, training, metric="recording_views", value=340, as_of=dt.date(2025, 12, 20)
    )
    services.audience_set(
        scope=editor,
        engagement=training,
        counts=[
            {"dimension": "sex", "category": "female", "count": 14},
            {"dimension": "sex", "category": "male", "count": 9},
        ],
    )
    task = factories.follow_up(
        editor,
        title="Send the proposal",
        engagement=training,
        owner=editor.user,
        counterpart_organization=ministry,
        due_date=dt.date(2025, 12, 1),
    )
    return {
        "ministry": ministry,
        "unit": unit,
        "person": person,
        "visit": visit,
        "training": training,
        "follow_up": task,
    }
