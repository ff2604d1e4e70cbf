"""``Custom::SmsConfigurationSetDefaults``: a configuration set's default message type.

Why a custom resource: ``SetDefaultMessageType`` is an API call that ``AWS::SMSVOICE::ConfigurationSet``
does not model (its schema has no such property), so CloudFormation alone cannot set it. The
resource carries ``ConfigurationSetName`` (a ``Ref`` to the set, so CloudFormation creates the set
first) and ``DefaultMessageType`` (``TRANSACTIONAL`` or ``PROMOTIONAL``).

- Create sets it (one write; the set was just created, so there is nothing to compare with).
- Update reads the live value (``DescribeConfigurationSets``) and writes only if it differs: an
  unchanged deploy, or a rollback to a value that is already live, writes nothing.
- Delete (the key left the config, or the set is renamed) restores the API default with
  ``DeleteDefaultMessageType``, if a default is still set. A configuration set's default costs neither
  money nor weeks and is restored by one call, so, unlike numbers and registrations, no ``on_delete``
  opt-in guards it. A set that is already gone (deleted or renamed with the stack) needs nothing.

The physical ID names the set, so a rename is a replacement: CloudFormation then sends a Delete for
the old set's ID, with the old properties.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from botocore.exceptions import ClientError

from sms_runtime import decision_log
from sms_runtime.contract import ConfigurationSetDefaultsAttrs, ConfigurationSetDefaultsProps
from sms_runtime.handlers.request import HandlerError, Request, Response, text
from sms_runtime.sms_client import Api, error_code

PHYSICAL_ID_PREFIX = "sms-estate:configuration-set-defaults:"
# The API's ``MessageType`` enum (botocore's model; a test keeps them equal).
MESSAGE_TYPES = ("TRANSACTIONAL", "PROMOTIONAL")
_NOT_FOUND = "ResourceNotFoundException"
T = TypeVar("T")


def create(request: Request, api: Api) -> Response:
    name, wanted = _wanted(request)
    _set(api, name, wanted)
    return _response(name, wanted)


def update(request: Request, api: Api) -> Response:
    """Write only when the live default differs from the wanted one (no write on an unchanged deploy)."""
    name, wanted = _wanted(request)
    live = live_default(api, name)
    if live == wanted:
        decision_log.record_action("unchanged", message_type=wanted)
    else:
        _set(api, name, wanted)
    return _response(name, wanted)


def delete(request: Request, api: Api) -> None:
    """Restore the API default, unless the set is gone or has no default any more."""
    name = text(request.properties, ConfigurationSetDefaultsProps.CONFIGURATION_SET_NAME)
    gone, live = _unless_gone(lambda: live_default(api, name))
    if live is not None:  # the set may go meanwhile: the stack can delete it at the same time
        gone, _ = _unless_gone(lambda: api.call("DeleteDefaultMessageType", ConfigurationSetName=name))
        if not gone:
            decision_log.record_action("delete-default-message-type", previous=live)
            return
    decision_log.record_action("nothing-to-delete", reason="configuration-set-gone" if gone else "no-default")


def is_complete(request: Request, api: Api) -> dict[str, Any]:
    return {"IsComplete": True}  # every write is synchronous


def current_attributes(request: Request, api: Api) -> dict[str, str]:
    """What a rollback that keeps the resource as it is reports: the set's live default, if any.

    A set that is gone has no default to keep: the rollback is answered with its name alone.
    """
    name = text(request.properties, ConfigurationSetDefaultsProps.CONFIGURATION_SET_NAME)
    _gone, live = _unless_gone(lambda: live_default(api, name))
    return _attributes(name, live)


def _unless_gone(call: Callable[[], T]) -> tuple[bool, T | None]:
    """``(False, call())``, or ``(True, None)`` when the set does not exist; any other error is raised."""
    try:
        return False, call()
    except ClientError as error:
        if error_code(error) != _NOT_FOUND:
            raise
        return True, None


def live_default(api: Api, name: str) -> str | None:
    """The set's ``DefaultMessageType`` (None: not set). Raises the API's ``ResourceNotFoundException``."""
    answer = api.call("DescribeConfigurationSets", ConfigurationSetNames=[name])
    for found in answer.get("ConfigurationSets", []):
        if found.get("ConfigurationSetName") == name:
            value = found.get("DefaultMessageType")
            return str(value) if value else None
    raise HandlerError(f"configuration set {name!r} was not described by DescribeConfigurationSets")


def _wanted(request: Request) -> tuple[str, str]:
    name = text(request.properties, ConfigurationSetDefaultsProps.CONFIGURATION_SET_NAME)
    wanted = text(request.properties, ConfigurationSetDefaultsProps.DEFAULT_MESSAGE_TYPE)
    if wanted not in MESSAGE_TYPES:
        raise HandlerError(
            f"property {ConfigurationSetDefaultsProps.DEFAULT_MESSAGE_TYPE} must be one of "
            f"{', '.join(MESSAGE_TYPES)}, got {wanted!r}"
        )
    return name, wanted


def _set(api: Api, name: str, wanted: str) -> None:
    api.call("SetDefaultMessageType", ConfigurationSetName=name, MessageType=wanted)
    decision_log.record_action("set-default-message-type", message_type=wanted)


def _response(name: str, wanted: str) -> Response:
    return Response(PHYSICAL_ID_PREFIX + name, _attributes(name, wanted))


def _attributes(name: str, default_message_type: str | None) -> dict[str, str]:
    """The resource's attributes; a set with no default has no ``DefaultMessageType`` attribute."""
    attrs = {ConfigurationSetDefaultsAttrs.CONFIGURATION_SET_NAME: name}
    if default_message_type:
        attrs[ConfigurationSetDefaultsAttrs.DEFAULT_MESSAGE_TYPE] = default_message_type
    return attrs
