"""``Custom::SmsAccountDefaultProtectConfiguration``: the protect configuration of sends that name no set.

Why a custom resource: the account default (what protects Cognito's direct path and every other send without
a configuration set) is set by ``SetAccountDefaultProtectConfiguration``, which neither
``AWS::SMSVOICE::ProtectConfiguration`` nor Terraform models. One per account and region: the config check
refuses a second environment of the same account and region that declares one.

- Create reads the live default (``DescribeProtectConfigurations``, filter ``account-default``) and records
  it in the physical ID (``…:previous=<id>`` or ``…:previous=none``): a Delete event carries the properties
  only, never what the account was before, so the ID is where it survives. It then sets ours, unless it
  already is the default (no write).
- Update (another configuration) sets the new one, or writes nothing if it is already the default. The
  physical ID never changes, so an Update is never a replacement and the recorded previous default stays
  the one from before the first Create. A rollback is an Update back to the old properties: the same code.
- Delete restores what Create found: ``Set…`` to the previous default if it still exists, else
  ``DeleteAccountDefaultProtectConfiguration`` (as when there was none). It only does so while the default
  is still ours: a default someone changed since (by hand, another stack) is theirs, and left alone.
- A failed Create's rollback Delete carries the Provider's placeholder ID (not ours): nothing was recorded,
  so nothing is restored; a Create that failed after its write cannot happen (the write is the last call).
- A recreated stack (deleted, deployed again) records the default found at its own Create: after the
  delete that is again what the account had before the first stack, so the chain ends where it began.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from sms_runtime import decision_log
from sms_runtime.contract import AccountDefaultProtectAttrs, AccountDefaultProtectProps
from sms_runtime.handlers.request import HandlerError, Request, Response, text
from sms_runtime.sms_client import Api, error_code

PHYSICAL_ID_PREFIX = "sms-estate:account-default-protect-configuration:previous="
NONE = "none"  # the account had no default (protect configuration IDs never equal it: they are "protect-…")
_NOT_FOUND = "ResourceNotFoundException"


def create(request: Request, api: Api) -> Response:
    wanted = _wanted(request)
    previous = live_default(api)
    _ensure(api, wanted, previous)
    return _response(previous or NONE, wanted)


def update(request: Request, api: Api) -> Response:
    """Set the new configuration (or nothing if it already is the default); keep the recorded previous one."""
    wanted = _wanted(request)
    _ensure(api, wanted, live_default(api))
    return _response(recorded_previous(request.physical_id) or NONE, wanted)


def delete(request: Request, api: Api) -> None:
    """Give the account back the default Create found, while the default is still the one we set."""
    if not request.physical_id.startswith(PHYSICAL_ID_PREFIX):
        decision_log.record_action("nothing-to-delete", reason="never-created")
        return
    ours = text(request.properties, AccountDefaultProtectProps.PROTECT_CONFIGURATION_ID)
    previous = recorded_previous(request.physical_id)
    live = live_default(api)
    if live != ours:
        decision_log.record_action("nothing-to-delete", reason="default-changed-outside" if live else "no-default")
        return
    if previous is not None and previous != ours and _exists(api, previous):
        api.call("SetAccountDefaultProtectConfiguration", ProtectConfigurationId=previous)
        decision_log.record_action("restore-previous-default", protect_configuration=previous)
    elif previous == ours:
        decision_log.record_action("unchanged", reason="was-default-before")
    else:
        api.call("DeleteAccountDefaultProtectConfiguration")
        reason = "previous-gone" if previous is not None else "no-previous-default"
        decision_log.record_action("delete-account-default", reason=reason)


def is_complete(request: Request, api: Api) -> dict[str, Any]:
    return {"IsComplete": True}  # every write is synchronous


def current_attributes(request: Request, api: Api) -> dict[str, str]:
    """What a rollback that keeps the resource as it is reports: the live default and the recorded previous."""
    return _attributes(recorded_previous(request.physical_id) or NONE, live_default(api) or NONE)


def recorded_previous(physical_id: str) -> str | None:
    """The default Create found (None: there was none, or the ID is not ours)."""
    if not physical_id.startswith(PHYSICAL_ID_PREFIX):
        return None
    value = physical_id[len(PHYSICAL_ID_PREFIX) :]
    return None if value == NONE else value


def live_default(api: Api) -> str | None:
    """The account's default protect configuration ID now (None: no default)."""
    found = api.pages(
        "DescribeProtectConfigurations",
        "ProtectConfigurations",
        Filters=[{"Name": "account-default", "Values": ["true"]}],
    )
    defaults = [str(item["ProtectConfigurationId"]) for item in found if item.get("AccountDefault")]
    return defaults[0] if defaults else None


def _exists(api: Api, protect_id: str) -> bool:
    try:
        api.call("DescribeProtectConfigurations", ProtectConfigurationIds=[protect_id])
    except ClientError as error:
        if error_code(error) != _NOT_FOUND:
            raise
        return False
    return True


def _ensure(api: Api, wanted: str, live: str | None) -> None:
    if live == wanted:
        decision_log.record_action("unchanged", protect_configuration=wanted)
        return
    api.call("SetAccountDefaultProtectConfiguration", ProtectConfigurationId=wanted)
    decision_log.record_action("set-account-default", protect_configuration=wanted, replaced=live or NONE)


def _wanted(request: Request) -> str:
    wanted = text(request.properties, AccountDefaultProtectProps.PROTECT_CONFIGURATION_ID)
    if wanted == NONE or not wanted.replace("-", "").replace("_", "").isalnum():
        raise HandlerError(
            f"property {AccountDefaultProtectProps.PROTECT_CONFIGURATION_ID} is not a protect configuration ID"
        )
    return wanted


def _response(previous: str, wanted: str) -> Response:
    return Response(PHYSICAL_ID_PREFIX + previous, _attributes(previous, wanted))


def _attributes(previous: str, default: str) -> dict[str, str]:
    return {
        AccountDefaultProtectAttrs.PROTECT_CONFIGURATION_ID: default,
        AccountDefaultProtectAttrs.PREVIOUS_DEFAULT: previous,
    }
