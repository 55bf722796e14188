"""A year of demo engagements (December 2025 to November 2026) in the four countries.

The Chilean field visit follows the pattern of public field visit reports: a regional manager
invited by the NHRI's protection unit to open a national seminar, with a training, meetings and
a talk at the foreign ministry around it. Every date is fixed; no reading is dated after
2026-11-20. Links point at example.org and the demo holds no files.
"""

from __future__ import annotations

import datetime as dt

from enlace.demo.content.coordination import FEVIMTRA, UNODC
from enlace.demo.content.organizations import NHRI
from enlace.demo.content.specs import (
    AudienceSpec,
    EngagementSpec,
    FollowUpSpec,
    LinkSpec,
    OutcomeSpec,
    ParticipantSpec,
    ReachSpec,
)

D = dt.date
T = dt.time
P = ParticipantSpec

MANAGER = "manager@enlace.example"  # the regional manager: our representative on the trip
EDITOR = "editor@enlace.example"

MESA = "Mesa Intersectorial sobre Trata de Personas"
GCG = "Global Coordinating Group on Target 8.7"
KENYA_COMMITTEE = "Counter-Trafficking in Persons Advisory Committee"
LUALABA_CELL = "Cellule Provinciale de Lutte contre la Traite des Personnes — Lualaba"

FIELD_VISIT_TITLE = "Field visit to Chile: national seminar of the INDH"
SEMINAR_TITLE = "Seminario nacional: trata de personas y trabajo forzoso en Chile"


def _sex(female: int, male: int) -> tuple[AudienceSpec, ...]:
    return (AudienceSpec("sex", "female", female), AudienceSpec("sex", "male", male))


CHILE: tuple[EngagementSpec, ...] = (
    EngagementSpec(
        kind="webinar",
        title="Webinar: indicadores de trabajo forzoso para la fiscalización laboral",
        start_date=D(2025, 12, 10),
        start_time=T(10, 0),
        end_time=T(11, 30),
        timezone="America/Santiago",
        mode="virtual",
        country="CL",
        host="Dirección del Trabajo",
        objectives="Introduce the ILO indicators of forced labour to labour inspectors.",
        summary="Two inspectors presented cases from the agricultural season in Biobío.",
        tags=("chile-programme", "labour-inspection"),
        participants=(
            P("organiser", organization="Puente Libre — Programa Chile"),
            P("speaker", person="Paula Sandoval Riquelme"),
            P("speaker", person="Constanza Lillo Barrera"),
        ),
        audience=(
            AudienceSpec("discipline", "labour_inspection", 61),
            AudienceSpec("discipline", "law_enforcement", 9),
            AudienceSpec("discipline", "other", 7),
        ),
        reach=(
            ReachSpec("registered", 104, D(2025, 12, 10), "platform_export"),
            ReachSpec("virtual_live_viewers", 77, D(2025, 12, 10), "platform_export"),
        ),
        follow_ups=(
            FollowUpSpec(
                "Send the indicator checklist to the inspectors who attended",
                EDITOR,
                due_date=D(2025, 12, 19),
                status="done",
                done_on=D(2025, 12, 17),
                counterpart="Dirección del Trabajo",
            ),
        ),
    ),
    EngagementSpec(
        kind="field_visit",
        title=FIELD_VISIT_TITLE,
        start_date=D(2026, 4, 13),
        end_date=D(2026, 4, 17),
        timezone="America/Santiago",
        country="CL",
        region="Región Metropolitana",
        city="Santiago",
        host="Unidad de Protección",
        objectives=(
            "Open the INDH's national seminar at the invitation of its Unidad de Protección, "
            "train the regional office teams and meet the Mesa Intersectorial and the foreign "
            "ministry about a joint programme."
        ),
        summary=(
            "Five days in Santiago. **Impact and next steps:** the INDH invited Puente Libre to "
            "submit a formal proposal for a training programme for its regional offices."
        ),
        tags=("chile-programme", "field-visit", "sdg-8.7"),
        participants=(
            P("invited_guest", member=MANAGER),
            P("host", organization="Unidad de Protección"),
            P("participant", person="Catalina Ibáñez Rojas"),
            P("organiser", organization="Puente Libre — Programa Chile"),
        ),
        outcomes=(
            OutcomeSpec("Invitation to submit a formal proposal", organization=NHRI),
            OutcomeSpec(
                "The Mesa Intersectorial asked for Puente Libre's training materials",
                organization="Subsecretaría del Interior",
            ),
        ),
        links=(
            LinkSpec(
                "article",
                "Field visit article on the Puente Libre website",
                "https://puentelibre.example.org/news/2026/chile-field-visit",
            ),
        ),
        follow_ups=(
            FollowUpSpec(
                "Submit the formal proposal for the INDH regional training programme",
                MANAGER,
                due_date=D(2026, 6, 30),
                counterpart=NHRI,
                notes="Budget and curriculum drafted; waiting for the co-financing letter.",
            ),
            FollowUpSpec(
                "Send the training materials to the Mesa Intersectorial",
                MANAGER,
                due_date=D(2026, 4, 30),
                status="done",
                done_on=D(2026, 4, 24),
                counterpart="Subsecretaría del Interior",
            ),
            FollowUpSpec(
                "Ask the foreign ministry about the pathfinder country application",
                MANAGER,
                due_date=D(2026, 12, 15),
                counterpart="Ministerio de Relaciones Exteriores",
            ),
        ),
        parts=(
            EngagementSpec(
                kind="training",
                title="Capacitación virtual para equipos de las sedes regionales del INDH",
                start_date=D(2026, 4, 14),
                start_time=T(9, 30),
                end_time=T(13, 0),
                timezone="America/Santiago",
                mode="virtual",
                country="CL",
                host="Unidad de Protección",
                objectives=(
                    "Identify and refer possible victims of trafficking: legal framework, "
                    "psychosocial first response, coordination with the police and prosecutors."
                ),
                tags=("chile-programme", "training"),
                participants=(
                    P("facilitator", member=MANAGER),
                    P("participant", organization="Sede Regional Biobío"),
                    P("participant", organization="Sede Regional Tarapacá"),
                    P("participant", person="Rodrigo Henríquez Salas"),
                    P("participant", person="Matías Carrasco Peña"),
                ),
                audience=(
                    AudienceSpec("discipline", "legal", 18),
                    AudienceSpec("discipline", "social_work", 14),
                    AudienceSpec("discipline", "psychology", 9),
                    *_sex(29, 12),
                ),
                reach=(ReachSpec("virtual_live_viewers", 41, D(2026, 4, 14), "platform_export"),),
            ),
            EngagementSpec(
                kind="seminar",
                title=SEMINAR_TITLE,
                start_date=D(2026, 4, 15),
                start_time=T(9, 0),
                end_time=T(14, 0),
                timezone="America/Santiago",
                mode="hybrid",
                country="CL",
                region="Región Metropolitana",
                city="Santiago",
                venue="Auditorio del INDH",
                host=NHRI,
                objectives="Open the seminar with the keynote on forced labour and trafficking.",
                tags=("chile-programme", "seminar", "sdg-8.7"),
                participants=(
                    P("speaker", member=MANAGER),
                    P("host", organization=NHRI),
                    P("organiser", organization="Unidad de Protección"),
                    P("speaker", person="Catalina Ibáñez Rojas"),
                    P("participant", organization="Fiscalía Nacional"),
                    P("participant", organization="Policía de Investigaciones de Chile"),
                    P("participant", organization="Fundación Horizonte Migrante"),
                ),
                reach=(
                    ReachSpec("in_person_attendees", 200, D(2026, 4, 15), "attendance_sheet"),
                    ReachSpec("virtual_live_viewers", 148, D(2026, 4, 15), "platform_export"),
                    ReachSpec("recording_views", 120, D(2026, 4, 29), "platform_export"),
                    ReachSpec("recording_views", 326, D(2026, 5, 27), "platform_export"),
                ),
                links=(
                    LinkSpec(
                        "livestream",
                        "Livestream of the seminar",
                        "https://video.example.org/live/indh-seminario-trata-2026",
                    ),
                    LinkSpec(
                        "recording",
                        "Recording of the seminar",
                        "https://video.example.org/watch/indh-seminario-trata-2026",
                    ),
                    LinkSpec(
                        "article",
                        "INDH news item on the seminar",
                        "https://indh.example.org/noticias/seminario-nacional-trata-2026",
                    ),
                ),
            ),
            EngagementSpec(
                kind="meeting",
                title="Reunión con la Mesa Intersectorial sobre Trata de Personas",
                start_date=D(2026, 4, 16),
                start_time=T(10, 0),
                end_time=T(12, 0),
                timezone="America/Santiago",
                country="CL",
                city="Santiago",
                venue="Subsecretaría del Interior",
                host="Subsecretaría del Interior",
                objectives="Present the training programme and its fit with the national plan.",
                tags=("chile-programme", "national-action-plan"),
                participants=(
                    P("participant", member=MANAGER),
                    P("host", body=MESA),
                    P("participant", person="Claudio Arriagada Muñoz"),
                ),
            ),
            EngagementSpec(
                kind="meeting",
                title="Conversación con la Dirección de Derechos Humanos de la Cancillería",
                start_date=D(2026, 4, 17),
                start_time=T(11, 0),
                end_time=T(12, 0),
                timezone="America/Santiago",
                country="CL",
                city="Santiago",
                host="Ministerio de Relaciones Exteriores",
                objectives="Chile's role in Alliance 8.7 and support for a regional programme.",
                tags=("chile-programme", "alliance-8.7"),
                participants=(
                    P("participant", member=MANAGER),
                    P("participant", person="Javiera Montt Araya"),
                ),
            ),
        ),
    ),
)

MEXICO: tuple[EngagementSpec, ...] = (
    EngagementSpec(
        kind="training",
        title="Taller de identificación de trabajo forzoso en campos agrícolas",
        start_date=D(2026, 1, 27),
        end_date=D(2026, 1, 29),
        timezone="America/Tijuana",
        country="MX",
        region="Baja California",
        city="Ensenada",
        host="Oficina de Representación Federal del Trabajo en Baja California",
        objectives="Three days on forced labour indicators in agricultural inspections.",
        summary="Inspectors drafted a checklist for the harvest season in San Quintín.",
        tags=("mexico-programme", "labour-inspection", "training"),
        participants=(
            P("organiser", organization="Puente Libre — Programa México"),
            P("facilitator", person="Lucía Ferrer Domínguez"),
            P("participant", person="Mariana Zúñiga Treviño"),
            P("participant", organization="Secretaría del Trabajo y Previsión Social"),
        ),
        outcomes=(
            OutcomeSpec(
                "Federal labour inspectors adopted a forced labour checklist for farm inspections",
                organization="Oficina de Representación Federal del Trabajo en Baja California",
            ),
        ),
        audience=(
            AudienceSpec("discipline", "labour_inspection", 22),
            AudienceSpec("discipline", "legal", 4),
            AudienceSpec("discipline", "social_work", 3),
            *_sex(15, 14),
        ),
        reach=(ReachSpec("in_person_attendees", 29, D(2026, 1, 29), "attendance_sheet"),),
        follow_ups=(
            FollowUpSpec(
                "Share the inspection checklist in its final version",
                EDITOR,
                due_date=D(2026, 2, 27),
                status="done",
                done_on=D(2026, 2, 20),
                counterpart="Oficina de Representación Federal del Trabajo en Baja California",
            ),
        ),
    ),
    EngagementSpec(
        kind="workshop",
        title="Taller comunitario: derechos laborales de las personas jornaleras",
        start_date=D(2026, 3, 21),
        timezone="America/Tijuana",
        country="MX",
        region="Baja California",
        city="San Quintín",
        venue="Salón comunitario del Colectivo",
        host="Colectivo Jornaleros Dignos de San Quintín",
        objectives="Module 1 of the community liberation curriculum: mobilization.",
        tags=("mexico-programme", "community", "curriculum"),
        participants=(
            P("host", organization="Colectivo Jornaleros Dignos de San Quintín"),
            P("speaker", person="Efraín Hernández Sántiz"),
            P("facilitator", organization="Voces Libres — Red Latinoamericana de Sobrevivientes"),
        ),
        outcomes=(OutcomeSpec("The collective drafted an action plan for the 2026 harvest"),),
        audience=_sex(31, 26),
        reach=(ReachSpec("in_person_attendees", 57, D(2026, 3, 21), "attendance_sheet"),),
    ),
    EngagementSpec(
        kind="roundtable",
        title="Mesa de diálogo con la CNDH sobre la atención a víctimas de trata",
        start_date=D(2026, 5, 20),
        start_time=T(10, 0),
        end_time=T(13, 0),
        timezone="America/Mexico_City",
        country="MX",
        city="Ciudad de México",
        host="Comisión Nacional de los Derechos Humanos",
        objectives="A referral protocol between the CNDH, prosecutors and survivor networks.",
        tags=("mexico-programme", "referral"),
        participants=(
            P("host", organization="Comisión Nacional de los Derechos Humanos"),
            P("participant", person="Ximena Castañeda Villarreal"),
            P("participant", organization=FEVIMTRA),
            P("participant", organization="Voces Libres — Red Latinoamericana de Sobrevivientes"),
            P("observer", organization="Secretaría de Relaciones Exteriores"),
        ),
        outcomes=(
            OutcomeSpec(
                "The CNDH agreed to co-design a referral protocol with Voces Libres",
                organization="Comisión Nacional de los Derechos Humanos",
            ),
        ),
        follow_ups=(
            FollowUpSpec(
                "Send the CNDH a first draft of the referral protocol",
                MANAGER,
                due_date=D(2026, 8, 31),
                counterpart="Comisión Nacional de los Derechos Humanos",
            ),
        ),
    ),
    EngagementSpec(
        kind="webinar",
        title="Webinar: Día Mundial contra la Trata — liderazgo de sobrevivientes",
        start_date=D(2026, 7, 30),
        start_time=T(11, 0),
        end_time=T(12, 30),
        timezone="America/Mexico_City",
        mode="virtual",
        country="MX",
        host="Voces Libres — Red Latinoamericana de Sobrevivientes",
        objectives="World Day against Trafficking in Persons: survivors lead the conversation.",
        tags=("mexico-programme", "survivor-leadership"),
        participants=(
            P("host", organization="Voces Libres — Red Latinoamericana de Sobrevivientes"),
            P("speaker", person="Guadalupe Itzel Ramírez Ocampo"),
            P("organiser", organization="Puente Libre — Programa México"),
        ),
        reach=(
            ReachSpec("registered", 340, D(2026, 7, 30), "platform_export"),
            ReachSpec("virtual_live_viewers", 212, D(2026, 7, 30), "platform_export"),
            ReachSpec("recording_views", 410, D(2026, 8, 14), "platform_export"),
            ReachSpec("recording_views", 655, D(2026, 9, 30), "platform_export"),
        ),
        links=(
            LinkSpec(
                "recording",
                "Recording of the webinar",
                "https://video.example.org/watch/voces-libres-30-julio-2026",
            ),
        ),
    ),
    EngagementSpec(
        kind="advocacy",
        title="Briefing to the SRE on Mexico's report to Alliance 8.7",
        start_date=D(2026, 10, 14),
        timezone="America/Mexico_City",
        country="MX",
        city="Ciudad de México",
        host="Secretaría de Relaciones Exteriores",
        objectives="Bring the farmworkers' evidence into Mexico's pathfinder country report.",
        tags=("mexico-programme", "alliance-8.7", "advocacy"),
        participants=(
            P("participant", person="Alejandro Salinas Pacheco"),
            P("observer", body=GCG),
            P("speaker", person="Lucía Ferrer Domínguez"),
        ),
        outcomes=(
            OutcomeSpec(
                "The SRE asked for a written submission on agricultural supply chains",
                organization="Secretaría de Relaciones Exteriores",
            ),
        ),
        follow_ups=(
            FollowUpSpec(
                "Write the submission on agricultural supply chains for the SRE",
                EDITOR,
                due_date=D(2026, 12, 11),
                counterpart="Secretaría de Relaciones Exteriores",
            ),
        ),
    ),
)

KENYA: tuple[EngagementSpec, ...] = (
    EngagementSpec(
        kind="conference",
        title="Coast Regional Conference on Labour Migration and Trafficking",
        start_date=D(2025, 12, 3),
        end_date=D(2025, 12, 4),
        timezone="Africa/Nairobi",
        country="KE",
        region="Coast",
        city="Mombasa",
        venue="Mombasa Beach Conference Centre",
        host="Counter-Trafficking in Persons Secretariat",
        objectives="Safe labour migration to the Gulf: recruitment, protection and return.",
        tags=("kenya-programme", "labour-migration"),
        participants=(
            P("host", organization="Counter-Trafficking in Persons Secretariat"),
            P("participant", body=KENYA_COMMITTEE),
            P("speaker", person="Wanjiku Njeri Kamau"),
            P("speaker", person="Esther Akinyi Owino"),
            P("participant", organization=UNODC),
            P("participant", organization="Haki Mashinani Trust"),
        ),
        outcomes=(
            OutcomeSpec(
                "County governments of the Coast agreed to map recruitment agencies",
                organization="Counter-Trafficking in Persons Secretariat",
            ),
        ),
        reach=(
            ReachSpec("in_person_attendees", 163, D(2025, 12, 4), "attendance_sheet"),
            ReachSpec("social_impressions", 4820, D(2025, 12, 12), "platform_export"),
        ),
    ),
    EngagementSpec(
        kind="training",
        title="Training of labour officers on forced labour in domestic work",
        start_date=D(2026, 2, 10),
        end_date=D(2026, 2, 12),
        timezone="Africa/Nairobi",
        country="KE",
        region="Coast",
        city="Mombasa",
        host="Labour Inspectorate — Coast Region",
        objectives="Indicators of forced labour in domestic work and how to refer victims.",
        tags=("kenya-programme", "labour-inspection", "training"),
        participants=(
            P("host", organization="Labour Inspectorate — Coast Region"),
            P("participant", person="Brian Otieno Ochieng"),
            P("facilitator", person="Esther Akinyi Owino"),
        ),
        audience=(
            AudienceSpec("discipline", "labour_inspection", 19),
            AudienceSpec("discipline", "law_enforcement", 6),
            AudienceSpec("discipline", "social_work", 5),
            *_sex(16, 14),
        ),
        reach=(ReachSpec("in_person_attendees", 30, D(2026, 2, 12), "attendance_sheet"),),
        follow_ups=(
            FollowUpSpec(
                "Send certificates and the post-test results to the Labour Inspectorate",
                EDITOR,
                due_date=D(2026, 3, 6),
                status="done",
                done_on=D(2026, 3, 2),
                counterpart="Labour Inspectorate — Coast Region",
            ),
        ),
    ),
    EngagementSpec(
        kind="site_visit",
        title="Site visit: pre-departure orientation centre, Mombasa",
        start_date=D(2026, 4, 28),
        timezone="Africa/Nairobi",
        country="KE",
        region="Coast",
        city="Mombasa",
        host="State Department for Labour and Skills Development",
        objectives="See how migrant domestic workers are prepared before they leave.",
        tags=("kenya-programme", "labour-migration"),
        participants=(
            P("host", organization="State Department for Labour and Skills Development"),
            P("participant", person="Samuel Mutuku Kilonzo"),
            P("participant", organization="Embajada de Chile en Kenia"),
        ),
        outcomes=(
            OutcomeSpec(
                "The orientation curriculum will include a session on forced labour",
                organization="State Department for Labour and Skills Development",
            ),
        ),
    ),
    EngagementSpec(
        kind="workshop",
        title="Survivor leadership workshop: community liberation curriculum",
        start_date=D(2026, 6, 16),
        end_date=D(2026, 6, 17),
        timezone="Africa/Nairobi",
        country="KE",
        region="Coast",
        city="Kilifi",
        host="Sauti ya Waliookoka",
        objectives="Modules 1 and 2 (mobilization, protection) with survivor leaders.",
        tags=("kenya-programme", "survivor-leadership", "curriculum"),
        participants=(
            P("host", organization="Sauti ya Waliookoka"),
            P("facilitator", person="Halima Mwanaisha Said"),
            P("participant", organization="Haki Mashinani Trust"),
            P("participant", person="Omar Bakari Mwinyi"),
        ),
        outcomes=(OutcomeSpec("Each group left with an action plan for its community"),),
        audience=_sex(17, 7),
        follow_ups=(
            FollowUpSpec(
                "Collect the community action plans from the workshop groups",
                EDITOR,
                due_date=D(2026, 9, 30),
                counterpart="Sauti ya Waliookoka",
            ),
        ),
    ),
    EngagementSpec(
        kind="roundtable",
        title="Roundtable on the National Plan of Action against Trafficking 2027-2031",
        start_date=D(2026, 8, 26),
        timezone="Africa/Nairobi",
        country="KE",
        city="Nairobi",
        host="Counter-Trafficking in Persons Secretariat",
        objectives="Priorities of civil society and survivors for the next national plan.",
        tags=("kenya-programme", "national-action-plan"),
        participants=(
            P("participant", body=KENYA_COMMITTEE),
            P("participant", person="Daniel Kiprono Langat"),
            P("participant", organization="Office of the Director of Public Prosecutions"),
            P("participant", organization="Kenya National Commission on Human Rights"),
        ),
        outcomes=(
            OutcomeSpec(
                "Puente Libre invited to the drafting group of the national plan",
                organization="Counter-Trafficking in Persons Secretariat",
            ),
        ),
        follow_ups=(
            FollowUpSpec(
                "Nominate two survivor leaders to the national plan's drafting group",
                MANAGER,
                due_date=D(2026, 10, 31),
                counterpart="Counter-Trafficking in Persons Secretariat",
            ),
        ),
    ),
    EngagementSpec(
        kind="webinar",
        title="Webinar: prosecuting trafficking for forced labour in Kenya",
        start_date=D(2026, 10, 7),
        start_time=T(14, 0),
        end_time=T(15, 30),
        timezone="Africa/Nairobi",
        mode="virtual",
        country="KE",
        host="Office of the Director of Public Prosecutions",
        objectives="Lessons from recent judgments for prosecutors and investigators.",
        tags=("kenya-programme", "justice"),
        participants=(
            P("host", organization="Office of the Director of Public Prosecutions"),
            P("speaker", person="Grace Wambui Mutua"),
            P("organiser", organization="Puente Libre — Kenya Programme"),
        ),
        reach=(
            ReachSpec("registered", 188, D(2026, 10, 7), "platform_export"),
            ReachSpec("virtual_live_viewers", 121, D(2026, 10, 7), "platform_export"),
            ReachSpec("recording_views", 96, D(2026, 10, 21), "platform_export"),
            ReachSpec("recording_views", 214, D(2026, 11, 18), "platform_export"),
        ),
        links=(
            LinkSpec(
                "recording",
                "Recording of the webinar",
                "https://video.example.org/watch/odpp-forced-labour-2026",
            ),
        ),
    ),
)

DR_CONGO: tuple[EngagementSpec, ...] = (
    EngagementSpec(
        kind="workshop",
        title="Atelier communautaire sur le travail des enfants dans les mines artisanales",
        start_date=D(2026, 1, 20),
        timezone="Africa/Lubumbashi",
        country="CD",
        region="Lualaba",
        city="Kolwezi",
        venue="Kasulo",
        host="Comité Villageois de Vigilance de Kasulo",
        objectives="Module 1 of the community liberation curriculum with parents and teachers.",
        tags=("drc-programme", "child-labour", "curriculum"),
        participants=(
            P("host", organization="Comité Villageois de Vigilance de Kasulo"),
            P("participant", person="Espérance Kasongo Mujinga"),
            P("facilitator", organization="Action Solidaire pour la Dignité au Katanga"),
        ),
        audience=_sex(38, 27),
        reach=(ReachSpec("in_person_attendees", 65, D(2026, 1, 20), "attendance_sheet"),),
    ),
    EngagementSpec(
        kind="training",
        title="Formation des inspecteurs du travail sur les pires formes de travail des enfants",
        start_date=D(2026, 3, 24),
        end_date=D(2026, 3, 26),
        timezone="Africa/Lubumbashi",
        country="CD",
        region="Lualaba",
        city="Kolwezi",
        host="Inspection Provinciale du Travail du Lualaba",
        objectives="Identify child labour in artisanal mining and refer children to services.",
        tags=("drc-programme", "child-labour", "training"),
        participants=(
            P("host", organization="Inspection Provinciale du Travail du Lualaba"),
            P("participant", person="Jean-Pierre Mbuyi Kalala"),
            P("facilitator", person="Aimée Kapinga Lukusa"),
        ),
        audience=(
            AudienceSpec("discipline", "labour_inspection", 14),
            AudienceSpec("discipline", "law_enforcement", 5),
            AudienceSpec("discipline", "social_work", 4),
            *_sex(9, 14),
        ),
        reach=(ReachSpec("in_person_attendees", 23, D(2026, 3, 26), "attendance_sheet"),),
        follow_ups=(
            FollowUpSpec(
                "Hand the inspection guide over to the provincial inspectorate",
                EDITOR,
                due_date=D(2026, 4, 30),
                status="done",
                done_on=D(2026, 4, 22),
                counterpart="Inspection Provinciale du Travail du Lualaba",
            ),
        ),
    ),
    EngagementSpec(
        kind="advocacy",
        title="Plaidoyer auprès de l'APLTP pour un mécanisme provincial d'orientation",
        start_date=D(2026, 6, 11),
        timezone="Africa/Lubumbashi",
        country="CD",
        region="Lualaba",
        city="Kolwezi",
        host="Agence de Prévention et de Lutte contre la Traite des Personnes",
        objectives="A provincial referral mechanism for child victims found on mining sites.",
        tags=("drc-programme", "referral", "advocacy"),
        participants=(
            P("participant", person="Joseph Ngoy Banza"),
            P("participant", body=LUALABA_CELL),
            P("speaker", person="Chantal Mwamba Ilunga"),
        ),
        outcomes=(
            OutcomeSpec(
                "The APLTP requested technical assistance to draft the referral mechanism",
                organization="Agence de Prévention et de Lutte contre la Traite des Personnes",
            ),
        ),
        follow_ups=(
            FollowUpSpec(
                "Send the APLTP a note on technical assistance for the referral mechanism",
                MANAGER,
                due_date=D(2026, 12, 18),
                counterpart="Agence de Prévention et de Lutte contre la Traite des Personnes",
            ),
        ),
    ),
    EngagementSpec(
        kind="roundtable",
        title="Table ronde de la Cellule provinciale sur la traite des personnes",
        start_date=D(2026, 9, 15),
        timezone="Africa/Lubumbashi",
        country="CD",
        region="Lualaba",
        city="Kolwezi",
        host="Agence de Prévention et de Lutte contre la Traite des Personnes",
        objectives="Review the province's cases and the first months of the referral pilot.",
        tags=("drc-programme", "coordination"),
        participants=(
            P("host", body=LUALABA_CELL),
            P("participant", organization="Commission Nationale des Droits de l'Homme"),
            P("observer", organization="International Labour Organization"),
            P("participant", organization="Puente Libre — Programme RDC"),
        ),
        outcomes=(
            OutcomeSpec(
                "The Cellule adopted a referral form shared by all its members",
                organization="Agence de Prévention et de Lutte contre la Traite des Personnes",
            ),
        ),
        follow_ups=(
            FollowUpSpec(
                "Print the referral forms for the mining sites",
                EDITOR,
                due_date=D(2026, 10, 15),
                status="dropped",
                counterpart="Agence de Prévention et de Lutte contre la Traite des Personnes",
                notes="The APLTP printed them itself.",
            ),
        ),
    ),
    EngagementSpec(
        kind="site_visit",
        title="Visite des sites miniers artisanaux de Kasulo avec l'OIT",
        start_date=D(2026, 11, 4),
        timezone="Africa/Lubumbashi",
        country="CD",
        region="Lualaba",
        city="Kolwezi",
        venue="Kasulo",
        host="Action Solidaire pour la Dignité au Katanga",
        objectives="Show the ILO the village vigilance committee's monitoring at work.",
        tags=("drc-programme", "child-labour"),
        participants=(
            P("host", organization="Action Solidaire pour la Dignité au Katanga"),
            P("participant", person="Thomas Lindqvist"),
            P("participant", organization="Comité Villageois de Vigilance de Kasulo"),
        ),
        outcomes=(
            OutcomeSpec(
                "The ILO will consider Kolwezi for its child labour monitoring project",
                organization="International Labour Organization",
            ),
        ),
        follow_ups=(
            FollowUpSpec(
                "Send the ILO the committee's monitoring data for 2026",
                EDITOR,
                due_date=D(2026, 11, 20),
                counterpart="International Labour Organization",
            ),
        ),
    ),
)

# Top-level engagements; a field visit's parts are nested in it, in date order.
ENGAGEMENTS: tuple[EngagementSpec, ...] = (*CHILE, *MEXICO, *KENYA, *DR_CONGO)
