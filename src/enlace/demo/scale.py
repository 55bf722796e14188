"""A synthetic workspace for measuring speed: `enlace generate-scale-data --scale N`.

Scale 1 is 20 countries, 5,000 organisations, 100,000 people, 50,000 engagements, about
1,000,000 attendance marks and about 2,000,000 assessment answers; every figure grows linearly
with the scale (the countries stay 20 from scale 0.05 up; at a tiny scale there is at least one
of everything, so at least 18 organisations, one per kind, and 8 opportunities, one per stage).
The benchmark computes a results framework over it, so the data has the shape of real work:
organisations of every kind in every country, people with disciplines, sex (some not recorded),
consent and, for about 2%, lived experience; engagements of every kind and mode with
participants, audience counts and reach readings (some revised, upward or downward), field
visits with their parts; curricula, assessments, trainings with sessions, enrolments (some
withdrawn or only invited), attendance, pre- and post-test responses whose points are the sum of
their answers', and completion set by learning's own rule; opportunities in every stage with
their stage changes, agreements, and follow-ups done on time, done late and open past their
date.

Why not the services: they validate and write one record at a time with its history, which
would take hours at scale 1. The generator writes each table with executemany on one cursor,
inside one transaction (all or nothing), and sets every field the services would compute
(name_key, title_key, points, self-efficacy, completion, stage_changed_at) with the same helpers.
It writes no history rows: synthetic records have no past, and the history tables would only
double the time and the size. Foreign keys are checked when the transaction commits (Django
declares them deferrable on SQLite and PostgreSQL), so tables are flushed in any order.

Deterministic: the records come from random.Random(seed) and their ids from a generator seeded
with the seed and the workspace's slug (so that two such workspaces can share a database); dates
lie between 2025-01-01 and 2026-06-30 and every timestamp is fixed, so two runs with the same
seed and slug write the same rows. Sign in as scale@enlace.example (password enlace-scale), the
workspace's owner.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.management.base import CommandError
from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.core.fields import TagsField, name_key
from enlace.core.models import Membership, Workspace
from enlace.core.permissions import Role
from enlace.engagements.models import (
    AudienceCount,
    AudienceDimension,
    Engagement,
    EngagementKind,
    FollowUp,
    FollowUpStatus,
    Mode,
    Participant,
    ParticipantRole,
    ReachMetric,
    ReachReading,
    ReachSource,
)
from enlace.learning.models import (
    ATTENDED,
    Answer,
    Assessment,
    Attendance,
    AttendanceStatus,
    Curriculum,
    Enrollment,
    EnrollmentStatus,
    ExperienceLevel,
    Item,
    ItemKind,
    Module,
    Phase,
    Response,
    ResponseSource,
    SessionModule,
    Training,
    TrainingInstrument,
    TrainingSession,
)
from enlace.learning.services.enrollments import is_complete
from enlace.partnerships.models import (
    CLOSING_STAGES,
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Opportunity,
    OpportunityKind,
    OpportunityOrigin,
    Stage,
    StageChange,
)
from enlace.results import facts
from enlace.stakeholders.models import (
    ConsentMethod,
    Discipline,
    Organization,
    OrganizationKind,
    Person,
    Sex,
)

SCALE_EMAIL = "scale@enlace.example"
SCALE_PASSWORD = "enlace-scale"  # noqa: S105 - a published login to synthetic data
DEFAULT_SEED = 87

# The figures at scale 1; attendance and answers are reached within one training's worth.
BASE_ORGANIZATIONS = 5_000
BASE_PEOPLE = 100_000
BASE_ENGAGEMENTS = 50_000
BASE_ATTENDANCE = 1_000_000
BASE_ANSWERS = 2_000_000
BASE_CURRICULA = 8
BASE_OPPORTUNITIES = 1_000
BASE_FOLLOW_UPS = 10_000
FULL_COUNTRIES_FROM = 0.05  # from this scale up, all 20 countries

FIRST_DAY = dt.date(2025, 1, 1)
LAST_DAY = dt.date(2026, 6, 30)
SPAN_DAYS = (LAST_DAY - FIRST_DAY).days
# Every row's created_at and updated_at: fixed, so that runs are comparable.
STAMP = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
BATCH = 10_000
SQLITE_CACHE_KIB = 512 * 1024

# Country, its time zone, and two regions with a city each.
COUNTRIES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("CL", "America/Santiago", (("Metropolitana", "Santiago"), ("Biobío", "Concepción"))),
    ("AR", "America/Argentina/Buenos_Aires", (("Buenos Aires", "La Plata"), ("Salta", "Salta"))),
    ("PE", "America/Lima", (("Lima", "Lima"), ("Cusco", "Cusco"))),
    ("BO", "America/La_Paz", (("La Paz", "El Alto"), ("Santa Cruz", "Santa Cruz"))),
    ("CO", "America/Bogota", (("Cundinamarca", "Bogotá"), ("Antioquia", "Medellín"))),
    ("EC", "America/Guayaquil", (("Pichincha", "Quito"), ("Guayas", "Guayaquil"))),
    ("PY", "America/Asuncion", (("Central", "Asunción"), ("Alto Paraná", "Ciudad del Este"))),
    ("UY", "America/Montevideo", (("Montevideo", "Montevideo"), ("Salto", "Salto"))),
    ("BR", "America/Sao_Paulo", (("São Paulo", "São Paulo"), ("Pará", "Belém"))),
    ("MX", "America/Mexico_City", (("Chiapas", "Tapachula"), ("Jalisco", "Guadalajara"))),
    ("GT", "America/Guatemala", (("Guatemala", "Guatemala"), ("Quetzaltenango", "Xela"))),
    ("HN", "America/Tegucigalpa", (("Francisco Morazán", "Tegucigalpa"), ("Cortés", "SPS"))),
    ("SV", "America/El_Salvador", (("San Salvador", "San Salvador"), ("Santa Ana", "Santa Ana"))),
    ("NI", "America/Managua", (("Managua", "Managua"), ("León", "León"))),
    ("CR", "America/Costa_Rica", (("San José", "San José"), ("Limón", "Limón"))),
    ("PA", "America/Panama", (("Panamá", "Panamá"), ("Chiriquí", "David"))),
    ("DO", "America/Santo_Domingo", (("Santo Domingo", "Santo Domingo"), ("Santiago", "Santiago"))),
    ("VE", "America/Caracas", (("Distrito Capital", "Caracas"), ("Zulia", "Maracaibo"))),
    ("ES", "Europe/Madrid", (("Madrid", "Madrid"), ("Andalucía", "Sevilla"))),
    ("US", "America/New_York", (("New York", "New York"), ("Texas", "Houston"))),
)

FIRST_NAMES = (
    "Ana", "María", "José", "Luis", "Carmen", "Juan", "Rosa", "Carlos", "Lucía", "Pedro",
    "Sofía", "Diego", "Valentina", "Jorge", "Camila", "Andrés", "Isabel", "Miguel", "Paula",
    "Javier", "Daniela", "Fernando", "Gabriela", "Ricardo", "Elena", "Tomás", "Beatriz", "Raúl",
    "Marta", "Hugo", "João", "Francisca", "Mateo", "Julia", "Rafael", "Claudia", "Emilio", "Inés",
)  # fmt: skip
LAST_NAMES = (
    "González", "Muñoz", "Rojas", "Díaz", "Pérez", "Soto", "Contreras", "Silva", "Martínez",
    "Sepúlveda", "Morales", "Rodríguez", "López", "Fuentes", "Hernández", "Torres", "Araya",
    "Flores", "Espinoza", "Valenzuela", "Castillo", "Ramírez", "Reyes", "Gutiérrez", "Castro",
    "Vargas", "Álvarez", "Vásquez", "Tapia", "Fernández", "Sánchez", "Carrasco", "Gómez",
    "Cortés", "Herrera", "Núñez", "Jara", "Vergara", "Rivera", "Figueroa", "Oliveira", "Santos",
)  # fmt: skip
ORG_WORDS: dict[str, tuple[str, ...]] = {
    OrganizationKind.GOVERNMENT: ("Ministerio de Trabajo", "Ministerio de Justicia", "Migraciones"),
    OrganizationKind.NHRI: ("Defensoría del Pueblo", "Instituto de Derechos Humanos"),
    OrganizationKind.PARLIAMENT: ("Comisión de Derechos Humanos del Congreso",),
    OrganizationKind.JUSTICE: ("Fiscalía Especializada en Trata", "Corte de Apelaciones"),
    OrganizationKind.ENFORCEMENT: ("Inspección del Trabajo", "Brigada contra la Trata"),
    OrganizationKind.LOCAL_GOVERNMENT: ("Municipalidad", "Gobierno Regional"),
    OrganizationKind.NGO: ("Fundación Camino Libre", "Asociación Manos Abiertas", "Red Puente"),
    OrganizationKind.SURVIVOR_LED: ("Colectivo Sobrevivientes Unidas", "Voces Libres"),
    OrganizationKind.COMMUNITY: ("Junta de Vecinos", "Comité de Migrantes"),
    OrganizationKind.FAITH_BASED: ("Pastoral de Movilidad Humana", "Cáritas Diocesana"),
    OrganizationKind.ACADEMIA: ("Universidad Nacional", "Centro de Estudios Laborales"),
    OrganizationKind.PRIVATE_SECTOR: ("Cámara de Comercio", "Agroexportadora del Valle"),
    OrganizationKind.TRADE_UNION: ("Sindicato de Temporeras", "Central Unitaria"),
    OrganizationKind.MULTILATERAL: ("Oficina de País de la OIT", "Oficina de la OIM"),
    OrganizationKind.EMBASSY: ("Embajada de Canadá", "Embajada de los Países Bajos"),
    OrganizationKind.DONOR: ("Fondo Fiduciario", "Fundación Filantrópica"),
    OrganizationKind.MEDIA: ("Radio Comunitaria", "Diario Regional"),
    OrganizationKind.OTHER: ("Colegio Profesional", "Consultora Independiente"),
}
# How often each organisation kind and engagement kind occurs (weights).
ORG_KIND_WEIGHTS = {
    OrganizationKind.GOVERNMENT: 10, OrganizationKind.NHRI: 1, OrganizationKind.PARLIAMENT: 1,
    OrganizationKind.JUSTICE: 5, OrganizationKind.ENFORCEMENT: 6,
    OrganizationKind.LOCAL_GOVERNMENT: 12, OrganizationKind.NGO: 20,
    OrganizationKind.SURVIVOR_LED: 3, OrganizationKind.COMMUNITY: 10,
    OrganizationKind.FAITH_BASED: 5, OrganizationKind.ACADEMIA: 6,
    OrganizationKind.PRIVATE_SECTOR: 8, OrganizationKind.TRADE_UNION: 4,
    OrganizationKind.MULTILATERAL: 2, OrganizationKind.EMBASSY: 2, OrganizationKind.DONOR: 2,
    OrganizationKind.MEDIA: 2, OrganizationKind.OTHER: 1,
}  # fmt: skip
EVENT_KIND_WEIGHTS = {
    EngagementKind.FIELD_VISIT: 8, EngagementKind.MEETING: 30, EngagementKind.SEMINAR: 8,
    EngagementKind.CONFERENCE: 3, EngagementKind.WEBINAR: 8, EngagementKind.ROUNDTABLE: 8,
    EngagementKind.ADVOCACY: 8, EngagementKind.SITE_VISIT: 6, EngagementKind.OTHER: 3,
}  # fmt: skip
TRAINING_ENGAGEMENT_KINDS = (EngagementKind.TRAINING, EngagementKind.WORKSHOP)
PART_KINDS = (EngagementKind.MEETING, EngagementKind.SITE_VISIT, EngagementKind.ROUNDTABLE)
# Events whose audience is counted rather than named, and whose reach is read.
BROADCAST_KINDS = frozenset(
    {EngagementKind.SEMINAR, EngagementKind.CONFERENCE, EngagementKind.WEBINAR}
)
STAGE_PATH = (Stage.IDENTIFIED, Stage.EXPLORING, Stage.DRAFTING, Stage.SUBMITTED)
CURRENCIES = ("USD", "EUR", "CLP")


def scaled(base: int, scale: float) -> int:
    """`base` times the scale, at least 1."""
    return max(1, round(base * scale))


def country_count(scale: float) -> int:
    """All 20 countries from FULL_COUNTRIES_FROM up, proportionally fewer (at least 1) below."""
    return min(len(COUNTRIES), max(1, round(len(COUNTRIES) * scale / FULL_COUNTRIES_FROM)))


class Output(Protocol):
    """Where progress goes: a command's stdout or any text stream."""

    def write(self, msg: str) -> Any: ...


# Writing


Converter = Callable[[Any], Any]


def _converter(model_field: models.Field[Any, Any]) -> Converter | None:
    """How a Python value becomes the database's value, as Django's get_db_prep_save would do
    it; None where the value passes unchanged (numbers, text, booleans, nulls)."""
    if isinstance(model_field, models.ForeignKey):
        model_field = model_field.target_field
    if isinstance(model_field, models.UUIDField):
        if connection.features.has_native_uuid_field:
            return None
        return lambda value: None if value is None else value.hex
    prepared = (
        TagsField,
        models.JSONField,
        models.DecimalField,
        models.DateField,
        models.TimeField,
    )
    if isinstance(model_field, prepared):
        prep = model_field.get_db_prep_save
        return lambda value: None if value is None else prep(value, connection)
    return None


@dataclass
class _Table:
    """One table's pending rows, written with executemany when BATCH of them are waiting."""

    model: type[models.Model]
    columns: tuple[str, ...]
    sql: str = ""
    converters: list[tuple[int, Converter]] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    written: int = 0

    def __post_init__(self) -> None:
        meta = self.model._meta
        fields = [meta.get_field(name) for name in self.columns]
        quote = connection.ops.quote_name
        names = ", ".join(quote(_column(self.model, name)) for name in self.columns)
        marks = ", ".join(["%s"] * len(fields))
        self.sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
        for index, model_field in enumerate(fields):
            convert = _converter(model_field)  # type: ignore[arg-type]
            if convert is not None:
                self.converters.append((index, convert))


class _Writer:
    """Buffers rows per table; WorkspaceModel rows get their common columns (workspace, version,
    timestamps, not deleted) here, converted once."""

    COMMON = ("workspace", "version", "created_at", "updated_at", "deleted_at")

    def __init__(self, workspace_id: uuid.UUID) -> None:
        self.tables: dict[type[models.Model], _Table] = {}
        self.common: dict[type[models.Model], list[Any]] = {}
        self.workspace_id = workspace_id

    def table(self, model: type[models.Model], columns: Sequence[str]) -> None:
        """Declare `model`'s columns: id first, then `columns`; the common ones come after."""
        has_common = all(_has_field(model, name) for name in self.COMMON)
        common = self.COMMON if has_common else ("workspace",)
        table = _Table(model, ("id", *columns, *common))
        values: list[Any] = [self.workspace_id, 1, STAMP, STAMP, None][: len(common)]
        fields = [model._meta.get_field(name) for name in common]
        converted = []
        for value, model_field in zip(values, fields, strict=True):
            convert = _converter(model_field)  # type: ignore[arg-type]
            converted.append(convert(value) if convert and value is not None else value)
        first_common = 1 + len(columns)
        table.converters = [(i, c) for i, c in table.converters if i < first_common]
        self.tables[model] = table
        self.common[model] = converted

    def add(self, model: type[models.Model], *values: Any) -> None:
        table = self.tables[model]
        row = list(values)
        for index, convert in table.converters:
            row[index] = convert(row[index])
        row.extend(self.common[model])
        table.rows.append(row)
        if len(table.rows) >= BATCH:
            self._flush(table)

    def flush(self) -> None:
        for table in self.tables.values():
            self._flush(table)

    def _flush(self, table: _Table) -> None:
        if not table.rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(table.sql, table.rows)
        table.written += len(table.rows)
        table.rows = []

    def counts(self) -> dict[str, int]:
        return {t.model._meta.label: t.written for t in self.tables.values()}


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _column(model: type[models.Model], name: str) -> str:
    """The database column of `model`'s field `name` ("workspace" -> "workspace_id")."""
    return str(model._meta.get_field(name).column)  # type: ignore[union-attr]


# The generator


@dataclass
class _Plan:
    """What later tables need to know about earlier ones (ids and a few attributes)."""

    countries: list[tuple[str, str, tuple[tuple[str, str], ...]]]
    orgs: list[uuid.UUID] = field(default_factory=list)
    orgs_by_country: dict[str, list[uuid.UUID]] = field(default_factory=dict)
    people: list[uuid.UUID] = field(default_factory=list)
    # (id, kind, start, end, country)
    engagements: list[tuple[uuid.UUID, str, dt.date, dt.date, str]] = field(default_factory=list)


class _Generator:
    def __init__(
        self, *, scale: float, seed: int, ids: random.Random, workspace: Workspace, owner: User
    ) -> None:
        self.scale = scale
        self.rng = random.Random(seed)  # noqa: S311 - synthetic records, not secrets
        self.ids = ids
        self.workspace = workspace
        self.owner = owner
        self.out = _Writer(workspace.pk)
        self.plan = _Plan(countries=list(COUNTRIES[: country_count(scale)]))

    def uid(self) -> uuid.UUID:
        return _uuid(self.ids)

    def day(self, start: dt.date = FIRST_DAY, span: int = SPAN_DAYS) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, span))

    def run(self, say: Callable[[str], None]) -> dict[str, int]:
        self.organizations()
        self.people()
        say("Organisations and people written.")
        trainings = self.training_plan()
        self.engagements(trainings)
        say("Engagements written.")
        self.learning(trainings)
        say("Learning written.")
        self.partnerships()
        self.follow_ups()
        self.out.flush()
        return self.out.counts()

    # Registry

    def organizations(self) -> None:
        out, rng = self.out, self.rng
        out.table(
            Organization,
            ("name", "name_key", "acronym", "acronym_key", "kind", "country", "region", "city",
             "parent", "website", "tags", "notes"),
        )  # fmt: skip
        kinds = list(ORG_KIND_WEIGHTS)
        weights = list(ORG_KIND_WEIGHTS.values())
        total = max(len(kinds), scaled(BASE_ORGANIZATIONS, self.scale))
        for index in range(total):
            # The first ones cover every kind and country, however small the scale.
            kind = kinds[index] if index < len(kinds) else rng.choices(kinds, weights)[0]
            code, _tz, regions = self.plan.countries[index % len(self.plan.countries)]
            region, city = rng.choice(regions)
            siblings = self.plan.orgs_by_country.setdefault(code, [])
            parent = rng.choice(siblings) if siblings and rng.random() < 0.08 else None
            name = f"{rng.choice(ORG_WORDS[kind])} {city} {index + 1}"
            acronym = "".join(w[0] for w in name.split()[:3]).upper() if rng.random() < 0.4 else ""
            org_id = self.uid()
            out.add(
                Organization, org_id, name, name_key(name), acronym,
                name_key(acronym).replace(" ", ""), kind, code, region, city, parent,
                "", ["scale"], "",
            )  # fmt: skip
            self.plan.orgs.append(org_id)
            siblings.append(org_id)

    def people(self) -> None:
        out, rng = self.out, self.rng
        out.table(
            Person,
            ("full_name", "name_key", "position", "organization", "discipline", "sex", "email",
             "phone", "languages", "may_contact", "may_name_publicly", "may_photograph",
             "consent_date", "consent_method", "lived_experience", "tags", "notes"),
        )  # fmt: skip
        disciplines = [*Discipline.values, ""]
        sexes = (Sex.FEMALE, Sex.MALE, Sex.OTHER, Sex.UNKNOWN, "")
        sex_weights = (52, 38, 1, 2, 7)
        methods = ConsentMethod.values
        for index in range(scaled(BASE_PEOPLE, self.scale)):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)}"
            organization = rng.choice(self.plan.orgs) if rng.random() < 0.9 else None
            contact = rng.random() < 0.6
            public = contact and rng.random() < 0.3
            photo = contact and rng.random() < 0.4
            consent = contact or public or photo
            person_id = self.uid()
            out.add(
                Person, person_id, name, name_key(name), "", organization,
                rng.choice(disciplines), rng.choices(sexes, sex_weights)[0],
                f"person{index + 1}@example.org" if contact else "", "", ["es"],
                contact, public, photo, self.day() if consent else None,
                rng.choice(methods) if consent else "", rng.random() < 0.02, [], "",
            )  # fmt: skip
            self.plan.people.append(person_id)

    # Engagements

    def training_plan(self) -> list[dict[str, Any]]:
        """Trainings (sessions, enrolments, marks) until the attendance figure is reached."""
        rng, people = self.rng, len(self.plan.people)
        target = scaled(BASE_ATTENDANCE, self.scale)
        plans: list[dict[str, Any]] = []
        marks = 0.0
        while marks < target:
            sessions = rng.randint(3, 14)
            enrolled = min(people, rng.randint(12, 40))
            plans.append({"sessions": sessions, "enrolled": enrolled, "tested": rng.random() < 0.9})
            # Less the invited, the withdrawn's later sessions and unmarked sessions.
            marks += sessions * enrolled * 0.916
        return plans

    def engagements(self, trainings: list[dict[str, Any]]) -> None:
        out, rng, plan = self.out, self.rng, self.plan
        out.table(
            Engagement,
            ("kind", "title", "title_key", "start_date", "end_date", "start_time", "end_time",
             "timezone", "mode", "country", "region", "city", "venue", "parent",
             "host_organization", "objectives", "summary", "notes", "tags"),
        )  # fmt: skip
        out.table(Participant, ("engagement", "person", "organization", "role"))
        out.table(AudienceCount, ("engagement", "dimension", "category", "count"))
        out.table(ReachReading, ("engagement", "metric", "value", "as_of", "source", "note"))
        total = max(scaled(BASE_ENGAGEMENTS, self.scale), len(trainings) + 1)
        kinds = list(EVENT_KIND_WEIGHTS)
        weights = list(EVENT_KIND_WEIGHTS.values())
        modes = list(Mode.values)
        written = 0

        def engagement(
            kind: str, start: dt.date, end: dt.date, parent: uuid.UUID | None = None,
            country: tuple[str, str, tuple[tuple[str, str], ...]] | None = None,
            mode: str | None = None,
        ) -> uuid.UUID:  # fmt: skip
            nonlocal written
            code, tz, regions = country or rng.choice(plan.countries)
            region, city = rng.choice(regions)
            mode = mode or (Mode.VIRTUAL if kind == EngagementKind.WEBINAR else None)
            mode = mode or (modes[written] if written < len(modes) else rng.choice(modes))
            title = f"{kind.replace('_', ' ').capitalize()} {city} {written + 1}"
            host = rng.choice(plan.orgs_by_country[code]) if rng.random() < 0.5 else None
            timed = rng.random() < 0.5
            engagement_id = self.uid()
            out.add(
                Engagement, engagement_id, kind, title, name_key(title), start, end,
                dt.time(9, 30) if timed else None, dt.time(17, 0) if timed else None,
                tz, mode, code, region, city, "", parent, host, "", "", "", ["scale"],
            )  # fmt: skip
            plan.engagements.append((engagement_id, kind, start, end, code))
            written += 1
            self.participants(engagement_id, kind, code)
            if kind in BROADCAST_KINDS:
                self.audience_and_reach(engagement_id, mode, end)
            return engagement_id

        for number, training in enumerate(trainings):
            kind = TRAINING_ENGAGEMENT_KINDS[number % 2] if number < 2 else rng.choice(
                TRAINING_ENGAGEMENT_KINDS
            )  # fmt: skip
            start = self.day(span=SPAN_DAYS - 100)
            # Sessions a day or a week apart.
            gap = rng.choice((1, 1, 7))
            end = start + dt.timedelta(days=gap * (training["sessions"] - 1))
            training["engagement"] = engagement(kind, start, end)
            training["start"], training["end"], training["gap"] = start, end, gap
        while written < total:
            kind = kinds[written % len(kinds)] if written < 20 else rng.choices(kinds, weights)[0]
            start = self.day(span=SPAN_DAYS - 5)
            end = start + dt.timedelta(days=rng.choice((0, 0, 0, 1, 2)))
            if kind == EngagementKind.FIELD_VISIT and written + 2 <= total:
                end = start + dt.timedelta(days=rng.randint(2, 5))
                country = rng.choice(plan.countries)
                visit = engagement(kind, start, end, country=country)
                for _part in range(min(rng.randint(2, 4), total - written)):
                    day = self.day(start, (end - start).days)
                    engagement(rng.choice(PART_KINDS), day, day, visit, country, Mode.IN_PERSON)
            else:
                engagement(kind, start, end)

    def participants(self, engagement_id: uuid.UUID, kind: str, code: str) -> None:
        rng, plan = self.rng, self.plan
        roles = ParticipantRole.values
        local = plan.orgs_by_country[code]
        orgs = rng.sample(local, min(rng.randint(1, 3), len(local)))
        for index, org in enumerate(orgs):
            role = ParticipantRole.HOST if index == 0 else rng.choice(roles)
            self.out.add(Participant, self.uid(), engagement_id, None, org, role)
        named = 2 if kind in TRAINING_ENGAGEMENT_KINDS else rng.randint(1, 8)
        for person in dict.fromkeys(rng.choices(plan.people, k=named)):
            self.out.add(
                Participant, self.uid(), engagement_id, person, None,
                rng.choice(roles) if kind not in TRAINING_ENGAGEMENT_KINDS
                else ParticipantRole.FACILITATOR,
            )  # fmt: skip

    def audience_and_reach(self, engagement_id: uuid.UUID, mode: str, end: dt.date) -> None:
        rng, out = self.rng, self.out
        attendees = rng.randint(20, 400)
        female = round(attendees * rng.uniform(0.4, 0.7))
        unknown = rng.randint(0, attendees // 10)
        for category, count in (
            (Sex.FEMALE, female),
            (Sex.MALE, attendees - female - unknown),
            (Sex.UNKNOWN, unknown),
        ):
            out.add(
                AudienceCount, self.uid(), engagement_id, AudienceDimension.SEX, category, count
            )
        for discipline in rng.sample(Discipline.values, 2):
            out.add(
                AudienceCount, self.uid(), engagement_id, AudienceDimension.DISCIPLINE,
                discipline, rng.randint(1, attendees // 2),
            )  # fmt: skip
        later = end + dt.timedelta(days=rng.randint(7, 60))
        readings: list[tuple[str, int, dt.date, str, str]] = [
            (ReachMetric.REGISTERED, attendees + rng.randint(0, 200), end, ReachSource.MANUAL, "")
        ]
        if mode != Mode.VIRTUAL:
            readings.append(
                (ReachMetric.IN_PERSON_ATTENDEES, attendees, end, ReachSource.ATTENDANCE_SHEET, "")
            )
            if rng.random() < 0.15:  # a recount corrects the sheet, downward
                readings.append(
                    (ReachMetric.IN_PERSON_ATTENDEES, attendees - rng.randint(1, 10), later,
                     ReachSource.MANUAL, "Recount")
                )  # fmt: skip
        if mode != Mode.IN_PERSON:
            live = rng.randint(30, 3_000)
            views = live + rng.randint(0, 5_000)
            readings += [
                (ReachMetric.VIRTUAL_LIVE_VIEWERS, live, end, ReachSource.PLATFORM_EXPORT, ""),
                (ReachMetric.RECORDING_VIEWS, views, end, ReachSource.PLATFORM_EXPORT, ""),
                # The running figure, read again later.
                (ReachMetric.RECORDING_VIEWS, views + rng.randint(0, 20_000), later,
                 ReachSource.PLATFORM_EXPORT, ""),
                (ReachMetric.UNIQUE_VIEWERS, live, end, ReachSource.PLATFORM_EXPORT, ""),
            ]  # fmt: skip
        if rng.random() < 0.3:
            readings.append(
                (ReachMetric.SOCIAL_IMPRESSIONS, rng.randint(1_000, 200_000), later,
                 ReachSource.PLATFORM_EXPORT, "")
            )  # fmt: skip
        for metric, value, as_of, source, note in readings:
            out.add(ReachReading, self.uid(), engagement_id, metric, value, as_of, source, note)

    # Learning

    def learning(self, trainings: list[dict[str, Any]]) -> None:
        out, rng = self.out, self.rng
        out.table(Curriculum, ("title", "title_key", "language", "edition", "description"))
        out.table(Module, ("curriculum", "position", "title", "objectives", "duration_minutes"))
        out.table(Assessment, ("title", "title_key", "language", "description", "curriculum"))
        out.table(
            Item,
            ("assessment", "lineage", "revision", "retired_at", "position", "kind", "prompt",
             "choices", "answer", "points", "module"),
        )  # fmt: skip
        out.table(
            Training, ("engagement", "curriculum", "min_attendance_percent", "require_post_test")
        )
        out.table(TrainingInstrument, ("training", "assessment", "phase", "closes_at", "closed_at"))
        out.table(
            TrainingSession,
            ("training", "position", "date", "title", "facilitator", "duration_minutes"),
        )
        out.table(SessionModule, ("session", "module"))
        out.table(
            Enrollment,
            ("training", "person", "status", "experience_level", "years_in_field", "enrolled_on"),
        )
        out.table(Attendance, ("session", "enrollment", "status"))
        out.table(
            Response,
            ("enrollment", "instrument", "phase", "source", "submitted_at", "entered_by",
             "points_earned", "points_possible", "self_efficacy"),
        )  # fmt: skip
        out.table(
            Answer,
            ("response", "item", "choice", "choices", "value", "text", "points_earned",
             "correct"),
        )  # fmt: skip
        curricula = [
            self.curriculum(number) for number in range(scaled(BASE_CURRICULA, self.scale))
        ]
        # Responses are drawn at a rate that brings the answers to their figure. Per enrolment
        # in a training with tests: a pre-test for the 97% not merely invited, and a post-test,
        # at 0.85 of the rate, for the 90% not withdrawn.
        per_enrollment = 0.97 + 0.90 * 0.85
        enrollments = sum(t["enrolled"] for t in trainings if t["tested"])
        wanted = scaled(BASE_ANSWERS, self.scale) / len(curricula[0]["items"])
        self.response_rate = min(1.0, wanted / max(1.0, enrollments * per_enrollment))
        for training in trainings:
            self.training(training, rng.choice(curricula))

    def curriculum(self, number: int) -> dict[str, Any]:
        out, rng = self.out, self.rng
        curriculum_id = self.uid()
        title = f"Identificación y atención de víctimas de trata, módulo base {number + 1}"
        out.add(Curriculum, curriculum_id, title, name_key(title), "es", "1.0", "")
        modules = []
        for position in range(rng.randint(4, 8)):
            module_id = self.uid()
            out.add(
                Module, module_id, curriculum_id, position, f"Módulo {position + 1}",
                "Reconocer indicadores\nDerivar a servicios", rng.choice((90, 120, 180)),
            )  # fmt: skip
            modules.append(module_id)
        assessment_id = self.uid()
        title = f"Prueba de conocimientos {number + 1}"
        out.add(Assessment, assessment_id, title, name_key(title), "es", "", curriculum_id)
        # Ten scored items (12 points) and two self-efficacy items.
        kinds = (
            [ItemKind.SINGLE_CHOICE] * 6
            + [ItemKind.TRUE_FALSE] * 2
            + [ItemKind.MULTIPLE_CHOICE] * 2
            + [ItemKind.LIKERT] * 2
        )
        items = []
        choices: list[str]
        answer: int | list[int] | None
        for position, kind in enumerate(kinds):
            if kind == ItemKind.SINGLE_CHOICE:
                choices, answer, points = ["A", "B", "C", "D"], rng.randrange(4), 1
            elif kind == ItemKind.TRUE_FALSE:
                choices, answer, points = ["Verdadero", "Falso"], rng.randrange(2), 1
            elif kind == ItemKind.MULTIPLE_CHOICE:
                choices, answer, points = (
                    ["A", "B", "C", "D", "E"],
                    sorted(rng.sample(range(5), 2)),
                    2,
                )
            else:
                choices, answer, points = [], None, 1
            item_id = self.uid()
            out.add(
                Item, item_id, assessment_id, self.uid(), 1, None, position, kind,
                f"Pregunta {position + 1}", choices, answer, points,
                modules[position % len(modules)],
            )  # fmt: skip
            items.append((item_id, kind, choices, answer, points))
        return {
            "id": curriculum_id,
            "modules": modules,
            "assessment": assessment_id,
            "items": items,
        }

    def training(self, plan: dict[str, Any], curriculum: dict[str, Any]) -> None:
        out, rng = self.out, self.rng
        training_id = self.uid()
        min_percent = rng.choice((80, 80, 80, 75, 100))
        require_post = rng.random() < 0.9
        out.add(
            Training, training_id, plan["engagement"], curriculum["id"], min_percent, require_post
        )
        instruments: dict[str, uuid.UUID] = {}
        if plan["tested"]:  # a few trainings have no tests
            for phase in (Phase.PRE, Phase.POST):
                instruments[phase] = self.uid()
                out.add(
                    TrainingInstrument, instruments[phase], training_id, curriculum["assessment"],
                    phase, None, None,
                )  # fmt: skip
        sessions: list[uuid.UUID] = []
        modules = curriculum["modules"]
        for position in range(plan["sessions"]):
            session_id = self.uid()
            date = plan["start"] + dt.timedelta(days=plan["gap"] * position)
            out.add(
                TrainingSession, session_id, training_id, position, date,
                f"Sesión {position + 1}", rng.choice(self.plan.people), rng.choice((120, 180, 240)),
            )  # fmt: skip
            out.add(SessionModule, self.uid(), session_id, modules[position % len(modules)])
            sessions.append(session_id)
        post_required = require_post and Phase.POST in instruments
        for person in rng.sample(self.plan.people, plan["enrolled"]):
            self.enrollment(
                plan, training_id, person, sessions, instruments, curriculum["items"],
                min_percent, post_required,
            )  # fmt: skip

    def enrollment(
        self, plan: dict[str, Any], training_id: uuid.UUID, person: uuid.UUID,
        sessions: list[uuid.UUID], instruments: dict[str, uuid.UUID], items: list[Any],
        min_percent: int, post_required: bool,
    ) -> None:  # fmt: skip
        out, rng = self.out, self.rng
        enrollment_id = self.uid()
        draw = rng.random()
        status = (
            EnrollmentStatus.INVITED if draw < 0.03
            else EnrollmentStatus.WITHDRAWN if draw < 0.10
            else EnrollmentStatus.ENROLLED
        )  # fmt: skip
        attended = 0
        if status != EnrollmentStatus.INVITED:
            propensity = rng.choices((0.97, 0.85, 0.55), (60, 25, 15))[0]
            marked = sessions
            if status == EnrollmentStatus.WITHDRAWN:
                marked = sessions[: rng.randrange(len(sessions))]
            for session in marked:
                if rng.random() < 0.02:
                    continue  # not marked
                if rng.random() < propensity:
                    mark = AttendanceStatus.LATE if rng.random() < 0.1 else AttendanceStatus.PRESENT
                else:
                    mark = (
                        AttendanceStatus.EXCUSED if rng.random() < 0.4 else AttendanceStatus.ABSENT
                    )
                attended += mark in ATTENDED
                out.add(Attendance, self.uid(), session, enrollment_id, mark)
        post_taken = False
        if status != EnrollmentStatus.INVITED and instruments:
            ability = rng.uniform(0.3, 0.75)
            rate = self.response_rate
            if rng.random() < rate:
                self.response(enrollment_id, instruments[Phase.PRE], Phase.PRE, items, ability,
                              dt.datetime.combine(plan["start"], dt.time(9), dt.UTC))  # fmt: skip
            if status != EnrollmentStatus.WITHDRAWN and rng.random() < rate * 0.85:
                post_taken = True
                self.response(enrollment_id, instruments[Phase.POST], Phase.POST, items,
                              min(0.95, ability + rng.uniform(0.05, 0.3)),
                              dt.datetime.combine(plan["end"], dt.time(17), dt.UTC))  # fmt: skip
        if status == EnrollmentStatus.ENROLLED and is_complete(
            attended=attended,
            sessions=len(sessions),
            min_percent=min_percent,
            post_required=post_required,
            post_taken=post_taken,
        ):
            status = EnrollmentStatus.COMPLETED
        out.add(
            Enrollment, enrollment_id, training_id, person, status,
            rng.choice(ExperienceLevel.values), rng.choice((None, *range(30))),
            plan["start"] - dt.timedelta(days=rng.randint(3, 30)),
        )  # fmt: skip

    def response(
        self, enrollment_id: uuid.UUID, instrument_id: uuid.UUID, phase: str,
        items: list[Any], ability: float, submitted_at: dt.datetime,
    ) -> None:  # fmt: skip
        out, rng = self.out, self.rng
        response_id = self.uid()
        earned = possible = 0
        likert: list[int] = []
        for item_id, kind, choices, answer, points in items:
            choice = chosen = value = None
            correct: bool | None = None
            if kind == ItemKind.LIKERT:
                value = min(5, max(1, round(1 + 4 * ability + rng.uniform(-1, 1))))
                likert.append(value)
                gained = 0
            else:
                possible += points
                correct = rng.random() < ability
                if kind == ItemKind.MULTIPLE_CHOICE:
                    chosen = answer if correct else sorted(rng.sample(range(len(choices)), 3))
                else:
                    wrong = [c for c in range(len(choices)) if c != answer]
                    choice = answer if correct else rng.choice(wrong)
                gained = points if correct else 0
                earned += gained
            out.add(Answer, self.uid(), response_id, item_id, choice, chosen, value, "", gained,
                    correct)  # fmt: skip
        efficacy = (Decimal(sum(likert)) / Decimal(len(likert))).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        source = rng.choice((ResponseSource.LINK, ResponseSource.STAFF))
        out.add(
            Response, response_id, enrollment_id, instrument_id, phase, source, submitted_at,
            self.owner.pk if source == ResponseSource.STAFF else None, earned, possible, efficacy,
        )  # fmt: skip

    # Partnerships and follow-ups

    def partnerships(self) -> None:
        out, rng, plan = self.out, self.rng, self.plan
        out.table(
            Opportunity,
            ("title", "title_key", "counterpart_organization", "funder_organization", "kind",
             "owner", "stage", "stage_changed_at", "amount", "currency", "probability", "tags",
             "notes"),
        )  # fmt: skip
        out.table(OpportunityOrigin, ("opportunity", "engagement"))
        out.table(StageChange, ("opportunity", "from_stage", "stage", "at", "by", "reason"))
        out.table(
            Agreement,
            ("title", "title_key", "kind", "opportunity", "signed_on", "start_date", "end_date",
             "value", "currency", "status", "renewal_reminder_on", "notes"),
        )  # fmt: skip
        out.table(AgreementParty, ("agreement", "organization"))
        stages = list(Stage.values)
        for index in range(max(len(stages), scaled(BASE_OPPORTUNITIES, self.scale))):
            stage = stages[index % len(stages)] if index < len(stages) else rng.choice(stages)
            opportunity_id = self.uid()
            counterpart = rng.choice(plan.orgs)
            funder = rng.choice(plan.orgs) if rng.random() < 0.5 else None
            # The path to the stage: forward through the pipeline, then the closing move.
            path: list[str] = list(
                STAGE_PATH[: STAGE_PATH.index(stage) + 1]
                if stage in STAGE_PATH
                else [*STAGE_PATH[: rng.randint(1, len(STAGE_PATH))], stage]
            )
            moment = dt.datetime.combine(self.day(span=SPAN_DAYS - 120), dt.time(10), dt.UTC)
            previous, last = "", moment
            for step in path:
                reason = "Decisión del comité" if step in CLOSING_STAGES else ""
                out.add(StageChange, self.uid(), opportunity_id, previous, step, moment,
                        self.owner.pk, reason)  # fmt: skip
                previous = step
                last = moment
                moment += dt.timedelta(days=rng.randint(3, 25))
            amount = Decimal(rng.randrange(5_000, 500_000, 500)) if rng.random() < 0.8 else None
            title = f"Oportunidad {index + 1}"
            out.add(
                Opportunity, opportunity_id, title, name_key(title), counterpart, funder,
                rng.choice(OpportunityKind.values), self.owner.pk, stage, last, amount,
                rng.choice(CURRENCIES) if amount is not None else "",
                rng.choice((None, 10, 25, 50, 75, 90)), [], "",
            )  # fmt: skip
            if plan.engagements and rng.random() < 0.5:
                origin = rng.choice(plan.engagements)[0]
                out.add(OpportunityOrigin, self.uid(), opportunity_id, origin)
            if stage == Stage.WON:
                self.agreement(opportunity_id, counterpart, funder, last.date(), amount)

    def agreement(
        self, opportunity_id: uuid.UUID, counterpart: uuid.UUID, funder: uuid.UUID | None,
        won_on: dt.date, amount: Decimal | None,
    ) -> None:  # fmt: skip
        out, rng = self.out, self.rng
        agreement_id = self.uid()
        status = rng.choices(AgreementStatus.values, (15, 60, 15, 10))[0]
        signed = None if status == AgreementStatus.DRAFT else won_on + dt.timedelta(days=20)
        start = signed
        end = start + dt.timedelta(days=rng.choice((180, 365, 730))) if start else None
        title = f"Convenio {won_on.year}-{rng.randint(1, 999)}"
        out.add(
            Agreement, agreement_id, title, name_key(title), rng.choice(AgreementKind.values),
            opportunity_id, signed, start, end, amount, rng.choice(CURRENCIES) if amount else "",
            status, end - dt.timedelta(days=60) if end else None, "",
        )  # fmt: skip
        for party in dict.fromkeys((counterpart, funder or counterpart)):
            out.add(AgreementParty, self.uid(), agreement_id, party)

    def follow_ups(self) -> None:
        out, rng, plan = self.out, self.rng, self.plan
        out.table(
            FollowUp,
            ("title", "engagement", "owner", "counterpart_organization", "due_date", "status",
             "done_on", "notes"),
        )  # fmt: skip
        for index in range(scaled(BASE_FOLLOW_UPS, self.scale)):
            engagement_id, _kind, _start, end, code = rng.choice(plan.engagements)
            due = end + dt.timedelta(days=rng.randint(7, 90))
            # Done on time, done late, open (many past their date), dropped.
            draw = index % 4 if index < 4 else rng.choices(range(4), (45, 20, 30, 5))[0]
            status = (FollowUpStatus.DONE, FollowUpStatus.DONE, FollowUpStatus.OPEN,
                      FollowUpStatus.DROPPED)[draw]  # fmt: skip
            done = None
            if draw == 0:
                done = due - dt.timedelta(days=rng.randint(0, 6))
            elif draw == 1:
                done = due + dt.timedelta(days=rng.randint(1, 30))
            out.add(
                FollowUp, self.uid(), f"Enviar informe de la reunión {index + 1}", engagement_id,
                self.owner.pk, rng.choice(plan.orgs_by_country[code]), due, status, done, "",
            )  # fmt: skip


# Workspace and owner


def _owner() -> User:
    user = User.objects.filter(email=SCALE_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            email=SCALE_EMAIL, password=SCALE_PASSWORD, full_name="Scale Owner"
        )
    return user


def _workspace_models() -> list[type[models.Model]]:
    """Every model with rows tied to a workspace by a `workspace` foreign key (history tables
    included), so that a replaced workspace leaves nothing behind."""
    found = []
    for model in apps.get_models():
        try:
            workspace_field = model._meta.get_field("workspace")
        except FieldDoesNotExist:
            continue
        if getattr(workspace_field, "related_model", None) is Workspace:
            found.append(model)
    return found


def delete_workspace(workspace: Workspace) -> None:
    """Delete `workspace` and all its rows with one DELETE per table. The ORM's cascade would
    load millions of rows (the history's signals stop fast deletes); foreign keys are checked at
    commit, so the order of the tables does not matter. Rows that reach the workspace only
    through another row (a membership's calendar feed) go first, by that row."""
    quote = connection.ops.quote_name
    key = workspace.pk if connection.features.has_native_uuid_field else workspace.pk.hex
    tied = _workspace_models()
    # Table and column names come from the models' metadata, quoted; the id is a parameter.
    statements: list[str] = []
    for model in apps.get_models():
        if model in tied or model is Workspace:
            continue
        for fk in model._meta.fields:
            owner = fk.related_model
            if fk.many_to_one and owner in tied:
                table, column = quote(model._meta.db_table), quote(_column(model, fk.name))
                owner_table = quote(owner._meta.db_table)  # type: ignore[union-attr]
                owner_id = quote(_column(owner, "id"))  # type: ignore[arg-type]
                owner_workspace = quote(_column(owner, "workspace"))  # type: ignore[arg-type]
                statements.append(
                    f"DELETE FROM {table} WHERE {column} IN "  # noqa: S608
                    f"(SELECT {owner_id} FROM {owner_table} WHERE {owner_workspace} = %s)"
                )
    for model in tied:
        table, column = quote(model._meta.db_table), quote(_column(model, "workspace"))
        statements.append(f"DELETE FROM {table} WHERE {column} = %s")  # noqa: S608
    table, column = quote(Workspace._meta.db_table), quote(_column(Workspace, "id"))
    statements.append(f"DELETE FROM {table} WHERE {column} = %s")  # noqa: S608
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, [key])
    facts.forget(workspace.pk)


def generate(
    *,
    scale: float,
    seed: int = DEFAULT_SEED,
    workspace_slug: str = "scale",
    replace: bool = False,
    stdout: Output | None = None,
) -> dict[str, int]:
    """Build the synthetic workspace `workspace_slug` at `scale` and return the rows written per
    model ("app.Model" -> count). Refuses when the workspace exists, unless `replace`, which
    deletes it first; only a workspace this generator made (owned by SCALE_EMAIL) is replaced."""
    if not scale > 0:
        raise CommandError(_("The scale must be a positive number."))
    started = time.monotonic()
    with transaction.atomic():
        existing = Workspace.objects.filter(slug=workspace_slug).first()
        if existing is not None:
            if not replace:
                raise CommandError(
                    _("The workspace “%(slug)s” exists; use --replace to delete and rebuild it.")
                    % {"slug": workspace_slug}
                )
            made_here = Membership.objects.filter(
                workspace=existing, user__email=SCALE_EMAIL, role=Role.OWNER
            ).exists()
            if not made_here:
                raise CommandError(
                    _(
                        "The workspace “%(slug)s” was not made by the scale generator "
                        "(its owner is not %(email)s); it is never replaced."
                    )
                    % {"slug": workspace_slug, "email": SCALE_EMAIL}
                )
            delete_workspace(existing)
            _say(stdout, f"Deleted the workspace '{workspace_slug}'.", started)
        owner = _owner()
        # The ids have their own generator, seeded with the slug as well: two workspaces made
        # with one seed hold the same records under different ids, and can share a database.
        ids = random.Random(f"{seed}:{workspace_slug}")  # noqa: S311 - not secrets
        workspace = Workspace.objects.create(
            id=_uuid(ids),
            slug=workspace_slug,
            name=f"Scale {scale:g} (synthetic, seed {seed})",
            require_mfa_for_admins=False,
        )
        Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
        generator = _Generator(scale=scale, seed=seed, ids=ids, workspace=workspace, owner=owner)
        with _large_cache():
            counts = generator.run(lambda message: _say(stdout, message, started))
        # bulk_create sends no model signal: the results' facts are built in one pass.
        facts.rebuild(workspace.pk)
        _say(stdout, "Facts built; committing.", started)
    _say(stdout, "Committed.", started)
    if not connection.in_atomic_block:
        # Fresh statistics for the query planners: without them PostgreSQL picks plans hundreds
        # of times slower over millions of new rows (and SQLite, with stale ones, as bad).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        _say(stdout, "Analysed.", started)
    return counts


@contextmanager
def _large_cache() -> Iterator[None]:
    """On SQLite, a page cache of SQLITE_CACHE_KIB for this connection while writing: with the
    default 2 MB, every insert into the big indexes of random ids reads pages from disk."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _say(stdout: Output | None, message: str, started: float) -> None:
    if stdout is not None:
        stdout.write(f"[{time.monotonic() - started:7.1f}s] {message}\n")
