"""Part of the SMS fake (issue 19): verified destination numbers, the phones a sandbox account may text.

Rules modelled (botocore 1.44.8): ``DescribeVerifiedDestinationNumbers`` answers the ``VerifiedDestinationNumber``
shape (``VerifiedDestinationNumberArn``, ``...Id``, ``DestinationPhoneNumber``, ``Status``, ``CreatedTimestamp``
required), pages by ``NextToken`` (``MaxResults`` 1-100), takes at most 5 ``VerifiedDestinationNumberIds`` and 5
``DestinationPhoneNumbers`` (more: ``ValidationException``), and filters ``status`` and ``rcs-agent-id``. An ID that
does not exist is ``ResourceNotFoundException`` (as the fake's other point lookups by ID); a phone number that is
not registered is simply not returned (our reading: the model lists no error for it).

Two hooks stand in for what no test can drive through this API: :meth:`create_verified_destination_number` is
CloudFormation's part (``AWS::SMSVOICE::VerifiedDestinationNumber`` creates the number ``PENDING``), and
:meth:`verify_destination` is the person reading the code back (``VerifyDestinationNumber``).
"""

from __future__ import annotations

from typing import Any

from fakes.api_error import ApiError
from fakes.clock import VirtualClock

MAX_POINT_LOOKUPS = 5
FILTERS = {"status": "Status", "rcs-agent-id": "RcsAgentId"}


class VerifiedNumbers:
    """Operations of this part are methods named ``_op_<snake_case action>``, as in FakeSmsApi."""

    clock: VirtualClock
    region: str
    account: str
    _counter: int

    def _init_verified_numbers(self) -> None:
        """State of this part (called from FakeSmsApi.__init__): the numbers by ID, in creation order."""
        self.verified_numbers: dict[str, dict[str, Any]] = {}

    # ----- test hooks -------------------------------------------------------------------------

    def create_verified_destination_number(self, number: str) -> dict[str, Any]:
        """A number as ``AWS::SMSVOICE::VerifiedDestinationNumber`` creates it: ``PENDING`` until verified."""
        self._counter += 1
        number_id = f"verifieddestinationnumber-{self._counter:032x}"
        found = {
            "VerifiedDestinationNumberArn": (
                f"arn:aws:sms-voice:{self.region}:{self.account}:verified-destination-number/{number_id}"
            ),
            "VerifiedDestinationNumberId": number_id,
            "DestinationPhoneNumber": number,
            "Status": "PENDING",
            "CreatedTimestamp": self.clock.epoch(),
        }
        self.verified_numbers[number_id] = found
        return found

    def verify_destination(self, number: str) -> None:
        """The person holding ``number`` gave the code back (``VerifyDestinationNumber``): it is ``VERIFIED``."""
        matches = [n for n in self.verified_numbers.values() if n["DestinationPhoneNumber"] == number]
        if not matches:
            raise KeyError(f"no verified destination number ending {number[-4:]}")
        for found in matches:
            found["Status"] = "VERIFIED"

    # ----- operations -------------------------------------------------------------------------

    def _op_describe_verified_destination_numbers(self, params: dict[str, Any]) -> dict[str, Any]:
        ids = list(params.get("VerifiedDestinationNumberIds") or ())
        numbers = set(params.get("DestinationPhoneNumbers") or ())
        if len(ids) > MAX_POINT_LOOKUPS or len(numbers) > MAX_POINT_LOOKUPS:
            raise ApiError("ValidationException", "at most 5 IDs or numbers", Reason="INVALID_PARAMETER")
        for number_id in ids:
            if number_id not in self.verified_numbers:
                raise ApiError("ResourceNotFoundException", f"no {number_id}", ResourceId=number_id)
        found = [self.verified_numbers[i] for i in ids] if ids else list(self.verified_numbers.values())
        if numbers:
            found = [n for n in found if n["DestinationPhoneNumber"] in numbers]
        for item in params.get("Filters") or ():
            member = FILTERS.get(item["Name"])
            if member is None:
                raise ApiError("ValidationException", f"unknown filter {item['Name']}", Reason="INVALID_FILTER_VALUES")
            found = [n for n in found if n.get(member) in item["Values"]]
        start = int(params.get("NextToken") or 0)
        size = int(params.get("MaxResults") or 100)
        page: dict[str, Any] = {"VerifiedDestinationNumbers": [dict(n) for n in found[start : start + size]]}
        if start + size < len(found):
            page["NextToken"] = str(start + size)
        return page
