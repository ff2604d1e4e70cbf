"""The opt-out list part of the SMS fake: lists, opted-out numbers, and replies from recipients.

Rules modelled (botocore 1.44.8 and the guide): ``DescribeOptedOutNumbers`` pages at most 100 numbers
(1 request/s, the fake's default rate), takes at most 5 ``OptedOutNumbers`` (those not on the list are
simply not returned) and one filter, ``end-user-opted-out``; ``PutOptedOutNumber`` (10/s) adds or
refreshes a number with ``EndUserOptedOut = false``; ``DeleteOptedOutNumber`` (10/s) removes one, at most
once per number every 30 days (``ValidationException`` ``PHONE_NUMBER_CANNOT_BE_OPTED_IN``: our reading of
the model's reason list; the documented rule is the 30 days) and answers ``ResourceNotFoundException`` for a
number or list that does not exist. Pages are ordered by number and the token is the last number
returned, so a list that changes during paging neither skips nor repeats the numbers that stayed.

:meth:`OptOutLists.receive` plays a recipient's reply: an opt-out keyword adds the sender to the
number's list (unless the number manages opt-outs itself), an opt-in keyword (toll-free ``UNSTOP`` and
``START``, the guide's resubscribe keywords) takes them off, and a number with two-way on gets the
guide's JSON payload on its channel (returned, and kept in :attr:`OptOutLists.inbound_messages`).
"""

from __future__ import annotations

import base64
import bisect
from dataclasses import dataclass
from typing import Any

from fakes.api_error import ApiError
from fakes.clock import VirtualClock

# The guide's default opt-out keywords ("Opt-out keywords") and the toll-free opt-in keywords.
OPT_OUT_KEYWORDS = frozenset(
    {"ARRET", "CANCEL", "END", "OPT-OUT", "OPTOUT", "QUIT", "REMOVE", "STOP", "TD", "UNSUBSCRIBE"}
)
OPT_IN_KEYWORDS = frozenset({"UNSTOP", "START"})
DELETE_INTERVAL_SECONDS = 30 * 24 * 3600
MAX_POINT_LOOKUPS = 5


@dataclass
class OptedOut:
    """One number on one list: when it was (last) put there, and whether the recipient did it."""

    timestamp: float
    end_user: bool


class Entries(dict[str, OptedOut]):
    """One list's numbers, their sorted order kept as they change: a page is a bisect, not a sort of 100,000."""

    def __init__(self) -> None:
        super().__init__()
        self.order: list[str] = []

    def __setitem__(self, number: str, entry: OptedOut) -> None:
        if number not in self:
            bisect.insort(self.order, number)
        super().__setitem__(number, entry)

    def __delitem__(self, number: str) -> None:
        super().__delitem__(number)
        del self.order[bisect.bisect_left(self.order, number)]

    def pop(self, number: str, *default: Any) -> Any:
        if number in self:
            entry = self[number]
            del self[number]
            return entry
        if default:
            return default[0]
        raise KeyError(number)

    def after(self, number: str | None) -> list[str]:
        """The numbers sorted after ``number`` (all of them for None)."""
        return self.order if number is None else self.order[bisect.bisect_right(self.order, number) :]


@dataclass(frozen=True)
class InboundMessage:
    """A reply the fake delivered to a two-way channel."""

    channel_arn: str
    payload: dict[str, str]


class OptOutLists:
    """Mixed into :class:`fakes.sms_api.FakeSmsApi` (which supplies the clock, errors and paging rules)."""

    clock: VirtualClock
    region: str
    account: str
    numbers: dict[str, dict[str, Any]]

    def _init_opt_outs(self) -> None:
        self.opt_out_lists: dict[str, Entries] = {"Default": Entries()}
        self.inbound_messages: list[InboundMessage] = []
        self._deleted_at: dict[tuple[str, str], float] = {}
        self._messages = 0

    # ----- test hooks -------------------------------------------------------------------------

    def create_opt_out_list(self, name: str) -> None:
        """An opt-out list as ``AWS::SMSVOICE::OptOutList`` creates it (CloudFormation's part)."""
        self.opt_out_lists.setdefault(name, Entries())

    def opted_out(self, name: str) -> dict[str, OptedOut]:
        """The list's numbers now, to assert on."""
        return dict(self.opt_out_lists[name])

    def put_by_hand(self, name: str, number: str, *, end_user: bool = False) -> None:
        """An entry that appeared without an API call we could count (a recipient without two-way, say)."""
        self.opt_out_lists[name][number] = OptedOut(self.clock.epoch(), end_user)

    def receive(self, to_number: str, from_number: str, body: str) -> dict[str, str] | None:
        """A recipient's reply to one of our numbers: opt-out/opt-in as the service does, then two-way."""
        number = next((n for n in self.numbers.values() if n["PhoneNumber"] == to_number), None)
        if number is None or number["Status"] == "DELETED":
            raise ValueError(f"no live number {to_number} in {self.region}")
        keyword = (body.split() or [""])[0].upper()
        entries = self.opt_out_lists.setdefault(number["OptOutListName"], Entries())
        if not number["SelfManagedOptOutsEnabled"]:
            if keyword in OPT_OUT_KEYWORDS:
                entries[from_number] = OptedOut(self.clock.epoch(), True)
            elif keyword in OPT_IN_KEYWORDS:
                entries.pop(from_number, None)
        if not number["TwoWayEnabled"]:
            return None
        self._messages += 1
        payload = {
            "originationNumber": from_number,
            "destinationNumber": to_number,
            "messageKeyword": keyword if keyword in OPT_OUT_KEYWORDS | OPT_IN_KEYWORDS else "",
            "messageBody": body,
            "inboundMessageId": f"{self.region}-inbound-{self._messages:08d}",
            "previousPublishedMessageId": f"{self.region}-outbound-{self._messages:08d}",
        }
        self.inbound_messages.append(InboundMessage(str(number.get("TwoWayChannelArn", "")), payload))
        return payload

    # ----- operations -------------------------------------------------------------------------

    def _list_entries(self, name_or_arn: str) -> tuple[str, Entries]:
        name = name_or_arn.rpartition("/")[2] if name_or_arn.startswith("arn:") else name_or_arn
        if name not in self.opt_out_lists:
            raise ApiError(
                "ResourceNotFoundException", f"no opt-out list {name}", ResourceType="opt-out-list", ResourceId=name
            )
        return name, self.opt_out_lists[name]

    def _list_answer(self, name: str) -> dict[str, str]:
        return {
            "OptOutListArn": f"arn:aws:sms-voice:{self.region}:{self.account}:opt-out-list/{name}",
            "OptOutListName": name,
        }

    def _op_describe_opt_out_lists(self, params: dict[str, Any]) -> dict[str, Any]:
        names = params.get("OptOutListNames") or sorted(self.opt_out_lists)
        lists = [{**self._list_answer(self._list_entries(n)[0]), "CreatedTimestamp": 0.0} for n in names]
        return {"OptOutLists": lists}

    def _op_describe_opted_out_numbers(self, params: dict[str, Any]) -> dict[str, Any]:
        name, entries = self._list_entries(params["OptOutListName"])
        wanted = params.get("OptedOutNumbers")
        after = None
        if params.get("NextToken"):
            try:
                after = base64.urlsafe_b64decode(params["NextToken"].encode()).decode()
            except ValueError:
                raise ApiError("ValidationException", "bad token", Reason="INVALID_NEXT_TOKEN") from None
        if wanted:  # point lookups: only those on the list
            numbers = sorted(n for n in set(wanted) if n in entries and (after is None or n > after))
        else:
            numbers = entries.after(after)
        for item in params.get("Filters", []):  # the model's only filter name
            flag = [v.lower() == "true" for v in item["Values"]]
            numbers = [n for n in numbers if entries[n].end_user in flag]
        size = min(int(params.get("MaxResults") or 100), 100)
        page = numbers[:size]
        answer: dict[str, Any] = {
            **self._list_answer(name),
            "OptedOutNumbers": [
                {"OptedOutNumber": n, "OptedOutTimestamp": entries[n].timestamp, "EndUserOptedOut": entries[n].end_user}
                for n in page
            ],
        }
        if len(numbers) > size:
            answer["NextToken"] = base64.urlsafe_b64encode(page[-1].encode()).decode()
        return answer

    def _op_put_opted_out_number(self, params: dict[str, Any]) -> dict[str, Any]:
        name, entries = self._list_entries(params["OptOutListName"])
        number = params["OptedOutNumber"]
        entries[number] = OptedOut(self.clock.epoch(), False)
        return self._number_answer(name, number, entries[number])

    def _op_delete_opted_out_number(self, params: dict[str, Any]) -> dict[str, Any]:
        name, entries = self._list_entries(params["OptOutListName"])
        number = params["OptedOutNumber"]
        if number not in entries:
            raise ApiError(
                "ResourceNotFoundException",
                f"{number} is not on {name}",
                ResourceType="opted-out-number",
                ResourceId=number,
            )
        last = self._deleted_at.get((name, number))
        now = self.clock.epoch()
        if last is not None and now - last < DELETE_INTERVAL_SECONDS:
            raise ApiError(
                "ValidationException",
                "a number can be deleted from an opt-out list once every 30 days",
                Reason="PHONE_NUMBER_CANNOT_BE_OPTED_IN",
            )
        self._deleted_at[(name, number)] = now
        return self._number_answer(name, number, entries.pop(number))

    def _number_answer(self, name: str, number: str, entry: OptedOut) -> dict[str, Any]:
        return {
            **self._list_answer(name),
            "OptedOutNumber": number,
            "OptedOutTimestamp": entry.timestamp,
            "EndUserOptedOut": entry.end_user,
        }
