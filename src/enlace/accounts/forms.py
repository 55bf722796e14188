"""The profile form: a user's own name and language."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User


def language_choices() -> list[tuple[str, Any]]:
    # Each language in its own name: someone who cannot read the current one can still find it.
    return [("", _("The language of my browser"))] + [
        (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
    ]


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    language = forms.ChoiceField(label=_("Language"), choices=language_choices, required=False)

    class Meta:
        model = User
        fields: ClassVar = ["full_name", "language"]
        widgets: ClassVar = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}
