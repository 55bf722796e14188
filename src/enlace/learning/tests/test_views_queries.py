"""Query counts of the learning pages do not grow with their rows (measured at two sizes)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.learning.services import certificates
from enlace.learning.tests import factories
from enlace.learning.tests.pages import learning_record, respond
from enlace.stakeholders.tests import factories as registry
from enlace.stakeholders.tests.pages import client_for, url

pytestmark = pytest.mark.django_db


def _count(client, page):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page)
    assert response.status_code == 200, page
    return len(ctx.captured_queries)


def _same_for_small_and_large(client, pages, grow):
    grow(2)
    for page in pages:
        client.get(page)  # warm up per-process caches (content types, sessions)
    few = {page: _count(client, page) for page in pages}
    grow(8)
    many = {page: _count(client, page) for page in pages}
    assert many == few


def test_a_trainings_pages(owner):
    record = learning_record(owner, people=1)
    training, items = record["training"], record["items"]
    e = training.engagement_id

    def grow(n):
        for _ in range(n):
            person = registry.person(owner, organization=record["organization"])
            enrollment = factories.enroll(owner, training, person)
            factories.mark(owner, training, enrollment, "present")
            respond(owner, training, enrollment, "pre", right=1, items=items)
            respond(owner, training, enrollment, "post", right=3, items=items)
            enrollment.refresh_from_db()
            certificates.certificate_issue(scope=owner, enrollment=enrollment)

    pages = [
        url(owner, name, e)
        for name in (
            "learning_training",
            "learning_enrollments",
            "learning_attendance",
            "learning_instruments",
            "learning_certificates",
            "learning_dashboard",
        )
    ]
    pages.append(url(owner, "learning_attendance", e) + f"?session={record['session'].pk}")
    pages.append(url(owner, "learning_response_enter", e, "post"))
    _same_for_small_and_large(client_for(owner), pages, grow)


def test_sessions_and_the_curriculum_and_assessment_pages(owner):
    curriculum = factories.make_curriculum(owner, modules=1)
    assessment = factories.make_assessment(owner, curriculum=curriculum)
    training = factories.make_training(owner, sessions=1, curriculum=curriculum)
    facilitator = registry.person(owner)

    def grow(n):
        from enlace.learning.services import assessments, curricula, trainings

        for number in range(n):
            module = curricula.module_add(
                scope=owner, curriculum=curriculum, data={"title": f"M{number}"}
            )
            assessments.item_add(
                scope=owner,
                assessment=assessment,
                data=factories.single(f"Q{number}", module=module),
            )
            trainings.session_add(
                scope=owner,
                training=training,
                data={
                    "date": training.engagement.start_date,
                    "modules": [module],
                    "facilitator": facilitator,
                },
            )

    pages = [
        url(owner, "learning_curriculum_detail", curriculum.pk),
        url(owner, "learning_assessment_detail", assessment.pk),
        url(owner, "learning_sessions", training.engagement_id),
    ]
    _same_for_small_and_large(client_for(owner), pages, grow)


def test_the_lists_and_a_participants_record(owner):
    person = registry.person(owner)

    def grow(n):
        for _ in range(n):
            curriculum = factories.make_curriculum(owner, modules=1)
            factories.make_assessment(owner, curriculum=curriculum, items=[factories.single()])
            training = factories.make_training(owner, sessions=1, curriculum=curriculum)
            enrollment = factories.enroll(owner, training, person)
            factories.mark(owner, training, enrollment, "present")

    pages = [
        url(owner, "learning_training_list"),
        url(owner, "learning_curriculum_list"),
        url(owner, "learning_assessment_list"),
        url(owner, "learning_participant", person.pk),
    ]
    _same_for_small_and_large(client_for(owner), pages, grow)
