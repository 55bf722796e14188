"""Secrets that travel in a URL path (a password-reset key, a participant's personal link
/respond/<token>/) never reach a log line: the security log writes paths through
redact_secrets, and LOGGING puts RedactSecretPaths on Django's request and CSRF loggers.

Kept apart from the middleware so that logging can be configured before the apps load."""

from __future__ import annotations

import logging
import re

_SECRET_IN_PATH = re.compile(r"(/key/|/respond/)[^/\s]+")


def redact_secrets(text: str) -> str:
    return _SECRET_IN_PATH.sub(r"\1<redacted>", text)


class RedactSecretPaths(logging.Filter):
    """Blank the secret of such a path wherever a record's message carries one."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_secrets(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
