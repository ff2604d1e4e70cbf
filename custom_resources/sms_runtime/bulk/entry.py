"""Lambda entry points of the bulk rollout: the only place that builds real clients for it.

Configuration comes from the function's environment (set by the ``BulkRollout`` construct):
``LEDGER_TABLE`` and, for the starter, ``STATE_MACHINE_ARN``.
"""

from __future__ import annotations

import functools
import json
import os
import time
import urllib.request
from collections.abc import Mapping
from typing import Any

import boto3

from sms_runtime import decision_log
from sms_runtime.bulk import schedule
from sms_runtime.bulk.ledger import DynamoLedger
from sms_runtime.bulk.row_step import advance
from sms_runtime.bulk.starter import handle
from sms_runtime.contract import BulkRolloutAttrs
from sms_runtime.sms_client import default_clients, lambda_budget


@functools.cache
def _ledger() -> DynamoLedger:
    return DynamoLedger(boto3.client("dynamodb"), os.environ["LEDGER_TABLE"])


def on_event(event: Mapping[str, Any], context: Any) -> None:
    """The rows and rollout custom resources: handle, then answer CloudFormation at ``ResponseURL``.

    A plain Lambda-backed custom resource (no Provider framework: nothing here needs polling), so the
    answer is sent here, and any failure is reported as FAILED with its message rather than left to
    CloudFormation's one-hour timeout.
    """
    started = time.monotonic()
    try:
        result = handle(event, _ledger(), boto3.client("stepfunctions"), os.environ["STATE_MACHINE_ARN"])
        response = {"Status": "SUCCESS", "PhysicalResourceId": result["PhysicalResourceId"], "Data": result["Data"]}
    except Exception as error:  # every failure must reach CloudFormation, or the deploy hangs for an hour
        physical_id = str(event.get("PhysicalResourceId") or event["LogicalResourceId"])
        response = {"Status": "FAILED", "PhysicalResourceId": physical_id, "Reason": f"{type(error).__name__}: {error}"}
    # The decision line, as the custom-resource handlers write theirs: named fields only (never the
    # rows, their field values or the ResponseURL), the outcome by class.
    decision_log.write(
        {
            "step": "bulkStarter",
            "requestType": str(event.get("RequestType", "")),
            "resourceType": str(event.get("ResourceType", "")),
            "logicalId": str(event.get("LogicalResourceId", "")),
            "physicalId": str(response["PhysicalResourceId"]),
            "actions": [_starter_action(event, response)],
            "outcome": "success" if response["Status"] == "SUCCESS" else "failure",
            "durationMs": round((time.monotonic() - started) * 1000),
        }
    )
    respond(event, response)


def _starter_action(event: Mapping[str, Any], response: Mapping[str, Any]) -> str:
    """What the starter did: recorded rows, started an execution, or nothing (a Delete)."""
    if event.get("RequestType") == "Delete" or response["Status"] != "SUCCESS":
        return "nothing"
    return "start-execution" if BulkRolloutAttrs.EXECUTION_ARN in response.get("Data", {}) else "record-rows"


def respond(event: Mapping[str, Any], response: Mapping[str, Any]) -> None:
    """PUT the custom-resource response to CloudFormation's pre-signed URL."""
    body = json.dumps(
        {
            **response,
            "StackId": event["StackId"],
            "RequestId": event["RequestId"],
            "LogicalResourceId": event["LogicalResourceId"],
        }
    ).encode()
    request = urllib.request.Request(
        str(event["ResponseURL"]),
        data=body,
        method="PUT",
        headers={"Content-Type": "", "Content-Length": str(len(body))},
    )
    with urllib.request.urlopen(request, timeout=30) as reply:
        reply.read()


def advance_row(event: Mapping[str, Any], context: Any) -> dict[str, Any]:
    """The Map state's step: ``{"Key": ...}`` in, ``{"Key", "Done", "Status"}`` out."""
    budget = lambda_budget(context, schedule.STEP_BUDGET_SECONDS)
    return advance(str(event["Key"]), _ledger(), default_clients(), budget)  # each step logs its decision line
