"""The figures of a period report on a hand-counted record: what is in the period and the
countries, what is counted once, revised readings, withdrawn enrolments, small counts in public
with no reveal by subtraction, scopes (another workspace, a viewer, a partner), and a fixed
number of queries whatever the size of the record."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from enlace.core.models import Workspace
from enlace.core.permissions import Role
from enlace.core.scoping import Scope, scope_for
from enlace.engagements.models import Engagement, ReachReading
from enlace.engagements.tests import factories as engagements
from enlace.learning import stats
from enlace.learning.models import (
    Assessment,
    Enrollment,
    Response,
    Training,
    TrainingInstrument,
)
from enlace.learning.selectors.summary import learning_summary
from enlace.partnerships.models import Opportunity, StageChange
from enlace.partnerships.tests import factories as partnerships
from enlace.reports.period_figures import period_figures
from enlace.reports.tests.visits import Visit, build_visit
from enlace.stakeholders.models import Organization, Person
from enlace.stakeholders.tests import factories as registry
from enlace.testing import make_member

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2025, 3, 31)
TODAY_AFTER = END + dt.timedelta(days=400)


@dataclass
class Period:
    """The record of the first quarter of 2025 (build_visit's field visit and more)."""

    visit: Visit
    dinner: Engagement
    unrelated: Engagement
    nairobi: Engagement
    lima: Engagement
    april: Engagement
    kenya: Organization
    training: Training
    enrolments: dict[str, Enrollment]
    people: dict[str, Person]

    def placeholders(self) -> dict[str, str]:
        ids = self.visit.placeholders()
        ids[str(self.nairobi.pk)] = "NAIROBI"
        return ids


def _scored(training: Training, enrolment: Enrollment, phase: str, earned: int) -> None:
    """A response of 4 points possible (rows written straight, as the learning summary's tests
    do: the figures only read them)."""
    instrument = TrainingInstrument.objects.get(training=training, phase=phase)
    Response.objects.create(
        workspace=training.workspace,
        enrollment=enrolment,
        instrument=instrument,
        phase=phase,
        source="staff",
        points_earned=earned,
        points_possible=4,
    )


def training_with_tests(scope: Scope, engagement: Engagement) -> Training:
    """The engagement's training, with one assessment attached as its pre- and post-test."""
    training: Training = Training.objects.create(workspace=scope.workspace, engagement=engagement)
    test = Assessment.objects.create(workspace=scope.workspace, title="Test", title_key="test")
    for phase in ("pre", "post"):
        TrainingInstrument.objects.create(
            workspace=scope.workspace, training=training, assessment=test, phase=phase
        )
    return training


def _closed(scope: Scope, opp: Opportunity, stage: str, day: dt.date) -> None:
    """Moves `opp` to `stage` as if on `day` (an import would backdate the move)."""
    partnerships.move(scope, opp, stage)
    StageChange.objects.filter(opportunity=opp, stage=stage).update(
        at=dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)
    )


def build_period(scope: Scope) -> Period:
    visit = build_visit(scope)
    ministry = visit.ministry
    kenya = registry.organization(scope, name="Kenya Network", kind="ngo", country="KE")
    peru = registry.organization(scope, name="Instituto Peruano", kind="academia", country="PE")
    juma = registry.person(scope, full_name="Juma Otieno", organization=kenya, sex="male")
    wanjiru = registry.person(scope, full_name="Wanjiru Kamau", organization=kenya, sex="female")
    amina = registry.person(scope, full_name="Amina Hassan", organization=kenya, sex="female")
    rosa = registry.person(scope, full_name="Rosa Quispe", organization=peru, sex="female")
    # A part without a country: it takes its visit's (Chile).
    dinner = engagements.engagement(
        scope,
        kind="meeting",
        title="Dinner with partners",
        parent=visit.visit,
        start_date=dt.date(2025, 3, 4),
    )
    unrelated = Engagement.objects.get(title="Unrelated meeting")
    nairobi = engagements.engagement(
        scope,
        kind="training",
        title="Training in Nairobi",
        start_date=dt.date(2025, 2, 10),
        end_date=dt.date(2025, 2, 11),
        country="KE",
        city="Nairobi",
        host_organization=kenya,
    )
    # Carla Muñoz was at the visit's meeting too: one person reached, not two.
    engagements.participant(scope, nairobi, person=visit.named)
    engagements.participant(scope, nairobi, person=juma)
    engagements.participant(scope, nairobi, person=wanjiru)
    engagements.reach(scope, nairobi, metric="in_person_attendees", value=25)
    lima = engagements.engagement(
        scope,
        kind="webinar",
        title="Webinar from Lima",
        start_date=dt.date(2025, 2, 20),
        country="PE",
        mode="virtual",
    )
    engagements.participant(scope, lima, person=rosa)
    engagements.reach(
        scope, lima, metric="virtual_live_viewers", value=40, as_of=dt.date(2025, 2, 20)
    )
    engagements.reach(
        scope, lima, metric="virtual_live_viewers", value=55, as_of=dt.date(2025, 2, 22)
    )
    april = engagements.engagement(
        scope,
        kind="workshop",
        title="Workshop in April",
        start_date=dt.date(2025, 4, 2),
        country="CL",
    )
    engagements.participant(scope, april, person=visit.unnamed)
    training_with_tests(scope, april)

    training = training_with_tests(scope, nairobi)
    enrolments = {
        "carla": Enrollment.objects.create(
            workspace=scope.workspace, training=training, person=visit.named, status="completed"
        ),
        "juma": Enrollment.objects.create(
            workspace=scope.workspace, training=training, person=juma, status="enrolled"
        ),
        "wanjiru": Enrollment.objects.create(
            workspace=scope.workspace, training=training, person=wanjiru, status="withdrawn"
        ),
        "amina": Enrollment.objects.create(
            workspace=scope.workspace, training=training, person=amina, status="completed"
        ),
    }
    for name, pre, post in (("carla", 2, 3), ("juma", 1, 2), ("amina", 2, 4)):
        _scored(training, enrolments[name], "pre", pre)
        _scored(training, enrolments[name], "post", post)
    _scored(training, enrolments["wanjiru"], "pre", 1)  # withdrawn after the pre-test

    partnerships.opportunity(
        scope, title="Kenya grant", counterpart_organization=kenya, stage="drafting", amount=10000
    )
    partnerships.opportunity(
        scope,
        title="Peru study",
        counterpart_organization=peru,
        stage="exploring",
        amount="5000",
        currency="EUR",
    )
    fund = partnerships.opportunity(
        scope, title="Chile fund", counterpart_organization=ministry, amount=20000
    )
    _closed(scope, fund, "won", dt.date(2025, 2, 15))
    bid = partnerships.opportunity(
        scope, title="Lost bid", counterpart_organization=kenya, amount=3000
    )
    _closed(scope, bid, "lost", dt.date(2025, 3, 20))
    later = partnerships.opportunity(
        scope, title="Won later", counterpart_organization=ministry, amount=1
    )
    _closed(scope, later, "won", dt.date(2025, 5, 1))

    partnerships.agreement(
        scope,
        title="Framework with the ministry",
        parties=[ministry],
        status="active",
        signed_on=dt.date(2024, 5, 20),
        start_date=dt.date(2024, 6, 1),
        end_date=dt.date(2025, 12, 31),
    )
    partnerships.agreement(
        scope,
        title="Kenya training grant",
        kind="grant_agreement",
        parties=[kenya],
        status="active",
        signed_on=dt.date(2025, 2, 20),
        start_date=dt.date(2025, 3, 1),
        value=15000,
    )
    partnerships.agreement(
        scope,
        title="Old letter",
        parties=[ministry],
        status="expired",
        signed_on=dt.date(2022, 12, 1),
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2024, 12, 31),
    )

    def follow_up(title: str, due: dt.date, **data: Any) -> None:
        engagements.follow_up(scope, title=title, owner=scope.user, due_date=due, **data)

    follow_up("Send the minutes", dt.date(2025, 2, 1), engagement=visit.visit, status="done")
    follow_up("Call the ministry", dt.date(2025, 3, 1), engagement=visit.visit)
    follow_up("Send certificates", dt.date(2025, 3, 31), engagement=nairobi)
    follow_up(
        "Visit Kenya Network",
        dt.date(2025, 3, 10),
        counterpart_organization=kenya,
        status="dropped",
    )
    follow_up("Share the recording", dt.date(2025, 3, 5), engagement=lima)
    return Period(
        visit=visit,
        dinner=dinner,
        unrelated=unrelated,
        nairobi=nairobi,
        lima=lima,
        april=april,
        kenya=kenya,
        training=training,
        enrolments=enrolments,
        people={"juma": juma, "wanjiru": wanjiru, "amina": amina, "rosa": rosa},
    )


@pytest.fixture
def period(owner: Scope, other_workspace: Workspace) -> Period:
    # Another workspace's engagement in the same days and country: never counted.
    stranger = make_member(other_workspace, Role.OWNER)
    elsewhere = engagements.engagement(
        stranger, kind="meeting", start_date=dt.date(2025, 2, 2), country="CL"
    )
    engagements.participant(stranger, elsewhere, person=registry.person(stranger))
    engagements.reach(stranger, elsewhere, value=999)
    return build_period(owner)


def figures(
    scope: Scope, audience: str = "internal", countries: tuple[str, ...] = ()
) -> dict[str, Any]:
    return period_figures(
        scope=scope,
        start=START,
        end=END,
        countries=countries,
        audience=audience,
        language="en",
    )


def values(rows: list[dict[str, Any]], key: str, figure: str = "count") -> dict[str, Any]:
    return {row[key]: row[figure]["value"] for row in rows}


def test_plain_json_with_a_trace_entry_per_figure(owner: Scope, period: Period) -> None:
    data = figures(owner)
    assert json.loads(json.dumps(data)) == data
    assert data["report"] == "period"
    for ref, entry in data["trace"].items():
        assert re.fullmatch(r"[a-z0-9][a-z0-9_.-]{0,79}", ref), ref
        assert set(entry) == {"label", "value", "records"}, ref
        assert set(entry["records"]) <= {
            "engagement",
            "person",
            "organization",
            "enrollment",
            "opportunity",
            "agreement",
            "follow_up",
            "reach_reading",
            "audience_count",
        }
    assert set(data["charts"]) == {
        "engagements-by-kind",
        "engagements-by-country",
        "training-scores",
        "pipeline-by-stage",
    }
    assert all({"title", "description", "spec"} <= set(c) for c in data["charts"].values())


def test_engagements_each_counted_once_under_its_kind(owner: Scope, period: Period) -> None:
    data = figures(owner)["engagements"]
    # The visit, its three parts, the unrelated meeting, Nairobi, Lima (not April, not 2024).
    assert data["total"]["value"] == 7
    assert data["top_level"]["value"] == 4 and data["parts"]["value"] == 3
    assert values(data["by_kind"], "kind") == {
        "field_visit": 1,
        "meeting": 3,
        "seminar": 1,
        "training": 1,
        "webinar": 1,
    }
    # The dinner has no country: it counts in its visit's.
    assert values(data["by_country"], "code") == {"CL": 4, "KE": 1, "PE": 1, "": 1}
    assert data["countries"]["value"] == 3
    trace = figures(owner)["trace"]
    assert str(period.dinner.pk) in trace["engagements.country.cl"]["records"]["engagement"]
    assert str(period.april.pk) not in trace["engagements"]["records"]["engagement"]


def test_countries_narrow_every_section(owner: Scope, period: Period) -> None:
    data = figures(owner, countries=("cl", "KE"))
    assert [c["code"] for c in data["countries"]] == ["CL", "KE"]
    assert data["engagements"]["total"]["value"] == 5  # no Lima, no countryless meeting
    assert data["people"]["total"]["value"] == 5  # no Rosa
    assert data["organizations"]["total"]["value"] == 3  # no Instituto Peruano
    assert values(data["reach"], "metric", "value") == {
        "in_person_attendees": 85,
        "recording_views": 2345,
    }
    pipeline = data["pipeline"]
    assert pipeline["open"]["value"] == 2  # the ministry's proposal and the Kenya grant
    assert pipeline["won"]["count"]["value"] == 1 and pipeline["lost"]["count"]["value"] == 1
    assert data["agreements"]["new"]["value"] == 1
    assert data["follow_ups"]["due"]["value"] == 4  # not Lima's


def test_people_and_organisations_counted_once(owner: Scope, period: Period) -> None:
    data = figures(owner)
    people = data["people"]
    # Carla (meeting and Nairobi), Pedro, María, Juma, Wanjiru, Rosa; not April's, not the
    # other workspace's.
    assert people["total"]["value"] == 6
    assert values(people["by_sex"], "category") == {"female": 2, "male": 1, "unspecified": 3}
    assert people["lived_experience"]["value"] == 1
    assert data["trace"]["people.lived_experience"]["records"] == {
        "person": [str(period.visit.survivor.pk)]
    }
    organizations = data["organizations"]
    assert organizations["total"]["value"] == 4
    top = {row["name"]: row["engagements"]["value"] for row in organizations["top"]}
    # The ministry hosts the visit, takes part in the meeting, and Carla brings it to Nairobi.
    assert top == {
        "Ministry of Foreign Affairs": 3,
        "Fundación Esperanza": 1,
        "Kenya Network": 1,
        "Instituto Peruano": 1,
    }
    assert data["names_withheld"] == 0


def test_reach_adds_up_latest_readings(owner: Scope, period: Period) -> None:
    data = figures(owner)
    assert values(data["reach"], "metric", "value") == {
        "in_person_attendees": 85,
        "virtual_live_viewers": 55,  # revised from 40
        "recording_views": 2345,  # revised from 1200
    }
    latest = ReachReading.objects.get(value=2345)
    assert data["trace"]["reach.recording_views"]["records"] == {"reach_reading": [str(latest.pk)]}


def test_trainings_follow_the_learning_definitions(owner: Scope, period: Period) -> None:
    data = figures(owner)["trainings"]
    assert data["count"]["value"] == 1  # not April's
    (row,) = data["rows"]
    assert row["enrolled"]["value"] == 3  # the withdrawn enrolment is not enrolled
    assert row["completed"]["value"] == 2
    assert row["completion_rate"]["value"] == pytest.approx(200 / 3)
    assert row["matched_pairs"]["value"] == 3
    assert row["mean_pre"]["value"] == pytest.approx((50 + 25 + 50) / 3)
    assert row["mean_post"]["value"] == pytest.approx((75 + 50 + 100) / 3)
    assert row["mean_gain"]["value"] == pytest.approx(100 / 3)
    assert row["gain_ci95_values"] == pytest.approx(stats.mean_ci95([25.0, 25.0, 50.0]))
    assert row["share_gain_20"]["value"] == pytest.approx(100.0)
    # The same figures as the training's dashboard.
    summary = learning_summary(scope=owner, training=period.training)
    assert row["mean_gain"]["value"] == pytest.approx(summary["mean_gain"])
    assert row["matched_pairs"]["value"] == summary["matched_pairs"]
    assert data["all"]["matched_pairs"]["value"] == 3
    trace = figures(owner)["trace"]
    withdrawn = str(period.enrolments["wanjiru"].pk)
    enrolled = trace[f"training.{period.nairobi.pk}.enrolled"]["records"]["enrollment"]
    assert withdrawn not in enrolled and len(enrolled) == 3


def test_pipeline_per_currency_and_closures_in_the_period(owner: Scope, period: Period) -> None:
    pipeline = figures(owner)["pipeline"]
    assert pipeline["open"]["value"] == 3
    stages = {row["stage"]: row for row in pipeline["by_stage"]}
    assert list(stages) == ["exploring", "invited", "drafting"]
    assert [(a["currency"], a["amount"]["value"]) for a in pipeline["amounts"]] == [
        ("EUR", "5000.00"),
        ("USD", "10000.00"),
    ]
    assert stages["invited"]["amounts"] == []  # no amount recorded
    assert [(a["currency"], a["amount"]["value"]) for a in pipeline["won"]["amounts"]] == [
        ("USD", "20000.00")
    ]
    assert pipeline["won"]["count"]["value"] == 1  # not the one won in May
    assert pipeline["lost"]["count"]["value"] == 1


def test_agreements_active_and_new(owner: Scope, period: Period) -> None:
    data = figures(owner)["agreements"]
    assert data["active"]["value"] == 2  # the framework and the Kenya grant, not the old letter
    assert data["new"]["value"] == 1
    assert [a["title"] for a in data["new_list"]] == ["Kenya training grant"]
    assert [(a["currency"], a["amount"]["value"]) for a in data["new_amounts"]] == [
        ("USD", "15000.00")
    ]


def test_follow_ups_due_in_the_period(owner: Scope, period: Period) -> None:
    data = figures(owner)["follow_ups"]
    assert {k: v["value"] for k, v in data.items()} == {
        "due": 5,
        "done": 1,
        "open": 3,
        "overdue": 2,  # due 1 and 5 March; not the one due on the last day
        "dropped": 1,
    }


def test_public_hides_small_counts_and_their_ids(owner: Scope, period: Period) -> None:
    data = figures(owner, audience="public")
    people = data["people"]
    assert people["total"]["value"] == 6
    # Every category is below 5: all hidden, their sum (6) tells nothing about each.
    assert all(row["count"]["suppressed"] for row in people["by_sex"])
    assert all(row["count"]["value"] is None for row in people["by_sex"])
    assert people["lived_experience"] == {
        "ref": "people.lived_experience",
        "value": None,
        "suppressed": True,
        "threshold": 5,
    }
    for ref in ("people.sex.male", "people.sex.female", "people.lived_experience"):
        assert data["trace"][ref]["records"] == {} and data["trace"][ref]["value"] is None


def _crowd(scope: Scope, **sexes: int) -> Engagement:
    event = engagements.engagement(scope, kind="seminar", start_date=dt.date(2025, 2, 3))
    for sex, n in sexes.items():
        for _ in range(n):
            engagements.participant(scope, event, person=registry.person(scope, sex=sex))
    return event


def test_one_small_count_takes_the_next_smallest_with_it(owner: Scope) -> None:
    _crowd(owner, female=9, male=6, other=2)
    data = figures(owner, audience="public")["people"]
    shown = {row["category"]: row["count"] for row in data["by_sex"]}
    assert shown["other"]["suppressed"] and shown["male"]["suppressed"]
    assert shown["female"]["value"] == 9 and data["total"]["value"] == 17
    internal = figures(owner)["people"]
    assert values(internal["by_sex"], "category") == {"female": 9, "male": 6, "other": 2}


def test_a_lone_small_count_hides_the_total(owner: Scope) -> None:
    _crowd(owner, female=3)
    data = figures(owner, audience="public")
    assert data["people"]["by_sex"][0]["count"]["suppressed"]
    assert data["people"]["total"]["suppressed"]  # else the total would say 3
    assert data["trace"]["people"] == {"label": "People reached", "value": None, "records": {}}
    assert figures(owner)["people"]["total"]["value"] == 3


def test_a_viewer_does_not_count_people_with_lived_experience(
    member: Callable[..., Scope], period: Period
) -> None:
    data = figures(member(Role.VIEWER))
    assert data["people"]["total"]["value"] == 5
    assert data["people"]["lived_experience"] is None


def test_a_partner_sees_only_its_organisation(member: Callable[..., Scope], period: Period) -> None:
    partner = member(Role.PARTNER, organization=period.kenya)
    data = figures(partner)
    assert data["engagements"]["total"]["value"] == 1  # the training it hosted
    assert data["people"]["total"]["value"] == 2  # its own people only, not Carla
    assert data["organizations"]["total"]["value"] == 1
    assert [r["title"] for r in data["trainings"]["rows"]] == ["Training in Nairobi"]
    assert data["pipeline"]["open"]["value"] == 1 and data["pipeline"]["lost"]["count"]["value"]
    assert data["pipeline"]["won"]["count"]["value"] == 0
    assert data["agreements"]["active"]["value"] == 1
    assert data["follow_ups"]["due"]["value"] == 1  # the dropped visit to Kenya Network


def _grow(scope: Scope, n: int, guest: Organization | None = None) -> None:
    """n more engagements in the period (with `guest` taking part in each), each with people,
    reach, a training with enrolments and scores, an opportunity, an agreement and a
    follow-up."""
    for i in range(n):
        org = registry.organization(scope, country="CL")
        event = engagements.engagement(
            scope, kind="training", start_date=dt.date(2025, 2, 1 + i), country="CL"
        )
        person = registry.person(scope, organization=org, sex="female")
        engagements.participant(scope, event, person=person)
        engagements.participant(scope, event, organization=org)
        if guest is not None:
            engagements.participant(scope, event, organization=guest)
        engagements.reach(scope, event, value=10 + i)
        training = training_with_tests(scope, event)
        enrolment = Enrollment.objects.create(
            workspace=scope.workspace, training=training, person=person
        )
        _scored(training, enrolment, "pre", 1)
        _scored(training, enrolment, "post", 3)
        opp = partnerships.opportunity(
            scope, counterpart_organization=org, amount=Decimal(100), stage="drafting"
        )
        _closed(scope, opp, "won", dt.date(2025, 3, 1))
        partnerships.agreement(scope, parties=[org], signed_on=dt.date(2025, 3, 2), value=5)
        engagements.follow_up(
            scope, owner=scope.user, engagement=event, due_date=dt.date(2025, 3, 3)
        )


@pytest.mark.parametrize("role", [Role.OWNER, Role.PARTNER])
def test_a_fixed_number_of_queries(
    member: Callable[..., Scope], owner: Scope, django_assert_num_queries: Any, role: str
) -> None:
    scope = owner if role == Role.OWNER else member(Role.PARTNER)
    guest = scope.membership.organization
    _grow(owner, 1, guest)
    # A partner's organisation and its units are looked up once more.
    expected = 10 if role == Role.OWNER else 11
    fresh = scope_for(scope.user, scope.workspace)  # nothing looked up yet
    with django_assert_num_queries(expected):
        small = figures(fresh, countries=("CL",))
    _grow(owner, 6, guest)
    fresh = scope_for(scope.user, scope.workspace)
    with django_assert_num_queries(expected):
        large = figures(fresh, countries=("CL",))
    assert small["engagements"]["total"]["value"] == 1
    assert large["engagements"]["total"]["value"] == 7
    assert large["trainings"]["all"]["matched_pairs"]["value"] == 7
