"""``lint``: check registrations against the carriers' rejection reasons before submitting them.

FILE may hold one registration config entry, a flat ``field path -> value`` map, a
``DescribeRegistrationFieldValues`` export, or a whole environment config (a ``registrations:``
list, linted together so account-level rules such as numbers-per-business apply). Exit 0 when clean
or only warnings, 1 on errors, 2 when the input cannot be read.
"""

from __future__ import annotations

import argparse
import json
import pathlib
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from sms_estate.errors import Problem, UserFacingError
from sms_runtime.lint import (
    LintInputError,
    LintReport,
    RegistrationInput,
    Suppression,
    lint_estate,
    registration_input_from_mapping,
    suppressions_from_mapping,
)

NAME = "lint"
HELP = "Lint registrations for carrier rejection reasons before submission."


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments."""
    parser.add_argument("file", type=pathlib.Path, metavar="FILE", help="YAML or JSON file to lint")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--registration", metavar="NAME", help="lint only this registration of an environment")


def run(args: argparse.Namespace) -> int:
    """Lint, print, and return 1 when any registration has errors."""
    regs, waivers = load_registrations(args.file, only=args.registration)
    try:
        reports = lint_estate(regs, waivers)
    except ValueError as error:
        raise UserFacingError([Problem(file=str(args.file), path="registrations", message=str(error))]) from None
    if args.format == "json":
        print(json.dumps(to_json(reports), indent=2))
    else:
        print("\n\n".join(report.render_text() for report in reports.values()))
    return 1 if any(report.has_errors for report in reports.values()) else 0


def to_json(reports: Mapping[str, LintReport]) -> dict[str, Any]:
    """One object: every finding with its registration's name, plus the suppressed ones and counts."""
    findings, suppressed = [], []
    for name, report in reports.items():
        data = report.to_json_dict()
        findings += [{"registration": name, **item} for item in data["findings"]]
        suppressed += [{"registration": name, **item} for item in data["suppressed"]]
    return {
        "findings": findings,
        "suppressed": suppressed,
        "summary": {
            "registrations": len(reports),
            "errors": sum(len(r.errors) for r in reports.values()),
            "warnings": sum(len(r.warnings) for r in reports.values()),
        },
    }


def load_registrations(
    path: pathlib.Path, *, only: str | None = None
) -> tuple[list[RegistrationInput], dict[str, Sequence[Suppression]]]:
    """Read FILE in any accepted shape; every input problem becomes a ``file: path: message`` error."""
    document = _read(path)
    entries: list[tuple[str, Any]]
    if isinstance(document.get("registrations"), list):
        entries = [(f"registrations[{i}]", entry) for i, entry in enumerate(document["registrations"])]
    else:
        entries = [("", document)]
    regs: list[RegistrationInput] = []
    waivers: dict[str, Sequence[Suppression]] = {}
    for where, entry in entries:
        try:
            reg = registration_input_from_mapping(entry, name=path.stem, base_dir=path.parent)
            entry_waivers = suppressions_from_mapping(entry) if "fields" in entry else ()
        except LintInputError as error:
            location = ".".join(part for part in (where, error.path) if part)
            raise UserFacingError([Problem(file=str(path), path=location, message=error.message)]) from None
        if only is None or reg.name == only:
            regs.append(reg)
            waivers[reg.name] = entry_waivers
    if not regs:
        raise UserFacingError([Problem(file=str(path), path="registrations", message=f"no registration {only!r}")])
    return regs, waivers


def _read(path: pathlib.Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UserFacingError([Problem(file=str(path), path="", message=error.strerror or str(error))]) from None
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise UserFacingError([Problem(file=str(path), path=where, message=str(problem))]) from None
    if not isinstance(document, dict):
        raise UserFacingError([Problem(file=str(path), path="", message="expected a mapping at the top level")])
    return document
