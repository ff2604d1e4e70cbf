"""``Custom::SmsPhoneNumber``: request, update and (only on request) release one phone number.

Why a custom resource: ``AWS::SMSVOICE::PhoneNumber`` cannot bind a number to a registration, a pool
or a message type. Why so careful: a number bills from the moment it exists and a released number
is gone for good. So:

* every request carries a ``ClientToken`` derived from the stack ID and logical ID, and the number is
  tagged with it. A retry of the same resource in the same stack (a repeated poll, a lost response,
  a failed create deployed again) gets the number already bought instead of a second one: through the
  token while the API remembers it, afterwards through the tag scan where ``AdoptByTag`` is on. That
  guarantee ends with the stack ID: a recreated stack has new tokens. So a purchase starts only while
  CloudFormation still waits for the resource (a rolled-back create never buys later for nothing), and
  a number bought is never reported as not bought (see :mod:`sms_runtime.handlers.number_purchase`,
  which also says which narrow cases remain);
* the account's number limit is checked before buying, so a deploy fails clearly instead of
  leaving half the numbers bought;
* a change only a new number can satisfy fails the deploy unless ``AllowReplacement`` is true; but an
  Update whose number already has the requested identity (the rollback of a failed replacement) is
  an update in place, never a second purchase (:func:`live_identity`);
* on delete the number is kept unless ``OnDelete`` is ``release``; a Delete for an ID that is not a
  number's (our placeholder, or the ID CloudFormation generates for a create it cancelled:
  aws-cloudformation/cloudformation-coverage-roadmap#1814) changes nothing; a release that fails turns
  deletion protection back on.

Purchases (a Create, or an Update allowed to replace) happen in ``is_complete``, not ``on_event``:
``on_event`` validates and records the request, and each poll tries to buy until it succeeds (or the
49-minute deadline passes, or CloudFormation stops waiting for the resource), so a busy account only
makes the deploy slower (:mod:`sms_runtime.handlers.number_purchase` says why and
how). Updates in place and deletes stay in ``on_event``: they cost one or two calls.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from sms_runtime.handlers.number_purchase import (
    AwaitedResource,
    PendingPurchase,
    buy,
    find_bought,
    is_phone_number_id,
    not_bought,
    placeholder_id,
)
from sms_runtime.handlers.request import (
    CLIENT_TOKEN_TAG,
    HandlerError,
    Request,
    Response,
    flag,
    optional_text,
    string_list,
    text,
)
from sms_runtime.sms_client import Api, BudgetExhaustedError, error_code

ON_DELETE_CHOICES = ("retain", "release")

# Properties a number keeps for life; UpdatePhoneNumber cannot change them.
IDENTITY_PROPERTIES = ("NumberType", "IsoCountryCode", "MessageType", "NumberCapabilities", "PoolId", "RegistrationId")


@dataclass(frozen=True)
class NumberSpec:
    """The desired number, parsed from the resource properties."""

    number_type: str
    iso_country_code: str
    message_type: str
    capabilities: tuple[str, ...]
    opt_out_list_name: str | None
    pool_id: str | None
    registration_id: str | None
    deletion_protection: bool
    on_delete: str
    allow_replacement: bool
    adopt_by_tag: bool = True

    @classmethod
    def from_properties(cls, props: Mapping[str, Any]) -> NumberSpec:
        on_delete = text(props, "OnDelete", "retain")
        if on_delete not in ON_DELETE_CHOICES:
            raise HandlerError(f"property OnDelete must be one of {ON_DELETE_CHOICES}, got {on_delete!r}")
        return cls(
            number_type=text(props, "NumberType"),
            iso_country_code=text(props, "IsoCountryCode"),
            message_type=text(props, "MessageType"),
            capabilities=tuple(sorted(string_list(props, "NumberCapabilities"))),
            opt_out_list_name=optional_text(props, "OptOutListName"),
            pool_id=optional_text(props, "PoolId"),
            registration_id=optional_text(props, "RegistrationId"),
            deletion_protection=flag(props, "DeletionProtectionEnabled", True),
            on_delete=on_delete,
            allow_replacement=flag(props, "AllowReplacement", False),
            adopt_by_tag=flag(props, "AdoptByTag", True),
        )

    def identity(self) -> dict[str, object]:
        return dict(
            zip(
                IDENTITY_PROPERTIES,
                (
                    self.number_type,
                    self.iso_country_code,
                    self.message_type,
                    self.capabilities,
                    self.pool_id,
                    self.registration_id,
                ),
                strict=True,
            )
        )


def create(request: Request, api: Api) -> Response:
    """Validate (a typo fails before anything is bought) and leave the purchase to the polls."""
    NumberSpec.from_properties(request.properties)
    pending = PendingPurchase.start(api)
    return Response(placeholder_id(_client_token(request, pending)), carry=pending.carry())


def update(request: Request, api: Api) -> Response:
    new = NumberSpec.from_properties(request.properties)
    old = NumberSpec.from_properties(request.old_properties)
    changed = [name for name, value in new.identity().items() if old.identity()[name] != value]
    if changed:
        live = _describe(api, request.physical_id) if is_phone_number_id(request.physical_id) else None
        if live is not None and live_identity(live) == new.identity():
            # A rollback back to this very number (see :func:`live_identity`): settings only, same ID.
            return Response(request.physical_id, _attributes(_apply_settings(api, live, new)))
        if not new.allow_replacement:
            raise HandlerError(
                f"changing {', '.join(changed)} of phone number {request.physical_id} needs a new number "
                "(a number keeps these for life); set AllowReplacement to true to buy a new one, "
                "or revert the change"
            )
        # The old ID stays until the new number is bought: a failure meanwhile leaves the old number.
        return Response(request.physical_id, carry=PendingPurchase.start(api, replacing=request.physical_id).carry())
    number = _describe(api, request.physical_id)
    if number is None:
        raise HandlerError(f"phone number {request.physical_id} no longer exists in this account")
    return Response(request.physical_id, _attributes(_apply_settings(api, number, new)))


def live_identity(number: Mapping[str, Any]) -> dict[str, object]:
    """The identity properties of a number as ``DescribePhoneNumbers`` reports them (see ``update``).

    Why ``update`` asks the number itself rather than trusting the old properties: when a replacement
    fails (or the stack fails elsewhere while it waits), the resource keeps its old ID, and
    CloudFormation's rollback sends an Update for that ID whose *new* properties are the original ones
    and whose *old* properties are the failed ones. Comparing the two sets would see a replacement and
    either refuse it (the rollback fails: ``UPDATE_ROLLBACK_FAILED``) or buy a second number (and the
    rollback's clean-up might then release the first). The live number already has the identity the
    rollback asks for, so it is updated in place. Every field of :data:`IDENTITY_PROPERTIES` is in
    ``PhoneNumberInformation`` (botocore's model); ``PoolId``/``RegistrationId`` are absent when unset.
    """
    return dict(
        zip(
            IDENTITY_PROPERTIES,
            (
                str(number.get("NumberType", "")),
                str(number.get("IsoCountryCode", "")),
                str(number.get("MessageType", "")),
                tuple(sorted(str(c) for c in number.get("NumberCapabilities") or [])),
                number.get("PoolId") or None,
                number.get("RegistrationId") or None,
            ),
            strict=True,
        )
    )


def delete(request: Request, api: Api) -> None:
    if not is_phone_number_id(request.physical_id):
        return  # a placeholder: the create failed or was rolled back before a number was returned
    spec = NumberSpec.from_properties(request.properties)
    if spec.on_delete != "release":
        return
    number = _describe(api, request.physical_id)
    if number is None or number["Status"] == "DELETED":
        return
    protected = bool(number["DeletionProtectionEnabled"])
    if protected:
        api.call("UpdatePhoneNumber", PhoneNumberId=request.physical_id, DeletionProtectionEnabled=False)
    try:
        api.call("ReleasePhoneNumber", PhoneNumberId=request.physical_id)
    except Exception as error:
        # The number stays; so must its protection, or a failed delete would leave it unguarded.
        if protected:
            try:
                api.call("UpdatePhoneNumber", PhoneNumberId=request.physical_id, DeletionProtectionEnabled=True)
            except Exception as restore_error:  # the release's failure is the one to report
                error.add_note(f"deletion protection of {request.physical_id} is still off: {restore_error}")
        raise


def is_complete(request: Request, api: Api) -> dict[str, Any]:
    """Buy the number ``on_event`` asked for; "not complete" while throttled, so the next poll goes on.

    The result's ``PhysicalResourceId`` (the number's ID) replaces ``on_event``'s placeholder, or the
    replaced number's ID, in the framework's answer to CloudFormation (see ``number_purchase``). Other
    requests have nothing to wait for: a toll-free number stays PENDING until its registration
    completes, which is the registration's business.
    """
    pending = PendingPurchase.from_carry(request.carry)
    if request.request_type == "Delete":
        return {"IsComplete": True}
    if pending is None:
        if not is_phone_number_id(request.physical_id):
            # Completing would hand CloudFormation a placeholder as if it were the number's ID.
            raise HandlerError(
                f"{request.request_type} of {request.logical_id} reached isComplete without its purchase "
                f"(physical ID {request.physical_id!r} is not a phone number's); nothing was bought by this poll"
            )
        return {"IsComplete": True}
    spec = NumberSpec.from_properties(request.properties)
    try:
        number = _provision(request, pending.poll_api(api), spec, pending)
    except BudgetExhaustedError:
        return {"IsComplete": False}
    return {"IsComplete": True, "PhysicalResourceId": str(number["PhoneNumberId"]), "Data": _attributes(number)}


def _provision(request: Request, api: Api, spec: NumberSpec, pending: PendingPurchase) -> Mapping[str, Any]:
    """Adopt or buy before the deadline; after it, only look for what an earlier poll bought.

    The settings come last, so a poll that bought and then ran out of time leaves them to the next
    poll, which finds the number again (through the ``ClientToken`` before the deadline, through
    :func:`find_bought` after it) and finishes them.
    """
    token = _client_token(request, pending)
    if pending.expired(api):
        number = find_bought(api, pending, filters=_identity_filters(spec), client_token=token)
        if number is None:
            raise not_bought()
        return _apply_settings(api, number, spec)
    number = _adopt(api, spec, token) if spec.adopt_by_tag else None
    if number is None:
        number = buy(
            api,
            pending,
            resource=AwaitedResource(request.stack_id, request.logical_id, request.request_type),
            params=_request_params(spec),
            client_token=token,
            ownership_tags=request.ownership_tags(token),
            filters=_identity_filters(spec),
        )
    return _apply_settings(api, number, spec)


def _client_token(request: Request, pending: PendingPurchase) -> str:
    """The same for every poll and every retry of this purchase (what makes a repeat buy nothing)."""
    return request.client_token("phone-number", pending.replacing)


def _adopt(api: Api, spec: NumberSpec, token: str) -> dict[str, Any] | None:
    """A number an earlier attempt of this request bought (found by its client-token tag).

    This covers a retry after the ClientToken's idempotency window has passed. It costs one
    ListTagsForResource per matching number in the account, so it grows with the account: bulk shard
    stacks, which create hundreds of numbers at once, turn it off (``AdoptByTag: false``) and rely on
    the deterministic ClientToken alone.
    """
    for number in api.pages("DescribePhoneNumbers", "PhoneNumbers", Filters=_identity_filters(spec)):
        if number["Status"] == "DELETED":
            continue
        found = api.call("ListTagsForResource", ResourceArn=number["PhoneNumberArn"]).get("Tags", [])
        if {"Key": CLIENT_TOKEN_TAG, "Value": token} in found:
            return number
    return None


def _identity_filters(spec: NumberSpec) -> list[dict[str, Any]]:
    """``DescribePhoneNumbers`` filters that narrow a search to numbers ``spec`` could have bought."""
    return [
        {"Name": "number-type", "Values": [spec.number_type]},
        {"Name": "iso-country-code", "Values": [spec.iso_country_code]},
        {"Name": "message-type", "Values": [spec.message_type]},
    ]


def _request_params(spec: NumberSpec) -> dict[str, Any]:
    params: dict[str, Any] = {
        "NumberType": spec.number_type,
        "IsoCountryCode": spec.iso_country_code,
        "MessageType": spec.message_type,
        "NumberCapabilities": list(spec.capabilities),
        "DeletionProtectionEnabled": spec.deletion_protection,
    }
    optional = {
        "OptOutListName": spec.opt_out_list_name,
        "PoolId": spec.pool_id,
        "RegistrationId": spec.registration_id,
    }
    params.update({key: value for key, value in optional.items() if value})
    return params


def _apply_settings(api: Api, number: Mapping[str, Any], spec: NumberSpec) -> Mapping[str, Any]:
    """Make the settings ``UpdatePhoneNumber`` can change match ``spec``; no call when they do."""
    changes: dict[str, Any] = {}
    if bool(number.get("DeletionProtectionEnabled")) != spec.deletion_protection:
        changes["DeletionProtectionEnabled"] = spec.deletion_protection
    if spec.opt_out_list_name and number.get("OptOutListName") != spec.opt_out_list_name:
        changes["OptOutListName"] = spec.opt_out_list_name
    if not changes:
        return number
    return api.call("UpdatePhoneNumber", PhoneNumberId=number["PhoneNumberId"], **changes)


def _describe(api: Api, phone_number_id: str) -> dict[str, Any] | None:
    try:
        numbers = api.call("DescribePhoneNumbers", PhoneNumberIds=[phone_number_id])["PhoneNumbers"]
    except ClientError as error:
        if error_code(error) == "ResourceNotFoundException":
            return None
        raise
    return dict(numbers[0]) if numbers else None


def _attributes(number: Mapping[str, Any]) -> dict[str, str]:
    return {
        "PhoneNumberId": str(number["PhoneNumberId"]),
        "PhoneNumberArn": str(number["PhoneNumberArn"]),
        "PhoneNumber": str(number["PhoneNumber"]),
    }
