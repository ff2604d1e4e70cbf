"""Adopt the number a deleted stack of the same name left behind, before buying one.

Why: a first deploy that buys numbers and then fails ends in ``ROLLBACK_COMPLETE`` with the numbers
retained (right: a released number is gone for good). The user deletes that stack and deploys again
under the same name. Each number bills monthly and counts against a quota of 25 per region, so the new
deploy must take those numbers back instead of buying a second set.

How, at a bounded cost (bulk shards buy hundreds of numbers at once, so nothing here may cost a call
per number in the account per purchase):

1. The predecessors: ``ListStacks`` filtered to ``DELETE_COMPLETE`` lists stacks deleted in the last 90
   days; those with this stack's name and another ID are its predecessors. They were all deleted before
   this stack was created (a live stack's name is unique), so the list cannot change during this stack's
   life: it is read once per Lambda instance and stack (a module-level cache), on CloudFormation's quota.
   No predecessor (the usual case): nothing else is called.
2. For each predecessor, newest first (at most :data:`MAX_PREDECESSORS`): ``DescribeStackResource`` on
   the deleted stack's ID (CloudFormation keeps a deleted stack's resources readable by ID for 90 days)
   gives the physical ID the resource of the same logical ID had. A number ID there is checked with one
   ``DescribePhoneNumbers`` and one ``ListTagsForResource``: still owned (not released), and tagged with
   this resource's identity token (:meth:`Request.identity_token`: account, region, stack name, logical
   ID and the properties that decide which number it is). Only that number is adopted.
3. A predecessor whose create failed after buying (its physical ID is our placeholder, the number was
   bought by a poll whose answer never reached CloudFormation) is searched the way a lost purchase is
   (:func:`number_purchase.find_tagged`): tags are read only for numbers created while that stack lived.

A number found is used by nothing: its stack is gone, and its identity token names this very resource.
Numbers retained by stacks deleted more than 90 days ago are not found (CloudFormation forgets them);
the README says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from sms_runtime import decision_log
from sms_runtime.handlers.number_purchase import CREATED_SKEW_SECONDS, find_tagged, has_tag, is_phone_number_id
from sms_runtime.handlers.request import CLIENT_TOKEN_TAG, Request, stable_hash
from sms_runtime.sms_client import Api, error_code

MAX_PREDECESSORS = 3
_PREDECESSORS: dict[str, tuple[Predecessor, ...]] = {}


@dataclass(frozen=True)
class Predecessor:
    """A deleted stack with this stack's name: its ID and when it lived (seconds since the epoch)."""

    stack_id: str
    created: float
    deleted: float


def predecessors(api: Api, request: Request) -> tuple[Predecessor, ...]:
    """The deleted stacks of this stack's name, newest first (read once per stack ID and Lambda instance)."""
    cached = _PREDECESSORS.get(request.stack_id)
    if cached is not None:
        return cached
    found: list[Predecessor] = []
    token: str | None = None
    while True:
        page = api.stack_call(
            "ListStacks", StackStatusFilter=["DELETE_COMPLETE"], **({"NextToken": token} if token else {})
        )
        for summary in page.get("StackSummaries", []):
            if summary.get("StackName") == request.stack_name and summary.get("StackId") != request.stack_id:
                found.append(
                    Predecessor(
                        str(summary["StackId"]),
                        _seconds(summary.get("CreationTime")),
                        _seconds(summary.get("DeletionTime")),
                    )
                )
        token = page.get("NextToken")
        if not token:
            break
    newest = tuple(sorted(found, key=lambda p: p.deleted, reverse=True)[:MAX_PREDECESSORS])
    _PREDECESSORS[request.stack_id] = newest
    return newest


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
    for predecessor in predecessors(api, request):
        physical = _physical_id(api, predecessor, request.logical_id)
        if physical is None:
            continue
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


def _physical_id(api: Api, predecessor: Predecessor, logical_id: str) -> str | None:
    try:
        detail = api.stack_call("DescribeStackResource", StackName=predecessor.stack_id, LogicalResourceId=logical_id)[
            "StackResourceDetail"
        ]
    except ClientError as error:
        if error_code(error) == "ValidationError":  # the old stack had no such resource
            return None
        raise
    return str(detail.get("PhysicalResourceId") or "")


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


def _seconds(value: Any) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, int | float):
        return float(value)
    return 0.0


def forget_cache() -> None:
    """Drop the per-instance predecessor lists (tests that delete and recreate stacks in one process)."""
    _PREDECESSORS.clear()
