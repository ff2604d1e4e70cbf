"""Buying a phone number during ``isComplete`` polls, so that throttling delays a purchase but never fails it.

Why not in ``onEvent``: each purchase costs a ``RequestPhoneNumber``, limited to 1 request/s for the
whole account and region. When hundreds of numbers are bought at
once (8 bulk shard stacks of ~40 numbers deploying in parallel, or other work sharing the quota), one
invocation's budget (under 10 minutes) cannot cover them all, and an ``onEvent`` that runs out of time
fails the deploy. An ``isComplete`` poll can say "not yet" instead: the Provider framework calls it
again 30 s later, until the custom resource's hour is up. So ``onEvent`` validates the properties and
records a :class:`PendingPurchase` (no API call); each poll then buys, and a poll that runs out of time
reports ``IsComplete: false`` and the next poll carries on. The account's limit is not read first: a
full account makes ``RequestPhoneNumber`` itself fail with ``ServiceQuotaExceededException``, which
says the same thing, and a separate check would take a second 1 request/s quota for every purchase.

The physical ID while waiting. For a Create, ``onEvent`` returns a placeholder (:func:`placeholder_id`,
never a ``PhoneNumberId``). The poll that buys returns the number's ID as ``PhysicalResourceId``, and the
framework answers CloudFormation with it in place of ``onEvent``'s: its ``isComplete`` submits
``{...event, ...isCompleteResult, Data: {...event.Data, ...isCompleteResult.Data}}``, and
``IsCompleteResponse.PhysicalResourceId`` is documented as "If present, overrides the PhysicalResourceId
of OnEventResponse" (aws/aws-cdk, ``packages/aws-cdk-lib/custom-resources/lib/provider-framework/
runtime/framework.ts`` at commit 4c35d5f8, and ``../types.d.ts``; the compiled runtime of aws-cdk-lib
2.275, which this package uses, has the same code). If the create fails or times out while waiting,
the framework reports the placeholder, so CloudFormation's rollback Delete carries it; a create that
CloudFormation cancels while it is still in progress (another resource failed) gets a Delete with an
ID CloudFormation generates itself (aws-cloudformation/cloudformation-coverage-roadmap#1814). Either
Delete releases nothing and succeeds: ``phone_number.delete`` ignores every ID not a number's. For an Update that needs a new number, ``onEvent`` keeps the old ID: a
failure while waiting leaves the resource on its old number, as a failed purchase in ``onEvent`` did.

A rollback does not stop the framework's waiter. If the stack rolls back for another reason while a
purchase waits, CloudFormation has moved on (its Delete got a non-number ID and released nothing), but
the waiter keeps polling for the rest of its hour. A number bought then would belong to no resource,
and after a failed first deploy (``ROLLBACK_COMPLETE``) the user deletes and recreates the stack: the
new stack ID gives a new ``ClientToken`` and ownership tag, so the redeploy would buy a second number.
So every poll asks CloudFormation first (:func:`still_awaited`: ``DescribeStackResource`` and
``DescribeStacks``, before its purchase attempts) whether this resource is still ``CREATE_IN_PROGRESS``
(a Create) or ``UPDATE_IN_PROGRESS`` (a replacement) and the stack is not rolling back; otherwise the
poll starts no purchase and fails, which also
ends the waiter (the framework's failure response reaches a CloudFormation that no longer waits for it,
and changes nothing there). What remains, and is not closed here:

* a poll that passed the check keeps trying to buy for up to :data:`BUY_ATTEMPT_SECONDS` (a minute)
  after it, then says "not yet" so the next poll checks again; a rollback that starts within that
  minute can still be followed by one purchase (kept, tagged with its ``ClientToken``);
* an Update rollback sends this resource an Update back to its old properties, during which it is
  ``UPDATE_IN_PROGRESS`` again; the stack's ``*ROLLBACK*`` status stops a replacement's poll then. That
  the stack shows such a status from the start of the rollback is the user guide's account, not
  verified against a real account here;
* which statuses CloudFormation reports for a custom resource while it rolls back (e.g. ``CREATE_FAILED``
  with "Resource creation cancelled", then ``DELETE_IN_PROGRESS``/``DELETE_COMPLETE``) is documented
  behaviour but not verified against a real account here; the check only relies on the in-progress
  status of the request itself, and anything else (including a stack that no longer exists) stops.

A number bought is never reported as not bought. A poll can buy and then run out of time (a lost
``RequestPhoneNumber`` response followed by throttled retries, or a throttled ``UpdatePhoneNumber``), so
a poll after the deadline does not know whether an earlier one bought. It must not call
``RequestPhoneNumber`` to find out (that would buy if nothing was bought), so it looks for the number
(:func:`find_bought`): ``DescribePhoneNumbers`` filtered by type, country and message type, and
``ListTagsForResource`` only for numbers created since the purchase started, to match the
``ClientToken`` tag. The pages are unavoidable (the API filters neither by tag nor by creation time),
but the lookup runs only after the deadline (or when ``RequestPhoneNumber`` says the quota is exhausted:
the number that filled it may be this purchase's), i.e. rarely, and the tag reads stay few however large the account. Only if
that finds nothing does the
deploy fail with "no number was bought". Cheaper alternatives were rejected: the Provider framework
discards what an unfinished poll returns, so no "bought" flag can reach the next poll; and finishing
the settings before the deadline check would not cover a lost response.

Economy: one poll makes its two CloudFormation reads once and then gives up to a minute to
``RequestPhoneNumber``, so the reads are repeated only by a poll that follows one that ran out of time
(about once per 90 s of throttling: a minute of attempts, then the 30 s query interval), not once per
throttled attempt.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from sms_runtime.handlers.request import CLIENT_TOKEN_TAG, HandlerError, stable_hash
from sms_runtime.sms_client import LAMBDA_TIMEOUT_SECONDS, Api, BudgetExhaustedError, error_code, error_reason, tags

# CloudFormation gives a custom resource 3600 s (ServiceTimeout) from sending the request, and the
# construct's Provider waits as long (provider.TOTAL_TIMEOUT). Every poll's Api stops at ANSWER_CUTOFF
# seconds after the purchase started (see ``poll_api``), so its answer (a call started then runs at
# most MAX_CALL_SECONDS, 35 s) reaches CloudFormation inside the hour, with room for the framework's
# start and clock skew between Lambda instances. The purchase window ends a whole poll
# (LAMBDA_TIMEOUT_SECONDS) before that cut-off, so the poll after the window can still look for a
# number an earlier poll bought (find_bought) and finish its settings.
CUSTOM_RESOURCE_SECONDS = 3600.0
ANSWER_MARGIN_SECONDS = 60.0
ANSWER_CUTOFF_SECONDS = CUSTOM_RESOURCE_SECONDS - ANSWER_MARGIN_SECONDS
PURCHASE_WINDOW_SECONDS = ANSWER_CUTOFF_SECONDS - LAMBDA_TIMEOUT_SECONDS
# How much earlier than onEvent's clock a number's CreatedTimestamp (the service's clock) may read and
# still be this purchase's: generous, since a number wrongly skipped would be reported as not bought.
CREATED_SKEW_SECONDS = 300.0

PLACEHOLDER_PREFIX = "sms-estate:pending-phone-number:"
_PHONE_NUMBER_ID = re.compile(r"phone-[A-Za-z0-9]+")
_PENDING = "pending"
# The status of a custom resource while CloudFormation waits for the answer to this request type.
_AWAITED_STATUS = {"Create": "CREATE_IN_PROGRESS", "Update": "UPDATE_IN_PROGRESS"}
# How long one poll keeps trying to buy after :func:`still_awaited` said CloudFormation waits: a rollback
# that starts later is seen by the next poll's check, so at most this long passes unseen. Each purchase
# uses a fixed part of it, between half and all (see :func:`attempt_seconds`).
BUY_ATTEMPT_SECONDS = 60.0


@dataclass(frozen=True)
class PendingPurchase:
    """A purchase ``onEvent`` asked for and ``isComplete`` carries out.

    ``replacing`` is the number an Update replaces ("" for a Create); it is part of the ``ClientToken``.
    ``deadline`` is seconds since the epoch after which no purchase may start: the epoch, not a
    monotonic clock, because the polls run in other Lambda instances than ``onEvent``.
    """

    replacing: str
    deadline: float

    @classmethod
    def start(cls, api: Api, replacing: str = "") -> PendingPurchase:
        return cls(replacing, api.epoch() + PURCHASE_WINDOW_SECONDS)

    @property
    def started(self) -> float:
        """When ``onEvent`` recorded the purchase (seconds since the epoch): no attempt is older."""
        return self.deadline - PURCHASE_WINDOW_SECONDS

    def poll_api(self, api: Api) -> Api:
        """``api`` stopped at :data:`ANSWER_CUTOFF_SECONDS` after the purchase started, whatever the poll's budget.

        Why: a poll that starts near the end of the hour would otherwise run its full budget, and its
        answer (even "bought") would reach CloudFormation after the ServiceTimeout, which fails the
        resource. Raises ``HandlerError`` once the cut-off has passed.
        """
        left = self.started + ANSWER_CUTOFF_SECONDS - api.epoch()
        if left <= 0:
            raise HandlerError(
                "this custom resource's hour is over, so this poll makes no call; a number an earlier poll may "
                f"have bought carries its {CLIENT_TOKEN_TAG} tag and a later deploy of this stack adopts it"
            )
        return api.limited(left)

    def expired(self, api: Api) -> bool:
        return api.epoch() >= self.deadline

    def carry(self) -> dict[str, str]:
        """The ``onEvent`` field the framework passes to every poll (see ``request.CARRY_KEY``)."""
        return {"Purchase": _PENDING, "Replacing": self.replacing, "Deadline": f"{self.deadline:.3f}"}

    @classmethod
    def from_carry(cls, carry: Mapping[str, Any]) -> PendingPurchase | None:
        if carry.get("Purchase") != _PENDING:
            return None
        return cls(str(carry.get("Replacing") or ""), float(carry["Deadline"]))


@dataclass(frozen=True)
class AwaitedResource:
    """The custom resource a purchase is for, as CloudFormation knows it (see :func:`still_awaited`)."""

    stack_id: str
    logical_id: str
    request_type: str


def placeholder_id(client_token: str) -> str:
    """The physical ID of a Create until its number is bought; it never looks like a ``PhoneNumberId``."""
    return PLACEHOLDER_PREFIX + client_token[:16]


def is_phone_number_id(physical_id: str) -> bool:
    """True for a real number's ID; false for a placeholder, the framework's failed-create marker, or an
    ID CloudFormation generated for a cancelled create (a ``<stack>-<logical>-<random>`` name).

    Why only ``phone-`` and letters/digits, not ``phone-`` and 32 hex digits: botocore's model types
    ``PhoneNumberId`` as a plain string (no pattern; ``PhoneNumberIdOrArn`` allows ``[A-Za-z0-9_:/-]+``),
    and the 32-hex form is what this package's fake produces, not a format AWS documents. A check
    stricter than the service would treat a real number as "not a number": its release would be
    skipped and ``is_complete`` would refuse it, so the looser check is the safe one.
    """
    return _PHONE_NUMBER_ID.fullmatch(physical_id) is not None


def buy(
    api: Api,
    pending: PendingPurchase,
    *,
    resource: AwaitedResource,
    params: Mapping[str, Any],
    client_token: str,
    ownership_tags: Mapping[str, str],
    filters: list[dict[str, Any]],
    identity: str = "",
) -> dict[str, Any]:
    """Check that CloudFormation still waits, then request the number.

    ``identity`` is the value of the number's client-token tag, by which a lost purchase is found; it is
    ``client_token`` itself unless that had to differ (see ``number_adoption.purchase_token``).

    Nothing starts after ``pending.deadline``: the caller looks for a bought number instead
    (:func:`find_bought`). Raises ``BudgetExhaustedError`` when the poll (or the window) runs out while
    throttled: the caller reports "not complete" and the next poll repeats this with the same
    ``ClientToken``.
    """
    window = pending.deadline - api.epoch()
    if window <= 0:
        raise BudgetExhaustedError("the purchase window closed; the next poll looks for a bought number")
    still_awaited(api.limited(window), resource)
    buying = api.limited(min(window, attempt_seconds(client_token)))
    try:
        return buying.call("RequestPhoneNumber", **params, Tags=tags(ownership_tags), ClientToken=client_token)
    except ClientError as error:
        code = error_code(error)
        if code == "ServiceQuotaExceededException":
            # Perhaps full because an earlier poll bought this very number and lost the answer (without
            # the AdoptByTag scan nothing else would notice): report that number, never "nothing was bought".
            quota = HandlerError(
                f"RequestPhoneNumber refused: the account's quota is exhausted ({error_reason(error) or error}); "
                "request a quota increase or release numbers before adding more (nothing was bought)"
            )
            return _bought_or_raise(buying, pending, filters, identity or client_token, quota)
        if code == "ConflictException":
            raise HandlerError(
                f"RequestPhoneNumber refused with a conflict ({error_reason(error) or error}): the "
                f"{CLIENT_TOKEN_TAG} of this resource was already used with other properties (a number bought for "
                "this resource's earlier properties, found by that tag, may exist), or the pool/registration "
                "does not accept the number; nothing was bought by this request"
            ) from error
        raise


def attempt_seconds(client_token: str) -> float:
    """How long this purchase's polls try to buy after their check: half of :data:`BUY_ATTEMPT_SECONDS`
    to all of it, fixed per purchase by its ``ClientToken`` (so a rerun behaves the same).

    Why not always the whole minute: a bulk deploy starts hundreds of purchases at once, and with one
    window they would all stop together, wait out the Provider's 30 s query interval together and leave
    the account's 1 request/s idle meanwhile, every cycle (300 numbers took 1.30x the quota-bound
    minimum). Spread windows keep some purchase trying at every moment.
    """
    spread = int(stable_hash("attempt-window", client_token)[:8], 16) / 0xFFFFFFFF
    return BUY_ATTEMPT_SECONDS * (0.5 + 0.5 * spread)


def _bought_or_raise(
    api: Api, pending: PendingPurchase, filters: list[dict[str, Any]], client_token: str, failure: HandlerError
) -> dict[str, Any]:
    """The number an earlier poll bought if there is one (see :func:`buy`); otherwise raise ``failure``."""
    number = find_bought(api, pending, filters=filters, client_token=client_token)
    if number is None:
        raise failure
    return number


def still_awaited(api: Api, resource: AwaitedResource) -> None:
    """Refuse to buy unless CloudFormation still waits for this resource's request (one call).

    After a rollback the resource is no longer in progress (or the stack is gone, which CloudFormation
    reports as a ``ValidationError``), and a number bought then would belong to nothing. During an
    Update rollback the resource is ``UPDATE_IN_PROGRESS`` again (CloudFormation sends it the Update
    back to its old properties), so the stack's own status is read too (``DescribeStacks`` on the same
    stack ARN): any ``*ROLLBACK*`` status stops the purchase. Two calls per poll, on CloudFormation's
    quota, not the SMS API's.

    Not verified against a real account: which statuses a custom resource shows during a rollback,
    and that the stack reports ``ROLLBACK_IN_PROGRESS``/``UPDATE_ROLLBACK_IN_PROGRESS`` (the
    CloudFormation user guide's stack status codes) from the moment the rollback starts, before the
    cancelled request is answered. Only the in-progress status of the request itself, in a stack not
    rolling back, lets a purchase go on, so an unexpected status stops it.
    """
    expected = _AWAITED_STATUS.get(resource.request_type)
    try:
        detail = api.stack_call(
            "DescribeStackResource", StackName=resource.stack_id, LogicalResourceId=resource.logical_id
        )["StackResourceDetail"]
        status = str(detail.get("ResourceStatus", ""))
    except ClientError as error:
        if error_code(error) != "ValidationError":
            raise
        status = f"unknown to CloudFormation ({error})"
    if status == expected:
        stacks = api.stack_call("DescribeStacks", StackName=resource.stack_id).get("Stacks", [])
        stack_status = str(stacks[0].get("StackStatus", "")) if stacks else "unknown"
        if "ROLLBACK" in stack_status or not stacks:
            raise HandlerError(
                f"the stack is rolling back (its status is {stack_status}), so CloudFormation will not keep "
                f"{resource.logical_id}'s new number and this poll starts no purchase; a number an earlier poll "
                f"may have bought keeps its {CLIENT_TOKEN_TAG} tag"
            )
    if status != expected:
        raise HandlerError(
            f"CloudFormation no longer waits for {resource.logical_id} (its status is {status}, not "
            f"{expected}; the stack is rolling back or gone), so this poll starts no purchase; a number an "
            f"earlier poll may have bought keeps its {CLIENT_TOKEN_TAG} tag"
        )


def find_bought(
    api: Api, pending: PendingPurchase, *, filters: list[dict[str, Any]], client_token: str
) -> dict[str, Any] | None:
    """The number an earlier poll of this purchase bought, if any, without any chance of buying one.

    Tags are read only for numbers created since the purchase started (less the clock skew
    allowance), so the cost in ``ListTagsForResource`` does not grow with the account's older numbers.
    """
    return find_tagged(api, filters=filters, client_token=client_token, since=pending.started - CREATED_SKEW_SECONDS)


def find_tagged(api: Api, *, filters: list[dict[str, Any]], client_token: str, since: float) -> dict[str, Any] | None:
    """The live number matching ``filters`` created after ``since`` that carries ``client_token`` as its tag.

    ``DescribePhoneNumbers`` pages are unavoidable (the API filters neither by tag nor by creation time),
    but tags are read only for the numbers created since ``since``, so the tag reads do not grow with
    the account's older numbers.
    """
    for number in api.pages("DescribePhoneNumbers", "PhoneNumbers", Filters=filters):
        if number["Status"] == "DELETED" or _created(number) < since:
            continue
        if has_tag(api, number, CLIENT_TOKEN_TAG, client_token):
            return number
    return None


def has_tag(api: Api, number: Mapping[str, Any], key: str, value: str) -> bool:
    """Whether the number carries the tag ``key`` = ``value`` (one ``ListTagsForResource``)."""
    found = api.call("ListTagsForResource", ResourceArn=number["PhoneNumberArn"]).get("Tags", [])
    return {"Key": key, "Value": value} in found


def not_bought() -> HandlerError:
    """The failure after the deadline, once :func:`find_bought` has shown that no number exists."""
    return HandlerError(
        "the phone number could not be bought within this custom resource's hour (the account's "
        "RequestPhoneNumber quota stayed busy, or the API kept failing), and no number "
        "of this purchase exists (checked by its client-token tag), so no number was bought and no purchase "
        "is started any more; deploy again"
    )


def _created(number: Mapping[str, Any]) -> float:
    """``CreatedTimestamp`` as seconds since the epoch (botocore parses it into an aware datetime)."""
    created = number.get("CreatedTimestamp")
    if created is None:
        return float("inf")  # unknown: read its tags rather than risk missing it
    if isinstance(created, int | float):
        return float(created)
    return float(created.timestamp())
