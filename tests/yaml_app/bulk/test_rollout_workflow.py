"""The durable bulk workflow: its state machine definition, its row step and starter, and a 300-row run.

Step Functions itself is not emulated: ``workflow_driver`` runs the real row-step handler under the
Map + Retry + Wait semantics the definition declares, and the first test pins those declarations.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import cfn_strings
from fakes.samples import TFN_FIELDS, registration_properties
from support.bulk_estates import BulkEstate
from support.rollout import run_rollout

from sms_estate.yaml_app.bulk.progress import summarize
from sms_runtime.bulk import schedule
from sms_runtime.bulk.ledger import DONE, FAILED, PENDING, RECONCILING, MemoryLedger, RowRecord
from sms_runtime.bulk.row_step import ThrottlingException, advance
from sms_runtime.bulk.starter import handle
from sms_runtime.contract import (
    BULK_ROLLOUT_TYPE,
    BULK_ROWS_TYPE,
    BulkRolloutAttrs,
    BulkRolloutProps,
    BulkRowKeys,
    BulkRowsProps,
    RegistrationProps,
)

TARGET_RATIO = 1.25


def _definition(estate: BulkEstate) -> dict[str, Any]:
    stack = estate.assembly.stack("SmsEstate-bulk-us-east-1-registrations-0")
    machine = next(
        r
        for name, r in stack.resources.items()
        if r["Type"] == "AWS::StepFunctions::StateMachine" and "Rollout" in name
    )
    substitutions = machine["Properties"]["DefinitionSubstitutions"]
    row_step = next(
        name for name, r in stack.resources.items() if r["Type"] == "AWS::Lambda::Function" and "RowStep" in name
    )
    assert substitutions == {"RowStepArn": {"Fn::GetAtt": [row_step, "Arn"]}}  # the row-step function, nothing else
    definition = dict(json.loads(machine["Properties"]["DefinitionString"]))
    assert definition["States"]["Rows"]["ItemProcessor"]["States"]["AdvanceRow"]["Resource"] == "${RowStepArn}"
    return definition


def test_the_state_machine_declares_the_pacing_the_driver_emulates(bulk_300: BulkEstate) -> None:
    rows = _definition(bulk_300)["States"]["Rows"]
    assert rows["Type"] == "Map" and rows["MaxConcurrency"] == schedule.MAX_CONCURRENCY
    states = rows["ItemProcessor"]["States"]
    retries = states["AdvanceRow"]["Retry"]
    assert {
        "ErrorEquals": [schedule.RETRY_ERROR],
        "IntervalSeconds": schedule.RETRY_INTERVAL_SECONDS,
        "BackoffRate": schedule.RETRY_BACKOFF_RATE,
        "MaxAttempts": schedule.RETRY_MAX_ATTEMPTS,
        "MaxDelaySeconds": schedule.RETRY_MAX_DELAY_SECONDS,
        "JitterStrategy": schedule.RETRY_JITTER,
    } in retries
    assert states["WaitBeforeNextStep"]["Seconds"] == schedule.WAIT_SECONDS
    assert states["AdvanceRow"]["Catch"][0]["Next"] == "RowGaveUp"  # one row never fails the rollout


def test_the_workflow_is_standard_traced_and_logged_and_the_deploy_does_not_wait(bulk_300: BulkEstate) -> None:
    stack = bulk_300.assembly.stack("SmsEstate-bulk-us-east-1-registrations-0")
    machine = next(
        r
        for r in stack.resources.values()
        if r["Type"] == "AWS::StepFunctions::StateMachine" and "LoggingConfiguration" in r["Properties"]
    )
    assert machine["Properties"]["StateMachineType"] == "STANDARD"
    assert machine["Properties"]["TracingConfiguration"] == {"Enabled": True}
    assert machine["Properties"]["LoggingConfiguration"]["Level"] == "ALL"
    starts = [r for r in stack.resources.values() if r["Type"] == BULK_ROLLOUT_TYPE]
    assert len(starts) == 1 and "ServiceTimeout" not in starts[0]["Properties"]  # a plain Lambda: no waiter


def test_300_registrations_across_8_shards_stay_within_125_percent_of_the_quota_bound() -> None:
    result = run_rollout(300, 8, numbers_by_handler=False)
    assert result.row_failures == () and result.number_failures == ()
    assert result.submitted == 300 and result.statuses == {DONE: 300}
    assert result.workflow.slowest_action == "PutRegistrationFieldValue"
    assert result.workflow.ratio <= TARGET_RATIO, result.workflow


def _row(aws: FakeAws, key: str = "clinic-1", **fields: Any) -> RowRecord:
    number = aws.sms_client().request_phone_number(
        IsoCountryCode="US", MessageType="TRANSACTIONAL", NumberCapabilities=["SMS"], NumberType="TOLL_FREE"
    )
    properties = registration_properties([number["PhoneNumberId"]], fields={**TFN_FIELDS, **fields}, submit=False)
    return RowRecord(key, f"sms-estate/bulk/us-east-1/{key}", f"Registration-{key}", cfn_strings(properties))


def _drive(aws: FakeAws, ledger: MemoryLedger, key: str) -> dict[str, Any]:
    for _ in range(20):
        result = advance(key, ledger, aws.clients(), schedule.STEP_BUDGET_SECONDS)
        if result["Done"]:
            return result
        aws.clock.advance(schedule.WAIT_SECONDS)
    raise AssertionError("row never finished")


def test_a_row_is_created_then_reconciled_and_a_rerun_of_a_done_row_calls_nothing() -> None:
    aws, ledger = FakeAws(), MemoryLedger()
    ledger.put(_row(aws))
    first = advance("clinic-1", ledger, aws.clients(), schedule.STEP_BUDGET_SECONDS)
    assert first == {"Key": "clinic-1", "Done": False, "Status": RECONCILING}
    assert _drive(aws, ledger, "clinic-1")["Status"] == DONE
    assert ledger.items["clinic-1"].physical_id in {r.id for r in aws.sms.live_registrations()}
    calls = len(aws.sms.calls)
    assert advance("clinic-1", ledger, aws.clients(), schedule.STEP_BUDGET_SECONDS)["Status"] == DONE
    assert len(aws.sms.calls) == calls


def test_a_row_the_handler_rejects_is_recorded_failed_without_failing_the_rollout() -> None:
    aws, ledger = FakeAws(), MemoryLedger()
    bad_volume: dict[str, Any] = {"messagingUseCase.monthlyMessageVolume": ["lots"]}
    ledger.put(_row(aws, "clinic-1", **bad_volume))
    result = _drive(aws, ledger, "clinic-1")
    assert result == {"Key": "clinic-1", "Done": True, "Status": FAILED}
    assert "monthlyMessageVolume" in ledger.items["clinic-1"].detail
    assert summarize(ledger.records()).failed[0][0] == "clinic-1"


def test_a_step_that_cannot_get_through_the_quota_raises_the_error_the_retry_matches() -> None:
    aws, ledger = FakeAws(), MemoryLedger()
    ledger.put(_row(aws))
    aws.sms.fail_next("CreateRegistration", "ThrottlingException", times=50)
    with pytest.raises(ThrottlingException) as error:
        advance("clinic-1", ledger, aws.clients(), budget_seconds=5.0)
    assert type(error.value).__name__ == schedule.RETRY_ERROR
    assert advance("clinic-1", ledger, aws.clients(), schedule.STEP_BUDGET_SECONDS)["Status"] == RECONCILING


class _Executions:
    """A Step Functions client that records StartExecution (the starter's only call)."""

    def __init__(self) -> None:
        self.started: list[dict[str, Any]] = []

    def start_execution(self, **params: Any) -> dict[str, str]:
        self.started.append(params)
        return {"executionArn": f"arn:aws:states:us-east-1:1:execution:m:{params['name']}"}


def _event(resource_type: str, properties: dict[str, Any], request: str = "Create") -> dict[str, Any]:
    return {
        "RequestType": request,
        "ResourceType": resource_type,
        "StackId": "arn:aws:cloudformation:us-east-1:1:stack/s/1",
        "LogicalResourceId": "RolloutStart",
        "RequestId": f"r-{len(json.dumps(properties))}-{request}",
        "ResourceProperties": properties,
    }


def test_the_starter_keeps_progress_of_unchanged_rows_and_starts_one_execution_over_the_keys() -> None:
    ledger, sfn = MemoryLedger(), _Executions()
    fields = RegistrationProps.FIELDS
    done = RowRecord("a", "id-a", "Registration-a", {fields: {"x": "1"}}, status=DONE, physical_id="reg-a")
    ledger.put(done)
    rows = [_rows_entry("a", {fields: {"x": "1"}}), _rows_entry("b", {fields: {"x": "2"}})]
    handle(_event(BULK_ROWS_TYPE, {BulkRowsProps.ROWS: rows}), ledger, sfn, "arn:machine")
    assert ledger.items["a"] == done and ledger.items["b"].status == PENDING
    rows[0][BulkRowKeys.PROPERTIES] = {fields: {"x": "changed"}}
    handle(_event(BULK_ROWS_TYPE, {BulkRowsProps.ROWS: rows}, "Update"), ledger, sfn, "arn:machine")
    assert (ledger.items["a"].status, ledger.items["a"].physical_id) == (PENDING, "reg-a")  # updated, not re-filed
    assert sfn.started == []
    rollout = {BulkRolloutProps.KEYS: ["a", "b"], BulkRolloutProps.REVISION: "1"}
    result = handle(_event(BULK_ROLLOUT_TYPE, rollout), ledger, sfn, "arn:machine")
    assert [json.loads(s["input"]) for s in sfn.started] == [{"Rows": ["a", "b"]}]  # the workflow's input
    assert result["Data"][BulkRolloutAttrs.EXECUTION_ARN].endswith(sfn.started[0]["name"])


def _rows_entry(key: str, properties: dict[str, Any]) -> dict[str, Any]:
    """One entry of a rows resource, as the shard stack writes it."""
    return {
        BulkRowKeys.KEY: key,
        BulkRowKeys.IDENTITY: f"id-{key}",
        BulkRowKeys.LOGICAL_ID: f"Registration-{key}",
        BulkRowKeys.PROPERTIES: properties,
    }


def test_progress_counts_rows_done_out_of_total_by_status() -> None:
    records = [
        RowRecord("a", "i", "l", {}, status=DONE, detail="SUBMITTED"),
        RowRecord("b", "i", "l", {}, status=RECONCILING),
        RowRecord("c", "i", "l", {}, status=FAILED, detail="bad field"),
        RowRecord("d", "i", "l", {}),
    ]
    progress = summarize(records)
    assert (progress.done, progress.total) == (2, 4)
    assert progress.render() == "2/4 rows done (1 pending, 1 reconciling, 1 done, 1 failed)"
    assert progress.failed == (("c", "bad field"),)
