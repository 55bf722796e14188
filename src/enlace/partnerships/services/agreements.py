"""Agreements (made directly or from a won opportunity), their parties and obligations. The
registry's relationships follow each change: see services/relationships.py for the rule."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import Http404, ValidationError
from enlace.core.fields import name_key
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import (
    lock_for_write,
    record_restore,
    record_save,
    record_soft_delete,
)
from enlace.engagements.services.common import (
    _add,
    _apply,
    _check_fields,
    _check_refs,
    _hard_delete,
    _raise,
)
from enlace.partnerships.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    Obligation,
    Opportunity,
    OpportunityKind,
    Stage,
)
from enlace.partnerships.services.common import (
    check_money,
    clean_errors,
    lock_opportunity,
    normal_currency,
)
from enlace.partnerships.services.relationships import backed_pairs, relationships_sync
from enlace.stakeholders.models import (
    Organization,
)

AGREEMENT_FIELDS = frozenset(
    {
        "title",
        "kind",
        "opportunity",
        "parties",
        "signed_on",
        "start_date",
        "end_date",
        "value",
        "currency",
        "status",
        "renewal_reminder_on",
        "notes",
    }
)
OBLIGATION_FIELDS = frozenset(
    {"text", "responsible_organization", "due_date", "done_on", "position"}
)
MAX_PARTIES = 50


def _in_scope(scope: Scope, instance: Any) -> None:
    """A record of another workspace is simply not found."""
    if instance.workspace_id != scope.workspace.pk:
        raise Http404


def _single_line(value: Any) -> str:
    return " ".join(str(value or "").split())


# Validation


def _decimal(value: Any) -> Decimal | None:
    """An exact decimal from a Decimal, a whole number or a decimal string; None if it is not
    one (floats are refused: they are not exact)."""
    if isinstance(value, bool | float):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _money_rules(record: Any, errors: dict[str, list[Any]]) -> None:
    """An ISO 4217 currency (upper-case), a value of zero or more, and no value without one."""
    record.currency = normal_currency(record.currency)
    if record.value is not None:
        value = _decimal(record.value)
        if value is None:
            _add(errors, "value", _("Give the value as a decimal number."), "invalid")
        record.value = value if value is not None else record.value
    check_money(
        record.value if "value" not in errors else None,
        record.currency,
        errors,
        amount_field="value",
    )


def _merge_clean(errors: dict[str, list[Any]], instance: Any) -> None:
    """The model's own field checks, after ours (its table constraints are ours too)."""
    for name, messages in clean_errors(instance).items():
        if name not in errors:
            errors.setdefault(name, []).extend(messages)


def _agreement_rules(agreement: Agreement, data: Mapping[str, Any]) -> dict[str, list[Any]]:
    errors: dict[str, list[Any]] = {}
    agreement.title = _single_line(agreement.title)
    agreement.title_key = name_key(agreement.title)
    if agreement.title and not agreement.title_key:
        _add(errors, "title", _("A title needs at least one letter or digit."))
    _money_rules(agreement, errors)
    start, end = agreement.start_date, agreement.end_date
    if start is not None and end is not None and end < start:
        _add(errors, "end_date", _("An agreement cannot end before it starts."), "before_start")
    _merge_clean(errors, agreement)
    return errors


def _clean_parties(scope: Scope, value: Any) -> list[Organization]:
    """A list of organisations of this workspace, none in the trash, each once."""
    if not isinstance(value, list | tuple):
        raise ValidationError({"parties": _("Give the parties as a list of organisations.")})
    parties: list[Organization] = []
    for org in value:
        if not isinstance(org, Organization) or org.workspace_id != scope.workspace.pk:
            raise ValidationError({"parties": _("Not found.")})
        if org.deleted_at is not None:
            raise ValidationError({"parties": _("That record is in the trash.")})
        if all(org.pk != kept.pk for kept in parties):
            parties.append(org)
    if len(parties) > MAX_PARTIES:
        raise ValidationError({"parties": _("At most %(n)s parties.") % {"n": MAX_PARTIES}})
    return parties


def _check_opportunity(scope: Scope, opportunity: Any) -> None:
    if opportunity is None:
        return
    if opportunity.workspace_id != scope.workspace.pk:
        raise ValidationError({"opportunity": _("Not found.")})
    if opportunity.deleted_at is not None:
        raise ValidationError({"opportunity": _("That record is in the trash.")})


def _set_parties(scope: Scope, agreement: Agreement, parties: Sequence[Organization]) -> None:
    """Replace the party links; a party that is responsible for an obligation stays."""
    current = {link.organization_id: link for link in agreement.party_links.all()}
    wanted = [org.pk for org in parties]
    leaving = set(current) - set(wanted)
    if leaving:
        responsible = (
            Obligation.objects.filter(agreement=agreement, responsible_organization_id__in=leaving)
            .select_related("responsible_organization")
            .first()
        )
        if responsible is not None:
            raise ValidationError(
                {
                    "parties": _(
                        "%(name)s is responsible for an obligation of this agreement; give it "
                        "to another party first."
                    )
                    % {"name": responsible.responsible_organization}
                }
            )
        for pk in leaving:
            _hard_delete(current[pk], scope=scope)
    for org in parties:
        if org.pk not in current:
            link = AgreementParty(workspace=scope.workspace, agreement=agreement, organization=org)
            record_save(link, actor=scope.user)


# Agreements


@transaction.atomic
def agreement_create(*, scope: Scope, data: Mapping[str, Any]) -> Agreement:
    """A new agreement; `parties` is a list of organisations (in the order they are listed)."""
    scope.require(Action.CREATE)
    _check_fields(data, AGREEMENT_FIELDS)
    fields = {k: v for k, v in data.items() if k != "parties"}
    _check_refs(scope, fields)
    _check_opportunity(scope, fields.get("opportunity"))
    parties = _clean_parties(scope, data.get("parties", []))
    agreement = Agreement(workspace=scope.workspace)
    _apply(agreement, fields)
    _raise(_agreement_rules(agreement, fields))
    record_save(agreement, actor=scope.user)
    _set_parties(scope, agreement, parties)
    relationships_sync(scope, agreement, before=set(), kind_before=agreement.kind)
    return agreement


@transaction.atomic
def agreement_update(
    *,
    scope: Scope,
    agreement: Agreement,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Agreement:
    """Change an agreement (`parties`, when given, replaces the list). A party responsible for
    an obligation cannot leave; the relationships follow the new state."""
    scope.require(Action.CHANGE)
    _check_fields(data, AGREEMENT_FIELDS)
    _in_scope(scope, agreement)
    fields = {k: v for k, v in data.items() if k != "parties"}
    _check_refs(scope, fields)
    if "opportunity" in fields:
        _check_opportunity(scope, fields["opportunity"])
    parties = _clean_parties(scope, data["parties"]) if "parties" in data else None
    locked = lock_for_write(agreement, expected_version=expected_version)
    if locked.deleted_at is not None:
        raise ValidationError(_("This agreement is in the trash; restore it first."))
    before, kind_before = backed_pairs(locked), locked.kind
    _apply(locked, fields)
    _raise(_agreement_rules(locked, fields))
    saved = [*fields, "title_key"] if "title" in fields else list(fields)
    if saved or parties is not None:
        record_save(locked, actor=scope.user, update_fields=saved)
    if parties is not None:
        _set_parties(scope, locked, parties)
    relationships_sync(scope, locked, before=before, kind_before=kind_before)
    return locked


@transaction.atomic
def agreement_delete(
    *, scope: Scope, agreement: Agreement, expected_version: int | None = None
) -> Agreement:
    """To the trash; an active agreement in the trash no longer backs its relationships."""
    scope.require(Action.DELETE)
    _in_scope(scope, agreement)
    before, kind = backed_pairs(agreement), agreement.kind
    deleted = record_soft_delete(agreement, scope=scope, expected_version=expected_version)
    relationships_sync(scope, deleted, before=before, kind_before=kind)
    return deleted


@transaction.atomic
def agreement_restore(*, scope: Scope, agreement: Agreement) -> Agreement:
    scope.require(Action.RESTORE)
    _in_scope(scope, agreement)
    restored = record_restore(agreement, scope=scope)
    relationships_sync(scope, restored, before=set(), kind_before=restored.kind)
    return restored


def _kind_for(opportunity: Opportunity) -> str:
    if opportunity.kind == OpportunityKind.MEMORANDUM_OF_UNDERSTANDING:
        return AgreementKind.MEMORANDUM_OF_UNDERSTANDING
    return AgreementKind.GRANT_AGREEMENT


@transaction.atomic
def agreement_from_opportunity(
    *, scope: Scope, opportunity: Opportunity, data: Mapping[str, Any] | None = None
) -> Agreement:
    """An agreement from a won opportunity: its title, counterpart (and funder) as parties, its
    amount and currency as value, kind MoU for a MoU opportunity else grant agreement; `data`
    overrides any of these."""
    scope.require(Action.CREATE)
    _in_scope(scope, opportunity)
    if opportunity.deleted_at is not None:
        raise ValidationError({"opportunity": _("That record is in the trash.")})
    if opportunity.stage != Stage.WON:
        raise ValidationError(
            {
                "opportunity": ValidationError(
                    _("Only a won opportunity leads to an agreement (this one is %(stage)s).")
                    % {"stage": opportunity.get_stage_display()},
                    code="not_won",
                )
            }
        )
    lock_opportunity(opportunity)
    existing = Agreement.objects.filter(opportunity=opportunity).first()
    if existing is not None:
        raise ValidationError(
            {
                "opportunity": ValidationError(
                    _("This opportunity already has its agreement: %(agreement)s.")
                    % {"agreement": existing.title},
                    code="exists",
                )
            }
        )
    parties = [opportunity.counterpart_organization]
    funder = opportunity.funder_organization
    if funder is not None and funder.pk != opportunity.counterpart_organization_id:
        parties.append(funder)
    fields: dict[str, Any] = {
        "title": opportunity.title,
        "kind": _kind_for(opportunity),
        "opportunity": opportunity,
        "parties": parties,
        "value": opportunity.amount,
        "currency": opportunity.currency,
    }
    fields.update(data or {})
    return agreement_create(scope=scope, data=fields)


# Obligations


def _obligation_rules(
    obligation: Obligation, data: Mapping[str, Any], party_ids: Iterable[Any]
) -> dict[str, list[Any]]:
    errors: dict[str, list[Any]] = {}
    obligation.text = _single_line(obligation.text)
    if not obligation.text:
        _add(errors, "text", _("Say what is to be done."), "required")
    responsible = obligation.responsible_organization_id
    given = "responsible_organization" in data and responsible is not None
    if given and responsible not in set(party_ids):
        _add(
            errors,
            "responsible_organization",
            _("Choose one of the agreement's parties."),
            "not_a_party",
        )
    position = data.get("position")
    if "position" in data and (not isinstance(position, int) or isinstance(position, bool)):
        _add(errors, "position", _("A whole number."), "invalid")
    _merge_clean(errors, obligation)
    return errors


def _lock_live_agreement(agreement: Agreement) -> Agreement:
    locked = lock_for_write(agreement, expected_version=None)
    if locked.deleted_at is not None:
        raise ValidationError({"agreement": _("That record is in the trash.")})
    return locked


@transaction.atomic
def obligation_add(*, scope: Scope, agreement: Agreement, data: Mapping[str, Any]) -> Obligation:
    """An obligation at the end of the agreement's list (or at `position`)."""
    scope.require(Action.CREATE)
    _check_fields(data, OBLIGATION_FIELDS)
    _in_scope(scope, agreement)
    _check_refs(scope, data)
    locked = _lock_live_agreement(agreement)
    obligation = Obligation(workspace=scope.workspace, agreement=locked)
    _apply(obligation, data)
    party_ids = locked.party_links.values_list("organization_id", flat=True)
    _raise(_obligation_rules(obligation, data, party_ids))
    if "position" not in data:
        last = Obligation.objects.filter(agreement=locked).order_by("-position").first()
        obligation.position = 1 if last is None else last.position + 1
    return record_save(obligation, actor=scope.user)


@transaction.atomic
def obligation_update(
    *,
    scope: Scope,
    obligation: Obligation,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Obligation:
    scope.require(Action.CHANGE)
    _check_fields(data, OBLIGATION_FIELDS)
    _in_scope(scope, obligation)
    _check_refs(scope, data)
    agreement = _lock_live_agreement(obligation.agreement)
    locked = lock_for_write(obligation, expected_version=expected_version)
    _apply(locked, data)
    party_ids = agreement.party_links.values_list("organization_id", flat=True)
    _raise(_obligation_rules(locked, data, party_ids))
    return record_save(locked, actor=scope.user, update_fields=list(data))


@transaction.atomic
def obligation_remove(*, scope: Scope, obligation: Obligation) -> None:
    """Remove an obligation; its history keeps the last state and who removed it."""
    scope.require(Action.DELETE)
    _in_scope(scope, obligation)
    _lock_live_agreement(obligation.agreement)
    _hard_delete(obligation, scope=scope)
