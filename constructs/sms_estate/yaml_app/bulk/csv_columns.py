"""What each CSV header means: the mapping table in ``csv_columns.json`` plus the API's own field paths.

Why data and not code: the blog's spreadsheet wording drifts ("Zip Code / Postal Code", "Postal
Code"), and adding an alias must not need a code change. Why also raw field paths: exports and other
tools speak the API (``companyInfo.companyName``); both can be mixed in one file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from sms_runtime.registration.field_definitions import load_snapshot

ColumnKind = Literal["field", "attachment", "row"]
ROW_SETTINGS = ("name", "region", "type", "number_type", "number_country", "message_type", "submit")
DEFAULT_TYPE = "US_TOLL_FREE_REGISTRATION"


@dataclass(frozen=True)
class Column:
    """One header of the CSV: its text, its position and what it fills."""

    header: str
    kind: ColumnKind
    target: str  # a field path, or a row setting from ROW_SETTINGS


def normalize_header(header: str) -> str:
    """``'Zip Code / Postal Code '`` -> ``'zipcodepostalcode'``: case, spaces and punctuation ignored."""
    return re.sub(r"[^a-z0-9]", "", header.lower())


@cache
def _table() -> Mapping[str, Any]:
    text = resources.files("sms_estate.yaml_app.bulk").joinpath("csv_columns.json").read_text(encoding="utf-8")
    data: Mapping[str, Any] = json.loads(text)
    return data


@cache
def _aliases() -> Mapping[str, tuple[ColumnKind, str]]:
    aliases: dict[str, tuple[ColumnKind, str]] = {}
    for header, target in _table()["columns"].items():
        kind, _, value = str(target).partition(":")
        aliases[normalize_header(header)] = (kind, value)  # type: ignore[assignment]
    return aliases


@cache
def field_kinds(registration_type: str = DEFAULT_TYPE) -> Mapping[str, str]:
    """Field path -> FieldType (TEXT, SELECT, ATTACHMENT) from the shipped definitions snapshot."""
    return {path: f.field_type for path, f in load_snapshot(registration_type).fields.items()}


def resolve(header: str) -> Column | None:
    """The column a header names, or None if it names nothing known."""
    stripped = header.strip()
    kinds = field_kinds()
    if stripped in kinds:
        return Column(stripped, "attachment" if kinds[stripped] == "ATTACHMENT" else "field", stripped)
    known = _aliases().get(normalize_header(stripped))
    return Column(stripped, known[0], known[1]) if known else None


def choice_value(field_path: str, value: str, options: Sequence[str]) -> str:
    """A spreadsheet wording of a SELECT choice as the API's value; unknown wording is returned as is.

    Exact options win, then the table's aliases, then ``'Polling and surveys'`` -> ``POLLING_AND_SURVEYS``.
    The lint and the field validation report whatever is still not an option, with the column.
    """
    if value in options:
        return value
    aliases = {normalize_header(k): v for k, v in _table()["choices"].get(field_path, {}).items()}
    if normalize_header(value) in aliases:
        return str(aliases[normalize_header(value)])
    shouted = re.sub(r"[^A-Z0-9]+", "_", value.upper().replace("&", " AND ")).strip("_")
    return shouted if shouted in options else value
