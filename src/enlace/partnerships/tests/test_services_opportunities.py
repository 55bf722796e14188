"""Opportunity writes: create with its first stage change, update (not the stage), moves with
their reasons and history, origins, money checks that save nothing, the stale-version move,
deadlines, documents, exchange rates, other workspaces and roles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from enlace.core.errors import PermissionDenied, ValidationError, VersionConflict
from enlace.core.permissions import Role
from enlace.engagements.tests import factories as engagements
from enlace.partnerships.models import (
    Deadline,
    ExchangeRate,
    Opportunity,
    OpportunityDocument,
    OpportunityOrigin,
    StageChange,
)
from enlace.partnerships.services import deadlines, documents, opportunities, rates
from enlace.partnerships.services.opportunities import CardMoved
from enlace.partnerships.tests import factories as f
from enlace.stakeholders.tests import factories as registry
from enlace.testing import make_member

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def codes(caught: pytest.ExceptionInfo[ValidationError], field: str) -> list[str | None]:
    return [e.code for e in caught.value.error_dict[field]]


def messages(caught: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return [str(m) for e in caught.value.error_dict[field] for m in e.messages]


def _data(scope, **extra):
    return {
        "title": "  Water   grant ",
        "counterpart_organization": registry.organization(scope),
        "kind": "call_for_proposals",
        **extra,
    }


# Create


def test_create_writes_the_first_stage_change(editor):
    opp = opportunities.opportunity_create(
        scope=editor, data=_data(editor, amount=Decimal("1500.50"), currency="usd", probability=40)
    )
    assert opp.title == "Water grant"
    assert opp.title_key
    assert opp.stage == "identified"
    assert opp.owner == editor.user
    assert opp.currency == "USD"
    changes = list(StageChange.objects.filter(opportunity=opp))
    assert [(c.from_stage, c.stage, c.by_id) for c in changes] == [
        ("", "identified", editor.user.pk)
    ]
    assert opp.history.count() == 1


def test_create_in_a_given_stage_and_a_closing_one_needs_a_reason(editor):
    opp = f.opportunity(editor, stage="drafting")
    assert opp.stage == "drafting"
    with pytest.raises(ValidationError) as caught:
        opportunities.opportunity_create(scope=editor, data=_data(editor, stage="won"))
    assert codes(caught, "reason") == ["reason_required"]
    won = opportunities.opportunity_create(
        scope=editor, data=_data(editor, stage="won", reason="Signed at the ministry")
    )
    assert StageChange.objects.get(opportunity=won).reason == "Signed at the ministry"


@pytest.mark.parametrize(
    ("extra", "field", "code"),
    [
        ({"stage": "nowhere"}, "stage", "unknown_stage"),
        ({"stage": "lost", "reason": "no"}, "reason", "reason_required"),
        ({"amount": Decimal(100), "currency": "XYZ"}, "currency", "unknown_currency"),
        ({"amount": Decimal(100)}, "currency", "amount_without_currency"),
        ({"amount": Decimal(-1), "currency": "USD"}, "amount", "negative"),
        ({"probability": 101}, "probability", "probability_range"),
        ({"title": "   "}, "title", None),
    ],
)
def test_bad_input_saves_nothing(editor, extra, field, code):
    data = _data(editor, **extra)
    with pytest.raises(ValidationError) as caught:
        opportunities.opportunity_create(scope=editor, data=data)
    assert field in caught.value.error_dict
    if code is not None:
        assert code in codes(caught, field)
    assert Opportunity.all_objects.count() == 0
    assert StageChange.objects.count() == 0


def test_unknown_currency_message_names_the_code(editor):
    with pytest.raises(ValidationError) as caught:
        f.opportunity(editor, amount="10", currency="XYZ")
    assert messages(caught, "currency") == ["Unknown currency code: XYZ."]


def test_amount_precision_and_unknown_fields(editor):
    with pytest.raises(ValidationError) as caught:
        f.opportunity(editor, amount="10.555")
    assert "amount" in caught.value.error_dict
    with pytest.raises(ValidationError) as caught:
        opportunities.opportunity_create(scope=editor, data=_data(editor, colour="red"))
    assert "colour" in caught.value.error_dict
    assert Opportunity.all_objects.count() == 0


def test_owner_must_be_staff_of_the_workspace(editor, member, other_workspace):
    viewer = member(Role.VIEWER)
    outsider = make_member(other_workspace, Role.EDITOR)
    for user in (viewer.user, outsider.user):
        with pytest.raises(ValidationError) as caught:
            f.opportunity(editor, owner=user)
        assert "owner" in caught.value.error_dict
    colleague = member(Role.MANAGER)
    assert f.opportunity(editor, owner=colleague.user).owner == colleague.user


# Update and origins


def test_update_changes_fields_but_never_the_stage(editor):
    opp = f.opportunity(editor)
    opp = opportunities.opportunity_update(
        scope=editor, opportunity=opp, data={"amount": Decimal(20), "currency": "EUR"}
    )
    assert (opp.amount, opp.currency, opp.version) == (Decimal(20), "EUR", 2)
    with pytest.raises(ValidationError) as caught:
        opportunities.opportunity_update(scope=editor, opportunity=opp, data={"stage": "won"})
    assert "stage" in caught.value.error_dict
    with pytest.raises(ValidationError):
        opportunities.opportunity_update(scope=editor, opportunity=opp, data={"currency": ""})
    opp.refresh_from_db()
    assert (opp.stage, opp.currency) == ("identified", "EUR")


def test_update_with_a_stale_version_conflicts(editor):
    opp = f.opportunity(editor)
    opportunities.opportunity_update(scope=editor, opportunity=opp, data={"notes": "a"})
    with pytest.raises(VersionConflict):
        opportunities.opportunity_update(
            scope=editor, opportunity=opp, data={"notes": "b"}, expected_version=1
        )
    opp.refresh_from_db()
    assert opp.notes == "a"


def test_origins_replace_the_set_and_keep_history(editor, other_workspace):
    first, second, third = (engagements.engagement(editor) for _ in range(3))
    opp = f.opportunity(editor, origin_engagements=[first, second])
    assert set(opp.origin_engagements.all()) == {first, second}
    opp = opportunities.opportunity_update(
        scope=editor, opportunity=opp, data={"origin_engagements": [second, third]}
    )
    assert set(opp.origin_engagements.all()) == {second, third}
    history = OpportunityOrigin.history.filter(opportunity_id=opp.pk)
    assert sorted(h.history_type for h in history) == ["+", "+", "+", "-"]
    removed = history.get(history_type="-")
    assert (removed.engagement_id, removed.history_user_id) == (first.pk, editor.user.pk)
    foreign = engagements.engagement(make_member(other_workspace, Role.EDITOR))
    with pytest.raises(ValidationError) as caught:
        opportunities.opportunity_update(
            scope=editor, opportunity=opp, data={"origin_engagements": [foreign]}
        )
    assert "origin_engagements" in caught.value.error_dict
    assert set(opp.origin_engagements.all()) == {second, third}


# Moves


def test_moves_append_stage_changes_and_bump_the_version(editor):
    opp = f.opportunity(editor)
    opp = f.move(editor, opp, "exploring")
    opp = f.move(editor, opp, "lost", "Funder closed the window")
    opp = f.move(editor, opp, "drafting")  # reopening is a move like any other
    rows = list(StageChange.objects.filter(opportunity=opp).order_by("at", "id"))
    assert [(r.from_stage, r.stage) for r in rows] == [
        ("", "identified"),
        ("identified", "exploring"),
        ("exploring", "lost"),
        ("lost", "drafting"),
    ]
    assert rows[2].reason == "Funder closed the window"
    assert opp.version == 4
    assert opp.stage == "drafting"
    assert opp.stage_changed_at == rows[-1].at
    assert opp.history.first().history_change_reason == "moved to drafting"


@pytest.mark.parametrize("stage", ["won", "lost", "withdrawn"])
def test_closing_needs_a_reason_of_3_to_300_characters(editor, stage):
    opp = f.opportunity(editor)
    for reason in ("", "ok", "x" * 301):
        with pytest.raises(ValidationError) as caught:
            opportunities.opportunity_move(
                scope=editor, opportunity=opp, stage=stage, reason=reason
            )
        assert "reason" in caught.value.error_dict
    opp.refresh_from_db()
    assert (opp.stage, opp.version) == ("identified", 1)
    assert StageChange.objects.filter(opportunity=opp).count() == 1
    moved = opportunities.opportunity_move(scope=editor, opportunity=opp, stage=stage, reason="Yes")
    assert moved.stage == stage


def test_unknown_and_same_stage_are_refused(editor):
    opp = f.opportunity(editor)
    with pytest.raises(ValidationError) as caught:
        opportunities.opportunity_move(scope=editor, opportunity=opp, stage="heaven")
    assert codes(caught, "stage") == ["unknown_stage"]
    with pytest.raises(ValidationError) as caught:
        opportunities.opportunity_move(scope=editor, opportunity=opp, stage="identified")
    assert messages(caught, "stage") == ["Already in that stage."]
    assert StageChange.objects.filter(opportunity=opp).count() == 1


def test_concurrent_moves_keep_the_first(editor, member):
    other = member(Role.EDITOR)
    opp = f.opportunity(editor)
    seen = opp.version
    mine = Opportunity.objects.get(pk=opp.pk)
    theirs = Opportunity.objects.get(pk=opp.pk)
    opportunities.opportunity_move(
        scope=editor, opportunity=mine, stage="exploring", expected_version=seen
    )
    with pytest.raises(VersionConflict) as caught:
        opportunities.opportunity_move(
            scope=other, opportunity=theirs, stage="drafting", expected_version=seen
        )
    assert isinstance(caught.value, CardMoved)
    assert caught.value.stage == "exploring"
    assert str(caught.value) == "This card was moved by someone else: it is now in Exploring."
    opp.refresh_from_db()
    assert opp.stage == "exploring"
    assert StageChange.objects.filter(opportunity=opp).count() == 2


def test_a_move_may_not_precede_the_last_one(editor):
    opp = f.opportunity(editor)
    with pytest.raises(ValidationError) as caught:
        opportunities.opportunity_move(
            scope=editor,
            opportunity=opp,
            stage="exploring",
            at=timezone.now() - dt.timedelta(days=1),
        )
    assert "at" in caught.value.error_dict


# Delete and restore


def test_delete_and_restore(editor, owner):
    opp = f.opportunity(editor)
    opportunities.opportunity_delete(scope=editor, opportunity=opp)
    assert not Opportunity.objects.filter(pk=opp.pk).exists()
    with pytest.raises(ValidationError):
        f.move(editor, Opportunity.all_objects.get(pk=opp.pk), "exploring")
    with pytest.raises(PermissionDenied):
        opportunities.opportunity_restore(scope=editor, opportunity=opp)
    opportunities.opportunity_restore(scope=owner, opportunity=opp)
    assert Opportunity.objects.filter(pk=opp.pk).exists()


# Roles and workspaces


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_readers_cannot_write(editor, member, role):
    reader = member(role)
    opp = f.opportunity(editor)
    with pytest.raises(PermissionDenied):
        f.opportunity(reader, owner=editor.user)
    with pytest.raises(PermissionDenied):
        f.move(reader, opp, "exploring")
    with pytest.raises(PermissionDenied):
        opportunities.opportunity_update(scope=reader, opportunity=opp, data={"notes": "x"})
    with pytest.raises(PermissionDenied):
        opportunities.opportunity_delete(scope=reader, opportunity=opp)
    with pytest.raises(PermissionDenied):
        f.deadline(reader, opp)
    with pytest.raises(PermissionDenied):
        f.rate(reader, "EUR", "USD", "1.1")


def test_another_workspace_is_not_found(editor, other_workspace):
    stranger = make_member(other_workspace, Role.OWNER)
    opp = f.opportunity(editor)
    for call in (
        lambda: f.move(stranger, opp, "exploring"),
        lambda: opportunities.opportunity_update(scope=stranger, opportunity=opp, data={}),
        lambda: opportunities.opportunity_delete(scope=stranger, opportunity=opp),
        lambda: opportunities.opportunity_restore(scope=stranger, opportunity=opp),
        lambda: f.deadline(stranger, opp),
    ):
        with pytest.raises(Http404):
            call()
    foreign_org = registry.organization(stranger)
    with pytest.raises(ValidationError) as caught:
        f.opportunity(editor, counterpart_organization=foreign_org)
    assert "counterpart_organization" in caught.value.error_dict


# Deadlines


def test_deadlines_add_update_remove(editor):
    opp = f.opportunity(editor)
    deadline = f.deadline(editor, opp, dt.date(2026, 9, 1), kind="decision_expected")
    deadline = deadlines.deadline_update(
        scope=editor, deadline=deadline, data={"done_on": dt.date(2026, 8, 30)}
    )
    assert deadline.done_on == dt.date(2026, 8, 30)
    with pytest.raises(ValidationError):
        deadlines.deadline_update(scope=editor, deadline=deadline, data={"kind": "someday"})
    with pytest.raises(ValidationError):
        f.deadline(editor, opp, label="  ")
    deadlines.deadline_remove(scope=editor, deadline=deadline)
    assert not Deadline.all_objects.filter(pk=deadline.pk).exists()
    assert Deadline.history.filter(id=deadline.pk, history_type="-").exists()


# Documents


def test_documents_reuse_the_attachment_checks(editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    opp = f.opportunity(editor)
    doc = documents.document_add(
        scope=editor,
        opportunity=opp,
        kind="draft",
        upload=SimpleUploadedFile("../../Concept note.pdf", PDF),
    )
    assert (doc.original_name, doc.content_type) == ("Concept note.pdf", "application/pdf")
    assert "Concept" not in doc.file.name
    handle, content_type, name = documents.document_open(scope=editor, document=doc)
    assert (content_type, name) == ("application/pdf", "Concept note.pdf")
    with handle:
        assert handle.read() == PDF
    for upload in (
        SimpleUploadedFile("run.exe", b"MZ"),
        SimpleUploadedFile("fake.pdf", b"not a pdf"),
        SimpleUploadedFile("empty.pdf", b""),
    ):
        with pytest.raises(ValidationError) as caught:
            documents.document_add(scope=editor, opportunity=opp, kind="draft", upload=upload)
        assert "file" in caught.value.error_dict
    with pytest.raises(ValidationError):
        documents.document_add(
            scope=editor, opportunity=opp, kind="poem", upload=SimpleUploadedFile("a.pdf", PDF)
        )
    doc = documents.document_remove(scope=editor, document=doc)
    assert OpportunityDocument.objects.count() == 0
    with pytest.raises(Http404):
        documents.document_open(scope=editor, document=doc)


def test_documents_open_only_for_those_who_see_the_opportunity(editor, member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    opp = f.opportunity(editor)
    doc = documents.document_add(
        scope=editor, opportunity=opp, kind="submitted", upload=SimpleUploadedFile("a.pdf", PDF)
    )
    partner = member(Role.PARTNER)
    with pytest.raises(Http404):
        documents.document_open(scope=partner, document=doc)
    viewer = member(Role.VIEWER)
    handle, _type, _name = documents.document_open(scope=viewer, document=doc)
    handle.close()


# Exchange rates


def test_exchange_rates_set_change_and_remove(editor):
    rate = f.rate(editor, "eur", "USD", "1.08")
    assert (rate.currency, rate.base_currency, rate.rate) == ("EUR", "USD", Decimal("1.08"))
    again = f.rate(editor, "EUR", "USD", "1.10")
    assert again.pk == rate.pk
    assert (again.rate, again.version) == (Decimal("1.10"), 2)
    for currency, base, value, field in (
        ("XYZ", "USD", "1", "currency"),
        ("EUR", "EUR", "1", "base_currency"),
        ("EUR", "GBP", "0", "rate"),
        ("EUR", "GBP", "-2", "rate"),
    ):
        with pytest.raises(ValidationError) as caught:
            f.rate(editor, currency, base, value)
        assert field in caught.value.error_dict
    rates.exchange_rate_remove(scope=editor, rate=again)
    assert ExchangeRate.objects.count() == 0
    assert f.rate(editor, "EUR", "USD", "1.2").pk != rate.pk
