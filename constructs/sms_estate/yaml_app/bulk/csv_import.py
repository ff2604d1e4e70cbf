"""CSV rows -> linted config entries merged into an environment document, with a per-row verdict.

The pipeline: read the CSV (``csv_rows``), lint every row with the same lint the loader and the
Lambda run (``registration_input_from_mapping`` + ``lint_estate``), merge the rows into the
environment document (a row whose name exists replaces that entry, so re-importing is an update),
then run the config's schema and then its semantic checks on the merged document, so a name the
schema refuses, a duplicate filing against an existing registration, or an unknown region, is
reported on the row that causes it. Findings are keyed by row number, not name: two rows may carry
the same name (the second is refused and kept out of the lint and the merge).
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sms_estate.yaml_app.bulk.csv_rows import CsvRow, read_csv
from sms_estate.yaml_app.config.loader import schema_problems
from sms_estate.yaml_app.config.semantic import CHECKS, run_checks
from sms_estate.yaml_app.config.shard_checks import BULK_CHECKS
from sms_runtime.lint import LintInputError, RegistrationInput, lint_estate, registration_input_from_mapping

Status = Literal["ok", "warning", "error"]
Severity = Literal["error", "warning"]
_ENTRY_PATH = re.compile(r"^(registrations|phone_numbers)\[(\d+)\](?:\.(.*))?$")


@dataclass(frozen=True)
class RowFinding:
    severity: Literal["error", "warning"]
    column: str
    message: str


@dataclass(frozen=True)
class RowResult:
    """The verdict on one CSV row, as the report file lists it."""

    row: int
    name: str
    findings: tuple[RowFinding, ...]

    @property
    def status(self) -> Status:
        severities = {f.severity for f in self.findings}
        return "error" if "error" in severities else ("warning" if severities else "ok")


@dataclass(frozen=True)
class ImportResult:
    rows: tuple[RowResult, ...]
    document: dict[str, Any]  # the merged environment document
    other_errors: tuple[tuple[str, str], ...]  # (config path, message) not caused by any row

    @property
    def ok(self) -> bool:
        return not self.other_errors and all(row.status != "error" for row in self.rows)


def import_csv(
    csv_path: Path,
    environment: Mapping[str, Any],
    *,
    display: str,
    out_dir: Path,
    source: Path,
    region: str | None = None,
    shards: int | None = None,
) -> ImportResult:
    """Import ``csv_path`` into a copy of ``environment`` (the raw document of ``source``)."""
    existing = {
        str(r["name"]): str(r.get("fields", {}).get("companyInfo.companyName", ""))
        for r in environment.get("registrations", ())
    }
    rows = read_csv(csv_path, display=display, existing=existing)
    for row in rows:
        _relocate(row, csv_path.parent, out_dir, region)
    findings: dict[int, list[RowFinding]] = {
        row.number: [RowFinding("error", c, m) for c, m in row.problems] for row in rows
    }
    unique = [row for row in rows if row.duplicate_of is None]
    _lint(unique, out_dir, findings)
    document = _merge(environment, unique, shards)
    other = _checked(document, source, unique, findings)
    # dict.fromkeys: one message once per row (a name the schema refuses fails as registration and as number)
    results = tuple(RowResult(row.number, row.name, tuple(dict.fromkeys(findings[row.number]))) for row in rows)
    return ImportResult(results, document, tuple(other))


def _relocate(row: CsvRow, csv_dir: Path, out_dir: Path, region: str | None) -> None:
    """Attachment paths relative to the config file, as the config expects; ``--region`` as the default."""
    if region and "region" not in row.registration:
        row.registration["region"] = row.phone_number["region"] = region
    attachments = row.registration.get("attachments", {})
    for path, file in attachments.items():
        attachments[path] = Path(os.path.relpath((csv_dir / file).resolve(), out_dir.resolve())).as_posix()


def _lint(rows: Sequence[CsvRow], out_dir: Path, findings: dict[int, list[RowFinding]]) -> None:
    inputs: list[RegistrationInput] = []
    for row in rows:
        data = {**row.registration, "number_type": row.phone_number["number_type"]}
        try:
            inputs.append(registration_input_from_mapping(data, name=row.name, base_dir=out_dir))
        except LintInputError as error:
            field = error.path.split(".", 1)[1] if "." in error.path else error.path
            findings[row.number].append(RowFinding("error", row.columns_by_field.get(field, ""), error.message))
    by_name = {row.name: row for row in rows}
    for name, report in lint_estate(inputs).items():
        for finding in report.findings:
            column = by_name[name].columns_by_field.get(finding.field, finding.field)
            message = f"[{finding.rule}] {finding.message} (fix: {finding.fix})"
            severity: Literal["error", "warning"] = "error" if finding.severity == "error" else "warning"
            findings[by_name[name].number].append(RowFinding(severity, column, message))


def _merge(environment: Mapping[str, Any], rows: Sequence[CsvRow], shards: int | None) -> dict[str, Any]:
    """Rows replace same-named entries in place and are appended otherwise, in CSV order."""
    document = copy.deepcopy(dict(environment))
    for kind, entries in (
        ("registrations", [row.registration for row in rows]),
        ("phone_numbers", [row.phone_number for row in rows]),
    ):
        current = list(document.get(kind, ()))
        position = {str(entry["name"]): index for index, entry in enumerate(current)}
        for entry in entries:
            if entry["name"] in position:
                current[position[entry["name"]]] = entry
            else:
                position[entry["name"]] = len(current)
                current.append(entry)
        document[kind] = current
    if shards is not None:
        document["bulk"] = {"shards": shards}
    return document


def _checked(
    document: Mapping[str, Any], source: Path, rows: Sequence[CsvRow], findings: dict[int, list[RowFinding]]
) -> list[tuple[str, str]]:
    """The config's schema, then (on a document the schema accepts) its semantic checks.

    Each problem goes to the row that caused it; the others are returned as (config path, message).
    The semantic checks assume the schema's shapes, so they never run on a document it refuses.
    """
    by_name = {row.name: row for row in rows}
    problems = schema_problems(dict(document), str(source))
    if problems:
        return _assign(document, by_name, [("error", p.path, p.message) for p in problems], findings)
    checked = run_checks(document, source, (*CHECKS, *BULK_CHECKS))
    found: list[tuple[Severity, str, str]] = [("error", p, m) for p, m in checked.errors]
    found += [("warning", p, m) for p, m in checked.warnings]
    return _assign(document, by_name, found, findings)


def _assign(
    document: Mapping[str, Any],
    by_name: Mapping[str, CsvRow],
    problems: Sequence[tuple[Severity, str, str]],
    findings: dict[int, list[RowFinding]],
) -> list[tuple[str, str]]:
    other: list[tuple[str, str]] = []
    for severity, path, message in problems:
        match = _ENTRY_PATH.match(path)
        row = by_name.get(str(document[match[1]][int(match[2])].get("name", ""))) if match else None
        if row is not None and match:
            findings[row.number].append(RowFinding(severity, _column(row, match[3] or ""), message))
        elif severity == "error":
            other.append((path, message))
    return other


def _column(row: CsvRow, rest: str) -> str:
    """The header of the cell an entry path (``fields.X``, ``name``, ``phone_numbers[0]``) came from."""
    key = rest.split(".", 1)[1] if rest.startswith(("fields.", "attachments.")) else rest.split("[", 1)[0]
    key = "name" if key == "phone_numbers" else key
    return row.columns_by_field.get(key, "")
