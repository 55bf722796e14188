"""The agreements API: create with parties and obligations, from a won opportunity, change,
trash and restore; obligations one by one; bad input answered with a problem document that
changes nothing; roles, partners and other workspaces; list queries that do not grow."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.core.permissions import Role
from enlace.partnerships.models import Agreement, AgreementParty, Obligation
from enlace.partnerships.tests import factories as f
from enlace.partnerships.tests.test_api_opportunities import (  # the autouse fixture too
    _no_server_errors,  # noqa: F401 - an autouse fixture, active by being imported
    errors_of,
)
from enlace.stakeholders.tests import factories as registry
from enlace.testing import ApiClient, make_member

pytestmark = pytest.mark.django_db

API = "/api/v1"
AGREEMENTS = f"{API}/agreements"
OPPORTUNITIES = f"{API}/opportunities"


def counts() -> tuple[int, ...]:
    return (
        Agreement.all_objects.count(),
        AgreementParty.all_objects.count(),
        Obligation.all_objects.count(),
    )


def body(scope: Any, **extra: Any) -> dict[str, Any]:
    a = registry.organization(scope, name="Ministerio de Justicia")
    b = registry.organization(scope, name="Defensoría")
    return {
        "title": "Convenio de colaboración",
        "kind": "memorandum_of_understanding",
        "party_ids": [str(a.pk), str(b.pk)],
        **extra,
    }


def test_create_read_change_trash_and_restore(api, editor, owner):
    payload = body(
        editor,
        signed_on="2026-03-01",
        start_date="2026-03-01",
        end_date="2027-02-28",
        value="45000.00",
        currency="usd",
        status="active",
        renewal_reminder_on="2027-01-15",
        notes="Signed in Santiago.",
    )
    first_party = payload["party_ids"][0]
    payload["obligations"] = [
        {"text": "Quarterly report", "responsible_organization_id": first_party},
        {"text": "Joint workshop", "due_date": "2026-06-30"},
    ]
    response = api.post(AGREEMENTS, payload)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["party_ids"] == payload["party_ids"]
    assert (created["value"], created["currency"], created["status"]) == (
        "45000.00",
        "USD",
        "active",
    )
    assert [o["text"] for o in created["obligations"]] == ["Quarterly report", "Joint workshop"]
    assert created["obligations"][0]["responsible_organization_id"] == first_party

    url = f"{AGREEMENTS}/{created['id']}"
    assert api.get(url).json()["renewal_reminder_on"] == "2027-01-15"
    changed = api.patch(url, {"status": "terminated", "version": created["version"]})
    assert changed.status_code == 200, changed.content
    assert api.patch(url, {"title": "X", "version": created["version"]}).status_code == 409
    assert "end_date" in errors_of(api.patch(url, {"end_date": "2020-01-01"}))
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    assert api.post(f"{url}/restore").status_code == 403
    assert ApiClient(owner).post(f"{url}/restore").status_code == 200


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"start_date": "2026-05-01", "end_date": "2026-04-30"}, "end_date"),
        ({"value": "10"}, "currency"),
        ({"value": "10", "currency": "XYZ"}, "currency"),
        ({"value": "1.001", "currency": "USD"}, "value"),
        ({"value": "-1", "currency": "USD"}, "value"),
        ({"value": "ten", "currency": "USD"}, "value"),
        ({"status": "signed"}, "status"),
        ({"kind": "handshake"}, "kind"),
        ({"colour": "red"}, "colour"),
        ({"obligations": [{"text": "Fine"}, {"text": ""}]}, "obligations.1.text"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(api, editor, extra, field):
    payload = body(editor, **extra)
    before = counts()
    assert field in errors_of(api.post(AGREEMENTS, payload)), extra
    assert counts() == before


def test_an_obligation_for_a_non_party_leaves_nothing_behind(api, editor):
    outsider = registry.organization(editor, name="Outsider")
    payload = body(
        editor, obligations=[{"text": "X", "responsible_organization_id": str(outsider.pk)}]
    )
    before = counts()
    assert "obligations.0.responsible_organization_id" in errors_of(api.post(AGREEMENTS, payload))
    assert counts() == before


def test_from_a_won_opportunity(api, editor):
    funder = registry.organization(editor, name="Funder")
    opp = f.opportunity(
        editor,
        amount="80000",
        currency="EUR",
        funder_organization=funder,
        kind="call_for_proposals",
    )
    url = f"{OPPORTUNITIES}/{opp.pk}/agreement"
    before = counts()
    refused = errors_of(api.post(url))
    assert "opportunity_id" in refused
    assert counts() == before
    f.move(editor, opp, "won")
    response = api.post(url, {"status": "active", "start_date": "2026-09-01"})
    assert response.status_code == 201, response.content
    agreement = response.json()
    assert agreement["opportunity_id"] == str(opp.pk)
    assert agreement["party_ids"] == [str(opp.counterpart_organization_id), str(funder.pk)]
    assert (agreement["kind"], agreement["value"], agreement["currency"]) == (
        "grant_agreement",
        "80000.00",
        "EUR",
    )
    assert (agreement["status"], agreement["start_date"]) == ("active", "2026-09-01")
    assert "colour" in errors_of(api.post(url, {"colour": "red"}))


def test_obligations_one_by_one(api, editor):
    agreement = f.agreement(editor)
    party = agreement.parties.first()
    url = f"{AGREEMENTS}/{agreement.pk}/obligations"
    added = api.post(url, {"text": "Annual report", "responsible_organization_id": str(party.pk)})
    assert added.status_code == 201, added.content
    obligation = added.json()
    item = f"{url}/{obligation['id']}"
    done = api.patch(item, {"done_on": "2026-12-01", "version": obligation["version"]})
    assert done.status_code == 200 and done.json()["done_on"] == "2026-12-01"
    assert api.patch(item, {"text": "X", "version": obligation["version"]}).status_code == 409
    outsider = registry.organization(editor)
    assert "responsible_organization_id" in errors_of(
        api.patch(item, {"responsible_organization_id": str(outsider.pk)})
    )
    assert "__all__" in errors_of(api.patch(item, {}))
    assert [o["text"] for o in api.get(url).json()] == ["Annual report"]
    other = f.agreement(editor)
    assert api.delete(f"{AGREEMENTS}/{other.pk}/obligations/{obligation['id']}").status_code == 404
    assert api.delete(item).status_code == 204
    assert api.get(url).json() == []


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_viewers_and_partners_read_but_never_write(role, editor, member, api_for):
    org = registry.organization(editor, name="Partner NGO")
    agreement = f.agreement(editor, parties=[org, registry.organization(editor)])
    obligation = Obligation.objects.create(
        workspace=editor.workspace, agreement=agreement, text="X"
    )
    won = f.opportunity(editor, counterpart_organization=org, amount="5")
    f.move(editor, won, "won")
    client = api_for(member(role, organization=org))
    url = f"{AGREEMENTS}/{agreement.pk}"
    before = counts()
    answers = [
        client.post(AGREEMENTS, body(editor)),
        client.patch(url, {"title": "X"}),
        client.delete(url),
        client.post(f"{url}/restore"),
        client.post(f"{url}/obligations", {"text": "Y"}),
        client.patch(f"{url}/obligations/{obligation.pk}", {"text": "Y"}),
        client.delete(f"{url}/obligations/{obligation.pk}"),
        client.post(f"{OPPORTUNITIES}/{won.pk}/agreement"),
    ]
    assert [r.status_code for r in answers] == [403] * len(answers)
    assert counts() == before
    agreement.refresh_from_db()
    assert agreement.version == 1
    assert [client.get(url).status_code, client.get(f"{url}/obligations").status_code] == [200, 200]


def test_partners_see_only_agreements_of_their_organisation(editor, member, api_for):
    org = registry.organization(editor, name="NHRI")
    unit = registry.organization(editor, name="NHRI office", parent=org)
    ours = f.agreement(editor, parties=[unit, registry.organization(editor)])
    theirs = f.agreement(editor)
    partner = api_for(member(Role.PARTNER, organization=org))
    assert [row["id"] for row in partner.get(AGREEMENTS).json()["items"]] == [str(ours.pk)]
    assert partner.get(f"{AGREEMENTS}/{theirs.pk}").status_code == 404
    assert partner.get(f"{AGREEMENTS}/{theirs.pk}/obligations").status_code == 404


def test_another_workspace_is_invisible(api, editor, other_workspace):
    stranger = make_member(other_workspace, Role.OWNER)
    foreign = f.agreement(stranger)
    foreign_org = registry.organization(stranger)
    foreign_opp = f.opportunity(stranger)
    f.move(stranger, foreign_opp, "won")
    url = f"{AGREEMENTS}/{foreign.pk}"
    before = counts()
    answers = [
        api.get(url),
        api.patch(url, {"title": "Mine"}),
        api.delete(url),
        api.get(f"{url}/obligations"),
        api.post(f"{url}/obligations", {"text": "X"}),
        api.post(f"{OPPORTUNITIES}/{foreign_opp.pk}/agreement"),
    ]
    assert [r.status_code for r in answers] == [404] * len(answers)
    own = body(editor)
    refused = [
        (api.post(AGREEMENTS, {**own, "party_ids": [str(foreign_org.pk)]}), "party_ids"),
        (api.post(AGREEMENTS, {**own, "opportunity_id": str(foreign_opp.pk)}), "opportunity_id"),
    ]
    for response, field in refused:
        assert field in errors_of(response), field
    assert counts() == before
    assert api.get(AGREEMENTS).json()["count"] == 0


def test_list_filters_and_the_same_queries_for_3_and_30_rows(api, editor):
    org = registry.organization(editor)

    def make() -> None:
        agreement = f.agreement(editor, parties=[org, registry.organization(editor)])
        Obligation.objects.create(workspace=editor.workspace, agreement=agreement, text="X")

    def queries() -> int:
        api.get(AGREEMENTS)  # the first request of a token records its use
        with CaptureQueriesContext(connection) as captured:
            response = api.get(AGREEMENTS, {"page_size": 100})
        assert response.status_code == 200, response.content
        return len(captured)

    for _ in range(3):
        make()
    with_3 = queries()
    for _ in range(27):
        make()
    assert queries() == with_3
    rows = api.get(AGREEMENTS, {"page_size": 100}).json()["items"]
    assert len(rows) == 30 and all(len(row["obligations"]) == 1 for row in rows)
    draft = api.get(AGREEMENTS, {"status": "draft", "organization_id": str(org.pk)}).json()
    assert draft["count"] == 30
    assert api.get(AGREEMENTS, {"status": "active"}).json()["count"] == 0
    assert "colour" in errors_of(api.get(AGREEMENTS, {"colour": "red"}))
