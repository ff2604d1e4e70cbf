"""Field values as the API stores them, and the difference between desired and live values.

Why compare against live values (``DescribeRegistrationFieldValues``) rather than the previous
template: the live version is the truth. A new version starts empty, a half-finished earlier attempt
may have put some fields, and someone may have edited the draft in the console; comparing with what
is really there makes every run put exactly what is missing or different, and nothing when nothing
differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sms_runtime.registration.field_model import RegistrationTypeDefinition
from sms_runtime.registration.field_types import FieldValue
from sms_runtime.registration.field_validation import normalize_values
from sms_runtime.sms_client import Api


@dataclass(frozen=True)
class FieldDiff:
    """What must be written to make the live version hold the desired values."""

    to_put: Mapping[str, FieldValue]
    to_delete: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.to_put and not self.to_delete


def live_values(api: Api, registration_id: str, version_number: int) -> dict[str, FieldValue]:
    """The values stored on one version, as ``FieldValue`` (attachments as their id)."""
    items = api.pages(
        "DescribeRegistrationFieldValues",
        "RegistrationFieldValues",
        RegistrationId=registration_id,
        VersionNumber=version_number,
    )
    return {str(item["FieldPath"]): _from_api(item) for item in items if _from_api(item) != ""}


def diff(desired: Mapping[str, FieldValue], live: Mapping[str, FieldValue]) -> FieldDiff:
    """Fields whose desired value differs from the live one, and live fields no longer desired."""
    to_put = {path: value for path, value in desired.items() if not _same(value, live.get(path))}
    return FieldDiff(to_put, tuple(sorted(set(live) - set(desired))))


def put_params(
    definition: RegistrationTypeDefinition, registration_id: str, path: str, value: FieldValue
) -> dict[str, Any]:
    """``PutRegistrationFieldValue`` parameters: the value goes in the member its field type needs."""
    item = definition.fields[path]
    normalized = normalize_values({path: value}, definition)[path]
    member: dict[str, Any]
    if item.field_type == "SELECT":
        member = {"SelectChoices": list(normalized)}
    elif item.field_type == "ATTACHMENT":
        member = {"RegistrationAttachmentId": normalized}
    else:
        member = {"TextValue": normalized}
    return {"RegistrationId": registration_id, "FieldPath": path, **member}


def _from_api(item: Mapping[str, Any]) -> FieldValue:
    if "SelectChoices" in item:
        return [str(choice) for choice in item["SelectChoices"]]
    return str(item.get("TextValue") or item.get("RegistrationAttachmentId") or "")


def _same(desired: FieldValue, live: FieldValue | None) -> bool:
    if live is None:
        return False
    if isinstance(desired, list) or isinstance(live, list):
        as_list = [desired] if isinstance(desired, str) else desired
        live_list = [live] if isinstance(live, str) else live
        return list(as_list) == list(live_list)
    return desired == live
