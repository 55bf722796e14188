"""The figures of a period report: what the team did between two dates (optionally in some
countries), read through the apps' scoped selectors in a fixed number of queries whatever the
size of the record, each figure traceable to the ids of the records it counts.

Definitions (docs/reports.md, "The period report", says the same for readers):

- **In the period**: an engagement whose dates overlap [start, end] (it starts on or before
  `end` and ends on or after `start`). Every engagement record is counted once, under its own
  kind: a field visit with a meeting and a seminar as parts counts one field visit, one meeting
  and one seminar (3 engagements, of which 2 are parts); a part is never counted again inside
  its visit, nor the visit inside its parts.
- **Countries**: an engagement's own country; a part without a country takes its visit's.
  Opportunities go by their counterpart organisation's country, agreements by their parties'
  (any party in one of the countries), follow-ups by their engagement's country or else their
  counterpart organisation's.
- **People reached**: distinct people among the participants the reader may see (the
  engagement page's rule: people with lived experience only for owners and managers), across
  every engagement in the period; a person at two engagements is one person. By sex (the
  person's record; blank is "not recorded") and with lived experience: counted, never named.
  In a public report a count by sex or of lived experience below the workspace's threshold
  reads "fewer than N"; when only one would be hidden the next smallest is hidden too, and when
  there is no other to hide the total is hidden as well, so no subtraction reveals it.
- **Organisations reached**: distinct organisations among the hosts of those engagements and
  the organisations taking part (directly or through a participant's organisation).
  Coordination bodies are not counted as organisations.
- **Reach**: per metric, the sum over the engagements of each one's latest reading (a revised
  reading replaces the earlier one; readings belong to one engagement, so nothing is counted
  twice).
- **Trainings**: the learning side (learning.Training) of engagements in the period. Enrolled
  = live enrolments still enrolled or completed (not invited, not withdrawn); completed =
  status completed; completion rate = completed / enrolled. Knowledge gain as on the training
  dashboard (docs/learning-statistics.md): matched pairs of live pre- and post-tests over all
  live enrolments, with enlace.learning.stats.summarize; the "all trainings" row pools every
  pair.
- **Pipeline**: the open opportunities (not won, lost or withdrawn) as they stand when the
  report is drafted, by stage, with their amounts summed per currency (never across
  currencies). Won and lost: opportunities whose last closing move (StageChange) within the
  period was to won or lost.
- **Agreements**: active during the period = not a draft, and its start and end (either may
  be open) overlap the period; new = signed in the period, or, without a signing date,
  recorded in it. Values are summed per currency.
- **Follow-ups**: those due in the period, by their status now: done, dropped and open; open
  ones due before min(end, today) are overdue.

The report names nobody (it lists organisations and titles), so `names_withheld` is 0.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries as country_names

from enlace.core.scoping import Scope
from enlace.engagements.models import (
    Engagement,
    EngagementKind,
    FollowUpStatus,
    ReachMetric,
)
from enlace.engagements.selectors import (
    engagement_queryset,
    follow_up_queryset,
    participants_visible,
    reach_latest,
)
from enlace.learning import stats
from enlace.learning.models import Enrollment, EnrollmentStatus, Phase, Response
from enlace.learning.selectors.records import training_queryset
from enlace.partnerships.models import (
    CLOSING_STAGES,
    AgreementParty,
    AgreementStatus,
    Stage,
    StageChange,
)
from enlace.partnerships.selectors.agreements import agreement_queryset
from enlace.partnerships.selectors.opportunities import opportunity_queryset
from enlace.stakeholders.models import Organization, Sex
from enlace.web import charts

# Enrolments that count as enrolled: the invited have not joined, the withdrawn have left.
ENROLLED = frozenset({EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED})
OPEN_STAGES = tuple(s for s in Stage if s not in CLOSING_STAGES)
UNSPECIFIED = "unspecified"
TOP_ORGANIZATIONS = 10
CENTS = Decimal("0.01")


class _Trace:
    """The figures of one report: each registered once under its ref, with its records."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.entries: dict[str, dict[str, Any]] = {}

    def add(
        self,
        ref: str,
        label: str,
        value: Any,
        records: dict[str, list[Any]] | None = None,
        *,
        suppressed: bool = False,
    ) -> dict[str, Any]:
        """Registers a figure and returns what the template writes (the report_markdown `fig`
        filters read it). A suppressed count keeps neither its value nor its ids: either would
        reveal it; the template writes "fewer than <threshold>" instead."""
        if suppressed:
            value, records = None, {}
        kept = {k: sorted({str(i) for i in ids}) for k, ids in (records or {}).items() if ids}
        self.entries[ref] = {"label": label, "value": value, "records": kept}
        figure: dict[str, Any] = {"ref": ref, "value": value, "suppressed": suppressed}
        if suppressed:
            figure["threshold"] = self.threshold
        return figure


def _one_decimal(value: float) -> str:
    """Rounded half up in the active language (number_format alone would cut 19.99 to 19.9)."""
    rounded = Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return formats.number_format(rounded, decimal_pos=1, force_grouping=True)


def _money(amount: Decimal) -> str:
    return str(amount.quantize(CENTS))


def _by_currency(rows: Sequence[tuple[Any, Decimal | None, str]]) -> dict[str, Any]:
    """currency -> (sum, ids of the records with an amount in it)."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    ids: dict[str, list[Any]] = defaultdict(list)
    for pk, amount, currency in rows:
        if amount is not None and currency:
            sums[currency] += amount
            ids[currency].append(pk)
    return {c: (sums[c], ids[c]) for c in sorted(sums)}


def _amounts(
    trace: _Trace, ref: str, label: str, kind: str, rows: Sequence[tuple[Any, Decimal | None, str]]
) -> list[dict[str, Any]]:
    return [
        {
            "currency": currency,
            "amount": trace.add(
                f"{ref}.{currency.lower()}",
                _("%(label)s, in %(currency)s") % {"label": label, "currency": currency},
                _money(total),
                {kind: ids},
            ),
        }
        for currency, (total, ids) in _by_currency(rows).items()
    ]


def _hidden_by_sex(
    counts: dict[str, int], *, threshold: int, public: bool
) -> tuple[set[str], bool]:
    """The categories to hide, and whether the total must go too (see the module docstring)."""
    if not public:
        return set(), False
    small = {k for k, n in counts.items() if 0 < n < threshold}
    if len(small) == 1:
        others = sorted((n, k) for k, n in counts.items() if k not in small and n > 0)
        if not others:
            return small, True
        small.add(others[0][1])
    return small, False


def period_figures(
    *,
    scope: Scope,
    start: dt.date,
    end: dt.date,
    countries: Sequence[str] = (),
    audience: str,
    language: str,
) -> dict[str, Any]:
    """Everything a period report states, JSON-able, in ten queries whatever the number of
    engagements, people, trainings or opportunities (a partner's scope adds the lookup of its
    organisation's units, once). Labels are in `language`; dates stay ISO strings."""
    public = audience == "public"
    threshold = scope.workspace.small_count_threshold
    codes = sorted({c.strip().upper() for c in countries if c and c.strip()})
    today = timezone.localdate()
    trace = _Trace(threshold)
    with translation.override(language):
        period = engagement_queryset(scope).filter(start_date__lte=end, end_date__gte=start)
        if codes:
            period = period.filter(Q(country__in=codes) | Q(country="", parent__country__in=codes))
        engagements = _engagements(trace, period, codes)
        people, organizations = _reach_people(
            trace, scope, period, engagements["rows"], threshold=threshold, public=public
        )
        reach = _reach(trace, period)
        trainings = _trainings(trace, scope, period)
        pipeline = _pipeline(trace, scope, codes, start, end)
        agreements = _agreements(trace, scope, codes, start, end)
        follow_ups = _follow_ups(trace, scope, codes, start, end, today)
        chart_map = _charts(engagements, trainings, pipeline)
        return {
            "report": "period",
            "audience": audience,
            "language": language,
            "small_count_threshold": threshold,
            "period": {"start": start.isoformat(), "end": end.isoformat()},
            "countries": [{"code": c, "name": str(country_names.name(c))} for c in codes],
            "engagements": {k: v for k, v in engagements.items() if k != "rows"},
            "people": people,
            "organizations": organizations,
            "reach": reach,
            "trainings": trainings,
            "pipeline": pipeline,
            "agreements": agreements,
            "follow_ups": follow_ups,
            "names_withheld": 0,
            "trace": trace.entries,
            "charts": chart_map,
        }


def _country(engagement: Engagement) -> str:
    """An engagement's country, a part without one taking its visit's."""
    if engagement.country:
        return str(engagement.country.code)
    if engagement.parent_id is not None and engagement.parent is not None:
        return str(engagement.parent.country.code) if engagement.parent.country else ""
    return ""


def _engagements(trace: _Trace, period: QuerySet[Engagement], codes: list[str]) -> dict[str, Any]:
    rows = list(
        period.select_related("host_organization", "parent").order_by(
            "start_date", "title_key", "id"
        )
    )
    by_kind: dict[str, list[Any]] = defaultdict(list)
    by_country: dict[str, list[Any]] = defaultdict(list)
    for e in rows:
        by_kind[e.kind].append(e.pk)
        by_country[_country(e)].append(e.pk)
    parts = [e.pk for e in rows if e.parent_id is not None]
    top = [e.pk for e in rows if e.parent_id is None]
    kinds = [
        {
            "kind": str(kind),
            "label": str(kind.label),
            "count": trace.add(
                f"engagements.kind.{kind}",
                _("Engagements of kind %(kind)s") % {"kind": kind.label},
                len(by_kind[kind]),
                {"engagement": by_kind[kind]},
            ),
        }
        for kind in EngagementKind
        if by_kind.get(kind)
    ]
    by_place = []
    for code, ids in sorted(
        by_country.items(),
        key=lambda item: (-len(item[1]), item[0] == "", str(country_names.name(item[0]) or "")),
    ):
        name = str(country_names.name(code)) if code else _("No country recorded")
        by_place.append(
            {
                "code": code,
                "name": name,
                "count": trace.add(
                    f"engagements.country.{code.lower() or 'none'}",
                    _("Engagements in %(country)s") % {"country": name}
                    if code
                    else _("Engagements with no country recorded"),
                    len(ids),
                    {"engagement": ids},
                ),
            }
        )
    places = [code for code in by_country if code]
    return {
        "rows": rows,
        "total": trace.add(
            "engagements",
            _("Engagements in the period"),
            len(rows),
            {"engagement": [e.pk for e in rows]},
        ),
        "top_level": trace.add(
            "engagements.top_level",
            _("Engagements that are not part of another"),
            len(top),
            {"engagement": top},
        ),
        "parts": trace.add(
            "engagements.parts",
            _("Engagements that are parts of a visit"),
            len(parts),
            {"engagement": parts},
        ),
        "countries": trace.add(
            "engagements.countries",
            _("Countries where engagements took place"),
            len(places),
            {"engagement": [e.pk for e in rows if _country(e)]},
        ),
        "by_kind": kinds,
        "by_country": by_place,
    }


def _reach_people(
    trace: _Trace,
    scope: Scope,
    period: QuerySet[Engagement],
    rows: list[Engagement],
    *,
    threshold: int,
    public: bool,
) -> tuple[dict[str, Any], dict[str, Any]]:
    people: dict[Any, Any] = {}
    orgs: dict[Any, Organization] = {}
    org_engagements: dict[Any, set[Any]] = defaultdict(set)

    def reached(org: Organization | None, engagement_id: Any) -> None:
        if org is not None and org.deleted_at is None:
            orgs.setdefault(org.pk, org)
            org_engagements[org.pk].add(engagement_id)

    for e in rows:
        reached(e.host_organization if e.host_organization_id else None, e.pk)
    for p in participants_visible(scope, period.values("pk")):
        if p.person is not None:
            people.setdefault(p.person.pk, p.person)
            reached(p.person.organization if p.person.organization_id else None, p.engagement_id)
        reached(p.organization, p.engagement_id)

    sex_ids: dict[str, list[Any]] = defaultdict(list)
    lived: list[Any] = []
    for pk, person in people.items():
        sex_ids[person.sex or UNSPECIFIED].append(pk)
        if person.lived_experience:
            lived.append(pk)
    labels = {str(v): str(label) for v, label in Sex.choices} | {UNSPECIFIED: _("Not recorded")}
    counts = {k: len(v) for k, v in sex_ids.items()}
    hidden, hide_total = _hidden_by_sex(counts, threshold=threshold, public=public)
    by_sex = [
        {
            "category": category,
            "label": labels[category],
            "count": trace.add(
                f"people.sex.{category}",
                _("People reached: %(sex)s") % {"sex": labels[category]},
                counts[category],
                {"person": sex_ids[category]},
                suppressed=category in hidden,
            ),
        }
        for category in labels
        if counts.get(category)
    ]
    lived_figure = (
        trace.add(
            "people.lived_experience",
            _("People reached with lived experience"),
            len(lived),
            {"person": lived},
            suppressed=public and len(lived) < threshold,
        )
        if lived
        else None
    )
    people_figures = {
        "total": trace.add(
            "people",
            _("People reached"),
            len(people),
            {"person": list(people)},
            suppressed=hide_total,
        ),
        "by_sex": by_sex,
        "lived_experience": lived_figure,
    }
    ranked = sorted(orgs.values(), key=lambda o: (-len(org_engagements[o.pk]), o.name.casefold()))
    organizations = {
        "total": trace.add(
            "organizations", _("Organisations reached"), len(orgs), {"organization": list(orgs)}
        ),
        "top": [
            {
                "id": str(o.pk),
                "name": o.name,
                "engagements": trace.add(
                    f"organizations.{o.pk}",
                    _("Engagements with %(organization)s") % {"organization": o.name},
                    len(org_engagements[o.pk]),
                    {"engagement": list(org_engagements[o.pk]), "organization": [o.pk]},
                ),
            }
            for o in ranked[:TOP_ORGANIZATIONS]
        ],
    }
    return people_figures, organizations


def _reach(trace: _Trace, period: QuerySet[Engagement]) -> list[dict[str, Any]]:
    totals: dict[str, int] = defaultdict(int)
    ids: dict[str, list[Any]] = defaultdict(list)
    for latest in reach_latest(engagements=period).values():
        for metric, reading in latest.items():
            totals[metric] += reading.value
            ids[metric].append(reading.pk)
    return [
        {
            "metric": str(metric),
            "label": str(metric.label),
            "value": trace.add(
                f"reach.{metric}",
                _("%(metric)s (latest reading of each engagement, added up)")
                % {"metric": metric.label},
                totals[metric],
                {"reach_reading": ids[metric]},
            ),
        }
        for metric in ReachMetric
        if metric in totals
    ]


def _score_figures(
    trace: _Trace, ref: str, title: str, enrolments: list[Any], scores: dict[Any, dict[str, float]]
) -> dict[str, Any]:
    """One row of the trainings table (a training, or all of them with `ref` "trainings")."""
    enrolled = [pk for pk, status in enrolments if status in ENROLLED]
    completed = [pk for pk, status in enrolments if status == EnrollmentStatus.COMPLETED]
    pairs = [
        stats.Pair(key=pk, pre=s[Phase.PRE], post=s[Phase.POST])
        for pk, _status in enrolments
        if (s := scores.get(pk)) and Phase.PRE in s and Phase.POST in s
    ]
    summary = stats.summarize(pairs)
    paired = [p.key for p in pairs]
    ci = summary["gain_ci95"]

    def figure(key: str, label: str, value: Any, ids: list[Any]) -> dict[str, Any]:
        return trace.add(
            f"{ref}.{key}", f"{title}: {label}", value, {"enrollment": ids} if ids else {}
        )

    rate = 100.0 * len(completed) / len(enrolled) if enrolled else None
    return {
        "enrolled": figure("enrolled", _("enrolled"), len(enrolled), enrolled),
        "completed": figure("completed", _("completed"), len(completed), completed),
        "completion_rate": figure(
            "completion_rate", _("completion rate (percent)"), rate, enrolled
        ),
        "matched_pairs": figure("matched_pairs", _("matched pre/post pairs"), len(pairs), paired),
        "mean_pre": figure("mean_pre", _("mean pre-test score"), summary["mean_pre"], paired),
        "mean_post": figure("mean_post", _("mean post-test score"), summary["mean_post"], paired),
        "mean_gain": figure(
            "mean_gain", _("mean gain (percentage points)"), summary["mean_gain"], paired
        ),
        "gain_ci95": figure(
            "gain_ci95",
            _("95% confidence interval of the mean gain"),
            None
            if ci is None
            else _("%(low)s to %(high)s")
            % {
                "low": _one_decimal(ci[0]),
                "high": _one_decimal(ci[1]),
            },
            paired if ci is not None else [],
        ),
        "gain_ci95_values": ci,
        "share_gain_20": figure(
            "share_gain_20",
            _("share with a gain of at least 20 points (percent)"),
            None
            if summary["share_gain_at_least_20"] is None
            else 100.0 * summary["share_gain_at_least_20"],
            paired,
        ),
    }


def _trainings(trace: _Trace, scope: Scope, period: QuerySet[Engagement]) -> dict[str, Any]:
    in_period = training_queryset(scope).filter(engagement_id__in=period.values("pk"))
    trainings = list(
        in_period.select_related("engagement").order_by(
            "engagement__start_date", "engagement__title_key", "id"
        )
    )
    # Subqueries rather than lists of ids: the same queries for no training or a hundred.
    live = Enrollment.objects.filter(
        workspace=scope.workspace, training_id__in=in_period.values("pk")
    )
    enrolments: dict[Any, list[tuple[Any, str]]] = defaultdict(list)
    for pk, training_id, status in live.values_list("id", "training_id", "status"):
        enrolments[training_id].append((pk, status))
    scores: dict[Any, dict[str, float]] = defaultdict(dict)
    responses = Response.objects.filter(
        workspace=scope.workspace,
        enrollment__in=live.values("id"),
        phase__in=(Phase.PRE, Phase.POST),
        instrument__training_id__in=in_period.values("pk"),
    ).values_list("enrollment_id", "phase", "points_earned", "points_possible")
    for enrollment_id, phase, earned, possible in responses:
        if possible:  # an instrument without scored items is no knowledge test
            scores[enrollment_id][phase] = 100.0 * earned / possible
    rows = []
    for t in trainings:
        e = t.engagement
        rows.append(
            {
                "engagement_id": str(e.pk),
                "title": e.title,
                "kind_label": str(e.get_kind_display()),
                "start_date": e.start_date.isoformat(),
                "end_date": e.end_date.isoformat(),
                **_score_figures(trace, f"training.{e.pk}", e.title, enrolments[t.pk], scores),
            }
        )
    everyone = [row for t in trainings for row in enrolments[t.pk]]
    total = _score_figures(trace, "trainings", _("All trainings"), everyone, scores)
    return {
        "count": trace.add(
            "trainings.count",
            _("Trainings in the period"),
            len(trainings),
            {"engagement": [t.engagement_id for t in trainings]},
        ),
        "rows": rows,
        "all": total if rows else None,
    }


def _pipeline(
    trace: _Trace, scope: Scope, codes: list[str], start: dt.date, end: dt.date
) -> dict[str, Any]:
    visible = opportunity_queryset(scope)
    if codes:
        visible = visible.filter(counterpart_organization__country__in=codes)
    open_rows = list(
        visible.filter(stage__in=OPEN_STAGES).values_list("id", "stage", "amount", "currency")
    )
    by_stage: dict[str, list[tuple[Any, Decimal | None, str]]] = defaultdict(list)
    for pk, stage, amount, currency in open_rows:
        by_stage[stage].append((pk, amount, currency))
    stages = []
    for stage in OPEN_STAGES:
        found = by_stage.get(stage)
        if not found:
            continue
        label = str(stage.label)
        ref = f"pipeline.stage.{stage}"
        stages.append(
            {
                "stage": str(stage),
                "label": label,
                "count": trace.add(
                    ref,
                    _("Open opportunities at stage %(stage)s") % {"stage": label},
                    len(found),
                    {"opportunity": [r[0] for r in found]},
                ),
                "amounts": _amounts(
                    trace,
                    ref,
                    _("Amount of the opportunities at stage %(stage)s") % {"stage": label},
                    "opportunity",
                    found,
                ),
            }
        )
    # The last closing move within the period decides (won, then reopened and lost: lost).
    closed: dict[Any, tuple[str, Decimal | None, str]] = {}
    moves = (
        StageChange.objects.filter(
            workspace=scope.workspace,
            opportunity__in=visible.values("pk"),
            stage__in=(Stage.WON, Stage.LOST),
            at__date__gte=start,
            at__date__lte=end,
        )
        .order_by("at", "id")
        .values_list("opportunity_id", "stage", "opportunity__amount", "opportunity__currency")
    )
    for opportunity_id, stage, amount, currency in moves:
        closed[opportunity_id] = (stage, amount, currency)

    def outcome(stage: str, label: str) -> dict[str, Any]:
        found = [(pk, a, c) for pk, (s, a, c) in closed.items() if s == stage]
        ref = f"pipeline.{stage}"
        return {
            "count": trace.add(ref, label, len(found), {"opportunity": [r[0] for r in found]}),
            "amounts": _amounts(trace, ref, label, "opportunity", found),
        }

    return {
        "open": trace.add(
            "pipeline.open",
            _("Open opportunities"),
            len(open_rows),
            {"opportunity": [r[0] for r in open_rows]},
        ),
        "amounts": _amounts(
            trace,
            "pipeline.open",
            _("Amount of the open opportunities"),
            "opportunity",
            [(pk, a, c) for pk, _s, a, c in open_rows],
        ),
        "by_stage": stages,
        "won": outcome(Stage.WON, _("Opportunities won in the period")),
        "lost": outcome(Stage.LOST, _("Opportunities lost in the period")),
    }


def _agreements(
    trace: _Trace, scope: Scope, codes: list[str], start: dt.date, end: dt.date
) -> dict[str, Any]:
    qs = agreement_queryset(scope)
    if codes:
        qs = qs.filter(
            Exists(
                AgreementParty.objects.filter(
                    agreement_id=OuterRef("pk"), organization__country__in=codes
                )
            )
        )
    active_q = (
        ~Q(status=AgreementStatus.DRAFT)
        & (Q(start_date__isnull=True) | Q(start_date__lte=end))
        & (Q(end_date__isnull=True) | Q(end_date__gte=start))
    )
    signed_q = Q(signed_on__gte=start, signed_on__lte=end) | Q(
        signed_on__isnull=True, created_at__date__gte=start, created_at__date__lte=end
    )
    rows = list(qs.filter(active_q | signed_q).order_by("title_key", "id"))
    active = [a for a in rows if _is_active(a, start, end)]
    new = sorted(
        (a for a in rows if _is_new(a, start, end)),
        key=lambda a: (a.signed_on or timezone.localtime(a.created_at).date(), a.title_key),
    )
    return {
        "active": trace.add(
            "agreements.active",
            _("Agreements active during the period"),
            len(active),
            {"agreement": [a.pk for a in active]},
        ),
        "new": trace.add(
            "agreements.new",
            _("Agreements signed (or recorded) in the period"),
            len(new),
            {"agreement": [a.pk for a in new]},
        ),
        "new_amounts": _amounts(
            trace,
            "agreements.new",
            _("Value of the agreements signed in the period"),
            "agreement",
            [(a.pk, a.value, a.currency) for a in new],
        ),
        "new_list": [
            {
                "id": str(a.pk),
                "title": a.title,
                "kind_label": str(a.get_kind_display()),
                "status_label": str(a.get_status_display()),
                "signed_on": a.signed_on.isoformat() if a.signed_on else None,
                "value": _money(a.value) if a.value is not None else None,
                "currency": a.currency,
            }
            for a in new
        ],
    }


def _is_active(agreement: Any, start: dt.date, end: dt.date) -> bool:
    return (
        agreement.status != AgreementStatus.DRAFT
        and (agreement.start_date is None or agreement.start_date <= end)
        and (agreement.end_date is None or agreement.end_date >= start)
    )


def _is_new(agreement: Any, start: dt.date, end: dt.date) -> bool:
    day = agreement.signed_on or timezone.localtime(agreement.created_at).date()
    return start <= day <= end


def _follow_ups(
    trace: _Trace, scope: Scope, codes: list[str], start: dt.date, end: dt.date, today: dt.date
) -> dict[str, Any]:
    qs = follow_up_queryset(scope).filter(due_date__gte=start, due_date__lte=end)
    if codes:
        qs = qs.filter(
            Q(engagement__country__in=codes)
            | Q(engagement__country="", engagement__parent__country__in=codes)
            | Q(engagement__isnull=True, counterpart_organization__country__in=codes)
        )
    rows = list(qs.values_list("id", "status", "due_date"))
    cutoff = min(end, today)
    statuses: dict[str, list[Any]] = defaultdict(list)
    for pk, status, due in rows:
        statuses[status].append(pk)
        if status == FollowUpStatus.OPEN and due is not None and due < cutoff:
            statuses["overdue"].append(pk)
    return {
        "due": trace.add(
            "followups.due",
            _("Follow-ups due in the period"),
            len(rows),
            {"follow_up": [r[0] for r in rows]},
        ),
        "done": trace.add(
            "followups.done",
            _("Follow-ups due in the period and done"),
            len(statuses[FollowUpStatus.DONE]),
            {"follow_up": statuses[FollowUpStatus.DONE]},
        ),
        "open": trace.add(
            "followups.open",
            _("Follow-ups due in the period and still open"),
            len(statuses[FollowUpStatus.OPEN]),
            {"follow_up": statuses[FollowUpStatus.OPEN]},
        ),
        "overdue": trace.add(
            "followups.overdue",
            _("Open follow-ups overdue"),
            len(statuses["overdue"]),
            {"follow_up": statuses["overdue"]},
        ),
        "dropped": trace.add(
            "followups.dropped",
            _("Follow-ups due in the period and dropped"),
            len(statuses[FollowUpStatus.DROPPED]),
            {"follow_up": statuses[FollowUpStatus.DROPPED]},
        ),
    }


def _chart(chart: charts.Chart) -> dict[str, Any]:
    return {"title": chart.title, "description": chart.description, "spec": chart.spec}


def _charts(
    engagements: dict[str, Any], trainings: dict[str, Any], pipeline: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """The report's charts (greyscale-readable builders: values written on every bar)."""
    found: dict[str, dict[str, Any]] = {}
    if engagements["by_kind"]:
        found["engagements-by-kind"] = _chart(
            charts.bars(
                [{"c": r["label"], "v": r["count"]["value"]} for r in engagements["by_kind"]],
                category="c",
                value="v",
                title=_("Engagements by kind"),
                value_title=_("Engagements"),
                category_title=_("Kind"),
                chart_id="engagements-by-kind",
            )
        )
        found["engagements-by-country"] = _chart(
            charts.bars(
                [{"c": r["name"], "v": r["count"]["value"]} for r in engagements["by_country"]],
                category="c",
                value="v",
                title=_("Engagements by country"),
                value_title=_("Engagements"),
                category_title=_("Country"),
                chart_id="engagements-by-country",
            )
        )
    scored = [r for r in trainings["rows"] if r["matched_pairs"]["value"]]
    if scored:
        titles = Counter(r["title"] for r in scored)
        pre, post = _("Pre-test"), _("Post-test")
        rows = []
        for r in scored:
            name = r["title"]
            if titles[name] > 1:
                name = f"{name} ({r['start_date']})"
            rows.append({"c": name, "s": pre, "v": r["mean_pre"]["value"]})
            rows.append({"c": name, "s": post, "v": r["mean_post"]["value"]})
        found["training-scores"] = _chart(
            charts.grouped_bars(
                rows,
                category="c",
                series="s",
                value="v",
                title=_("Mean scores before and after each training"),
                value_title=_("Mean score"),
                category_title=_("Training"),
                series_order=[pre, post],
                chart_id="training-scores",
            )
        )
    if pipeline["by_stage"]:
        found["pipeline-by-stage"] = _chart(
            charts.bars(
                [{"c": r["label"], "v": r["count"]["value"]} for r in pipeline["by_stage"]],
                category="c",
                value="v",
                title=_("Open opportunities by stage"),
                value_title=_("Opportunities"),
                category_title=_("Stage"),
                chart_id="pipeline-by-stage",
            )
        )
    return found
