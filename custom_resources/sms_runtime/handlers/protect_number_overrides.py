"""``Custom::SmsProtectNumberOverrides``: one protect configuration's per-number ALLOW/BLOCK overrides.

Why a custom resource: ``PutProtectConfigurationRuleSetNumberOverride`` is an API call that
``AWS::SMSVOICE::ProtectConfiguration`` does not model. The resource carries the configuration's ID (a
``Fn::GetAtt``, so CloudFormation creates the configuration first) and the declared overrides.

- Create and Update list the live overrides (``List…``, paged) and put only the declared ones that differ
  (action or expiry): an unchanged deploy, or a rollback to what is live, writes nothing. An Update then
  deletes the overrides the *old* properties declared and the new ones do not, if still live. Overrides this
  resource never declared (a person's, another tool's) are never touched.
- A declared override whose expiry has passed is not put again (the service refuses a past expiry, and the
  declaration said "until then"): it is logged as expired, and the deploy goes on.
- Delete removes the overrides the properties declared, if still live; a configuration that is already gone
  needs nothing. The configuration itself is CloudFormation's.
- The physical ID names the configuration, so another configuration is a replacement: CloudFormation then
  sends a Delete with the old properties, which removes the old configuration's overrides.

Phone numbers are personal data: logs and failure reasons carry the last four digits only (API errors are
re-raised as a value-free :class:`HandlerError` naming the masked number and the error code).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError

from sms_runtime import decision_log
from sms_runtime.contract import NumberOverrideKeys, ProtectNumberOverridesAttrs, ProtectNumberOverridesProps
from sms_runtime.decision_log import mask_phone_number
from sms_runtime.handlers.request import HandlerError, Request, Response, text
from sms_runtime.sms_client import Api, error_code

PHYSICAL_ID_PREFIX = "sms-estate:protect-number-overrides:"
# The API's ``ProtectConfigurationRuleOverrideAction`` enum (botocore's model; a test keeps them equal).
ACTIONS = ("ALLOW", "BLOCK")
# E.164: botocore's ``PhoneNumber`` pattern (``\+?[1-9][0-9]{1,18}``) with the plus required.
E164 = re.compile(r"\+[1-9][0-9]{1,18}")
_NOT_FOUND = "ResourceNotFoundException"


@dataclass(frozen=True)
class Override:
    """One declared override; ``expires`` in epoch seconds (None: never)."""

    number: str
    action: str
    expires: float | None


def create(request: Request, api: Api) -> Response:
    protect_id, wanted = _declared(request.properties)
    live = live_overrides(api, protect_id)
    return _reconcile(api, protect_id, wanted, (), live)


def update(request: Request, api: Api) -> Response:
    protect_id, wanted = _declared(request.properties)
    _old_id, old = _declared(request.old_properties)
    live = live_overrides(api, protect_id)
    return _reconcile(api, protect_id, wanted, [o.number for o in old] if _old_id == protect_id else [], live)


def delete(request: Request, api: Api) -> None:
    """Remove the overrides the properties declared, where still live; never anyone else's."""
    if not request.physical_id.startswith(PHYSICAL_ID_PREFIX):
        decision_log.record_action("nothing-to-delete", reason="never-created")
        return
    protect_id, declared = _declared(request.properties)
    try:
        live = live_overrides(api, protect_id)
    except ClientError as error:
        if error_code(error) != _NOT_FOUND:
            raise
        decision_log.record_action("nothing-to-delete", reason="protect-configuration-gone")
        return
    removed = [o.number for o in declared if o.number in live]
    for number in removed:
        _delete(api, protect_id, number)
    decision_log.record_action(
        "delete-overrides" if removed else "nothing-to-delete", deleted=",".join(mask_phone_number(n) for n in removed)
    )


def is_complete(request: Request, api: Api) -> dict[str, Any]:
    return {"IsComplete": True}  # every write is synchronous


def current_attributes(request: Request, api: Api) -> dict[str, str]:
    """What a rollback that keeps the resource as it is reports: how many declared overrides are live."""
    protect_id, declared = _declared(request.properties)
    live = live_overrides(api, protect_id)
    return _attributes(protect_id, sum(1 for o in declared if o.number in live))


def _reconcile(
    api: Api, protect_id: str, wanted: list[Override], old_numbers: Iterable[str], live: Mapping[str, Override]
) -> Response:
    now = api.epoch()
    put, expired, unchanged = [], [], 0
    for override in wanted:
        if override.expires is not None and override.expires <= now:
            expired.append(override.number)
        elif live.get(override.number) == override:
            unchanged += 1
        else:
            expiry: dict[str, Any] = {}
            if override.expires is not None:
                expiry["ExpirationTimestamp"] = datetime.fromtimestamp(override.expires, UTC)
            with _masked("PutProtectConfigurationRuleSetNumberOverride", override.number):
                api.call(
                    "PutProtectConfigurationRuleSetNumberOverride",
                    ProtectConfigurationId=protect_id,
                    DestinationPhoneNumber=override.number,
                    Action=override.action,
                    **expiry,
                )
            put.append(override.number)
    wanted_numbers = {o.number for o in wanted}
    dropped = [n for n in old_numbers if n not in wanted_numbers and n in live]
    for number in dropped:
        _delete(api, protect_id, number)
    decision_log.record_action(
        "reconcile-overrides" if put or dropped else "unchanged",
        put=",".join(mask_phone_number(n) for n in put),
        deleted=",".join(mask_phone_number(n) for n in dropped),
        expired=",".join(mask_phone_number(n) for n in expired),
        unchanged=str(unchanged),
    )
    return Response(PHYSICAL_ID_PREFIX + protect_id, _attributes(protect_id, len(wanted) - len(expired)))


@contextmanager
def _masked(action: str, number: str) -> Iterator[None]:
    """An API error about one number becomes a failure reason with the number masked (the service may echo it)."""
    try:
        yield
    except ClientError as error:
        raise HandlerError(
            f"{action} for {mask_phone_number(number)} failed: {error_code(error) or 'error'}", code="api"
        ) from None


def _delete(api: Api, protect_id: str, number: str) -> None:
    with _masked("DeleteProtectConfigurationRuleSetNumberOverride", number):
        api.call(
            "DeleteProtectConfigurationRuleSetNumberOverride",
            ProtectConfigurationId=protect_id,
            DestinationPhoneNumber=number,
        )


def live_overrides(api: Api, protect_id: str) -> dict[str, Override]:
    """The configuration's live overrides by number. Raises the API's ``ResourceNotFoundException``."""
    found = api.pages(
        "ListProtectConfigurationRuleSetNumberOverrides", "RuleSetNumberOverrides", ProtectConfigurationId=protect_id
    )
    return {
        str(item["DestinationPhoneNumber"]): Override(
            str(item["DestinationPhoneNumber"]), str(item["Action"]), _epoch(item.get("ExpirationTimestamp"))
        )
        for item in found
    }


def _epoch(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.timestamp()
    return parse_expiry(str(value))


def parse_expiry(value: str) -> float:
    """``2027-01-31T00:00:00Z`` (ISO 8601, UTC) as epoch seconds; ``ValueError`` otherwise."""
    if not value.endswith("Z"):
        raise ValueError("not an ISO 8601 UTC timestamp ending in Z")
    return datetime.fromisoformat(value[:-1] + "+00:00").timestamp()


def _declared(props: Mapping[str, Any]) -> tuple[str, list[Override]]:
    protect_id = text(props, ProtectNumberOverridesProps.PROTECT_CONFIGURATION_ID)
    entries = props.get(ProtectNumberOverridesProps.OVERRIDES) or []
    if not isinstance(entries, list):
        raise HandlerError(f"property {ProtectNumberOverridesProps.OVERRIDES} must be a list")
    overrides: list[Override] = []
    for position, entry in enumerate(entries):
        overrides.append(_override(position, entry))
    numbers = [o.number for o in overrides]
    if len(set(numbers)) != len(numbers):
        raise HandlerError(f"property {ProtectNumberOverridesProps.OVERRIDES} declares a number twice")
    return protect_id, overrides


def _override(position: int, entry: Any) -> Override:
    where = f"{ProtectNumberOverridesProps.OVERRIDES}[{position}]"
    if not isinstance(entry, Mapping):
        raise HandlerError(f"{where} must be a map")
    number = str(entry.get(NumberOverrideKeys.DESTINATION_PHONE_NUMBER, ""))
    if not E164.fullmatch(number):
        raise HandlerError(
            f"{where}.{NumberOverrideKeys.DESTINATION_PHONE_NUMBER} is not an E.164 number ({mask_phone_number(number)})"
        )
    action = str(entry.get(NumberOverrideKeys.ACTION, ""))
    if action not in ACTIONS:
        raise HandlerError(f"{where}.{NumberOverrideKeys.ACTION} must be one of {', '.join(ACTIONS)}, got {action!r}")
    raw = entry.get(NumberOverrideKeys.EXPIRATION_TIMESTAMP)
    try:
        expires = parse_expiry(str(raw)) if raw else None
    except ValueError:
        raise HandlerError(
            f"{where}.{NumberOverrideKeys.EXPIRATION_TIMESTAMP} is not like 2027-01-31T00:00:00Z"
        ) from None
    return Override(number, action, expires)


def _attributes(protect_id: str, count: int) -> dict[str, str]:
    return {
        ProtectNumberOverridesAttrs.PROTECT_CONFIGURATION_ID: protect_id,
        ProtectNumberOverridesAttrs.OVERRIDE_COUNT: str(count),
    }
