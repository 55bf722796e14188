"""Who may reach which partnerships page, bad input, two people moving one card, and query
counts: another workspace's records are not found (404) and stay unchanged, a viewer reads but
gets 403 on every write, a refused form changes nothing, a stale move is reported, and the board
and list cost the same number of queries whatever their size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.core.permissions import Role
from enlace.partnerships.models import (
    Agreement,
    Deadline,
    ExchangeRate,
    Obligation,
    Opportunity,
    StageChange,
)
from enlace.partnerships.tests import factories as f
from enlace.partnerships.tests.test_views import all_pages, partnerships_record
from enlace.stakeholders.tests.pages import client_for, text, url
from enlace.testing import make_member

pytestmark = pytest.mark.django_db


def _snapshot():
    rows = []
    for model in (Opportunity, Deadline, Agreement, Obligation, ExchangeRate):
        rows += [
            (model.__name__, *row)
            for row in model.all_objects.values_list("id", "version", "deleted_at")
        ]
    rows += [("change", r) for r in StageChange.objects.values_list("id", flat=True)]
    return sorted(rows, key=str)


def write_requests(where, record):
    """(url, data) for every write of the partnerships pages, aimed at `record`."""
    won, agreement = record["won"], record["agreement"]
    return [
        (url(where, "partnerships_opportunity_create"), {"title": "X"}),
        (url(where, "partnerships_opportunity_edit", won.pk), {"title": "X", "version": 1}),
        (url(where, "partnerships_opportunity_delete", won.pk), {"version": won.version}),
        (
            url(where, "partnerships_opportunity_move", won.pk),
            {"stage": "lost", "reason": "No", "version": won.version},
        ),
        (url(where, "partnerships_deadline_add", won.pk), {"deadline-label": "X"}),
        (url(where, "partnerships_deadline_done", won.pk, record["deadline"].pk), {}),
        (url(where, "partnerships_deadline_remove", won.pk, record["deadline"].pk), {}),
        (url(where, "partnerships_document_add", won.pk), {}),
        (url(where, "partnerships_agreement_from_opportunity", won.pk), {}),
        (url(where, "partnerships_rate_set"), {"rate-currency": "GBP"}),
        (url(where, "partnerships_rate_remove", record["rate"].pk), {}),
        (url(where, "partnerships_agreement_create"), {"title": "X"}),
        (url(where, "partnerships_agreement_edit", agreement.pk), {"title": "X"}),
        (url(where, "partnerships_agreement_delete", agreement.pk), {"version": 1}),
        (url(where, "partnerships_obligation_add", agreement.pk), {"obligation-text": "X"}),
        (
            url(where, "partnerships_obligation_done", agreement.pk, record["obligation"].pk),
            {},
        ),
        (
            url(where, "partnerships_obligation_remove", agreement.pk, record["obligation"].pk),
            {},
        ),
    ]


def test_another_workspaces_records_are_not_found(owner, other_workspace):
    record = partnerships_record(owner)
    stranger = make_member(other_workspace, Role.OWNER)
    client = client_for(stranger)
    detail_pages = [
        page
        for page in all_pages(owner, record)
        if str(record["won"].pk) in page or str(record["agreement"].pk) in page
    ]
    # The same record ids under the stranger's own workspace: not found either.
    for page in detail_pages:
        theirs = page.replace(f"/w/{owner.workspace.slug}/", f"/w/{other_workspace.slug}/")
        assert client.get(theirs).status_code == 404, theirs
        assert client.get(page).status_code == 404, page
    before = _snapshot()
    for page, data in write_requests(stranger, record):
        if "/new/" in page or page.endswith("/rates/set/"):
            continue
        assert client.post(page, data).status_code == 404, page
    assert _snapshot() == before


def test_a_viewer_reads_but_may_not_write(owner, member):
    record = partnerships_record(owner)
    viewer = member(Role.VIEWER)
    client = client_for(viewer)
    for page in (
        url(owner, "partnerships_board"),
        url(owner, "partnerships_opportunity_detail", record["won"].pk),
        url(owner, "partnerships_forecast"),
        url(owner, "partnerships_agreement_detail", record["agreement"].pk),
    ):
        response = client.get(page)
        assert response.status_code == 200, page
        assert 'class="move-form' not in text(response)
    before = _snapshot()
    for page, data in write_requests(owner, record):
        assert client.post(page, data).status_code == 403, page
    assert _snapshot() == before


def _refused(client, page, data, *expected, status=400):
    before = _snapshot()
    response = client.post(page, data)
    assert response.status_code == status, (page, response.status_code)
    body = text(response)
    for message in expected:
        assert message in body, (page, message)
    assert _snapshot() == before


def test_bad_input_is_refused_with_a_message(owner):
    record = partnerships_record(owner)
    client = client_for(owner)
    won = record["won"]
    _refused(
        client,
        url(owner, "partnerships_opportunity_create"),
        {
            "title": "Mal",
            "kind": "other",
            "counterpart_organization": record["counterpart"].pk,
            "owner": owner.user.pk,
            "amount": "10",
            "currency": "XYZ",
            "stage": "identified",
        },
        "Unknown currency code: XYZ.",
    )
    _refused(
        client,
        url(owner, "partnerships_opportunity_move", won.pk),
        {"stage": "lost", "reason": "no", "version": won.version},
        "3",
    )
    _refused(
        client,
        url(owner, "partnerships_opportunity_move", won.pk),
        {"stage": "won", "reason": "Otra vez", "version": won.version},
        "Already in that stage.",
    )
    _refused(
        client,
        url(owner, "partnerships_deadline_add", won.pk),
        {"deadline-kind": "other", "deadline-label": "", "deadline-date": "mañana"},
        "This field is required.",
        "Enter a valid date.",
    )
    _refused(
        client,
        url(owner, "partnerships_rate_set"),
        {"rate-currency": "EUR", "rate-base_currency": "EUR", "rate-rate": "1"},
        "A currency needs no rate to itself.",
    )
    _refused(
        client,
        url(owner, "partnerships_agreement_create"),
        {
            "title": "Fechas al revés",
            "kind": "grant_agreement",
            "status": "draft",
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
        },
        "Please correct the errors below.",
    )


def test_a_stale_move_says_someone_else_moved_the_card(owner, member):
    opp = f.opportunity(owner, title="Tarjeta disputada")
    seen = opp.version
    other = member(Role.EDITOR)
    f.move(other, opp, "exploring")
    client = client_for(owner)
    before = _snapshot()
    response = client.post(
        url(owner, "partnerships_opportunity_move", opp.pk),
        {"stage": "drafting", "version": seen, "next": "board"},
        follow=True,
    )
    assert response.status_code == 200
    assert "This card was moved by someone else: it is now in Exploring." in text(response)
    assert _snapshot() == before
    opp.refresh_from_db()
    assert opp.stage == "exploring"
    # The same for a closing move that would first ask why.
    response = client.post(
        url(owner, "partnerships_opportunity_move", opp.pk),
        {"stage": "lost", "version": seen},
        follow=True,
    )
    assert "This card was moved by someone else" in text(response)


def _count(client, page):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page)
    assert response.status_code == 200, page
    return len(ctx.captured_queries)


def test_board_list_and_forecast_queries_do_not_grow(owner):
    client = client_for(owner)
    pages = [
        url(owner, "partnerships_board"),
        url(owner, "partnerships_opportunity_list"),
        url(owner, "partnerships_forecast") + "?base=USD",
        url(owner, "partnerships_agreement_list"),
    ]

    def grow(n):
        for i in range(n):
            opp = f.opportunity(owner, amount=100 + i, probability=50)
            f.deadline(owner, opp, kind="decision_expected")
            f.move(owner, opp, "exploring")
            f.agreement(owner)

    grow(2)
    for page in pages:
        client.get(page)
    few = {page: _count(client, page) for page in pages}
    grow(6)
    many = {page: _count(client, page) for page in pages}
    assert many == few
