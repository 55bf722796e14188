"""Certificates: only for completers, one valid per enrolment, a snapshot of what they show,
revocation, the public lookup by code, and the PDF (its text extracted and checked)."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from enlace.core.errors import Http404, PermissionDenied, ValidationError
from enlace.core.permissions import Role
from enlace.learning.models import Certificate
from enlace.learning.selectors import responses as selectors
from enlace.learning.services import trainings
from enlace.learning.services.certificates import (
    CODE_ALPHABET,
    certificate_code,
    certificate_issue,
    certificate_pdf,
    certificate_revoke,
    certificates_issue_all,
)
from enlace.learning.tests import factories as f
from enlace.stakeholders.tests import factories as registry
from enlace.testing import make_member

CODE = re.compile(r"^ENL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
CONSENT = {"consent_date": dt.date(2025, 1, 10), "consent_method": "written"}


def completer(scope, training, person=None):
    """Enrol and mark present at every session: complete (the training has no post-test)."""
    enrollment = f.enroll(scope, training, person)
    f.mark(scope, training, enrollment, "present")
    enrollment.refresh_from_db()
    assert enrollment.status == "completed"
    return enrollment


@pytest.fixture
def training(editor):
    """Three sessions of 90 minutes over 3 to 5 March 2025: 4.5 hours."""
    return f.make_training(editor, sessions=3, minutes=90)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_codes_are_crockford_base32() -> None:
    codes = {certificate_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(CODE.match(code) for code in codes)
    assert not set(CODE_ALPHABET) & set("ILOU")


def test_issue_copies_what_the_certificate_shows(editor, training) -> None:
    person = registry.person(editor, full_name="Ana María Pérez", may_name_publicly=True, **CONSENT)
    enrollment = completer(editor, training, person)
    certificate = certificate_issue(scope=editor, enrollment=enrollment)
    assert CODE.match(certificate.code)
    assert certificate.holder_name == "Ana María Pérez"
    assert certificate.name_public is True
    assert certificate.training_title == training.engagement.title
    assert certificate.start_date == dt.date(2025, 3, 3)
    assert certificate.end_date == dt.date(2025, 3, 5)
    assert certificate.hours == Decimal("4.5")
    assert certificate.issuer_name == editor.workspace.name
    assert certificate.issued_by == editor.user
    assert certificate.revoked_at is None
    assert certificate.history.first().history_user == editor.user


def test_hours_count_live_sessions_only(editor, training) -> None:
    enrollment = completer(editor, training)
    trainings.session_remove(scope=editor, session=f.sessions_of(training)[0])
    certificate = certificate_issue(scope=editor, enrollment=enrollment)
    assert certificate.hours == Decimal("3.0")


def test_name_public_needs_consent_and_no_lived_experience(owner, training) -> None:
    without = completer(owner, training, registry.person(owner))
    survivor = completer(
        owner,
        training,
        registry.person(owner, may_name_publicly=True, lived_experience=True, **CONSENT),
    )
    assert certificate_issue(scope=owner, enrollment=without).name_public is False
    assert certificate_issue(scope=owner, enrollment=survivor).name_public is False


def test_only_completers_and_one_valid_per_enrollment(editor, training) -> None:
    enrolled = f.enroll(editor, training)
    with pytest.raises(ValidationError) as exc:
        certificate_issue(scope=editor, enrollment=enrolled)
    assert exc.value.error_dict["enrollment"][0].code == "not_completed"
    enrollment = completer(editor, training)
    first = certificate_issue(scope=editor, enrollment=enrollment)
    with pytest.raises(ValidationError) as exc:
        certificate_issue(scope=editor, enrollment=enrollment)
    assert exc.value.error_dict["enrollment"][0].code == "exists"
    assert Certificate.objects.count() == 1
    # Once revoked, a new one may be issued, with a new code.
    certificate_revoke(scope=editor, certificate=first, reason="Issued with a misspelt name")
    second = certificate_issue(scope=editor, enrollment=enrollment)
    assert second.code != first.code
    assert Certificate.objects.filter(revoked_at__isnull=True).get() == second


def test_issue_all_covers_completers_without_a_valid_certificate(editor, owner, training) -> None:
    holder = completer(editor, training)
    certificate_issue(scope=editor, enrollment=holder)
    pending = [completer(editor, training) for _ in range(2)]
    f.enroll(editor, training)  # not complete
    hidden = completer(owner, training, registry.person(owner, lived_experience=True))
    issued = certificates_issue_all(scope=editor, training=training)
    assert {c.enrollment_id for c in issued} == {e.pk for e in pending}
    assert certificates_issue_all(scope=editor, training=training) == []
    # The editor cannot see the person with lived experience; the owner issues theirs.
    assert [c.enrollment_id for c in certificates_issue_all(scope=owner, training=training)] == [
        hidden.pk
    ]


def test_revoke_needs_a_reason_and_shows_on_lookup(editor, training) -> None:
    certificate = certificate_issue(scope=editor, enrollment=completer(editor, training))
    for reason in ["", "  no ", "x" * 301]:
        with pytest.raises(ValidationError) as exc:
            certificate_revoke(scope=editor, certificate=certificate, reason=reason)
        assert "reason" in exc.value.error_dict
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    revoked = certificate_revoke(
        scope=editor, certificate=certificate, reason="  Attendance  was misrecorded "
    )
    assert revoked.revoked_reason == "Attendance was misrecorded"
    assert revoked.revoked_at is not None
    with pytest.raises(ValidationError) as exc:
        certificate_revoke(scope=editor, certificate=certificate, reason="Again, twice")
    assert exc.value.error_dict["__all__"][0].code == "revoked"
    found = selectors.certificate_by_code(certificate.code.lower())
    assert found == certificate
    assert found.revoked_at == revoked.revoked_at


def test_roles_and_workspaces(editor, member, training, other_workspace) -> None:
    enrollment = completer(editor, training)
    for role in (Role.VIEWER, Role.PARTNER):
        with pytest.raises(PermissionDenied):
            certificate_issue(scope=member(role), enrollment=enrollment)
        with pytest.raises(PermissionDenied):
            certificates_issue_all(scope=member(role), training=training)
    outsider = make_member(other_workspace, Role.OWNER)
    with pytest.raises(Http404):
        certificate_issue(scope=outsider, enrollment=enrollment)
    with pytest.raises(Http404):
        certificates_issue_all(scope=outsider, training=training)
    certificate = certificate_issue(scope=editor, enrollment=enrollment)
    with pytest.raises(Http404):
        certificate_revoke(scope=outsider, certificate=certificate, reason="Not ours at all")
    with pytest.raises(PermissionDenied):
        certificate_revoke(scope=member(Role.VIEWER), certificate=certificate, reason="Nope nope")
    with pytest.raises(Http404):
        selectors.certificate_get(scope=outsider, id=certificate.pk)
    assert selectors.certificate_get(scope=member(Role.VIEWER), id=certificate.pk) == certificate


def test_a_hidden_person_is_not_found(editor, owner, training) -> None:
    enrollment = completer(owner, training, registry.person(owner, lived_experience=True))
    with pytest.raises(Http404):
        certificate_issue(scope=editor, enrollment=enrollment)
    certificate = certificate_issue(scope=owner, enrollment=enrollment)
    assert selectors.certificate_list(scope=editor, training=training) == []
    assert selectors.certificate_list(scope=owner, training=training) == [certificate]
    assert selectors.person_certificates(scope=editor, person=enrollment.person) == []
    assert selectors.person_certificates(scope=owner, person=enrollment.person) == [certificate]


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("ENL-7KQ2-M9XD", "ENL-7KQ2-M9XD"),
        ("enl-7kq2-m9xd", "ENL-7KQ2-M9XD"),
        (" enl 7kq2 m9xd ", "ENL-7KQ2-M9XD"),
        ("7KQ2M9XD", "ENL-7KQ2-M9XD"),
        ("ENL\u20137KQ2\u2013M9XD", "ENL-7KQ2-M9XD"),  # en dashes, as word processors write them
        ("ENL-0O1I-L000", "ENL-0011-1000"),  # O, I and L read as 0, 1, 1
        ("ENL-7KQ2-M9X", None),
        ("ENL-7KQ2-M9XU", None),
        ("", None),
        ("<script>", None),
    ],
)
def test_codes_are_normalised(typed: str, canonical: str | None) -> None:
    assert selectors.normalize_code(typed) == canonical


def test_lookup_by_code(editor, training) -> None:
    certificate = certificate_issue(scope=editor, enrollment=completer(editor, training))
    spaced = certificate.code.lower().replace("-", " ")
    assert selectors.certificate_by_code(spaced) == certificate
    assert selectors.certificate_by_code("ENL-0000-0000") is None
    Certificate.objects.filter(pk=certificate.pk).update(deleted_at=certificate.issued_at)
    assert selectors.certificate_by_code(certificate.code) is None


def test_holder_initials_unless_named() -> None:
    named = Certificate(holder_name="Ana María Pérez", name_public=True)
    assert selectors.certificate_holder(named) == "Ana María Pérez"
    named.name_public = False
    assert selectors.certificate_holder(named) == "A. M. P."


# The PDF


def test_pdf_shows_the_certificate_and_its_verification(editor, training, settings) -> None:
    settings.ENLACE_BASE_URL = "https://enlace.example.org/"
    person = registry.person(editor, full_name="Grace Wanjiru Mwangi")
    certificate = certificate_issue(scope=editor, enrollment=completer(editor, training, person))
    data = certificate_pdf(certificate)
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert round(float(box.width) / 72 * 25.4) == 297  # A4: 297 x 210 mm
    text = pdf_text(data)
    flat = " ".join(text.split())
    assert "Grace Wanjiru Mwangi" in flat
    assert training.engagement.title in flat
    assert "4.5 hours" in flat
    assert certificate.code in flat
    assert f"https://enlace.example.org/verify/{certificate.code}/" in flat.replace(" ", "")
    assert editor.workspace.name in flat
    assert "Certificate of completion" in flat


def test_pdf_escapes_hostile_text_and_fetches_nothing(editor, training, settings) -> None:
    settings.ENLACE_BASE_URL = ""
    hostile = '<script>alert(1)</script><img src="http://evil.example/x.png">'
    person = registry.person(editor, full_name=hostile)
    certificate = certificate_issue(scope=editor, enrollment=completer(editor, training, person))
    assert certificate.holder_name == hostile
    flat = " ".join(pdf_text(certificate_pdf(certificate)).split())
    assert "<script>alert(1)</script>" in flat
    assert "evil.example" in flat  # printed as text, never fetched
    assert f"/verify/{certificate.code}/" in flat.replace(" ", "")


def test_pdf_in_spanish_and_revoked(editor, training) -> None:
    certificate = certificate_issue(scope=editor, enrollment=completer(editor, training))
    revoked = certificate_revoke(scope=editor, certificate=certificate, reason="Duplicated record")
    flat = " ".join(pdf_text(certificate_pdf(revoked, language="es")).split())
    assert certificate.code in flat
    assert "4,5" in flat or "4.5" in flat
    assert "Revoked" in flat or "Revocado" in flat or "revocado" in flat
