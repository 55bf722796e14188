"""Agreement writes: dates, money, parties, the agreement from a won opportunity, the registry's
relationships kept in step, obligations, roles and other workspaces."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from enlace.core.errors import ValidationError, VersionConflict
from enlace.core.permissions import Role
from enlace.partnerships.models import Agreement, AgreementParty, Obligation
from enlace.partnerships.selectors import agreements as reads
from enlace.partnerships.services import agreements as writes
from enlace.partnerships.tests import factories
from enlace.stakeholders import services as stakeholders
from enlace.stakeholders.models import Relationship
from enlace.stakeholders.tests import factories as registry
from enlace.testing import make_member

pytestmark = pytest.mark.django_db

START = dt.date(2026, 1, 1)
END = dt.date(2026, 12, 31)


def _codes(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return {field: [e.code or "" for e in errors] for field, errors in exc.value.error_dict.items()}


def _rels(a, b):
    return Relationship.objects.filter(from_organization=a, to_organization=b) | (
        Relationship.objects.filter(from_organization=b, to_organization=a)
    )


# Dates, money, parties


def test_create_keeps_parties_in_order_and_exact_money(editor):
    first, second = registry.organization(editor), registry.organization(editor)
    agreement = writes.agreement_create(
        scope=editor,
        data={
            "title": "  Convenio   marco ",
            "kind": "grant_agreement",
            "parties": [second, first, second],
            "start_date": START,
            "end_date": END,
            "value": "1250000.10",
            "currency": "clp",
        },
    )
    agreement.refresh_from_db()
    assert agreement.title == "Convenio marco"
    assert agreement.title_key == "convenio marco"
    assert agreement.value == Decimal("1250000.10")
    assert agreement.currency == "CLP"
    assert agreement.status == "draft"
    assert reads.party_list(agreement) == [second, first]


def test_end_before_start_is_refused_and_nothing_saved(editor):
    with pytest.raises(ValidationError) as exc:
        factories.agreement(editor, start_date=END, end_date=START)
    assert "end_date" in exc.value.error_dict
    assert "__all__" not in exc.value.error_dict
    assert not Agreement.objects.exists()
    assert not AgreementParty.objects.exists()


@pytest.mark.parametrize(
    ("money", "field", "code"),
    [
        ({"value": Decimal("10"), "currency": "XYZ"}, "currency", "unknown_currency"),
        ({"value": Decimal("10")}, "currency", "amount_without_currency"),
        ({"value": Decimal("-1"), "currency": "USD"}, "value", "negative"),
        ({"value": "ten", "currency": "USD"}, "value", "invalid"),
        ({"value": 10.5, "currency": "USD"}, "value", "invalid"),
        ({"value": Decimal("1.005"), "currency": "USD"}, "value", "max_decimal_places"),
    ],
)
def test_bad_money_is_refused(editor, money, field, code):
    with pytest.raises(ValidationError) as exc:
        writes.agreement_create(
            scope=editor, data={"title": "Money", "kind": "grant_agreement", **money}
        )
    assert code in _codes(exc)[field]
    assert not Agreement.objects.exists()


def test_unknown_currency_message_names_the_code(editor):
    with pytest.raises(ValidationError) as exc:
        writes.agreement_create(
            scope=editor,
            data={"title": "X", "kind": "grant_agreement", "value": 1, "currency": "xyz"},
        )
    assert exc.value.message_dict["currency"] == ["Unknown currency code: XYZ."]


def test_unknown_field_kind_and_status_are_refused(editor):
    with pytest.raises(ValidationError) as exc:
        writes.agreement_create(scope=editor, data={"title": "X", "kind": "x", "owner": 1})
    assert set(exc.value.error_dict) == {"owner"}
    with pytest.raises(ValidationError) as exc:
        writes.agreement_create(scope=editor, data={"title": "X", "kind": "x", "status": "y"})
    assert {"kind", "status"} <= set(exc.value.error_dict)


def test_update_checks_dates_against_the_stored_ones(editor):
    agreement = factories.agreement(editor, start_date=START)
    with pytest.raises(ValidationError) as exc:
        writes.agreement_update(
            scope=editor, agreement=agreement, data={"end_date": START - dt.timedelta(days=1)}
        )
    assert "end_date" in exc.value.error_dict
    updated = writes.agreement_update(scope=editor, agreement=agreement, data={"end_date": END})
    assert updated.version == agreement.version + 1


def test_update_with_a_stale_version_is_refused(editor):
    agreement = factories.agreement(editor)
    writes.agreement_update(scope=editor, agreement=agreement, data={"notes": "first"})
    with pytest.raises(VersionConflict):
        writes.agreement_update(
            scope=editor,
            agreement=agreement,
            data={"notes": "second"},
            expected_version=agreement.version,
        )


def test_parties_are_replaced_and_a_responsible_party_stays(editor):
    a, b, c = (registry.organization(editor) for _ in range(3))
    agreement = factories.agreement(editor, parties=[a, b])
    writes.obligation_add(
        scope=editor, agreement=agreement, data={"text": "Report", "responsible_organization": b}
    )
    with pytest.raises(ValidationError) as exc:
        writes.agreement_update(scope=editor, agreement=agreement, data={"parties": [a, c]})
    assert "parties" in exc.value.error_dict
    writes.agreement_update(scope=editor, agreement=agreement, data={"parties": [c, b]})
    assert reads.party_list(Agreement.objects.get()) == [b, c]


def test_a_party_in_the_trash_or_not_an_organisation_is_refused(editor, owner):
    gone = stakeholders.organization_delete(scope=owner, organization=registry.organization(owner))
    with pytest.raises(ValidationError) as exc:
        factories.agreement(editor, parties=[gone])
    assert "parties" in exc.value.error_dict
    with pytest.raises(ValidationError):
        factories.agreement(editor, parties="not a list")


# From an opportunity


def test_from_a_won_opportunity_copies_title_parties_and_money(editor):
    counterpart, funder = registry.organization(editor), registry.organization(editor)
    opp = factories.opportunity(
        editor,
        title="Fondo de agua",
        counterpart_organization=counterpart,
        funder_organization=funder,
        amount="50000.00",
        currency="EUR",
    )
    opp = factories.move(editor, opp, "won")
    agreement = writes.agreement_from_opportunity(scope=editor, opportunity=opp)
    assert agreement.title == "Fondo de agua"
    assert agreement.kind == "grant_agreement"
    assert agreement.opportunity == opp
    assert (agreement.value, agreement.currency) == (Decimal("50000.00"), "EUR")
    assert reads.party_list(agreement) == [counterpart, funder]
    # One opportunity, one agreement: a second click does not make a twin.
    with pytest.raises(ValidationError) as exc:
        writes.agreement_from_opportunity(scope=editor, opportunity=opp)
    assert _codes(exc)["opportunity"] == ["exists"]
    assert Agreement.objects.count() == 1


def test_from_a_won_mou_opportunity_is_a_mou_and_data_overrides(editor):
    opp = factories.opportunity(
        editor, kind="memorandum_of_understanding", stage="won", reason="Signed at the meeting"
    )
    agreement = writes.agreement_from_opportunity(
        scope=editor, opportunity=opp, data={"title": "MoU", "start_date": START}
    )
    assert (agreement.kind, agreement.title, agreement.start_date) == (
        "memorandum_of_understanding",
        "MoU",
        START,
    )
    assert reads.party_list(agreement) == [opp.counterpart_organization]


@pytest.mark.parametrize("stage", ["identified", "submitted", "lost", "withdrawn"])
def test_from_an_opportunity_not_won_is_refused(editor, stage):
    opp = factories.opportunity(editor)
    if stage != "identified":
        opp = factories.move(editor, opp, stage)
    with pytest.raises(ValidationError) as exc:
        writes.agreement_from_opportunity(scope=editor, opportunity=opp)
    assert _codes(exc)["opportunity"] == ["not_won"]
    assert not Agreement.objects.exists()


# Relationships in step


def test_an_active_agreement_keeps_a_relationship_between_its_parties(editor):
    a, b, c = (registry.organization(editor) for _ in range(3))
    agreement = factories.agreement(editor, parties=[a, b, c], start_date=START)
    assert not Relationship.objects.exists()  # a draft binds nobody

    agreement = writes.agreement_update(
        scope=editor, agreement=agreement, data={"status": "active"}
    )
    rels = Relationship.objects.all()
    assert rels.count() == 3  # every pair once
    assert {r.kind for r in rels} == {"mou"}
    assert {r.status for r in rels} == {"active"}
    assert {r.since for r in rels} == {START}
    rel = _rels(a, b).get()
    assert rel.history.first().history_user == editor.user

    writes.agreement_update(scope=editor, agreement=agreement, data={"status": "active"})
    assert Relationship.objects.count() == 3  # no duplicates when saved again


@pytest.mark.parametrize(
    ("kind", "relationship"),
    [
        ("grant_agreement", "funder"),
        ("service_contract", "partner"),
        ("letter_of_intent", "mou"),
        ("data_sharing_agreement", "mou"),
    ],
)
def test_the_relationship_kind_follows_the_agreement_kind(editor, kind, relationship):
    factories.agreement(editor, kind=kind, status="active")
    assert Relationship.objects.get().kind == relationship


@pytest.mark.parametrize("end", ["expired", "terminated"])
def test_an_agreement_that_ends_ends_its_relationships(editor, end):
    a, b = registry.organization(editor), registry.organization(editor)
    agreement = factories.agreement(editor, parties=[a, b], status="active")
    writes.agreement_update(scope=editor, agreement=agreement, data={"status": end})
    rel = _rels(a, b).get()
    assert rel.status == "ended"
    assert rel.history.first().status == "ended"


def test_an_existing_relationship_is_reused_and_reactivated(editor):
    a, b = registry.organization(editor), registry.organization(editor)
    registry.relationship(
        editor, from_organization=b, to_organization=a, kind="mou", status="paused"
    )
    factories.agreement(editor, parties=[a, b], status="active")
    assert _rels(a, b).get().status == "active"


def test_another_active_agreement_keeps_the_relationship_alive(editor):
    a, b = registry.organization(editor), registry.organization(editor)
    first = factories.agreement(editor, parties=[a, b], status="active")
    factories.agreement(editor, parties=[b, a], kind="letter_of_intent", status="active")
    writes.agreement_update(scope=editor, agreement=first, data={"status": "terminated"})
    assert _rels(a, b).get().status == "active"


def test_a_draft_never_ends_a_relationship_it_did_not_make(editor):
    a, b = registry.organization(editor), registry.organization(editor)
    registry.relationship(editor, from_organization=a, to_organization=b, kind="mou")
    draft = factories.agreement(editor, parties=[a, b])
    writes.agreement_update(scope=editor, agreement=draft, data={"status": "terminated"})
    assert _rels(a, b).get().status == "active"


def test_a_party_leaving_an_active_agreement_ends_its_pairs(editor):
    a, b, c = (registry.organization(editor) for _ in range(3))
    agreement = factories.agreement(editor, parties=[a, b, c], status="active")
    writes.agreement_update(scope=editor, agreement=agreement, data={"parties": [a, b]})
    assert _rels(a, b).get().status == "active"
    assert _rels(a, c).get().status == "ended"
    assert _rels(b, c).get().status == "ended"


def test_trash_and_restore_follow_the_relationship(owner):
    a, b = registry.organization(owner), registry.organization(owner)
    agreement = factories.agreement(owner, parties=[a, b], status="active")
    writes.agreement_delete(scope=owner, agreement=agreement)
    assert _rels(a, b).get().status == "ended"
    assert not reads.agreement_queryset(owner).exists()
    writes.agreement_restore(scope=owner, agreement=agreement)
    assert _rels(a, b).get().status == "active"


# Obligations


def test_obligations_in_order_and_responsible_must_be_a_party(editor):
    a, b = registry.organization(editor), registry.organization(editor)
    stranger = registry.organization(editor)
    agreement = factories.agreement(editor, parties=[a, b])
    first = writes.obligation_add(
        scope=editor,
        agreement=agreement,
        data={"text": " Quarterly   report ", "responsible_organization": a},
    )
    second = writes.obligation_add(
        scope=editor, agreement=agreement, data={"text": "Audit", "due_date": END}
    )
    assert (first.text, first.position, second.position) == ("Quarterly report", 1, 2)
    with pytest.raises(ValidationError) as exc:
        writes.obligation_add(
            scope=editor,
            agreement=agreement,
            data={"text": "X", "responsible_organization": stranger},
        )
    assert _codes(exc)["responsible_organization"] == ["not_a_party"]
    with pytest.raises(ValidationError) as exc:
        writes.obligation_add(scope=editor, agreement=agreement, data={"text": "   "})
    assert "text" in exc.value.error_dict

    done = writes.obligation_update(
        scope=editor, obligation=second, data={"done_on": START}, expected_version=1
    )
    assert (done.done_on, done.version) == (START, 2)
    with pytest.raises(VersionConflict):
        writes.obligation_update(
            scope=editor, obligation=second, data={"text": "Y"}, expected_version=1
        )
    writes.obligation_remove(scope=editor, obligation=first)
    assert list(Obligation.objects.values_list("text", flat=True)) == ["Audit"]
    assert Obligation.history.filter(id=first.pk, history_type="-").exists()


def test_detail_flags_overdue_obligations(editor):
    agreement = factories.agreement(editor)
    past = dt.date(2020, 1, 1)
    late = writes.obligation_add(
        scope=editor, agreement=agreement, data={"text": "Late", "due_date": past}
    )
    writes.obligation_add(
        scope=editor,
        agreement=agreement,
        data={"text": "Done late", "due_date": past, "done_on": past},
    )
    writes.obligation_add(
        scope=editor, agreement=agreement, data={"text": "Later", "due_date": dt.date(2999, 1, 1)}
    )
    detail = reads.agreement_detail(
        scope=editor, agreement=reads.agreement_get(scope=editor, id=agreement.pk)
    )
    assert [o.pk for o in detail["overdue"]] == [late.pk]
    assert [o.is_overdue for o in detail["obligations"]] == [True, False, False]
    assert len(detail["parties"]) == 2


# Lists, roles, other workspaces


def test_list_filters_and_organisation_page(editor):
    parent = registry.organization(editor)
    unit = registry.organization(editor, parent=parent)
    other = registry.organization(editor)
    mine = factories.agreement(editor, title="Convenio agua", parties=[unit, other])
    factories.agreement(editor, title="Contrato", kind="service_contract", status="active")
    rows = reads.agreement_list(scope=editor, q="agua")
    assert [a.pk for a in rows] == [mine.pk]
    assert [a.pk for a in reads.agreement_list(scope=editor, kind="service_contract")] != [mine.pk]
    assert [a.pk for a in reads.agreement_list(scope=editor, organization_id=other.pk)] == [mine.pk]
    assert reads.agreement_list(scope=editor, status="active").count() == 1
    assert [a.pk for a in reads.agreements_for_organization(scope=editor, organization=parent)] == [
        mine.pk
    ]


def test_list_costs_the_same_for_2_or_12(editor, django_assert_num_queries):
    def grow(n):
        for _ in range(n):
            agreement = factories.agreement(editor)
            writes.obligation_add(scope=editor, agreement=agreement, data={"text": "T"})

    def count():
        with django_assert_num_queries(2) as ctx:
            rows = list(reads.agreement_list(scope=editor))
            for row in rows:
                reads.party_list(row)
                assert row.obligation_count == 1
        return len(ctx.captured_queries)

    grow(2)
    small = count()
    grow(10)
    assert count() == small


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER])
def test_readers_cannot_write(editor, member, role):
    reader = member(role)
    agreement = factories.agreement(editor)
    with pytest.raises(PermissionDenied):
        factories.agreement(reader)
    with pytest.raises(PermissionDenied):
        writes.agreement_update(scope=reader, agreement=agreement, data={"notes": "x"})
    with pytest.raises(PermissionDenied):
        writes.obligation_add(scope=reader, agreement=agreement, data={"text": "x"})
    with pytest.raises(PermissionDenied):
        writes.agreement_delete(scope=reader, agreement=agreement)


def test_editors_cannot_restore(editor, owner):
    agreement = factories.agreement(editor)
    writes.agreement_delete(scope=editor, agreement=agreement)
    with pytest.raises(PermissionDenied):
        writes.agreement_restore(scope=editor, agreement=agreement)
    writes.agreement_restore(scope=owner, agreement=agreement)


def test_partner_sees_only_agreements_with_its_organisation(editor, member):
    partner = member(Role.PARTNER)
    theirs = factories.agreement(
        editor, parties=[partner.membership.organization, registry.organization(editor)]
    )
    factories.agreement(editor)
    assert [a.pk for a in reads.agreement_list(scope=partner)] == [theirs.pk]
    assert reads.agreement_get(scope=partner, id=theirs.pk) == theirs


def test_other_workspace_is_not_found(editor, other_workspace):
    beta = make_member(other_workspace, Role.EDITOR)
    agreement = factories.agreement(editor)
    obligation = writes.obligation_add(scope=editor, agreement=agreement, data={"text": "T"})
    with pytest.raises(Http404):
        reads.agreement_get(scope=beta, id=agreement.pk)
    with pytest.raises(Http404):
        reads.obligation_get(scope=beta, id=obligation.pk)
    with pytest.raises(Http404):
        writes.agreement_update(scope=beta, agreement=agreement, data={"notes": "x"})
    with pytest.raises(Http404):
        writes.obligation_add(scope=beta, agreement=agreement, data={"text": "x"})
    with pytest.raises(Http404):
        writes.obligation_remove(scope=beta, obligation=obligation)
    with pytest.raises(ValidationError):
        factories.agreement(beta, parties=[registry.organization(editor)])
    opp = factories.opportunity(editor, stage="won", reason="Signed")
    with pytest.raises(Http404):
        writes.agreement_from_opportunity(scope=beta, opportunity=opp)
