"""Fault injection: fail each API call of the create sequence in turn; re-running converges.

The create sequence is read from a clean run's call log. Each case fails one call of it (by action
and occurrence) with throttling, a 500, or a timeout whose request was applied but whose response
was lost. A second variant keeps failing (12 times in a row) past a short invocation budget: during
``onEvent`` the deploy fails and CloudFormation's rollback and a re-deploy take over; during
``isComplete`` the remaining work moves to later polls. Either way the end state must be the clean
run's: one number, one registration, one attachment, every field, associated, submitted.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import CloudFormationHarness, Outcome
from fakes.estate import PHONE, REGISTRATION, Estate
from fakes.samples import NUMBER_PROPERTIES, TFN_FIELDS


def _sequence() -> list[tuple[str, int]]:
    aws = FakeAws(rate_scale=1000.0)
    estate = Estate(aws, CloudFormationHarness(aws))
    assert estate.number().ok and estate.registration().ok
    seen: Counter[str] = Counter()
    sequence = []
    for call in aws.sms.calls:
        seen[call.action] += 1
        sequence.append((call.action, seen[call.action]))
    return sequence


CREATE_SEQUENCE = _sequence()
FAULTS = ("ThrottlingException", "InternalServerException", "timeout")


def _deploy_until_done(aws: FakeAws, estate: Estate, budget: float) -> list[Outcome]:
    """Deploy number then registration; after a failed create, roll back and deploy again."""
    outcomes = []
    for _attempt in range(3):
        cfn = CloudFormationHarness(aws, invocation_budget=budget)
        estate.cfn = cfn
        number = cfn.create("Number", PHONE, NUMBER_PROPERTIES)
        outcomes.append(number)
        if not number.ok:
            cfn.rollback_failed_create("Number", PHONE, number, NUMBER_PROPERTIES)
            continue
        props: dict[str, Any] = estate.registration_props()
        registration = cfn.create("Registration", REGISTRATION, props)
        outcomes.append(registration)
        if registration.ok:
            return outcomes
        cfn.rollback_failed_create("Registration", REGISTRATION, registration, props)
    return outcomes


def _assert_converged(aws: FakeAws) -> None:
    assert len(aws.sms.live_numbers()) == 1
    [registration] = aws.sms.live_registrations()
    assert len(aws.sms.attachments) == 1
    assert registration.status == "SUBMITTED" and len(registration.versions) == 1
    assert len(registration.latest.values) == len(TFN_FIELDS) + 1
    assert registration.associations == [aws.sms.live_numbers()[0]["PhoneNumberId"]]


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize(("action", "occurrence"), CREATE_SEQUENCE, ids=[f"{a}#{n}" for a, n in CREATE_SEQUENCE])
def test_one_failed_call_is_absorbed_and_the_end_state_is_unchanged(action: str, occurrence: int, fault: str) -> None:
    aws = FakeAws(rate_scale=1000.0)
    aws.sms.fail_nth(action, occurrence, fault)
    outcomes = _deploy_until_done(aws, Estate(aws, CloudFormationHarness(aws)), budget=240.0)
    assert outcomes[-1].ok, outcomes[-1].reason
    _assert_converged(aws)


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize(("action", "occurrence"), CREATE_SEQUENCE, ids=[f"{a}#{n}" for a, n in CREATE_SEQUENCE])
def test_a_call_failing_until_the_deploy_fails_converges_on_redeploy(action: str, occurrence: int, fault: str) -> None:
    aws = FakeAws(rate_scale=1000.0)
    for extra in range(12):
        aws.sms.fail_nth(action, occurrence + extra, fault)
    outcomes = _deploy_until_done(aws, Estate(aws, CloudFormationHarness(aws)), budget=20.0)
    assert outcomes[-1].ok, [o.reason for o in outcomes]
    _assert_converged(aws)
