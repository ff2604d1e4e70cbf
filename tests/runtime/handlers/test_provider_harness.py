"""The harness keeps the CDK Provider framework's rules (framework.ts, cfn-response.ts, waiter state machine).

A stub resource type registered with the dispatcher shows each rule the handlers rely on: what
``isComplete`` receives, whose physical ID CloudFormation gets, and when the waiter gives up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import CloudFormationHarness

from sms_runtime.handlers import dispatch
from sms_runtime.handlers.request import Request, Response
from sms_runtime.sms_client import Api

STUB = "Custom::HarnessStub"


class _Stub:
    """onEvent returns ``on_event``; isComplete returns ``answers`` in turn, recording what it saw."""

    def __init__(self, on_event: Response, answers: list[dict[str, Any]], per_poll: Callable[[], None] = lambda: None):
        self.on_event, self.answers, self.per_poll = on_event, answers, per_poll
        self.seen: list[Request] = []

    def create(self, request: Request, api: Api) -> Response:
        return self.on_event

    def is_complete(self, request: Request, api: Api) -> dict[str, Any]:
        self.seen.append(request)
        self.per_poll()
        return self.answers[min(len(self.seen), len(self.answers)) - 1]


def _register(monkeypatch: pytest.MonkeyPatch, stub: _Stub) -> None:
    def never(request: Request, api: Api) -> Any:
        raise AssertionError("not used")

    handlers = dispatch.ResourceHandlers(stub.create, never, never, stub.is_complete)
    monkeypatch.setitem(dispatch.HANDLERS, STUB, handlers)


def test_a_complete_result_s_physical_id_and_data_win_over_on_event_s(monkeypatch: pytest.MonkeyPatch) -> None:
    stub = _Stub(
        Response("placeholder", {"A": "1", "B": "1"}, carry={"K": "v"}),
        [{"IsComplete": True, "PhysicalResourceId": "real", "Data": {"B": "2"}}],
    )
    _register(monkeypatch, stub)
    outcome = CloudFormationHarness(FakeAws()).create("Stub", STUB, {})
    assert outcome.ok and outcome.physical_id == "real" and outcome.data == {"A": "1", "B": "2"}
    assert stub.seen[0].carry == {"K": "v"}  # extra onEvent fields reach isComplete


def test_every_poll_receives_on_event_s_result_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    not_yet = {"IsComplete": False, "PhysicalResourceId": "discarded"}
    stub = _Stub(Response("placeholder", carry={"K": "v"}), [not_yet, not_yet, {"IsComplete": True}])
    _register(monkeypatch, stub)
    aws = FakeAws()
    outcome = CloudFormationHarness(aws).create("Stub", STUB, {})
    assert outcome.ok and outcome.polls == 3 and outcome.physical_id == "placeholder"
    assert [(r.physical_id, dict(r.carry)) for r in stub.seen] == [("placeholder", {"K": "v"})] * 3
    assert aws.clock.now() == 60.0  # two query intervals between three polls


def test_a_create_without_a_physical_id_gets_its_request_id(monkeypatch: pytest.MonkeyPatch) -> None:
    _register(monkeypatch, _Stub(Response(""), [{"IsComplete": True}]))
    cfn = CloudFormationHarness(FakeAws())
    outcome = cfn.create("Stub", STUB, {})
    assert outcome.ok and outcome.physical_id == cfn.events[-1]["RequestId"]


def test_data_with_an_incomplete_answer_fails_with_on_event_s_id(monkeypatch: pytest.MonkeyPatch) -> None:
    _register(monkeypatch, _Stub(Response("placeholder"), [{"IsComplete": False, "Data": {"A": "1"}}]))
    outcome = CloudFormationHarness(FakeAws()).create("Stub", STUB, {})
    assert not outcome.ok and outcome.physical_id == "placeholder"
    assert outcome.reason == '"Data" is not allowed if "IsComplete" is "False"'


def test_the_waiter_gives_up_after_total_timeout_over_query_interval_retries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _register(monkeypatch, _Stub(Response("placeholder"), [{"IsComplete": False}]))
    outcome = CloudFormationHarness(FakeAws(), total_timeout=90.0).create("Stub", STUB, {})
    assert not outcome.ok and outcome.reason == "Operation timed out"
    assert outcome.polls == 4 and outcome.physical_id == "placeholder"


def test_cloudformation_fails_a_response_later_than_its_service_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = FakeAws()
    stub = _Stub(Response("placeholder"), [{"IsComplete": False}, {"IsComplete": True}], lambda: aws.clock.sleep(2000))
    _register(monkeypatch, stub)
    outcome = CloudFormationHarness(aws).create("Stub", STUB, {})
    assert not outcome.ok and "ServiceTimeout (3600 s)" in outcome.reason
    assert len(stub.seen) == 2  # the waiter itself ran on: it does not know CloudFormation gave up


def test_a_total_timeout_the_provider_would_refuse_is_refused() -> None:
    with pytest.raises(ValueError, match="not a multiple"):
        CloudFormationHarness(FakeAws(), total_timeout=100.0, query_interval=30.0)
