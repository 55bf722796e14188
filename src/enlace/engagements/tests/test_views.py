"""The engagement pages through the real views: every page renders, engagements are created,
edited and deleted, a child outside its parent's dates is offered the widening, and the small
forms of the detail page add and remove their parts. Access rules and escaping are in
test_views_access.py, query counts in test_views_queries.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from enlace.engagements.models import (
    Attachment,
    AudienceCount,
    Engagement,
    EngagementLink,
    FollowUp,
    Outcome,
    Participant,
    ReachReading,
)
from enlace.engagements.tests import factories
from enlace.engagements.tests.pages import PDF, field_visit
from enlace.stakeholders.tests.pages import client_for, reload, text, url

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def record(editor):
    return field_visit(editor)


def _engagement_data(**overrides):
    data = {
        "kind": "meeting",
        "title": "Reunión con la Fiscalía",
        "start_date": "2026-11-03",
        "end_date": "2026-11-03",
        "mode": "in_person",
        "country": "CL",
    }
    data.update(overrides)
    return data


# Every page renders


def test_every_engagement_page_renders_for_an_editor(editor, record):
    client = client_for(editor)
    training, participant = record["training"], Participant.objects.first()
    pages = [
        url(editor, "engagement_list"),
        url(editor, "engagement_calendar") + "?month=2025-11",
        url(editor, "engagement_create"),
        url(editor, "engagement_create") + f"?parent={record['visit'].pk}",
        url(editor, "engagement_detail", training.pk),
        url(editor, "engagement_detail", record["visit"].pk),
        url(editor, "engagement_edit", training.pk),
        url(editor, "engagement_delete", training.pk),
        url(editor, "engagement_part_remove", training.pk, "participant", participant.pk),
        url(editor, "follow_up_mine"),
        url(editor, "follow_up_list"),
        url(editor, "organization_timeline", record["ministry"].pk),
        url(editor, "country_timeline", "CL"),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert "<main" in text(response)


def test_navigation_links_to_engagements_and_my_follow_ups(editor):
    page = text(client_for(editor).get(url(editor, "workspace")))
    assert url(editor, "engagement_list") in page
    assert url(editor, "follow_up_mine") in page


def test_detail_shows_everything_about_an_engagement(editor, record):
    page = text(client_for(editor).get(url(editor, "engagement_detail", record["training"].pk)))
    for expected in (
        "Taller para inspectores",
        "Visita a Chile",  # the parent, as a breadcrumb
        "09:00",
        "17:00",
        "America/Santiago",
        "Rosa Quispe",
        "Inspección del Trabajo",
        "Facilitator",
        "Invited to submit a proposal",
        "Grabación",
        "Send the proposal",
        "340",  # the latest recording views
        "120",  # and how they grew
        "Female",
        "14",
    ):
        assert expected in page, expected
    page = text(client_for(editor).get(url(editor, "engagement_detail", record["visit"].pk)))
    assert "<strong>inspectors</strong>" in page  # Markdown rendered
    assert "Taller para inspectores" in page  # a child
    assert url(editor, "country_timeline", "CL") in page


def test_list_filters_and_empty_state(editor, record):
    factories.engagement(editor, title="Webinar regional", kind="webinar", country="MX")
    client = client_for(editor)
    page = text(client.get(url(editor, "engagement_list"), {"kind": "webinar"}))
    assert "Webinar regional" in page and "Visita a Chile" not in page
    page = text(client.get(url(editor, "engagement_list"), {"q": "taller"}))
    assert "Taller para inspectores" in page and "Webinar regional" not in page
    page = text(
        client.get(
            url(editor, "engagement_list"), {"date_from": "2025-11-12", "date_to": "2025-11-30"}
        )
    )
    assert "Visita a Chile" in page and "Taller para inspectores" not in page
    page = text(client.get(url(editor, "engagement_list"), {"organization": record["ministry"].pk}))
    assert "Visita a Chile" in page and "Webinar regional" not in page
    page = text(
        client.get(url(editor, "engagement_list"), {"representative": editor.membership.pk})
    )
    assert "Taller para inspectores" in page and "Webinar regional" not in page
    page = text(client.get(url(editor, "engagement_list"), {"q": "nothing like this"}))
    assert "No engagement matches these filters." in page
    response = client.get(url(editor, "engagement_list"), {"kind": "webinar"}, headers=HTMX)
    assert "<html" not in text(response) and 'id="results"' in text(response)


def test_list_sorts_by_title(editor):
    factories.engagement(editor, title="Zeta")
    factories.engagement(editor, title="Alfa")
    page = text(client_for(editor).get(url(editor, "engagement_list"), {"sort": "title"}))
    assert page.index("Alfa") < page.index("Zeta")


def test_empty_list_offers_the_first_engagement(editor):
    page = text(client_for(editor).get(url(editor, "engagement_list")))
    assert "No engagements yet." in page
    assert url(editor, "engagement_create") in page


def test_calendar_puts_engagements_on_their_days_with_month_links(editor, record):
    page = text(client_for(editor).get(url(editor, "engagement_calendar"), {"month": "2025-11"}))
    assert "<caption>November 2025</caption>" in page
    assert page.count("Visita a Chile") == 5  # one link on each of its five days
    assert "Taller para inspectores" in page
    assert "?month=2025-10" in page and "?month=2025-12" in page
    page = text(client_for(editor).get(url(editor, "engagement_calendar"), {"month": "nonsense"}))
    assert "<table" in page


# Create, edit, delete


def test_create_edit_and_delete_an_engagement(editor):
    client = client_for(editor)
    response = client.post(url(editor, "engagement_create"), _engagement_data())
    assert response.status_code == 302
    engagement = Engagement.objects.get(title="Reunión con la Fiscalía")
    assert response["Location"] == url(editor, "engagement_detail", engagement.pk)
    response = client.post(
        url(editor, "engagement_edit", engagement.pk),
        _engagement_data(title="Reunión con el Ministerio Público", version=engagement.version),
    )
    assert response.status_code == 302
    assert reload(engagement).title == "Reunión con el Ministerio Público"
    response = client.post(
        url(editor, "engagement_delete", engagement.pk), {"version": reload(engagement).version}
    )
    assert response.status_code == 302
    assert reload(engagement).is_deleted


def test_create_shows_the_services_errors_beside_the_fields(editor):
    response = client_for(editor).post(
        url(editor, "engagement_create"),
        _engagement_data(end_date="2026-11-01", timezone="Mars/Olympus"),
    )
    assert response.status_code == 200
    page = text(response)
    assert "The end date is before the start date." in page
    assert "Unknown time zone" in page
    assert not Engagement.objects.exists()


def test_htmx_post_checks_the_form_and_saves_nothing(editor):
    response = client_for(editor).post(
        url(editor, "engagement_create"), _engagement_data(start_date="not a date"), headers=HTMX
    )
    assert response.status_code == 200
    assert "<html" not in text(response)
    assert "Enter a valid date." in text(response)
    assert not Engagement.objects.exists()


def test_edit_based_on_an_older_version_is_refused(editor):
    engagement = factories.engagement(editor, title="Seminario")
    client = client_for(editor)
    stale = engagement.version
    client.post(
        url(editor, "engagement_edit", engagement.pk),
        _engagement_data(title="Seminario nacional", version=stale),
    )
    response = client.post(
        url(editor, "engagement_edit", engagement.pk),
        _engagement_data(title="Seminario regional", version=stale),
    )
    assert response.status_code == 409
    assert reload(engagement).title == "Seminario nacional"


def test_child_outside_its_parent_is_offered_the_widening_then_saved(editor, record):
    visit = record["visit"]
    client = client_for(editor)
    data = _engagement_data(parent=visit.pk, start_date="2025-11-15", end_date="2025-11-16")
    response = client.post(url(editor, "engagement_create"), data)
    assert response.status_code == 200
    page = text(response)
    assert "Widen the parent to cover these dates" in page
    assert "2025-11-10 to 2025-11-14" in page  # the service names the parent's dates
    assert not Engagement.objects.filter(title="Reunión con la Fiscalía").exists()
    response = client.post(url(editor, "engagement_create"), {**data, "widen_parent": "on"})
    assert response.status_code == 302
    assert reload(visit).end_date == dt.date(2025, 11, 16)
    assert Engagement.objects.get(title="Reunión con la Fiscalía").parent_id == visit.pk


def test_add_a_child_presets_the_parent_and_its_dates(editor, record):
    visit = record["visit"]
    page = text(client_for(editor).get(url(editor, "engagement_create") + f"?parent={visit.pk}"))
    assert f'<option value="{visit.pk}" selected>' in page
    assert 'value="2025-11-10"' in page
    detail = text(client_for(editor).get(url(editor, "engagement_detail", visit.pk)))
    assert url(editor, "engagement_create") + f"?parent={visit.pk}" in detail


# The detail page's small forms


def test_add_and_remove_participants(editor, record):
    training = record["training"]
    client = client_for(editor)
    response = client.post(
        url(editor, "engagement_participant_add", training.pk),
        {"participant-organization": record["ministry"].pk, "participant-role": "speaker"},
    )
    assert response.status_code == 302
    added = Participant.objects.get(organization=record["ministry"])
    # Neither or two targets: the form says so.
    response = client.post(
        url(editor, "engagement_participant_add", training.pk), {"participant-role": "speaker"}
    )
    assert response.status_code == 400
    assert "Choose exactly one" in text(response)
    # A duplicate: the service says so.
    response = client.post(
        url(editor, "engagement_participant_add", training.pk),
        {"participant-organization": record["ministry"].pk, "participant-role": "speaker"},
    )
    assert response.status_code == 400
    remove = url(editor, "engagement_part_remove", training.pk, "participant", added.pk)
    assert "Ministerio del Trabajo" in text(client.get(remove))
    assert client.post(remove).status_code == 302
    assert not Participant.objects.filter(pk=added.pk).exists() or reload(added).is_deleted


def test_add_outcome_link_reach_audience_and_follow_up(editor, record):
    training = record["training"]
    client = client_for(editor)
    posts = [
        ("engagement_outcome_add", {"outcome-statement": "A roadmap was agreed"}),
        (
            "engagement_link_add",
            {"link-kind": "article", "link-label": "Nota", "link-url": "https://example.org/n"},
        ),
        (
            "engagement_reach_record",
            {
                "reach-metric": "recording_views",
                "reach-value": "500",
                "reach-as_of": "2026-01-05",
                "reach-source": "platform_export",
            },
        ),
        ("engagement_audience_set", {"audience-sex__female": "20", "audience-sex__male": ""}),
        (
            "engagement_follow_up_add",
            {"follow_up-title": "Call the inspector", "follow_up-owner": editor.user.pk},
        ),
    ]
    for name, data in posts:
        response = client.post(url(editor, name, training.pk), data)
        assert response.status_code == 302, (name, text(response))
    assert Outcome.objects.filter(statement="A roadmap was agreed").exists()
    assert EngagementLink.objects.filter(label="Nota").exists()
    assert ReachReading.objects.filter(value=500).exists()
    assert list(AudienceCount.objects.values_list("category", "count")) == [("female", 20)]
    assert FollowUp.objects.get(title="Call the inspector").engagement_id == training.pk
    page = text(client.get(url(editor, "engagement_detail", training.pk)))
    assert "500" in page and "A roadmap was agreed" in page


def test_a_reading_in_the_future_is_refused_on_the_page(editor, record):
    response = client_for(editor).post(
        url(editor, "engagement_reach_record", record["training"].pk),
        {
            "reach-metric": "recording_views",
            "reach-value": "5",
            "reach-as_of": "2999-01-01",
            "reach-source": "manual",
        },
    )
    assert response.status_code == 400
    assert 'class="errorlist' in text(response)


def test_upload_download_and_remove_an_attachment(editor, record, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    training = record["training"]
    client = client_for(editor)
    upload = SimpleUploadedFile("agenda.pdf", PDF, content_type="application/pdf")
    response = client.post(
        url(editor, "engagement_attachment_add", training.pk),
        {"attachment-kind": "agenda", "attachment-file": upload},
    )
    assert response.status_code == 302, text(response)
    attachment = Attachment.objects.get()
    download = url(editor, "engagement_attachment_download", training.pk, attachment.pk)
    assert download in text(client.get(url(editor, "engagement_detail", training.pk)))
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    bad = SimpleUploadedFile("agenda.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(
        url(editor, "engagement_attachment_add", training.pk),
        {"attachment-kind": "agenda", "attachment-file": bad},
    )
    assert response.status_code == 400
    remove = url(editor, "engagement_part_remove", training.pk, "attachment", attachment.pk)
    assert client.post(remove).status_code == 302
    assert client.get(download).status_code == 404


def test_unknown_part_kind_is_not_found(editor, record):
    page = url(
        editor, "engagement_part_remove", record["training"].pk, "nonsense", record["visit"].pk
    )
    assert client_for(editor).get(page).status_code == 404


# Follow-ups


def test_my_follow_ups_lists_overdue_first_in_words_and_marks_done(editor, record):
    later = factories.follow_up(editor, title="Write the report", owner=editor.user)
    client = client_for(editor)
    page = text(client.get(url(editor, "follow_up_mine")))
    assert page.index("Send the proposal") < page.index("Write the report")
    assert "overdue" in page  # said in words, not by colour alone
    task = record["follow_up"]
    response = client.post(
        url(editor, "follow_up_done", task.pk),
        {"version": task.version, "next": url(editor, "follow_up_mine")},
    )
    assert response.status_code == 302
    assert reload(task).status == "done"
    assert "Marked “Send the proposal” as done." in text(client.get(url(editor, "follow_up_mine")))
    page = text(client.get(url(editor, "follow_up_mine")))
    assert "Send the proposal" not in page and later.title in page


def test_marking_done_a_stale_follow_up_is_refused(editor, record):
    task = record["follow_up"]
    client = client_for(editor)
    response = client.post(url(editor, "follow_up_done", task.pk), {"version": task.version + 5})
    assert response.status_code == 302
    assert reload(task).status == "open"


def test_follow_up_list_filters_by_status(editor, record):
    factories.follow_up(editor, title="Closed task", owner=editor.user, status="done")
    client = client_for(editor)
    page = text(client.get(url(editor, "follow_up_list"), {"status": "open"}))
    assert "Send the proposal" in page and "Closed task" not in page


# Timelines


def test_organization_timeline_shows_its_units_and_peoples_engagements(editor, record):
    page = text(client_for(editor).get(url(editor, "organization_timeline", record["ministry"].pk)))
    assert "Visita a Chile" in page  # hosted by the ministry
    assert "Taller para inspectores" in page  # its unit and its person took part
    assert "Rosa Quispe" in page
    assert "Send the proposal" in page
    detail = text(client_for(editor).get(url(editor, "organization_detail", record["ministry"].pk)))
    assert url(editor, "organization_timeline", record["ministry"].pk) in detail


def test_country_timeline(editor, record):
    factories.engagement(editor, title="Encuentro en Lima", country="PE")
    client = client_for(editor)
    page = text(client.get(url(editor, "country_timeline", "CL")))
    assert "Visita a Chile" in page and "Encuentro en Lima" not in page
    assert client.get(url(editor, "country_timeline", "XX")).status_code == 404
