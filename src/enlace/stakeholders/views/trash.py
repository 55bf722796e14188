"""The workspace trash: deleted records of every registered kind (stakeholders.views.types);
restore (admins) and purge (owners)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope, get_in_scope
from enlace.core.services import record_purge
from enlace.stakeholders.tables import TrashTable
from enlace.stakeholders.views.base import paginate, render_page
from enlace.stakeholders.views.types import TRASH_KINDS, TrashKind, trash_kind
from enlace.web.scoping import workspace_view


def _trashed(scope: Scope, rt: TrashKind, pk: Any) -> Any:
    return get_in_scope(rt.trash(scope), pk)


@workspace_view
def trash(request: HttpRequest, scope: Scope) -> HttpResponse:
    scope.require(Action.VIEW_TRASH)
    tables = [
        paginate(
            request,
            TrashTable(
                rt.trash(scope).order_by("-deleted_at", "id"),
                scope=scope,
                kind=rt.key,
                caption=rt.plural.capitalize(),
                empty_text=_("Nothing in the trash."),
            ),
        )
        for rt in TRASH_KINDS.values()
    ]
    return render_page(request, "stakeholders/trash.html", {"tables": tables})


@workspace_view
@require_POST
def trash_restore(request: HttpRequest, scope: Scope, kind: str, pk: Any) -> HttpResponse:
    rt = trash_kind(kind)
    scope.require(Action.RESTORE)
    record = rt.restore(scope, _trashed(scope, rt, pk))
    messages.success(request, _("Restored %(record)s.") % {"record": record})
    return redirect("web:trash", scope.workspace.slug)


@workspace_view
def trash_purge(request: HttpRequest, scope: Scope, kind: str, pk: Any) -> HttpResponse:
    rt = trash_kind(kind)
    scope.require(Action.PURGE)
    record = _trashed(scope, rt, pk)
    if request.method == "POST":
        label = str(record)
        try:
            if rt.purge is not None:
                rt.purge(scope, record)
            else:
                record_purge(record, scope=scope)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Purged %(record)s for good.") % {"record": label})
        return redirect("web:trash", scope.workspace.slug)
    return render_page(request, "stakeholders/purge.html", {"rt": rt, "record": record})
