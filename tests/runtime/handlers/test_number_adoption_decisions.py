"""Adoption of the numbers a deleted stack of the same name retained: every decision, through the fakes.

Why these matter: a first deploy that fails leaves its numbers retained and billed; the stack is deleted
and deployed again under the same name. Adopting the wrong predecessor's number (another stack's, another
kind of number) hands a resource a number it does not own; missing the right one buys a second set
(monthly cost, and the 25-per-region quota); reusing the identity token after a release gets the released
number back from the API's idempotency window. Each test builds the deleted stacks in the fake
CloudFormation (``ListStacks``/``DescribeStackResource`` behind real botocore) and the numbers in the fake
SMS API, then calls :func:`number_adoption.adopt_retained` as the phone-number handler does.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from fakes.aws import FakeAws
from fakes.cloudformation import STACK_ID, CloudFormationHarness, handler_event
from fakes.estate import PHONE
from fakes.samples import NUMBER_PROPERTIES

from sms_runtime import decision_log
from sms_runtime.contract import PhoneNumberProps
from sms_runtime.handlers.number_adoption import Retained, adopt_retained, purchase_token
from sms_runtime.handlers.number_purchase import CREATED_SKEW_SECONDS
from sms_runtime.handlers.predecessors import MAX_PREDECESSORS, Predecessor, forget_cache, predecessors, recorded
from sms_runtime.handlers.request import CLIENT_TOKEN_TAG, Request, stable_hash
from sms_runtime.sms_client import Api

IDENTITY = "identity-of-Number-in-sms-estate-test"
FILTERS: list[dict[str, Any]] = [
    {"Name": "number-type", "Values": ["TOLL_FREE"]},
    {"Name": "iso-country-code", "Values": ["US"]},
    {"Name": "message-type", "Values": ["TRANSACTIONAL"]},
]
NAME_PREFIX = STACK_ID.rsplit("/", 1)[0]  # arn:...:stack/sms-estate-test
OTHER_NAME_PREFIX = NAME_PREFIX.replace("/sms-estate-test", "/sms-estate-other")
LONGER_NAME_PREFIX = NAME_PREFIX + "-2"  # a name that starts with this one
SOURCE = {"source": "deleted-stack-of-same-name"}


def _stack(suffix: str, prefix: str = NAME_PREFIX) -> str:
    return f"{prefix}/{suffix}-0000-0000-0000-000000000000"


def _deleted_stack(aws: FakeAws, stack_id: str, resources: dict[str, str], *, lived: float = 600.0) -> None:
    """A stack created now with ``resources`` (logical ID -> physical ID), deleted ``lived`` seconds later."""
    cfn = aws.cloudformation
    for logical_id, physical_id in (resources or {"Other": "phone-unrelated"}).items():
        cfn.begin(stack_id, logical_id, PHONE, "DELETE_COMPLETE", physical_id)
    aws.clock.sleep(lived)
    cfn.delete_stack(stack_id)


def _buy(aws: FakeAws, *, token: str = IDENTITY, message_type: str = "TRANSACTIONAL") -> str:
    """A number in the account, tagged with ``token`` as the handler tags its purchases."""
    aws.clock.sleep(1.0)  # RequestPhoneNumber's quota: one a second
    number = aws.sms.handle(
        "RequestPhoneNumber",
        {
            "IsoCountryCode": "US",
            "MessageType": message_type,
            "NumberCapabilities": ["SMS"],
            "NumberType": "TOLL_FREE",
            "Tags": [{"Key": CLIENT_TOKEN_TAG, "Value": token}],
        },
    )
    return str(number["PhoneNumberId"])


def _request(stack_id: str = STACK_ID, logical_id: str = "Number") -> Request:
    return Request.from_event(handler_event(PHONE, NUMBER_PROPERTIES, StackId=stack_id, LogicalResourceId=logical_id))


def _api(aws: FakeAws) -> Api:
    return aws.clients().api(900.0)


def _adopt(aws: FakeAws, request: Request | None = None) -> tuple[Retained, decision_log.DecisionRecord]:
    with decision_log.recording() as record:
        retained = adopt_retained(_api(aws), request or _request(), identity=IDENTITY, filters=FILTERS)
    return retained, record


def _adopted_id(retained: Retained) -> str:
    assert retained.number is not None and retained.released == ""
    return str(retained.number["PhoneNumberId"])


def _stack_reads(aws: FakeAws) -> list[tuple[str, str]]:
    return [(call.stack, call.logical_id) for call in aws.cloudformation.calls]


# ----- which stacks are predecessors ----------------------------------------------------------------


def test_without_a_predecessor_one_listing_is_all_it_costs(aws: FakeAws) -> None:
    _deleted_stack(aws, _stack("00000001", OTHER_NAME_PREFIX), {"Number": _buy(aws)})
    sms_calls = len(aws.sms.calls)
    retained, record = _adopt(aws)
    assert retained == Retained() and purchase_token(IDENTITY, retained) == IDENTITY
    assert len(aws.cloudformation.list_calls) == 1
    assert aws.cloudformation.calls == [] and len(aws.sms.calls) == sms_calls
    assert record.actions == []


def test_only_deleted_stacks_of_this_name_and_another_id_are_predecessors(aws: FakeAws) -> None:
    same_name = _stack("00000001")
    _deleted_stack(aws, same_name, {})
    _deleted_stack(aws, _stack("00000002", OTHER_NAME_PREFIX), {})
    _deleted_stack(aws, _stack("00000002", LONGER_NAME_PREFIX), {})
    _deleted_stack(aws, STACK_ID, {})  # this stack's own ID is never its own predecessor
    not_deleted = _stack("00000003")
    aws.cloudformation.begin(not_deleted, "Number", PHONE, "CREATE_COMPLETE", "phone-live")
    aws.cloudformation.set_stack_status(not_deleted, "ROLLBACK_COMPLETE")
    found = predecessors(_api(aws), _request())
    assert [p.stack_id for p in found] == [same_name]
    created, deleted = aws.cloudformation.created[same_name], aws.cloudformation.deleted[same_name]
    assert found == (Predecessor(same_name, created, deleted),)
    assert deleted - created == 600.0


def test_predecessors_come_newest_deletion_first(aws: FakeAws) -> None:
    order = ["0000000c", "0000000a", "0000000d", "0000000b"]  # deleted in this order, listed sorted by ID
    for suffix in order:
        _deleted_stack(aws, _stack(suffix), {})
    found = predecessors(_api(aws), _request())
    assert [p.stack_id for p in found] == [_stack(s) for s in reversed(order)]
    assert found[0].deleted > found[1].deleted > found[2].deleted > found[3].deleted


def test_attempts_that_never_reached_the_resource_do_not_hide_the_one_that_bought_it(aws: FakeAws) -> None:
    """The deploy that bought the number failed; three more attempts under the same name failed before reaching
    it (their stacks had no such resource): the number is still found, one stack read per predecessor."""
    number_id = _buy(aws)
    _deleted_stack(aws, _stack("00000001"), {"Number": number_id})
    for suffix in ("00000002", "00000003", "00000004"):
        _deleted_stack(aws, _stack(suffix), {})
    retained, _ = _adopt(aws)
    assert _adopted_id(retained) == number_id
    assert [stack for stack, _ in _stack_reads(aws)] == [
        _stack(s) for s in ("00000004", "00000003", "00000002", "00000001")
    ]


def test_at_most_three_predecessors_that_had_the_resource_are_read(aws: FakeAws) -> None:
    for suffix in ("00000001", "00000002", "00000003", "00000004"):
        _deleted_stack(aws, _stack(suffix), {"Number": "sms-estate:pending-phone-number:lost"})
    with decision_log.silenced():
        list(recorded(_api(aws), _request()))
    assert [stack for stack, _ in _stack_reads(aws)] == [_stack(s) for s in ("00000004", "00000003", "00000002")]
    assert MAX_PREDECESSORS == 3


def test_the_cached_predecessors_and_the_adoption_result_are_immutable(aws: FakeAws) -> None:
    """The list is shared by every later invocation of this Lambda instance: no caller may alter it."""
    _deleted_stack(aws, _stack("00000001"), {})
    [found] = predecessors(_api(aws), _request())
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.deleted = 0.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Retained().released = "phone-1"  # type: ignore[misc]
    assert predecessors(_api(aws), _request()) == (found,)


def test_a_listed_stack_without_times_counts_as_the_oldest(aws: FakeAws) -> None:
    """A summary missing ``DeletionTime`` is read as deleted at 0 (the epoch): the oldest, checked last."""
    untimed = _stack("00000001")
    aws.cloudformation.begin(untimed, "Number", PHONE, "DELETE_COMPLETE", "phone-x")
    aws.cloudformation.set_stack_status(untimed, "DELETE_COMPLETE")  # no DeletionTime recorded
    timed = _stack("00000002")
    _deleted_stack(aws, timed, {})
    found = predecessors(_api(aws), _request())
    assert [p.stack_id for p in found] == [timed, untimed]
    assert found[1].deleted == 0.0 and found[1].created == aws.cloudformation.created[untimed]


def test_the_listing_follows_every_page(aws: FakeAws) -> None:
    aws.cloudformation.list_page_size = 1
    for suffix in ("00000001", "00000002"):
        _deleted_stack(aws, _stack(suffix, OTHER_NAME_PREFIX), {})
    last = _stack("ffffffff")  # sorted last: on the third page
    number_id = _buy(aws)
    _deleted_stack(aws, last, {"Number": number_id})
    retained, _ = _adopt(aws)
    assert _adopted_id(retained) == number_id
    assert len(aws.cloudformation.list_calls) == 3


def test_the_list_is_read_once_per_stack_and_lambda_instance(aws: FakeAws) -> None:
    number_id = _buy(aws)
    _deleted_stack(aws, _stack("00000001"), {"Number": number_id})
    assert _adopted_id(_adopt(aws)[0]) == number_id
    assert _adopt(aws, _request(logical_id="Number2"))[0] == Retained()  # the old stack had no Number2
    assert len(aws.cloudformation.list_calls) == 1
    # A stack deleted since is not seen by this instance: the list cannot change in a live stack's life.
    later = _buy(aws)
    _deleted_stack(aws, _stack("00000002"), {"Number3": later})
    assert _adopt(aws, _request(logical_id="Number3"))[0] == Retained()
    assert len(aws.cloudformation.list_calls) == 1
    # Another stack's request lists again; so does a new instance (forget_cache).
    other = _stack("00000009")
    assert predecessors(_api(aws), _request(stack_id=other))[0].stack_id == _stack("00000002")
    assert len(aws.cloudformation.list_calls) == 2
    forget_cache()
    assert _adopted_id(_adopt(aws, _request(logical_id="Number3"))[0]) == later
    assert len(aws.cloudformation.list_calls) == 3


# ----- what is read and adopted ---------------------------------------------------------------------


def test_the_number_the_deleted_stack_recorded_is_adopted_without_a_scan(aws: FakeAws) -> None:
    _buy(aws)  # another number of the same kind and token: never looked at
    number_id = _buy(aws)
    predecessor = _stack("00000001")
    _deleted_stack(aws, predecessor, {"Number": number_id, "Other": _buy(aws)})
    retained, record = _adopt(aws)
    assert _adopted_id(retained) == number_id
    assert purchase_token(IDENTITY, retained) == IDENTITY
    assert _stack_reads(aws) == [(predecessor, "Number")]  # by the deleted stack's ID, this logical ID
    [describe] = aws.sms.calls_to("DescribePhoneNumbers")
    assert describe.params["PhoneNumberIds"] == [number_id]
    assert aws.sms.calls_to("ListTagsForResource") == []  # the kind matches: no tag read needed
    assert record.actions == ["adopt-retained"] and record.detail == SOURCE


@pytest.mark.parametrize("status", ["ACTIVE", "PENDING", "ASSOCIATING"])
def test_a_retained_number_in_any_live_status_is_adopted(aws: FakeAws, status: str) -> None:
    """``ACTIVE`` once its registration was approved, ``PENDING`` before: neither is a released number."""
    number_id = _buy(aws)
    aws.sms.numbers[number_id]["Status"] = status
    _deleted_stack(aws, _stack("00000001"), {"Number": number_id})
    assert _adopted_id(_adopt(aws)[0]) == number_id


def test_a_number_of_another_kind_is_adopted_only_with_this_identity_tag(aws: FakeAws) -> None:
    tagged = _buy(aws, message_type="PROMOTIONAL")
    _deleted_stack(aws, _stack("00000001"), {"Number": tagged})
    retained, _ = _adopt(aws)
    assert _adopted_id(retained) == tagged
    assert len(aws.sms.calls_to("ListTagsForResource")) == 1


def test_a_number_of_another_kind_and_token_is_left_alone_and_older_predecessors_are_read(aws: FakeAws) -> None:
    older_number = _buy(aws)
    older = _stack("00000001")
    _deleted_stack(aws, older, {"Number": older_number})
    newer = _stack("00000002")
    _deleted_stack(aws, newer, {"Number": _buy(aws, token="another-resource", message_type="PROMOTIONAL")})
    retained, record = _adopt(aws)
    assert _adopted_id(retained) == older_number
    assert _stack_reads(aws) == [(newer, "Number"), (older, "Number")]
    assert record.actions == ["adopt-retained"]


def test_no_owned_number_in_any_predecessor_adopts_nothing_and_keeps_the_identity_token(aws: FakeAws) -> None:
    _deleted_stack(aws, _stack("00000001"), {"Number": _buy(aws, token="another", message_type="PROMOTIONAL")})
    retained, record = _adopt(aws)
    assert retained == Retained() and purchase_token(IDENTITY, retained) == IDENTITY
    assert record.actions == []


def test_a_predecessor_without_this_logical_id_is_skipped(aws: FakeAws) -> None:
    number_id = _buy(aws)
    older = _stack("00000001")
    _deleted_stack(aws, older, {"Number": number_id})
    newer = _stack("00000002")
    _deleted_stack(aws, newer, {"Renamed": _buy(aws)})  # DescribeStackResource: ValidationError
    retained, _ = _adopt(aws)
    assert _adopted_id(retained) == number_id
    assert _stack_reads(aws) == [(newer, "Number"), (older, "Number")]


# ----- released numbers: a fresh token --------------------------------------------------------------


def _released(aws: FakeAws) -> str:
    number_id = _buy(aws)
    aws.sms.handle("ReleasePhoneNumber", {"PhoneNumberId": number_id})
    return number_id


def test_a_released_number_is_not_adopted_and_the_purchase_gets_a_fresh_token(aws: FakeAws) -> None:
    released = _released(aws)
    _deleted_stack(aws, _stack("00000001"), {"Number": released})
    retained, record = _adopt(aws)
    assert retained == Retained(released=released)
    token = purchase_token(IDENTITY, retained)
    assert token == stable_hash(IDENTITY, "after-release", released) and token != IDENTITY
    assert record.actions == ["predecessor-number-released"] and record.detail == SOURCE


@pytest.fixture
def released_numbers_listed(aws: FakeAws) -> Iterator[dict[str, list[dict[str, Any]]]]:
    """``DescribePhoneNumbers`` by ID answering for released numbers as the model allows: status ``DELETED``,
    or no entry, instead of the fake's ``ResourceNotFoundException`` (``answers``: ID -> what it returns)."""
    answers: dict[str, list[dict[str, Any]]] = {}
    original = aws.sms.handle

    def handle(action: str, params: dict[str, Any]) -> dict[str, Any]:
        ids = params.get("PhoneNumberIds") or []
        if action == "DescribePhoneNumbers" and len(ids) == 1 and ids[0] in answers:
            return {"PhoneNumbers": answers[ids[0]]}
        return original(action, params)

    aws.sms.handle = handle  # type: ignore[method-assign]
    yield answers
    aws.sms.handle = original  # type: ignore[method-assign]


@pytest.mark.parametrize("listed", ["deleted-status", "no-entry"])
def test_a_number_listed_as_deleted_or_not_at_all_counts_as_released(
    aws: FakeAws, released_numbers_listed: dict[str, list[dict[str, Any]]], listed: str
) -> None:
    released = _released(aws)
    record = json.loads(json.dumps(aws.sms.numbers[released]))
    released_numbers_listed[released] = [record] if listed == "deleted-status" else []
    _deleted_stack(aws, _stack("00000001"), {"Number": released})
    assert _adopt(aws)[0] == Retained(released=released)


def test_a_live_number_listed_is_still_adopted_through_the_same_answer(
    aws: FakeAws, released_numbers_listed: dict[str, list[dict[str, Any]]]
) -> None:
    number_id = _buy(aws)
    released_numbers_listed[number_id] = [json.loads(json.dumps(aws.sms.numbers[number_id]))]
    _deleted_stack(aws, _stack("00000001"), {"Number": number_id})
    assert _adopted_id(_adopt(aws)[0]) == number_id


# ----- a predecessor whose create failed after buying: a bounded tag search ---------------------------


@pytest.mark.parametrize("physical_id", ["sms-estate:pending-phone-number:abc", "sms-estate-test-Number-1X2Y3Z", ""])
def test_a_placeholder_is_searched_among_numbers_created_while_the_predecessor_lived(
    aws: FakeAws, physical_id: str
) -> None:
    _buy(aws)  # tagged with this identity, but bought long before the predecessor existed
    aws.clock.sleep(3600.0)
    bought = _buy(aws)  # bought by the predecessor's lost poll, just inside the clock-skew margin
    aws.clock.sleep(CREATED_SKEW_SECONDS - 60.0)
    _deleted_stack(aws, _stack("00000001"), {"Number": physical_id})
    retained, record = _adopt(aws)
    assert _adopted_id(retained) == bought
    assert len(aws.sms.calls_to("ListTagsForResource")) == 1  # the older number's tags are never read
    assert record.actions == ["adopt-retained"]


def test_a_placeholder_predecessor_adopts_nothing_bought_before_it_lived(aws: FakeAws) -> None:
    _buy(aws)
    aws.clock.sleep(CREATED_SKEW_SECONDS + 60.0)
    _deleted_stack(aws, _stack("00000001"), {"Number": "sms-estate:pending-phone-number:abc"})
    assert _adopt(aws)[0] == Retained()
    assert aws.sms.calls_to("ListTagsForResource") == []


# ----- failures of the calls ---------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["ListStacks", "DescribeStackResource"])
def test_a_throttled_cloudformation_call_is_retried(aws: FakeAws, action: str) -> None:
    number_id = _buy(aws)
    _deleted_stack(aws, _stack("00000001"), {"Number": number_id})
    aws.cloudformation.fail_next(action, "Throttling", times=2)
    assert _adopted_id(_adopt(aws)[0]) == number_id


@pytest.mark.parametrize("action", ["ListStacks", "DescribeStackResource"])
def test_a_refused_cloudformation_call_fails_rather_than_buying_a_second_number(aws: FakeAws, action: str) -> None:
    _deleted_stack(aws, _stack("00000001"), {"Number": _buy(aws)})
    aws.cloudformation.fail_next(action, "AccessDenied")
    with pytest.raises(ClientError, match="AccessDenied"):
        _adopt(aws)


@pytest.mark.parametrize("error", ["AccessDeniedException", "ValidationException"])
def test_a_refused_number_read_fails_rather_than_counting_the_number_released(aws: FakeAws, error: str) -> None:
    """Only ``ResourceNotFoundException`` means released: another refusal must not buy a second number."""
    _deleted_stack(aws, _stack("00000001"), {"Number": _buy(aws)})
    aws.sms.fail_next("DescribePhoneNumbers", error)
    with pytest.raises(ClientError, match=error):
        _adopt(aws)


def test_a_throttled_number_read_is_retried_and_adopts(aws: FakeAws) -> None:
    number_id = _buy(aws)
    _deleted_stack(aws, _stack("00000001"), {"Number": number_id})
    aws.sms.fail_next("DescribePhoneNumbers", "ThrottlingException")
    assert _adopted_id(_adopt(aws)[0]) == number_id


# ----- end to end: the handler's purchase after a release -------------------------------------------


def _decisions(captured: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in captured.splitlines() if line.startswith('{"log":"sms-estate.decision"')]


def test_a_recreated_stack_buys_afresh_with_a_new_token_when_its_predecessor_released_the_number(
    aws: FakeAws, capsys: pytest.CaptureFixture[str]
) -> None:
    """Within the API's idempotency window the old token would return the released number."""
    first = CloudFormationHarness(aws, stack_id=_stack("00000001"))
    assert first.create("Number", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.ON_DELETE: "release"}).ok
    released = first.resources["Number"].physical_id
    first.delete_stack()
    assert aws.sms.numbers[released]["Status"] == "DELETED"
    capsys.readouterr()
    outcome = CloudFormationHarness(aws).create(
        "Number", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.ON_DELETE: "release"}
    )
    assert outcome.ok and outcome.physical_id != released, outcome.reason
    old_token, new_token = (call.params["ClientToken"] for call in aws.sms.calls_to("RequestPhoneNumber"))
    assert new_token == stable_hash(old_token, "after-release", released)
    logged = [entry for entry in _decisions(capsys.readouterr().out) if entry["actions"]]
    assert any(entry["actions"][:2] == ["predecessor-number-released", "buy"] for entry in logged), logged
    assert released not in json.dumps(logged)  # IDs are not logged
