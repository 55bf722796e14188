"""Page URLs: home, then everything inside a workspace under /w/<slug>/."""

from django.urls import include, path

from enlace.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("w/<slug:workspace_slug>/", views.workspace, name="workspace"),
    path("w/<slug:workspace_slug>/", include("enlace.stakeholders.urls")),
]
