"""The workspace's status rules: from which percent of what is expected by now an indicator is
on track, or at risk. Everyone reads them (they explain the badges); owners and managers set
them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.partnerships.views.common import done
from enlace.results import status
from enlace.results.forms import RulesForm
from enlace.results.services import rules as services
from enlace.results.views.common import page_url
from enlace.stakeholders.views.base import render_page
from enlace.web.scoping import workspace_view

# The permission status_rules_update asks for (owners and managers).
SET_RULES = Action.MANAGE_MEMBERS


@workspace_view
def rules(request: HttpRequest, scope: Scope) -> HttpResponse:
    current = status.rules_for(scope.workspace)
    posted = request.method == "POST"
    if posted:
        scope.require(SET_RULES)
    form = RulesForm(
        request.POST if posted else None,
        initial={"on_track_from": current.on_track_from, "at_risk_from": current.at_risk_from},
    )
    if posted and form.is_valid():
        try:
            services.status_rules_update(scope=scope, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return done(request, page_url(scope, "rules"), _("Saved the status rules."))
    return render_page(
        request,
        "results/rules.html",
        {
            "rules": current,
            "form": form if scope.can(SET_RULES) else None,
            "back_url": page_url(scope, "programme_list"),
        },
        status=400 if posted and form.errors else 200,
    )
