"""Certificates of a training: issue them to completers (one or all), download the PDF, revoke
one with a reason after a confirmation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.learning.forms import RevokeForm
from enlace.learning.models import EnrollmentStatus, Training
from enlace.learning.selectors import records
from enlace.learning.selectors import responses as response_selectors
from enlace.learning.services import certificates
from enlace.learning.services.certificates import verification_path
from enlace.learning.views.common import (
    done,
    find,
    refused,
    training_of,
    training_page,
    training_url,
)
from enlace.web.scoping import workspace_view


def _certificates_page(request: HttpRequest, scope: Scope, training: Training) -> HttpResponse:
    issued = response_selectors.certificate_list(scope=scope, training=training)
    valid = {c.enrollment_id for c in issued if c.revoked_at is None}
    completers = [
        e
        for e in records.enrollment_list(scope=scope, training=training)
        if e.status == EnrollmentStatus.COMPLETED
    ]
    waiting = [e for e in completers if e.pk not in valid]
    return training_page(
        request,
        scope,
        training,
        "learning/certificates.html",
        {
            "certificates": [
                {"certificate": c, "verify_path": verification_path(c.code)} for c in issued
            ],
            "waiting": waiting,
            "completers": len(completers),
        },
        tab="certificates",
    )


@workspace_view
def certificate_list(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    return _certificates_page(request, scope, training_of(scope, pk))


@workspace_view
@require_POST
def certificate_issue(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    """Issue to one completer (`enrollment`), or to every completer without one (`all`)."""
    scope.require(Action.CHANGE)
    training = training_of(scope, pk)
    back = training_url(scope, training, "certificates")
    try:
        if request.POST.get("enrollment"):
            enrollment = find(
                records.enrollment_list(scope=scope, training=training),
                request.POST["enrollment"],
            )
            certificate = certificates.certificate_issue(scope=scope, enrollment=enrollment)
            notice = _("Issued certificate %(code)s to %(person)s.") % {
                "code": certificate.code,
                "person": enrollment.person,
            }
        else:
            issued = certificates.certificates_issue_all(scope=scope, training=training)
            notice = (
                ngettext(
                    "Issued %(count)s certificate.", "Issued %(count)s certificates.", len(issued)
                )
                % {"count": len(issued)}
                if issued
                else _("Every completer already holds a valid certificate.")
            )
    except ValidationError as exc:
        return refused(request, back, exc)
    return done(request, back, notice)


def _certificate(scope: Scope, training: Training, item_pk: Any) -> Any:
    return find(response_selectors.certificate_list(scope=scope, training=training), item_pk)


@workspace_view
def certificate_pdf(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    training = training_of(scope, pk)
    certificate = _certificate(scope, training, item_pk)
    body = certificates.certificate_pdf(certificate)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@workspace_view
def certificate_revoke(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    training = training_of(scope, pk)
    certificate = _certificate(scope, training, item_pk)
    back = training_url(scope, training, "certificates")
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificates.certificate_revoke(
                scope=scope, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "reason" in exc.error_dict:
                form.add_error("reason", exc.error_dict["reason"])
            else:
                return refused(request, back, exc)
        else:
            return done(
                request,
                back,
                _("Revoked certificate %(code)s; the verification page now says so.")
                % {"code": certificate.code},
            )
    return training_page(
        request,
        scope,
        training,
        "learning/certificate_revoke.html",
        {"certificate": certificate, "form": form, "back_url": back},
        tab="certificates",
        status=400 if form.is_bound else 200,
    )
