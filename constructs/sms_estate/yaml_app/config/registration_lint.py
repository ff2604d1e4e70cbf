"""Synth-time lint of every registration in the config: errors stop synth, warnings are printed.

The rules themselves live in ``sms_runtime.lint`` (the registration Lambda runs the same code just
before it submits); this module only maps the config onto the lint's input and its findings back onto
config paths, so a finding reads ``registrations[2].fields.contactInfo.supportEmail: [RULE] ...``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sms_estate.yaml_app.config.semantic import CHECKS, Doc, Findings
from sms_estate.yaml_app.config.shard_checks import BULK_CHECKS
from sms_runtime.lint import (
    Finding,
    LintInputError,
    RegistrationInput,
    lint_estate,
    registration_input_from_mapping,
    suppressions_from_mapping,
)


def _number_type(entry: Mapping[str, Any], numbers: Mapping[str, Mapping[str, Any]]) -> str:
    """The type of the numbers ``entry`` registers: those it lists, and those bought with it (``registration``)."""
    names = {
        *entry.get("phone_numbers", ()),
        *(n for n, number in numbers.items() if number.get("registration") == entry["name"]),
    }
    types = {str(numbers[name]["number_type"]) for name in names if name in numbers}
    return types.pop() if len(types) == 1 else "TOLL_FREE"


def _render(finding: Finding) -> str:
    return f"[{finding.rule}] {finding.message} (prevents: {finding.reason}; fix: {finding.fix})"


def _path(index: int, entry: Mapping[str, Any], finding: Finding) -> str:
    base = f"registrations[{index}]"
    if not finding.field:
        return base
    section = "attachments" if finding.field in entry.get("attachments", {}) else "fields"
    return f"{base}.{section}.{finding.field}"


def check_registration_lint(doc: Doc, source: Path, out: Findings) -> None:
    entries = list(doc.get("registrations", ()))
    if not entries:
        return
    numbers = {str(n["name"]): n for n in doc.get("phone_numbers", ())}
    inputs: list[RegistrationInput] = []
    suppressions = {}
    for index, entry in enumerate(entries):
        try:
            data = {**entry, "number_type": _number_type(entry, numbers)}
            inputs.append(registration_input_from_mapping(data, name=str(entry["name"]), base_dir=source.parent))
            suppressions[str(entry["name"])] = suppressions_from_mapping(entry)
        except LintInputError as error:
            where = f"registrations[{index}].{error.path}".rstrip(".")
            if all(path != where for path, _ in out.errors):  # e.g. an attachment the semantic checks refused
                out.error(where, error.message)
    if len(inputs) != len(entries) or out.errors:
        return  # unreadable entries or broken references: fix those first, lint on a sound config
    reports = lint_estate(inputs, suppressions)
    for index, entry in enumerate(entries):
        for finding in reports[str(entry["name"])].findings:
            target = out.error if finding.severity == "error" else out.warn
            target(_path(index, entry, finding), _render(finding))


CHECKS_WITH_LINT = (*CHECKS, *BULK_CHECKS, check_registration_lint)
