"""One step of one row: the Lambda the workflow's Map state calls until the row is done.

Each call does what the CDK Provider framework would do for a ``Custom::SmsRegistration``, through
the same public entry points (``handle_on_event`` once, then ``handle_is_complete`` until it reports
completion), so the lifecycle rules exist once. What differs is the clock: an execution of a
Standard workflow may run for a year, so no row is cut off at CloudFormation's one hour.

Throttling: within a call the API client paces and backs off (jittered) until its time budget; when
the budget runs out during the create step, the call raises :class:`ThrottlingException` and the state
machine's ``Retry`` (exponential backoff, full jitter) runs it again later. A reconcile step that runs
out of budget just reports "not done" and the workflow waits and calls again. Any other error fails
the row (recorded in the ledger with its message), never the rollout.
"""

from __future__ import annotations

from typing import Any

from sms_runtime.bulk.ledger import CREATING, DONE, FAILED, RECONCILING, RowLedger, RowRecord
from sms_runtime.contract import REGISTRATION_TYPE, RegistrationAttrs
from sms_runtime.handlers.dispatch import handle_is_complete, handle_on_event
from sms_runtime.handlers.request import HandlerError
from sms_runtime.sms_client import BudgetExhaustedError, Clients, error_code

RETRYABLE_CODES = frozenset({"ThrottlingException", "InternalServerException", "ServiceUnavailableException"})


class ThrottlingException(Exception):  # noqa: N818 - the state machine's Retry matches this exact name
    """The account's quota (or a transient fault) kept this step from finishing; retry it later."""


def advance(key: str, ledger: RowLedger, clients: Clients, budget_seconds: float) -> dict[str, Any]:
    """Move row ``key`` one step on; returns ``{"Key", "Done", "Status"}`` for the workflow's Choice."""
    row = ledger.get(key)
    if row is None:
        raise HandlerError(f"row {key!r} is not in the ledger; the rollout starter writes every row first")
    if row.status in (DONE, FAILED) and row.applied_properties == row.properties:
        return _result(row)
    try:
        row = _step(row, ledger, clients, budget_seconds)
    except BudgetExhaustedError as error:
        raise ThrottlingException(str(error)) from error
    except HandlerError as error:
        row = row.with_status(FAILED, detail=str(error))
    except Exception as error:
        if error_code(error) in RETRYABLE_CODES:
            raise ThrottlingException(str(error)) from error
        row = row.with_status(FAILED, detail=f"{type(error).__name__}: {error}")
    ledger.put(row)
    return _result(row)


def _step(row: RowRecord, ledger: RowLedger, clients: Clients, budget_seconds: float) -> RowRecord:
    if row.status != RECONCILING or row.applied_properties != row.properties:
        ledger.put(row.with_status(CREATING))
        created = handle_on_event(_event(row, "Update" if row.physical_id else "Create"), clients, budget_seconds)
        row = row.with_status(
            RECONCILING,
            physical_id=str(created["PhysicalResourceId"]),
            data=dict(created.get("Data") or {}),
            applied_properties=row.properties,
        )
        ledger.put(row)
        return row
    result = handle_is_complete(_event(row, "Update"), clients, budget_seconds)
    if not result.get("IsComplete"):
        return row
    data = {**row.data, **(result.get("Data") or {})}
    return row.with_status(DONE, data=data, detail=str(data.get(RegistrationAttrs.STATUS, "")))


def _event(row: RowRecord, request_type: str) -> dict[str, Any]:
    """The event the Provider framework would send, so the handlers cannot tell the difference."""
    return {
        "RequestType": request_type,
        "ResourceType": REGISTRATION_TYPE,
        "StackId": row.stack_id,
        "LogicalResourceId": row.logical_id,
        "RequestId": f"bulk-{row.key}",
        "PhysicalResourceId": row.physical_id,
        "ResourceProperties": dict(row.properties),
        "OldResourceProperties": dict(row.applied_properties),
        "Data": dict(row.data),
    }


def _result(row: RowRecord) -> dict[str, Any]:
    return {"Key": row.key, "Done": row.status in (DONE, FAILED), "Status": row.status}
