"""Tables as files people open in a spreadsheet: CSV and XLSX from a header and rows, shared by
every app that exports a table.

A cell is data, never an instruction: a spreadsheet runs any text that starts with = + - or @
as a formula (and a tab or carriage return can hide that start), so such text is written with a
leading apostrophe, which spreadsheets show as plain text (OWASP's advice on CSV injection). A
record's name is typed by whoever edits the record, so this matters for every export. Numbers
stay numbers, so that the figures can be summed where they land.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

# openpyxl ships no type information (types-openpyxl is not a dependency).
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel refuses these in a sheet's name, and names longer than 31 characters.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


def neutralise(text: str) -> str:
    """The text as a spreadsheet shows it without running it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: Any) -> Any:
    """A number stays a number (booleans are text: "True" is no quantity); a date stays a date;
    None is an empty cell; anything else is neutralised text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return neutralise(str(value))
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    return neutralise(str(value))


def write_csv(head: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte order mark, so that Excel reads accents right; CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["" if c is None else c for c in map(_cell, head)])
    for row in rows:
        cells = []
        for value in map(_cell, row):
            if value is None:
                cells.append("")
            elif isinstance(value, dt.date):
                cells.append(value.isoformat())
            elif isinstance(value, Decimal):
                # As people write it: 12.5, not 12.5000 (the column's places) nor 1.25E+1.
                cells.append(f"{value.normalize():f}" if value.is_finite() else str(value))
            else:
                cells.append(value)
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(head: Sequence[Any], rows: Iterable[Sequence[Any]], *, sheet: str) -> bytes:
    """One sheet named `sheet`: a bold header row that stays in view as one scrolls."""
    book = Workbook()
    page = book.active
    if page is None:  # a new workbook has one sheet; this keeps the types honest
        page = book.create_sheet()
    page.title = _sheet_name(sheet)
    page.append([_xlsx_cell(c) for c in head])
    for cell in page[1]:
        cell.font = Font(bold=True)
    for row in rows:
        page.append([_xlsx_cell(c) for c in row])
    page.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value: Any) -> Any:
    cell = _cell(value)
    if isinstance(cell, str):
        # Control characters make an invalid file that Excel refuses to open.
        return ILLEGAL_CHARACTERS_RE.sub("", cell)
    if isinstance(cell, dt.datetime) and cell.tzinfo is not None:
        return cell.replace(tzinfo=None)  # XLSX has no time zones; the value is as shown
    return cell


def _sheet_name(name: str) -> str:
    clean = _SHEET_FORBIDDEN.sub(" ", ILLEGAL_CHARACTERS_RE.sub("", name)).strip(" '")
    return clean[:SHEET_NAME_MAX] or "Sheet"
