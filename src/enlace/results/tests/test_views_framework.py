"""The programme and framework pages: every page opens for a member, another workspace's records
are not found, a viewer reads but may not write, a refused form shows the service's words and
saves nothing, the main writes work through the pages (programme, tree, indicators, targets,
values and their verification, status rules), and the framework page costs the same number of
queries whatever the size of the framework."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.core.permissions import Role
from enlace.engagements.tests import factories as engagements
from enlace.learning.tests import factories as learning
from enlace.results import status
from enlace.results.models import (
    Indicator,
    Programme,
    ReportedValue,
    ResultNode,
    StatusRules,
    Target,
)
from enlace.results.tests import factories as f
from enlace.results.tests.world import complete
from enlace.stakeholders.tests import factories as registry
from enlace.stakeholders.tests.pages import client_for, text, url

pytestmark = pytest.mark.django_db


def results_record(scope):
    """A programme with a goal, an outcome under it, a computed indicator (people trained,
    with a target and one person trained), and a reported one with a target and a value."""
    status.rules_for(scope.workspace)
    programme = f.programme(scope, name="Acceso a la justicia", code="AJ")
    goal = f.node(scope, programme, level="goal", title="Justicia accesible")
    outcome = f.node(scope, programme, level="outcome", title="Jueces formados", parent=goal)
    trained = f.indicator(
        scope, outcome, code="1.1", name="Personas formadas", measure="people_trained"
    )
    f.target(scope, trained, "programme", 10)
    person = registry.person(scope, organization=registry.organization(scope, country="CO"))
    training = learning.make_training(scope, sessions=1, start=dt.date(2025, 3, 3))
    complete(scope, training, person)
    reported = f.indicator(
        scope, outcome, code="1.2", name="Casos resueltos", disaggregations=["country"]
    )
    f.target(scope, reported, "programme", 40)
    value = f.reported_value(scope, reported, "2025-Q1", 12, source="Informe")
    return {
        "programme": programme,
        "goal": goal,
        "outcome": outcome,
        "trained": trained,
        "reported": reported,
        "target": trained.targets.get(),
        "value": value,
        "person": person,
    }


def all_pages(scope, record):
    p, node = record["programme"].pk, record["outcome"].pk
    trained, reported = record["trained"].pk, record["reported"].pk
    return [
        url(scope, "results_programme_list"),
        url(scope, "results_programme_new"),
        url(scope, "results_rules"),
        url(scope, "results_programme_detail", p),
        url(scope, "results_programme_detail", p) + "?period=year&from=2025-01-01&to=2025-12-31",
        url(scope, "results_programme_detail", p) + "?period=month&country=CO",
        url(scope, "results_programme_edit", p),
        url(scope, "results_programme_delete", p),
        url(scope, "results_node_new", p) + f"?parent={node}",
        url(scope, "results_node_edit", p, node),
        url(scope, "results_node_delete", p, node),
        url(scope, "results_indicator_new", p) + f"?node={node}",
        url(scope, "results_indicator_detail", trained),
        url(scope, "results_indicator_detail", trained) + "?period=year",
        url(scope, "results_indicator_detail", reported) + "?by=country",
        url(scope, "results_indicator_edit", trained),
        url(scope, "results_indicator_delete", trained),
        url(scope, "results_indicator_records", trained),
        url(scope, "results_indicator_records", trained) + "?period=2025-Q1",
        url(scope, "results_target_edit", trained, record["target"].pk),
        url(scope, "results_target_remove", trained, record["target"].pk),
        url(scope, "results_value_edit", reported, record["value"].pk),
        url(scope, "results_value_remove", reported, record["value"].pk),
    ]


def write_requests(where, record):
    """(url, data) for every write of the results pages, aimed at `record`."""
    p, node = record["programme"], record["outcome"]
    trained, reported = record["trained"].pk, record["reported"].pk
    target, value = record["target"].pk, record["value"].pk
    return [
        (url(where, "results_programme_new"), {"name": "X"}),
        (url(where, "results_programme_edit", p.pk), {"name": "X", "version": p.version}),
        (url(where, "results_programme_delete", p.pk), {"version": p.version}),
        (url(where, "results_node_new", p.pk), {"level": "goal", "title": "X"}),
        (url(where, "results_node_edit", p.pk, node.pk), {"title": "X", "version": 1}),
        (url(where, "results_node_delete", p.pk, node.pk), {"version": 1}),
        (url(where, "results_node_move", p.pk, node.pk), {"direction": "up"}),
        (url(where, "results_indicator_new", p.pk), {"code": "X"}),
        (url(where, "results_indicator_edit", trained), {"name": "X", "version": 1}),
        (url(where, "results_indicator_delete", trained), {"version": 1}),
        (url(where, "results_target_add", trained), {"target-period": "2025"}),
        (url(where, "results_target_edit", trained, target), {"target-value": "3"}),
        (url(where, "results_target_remove", trained, target), {}),
        (url(where, "results_value_add", reported), {"value-period": "2025-Q2"}),
        (url(where, "results_value_edit", reported, value), {"value-value": "3"}),
        (url(where, "results_value_verification", reported, value), {"status": "submitted"}),
        (url(where, "results_value_remove", reported, value), {}),
    ]


def _snapshot():
    rows = []
    for model in (Programme, ResultNode, Indicator, Target, ReportedValue):
        rows += [
            (model.__name__, *row)
            for row in model.all_objects.values_list("id", "version", "deleted_at")
        ]
    rows += [
        ("rules", *r) for r in StatusRules.objects.values_list("on_track_from", "at_risk_from")
    ]
    return sorted(rows, key=str)


def test_every_page_opens(owner):
    record = results_record(owner)
    client = client_for(owner)
    for page in all_pages(owner, record):
        response = client.get(page)
        assert response.status_code == 200, page


def test_the_indicator_form_offers_the_breakdowns_its_measure_supports(owner):
    from enlace.results.measures import MEASURES

    record = results_record(owner)
    body = text(client_for(owner).get(url(owner, "results_indicator_edit", record["trained"].pk)))
    supported = MEASURES["people_trained"].disaggregations
    for name in ("country", "sex", "discipline", "organization_kind", "age_group"):
        assert (f'value="{name}"' in body) == (name in supported), name
    assert "min_attendance" in body or "people_trained" in body  # the parameters' help


def test_the_list_says_when_there_is_nothing_yet(owner):
    body = text(client_for(owner).get(url(owner, "results_programme_list")))
    assert "No programmes yet." in body
    assert "New programme" in body


def test_the_framework_page_shows_the_tree_figures_and_status(owner):
    record = results_record(owner)
    body = text(
        client_for(owner).get(url(owner, "results_programme_detail", record["programme"].pk))
    )
    assert "Justicia accesible" in body
    assert "Jueces formados" in body
    # Under the goal, in the goal's list.
    assert body.index("Justicia accesible") < body.index("Jueces formados")
    assert "Personas formadas" in body
    assert url(owner, "results_indicator_detail", record["trained"].pk) in body
    assert url(owner, "results_indicator_records", record["trained"].pk) in body
    # A status reads as words, with a shape beside them.
    assert 'class="status status-' in body
    assert 'role="img" aria-label="Values by period: 2025-Q1: ' in body
    assert "style=" not in body.split('id="framework"')[1]
    assert url(owner, "results_dashboard", record["programme"].pk) in body
    assert url(owner, "results_export", record["programme"].pk, "framework", "csv") in body


def test_bad_filters_are_named_and_the_defaults_used(owner):
    record = results_record(owner)
    page = url(owner, "results_programme_detail", record["programme"].pk)
    response = client_for(owner).get(page + "?period=decade&from=ayer&country=ZZ")
    assert response.status_code == 200
    body = text(response)
    assert "Some filters were not understood" in body
    assert "Unknown country code: ZZ." in body
    response = client_for(owner).get(page + "?from=2026-01-01&to=2025-01-01")
    assert "The end comes before the start" in text(response)


def test_another_workspaces_records_are_not_found(owner, other_workspace):
    from enlace.testing import make_member

    record = results_record(owner)
    stranger = make_member(other_workspace, Role.OWNER)
    client = client_for(stranger)
    for page in all_pages(owner, record)[3:]:
        theirs = page.replace(f"/w/{owner.workspace.slug}/", f"/w/{other_workspace.slug}/")
        assert client.get(theirs).status_code == 404, theirs
        assert client.get(page).status_code == 404, page
    before = _snapshot()
    for page, data in write_requests(stranger, record):
        if page == url(stranger, "results_programme_new"):
            continue
        assert client.post(page, data).status_code == 404, page
    assert _snapshot() == before


def test_a_viewer_reads_but_may_not_write(owner, member):
    record = results_record(owner)
    viewer = member(Role.VIEWER)
    client = client_for(viewer)
    for page in (
        url(owner, "results_programme_list"),
        url(owner, "results_programme_detail", record["programme"].pk),
        url(owner, "results_indicator_detail", record["reported"].pk),
        url(owner, "results_rules"),
    ):
        response = client.get(page)
        assert response.status_code == 200, page
        body = text(response)
        for control in ("New programme", "Add under it", "Move up", "Set a target", "Verify"):
            assert control not in body, (page, control)
        assert 'id="rules-form"' not in body
    before = _snapshot()
    for page, data in [
        *write_requests(owner, record),
        (url(owner, "results_rules"), {"on_track_from": 80, "at_risk_from": 50}),
    ]:
        assert client.post(page, data).status_code == 403, page
    assert _snapshot() == before


def test_an_editor_may_not_change_the_status_rules(owner, member):
    editor = member(Role.EDITOR)
    client = client_for(editor)
    assert 'id="rules-form"' not in text(client.get(url(owner, "results_rules")))
    response = client.post(url(owner, "results_rules"), {"on_track_from": 80, "at_risk_from": 50})
    assert response.status_code == 403


def _refused(client, page, data, *expected, status=400):
    before = _snapshot()
    response = client.post(page, data)
    assert response.status_code == status, (page, response.status_code)
    body = text(response)
    for message in expected:
        assert message in body, (page, message)
    assert _snapshot() == before


def test_bad_input_shows_the_services_message_and_saves_nothing(owner):
    record = results_record(owner)
    client = client_for(owner)
    p = record["programme"]
    _refused(
        client,
        url(owner, "results_programme_new"),
        {"name": "Mal", "start_date": "2025-01-01", "end_date": "2025-12-31", "countries": "XX"},
        "Unknown country code: XX.",
    )
    _refused(
        client,
        url(owner, "results_programme_new"),
        {"name": "Al revés", "start_date": "2025-05-01", "end_date": "2025-01-01"},
        "A programme cannot end before it starts.",
    )
    _refused(
        client,
        url(owner, "results_node_new", p.pk),
        {"parent": record["outcome"].pk, "level": "goal", "title": "Arriba"},
        "A Goal cannot sit under a Outcome.",
    )
    _refused(
        client,
        url(owner, "results_indicator_new", p.pk),
        {
            "node": record["outcome"].pk,
            "code": "1.1",
            "name": "Repetido",
            "source": "computed",
            "measure": "people_trained",
            "unit": "number",
            "direction": "increase",
        },
        "Another indicator of this programme has this code.",
    )
    _refused(
        client,
        url(owner, "results_indicator_new", p.pk),
        {
            "node": record["outcome"].pk,
            "code": "9",
            "name": "Mal desglosado",
            "source": "computed",
            "measure": "engagements",
            "params": "{not json",
            "unit": "number",
            "direction": "increase",
        },
        "Give the parameters as JSON",
    )
    _refused(
        client,
        url(owner, "results_target_add", record["trained"].pk),
        {"target-period": "2030", "target-value": "5"},
        "2030 is outside the programme",
    )
    _refused(
        client,
        url(owner, "results_target_add", record["trained"].pk),
        {"target-period": "2025", "target-value": "cinco"},
        "Give the value as a decimal number.",
    )
    _refused(
        client,
        url(owner, "results_value_add", record["reported"].pk),
        {"value-period": "2025-Q1", "value-value": "3"},
        "There is already one for 2025-Q1.",
    )
    _refused(
        client,
        url(owner, "results_value_add", record["trained"].pk),
        {"value-period": "2025-Q2", "value-value": "3"},
        "This indicator is computed from the record; its values cannot be entered.",
    )
    _refused(
        client,
        url(owner, "results_rules"),
        {"on_track_from": "60", "at_risk_from": "80"},
        "Please correct the errors below.",
    )


def test_a_framework_is_built_and_figures_entered_through_the_pages(owner):
    client = client_for(owner)
    response = client.post(
        url(owner, "results_programme_new"),
        {
            "name": "Programa nuevo",
            "start_date": "2025-01-01",
            "end_date": "2026-12-31",
            "countries": "co, pe",
            "currency": "usd",
        },
    )
    programme = Programme.objects.get(name="Programa nuevo")
    assert programme.countries == ["CO", "PE"]
    assert response.status_code == 302
    client.post(url(owner, "results_node_new", programme.pk), {"level": "goal", "title": "Meta"})
    goal = ResultNode.objects.get(title="Meta")
    for title in ("Primero", "Segundo"):
        client.post(
            url(owner, "results_node_new", programme.pk),
            {"parent": goal.pk, "level": "outcome", "title": title},
        )
    second = ResultNode.objects.get(title="Segundo")
    client.post(url(owner, "results_node_move", programme.pk, second.pk), {"direction": "up"})
    order = list(
        ResultNode.objects.filter(parent=goal).order_by("position").values_list("title", flat=True)
    )
    assert order == ["Segundo", "Primero"]
    response = client.post(
        url(owner, "results_indicator_new", programme.pk) + f"?node={second.pk}",
        {
            "node": second.pk,
            "code": "E1",
            "name": "Encuentros",
            "source": "computed",
            "measure": "engagements",
            "params": "{}",
            "disaggregations": ["country"],
            "unit": "number",
            "direction": "increase",
            "tags": "ODS 16, KPI 3",
        },
    )
    indicator = Indicator.objects.get(code="E1")
    assert response.status_code == 302, text(response)
    assert indicator.tags == ["ODS 16", "KPI 3"]
    assert indicator.disaggregations == ["country"]
    client.post(
        url(owner, "results_target_add", indicator.pk),
        {"target-period": "2025", "target-value": "8"},
    )
    assert Target.objects.get(indicator=indicator).value == 8
    reported = f.indicator(owner, second, code="R1")
    client.post(
        url(owner, "results_value_add", reported.pk),
        {"value-period": "2025-Q2", "value-value": "4.5", "value-source": "Acta"},
    )
    value = ReportedValue.objects.get(indicator=reported)
    assert value.verification_status == "draft"
    for step in ("submitted", "verified"):
        client.post(
            url(owner, "results_value_verification", reported.pk, value.pk), {"status": step}
        )
    value.refresh_from_db()
    assert value.verification_status == "verified"
    assert value.verified_by == owner.user
    body = text(client.get(url(owner, "results_indicator_detail", reported.pk)))
    assert "Verified" in body
    assert f"by {owner.user}" in body
    # Editing an indicator leaves what was not touched alone.
    edit = client.post(
        url(owner, "results_indicator_edit", indicator.pk),
        {
            "node": second.pk,
            "code": "E1",
            "name": "Encuentros con socios",
            "source": "computed",
            "measure": "engagements",
            "params": "{}",
            "disaggregations": ["country"],
            "unit": "number",
            "direction": "increase",
            "tags": "ODS 16, KPI 3",
            "version": indicator.version,
        },
    )
    assert edit.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Encuentros con socios"
    # Delete: a confirmation first, then the trash.
    page = url(owner, "results_programme_delete", programme.pk)
    assert "Move to the trash" in text(client.get(page))
    client.post(page, {"version": programme.version})
    assert Programme.all_objects.get(pk=programme.pk).deleted_at is not None


def test_the_drill_down_lists_the_people_behind_the_value(owner):
    record = results_record(owner)
    client = client_for(owner)
    body = text(client.get(url(owner, "results_indicator_records", record["trained"].pk)))
    assert str(record["person"]) in body or record["person"].full_name in body
    response = client.get(url(owner, "results_indicator_records", record["reported"].pk))
    assert response.status_code == 400
    assert "has no records behind it" in text(response)


def test_an_owner_sets_the_status_rules(owner):
    client = client_for(owner)
    response = client.post(url(owner, "results_rules"), {"on_track_from": 80, "at_risk_from": 50})
    assert response.status_code == 302
    rules = StatusRules.objects.get(workspace=owner.workspace)
    assert (rules.on_track_from, rules.at_risk_from) == (80, 50)


def test_a_deleted_programme_is_in_the_trash_and_can_be_restored(owner):
    from enlace.results.services import programmes

    programme = f.programme(owner, name="A la papelera")
    programmes.programme_delete(scope=owner, programme=programme)
    client = client_for(owner)
    body = text(client.get(url(owner, "trash")))
    assert "A la papelera" in body
    client.post(url(owner, "trash_restore", "results_programme", programme.pk))
    programme.refresh_from_db()
    assert programme.deleted_at is None


def _count(client, page):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page)
    assert response.status_code == 200, page
    return len(ctx.captured_queries)


def test_the_framework_page_queries_do_not_grow(owner):
    """Cached, the page costs the same whatever the size of the framework; computed afresh
    (after a write), the same whatever the size of the record its measures count."""
    status.rules_for(owner.workspace)  # created on first read, which is a write
    programme = f.programme(owner)
    client = client_for(owner)
    page = url(owner, "results_programme_detail", programme.pk) + "?period=quarter"

    def grow(n):
        for i in range(n):
            goal = f.node(owner, programme, level="goal")
            outcome = f.node(owner, programme, parent=goal)
            computed = f.indicator(owner, outcome, measure="engagements")
            f.target(owner, computed, "2025", 5 + i)
            reported = f.indicator(owner, outcome)
            f.reported_value(owner, reported, "2025-Q1", i)

    grow(1)
    client.get(page)
    few = _count(client, page)
    grow(4)
    client.get(page)
    assert _count(client, page) == few

    def meetings(n):
        for i in range(n):
            engagements.engagement(owner, start_date=dt.date(2025, 2, 1 + i))

    meetings(1)
    cold = _count(client, page)
    meetings(6)
    assert _count(client, page) == cold
