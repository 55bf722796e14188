"""Account URLs under /accounts/, next to allauth's (which serve sign-in, sign-out and TOTP)."""

from django.urls import path

from enlace.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path(
        "workspaces/<slug:workspace_slug>/security/",
        views.workspace_security,
        name="workspace_security",
    ),
]
