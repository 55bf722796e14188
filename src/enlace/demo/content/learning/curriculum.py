"""The community liberation curriculum, its knowledge test (in English) and the INDH's
diagnostic (in Spanish). True/false answers: 0 is true, 1 is false."""

from __future__ import annotations

from enlace.demo.content.learning.specs import (
    AssessmentSpec,
    CurriculumSpec,
    ItemSpec,
    ModuleSpec,
)

# The curriculum

MOBILIZATION = "Mobilization"
PROTECTION = "Protection"
LEGAL_FRAMEWORKS = "Legal frameworks"
REINTEGRATION = "Reintegration"
MONITORING = "Monitoring"

CURRICULUM_TITLE = "Community liberation"

CURRICULUM = CurriculumSpec(
    title=CURRICULUM_TITLE,
    language="en",
    edition="1.0",
    description=(
        "Five modules for community groups and NGOs where forced labour, debt bondage and "
        "trafficking are part of local life. Co-designed with survivor leaders; participants "
        "leave with an action plan for their community."
    ),
    modules=(
        ModuleSpec(
            MOBILIZATION,
            (
                "Map who in the community is exposed to forced labour, debt bondage and "
                "trafficking, and why.",
                "Hold a community meeting that workers and survivors can attend safely.",
                "Form a core group with a shared agenda and clear roles.",
            ),
            330,
        ),
        ModuleSpec(
            PROTECTION,
            (
                "Recognise the ILO indicators of forced labour in what a person tells you.",
                "Respond to a disclosure safely: consent, confidentiality, do no harm.",
                "Refer a person through the local referral pathway: shelter, health, legal "
                "aid, labour office, police.",
            ),
            390,
        ),
        ModuleSpec(
            LEGAL_FRAMEWORKS,
            (
                "Explain the three elements of the Palermo Protocol definition: act, means, "
                "purpose.",
                "Tell trafficking, forced labour, debt bondage and migrant smuggling apart.",
                "Know the national counter-trafficking law and victims' rights, including "
                "non-punishment.",
            ),
            360,
        ),
        ModuleSpec(
            REINTEGRATION,
            (
                "Plan reintegration with the survivor: income, housing, health, family and safety.",
                "Recognise the risks of re-trafficking and stigma, and how the community can "
                "reduce them.",
            ),
            360,
        ),
        ModuleSpec(
            MONITORING,
            (
                "Monitor recruitment, worksites and debts in the community, safely.",
                "Record and report cases without exposing the people concerned.",
                "Draft the community action plan and review it every quarter.",
            ),
            300,
        ),
    ),
)


# The knowledge test of the curriculum: ten scored items (13 points), three self-efficacy
# items and an open question. True/false answers: 0 is true, 1 is false.

HOW_CONFIDENT = "How confident are you that you can {}? (1 = not at all, 5 = completely)"

KNOWLEDGE_TEST_TITLE = "Community liberation: knowledge test"

KNOWLEDGE_TEST = AssessmentSpec(
    title=KNOWLEDGE_TEST_TITLE,
    language="en",
    curriculum=CURRICULUM_TITLE,
    description=(
        "Taken on paper on the first morning and again on the last afternoon; the same items "
        "both times. Ten knowledge items across the five modules, three self-efficacy items "
        "and one open question."
    ),
    items=(
        ItemSpec(
            "single_choice",
            "Many families in a farming village owe debts to the same labour contractor. What is "
            "the best first step to mobilize the community?",
            MOBILIZATION,
            (
                "Call a public meeting and name the contractor",
                "Meet the affected workers and families first, at a time and place they "
                "choose, and hear their priorities",
                "Ask the police to talk to the community",
                "Wait until someone files a complaint",
            ),
            answer=1,
            points=1,
            wrong=(0, 2),
        ),
        ItemSpec(
            "true_false",
            "The first community meeting about debt bondage is best held at the worksite, where "
            "everyone already gathers.",
            MOBILIZATION,
            answer=1,
            points=1,
            wrong=(0,),
        ),
        ItemSpec(
            "multiple_choice",
            "Which of these are ILO indicators of forced labour? Choose all that apply.",
            PROTECTION,
            (
                "Withholding of wages",
                "Retention of identity documents",
                "Overtime that is voluntary and paid at the legal rate",
                "Debt bondage",
                "Restriction of movement",
                "Membership of a trade union",
            ),
            answer=(0, 1, 3, 4),
            points=2,
            wrong=((0, 1, 4), (0, 1, 2, 3, 4), (1, 3)),
        ),
        ItemSpec(
            "single_choice",
            "A domestic worker back from the Gulf tells you her employer kept her passport and "
            "that she still owes the recruitment agency a fee she cannot repay. What do you do "
            "first?",
            PROTECTION,
            (
                "Call the agency and demand that the fee be cancelled",
                "Listen, check that she is safe now, explain her options and, with her consent, "
                "contact the referral focal point",
                "Share her story in the community WhatsApp group to warn others",
                "Tell her the case is too old to act on",
            ),
            answer=1,
            points=1,
            wrong=(0, 2),
        ),
        ItemSpec(
            "multiple_choice",
            "Under the Palermo Protocol, trafficking in adults has three elements. Which are they?",
            LEGAL_FRAMEWORKS,
            (
                "An act: recruitment, transport, transfer, harbouring or receipt of persons",
                "A means: threat, force, coercion, abduction, fraud, deception, abuse of power "
                "or of a position of vulnerability",
                "A purpose of exploitation",
                "Crossing an international border",
                "The victim was not paid",
            ),
            answer=(0, 1, 2),
            points=2,
            wrong=((0, 2, 3), (0, 1, 2, 3), (0, 3, 4)),
        ),
        ItemSpec(
            "true_false",
            "If a person agreed to the job at first, the case cannot be trafficking.",
            LEGAL_FRAMEWORKS,
            answer=1,
            points=1,
            wrong=(0,),
        ),
        ItemSpec(
            "single_choice",
            "What protects a returning survivor best against being trafficked again?",
            REINTEGRATION,
            (
                "A one-off cash grant on arrival",
                "A plan agreed with the survivor covering income, housing, health and "
                "outstanding debts, with follow-up visits",
                "A new job found through the same recruitment agency",
                "Staying in a shelter until a job turns up",
            ),
            answer=1,
            points=1,
            wrong=(0, 3),
        ),
        ItemSpec(
            "true_false",
            "Naming survivors at community meetings helps the community support them.",
            REINTEGRATION,
            answer=1,
            points=1,
            wrong=(0,),
        ),
        ItemSpec(
            "multiple_choice",
            "Which practices keep community monitoring safe? Choose all that apply.",
            MONITORING,
            (
                "Recording cases with codes instead of names",
                "Keeping the list of cases in the community WhatsApp group",
                "Agreeing in advance who reports to which authority",
                "Photographing workers at the worksite without asking them",
                "Reviewing the action plan with the community every quarter",
            ),
            answer=(0, 2, 4),
            points=2,
            wrong=((0, 1, 2, 4), (0, 2), (2, 3, 4)),
        ),
        ItemSpec(
            "single_choice",
            "Your action plan aims at 'fewer families in debt bondage'. Which indicator measures "
            "it best?",
            MONITORING,
            (
                "The number of community meetings held",
                "The number of families owing a recruitment debt, counted the same way at the "
                "start and every six months",
                "The number of leaflets handed out",
                "The facilitators' impression of progress",
            ),
            answer=1,
            points=1,
            wrong=(0, 2),
        ),
        ItemSpec(
            "likert",
            HOW_CONFIDENT.format("recognise forced labour in what a person tells you"),
            PROTECTION,
        ),
        ItemSpec(
            "likert",
            HOW_CONFIDENT.format("explain to your community what trafficking is in law"),
            LEGAL_FRAMEWORKS,
        ),
        ItemSpec(
            "likert",
            HOW_CONFIDENT.format("lead your community in drafting and following up an action plan"),
            MONITORING,
        ),
        ItemSpec(
            "open_text",
            "What is the first thing your organisation will do in its community after this "
            "training?",
            MONITORING,
        ),
    ),
)


# The INDH's diagnostic, in Spanish: six scored items (8 points) and two self-efficacy items.

DIAGNOSTIC_TITLE = "Diagnóstico: identificación y derivación de víctimas de trata"

QUE_TAN = "¿Qué tan preparado o preparada se siente para {}? (1 = nada, 5 = totalmente)"

DIAGNOSTIC = AssessmentSpec(
    title=DIAGNOSTIC_TITLE,
    language="es",
    description=(
        "Diagnóstico de entrada de los equipos regionales antes de la capacitación virtual; se "
        "repite como seguimiento unos meses después."
    ),
    items=(
        ItemSpec(
            "multiple_choice",
            "Según el Protocolo de Palermo, ¿qué elementos componen la definición de trata de "
            "personas adultas? Marque todas las que correspondan.",
            choices=(
                "Una acción: captación, transporte, traslado, acogida o recepción de personas",
                "Un medio: amenaza, fuerza, engaño, abuso de poder o de una situación de "
                "vulnerabilidad, entre otros",
                "Un fin de explotación",
                "El cruce de una frontera internacional",
                "Un pago a la víctima",
            ),
            answer=(0, 1, 2),
            points=2,
            wrong=((0, 2, 3), (0, 1, 2, 3)),
        ),
        ItemSpec(
            "true_false",
            "En Chile, la trata de personas está tipificada en el artículo 411 quáter del Código "
            "Penal.",
            answer=0,
            points=1,
            wrong=(1,),
        ),
        ItemSpec(
            "true_false",
            "Para recibir protección y asistencia, una posible víctima de trata debe presentar "
            "primero una denuncia.",
            answer=1,
            points=1,
            wrong=(0,),
        ),
        ItemSpec(
            "single_choice",
            "Una persona migrante relata que su empleador le retiene el pasaporte y le descuenta "
            "del sueldo una deuda por el viaje. ¿Cuál es la primera respuesta adecuada?",
            choices=(
                "Llamar al empleador para aclarar la situación",
                "Escuchar, evaluar su seguridad, explicarle sus opciones y, con su "
                "consentimiento, activar la derivación",
                "Indicarle que acuda sola a la policía",
                "Registrar el caso y esperar a que vuelva a consultar",
            ),
            answer=1,
            points=1,
            wrong=(2, 0),
        ),
        ItemSpec(
            "multiple_choice",
            "¿Cuáles de estos son indicadores de trabajo forzoso de la OIT? Marque todas las que "
            "correspondan.",
            choices=(
                "Retención de documentos de identidad",
                "Servidumbre por deudas",
                "Horas extraordinarias voluntarias y pagadas según la ley",
                "Restricción de la libertad de movimiento",
                "Afiliación a un sindicato",
            ),
            answer=(0, 1, 3),
            points=2,
            wrong=((0, 1), (0, 1, 2, 3)),
        ),
        ItemSpec(
            "single_choice",
            "¿Qué distingue el tráfico ilícito de migrantes de la trata de personas?",
            choices=(
                "El tráfico ilícito siempre involucra a niños, niñas o adolescentes",
                "El tráfico ilícito es un delito contra el Estado por el cruce irregular de una "
                "frontera; la trata es un delito contra la persona, con fines de explotación, y "
                "no exige cruzar fronteras",
                "La trata exige siempre cruzar una frontera",
                "No hay diferencia jurídica entre ambos",
            ),
            answer=1,
            points=1,
            wrong=(2, 3),
        ),
        ItemSpec("likert", QUE_TAN.format("identificar a una posible víctima en una entrevista")),
        ItemSpec(
            "likert",
            QUE_TAN.format("coordinar una derivación con la policía y la Fiscalía"),
        ),
    ),
)

ASSESSMENTS: tuple[AssessmentSpec, ...] = (KNOWLEDGE_TEST, DIAGNOSTIC)
