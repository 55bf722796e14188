"""The learning app's public pages, reached without an account: a participant's personal link
(/respond/<token>/, answered on a phone) and the verification of a certificate (/verify/).

The link's secret is in the path, so these pages are never cached, send no referrer, and keep
the path out of Django's request log; a refused link says why without naming anyone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from enlace.core.errors import ValidationError
from enlace.learning.models import LIKERT_MAX, LIKERT_MIN, Item, ItemKind, Phase
from enlace.learning.selectors.records import live_items
from enlace.learning.selectors.responses import (
    certificate_by_code,
    certificate_holder,
    enrollment_first_name,
    normalize_code,
)
from enlace.learning.services.responses import (
    MAX_TEXT,
    LinkRefused,
    link_for_token,
    link_submit,
)

# 404 for a link that never existed; 410 Gone for one that did and no longer works.
REFUSAL_STATUS = {"unknown": 404}
GONE = 410
TRUE_FALSE_LABELS = {"true": _("True"), "false": _("False")}
LIKERT_ENDS = {LIKERT_MIN: _("strongly disagree"), LIKERT_MAX: _("strongly agree")}

View = Callable[..., HttpResponse]


def _language_switch(request: HttpRequest) -> HttpResponse | None:
    """GET ?language=es: remember the choice in the language cookie, as Django's set_language
    does, and show the same page again without the parameter."""
    code = request.GET.get("language", "")
    if request.method != "GET" or code not in dict(settings.LANGUAGES):
        return None
    response = HttpResponseRedirect(request.path)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def public_page(view: View) -> View:
    """No cache, no referrer to other sites, no indexing; no line in Django's request log,
    whose message would carry the path (a participant's secret link); and the language links
    of the frame."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = _language_switch(request) or view(request, *args, **kwargs)
        add_never_cache_headers(response)
        # Same origin only: the secret in the address never reaches another site, and the
        # page's own post keeps its Origin, which Django's CSRF check compares.
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response

    return wrapper


# The personal link


def _refused(request: HttpRequest, refusal: LinkRefused) -> HttpResponse:
    status = REFUSAL_STATUS.get(refusal.code, GONE)
    return render(
        request,
        "learning/public/refused.html",
        {"message": refusal.message, "code": refusal.code},
        status=status,
    )


def _field(item: Item) -> str:
    return f"item-{item.pk}"


def _whole(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() and len(value) < 4 else None


def _read_answers(
    items: Sequence[Item], post: Any
) -> tuple[list[dict[str, Any]], dict[Any, list[Any]]]:
    """The form's answers as the service takes them, and what is missing: every closed question
    must be answered (an open one may be left blank). Anything tampered with is passed on as it
    came, for the service to refuse."""
    answers: list[dict[str, Any]] = []
    errors: dict[Any, list[Any]] = {}
    for item in items:
        name = _field(item)
        if item.kind == ItemKind.OPEN_TEXT:
            text = post.get(name, "")
            if text.strip():
                answers.append({"item_id": str(item.pk), "text": text})
            continue
        if item.kind == ItemKind.MULTIPLE_CHOICE:
            raw = post.getlist(name)
            if not raw:
                errors[item.pk] = [_("Choose at least one answer.")]
                continue
            chosen = [_whole(v) for v in raw]
            answers.append(
                {"item_id": str(item.pk), "choices": [-1 if c is None else c for c in chosen]}
            )
            continue
        raw_value = post.get(name, "")
        if not raw_value:
            errors[item.pk] = [_("Please answer this question.")]
            continue
        number = _whole(raw_value)
        key = "value" if item.kind == ItemKind.LIKERT else "choice"
        answers.append({"item_id": str(item.pk), key: -1 if number is None else number})
    return answers, errors


def _service_errors(exc: ValidationError) -> tuple[dict[Any, list[Any]], list[Any]]:
    """The service's messages, by item where it named one, and the rest."""
    by_item: dict[Any, list[Any]] = {}
    general: list[Any] = []
    grouped = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
    for field, problems in grouped.items():
        for problem in problems:
            item_id = (problem.params or {}).get("item_id") if field == "answers" else None
            for message in problem.messages:
                if item_id:
                    by_item.setdefault(item_id, []).append(message)
                else:
                    general.append(message)
    return by_item, general


def _question(
    item: Item, number: int, post: Any, errors: Mapping[Any, list[Any]]
) -> dict[str, Any]:
    """What the template needs to draw one question and what the participant already chose."""
    name = _field(item)
    chosen = set(post.getlist(name)) if post is not None else set()
    options: list[dict[str, Any]] = []
    if item.kind == ItemKind.LIKERT:
        options = [
            {"value": value, "label": str(value), "end": LIKERT_ENDS.get(value, "")}
            for value in range(LIKERT_MIN, LIKERT_MAX + 1)
        ]
    elif item.kind != ItemKind.OPEN_TEXT:
        for index, choice in enumerate(item.choices or []):
            label = (
                TRUE_FALSE_LABELS.get(choice, choice)
                if item.kind == ItemKind.TRUE_FALSE
                else choice
            )
            options.append({"value": index, "label": label, "end": ""})
    for option in options:
        option["checked"] = str(option["value"]) in chosen
        option["id"] = f"{name}-{option['value']}"
    return {
        "item": item,
        "number": number,
        "name": name,
        "anchor": f"question-{number}",
        "multiple": item.kind == ItemKind.MULTIPLE_CHOICE,
        "likert": item.kind == ItemKind.LIKERT,
        "open": item.kind == ItemKind.OPEN_TEXT,
        "options": options,
        "text": post.get(name, "") if post is not None else "",
        "errors": errors.get(item.pk, []) or errors.get(str(item.pk), []),
    }


@public_page
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """GET /respond/<token>/ shows the questions of the link's phase; POST records the answers
    once and sends the participant to the thank-you page."""
    try:
        link = link_for_token(token)
    except LinkRefused as refusal:
        return _refused(request, refusal)
    items = list(live_items(link.instrument.assessment))  # type: ignore[attr-defined]
    errors: dict[Any, list[Any]] = {}
    general: list[Any] = []
    post = None
    if request.method == "POST":
        post = request.POST
        answers, errors = _read_answers(items, post)
        if not errors:
            try:
                link_submit(token=token, answers=answers)
            except LinkRefused as refusal:
                return _refused(request, refusal)
            except ValidationError as exc:
                errors, general = _service_errors(exc)
            else:
                # 303: the thank-you page is fetched with GET; reloading it sends nothing again.
                return HttpResponseRedirect(reverse("learning_public:respond_thanks"), status=303)
    questions = [
        _question(item, number, post, errors) for number, item in enumerate(items, start=1)
    ]
    summary = [
        {"anchor": q["anchor"], "number": q["number"], "message": message}
        for q in questions
        for message in q["errors"]
    ]
    enrollment = link.enrollment
    return render(
        request,
        "learning/public/respond.html",
        {
            "training_title": enrollment.training.engagement.title,
            "phase": Phase(link.phase).label,
            "first_name": enrollment_first_name(enrollment),
            "questions": questions,
            "summary": summary,
            "general_errors": general,
            "max_text": MAX_TEXT,
        },
        status=400 if summary or general else 200,
    )


@public_page
@require_safe
def respond_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "learning/public/thanks.html", {})


# Verification of a certificate


def _verify_form(
    request: HttpRequest, *, code: str = "", error: Any = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "learning/public/verify.html",
        {"code": code, "error": error},
        status=status,
    )


@public_page
@require_safe
def verify(request: HttpRequest) -> HttpResponse:
    """GET /verify/ asks for a code; GET /verify/?code=... goes to that code's page."""
    code = request.GET.get("code", "").strip()
    if not code:
        return _verify_form(request)
    canonical = normalize_code(code)
    if canonical is None:
        return _verify_form(
            request,
            code=code[:40],
            error=_("A verification code looks like ENL-7KQ2-M9XD. Check what you typed."),
        )
    return redirect(reverse("learning_public:verify_code", args=[canonical]))


@public_page
@require_safe
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    """GET /verify/<code>/: what the certificate shows (the holder's initials unless they agreed
    to be named), or that it was revoked, or that no certificate has this code (404)."""
    certificate = certificate_by_code(code)
    if certificate is None:
        return _verify_form(
            request,
            code=code[:40],
            error=_("No certificate has this code."),
            status=404,
        )
    if certificate.code != code:
        return redirect(reverse("learning_public:verify_code", args=[certificate.code]))
    return render(
        request,
        "learning/public/certificate.html",
        {"certificate": certificate, "holder": certificate_holder(certificate)},
    )
