"""The results records the workspace trash lists: programmes (with their frameworks), restored
through their service. ResultsConfig.ready() hands them over with `register()`, as partnerships
does, so that the registry never imports this app."""

from __future__ import annotations

from enlace.results import selectors
from enlace.results.models import Programme
from enlace.results.services import programmes
from enlace.stakeholders.views.types import TrashKind, trash_kind_register

PROGRAMME = TrashKind(
    key="results_programme",
    model=Programme,
    trash=lambda scope: selectors.programme_queryset(scope, deleted=True),
    restore=lambda scope, record: programmes.programme_restore(scope=scope, programme=record),
)


def register() -> None:
    trash_kind_register(PROGRAMME)
