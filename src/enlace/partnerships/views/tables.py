"""The partnerships list tables (django-tables2): columns, sort keys and links; 25 rows a page."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from enlace.stakeholders.tables import RegistryTable


def money(amount: Any, currency: str) -> str:
    if amount is None:
        return "—"
    return f"{number_format(amount, 2, force_grouping=True)} {currency}"


class OpportunityTable(RegistryTable):
    caption = _("Opportunities")

    title = tables.Column(verbose_name=_("Title"), order_by=("title_key", "id"))
    counterpart_organization = tables.Column(
        verbose_name=_("Counterpart"), order_by=("counterpart_organization__name_key", "id")
    )
    kind = tables.Column(verbose_name=_("Kind"))
    stage = tables.Column(verbose_name=_("Stage"))
    amount = tables.Column(verbose_name=_("Amount"), attrs={"td": {"class": "number"}})
    probability = tables.Column(verbose_name=_("Probability"))
    owner = tables.Column(
        verbose_name=pgettext_lazy("opportunity", "Owner"), order_by=("owner__full_name", "id")
    )

    class Meta:
        order_by_field = "sort"
        attrs: Any = {"class": "data"}

    def render_title(self, record: Any, value: Any) -> SafeString:
        return self.link("partnerships_opportunity_detail", record, value)

    def render_counterpart_organization(self, record: Any) -> SafeString:
        return self.link("organization_detail", record.counterpart_organization)

    def render_stage(self, record: Any) -> SafeString:
        return format_html(
            '<span class="stage stage-{}">{}</span>', record.stage, record.get_stage_display()
        )

    def render_amount(self, record: Any) -> str:
        return money(record.amount, record.currency)

    def render_probability(self, value: Any) -> str:
        return f"{value}%"


class AgreementTable(RegistryTable):
    caption = _("Agreements")

    title = tables.Column(verbose_name=_("Title"), order_by=("title_key", "id"))
    kind = tables.Column(verbose_name=_("Kind"))
    status = tables.Column(verbose_name=_("Status"))
    start_date = tables.Column(verbose_name=_("Start"))
    end_date = tables.Column(verbose_name=_("End"))
    value = tables.Column(verbose_name=_("Value"), attrs={"td": {"class": "number"}})

    class Meta:
        order_by_field = "sort"
        attrs: Any = {"class": "data"}

    def render_title(self, record: Any, value: Any) -> SafeString:
        return self.link("partnerships_agreement_detail", record, value)

    def render_value(self, record: Any) -> str:
        return money(record.value, record.currency)
