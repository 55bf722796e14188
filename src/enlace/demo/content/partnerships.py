"""The demo's partnership pipeline: ten opportunities in the four countries, each grown out of the
year's engagements, with their dated stage moves, deadlines, money and one agreement, plus the
workspace's exchange-rate table.

The story follows the engagements: the INDH's invitation to submit a formal proposal, made during
the Chile field visit in April, is still being drafted (the co-financing letter came late) and
its proposal is due in December; the foundation's renewal of the Kenya grant was won and its
agreement is active, with an overdue inception report; a call in Kenya was lost and a request in
Mexico withdrawn after a restructuring at the labour ministry. Every date is fixed; "today" in
the content is 2026-11-29.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from enlace.demo.content.engagements import EDITOR, FIELD_VISIT_TITLE, MANAGER
from enlace.demo.content.organizations import NHRI

D = dt.date
UTC = dt.UTC

REFERENCE_DAY = D(2026, 11, 29)  # the content's "today": deadlines and overdue are read from it
FHF = "Freedom Horizons Foundation"
IOM_CHILE = "Organización Internacional para las Migraciones — Oficina en Chile"
UNODC_ROEA = "United Nations Office on Drugs and Crime — Regional Office for Eastern Africa"
APLTP = "Agence de Prévention et de Lutte contre la Traite des Personnes"
CTIP_SECRETARIAT = "Counter-Trafficking in Persons Secretariat"
KENYA_PROGRAMME = "Puente Libre — Kenya Programme"

INVITED_PROPOSAL_TITLE = "Training programme for the INDH regional offices"
RENEWAL_TITLE = "Renewal of the Kenya programme grant 2027-2028"
AGREEMENT_TITLE = RENEWAL_TITLE  # agreement_from_opportunity copies the title


def at(year: int, month: int, day: int, hour: int = 15) -> dt.datetime:
    """A moment of the pipeline's history (UTC, mid-afternoon by default)."""
    return dt.datetime(year, month, day, hour, tzinfo=UTC)


@dataclass(frozen=True)
class MoveSpec:
    stage: str
    at: dt.datetime
    reason: str = ""  # needed by won, lost and withdrawn


@dataclass(frozen=True)
class DeadlineSpec:
    kind: str
    label: str
    date: dt.date
    done_on: dt.date | None = None


@dataclass(frozen=True)
class OriginSpec:
    """An engagement where the opportunity arose, by its title and start date."""

    title: str
    start_date: dt.date


@dataclass(frozen=True)
class OpportunitySpec:
    title: str
    kind: str
    counterpart: str  # the organisation's name
    owner: str  # a demo user's email
    moves: tuple[MoveSpec, ...]  # the first is the creation, in its initial stage
    funder: str = ""
    amount: Decimal | None = None
    currency: str = ""
    probability: int | None = None
    origins: tuple[OriginSpec, ...] = ()
    deadlines: tuple[DeadlineSpec, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str = ""

    @property
    def stage(self) -> str:
        return self.moves[-1].stage


@dataclass(frozen=True)
class ObligationSpec:
    text: str
    responsible: str  # a party's name
    due_date: dt.date
    done_on: dt.date | None = None


@dataclass(frozen=True)
class AgreementSpec:
    """An agreement made from a won opportunity (found by its title)."""

    opportunity: str
    signed_on: dt.date
    start_date: dt.date
    end_date: dt.date
    status: str
    renewal_reminder_on: dt.date | None = None
    parties: tuple[str, ...] = ()  # besides those copied from the opportunity
    obligations: tuple[ObligationSpec, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class RateSpec:
    currency: str
    base_currency: str
    rate: Decimal
    as_of: dt.date


OPPORTUNITIES: tuple[OpportunitySpec, ...] = (
    # Chile
    OpportunitySpec(
        title=INVITED_PROPOSAL_TITLE,
        kind="invited_proposal",
        counterpart=NHRI,
        owner=MANAGER,
        moves=(
            MoveSpec("invited", at(2026, 4, 17, 21)),
            MoveSpec("drafting", at(2026, 5, 4)),
        ),
        amount=Decimal("48000000.00"),
        currency="CLP",
        probability=60,
        origins=(OriginSpec(FIELD_VISIT_TITLE, D(2026, 4, 13)),),
        deadlines=(
            DeadlineSpec(
                "concept_note_due",
                "Concept note to the Unidad de Protección",
                D(2026, 6, 30),
                done_on=D(2026, 6, 26),
            ),
            DeadlineSpec("proposal_due", "Formal proposal to the INDH", D(2026, 12, 14)),
            DeadlineSpec("decision_expected", "Decision of the INDH's council", D(2027, 2, 26)),
        ),
        tags=("chile-programme", "training"),
        notes=(
            "Invited by the Unidad de Protección at the end of the field visit: a training "
            "programme for the teams of the regional offices over 2027. The INDH moved the "
            "proposal's due date to December while the co-financing letter was pending."
        ),
    ),
    OpportunitySpec(
        title="IOM call: assistance to migrant victims of trafficking in the north of Chile",
        kind="call_for_proposals",
        counterpart=IOM_CHILE,
        owner=EDITOR,
        moves=(
            MoveSpec("identified", at(2026, 7, 20)),
            MoveSpec("drafting", at(2026, 8, 17)),
            MoveSpec("submitted", at(2026, 10, 8, 20)),
        ),
        amount=Decimal("85000.00"),
        currency="USD",
        probability=35,
        deadlines=(
            DeadlineSpec(
                "proposal_due", "Proposal through the IOM portal", D(2026, 10, 9), D(2026, 10, 8)
            ),
            DeadlineSpec("decision_expected", "Results of the call", D(2027, 1, 29)),
        ),
        tags=("chile-programme", "migration"),
        notes="Partnered with Fundación Horizonte Migrante for the shelters in Tarapacá.",
    ),
    # Mexico
    OpportunitySpec(
        title="Referral protocol with the CNDH and Voces Libres",
        kind="memorandum_of_understanding",
        counterpart="Comisión Nacional de los Derechos Humanos",
        owner=MANAGER,
        moves=(
            MoveSpec("identified", at(2026, 5, 21)),
            MoveSpec("exploring", at(2026, 6, 8)),
        ),
        origins=(
            OriginSpec(
                "Mesa de diálogo con la CNDH sobre la atención a víctimas de trata", D(2026, 5, 20)
            ),
        ),
        deadlines=(DeadlineSpec("other", "Joint review of the draft protocol", D(2027, 1, 20)),),
        tags=("mexico-programme", "referral"),
        notes="A memorandum first; money only if the pilot in Baja California goes ahead.",
    ),
    OpportunitySpec(
        title="Joint event with the SRE on forced labour in agricultural supply chains",
        kind="joint_activity",
        counterpart="Secretaría de Relaciones Exteriores",
        owner=EDITOR,
        moves=(
            MoveSpec("identified", at(2026, 10, 15)),
            MoveSpec("invited", at(2026, 10, 28)),
        ),
        amount=Decimal("380000.00"),
        currency="MXN",
        probability=50,
        origins=(
            OriginSpec("Briefing to the SRE on Mexico's report to Alliance 8.7", D(2026, 10, 14)),
        ),
        deadlines=(
            DeadlineSpec(
                "concept_note_due", "Written submission and event outline", D(2026, 12, 11)
            ),
        ),
        tags=("mexico-programme", "sdg-8.7"),
    ),
    OpportunitySpec(
        title="Technical assistance to the STPS on the farm inspection protocol",
        kind="technical_assistance_request",
        counterpart="Secretaría del Trabajo y Previsión Social",
        owner=EDITOR,
        moves=(
            MoveSpec("identified", at(2026, 2, 2)),
            MoveSpec("exploring", at(2026, 2, 23)),
            MoveSpec(
                "withdrawn",
                at(2026, 6, 15),
                "After the STPS restructuring the new directorate wants a paid consultancy "
                "we cannot staff this year.",
            ),
        ),
        amount=Decimal("650000.00"),
        currency="MXN",
        probability=30,
        origins=(
            OriginSpec(
                "Taller de identificación de trabajo forzoso en campos agrícolas", D(2026, 1, 27)
            ),
        ),
        tags=("mexico-programme", "labour-inspection"),
    ),
    # Kenya
    OpportunitySpec(
        title=RENEWAL_TITLE,
        kind="funding_renewal",
        counterpart=FHF,
        owner=MANAGER,
        moves=(
            MoveSpec("identified", at(2026, 5, 4)),
            MoveSpec("drafting", at(2026, 6, 1)),
            MoveSpec("submitted", at(2026, 7, 15)),
            MoveSpec(
                "won", at(2026, 9, 22), "The Foundation's board approved the two-year renewal."
            ),
        ),
        amount=Decimal("240000.00"),
        currency="EUR",
        probability=100,
        deadlines=(
            DeadlineSpec(
                "proposal_due", "Renewal proposal and budget", D(2026, 7, 15), D(2026, 7, 15)
            ),
            DeadlineSpec("decision_expected", "Board meeting", D(2026, 9, 22), D(2026, 9, 22)),
        ),
        tags=("kenya-programme", "funding"),
    ),
    OpportunitySpec(
        title="Technical assistance to the National Plan of Action 2027-2031",
        kind="technical_assistance_request",
        counterpart=CTIP_SECRETARIAT,
        owner=MANAGER,
        moves=(
            MoveSpec("identified", at(2026, 8, 27)),
            MoveSpec("invited", at(2026, 9, 10)),
        ),
        amount=Decimal("2600000.00"),
        currency="KES",
        probability=70,
        origins=(
            OriginSpec(
                "Roundtable on the National Plan of Action against Trafficking 2027-2031",
                D(2026, 8, 26),
            ),
        ),
        deadlines=(
            DeadlineSpec("concept_note_due", "Concept note to the Secretariat", D(2026, 12, 4)),
        ),
        tags=("kenya-programme", "national-action-plan"),
    ),
    OpportunitySpec(
        title="UNODC call: survivor-led community protection on the Coast",
        kind="call_for_proposals",
        counterpart=UNODC_ROEA,
        owner=EDITOR,
        moves=(
            MoveSpec("identified", at(2026, 1, 12)),
            MoveSpec("drafting", at(2026, 2, 2)),
            MoveSpec("submitted", at(2026, 3, 13)),
            MoveSpec(
                "lost",
                at(2026, 6, 5),
                "Not selected: the call funded county consortia; the feedback asked for a "
                "stronger monitoring plan.",
            ),
        ),
        amount=Decimal("150000.00"),
        currency="USD",
        probability=30,
        origins=(
            OriginSpec(
                "Coast Regional Conference on Labour Migration and Trafficking", D(2025, 12, 3)
            ),
        ),
        deadlines=(DeadlineSpec("proposal_due", "Full proposal", D(2026, 3, 13), D(2026, 3, 13)),),
        tags=("kenya-programme", "survivor-leadership"),
    ),
    # DR Congo
    OpportunitySpec(
        title="Technical assistance to the APLTP for a provincial referral mechanism",
        kind="technical_assistance_request",
        counterpart=APLTP,
        owner=MANAGER,
        moves=(
            MoveSpec("identified", at(2026, 6, 12)),
            MoveSpec("exploring", at(2026, 7, 6)),
        ),
        amount=Decimal("45000.00"),
        currency="USD",
        probability=45,
        origins=(
            OriginSpec(
                "Plaidoyer auprès de l'APLTP pour un mécanisme provincial d'orientation",
                D(2026, 6, 11),
            ),
        ),
        deadlines=(
            DeadlineSpec("concept_note_due", "Note on technical assistance", D(2026, 12, 18)),
        ),
        tags=("drc-programme", "referral"),
    ),
    OpportunitySpec(
        title="ILO child labour monitoring in the artisanal mines of Kolwezi",
        kind="joint_activity",
        counterpart="International Labour Organization",
        owner=EDITOR,
        moves=(MoveSpec("identified", at(2026, 11, 5)),),
        origins=(
            OriginSpec("Visite des sites miniers artisanaux de Kasulo avec l'OIT", D(2026, 11, 4)),
        ),
        tags=("drc-programme", "child-labour"),
        notes="No budget yet: the ILO decides on its pilot sites in the first quarter.",
    ),
)

AGREEMENTS: tuple[AgreementSpec, ...] = (
    AgreementSpec(
        opportunity=RENEWAL_TITLE,
        signed_on=D(2026, 10, 5),
        start_date=D(2026, 10, 1),
        end_date=D(2028, 9, 30),
        status="active",
        renewal_reminder_on=D(2028, 3, 31),
        parties=(KENYA_PROGRAMME,),
        obligations=(
            ObligationSpec(
                "Return the signed agreement and the bank details",
                KENYA_PROGRAMME,
                D(2026, 10, 15),
                done_on=D(2026, 10, 9),
            ),
            ObligationSpec(
                "Inception report with the 2027 workplan", KENYA_PROGRAMME, D(2026, 11, 16)
            ),
        ),
        notes="Two-year grant for the Kenya programme; reports every six months.",
    ),
)

# One unit of each currency in US dollars, as the finance team noted them.
RATES: tuple[RateSpec, ...] = tuple(
    RateSpec(currency, "USD", Decimal(rate), D(2026, 11, 2))
    for currency, rate in (
        ("CLP", "0.00105"),
        ("MXN", "0.0545"),
        ("KES", "0.00773"),
        ("CDF", "0.000352"),
        ("EUR", "1.0810"),
    )
)
