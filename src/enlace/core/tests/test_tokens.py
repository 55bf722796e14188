"""API tokens: shown once, stored as a hash, tied to a user and a workspace."""

from __future__ import annotations

import pytest

from enlace.core.models import ApiToken
from enlace.core.services import token_authenticate, token_hash, token_issue

pytestmark = pytest.mark.django_db


def test_token_is_stored_only_as_hash(editor):
    token, key = token_issue(workspace=editor.workspace, user=editor.user)
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in {stored.key_hash, stored.prefix, stored.name}
    assert stored.key_hash == token_hash(key)
    assert token_authenticate(key) == stored
    assert token_authenticate(key + "x") is None
