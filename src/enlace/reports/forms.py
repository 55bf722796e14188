"""The report page's choices: audience and language (and, for a download, the format)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from enlace.reports.models import MAX_REPORT_CHARS

AUDIENCE_CHOICES = [
    ("internal", _("Internal: with notes and links to the records")),
    ("public", _("Public: no notes or links, small counts hidden")),
]
LANGUAGE_CHOICES = [("en", _("English")), ("es", _("Spanish"))]
FORMAT_CHOICES = [("md", "Markdown"), ("html", "HTML"), ("pdf", "PDF"), ("docx", "Word (.docx)")]


class ReportOptionsForm(forms.Form):
    audience = forms.ChoiceField(
        label=pgettext_lazy("report", "Audience"), choices=AUDIENCE_CHOICES
    )
    lang = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)

    def __init__(self, data: Any, *, language: str) -> None:
        """Bound to the query string; what it leaves out takes the defaults (internal, and
        the page's language)."""
        values = {"audience": "internal", "lang": language}
        values.update({k: v for k, v in data.items() if k in self.base_fields})
        super().__init__(values)


class ReportDownloadForm(ReportOptionsForm):
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES)

    def __init__(self, data: Any, *, language: str) -> None:
        super().__init__({"format": "pdf", **{k: data[k] for k in data}}, language=language)


class ReportCreateForm(forms.Form):
    """What "Generate a draft" posts: the audience and language of the preview on screen."""

    audience = forms.ChoiceField(
        label=pgettext_lazy("report", "Audience"), choices=AUDIENCE_CHOICES
    )
    lang = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)


class ReportEditForm(forms.Form):
    """The editor: the whole text, an optional note, and the report's version the text was
    read at (so a colleague's save in between is noticed, not overwritten)."""

    markdown = forms.CharField(
        label=_("Report text (Markdown)"),
        max_length=MAX_REPORT_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true", "class": "report-editor"}),
    )
    note = forms.CharField(
        label=_("Note on this version (optional)"),
        max_length=300,
        required=False,
        help_text=_("What you changed, for the versions list."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class PeriodReportForm(forms.Form):
    """A period report to draft: the range, the countries (among those the workspace worked in;
    none ticked means all), the audience and the language. The service validates again."""

    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("To (inclusive)"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for every country."),
    )
    audience = forms.ChoiceField(
        label=pgettext_lazy("report", "Audience"), choices=AUDIENCE_CHOICES
    )
    lang = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["countries"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 - declared above
        field.choices = countries
