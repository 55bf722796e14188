"""The fictional demo workspace, modelled on public reports of anti-slavery work.

Every name is invented. Loading is idempotent: rows are found by natural keys before creation.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from enlace.core.models import Membership, Workspace
from enlace.core.permissions import Role

DEMO_SLUG = "demo"
DEMO_EMAIL = "demo@enlace.example"
DEMO_PASSWORD = "enlace-demo"  # noqa: S105 - the published demo login


@transaction.atomic
def load_demo() -> Workspace:
    User = get_user_model()
    user = User.objects.filter(email=DEMO_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            email=DEMO_EMAIL, password=DEMO_PASSWORD, full_name="Demo Manager"
        )
    workspace, _ = Workspace.objects.get_or_create(
        slug=DEMO_SLUG,
        defaults={
            "name": "Libertad Latinoamérica & África (demo)",
            "is_demo": True,
            "require_mfa_for_admins": False,
        },
    )
    Membership.objects.get_or_create(workspace=workspace, user=user, defaults={"role": Role.OWNER})
    return workspace
