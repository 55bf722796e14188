"""A participant answers a pre-test on a phone through their personal link, as in the issue: no
account, every kind of question, a missing answer pointed out, the thank-you page; then the
same link is refused. All in Chromium at 390 x 844."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from enlace.core.permissions import Role
from enlace.learning.models import Response
from enlace.learning.services.responses import link_issue
from enlace.learning.tests import factories as f
from enlace.stakeholders.tests import factories as registry
from enlace.testing import make_member, make_workspace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def question(page, number: int):
    return page.get_by_role("listitem").filter(has_text=re.compile(rf"^\s*Question {number}\b"))


def test_participant_answers_through_their_link_on_a_phone(live_server, page):
    workspace = make_workspace("enlace-movil")
    editor = make_member(workspace, Role.EDITOR)
    training = f.make_training(editor, sessions=2)
    f.attach(editor, training, phase="pre")
    person = registry.person(editor, full_name="Grace Wanjiru Mwangi")
    enrollment = f.enroll(editor, training, person)
    [(_, token)] = link_issue(
        scope=editor, training=training, phase="pre", enrollments=[enrollment]
    )

    page.set_viewport_size(PHONE)
    opened = page.goto(f"{live_server.url}/respond/{token}/")
    assert opened.status == 200
    assert opened.headers["referrer-policy"] == "same-origin"
    expect(page.get_by_role("heading", level=1)).to_have_text(training.engagement.title)
    expect(page.get_by_text("Pre-test", exact=True)).to_be_visible()
    expect(page.get_by_text("Grace")).to_have_count(0)
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Every kind, except the self-efficacy scale, left out by mistake.
    page.get_by_role("group", name=re.compile("Question 1")).get_by_label("A", exact=True).check()
    multiple = page.get_by_role("group", name=re.compile("Question 2"))
    multiple.get_by_label("A", exact=True).check()
    multiple.get_by_label("C", exact=True).check()
    page.get_by_role("group", name=re.compile("Question 3")).get_by_label("True").check()
    page.get_by_label(re.compile("Question 5")).fill("Más casos prácticos, por favor.")
    page.get_by_role("button", name="Send my answers").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Some answers need your attention")
    expect(summary.get_by_role("link", name="Question 4")).to_be_visible()
    likert = page.get_by_role("group", name=re.compile("Question 4"))
    expect(likert).to_contain_text("Please answer this question.")
    # What was answered is still there.
    expect(multiple.get_by_label("C", exact=True)).to_be_checked()
    expect(page.get_by_label(re.compile("Question 5"))).to_have_value(
        "Más casos prácticos, por favor."
    )
    likert.get_by_label(re.compile(r"^4")).check()
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you — your answers were recorded"
    )
    recorded = Response.objects.get(enrollment=enrollment, phase="pre")
    assert (recorded.points_earned, recorded.points_possible, recorded.source) == (4, 4, "link")
    assert str(recorded.self_efficacy) == "4.00"

    # The same link again: refused, without anyone's name.
    again = page.goto(f"{live_server.url}/respond/{token}/")
    assert again.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("This link no longer works")
    expect(page.get_by_text("already recorded")).to_be_visible()
    expect(page.get_by_text(training.engagement.title)).to_have_count(0)
    assert Response.objects.count() == 1
    assert page.csp_violations == []
