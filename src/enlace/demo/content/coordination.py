"""Demo coordination bodies (with member organisations) and relationships between organisations."""

from __future__ import annotations

import datetime as dt

from enlace.demo.content.organizations import NHRI, OWNER
from enlace.demo.content.specs import BodySpec, MemberSpec, RelationshipSpec

D = dt.date
FEVIMTRA = "Fiscalía Especial para los Delitos de Violencia contra las Mujeres y Trata de Personas"
UNODC = "United Nations Office on Drugs and Crime — Regional Office for Eastern Africa"

BODIES: tuple[BodySpec, ...] = (
    BodySpec(
        name="Mesa Intersectorial sobre Trata de Personas",
        acronym="MITP",
        kind="roundtable",
        scope="national",
        country="CL",
        chair="Subsecretaría del Interior",
        tags=("chile-programme", "national-action-plan"),
        notes="Coordinates ministries, police, prosecutors, the NHRI and NGOs; owns the plan.",
        members=(
            MemberSpec("Subsecretaría del Interior", "chair", D(2008, 7, 1)),
            MemberSpec("Ministerio de Relaciones Exteriores", "member", D(2008, 7, 1)),
            MemberSpec("Dirección del Trabajo", "member", D(2008, 7, 1)),
            MemberSpec("Fiscalía Nacional", "member", D(2008, 7, 1)),
            MemberSpec("Policía de Investigaciones de Chile", "member", D(2008, 7, 1)),
            MemberSpec(NHRI, "member", D(2012, 3, 1)),
            MemberSpec(
                "Organización Internacional para las Migraciones — Oficina en Chile",
                "observer",
                D(2010, 1, 1),
            ),
            MemberSpec(
                "Red Chilena de ONG contra la Trata", "member", D(2015, 4, 1), D(2022, 12, 31)
            ),
            MemberSpec("Fundación Horizonte Migrante", "member", D(2023, 1, 1)),
            MemberSpec("Puente Libre — Programa Chile", "observer", D(2024, 3, 1)),
        ),
    ),
    BodySpec(
        name="Global Coordinating Group on Target 8.7",
        acronym="GCG 8.7",
        kind="alliance",
        scope="global",
        chair="Ministerio de Relaciones Exteriores",
        tags=("sdg-8.7",),
        notes=(
            "Fictional global partnership for SDG target 8.7; one country chairs at a time "
            "and pathfinder countries commit to accelerate action."
        ),
        members=(
            MemberSpec("Ministerio de Relaciones Exteriores", "chair", D(2025, 1, 1)),
            MemberSpec("Ministry of Foreign and Diaspora Affairs", "member", D(2021, 1, 1)),
            MemberSpec("Secretaría de Relaciones Exteriores", "member", D(2021, 1, 1)),
            MemberSpec(
                "Agence de Prévention et de Lutte contre la Traite des Personnes",
                "member",
                D(2022, 6, 1),
            ),
            MemberSpec("International Labour Organization", "secretariat", D(2019, 1, 1)),
            MemberSpec(
                "Voces Libres — Red Latinoamericana de Sobrevivientes", "member", D(2023, 9, 1)
            ),
            MemberSpec(OWNER, "observer", D(2024, 1, 1)),
            MemberSpec("Freedom Horizons Foundation", "observer", D(2024, 1, 1)),
        ),
    ),
    BodySpec(
        name="Counter-Trafficking in Persons Advisory Committee",
        kind="task_force",
        scope="national",
        country="KE",
        chair="Counter-Trafficking in Persons Secretariat",
        tags=("kenya-programme", "national-action-plan"),
        members=(
            MemberSpec("Counter-Trafficking in Persons Secretariat", "chair", D(2014, 10, 1)),
            MemberSpec("Office of the Director of Public Prosecutions", "member", D(2014, 10, 1)),
            MemberSpec("Kenya National Commission on Human Rights", "member", D(2014, 10, 1)),
            MemberSpec(
                "State Department for Labour and Skills Development", "member", D(2014, 10, 1)
            ),
            MemberSpec("Haki Mashinani Trust", "member", D(2021, 2, 1)),
            MemberSpec("Sauti ya Waliookoka", "member", D(2024, 5, 1)),
            MemberSpec(UNODC, "observer", D(2016, 1, 1)),
        ),
    ),
    BodySpec(
        name="Cellule Provinciale de Lutte contre la Traite des Personnes — Lualaba",
        kind="working_group",
        scope="local",
        country="CD",
        chair="Agence de Prévention et de Lutte contre la Traite des Personnes",
        tags=("child-labour", "drc-programme", "mining"),
        members=(
            MemberSpec(
                "Agence de Prévention et de Lutte contre la Traite des Personnes",
                "chair",
                D(2022, 2, 1),
            ),
            MemberSpec("Inspection Provinciale du Travail du Lualaba", "member", D(2022, 2, 1)),
            MemberSpec("Commission Nationale des Droits de l'Homme", "member", D(2022, 2, 1)),
            MemberSpec("Action Solidaire pour la Dignité au Katanga", "member", D(2022, 2, 1)),
            MemberSpec("Comité Villageois de Vigilance de Kasulo", "member", D(2023, 5, 1)),
            MemberSpec("Puente Libre — Programme RDC", "secretariat", D(2022, 2, 1)),
        ),
    ),
)

RELATIONSHIPS: tuple[RelationshipSpec, ...] = (
    RelationshipSpec(
        "Freedom Horizons Foundation",
        OWNER,
        "funder",
        since=D(2022, 1, 1),
        notes="Multi-year grant for the four country programmes.",
    ),
    RelationshipSpec(
        "Freedom Horizons Foundation",
        "Action Solidaire pour la Dignité au Katanga",
        "funder",
        status="ended",
        since=D(2020, 4, 1),
        notes="Small grant for community vigilance committees, closed in 2023.",
    ),
    RelationshipSpec(
        "Puente Libre — Programa Chile",
        NHRI,
        "mou",
        since=D(2023, 5, 15),
        notes="Convenio de colaboración: formación de funcionarios en identificación de víctimas.",
    ),
    RelationshipSpec(
        OWNER,
        "Ministerio de Relaciones Exteriores",
        "invited_by",
        status="proposed",
        since=D(2025, 3, 10),
        notes="Invited to submit a formal proposal for technical assistance.",
    ),
    RelationshipSpec(
        "Sede Regional Biobío",
        "Fundación Horizonte Migrante",
        "referral",
        since=D(2024, 2, 1),
        notes="Possible victims referred for shelter and legal aid.",
    ),
    RelationshipSpec(
        "Dirección del Trabajo",
        "Fiscalía Nacional",
        "referral",
        since=D(2019, 1, 1),
        notes="Forced-labour indicators found in inspections are reported to prosecutors.",
    ),
    RelationshipSpec(
        "Fundación Horizonte Migrante",
        "Red Chilena de ONG contra la Trata",
        "member_of",
        since=D(2019, 6, 1),
    ),
    RelationshipSpec(
        "Organización Internacional para las Migraciones — Oficina en Chile",
        NHRI,
        "partner",
        since=D(2021, 8, 1),
    ),
    RelationshipSpec(
        "Puente Libre — Programa México",
        "Colectivo Jornaleros Dignos de San Quintín",
        "partner",
        since=D(2023, 8, 1),
    ),
    RelationshipSpec(
        "Voces Libres — Red Latinoamericana de Sobrevivientes",
        OWNER,
        "partner",
        since=D(2022, 11, 1),
        notes="Survivor leaders co-design and co-facilitate the curriculum.",
    ),
    RelationshipSpec(
        "Puente Libre — Programa México",
        FEVIMTRA,
        "referral",
        status="proposed",
        since=D(2025, 1, 20),
    ),
    RelationshipSpec(
        "Puente Libre — Kenya Programme",
        "Sauti ya Waliookoka",
        "partner",
        since=D(2023, 6, 1),
    ),
    RelationshipSpec(
        "Puente Libre — Kenya Programme",
        "Kenya National Commission on Human Rights",
        "mou",
        status="proposed",
        since=D(2025, 2, 20),
    ),
    RelationshipSpec(
        "Kenya National Commission on Human Rights",
        "Embajada de Chile en Kenia",
        "invited_by",
        since=D(2024, 10, 1),
        notes="Invited to a south-south exchange on NHRI protection units.",
    ),
    RelationshipSpec(
        "Haki Mashinani Trust",
        "Sauti ya Waliookoka",
        "referral",
        since=D(2024, 3, 1),
    ),
    RelationshipSpec(
        UNODC,
        "Office of the Director of Public Prosecutions",
        "partner",
        status="paused",
        since=D(2020, 7, 1),
    ),
    RelationshipSpec(
        "Puente Libre — Programme RDC",
        "Action Solidaire pour la Dignité au Katanga",
        "partner",
        since=D(2021, 9, 1),
    ),
    RelationshipSpec(
        "Comité Villageois de Vigilance de Kasulo",
        "Action Solidaire pour la Dignité au Katanga",
        "member_of",
        since=D(2022, 5, 1),
    ),
)
