"""Spanish is a first-class language: the pages speak it, and the catalogue is complete, current
and compiled.

The catalogue tests guard the workflow of docs/i18n.md: a string marked for translation but
missing from src/enlace/locale/es/LC_MESSAGES/django.po, left untranslated or fuzzy, or a .po
newer than its .mo, fails here with the list of what to fix.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from enlace.stakeholders.tests import factories
from enlace.stakeholders.tests.pages import client_for, text, url

SOURCE = Path(__file__).resolve().parents[2]  # src/enlace
MESSAGES = SOURCE / "locale" / "es" / "LC_MESSAGES"
PO = MESSAGES / "django.po"
MO = MESSAGES / "django.mo"
# The same arguments as the documented command (docs/i18n.md).
IGNORES = ["--ignore", "tests/*", "--ignore", "demo_data/*"]
GETTEXT_MISSING = "GNU gettext (msgfmt, xgettext) is needed for this test: apt-get install gettext"


def _spanish(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


# The pages


@pytest.mark.django_db
def test_the_workspace_home_speaks_spanish(editor):
    factories.organization(editor, name="Instituto Nacional de Derechos Humanos")
    page = text(_spanish(client_for(editor)).get(url(editor, "workspace")))
    assert '<html lang="es">' in page
    for spanish in (
        ">Organizaciones</a>",  # the navigation
        ">Personas</a>",
        ">Instancias de coordinación</a>",
        ">Relaciones</a>",
        "Cambios recientes",  # the headings
        "Accesos rápidos",
        "Agregar una organización",  # the links
        "Cerrar sesión",  # the buttons
        "Cambiar idioma",
        "Ir al contenido",
        "Organización · hace",  # a record's kind and a Spanish "ago"
    ):
        assert spanish in page, spanish
    for english in ("Recent changes", "Quick links", "Sign out", "Add an organisation"):
        assert english not in page, english


@pytest.mark.django_db
def test_the_workspace_home_speaks_english_by_default(editor):
    page = text(client_for(editor).get(url(editor, "workspace")))
    assert '<html lang="en">' in page
    for english in ("Recent changes", "Quick links", "Sign out", ">Organisations</a>"):
        assert english in page, english
    assert "Cambios recientes" not in page


@pytest.mark.django_db
def test_the_organisation_list_speaks_spanish(editor):
    factories.organization(editor, name="Ministerio del Interior", kind="government")
    page = text(_spanish(client_for(editor)).get(url(editor, "organization_list")))
    for spanish in (
        "<h1>Organizaciones</h1>",
        "Agregar una organización",
        ">Aplicar</button>",
        ">Buscar</label>",
        ">Cualquiera</option>",  # the filters' empty choice
        "1 resultado",
        ">Nombre",  # the table's headers
        ">Sigla",
        ">Depende de",
        "Ministerio u organismo de gobierno",  # a choice's label
    ):
        assert spanish in page, spanish
    assert "Add an organisation" not in page and "Apply" not in page


@pytest.mark.django_db
def test_the_organisation_list_speaks_english_by_default(editor):
    page = text(client_for(editor).get(url(editor, "organization_list")))
    for english in ("<h1>Organisations</h1>", "Add an organisation", ">Apply</button>"):
        assert english in page, english


@pytest.mark.django_db
def test_the_organisation_form_speaks_spanish_and_so_do_its_errors(editor):
    client = _spanish(client_for(editor))
    page = text(client.get(url(editor, "organization_create")))
    for spanish in (
        "<h1>Nueva organización</h1>",
        "(obligatorio)",
        "<legend>Ubicación</legend>",
        "<legend>Más</legend>",
        ">Guardar</button>",
        ">Cancelar</a>",
        "Sitio web",  # field labels, capitalised
        "Institución nacional de derechos humanos",  # a choice
        "Separe las etiquetas con comas.",  # help text
    ):
        assert spanish in page, spanish
    assert ">Save<" not in page and ">Cancel<" not in page

    page = text(client.post(url(editor, "organization_create"), {"name": "  ", "kind": "ngo"}))
    assert "Corrija los errores que se indican abajo." in page
    assert "Este campo es obligatorio." in page  # Django's own catalogue


@pytest.mark.django_db
def test_the_organisation_form_speaks_english_by_default(editor):
    page = text(client_for(editor).get(url(editor, "organization_create")))
    for english in ("<h1>New organisation</h1>", "(required)", ">Save</button>", ">Cancel</a>"):
        assert english in page, english


@pytest.mark.django_db
def test_the_login_page_follows_the_browser_language():
    login = reverse("account_login")
    page = text(Client().get(login, headers={"Accept-Language": "es"}))
    assert '<html lang="es">' in page
    for spanish in ("<h1>Iniciar sesión en Enlace</h1>", ">Iniciar sesión</button>", "invitación"):
        assert spanish in page, spanish
    assert "Correo electrónico" in page  # allauth's field label, from its catalogue

    page = text(Client().get(login, headers={"Accept-Language": "en"}))
    assert '<html lang="en">' in page
    assert "<h1>Sign in to Enlace</h1>" in page and ">Sign in</button>" in page
    assert "Iniciar sesión" not in page


# The catalogue


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.msgctxt or "", self.msgid, self.msgid_plural or "")


def _entries(po: Path) -> list[Entry]:
    """The live entries of a .po file, header first (obsolete `#~` entries are left out)."""
    entries = []
    for block in re.split(r"\n\s*\n", po.read_text(encoding="utf-8")):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        entry = Entry()
        parts: dict[str, list[str]] = {}
        key = ""
        for line in lines:
            if line.startswith("#,"):
                entry.flags = {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith('"'):
                parts[key].append(ast.literal_eval(line))
            elif not line.startswith("#"):
                key, _, value = line.partition(" ")
                parts[key] = [ast.literal_eval(value)]
        for name, values in parts.items():
            if name.startswith("msgstr"):
                entry.msgstr.append("".join(values))
            else:
                setattr(entry, name, "".join(values))
        entries.append(entry)
    return entries


def _describe(keys: set[tuple[str, str, str]]) -> str:
    return "\n".join(
        f"  {msgid!r}" + (f" (context {context!r})" if context else "")
        for context, msgid, _plural in sorted(keys)
    )


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(GETTEXT_MISSING)
    return path


def test_every_entry_of_the_catalogue_is_translated():
    header, *entries = _entries(PO)
    assert header.msgid == "" and "Language: es\n" in header.msgstr[0]
    assert "fuzzy" not in header.flags
    assert len(entries) > 300  # the parser did read the file
    untranslated = {e.key for e in entries if not e.msgstr or not all(e.msgstr)}
    fuzzy = {e.key for e in entries if "fuzzy" in e.flags}
    assert not untranslated, "Untranslated in django.po:\n" + _describe(untranslated)
    assert not fuzzy, "Fuzzy in django.po (check each, then drop the flag):\n" + _describe(fuzzy)

    result = subprocess.run(  # noqa: S603 - a fixed command on our own file
        [_tool("msgfmt"), "--check", "--statistics", "-o", os.devnull, str(PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


def test_the_catalogue_holds_every_string_the_code_marks(tmp_path):
    """makemessages on a copy of the source: the fresh catalogue's msgids must be the committed
    ones (a missing one was marked but never added and translated; a stale one is unused)."""
    _tool("xgettext")
    copy = tmp_path / "enlace"
    shutil.copytree(
        SOURCE,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "tests", "demo_data", "locale", "static"),
    )
    (copy / "locale").mkdir()
    # Without settings makemessages writes to ./locale only, never to the real LOCALE_PATHS.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(  # noqa: S603 - a fixed command on a temporary copy
        [sys.executable, "-m", "django", "makemessages", "-l", "es", *IGNORES],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    fresh = {e.key for e in _entries(copy / "locale/es/LC_MESSAGES/django.po") if e.msgid}
    committed = {e.key for e in _entries(PO) if e.msgid}
    missing, stale = fresh - committed, committed - fresh
    how = "Run makemessages, translate, then compilemessages (docs/i18n.md)."
    assert not missing, f"Marked in the code but not in django.po. {how}\n" + _describe(missing)
    assert not stale, f"In django.po but no longer in the code. {how}\n" + _describe(stale)


def test_the_compiled_catalogue_matches_the_po_file(tmp_path):
    """django.mo is what Django reads: it must say what django.po says (compared as catalogues,
    so that another msgfmt version's byte layout does not matter)."""
    fresh_mo = tmp_path / "django.mo"
    subprocess.run(  # noqa: S603 - a fixed command on our own file
        [_tool("msgfmt"), "--check", "-o", str(fresh_mo), str(PO)], check=True
    )
    with MO.open("rb") as committed_file, fresh_mo.open("rb") as fresh_file:
        committed = gettext.GNUTranslations(committed_file)
        fresh = gettext.GNUTranslations(fresh_file)
    stale = {
        key
        for key in set(fresh._catalog) | set(committed._catalog)
        if fresh._catalog.get(key) != committed._catalog.get(key)
    }
    assert not stale, "django.mo is older than django.po: run compilemessages.\n" + "\n".join(
        f"  {key!r}" for key in sorted(stale, key=str)
    )
    counts = (0, 1, 2, 10**6)
    assert [committed.plural(n) for n in counts] == [fresh.plural(n) for n in counts]
