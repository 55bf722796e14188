"""The partnerships pages open for members (board, list, detail, forms, forecast, rates,
agreements, and the sections on the engagement and organisation pages), and the main writes work
through them: create from an engagement, move on the board, a closing move that asks why,
deadlines, documents, obligations, an agreement from a won opportunity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from enlace.engagements.tests import factories as engagements
from enlace.partnerships.models import Agreement, Deadline, Obligation, Opportunity, StageChange
from enlace.partnerships.tests import factories as f
from enlace.stakeholders.tests import factories as registry
from enlace.stakeholders.tests.pages import client_for, text, url

pytestmark = pytest.mark.django_db


def partnerships_record(scope):
    """A small pipeline: an engagement that opened a won opportunity with a deadline and an
    agreement with an obligation, an open one in EUR, and a rate to USD."""
    meeting = engagements.engagement(scope, title="Reunión con la fiscalía")
    counterpart = registry.organization(scope, name="Fiscalía General")
    won = f.opportunity(
        scope,
        title="Propuesta invitada",
        counterpart_organization=counterpart,
        amount="12000",
        probability=60,
        origin_engagements=[meeting],
    )
    deadline = f.deadline(scope, won, dt.date(2026, 9, 1), kind="decision_expected")
    f.move(scope, won, "drafting")
    won.refresh_from_db()
    f.move(scope, won, "won")
    won.refresh_from_db()
    open_eur = f.opportunity(scope, amount="5000", currency="EUR", probability=50)
    agreement = f.agreement(scope, opportunity=won, parties=[counterpart])
    from enlace.partnerships.services import agreements

    obligation = agreements.obligation_add(
        scope=scope, agreement=agreement, data={"text": "Informe trimestral"}
    )
    rate = f.rate(scope, "EUR", "USD", "1.1")
    return {
        "engagement": meeting,
        "counterpart": counterpart,
        "won": won,
        "open": open_eur,
        "deadline": deadline,
        "agreement": agreement,
        "obligation": obligation,
        "rate": rate,
    }


def all_pages(scope, record):
    won, agreement = record["won"].pk, record["agreement"].pk
    return [
        url(scope, "partnerships_board"),
        url(scope, "partnerships_opportunity_list"),
        url(scope, "partnerships_opportunity_list") + "?stage=won&q=Propuesta",
        url(scope, "partnerships_opportunity_create"),
        url(scope, "partnerships_opportunity_create") + f"?engagement={record['engagement'].pk}",
        url(scope, "partnerships_opportunity_detail", won),
        url(scope, "partnerships_opportunity_edit", won),
        url(scope, "partnerships_opportunity_delete", won),
        url(scope, "partnerships_opportunity_move", won) + "?stage=lost",
        url(scope, "partnerships_deadline_remove", won, record["deadline"].pk),
        url(scope, "partnerships_agreement_from_opportunity", won),
        url(scope, "partnerships_forecast"),
        url(scope, "partnerships_forecast") + "?base=USD",
        url(scope, "partnerships_rates"),
        url(scope, "partnerships_rate_remove", record["rate"].pk),
        url(scope, "partnerships_agreement_list"),
        url(scope, "partnerships_agreement_list") + "?status=draft",
        url(scope, "partnerships_agreement_create"),
        url(scope, "partnerships_agreement_detail", agreement),
        url(scope, "partnerships_agreement_edit", agreement),
        url(scope, "partnerships_agreement_delete", agreement),
        url(scope, "partnerships_obligation_remove", agreement, record["obligation"].pk),
        url(scope, "engagement_detail", record["engagement"].pk),
        url(scope, "organization_detail", record["counterpart"].pk),
    ]


def test_every_page_opens(owner):
    record = partnerships_record(owner)
    client = client_for(owner)
    for page in all_pages(owner, record):
        response = client.get(page)
        assert response.status_code == 200, page


def test_board_lists_cards_by_stage_with_their_move_forms(owner):
    record = partnerships_record(owner)
    body = text(client_for(owner).get(url(owner, "partnerships_board")))
    assert "Propuesta invitada" in body
    assert f'id="card-{record["won"].pk}"' in body
    assert f'name="version" value="{record["open"].version}"' in body
    assert "partnerships/board.js" in body


def test_sections_on_the_engagement_and_organisation_pages(owner):
    record = partnerships_record(owner)
    client = client_for(owner)
    body = text(client.get(url(owner, "engagement_detail", record["engagement"].pk)))
    assert "Opportunities it opened" in body
    assert "Propuesta invitada" in body
    assert f"?engagement={record['engagement'].pk}" in body
    body = text(client.get(url(owner, "organization_detail", record["counterpart"].pk)))
    assert "Propuesta invitada" in body
    assert record["agreement"].title in body
    # Nothing to show: the sections say so and the pages still open.
    lonely = registry.organization(owner)
    body = text(client.get(url(owner, "organization_detail", lonely.pk)))
    assert "No opportunities with this organisation." in body


def test_create_from_an_engagement_then_move_it_to_won_with_a_reason(owner):
    meeting = engagements.engagement(owner)
    counterpart = registry.organization(owner)
    client = client_for(owner)
    page = url(owner, "partnerships_opportunity_create") + f"?engagement={meeting.pk}"
    assert f'value="{meeting.pk}" selected' in text(client.get(page))
    response = client.post(
        page,
        {
            "title": "Asistencia técnica",
            "kind": "invited_proposal",
            "counterpart_organization": counterpart.pk,
            "owner": owner.user.pk,
            "amount": "1500.50",
            "currency": "usd",
            "probability": "40",
            "origin_engagements": [meeting.pk],
            "stage": "invited",
        },
    )
    assert response.status_code == 302
    opp = Opportunity.objects.get(title="Asistencia técnica")
    assert (opp.stage, opp.currency, list(opp.origin_engagements.all())) == (
        "invited",
        "USD",
        [meeting],
    )
    move = url(owner, "partnerships_opportunity_move", opp.pk)
    # A closing move without a reason asks for one and moves nothing.
    response = client.post(move, {"stage": "won", "version": opp.version, "next": "board"})
    assert response.status_code == 200
    assert "Why is" in text(response)
    opp.refresh_from_db()
    assert opp.stage == "invited"
    response = client.post(
        move, {"stage": "won", "reason": "Firmado", "version": opp.version, "next": "detail"}
    )
    assert response.status_code == 302
    assert response["Location"] == url(owner, "partnerships_opportunity_detail", opp.pk)
    opp.refresh_from_db()
    assert opp.stage == "won"
    assert StageChange.objects.filter(opportunity=opp, stage="won", reason="Firmado").exists()
    # Then the agreement from it.
    response = client.post(url(owner, "partnerships_agreement_from_opportunity", opp.pk))
    assert response.status_code == 302
    assert Agreement.objects.get(opportunity=opp).parties.get() == counterpart


def test_deadlines_documents_and_obligations(owner):
    record = partnerships_record(owner)
    client = client_for(owner)
    won = record["won"]
    response = client.post(
        url(owner, "partnerships_deadline_add", won.pk),
        {
            "deadline-kind": "proposal_due",
            "deadline-label": "Nota conceptual",
            "deadline-date": "2026-10-01",
        },
    )
    assert response.status_code == 302
    deadline = Deadline.objects.get(label="Nota conceptual")
    client.post(url(owner, "partnerships_deadline_done", won.pk, deadline.pk))
    deadline.refresh_from_db()
    assert deadline.done_on is not None
    client.post(url(owner, "partnerships_deadline_remove", won.pk, deadline.pk))
    assert not Deadline.objects.filter(pk=deadline.pk).exists()

    upload = SimpleUploadedFile("borrador.txt", b"Primer borrador\n", content_type="text/plain")
    response = client.post(
        url(owner, "partnerships_document_add", won.pk),
        {"document-kind": "draft", "document-file": upload},
    )
    assert response.status_code == 302
    document = won.documents.get()
    response = client.get(url(owner, "partnerships_document_download", won.pk, document.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"Primer borrador\n"
    client.post(url(owner, "partnerships_document_remove", won.pk, document.pk))
    assert not won.documents.exists()

    agreement = record["agreement"]
    response = client.post(
        url(owner, "partnerships_obligation_add", agreement.pk),
        {
            "obligation-text": "Reporte final",
            "obligation-responsible_organization": record["counterpart"].pk,
            "obligation-due_date": "2027-01-31",
        },
    )
    assert response.status_code == 302
    obligation = Obligation.objects.get(text="Reporte final")
    client.post(url(owner, "partnerships_obligation_done", agreement.pk, obligation.pk))
    obligation.refresh_from_db()
    assert obligation.done_on is not None
    client.post(url(owner, "partnerships_obligation_remove", agreement.pk, obligation.pk))
    assert not Obligation.objects.filter(pk=obligation.pk).exists()


def test_forecast_converts_only_with_every_rate(owner):
    record = partnerships_record(owner)
    f.opportunity(owner, amount="100", currency="KES", probability=10)
    client = client_for(owner)
    body = text(client.get(url(owner, "partnerships_forecast") + "?base=USD"))
    assert "KES" in body
    assert "No total in USD" in body
    f.rate(owner, "KES", "USD", "0.0077")
    body = text(client.get(url(owner, "partnerships_forecast") + "?base=USD"))
    assert "No total in USD" not in body
    assert "Total in USD" in body
    assert record["open"].currency in body


def test_rates_set_and_remove(owner):
    client = client_for(owner)
    response = client.post(
        url(owner, "partnerships_rate_set"),
        {"rate-currency": "gbp", "rate-base_currency": "usd", "rate-rate": "1.27"},
    )
    assert response.status_code == 302
    body = text(client.get(url(owner, "partnerships_rates")))
    assert "GBP" in body
    from enlace.partnerships.models import ExchangeRate

    rate = ExchangeRate.objects.get()
    client.post(url(owner, "partnerships_rate_remove", rate.pk))
    assert not ExchangeRate.objects.exists()


def test_edit_and_delete_an_opportunity(owner):
    record = partnerships_record(owner)
    opp = record["open"]
    client = client_for(owner)
    page = url(owner, "partnerships_opportunity_edit", opp.pk)
    response = client.post(
        page,
        {
            "version": opp.version,
            "title": "Renombrada",
            "kind": opp.kind,
            "counterpart_organization": opp.counterpart_organization_id,
            "owner": opp.owner_id,
            "amount": "5000.00",
            "currency": "EUR",
            "probability": "70",
        },
    )
    assert response.status_code == 302
    opp.refresh_from_db()
    assert (opp.title, opp.probability) == ("Renombrada", 70)
    response = client.post(
        url(owner, "partnerships_opportunity_delete", opp.pk), {"version": opp.version}
    )
    assert response.status_code == 302
    assert not Opportunity.objects.filter(pk=opp.pk).exists()
    assert Opportunity.all_objects.filter(pk=opp.pk).exists()


def test_the_trash_lists_and_restores_opportunities_and_agreements(owner, monkeypatch):
    from enlace.partnerships.views import trash
    from enlace.stakeholders.views.types import TRASH_KINDS

    # What PartnershipsConfig.ready() does, undone after the test.
    for kind in (trash.OPPORTUNITY, trash.AGREEMENT):
        monkeypatch.setitem(TRASH_KINDS, kind.key, kind)
    opp = f.opportunity(owner, title="Oportunidad descartada")
    agreement = f.agreement(owner, title="Acuerdo descartado")
    client = client_for(owner)
    client.post(url(owner, "partnerships_opportunity_delete", opp.pk), {"version": opp.version})
    client.post(
        url(owner, "partnerships_agreement_delete", agreement.pk), {"version": agreement.version}
    )
    page = text(client.get(url(owner, "trash")))
    assert "Oportunidad descartada" in page and "Acuerdo descartado" in page
    for kind, pk in (
        ("partnerships_opportunity", opp.pk),
        ("partnerships_agreement", agreement.pk),
    ):
        response = client.post(url(owner, "trash_restore", kind, pk))
        assert response.status_code == 302
    assert Opportunity.objects.filter(pk=opp.pk).exists()
    assert Agreement.objects.filter(pk=agreement.pk).exists()


def test_an_htmx_post_checks_a_field_and_saves_nothing(owner):
    response = client_for(owner).post(
        url(owner, "partnerships_opportunity_create"),
        {"title": "", "kind": "other"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in text(response) and "This field is required." in text(response)
    assert not Opportunity.objects.exists()
