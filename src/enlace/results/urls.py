"""Results pages (included under /w/<slug>/ by enlace.web.urls; names in the "web" namespace,
each beginning with "results_"): the programmes and their frameworks (framework_urls) and the
dashboards with their exports (dashboard_urls)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from enlace.results.views.dashboard_urls import urlpatterns as dashboard_urlpatterns
from enlace.results.views.framework_urls import urlpatterns as framework_urlpatterns

urlpatterns: list[URLPattern | URLResolver] = [*framework_urlpatterns, *dashboard_urlpatterns]
