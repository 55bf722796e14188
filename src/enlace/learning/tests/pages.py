"""Helpers for the learning page tests: a whole training to look at (curriculum, assessment,
sessions, enrolments, attendance, pre- and post-tests, a certificate), built by the services."""

from __future__ import annotations

from typing import Any

from enlace.core.scoping import Scope
from enlace.learning.models import Item
from enlace.learning.services import certificates, responses
from enlace.learning.tests import factories
from enlace.stakeholders.tests import factories as registry


def answers_for(items: list[Item], *, right: int) -> list[dict[str, Any]]:
    """Answers to `items`: the first `right` scored ones right, the other scored ones wrong."""
    result: list[dict[str, Any]] = []
    scored = 0
    for item in items:
        if item.kind == "likert":
            result.append({"item_id": item.pk, "value": 3 + (right % 3)})
        elif item.kind == "open_text":
            result.append({"item_id": item.pk, "text": "Más coordinación"})
        else:
            good = scored < right
            scored += 1
            if item.kind == "multiple_choice":
                answer = item.answer if good else [1]
                result.append({"item_id": item.pk, "choices": answer})
            else:
                answer = item.answer if good else (1 - item.answer if item.answer in (0, 1) else 1)
                result.append({"item_id": item.pk, "choice": answer})
    return result


def respond(
    scope: Scope, training: Any, enrollment: Any, phase: str, *, right: int, items: list[Item]
) -> Any:
    return responses.response_record(
        scope=scope,
        training=training,
        data={
            "enrollment": enrollment,
            "phase": phase,
            "answers": answers_for(items, right=right),
        },
    )


def learning_record(owner: Scope, *, people: int = 3, organization: Any = None) -> dict[str, Any]:
    """A training of three sessions following a three-module curriculum, an assessment used as
    pre- and post-test, `people` participants who attended everything and took both tests (the
    first one completes and holds a certificate), and one more who only took the pre-test."""
    curriculum = factories.make_curriculum(owner, title="Liberación comunitaria", modules=3)
    modules = list(curriculum.modules.all())
    assessment = factories.make_assessment(
        owner,
        title="Prueba de conocimientos",
        curriculum=curriculum,
        items=[
            factories.single("¿Qué es la trata?", module=modules[0]),
            factories.multiple("Señales de alerta", module=modules[1]),
            factories.true_false("La ley protege a las víctimas", module=modules[2]),
            factories.likert("Me siento capaz de identificar un caso"),
            factories.open_text("¿Qué cambiarías?"),
        ],
    )
    items = factories.items_of(assessment)
    training = factories.make_training(owner, sessions=3, curriculum=curriculum)
    pre = factories.attach(owner, training, assessment, phase="pre")
    post = factories.attach(owner, training, assessment, phase="post")
    org = organization or registry.organization(owner, name="Fiscalía Regional")
    enrollments = []
    for number in range(people):
        person = registry.person(
            owner,
            full_name=f"Participante {number + 1}",
            organization=org,
            discipline="legal" if number % 2 else "social_work",
        )
        enrollment = factories.enroll(owner, training, person, experience_level="basic")
        factories.mark(owner, training, enrollment, "present")
        respond(owner, training, enrollment, "pre", right=number % 2, items=items)
        respond(owner, training, enrollment, "post", right=3, items=items)
        enrollments.append(enrollment)
    late = factories.enroll(
        owner, training, registry.person(owner, full_name="Llegó Tarde", organization=org)
    )
    respond(owner, training, late, "pre", right=1, items=items)
    enrollments[0].refresh_from_db()
    certificate = certificates.certificate_issue(scope=owner, enrollment=enrollments[0])
    return {
        "curriculum": curriculum,
        "modules": modules,
        "assessment": assessment,
        "items": items,
        "training": training,
        "engagement": training.engagement,
        "pre": pre,
        "post": post,
        "organization": org,
        "enrollments": enrollments,
        "late": late,
        "certificate": certificate,
        "session": factories.sessions_of(training)[0],
    }
