"""Adopt the number a deleted stack of the same name left behind, before buying one.

Why: a first deploy that buys numbers and then fails ends in ``ROLLBACK_COMPLETE`` with the numbers
retained (right: a released number is gone for good). The user deletes that stack and deploys again
under the same name. Each number bills monthly and counts against a quota of 25 per region, so the new
deploy must take those numbers back instead of buying a second set.

How, at a bounded cost (bulk shards buy hundreds of numbers at once, so nothing here may cost a call
per number in the account per purchase):

1. The predecessors (:mod:`sms_runtime.handlers.predecessors`, shared with registrations): ``ListStacks``
   filtered to ``DELETE_COMPLETE`` lists stacks deleted in the last 90 days; those with this stack's name
   and another ID are its predecessors, read once per Lambda instance and stack. No predecessor (the
   usual case): nothing else is called.
2. For each predecessor that had this logical ID, newest first (at most :data:`predecessors.MAX_PREDECESSORS`
   of them, :func:`predecessors.recorded`):
   ``DescribeStackResource`` on the deleted stack's ID (CloudFormation keeps a deleted stack's resources
   readable by ID for 90 days) gives the physical ID the resource of the same logical ID had. A number ID
   there is checked with one ``DescribePhoneNumbers`` and one ``ListTagsForResource``: still owned (not
   released), and tagged with this resource's identity token (:meth:`Request.identity_token`: account,
   region, stack name, logical ID and the properties that decide which number it is). Only that number
   is adopted.
3. A predecessor whose create failed after buying (its physical ID is our placeholder, the number was
   bought by a poll whose answer never reached CloudFormation) is searched the way a lost purchase is
   (:func:`number_purchase.find_tagged`): tags are read only for numbers created while that stack lived.

A number found is used by nothing: its stack is gone, and its identity token names this very resource.
Numbers retained by stacks deleted more than 90 days ago are not found (CloudFormation forgets them);
the README says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from sms_runtime import decision_log
from sms_runtime.handlers.number_purchase import CREATED_SKEW_SECONDS, find_tagged, has_tag, is_phone_number_id
from sms_runtime.handlers.predecessors import recorded
from sms_runtime.handlers.request import CLIENT_TOKEN_TAG, Request, stable_hash
from sms_runtime.sms_client import Api, error_code


@dataclass(frozen=True)
class Retained:
    """What the predecessors left for this resource: a number to adopt, or the ID of one they released.

    A released one matters too: its purchase used this resource's identity token, and while the API
    remembers that ``ClientToken`` it would answer a new request with the released number. So the
    purchase then uses :func:`purchase_token` instead.
    """

    number: dict[str, Any] | None = None
    released: str = ""


def adopt_retained(api: Api, request: Request, *, identity: str, filters: list[dict[str, Any]]) -> Retained:
    """The number a deleted predecessor's resource of this logical ID retained, if it carries ``identity``."""
    for predecessor, physical in recorded(api, request):
        if is_phone_number_id(physical):
            number, released = _owned(api, physical, identity, filters)
            if released:
                decision_log.record_action("predecessor-number-released", source="deleted-stack-of-same-name")
                return Retained(released=physical)
        else:
            since = predecessor.created - CREATED_SKEW_SECONDS
            number = find_tagged(api, filters=filters, client_token=identity, since=since)
        if number is not None:
            decision_log.record_action("adopt-retained", source="deleted-stack-of-same-name")
            return Retained(number=number)
    return Retained()


def purchase_token(identity: str, retained: Retained) -> str:
    """The ``ClientToken`` of this purchase: the identity token, unless a predecessor released its number."""
    return stable_hash(identity, "after-release", retained.released) if retained.released else identity


def _owned(
    api: Api, phone_number_id: str, identity: str, filters: list[dict[str, Any]]
) -> tuple[dict[str, Any] | None, bool]:
    """The number if it still exists and is this resource's; and whether it was released.

    It is this resource's if it carries the identity token, or (a number bought before the token stopped
    depending on the stack ID, so tagged with the old token) if CloudFormation recorded it for this very
    logical ID in a stack of this name and it is the kind of number asked for (``filters``: type,
    country, message type).
    """
    try:
        numbers = api.call("DescribePhoneNumbers", PhoneNumberIds=[phone_number_id])["PhoneNumbers"]
    except ClientError as error:
        if error_code(error) == "ResourceNotFoundException":
            return None, True
        raise
    if not numbers or numbers[0]["Status"] == "DELETED":
        return None, True
    number: dict[str, Any] = dict(numbers[0])
    if _is_kind(number, filters) or has_tag(api, number, CLIENT_TOKEN_TAG, identity):
        return number, False
    return None, False


_FILTER_FIELDS = {"number-type": "NumberType", "iso-country-code": "IsoCountryCode", "message-type": "MessageType"}


def _is_kind(number: dict[str, Any], filters: list[dict[str, Any]]) -> bool:
    """Whether the number matches every ``DescribePhoneNumbers`` filter of the purchase."""
    return all(
        str(number.get(_FILTER_FIELDS.get(f["Name"], ""), "")) in f["Values"]
        for f in filters
        if f["Name"] in _FILTER_FIELDS
    )
