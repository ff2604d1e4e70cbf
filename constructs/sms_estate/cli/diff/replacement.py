"""Which property changes make CloudFormation (or our custom resources) replace a resource.

For ``AWS::*`` types the answer is data, not opinion: the resource provider schemas list
``createOnlyProperties``, and cfn-lint ships those schemas per region. For our custom resources the
handler decides, so the answer is the handler's own list of properties a number keeps for life.
A custom registration is never replaced: its handler refuses a type change instead (see
``checks.registrations``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from sms_estate.yaml_app.errors import Problem, UserFacingError
from sms_runtime.contract import PHONE_NUMBER_TYPE
from sms_runtime.handlers.phone_number import IDENTITY_PROPERTIES as NUMBER_IDENTITY_PROPERTIES

_FALLBACK_REGION = "us-east-1"


@cache
def create_only_pointers(resource_type: str, region: str) -> tuple[tuple[str, ...], ...]:
    """``createOnlyProperties`` of a type as JSON-pointer parts below ``/properties`` (empty if unknown)."""
    if resource_type == PHONE_NUMBER_TYPE:
        return tuple((name,) for name in NUMBER_IDENTITY_PROPERTIES)
    if not resource_type.startswith("AWS::"):
        return ()
    try:
        from cfnlint.schema import PROVIDER_SCHEMA_MANAGER, ResourceNotFoundError
    except ImportError as error:  # pragma: no cover - cfn-lint is pinned in requirements.lock
        raise UserFacingError(
            [Problem("requirements.lock", "cfn-lint", "the diff needs cfn-lint's resource schemas; run ./dev")]
        ) from error
    for where in (region, _FALLBACK_REGION):
        try:
            schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(where, resource_type).schema
        except ResourceNotFoundError:
            continue
        pointers = schema.get("createOnlyProperties", [])
        return tuple(tuple(str(p).split("/")[2:]) for p in pointers if str(p).startswith("/properties/"))
    return ()


def _at(properties: Mapping[str, Any], parts: tuple[str, ...]) -> Any:
    """The value at a pointer; a ``*`` (any list item) compares the whole list above it."""
    value: Any = properties
    for part in parts:
        if part == "*" or not isinstance(value, dict):
            return value
        value = value.get(part)
    return value


def replacing_properties(
    resource_type: str, region: str, old: Mapping[str, Any], new: Mapping[str, Any]
) -> tuple[str, ...]:
    """The create-only properties whose value differs: non-empty means the resource is replaced."""
    return tuple(
        "/".join(parts) for parts in create_only_pointers(resource_type, region) if _at(old, parts) != _at(new, parts)
    )
