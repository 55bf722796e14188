"""CSV and XLSX exports: text that a spreadsheet would run as a formula is shown as text, numbers
stay numbers, and what is written reads back the same."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from enlace.web.tabular import neutralise, write_csv, write_xlsx

HOSTILE = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=evil", "\r=evil", '=HYPERLINK("http://x")']
HEAD = ["Name", "Value", "Share"]


def _rows() -> list[list[object]]:
    rows: list[list[object]] = [[text, 1, None] for text in HOSTILE]
    rows.append(["Personas formadas ñ", Decimal("12.5000"), -3])
    rows.append(["Day", dt.date(2025, 3, 1), 0.25])
    return rows


def _read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("text", HOSTILE)
def test_neutralise_prefixes_formula_starts(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert neutralise("Plain = text") == "Plain = text"


def test_csv_neutralises_hostile_cells_and_keeps_numbers() -> None:
    rows = _read_csv(write_csv(["=head", *HEAD[1:]], _rows()))
    assert rows[0] == ["'=head", "Value", "Share"]
    for text, row in zip(HOSTILE, rows[1:], strict=False):
        assert row == ["'" + text, "1", ""]
    assert rows[-2] == ["Personas formadas ñ", "12.5", "-3"]  # a negative number stays one
    assert rows[-1] == ["Day", "2025-03-01", "0.25"]


def test_csv_lines_end_with_crlf() -> None:
    assert write_csv(["a"], [["b"]]).endswith(b"b\r\n")


def test_xlsx_round_trip_neutralised_text_numbers_and_header() -> None:
    data = write_xlsx(["=head", *HEAD[1:]], _rows(), sheet="Framework: 2025/Q1 [all]")
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet is not None
    assert sheet.title == "Framework  2025 Q1  all"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == ["'=head", "Value", "Share"]
    for text, row in zip(HOSTILE, values[1:], strict=False):
        assert row == ["'" + text, 1, None]
    # No cell is a formula: every one is a value.
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    name, number, negative = values[-2]
    assert name == "Personas formadas ñ"
    assert number == 12.5 and isinstance(number, float)
    assert negative == -3
    assert values[-1][0] == "Day"
    assert values[-1][1] == dt.datetime(2025, 3, 1)  # noqa: DTZ001 - XLSX has no time zones
    assert values[-1][2] == 0.25


def test_xlsx_drops_control_characters_a_sheet_cannot_hold() -> None:
    data = write_xlsx(["a"], [["bell\x07 here"]], sheet="")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert sheet.title == "Sheet"
    assert sheet["A2"].value == "bell here"


def test_csv_writes_decimals_as_people_write_them() -> None:
    rows = _read_csv(write_csv(["v"], [[Decimal("1E+1")], [Decimal("0.2500")], [Decimal("3")]]))
    assert [r[0] for r in rows[1:]] == ["10", "0.25", "3"]
