"""Builds a ``RegistrationInput`` from what users have: a config entry, a flat field map, or an export.

Three shapes are accepted, so existing registrations can be checked as easily as planned ones:

1. a config entry (``name``, ``type``, ``fields``, ``attachments``, ``phone_numbers``, ``brand``, ...),
   with attachment paths relative to ``base_dir`` (the config file's folder);
2. a flat map ``{"companyInfo.companyName": "...", ...}``: its type is the shipped type whose field
   paths it matches best (toll-free on a tie), and an ATTACHMENT field whose value is a file name or
   path is that file, relative to ``base_dir`` (the map's folder), read exactly as a config entry's
   attachment: the same registration gets the same verdict in either form;
3. the raw ``DescribeRegistrationFieldValues`` response (``RegistrationFieldValues`` items with
   ``TextValue``, ``SelectChoices`` or ``RegistrationAttachmentId``).
"""

from __future__ import annotations

import errno
import os
import pathlib
import stat
from collections.abc import Mapping
from typing import Any

from sms_runtime.lint.model import AttachmentInfo, RegistrationInput, Suppression
from sms_runtime.registration.definition_snapshots import available_registration_types
from sms_runtime.registration.field_definitions import FieldValue, load_snapshot

DEFAULT_TYPE = "US_TOLL_FREE_REGISTRATION"
HEAD_BYTES = 65536  # enough for PNG/JPEG headers and PDF magic; the rest is never needed
MAX_NUMBER_COUNT = 10_000  # numbers one registration may claim; above it the count is an input error


class LintInputError(ValueError):
    """Input the lint cannot read; ``path`` says where in the input (``fields.companyInfo.city``)."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


def registration_input_from_mapping(
    data: Mapping[str, Any], *, name: str, base_dir: pathlib.Path | None = None
) -> RegistrationInput:
    """Accept any of the three shapes (see the module docstring)."""
    if not isinstance(data, Mapping):
        raise LintInputError("", "expected a mapping of registration fields")
    if "RegistrationFieldValues" in data:
        return _from_export(data, name)
    if "fields" in data:
        return _from_config_entry(data, name, base_dir)
    return _from_flat_map(data, name, base_dir)


def suppressions_from_mapping(data: Mapping[str, Any]) -> tuple[Suppression, ...]:
    """The ``lint_suppressions`` of a config entry; a missing or short reason is an input error."""
    items = data.get("lint_suppressions") or []
    if not isinstance(items, list):
        raise LintInputError("lint_suppressions", "expected a list of {rule, reason, field}")
    result = []
    for index, item in enumerate(items):
        where = f"lint_suppressions[{index}]"
        if not isinstance(item, Mapping):
            raise LintInputError(where, "expected a mapping with rule and reason")
        try:
            result.append(
                Suppression(str(item.get("rule", "")), str(item.get("reason", "")), str(item.get("field", "")))
            )
        except ValueError as error:
            raise LintInputError(where, str(error)) from None
    return tuple(result)


def read_attachment(path: pathlib.Path) -> AttachmentInfo:
    """Name, size and first bytes of a regular file (never the whole file).

    Opened without blocking and checked on the open handle: a FIFO or device given as an
    attachment is an ``OSError`` here, not a lint that hangs forever (issue 13).
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        head = handle.read(HEAD_BYTES)
    return AttachmentInfo(file_name=path.name, size_bytes=status.st_size, head=head)


def _attachment_file(where: str, relative: str, base_dir: pathlib.Path | None) -> AttachmentInfo:
    """The attachment file ``relative`` to ``base_dir``, which it may not leave; ``where`` names it in errors."""
    folder = (base_dir or pathlib.Path.cwd()).resolve()
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder):
        raise LintInputError(where, "the path leads outside the config file's folder")
    try:
        return read_attachment(path)
    except OSError as error:
        raise LintInputError(where, f"cannot read the file: {error.strerror}") from None


def _names_a_file(value: FieldValue) -> bool:
    """An attachment value that is a file name or path ("optin.png", "att/optin.png"), not an attachment ID.

    Attachment IDs (``attachment-0a1b...``) have neither a dot nor a slash.
    """
    return isinstance(value, str) and bool(value) and ("." in value or "/" in value or "\\" in value)


def _flat_map_type(fields: Mapping[str, FieldValue]) -> str:
    """The shipped registration type whose field paths cover most of the map's; toll-free on a tie."""
    best, best_count = DEFAULT_TYPE, len(fields.keys() & load_snapshot(DEFAULT_TYPE).fields.keys())
    for registration_type in available_registration_types():
        count = len(fields.keys() & load_snapshot(registration_type).fields.keys())
        if count > best_count:
            best, best_count = registration_type, count
    return best


def _from_flat_map(data: Mapping[str, Any], name: str, base_dir: pathlib.Path | None) -> RegistrationInput:
    fields = _field_values(data, "")
    registration_type = _flat_map_type(fields)
    definition = load_snapshot(registration_type)
    attachments = {
        path: _attachment_file(path, str(value), base_dir)
        for path, value in fields.items()
        if path in definition.fields and definition.fields[path].field_type == "ATTACHMENT" and _names_a_file(value)
    }
    return RegistrationInput(name=name, registration_type=registration_type, fields=fields, attachments=attachments)


def _from_config_entry(data: Mapping[str, Any], name: str, base_dir: pathlib.Path | None) -> RegistrationInput:
    fields = _field_values(data.get("fields") or {}, "fields")
    attachments: dict[str, AttachmentInfo] = {}
    raw_attachments = data.get("attachments") or {}
    if not isinstance(raw_attachments, Mapping):
        raise LintInputError("attachments", "expected a mapping of field path to file path")
    for field, relative in raw_attachments.items():
        if not isinstance(relative, str) or not relative:
            raise LintInputError(f"attachments.{field}", "expected a file path")
        attachments[str(field)] = _attachment_file(f"attachments.{field}", relative, base_dir)
        fields.setdefault(str(field), relative)
    numbers = data.get("phone_numbers") or []
    if not isinstance(numbers, list):
        raise LintInputError("phone_numbers", "expected a list of phone number names")
    brand = data.get("brand") or ""
    if not isinstance(brand, str):
        raise LintInputError("brand", "expected the name of a US_TEN_DLC_BRAND_REGISTRATION entry")
    return RegistrationInput(
        name=str(data.get("name") or name),
        registration_type=str(data.get("type") or DEFAULT_TYPE),
        fields=fields,
        attachments=attachments,
        number_type=str(data.get("number_type") or "TOLL_FREE"),
        number_count=len(numbers) or _count(data.get("number_count")),
        justification=str(data.get("justification") or ""),
        phone_numbers=tuple(str(number) for number in numbers),
        brand=brand,
    )


def _from_export(data: Mapping[str, Any], name: str) -> RegistrationInput:
    fields: dict[str, FieldValue] = {}
    items = data["RegistrationFieldValues"]
    if not isinstance(items, list):
        raise LintInputError("RegistrationFieldValues", "expected a list")
    for index, item in enumerate(items):
        where = f"RegistrationFieldValues[{index}]"
        if not isinstance(item, Mapping) or "FieldPath" not in item:
            raise LintInputError(where, "expected an item with FieldPath")
        if "SelectChoices" in item:
            choices = item["SelectChoices"]
            if not isinstance(choices, list) or not all(isinstance(choice, str) for choice in choices):
                raise LintInputError(f"{where}.SelectChoices", "expected a list of strings")
            fields[str(item["FieldPath"])] = list(choices)
        elif "RegistrationAttachmentId" in item:
            fields[str(item["FieldPath"])] = str(item["RegistrationAttachmentId"])
        else:
            fields[str(item["FieldPath"])] = str(item.get("TextValue", ""))
    return RegistrationInput(
        name=str(data.get("RegistrationId") or name),
        registration_type=str(data.get("RegistrationType") or DEFAULT_TYPE),
        fields=fields,
    )


def _count(raw: Any) -> int:
    """``number_count`` as a positive whole number (1 when absent); anything else is an input error."""
    if raw is None:
        return 1
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= MAX_NUMBER_COUNT:
        raise LintInputError("number_count", f"expected a whole number from 1 to {MAX_NUMBER_COUNT:,}")
    return max(1, raw)


def _field_values(raw: Any, where: str) -> dict[str, FieldValue]:
    if not isinstance(raw, Mapping):
        raise LintInputError(where, "expected a mapping of field path to value")
    values: dict[str, FieldValue] = {}
    for key, value in raw.items():
        path = f"{where}.{key}" if where else str(key)
        if isinstance(value, bool) or value is None:
            raise LintInputError(path, "expected text or a list of choices")
        if isinstance(value, int | float):
            values[str(key)] = str(value)  # YAML reads 1000 as a number; the API wants text
        elif isinstance(value, str):
            values[str(key)] = value
        elif isinstance(value, list) and all(isinstance(v, str | int) and not isinstance(v, bool) for v in value):
            values[str(key)] = [str(v) for v in value]
        else:
            raise LintInputError(path, "expected text or a list of choices")
    return values
