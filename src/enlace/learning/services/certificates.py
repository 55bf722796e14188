"""Completion certificates: issue (completers only, one valid per enrolment), revoke, and print
as a PDF. What a certificate shows is copied onto it when issued, so that the public
verification page shows exactly what the paper shows."""

from __future__ import annotations

import secrets
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import Http404
from enlace.core.pdf import html_to_pdf
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import lock_for_write, record_save
from enlace.engagements.services.common import _add, _raise
from enlace.learning.models import (
    Certificate,
    Enrollment,
    EnrollmentStatus,
    Training,
    TrainingSession,
)
from enlace.learning.selectors.records import enrollment_queryset
from enlace.learning.services.common import _person_hidden

# Crockford's base32: no I, L, O or U, so that a code read aloud or typed is not misread.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_PREFIX = "ENL"
CODE_GROUPS = 2
CODE_GROUP_LENGTH = 4
VERIFY_PATH = "/verify/{code}/"
REASON_MIN, REASON_MAX = 3, 300
PDF_TEMPLATE = "learning/certificate_pdf.html"


def certificate_code() -> str:
    """A fresh code like ENL-7KQ2-M9XD (40 random bits)."""
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    )
    return "-".join([CODE_PREFIX, *groups])


def _unique_code() -> str:
    while True:
        code = certificate_code()
        if not Certificate.all_objects.filter(code=code).exists():
            return code


def verification_path(code: str) -> str:
    return VERIFY_PATH.format(code=code)


def verification_url(code: str) -> str:
    """The public address of the verification page: absolute when ENLACE_BASE_URL is set."""
    base = str(settings.ENLACE_BASE_URL).rstrip("/")
    return base + verification_path(code)


def _training_hours(training: Training) -> Decimal:
    minutes = (
        TrainingSession.objects.filter(training=training).aggregate(total=Sum("duration_minutes"))[
            "total"
        ]
        or 0
    )
    return (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _check_enrollment(scope: Scope, enrollment: Enrollment) -> None:
    if enrollment.workspace_id != scope.workspace.pk:
        raise Http404
    if _person_hidden(scope, enrollment.person):
        raise Http404


def _issue(scope: Scope, enrollment: Enrollment) -> Certificate:
    locked = lock_for_write(enrollment, expected_version=None)
    errors: dict[str, list[Any]] = {}
    if locked.deleted_at is not None or locked.status != EnrollmentStatus.COMPLETED:
        _add(
            errors,
            "enrollment",
            _("Only participants who completed the training receive a certificate."),
            "not_completed",
        )
    elif Certificate.objects.filter(enrollment=locked, revoked_at__isnull=True).exists():
        _add(
            errors,
            "enrollment",
            _("This participant already holds a valid certificate for this training."),
            "exists",
        )
    _raise(errors)
    training = Training.all_objects.select_related("engagement").get(pk=locked.training_id)
    person = enrollment.person
    engagement = training.engagement
    certificate = Certificate(
        workspace=scope.workspace,
        enrollment=locked,
        code=_unique_code(),
        holder_name=person.full_name,
        name_public=person.may_name_publicly and not person.lived_experience,
        training_title=engagement.title,
        start_date=engagement.start_date,
        end_date=engagement.end_date,
        hours=_training_hours(training),
        issuer_name=scope.workspace.name,
        issued_by=scope.user,
    )
    return record_save(certificate, actor=scope.user)


@transaction.atomic
def certificate_issue(*, scope: Scope, enrollment: Enrollment) -> Certificate:
    """A certificate for a participant who completed the training (ValidationError with the
    code "not_completed" otherwise, or "exists" when they already hold a valid one)."""
    scope.require(Action.CHANGE)
    _check_enrollment(scope, enrollment)
    return _issue(scope, enrollment)


@transaction.atomic
def certificates_issue_all(*, scope: Scope, training: Training) -> list[Certificate]:
    """A certificate for every completer the asker can see who holds no valid one yet."""
    scope.require(Action.CHANGE)
    if training.workspace_id != scope.workspace.pk or training.deleted_at is not None:
        raise Http404
    holders = Certificate.objects.filter(
        enrollment__training=training, revoked_at__isnull=True
    ).values("enrollment_id")
    pending = (
        enrollment_queryset(scope, training=training)
        .filter(status=EnrollmentStatus.COMPLETED)
        .exclude(pk__in=holders)
        .select_related("person")
    )
    return [_issue(scope, enrollment) for enrollment in pending]


@transaction.atomic
def certificate_revoke(*, scope: Scope, certificate: Certificate, reason: str) -> Certificate:
    """Withdraw a certificate, with a reason; the verification page says it is no longer valid
    from then on. A new one may be issued afterwards."""
    scope.require(Action.CHANGE)
    if certificate.workspace_id != scope.workspace.pk:
        raise Http404
    locked = lock_for_write(certificate, expected_version=None)
    text = " ".join(str(reason or "").split())
    errors: dict[str, list[Any]] = {}
    if locked.deleted_at is not None:
        raise Http404
    if locked.revoked_at is not None:
        _add(errors, "__all__", _("This certificate is already revoked."), "revoked")
    elif not REASON_MIN <= len(text) <= REASON_MAX:
        _add(
            errors,
            "reason",
            _("Say why, in %(min)s to %(max)s characters.")
            % {"min": REASON_MIN, "max": REASON_MAX},
            "invalid",
        )
    _raise(errors)
    locked.revoked_at = timezone.now()
    locked.revoked_reason = text
    return record_save(locked, actor=scope.user, update_fields=["revoked_at", "revoked_reason"])


# The PDF


def _qr_svg(url: str) -> SafeString:
    import segno

    # segno writes the SVG itself from the URL's bits: no user text reaches the markup.
    return mark_safe(segno.make(url, error="m").svg_inline(scale=3, border=0))  # noqa: S308 - segno writes the SVG itself


def certificate_pdf(certificate: Certificate, *, language: str | None = None) -> bytes:
    """The certificate as an A4 landscape PDF, with its verification code and address, in
    `language` (default: the active one). System fonts only; nothing is fetched."""

    url = verification_url(certificate.code)
    with translation.override(language or translation.get_language()):
        html = render_to_string(
            PDF_TEMPLATE,
            {
                "certificate": certificate,
                "verification_url": url,
                "verification_path": verification_path(certificate.code),
                # A QR code of a bare path would lead nowhere: only with ENLACE_BASE_URL.
                "qr": _qr_svg(url) if url.startswith(("https://", "http://")) else "",
            },
        )
        return html_to_pdf(html)
