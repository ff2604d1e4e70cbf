"""CloudFormation custom-resource requests as typed values, and property parsing.

CloudFormation passes every property value as a string (``true`` becomes ``"true"``, ``3`` becomes
``"3"``), whatever the template said, so every boolean is parsed here, once, strictly: a typo such as
``"ture"`` must fail the deploy rather than silently mean "no".
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

STACK_TAG = "sms-estate:stack-id"
LOGICAL_ID_TAG = "sms-estate:logical-id"
CLIENT_TOKEN_TAG = "sms-estate:client-token"

# A top-level field of the onEvent result. The CDK Provider framework merges the whole onEvent result
# into the event every isComplete poll receives (``createResponseEvent``: ``{...cfnRequest,
# ...onEventResult, PhysicalResourceId}`` in aws-cdk-lib custom-resources/lib/provider-framework/
# runtime/framework.ts), so this is how onEvent hands work to isComplete. The poll's own result is
# discarded unless it reports completion: the field reaches every poll unchanged.
CARRY_KEY = "SmsEstateCarry"


class HandlerError(Exception):
    """A failure the user must act on; its message becomes the CloudFormation failure reason."""


@dataclass(frozen=True)
class Request:
    """The fields of a Provider-framework event the handlers use."""

    request_type: str
    resource_type: str
    stack_id: str
    logical_id: str
    request_id: str
    physical_id: str
    properties: Mapping[str, Any]
    old_properties: Mapping[str, Any]
    data: Mapping[str, Any] = field(default_factory=dict)
    carry: Mapping[str, Any] = field(default_factory=dict)  # what onEvent handed to isComplete

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> Request:
        return cls(
            request_type=str(event["RequestType"]),
            resource_type=str(event.get("ResourceType", "")),
            stack_id=str(event["StackId"]),
            logical_id=str(event["LogicalResourceId"]),
            request_id=str(event.get("RequestId", "")),
            physical_id=str(event.get("PhysicalResourceId", "")),
            properties=dict(event.get("ResourceProperties") or {}),
            old_properties=dict(event.get("OldResourceProperties") or {}),
            data=dict(event.get("Data") or {}),
            carry=dict(event.get(CARRY_KEY) or {}),
        )

    def client_token(self, *parts: str) -> str:
        """A ``ClientToken`` that is the same for every retry of this resource's request.

        Derived from the stack and logical ID (never the request ID, which changes when a failed
        create is retried by a later deploy) plus ``parts`` that distinguish deliberate new objects,
        such as the physical ID being replaced.
        """
        return stable_hash(self.stack_id, self.logical_id, *parts)

    def ownership_tags(self, client_token: str) -> dict[str, str]:
        """Tags that let a later attempt find and adopt what an earlier one created."""
        return {STACK_TAG: self.stack_id, LOGICAL_ID_TAG: self.logical_id, CLIENT_TOKEN_TAG: client_token}


@dataclass(frozen=True)
class Response:
    """What ``on_event`` hands back to the framework (``carry``: work left for ``is_complete``)."""

    physical_id: str
    data: Mapping[str, str] = field(default_factory=dict)
    carry: Mapping[str, Any] = field(default_factory=dict)

    def to_event_result(self) -> dict[str, Any]:
        result: dict[str, Any] = {"PhysicalResourceId": self.physical_id, "Data": dict(self.data)}
        if self.carry:
            result[CARRY_KEY] = dict(self.carry)
        return result


def stable_hash(*parts: str) -> str:
    """64 hex characters (the API's ``ClientToken`` maximum) derived from ``parts``."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def text(props: Mapping[str, Any], name: str, default: str | None = None) -> str:
    """A required (or defaulted) string property."""
    value = props.get(name, default)
    if value is None or value == "":
        if default is not None:
            return default
        raise HandlerError(f"property {name} is required")
    if not isinstance(value, str):
        raise HandlerError(f"property {name} must be a string, got {type(value).__name__}")
    return value


def optional_text(props: Mapping[str, Any], name: str) -> str | None:
    """A string property that may be absent or empty (both mean "not set")."""
    value = props.get(name)
    return None if value in (None, "") else text(props, name)


def flag(props: Mapping[str, Any], name: str, default: bool) -> bool:
    """A boolean property as CloudFormation delivers it: ``"true"``/``"false"`` (or a real bool)."""
    value = props.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise HandlerError(f"property {name} must be true or false, got {value!r}")


def string_list(props: Mapping[str, Any], name: str) -> tuple[str, ...]:
    """A list-of-strings property (absent means empty)."""
    value = props.get(name) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise HandlerError(f"property {name} must be a list of strings")
    return tuple(value)


def mapping(props: Mapping[str, Any], name: str) -> dict[str, Any]:
    """A map property (absent means empty)."""
    value = props.get(name) or {}
    if not isinstance(value, dict):
        raise HandlerError(f"property {name} must be a map")
    return dict(value)
