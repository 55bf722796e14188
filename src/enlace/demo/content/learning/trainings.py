"""The two trainings: the five-day community liberation training in Kilifi (with its engagement)
and the INDH's virtual training (its engagement is in enlace.demo.content.engagements), with
their sessions, tests, enrolments, attendance sheets and answers."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from enlace.demo.content.learning.curriculum import (
    CURRICULUM_TITLE,
    DIAGNOSTIC_TITLE,
    KNOWLEDGE_TEST_TITLE,
)
from enlace.demo.content.learning.people import HAKI, MTWAPA_FORUM, SAUTI
from enlace.demo.content.learning.specs import (
    AnswersSpec,
    EnrollmentSpec,
    InstrumentSpec,
    SessionSpec,
    TrainingSpec,
)
from enlace.demo.content.specs import EngagementSpec, FollowUpSpec, OutcomeSpec, ParticipantSpec

D = dt.date
T = dt.time
P = ParticipantSpec
NAIROBI = ZoneInfo("Africa/Nairobi")
SANTIAGO = ZoneInfo("America/Santiago")

EDITOR = "editor@enlace.example"


def _at(day: dt.date, hour: int, minute: int, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, T(hour, minute), tzinfo=zone)


# The engagement of the five-day training (the INDH's virtual training is in engagements.py)

KILIFI_TRAINING_TITLE = "Community liberation training for three NGOs of the Coast"
KILIFI_START = D(2026, 9, 14)
INDH_TRAINING_TITLE = "Capacitación virtual para equipos de las sedes regionales del INDH"
INDH_START = D(2026, 4, 14)

LEARNING_ENGAGEMENTS: tuple[EngagementSpec, ...] = (
    EngagementSpec(
        kind="training",
        title=KILIFI_TRAINING_TITLE,
        start_date=KILIFI_START,
        end_date=D(2026, 9, 18),
        start_time=T(8, 30),
        end_time=T(16, 30),
        timezone="Africa/Nairobi",
        country="KE",
        region="Coast",
        city="Kilifi",
        venue="Training hall of Haki Mashinani Trust",
        host="Puente Libre — Kenya Programme",
        objectives=(
            "The five modules of the community liberation curriculum (mobilization, protection, "
            "legal frameworks, reintegration, monitoring) for staff and volunteers of three NGOs "
            "of the Coast, with case studies and field exercises; each organisation leaves with "
            "an action plan for its community."
        ),
        summary=(
            "Five days in Kilifi with eighteen participants. Paper pre- and post-tests, entered "
            "by staff: knowledge rose on every module but legal frameworks, which needs a "
            "refresher."
        ),
        tags=("community", "curriculum", "kenya-programme", "training"),
        participants=(
            P("organiser", organization="Puente Libre — Kenya Programme"),
            P("facilitator", person="Esther Akinyi Owino"),
            P("facilitator", person="Grace Wambui Mutua"),
            P("facilitator", person="Wanjiku Njeri Kamau"),
            P("participant", organization=HAKI),
            P("participant", organization=SAUTI),
            P("participant", organization=MTWAPA_FORUM),
        ),
        outcomes=(OutcomeSpec("Three community action plans drafted: Kilifi, Mtwapa and Mombasa"),),
        follow_ups=(
            FollowUpSpec(
                "Plan a refresher on legal frameworks with the three NGOs",
                EDITOR,
                due_date=D(2026, 12, 11),
                counterpart=HAKI,
            ),
        ),
    ),
)


# The trainings

A = AnswersSpec
E = EnrollmentSpec
KILIFI_NOMINATED = D(2026, 8, 28)

KILIFI = TrainingSpec(
    engagement=KILIFI_TRAINING_TITLE,
    start_date=KILIFI_START,
    curriculum=CURRICULUM_TITLE,
    facilitators=(
        "Esther Akinyi Owino",
        "Grace Wambui Mutua",
        "Wanjiku Njeri Kamau",
        "Esther Akinyi Owino",
        "Esther Akinyi Owino",
    ),
    instruments=(
        InstrumentSpec(
            KNOWLEDGE_TEST_TITLE,
            "pre",
            closes_at=_at(KILIFI_START, 9, 30, NAIROBI),
            submitted_at=_at(KILIFI_START, 8, 45, NAIROBI),
        ),
        InstrumentSpec(
            KNOWLEDGE_TEST_TITLE,
            "post",
            closes_at=_at(D(2026, 9, 18), 17, 0, NAIROBI),
            submitted_at=_at(D(2026, 9, 18), 15, 15, NAIROBI),
        ),
    ),
    enrollments=(
        # Already knew everything: 100% before and after (normalised gain undefined).
        E(
            "Mwanajuma Salim Athman",
            "advanced",
            12,
            KILIFI_NOMINATED,
            "PPPPP",
            pre=A("1111111111", "445"),
            post=A("1111111111", "555", "Train our volunteer paralegals on the referral pathway."),
            certificate=True,
        ),
        E(
            "Omar Bakari Mwinyi",
            "intermediate",
            6,
            KILIFI_NOMINATED,
            "PPLPP",
            pre=A("1101101101", "343"),
            post=A("1111101111", "454", "Map the recruitment agencies that work in Kilifi."),
            certificate=True,
        ),
        E(
            "Kahindi Charo Baya",
            "basic",
            2,
            KILIFI_NOMINATED,
            "PPPPP",
            pre=A("1001000100", "232"),
            post=A("1111000111", "443"),
            certificate=True,
        ),
        E(
            "Zawadi Kadzo Mwangala",
            "intermediate",
            5,
            KILIFI_NOMINATED,
            "PPPEP",
            pre=A("1101010100", "333"),
            post=A("1111011111", "444", "Meet the families who owe the quarry contractor."),
            certificate=True,
        ),
        # No post-test: in court on the last day.
        E(
            "Peter Ouma Odhiambo",
            "intermediate",
            6,
            KILIFI_NOMINATED,
            "PPPPE",
            pre=A("1111110110", "444"),
        ),
        # Withdrew after the second day (a family emergency).
        E(
            "Rehema Nafula Wekesa",
            "none",
            1,
            KILIFI_NOMINATED,
            "PP---",
            pre=A("0001000100", "222"),
            withdrawn=True,
        ),
        # Lower after the training than before.
        E(
            "Hassan Abdalla Mbwana",
            "basic",
            3,
            KILIFI_NOMINATED,
            "PLPPL",
            pre=A("1101011100", "334"),
            post=A("1100010100", "344"),
            certificate=True,
        ),
        E(
            "Halima Mwanaisha Said",
            "advanced",
            9,
            KILIFI_NOMINATED,
            "PPPPP",
            pre=A("1111011111", "455"),
            post=A("1111111111", "555", "A survivors' circle in Mombasa every month."),
            certificate=True,
        ),
        E(
            "Amina Rashid Kombo",
            "intermediate",
            4,
            KILIFI_NOMINATED,
            "PPPPP",
            pre=A("1001010110", "333"),
            post=A("1111110111", "454"),
            certificate=True,
        ),
        # Attended three days of five: below the 80% rule, post-test or not.
        E(
            "Baraka Karisa Kazungu",
            "none",
            0,
            KILIFI_NOMINATED,
            "PAPAL",
            pre=A("0001000000", "123"),
            post=A("1101000110", "333"),
        ),
        # Lower after the training than before.
        E(
            "Fatuma Juma Mohamed",
            "basic",
            2,
            KILIFI_NOMINATED,
            "PPPLP",
            pre=A("1101011110", "343"),
            post=A("1101001110", "343"),
            certificate=True,
        ),
        # No post-test: left before it to catch the last bus.
        E(
            "Kennedy Mutua Musyoka",
            "none",
            1,
            KILIFI_NOMINATED,
            "PLPLP",
            pre=A("0101-00100", "22-"),
        ),
        E(
            "Mercy Kavata Mwikali",
            "intermediate",
            7,
            KILIFI_NOMINATED,
            "PPPPP",
            pre=A("1101010111", "344"),
            post=A("1111011111", "455", "Add the monitoring form to our weekly home visits."),
            certificate=True,
        ),
        # Certificate revoked: day 4 was marked present by mistake, which leaves him at 60%.
        E(
            "Stephen Kenga Ngala",
            "none",
            0,
            KILIFI_NOMINATED,
            "PAPPP",
            pre=A("0001001000", "223"),
            post=A("1101001110", "343"),
            certificate=True,
            corrected_attendance="PAPAP",
            revoke_reason=(
                "Attendance corrected: day 4 was marked present by mistake, so the attendance "
                "rule is not met."
            ),
        ),
        E(
            "Dorcas Achieng Otieno",
            "basic",
            3,
            KILIFI_NOMINATED,
            "PPPPP",
            pre=A("1001000100", "233"),
            post=A(
                "1111010111", "344", "Talk about safe recruitment at the school's parents' day."
            ),
            certificate=True,
        ),
        # Enrolled on the second day, replacing a colleague: no pre-test; no certificate yet.
        E(
            "Ali Swaleh Bakari",
            "none",
            1,
            D(2026, 9, 15),
            "-PPPP",
            post=A("1101001111", "344"),
        ),
        E(
            "Lucy Wanjiru Njoroge",
            "basic",
            2,
            KILIFI_NOMINATED,
            "PPPPP",
            pre=A("1101000110", "233"),
            post=A("1111010110", "344"),
            certificate=True,
        ),
        E(
            "Tsuma Kazungu Mwadime",
            "intermediate",
            10,
            KILIFI_NOMINATED,
            "LPPPP",
            pre=A("1111010100", "334"),
            post=A("1111110111", "445", "Present the action plan to the village elders."),
            certificate=True,
        ),
    ),
)

INDH_ENROLLED = D(2026, 4, 6)

INDH = TrainingSpec(
    engagement=INDH_TRAINING_TITLE,
    start_date=INDH_START,
    sessions=(
        SessionSpec(
            INDH_START,
            "Marco legal, primera respuesta psicosocial y coordinación con policías y Fiscalía",
            210,
            facilitator="Constanza Lillo Barrera",
        ),
    ),
    instruments=(
        InstrumentSpec(
            DIAGNOSTIC_TITLE,
            "pre",
            closes_at=_at(INDH_START, 9, 30, SANTIAGO),
            submitted_at=_at(D(2026, 4, 13), 18, 0, SANTIAGO),
        ),
        # Open: no closing date.
        InstrumentSpec(DIAGNOSTIC_TITLE, "follow_up"),
    ),
    link_phase="follow_up",
    enrollments=(
        E(
            "Rodrigo Henríquez Salas",
            "advanced",
            10,
            INDH_ENROLLED,
            "P",
            pre=A("111101", "45"),
            follow_up=A("111111", "55"),
        ),
        E("Matías Carrasco Peña", "intermediate", 7, INDH_ENROLLED, "P", pre=A("101111", "34")),
        # Joined the session without having taken the diagnostic.
        E("Fernanda Vidal Olave", "intermediate", 4, D(2026, 4, 13), "L"),
        E(
            "Carolina Fuentes Espinoza",
            "intermediate",
            6,
            INDH_ENROLLED,
            "P",
            pre=A("110111", "34"),
            follow_up=A("111101", "44"),
        ),
        E("Felipe Sepúlveda Contreras", "basic", 2, INDH_ENROLLED, "A", pre=A("001100", "22")),
        E(
            "Valentina Parra Navarrete",
            "basic",
            3,
            INDH_ENROLLED,
            "P",
            pre=A("011101", "23"),
            follow_up=A("011111", "34"),
        ),
        E("Jorge Mamani Condori", "advanced", 11, INDH_ENROLLED, "E", pre=A("111011", "44")),
        E(
            "Camila Choque Flores",
            "none",
            0,
            INDH_ENROLLED,
            "P",
            pre=A("000100", "12"),
            follow_up=A("101101", "23"),
        ),
        E("Sebastián Rojas Araya", "intermediate", 5, INDH_ENROLLED, "P", pre=A("101101", "33")),
        E("Francisca Muñoz Saavedra", "intermediate", 8, INDH_ENROLLED, "P", pre=A("111101", "44")),
    ),
)

TRAININGS: tuple[TrainingSpec, ...] = (KILIFI, INDH)
