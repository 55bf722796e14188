"""Reads of responses, personal links and certificates, scoped to the asker's workspace and role
(a participant the role cannot see is left out, as in the enrolment lists), prefetched so that a
list costs the same number of queries whatever its length. The public verification lookup has
no scope: a certificate's code is its address."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from enlace.core.scoping import Scope, get_in_scope
from enlace.learning.models import (
    Answer,
    Certificate,
    Enrollment,
    Response,
    ResponseLink,
    Training,
)
from enlace.learning.selectors.records import enrollment_queryset
from enlace.stakeholders.models import Person

# Crockford's decoding: the letters people mistake for digits are read as those digits.
_CONFUSABLES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_.]+")
CODE_ALPHABET = frozenset("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
CODE_PREFIX = "ENL"
CODE_LENGTH = 8


# Responses


def response_queryset(scope: Scope, *, training: Training | None = None) -> QuerySet[Response]:
    """Live responses of the enrolments the asker can see (and of visible trainings)."""
    visible = enrollment_queryset(scope, training=training).values("pk")
    qs: QuerySet[Response] = scope.filter(Response.objects.all()).filter(enrollment__in=visible)
    return qs


def response_list(*, scope: Scope, training: Training, phase: str | None = None) -> list[Response]:
    qs = response_queryset(scope, training=training).select_related(
        "enrollment__person", "instrument__assessment", "entered_by"
    )
    if phase:
        qs = qs.filter(phase=phase)
    return list(qs.order_by("enrollment__person__name_key", "phase", "submitted_at"))


def response_get(*, scope: Scope, id: Any) -> Response:
    return get_in_scope(
        response_queryset(scope).select_related(
            "enrollment__person", "enrollment__training__engagement", "instrument__assessment"
        ),
        id,
    )


def response_with_answers(*, scope: Scope, id: Any) -> Response:
    """A response with its answers (each with its item, in the instrument's order) prefetched:
    `response.answers.all()`."""
    answers = Answer.objects.select_related("item__module").order_by(
        "item__position", "item__created_at"
    )
    return get_in_scope(
        response_queryset(scope)
        .select_related(
            "enrollment__person", "enrollment__training__engagement", "instrument__assessment"
        )
        .prefetch_related(Prefetch("answers", queryset=answers)),
        id,
    )


# Personal links


def _link_state(link: ResponseLink | None, responded: bool, now: Any) -> str:
    if responded:
        return "responded"
    if link is None:
        return "none"
    if link.used_at is not None:
        return "used"
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at <= now:
        return "expired"
    return "issued"


def link_status(*, scope: Scope, training: Training, phase: str) -> list[dict[str, Any]]:
    """For each enrolment the asker can see: its latest link for `phase` and where it stands —
    state is one of none, issued, used, expired, revoked, responded (answered, by link or on
    paper). Three queries whatever the number of participants."""
    enrollments = list(
        enrollment_queryset(scope, training=training)
        .select_related("person")
        .order_by("person__name_key", "pk")
    )
    ids = [e.pk for e in enrollments]
    latest: dict[Any, ResponseLink] = {}
    for link in ResponseLink.objects.filter(enrollment_id__in=ids, phase=phase).order_by(
        "created_at"
    ):
        latest[link.enrollment_id] = link
    responded = set(
        Response.objects.filter(enrollment_id__in=ids, phase=phase).values_list(
            "enrollment_id", flat=True
        )
    )
    now = timezone.now()
    rows = []
    for enrollment in enrollments:
        current = latest.get(enrollment.pk)
        rows.append(
            {
                "enrollment": enrollment,
                "issued_at": current.created_at if current else None,
                "expires_at": current.expires_at if current else None,
                "used_at": current.used_at if current else None,
                "revoked_at": current.revoked_at if current else None,
                "state": _link_state(current, enrollment.pk in responded, now),
            }
        )
    return rows


# Certificates


def certificate_queryset(scope: Scope) -> QuerySet[Certificate]:
    """Live certificates (valid or revoked) of the enrolments the asker can see."""
    visible = enrollment_queryset(scope).values("pk")
    qs: QuerySet[Certificate] = scope.filter(Certificate.objects.all()).filter(
        enrollment__in=visible
    )
    return qs


def certificate_list(*, scope: Scope, training: Training) -> list[Certificate]:
    return list(
        certificate_queryset(scope)
        .filter(enrollment__training=training)
        .select_related("enrollment__person", "issued_by")
        .order_by("holder_name", "-issued_at")
    )


def certificate_get(*, scope: Scope, id: Any) -> Certificate:
    return get_in_scope(
        certificate_queryset(scope).select_related(
            "enrollment__person", "enrollment__training__engagement"
        ),
        id,
    )


def normalize_code(code: str) -> str | None:
    """A typed code in its canonical form (ENL-7KQ2-M9XD), whatever its case, spaces or dashes,
    and with O, I and L read as 0, 1 and 1; None when it cannot be a code."""
    text = _SEPARATORS.sub("", str(code or "").upper())
    if text.startswith(CODE_PREFIX):
        text = text[len(CODE_PREFIX) :]
    text = text.translate(_CONFUSABLES)
    if len(text) != CODE_LENGTH or not set(text) <= CODE_ALPHABET:
        return None
    return f"{CODE_PREFIX}-{text[:4]}-{text[4:]}"


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate a verifier typed the code of (public: no scope), valid or revoked; None
    for an unknown code or a certificate in the trash."""
    canonical = normalize_code(code)
    if canonical is None:
        return None
    return Certificate.objects.filter(code=canonical).first()


def person_certificates(*, scope: Scope, person: Person) -> list[Certificate]:
    """A person's certificates across trainings, newest first (none for a hidden person)."""
    return list(
        certificate_queryset(scope)
        .filter(enrollment__person=person)
        .select_related("enrollment__training__engagement")
        .order_by("-issued_at")
    )


def enrollment_first_name(enrollment: Enrollment) -> str:
    """What a participant's own pages may call them: their first name when they agreed to be
    named and have no lived experience on record, otherwise nothing."""
    person = enrollment.person
    if not person.may_name_publicly or person.lived_experience:
        return ""
    parts = person.full_name.split()
    return parts[0] if parts else ""


def certificate_holder(certificate: Certificate) -> str:
    """The holder as the public verification page shows them: the name on the certificate when
    they may be named publicly, otherwise their initials ("A. M. P.")."""
    if certificate.name_public:
        return certificate.holder_name
    initials = [
        word[0].upper() + "." for word in certificate.holder_name.split() if word[0].isalpha()
    ]
    return " ".join(initials)
