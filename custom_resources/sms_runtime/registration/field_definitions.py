"""Registration field definitions and the one validator every caller shares.

Why this module exists: the API (``DescribeRegistrationFieldDefinitions``) is the authority on which
fields a registration type has, which are required, their length caps, patterns and select options.
Those rules change over time (privacy-policy and terms URLs became required for toll-free in 2026), so
they are kept as data, a snapshot of the API's own answer, and read by synth-time validation, the
compliance lint and the registration custom resource alike. One implementation, one set of rules.

Files, per registration type, in the ``definitions/`` folder next to this module:

``<TYPE>.json``
    The ``DescribeRegistrationFieldDefinitions`` response, pages merged: ``RegistrationType`` and
    ``RegistrationFieldDefinitions`` exactly as botocore returns them, plus one extra key
    ``SnapshotInfo`` ``{"Source", "TakenOn", "Note"}`` saying where and when it was taken. The
    ``refresh-field-definitions`` command rewrites this file from a real account.

``<TYPE>.conditions.json``
    Conditional requirements. botocore's model has no member that states *when* a ``CONDITIONAL``
    field is required, so these rules are curated by hand, and ``refresh`` never overwrites them::

        {
          "RegistrationType": "US_TOLL_FREE_REGISTRATION",
          "Conditions": [
            {
              "Field": "messagingUseCase.useCaseDetails",
              "RequiredWhen": {"Field": "messagingUseCase.useCaseCategory", "In": ["OTHER"]},
              "Note": "why, with the source"
            }
          ]
        }

    A condition makes ``Field`` required when the value of ``RequiredWhen.Field`` (a text value, or
    any one of a select field's choices) is one of ``RequiredWhen.In``. A ``CONDITIONAL`` field with
    no condition that holds is optional.

Values (``FieldValue``): a TEXT field takes a ``str``; a SELECT field a ``list[str]`` (a bare ``str``
means a one-choice list); an ATTACHMENT field a reference ``str`` (a file path in the config, or an
attachment id at runtime). Standard library only: this module ships in the Lambda asset.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import pathlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

FieldValue = str | list[str]

FIELD_TYPES = ("TEXT", "SELECT", "ATTACHMENT")
REQUIREMENTS = ("REQUIRED", "CONDITIONAL", "OPTIONAL")

_PACKAGE = "sms_runtime.registration"
_DEFINITIONS_DIR = "definitions"
_TYPE_NAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")  # botocore's RegistrationType shape
_CONDITIONS_SUFFIX = ".conditions.json"


class UnknownRegistrationTypeError(LookupError):
    """No snapshot is shipped for the registration type asked for."""


class DefinitionFormatError(ValueError):
    """A snapshot, a conditions file or an API page does not have the documented shape."""


@dataclass(frozen=True)
class FieldDefinition:
    """One field of a registration type, flattened from the API's nested validation members."""

    path: str
    section: str
    field_type: str
    requirement: str
    min_length: int | None
    max_length: int | None
    pattern: str | None
    min_choices: int | None
    max_choices: int | None
    options: tuple[str, ...]
    title: str

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> FieldDefinition:
        """Build from one ``RegistrationFieldDefinitions`` member as botocore returns it."""
        try:
            path = str(item["FieldPath"])
            field_type = str(item["FieldType"])
            requirement = str(item["FieldRequirement"])
        except KeyError as missing:
            raise DefinitionFormatError(f"field definition lacks {missing.args[0]}: {dict(item)!r}") from None
        if field_type not in FIELD_TYPES:
            raise DefinitionFormatError(f"{path}: unknown FieldType {field_type!r}")
        if requirement not in REQUIREMENTS:
            raise DefinitionFormatError(f"{path}: unknown FieldRequirement {requirement!r}")
        text = item.get("TextValidation") or {}
        select = item.get("SelectValidation") or {}
        hints = item.get("DisplayHints") or {}
        return cls(
            path=path,
            section=str(item.get("SectionPath", path.rpartition(".")[0])),
            field_type=field_type,
            requirement=requirement,
            min_length=_optional_int(text.get("MinLength")),
            max_length=_optional_int(text.get("MaxLength")),
            pattern=text.get("Pattern") or None,
            min_choices=_optional_int(select.get("MinChoices")),
            max_choices=_optional_int(select.get("MaxChoices")),
            options=tuple(str(option) for option in select.get("Options", ())),
            title=str(hints.get("Title", path)),
        )


@dataclass(frozen=True)
class Condition:
    """``field`` is required when the value of ``when_field`` is one of ``when_values``."""

    field: str
    when_field: str
    when_values: tuple[str, ...]
    note: str = ""

    def holds(self, values: Mapping[str, FieldValue]) -> bool:
        """True when the trigger field currently has one of the trigger values."""
        current = values.get(self.when_field)
        if current is None:
            return False
        chosen = [current] if isinstance(current, str) else list(current)
        return any(choice in self.when_values for choice in chosen)

    @classmethod
    def from_data(cls, item: Mapping[str, Any]) -> Condition:
        """Build from one entry of a ``<TYPE>.conditions.json`` ``Conditions`` list."""
        try:
            when = item["RequiredWhen"]
            return cls(
                field=str(item["Field"]),
                when_field=str(when["Field"]),
                when_values=tuple(str(value) for value in when["In"]),
                note=str(item.get("Note", "")),
            )
        except (KeyError, TypeError) as error:
            raise DefinitionFormatError(f"malformed condition {dict(item)!r}: {error}") from None


@dataclass(frozen=True)
class RegistrationTypeDefinition:
    """Every field of one registration type, its conditional rules and where the snapshot came from."""

    registration_type: str
    fields: Mapping[str, FieldDefinition]
    conditions: tuple[Condition, ...]
    snapshot_info: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_api_pages(
        cls,
        registration_type: str,
        pages: Sequence[Mapping[str, Any]],
        conditions: Sequence[Condition] = (),
    ) -> RegistrationTypeDefinition:
        """Merge the pages of ``DescribeRegistrationFieldDefinitions`` into one definition."""
        fields: dict[str, FieldDefinition] = {}
        for page in pages:
            page_type = page.get("RegistrationType", registration_type)
            if page_type != registration_type:
                raise DefinitionFormatError(f"page is for {page_type!r}, expected {registration_type!r}")
            for item in page.get("RegistrationFieldDefinitions", ()):
                definition = FieldDefinition.from_api(item)
                fields[definition.path] = definition
        named = {c.field for c in conditions} | {c.when_field for c in conditions}
        unknown = sorted(named - set(fields))
        if unknown:
            raise DefinitionFormatError(f"conditions name fields the definition lacks: {', '.join(unknown)}")
        info = pages[0].get("SnapshotInfo", {}) if pages else {}
        return cls(
            registration_type=registration_type,
            fields=MappingProxyType(fields),
            conditions=tuple(conditions),
            snapshot_info=MappingProxyType({str(k): str(v) for k, v in info.items()}),
        )

    def required_fields(self, values: Mapping[str, FieldValue]) -> frozenset[str]:
        """REQUIRED fields, plus CONDITIONAL (or OPTIONAL) ones whose condition holds for ``values``."""
        required = {path for path, item in self.fields.items() if item.requirement == "REQUIRED"}
        required |= {condition.field for condition in self.conditions if condition.holds(values)}
        return frozenset(required)


@dataclass(frozen=True, order=True)
class FieldProblem:
    """One thing wrong with one field value; ``code`` is stable, ``message`` is for people."""

    field: str
    code: str
    message: str


def available_registration_types() -> tuple[str, ...]:
    """Registration types with a shipped snapshot, sorted."""
    folder = importlib.resources.files(_PACKAGE).joinpath(_DEFINITIONS_DIR)
    names = (entry.name for entry in folder.iterdir() if entry.name.endswith(".json"))
    return tuple(sorted(name[: -len(".json")] for name in names if not name.endswith(_CONDITIONS_SUFFIX)))


def snapshot_path(registration_type: str, *, directory: pathlib.Path | None = None) -> pathlib.Path:
    """Where the snapshot of ``registration_type`` lives (``directory`` defaults to the package's)."""
    _check_type_name(registration_type)
    return (directory or _package_dir()) / f"{registration_type}.json"


def conditions_path(registration_type: str, *, directory: pathlib.Path | None = None) -> pathlib.Path:
    """Where the hand-curated conditions of ``registration_type`` live."""
    _check_type_name(registration_type)
    return (directory or _package_dir()) / f"{registration_type}{_CONDITIONS_SUFFIX}"


def load_snapshot(registration_type: str) -> RegistrationTypeDefinition:
    """Load the shipped snapshot and conditions of ``registration_type``."""
    return _load_cached(registration_type)


def load_snapshot_file(path: pathlib.Path) -> RegistrationTypeDefinition:
    """Load a snapshot from any folder, with the conditions file beside it if there is one."""
    document = _read_json(path)
    registration_type = str(document.get("RegistrationType", path.name.removesuffix(".json")))
    beside = path.with_name(f"{registration_type}{_CONDITIONS_SUFFIX}")
    conditions = _parse_conditions(_read_json(beside)) if beside.exists() else ()
    return RegistrationTypeDefinition.from_api_pages(registration_type, [document], conditions)


def write_snapshot(
    registration_type: str,
    pages: Sequence[Mapping[str, Any]],
    *,
    taken_on: str,
    source: str,
    directory: pathlib.Path | None = None,
) -> pathlib.Path:
    """Write the merged API pages as the snapshot of ``registration_type``; return its path.

    The pages are parsed first, so a malformed answer never replaces a good snapshot. Conditions
    are not touched: they are curated by hand and the API does not carry them.
    """
    RegistrationTypeDefinition.from_api_pages(registration_type, pages)
    items = [dict(item) for page in pages for item in page.get("RegistrationFieldDefinitions", ())]
    document = {
        "RegistrationType": registration_type,
        "RegistrationFieldDefinitions": items,
        "SnapshotInfo": {
            "Source": source,
            "TakenOn": taken_on,
            "Note": "Taken with refresh-field-definitions; conditions live in the .conditions.json file.",
        },
    }
    path = snapshot_path(registration_type, directory=directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _load_cached.cache_clear()
    return path


def normalize_values(
    values: Mapping[str, FieldValue], definition: RegistrationTypeDefinition | None = None
) -> dict[str, FieldValue]:
    """Copy ``values``; with a definition, a SELECT field's bare str becomes a one-choice list.

    Nothing else changes: text is never stripped, because the API stores exactly what it is sent
    and a reviewer sees exactly that. Without a definition the kind of a field is unknown, so only
    the copy is made (``validate_field_values`` always passes its definition).
    """
    result: dict[str, FieldValue] = {}
    for path, value in values.items():
        item = definition.fields.get(path) if definition is not None else None
        if isinstance(value, list):
            result[path] = list(value)
        elif item is not None and item.field_type == "SELECT":
            result[path] = [value]
        else:
            result[path] = value
    return result


def validate_field_values(
    definition: RegistrationTypeDefinition, values: Mapping[str, FieldValue]
) -> list[FieldProblem]:
    """Every structural problem of ``values`` against ``definition``, sorted and deterministic."""
    normalized = normalize_values(values, definition)
    problems: list[FieldProblem] = []
    for path in sorted(definition.required_fields(normalized)):
        if _is_empty(normalized.get(path)):
            title = definition.fields[path].title
            problems.append(FieldProblem(path, "missing-required", f"{title} is required"))
    for path, value in normalized.items():
        item = definition.fields.get(path)
        if item is None:
            problems.append(FieldProblem(path, "unknown-field", f"{definition.registration_type} has no field {path}"))
        elif not _is_empty(value):
            problems.extend(_check_value(item, value))
    return sorted(problems)


def _check_value(item: FieldDefinition, value: FieldValue) -> list[FieldProblem]:
    if item.field_type == "SELECT":
        return _check_select(item, value)
    if not isinstance(value, str):
        expected = "an attachment reference" if item.field_type == "ATTACHMENT" else "text"
        return [FieldProblem(item.path, "wrong-kind", f"{item.title} takes {expected}, not a list")]
    if item.field_type == "ATTACHMENT":
        return []
    return _check_text(item, value)


def _check_text(item: FieldDefinition, value: str) -> list[FieldProblem]:
    problems = []
    if item.min_length is not None and len(value) < item.min_length:
        problems.append(
            FieldProblem(item.path, "too-short", f"{item.title} needs at least {item.min_length} characters")
        )
    if item.max_length is not None and len(value) > item.max_length:
        problems.append(
            FieldProblem(
                item.path,
                "too-long",
                f"{item.title} has {len(value)} characters; the limit is {item.max_length}",
            )
        )
    compiled = _compile(item.pattern) if item.pattern else None
    if compiled is not None and compiled.search(value) is None:
        problems.append(FieldProblem(item.path, "pattern-mismatch", f"{item.title} does not match {item.pattern}"))
    return problems


def _check_select(item: FieldDefinition, value: FieldValue) -> list[FieldProblem]:
    choices = [value] if isinstance(value, str) else value
    problems = []
    if any(not isinstance(choice, str) for choice in choices):
        return [FieldProblem(item.path, "wrong-kind", f"{item.title} takes a list of option strings")]
    if item.options:
        for choice in choices:
            if choice not in item.options:
                allowed = ", ".join(item.options)
                problems.append(FieldProblem(item.path, "not-an-option", f"{choice!r} is not one of: {allowed}"))
    low = item.min_choices if item.min_choices is not None else 0
    high = item.max_choices if item.max_choices is not None else len(choices)
    if not low <= len(choices) <= high:
        problems.append(
            FieldProblem(
                item.path,
                "choice-count",
                f"{item.title} takes {low} to {high} choices, got {len(choices)}",
            )
        )
    return problems


@functools.lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str] | None:
    """Compile an API (JavaScript-style) pattern; None means "cannot check", never a crash."""
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _is_empty(value: FieldValue | None) -> bool:
    return value is None or value == "" or (isinstance(value, list) and not value)


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _check_type_name(registration_type: str) -> None:
    if not _TYPE_NAME.match(registration_type):
        raise UnknownRegistrationTypeError(f"{registration_type!r} is not a registration type name")


def _package_dir() -> pathlib.Path:
    return pathlib.Path(__file__).resolve().parent / _DEFINITIONS_DIR


def _read_json(path: pathlib.Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise DefinitionFormatError(f"{path}: {error}") from None
    if not isinstance(data, dict):
        raise DefinitionFormatError(f"{path}: expected a JSON object")
    return data


def _parse_conditions(document: Mapping[str, Any]) -> tuple[Condition, ...]:
    return tuple(Condition.from_data(item) for item in document.get("Conditions", ()))


@functools.lru_cache(maxsize=16)
def _load_cached(registration_type: str) -> RegistrationTypeDefinition:
    _check_type_name(registration_type)
    folder = importlib.resources.files(_PACKAGE).joinpath(_DEFINITIONS_DIR)
    snapshot = folder.joinpath(f"{registration_type}.json")
    if not snapshot.is_file():
        known = ", ".join(available_registration_types()) or "none"
        raise UnknownRegistrationTypeError(
            f"no field definitions shipped for registration type {registration_type!r} (known: {known}); "
            "run `sms-estate refresh-field-definitions --registration-type "
            f"{registration_type}` to take a snapshot"
        )
    document = json.loads(snapshot.read_text(encoding="utf-8"))
    extra = folder.joinpath(f"{registration_type}{_CONDITIONS_SUFFIX}")
    conditions = _parse_conditions(json.loads(extra.read_text(encoding="utf-8"))) if extra.is_file() else ()
    return RegistrationTypeDefinition.from_api_pages(registration_type, [document], conditions)
