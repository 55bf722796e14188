"""Programme and framework pages (names in the "web" namespace, each beginning with
"results_"): programmes, the framework page with its results, indicators with their targets,
reported values and drill-down, and the workspace's status rules."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path

from enlace.results.views import indicators, programmes, rules

PRG = "results/<uuid:pk>/"
NODE = PRG + "results/<uuid:node_pk>/"
IND = "results/indicators/<uuid:pk>/"


def _p(route: str, view: Any, name: str) -> URLPattern:
    pattern: URLPattern = path(route, view, name=f"results_{name}")
    return pattern


urlpatterns: list[URLPattern] = [
    _p("results/", programmes.programme_list, "programme_list"),
    _p("results/new/", programmes.programme_new, "programme_new"),
    _p("results/rules/", rules.rules, "rules"),
    _p(PRG, programmes.programme_detail, "programme_detail"),
    _p(PRG + "edit/", programmes.programme_edit, "programme_edit"),
    _p(PRG + "delete/", programmes.programme_delete, "programme_delete"),
    _p(PRG + "results/new/", programmes.node_new, "node_new"),
    _p(NODE + "edit/", programmes.node_edit, "node_edit"),
    _p(NODE + "delete/", programmes.node_delete, "node_delete"),
    _p(NODE + "move/", programmes.node_move, "node_move"),
    _p(PRG + "indicators/new/", indicators.indicator_new, "indicator_new"),
    _p(IND, indicators.indicator_detail, "indicator_detail"),
    _p(IND + "edit/", indicators.indicator_edit, "indicator_edit"),
    _p(IND + "delete/", indicators.indicator_delete, "indicator_delete"),
    _p(IND + "records/", indicators.indicator_records, "indicator_records"),
    _p(IND + "targets/", indicators.target_add, "target_add"),
    _p(IND + "targets/<uuid:item_pk>/edit/", indicators.target_edit, "target_edit"),
    _p(IND + "targets/<uuid:item_pk>/remove/", indicators.target_remove, "target_remove"),
    _p(IND + "values/", indicators.value_add, "value_add"),
    _p(IND + "values/<uuid:item_pk>/edit/", indicators.value_edit, "value_edit"),
    _p(
        IND + "values/<uuid:item_pk>/verification/",
        indicators.value_verification,
        "value_verification",
    ),
    _p(IND + "values/<uuid:item_pk>/remove/", indicators.value_remove, "value_remove"),
]
