"""The results API: frameworks with their tree, results, indicators (computed and reported),
targets, reported values and their verification, actuals in one shape for both, and the registry
of measures; every bad input of the issue answered with a problem document on its field that
changes nothing; roles, partners and other workspaces; list queries that do not grow."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.core.permissions import Role
from enlace.partnerships.tests.test_api_opportunities import (  # the autouse fixture too
    _no_server_errors,  # noqa: F401 - an autouse fixture, active by being imported
    errors_of,
)
from enlace.results.measures import MEASURES
from enlace.results.models import Indicator, Programme, ReportedValue, ResultNode, Target
from enlace.results.tests import factories as f
from enlace.results.tests import world as worlds
from enlace.testing import ApiClient, make_member

pytestmark = pytest.mark.django_db

API = "/api/v1"
FRAMEWORKS = f"{API}/frameworks"
INDICATORS = f"{API}/indicators"
MEASURES_URL = f"{API}/measures"


def counts() -> tuple[int, ...]:
    return (
        Programme.all_objects.count(),
        ResultNode.all_objects.count(),
        Indicator.all_objects.count(),
        Target.all_objects.count(),
        ReportedValue.all_objects.count(),
    )


def framework_body(**extra: Any) -> dict[str, Any]:
    return {
        "name": "Programa contra el trabajo forzoso",
        "code": "FP-2025",
        "start_date": "2025-01-01",
        "end_date": "2026-12-31",
        "countries": ["co", "PE"],
        "currency": "usd",
        **extra,
    }


def indicator_body(node: Any, **extra: Any) -> dict[str, Any]:
    return {"node_id": str(node.pk), "code": "1.1", "name": "Professionals trained", **extra}


# Frameworks and their results


def test_framework_create_read_with_its_tree_change_trash_and_restore(api, editor, owner):
    created = api.post(FRAMEWORKS, framework_body())
    assert created.status_code == 201, created.content
    programme = created.json()
    assert (programme["countries"], programme["currency"], programme["nodes"]) == (
        ["CO", "PE"],
        "USD",
        [],
    )
    url = f"{FRAMEWORKS}/{programme['id']}"
    goal = api.post(f"{url}/nodes", {"level": "goal", "title": "Forced labour ends"})
    assert goal.status_code == 201, goal.content
    outcome = api.post(
        f"{url}/nodes",
        {"level": "outcome", "title": "Institutions act", "parent_id": goal.json()["id"]},
    ).json()
    second = api.post(f"{url}/nodes", {"level": "output", "title": "Second top"}).json()
    node = ResultNode.objects.get(pk=outcome["id"])
    ind = api.post(INDICATORS, indicator_body(node)).json()

    read = api.get(url)
    assert read.status_code == 200 and read["ETag"] == '"1"'
    tree = read.json()["nodes"]
    assert [n["title"] for n in tree] == ["Forced labour ends", "Second top"]
    assert tree[0]["children"][0]["id"] == outcome["id"]
    assert [i["id"] for i in tree[0]["children"][0]["indicators"]] == [ind["id"]]
    assert tree[0]["indicators"] == [] and tree[1]["children"] == []

    moved = api.patch(f"{url}/nodes/{second['id']}", {"position": 0, "version": second["version"]})
    assert moved.status_code == 200, moved.content
    assert api.patch(f"{url}/nodes/{second['id']}", {"title": "X", "version": 1}).status_code == 409
    assert "__all__" in errors_of(api.delete(f"{url}/nodes/{goal.json()['id']}"))
    assert api.delete(f"{url}/nodes/{second['id']}").status_code == 204

    changed = api.patch(url, {"name": "Renamed", "version": 1})
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert changed.json()["nodes"][0]["title"] == "Forced labour ends"
    assert api.patch(url, {"code": "X", "version": 1}).status_code == 409
    listed = api.get(FRAMEWORKS).json()
    assert [row["name"] for row in listed["items"]] == ["Renamed"]
    assert "nodes" not in listed["items"][0]
    assert api.get(FRAMEWORKS, {"q": "nothing like it"}).json()["count"] == 0
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    assert api.get(f"{INDICATORS}/{ind['id']}").status_code == 404
    assert api.get(FRAMEWORKS, {"deleted": "true"}).status_code == 403
    assert ApiClient(owner).get(FRAMEWORKS, {"deleted": "true"}).json()["count"] == 1
    assert api.post(f"{url}/restore").status_code == 403
    restored = ApiClient(owner).post(f"{url}/restore")
    assert restored.status_code == 200 and restored.json()["nodes"][0]["children"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"start_date": "2026-01-01", "end_date": "2025-01-01"}, "end_date"),
        ({"countries": ["XX"]}, "countries.0"),
        ({"currency": "XYZ"}, "currency"),
        ({"name": ""}, "name"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_frameworks_are_refused_and_nothing_is_saved(api, editor, extra, field):
    before = counts()
    assert field in errors_of(api.post(FRAMEWORKS, framework_body(**extra))), extra
    assert counts() == before


def test_bad_results_are_refused_and_nothing_is_saved(api, editor):
    programme = f.programme(editor)
    output = f.node(editor, programme, level="output")
    elsewhere = f.node(editor, f.programme(editor))
    url = f"{FRAMEWORKS}/{programme.pk}/nodes"
    before = counts()
    refused = [
        ({"level": "goal", "title": "Up", "parent_id": str(output.pk)}, "level"),
        ({"level": "output", "title": "X", "parent_id": str(elsewhere.pk)}, "parent_id"),
        ({"level": "output", "title": "X", "parent_id": str(programme.pk)}, "parent_id"),
        ({"level": "rung", "title": "X"}, "level"),
        ({"level": "output", "title": ""}, "title"),
    ]
    for payload, field in refused:
        assert field in errors_of(api.post(url, payload)), payload
    assert counts() == before
    under = f.node(editor, programme, level="output", parent=output)
    cycle = api.patch(f"{url}/{output.pk}", {"parent_id": str(under.pk)})
    assert "parent_id" in errors_of(cycle)
    assert api.patch(f"{url}/{output.pk}", {}).status_code == 422
    # A node is reached only under its own framework's path.
    assert api.patch(f"{url}/{elsewhere.pk}", {"title": "Mine"}).status_code == 404


# Indicators


def test_indicators_computed_and_reported_create_list_read_change_and_trash(api, editor):
    programme = f.programme(editor)
    node = f.node(editor, programme)
    computed = api.post(
        INDICATORS,
        indicator_body(
            node,
            measure="knowledge_gain_share",
            params={"min_gain": "25"},
            unit="percent",
            disaggregations=["sex", "country"],
            tags=["SDG 8.7"],
            baseline_value="12.50",
            baseline_period="2024",
        ),
    )
    assert computed.status_code == 201, computed.content
    shown = computed.json()
    assert (shown["source"], shown["measure"], shown["params"]["min_gain"]) == (
        "computed",
        "knowledge_gain_share",
        "25",
    )
    assert (shown["disaggregations"], shown["baseline_value"], shown["tags"]) == (
        ["country", "sex"],
        "12.5",
        ["SDG 8.7"],
    )
    reported = api.post(
        INDICATORS, indicator_body(node, code="1.2", unit="currency", currency="eur")
    )
    assert reported.status_code == 201, reported.content
    assert (reported.json()["source"], reported.json()["currency"]) == ("reported", "EUR")

    url = f"{INDICATORS}/{shown['id']}"
    read = api.get(url)
    assert read.status_code == 200 and read["ETag"] == '"1"'
    changed = api.patch(url, {"name": "Share with a gain", "version": 1})
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert api.patch(url, {"name": "Late", "version": 1}).status_code == 409
    assert api.patch(url, {"name": "Late"}, headers={"If-Match": '"1"'}).status_code == 409
    # Dropping the measure makes it a reported indicator, without parameters.
    now_reported = api.patch(url, {"measure": "", "unit": "number", "disaggregations": []})
    assert now_reported.status_code == 200, now_reported.content
    assert (now_reported.json()["source"], now_reported.json()["params"]) == ("reported", {})

    other = f.indicator(editor)
    assert api.get(INDICATORS).json()["count"] == 3
    assert api.get(INDICATORS, {"framework": ""}).json()["count"] == 3
    mine = api.get(INDICATORS, {"framework": str(programme.pk)}).json()
    assert [row["code"] for row in mine["items"]] == ["1.1", "1.2"]
    assert api.get(INDICATORS, {"q": other.code}).json()["count"] == 1
    assert "framework" in errors_of(api.get(INDICATORS, {"framework": str(node.pk)}))
    assert "colour" in errors_of(api.get(INDICATORS, {"colour": "red"}))
    assert api.delete(url, headers={"If-Match": '"1"'}).status_code == 409
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    assert api.get(INDICATORS, {"framework": str(programme.pk)}).json()["count"] == 1


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        # A measure parameter of the wrong type, an unknown one, an unknown measure.
        (
            {"measure": "knowledge_gain_share", "unit": "percent", "params": {"min_gain": True}},
            "params",
        ),
        ({"measure": "knowledge_gain_share", "unit": "percent", "params": {"x": 1}}, "params"),
        ({"measure": "people_trained", "params": {"kinds": "course"}}, "params"),
        ({"measure": "happiness"}, "measure"),
        # Not the measure's unit, a breakdown the measure cannot give, one that does not exist.
        ({"measure": "people_trained", "unit": "percent"}, "unit"),
        ({"measure": "agreements_active", "disaggregations": ["sex"]}, "disaggregations"),
        ({"disaggregations": ["religion"]}, "disaggregations.0"),
        # A reported indicator with parameters, a percent baseline above 100, a fraction as a
        # JSON number, money without a currency, a duplicate code.
        ({"source": "reported", "params": {"kinds": ["course"]}}, "params"),
        ({"unit": "percent", "baseline_value": "100.5"}, "baseline_value"),
        ({"baseline_value": 1.5}, "baseline_value"),
        ({"unit": "currency"}, "currency"),
        ({"code": "DUP"}, "code"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_indicators_are_refused_and_nothing_is_saved(api, editor, extra, field):
    node = f.node(editor, f.programme(editor))
    f.indicator(editor, node, code="DUP")
    before = counts()
    assert field in errors_of(api.post(INDICATORS, indicator_body(node, **extra))), extra
    assert counts() == before


def test_indicator_references_of_the_trash_or_another_workspace_are_refused(
    api, editor, other_workspace
):
    stranger = make_member(other_workspace, Role.OWNER)
    foreign = f.node(stranger, f.programme(stranger))
    node = f.node(editor, f.programme(editor))
    gone = f.node(editor, node.programme)
    api.delete(f"{FRAMEWORKS}/{node.programme_id}/nodes/{gone.pk}")
    elsewhere = f.node(editor, f.programme(editor))
    before = counts()
    for ref in (foreign, gone):
        assert "node_id" in errors_of(api.post(INDICATORS, indicator_body(ref)))
    ind = f.indicator(editor, node)
    before = counts()
    assert "node_id" in errors_of(
        api.patch(f"{INDICATORS}/{ind.pk}", {"node_id": str(elsewhere.pk)})
    )
    assert counts() == before


def test_a_change_may_not_strand_the_indicators_figures(api, editor):
    ind = f.indicator(editor, disaggregations=["country"], unit="number")
    f.reported_value(editor, ind, "2025-Q1", 150, country="CO")
    url = f"{INDICATORS}/{ind.pk}"
    assert "unit" in errors_of(api.patch(url, {"unit": "percent"}))
    assert "disaggregations" in errors_of(api.patch(url, {"disaggregations": []}))
    assert "source" in errors_of(api.patch(url, {"measure": "engagements"}))
    ind.refresh_from_db()
    assert (ind.version, ind.unit, ind.source) == (1, "number", "reported")


# Targets and reported values


def test_targets_set_listed_changed_and_trashed(api, editor):
    ind = f.indicator(editor, disaggregations=["country"])
    url = f"{INDICATORS}/{ind.pk}/targets"
    total = api.post(url, {"period": "2025", "value": "120.50"})
    assert total.status_code == 201, total.content
    assert (total.json()["value"], total.json()["country"]) == ("120.5", "")
    peru = api.post(url, {"period": "programme", "country": "pe", "value": 40})
    assert peru.status_code == 201 and peru.json()["country"] == "PE"
    assert [(t["period"], t["country"]) for t in api.get(url).json()] == [
        ("2025", ""),
        ("programme", "PE"),
    ]
    item = f"{url}/{total.json()['id']}"
    changed = api.patch(item, {"value": "130", "version": 1})
    assert changed.status_code == 200 and changed.json()["value"] == "130"
    assert api.patch(item, {"value": "1", "version": 1}).status_code == 409
    other = f.indicator(editor)
    assert api.patch(f"{INDICATORS}/{other.pk}/targets/{total.json()['id']}", {}).status_code == 404
    assert api.delete(item).status_code == 204
    assert [t["period"] for t in api.get(url).json()] == ["programme"]


def test_bad_targets_are_refused_and_nothing_is_saved(api, editor):
    ind = f.indicator(editor, unit="percent")
    by_country = f.indicator(editor, disaggregations=["country"])
    f.target(editor, ind, "2025", 50)
    refused = [
        (ind, {"period": "2031", "value": "5"}, "period"),  # outside the programme
        (ind, {"period": "2025-Q5", "value": "5"}, "period"),
        (ind, {"period": "2025", "value": "50"}, "period"),  # there is one already
        (ind, {"period": "2026", "value": "100.01"}, "value"),  # a percent above 100
        (ind, {"period": "2026", "value": "ten"}, "value"),
        (ind, {"period": "2026", "value": 1.5}, "value"),
        (ind, {"period": "2026", "value": "1", "country": "CO"}, "country"),  # not by country
        (by_country, {"period": "2026", "value": "1", "country": "BR"}, "country"),  # not its
        (by_country, {"period": "2026", "value": "1", "country": "QQ"}, "country"),
        (ind, {"period": "2026"}, "value"),
        (ind, {"period": "2026", "value": "1", "colour": "red"}, "colour"),
    ]
    before = counts()
    for indicator, payload, field in refused:
        url = f"{INDICATORS}/{indicator.pk}/targets"
        assert field in errors_of(api.post(url, payload)), payload
    assert counts() == before
    target = Target.objects.get(indicator=ind)
    assert "value" in errors_of(
        api.patch(f"{INDICATORS}/{ind.pk}/targets/{target.pk}", {"value": "101"})
    )
    target.refresh_from_db()
    assert target.version == 1


def test_reported_values_and_their_verification(api, editor, member):
    ind = f.indicator(editor, disaggregations=["country"])
    url = f"{INDICATORS}/{ind.pk}/values"
    created = api.post(
        url,
        {"period": "2025-Q2", "value": "17", "country": "CO", "source": "Ministry", "note": "Q2"},
    )
    assert created.status_code == 201, created.content
    value = created.json()
    assert (value["verification_status"], value["verified_by_id"], value["value"]) == (
        "draft",
        None,
        "17",
    )
    item = f"{url}/{value['id']}"
    verified = api.patch(item, {"verification_status": "verified", "version": 1}).json()
    assert verified["verified_by_id"] == str(editor.user.uuid) and verified["verified_at"]
    # Changing what was verified takes it back to submitted, and forgets who verified it.
    corrected = api.patch(item, {"value": "18"}).json()
    assert (corrected["verification_status"], corrected["verified_by_id"]) == ("submitted", None)
    assert "verification_status" in errors_of(api.patch(item, {"verification_status": "approved"}))
    listed = api.get(url).json()
    assert [(v["period"], v["country"], v["value"]) for v in listed] == [("2025-Q2", "CO", "18")]
    assert api.delete(item, headers={"If-Match": '"1"'}).status_code == 409
    assert api.delete(item).status_code == 204
    assert api.get(url).json() == []


def test_bad_reported_values_are_refused_and_nothing_is_saved(api, editor):
    computed = f.indicator(editor, measure="engagements")
    share = f.indicator(editor, unit="percent")
    by_sex = f.indicator(editor, disaggregations=["country"])
    refused = [
        (computed, {"period": "2025", "value": "3"}, "indicator"),  # computed from the record
        (share, {"period": "2025", "value": "101"}, "value"),  # a percent above 100
        (share, {"period": "programme", "value": "1"}, "period"),  # a value is for a period
        (share, {"period": "2024-12", "value": "1"}, "period"),  # before the programme
        (share, {"period": "2025", "value": "1", "country": "CO"}, "country"),
        (by_sex, {"period": "2025", "value": "1", "country": "AR"}, "country"),
        (
            share,
            {"period": "2025", "value": "1", "verification_status": "approved"},
            "verification_status",
        ),
    ]
    before = counts()
    for indicator, payload, field in refused:
        url = f"{INDICATORS}/{indicator.pk}/values"
        assert field in errors_of(api.post(url, payload)), payload
    assert counts() == before


# Actuals


def test_actuals_of_a_computed_indicator(api, editor):
    worlds.build(editor)
    ind = f.indicator(
        editor, measure="people_trained", disaggregations=["country"], baseline_value="1"
    )
    f.target(editor, ind, "2025-Q1", 2)
    f.target(editor, ind, "2025-Q1", 1, country="PE")
    url = f"{INDICATORS}/{ind.pk}/actuals"
    answer = api.get(url, {"period": "quarter", "from": "2025-01-01", "to": "2025-12-31"})
    assert answer.status_code == 200, answer.content
    actuals = answer.json()
    assert (actuals["indicator_id"], actuals["unit"], actuals["by"]) == (
        str(ind.pk),
        "number",
        None,
    )
    assert actuals["rows"] == [
        {"period": "2025-Q1", "key": None, "value": "2", "target": "2", "baseline": "1"},
        {"period": "2025-Q2", "key": None, "value": "2", "target": None, "baseline": "1"},
        {"period": "2025-Q3", "key": None, "value": "1", "target": None, "baseline": "1"},
    ]
    by_country = api.get(url, {"period": "quarter", "by": "country"}).json()
    assert (by_country["start"], by_country["end"]) == ("2025-01-01", "2026-12-31")
    rows = {(r["period"], r["key"]): (r["value"], r["target"]) for r in by_country["rows"]}
    assert rows[("2025-Q1", "CO")] == ("2", None)
    assert rows[("2025-Q1", "PE")] == (None, "1")
    whole = api.get(url, {"period": "programme"}).json()["rows"]
    assert [(r["period"], r["value"]) for r in whole] == [("programme", "3")]


def test_actuals_of_a_reported_indicator_have_the_same_shape(api, editor):
    ind = f.indicator(editor, disaggregations=["country"])
    f.reported_value(editor, ind, "2025-Q1", "5.25")
    f.reported_value(editor, ind, "2025-Q2", 7)
    f.reported_value(editor, ind, "2025-Q2", 3, country="CO")
    f.target(editor, ind, "2025", 20)
    url = f"{INDICATORS}/{ind.pk}/actuals"
    year = api.get(url, {"period": "year"}).json()
    assert year["rows"] == [
        {"period": "2025", "key": None, "value": "12.25", "target": "20", "baseline": None}
    ]
    assert set(year) == {"indicator_id", "unit", "period", "start", "end", "by", "rows"}
    months = api.get(url, {"period": "month", "by": "country"}).json()["rows"]
    assert [(r["period"], r["key"], r["value"]) for r in months] == []  # a quarter is not split
    quarters = api.get(url, {"period": "quarter", "by": "country"}).json()["rows"]
    assert [(r["period"], r["key"], r["value"]) for r in quarters] == [("2025-Q2", "CO", "3")]


def test_bad_actuals_queries_are_refused(api, editor):
    ind = f.indicator(editor, measure="agreements_active")
    url = f"{INDICATORS}/{ind.pk}/actuals"
    refused = [
        ({"by": "sex"}, "by"),  # a breakdown the indicator does not support
        ({"by": "religion"}, "by"),
        ({"period": "week"}, "period"),
        ({"from": "2025-13-01"}, "from"),
        ({"from": "2026-01-01", "to": "2025-01-01"}, "to"),
        ({"colour": "red"}, "colour"),
    ]
    for query, field in refused:
        assert field in errors_of(api.get(url, query)), query


# Measures


def test_measures_list_the_registry_for_a_form(api):
    measures = api.get(MEASURES_URL).json()
    assert [m["name"] for m in measures] == list(MEASURES)
    gain = next(m for m in measures if m["name"] == "knowledge_gain_share")
    assert (gain["unit"], gain["additive"]) == ("percent", False)
    assert "country" in gain["disaggregations"] and gain["label"]
    min_gain = next(p for p in gain["params"] if p["name"] == "min_gain")
    assert (min_gain["kind"], min_gain["default"], min_gain["minimum"]) == ("decimal", "20", "-100")
    assert "colour" in errors_of(api.get(MEASURES_URL, {"colour": "red"}))


# Roles, partners, other workspaces


def _everything(editor: Any) -> dict[str, Any]:
    ind = f.indicator(editor, disaggregations=["country"])
    return {
        "programme": ind.programme,
        "node": ind.node,
        "indicator": ind,
        "target": f.target(editor, ind, "2025", 10),
        "value": f.reported_value(editor, ind, "2025-Q1", 5),
    }


def _writes(client: ApiClient, things: dict[str, Any]) -> list[Any]:
    programme, node, ind = things["programme"], things["node"], things["indicator"]
    framework = f"{FRAMEWORKS}/{programme.pk}"
    indicator = f"{INDICATORS}/{ind.pk}"
    return [
        client.post(FRAMEWORKS, framework_body(code="")),
        client.patch(framework, {"name": "X"}),
        client.delete(framework),
        client.post(f"{framework}/nodes", {"level": "output", "title": "X"}),
        client.patch(f"{framework}/nodes/{node.pk}", {"title": "X"}),
        client.delete(f"{framework}/nodes/{node.pk}"),
        client.post(INDICATORS, indicator_body(node, code="NEW")),
        client.patch(indicator, {"name": "X"}),
        client.delete(indicator),
        client.post(f"{indicator}/targets", {"period": "2026", "value": "1"}),
        client.patch(f"{indicator}/targets/{things['target'].pk}", {"value": "1"}),
        client.delete(f"{indicator}/targets/{things['target'].pk}"),
        client.post(f"{indicator}/values", {"period": "2026", "value": "1"}),
        client.patch(f"{indicator}/values/{things['value'].pk}", {"value": "1"}),
        client.delete(f"{indicator}/values/{things['value'].pk}"),
    ]


def _reads(client: ApiClient, things: dict[str, Any]) -> list[Any]:
    indicator = f"{INDICATORS}/{things['indicator'].pk}"
    return [
        client.get(f"{FRAMEWORKS}/{things['programme'].pk}"),
        client.get(indicator),
        client.get(f"{indicator}/targets"),
        client.get(f"{indicator}/values"),
        client.get(f"{indicator}/actuals"),
    ]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_viewers_and_partners_never_write(role, editor, member, api_for):
    things = _everything(editor)
    client = api_for(member(role))
    before = counts()
    answers = _writes(client, things)
    assert [r.status_code for r in answers] == [403] * len(answers)
    assert counts() == before
    assert client.get(MEASURES_URL).status_code == 200


def test_viewers_read_and_partners_see_no_framework(editor, member, api_for):
    things = _everything(editor)
    viewer = api_for(member(Role.VIEWER))
    assert [r.status_code for r in _reads(viewer, things)] == [200] * 5
    assert viewer.get(FRAMEWORKS).json()["count"] == 1
    partner = api_for(member(Role.PARTNER))
    assert [r.status_code for r in _reads(partner, things)] == [404] * 5
    assert partner.get(FRAMEWORKS).json()["count"] == 0
    assert partner.get(INDICATORS).json()["count"] == 0


def test_another_workspace_is_invisible(api, editor, other_workspace):
    stranger = make_member(other_workspace, Role.OWNER)
    things = _everything(stranger)
    before = counts()
    writes = _writes(api, things)
    # Creating a framework is one's own; an indicator on a foreign node is refused on the field.
    assert writes[0].status_code == 201
    assert "node_id" in errors_of(writes[6])
    answers = _reads(api, things) + writes[1:6] + writes[7:]
    assert [r.status_code for r in answers] == [404] * len(answers)
    Programme.objects.filter(workspace=editor.workspace).delete()
    assert counts() == before
    assert api.get(FRAMEWORKS).json()["count"] == 0
    assert api.get(INDICATORS).json()["count"] == 0


def test_list_queries_do_not_grow_with_the_rows(api, editor):
    def make() -> None:
        ind = f.indicator(editor, disaggregations=["country"])
        f.target(editor, ind, "2025", 10)
        f.target(editor, ind, "2025", 3, country="CO")
        value = f.reported_value(editor, ind, "2025-Q1", 5)
        api.patch(f"{INDICATORS}/{ind.pk}/values/{value.pk}", {"verification_status": "verified"})
        f.reported_value(editor, ind, "2025-Q2", 5, country="PE")

    def queries(url: str) -> int:
        api.get(url)  # the first request of a token records its use
        with CaptureQueriesContext(connection) as captured:
            response = api.get(url, {"page_size": 100} if url in (FRAMEWORKS, INDICATORS) else {})
        assert response.status_code == 200, response.content
        return len(captured)

    make()
    first = Indicator.objects.get()
    urls = [
        FRAMEWORKS,
        INDICATORS,
        f"{FRAMEWORKS}/{first.programme_id}",
        f"{INDICATORS}/{first.pk}/targets",
        f"{INDICATORS}/{first.pk}/values",
        MEASURES_URL,
    ]
    small = [queries(url) for url in urls]
    for _ in range(2):
        make()
    for _ in range(3):  # a bigger tree in the first framework
        f.indicator(editor, f.node(editor, first.programme))
        f.target(editor, first, f"2026-Q{_ + 1}", 4)
        f.reported_value(editor, first, f"2026-0{_ + 1}", 4)
    assert [queries(url) for url in urls] == small
    assert api.get(FRAMEWORKS).json()["count"] == 3
    assert api.get(INDICATORS).json()["count"] == 6
