"""The per-row report of an import: one line per CSV row with its verdict, as CSV or JSON.

Why a file and not just stderr: at hundreds of rows, the people fixing the data work in the
spreadsheet; a report they can sort by status and join on the row number is what they need.

Why cells are escaped: that spreadsheet opens the report, and a cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is taken as a formula (``=cmd|' /C calc'!A0``). Names and
messages echo what the CSV said, so every CSV cell that starts so gets a leading single quote, as
OWASP's CSV-injection guidance says; the JSON report is data for programs and stays as is.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from sms_estate.yaml_app.bulk.csv_import import RowResult

REPORT_COLUMNS = ("row", "name", "status", "findings")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """``'=1+1'`` -> ``"'=1+1"``: a cell a spreadsheet shows as text instead of evaluating it."""
    return f"'{cell}" if cell.startswith(_FORMULA_STARTS) else cell


def render_report(rows: Sequence[RowResult], path: Path) -> str:
    """JSON for ``*.json``, CSV otherwise; findings as ``severity: column: message`` lines."""
    records = [
        {
            "row": row.row,
            "name": row.name,
            "status": row.status,
            "findings": [{"severity": f.severity, "column": f.column, "message": f.message} for f in row.findings],
        }
        for row in rows
    ]
    if path.suffix.lower() == ".json":
        return json.dumps({"rows": records}, indent=2) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)  # constant, formula-free
    for row in rows:
        lines = [f"{f.severity}: {f.column or '-'}: {f.message}" for f in row.findings]
        writer.writerow([spreadsheet_safe(str(cell)) for cell in (row.row, row.name, row.status, "\n".join(lines))])
    return buffer.getvalue()


def render_problem(csv_name: str, row: RowResult, column: str, message: str) -> str:
    """``file.csv: row N: column 'X': message`` (the column part left out when no column applies)."""
    where = f"{csv_name}: row {row.row}"
    return f"{where}: column {column!r}: {message}" if column else f"{where}: {message}"
