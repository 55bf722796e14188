"""Partnerships pages (included under /w/<slug>/ by enlace.web.urls; names in the "web"
namespace, each beginning with "partnerships_")."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path

from enlace.partnerships.views import agreements, forecast, opportunities

OPP = "partnerships/opportunities/<uuid:pk>/"
AGR = "partnerships/agreements/<uuid:pk>/"


def _p(route: str, view: Any, name: str) -> URLPattern:
    pattern: URLPattern = path(route, view, name=f"partnerships_{name}")
    return pattern


urlpatterns: list[URLPattern] = [
    _p("partnerships/", opportunities.board, "board"),
    _p("partnerships/opportunities/", opportunities.opportunity_list, "opportunity_list"),
    _p("partnerships/opportunities/new/", opportunities.opportunity_create, "opportunity_create"),
    _p(OPP, opportunities.opportunity_detail, "opportunity_detail"),
    _p(OPP + "edit/", opportunities.opportunity_edit, "opportunity_edit"),
    _p(OPP + "delete/", opportunities.opportunity_delete, "opportunity_delete"),
    _p(OPP + "move/", opportunities.opportunity_move, "opportunity_move"),
    _p(OPP + "deadlines/", opportunities.deadline_add, "deadline_add"),
    _p(OPP + "deadlines/<uuid:item_pk>/done/", opportunities.deadline_done, "deadline_done"),
    _p(OPP + "deadlines/<uuid:item_pk>/remove/", opportunities.deadline_remove, "deadline_remove"),
    _p(OPP + "documents/", opportunities.document_add, "document_add"),
    _p(
        OPP + "documents/<uuid:item_pk>/download/",
        opportunities.document_download,
        "document_download",
    ),
    _p(OPP + "documents/<uuid:item_pk>/remove/", opportunities.document_remove, "document_remove"),
    _p(OPP + "agreement/", agreements.agreement_from_opportunity, "agreement_from_opportunity"),
    _p("partnerships/forecast/", forecast.forecast, "forecast"),
    _p("partnerships/rates/", forecast.rate_list, "rates"),
    _p("partnerships/rates/set/", forecast.rate_set, "rate_set"),
    _p("partnerships/rates/<uuid:pk>/remove/", forecast.rate_remove, "rate_remove"),
    _p("partnerships/agreements/", agreements.agreement_list, "agreement_list"),
    _p("partnerships/agreements/new/", agreements.agreement_create, "agreement_create"),
    _p(AGR, agreements.agreement_detail, "agreement_detail"),
    _p(AGR + "edit/", agreements.agreement_edit, "agreement_edit"),
    _p(AGR + "delete/", agreements.agreement_delete, "agreement_delete"),
    _p(AGR + "obligations/", agreements.obligation_add, "obligation_add"),
    _p(AGR + "obligations/<uuid:item_pk>/done/", agreements.obligation_done, "obligation_done"),
    _p(
        AGR + "obligations/<uuid:item_pk>/remove/",
        agreements.obligation_remove,
        "obligation_remove",
    ),
]
