"""Reading and writing the shipped field-definition snapshots (``definitions/<TYPE>.json``).

Why a snapshot: synth and the lint run without AWS access, yet must check values against the API's
rules. A snapshot is the ``DescribeRegistrationFieldDefinitions`` answer, pages merged, every member
kept as botocore returns it (``ConditionalBehavior`` included), plus one extra key ``SnapshotInfo``
``{"Source", "TakenOn", "Note"}``. It is parsed by the same code as a live page. Standard library only.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import pathlib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from sms_runtime.registration.field_model import RegistrationTypeDefinition
from sms_runtime.registration.field_types import DefinitionFormatError, UnknownRegistrationTypeError

_PACKAGE = "sms_runtime.registration"
_DEFINITIONS_DIR = "definitions"
_TYPE_NAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")  # botocore's RegistrationType shape
REFRESHED_NOTE = (
    "Taken with refresh-field-definitions: every field definition, ConditionalBehavior included, "
    "exactly as the API returned it."
)


def available_registration_types() -> tuple[str, ...]:
    """Registration types with a shipped snapshot, sorted."""
    folder = importlib.resources.files(_PACKAGE).joinpath(_DEFINITIONS_DIR)
    return tuple(sorted(entry.name[: -len(".json")] for entry in folder.iterdir() if entry.name.endswith(".json")))


def snapshot_path(registration_type: str, *, directory: pathlib.Path | None = None) -> pathlib.Path:
    """Where the snapshot of ``registration_type`` lives (``directory`` defaults to the package's)."""
    _check_type_name(registration_type)
    return (directory or _package_dir()) / f"{registration_type}.json"


def load_snapshot(registration_type: str) -> RegistrationTypeDefinition:
    """Load the shipped snapshot of ``registration_type`` (cached: it is read by every synth check)."""
    return _load_cached(registration_type)


def load_snapshot_file(path: pathlib.Path) -> RegistrationTypeDefinition:
    """Load a snapshot from any folder."""
    document = _read_json(path)
    registration_type = str(document.get("RegistrationType", path.name.removesuffix(".json")))
    return RegistrationTypeDefinition.from_api_pages(registration_type, [document])


def snapshot_associations(registration_type: str) -> tuple[dict[str, str], ...]:
    """The shipped ``SupportedAssociations`` of ``registration_type`` (its ``RegistrationTypeDefinition``).

    What synth checks a config's links against (a campaign names a brand, a 10DLC number a campaign, a
    sender ID its registration); the registration Lambda reads the live answer instead
    (``live_rules.supported_associations``). Each entry as the API returns it: ``ResourceType``,
    ``AssociationBehavior``, ``DisassociationBehavior`` and, when the entry names one, ``IsoCountryCode``.
    """
    return _associations_cached(registration_type)


def write_snapshot(
    registration_type: str,
    pages: Sequence[Mapping[str, Any]],
    *,
    taken_on: str,
    source: str,
    directory: pathlib.Path | None = None,
    type_definition: Mapping[str, Any] | None = None,
) -> pathlib.Path:
    """Write the merged API pages as the snapshot of ``registration_type``; return its path.

    The pages are parsed first, so a malformed answer never replaces a good snapshot. Each field
    definition is written exactly as the API returned it, ``ConditionalBehavior`` included: the
    snapshot's conditional rules are then the account's, not a reconstruction. ``type_definition`` is the
    type's ``DescribeRegistrationTypeDefinitions`` item (its ``SupportedAssociations``), written as
    ``RegistrationTypeDefinition``; without one, the shipped file's is kept.
    """
    RegistrationTypeDefinition.from_api_pages(registration_type, pages)
    items = [dict(item) for page in pages for item in page.get("RegistrationFieldDefinitions", ())]
    path = snapshot_path(registration_type, directory=directory)
    if type_definition is None and path.is_file():
        type_definition = _read_json(path).get("RegistrationTypeDefinition")
    document = {
        "RegistrationType": registration_type,
        "RegistrationFieldDefinitions": items,
        "RegistrationTypeDefinition": dict(type_definition or {"RegistrationType": registration_type}),
        "SnapshotInfo": {"Source": source, "TakenOn": taken_on, "Note": REFRESHED_NOTE},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _load_cached.cache_clear()
    _associations_cached.cache_clear()
    return path


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


@functools.lru_cache(maxsize=16)
def _load_cached(registration_type: str) -> RegistrationTypeDefinition:
    _check_type_name(registration_type)
    snapshot = importlib.resources.files(_PACKAGE).joinpath(_DEFINITIONS_DIR).joinpath(f"{registration_type}.json")
    if not snapshot.is_file():
        known = ", ".join(available_registration_types()) or "none"
        raise UnknownRegistrationTypeError(
            f"no field definitions shipped for registration type {registration_type!r} (known: {known}); "
            "run `sms-estate refresh-field-definitions --registration-type "
            f"{registration_type}` to take a snapshot"
        )
    document = json.loads(snapshot.read_text(encoding="utf-8"))
    return RegistrationTypeDefinition.from_api_pages(registration_type, [document])


@functools.lru_cache(maxsize=16)
def _associations_cached(registration_type: str) -> tuple[dict[str, str], ...]:
    load_snapshot(registration_type)  # the same checks and error for an unknown type
    snapshot = importlib.resources.files(_PACKAGE).joinpath(_DEFINITIONS_DIR).joinpath(f"{registration_type}.json")
    document = json.loads(snapshot.read_text(encoding="utf-8"))
    entries = document.get("RegistrationTypeDefinition", {}).get("SupportedAssociations", [])
    return tuple({str(k): str(v) for k, v in entry.items()} for entry in entries)
