"""API routers for results frameworks, mounted at /frameworks, /indicators and /measures.

- /frameworks: programmes (list, create, read with their framework tree, change, trash,
  restore), and the goals, outcomes and outputs of a framework under /frameworks/{id}/nodes.
- /indicators: indicators (list, optionally of one framework, create, read, change, trash); their
  targets and reported values under /indicators/{id}/targets and /values; their actuals, computed
  and reported alike, under /indicators/{id}/actuals.
- /measures: the fixed registry of measures a computed indicator names, with their parameters,
  so that a client can build its form.

Each endpoint parses, resolves ids through the scoped selectors, calls the services and lets the
schema serialise. The services own permissions, validation and versions; an endpoint only refuses
a role early, before it reads anything on the caller's behalf. Partners do not see frameworks (the
selectors hide them): to a partner every framework is not found and every list empty.

Figures are exact decimal strings in and out (see `enlace.results.schemas`), as money is in the
partnerships API.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Any, ParamSpec, TypeVar

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Body, Query, Router, Status

from enlace.api.auth import if_match_version, request_scope, tagged, write_scope
from enlace.api.errors import (
    ADD_PROBLEMS,
    CREATE_PROBLEMS,
    DELETE_PROBLEMS,
    LIST_PROBLEMS,
    READ_PROBLEMS,
    WRITE_PROBLEMS,
)
from enlace.api.pagination import check_query_params, paginate
from enlace.api.references import resolve_references
from enlace.api.resource import Resource, resource_router
from enlace.core.errors import Http404, ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.results import selectors
from enlace.results.measures import MEASURES, Measure
from enlace.results.models import Indicator, Programme, ReportedValue, ResultNode, Source, Target
from enlace.results.schemas import (
    ActualsOut,
    ActualsQuery,
    FrameworkOut,
    IndicatorFilters,
    IndicatorIn,
    IndicatorOut,
    IndicatorPage,
    IndicatorPatch,
    MeasureOut,
    NodeIn,
    NodeOut,
    NodePatch,
    ProgrammeFilters,
    ProgrammeIn,
    ProgrammePage,
    ProgrammePatch,
    TargetIn,
    TargetOut,
    TargetPatch,
    ValueIn,
    ValueOut,
    ValuePatch,
    figure_text,
)
from enlace.results.services import indicators as indicator_services
from enlace.results.services import programmes as programme_services
from enlace.results.services import values as value_services
from enlace.stakeholders.schemas import DeleteInput

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C")

# `Query[X]` and `Body[X]` built at run time: mypy knows them only as annotations.
_query: Any = Query
_body: Any = Body


def operation_id(name: str) -> str:
    """The OpenAPI operation id of an endpoint named `name`."""
    return f"enlace_results_api_{name}"


# References and errors

# API name -> (service field, how the id is resolved in the scope, the message for none found).
REFERENCES: dict[str, tuple[str, Callable[[Scope, Any], Any], Any]] = {
    "node_id": (
        "node",
        lambda scope, id: selectors.node_get(scope=scope, id=id),
        _("Unknown result."),
    ),
    "parent_id": (
        "parent",
        lambda scope, id: selectors.node_get(scope=scope, id=id),
        _("Unknown result."),
    ),
}
API_FIELD_NAMES = {field: api for api, (field, _resolve, _message) in REFERENCES.items()}


def model_data(scope: Scope, values: Mapping[str, Any]) -> dict[str, Any]:
    """Body values as service data: every `<field>_id` becomes the row it names in the scope,
    so that an id of another workspace, of the trash or of nothing is refused alike (422)."""
    return resolve_references(scope, values, REFERENCES)


def sent(payload: Any) -> dict[str, Any]:
    """The fields a PATCH body sends (without `version`); an empty change is refused."""
    values: dict[str, Any] = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not values:
        raise ValidationError(_("Send at least one field to change."))
    return values


def renamed(exc: ValidationError) -> ValidationError:
    """A service's field errors as the API names the fields (`node_id`, `parent_id`)."""
    if not hasattr(exc, "error_dict"):
        return ValidationError({"__all__": exc.messages})
    return ValidationError({API_FIELD_NAMES.get(k, k): v for k, v in exc.error_dict.items()})


def write(service: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a service; its field errors are renamed as the API names them."""
    try:
        return service(*args, **kwargs)
    except ValidationError as exc:
        raise renamed(exc) from exc


def child_of(parent: Any, child: C, field: str) -> C:
    """A row under its parent's path (a framework's node, an indicator's target): one of
    another parent is not found."""
    if getattr(child, f"{field}_id") != parent.pk:
        raise Http404
    return child


def delete_version(request: HttpRequest, payload: DeleteInput | None) -> int | None:
    """The version a delete is based on: the body's `version` or the `If-Match` header's."""
    return if_match_version(request, payload.version if payload is not None else None)


# Frameworks (programmes with their tree of results)


def _hang_tree(entries: list[dict[str, Any]]) -> list[ResultNode]:
    """The nodes of `framework_tree`, each carrying its indicators and children."""
    nodes = []
    for entry in entries:
        node: Any = entry["node"]
        node.tree_indicators = entry["indicators"]
        node.tree_children = _hang_tree(entry["children"])
        nodes.append(node)
    return nodes


def framework_detail(*, scope: Scope, id: Any) -> Programme:
    """A programme as a framework's read shows it: with its tree (two queries more)."""
    programme: Any = selectors.programme_get(scope=scope, id=id)
    programme.tree_nodes = _hang_tree(selectors.framework_tree(scope=scope, programme=programme))
    return programme  # type: ignore[no-any-return]


def _framework_list(scope: Scope, filters: ProgrammeFilters) -> QuerySet[Programme]:
    rows = selectors.programme_queryset(scope, deleted=filters.deleted)
    if filters.q:
        rows = rows.filter(Q(name__icontains=filters.q) | Q(code__icontains=filters.q))
    return rows.order_by("-start_date", "name", "id")


FRAMEWORKS: Resource[Programme] = Resource(
    app="results",
    name="framework",
    noun="a framework",
    plural="frameworks",
    out=FrameworkOut,
    page=ProgrammePage,
    filters=ProgrammeFilters,
    create_body=ProgrammeIn,
    patch_body=ProgrammePatch,
    list=_framework_list,
    create=lambda scope, payload: write(
        programme_services.programme_create, scope=scope, data=payload.model_dump()
    ),
    patch_data=lambda scope, payload: sent(payload),
    update=lambda scope, programme, data, version: write(
        programme_services.programme_update,
        scope=scope,
        programme=programme,
        data=data,
        expected_version=version,
    ),
    delete=lambda scope, programme, version: write(
        programme_services.programme_delete,
        scope=scope,
        programme=programme,
        expected_version=version,
    ),
    restore=lambda scope, programme: write(
        programme_services.programme_restore, scope=scope, programme=programme
    ),
    get=selectors.programme_get,
    queryset=selectors.programme_queryset,
    detail=framework_detail,
    list_doc=(
        "The programmes, newest start first, without their trees (read one for its tree);\n"
        "`?q=` searches the name and code, `?deleted=true` lists the trash instead.\n"
        "Partners see none: a framework is the team's own plan."
    ),
    create_doc=(
        "A programme: its name, optional code (unique in the workspace), dates, the countries\n"
        "it works in (ISO codes) and its default currency. Its results are added under\n"
        "`/frameworks/{id}/nodes`, its indicators under `/indicators`."
    ),
    read_doc=(
        "With its framework in `nodes`: the top goals, outcomes and outputs in order, each with\n"
        "its indicators and the results under it. The `ETag` header carries the version."
    ),
    update_doc=(
        "Only the fields sent change; narrower dates or countries may not leave a target or a\n"
        "reported value outside (422). With `version` (or `If-Match`), a write based on an\n"
        "older version is refused with 409."
    ),
    delete_doc="With its framework: its results, indicators, targets and values are hidden too.",
)

frameworks_router = resource_router(FRAMEWORKS, tag="frameworks", delete_body=DeleteInput)


def _node(scope: Scope, id: uuid.UUID, node_id: uuid.UUID) -> ResultNode:
    programme = selectors.programme_get(scope=scope, id=id)
    return child_of(programme, selectors.node_get(scope=scope, id=node_id), "programme")


@frameworks_router.post(
    "/{id}/nodes",
    response={201: NodeOut, **ADD_PROBLEMS},
    summary="Add a result to a framework",
    operation_id=operation_id("node_create"),
)
def node_create(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: NodeIn
) -> Status[ResultNode]:
    """A goal, outcome or output, at the top or under `parent_id` (a result of the same
    framework, at its level or above it); last among its siblings unless `position` is given."""
    scope = write_scope(request, Action.CREATE)
    programme = selectors.programme_get(scope=scope, id=id)
    data = model_data(scope, payload.model_dump(exclude_none=True))
    node = write(programme_services.node_create, scope=scope, programme=programme, data=data)
    return Status(201, tagged(response, node))


@frameworks_router.patch(
    "/{id}/nodes/{node_id}",
    response={200: NodeOut, **WRITE_PROBLEMS},
    summary="Change or move a result",
    operation_id=operation_id("node_update"),
)
def node_update(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    node_id: uuid.UUID,
    payload: NodePatch,
) -> ResultNode:
    """Only the fields sent change; a new `parent_id` (or null, to the top) moves it with what
    is under it, never under itself. With `version` (or `If-Match`), a write based on an older
    version is refused with 409."""
    scope = write_scope(request, Action.CHANGE)
    node = _node(scope, id, node_id)
    updated = write(
        programme_services.node_update,
        scope=scope,
        node=node,
        data=model_data(scope, sent(payload)),
        expected_version=if_match_version(request, payload.version),
    )
    return tagged(response, updated)


@frameworks_router.delete(
    "/{id}/nodes/{node_id}",
    response={204: None, **DELETE_PROBLEMS},
    summary="Move a result to the trash",
    operation_id=operation_id("node_delete"),
)
def node_delete(
    request: HttpRequest,
    id: uuid.UUID,
    node_id: uuid.UUID,
    payload: _body[DeleteInput | None] = None,
) -> Status[None]:
    """Only once nothing is under it: no result and no indicator (422 otherwise)."""
    scope = write_scope(request, Action.DELETE)
    node = _node(scope, id, node_id)
    write(
        programme_services.node_delete,
        scope=scope,
        node=node,
        expected_version=delete_version(request, payload),
    )
    return Status(204, None)


# Indicators

indicators_router = Router(tags=["indicators"])


def _source_follows_measure(data: dict[str, Any]) -> dict[str, Any]:
    """An indicator with a measure is computed, one without is reported, unless the body says
    otherwise (the services then name the contradiction); a reported one has no parameters."""
    if data.get("source") is None and "measure" in data:
        data["source"] = Source.COMPUTED if data["measure"] else Source.REPORTED
    if data.get("source") is None:
        data.pop("source", None)
    if data.get("source") == Source.REPORTED:
        data.setdefault("measure", "")
        data.setdefault("params", {})
    return data


@indicators_router.get(
    "",
    response={200: IndicatorPage, **LIST_PROBLEMS},
    summary="List indicators",
    operation_id=operation_id("indicator_list"),
    url_name="indicator_list",
)
def indicator_list(request: HttpRequest, filters: _query[IndicatorFilters]) -> dict[str, Any]:
    """Paginated, by framework then in their order; `?framework=` gives one framework's (422
    when it is not a framework of this workspace), `?q=` searches the code and name."""
    scope = request_scope(request)
    check_query_params(request, IndicatorFilters.model_fields)
    rows = selectors.indicator_queryset(scope)
    if filters.framework is not None:
        try:
            programme = selectors.programme_get(scope=scope, id=filters.framework)
        except Http404:
            raise ValidationError({"framework": _("Unknown framework.")}) from None
        rows = rows.filter(programme=programme)
    if filters.q:
        rows = rows.filter(Q(code__icontains=filters.q) | Q(name__icontains=filters.q))
    ordered = rows.order_by("programme__start_date", "programme_id", "position", "code", "id")
    return paginate(request, ordered, lambda row: row)


@indicators_router.post(
    "",
    response={201: IndicatorOut, **CREATE_PROBLEMS},
    summary="Create an indicator",
    operation_id=operation_id("indicator_create"),
    url_name="indicator_create",
)
def indicator_create(
    request: HttpRequest, response: HttpResponse, payload: IndicatorIn
) -> Status[Indicator]:
    """On a result (`node_id`) of a framework; its code is unique in the framework. Computed:
    send `measure` (a name from `/measures`) and its `params`; the unit must be the measure's
    and the disaggregations ones it supports. Reported: no measure; its values are entered under
    `/indicators/{id}/values`. A `currency` unit needs a `currency`; a percent baseline is 0 to
    100."""
    scope = write_scope(request, Action.CREATE)
    data = _source_follows_measure(model_data(scope, payload.model_dump(exclude_none=True)))
    indicator = write(indicator_services.indicator_create, scope=scope, data=data)
    return Status(201, tagged(response, indicator))


def _indicator(scope: Scope, id: uuid.UUID) -> Indicator:
    return selectors.indicator_get(scope=scope, id=id)


@indicators_router.get(
    "/{id}",
    response={200: IndicatorOut, **READ_PROBLEMS},
    summary="Read an indicator",
    operation_id=operation_id("indicator_read"),
    url_name="indicator_read",
)
def indicator_read(request: HttpRequest, response: HttpResponse, id: uuid.UUID) -> Indicator:
    """The `ETag` header carries the version, for `If-Match` on the next write."""
    return tagged(response, _indicator(request_scope(request), id))


@indicators_router.patch(
    "/{id}",
    response={200: IndicatorOut, **WRITE_PROBLEMS},
    summary="Change an indicator",
    operation_id=operation_id("indicator_update"),
    url_name="indicator_update",
)
def indicator_update(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: IndicatorPatch
) -> Indicator:
    """Only the fields sent change; a new `node_id` must be in the same framework. A change may
    not strand what the indicator holds: computing one with reported values, dropping the
    country breakdown of per-country figures, or a percent unit with figures above 100 are
    refused (422). With `version` (or `If-Match`), a write based on an older version is refused
    with 409."""
    scope = write_scope(request, Action.CHANGE)
    indicator = _indicator(scope, id)
    data = _source_follows_measure(model_data(scope, sent(payload)))
    updated = write(
        indicator_services.indicator_update,
        scope=scope,
        indicator=indicator,
        data=data,
        expected_version=if_match_version(request, payload.version),
    )
    return tagged(response, updated)


@indicators_router.delete(
    "/{id}",
    response={204: None, **DELETE_PROBLEMS},
    summary="Move an indicator to the trash",
    operation_id=operation_id("indicator_delete"),
    url_name="indicator_delete",
)
def indicator_delete(
    request: HttpRequest, id: uuid.UUID, payload: _body[DeleteInput | None] = None
) -> Status[None]:
    """With its targets and values. `If-Match` (or a body with `version`) refuses a delete based
    on an older version."""
    scope = write_scope(request, Action.DELETE)
    write(
        indicator_services.indicator_delete,
        scope=scope,
        indicator=_indicator(scope, id),
        expected_version=delete_version(request, payload),
    )
    return Status(204, None)


# Targets


@indicators_router.get(
    "/{id}/targets",
    response={200: list[TargetOut], **READ_PROBLEMS},
    summary="List an indicator's targets",
    operation_id=operation_id("target_list"),
)
def target_list(request: HttpRequest, id: uuid.UUID) -> list[Target]:
    """By period, then country ("" for all countries first)."""
    scope = request_scope(request)
    check_query_params(request, ())
    indicator = _indicator(scope, id)
    rows = selectors.target_queryset(scope).filter(indicator=indicator)
    return list(rows.order_by("period", "country", "id"))


@indicators_router.post(
    "/{id}/targets",
    response={201: TargetOut, **ADD_PROBLEMS},
    summary="Set a target",
    operation_id=operation_id("target_create"),
)
def target_create(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: TargetIn
) -> Status[Target]:
    """For a period within the framework's dates (a year, quarter, month or `programme`), for
    all countries or, on an indicator broken down by country, one of the programme's; one per
    period and country. A percent is 0 to 100."""
    scope = write_scope(request, Action.CREATE)
    indicator = _indicator(scope, id)
    target = write(
        value_services.target_create, scope=scope, indicator=indicator, data=payload.model_dump()
    )
    return Status(201, tagged(response, target))


def _target(scope: Scope, id: uuid.UUID, target_id: uuid.UUID) -> Target:
    indicator = _indicator(scope, id)
    return child_of(indicator, selectors.target_get(scope=scope, id=target_id), "indicator")


@indicators_router.patch(
    "/{id}/targets/{target_id}",
    response={200: TargetOut, **WRITE_PROBLEMS},
    summary="Change a target",
    operation_id=operation_id("target_update"),
)
def target_update(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    target_id: uuid.UUID,
    payload: TargetPatch,
) -> Target:
    """Only the fields sent change. With `version` (or `If-Match`), a write based on an older
    version is refused with 409."""
    scope = write_scope(request, Action.CHANGE)
    target = _target(scope, id, target_id)
    updated = write(
        value_services.target_update,
        scope=scope,
        target=target,
        data=sent(payload),
        expected_version=if_match_version(request, payload.version),
    )
    return tagged(response, updated)


@indicators_router.delete(
    "/{id}/targets/{target_id}",
    response={204: None, **DELETE_PROBLEMS},
    summary="Move a target to the trash",
    operation_id=operation_id("target_delete"),
)
def target_delete(
    request: HttpRequest,
    id: uuid.UUID,
    target_id: uuid.UUID,
    payload: _body[DeleteInput | None] = None,
) -> Status[None]:
    """`If-Match` (or a body with `version`) refuses a delete based on an older version."""
    scope = write_scope(request, Action.DELETE)
    write(
        value_services.target_delete,
        scope=scope,
        target=_target(scope, id, target_id),
        expected_version=delete_version(request, payload),
    )
    return Status(204, None)


# Reported values


def _values(scope: Scope) -> QuerySet[ReportedValue]:
    return selectors.reported_value_queryset(scope).select_related("verified_by")


@indicators_router.get(
    "/{id}/values",
    response={200: list[ValueOut], **READ_PROBLEMS},
    summary="List an indicator's reported values",
    operation_id=operation_id("value_list"),
)
def value_list(request: HttpRequest, id: uuid.UUID) -> list[ReportedValue]:
    """By period, then country, with their verification; a computed indicator has none."""
    scope = request_scope(request)
    check_query_params(request, ())
    indicator = _indicator(scope, id)
    return list(_values(scope).filter(indicator=indicator).order_by("period", "country", "id"))


@indicators_router.post(
    "/{id}/values",
    response={201: ValueOut, **ADD_PROBLEMS},
    summary="Report a value",
    operation_id=operation_id("value_create"),
)
def value_create(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: ValueIn
) -> Status[ReportedValue]:
    """Of a reported indicator (a computed one is refused, 422 on `indicator`), for a year,
    quarter or month within the framework's dates, for all countries or one of the programme's
    on an indicator broken down by country; one per period and country. A percent is 0 to 100.
    `verified` records you as the verifier."""
    scope = write_scope(request, Action.CREATE)
    indicator = _indicator(scope, id)
    value = write(
        value_services.reported_value_create,
        scope=scope,
        indicator=indicator,
        data=payload.model_dump(),
    )
    return Status(201, tagged(response, value))


def _value(scope: Scope, id: uuid.UUID, value_id: uuid.UUID) -> ReportedValue:
    indicator = _indicator(scope, id)
    return child_of(indicator, selectors.reported_value_get(scope=scope, id=value_id), "indicator")


@indicators_router.patch(
    "/{id}/values/{value_id}",
    response={200: ValueOut, **WRITE_PROBLEMS},
    summary="Change or verify a reported value",
    operation_id=operation_id("value_update"),
)
def value_update(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    value_id: uuid.UUID,
    payload: ValuePatch,
) -> ReportedValue:
    """Only the fields sent change. `verification_status` moves between `draft`, `submitted`
    and `verified` (you become the verifier, now; leaving `verified` clears who). Changing
    what was verified (period, country, value, source) without sending a status takes it back
    to `submitted`. With `version` (or `If-Match`), a write based on an older version is refused
    with 409."""
    scope = write_scope(request, Action.CHANGE)
    value = _value(scope, id, value_id)
    updated = write(
        value_services.reported_value_update,
        scope=scope,
        value=value,
        data=sent(payload),
        expected_version=if_match_version(request, payload.version),
    )
    return tagged(response, updated)


@indicators_router.delete(
    "/{id}/values/{value_id}",
    response={204: None, **DELETE_PROBLEMS},
    summary="Move a reported value to the trash",
    operation_id=operation_id("value_delete"),
)
def value_delete(
    request: HttpRequest,
    id: uuid.UUID,
    value_id: uuid.UUID,
    payload: _body[DeleteInput | None] = None,
) -> Status[None]:
    """`If-Match` (or a body with `version`) refuses a delete based on an older version."""
    scope = write_scope(request, Action.DELETE)
    write(
        value_services.reported_value_delete,
        scope=scope,
        value=_value(scope, id, value_id),
        expected_version=delete_version(request, payload),
    )
    return Status(204, None)


# Actuals

ACTUALS_PARAMS = ("period", "from", "to", "by")


@indicators_router.get(
    "/{id}/actuals",
    response={200: ActualsOut, **READ_PROBLEMS},
    summary="Read an indicator's actuals",
    operation_id=operation_id("indicator_actuals"),
)
def indicator_actuals(
    request: HttpRequest, id: uuid.UUID, query: _query[ActualsQuery]
) -> dict[str, Any]:
    """Computed and reported indicators alike, one row per period (and key, with `by`) in
    [`from`, `to`] (the programme's dates when left out) that has a value or a target, with the
    target set for that period (and country) and the baseline. A computed indicator's values are
    counted from the record as you may see it; a reported one's are its values, a finer period's
    added into the coarser one asked for (except percents). `by` must be one of the indicator's
    disaggregations (422 on `by` otherwise). Figures are exact decimal strings."""
    scope = request_scope(request)
    check_query_params(request, ACTUALS_PARAMS)
    indicator = _indicator(scope, id)
    start = query.from_ or indicator.programme.start_date
    end = query.to or indicator.programme.end_date
    if end < start:
        raise ValidationError({"to": _("The end comes before the start.")})
    actuals = selectors.indicator_actuals(
        scope=scope,
        indicator=indicator,
        granularity=query.period,
        start=start,
        end=end,
        by=query.by,
    )
    return _actuals_json(actuals, query, start, end)


def _actuals_json(
    actuals: Mapping[str, Any], query: ActualsQuery, start: dt.date, end: dt.date
) -> dict[str, Any]:
    return {
        "indicator_id": actuals["indicator_id"],
        "unit": actuals["unit"],
        "period": query.period,
        "start": start,
        "end": end,
        "by": query.by,
        "rows": [
            {
                "period": row["period"],
                "key": row["key"],
                "value": figure_text(row["value"]),
                "target": figure_text(row["target"]),
                "baseline": figure_text(row["baseline"]),
            }
            for row in actuals["rows"]
        ],
    }


# Measures

measures_router = Router(tags=["measures"])


def measure_json(measure: Measure) -> dict[str, Any]:
    """A measure as `/measures` shows it: what a form needs to offer its parameters."""
    return {
        "name": measure.name,
        "label": str(measure.label),
        "unit": measure.unit,
        "additive": measure.additive,
        "disaggregations": list(measure.disaggregations),
        "record_model": measure.record_model,
        "params": [
            {
                "name": name,
                "kind": spec.kind,
                "label": str(spec.label),
                "required": spec.required,
                "default": str(spec.default)
                if spec.default is not None and spec.kind == "decimal"
                else spec.default,
                "choices": list(spec.choices),
                "minimum": None if spec.minimum is None else str(spec.minimum),
                "maximum": None if spec.maximum is None else str(spec.maximum),
                "places": spec.places,
            }
            for name, spec in measure.params.items()
        ],
    }


@measures_router.get(
    "",
    response={200: list[MeasureOut], **LIST_PROBLEMS},
    summary="List the measures",
    operation_id=operation_id("measure_list"),
)
def measure_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The fixed set of ways a computed indicator's value is counted from the record
    (docs/results-measures.md defines each), with their parameters: a `choice` is one of
    `choices`, `choices` a list of them, a `decimal` a decimal string within `minimum` and
    `maximum`. An indicator computed by a measure has its `unit` and only its
    `disaggregations`; `additive` says whether the broken-down values add up to the total."""
    request_scope(request)
    check_query_params(request, ())
    return [measure_json(measure) for measure in MEASURES.values()]


routers: dict[str, Router] = {
    "/frameworks": frameworks_router,
    "/indicators": indicators_router,
    "/measures": measures_router,
}
