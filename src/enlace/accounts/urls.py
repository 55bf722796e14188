"""Account URLs, included before allauth's so that ours answer first under /accounts/."""

from django.urls import path

from enlace.accounts import views

app_name = "accounts"

urlpatterns = [
    # Unnamed on purpose: reverse("account_login") keeps resolving to allauth's name, and this
    # view answers that same path with the demo hint added.
    path("login/", views.LoginView.as_view()),
    path("profile/", views.profile, name="profile"),
    path(
        "workspaces/<slug:workspace_slug>/security/",
        views.workspace_security,
        name="workspace_security",
    ),
]
