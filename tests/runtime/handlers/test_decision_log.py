"""Every handler invocation writes one JSON decision line, and no line carries data it must not.

The lines are read from stdout (what Lambda sends to the function's log group) while a number and its
registration are created, updated and deleted through the CloudFormation harness, against the fake
account. What is seeded and must never appear: the bought number in E.164, registration field values
(one of them a phone number), and the ResponseURL of every event.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import CloudFormationHarness
from fakes.estate import PHONE, REGISTRATION, Estate
from fakes.samples import TFN_FIELDS

from sms_runtime import decision_log
from sms_runtime.contract import PhoneNumberProps
from sms_runtime.handlers import dispatch

REQUIRED = {
    "log",
    "step",
    "requestType",
    "resourceType",
    "logicalId",
    "physicalId",
    "actions",
    "apiCalls",
    "outcome",
    "durationMs",
}
OUTCOMES = {"success", "failure", "not-complete"}


def _lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    """The decision lines written since the last read; any other stdout line fails the test."""
    out = capsys.readouterr().out
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert all(line["log"] == decision_log.LOG_KIND for line in lines)
    return lines


def _steps(lines: list[dict[str, Any]], step: str) -> list[dict[str, Any]]:
    return [line for line in lines if line["step"] == step]


def _secrets(aws: FakeAws, cfn: CloudFormationHarness) -> list[str]:
    numbers = [str(n["PhoneNumber"]) for n in aws.sms.numbers.values()]
    values = [v for v in TFN_FIELDS.values() if isinstance(v, str)]
    urls = {str(event["ResponseURL"]) for event in cfn.events}
    assert numbers and urls  # the seeds exist, so their absence below means something
    return [*numbers, *numbers_digits(numbers), *values, *urls]


def numbers_digits(numbers: list[str]) -> list[str]:
    """The numbers without their "+": a masked number must not survive as a bare digit run either."""
    return [number.lstrip("+") for number in numbers]


def test_create_update_and_delete_each_log_one_line_per_invocation_with_no_personal_data(
    aws: FakeAws, cfn: CloudFormationHarness, estate: Estate, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    sent_before = len(aws.sms.calls)
    number, registration = estate.number(), estate.registration()
    assert number.ok and registration.ok
    created = _lines(capsys)
    number_id = cfn.resources["Number"].physical_id
    registration_id = estate.registration_id()

    # One line per invocation: each create ran onEvent once, then isComplete once per poll.
    assert len(_steps(created, "onEvent")) == 2
    assert len(_steps(created, "isComplete")) == number.polls + registration.polls
    for line in created:
        assert set(line) >= REQUIRED, line
        assert line["outcome"] in OUTCOMES and line["requestType"] == "Create"
        assert isinstance(line["durationMs"], int) and line["durationMs"] >= 0
        assert all(isinstance(count, int) and count > 0 for count in line["apiCalls"].values())
    buy = [line for line in created if "buy" in line["actions"]]
    assert len(buy) == 1 and buy[0]["resourceType"] == PHONE and buy[0]["apiCalls"]["RequestPhoneNumber"] == 1
    assert buy[0]["resultPhysicalId"] == number_id  # the number's ID replaces the placeholder
    registration_lines = [line for line in created if line["resourceType"] == REGISTRATION]
    registration_actions = {action for line in registration_lines for action in line["actions"]}
    assert {"create", "upload-attachment", "put-fields", "submit"} <= registration_actions
    assert registration_lines[0]["resultPhysicalId"] == registration_id

    # The counts are what the fake account received, request for request (retries count each attempt).
    logged = Counter[str]()
    for line in created:
        logged.update({name: count for name, count in line["apiCalls"].items() if ":" not in name})
    received = Counter(call.action for call in aws.sms.calls[sent_before:])
    assert logged == received

    # Update: an opt-out list change is a setting, changed in place on the same number.
    sent_before = len(aws.sms.calls)
    assert cfn.update(
        "Number", {**cfn.resources["Number"].properties, PhoneNumberProps.OPT_OUT_LIST_NAME: "patients"}
    ).ok
    updated = _lines(capsys)
    [on_event] = _steps(updated, "onEvent")
    assert on_event["requestType"] == "Update" and on_event["physicalId"] == number_id
    assert on_event["actions"] == ["update-in-place", "update-settings"]
    assert on_event["detail"]["settings"] == "OptOutListName"  # the setting's name, never its value
    assert on_event["apiCalls"] == {"DescribePhoneNumbers": 1, "UpdatePhoneNumber": 1}
    assert on_event["outcome"] == "success"
    assert len(aws.sms.calls_to("UpdatePhoneNumber")) == 1 and len(aws.sms.calls) - sent_before == 2

    # Delete: the default keeps both, and says so.
    assert cfn.delete("Registration").ok and cfn.delete("Number").ok
    deleted = _steps(_lines(capsys), "onEvent")
    assert [(line["logicalId"], line["actions"], line["apiCalls"]) for line in deleted] == [
        ("Registration", ["retain"], {}),
        ("Number", ["retain"], {}),
    ]

    everything = json.dumps(created + updated + deleted)
    for secret in _secrets(aws, cfn):
        assert secret not in everything, secret


def test_a_failure_logs_its_class_not_its_message(estate: Estate, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    outcome = estate.number({PhoneNumberProps.DELETION_PROTECTION_ENABLED: "ture"})  # refused before anything is bought
    assert not outcome.ok and "ture" in outcome.reason
    [line] = _lines(capsys)
    assert line["outcome"] == "failure" and line["reason"].startswith("HandlerError")
    assert "ture" not in json.dumps(line) and line["apiCalls"] == {}


def test_a_throttled_poll_is_not_complete_for_lack_of_budget(aws: FakeAws, capsys: pytest.CaptureFixture[str]) -> None:
    """A poll whose budget runs out while the API throttles says so, with the requests it made."""
    cfn = CloudFormationHarness(aws, invocation_budget=3.0)
    aws.sms.fail_next("RequestPhoneNumber", "ThrottlingException", times=8)
    capsys.readouterr()
    assert Estate(aws, cfn).number().ok
    polls = _steps(_lines(capsys), "isComplete")
    waiting = [line for line in polls if line["outcome"] == "not-complete"]
    assert waiting and all(line["reason"] == "budget-exhausted" for line in waiting)
    assert all(line["apiCalls"].get("RequestPhoneNumber", 0) >= 1 for line in waiting)
    assert polls[-1]["outcome"] == "success" and "buy" in polls[-1]["actions"]


def test_e164_numbers_are_masked_to_their_last_four_digits() -> None:
    assert decision_log.mask_phone_numbers("to +12065550142 and +447700900123.") == "to +…0142 and +…0123."
    assert decision_log.mask_phone_numbers("phone-0a1b2c request-12 +1234") == "phone-0a1b2c request-12 +1234"


def test_a_decision_recorded_outside_an_invocation_is_dropped_and_silenced_writes_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    decision_log.record_action("buy")  # no record open: nothing to attach it to, and no error
    with decision_log.silenced():
        decision_log.write({"step": "onEvent"})
    assert capsys.readouterr().out == ""
    line = decision_log.write({"step": "onEvent", "note": "+12065550142"})
    assert (
        json.loads(capsys.readouterr().out)
        == json.loads(line)
        == {
            "log": decision_log.LOG_KIND,
            "step": "onEvent",
            "note": "+…0142",
        }
    )


def test_the_dispatcher_logs_even_an_event_it_cannot_route(capsys: pytest.CaptureFixture[str], aws: FakeAws) -> None:
    event = {"RequestType": "Create", "ResourceType": "Custom::Unknown", "StackId": "s", "LogicalResourceId": "X"}
    capsys.readouterr()
    with pytest.raises(Exception, match="no handler"):
        dispatch.handle_on_event(event, aws.clients(seed=1))
    [line] = _lines(capsys)
    assert line["outcome"] == "failure" and line["reason"] == "HandlerError:refused" and line["actions"] == ["nothing"]
