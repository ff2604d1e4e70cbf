"""A CloudFormation + CDK Provider-framework lifecycle harness for our custom-resource handlers.

It sends the handlers real event shapes and reproduces the framework's behaviour, as read in aws/aws-cdk
``packages/aws-cdk-lib/custom-resources/lib/provider-framework/runtime/{framework,cfn-response}.ts`` and
``waiter-state-machine.ts`` (the compiled runtime of aws-cdk-lib 2.275 has the same code):

* every property value arrives as a string (``true`` -> ``"true"``, ``3`` -> ``"3"``);
* ``onEvent`` runs once. Its result is merged into the request (``createResponseEvent``: ``{...request,
  ...onEventResult}``, so extra top-level fields reach ``isComplete`` too); its ``PhysicalResourceId``
  defaults to the ``RequestId`` for a Create and to the request's ID otherwise, and a Delete that
  changes it fails;
* ``isComplete`` then receives that same event on every attempt (its "not complete" results are
  discarded, never merged): the first attempt at once, then up to ``total_timeout / query_interval``
  retries ``query_interval`` apart (the waiter's ``Retry``, ``BackoffRate`` 1), after which the
  timeout handler reports ``Operation timed out`` with the event's physical ID;
* a complete result is merged over the event (``{...event, ...isCompleteResult, Data: {...event.Data,
  ...isCompleteResult.Data}}``), so its ``PhysicalResourceId``, if any, is what CloudFormation gets;
  ``Data`` with an incomplete result is an error;
* a Create whose ``onEvent`` fails is reported with the marker physical ID, and the Delete that
  CloudFormation then sends for it never reaches the handler (so Create must adopt what it bought);
* a failure in ``isComplete`` (or the timeout) is reported with the physical ID ``onEvent`` returned, so
  the rollback Delete does reach the handler with it;
* an Update returning a new physical ID is a replacement: CloudFormation later sends a Delete for the
  old ID with the old properties;
* a failed Update is rolled back with an Update back to the old properties.

And of CloudFormation itself: each resource's status, served to the handlers by ``DescribeStackResource``
(``fakes.cloudformation_api``), and the stack's (``DescribeStacks``: ``ROLLBACK_IN_PROGRESS`` during
:meth:`CloudFormationHarness.rollback_failed_create`, ``UPDATE_ROLLBACK_IN_PROGRESS`` during an Update's
rollback, ``UPDATE_IN_PROGRESS`` otherwise): ``<TYPE>_IN_PROGRESS`` while a Create, Update or Delete waits, then
``_COMPLETE`` or ``_FAILED``. :meth:`CloudFormationHarness.rollback_failed_create` may run while the
create still waits (another resource failed): it marks the create ``CREATE_FAILED`` (cancelled) and
sends the Delete, and the create's answer arriving later changes nothing, as CloudFormation ignores it.
A replacement's clean-up Delete leaves the status of the new resource alone. The rollback statuses are
read from the CloudFormation user guide, not verified against a real account. A response later than ``service_timeout`` (``ServiceTimeout``, default
3600 s, counted from sending the request) fails the resource. Which physical ID CloudFormation's
rollback Delete carries after its own timeout is not verified; the harness uses the waiter's.

Each request gets its own jitter seed, derived from the stack, logical and request IDs: real
invocations draw independent randomness, and one shared seed would make every concurrent resource
back off in lockstep, which measures the harness rather than the handlers.
"""

from __future__ import annotations

import itertools
import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fakes.aws import FakeAws
from sms_runtime.handlers import dispatch

CREATE_FAILED_MARKER = "AWSCDK::CustomResourceProviderFramework::CREATE_FAILED"
MISSING_PHYSICAL_ID_MARKER = "AWSCDK::CustomResourceProviderFramework::MISSING_PHYSICAL_ID"
STACK_ID = "arn:aws:cloudformation:us-east-1:111122223333:stack/sms-estate-test/0a1b2c3d-4e5f-6789-abcd-ef0123456789"


def cfn_strings(value: Any) -> Any:
    """What CloudFormation does to property values: every scalar becomes a string."""
    if isinstance(value, Mapping):
        return {str(k): cfn_strings(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [cfn_strings(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass
class Outcome:
    """The response the framework would send to CloudFormation."""

    status: str
    physical_id: str
    data: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
    polls: int = 0
    ignored: bool = False  # CloudFormation had moved on (a rollback) when the answer came

    @property
    def ok(self) -> bool:
        return self.status == "SUCCESS"


@dataclass
class Deployed:
    resource_type: str
    physical_id: str
    properties: dict[str, Any]
    data: dict[str, Any]


@dataclass
class StackUpdate:
    """What :meth:`CloudFormationHarness.update_stack` sent: each update's outcome, then the rollback's."""

    outcomes: list[Outcome] = field(default_factory=list)
    rollbacks: list[Outcome] = field(default_factory=list)

    @property
    def rolled_back_cleanly(self) -> bool:
        """No rollback request failed (a failure there is ``UPDATE_ROLLBACK_FAILED``)."""
        return all(outcome.ok for outcome in self.rollbacks)


class CloudFormationHarness:
    """One stack's custom resources, driven through the same entry functions Lambda calls."""

    def __init__(
        self,
        aws: FakeAws,
        *,
        stack_id: str = STACK_ID,
        query_interval: float = 30.0,
        total_timeout: float = 3600.0,
        service_timeout: float = 3600.0,
        invocation_budget: float = dispatch.IS_COMPLETE_BUDGET_SECONDS,
    ) -> None:
        retries = total_timeout / query_interval
        if retries != round(retries):  # the Provider construct refuses this too (calculateRetryPolicy)
            raise ValueError(f"total_timeout {total_timeout} is not a multiple of query_interval {query_interval}")
        self.aws, self.stack_id = aws, stack_id
        self.query_interval, self.total_timeout = query_interval, total_timeout
        self.max_retries, self.service_timeout = int(retries), service_timeout
        self.invocation_budget = invocation_budget
        self.resources: dict[str, Deployed] = {}
        self.events: list[dict[str, Any]] = []
        self.waiter_inputs: list[dict[str, Any]] = []  # what every isComplete poll of a request received
        self.last_rollback: Outcome | None = None
        self._request_ids = itertools.count(1)

    # ----- the lifecycle ----------------------------------------------------------------------

    def create(self, logical_id: str, resource_type: str, properties: Mapping[str, Any]) -> Outcome:
        props = self._props(properties)
        event = self._event("Create", logical_id, resource_type, props)
        outcome = self.run(event)
        if outcome.ok and not outcome.ignored:
            self.resources[logical_id] = Deployed(resource_type, outcome.physical_id, props, outcome.data)
        return outcome

    def rollback_failed_create(
        self, logical_id: str, resource_type: str, failed: Outcome, properties: Mapping[str, Any]
    ) -> Outcome:
        """The Delete CloudFormation sends after a failed Create, for the ID the failure reported.

        Also when the Create still waits (``failed`` is then what the rollback assumes): CloudFormation
        cancels it first (``CREATE_FAILED``), and ignores its answer when it comes.
        """
        if self.aws.cloudformation.status(self.stack_id, logical_id) == "CREATE_IN_PROGRESS":
            cancelled = self.aws.cloudformation.begin(
                self.stack_id, logical_id, resource_type, "CREATE_IN_PROGRESS", failed.physical_id
            )
            self.aws.cloudformation.finish(self.stack_id, logical_id, cancelled, "CREATE_FAILED", failed.physical_id)
        event = self._event("Delete", logical_id, resource_type, self._props(properties), failed.physical_id)
        self.aws.cloudformation.set_stack_status(self.stack_id, "ROLLBACK_IN_PROGRESS")
        try:
            return self.run(event)
        finally:  # the rollback is over; a later request in the harness is a new deploy
            self.aws.cloudformation.set_stack_status(self.stack_id, None)

    def update(
        self, logical_id: str, properties: Mapping[str, Any], *, rollback: bool = True, clean_up: bool = True
    ) -> Outcome:
        deployed = self.resources[logical_id]
        props = self._props(properties)
        if rollback:  # a stack update of this resource alone (update_stack starts its own)
            self.aws.cloudformation.start_update(self.stack_id)
        event = self._event(
            "Update", logical_id, deployed.resource_type, props, deployed.physical_id, deployed.properties
        )
        outcome = self.run(event)
        if not outcome.ok:
            if rollback:
                back = self._event(
                    "Update", logical_id, deployed.resource_type, deployed.properties, deployed.physical_id, props
                )
                self.aws.cloudformation.set_stack_status(self.stack_id, "UPDATE_ROLLBACK_IN_PROGRESS")
                try:
                    self.last_rollback = self.run(back)
                finally:
                    self.aws.cloudformation.set_stack_status(self.stack_id, None)
            return outcome
        if clean_up and outcome.physical_id != deployed.physical_id:  # replacement: clean up the old one
            cleanup = self._event(
                "Delete", logical_id, deployed.resource_type, deployed.properties, deployed.physical_id
            )
            self.run(cleanup, track=False)  # the new resource stays UPDATE_COMPLETE meanwhile
        self.resources[logical_id] = Deployed(deployed.resource_type, outcome.physical_id, props, outcome.data)
        return outcome

    def update_stack(self, changes: list[tuple[str, Mapping[str, Any]]], *, fail_after: bool = False) -> StackUpdate:
        """A stack update of several resources, in order, as CloudFormation runs it.

        When one resource's update fails, or ``fail_after`` (another resource of the same update, not
        driven here, fails after these succeeded), CloudFormation rolls back every update that had
        succeeded, newest first: an Update back to the old properties, with the old ones as
        ``OldResourceProperties``, while the stack is ``UPDATE_ROLLBACK_IN_PROGRESS``. A replacement
        made by the update is undone as CloudFormation does: the old physical ID comes back and the new
        one gets a Delete (with the new properties) in the clean-up.
        """
        result = StackUpdate()
        self.aws.cloudformation.start_update(self.stack_id)
        done: list[tuple[str, Deployed]] = []
        failed = False
        for logical_id, properties in changes:
            before = self.resources[logical_id]
            outcome = self.update(logical_id, properties, rollback=False, clean_up=False)
            result.outcomes.append(outcome)
            if not outcome.ok:
                failed = True
                break
            done.append((logical_id, before))
        if not failed and not fail_after:
            for logical_id, before in done:
                now = self.resources[logical_id]
                if now.physical_id != before.physical_id:  # UPDATE_COMPLETE_CLEANUP_IN_PROGRESS
                    cleanup = self._event(
                        "Delete", logical_id, before.resource_type, before.properties, before.physical_id
                    )
                    self.run(cleanup, track=False)
            return result
        self.aws.cloudformation.set_stack_status(self.stack_id, "UPDATE_ROLLBACK_IN_PROGRESS")
        try:
            for logical_id, before in reversed(done):
                now = self.resources[logical_id]
                if now.physical_id != before.physical_id:
                    # A replacement: the old resource was never touched, so it simply comes back; the new
                    # one is deleted in UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS (with its own properties).
                    self.resources[logical_id] = before
                    cleanup = self._event("Delete", logical_id, now.resource_type, now.properties, now.physical_id)
                    result.rollbacks.append(self.run(cleanup, track=False))
                    continue
                back = self._event(
                    "Update", logical_id, before.resource_type, before.properties, before.physical_id, now.properties
                )
                rolled = self.run(back)
                result.rollbacks.append(rolled)
                if rolled.ok:
                    self.resources[logical_id] = Deployed(
                        before.resource_type, rolled.physical_id, before.properties, rolled.data
                    )
        finally:
            self.aws.cloudformation.set_stack_status(self.stack_id, None)
        return result

    def roll_back_stack_create(self) -> list[Outcome]:
        """A first deploy that failed: CloudFormation deletes every resource it created, newest first
        (``ROLLBACK_IN_PROGRESS``), and the stack ends in ``ROLLBACK_COMPLETE``."""
        self.aws.cloudformation.set_stack_status(self.stack_id, "ROLLBACK_IN_PROGRESS")
        outcomes = [self.delete(logical_id) for logical_id in reversed(list(self.resources))]
        self.aws.cloudformation.set_stack_status(self.stack_id, "ROLLBACK_COMPLETE")
        return outcomes

    def delete_stack(self) -> list[Outcome]:
        """``delete-stack``: a Delete for every resource left, newest first, then ``DELETE_COMPLETE``."""
        self.aws.cloudformation.set_stack_status(self.stack_id, "DELETE_IN_PROGRESS")
        outcomes = [self.delete(logical_id) for logical_id in reversed(list(self.resources))]
        self.aws.cloudformation.delete_stack(self.stack_id)
        return outcomes

    def delete(self, logical_id: str) -> Outcome:
        deployed = self.resources.pop(logical_id)
        event = self._event("Delete", logical_id, deployed.resource_type, deployed.properties, deployed.physical_id)
        return self.run(event)

    def status(self, logical_id: str) -> str | None:
        """The resource's status as ``DescribeStackResource`` reports it."""
        return self.aws.cloudformation.status(self.stack_id, logical_id)

    def retry_last(self) -> Outcome:
        """CloudFormation (or the framework) delivering the very same request again."""
        return self.run(dict(self.events[-1]))

    # ----- the Provider framework -------------------------------------------------------------

    def run(self, event: dict[str, Any], *, track: bool = True) -> Outcome:
        """One request through the framework; ``track``: record the resource's status as CloudFormation does."""
        if not track:
            return self._run(event)
        stack, logical_id, kind = self.stack_id, str(event["LogicalResourceId"]), str(event["RequestType"]).upper()
        physical = str(event.get("PhysicalResourceId", ""))
        states = self.aws.cloudformation
        operation = states.begin(stack, logical_id, str(event["ResourceType"]), f"{kind}_IN_PROGRESS", physical)
        outcome = self._run(event)
        status = f"{kind}_COMPLETE" if outcome.ok else f"{kind}_FAILED"
        outcome.ignored = not states.finish(stack, logical_id, operation, status, outcome.physical_id)
        return outcome

    def _run(self, event: dict[str, Any]) -> Outcome:
        self.events.append(dict(event))
        clients = self.aws.clients(seed=_seed(event))
        sent = self.aws.clock.now()
        if event["RequestType"] == "Delete" and event.get("PhysicalResourceId") == CREATE_FAILED_MARKER:
            return Outcome("SUCCESS", CREATE_FAILED_MARKER)
        try:
            result = dispatch.handle_on_event(event, clients, self.invocation_budget)
            waiting = _response_event(event, result)
        except Exception as error:
            physical = event.get("PhysicalResourceId") or CREATE_FAILED_MARKER
            return Outcome("FAILED", physical, reason=str(error))
        self.waiter_inputs.append(waiting)
        physical = str(waiting["PhysicalResourceId"])
        return self._reply(sent, physical, self._wait(waiting, clients, physical))

    def _wait(self, waiting: dict[str, Any], clients: Any, physical: str) -> Outcome:
        """The waiter state machine around ``isComplete``, until it completes, fails or runs out of retries."""
        for attempt in range(self.max_retries + 1):
            if attempt:
                self.aws.clock.sleep(self.query_interval)
            polls = attempt + 1
            try:
                answer = dispatch.handle_is_complete(waiting, clients, self.invocation_budget)
            except Exception as error:
                return Outcome("FAILED", physical, reason=str(error), polls=polls)
            if answer.get("IsComplete"):
                response = {**waiting, **answer, "Data": {**(waiting.get("Data") or {}), **(answer.get("Data") or {})}}
                final = str(response.get("PhysicalResourceId") or MISSING_PHYSICAL_ID_MARKER)
                return Outcome("SUCCESS", final, response["Data"], polls=polls)
            if answer.get("Data"):
                return Outcome(
                    "FAILED", physical, reason='"Data" is not allowed if "IsComplete" is "False"', polls=polls
                )
        return Outcome("FAILED", physical, reason="Operation timed out", polls=self.max_retries + 1)

    def _reply(self, sent: float, physical: str, outcome: Outcome) -> Outcome:
        """What CloudFormation makes of the framework's response: too late is a failure, whatever it says.

        The waiter does not know CloudFormation gave up, so it ran to its own end first: whatever the
        handlers did after the service timeout (a late purchase, say) has happened in the fake account.
        """
        if self.aws.clock.now() - sent <= self.service_timeout:
            return outcome
        reason = f"CloudFormation received no response within ServiceTimeout ({self.service_timeout:.0f} s)"
        return Outcome("FAILED", physical, reason=reason, polls=outcome.polls)

    def _props(self, properties: Mapping[str, Any]) -> dict[str, Any]:
        return {"ServiceToken": "arn:aws:lambda:us-east-1:111122223333:function:provider", **cfn_strings(properties)}

    def _event(
        self,
        request_type: str,
        logical_id: str,
        resource_type: str,
        properties: dict[str, Any],
        physical_id: str | None = None,
        old_properties: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        event: dict[str, Any] = {
            "RequestType": request_type,
            "ServiceToken": properties["ServiceToken"],
            "ResponseURL": "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/...",
            "StackId": self.stack_id,
            "RequestId": f"request-{next(self._request_ids)}",
            "LogicalResourceId": logical_id,
            "ResourceType": resource_type,
            "ResourceProperties": properties,
        }
        if physical_id is not None:
            event["PhysicalResourceId"] = physical_id
        if old_properties is not None:
            event["OldResourceProperties"] = old_properties
        # Parsed from JSON, as Lambda delivers it: a handler comparing a request type or a property by identity
        # (``is "release"``) would pass with the test's own interned literals and fail in AWS.
        parsed: dict[str, Any] = json.loads(json.dumps(event))
        return parsed


def handler_event(
    resource_type: str, properties: Mapping[str, Any], *, request_type: str = "Create", **extra: Any
) -> dict[str, Any]:
    """A request as the framework hands it to a handler, for tests that call one handler step directly."""
    return {
        "RequestType": request_type,
        "ResourceType": resource_type,
        "StackId": STACK_ID,
        "LogicalResourceId": "Number",
        "RequestId": "request-1",
        "ResourceProperties": cfn_strings(properties),
        **extra,
    }


def _response_event(request: dict[str, Any], result: Mapping[str, Any] | None) -> dict[str, Any]:
    """The framework's ``createResponseEvent``: the request with ``onEvent``'s result merged over it."""
    result = result or {}
    create = request["RequestType"] == "Create"
    physical = result.get("PhysicalResourceId") or (
        request["RequestId"] if create else request.get("PhysicalResourceId")
    )
    if request["RequestType"] == "Delete" and physical != request.get("PhysicalResourceId"):
        raise RuntimeError(
            f'DELETE: cannot change the physical resource ID from "{request.get("PhysicalResourceId")}" '
            f'to "{result.get("PhysicalResourceId")}" during deletion'
        )
    return {**request, **result, "PhysicalResourceId": physical}


def _seed(event: Mapping[str, Any]) -> int:
    """A jitter seed of this request alone (see the module docstring)."""
    key = "\x1f".join(str(event.get(name, "")) for name in ("StackId", "LogicalResourceId", "RequestId"))
    return zlib.crc32(key.encode())
