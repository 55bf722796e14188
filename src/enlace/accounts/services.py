"""Writes to accounts: a signed-in user edits their own profile, and only their own."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User
from enlace.core.errors import PermissionDenied, ValidationError
from enlace.core.permissions import Action


@transaction.atomic
def profile_update(*, actor: User, user: User, full_name: str, language: str) -> User:
    """Save `user`'s name and language; `actor` must be that same user (any role may)."""
    if actor.pk != user.pk:
        raise PermissionDenied(Action.EDIT_OWN_PROFILE.value)
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Unknown language.")})
    user.full_name = full_name.strip()
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "language"])
    return user
