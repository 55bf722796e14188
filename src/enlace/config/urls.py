"""URL map: accounts, the API, the public learning pages (links, verification), the pages."""

from django.contrib import admin
from django.urls import include, path

from enlace.api.api import api

urlpatterns = [
    path("accounts/", include("enlace.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("enlace.learning.public_urls")),
    path("", include("enlace.web.urls")),
]
