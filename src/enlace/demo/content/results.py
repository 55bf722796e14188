"""The demo's results framework: Puente Libre's two-year programme against forced labour and
trafficking in the four countries, with its goal, outcomes and outputs, eight indicators computed
from the year's records and two reported by the country teams, their baselines and targets.

The targets were set against the figures the demo's records actually give (computed with
enlace.results.selectors.indicator_actuals on a freshly loaded demo), so that the dashboard tells
a true story on the content's "today" (29 November 2026, just under half of the programme's
days gone): most indicators are on track, institutional protocols adopted are at risk (two of
five, 80% of what is expected by now) and follow-ups done on time are off track (five against
twelve expected: five others are overdue). Per country, Mexico's in-person reach and the DR
Congo's organisations engaged are at risk, and no training has been completed in either yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

D = dt.date

PROGRAMME_CODE = "PL-FLT-2527"
SDG = "SDG 8.7"
COUNTRIES = ("CL", "MX", "KE", "CD")
BASELINE_PERIOD = "2025"


@dataclass(frozen=True)
class TargetSpec:
    period: str  # "2026", "2027" or "programme"
    value: Decimal
    country: str = ""


@dataclass(frozen=True)
class ValueSpec:
    """A reported value, entered for a quarter by a country team."""

    period: str
    value: Decimal
    source: str
    note: str
    verification: str  # draft, submitted or verified


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    definition: str
    source: str  # computed or reported
    measure: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    unit: str = "number"
    disaggregations: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    baseline: Decimal | None = None
    baseline_period: str = BASELINE_PERIOD  # the year before the programme
    targets: tuple[TargetSpec, ...] = ()
    values: tuple[ValueSpec, ...] = ()


@dataclass(frozen=True)
class NodeSpec:
    code: str
    level: str
    title: str
    indicators: tuple[IndicatorSpec, ...] = ()
    children: tuple[NodeSpec, ...] = ()


@dataclass(frozen=True)
class ProgrammeSpec:
    code: str
    name: str
    description: str
    start_date: dt.date
    end_date: dt.date
    countries: tuple[str, ...]
    currency: str
    goal: NodeSpec


def _targets(programme: int, y2026: int, y2027: int, **countries: int) -> tuple[TargetSpec, ...]:
    """The programme's target, the two years' and the programme's per country (by code)."""
    return (
        TargetSpec("programme", Decimal(programme)),
        TargetSpec("2026", Decimal(y2026)),
        TargetSpec("2027", Decimal(y2027)),
        *(TargetSpec("programme", Decimal(v), code) for code, v in countries.items()),
    )


CASES_REFERRED = IndicatorSpec(
    code="G.1",
    name="Cases referred to protection services by trained professionals",
    definition=(
        "Presumed victims of forced labour or trafficking referred to a protection service by a "
        "professional trained by the programme, as recorded by the referral desks the country "
        "teams work with. Reported each quarter; a case referred twice counts once."
    ),
    source="reported",
    tags=(SDG,),
    baseline=Decimal(3),
    targets=_targets(40, 20, 20),
    values=(
        ValueSpec(
            "2026-Q1",
            Decimal(3),
            "INDH Unidad de Protección referral log; Kenya CTiP Secretariat monthly return",
            "Two in Chile (Biobío), one in Kilifi.",
            "verified",
        ),
        ValueSpec(
            "2026-Q2",
            Decimal(5),
            "INDH Unidad de Protección referral log; Kenya CTiP Secretariat monthly return",
            "First referrals by labour inspectors trained in Kilifi.",
            "verified",
        ),
        ValueSpec(
            "2026-Q3",
            Decimal(9),
            "Country teams' quarterly reports",
            "Includes four referrals in Mexico, still to be checked against the shelter's log.",
            "submitted",
        ),
        ValueSpec(
            "2026-Q4",
            Decimal(6),
            "Country teams' running count",
            "October and November only; December comes with the annual report.",
            "draft",
        ),
    ),
)

PROTOCOLS = IndicatorSpec(
    code="OC1.2",
    name="Institutional protocols for identification and referral adopted",
    definition=(
        "Protocols, standard operating procedures or guidelines on identifying and referring "
        "victims of forced labour or trafficking formally adopted by a public institution the "
        "programme works with, counted in the quarter of adoption."
    ),
    source="reported",
    tags=(SDG,),
    baseline=Decimal(0),
    targets=_targets(5, 2, 3),
    values=(
        ValueSpec(
            "2026-Q2",
            Decimal(1),
            "INDH resolution adopting the regional offices' referral protocol",
            "Adopted after the national seminar in Santiago.",
            "verified",
        ),
        ValueSpec(
            "2026-Q4",
            Decimal(1),
            "Kenya labour inspectorate, standard operating procedures (draft circular)",
            "Adopted in November; the signed circular has been requested.",
            "submitted",
        ),
    ),
)

KNOWLEDGE_GAIN = IndicatorSpec(
    code="OC1.1",
    name="Share of trainees gaining at least 20 points on the knowledge test",
    definition=(
        "Among trainees with both a pre-test and a post-test, the percent whose score rose by "
        "20 points or more."
    ),
    source="computed",
    measure="knowledge_gain_share",
    params={"min_gain": 20},
    unit="percent",
    disaggregations=("country", "sex"),
    tags=(SDG,),
    baseline=Decimal(50),
    targets=_targets(75, 70, 75),
)

PEOPLE_TRAINED = IndicatorSpec(
    code="OP1.1.1",
    name="Professionals who completed a training",
    definition=(
        "Distinct people who completed a training of the programme (its completion rule met)."
    ),
    source="computed",
    measure="people_trained",
    disaggregations=("country", "sex", "discipline", "organization_kind"),
    tags=(SDG,),
    baseline=Decimal(0),
    targets=_targets(40, 20, 20, CL=15, KE=15, MX=5, CD=5),
)

TRAININGS_HELD = IndicatorSpec(
    code="OP1.1.2",
    name="Trainings, workshops and seminars held",
    definition="Trainings, workshops and seminars that started in the period (one event once).",
    source="computed",
    measure="engagements",
    params={"kinds": ["training", "workshop", "seminar"]},
    disaggregations=("country",),
    baseline=Decimal(0),
    targets=_targets(12, 6, 6),
)

IN_PERSON_REACH = IndicatorSpec(
    code="OP1.2.1",
    name="People reached in person by awareness events",
    definition=("In-person attendees of the programme's events, each event at its latest reading."),
    source="computed",
    measure="reach",
    params={"metric": "in_person_attendees"},
    disaggregations=("country",),
    baseline=Decimal(0),
    targets=_targets(1000, 500, 500, CL=300, KE=300, MX=220, CD=180),
)

ORGANISATIONS_ENGAGED = IndicatorSpec(
    code="OC2.1",
    name="Organisations engaged in the programme's work",
    definition=(
        "Distinct organisations that took part in an engagement, through their people or as hosts."
    ),
    source="computed",
    measure="organizations_engaged",
    disaggregations=("country", "organization_kind"),
    tags=(SDG,),
    baseline=Decimal(12),
    targets=_targets(70, 40, 40, CL=20, KE=20, MX=15, CD=15),
)

AGREEMENTS = IndicatorSpec(
    code="OP2.1.1",
    name="Funding and partnership agreements active",
    definition="Agreements in force at some time in the period.",
    source="computed",
    measure="agreements_active",
    baseline=Decimal(0),
    targets=_targets(1, 1, 1),
)

OPPORTUNITIES_WON = IndicatorSpec(
    code="OP2.1.2",
    name="Funding opportunities won",
    definition="Opportunities of the pipeline that reached the stage won.",
    source="computed",
    measure="opportunities_in_stage",
    params={"stage": "won"},
    disaggregations=("country",),
    baseline=Decimal(0),
    targets=_targets(2, 1, 1),
)

FOLLOW_UPS_ON_TIME = IndicatorSpec(
    code="OP2.2.1",
    name="Follow-ups done on time",
    definition="Commitments made at engagements and done by their due date.",
    source="computed",
    measure="follow_ups_on_time",
    disaggregations=("country",),
    targets=_targets(24, 12, 12),
)

PROGRAMME = ProgrammeSpec(
    code=PROGRAMME_CODE,
    name="Institutional collaboration against forced labour and trafficking 2025-2027",
    description=(
        "Puente Libre's two-year programme with public institutions, NGOs and funders in "
        "Chile, Mexico, Kenya and the Democratic Republic of Congo: training the professionals "
        "who first meet victims, helping their institutions adopt identification and referral "
        "protocols, and keeping the partners and the money that sustain the work.\n\n"
        "At the end of November 2026, just under halfway through, the numbers show the "
        "training, the reach and the partnerships on track (21 professionals completed a "
        "training, 71% of the matched trainees gained 20 points or more, 40 organisations "
        "took part and the Kenya grant was renewed), while the institutional protocols adopted "
        "are at risk (two of the five planned, one still awaiting its signed copy) and "
        "follow-ups done on time are off track: five were done by their due date and five are "
        "overdue. No training has been completed in Mexico or the DR Congo yet."
    ),
    start_date=D(2025, 12, 1),
    end_date=D(2027, 11, 30),
    countries=COUNTRIES,
    currency="USD",
    goal=NodeSpec(
        code="G",
        level="goal",
        title=(
            "Public institutions identify, protect and refer victims of forced labour and "
            "trafficking"
        ),
        indicators=(CASES_REFERRED,),
        children=(
            NodeSpec(
                code="OC1",
                level="outcome",
                title="Professionals apply what they learned and their institutions adopt it",
                indicators=(KNOWLEDGE_GAIN, PROTOCOLS),
                children=(
                    NodeSpec(
                        code="OP1.1",
                        level="output",
                        title="Front-line professionals trained",
                        indicators=(PEOPLE_TRAINED, TRAININGS_HELD),
                    ),
                    NodeSpec(
                        code="OP1.2",
                        level="output",
                        title="Public and institutional awareness raised",
                        indicators=(IN_PERSON_REACH,),
                    ),
                ),
            ),
            NodeSpec(
                code="OC2",
                level="outcome",
                title="Coordination and partnerships sustain the response",
                indicators=(ORGANISATIONS_ENGAGED,),
                children=(
                    NodeSpec(
                        code="OP2.1",
                        level="output",
                        title="Partnerships and funding secured",
                        indicators=(AGREEMENTS, OPPORTUNITIES_WON),
                    ),
                    NodeSpec(
                        code="OP2.2",
                        level="output",
                        title="Commitments followed up",
                        indicators=(FOLLOW_UPS_ON_TIME,),
                    ),
                ),
            ),
        ),
    ),
)


def every_node(node: NodeSpec = PROGRAMME.goal) -> list[NodeSpec]:
    """The tree depth first, each node before its children."""
    return [node, *(n for child in node.children for n in every_node(child))]


def every_indicator() -> list[IndicatorSpec]:
    return [i for node in every_node() for i in node.indicators]


# The status each indicator's figures give on the content's "today" (REFERENCE_DAY of the
# partnerships content), all countries together: the story the description tells.
INTENDED_STATUS: dict[str, str] = {
    "G.1": "on_track",
    "OC1.1": "on_track",
    "OC1.2": "at_risk",
    "OP1.1.1": "on_track",
    "OP1.1.2": "on_track",
    "OP1.2.1": "on_track",
    "OC2.1": "on_track",
    "OP2.1.1": "on_track",
    "OP2.1.2": "on_track",
    "OP2.2.1": "off_track",
}
