"""Registry pages (included under /w/<slug>/ by enlace.web.urls)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
