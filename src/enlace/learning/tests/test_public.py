"""The public pages: a participant's personal link (questions, errors, thank-you, refusals, no
name, no cache, no referrer, no token in any log) and the verification of a certificate."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re

import pytest
from django.test import Client
from django.utils import timezone

from enlace.learning.models import Answer, Response, ResponseLink
from enlace.learning.services import enrollments, trainings
from enlace.learning.services.certificates import certificate_issue, certificate_revoke
from enlace.learning.services.responses import link_issue
from enlace.learning.tests import factories as f
from enlace.stakeholders.tests import factories as registry

CONSENT = {"consent_date": dt.date(2025, 1, 10), "consent_method": "written"}


@pytest.fixture
def course(editor):
    training = f.make_training(editor, sessions=2)
    pre = f.attach(editor, training, phase="pre")
    person = registry.person(
        editor, full_name="Wanjiru Achieng Otieno", may_name_publicly=True, **CONSENT
    )
    quiet = registry.person(editor, full_name="Bernarda Soto Lagos")
    return {
        "training": training,
        "pre": pre,
        "named": f.enroll(editor, training, person),
        "quiet": f.enroll(editor, training, quiet),
    }


def issue(scope, training, enrollment, phase="pre") -> str:
    [(_, token)] = link_issue(scope=scope, training=training, phase=phase, enrollments=[enrollment])
    return token


def url(token: str) -> str:
    return f"/respond/{token}/"


def form_data(items, *, skip=()) -> dict[str, object]:
    """Every question answered right, except the kinds in `skip`."""
    data: dict[str, object] = {}
    for item in items:
        name = f"item-{item.pk}"
        if item.kind in skip:
            continue
        if item.kind == "multiple_choice":
            data[name] = [str(i) for i in item.answer]
        elif item.kind in {"single_choice", "true_false"}:
            data[name] = str(item.answer)
        elif item.kind == "likert":
            data[name] = "4"
        else:
            data[name] = "More practice, please."
    return data


def assert_private(response) -> None:
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_the_link_page_shows_every_question_labelled(client, editor, course) -> None:
    token = issue(editor, course["training"], course["named"])
    response = client.get(url(token))
    assert response.status_code == 200
    assert_private(response)
    html = response.content.decode()
    assert course["training"].engagement.title in html
    assert "Pre-test" in html
    assert "Hello, Wanjiru." in html
    assert "Achieng" not in html and "Otieno" not in html
    assert "Bernarda" not in html
    assert 'name="csrfmiddlewaretoken"' in html
    items = f.items_of(course["pre"].assessment)
    for item in items:
        assert item.prompt in html
    single, multiple, _true_false, likert, open_text = items
    assert html.count(f'type="radio" id="item-{single.pk}-') == 3
    assert html.count(f'type="checkbox" id="item-{multiple.pk}-') == 4
    assert html.count(f'type="radio" id="item-{likert.pk}-') == 5
    assert f'<textarea id="item-{open_text.pk}" name="item-{open_text.pk}"' in html
    assert ">True</label>" in html and ">False</label>" in html
    assert "strongly disagree" in html and "strongly agree" in html
    # Every input has its label.
    ids = re.findall(r'<(?:input|textarea)[^>]* id="([^"]+)"', html)
    assert ids
    for input_id in ids:
        assert f'for="{input_id}"' in html, input_id


def test_no_name_without_consent(client, editor, course) -> None:
    html = client.get(url(issue(editor, course["training"], course["quiet"]))).content.decode()
    assert "Bernarda" not in html and "Soto" not in html
    assert "Hello" not in html


def test_submitting_records_once_and_thanks(client, editor, course) -> None:
    enrollment = course["named"]
    token = issue(editor, course["training"], enrollment)
    items = f.items_of(course["pre"].assessment)
    response = client.post(url(token), form_data(items))
    assert response.status_code == 303
    assert response["Location"] == "/respond/thanks/"
    assert_private(response)
    recorded = Response.objects.get(enrollment=enrollment, phase="pre")
    assert (recorded.points_earned, recorded.points_possible) == (4, 4)
    assert recorded.source == "link"
    assert recorded.answers.count() == 5
    thanks = client.get("/respond/thanks/")
    assert thanks.status_code == 200
    assert "Thank you — your answers were recorded" in thanks.content.decode()
    # The same link again: gone, and nothing more is written.
    again = client.get(url(token))
    assert again.status_code == 410
    assert "already recorded" in again.content.decode()
    assert client.post(url(token), form_data(items)).status_code == 410
    assert Response.objects.count() == 1


def test_missing_answers_are_summarised_and_shown_by_the_question(client, editor, course) -> None:
    token = issue(editor, course["training"], course["named"])
    items = f.items_of(course["pre"].assessment)
    data = form_data(items, skip={"multiple_choice", "likert", "open_text"})
    response = client.post(url(token), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert '<a href="#question-2">Question 2</a>: Choose at least one answer.' in html
    assert '<a href="#question-4">Question 4</a>: Please answer this question.' in html
    assert "Question 5</a>" not in html  # open questions may be left blank
    assert html.count('class="question has-error"') == 2
    # What was chosen stays chosen.
    single = items[0]
    assert f'id="item-{single.pk}-0" name="item-{single.pk}" value="0" checked' in html
    assert Response.objects.count() == 0
    assert ResponseLink.objects.get().used_at is None


def test_tampered_answers_are_refused_by_the_service(client, editor, course) -> None:
    token = issue(editor, course["training"], course["named"])
    items = f.items_of(course["pre"].assessment)
    data = form_data(items)
    data[f"item-{items[0].pk}"] = "7"
    data[f"item-{items[3].pk}"] = "nine"
    data[f"item-{items[4].pk}"] = "x" * 5001
    response = client.post(url(token), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Question 1: the choice must be a number from 0 to 2." in html
    assert "Question 4: a value from 1 to 5." in html
    assert "Question 5: at most 5000 characters." in html
    assert (Response.objects.count(), Answer.objects.count()) == (0, 0)


def test_refusals(client, editor, course) -> None:
    training = course["training"]
    named, quiet = course["named"], course["quiet"]
    old = issue(editor, training, named)
    new = issue(editor, training, named)
    expiring = issue(editor, training, quiet)
    ResponseLink.objects.filter(key_hash=hashlib.sha256(expiring.encode()).hexdigest()).update(
        expires_at=timezone.now() - dt.timedelta(hours=1)
    )
    cases = [
        ("y" * 43, 404, "This link is not valid"),
        (old, 410, "replaced by a newer one"),
        (expiring, 410, "This link has expired"),
    ]
    for token, status, text in cases:
        response = client.get(url(token))
        assert response.status_code == status, token
        assert_private(response)
        html = response.content.decode()
        assert text in html
        assert "Wanjiru" not in html and "Bernarda" not in html
        assert training.engagement.title not in html
    trainings.instrument_close(scope=editor, instrument=course["pre"])
    closed = client.get(url(new))
    assert closed.status_code == 410
    assert "This questionnaire is closed" in closed.content.decode()
    trainings.instrument_reopen(scope=editor, instrument=course["pre"])
    enrollments.enrollment_update(scope=editor, enrollment=named, data={"status": "withdrawn"})
    assert client.get(url(new)).status_code == 410
    assert Response.objects.count() == 0


def test_the_form_needs_its_csrf_token_and_the_token_stays_out_of_logs(
    editor, course, caplog
) -> None:
    token = issue(editor, course["training"], course["named"])
    items = f.items_of(course["pre"].assessment)
    strict = Client(enforce_csrf_checks=True)
    caplog.set_level(logging.DEBUG)
    assert strict.post(url(token), form_data(items)).status_code == 403
    assert Response.objects.count() == 0
    # The refusal is logged, with the secret redacted.
    assert any("/respond/<redacted>/" in r.getMessage() for r in caplog.records)
    strict.get(url("z" * 43))
    strict.get(url(token))
    for record in caplog.records:
        assert token not in record.getMessage()
        assert "z" * 43 not in record.getMessage()


def test_the_page_own_post_passes_csrf_and_a_foreign_origin_is_refused(
    editor, course, settings
) -> None:
    token = issue(editor, course["training"], course["named"])
    data = form_data(f.items_of(course["pre"].assessment))
    strict = Client(enforce_csrf_checks=True)
    page = strict.get(url(token))
    assert page.status_code == 200
    # The secret address is never sent to another site as a referrer.
    assert page["Referrer-Policy"] == "same-origin"
    secret = strict.cookies[settings.CSRF_COOKIE_NAME].value
    evil = strict.post(
        url(token),
        {**data, "csrfmiddlewaretoken": secret},
        headers={"Origin": "https://evil.example"},
    )
    assert evil.status_code == 403
    assert Response.objects.count() == 0
    sent = strict.post(
        url(token), {**data, "csrfmiddlewaretoken": secret}, headers={"Origin": "http://testserver"}
    )
    assert sent.status_code == 303
    assert Response.objects.count() == 1


def test_language_links(client, editor, course) -> None:
    token = issue(editor, course["training"], course["named"])
    switched = client.get(url(token), {"language": "es"})
    assert switched.status_code == 302
    assert switched["Location"] == url(token)
    assert switched.cookies["django_language"].value == "es"
    page = client.get(url(token))
    assert '<html lang="es">' in page.content.decode()
    assert client.get("/verify/", {"language": "xx"}).status_code == 200


# Verification


@pytest.fixture
def certificate(editor, course):
    enrollment = course["quiet"]
    trainings.training_update(
        scope=editor, training=course["training"], data={"require_post_test": False}
    )
    f.mark(editor, course["training"], enrollment, "present")
    enrollment.refresh_from_db()
    return certificate_issue(scope=editor, enrollment=enrollment)


def test_verify_form_goes_to_the_code(client, certificate) -> None:
    form = client.get("/verify/")
    assert form.status_code == 200
    assert 'name="code"' in form.content.decode()
    typed = certificate.code.lower().replace("-", " ")
    response = client.get("/verify/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{certificate.code}/"
    bad = client.get("/verify/", {"code": "hello"})
    assert bad.status_code == 200
    assert "looks like ENL-7KQ2-M9XD" in bad.content.decode()
    lower = client.get(f"/verify/{certificate.code.lower()}/")
    assert lower.status_code == 302
    assert lower["Location"] == f"/verify/{certificate.code}/"


def test_verify_shows_what_the_certificate_shows(client, certificate, course) -> None:
    response = client.get(f"/verify/{certificate.code}/")
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    assert "Valid certificate" in html
    assert "B. S. L." in html  # initials: no consent to be named
    assert "Bernarda" not in html
    assert certificate.training_title in html
    assert "4" in html  # 2 sessions of 120 minutes
    assert certificate.issuer_name in html
    assert "Wanjiru" not in html


def test_verify_names_a_holder_who_agreed(client, editor, course) -> None:
    enrollment = course["named"]
    trainings.training_update(
        scope=editor, training=course["training"], data={"require_post_test": False}
    )
    f.mark(editor, course["training"], enrollment, "present")
    enrollment.refresh_from_db()
    certificate = certificate_issue(scope=editor, enrollment=enrollment)
    html = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "Wanjiru Achieng Otieno" in html


def test_verify_says_when_revoked(client, editor, certificate) -> None:
    certificate_revoke(scope=editor, certificate=certificate, reason="Confidential internal note")
    response = client.get(f"/verify/{certificate.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Revoked: this certificate is no longer valid" in html
    assert timezone.localdate().strftime("%Y") in html
    assert "Valid certificate" not in html
    assert "Confidential internal note" not in html


def test_verify_unknown_code(client, db) -> None:
    response = client.get("/verify/ENL-0000-0000/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "No certificate has this code." in html
    assert 'name="code"' in html
    assert client.get("/verify/%3Cscript%3E/").status_code == 404
