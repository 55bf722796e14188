"""The training dashboard shows the learning summary's figures (the selector's, formatted), with
the unmatched participants counted, an undefined normalised gain said as such, modules that need
reinforcement flagged in words, cohort filters applied as a GET form, and a chart with a table
for each comparison; and the participant's record across trainings."""

from __future__ import annotations

import re

import pytest

from enlace.learning.selectors.summary import learning_summary
from enlace.learning.templatetags.learning_tags import (
    interval,
    normalized,
    percent,
    points,
    pvalue,
    share,
)
from enlace.learning.tests import factories
from enlace.learning.tests.pages import learning_record, respond
from enlace.stakeholders.tests import factories as registry
from enlace.stakeholders.tests.pages import client_for, text, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(owner):
    record = learning_record(owner, people=4)
    # Someone who already knew everything: a perfect pre-test, so no normalised gain.
    expert = registry.person(owner, full_name="Experta Total", discipline="legal")
    enrollment = factories.enroll(owner, record["training"], expert, experience_level="advanced")
    factories.mark(owner, record["training"], enrollment, "present")
    respond(owner, record["training"], enrollment, "pre", right=3, items=record["items"])
    respond(owner, record["training"], enrollment, "post", right=3, items=record["items"])
    record["expert"] = enrollment
    return record


def _squash(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    end = page.find("</section>", start)
    return page[start:end]


def test_the_dashboard_shows_the_selectors_figures(owner, record):
    training = record["training"]
    summary = learning_summary(scope=owner, training=training)
    page = _squash(
        text(client_for(owner).get(url(owner, "learning_dashboard", training.engagement_id)))
    )
    gain = _section(page, "gain-title")
    assert summary["matched_pairs"] == 5 and summary["unmatched_pre"] == 1
    for figure in (
        f'<span class="figure">{summary["matched_pairs"]}</span>',
        f'<span class="figure">{summary["unmatched_pre"]}</span>',
        f'<span class="figure">{summary["unmatched_post"]}</span>',
        f'<span class="figure">{percent(summary["mean_pre"])}</span>',
        f'<span class="figure">{percent(summary["mean_post"])}</span>',
        f'<span class="figure">{points(summary["mean_gain"])}</span>',
        interval(summary["gain_ci95"]),
        f"p = {pvalue(summary['wilcoxon_p'])}",
        f'<span class="figure">{share(summary["share_gain_at_least_20"])}</span>',
        f'<span class="figure">{normalized(summary["mean_normalized_gain"])}</span>',
    ):
        assert figure.replace("&", "&amp;") in gain or figure in gain, figure
    participants = _section(page, "participants-title")
    for row in summary["participants"]:
        assert row["name"] in participants
        assert percent(row["pre"]) in participants
    expert = next(r for r in summary["participants"] if r["name"] == "Experta Total")
    assert expert["normalized_gain"] is None
    row = participants[participants.index("Experta Total") :].split("</tr>")[0]
    assert "undefined" in row
    attendance = _section(page, "attendance-title")
    assert percent(summary["attendance"]["mean_attendance_percent"], 0) in attendance
    assert f'<span class="stat-number">{summary["completion"]["completed"]}</span>' in attendance


def test_modules_needing_reinforcement_are_flagged_in_words(owner, record):
    training = record["training"]
    summary = learning_summary(scope=owner, training=training)
    page = _squash(
        text(client_for(owner).get(url(owner, "learning_dashboard", training.engagement_id)))
    )
    modules = _section(page, "modules-title")
    flagged = [m for m in summary["by_module"] if m["needs_reinforcement"]]
    for module in summary["by_module"]:
        assert module["title"] in modules
        assert percent(module["post_correct_percent"], 0) in modules
    if flagged:
        assert "Needs reinforcement:" in modules and "⚠ Yes" in modules
    for item in summary["by_item"]:
        assert item["prompt"] in modules


def test_cohort_filters_apply_to_every_figure(owner, record):
    training = record["training"]
    client = client_for(owner)
    page = url(owner, "learning_dashboard", training.engagement_id)
    body = _squash(text(client.get(page, {"discipline": "legal"})))
    summary = learning_summary(scope=owner, training=training, discipline="legal")
    gain = _section(body, "gain-title")
    assert f'<span class="figure">{summary["matched_pairs"]}</span>' in gain
    assert f'<span class="figure">{percent(summary["mean_pre"])}</span>' in gain
    assert "covers the chosen cohort only" in body
    names = {r["name"] for r in summary["participants"]}
    participants = _section(body, "participants-title")
    assert "Participante 1" not in names and "Participante 1" not in participants
    assert "Experta Total" in participants
    # An organisation, a level and a sex filter too; an unknown value is not applied.
    body = _squash(
        text(
            client.get(
                page,
                {
                    "organization": record["organization"].pk,
                    "experience_level": "basic",
                    "sex": "female",
                },
            )
        )
    )
    assert "Experta Total" not in _section(body, "participants-title")
    assert client.get(page, {"experience_level": "nonsense"}).status_code == 200


def test_cohorts_and_modules_have_charts_with_tables(owner, record):
    training = record["training"]
    page = text(client_for(owner).get(url(owner, "learning_dashboard", training.engagement_id)))
    for chart_id in ("chart-modules", "chart-disciplines", "chart-levels"):
        assert f'id="{chart_id}"' in page
    assert page.count("data-chart-spec") == 3
    assert page.count("Show as table") == 3
    assert "web/charts.js" in page
    # No chart without figures: an empty training shows its tables only.
    empty = factories.make_training(owner, sessions=1)
    page = text(client_for(owner).get(url(owner, "learning_dashboard", empty.engagement_id)))
    assert "data-chart-spec" not in page and "web/charts.js" not in page
    assert "No scored questions answered yet." in page


def test_the_participants_record_shows_each_training_with_scores(owner, record):
    enrollment = record["enrollments"][0]
    other = factories.make_training(owner, sessions=2)
    factories.enroll(owner, other, enrollment.person)
    page = _squash(
        text(client_for(owner).get(url(owner, "learning_participant", enrollment.person_id)))
    )
    assert record["engagement"].title in page and other.engagement.title in page
    assert record["certificate"].code in page
    assert "0 / 2" in page  # no attendance yet in the second training
