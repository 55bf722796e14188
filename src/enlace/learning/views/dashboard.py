"""Learning results: a training's dashboard (attendance, completion, knowledge gain overall, by
cohort, module and question, self-efficacy apart; filters as a GET form) and one participant's
record across the trainings they attended."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from enlace.core.scoping import Scope
from enlace.learning.forms import DashboardFilterForm
from enlace.learning.models import EnrollmentStatus, ExperienceLevel
from enlace.learning.selectors import responses as response_selectors
from enlace.learning.selectors import summary as summary_selectors
from enlace.learning.views import charts
from enlace.learning.views.common import training_of, training_page
from enlace.stakeholders import selectors as registry
from enlace.stakeholders.models import Discipline
from enlace.stakeholders.views.base import render_page
from enlace.web.scoping import workspace_view

UNSPECIFIED = "unspecified"


def cohort_rows(groups: Mapping[str, Mapping[str, Any]], labels: Mapping[str, Any]) -> list[Any]:
    """A cohort dictionary (category -> figures) as rows with a readable label."""
    return [
        {"key": key, "label": labels.get(key, _("Not recorded")), **figures}
        for key, figures in groups.items()
    ]


@workspace_view
def dashboard(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    training = training_of(scope, pk)
    filters = DashboardFilterForm(request.GET or None, scope=scope)
    summary = summary_selectors.learning_summary(
        scope=scope, training=training, **filters.filters()
    )
    by_discipline = cohort_rows(summary["by_discipline"], dict(Discipline.choices))
    by_level = cohort_rows(summary["by_experience_level"], dict(ExperienceLevel.choices))
    completion = summary["completion"]
    return training_page(
        request,
        scope,
        training,
        "learning/dashboard.html",
        {
            "filters": filters,
            "summary": summary,
            "by_discipline": by_discipline,
            "by_level": by_level,
            "completion_rows": [
                (label, completion.get(value, 0)) for value, label in EnrollmentStatus.choices
            ],
            "reinforce": [m for m in summary["by_module"] if m["needs_reinforcement"]],
            "charts": charts.dashboard_charts(summary, by_discipline, by_level),
        },
        tab="dashboard",
    )


@workspace_view
def participant(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    """A person's learning record: every training they were enrolled in that the asker can see,
    with status, attendance, scores, gain and certificate."""
    person = registry.person_get(scope=scope, id=pk)
    rows = summary_selectors.person_learning(scope=scope, person=person)
    held = response_selectors.person_certificates(scope=scope, person=person)
    return render_page(
        request,
        "learning/participant.html",
        {
            "person": person,
            "rows": rows,
            "certificates": held,
            "statuses": dict(EnrollmentStatus.choices),
        },
    )
