"""Custom::SmsPhoneNumber buys in isComplete polls: throttling makes a deploy slower, never failed.

Each test drives the real handlers through the Provider-framework harness against the fake account,
whose per-action quota is 1 request/s; invocation budgets are shortened so that a few virtual minutes
of throttling span several polls.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

import pytest
from fakes.aws import FakeAws
from fakes.clock import VirtualClock
from fakes.cloudformation import STACK_ID, CloudFormationHarness, Outcome, cfn_strings, handler_event
from fakes.estate import PHONE
from fakes.samples import NUMBER_PROPERTIES

from sms_runtime.contract import PhoneNumberAttrs, PhoneNumberProps, RollbackAttrs
from sms_runtime.handlers import dispatch
from sms_runtime.handlers.number_purchase import (
    BUY_ATTEMPT_SECONDS,
    CUSTOM_RESOURCE_SECONDS,
    PLACEHOLDER_PREFIX,
    PURCHASE_WINDOW_SECONDS,
    attempt_seconds,
)
from sms_runtime.handlers.request import CARRY_KEY, HandlerError
from sms_runtime.sms_client import BudgetExhaustedError, lambda_budget

RELEASE = {**NUMBER_PROPERTIES, PhoneNumberProps.ON_DELETE: "release"}


def _ok_calls(aws: FakeAws, action: str) -> int:
    return len(aws.sms.calls_to(action))


def test_on_event_records_the_purchase_and_calls_nothing(aws: FakeAws) -> None:
    event = handler_event(PHONE, NUMBER_PROPERTIES)
    result = dispatch.handle_on_event(event, aws.clients())
    assert aws.sms.calls == []
    assert result["PhysicalResourceId"].startswith(PLACEHOLDER_PREFIX)
    assert result[CARRY_KEY]["Purchase"] == "pending"
    # On the epoch scale, which the fake clock keeps far from now(): a deadline from now() fails here.
    assert aws.clock.epoch() - aws.clock.now() > 1e9
    assert float(result[CARRY_KEY]["Deadline"]) == aws.clock.epoch() + PURCHASE_WINDOW_SECONDS


def test_a_purchase_in_a_throttled_account_completes_over_several_polls(aws: FakeAws) -> None:
    aws.sms.fail_next("RequestPhoneNumber", "ThrottlingException", times=30)
    cfn = CloudFormationHarness(aws, invocation_budget=20.0)
    outcome = cfn.create("Number", PHONE, NUMBER_PROPERTIES)
    assert outcome.ok, outcome.reason
    assert outcome.polls >= 3
    [number] = aws.sms.live_numbers()
    # The poll that bought it replaced onEvent's placeholder with the number's ID.
    assert cfn.waiter_inputs[0]["PhysicalResourceId"].startswith(PLACEHOLDER_PREFIX)
    assert outcome.physical_id == number["PhoneNumberId"] == outcome.data[PhoneNumberAttrs.PHONE_NUMBER_ID]
    assert _ok_calls(aws, "RequestPhoneNumber") == 1
    # No separate limit check: RequestPhoneNumber's own quota error says when the account is full.
    assert aws.sms.calls_to("DescribeAccountLimits", outcome=None) == []
    assert len(aws.sms.calls_to("RequestPhoneNumber", outcome=None)) > outcome.polls


def test_a_stack_of_numbers_bought_at_once_never_fails_for_throttling(aws: FakeAws) -> None:
    # 40 numbers (a bulk shard) need at least 40 s of RequestPhoneNumber: more than one 15 s poll.
    cfn = CloudFormationHarness(aws, invocation_budget=15.0)
    aws.sms.phone_number_limit = 100
    creates = [functools.partial(cfn.create, f"Number{index}", PHONE, NUMBER_PROPERTIES) for index in range(40)]
    outcomes = aws.clock.run_parallel(creates)
    failures = [o for o in outcomes if not (isinstance(o, Outcome) and o.ok)]
    assert failures == []
    done = [o for o in outcomes if isinstance(o, Outcome)]
    assert {o.physical_id for o in done} == {n["PhoneNumberId"] for n in aws.sms.live_numbers()}
    assert len(aws.sms.live_numbers()) == 40 == _ok_calls(aws, "RequestPhoneNumber")
    assert max(o.polls for o in done) > 1
    assert aws.sms.calls_to("DescribeAccountLimits", outcome=None) == []


def test_a_rollback_while_a_purchase_waits_releases_nothing_and_no_later_poll_buys(aws: FakeAws) -> None:
    """CloudFormation rolls the stack back (another resource failed) while the purchase is throttled.

    Its Delete carries an ID that is not a number's: it succeeds and calls nothing, even with
    ``OnDelete: release``. The waiter is not cancelled by the rollback, but every later poll asks
    CloudFormation first and, the resource being no longer ``CREATE_IN_PROGRESS``, buys nothing. The
    user then deletes and recreates the stack (a new stack ID, so new ClientTokens): it buys exactly
    one number, where a purchase completed by the old stack's waiter would have made two.
    """
    aws.sms.fail_next("RequestPhoneNumber", "ThrottlingException", times=30)
    cfn = CloudFormationHarness(aws, invocation_budget=20.0)
    deleted: list[tuple[Outcome, int, float]] = []

    def roll_back() -> None:
        aws.clock.sleep(45.0)  # the create's first poll ran out of time; the second comes at ~50 s
        placeholder = cfn.waiter_inputs[0]["PhysicalResourceId"]
        calls = len(aws.sms.calls)
        outcome = cfn.rollback_failed_create("Number", PHONE, Outcome("FAILED", placeholder), RELEASE)
        deleted.append((outcome, len(aws.sms.calls) - calls, aws.clock.now()))

    tasks: list[Callable[[], object]] = [functools.partial(cfn.create, "Number", PHONE, RELEASE), roll_back]
    created, _ = aws.clock.run_parallel(tasks)
    [(delete, delete_calls, rolled_back_at)] = deleted
    assert delete.ok and delete.physical_id.startswith(PLACEHOLDER_PREFIX) and delete_calls == 0
    assert cfn.status("Number") == "DELETE_COMPLETE"
    assert aws.sms.calls_to("ReleasePhoneNumber", outcome=None) == []
    assert aws.sms.calls_to("UpdatePhoneNumber", outcome=None) == []
    # The purchase was under way before the rollback; no poll after it attempted one.
    attempts = aws.sms.calls_to("RequestPhoneNumber", outcome=None)
    assert attempts and max(call.time for call in attempts) < rolled_back_at
    assert _ok_calls(aws, "RequestPhoneNumber") == 0 and aws.sms.live_numbers() == []
    assert isinstance(created, Outcome) and not created.ok and created.ignored
    assert "no longer waits" in created.reason and "DELETE_COMPLETE" in created.reason
    # One status read per poll, before its purchase attempts.
    assert len(aws.cloudformation.calls) == created.polls == 2

    recreated_stack = STACK_ID.rsplit("/", 1)[0] + "/ffffffff-0000-4000-8000-000000000000"
    again = CloudFormationHarness(aws, stack_id=recreated_stack).create("Number", PHONE, RELEASE)
    assert again.ok, again.reason
    assert [n["PhoneNumberId"] for n in aws.sms.live_numbers()] == [again.physical_id]


def test_a_number_bought_then_throttled_past_the_deadline_is_reported_as_bought(aws: FakeAws) -> None:
    """The first attempt buys but its response is lost; every retry is throttled until the deadline.

    The poll after the deadline may not call RequestPhoneNumber (it would buy if nothing had been
    bought), and a bulk shard's number has no tag scan (``AdoptByTag: false``); it finds the number by
    its client-token tag, reading tags only of numbers created since the purchase started.
    """
    older = CloudFormationHarness(aws, stack_id=STACK_ID.replace("sms-estate-test", "older"))
    for index in range(3):  # older numbers of the same type: listed, but their tags are never read
        assert older.create(f"Old{index}", PHONE, NUMBER_PROPERTIES).ok
    aws.clock.advance(3600.0)
    tag_reads_before = len(aws.sms.calls_to("ListTagsForResource", outcome=None))
    aws.sms.fail_next("RequestPhoneNumber", "timeout")
    aws.sms.fail_next("RequestPhoneNumber", "ThrottlingException", times=5000)
    cfn = CloudFormationHarness(aws)
    started = aws.clock.now()
    outcome = cfn.create("Number", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.ADOPT_BY_TAG: False})
    assert outcome.ok, outcome.reason
    [lost] = aws.sms.calls_to("RequestPhoneNumber", outcome="ok-response-lost")
    bought = [n for n in aws.sms.live_numbers() if n["PhoneNumberId"] == outcome.physical_id]
    assert len(bought) == 1 and len(aws.sms.live_numbers()) == 4
    assert outcome.data[PhoneNumberAttrs.PHONE_NUMBER_ID] == outcome.physical_id
    attempts = [call for call in aws.sms.calls_to("RequestPhoneNumber", outcome=None) if call.time >= started]
    # No attempt after the deadline; the answer came from a poll after it, within the hour.
    assert max(call.time for call in attempts) <= started + PURCHASE_WINDOW_SECONDS < aws.clock.now()
    assert aws.clock.now() - started < CUSTOM_RESOURCE_SECONDS
    assert lost.time == min(call.time for call in attempts)
    assert len(aws.sms.calls_to("ListTagsForResource", outcome=None)) - tag_reads_before == 1


def test_the_deadline_is_carried_on_the_epoch_clock_so_a_poll_on_another_instance_honours_it(
    aws: FakeAws,
) -> None:
    """Polls run in other Lambda instances, whose monotonic clocks start elsewhere: the epoch is shared."""
    event = handler_event(PHONE, NUMBER_PROPERTIES)
    waiting = {**event, **dispatch.handle_on_event(event, aws.clients())}
    aws.cloudformation.begin(STACK_ID, "Number", PHONE, "CREATE_IN_PROGRESS", waiting["PhysicalResourceId"])
    elsewhere = VirtualClock(start=1e6, epoch_offset=aws.clock.epoch() - 1e6)  # same epoch, other now()
    answer = dispatch.handle_is_complete(waiting, dataclasses.replace(aws.clients(), clock=elsewhere))
    assert answer["IsComplete"] and answer["PhysicalResourceId"].startswith("phone-")
    late = VirtualClock(start=0.0, epoch_offset=aws.clock.epoch() + PURCHASE_WINDOW_SECONDS)  # past it
    again = {**waiting, "LogicalResourceId": "Other"}
    aws.cloudformation.begin(STACK_ID, "Other", PHONE, "CREATE_IN_PROGRESS", waiting["PhysicalResourceId"])
    aws.clock.advance(5.0)  # the fake's quotas count its own clock: let the first poll's calls age
    with pytest.raises(HandlerError, match="no purchase is started any more"):
        dispatch.handle_is_complete(again, dataclasses.replace(aws.clients(), clock=late))
    assert _ok_calls(aws, "RequestPhoneNumber") == 1


def test_no_purchase_starts_after_the_window_and_the_deploy_fails_before_cloudformation_does(
    aws: FakeAws,
) -> None:
    aws.sms.fail_next("RequestPhoneNumber", "ThrottlingException", times=5000)
    cfn = CloudFormationHarness(aws)
    started = aws.clock.now()
    outcome = cfn.create("Number", PHONE, NUMBER_PROPERTIES)
    assert not outcome.ok and "no purchase is started any more" in outcome.reason
    assert outcome.physical_id.startswith(PLACEHOLDER_PREFIX)
    assert aws.clock.now() - started < CUSTOM_RESOURCE_SECONDS  # our verdict, not CloudFormation's timeout
    assert aws.sms.live_numbers() == []
    attempts = aws.sms.calls_to("RequestPhoneNumber", outcome=None)
    assert max(call.time for call in attempts) <= started + PURCHASE_WINDOW_SECONDS
    assert outcome.polls < len(attempts)


def test_a_replacement_waits_under_the_old_id_and_reports_the_new_one(aws: FakeAws) -> None:
    cfn = CloudFormationHarness(aws, invocation_budget=20.0)
    created = cfn.create("Number", PHONE, NUMBER_PROPERTIES)
    assert created.ok
    aws.sms.fail_next("RequestPhoneNumber", "ThrottlingException", times=30)
    props: dict[str, Any] = {
        **NUMBER_PROPERTIES,
        PhoneNumberProps.MESSAGE_TYPE: "PROMOTIONAL",
        PhoneNumberProps.ALLOW_REPLACEMENT: True,
    }
    replaced = cfn.update("Number", props)
    assert replaced.ok and replaced.polls > 1
    update_wait, cleanup_wait = cfn.waiter_inputs[-2:]
    assert update_wait["PhysicalResourceId"] == created.physical_id  # unchanged while the purchase waits
    assert replaced.physical_id not in (created.physical_id, "") and replaced.physical_id.startswith("phone-")
    assert (cleanup_wait["RequestType"], cleanup_wait["PhysicalResourceId"]) == ("Delete", created.physical_id)
    assert {n["PhoneNumberId"] for n in aws.sms.live_numbers()} == {created.physical_id, replaced.physical_id}


def test_the_purchase_window_ends_before_the_custom_resource_s_hour() -> None:
    from sms_estate.registrations.provider import QUERY_INTERVAL, TOTAL_TIMEOUT

    assert TOTAL_TIMEOUT.to_seconds() == CUSTOM_RESOURCE_SECONDS
    from sms_estate.registrations.provider import HANDLER_TIMEOUT

    # Room after the window for one whole poll (a purchase started at its end, or the poll that then
    # looks for the number), a query interval before it, and the answer's way to CloudFormation.
    margin = CUSTOM_RESOURCE_SECONDS - PURCHASE_WINDOW_SECONDS
    assert margin >= HANDLER_TIMEOUT.to_seconds() + QUERY_INTERVAL.to_seconds() + 30.0


def test_a_call_started_at_the_end_of_an_invocation_s_budget_ends_before_the_lambda_timeout() -> None:
    """Every call takes botocore's longest (connect + read timeout) and UpdatePhoneNumber stays throttled:
    the last attempt starts just before the Api's deadline, and still ends 20 s (the return margin)
    before the 600 s Lambda timeout the construct sets."""
    from sms_estate.registrations.provider import HANDLER_TIMEOUT
    from sms_runtime.sms_client import LAMBDA_TIMEOUT_SECONDS, MAX_CALL_SECONDS, RetryPolicy

    assert HANDLER_TIMEOUT.to_seconds() == LAMBDA_TIMEOUT_SECONDS == 600
    aws = FakeAws()
    created = CloudFormationHarness(aws).create("Number", PHONE, NUMBER_PROPERTIES)
    assert created.ok
    aws.sms.latency_seconds = MAX_CALL_SECONDS
    aws.sms.fail_next("UpdatePhoneNumber", "ThrottlingException", times=1000)
    event = _update_event(created.physical_id, {**NUMBER_PROPERTIES, PhoneNumberProps.OPT_OUT_LIST_NAME: "Clinic"})
    started = aws.clock.now()

    class Context:
        def get_remaining_time_in_millis(self) -> int:
            return int((started + 600.0 - aws.clock.now()) * 1000)

    quick_retries = RetryPolicy(base_delay=0.001, max_delay=0.001)
    budget = lambda_budget(Context(), dispatch.ON_EVENT_BUDGET_SECONDS)
    with pytest.raises(BudgetExhaustedError):
        dispatch.handle_on_event(event, aws.clients(policy=quick_retries), budget)
    last = max(call.time for call in aws.sms.calls_to("UpdatePhoneNumber", outcome=None))
    assert last > started + 600.0 - 20.0 - 2 * MAX_CALL_SECONDS  # one started near the end
    assert aws.clock.now() - started <= 600.0 - 20.0


def test_a_lost_response_that_used_the_last_slot_of_the_quota_is_reported_as_bought() -> None:
    """Without AdoptByTag, the next poll sees the account full: it must find the number it bought
    (by its client-token tag) rather than report "nothing was bought" while the number bills."""
    aws = FakeAws(phone_number_limit=1)
    aws.sms.fail_next("RequestPhoneNumber", "timeout")  # bought, answer lost
    aws.sms.fail_next("RequestPhoneNumber", "ThrottlingException", times=30)  # the poll runs out of time
    cfn = CloudFormationHarness(aws, invocation_budget=20.0)
    outcome = cfn.create("Number", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.ADOPT_BY_TAG: False})
    assert outcome.ok, outcome.reason
    [number] = aws.sms.live_numbers()
    assert outcome.physical_id == number["PhoneNumberId"] and outcome.polls > 1
    assert len(aws.sms.calls_to("RequestPhoneNumber", outcome="ok-response-lost")) == 1


def test_a_create_retried_with_edited_identity_gets_its_own_client_token_not_a_conflict(aws: FakeAws) -> None:
    """A failed create whose properties are then edited: the token follows the properties, so the retry is
    a new purchase for the new properties, never the old token reused with other parameters."""
    cfn = CloudFormationHarness(aws)
    aws.sms.fail_next("RequestPhoneNumber", "AccessDeniedException")
    assert not cfn.create("Number", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.ADOPT_BY_TAG: False}).ok
    again = cfn.create(
        "Number",
        PHONE,
        {**NUMBER_PROPERTIES, PhoneNumberProps.ADOPT_BY_TAG: False, PhoneNumberProps.MESSAGE_TYPE: "PROMOTIONAL"},
    )
    assert again.ok, again.reason
    tokens = [c.params["ClientToken"] for c in aws.sms.calls_to("RequestPhoneNumber", outcome=None)]
    assert len(set(tokens)) == 2 and tokens[0] != tokens[-1]
    [number] = aws.sms.live_numbers()
    assert number["MessageType"] == "PROMOTIONAL"


def test_a_poll_after_the_window_answers_within_cloudformation_s_hour_even_when_throttled(aws: FakeAws) -> None:
    """Throttled to the end: the poll after the window looks for a bought number (DescribePhoneNumbers,
    throttled too) but stops at the cut-off, so the deploy fails with our reason, not CloudFormation's."""
    aws.sms.fail_next("RequestPhoneNumber", "ThrottlingException", times=5000)
    aws.sms.fail_next("DescribePhoneNumbers", "ThrottlingException", times=5000)
    cfn = CloudFormationHarness(aws)
    started = aws.clock.now()
    outcome = cfn.create("Number", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.ADOPT_BY_TAG: False})
    assert not outcome.ok and "ServiceTimeout" not in outcome.reason, outcome.reason
    assert aws.clock.now() - started < CUSTOM_RESOURCE_SECONDS
    assert aws.sms.live_numbers() == []


def _update_event(physical_id: str, properties: dict[str, Any]) -> dict[str, Any]:
    """An Update of the number created from ``NUMBER_PROPERTIES`` to ``properties``."""
    return handler_event(
        PHONE,
        properties,
        request_type="Update",
        RequestId="request-9",
        PhysicalResourceId=physical_id,
        OldResourceProperties=cfn_strings(NUMBER_PROPERTIES),
    )


def _replacement_waiting(aws: FakeAws) -> dict[str, Any]:
    """An Update that needs a new number, as every isComplete poll of it receives it (resource in progress)."""
    created = CloudFormationHarness(aws).create("Number", PHONE, NUMBER_PROPERTIES)
    assert created.ok
    event = _update_event(
        created.physical_id,
        {
            **NUMBER_PROPERTIES,
            PhoneNumberProps.MESSAGE_TYPE: "PROMOTIONAL",
            PhoneNumberProps.ALLOW_REPLACEMENT: True,
            PhoneNumberProps.ADOPT_BY_TAG: False,
        },
    )
    aws.cloudformation.begin(STACK_ID, "Number", PHONE, "UPDATE_IN_PROGRESS", created.physical_id)
    return {**event, **dispatch.handle_on_event(event, aws.clients())}


def test_no_purchase_starts_while_the_stack_rolls_back_even_with_the_resource_in_progress(aws: FakeAws) -> None:
    """During an Update rollback the resource is UPDATE_IN_PROGRESS again (the Update back); the stack's
    status says it is rolling back, and the replacement's poll buys nothing: it keeps the number it has
    (the rollback's goal), under the old physical ID, and says so in its Data."""
    waiting = _replacement_waiting(aws)
    aws.cloudformation.set_stack_status(STACK_ID, "UPDATE_ROLLBACK_IN_PROGRESS")
    requests = len(aws.sms.calls_to("RequestPhoneNumber", outcome=None))
    kept = dispatch.handle_is_complete(waiting, aws.clients())
    assert kept["IsComplete"] and "PhysicalResourceId" not in kept  # the event's: the old number
    assert (
        kept["Data"][RollbackAttrs.SKIPPED_IN_ROLLBACK] == "true"
        and kept["Data"][PhoneNumberAttrs.PHONE_NUMBER_ID] == waiting["PhysicalResourceId"]
    )
    assert len(aws.sms.calls_to("RequestPhoneNumber", outcome=None)) == requests
    assert len(aws.sms.live_numbers()) == 1
    aws.cloudformation.set_stack_status(STACK_ID, None)  # not rolling back: the same poll buys
    assert dispatch.handle_is_complete(waiting, aws.clients())["IsComplete"]
    assert len(aws.sms.live_numbers()) == 2


def test_a_poll_stops_buying_a_minute_after_its_check_so_the_next_poll_checks_again(aws: FakeAws) -> None:
    waiting = _replacement_waiting(aws)
    aws.sms.fail_next("RequestPhoneNumber", "ThrottlingException", times=1000)
    answer = dispatch.handle_is_complete(waiting, aws.clients())
    assert answer == {"IsComplete": False}
    [check] = aws.cloudformation.calls[-1:]
    attempts = [call.time for call in aws.sms.calls_to("RequestPhoneNumber", outcome=None) if call.time >= check.time]
    assert attempts and max(attempts) <= check.time + BUY_ATTEMPT_SECONDS <= 60.0 + check.time
    assert aws.clock.now() - check.time < dispatch.IS_COMPLETE_BUDGET_SECONDS / 2


def test_purchases_try_for_different_fixed_parts_of_the_minute() -> None:
    """Spread, so that purchases started together do not all pause together; fixed, so reruns agree."""
    windows = [attempt_seconds(f"token-{index}") for index in range(200)]
    assert all(BUY_ATTEMPT_SECONDS / 2 <= w <= BUY_ATTEMPT_SECONDS for w in windows)
    assert min(windows) < 0.6 * BUY_ATTEMPT_SECONDS and max(windows) > 0.9 * BUY_ATTEMPT_SECONDS
    assert attempt_seconds("token-7") == windows[7]
