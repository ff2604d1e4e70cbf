"""CloudFormation custom-resource requests as typed values, and property parsing.

CloudFormation passes every property value as a string (``true`` becomes ``"true"``, ``3`` becomes
``"3"``), whatever the template said, so every boolean is parsed here, once, strictly: a typo such as
``"ture"`` must fail the deploy rather than silently mean "no".
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

STACK_TAG = "sms-estate:stack-id"
# The stack's name outlives its ID (a stack deleted and created again keeps the name): ownership that
# must survive a recreated stack, and IAM conditions on what a stack may touch, use this tag.
STACK_NAME_TAG = "sms-estate:stack-name"
LOGICAL_ID_TAG = "sms-estate:logical-id"
CLIENT_TOKEN_TAG = "sms-estate:client-token"

# A top-level field of the onEvent result. The CDK Provider framework merges the whole onEvent result
# into the event every isComplete poll receives (``createResponseEvent``: ``{...cfnRequest,
# ...onEventResult, PhysicalResourceId}`` in aws-cdk-lib custom-resources/lib/provider-framework/
# runtime/framework.ts), so this is how onEvent hands work to isComplete. The poll's own result is
# discarded unless it reports completion: the field reaches every poll unchanged.
CARRY_KEY = "SmsEstateCarry"


class HandlerError(Exception):
    """A failure the user must act on; its message becomes the CloudFormation failure reason.

    ``code`` names the kind of failure in logs and in a rollback's Data, where the message (which may
    name IDs) is not repeated.
    """

    def __init__(self, message: str, *, code: str = "refused") -> None:
        super().__init__(message)
        self.code = code


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

    @property
    def stack_name(self) -> str:
        """The stack's name, from its ARN (``arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/UUID``)."""
        return _stack_arn_part(self.stack_id, "name")

    @property
    def region(self) -> str:
        """The stack's region, from its ARN (empty for a bare stack name)."""
        return _stack_arn_part(self.stack_id, "region")

    def identity_token(self, *parts: str) -> str:
        """A ``ClientToken`` that survives the stack itself: account, region, stack *name*, logical ID, ``parts``.

        Why not the stack ID: a first deploy that fails after buying leaves ``ROLLBACK_COMPLETE``; the
        user deletes the stack and deploys again under the same name, with a new stack ID. A token (and
        ownership tag) tied to the ID would make that deploy buy every number a second time. ``parts``
        name what decides *which* object it is (a number's type, country, message type, capabilities),
        so a failed create retried with other properties never reuses a token with other parameters.
        """
        return stable_hash(
            _stack_arn_part(self.stack_id, "account"),
            _stack_arn_part(self.stack_id, "region"),
            self.stack_name,
            self.logical_id,
            *parts,
        )

    def client_token(self, *parts: str) -> str:
        """A ``ClientToken`` that is the same for every retry of this resource's request.

        Derived from the stack and logical ID (never the request ID, which changes when a failed
        create is retried by a later deploy) plus ``parts`` that distinguish deliberate new objects,
        such as the physical ID being replaced.
        """
        return stable_hash(self.stack_id, self.logical_id, *parts)

    def ownership_tags(self, client_token: str) -> dict[str, str]:
        """Tags that let a later attempt find and adopt what an earlier one created.

        Nothing in them depends on the stack ID: a request repeated by a stack deleted and created again
        must send the very same parameters, or the API refuses its reused ``ClientToken`` as a conflict.
        (Numbers bought before this carry ``sms-estate:stack-id``, :data:`STACK_TAG`; IAM still honours it.)
        """
        return {
            STACK_NAME_TAG: self.stack_name,
            LOGICAL_ID_TAG: self.logical_id,
            CLIENT_TOKEN_TAG: client_token,
        }


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


_STACK_ARN = re.compile(r"arn:[^:]+:cloudformation:(?P<region>[^:]*):(?P<account>[^:]*):stack/(?P<name>[^/]+)/.*")


def _stack_arn_part(stack_id: str, part: str) -> str:
    """One part of a stack ARN; a bare name (tests that pass one) is its own name, with no account or region."""
    match = _STACK_ARN.fullmatch(stack_id)
    if match is None:
        return stack_id if part == "name" else ""
    return match.group(part)


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
