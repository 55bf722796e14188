"""Programme and framework pages (helper H1 fills this)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
