"""One region's opt-out list calls, paced per (region, action) and cut short when the region is down.

Why a slot per (region, action) on top of :class:`~sms_runtime.sms_client.Api`'s own pacing: regions
are independent quotas (DescribeOptedOutNumbers 1/s, Put/Delete 10/s in each), so a single thread
can keep every region busy only if it knows which region's next call may start first. The sync asks
:meth:`Region.slot` and sleeps until the earliest one; ``Api`` then never has to wait.

Why a short retry window per call: ``Api`` retries connection errors until its deadline, which would
spend a whole run on one unreachable region. Each call gets :data:`UNREACHABLE_AFTER_SECONDS`; if the
region still does not answer, :class:`RegionDownError` marks it down for the rest of the run and its
writes stay pending (retried by the next run).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeVar

from botocore.exceptions import ClientError

from sms_runtime.sms_client import Api, BudgetExhaustedError, Clients, Clock, RetryPolicy, error_code, error_reason

T = TypeVar("T")
READ = "DescribeOptedOutNumbers"
PUT = "PutOptedOutNumber"
DELETE = "DeleteOptedOutNumber"
PAGE_SIZE = 100
CHECK_SIZE = 5  # DescribeOptedOutNumbers takes at most 5 OptedOutNumbers
UNREACHABLE_AFTER_SECONDS = 30.0
# Put and Delete are 10/s per region (the SMS API's opt-out quotas); reads stay at the default 1/s.
SYNC_POLICY = RetryPolicy(fast_actions={**RetryPolicy().fast_actions, PUT: 0.1, DELETE: 0.1})
# The 30-day rule's refusal, as the API reports it.
REFUSED_REASON = "PHONE_NUMBER_CANNOT_BE_OPTED_IN"


class RegionDownError(Exception):
    """The region did not answer within :data:`UNREACHABLE_AFTER_SECONDS` (its endpoint, not a quota)."""


@dataclass(frozen=True)
class Entry:
    """One number on a list: since when, and whether the recipient (not an operator) put it there."""

    number: str
    at: float
    end_user: bool


class Region:
    """The SMS client of one region, with its own slots and a ``down`` flag for the run."""

    def __init__(self, name: str, client: Any, clock: Clock, *, deadline: float) -> None:
        self.name = name
        self._clock = clock
        self._api = Api(Clients(sms=client, s3=None, clock=clock, policy=SYNC_POLICY), deadline=deadline)
        self._next: dict[str, float] = {}
        self.down = False

    @property
    def calls(self) -> Any:
        """Requests sent so far (every attempt), by action."""
        return self._api.calls

    def slot(self, action: str) -> float:
        """When the next ``action`` call may start without exceeding the region's quota."""
        return self._next.get(action, self._clock.now())

    def page(self, opt_out_list: str, token: str | None) -> tuple[list[Entry], str | None]:
        """One page (up to 100 numbers) of the list, from ``token``; the next token or None at the end."""
        if token:
            answer = self._call(
                READ,
                lambda api: api.call(
                    "DescribeOptedOutNumbers", OptOutListName=opt_out_list, MaxResults=PAGE_SIZE, NextToken=token
                ),
            )
        else:
            answer = self._call(
                READ, lambda api: api.call("DescribeOptedOutNumbers", OptOutListName=opt_out_list, MaxResults=PAGE_SIZE)
            )
        return [_entry(item) for item in answer.get("OptedOutNumbers", [])], answer.get("NextToken")

    def check(self, opt_out_list: str, numbers: Sequence[str]) -> dict[str, Entry]:
        """Which of ``numbers`` (at most 5) are on the list now: the verification of a number gone."""
        answer = self._call(
            READ,
            lambda api: api.call("DescribeOptedOutNumbers", OptOutListName=opt_out_list, OptedOutNumbers=[*numbers]),
        )
        return {entry.number: entry for entry in map(_entry, answer.get("OptedOutNumbers", []))}

    def put(self, opt_out_list: str, number: str) -> float:
        """Copy an opt-out in; its ``OptedOutTimestamp`` there (how the next pass recognises our copy)."""
        answer = self._call(
            PUT, lambda api: api.call("PutOptedOutNumber", OptOutListName=opt_out_list, OptedOutNumber=number)
        )
        return _epoch(answer.get("OptedOutTimestamp"), self._api.epoch())

    def delete(self, opt_out_list: str, number: str) -> Literal["done", "refused"]:
        """Opt a number back in; ``refused`` when the 30-day rule says no. Already absent counts as done."""
        try:
            self._call(
                DELETE, lambda api: api.call("DeleteOptedOutNumber", OptOutListName=opt_out_list, OptedOutNumber=number)
            )
        except ClientError as error:
            if error_code(error) == "ValidationException" and error_reason(error) == REFUSED_REASON:
                return "refused"
            if error_code(error) == "ResourceNotFoundException" and _about_number(error):
                return "done"
            raise
        return "done"

    def epoch(self) -> float:
        return self._api.epoch()

    def _call(self, action: str, call: Callable[[Api], T]) -> T:
        if self.down:
            raise RegionDownError(self.name)
        wait = self.slot(action) - self._clock.now()
        if wait > 0:
            self._clock.sleep(wait)
        interval = SYNC_POLICY.fast_actions.get(action, SYNC_POLICY.min_interval)
        self._next[action] = self._clock.now() + interval
        try:
            return call(self._api.limited(UNREACHABLE_AFTER_SECONDS))
        except BudgetExhaustedError:
            if self._api.remaining() <= 0:
                raise
            self.down = True
            raise RegionDownError(self.name) from None


def _about_number(error: ClientError) -> bool:
    """A ResourceNotFound for the number (gone already), not for the list (a misconfiguration)."""
    return str(error.response.get("ResourceType", "")) != "opt-out-list"


def _entry(item: dict[str, Any]) -> Entry:
    return Entry(str(item["OptedOutNumber"]), _epoch(item.get("OptedOutTimestamp"), 0.0), bool(item["EndUserOptedOut"]))


def _epoch(value: Any, default: float) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, int | float):
        return float(value)
    return default
