"""Dashboard and export pages (helper H2 fills this)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
