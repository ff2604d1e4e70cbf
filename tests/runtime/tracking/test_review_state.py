"""The tracker records approvals in the review-state parameter (issue 18), against the fakes behind real boto3.

The parameter is what makes the next ``cdk deploy`` send the resources waiting for an approval an Update,
so it must change exactly when the set of approved registrations does: once per approval, never per poll,
and a failed write must be retried by the next poll without costing the approval's notification.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from fakes.aws import FakeAws
from fakes.estate import Estate
from fakes.samples import NUMBER_PROPERTIES, registration_properties
from fakes.ssm import FakeSsm
from fakes.tracking_services import TrackingServices
from support.tracking_events import scheduled, status_change
from support.tracking_harness import CONFIG_NAME, TABLE, TOPIC_ARN, make_tracker

from sms_runtime import sms_client
from sms_runtime.contract import PHONE_NUMBER_TYPE, REGISTRATION_TYPE, REVIEW_STATE_INITIAL
from sms_runtime.decision_log import LOG_KIND
from sms_runtime.tracking.handler import Tracker, tracker_from_environment
from sms_runtime.tracking.notification import NextDeploy, compose
from sms_runtime.tracking.review_state import Outcome, ReviewState
from sms_runtime.tracking.snapshot import RegistrationState, VersionState

PARAMETER = "/sms-estate/prod/review-state"


@pytest.fixture
def ssm() -> FakeSsm:
    fake = FakeSsm("us-east-1", "111122223333")
    fake.put(PARAMETER, REVIEW_STATE_INITIAL)  # as the review-state stack creates it
    return fake


@pytest.fixture
def session(aws: FakeAws, services: TrackingServices, ssm: FakeSsm) -> boto3.session.Session:
    """Real clients of every service the tracker uses, each answered by its fake."""
    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    session.events.register("before-send.pinpoint-sms-voice-v2", aws.serve_sms)
    session.events.register("before-send.dynamodb", services.dynamodb.serve)
    session.events.register("before-send.sns", services.sns.serve)
    session.events.register("before-send.ssm", ssm.serve)
    return session


def _tracker(aws: FakeAws, services: TrackingServices, session: boto3.session.Session, ids: dict[str, str]) -> Tracker:
    base = make_tracker(aws, services, [], ids)
    return dataclasses.replace(base, review_state=ReviewState(session.client("ssm"), PARAMETER))


def _submitted(estate: Estate) -> str:
    assert estate.number().ok and estate.registration().ok
    return estate.registration_id()


def _expected(*approved: str) -> str:
    """The value as the design defines it: sha256 over the sorted ``<id>@<approved version>``, 16 hex."""
    return "sha256:" + hashlib.sha256("\n".join(sorted(approved)).encode()).hexdigest()[:16]


def _decisions(out: str) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("log") == LOG_KIND and line.get("component") == "registration-tracker"]


def test_an_approval_is_written_once_and_polls_after_it_write_nothing(
    aws: FakeAws,
    estate: Estate,
    services: TrackingServices,
    ssm: FakeSsm,
    session: boto3.session.Session,
    capsys: pytest.CaptureFixture[str],
) -> None:
    registration_id = _submitted(estate)
    tracker = _tracker(aws, services, session, {registration_id: CONFIG_NAME})
    tracker.run(scheduled())
    assert (ssm.parameters[PARAMETER], ssm.calls) == (REVIEW_STATE_INITIAL, ["GetParameter"])  # nothing approved
    arn = aws.sms.registrations[registration_id].arn
    tracker.run(status_change(arn, "REQUIRES_AUTHENTICATION"))  # an event about an unapproved registration
    assert ssm.calls == ["GetParameter"]

    aws.sms.approve(registration_id)
    tracker.run(status_change(arn, "COMPLETE"))
    tracker.run(status_change(arn, "COMPLETE"))  # a duplicate delivery
    tracker.run(scheduled())
    tracker.run(scheduled())

    assert ssm.parameters[PARAMETER] == _expected(f"{registration_id}@1")
    assert ssm.calls.count("PutParameter") == 1 and ssm.versions[PARAMETER] == 2
    [message] = services.sns.published
    assert "`cdk deploy SmsEstate-prod-us-east-1` (prod in us-east-1)" in message.message
    assert f"The tracker recorded this approval in the review state ({PARAMETER})" in message.message
    decisions = _decisions(capsys.readouterr().out)
    assert [d["action"] for d in decisions] == [
        Outcome.UNCHANGED,  # the first poll: "none" is right while nothing is approved
        Outcome.NOT_NEEDED,  # the event about a registration that is not approved: no SSM call
        Outcome.WRITTEN,
        Outcome.UNCHANGED,
        Outcome.UNCHANGED,
        Outcome.UNCHANGED,
    ]
    assert decisions[2] == {
        "log": LOG_KIND,
        "action": Outcome.WRITTEN,
        "component": "registration-tracker",
        "trigger": "status-change",
        "parameter": PARAMETER,
        "approvedCount": 1,
    }  # IDs and counts only: never the value


def test_a_new_approval_writes_a_new_value(
    aws: FakeAws, estate: Estate, services: TrackingServices, ssm: FakeSsm, session: boto3.session.Session
) -> None:
    first = _submitted(estate)
    assert estate.cfn.create("Number2", PHONE_NUMBER_TYPE, dict(NUMBER_PROPERTIES)).ok
    number2 = estate.cfn.resources["Number2"].physical_id
    second_props = registration_properties([number2], attachments=estate.attachments)
    assert estate.cfn.create("Registration2", REGISTRATION_TYPE, second_props).ok
    second = estate.cfn.resources["Registration2"].physical_id
    tracker = _tracker(aws, services, session, {first: CONFIG_NAME})

    aws.sms.approve(first)
    tracker.run(scheduled())
    after_first = ssm.parameters[PARAMETER]
    aws.sms.approve(second)
    tracker.run(status_change(aws.sms.registrations[second].arn, "COMPLETE"))  # reads the others' approvals too

    assert after_first == _expected(f"{first}@1")
    assert ssm.parameters[PARAMETER] == _expected(f"{first}@1", f"{second}@1") != after_first
    assert ssm.calls.count("PutParameter") == 2


def test_a_failed_write_still_notifies_and_the_next_poll_writes(
    aws: FakeAws,
    estate: Estate,
    services: TrackingServices,
    ssm: FakeSsm,
    session: boto3.session.Session,
    capsys: pytest.CaptureFixture[str],
) -> None:
    registration_id = _submitted(estate)
    tracker = _tracker(aws, services, session, {registration_id: CONFIG_NAME})
    tracker.run(scheduled())
    ssm.denied.add("PutParameter")  # e.g. a policy that lost the grant
    aws.sms.approve(registration_id)

    tracker.run(status_change(aws.sms.registrations[registration_id].arn, "COMPLETE"))  # does not raise
    assert ssm.parameters[PARAMETER] == REVIEW_STATE_INITIAL
    [message] = services.sns.published
    assert f"could not record this approval in the review state ({PARAMETER})" in message.message
    failed = [d for d in _decisions(capsys.readouterr().out) if d["action"] == Outcome.FAILED]
    assert [d["error"] for d in failed] == ["AccessDeniedException"]

    ssm.denied.clear()
    tracker.run(scheduled())
    assert ssm.parameters[PARAMETER] == _expected(f"{registration_id}@1")
    assert len(services.sns.published) == 1  # the approval was notified once, not again


def test_a_failed_read_of_the_parameter_is_left_to_the_next_poll(
    aws: FakeAws, estate: Estate, services: TrackingServices, ssm: FakeSsm, session: boto3.session.Session
) -> None:
    registration_id = _submitted(estate)
    tracker = _tracker(aws, services, session, {registration_id: CONFIG_NAME})
    tracker.run(scheduled())
    aws.sms.approve(registration_id)
    ssm.denied.add("GetParameter")
    tracker.run(status_change(aws.sms.registrations[registration_id].arn, "COMPLETE"))
    assert (ssm.parameters[PARAMETER], len(services.sns.published)) == (REVIEW_STATE_INITIAL, 1)
    ssm.denied.clear()
    tracker.run(scheduled())
    assert ssm.parameters[PARAMETER] == _expected(f"{registration_id}@1")


@pytest.fixture
def cold_start(session: boto3.session.Session, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A cold start whose clients (built by the Lambda code itself) reach the fakes of this test."""
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", session)
    sms_client.default_clients.cache_clear()  # cached per cold start: built again from this session
    yield
    sms_client.default_clients.cache_clear()


def _lambda_environment(with_parameter: bool) -> dict[str, str]:
    env = {
        "SMS_ESTATE_ENVIRONMENT": "prod",
        "AWS_REGION": "us-east-1",
        "LEDGER_TABLE": TABLE,
        "TOPIC_ARN": TOPIC_ARN,
    }
    if with_parameter:
        env |= {"REVIEW_STATE_PARAMETER": PARAMETER, "REVIEW_STATE_STACK": "SmsEstate-prod-us-east-1"}
    return env


@pytest.mark.parametrize("with_parameter", [True, False])
def test_the_lambda_writes_the_parameter_only_when_its_environment_names_one(
    aws: FakeAws,
    estate: Estate,
    services: TrackingServices,
    ssm: FakeSsm,
    cold_start: None,
    with_parameter: bool,
) -> None:
    registration_id = _submitted(estate)
    tracker = tracker_from_environment(_lambda_environment(with_parameter))
    # This tracker paces on the real clock: move the fake's (virtual) quota window on between polls.
    aws.clock.advance(3600)
    tracker.run(scheduled(), budget_seconds=10)  # sees it SUBMITTED
    aws.sms.approve(registration_id)
    aws.clock.advance(3600)
    tracker.run(scheduled(), budget_seconds=10)

    [message] = services.sns.published
    if with_parameter:
        assert ssm.parameters[PARAMETER] == _expected(f"{registration_id}@1")
        assert "`cdk deploy SmsEstate-prod-us-east-1`" in message.message
    else:
        assert ssm.calls == []
        assert "cdk deploy" not in message.message
        assert "Approved. Associated numbers become ACTIVE and can send; nothing to change." in message.message


@pytest.mark.parametrize(
    ("registration_type", "what_waits"),
    [
        ("US_TEN_DLC_BRAND_REGISTRATION", "10DLC campaigns (and a vetting) waiting for this brand are associated"),
        ("US_TEN_DLC_CAMPAIGN_REGISTRATION", "TEN_DLC numbers waiting for this campaign are requested"),
        ("SG_SENDER_ID_REGISTRATION", "the sender ID waiting for this registration is verified"),
        ("US_TOLL_FREE_REGISTRATION", "resources waiting for this approval (a 10DLC campaign waiting for its brand"),
    ],
)
def test_the_approval_says_what_carries_on_and_at_which_deploy(registration_type: str, what_waits: str) -> None:
    state = RegistrationState(
        registration_id="registration-abc",
        registration_arn="arn:aws:sms-voice:us-east-1:111122223333:registration/registration-abc",
        registration_type=registration_type,
        status="COMPLETE",
        current=VersionState(number=1, status="APPROVED"),
        approved_version=1,
    )
    message = compose(
        state,
        "REVIEWING",
        environment="prod",
        region="us-east-1",
        entry=None,
        config_file="config/prod.yaml",
        next_deploy=NextDeploy("SmsEstate-prod-us-east-1", PARAMETER),
    )
    body = " ".join(message.body.split())  # the text is wrapped for email: compare it unwrapped
    assert (
        f"What happens next: at the next `cdk deploy SmsEstate-prod-us-east-1` (prod in us-east-1), {what_waits}"
        in body
    )
    assert f"The tracker recorded this approval in the review state ({PARAMETER}), so that deploy sends" in body
