"""The registry picker: a plain <select> in a small workspace, a search box at national scale.

A <select> that lists every person is fine with fifty people and unusable with 100,000 (a 10 MB
page that takes a minute to build). Above PICKER_THRESHOLD records the widget renders a labelled
search box and a <select> holding only the chosen record (ticked boxes for a several-records
field); htmx fills in a few matches from the scoped pick endpoint (enlace.web.pick). The form still
posts ids and the field's own scoped queryset still validates them: only what is sent to the
browser changes, never what may be chosen.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.renderers import BaseRenderer, get_default_renderer
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from enlace.core.scoping import Scope
from enlace.engagements.models import Engagement
from enlace.stakeholders.models import CoordinationBody, Organization, Person

PICKER_THRESHOLD = 200
# The kinds of record a picker searches, by the name the pick endpoint's URL uses.
PICK_KINDS: dict[str, type[Model]] = {
    "person": Person,
    "organization": Organization,
    "coordination_body": CoordinationBody,
    # Not a registry record, but as numerous: a parent or an opportunity's origin is picked too.
    "engagement": Engagement,
}


def picker_threshold() -> int:
    """Up to this many choices the ordinary <select> is kept (settings.PICKER_THRESHOLD)."""
    return int(getattr(settings, "PICKER_THRESHOLD", PICKER_THRESHOLD))


def pick_kind(model: type[Model]) -> str | None:
    for kind, candidate in PICK_KINDS.items():
        if issubclass(model, candidate):
            return kind
    return None


class _Picker:
    """What both pickers share: the size check, the search box and the chosen records.

    Deciding costs one query of at most threshold + 1 rows, and in a small workspace those rows
    are the options, so the page makes exactly the queries it made with a plain select.
    """

    picker_template_name = ""
    template_name: str
    choices: Any

    def __init__(self, *, search_url: str, label: Any = "", attrs: dict[str, Any] | None = None):
        super().__init__(attrs)  # type: ignore[call-arg]
        self.search_url = search_url
        self.label = label

    def _field(self) -> Any:
        return getattr(self.choices, "field", None)

    def _small_choices(self) -> list[Any] | None:
        """The options when there are few enough records to list them all, else None."""
        iterator: Any = self.choices
        queryset = getattr(iterator, "queryset", None)
        if queryset is None:  # plain choices: nothing to count
            return list(iterator)
        limit = picker_threshold()
        rows = list(queryset[: limit + 1])
        if len(rows) > limit:
            return None
        choices: list[Any] = []
        field = self._field()
        if field is not None and field.empty_label is not None:
            choices.append(("", field.empty_label))
        choices.extend(iterator.choice(obj) for obj in rows)
        return choices

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        small = self._small_choices()
        if small is not None:
            original, self.choices = self.choices, small
            try:
                return super().get_context(name, value, attrs)  # type: ignore[misc,no-any-return]
            finally:
                self.choices = original
        return self._picker_context(name, value, attrs)

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        context = self.get_context(name, value, attrs)
        template = self.picker_template_name if "picker" in context else self.template_name
        return mark_safe(  # noqa: S308 - the template escapes; this only marks its output
            (renderer or get_default_renderer()).render(template, context)
        )

    def _chosen(self, value: Any) -> list[tuple[str, str]]:
        """The chosen records as (id, label), looked up in the field's scoped queryset."""
        if value is None:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        ids = [str(v) for v in values if v not in (None, "")]
        field = self._field()
        if not ids or field is None:
            return []
        try:
            records = list(field.queryset.filter(pk__in=ids))
        except (ValueError, TypeError, ValidationError):
            return []
        return [(str(field.prepare_value(r)), str(field.label_from_instance(r))) for r in records]

    def _picker_context(
        self, name: str, value: Any, attrs: dict[str, Any] | None
    ) -> dict[str, Any]:
        context = forms.Widget.get_context(self, name, value, attrs)  # type: ignore[arg-type]
        widget_attrs = dict(context["widget"]["attrs"])
        # The label points at the search box, which keeps the field's id; the select of
        # matches gets its own id and any htmx behaviour the form gave the field.
        input_id = widget_attrs.pop("id", None) or f"id_{name}"
        select_attrs = {k: v for k, v in widget_attrs.items() if k.startswith("hx-")}
        input_attrs = {k: v for k, v in widget_attrs.items() if not k.startswith("hx-")}
        if input_attrs.pop("required", False):
            select_attrs["required"] = True
        select_id = f"{input_id}_choice"
        status_id = f"{input_id}_status"
        input_attrs["id"] = input_id
        input_attrs["aria-describedby"] = " ".join(
            filter(None, [status_id, input_attrs.get("aria-describedby")])
        )
        select_attrs["id"] = select_id
        empty_label = self._empty_label()
        query: dict[str, str] = {"field": input_id}
        if empty_label is not None:
            query["empty"] = str(empty_label)
        context["picker"] = {
            "input_id": input_id,
            "select_id": select_id,
            "status_id": status_id,
            "input": {"attrs": input_attrs},
            "select": {"attrs": select_attrs},
            "search_url": f"{self.search_url}?{urlencode(query)}",
            "add_url": f"{self.search_url}?{urlencode({'field': input_id, 'name': name})}",
            "label": self.label,
            "empty_label": empty_label,
            "chosen": self._chosen(value),
        }
        return context

    def _empty_label(self) -> Any:
        field = self._field()
        return field.empty_label if field is not None else None


class PickerSelect(_Picker, forms.Select):
    """One record: above the threshold, a search box and a select of its matches (posted)."""

    picker_template_name = "web/components/picker.html"

    def _chosen(self, value: Any) -> list[tuple[str, str]]:
        return super()._chosen(self.format_value(value)[:1])


class PickerSelectMultiple(_Picker, forms.SelectMultiple):
    """Several records: above the threshold, the chosen ones as ticked boxes (posted) and a
    search box whose matches, once one is chosen, join them."""

    picker_template_name = "web/components/picker_multiple.html"

    def _empty_label(self) -> Any:
        return _("Choose one to add")


def use_picker(field: forms.Field, *, scope: Scope) -> None:
    """Give a reference to people, organisations or bodies the picker; other fields keep theirs.

    Call it once the field's scoped queryset is set (limit_to does both): the kind of record
    comes from it, and the widget decides at render time whether a plain select is enough.
    """
    if not isinstance(field, forms.ModelChoiceField):
        return
    queryset = field.queryset
    model = queryset.model if queryset is not None else None
    kind = pick_kind(model) if model is not None else None
    if kind is None:
        return
    old = field.widget
    picker = (
        PickerSelectMultiple if isinstance(field, forms.ModelMultipleChoiceField) else PickerSelect
    )
    widget = picker(
        search_url=reverse(
            "web:pick", kwargs={"workspace_slug": scope.workspace.slug, "kind": kind}
        ),
        label=field.label,
        attrs=dict(old.attrs),
    )
    widget.is_required = old.is_required
    field.widget = widget
    field.queryset = queryset  # the setter hands the new widget its choices
