"""Page URLs: home, the language switch, the calendar feeds (their secret is the credential), then
everything inside a workspace under /w/<slug>/."""

from django.urls import include, path

from enlace.engagements.urls import feed_urlpatterns
from enlace.web import views
from enlace.web.pick import pick

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include(feed_urlpatterns)),
    path("w/<slug:workspace_slug>/", views.workspace, name="workspace"),
    path("w/<slug:workspace_slug>/pick/<str:kind>/", pick, name="pick"),
    path("w/<slug:workspace_slug>/", include("enlace.stakeholders.urls")),
    path("w/<slug:workspace_slug>/", include("enlace.engagements.urls")),
    path("w/<slug:workspace_slug>/", include("enlace.learning.urls")),
    path("w/<slug:workspace_slug>/", include("enlace.partnerships.urls")),
    path("w/<slug:workspace_slug>/", include("enlace.reports.urls")),
    path("w/<slug:workspace_slug>/", include("enlace.results.urls")),
]
