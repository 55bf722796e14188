"""A member's calendar feed: rotate its secret address, or revoke it. Only the hash is kept."""

from __future__ import annotations

import logging
import secrets

from django.db import transaction
from django.utils import timezone

from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import token_hash
from enlace.engagements.models import CalendarFeed

security_log = logging.getLogger("enlace.security")

CALENDAR_FEED_PREFIX = "cal_"  # a public marker, not a secret


@transaction.atomic
def calendar_feed_rotate(*, scope: Scope) -> tuple[CalendarFeed, str]:
    """A new secret address for the member's calendar feed. The previous one, if any, stops
    working at once: its hash is replaced in the same row. The secret is returned once and only
    its hash is kept."""
    scope.require(Action.ISSUE_OWN_TOKEN)
    secret = CALENDAR_FEED_PREFIX + secrets.token_urlsafe(32)
    values = {"key_hash": token_hash(secret), "prefix": secret[:12]}
    feed = CalendarFeed.objects.select_for_update().filter(membership=scope.membership).first()
    if feed is None:
        feed = CalendarFeed.objects.create(membership=scope.membership, **values)
        security_log.info("calendar feed created user=%s", scope.user.pk)
    else:
        feed.key_hash = values["key_hash"]
        feed.prefix = values["prefix"]
        feed.rotated_at = timezone.now()
        feed.save(update_fields=["key_hash", "prefix", "rotated_at"])
        security_log.info("calendar feed rotated user=%s", scope.user.pk)
    return feed, secret


@transaction.atomic
def calendar_feed_revoke(*, scope: Scope) -> bool:
    """Remove the member's calendar feed; its address answers 404 from now on. True when there
    was one."""
    scope.require(Action.ISSUE_OWN_TOKEN)
    deleted, _counts = CalendarFeed.objects.filter(membership=scope.membership).delete()
    if deleted:
        security_log.info("calendar feed revoked user=%s", scope.user.pk)
    return bool(deleted)
