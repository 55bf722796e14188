"""What the trainings add to the registry: the third NGO of the Coast and the trainees (invented
names, example.org addresses, +xx 0000 placeholder phones; the sex is recorded for disaggregated
figures only)."""

from __future__ import annotations

import datetime as dt

from enlace.demo.content.learning.specs import LearnerSpec
from enlace.demo.content.specs import OrgSpec

D = dt.date

MTWAPA_FORUM = "Mtwapa Community Rights Forum"
HAKI = "Haki Mashinani Trust"
SAUTI = "Sauti ya Waliookoka"
BIOBIO = "Sede Regional Biobío"
TARAPACA = "Sede Regional Tarapacá"
PROTECTION_UNIT = "Unidad de Protección"

LEARNING_ORGANIZATIONS: tuple[OrgSpec, ...] = (
    OrgSpec(
        name=MTWAPA_FORUM,
        kind="ngo",
        country="KE",
        region="Coast",
        city="Mtwapa",
        tags=("community", "kenya-programme", "migration"),
        notes="Volunteers and paralegals in Mtwapa and Takaungu; many families work in hotels "
        "and quarries, some return from domestic work in the Gulf.",
    ),
)

KILIFI_CONSENT = D(2026, 9, 14)  # the consent forms signed on the training's first morning
INDH_CONSENT = D(2026, 4, 6)  # the enrolment form of the virtual training


def _kenyan(
    full_name: str,
    organization: str,
    position: str,
    discipline: str,
    sex: str,
    phone: str = "",
    *,
    name_publicly: bool = True,
    consented: dt.date = KILIFI_CONSENT,
) -> LearnerSpec:
    """A trainee of the Kilifi training: consent recorded on the written form of the first day;
    those who gave a phone agreed to be contacted."""
    return LearnerSpec(
        full_name=full_name,
        organization=organization,
        position=position,
        discipline=discipline,
        sex=sex,
        phone=phone,
        languages=("en", "sw"),
        may_contact=bool(phone),
        may_name_publicly=name_publicly,
        consent_date=consented,
        consent_method="written",
        tags=("community-liberation-2026",),
    )


def _chilean(
    full_name: str,
    organization: str,
    position: str,
    discipline: str,
    sex: str,
    email: str = "",
) -> LearnerSpec:
    """A member of an INDH regional team; consent given on the online enrolment form by those who
    left an address."""
    return LearnerSpec(
        full_name=full_name,
        organization=organization,
        position=position,
        discipline=discipline,
        sex=sex,
        email=email,
        languages=("es",),
        may_contact=bool(email),
        consent_date=INDH_CONSENT if email else None,
        consent_method="online" if email else "",
    )


LEARNERS: tuple[LearnerSpec, ...] = (
    # Haki Mashinani Trust (with Omar Bakari Mwinyi, already in the registry)
    _kenyan(
        "Mwanajuma Salim Athman", HAKI, "Senior Paralegal", "legal", "female", "+254 700 000 041"
    ),
    _kenyan("Kahindi Charo Baya", HAKI, "Community Paralegal", "legal", "male", "+254 700 000 042"),
    _kenyan("Zawadi Kadzo Mwangala", HAKI, "Caseworker", "social_work", "female"),
    _kenyan("Peter Ouma Odhiambo", HAKI, "Advocate", "legal", "male", "+254 700 000 044"),
    _kenyan(
        "Rehema Nafula Wekesa", HAKI, "Programme Assistant", "other", "female", name_publicly=False
    ),
    _kenyan("Hassan Abdalla Mbwana", HAKI, "Outreach Officer", "advocacy", "male"),
    # Sauti ya Waliookoka (with its chair, Halima Mwanaisha Said, already in the registry)
    _kenyan("Amina Rashid Kombo", SAUTI, "Counsellor", "psychology", "female", "+254 700 000 047"),
    _kenyan(
        "Baraka Karisa Kazungu",
        SAUTI,
        "Community Mobiliser",
        "advocacy",
        "male",
        name_publicly=False,
    ),
    _kenyan("Fatuma Juma Mohamed", SAUTI, "Peer Support Worker", "social_work", "female"),
    _kenyan(
        "Kennedy Mutua Musyoka", SAUTI, "Volunteer Coordinator", "other", "male", "+254 700 000 050"
    ),
    # Mtwapa Community Rights Forum
    _kenyan(
        "Mercy Kavata Mwikali",
        MTWAPA_FORUM,
        "Coordinator",
        "social_work",
        "female",
        "+254 700 000 051",
    ),
    _kenyan("Stephen Kenga Ngala", MTWAPA_FORUM, "Community Health Volunteer", "health", "male"),
    _kenyan("Dorcas Achieng Otieno", MTWAPA_FORUM, "Teacher", "education", "female"),
    _kenyan(
        "Ali Swaleh Bakari",
        MTWAPA_FORUM,
        "Youth Leader",
        "advocacy",
        "male",
        "+254 700 000 054",
        consented=D(2026, 9, 15),  # joined on the second day
    ),
    _kenyan("Lucy Wanjiru Njoroge", MTWAPA_FORUM, "Paralegal", "legal", "female"),
    _kenyan(
        "Tsuma Kazungu Mwadime", MTWAPA_FORUM, "Chairperson", "other", "male", "+254 700 000 056"
    ),
    # INDH regional teams (with Rodrigo Henríquez Salas, Matías Carrasco Peña and Fernanda Vidal
    # Olave, already in the registry)
    _chilean(
        "Carolina Fuentes Espinoza",
        BIOBIO,
        "Abogada",
        "legal",
        "female",
        "carolina.fuentes@example.org",
    ),
    _chilean("Felipe Sepúlveda Contreras", BIOBIO, "Trabajador social", "social_work", "male"),
    _chilean(
        "Valentina Parra Navarrete",
        BIOBIO,
        "Psicóloga",
        "psychology",
        "female",
        "valentina.parra@example.org",
    ),
    _chilean(
        "Jorge Mamani Condori", TARAPACA, "Abogado", "legal", "male", "jorge.mamani@example.org"
    ),
    _chilean("Camila Choque Flores", TARAPACA, "Trabajadora social", "social_work", "female"),
    _chilean("Sebastián Rojas Araya", TARAPACA, "Psicólogo", "psychology", "male"),
    _chilean(
        "Francisca Muñoz Saavedra",
        PROTECTION_UNIT,
        "Profesional de protección",
        "social_work",
        "female",
        "francisca.munoz@example.org",
    ),
)
