"""Read a registrations CSV into config entries: one registration and one phone number per row.

Why strict: a CSV that decides hundreds of filings must not be guessed at. An unknown or repeated
header, a row with more cells than headers, a file that is not UTF-8, not a regular file, larger
than ``MAX_CSV_BYTES`` or with more than ``MAX_CSV_ROWS`` rows stops the import with
``file.csv: ...`` and writes nothing; problems of a single row (a cell over ``MAX_CSV_CELL_CHARS``, a
name another row already has) are reported with its row number (the spreadsheet's: the header is
row 1) and column, after every row was read. The limits live in ``sms_estate.yaml_app.config.limits``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sms_estate.yaml_app.bounded_files import read_regular_file
from sms_estate.yaml_app.bulk.csv_columns import DEFAULT_TYPE, Column, choice_value, resolve
from sms_estate.yaml_app.bulk.row_names import NameAllocator
from sms_estate.yaml_app.config.limits import MAX_CSV_BYTES, MAX_CSV_CELL_CHARS, MAX_CSV_ROWS
from sms_estate.yaml_app.errors import Problem, UserFacingError
from sms_runtime.registration.field_definitions import load_snapshot

NUMBER_DEFAULTS = {"number_type": "TOLL_FREE", "number_country": "US", "message_type": "TRANSACTIONAL"}
_TRUE, _FALSE = {"true", "yes", "y", "1"}, {"false", "no", "n", "0", ""}


@dataclass
class CsvRow:
    """One data row: its spreadsheet row number, the entries it becomes, and its problems."""

    number: int
    name: str
    registration: dict[str, Any]
    phone_number: dict[str, Any]
    columns_by_field: dict[str, str] = field(default_factory=dict)  # field path or row setting -> header
    problems: list[tuple[str, str]] = field(default_factory=list)  # (column or "", message)
    duplicate_of: int | None = None  # the earlier row with the same name: this one is neither linted nor merged


def read_csv(path: Path, *, display: str, existing: Mapping[str, str] | None = None) -> list[CsvRow]:
    """Every row of ``path`` as entries; raise ``UserFacingError`` if the file itself is unusable.

    ``existing`` maps registration names already in the config to their company names (see
    :class:`NameAllocator`).
    """
    text = _read_text(path, display)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise UserFacingError([Problem(display, "", "file is empty; expected a header row")]) from None
    except csv.Error as error:
        raise UserFacingError([Problem(display, "row 1", f"not valid CSV: {error}")]) from None
    columns = _columns(header, display)
    names = NameAllocator(existing)
    rows: list[CsvRow] = []
    first_row_of: dict[str, int] = {}
    try:
        for index, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # blank lines between blocks of rows are common in exported sheets
            if len(cells) > len(columns):
                raise UserFacingError(
                    [Problem(display, f"row {index}", f"has {len(cells)} cells but the header has {len(columns)}")]
                )
            if len(rows) == MAX_CSV_ROWS:
                raise UserFacingError(
                    [Problem(display, f"row {index}", f"more than {MAX_CSV_ROWS:,} rows; split the file")]
                )
            oversized = [
                (column.header, f"has {len(cells[i]):,} characters; a cell may have at most {MAX_CSV_CELL_CHARS:,}")
                for i, column in enumerate(columns)
                if i < len(cells) and len(cells[i]) > MAX_CSV_CELL_CHARS
            ]
            values = {  # an oversized cell is dropped here, so nothing downstream spends time on it
                column: cells[i].strip() if i < len(cells) and len(cells[i]) <= MAX_CSV_CELL_CHARS else ""
                for i, column in enumerate(columns)
            }
            row = _row(index, values, names)
            row.problems[:0] = oversized
            for i, column in enumerate(columns):  # later findings on a dropped cell still name its column
                if i < len(cells) and len(cells[i]) > MAX_CSV_CELL_CHARS:
                    row.columns_by_field.setdefault(column.target, column.header)
            if row.name in first_row_of:
                row.duplicate_of = first_row_of[row.name]
                row.problems.append(
                    (row.columns_by_field.get("name", ""), f"repeats the name {row.name!r} of row {row.duplicate_of}")
                )
            first_row_of.setdefault(row.name, index)
            rows.append(row)
    except csv.Error as error:
        raise UserFacingError([Problem(display, f"row {reader.line_num}", f"not valid CSV: {error}")]) from None
    if not rows:
        raise UserFacingError([Problem(display, "", "has a header but no rows")])
    return rows


def _read_text(path: Path, display: str) -> str:
    """The file's text, read only if it is a regular file of at most ``MAX_CSV_BYTES``."""
    try:
        data = read_regular_file(path, MAX_CSV_BYTES, shown=display)
        return data.decode("utf-8-sig")  # spreadsheets often write a byte-order mark
    except FileNotFoundError:
        raise UserFacingError([Problem(display, "", "file not found")]) from None
    except UnicodeDecodeError as error:
        raise UserFacingError(
            [Problem(display, "", f"is not UTF-8 text (byte {error.start}); export the sheet as CSV UTF-8")]
        ) from None


def _columns(header: list[str], display: str) -> list[Column]:
    problems: list[Problem] = []
    columns: list[Column] = []
    seen: dict[str, str] = {}
    for position, text in enumerate(header, start=1):
        column = resolve(text)
        if column is None:
            problems.append(Problem(display, f"row 1: column {position}", f"unknown header {text.strip()!r}"))
            continue
        key = f"{column.kind}:{column.target}"
        if key in seen:
            problems.append(
                Problem(display, f"row 1: column {position}", f"{text.strip()!r} fills the same as {seen[key]!r}")
            )
        seen.setdefault(key, text.strip())
        columns.append(column)
    if problems:
        raise UserFacingError(problems, headline=f"{display}: the header row is not usable (see docs/bulk.md)")
    if "field:companyInfo.companyName" not in seen:
        raise UserFacingError([Problem(display, "row 1", "needs a 'Company Name' (companyInfo.companyName) column")])
    return columns


def _row(number: int, values: Mapping[Column, str], names: NameAllocator) -> CsvRow:
    settings = {c.target: v for c, v in values.items() if c.kind == "row" and v}
    registration_type = settings.get("type", DEFAULT_TYPE)
    problems: list[tuple[str, str]] = []
    try:
        definition = load_snapshot(registration_type)
    except LookupError:
        header = next(c.header for c in values if c.target == "type")
        problems.append((header, f"unknown registration type {registration_type!r}"))
        definition = load_snapshot(DEFAULT_TYPE)
    fields: dict[str, str] = {}
    attachments: dict[str, str] = {}
    columns_by_field: dict[str, str] = {}
    for column, value in values.items():
        if column.kind == "row" and value:
            columns_by_field[column.target] = column.header  # a row setting: "name", "region", ...
        if column.kind == "row" or not value:
            continue
        columns_by_field[column.target] = column.header
        if column.kind == "attachment":
            attachments[column.target] = value
            continue
        item = definition.fields.get(column.target)
        fields[column.target] = choice_value(column.target, value, item.options) if item and item.options else value
    region = settings.get("region")
    name = settings.get("name") or names.allocate(
        fields.get("companyInfo.companyName", ""),
        fields.get("messagingUseCase.useCaseCategory", ""),
        region or "",
    )
    if settings.get("name"):
        names.reserve(name)
    submit = settings.get("submit", "").lower()
    if submit not in _TRUE | _FALSE:
        header = next(c.header for c in values if c.target == "submit")
        problems.append((header, f"must be yes or no, not {settings['submit']!r}"))
    registration: dict[str, Any] = {"name": name, "type": registration_type}
    if region:
        registration["region"] = region
    registration.update({"submit": submit in _TRUE, "phone_numbers": [name], "fields": fields})
    if attachments:
        registration["attachments"] = attachments
    number_settings = {**NUMBER_DEFAULTS, **{k: v for k, v in settings.items() if k in NUMBER_DEFAULTS}}
    phone_number: dict[str, Any] = {
        "name": name,
        "number_type": number_settings["number_type"].upper(),
        "iso_country_code": number_settings["number_country"].upper(),
        "message_type": number_settings["message_type"].upper(),
    }
    if region:
        phone_number["region"] = region
    return CsvRow(number, name, registration, phone_number, columns_by_field, problems)
