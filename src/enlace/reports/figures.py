"""The figures of a field visit report: plain JSON-able data read through the scoped selectors,
each figure carrying the ids of the records it counts, in a fixed number of queries.

Labels are in the report's language; dates stay ISO strings (drafts.py formats them)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext as _

from enlace.core.scoping import Scope
from enlace.engagements.models import (
    AudienceCount,
    AudienceDimension,
    Engagement,
    FollowUpStatus,
    Outcome,
    Participant,
    ReachMetric,
)
from enlace.engagements.selectors import (
    engagement_queryset,
    follow_up_queryset,
    participants_visible,
    reach_latest,
)
from enlace.partnerships.selectors.opportunities import opportunity_queryset
from enlace.reports.naming import NameCounter, may_be_named
from enlace.stakeholders.models import Discipline, Organization, Sex

RELATED_LIMIT = 10
# The reach a field visit report quotes, in this order.
REPORTED_METRICS = (
    ReachMetric.IN_PERSON_ATTENDEES,
    ReachMetric.VIRTUAL_LIVE_VIEWERS,
    ReachMetric.RECORDING_VIEWS,
)


def _url(scope: Scope, engagement_id: Any, *, audience: str) -> str:
    if audience != "internal":
        return ""  # no links into the application in a public report
    return f"/w/{scope.workspace.slug}/engagements/{engagement_id}/"


def _organization(org: Organization) -> dict[str, Any]:
    return {"id": str(org.pk), "name": org.name}


def _engagement(scope: Scope, engagement: Engagement, *, audience: str) -> dict[str, Any]:
    host = engagement.host_organization if engagement.host_organization_id else None
    internal = audience == "internal"
    return {
        "id": str(engagement.pk),
        "title": engagement.title,
        "kind": engagement.kind,
        "kind_label": str(engagement.get_kind_display()),
        "mode": engagement.mode,
        "mode_label": str(engagement.get_mode_display()),
        "start_date": engagement.start_date.isoformat(),
        "end_date": engagement.end_date.isoformat(),
        "country": str(engagement.country.code) if engagement.country else "",
        "country_name": str(engagement.country.name) if engagement.country else "",
        "city": engagement.city,
        "venue": engagement.venue,
        "host": _organization(host) if host is not None else None,
        "objectives": engagement.objectives,
        "summary": engagement.summary,
        "notes": engagement.notes if internal else "",
        "url": _url(scope, engagement.pk, audience=audience),
    }


def _participants(scope: Scope, engagement_ids: list[Any]) -> list[Participant]:
    """The participants the asker may see (the engagement page's rule)."""
    return list(participants_visible(scope, engagement_ids))


def _small(rows: list[dict[str, Any]], *, threshold: int, public: bool) -> list[dict[str, Any]]:
    """Counts of people below the threshold become "fewer than N" in a public report; when only
    one would be hidden, the next smallest is hidden too, so no total reveals it."""
    for row in rows:
        row["suppressed"] = False
    if not public:
        return rows
    small = [r for r in rows if 0 < r["count"] < threshold]
    if len(small) == 1:
        others = sorted((r for r in rows if r not in small), key=lambda r: r["count"])
        if others:
            small.append(others[0])
    for row in small:
        row.update(suppressed=True, count=None, ids=[])
    return rows


def figure_ref(*parts: Any) -> str:
    """A figure's ref (`reach.<engagement-id>.recording_views`): the parts joined by dots; the
    template writes the same refs in its `#fig-` links."""
    return ".".join(str(part) for part in parts)


def _entry(label: str, value: Any, **records: list[str]) -> dict[str, Any]:
    """One trace entry; a suppressed count (value None) names no record."""
    kept = {kind: list(ids) for kind, ids in records.items() if ids} if value is not None else {}
    return {"label": label, "value": value, "records": kept}


def _trace(*, sections: list[dict[str, Any]], has_children: bool) -> dict[str, Any]:
    """What each figure the template writes counts, by ref (active language: the report's)."""
    trace: dict[str, Any] = {}
    if has_children:
        trace["parts"] = _entry(
            _("Parts of the visit"),
            len(sections),
            engagement=[section["id"] for section in sections],
        )
    for section in sections:
        for dimension, heading in (
            ("discipline", _("audience by discipline")),
            ("sex", _("audience by sex")),
        ):
            for row in section["audience"][dimension]["rows"]:
                trace[figure_ref("audience", section["id"], dimension, row["category"])] = _entry(
                    _("%(part)s, %(breakdown)s: %(category)s")
                    % {"part": section["title"], "breakdown": heading, "category": row["label"]},
                    row["count"],
                    audience_count=row["ids"],
                )
        lived = section["lived_experience"]
        if lived is not None:
            trace[figure_ref("lived", section["id"])] = _entry(
                _("%(part)s: people with lived experience") % {"part": section["title"]},
                lived["count"],
                person=lived["ids"],
            )
        for row in section["reach"]:
            trace[figure_ref("reach", section["id"], row["metric"])] = _entry(
                _("%(part)s: %(measure)s") % {"part": section["title"], "measure": row["label"]},
                row["value"],
                reach_reading=row["ids"],
            )
    return trace


def _breakdown(
    counts: list[AudienceCount], labels: dict[str, str], *, threshold: int, public: bool
) -> dict[str, Any]:
    order = list(labels)
    rows: list[dict[str, Any]] = [
        {
            "category": c.category,
            "label": labels.get(c.category, c.category),
            "count": c.count,
            "ids": [str(c.pk)],
        }
        for c in sorted(
            counts,
            key=lambda c: order.index(c.category) if c.category in order else len(order),
        )
        if c.count > 0
    ]
    rows = _small(rows, threshold=threshold, public=public)
    hidden = any(r["suppressed"] for r in rows)
    total = None if hidden else sum(r["count"] for r in rows)
    return {"rows": rows, "total": total}


def field_visit_figures(
    *, scope: Scope, engagement: Engagement, audience: str, language: str
) -> dict[str, Any]:
    """Everything a field visit report states, in nine queries whatever the number of
    children, participants or readings. `engagement` comes from engagement_get (scoped)."""
    public = audience == "public"
    threshold = scope.workspace.small_count_threshold
    names = NameCounter(audience=audience)
    with translation.override(language):
        children = list(
            engagement_queryset(scope)
            .filter(parent=engagement)
            .select_related("host_organization")
            .order_by("start_date", "start_time", "title_key", "id")
        )
        sections_of = children or [engagement]
        all_ids = [engagement.pk, *(c.pk for c in children)]

        participants = _participants(scope, all_ids)
        by_engagement: dict[Any, list[Participant]] = defaultdict(list)
        for p in participants:
            by_engagement[p.engagement_id].append(p)
        counts: dict[Any, dict[str, list[AudienceCount]]] = defaultdict(lambda: defaultdict(list))
        for count in AudienceCount.objects.filter(
            workspace=scope.workspace, engagement_id__in=all_ids
        ):
            counts[count.engagement_id][count.dimension].append(count)
        reach = reach_latest(engagements=sections_of)

        organizations: dict[str, dict[str, Any]] = {}
        if engagement.host_organization_id:
            host = engagement.host_organization
            assert host is not None  # noqa: S101 - loaded with the engagement
            organizations[str(host.pk)] = _organization(host)

        def people_of(rows: list[Participant]) -> dict[str, Any]:
            orgs: dict[str, dict[str, Any]] = {}
            people: list[dict[str, Any]] = []
            lived: list[str] = []
            for p in rows:
                org = p.organization or (p.person.organization if p.person else None)
                if org is not None:
                    orgs.setdefault(str(org.pk), _organization(org))
                    organizations.setdefault(str(org.pk), _organization(org))
                if p.person is not None:
                    if p.person.lived_experience:
                        lived.append(str(p.person.pk))
                        if public:
                            continue  # counted below, never listed
                    people.append(
                        {
                            "id": str(p.person.pk),
                            "label": names.label(p.person),
                            "named": may_be_named(p.person, audience=audience),
                            "role": str(p.get_role_display()),
                        }
                    )
            lived_row = _small(
                [{"category": "lived_experience", "count": len(lived), "ids": lived}]
                if lived
                else [],
                threshold=threshold,
                public=public,
            )
            return {
                "organizations": sorted(orgs.values(), key=lambda o: o["name"].casefold()),
                "people": people,
                "lived_experience": lived_row[0] if lived_row else None,
            }

        representatives = sorted(
            {
                p.member.user.full_name or p.member.user.email
                for p in participants
                if p.member is not None
            }
        )

        sections = []
        for item in sections_of:
            section = _engagement(scope, item, audience=audience)
            found = counts.get(item.pk, {})
            section["audience"] = {
                "discipline": _breakdown(
                    found.get(AudienceDimension.DISCIPLINE, []),
                    {v: str(label) for v, label in Discipline.choices},
                    threshold=threshold,
                    public=False,  # disciplines are not about who a person is
                ),
                "sex": _breakdown(
                    found.get(AudienceDimension.SEX, []),
                    {v: str(label) for v, label in Sex.choices},
                    threshold=threshold,
                    public=public,
                ),
            }
            latest = reach.get(item.pk, {})
            section["reach"] = [
                {
                    "metric": str(metric),
                    "label": str(metric.label),
                    "value": latest[metric].value,
                    "as_of": latest[metric].as_of.isoformat(),
                    "ids": [str(latest[metric].pk)],
                }
                for metric in REPORTED_METRICS
                if metric in latest
            ]
            section.update(people_of(by_engagement.get(item.pk, [])))
            sections.append(section)
        lead = people_of(by_engagement.get(engagement.pk, [])) if children else None

        outcomes = [
            {
                "id": str(o.pk),
                "statement": o.statement,
                "organization": _organization(o.organization) if o.organization else None,
            }
            for o in Outcome.objects.filter(workspace=scope.workspace, engagement_id__in=all_ids)
            .select_related("organization")
            .order_by("engagement__start_date", "position", "created_at", "id")
        ]
        opportunities = [
            {
                "id": str(o.pk),
                "title": o.title,
                "stage": o.stage,
                "stage_label": str(o.get_stage_display()),
                "counterpart": _organization(o.counterpart_organization),
            }
            for o in opportunity_queryset(scope)
            .filter(origin_links__engagement_id__in=all_ids)
            .select_related("counterpart_organization")
            .distinct()
            .order_by("title_key", "id")
        ]
        follow_ups = [
            {
                "id": str(f.pk),
                "title": f.title,
                "due_date": f.due_date.isoformat() if f.due_date else None,
                "counterpart": _organization(f.counterpart_organization)
                if f.counterpart_organization
                else None,
            }
            for f in follow_up_queryset(scope)
            .filter(engagement_id__in=all_ids, status=FollowUpStatus.OPEN)
            .select_related("counterpart_organization")
            .order_by(F("due_date").asc(nulls_last=True), "created_at", "id")
        ]

        org_ids = list(organizations)
        involving = Participant.objects.filter(
            Q(organization_id__in=org_ids) | Q(person__organization_id__in=org_ids),
            workspace=scope.workspace,
            deleted_at__isnull=True,
        ).values("engagement_id")
        related_qs = (
            engagement_queryset(scope)
            .filter(Q(host_organization_id__in=org_ids) | Q(id__in=involving))
            .exclude(id__in=all_ids)
            .exclude(parent_id__in=all_ids)
            .filter(Q(end_date__lt=engagement.start_date) | Q(start_date__gt=engagement.end_date))
            .order_by("start_date", "title_key", "id")
        )
        related: dict[str, list[dict[str, Any]]] = {"earlier": [], "later": []}
        for other in related_qs:
            when = "earlier" if other.end_date < engagement.start_date else "later"
            related[when].append(
                {
                    "id": str(other.pk),
                    "title": other.title,
                    "kind_label": str(other.get_kind_display()),
                    "start_date": other.start_date.isoformat(),
                    "url": _url(scope, other.pk, audience=audience),
                }
            )
        related["earlier"] = related["earlier"][-RELATED_LIMIT:]
        related["later"] = related["later"][:RELATED_LIMIT]
        visit = _engagement(scope, engagement, audience=audience)  # labels in the language
        trace = _trace(sections=sections, has_children=bool(children))
        trace["organizations"] = _entry(
            _("Organisations met"), len(organizations), organization=list(organizations)
        )
        trace["opportunities"] = _entry(
            _("Opportunities opened"),
            len(opportunities),
            opportunity=[str(o["id"]) for o in opportunities],
        )
        trace["followups.open"] = _entry(
            _("Open follow-ups"), len(follow_ups), follow_up=[str(f["id"]) for f in follow_ups]
        )

    return {
        "report": "field_visit",
        "audience": audience,
        "language": language,
        "small_count_threshold": threshold,
        "visit": visit,
        "has_children": bool(children),
        "lead": lead,
        "sections": sections,
        "organizations": sorted(organizations.values(), key=lambda o: o["name"].casefold()),
        "representatives": representatives,
        "outcomes": outcomes,
        "opportunities": opportunities,
        "follow_ups": follow_ups,
        "related": related,
        "names_withheld": names.withheld,
        "trace": trace,
    }
