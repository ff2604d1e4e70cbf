"""Buying a phone number during ``isComplete`` polls, so that throttling delays a purchase but never fails it.

Why not in ``onEvent``: each purchase costs one ``DescribeAccountLimits`` and one ``RequestPhoneNumber``,
both limited to 1 request/s for the whole account and region. When hundreds of numbers are bought at
once (8 bulk shard stacks of ~40 numbers deploying in parallel, or other work sharing the quota), one
invocation's budget (under 10 minutes) cannot cover them all, and an ``onEvent`` that runs out of time
fails the deploy. An ``isComplete`` poll can say "not yet" instead: the Provider framework calls it
again 30 s later, until the custom resource's hour is up. So ``onEvent`` validates the properties and
records a :class:`PendingPurchase` (no API call); each poll then checks the limit and buys, and a poll
that runs out of time reports ``IsComplete: false`` and the next poll carries on.

The physical ID while waiting. For a Create, ``onEvent`` returns a placeholder (:func:`placeholder_id`,
never a ``PhoneNumberId``). The poll that buys returns the number's ID as ``PhysicalResourceId``, and the
framework answers CloudFormation with it in place of ``onEvent``'s: its ``isComplete`` submits
``{...event, ...isCompleteResult, Data: {...event.Data, ...isCompleteResult.Data}}``, and
``IsCompleteResponse.PhysicalResourceId`` is documented as "If present, overrides the PhysicalResourceId
of OnEventResponse" (aws/aws-cdk, ``packages/aws-cdk-lib/custom-resources/lib/provider-framework/
runtime/framework.ts`` at commit 4c35d5f8, and ``../types.d.ts``; the compiled runtime of aws-cdk-lib
2.275, which this package uses, has the same code). If the create fails or times out while waiting,
the framework reports the placeholder, so CloudFormation's rollback Delete carries it; that Delete
releases nothing and succeeds. For an Update that needs a new number, ``onEvent`` keeps the old ID: a
failure while waiting leaves the resource on its old number, as a failed purchase in ``onEvent`` did.

A rollback does not stop the framework's waiter: if the stack rolls back for another reason while a
purchase waits, a later poll may still buy within the window. That number is kept (never released
without a number ID to release), tagged with the resource's ``ClientToken``; the next deploy of the
resource gets it back instead of buying another, through that token while the API remembers it, or
through the tag scan where ``AdoptByTag`` is on.

Safety is unchanged. The ``ClientToken`` derives from the stack and logical ID (and the number being
replaced), so a poll that repeats ``RequestPhoneNumber`` after a lost response gets the same number,
never a second one. The account limit is checked before buying. No purchase starts after the deadline
``onEvent`` records (:data:`PURCHASE_WINDOW_SECONDS`, short of the custom resource's hour), because
CloudFormation has stopped waiting by then and a number bought later would belong to no resource.

Economy: one poll checks the limit once and then gives the rest of its budget to ``RequestPhoneNumber``,
so ``DescribeAccountLimits`` is called again only by a poll that follows one that ran out of time
(about once per 10 minutes of throttling), not once per throttled attempt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sms_runtime.handlers.request import HandlerError
from sms_runtime.sms_client import Api, tags

# CloudFormation gives a custom resource 3600 s (ServiceTimeout) from sending the request, and the
# construct's Provider waits as long (provider.TOTAL_TIMEOUT). Five minutes of that are kept back
# for the framework's start, the buying poll's last calls and clock skew between Lambda instances.
CUSTOM_RESOURCE_SECONDS = 3600.0
WINDOW_MARGIN_SECONDS = 300.0
PURCHASE_WINDOW_SECONDS = CUSTOM_RESOURCE_SECONDS - WINDOW_MARGIN_SECONDS

PLACEHOLDER_PREFIX = "sms-estate:pending-phone-number:"
_PENDING = "pending"


@dataclass(frozen=True)
class PendingPurchase:
    """A purchase ``onEvent`` asked for and ``isComplete`` carries out.

    ``replacing`` is the number an Update replaces ("" for a Create); it is part of the ``ClientToken``.
    ``deadline`` is seconds since the epoch after which no purchase may start.
    """

    replacing: str
    deadline: float

    @classmethod
    def start(cls, api: Api, replacing: str = "") -> PendingPurchase:
        return cls(replacing, api.epoch() + PURCHASE_WINDOW_SECONDS)

    def carry(self) -> dict[str, str]:
        """The ``onEvent`` field the framework passes to every poll (see ``request.CARRY_KEY``)."""
        return {"Purchase": _PENDING, "Replacing": self.replacing, "Deadline": f"{self.deadline:.3f}"}

    @classmethod
    def from_carry(cls, carry: Mapping[str, Any]) -> PendingPurchase | None:
        if carry.get("Purchase") != _PENDING:
            return None
        return cls(str(carry.get("Replacing") or ""), float(carry["Deadline"]))


def placeholder_id(client_token: str) -> str:
    """The physical ID of a Create until its number is bought; it never looks like a ``PhoneNumberId``."""
    return PLACEHOLDER_PREFIX + client_token[:16]


def is_phone_number_id(physical_id: str) -> bool:
    """True for a real number's ID; false for a placeholder or the framework's failed-create marker."""
    return physical_id.startswith("phone-")


def buy(
    api: Api,
    pending: PendingPurchase,
    *,
    params: Mapping[str, Any],
    client_token: str,
    ownership_tags: Mapping[str, str],
) -> dict[str, Any]:
    """Check the account limit, then request the number, both before ``pending.deadline``.

    Raises ``BudgetExhaustedError`` when the poll (or the window) runs out while throttled: the caller
    reports "not complete" and the next poll repeats this with the same ``ClientToken``.
    """
    window = pending.deadline - api.epoch()
    if window <= 0:
        raise HandlerError(
            "the phone number could not be bought within this custom resource's hour (the account's "
            "DescribeAccountLimits/RequestPhoneNumber quota stayed busy, or the API kept failing), so no "
            "purchase is started any more; deploy again (the ClientToken returns a number an earlier "
            "attempt bought instead of buying another)"
        )
    buying = api.limited(window)
    check_account_limit(buying)
    return buying.call("RequestPhoneNumber", **params, Tags=tags(ownership_tags), ClientToken=client_token)


def check_account_limit(api: Api) -> None:
    """Fail clearly, before buying, when the account has no room for another number in this region."""
    for limit in api.pages("DescribeAccountLimits", "AccountLimits"):
        if limit["Name"] == "PHONE_NUMBERS" and limit["Used"] >= limit["Max"]:
            raise HandlerError(
                f"this account already has {limit['Used']} of its {limit['Max']} phone numbers in this "
                "region; request a quota increase or release numbers before adding more "
                "(nothing was bought)"
            )
