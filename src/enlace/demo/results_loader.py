"""The demo loader's results step: the programme of enlace.demo.content.results with its tree of
goal, outcomes and outputs, its indicators, their targets and the values the country teams
reported, written through the results services with the owner's scope.

Like the rest of the demo it only adds what is missing. The programme is looked up by its code
(in the trash or not) and written whole, framework, targets and values, only when absent, so
that whatever was changed while exploring (a target moved, a value verified, an indicator
deleted) stays as it was. A clock behind the content never dates anything in the future: a
reported value for a quarter that has not begun is left out.
"""

from __future__ import annotations

import copy

from django.utils import timezone

from enlace.core.scoping import Scope
from enlace.demo.content.results import PROGRAMME, IndicatorSpec, NodeSpec, ProgrammeSpec
from enlace.results.models import Programme, ResultNode
from enlace.results.periods import parse_period
from enlace.results.services import indicators as indicator_services
from enlace.results.services import programmes as programme_services
from enlace.results.services import values as value_services


def load_results(scope: Scope) -> None:
    """Add the demo's results framework to the workspace unless its programme is there."""
    if Programme.all_objects.filter(workspace=scope.workspace, code=PROGRAMME.code).exists():
        return
    _Framework(scope, PROGRAMME).write()


class _Framework:
    def __init__(self, scope: Scope, spec: ProgrammeSpec) -> None:
        self.scope = scope
        self.spec = spec
        self.today = timezone.localdate()

    def write(self) -> None:
        spec = self.spec
        programme = programme_services.programme_create(
            scope=self.scope,
            data={
                "name": spec.name,
                "code": spec.code,
                "description": spec.description,
                "start_date": spec.start_date,
                "end_date": spec.end_date,
                "countries": list(spec.countries),
                "currency": spec.currency,
            },
        )
        self._node(programme, spec.goal, None, 0)

    def _node(
        self, programme: Programme, spec: NodeSpec, parent: ResultNode | None, position: int
    ) -> None:
        node = programme_services.node_create(
            scope=self.scope,
            programme=programme,
            data={
                "parent": parent,
                "level": spec.level,
                "code": spec.code,
                "title": spec.title,
                "position": position,
            },
        )
        for index, indicator in enumerate(spec.indicators):
            self._indicator(node, indicator, index)
        for index, child in enumerate(spec.children):
            self._node(programme, child, node, index)

    def _indicator(self, node: ResultNode, spec: IndicatorSpec, position: int) -> None:
        scope = self.scope
        indicator = indicator_services.indicator_create(
            scope=scope,
            data={
                "node": node,
                "code": spec.code,
                "name": spec.name,
                "definition": spec.definition,
                "unit": spec.unit,
                "source": spec.source,
                "measure": spec.measure,
                "params": copy.deepcopy(spec.params),
                "disaggregations": list(spec.disaggregations),
                "tags": list(spec.tags),
                "baseline_value": spec.baseline,
                "baseline_period": spec.baseline_period if spec.baseline is not None else "",
                "position": position,
            },
        )
        for target in spec.targets:
            value_services.target_create(
                scope=scope,
                indicator=indicator,
                data={"period": target.period, "country": target.country, "value": target.value},
            )
        for value in spec.values:
            start = parse_period(value.period).start
            if start is None or start > self.today:
                continue
            value_services.reported_value_create(
                scope=scope,
                indicator=indicator,
                data={
                    "period": value.period,
                    "value": value.value,
                    "source": value.source,
                    "note": value.note,
                    "verification_status": value.verification,
                },
            )
