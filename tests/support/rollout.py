"""A bulk rollout through the fake SMS API: numbers deployed by the shard stacks, then the workflow.

Phase 1 is the deploy: every shard stack (one CloudFormation harness each) creates its
``Custom::SmsPhoneNumber`` resources at once, and all shard stacks deploy at once, so every number is
in flight together. Each goes through the Provider framework as deployed: ``onEvent`` records the
purchase, ``isComplete`` polls buy it, and a poll that runs out of time while throttled leaves the
rest to the next poll. Phase 2 is what the deploy starts and does not wait for: one workflow execution
per shard (``workflow_driver``) advancing every row with the real row step. One fake account at the
documented default quotas serves both; time is virtual.

The quota-bound minimum is, over every action, accepted calls / allowed rate: the slowest action bounds
the whole rollout, whatever the concurrency.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass

from fakes.aws import FakeAws
from fakes.cloudformation import CloudFormationHarness, Outcome, cfn_strings
from fakes.estate import PHONE
from fakes.samples import (
    NUMBER_PROPERTIES,
    OPT_IN_FIELD,
    TFN_FIELDS,
    attachment_property,
    png,
    registration_properties,
)
from fakes.sms_api import FAST_ACTIONS
from support.workflow_driver import DriverStats, run_executions

from sms_estate.yaml_app.bulk.shard_key import shard_of
from sms_runtime.bulk.ledger import DONE, MemoryLedger, RowRecord
from sms_runtime.contract import PhoneNumberProps

QUERY_INTERVAL = 30.0


@dataclass(frozen=True)
class Phase:
    """One phase of the rollout: its virtual wall time and its quota-bound minimum."""

    wall_seconds: float
    minimum_seconds: float
    slowest_action: str
    throttled: int

    @property
    def ratio(self) -> float:
        return self.wall_seconds / self.minimum_seconds


@dataclass(frozen=True)
class RolloutResult:
    rows: int
    shards: int
    deploy: Phase  # the shard stacks' phone numbers (custom resources, under CloudFormation)
    workflow: Phase  # the registrations (the workflow the deploy starts)
    submitted: int
    number_failures: tuple[str, ...]
    row_failures: tuple[str, ...]
    stats: DriverStats
    statuses: dict[str, int]
    number_polls: tuple[int, ...] = ()  # isComplete polls per number bought through the harness


def _phase(aws: FakeAws, first_call: int, started: float) -> Phase:
    calls = aws.sms.calls[first_call:]
    accepted = Counter(c.action for c in calls if c.outcome.startswith("ok"))
    bound = {action: count / FAST_ACTIONS.get(action, 1.0) for action, count in accepted.items()}
    slowest = max(bound, key=lambda action: bound[action])
    throttled = sum(1 for c in calls if c.outcome == "ThrottlingException")
    return Phase(aws.clock.now() - started, bound[slowest], slowest, throttled)


def _fields(index: int) -> dict[str, object]:
    """The sample TFN form, made a distinct business per row."""
    name = f"Example Clinic {index:03d} LLC"
    return {**TFN_FIELDS, "companyInfo.companyName": name}


def _buy_number(cfn: CloudFormationHarness, name: str) -> Outcome:
    """One number resource of a shard stack; CloudFormation creates a stack's numbers concurrently."""
    # as the shard stacks deploy them: no per-account tag scan (see SmsPhoneNumber adopt_by_tag)
    return cfn.create(f"PhoneNumber{name}", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.ADOPT_BY_TAG: False})


def _stack_id(name: str, shards: int) -> str:
    stack = f"SmsEstate-bulk-us-east-1-registrations-{shard_of(name, shards)}"
    return f"arn:aws:cloudformation:us-east-1:111122223333:stack/{stack}/0"


def _deploy_through_handlers(aws: FakeAws, names: list[str], shards: int) -> list[Outcome | BaseException]:
    """Every shard stack deploys at once, and each creates all its numbers at once."""
    stacks = {_stack_id(name, shards) for name in names}
    harness = {stack: CloudFormationHarness(aws, query_interval=QUERY_INTERVAL, stack_id=stack) for stack in stacks}
    return aws.clock.run_parallel([functools.partial(_buy_number, harness[_stack_id(n, shards)], n) for n in names])


def _request_directly(aws: FakeAws, stack: str, name: str) -> Outcome:
    """A number as a successful deploy leaves it, bought with one paced call (no handler, no adoption scan)."""
    client = aws.sms_client()
    while True:
        try:
            number = client.request_phone_number(
                IsoCountryCode="US", MessageType="TRANSACTIONAL", NumberCapabilities=["SMS"], NumberType="TOLL_FREE"
            )
            return Outcome("SUCCESS", str(number["PhoneNumberId"]))
        except client.exceptions.ThrottlingException:
            aws.clock.sleep(1.0)


def run_rollout(rows: int, shards: int, *, numbers_by_handler: bool = True) -> RolloutResult:
    """``numbers_by_handler=False`` buys the numbers directly, to measure the workflow on its own."""
    aws = FakeAws(phone_number_limit=rows * 2, latency_seconds=0.05)
    image = png()
    aws.s3.put("cdk-assets", "opt-in.png", image)
    attachment = attachment_property("cdk-assets", "opt-in.png", image)
    names = [f"clinic-{index:03d}" for index in range(rows)]
    by_shard: dict[int, list[str]] = {}
    for name in names:
        by_shard.setdefault(shard_of(name, shards), []).append(name)
    if numbers_by_handler:
        deployed = _deploy_through_handlers(aws, names, shards)
    else:
        deployed = aws.clock.run_parallel(
            [functools.partial(_request_directly, aws, _stack_id(n, shards), n) for n in names]
        )
    deploy = _phase(aws, 0, 0.0)
    numbers: dict[str, str] = {}
    number_failures: list[str] = []
    for name, outcome in zip(names, deployed, strict=True):
        if isinstance(outcome, Outcome) and outcome.ok:
            numbers[name] = outcome.physical_id
        else:
            number_failures.append(f"number {name}: {getattr(outcome, 'reason', outcome)}")
    ledger = MemoryLedger()
    for index, name in enumerate(n for n in names if n in numbers):
        stack = _stack_id(name, shards)
        properties = registration_properties(
            [numbers[name]], attachments={OPT_IN_FIELD: attachment}, fields=_fields(index)
        )
        ledger.put(
            RowRecord(key=name, stack_id=stack, logical_id=f"Registration{name}", properties=cfn_strings(properties))
        )
    first_call, started = len(aws.sms.calls), aws.clock.now()
    stats = run_executions(aws, ledger, [[name for name in group if name in numbers] for group in by_shard.values()])
    workflow = _phase(aws, first_call, started)
    records = list(ledger.records())
    return RolloutResult(
        rows=rows,
        shards=shards,
        deploy=deploy,
        workflow=workflow,
        submitted=sum(1 for r in aws.sms.live_registrations() if r.status == "SUBMITTED"),
        number_failures=tuple(number_failures),
        row_failures=tuple(f"{r.key}: {r.status}: {r.detail}" for r in records if r.status != DONE),
        stats=stats,
        statuses=dict(Counter(r.status for r in records)),
        number_polls=tuple(o.polls for o in deployed if isinstance(o, Outcome) and o.ok and numbers_by_handler),
    )
