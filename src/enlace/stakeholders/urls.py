"""Registry pages (included under /w/<slug>/ by enlace.web.urls; names in the "web" namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from enlace.stakeholders.views import bodies, organizations, people, records, relationships, trash


def _record_pages(prefix: str, kind: str) -> list[URLPattern]:
    """The shared pages of one record type: new, edit, delete, history."""
    extra = {"kind": kind}
    return [
        path(f"{prefix}/new/", records.create, extra, name=f"{kind}_create"),
        path(f"{prefix}/<uuid:pk>/edit/", records.edit, extra, name=f"{kind}_edit"),
        path(f"{prefix}/<uuid:pk>/delete/", records.delete, extra, name=f"{kind}_delete"),
        path(f"{prefix}/<uuid:pk>/history/", records.record_history, extra, name=f"{kind}_history"),
    ]


urlpatterns: list[URLPattern] = [
    path("organizations/", organizations.organization_list, name="organization_list"),
    path(
        "organizations/<uuid:pk>/",
        organizations.organization_detail,
        name="organization_detail",
    ),
    *_record_pages("organizations", "organization"),
    path("people/", people.person_list, name="person_list"),
    path("people/<uuid:pk>/", people.person_detail, name="person_detail"),
    *_record_pages("people", "person"),
    path("bodies/", bodies.body_list, name="body_list"),
    path("bodies/<uuid:pk>/", bodies.body_detail, name="body_detail"),
    path("bodies/<uuid:pk>/members/", bodies.body_member_add, name="body_member_add"),
    path(
        "bodies/<uuid:pk>/members/<uuid:member_pk>/remove/",
        bodies.body_member_remove,
        name="body_member_remove",
    ),
    *_record_pages("bodies", "body"),
    path("relationships/", relationships.relationship_list, name="relationship_list"),
    path(
        "relationships/<uuid:pk>/",
        relationships.relationship_detail,
        name="relationship_detail",
    ),
    *_record_pages("relationships", "relationship"),
    path("trash/", trash.trash, name="trash"),
    path("trash/<str:kind>/<uuid:pk>/restore/", trash.trash_restore, name="trash_restore"),
    path("trash/<str:kind>/<uuid:pk>/purge/", trash.trash_purge, name="trash_purge"),
]
