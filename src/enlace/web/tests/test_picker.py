"""The registry picker: a plain select in a small workspace, a scoped search at national scale.

The threshold is lowered in each test (settings.PICKER_THRESHOLD) so a handful of records stands
for 100,000 people.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.core.permissions import Role
from enlace.engagements.models import Participant
from enlace.engagements.tests import factories
from enlace.partnerships.forms import AgreementForm
from enlace.stakeholders.tests import factories as registry
from enlace.stakeholders.tests.pages import client_for, url
from enlace.testing import make_member

pytestmark = pytest.mark.django_db

PICK_FIELD = "id_participant-person"


@pytest.fixture
def small_threshold(settings):
    settings.PICKER_THRESHOLD = 3


def _pick(client, scope, kind, q, field=PICK_FIELD, **extra):
    path = url(scope, "pick", kind)
    return client.get(path, {"q": q, "field": field, **extra}, headers={"HX-Request": "true"})


def _people(scope, n, prefix="Zuleika Registro"):
    return [registry.person(scope, full_name=f"{prefix} {i}") for i in range(n)]


def test_a_small_workspace_keeps_the_ordinary_select(owner):
    engagement = factories.engagement(owner)
    people = _people(owner, 2)
    page = client_for(owner).get(url(owner, "engagement_detail", engagement.pk)).content.decode()
    assert '<select name="participant-person" id="id_participant-person">' in page
    for person in people:
        assert f'<option value="{person.pk}">{person.full_name}</option>' in page
    assert "/pick/person/" not in page


def test_a_large_registry_is_searched_not_listed(owner, small_threshold):
    engagement = factories.engagement(owner)
    _people(owner, 5)
    page = client_for(owner).get(url(owner, "engagement_detail", engagement.pk)).content.decode()
    assert "Zuleika Registro" not in page
    # The label points at the search box, which asks the scoped endpoint for matches.
    assert f'<label for="{PICK_FIELD}">Person</label>' in page
    assert f'<input type="search" name="q" form="{PICK_FIELD}_detached"' in page
    assert f'id="{PICK_FIELD}"' in page
    search_url = url(owner, "pick", "person")
    assert f'hx-get="{search_url}?field={PICK_FIELD}' in page
    assert 'hx-trigger="input changed delay:250ms, search"' in page
    assert (
        f'<select name="participant-person" aria-label="Person: matches" id="{PICK_FIELD}_choice">'
        in page
    )
    assert f'id="{PICK_FIELD}_status" role="status" aria-live="polite"' in page


def test_the_endpoint_finds_only_this_workspaces_records(owner, other_workspace):
    mine = registry.person(owner, full_name="Marta Aguirre")
    theirs = make_member(other_workspace, Role.OWNER)
    registry.person(theirs, full_name="Marta Otraparte")
    response = _pick(client_for(owner), owner, "person", "marta", empty="Any")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<option value="">Any</option>' in body
    assert f'<option value="{mine.pk}">Marta Aguirre</option>' in body
    assert "Otraparte" not in body
    assert f'<span id="{PICK_FIELD}_status" hx-swap-oob="innerHTML">1 match</span>' in body

    nothing = _pick(client_for(owner), owner, "person", "nadie").content.decode()
    assert "<option" not in nothing
    assert "No match" in nothing


def test_the_endpoint_refuses_what_it_does_not_know(owner, other_workspace):
    client = client_for(owner)
    assert _pick(client, owner, "follow_up", "a").status_code == 404
    assert _pick(client, owner, "person", "a", field='x" onload="').status_code == 400
    # Not a member of the other workspace: its endpoint does not exist for us.
    assert _pick(client, other_workspace, "person", "a").status_code == 404


def test_the_endpoint_shows_a_partner_only_what_it_may_see(owner, workspace):
    partner = make_member(workspace, Role.PARTNER)
    own_org = partner.membership.organization
    registry.person(owner, full_name="Lucía Socia", organization=own_org)
    registry.person(owner, full_name="Lucía Ajena", organization=registry.organization(owner))
    body = _pick(client_for(partner), partner, "person", "lucía").content.decode()
    assert "Lucía Socia" in body
    assert "Ajena" not in body
    orgs = _pick(client_for(partner), partner, "organization", "org").content.decode()
    assert own_org.name in orgs
    assert orgs.count("<option") == 1


def test_the_endpoint_says_when_to_type_more_in_a_fixed_number_of_queries(owner):
    client = client_for(owner)
    _people(owner, 3, prefix="Ramona")
    _pick(client, owner, "person", "ramona")  # warm up per-process caches

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = _pick(client, owner, "person", "ramona")
        return response.content.decode(), len(ctx.captured_queries)

    few_body, few = count()
    assert "3 matches" in few_body
    _people(owner, 25, prefix="Ramona")
    many_body, many = count()
    assert many == few
    assert many_body.count("<option") == 20
    assert "First 20 matches; type more to narrow." in many_body


def test_a_chosen_id_still_goes_through_the_scoped_queryset(
    owner, other_workspace, small_threshold
):
    engagement = factories.engagement(owner)
    chosen, *_rest = _people(owner, 5)
    stranger = registry.person(make_member(other_workspace, Role.OWNER), full_name="Ajeno Total")
    client = client_for(owner)
    add = url(owner, "engagement_participant_add", engagement.pk)

    refused = client.post(add, {"participant-person": stranger.pk, "participant-role": "speaker"})
    assert refused.status_code == 400
    assert not Participant.objects.filter(engagement=engagement).exists()
    # The re-rendered form keeps no trace of the stranger and lists no one.
    assert "Ajeno Total" not in refused.content.decode()
    assert "Zuleika Registro" not in refused.content.decode()

    added = client.post(add, {"participant-person": chosen.pk, "participant-role": "speaker"})
    assert added.status_code in {200, 302}
    assert Participant.objects.get(engagement=engagement).person == chosen


def test_the_engagement_page_does_not_grow_with_the_registry(owner, small_threshold):
    engagement = factories.engagement(owner)
    client = client_for(owner)
    page = url(owner, "engagement_detail", engagement.pk)

    def measure():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(page)
        assert response.status_code == 200
        return len(response.content), len(ctx.captured_queries)

    _people(owner, 5)
    for _ in range(5):
        registry.organization(owner)
    client.get(page)
    few = measure()
    _people(owner, 30)
    for _ in range(10):
        registry.organization(owner)
    assert measure() == few


def test_the_organisation_filter_searches_and_keeps_the_chosen_one(owner, small_threshold):
    orgs = [registry.organization(owner, name=f"Ministerio Número {i}") for i in range(5)]
    member = registry.person(owner, full_name="Ana Filtrada", organization=orgs[2])
    registry.person(owner, full_name="Otra Persona", organization=orgs[3])
    client = client_for(owner)

    listing = client.get(url(owner, "person_list")).content.decode()
    assert "Ministerio Número 0" not in listing
    assert 'id="id_organization"' in listing
    assert url(owner, "pick", "organization") in listing

    filtered = client.get(url(owner, "person_list"), {"organization": orgs[2].pk})
    body = filtered.content.decode()
    assert f'<option value="{orgs[2].pk}" selected>Ministerio Número 2</option>' in body
    assert "Ministerio Número 1" not in body
    assert member.full_name in body
    assert "Otra Persona" not in body


def test_several_parties_are_chosen_by_search_and_posted_as_ticked_boxes(
    owner, other_workspace, small_threshold
):
    orgs = [registry.organization(owner, name=f"Fundación Parte {i}") for i in range(5)]
    stranger = registry.organization(
        make_member(other_workspace, Role.OWNER), name="Fundación Ajena"
    )
    client = client_for(owner)

    page = client.get(url(owner, "partnerships_agreement_create")).content.decode()
    assert "Fundación Parte" not in page
    assert '<label for="id_parties">' in page
    assert f'hx-get="{url(owner, "pick", "organization")}?field=id_parties' in page

    added = _pick(client, owner, "organization", "", field="id_parties", name="parties")
    assert added.status_code == 200  # no `add`: an empty search
    chosen = client.get(
        url(owner, "pick", "organization"),
        {"field": "id_parties", "name": "parties", "add": orgs[1].pk},
    )
    box = f'<input type="checkbox" name="parties" value="{orgs[1].pk}" checked> Fundación Parte 1'
    assert box in chosen.content.decode()
    assert "Added Fundación Parte 1." in chosen.content.decode()
    refused = client.get(
        url(owner, "pick", "organization"),
        {"field": "id_parties", "name": "parties", "add": stranger.pk},
    )
    assert refused.status_code == 404

    mine = AgreementForm({"parties": [orgs[1].pk, orgs[3].pk]}, scope=owner)
    mine.is_valid()
    assert "parties" not in mine.errors
    rendered = str(mine["parties"])
    assert f'value="{orgs[3].pk}" checked> Fundación Parte 3' in rendered
    assert "Fundación Parte 0" not in rendered
    theirs = AgreementForm({"parties": [stranger.pk]}, scope=owner)
    assert "parties" in theirs.errors


def test_engagements_are_picked_too_where_an_opportunity_arose(
    owner, other_workspace, small_threshold
):
    for i in range(5):
        factories.engagement(owner, title=f"Reunión técnica {i}")
    factories.engagement(make_member(other_workspace, Role.OWNER), title="Reunión ajena")
    client = client_for(owner)

    page = client.get(url(owner, "partnerships_opportunity_create")).content.decode()
    assert "Reunión técnica" not in page
    assert f'hx-get="{url(owner, "pick", "engagement")}?field=id_origin_engagements' in page

    body = _pick(client, owner, "engagement", "reunión").content.decode()
    assert body.count("<option") == 5
    assert "ajena" not in body
