"""``lint``: check registrations against the carriers' rejection reasons before submitting them.

FILE may hold one registration config entry, a flat ``field path -> value`` map, a
``DescribeRegistrationFieldValues`` export, or a whole environment config (a ``registrations:``
list, linted together so account-level rules such as numbers-per-business apply, and each 10DLC
campaign with the brand its ``brand:`` names). Attachment files are read relative to FILE's folder
in a config entry and in a flat map alike, so both forms of one registration get the same verdict.
Exit 0 when clean or only warnings, 1 on errors, 2 when the input cannot be read.

Hostile and careless files (issue 13) get a ``file: where: message`` error and exit 2, never a
traceback, in time linear in the file and bounded memory: FILE must be a regular file of at most
``MAX_FILE_BYTES``; its YAML or JSON may nest at most ``MAX_DEPTH`` collections deep and hold at most
``MAX_NODES`` values once aliases are expanded (a ten-level alias bomb is billions). Both are checked on
libyaml's event stream before any object is built, stopping at the first event past a limit, so a
100,000-deep ``[[[...`` costs milliseconds (libyaml alone is quadratic in flow depth there). A value
longer than the lint reads is a ``TFN-INPUT-TOO-LONG`` finding (see ``sms_runtime.lint.engine``).

What this command prints may quote short excerpts of the file (the phrase or link that tripped a
rule, at most 60 characters; never from company or contact fields): it is the person who wrote the
file who reads it. The registration Lambda renders the same report without them.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import stat
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from sms_estate.yaml_app.errors import Problem, UserFacingError
from sms_runtime.lint import (
    LintInputError,
    LintReport,
    RegistrationInput,
    Suppression,
    lint_estate,
    registration_input_from_mapping,
    suppressions_from_mapping,
)

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # a PyYAML built without libyaml: the same checks, only slower
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 16 * 1024 * 1024  # as for CSV imports: thousands of registrations fit
MAX_DEPTH = 32  # an environment config nests 5 deep (registrations, entry, fields, value, choice)
MAX_NODES = 1_000_000  # values after alias expansion; a 16 MiB config of real entries has far fewer

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
    if args.registration is not None:  # its linked brand was linted for context only
        reports = {name: report for name, report in reports.items() if name == args.registration}
    if args.format == "json":
        print(json.dumps(to_json(reports), indent=2))
    else:
        print("\n\n".join(report.render_text(details=True) for report in reports.values()))
    return 1 if any(report.has_errors for report in reports.values()) else 0


def to_json(reports: Mapping[str, LintReport]) -> dict[str, Any]:
    """One object: every finding with its registration's name, plus the suppressed ones and counts."""
    findings, suppressed = [], []
    for name, report in reports.items():
        data = report.to_json_dict(details=True)
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
    """Read FILE in any accepted shape; every input problem becomes a ``file: path: message`` error.

    With ``only``, that registration and the brand it links to (a 10DLC campaign's rules read it).
    """
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
        regs.append(reg)
        waivers[reg.name] = entry_waivers
    if only is not None:
        linked = {reg.brand for reg in regs if reg.name == only}
        regs = [reg for reg in regs if reg.name == only or reg.name in linked]
    if not any(only is None or reg.name == only for reg in regs):
        raise UserFacingError([Problem(file=str(path), path="registrations", message=f"no registration {only!r}")])
    return regs, {reg.name: waivers[reg.name] for reg in regs}


def _fail(path: pathlib.Path, where: str, message: str) -> UserFacingError:
    return UserFacingError([Problem(file=str(path), path=where, message=message)])


def _read_text(path: pathlib.Path) -> str:
    """FILE's text: a regular file within the size limit, opened without blocking (a FIFO never hangs)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise _fail(path, "", "not a regular file")
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise _fail(path, "", error.strerror or str(error)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise _fail(path, "", f"the file is larger than {MAX_FILE_BYTES:,} bytes, the most lint reads")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _fail(path, "", f"not UTF-8 text (byte {error.start:,})") from None


def _line(event: Any) -> str:
    mark = getattr(event, "start_mark", None)
    return f"line {mark.line + 1}" if mark is not None else ""


def _check_shape(path: pathlib.Path, text: str) -> None:
    """Refuse nesting past ``MAX_DEPTH`` and more than ``MAX_NODES`` values after alias expansion.

    Reads libyaml's events (no objects are built) and stops at the first one past a limit. An alias
    counts as many values as its anchor's node holds, so an alias bomb is refused at its first line
    that goes over, with no memory spent on it.
    """
    depth, total = 0, 0
    sizes: dict[str, int] = {}
    open_nodes: list[tuple[str | None, int]] = []
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            depth, total = depth + 1, total + 1
            if depth > MAX_DEPTH:
                raise _fail(path, _line(event), f"nested deeper than {MAX_DEPTH} levels")
            open_nodes.append((event.anchor, total - 1))
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            depth -= 1
            anchor, start = open_nodes.pop()
            if anchor is not None:
                sizes[anchor] = total - start
        elif isinstance(event, yaml.ScalarEvent):
            total += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            total += sizes.get(event.anchor or "", 1)
        if total > MAX_NODES:
            raise _fail(path, _line(event), f"more than {MAX_NODES:,} values once aliases are expanded")


def _read(path: pathlib.Path) -> dict[str, Any]:
    text = _read_text(path)
    try:
        _check_shape(path, text)
        document = yaml.load(text, Loader=_Loader)  # _Loader is CSafeLoader or SafeLoader: safe
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise _fail(path, where, str(problem)) from None
    if not isinstance(document, dict):
        raise UserFacingError([Problem(file=str(path), path="", message="expected a mapping at the top level")])
    return document
