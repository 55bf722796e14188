"""Public addresses of the learning app, outside any workspace and without an account: a
participant's personal link and the verification of a certificate (included at the root)."""

from __future__ import annotations

from django.urls import URLPattern, path

from enlace.learning import public

app_name = "learning_public"

urlpatterns: list[URLPattern] = [
    # Before the token pattern: a token is 43 characters, never "thanks".
    path("respond/thanks/", public.respond_thanks, name="respond_thanks"),
    path("respond/<str:token>/", public.respond, name="respond"),
    path("verify/", public.verify, name="verify"),
    path("verify/<str:code>/", public.verify_code, name="verify_code"),
]
