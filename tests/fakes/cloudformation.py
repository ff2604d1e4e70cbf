"""A CloudFormation + CDK Provider-framework lifecycle harness for our custom-resource handlers.

It sends the handlers real event shapes and reproduces the framework behaviours that matter for
safety (checked in aws-cdk-lib 2.275 ``custom-resources/lib/provider-framework/runtime``):

* every property value arrives as a string (``true`` -> ``"true"``, ``3`` -> ``"3"``);
* ``onEvent`` runs once; its result (``PhysicalResourceId``, ``Data``) is merged into the event that
  ``isComplete`` receives every ``query_interval`` until it says complete or ``total_timeout`` passes;
  ``Data`` from ``isComplete`` is merged over ``onEvent``'s;
* a Create whose ``onEvent`` fails is reported with the marker physical ID, and the Delete that
  CloudFormation then sends for it never reaches the handler (so Create must adopt what it bought);
* a failure in ``isComplete`` is reported with the physical ID ``onEvent`` returned, so the rollback
  Delete does reach the handler;
* an Update returning a new physical ID is a replacement: CloudFormation later sends a Delete for the
  old ID with the old properties;
* a failed Update is rolled back with an Update back to the old properties.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fakes.aws import FakeAws
from sms_runtime.handlers import dispatch

CREATE_FAILED_MARKER = "AWSCDK::CustomResourceProviderFramework::CREATE_FAILED"
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

    @property
    def ok(self) -> bool:
        return self.status == "SUCCESS"


@dataclass
class Deployed:
    resource_type: str
    physical_id: str
    properties: dict[str, Any]
    data: dict[str, Any]


class CloudFormationHarness:
    """One stack's custom resources, driven through the same entry functions Lambda calls."""

    def __init__(
        self,
        aws: FakeAws,
        *,
        stack_id: str = STACK_ID,
        query_interval: float = 30.0,
        total_timeout: float = 3600.0,
        invocation_budget: float = dispatch.IS_COMPLETE_BUDGET_SECONDS,
    ) -> None:
        self.aws, self.stack_id = aws, stack_id
        self.query_interval, self.total_timeout = query_interval, total_timeout
        self.invocation_budget = invocation_budget
        self.resources: dict[str, Deployed] = {}
        self.events: list[dict[str, Any]] = []
        self.last_rollback: Outcome | None = None
        self._request_ids = itertools.count(1)

    # ----- the lifecycle ----------------------------------------------------------------------

    def create(self, logical_id: str, resource_type: str, properties: Mapping[str, Any]) -> Outcome:
        props = self._props(properties)
        event = self._event("Create", logical_id, resource_type, props)
        outcome = self.run(event)
        if outcome.ok:
            self.resources[logical_id] = Deployed(resource_type, outcome.physical_id, props, outcome.data)
        return outcome

    def rollback_failed_create(
        self, logical_id: str, resource_type: str, failed: Outcome, properties: Mapping[str, Any]
    ) -> Outcome:
        """The Delete CloudFormation sends after a failed Create, for the ID the failure reported."""
        event = self._event("Delete", logical_id, resource_type, self._props(properties), failed.physical_id)
        return self.run(event)

    def update(self, logical_id: str, properties: Mapping[str, Any], *, rollback: bool = True) -> Outcome:
        deployed = self.resources[logical_id]
        props = self._props(properties)
        event = self._event(
            "Update", logical_id, deployed.resource_type, props, deployed.physical_id, deployed.properties
        )
        outcome = self.run(event)
        if not outcome.ok:
            if rollback:
                back = self._event(
                    "Update", logical_id, deployed.resource_type, deployed.properties, deployed.physical_id, props
                )
                self.last_rollback = self.run(back)
            return outcome
        if outcome.physical_id != deployed.physical_id:  # replacement: clean up the old one
            cleanup = self._event(
                "Delete", logical_id, deployed.resource_type, deployed.properties, deployed.physical_id
            )
            self.run(cleanup)
        self.resources[logical_id] = Deployed(deployed.resource_type, outcome.physical_id, props, outcome.data)
        return outcome

    def delete(self, logical_id: str) -> Outcome:
        deployed = self.resources.pop(logical_id)
        event = self._event("Delete", logical_id, deployed.resource_type, deployed.properties, deployed.physical_id)
        return self.run(event)

    def retry_last(self) -> Outcome:
        """CloudFormation (or the framework) delivering the very same request again."""
        return self.run(dict(self.events[-1]))

    # ----- the Provider framework -------------------------------------------------------------

    def run(self, event: dict[str, Any]) -> Outcome:
        self.events.append(dict(event))
        clients = self.aws.clients(seed=len(self.events))
        if event["RequestType"] == "Delete" and event.get("PhysicalResourceId") == CREATE_FAILED_MARKER:
            return Outcome("SUCCESS", CREATE_FAILED_MARKER)
        try:
            result = dispatch.handle_on_event(event, clients, self.invocation_budget)
        except Exception as error:
            physical = event.get("PhysicalResourceId") or CREATE_FAILED_MARKER
            return Outcome("FAILED", physical, reason=str(error))
        merged = {
            **event,
            **result,
            "PhysicalResourceId": result.get("PhysicalResourceId") or event.get("PhysicalResourceId"),
        }
        started, polls = self.aws.clock.now(), 0
        while True:
            polls += 1
            try:
                answer = dispatch.handle_is_complete(merged, clients, self.invocation_budget)
            except Exception as error:
                return Outcome("FAILED", str(merged["PhysicalResourceId"]), reason=str(error), polls=polls)
            if answer.get("IsComplete"):
                data = {**(merged.get("Data") or {}), **(answer.get("Data") or {})}
                return Outcome("SUCCESS", str(merged["PhysicalResourceId"]), data, polls=polls)
            if answer.get("Data"):
                return Outcome(
                    "FAILED",
                    str(merged["PhysicalResourceId"]),
                    reason='"Data" is not allowed if "IsComplete" is "False"',
                )
            if self.aws.clock.now() - started + self.query_interval > self.total_timeout:
                return Outcome("FAILED", str(merged["PhysicalResourceId"]), reason="Operation timed out", polls=polls)
            self.aws.clock.sleep(self.query_interval)

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
        return event
