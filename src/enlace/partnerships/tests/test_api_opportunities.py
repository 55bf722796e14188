"""The opportunities API: create with deadlines and origins, read with stage history and time in
stage, change, trash and restore; stage moves (concurrent ones told the card moved); bad input
answered with a problem document that changes nothing; deadlines and documents under the
opportunity; list queries that do not grow with the rows."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.core.permissions import Role
from enlace.engagements.tests import factories as engagements
from enlace.partnerships.models import Deadline, Opportunity, OpportunityDocument, StageChange
from enlace.partnerships.tests import factories as f
from enlace.stakeholders.tests import factories as registry
from enlace.testing import ApiClient, make_member

pytestmark = pytest.mark.django_db

API = "/api/v1"
OPPORTUNITIES = f"{API}/opportunities"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _no_server_errors(caplog):
    """Whatever a test sends, the API never falls into its 500 handler."""
    with caplog.at_level(logging.ERROR, logger="enlace.api"):
        yield
    assert not [r for r in caplog.records if r.name == "enlace.api"], caplog.text


def errors_of(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 422 and body["title"] and body["detail"]
    errors: dict[str, list[str]] = body["errors"]
    return errors


def counts() -> tuple[int, ...]:
    return (
        Opportunity.all_objects.count(),
        StageChange.objects.count(),
        Deadline.all_objects.count(),
    )


def body(scope: Any, **extra: Any) -> dict[str, Any]:
    counterpart = registry.organization(scope, name="Ministerio de Desarrollo Social")
    return {
        "title": "Propuesta de asistencia técnica",
        "counterpart_organization_id": str(counterpart.pk),
        "kind": "invited_proposal",
        **extra,
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_create_read_change_trash_and_restore(api, editor, owner, member):
    funder = registry.organization(editor, name="Fondo Regional")
    visit = engagements.engagement(editor, title="Field visit")
    colleague = member(Role.EDITOR)
    response = api.post(
        OPPORTUNITIES,
        body(
            editor,
            funder_organization_id=str(funder.pk),
            stage="invited",
            amount="125000.50",
            currency="eur",
            probability=40,
            origin_engagement_ids=[str(visit.pk)],
            owner_id=str(colleague.user.uuid),
            tags=["proposal"],
            notes="From the roundtable.",
            deadlines=[
                {"label": "Concept note", "date": "2026-08-01", "kind": "concept_note_due"},
                {"label": "Decision", "date": "2026-10-15", "kind": "decision_expected"},
            ],
        ),
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert response["ETag"] == f'"{created["version"]}"'
    assert created["amount"] == "125000.50" and created["currency"] == "EUR"
    assert created["funder_organization_id"] == str(funder.pk)
    assert created["stage"] == "invited" and created["closed"] is False
    assert created["origin_engagement_ids"] == [str(visit.pk)]
    assert created["owner_id"] == str(colleague.user.uuid)
    assert [d["label"] for d in created["deadlines"]] == ["Concept note", "Decision"]
    [first] = created["stage_history"]
    assert (first["from_stage"], first["stage"], first["reason"]) == ("", "invited", "")
    assert first["by"] == str(editor.user.uuid) and first["at"]
    assert [d["stage"] for d in created["stage_durations"]] == ["invited"]
    assert created["stage_durations"][0]["left_at"] is None
    assert set(created["stage_totals"]) == {"invited"}

    url = f"{OPPORTUNITIES}/{created['id']}"
    read = api.get(url)
    assert read.status_code == 200 and read.json()["id"] == created["id"]
    changed = api.patch(url, {"probability": 60, "amount": "1.5", "version": created["version"]})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["probability"], changed.json()["amount"]) == (60, "1.50")
    stale = api.patch(url, {"title": "Old", "version": created["version"]})
    assert stale.status_code == 409
    assert "stage" in errors_of(api.patch(url, {"stage": "won"}))
    assert "__all__" in errors_of(api.patch(url, {}))
    assert api.patch(url, {"origin_engagement_ids": []}).json()["origin_engagement_ids"] == []

    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    assert api.get(OPPORTUNITIES, {"deleted": "true"}).status_code == 403
    owner_api = ApiClient(owner)
    assert owner_api.get(OPPORTUNITIES, {"deleted": "true"}).json()["count"] == 1
    assert api.post(f"{url}/restore").status_code == 403
    assert owner_api.post(f"{url}/restore").status_code == 200
    assert api.get(url).status_code == 200


def test_owner_defaults_to_the_asker_and_must_be_a_member(api, editor, other_workspace):
    created = api.post(OPPORTUNITIES, body(editor)).json()
    assert created["owner_id"] == str(editor.user.uuid)
    assert created["stage"] == "identified"
    outsider = make_member(other_workspace, Role.EDITOR)
    before = counts()
    response = api.post(OPPORTUNITIES, body(editor, owner_id=str(outsider.user.uuid)))
    assert "owner_id" in errors_of(response)
    assert counts() == before


def test_stage_moves_record_history_and_durations(api, editor):
    opp = f.opportunity(editor)
    url = f"{OPPORTUNITIES}/{opp.pk}"
    for stage in ("exploring", "drafting", "submitted"):
        response = api.post(f"{url}/stage", {"stage": stage})
        assert response.status_code == 200, response.content
    won = api.post(f"{url}/stage", {"stage": "won", "reason": "Approved by the board"})
    assert won.status_code == 200
    data = won.json()
    assert data["stage"] == "won" and data["closed"] is True
    assert won["ETag"] == f'"{data["version"]}"'
    history = data["stage_history"]
    assert [(h["from_stage"], h["stage"]) for h in history] == [
        ("", "identified"),
        ("identified", "exploring"),
        ("exploring", "drafting"),
        ("drafting", "submitted"),
        ("submitted", "won"),
    ]
    assert history[-1]["reason"] == "Approved by the board"
    assert all(h["by"] == str(editor.user.uuid) for h in history)
    durations = data["stage_durations"]
    assert [d["stage"] for d in durations] == [h["stage"] for h in history]
    assert all(d["left_at"] for d in durations[:-1]) and durations[-1]["left_at"] is None
    assert all(d["days"] >= 0 for d in durations)
    # Reopening a won card is a move like any other.
    reopened = api.post(f"{url}/stage", {"stage": "submitted"})
    assert reopened.status_code == 200
    totals = reopened.json()["stage_totals"]
    assert list(totals) == ["identified", "exploring", "drafting", "submitted", "won"]


def test_bad_moves_are_refused_and_change_nothing(api, editor):
    opp = f.opportunity(editor)
    url = f"{OPPORTUNITIES}/{opp.pk}/stage"
    cases = [
        ({"stage": "celebrated"}, "stage"),
        ({"stage": "won"}, "reason"),
        ({"stage": "lost", "reason": "no"}, "reason"),
        ({"stage": "withdrawn", "reason": "x" * 301}, "reason"),
        ({"stage": "identified"}, "stage"),
        ({"stage": "exploring", "colour": "red"}, "colour"),
        ({}, "stage"),
    ]
    before = counts()
    for payload, field in cases:
        assert field in errors_of(api.post(url, payload)), payload
    assert api.post(url, "not json", headers={"Content-Type": "application/json"}).status_code in {
        400,
        422,
    }
    assert counts() == before
    opp.refresh_from_db()
    assert (opp.stage, opp.version) == ("identified", 1)


def test_a_stale_move_is_told_where_the_card_is_now(api, editor, member):
    opp = f.opportunity(editor)
    url = f"{OPPORTUNITIES}/{opp.pk}/stage"
    seen = api.get(f"{OPPORTUNITIES}/{opp.pk}")
    colleague = ApiClient(member(Role.EDITOR))
    first = colleague.post(url, {"stage": "drafting"}, headers={"If-Match": seen["ETag"]})
    assert first.status_code == 200, first.content

    second = api.post(url, {"stage": "exploring"}, headers={"If-Match": seen["ETag"]})
    assert second.status_code == 409
    assert second["Content-Type"] == "application/problem+json"
    problem = second.json()
    assert problem["current_stage"] == "drafting"
    assert problem["current_version"] == first.json()["version"]
    assert "moved by someone else" in problem["detail"] and "Drafting" in problem["detail"]
    stale_body = api.post(url, {"stage": "exploring", "version": seen.json()["version"]})
    assert stale_body.status_code == 409
    opp.refresh_from_db()
    assert opp.stage == "drafting"
    assert StageChange.objects.filter(opportunity=opp).count() == 2
    mismatch = api.post(url, {"stage": "exploring", "version": 1}, headers={"If-Match": '"2"'})
    assert "version" in errors_of(mismatch)
    assert "If-Match" in errors_of(api.post(url, {"stage": "exploring"}, headers={"If-Match": "x"}))
    # With the version it now reads, the move goes through.
    fresh = api.get(f"{OPPORTUNITIES}/{opp.pk}")
    ok = api.post(url, {"stage": "exploring"}, headers={"If-Match": fresh["ETag"]})
    assert ok.status_code == 200


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"amount": "12,50", "currency": "USD"}, "amount"),
        ({"amount": "abc", "currency": "USD"}, "amount"),
        ({"amount": "1.234", "currency": "USD"}, "amount"),
        ({"amount": "-5", "currency": "USD"}, "amount"),
        ({"amount": "1" * 15, "currency": "USD"}, "amount"),
        ({"amount": 12.5, "currency": "USD"}, "amount"),
        ({"amount": "10"}, "currency"),
        ({"amount": "10", "currency": "XYZ"}, "currency"),
        ({"currency": "EURO"}, "currency"),
        ({"probability": 101}, "probability"),
        ({"probability": -1}, "probability"),
        ({"stage": "won"}, "reason"),
        ({"stage": "celebrated"}, "stage"),
        ({"kind": "bribe"}, "kind"),
        ({"title": ""}, "title"),
        ({"colour": "red"}, "colour"),
        ({"deadlines": [{"label": "X", "date": "2026-01-01"}, {"label": "Y"}]}, "deadlines.1.date"),
        ({"deadlines": [{"label": "", "date": "2026-01-01"}]}, "deadlines.0.label"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(api, editor, extra, field):
    payload = body(editor, **extra)
    before = counts()
    errors = errors_of(api.post(OPPORTUNITIES, payload))
    assert field in errors, errors
    assert counts() == before


def test_unknown_currency_names_the_code(api, editor):
    errors = errors_of(api.post(OPPORTUNITIES, body(editor, amount="10", currency="xyz")))
    assert any("Unknown currency code: XYZ." in message for message in errors["currency"])


def test_references_of_another_workspace_are_unknown(api, editor, other_workspace):
    stranger = make_member(other_workspace, Role.OWNER)
    foreign_org = registry.organization(stranger)
    foreign_visit = engagements.engagement(stranger)
    foreign = f.opportunity(stranger)
    before = counts()
    cases = [
        ({"counterpart_organization_id": str(foreign_org.pk)}, "counterpart_organization_id"),
        ({"funder_organization_id": str(foreign_org.pk)}, "funder_organization_id"),
        ({"origin_engagement_ids": [str(foreign_visit.pk)]}, "origin_engagement_ids"),
    ]
    for extra, field in cases:
        assert field in errors_of(api.post(OPPORTUNITIES, body(editor, **extra))), field
    assert counts() == before
    url = f"{OPPORTUNITIES}/{foreign.pk}"
    answers = [
        api.get(url),
        api.patch(url, {"title": "Mine"}),
        api.delete(url),
        api.post(f"{url}/stage", {"stage": "exploring"}),
        api.get(f"{url}/deadlines"),
        api.post(f"{url}/deadlines", {"label": "X", "date": "2026-01-01"}),
        api.get(f"{url}/documents"),
    ]
    assert [r.status_code for r in answers] == [404] * len(answers)
    assert api.get(OPPORTUNITIES).json()["count"] == 0
    foreign.refresh_from_db()
    assert (foreign.stage, foreign.version) == ("identified", 1)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_viewers_and_partners_read_but_never_write(role, editor, member, api_for, media):
    org = registry.organization(editor, name="Partner NGO")
    opp = f.opportunity(editor, counterpart_organization=org)
    deadline = f.deadline(editor, opp)
    client = api_for(member(role, organization=org))
    url = f"{OPPORTUNITIES}/{opp.pk}"
    before = counts()
    answers = [
        client.post(OPPORTUNITIES, body(editor)),
        client.patch(url, {"title": "X"}),
        client.delete(url),
        client.post(f"{url}/restore"),
        client.post(f"{url}/stage", {"stage": "exploring"}),
        client.post(f"{url}/deadlines", {"label": "X", "date": "2026-01-01"}),
        client.patch(f"{url}/deadlines/{deadline.pk}", {"label": "X"}),
        client.delete(f"{url}/deadlines/{deadline.pk}"),
        client.client.post(
            f"{url}/documents",
            {"kind": "draft", "file": SimpleUploadedFile("a.pdf", PDF)},
            headers={"Authorization": f"Bearer {client.key}"},
        ),
    ]
    assert [r.status_code for r in answers] == [403] * len(answers)
    assert counts() == before
    assert not OpportunityDocument.all_objects.exists()
    opp.refresh_from_db()
    assert (opp.title, opp.stage, opp.version) == (opp.title, "identified", 1)
    reads = [client.get(url), client.get(f"{url}/deadlines"), client.get(f"{url}/documents")]
    assert [r.status_code for r in reads] == [200] * 3
    assert client.get(f"{OPPORTUNITIES}/forecast").status_code == 200


def test_partners_see_only_their_organisations_opportunities(editor, member, api_for):
    org = registry.organization(editor, name="NHRI")
    unit = registry.organization(editor, name="NHRI regional office", parent=org)
    as_counterpart = f.opportunity(editor, counterpart_organization=unit, amount="10")
    as_funder = f.opportunity(editor, funder_organization=org, amount="20")
    other = f.opportunity(editor, amount="40")
    partner = api_for(member(Role.PARTNER, organization=org))
    listed = {row["id"] for row in partner.get(OPPORTUNITIES).json()["items"]}
    assert listed == {str(as_counterpart.pk), str(as_funder.pk)}
    assert partner.get(f"{OPPORTUNITIES}/{other.pk}").status_code == 404
    assert partner.get(f"{OPPORTUNITIES}/{other.pk}/deadlines").status_code == 404
    forecast = partner.get(f"{OPPORTUNITIES}/forecast").json()
    assert [row["raw_total"] for row in forecast["rows"]] == ["30.00"]


def test_list_filters_and_unknown_parameters(api, editor):
    org = registry.organization(editor)
    a = f.opportunity(editor, title="Alpha", counterpart_organization=org, amount="5")
    b = f.opportunity(editor, title="Beta", kind="funding_renewal")
    f.move(editor, b, "exploring")

    def ids(params: dict[str, Any]) -> list[str]:
        response = api.get(OPPORTUNITIES, params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["items"]]

    assert ids({}) == [str(a.pk), str(b.pk)]
    assert ids({"stage": "exploring"}) == [str(b.pk)]
    assert ids({"kind": "funding_renewal"}) == [str(b.pk)]
    assert ids({"counterpart_organization_id": str(org.pk)}) == [str(a.pk)]
    assert ids({"currency": "usd"}) == [str(a.pk)]
    assert ids({"owner_id": str(editor.user.uuid)}) == [str(a.pk), str(b.pk)]
    assert ids({"q": "alp"}) == [str(a.pk)]
    assert "colour" in errors_of(api.get(OPPORTUNITIES, {"colour": "red"}))
    assert "stage" in errors_of(api.get(OPPORTUNITIES, {"stage": "celebrated"}))


def test_deadlines_one_by_one(api, editor):
    opp = f.opportunity(editor)
    url = f"{OPPORTUNITIES}/{opp.pk}/deadlines"
    added = api.post(url, {"label": "Proposal due", "date": "2026-09-01", "kind": "proposal_due"})
    assert added.status_code == 201, added.content
    deadline = added.json()
    item = f"{url}/{deadline['id']}"
    done = api.patch(item, {"done_on": "2026-08-30", "version": deadline["version"]})
    assert done.status_code == 200 and done.json()["done_on"] == "2026-08-30"
    assert api.patch(item, {"label": "X", "version": deadline["version"]}).status_code == 409
    assert "date" in errors_of(api.post(url, {"label": "X", "date": "soon"}))
    assert [d["label"] for d in api.get(url).json()] == ["Proposal due"]
    other = f.opportunity(editor)
    assert (
        api.patch(
            f"{OPPORTUNITIES}/{other.pk}/deadlines/{deadline['id']}", {"label": "Y"}
        ).status_code
        == 404
    )
    assert api.delete(item).status_code == 204
    assert api.get(url).json() == []


def test_documents_upload_list_download_and_remove(api, editor, member, media):
    opp = f.opportunity(editor)
    url = f"{OPPORTUNITIES}/{opp.pk}/documents"

    def upload(name: str, content: bytes, **extra: Any) -> Any:
        return api.client.post(
            url,
            {"kind": "draft", "file": SimpleUploadedFile(name, content), **extra},
            headers={"Authorization": f"Bearer {api.key}"},
        )

    response = upload("Concept note v1.pdf", PDF)
    assert response.status_code == 201, response.content
    document = response.json()
    assert (document["kind"], document["content_type"], document["size"]) == (
        "draft",
        "application/pdf",
        len(PDF),
    )
    viewer = ApiClient(member(Role.VIEWER))
    download = viewer.get(f"{url}/{document['id']}/download")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "file" in errors_of(upload("payload.exe", b"MZ\x90\x00"))
    assert "file" in errors_of(upload("fake.pdf", b"MZ\x90\x00 not a pdf"))
    assert "kind" in errors_of(upload("a.pdf", PDF, kind="selfie"))
    assert "colour" in errors_of(upload("a.pdf", PDF, colour="red"))
    assert [d["original_name"] for d in api.get(url).json()] == ["Concept note v1.pdf"]
    assert api.delete(f"{url}/{document['id']}").status_code == 204
    assert api.get(f"{url}/{document['id']}/download").status_code == 404
    assert api.get(url).json() == []
    # A submitted version may be larger than the 1 MiB limit of JSON bodies.
    big = upload("Proposal (submitted).pdf", PDF + b"0" * (2 * 1024 * 1024), kind="submitted")
    assert big.status_code == 201, big.content


def test_the_list_uses_the_same_queries_for_3_and_30_rows(api, editor):
    visit = engagements.engagement(editor)

    def make() -> None:
        opp = f.opportunity(editor, amount="100", origin_engagements=[visit])
        f.deadline(editor, opp)
        f.move(editor, opp, "exploring")

    def queries() -> int:
        api.get(OPPORTUNITIES)  # the first request of a token records its use
        with CaptureQueriesContext(connection) as captured:
            response = api.get(OPPORTUNITIES, {"page_size": 100})
        assert response.status_code == 200, response.content
        return len(captured)

    for _ in range(3):
        make()
    with_3 = queries()
    for _ in range(27):
        make()
    assert queries() == with_3
    rows = api.get(OPPORTUNITIES, {"page_size": 100}).json()["items"]
    assert len(rows) == 30 and all(len(row["stage_history"]) == 2 for row in rows)
    assert all(row["origin_engagement_ids"] == [str(visit.pk)] for row in rows)


@pytest.mark.parametrize("amount", ["1234567890123.45", "0.10", "9999999999999.99"])
def test_amounts_stay_exact(api, editor, amount):
    created = api.post(OPPORTUNITIES, body(editor, amount=amount, currency="CLP"))
    assert created.status_code == 201, created.content
    assert created.json()["amount"] == amount
    assert Opportunity.objects.get(pk=created.json()["id"]).amount == Decimal(amount)
