"""The purchase's clock at its exact edges: the 49-minute window, the answer cut-off, the creation-time skew.

Each poll runs as another Lambda instance would: on its own clock that shares only the epoch with
``onEvent`` (``VirtualClock`` with an epoch offset). Events are parsed from JSON, as Lambda delivers them.
A number bought at the wrong moment bills every month; one reported as not bought is bought again.
"""

from __future__ import annotations

import dataclasses
import json
import statistics
from typing import Any

import pytest
from fakes.aws import FakeAws
from fakes.clock import VirtualClock
from fakes.cloudformation import STACK_ID, CloudFormationHarness, handler_event
from fakes.estate import PHONE
from fakes.samples import NUMBER_PROPERTIES

from sms_runtime.contract import PhoneNumberProps
from sms_runtime.handlers import dispatch
from sms_runtime.handlers.number_purchase import attempt_seconds
from sms_runtime.handlers.request import CARRY_KEY, HandlerError
from sms_runtime.sms_client import Clients

WINDOW = 49 * 60.0  # the purchase window: the hour, less a minute for the answer, less one 10-minute poll
CUTOFF = 59 * 60.0  # no poll makes a call later than this after onEvent: its answer must beat the hour
SKEW = 300.0  # how much earlier than onEvent a number's creation time may read and still be this purchase's


def _waiting(aws: FakeAws, props: dict[str, Any] | None = None) -> tuple[dict[str, Any], float]:
    """A Create as every poll receives it (onEvent's result merged in), the resource in progress; and when
    onEvent ran (the epoch)."""
    started = aws.clock.epoch()
    event = json.loads(json.dumps(handler_event(PHONE, props or NUMBER_PROPERTIES, LogicalResourceId="Number")))
    waiting = {**event, **dispatch.handle_on_event(event, aws.clients())}
    aws.cloudformation.begin(STACK_ID, "Number", PHONE, "CREATE_IN_PROGRESS", waiting["PhysicalResourceId"])
    return waiting, started


def _at(aws: FakeAws, epoch: float) -> Clients:
    """The clients of a poll on another Lambda instance whose clock reads ``epoch``."""
    return dataclasses.replace(aws.clients(), clock=VirtualClock(start=0.0, epoch_offset=epoch))


def test_on_event_allows_purchases_for_49_minutes(aws: FakeAws) -> None:
    waiting, started = _waiting(aws)
    assert waiting[CARRY_KEY]["Deadline"] == f"{started + WINDOW:.3f}"


@pytest.mark.parametrize("after", [CUTOFF, CUTOFF + 0.5, 3600.0])
def test_a_poll_at_or_after_the_cut_off_makes_no_call(aws: FakeAws, after: float) -> None:
    waiting, started = _waiting(aws)
    calls = len(aws.sms.calls)
    with pytest.raises(HandlerError, match="this custom resource's hour is over, so this poll makes no call"):
        dispatch.handle_is_complete(waiting, _at(aws, started + after))
    assert len(aws.sms.calls) == calls


def test_a_poll_just_before_the_cut_off_still_looks_for_a_bought_number(aws: FakeAws) -> None:
    waiting, started = _waiting(aws)
    with pytest.raises(HandlerError, match="no purchase is started any more"):
        dispatch.handle_is_complete(waiting, _at(aws, started + CUTOFF - 0.5))
    assert len(aws.sms.calls_to("DescribePhoneNumbers")) == 1
    assert aws.sms.calls_to("RequestPhoneNumber", outcome=None) == []


def test_a_poll_at_the_deadline_buys_nothing_and_half_a_second_before_it_buys(aws: FakeAws) -> None:
    waiting, started = _waiting(aws)
    with pytest.raises(HandlerError, match="no purchase is started any more"):
        dispatch.handle_is_complete(waiting, _at(aws, started + WINDOW))
    assert aws.sms.calls_to("RequestPhoneNumber", outcome=None) == []
    aws.clock.advance(5.0)  # the fake's quota counts its own clock
    answer = dispatch.handle_is_complete(waiting, _at(aws, started + WINDOW - 0.5))
    [bought] = aws.sms.live_numbers()
    assert answer["IsComplete"] and answer["PhysicalResourceId"] == bought["PhoneNumberId"]


def test_a_poll_whose_tag_scan_ends_after_the_deadline_starts_no_purchase(aws: FakeAws) -> None:
    """Two numbers of the same kind exist, so the scan reads two tags, 0.1 s apart: the poll that began
    0.05 s before the deadline reaches the purchase after it, and must not buy."""
    older = CloudFormationHarness(aws, stack_id=STACK_ID.replace("sms-estate-test", "older"))
    assert older.create("Old0", PHONE, NUMBER_PROPERTIES).ok and older.create("Old1", PHONE, NUMBER_PROPERTIES).ok
    aws.clock.advance(5.0)
    waiting, started = _waiting(aws)
    answer = dispatch.handle_is_complete(waiting, _at(aws, started + WINDOW - 0.05))
    assert answer == {"IsComplete": False}
    assert len(aws.sms.calls_to("RequestPhoneNumber", outcome=None)) == 2  # the older stack's two


def _bought_but_unanswered(aws: FakeAws, waiting: dict[str, Any], started: float) -> dict[str, Any]:
    """A poll bought the number but lost the answer, and its retry was refused: the number bills, untold."""
    aws.sms.fail_next("RequestPhoneNumber", "timeout")
    aws.sms.fail_next("RequestPhoneNumber", "AccessDeniedException")
    aws.clock.advance(1.0)
    with pytest.raises(Exception, match="AccessDenied"):
        dispatch.handle_is_complete(waiting, aws.clients())
    [number] = aws.sms.live_numbers()
    return number


@pytest.mark.parametrize(
    ("number_type", "created_before", "found"),
    [
        ("TOLL_FREE", SKEW, True),
        ("LONG_CODE", SKEW, True),
        ("TOLL_FREE", SKEW - 1.0, True),
        ("TOLL_FREE", None, True),  # no creation time: its tags are read rather than risk missing it
        ("TOLL_FREE", SKEW + 0.5, False),
    ],
    ids=["skew", "skew-active-number", "within-skew", "no-creation-time", "beyond-skew"],
)
def test_after_the_deadline_a_bought_number_is_found_within_the_creation_time_skew(
    aws: FakeAws, number_type: str, created_before: float | None, found: bool
) -> None:
    waiting, started = _waiting(
        aws, {**NUMBER_PROPERTIES, PhoneNumberProps.NUMBER_TYPE: number_type, PhoneNumberProps.ADOPT_BY_TAG: False}
    )
    number = _bought_but_unanswered(aws, waiting, started)
    if created_before is None:
        del number["CreatedTimestamp"]
    else:
        number["CreatedTimestamp"] = started - created_before
    aws.clock.advance(5.0)
    late = _at(aws, started + WINDOW)
    if not found:
        with pytest.raises(HandlerError, match="no number of this purchase exists"):
            dispatch.handle_is_complete(waiting, late)
        assert aws.sms.calls_to("ListTagsForResource", outcome=None) == []
        return
    answer = dispatch.handle_is_complete(waiting, late)
    assert answer["IsComplete"] and answer["PhysicalResourceId"] == number["PhoneNumberId"]
    assert len(aws.sms.calls_to("RequestPhoneNumber", outcome=None)) == 2  # the lost one and the refused one


def test_after_the_deadline_a_number_of_this_purchase_released_meanwhile_is_not_reported_bought(
    aws: FakeAws,
) -> None:
    waiting, started = _waiting(aws, {**NUMBER_PROPERTIES, PhoneNumberProps.ADOPT_BY_TAG: False})
    number = _bought_but_unanswered(aws, waiting, started)
    listed = aws.sms._op_describe_phone_numbers

    def listing_released_too(params: dict[str, Any]) -> dict[str, Any]:
        page = listed(params)
        page["PhoneNumbers"] = [*page["PhoneNumbers"], {**number}]
        return page

    number["Status"] = "DELETED"
    setattr(aws.sms, "_op_describe_phone_numbers", listing_released_too)  # noqa: B010
    aws.clock.advance(5.0)
    with pytest.raises(HandlerError, match="no number of this purchase exists"):
        dispatch.handle_is_complete(waiting, _at(aws, started + WINDOW))


def test_a_cancelled_create_starts_no_purchase(aws: FakeAws) -> None:
    waiting, started = _waiting(aws)
    operation = aws.cloudformation.begin(STACK_ID, "Number", PHONE, "CREATE_IN_PROGRESS", waiting["PhysicalResourceId"])
    aws.cloudformation.finish(STACK_ID, "Number", operation, "CREATE_FAILED", waiting["PhysicalResourceId"])
    with pytest.raises(HandlerError, match=r"no longer waits for Number \(its status is CREATE_FAILED"):
        dispatch.handle_is_complete(waiting, _at(aws, started + 1.0))
    assert aws.sms.calls_to("RequestPhoneNumber", outcome=None) == []


def test_a_stack_cloudformation_does_not_know_starts_no_purchase(aws: FakeAws) -> None:
    gone = STACK_ID.replace("sms-estate-test", "sms-estate-gone")
    event = json.loads(json.dumps(handler_event(PHONE, NUMBER_PROPERTIES, LogicalResourceId="Number", StackId=gone)))
    waiting = {**event, **dispatch.handle_on_event(event, aws.clients())}
    with pytest.raises(HandlerError, match="its status is unknown to CloudFormation"):
        dispatch.handle_is_complete(waiting, aws.clients())
    assert aws.sms.calls_to("RequestPhoneNumber", outcome=None) == []


def test_a_full_account_is_reported_with_the_api_s_reason(aws: FakeAws) -> None:
    aws.sms.phone_number_limit = 0
    waiting, _started = _waiting(aws, {**NUMBER_PROPERTIES, PhoneNumberProps.ADOPT_BY_TAG: False})
    with pytest.raises(HandlerError) as refused:
        dispatch.handle_is_complete(waiting, aws.clients())
    assert "the account's quota is exhausted (PHONE_NUMBERS_PER_ACCOUNT)" in str(refused.value)
    assert aws.sms.live_numbers() == []


def test_a_token_reused_with_other_settings_is_refused_as_a_conflict_and_buys_nothing(aws: FakeAws) -> None:
    """A failed create (bought, answer lost) retried with deletion protection off: same token, other
    parameters. The API refuses; the failure says why and that this request bought nothing."""
    waiting, started = _waiting(aws, {**NUMBER_PROPERTIES, PhoneNumberProps.ADOPT_BY_TAG: False})
    _bought_but_unanswered(aws, waiting, started)
    aws.clock.advance(5.0)
    again, _started = _waiting(
        aws,
        {
            **NUMBER_PROPERTIES,
            PhoneNumberProps.ADOPT_BY_TAG: False,
            PhoneNumberProps.DELETION_PROTECTION_ENABLED: False,
        },
    )
    with pytest.raises(HandlerError) as refused:
        dispatch.handle_is_complete(again, _at(aws, started + 10.0))
    message = str(refused.value)
    assert "RequestPhoneNumber refused with a conflict (An error occurred (ConflictException)" in message
    assert "nothing was bought by this request" in message
    assert len(aws.sms.live_numbers()) == 1


def test_purchases_spread_their_attempts_evenly_over_half_a_minute_to_a_minute() -> None:
    windows = sorted(attempt_seconds(f"token-{index}") for index in range(400))
    assert 30.0 <= windows[0] < 31.0 and 59.0 < windows[-1] <= 60.0
    assert 40.0 < statistics.median(windows) < 50.0
    assert 33.0 < windows[100] < 41.0 and 49.0 < windows[300] < 57.0
    assert attempt_seconds("token-7") == attempt_seconds("token-7")
