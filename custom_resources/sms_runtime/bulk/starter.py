"""The deploy's side of a bulk rollout: record the shard's desired rows, start an execution, return.

Two resource types, one function. ``Custom::SmsBulkRows`` resources carry the rows of a shard in
chunks (name, stable identity and the ``Custom::SmsRegistration`` properties): CloudFormation invokes a
custom resource's Lambda asynchronously, whose payload limit (256 KB, old and new properties on an
update) a whole shard would exceed. Their Create and Update write the rows into the ledger, keeping
what earlier executions achieved (registration ID, status) for rows that did not change. The one
``Custom::SmsBulkRollout`` resource depends on every chunk and carries only the row keys and a
revision (a hash of the rows); its Create and Update start one workflow execution over the keys. It
does not wait: the deploy finishes in seconds, and the execution runs as long as the quota requires.

Delete starts nothing and deletes nothing: registrations outlive the stack, as they do in the
messaging stack unless a registration says ``delete_draft_on_removal``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sms_runtime.bulk.ledger import PENDING, RowLedger, RowRecord
from sms_runtime.contract import (
    BULK_ROLLOUT_TYPE,
    BULK_ROWS_TYPE,
    BulkRolloutAttrs,
    BulkRolloutProps,
    BulkRowKeys,
    BulkRowsAttrs,
    BulkRowsProps,
)
from sms_runtime.handlers.request import HandlerError, stable_hash

_EXECUTION_NAME_LENGTH = 80  # the StartExecution limit
_ROW_KEYS = ", ".join((BulkRowKeys.KEY, BulkRowKeys.IDENTITY, BulkRowKeys.LOGICAL_ID, BulkRowKeys.PROPERTIES))


def handle(event: Mapping[str, Any], ledger: RowLedger, sfn: Any, state_machine_arn: str) -> dict[str, Any]:
    """One custom-resource request: ``{"PhysicalResourceId", "Data"}`` for the response."""
    logical_id = str(event["LogicalResourceId"])
    physical_id = str(event.get("PhysicalResourceId") or f"{logical_id}-{stable_hash(str(event['StackId']))[:16]}")
    if event["RequestType"] == "Delete":
        return {"PhysicalResourceId": physical_id, "Data": {}}
    properties = event.get("ResourceProperties") or {}
    if event.get("ResourceType") == BULK_ROWS_TYPE:
        rows = properties.get(BulkRowsProps.ROWS)
        if not isinstance(rows, list):
            raise HandlerError(f"{BulkRowsProps.ROWS} must be a list of {{{_ROW_KEYS}}}")
        recorded = [record_row(ledger, row) for row in rows]
        return {"PhysicalResourceId": physical_id, "Data": {BulkRowsAttrs.ROWS: str(len(recorded))}}
    if event.get("ResourceType") == BULK_ROLLOUT_TYPE:
        keys = properties.get(BulkRolloutProps.KEYS)
        if not isinstance(keys, list):
            raise HandlerError(f"{BulkRolloutProps.KEYS} must be the list of row keys")
        execution = sfn.start_execution(
            stateMachineArn=state_machine_arn,
            name=stable_hash(str(event["StackId"]), str(event.get("RequestId", "")))[:_EXECUTION_NAME_LENGTH],
            input=json.dumps({"Rows": [str(key) for key in keys]}),
        )
        return {
            "PhysicalResourceId": physical_id,
            "Data": {BulkRolloutAttrs.EXECUTION_ARN: str(execution["executionArn"])},
        }
    raise HandlerError(f"no handler for resource type {event.get('ResourceType')!r}")


def record_row(ledger: RowLedger, row: Mapping[str, Any]) -> str:
    """Write one desired row, keeping the progress of an unchanged one; returns its key."""
    try:
        key, identity = str(row[BulkRowKeys.KEY]), str(row[BulkRowKeys.IDENTITY])
        logical_id, properties = str(row[BulkRowKeys.LOGICAL_ID]), dict(row[BulkRowKeys.PROPERTIES])
    except (KeyError, TypeError, ValueError):
        raise HandlerError(f"malformed row {row!r}: expected {_ROW_KEYS}") from None
    existing = ledger.get(key)
    if existing is None:
        ledger.put(RowRecord(key=key, stack_id=identity, logical_id=logical_id, properties=properties))
    elif existing.properties != properties:
        ledger.put(existing.with_status(PENDING, properties=properties, detail=""))
    return key
