"""Forms of the learning pages: field checks at the edge, reference choices from scoped reads.

Like the registry's forms they never save: the views hand their values to the services, which
lock, version, validate again and record the history. Error keys the services use that differ
from a form's field names are mapped back (`service_names`), so every message lands beside the
field it is about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from django import forms
from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from enlace.core.scoping import Scope
from enlace.learning.models import (
    LIKERT_MAX,
    LIKERT_MIN,
    MAX_CHOICES,
    MAX_ITEM_POINTS,
    MAX_YEARS_IN_FIELD,
    Assessment,
    Curriculum,
    Enrollment,
    EnrollmentStatus,
    ExperienceLevel,
    Item,
    ItemKind,
    Module,
    Phase,
    Training,
    TrainingSession,
)
from enlace.learning.selectors import records
from enlace.learning.services.responses import DEFAULT_DAYS_VALID, MAX_DAYS_VALID
from enlace.stakeholders import selectors as registry
from enlace.stakeholders.forms import Fieldsets, RegistryForm, limit_to
from enlace.stakeholders.models import Discipline, Sex

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_MIN_CHOICES = 2
MAX_MODULE_MINUTES = 100 * 60
_TYPED_STATUSES = [
    (value, label)
    for value, label in EnrollmentStatus.choices
    if value != EnrollmentStatus.COMPLETED
]


def language_choices() -> list[tuple[str, str]]:
    """Every language Django knows by name (a curriculum may be in Swahili or French)."""
    return sorted(
        # Django's own catalogue names the languages in the reader's language.
        ((code, gettext(name)) for code, name in global_settings.LANGUAGES if len(code) <= 8),
        key=lambda pair: pair[1],
    )


def workspace_modules(scope: Scope, curriculum: Curriculum | None = None) -> QuerySet[Module]:
    """Live modules of live curricula of the workspace (of one curriculum when given)."""
    curricula = records.curriculum_queryset(scope)
    qs = scope.filter(Module.objects.all()).filter(curriculum__in=curricula)
    if curriculum is not None:
        qs = qs.filter(curriculum=curriculum)
    return qs.select_related("curriculum").order_by("curriculum__title_key", "position", "id")


class ModuleChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.curriculum.title} · {obj.title}"


class ModuleMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.curriculum.title} · {obj.title} ({obj.duration_minutes} min)"


class _ServiceErrors:
    """Put a service's ValidationError next to the fields it names."""

    fields: dict[str, forms.Field]
    # service error key -> form field name
    service_names: ClassVar[Mapping[str, str]] = {}

    def add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)  # type: ignore[attr-defined]
            return
        for name, messages in exc.message_dict.items():
            target = self.service_names.get(name, name)
            self.add_error(target if target in self.fields else None, messages)  # type: ignore[attr-defined]


class _RecordForm(_ServiceErrors, RegistryForm):
    """A learning record's form: the registry form's version and fieldsets, and the services
    (not the model form) validate the row as a whole."""

    def _post_clean(self) -> None:
        # The services run full_clean with the rules the model cannot state (and set the
        # derived fields such as title_key); running it here first would report errors twice.
        pass


class _SmallForm(_ServiceErrors, forms.Form):
    """A form on a training page: prefixed, so several can share one page."""

    prefix_name: ClassVar[str] = ""

    def __init__(self, data: Any = None, *, scope: Scope, **kw: Any) -> None:
        super().__init__(data, prefix=self.prefix_name or None, **kw)
        self.scope = scope
        self.limit_choices(scope)

    def limit_choices(self, scope: Scope) -> None:
        """Point reference fields at scoped reads."""

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


# Curricula and modules


class CurriculumForm(_RecordForm):
    fieldsets: ClassVar[Fieldsets] = [(None, ("title", "edition", "language", "description"))]

    language = forms.ChoiceField(label=_("language"), choices=language_choices, initial="es")

    class Meta:
        model = Curriculum
        fields = ("title", "edition", "language", "description")
        help_texts: ClassVar = {
            "edition": _("The curriculum's own edition, for example 1.0 or 2026."),
            "description": _(
                "Markdown: **bold**, *italic*, lists and links. HTML is shown as text."
            ),
        }


class ModuleForm(_RecordForm):
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=MAX_MODULE_MINUTES, initial=60
    )

    class Meta:
        model = Module
        fields = ("title", "objectives", "duration_minutes")
        widgets: ClassVar = {"objectives": forms.Textarea(attrs={"rows": 4})}


class AssessmentForm(_RecordForm):
    fieldsets: ClassVar[Fieldsets] = [(None, ("title", "language", "curriculum", "description"))]

    language = forms.ChoiceField(label=_("language"), choices=language_choices, initial="es")

    class Meta:
        model = Assessment
        fields = ("title", "language", "curriculum", "description")
        help_texts: ClassVar = {
            "curriculum": _("Optional: the curriculum whose modules its questions test."),
        }

    def limit_choices(self, scope: Scope) -> None:
        limit_to(self, "curriculum", records.curriculum_list(scope=scope))


# Items


def _positions(text: str, count: int) -> list[int]:
    """'1, 3' -> [0, 2]: people count choices from one; the answer key counts from zero."""
    numbers: list[int] = []
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= count:
            raise ValidationError(
                _("Give the number of a choice above, from 1 to %(count)s.") % {"count": count},
                code="answer_range",
            )
        numbers.append(int(part) - 1)
    if len(set(numbers)) != len(numbers):
        raise ValidationError(_("A choice is named twice."), code="answer_twice")
    return sorted(numbers)


class ItemForm(_ServiceErrors, forms.Form):
    """One question of one kind; the fields shown depend on the kind (fixed for an item)."""

    service_names: ClassVar[Mapping[str, str]] = {"answer": "correct"}

    def __init__(
        self,
        data: Any = None,
        *,
        scope: Scope,
        kind: str,
        assessment: Assessment,
        item: Item | None = None,
    ) -> None:
        super().__init__(data)
        self.scope = scope
        self.kind = kind
        self.item = item
        self.fields["prompt"] = forms.CharField(
            label=_("Question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
        )
        if kind in (ItemKind.SINGLE_CHOICE, ItemKind.MULTIPLE_CHOICE):
            self.fields["choices"] = forms.CharField(
                label=_("Choices"),
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=_("One choice per line, from 2 to %(max)s choices.")
                % {"max": MAX_CHOICES},
            )
            self.fields["correct"] = forms.CharField(
                label=_("Right answer") if kind == ItemKind.SINGLE_CHOICE else _("Right answers"),
                max_length=60,
                help_text=(
                    _("The number of the right choice, counting from 1 (for example 2).")
                    if kind == ItemKind.SINGLE_CHOICE
                    else _(
                        "The numbers of every right choice, counting from 1 and separated by "
                        "commas (for example 1, 3). Scored all or nothing."
                    )
                ),
            )
        elif kind == ItemKind.TRUE_FALSE:
            self.fields["correct"] = forms.TypedChoiceField(
                label=_("Right answer"),
                choices=[("0", _("True")), ("1", _("False"))],
                coerce=int,
                widget=forms.RadioSelect,
            )
        if kind in (ItemKind.SINGLE_CHOICE, ItemKind.MULTIPLE_CHOICE, ItemKind.TRUE_FALSE):
            self.fields["points"] = forms.IntegerField(
                label=_("Points"), min_value=1, max_value=MAX_ITEM_POINTS, initial=1
            )
        curriculum = assessment.curriculum if assessment.curriculum_id else None
        self.fields["module"] = ModuleChoiceField(
            label=_("Module tested"),
            queryset=workspace_modules(scope, curriculum),
            required=False,
            help_text=_("The module whose learning this question checks."),
        )
        if item is not None and not data:
            self.initial.update(self._initial_from(item))

    def _initial_from(self, item: Item) -> dict[str, Any]:
        initial: dict[str, Any] = {"prompt": item.prompt, "module": item.module_id}
        if "points" in self.fields:
            initial["points"] = item.points
        if self.kind in (ItemKind.SINGLE_CHOICE, ItemKind.MULTIPLE_CHOICE):
            initial["choices"] = "\n".join(str(c) for c in item.choices or [])
            answer = item.answer if isinstance(item.answer, list) else [item.answer]
            initial["correct"] = ", ".join(str(int(a) + 1) for a in answer if a is not None)
        elif self.kind == ItemKind.TRUE_FALSE:
            initial["correct"] = str(item.answer if item.answer is not None else "")
        return initial

    def clean_choices(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["choices"].splitlines()]
        choices = [line for line in lines if line]
        if not _MIN_CHOICES <= len(choices) <= MAX_CHOICES:
            raise ValidationError(
                _("Give from %(min)s to %(max)s choices, one per line.")
                % {"min": _MIN_CHOICES, "max": MAX_CHOICES},
                code="choices_count",
            )
        return choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.kind not in (ItemKind.SINGLE_CHOICE, ItemKind.MULTIPLE_CHOICE):
            return data
        choices, correct = data.get("choices"), data.get("correct")
        if choices is None or correct is None:
            return data
        try:
            positions = _positions(correct, len(choices))
        except ValidationError as exc:
            self.add_error("correct", exc)
            return data
        if not positions:
            self.add_error("correct", _("Name the right choice."))
        elif self.kind == ItemKind.SINGLE_CHOICE and len(positions) != 1:
            self.add_error("correct", _("A single-choice question has exactly one right choice."))
        else:
            data["answer"] = positions[0] if self.kind == ItemKind.SINGLE_CHOICE else positions
        return data

    def values(self) -> dict[str, Any]:
        """What item_add / item_update take."""
        data = self.cleaned_data
        values: dict[str, Any] = {
            "kind": self.kind,
            "prompt": data["prompt"],
            "module": data.get("module"),
        }
        if self.kind in (ItemKind.SINGLE_CHOICE, ItemKind.MULTIPLE_CHOICE):
            values.update(choices=data["choices"], answer=data["answer"], points=data["points"])
        elif self.kind == ItemKind.TRUE_FALSE:
            values.update(choices=["true", "false"], answer=data["correct"], points=data["points"])
        else:
            values.update(choices=[], answer=None, points=0)
        return values

    def changes(self) -> dict[str, Any]:
        """For an edit: only what differs from the item (the kind never changes)."""
        values = self.values()
        values.pop("kind")
        if self.item is None:
            return values
        current = {
            "prompt": self.item.prompt,
            "module": self.item.module,
            "choices": self.item.choices or [],
            "answer": self.item.answer,
            "points": self.item.points,
        }
        return {name: value for name, value in values.items() if current.get(name) != value}


# Trainings


class TrainingSettingsForm(_RecordForm):
    min_attendance_percent = forms.IntegerField(
        label=_("Minimum attendance (percent of sessions)"),
        min_value=0,
        max_value=100,
        help_text=_(
            "A participant completes the training when they attended (present or late) at "
            "least this share of its sessions."
        ),
    )

    class Meta:
        model = Training
        fields = ("curriculum", "min_attendance_percent", "require_post_test")
        help_texts: ClassVar = {
            "curriculum": _("The sessions can be generated from its modules."),
            "require_post_test": _(
                "When the training has a post-test, completing also needs the post-test taken."
            ),
        }

    def limit_choices(self, scope: Scope) -> None:
        limit_to(self, "curriculum", records.curriculum_list(scope=scope))


class SessionForm(_SmallForm):
    prefix_name = "session"

    date = forms.DateField(label=_("Date"), widget=_DATE)
    title = forms.CharField(label=_("Title"), max_length=250, required=False)
    modules = ModuleMultipleChoiceField(
        label=_("Modules"),
        queryset=Module.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    facilitator: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Facilitator"), queryset=None, required=False
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=0,
        max_value=24 * 60,
        required=False,
        help_text=_("Leave empty to use the sum of the modules' durations."),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        scope: Scope,
        training: Training,
        session: TrainingSession | None = None,
        **kw: Any,
    ) -> None:
        self.training = training
        self.session = session
        super().__init__(data, scope=scope, **kw)
        engagement = training.engagement
        for name in ("min", "max"):
            day = engagement.start_date if name == "min" else engagement.end_date
            self.fields["date"].widget.attrs[name] = day.isoformat()
        if session is not None:
            self.initial.update(
                {
                    "date": session.date,
                    "title": session.title,
                    "modules": [m.pk for m in session.modules.all()],
                    "facilitator": session.facilitator_id,
                    "duration_minutes": session.duration_minutes,
                }
            )
        elif data is None:
            self.initial.setdefault("date", engagement.start_date)

    def limit_choices(self, scope: Scope) -> None:
        curriculum = self.training.curriculum if self.training.curriculum_id else None
        limit_to(self, "modules", workspace_modules(scope, curriculum))
        limit_to(self, "facilitator", registry.person_list(scope=scope))

    def values(self) -> dict[str, Any]:
        """Without a duration the service sums the modules' minutes (and without a title it
        joins their titles)."""
        data = dict(self.cleaned_data)
        data["modules"] = list(data["modules"])
        if data["duration_minutes"] is None:
            del data["duration_minutes"]
        return data

    def changes(self) -> dict[str, Any]:
        values = self.values()
        if self.session is None:
            return values
        changed = set(self.changed_data)
        result = {k: v for k, v in values.items() if k in changed}
        if "duration_minutes" in changed and "duration_minutes" not in values:
            result["duration_minutes"] = sum(m.duration_minutes for m in values["modules"])
        return result


class EnrollmentForm(_SmallForm):
    """Add a person from the registry, or edit an enrolment (the person is then fixed).
    "Completed" is never typed: it is shown, for a completer, as the computed state."""

    prefix_name = "enrollment"

    person: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Person"), queryset=None)
    status = forms.ChoiceField(
        label=_("Status"), choices=_TYPED_STATUSES, initial=EnrollmentStatus.ENROLLED
    )
    experience_level = forms.ChoiceField(
        label=_("Experience at intake"),
        choices=ExperienceLevel.choices,
        initial=ExperienceLevel.NONE,
    )
    years_in_field = forms.IntegerField(
        label=_("Years in the field"), min_value=0, max_value=MAX_YEARS_IN_FIELD, required=False
    )
    enrolled_on = forms.DateField(label=_("Enrolled on"), widget=_DATE, initial=timezone.localdate)

    def __init__(
        self, data: Any = None, *, scope: Scope, enrollment: Enrollment | None = None, **kw: Any
    ) -> None:
        self.enrollment = enrollment
        super().__init__(data, scope=scope, **kw)
        if enrollment is None:
            return
        del self.fields["person"]
        if enrollment.status == EnrollmentStatus.COMPLETED:
            self.fields["status"].choices = [  # type: ignore[attr-defined]
                (EnrollmentStatus.COMPLETED, _("Completed (computed)")),
                *_TYPED_STATUSES,
            ]
            self.fields["status"].help_text = _(
                "Completion is computed from attendance and the post-test; choose another "
                "status only to withdraw or re-invite."
            )
        self.initial.update(
            {
                "status": enrollment.status,
                "experience_level": enrollment.experience_level,
                "years_in_field": enrollment.years_in_field,
                "enrolled_on": enrollment.enrolled_on,
            }
        )

    def limit_choices(self, scope: Scope) -> None:
        if "person" in self.fields:
            limit_to(self, "person", registry.person_list(scope=scope))

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

    def changes(self) -> dict[str, Any]:
        """The fields edited; an unchanged "completed" is never sent back."""
        values = self.values()
        return {name: values[name] for name in self.changed_data if name in values}


class InstrumentForm(_SmallForm):
    prefix_name = "instrument"

    assessment: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Assessment"), queryset=None
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        required=False,
        widget=_DATETIME,
        help_text=_("Optional: personal links stop accepting answers after this moment."),
    )

    def __init__(
        self, data: Any = None, *, scope: Scope, free_phases: Sequence[str] = (), **kw: Any
    ) -> None:
        super().__init__(data, scope=scope, **kw)
        if free_phases:
            self.fields["phase"].choices = [  # type: ignore[attr-defined]
                (value, label) for value, label in Phase.choices if value in free_phases
            ]

    def limit_choices(self, scope: Scope) -> None:
        limit_to(self, "assessment", records.assessment_list(scope=scope))


class InstrumentCloseForm(_SmallForm):
    prefix_name = "instrument"

    closes_at = forms.DateTimeField(label=_("Closes at"), required=False, widget=_DATETIME)


class LinkIssueForm(_SmallForm):
    prefix_name = "links"

    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    days_valid = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=MAX_DAYS_VALID,
        initial=DEFAULT_DAYS_VALID,
    )

    def __init__(
        self, data: Any = None, *, scope: Scope, phases: Sequence[str] = (), **kw: Any
    ) -> None:
        super().__init__(data, scope=scope, **kw)
        self.fields["phase"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Phase.choices if value in phases
        ]


# Staff entry of a paper test


def item_field_name(item: Item) -> str:
    return f"item-{item.pk}"


class PaperResponseForm(_ServiceErrors, forms.Form):
    """A participant's answers on paper, one field per live item of the phase's instrument;
    an empty field is an unanswered question."""

    service_names: ClassVar[Mapping[str, str]] = {"answers": "__all__"}

    enrollment: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Participant"), queryset=Enrollment.objects.none()
    )
    submitted_on = forms.DateField(
        label=_("Answered on"),
        widget=_DATE,
        required=False,
        help_text=_("The date on the paper; empty for today."),
    )
    replace = forms.BooleanField(
        label=_("Replace the answers already recorded for this phase"), required=False
    )

    def __init__(
        self,
        data: Any = None,
        *,
        enrollments: QuerySet[Enrollment],
        items: Sequence[Item],
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.items = list(items)
        # Set when the service refuses a second response for the phase: the page then points
        # at the "replace" box.
        self.offer_replace = False
        limit_to(self, "enrollment", enrollments.select_related("person"))
        self.fields["enrollment"].label_from_instance = lambda e: str(e.person)  # type: ignore[attr-defined]
        for number, item in enumerate(self.items, start=1):
            self.fields[item_field_name(item)] = self._item_field(number, item)

    @staticmethod
    def _item_field(number: int, item: Item) -> forms.Field:
        label = f"{number}. {item.prompt}"
        if item.kind in (ItemKind.SINGLE_CHOICE, ItemKind.TRUE_FALSE):
            choices: list[tuple[str, Any]] = (
                [("0", _("True")), ("1", _("False"))]
                if item.kind == ItemKind.TRUE_FALSE
                else [(str(i), str(c)) for i, c in enumerate(item.choices or [])]
            )
            return forms.TypedChoiceField(
                label=label,
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )
        if item.kind == ItemKind.MULTIPLE_CHOICE:
            return forms.TypedMultipleChoiceField(
                label=label,
                choices=[(str(i), str(c)) for i, c in enumerate(item.choices or [])],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        if item.kind == ItemKind.LIKERT:
            return forms.TypedChoiceField(
                label=label,
                choices=[(str(v), str(v)) for v in range(LIKERT_MIN, LIKERT_MAX + 1)],
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                help_text=_("1: not at all confident, 5: fully confident."),
            )
        return forms.CharField(
            label=label,
            max_length=5000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def item_fields(self) -> list[tuple[Item, forms.BoundField]]:
        return [(item, self[item_field_name(item)]) for item in self.items]

    def answers(self) -> list[dict[str, Any]]:
        """The answers as response_record takes them; unanswered questions are left out."""
        keys: dict[str, str] = {
            ItemKind.SINGLE_CHOICE: "choice",
            ItemKind.TRUE_FALSE: "choice",
            ItemKind.MULTIPLE_CHOICE: "choices",
            ItemKind.LIKERT: "value",
        }
        result: list[dict[str, Any]] = []
        for item in self.items:
            value: Any = self.cleaned_data.get(item_field_name(item))
            if value in (None, "", []):
                continue
            key = keys.get(str(item.kind), "text")
            result.append({"item_id": item.pk, key: sorted(value) if key == "choices" else value})
        return result

    def submitted_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("submitted_on")
        if day is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


# Certificates


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        min_length=3,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the certificate. The verification page shows that it is revoked."),
    )


# The dashboard's filters


class DashboardFilterForm(forms.Form):
    discipline = forms.ChoiceField(
        label=_("Discipline"), choices=[("", _("All")), *Discipline.choices], required=False
    )
    experience_level = forms.ChoiceField(
        label=_("Experience at intake"),
        choices=[("", _("All")), *ExperienceLevel.choices],
        required=False,
    )
    organization: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, required=False, empty_label=_("All")
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", _("All")), *Sex.choices], required=False)

    def __init__(self, data: Any = None, *, scope: Scope) -> None:
        super().__init__(data)
        self.scope = scope
        limit_to(self, "organization", registry.organization_list(scope=scope))

    def filters(self) -> dict[str, Any]:
        """learning_summary's keyword arguments; an invalid value is simply not applied."""
        data = self.cleaned_data if self.is_valid() else {}
        organization = data.get("organization")
        return {
            "discipline": data.get("discipline") or "",
            "experience_level": data.get("experience_level") or "",
            "organization_id": organization.pk if organization is not None else None,
            "sex": data.get("sex") or "",
        }

    @property
    def is_filtered(self) -> bool:
        return any(v not in ("", None) for v in self.filters().values())
