"""``BulkRollout``: the durable workflow a shard's deploy starts and does not wait for.

Pieces, per shard stack: a DynamoDB ledger (one item per row: desired properties, registration ID,
status), a Standard Step Functions state machine (``rollout_definition``) whose Map state advances each
row with the row-step Lambda (``sms_runtime.bulk.row_step``, which calls the same handler code as ``Custom::SmsRegistration``),
and a ``Custom::SmsBulkRollout`` resource whose Create/Update writes the rows into the ledger and
starts an execution, returning at once. The pacing (rows in flight, Retry with backoff and jitter,
the wait between steps) comes from ``sms_runtime.bulk.schedule``, shared with the local driver the
tests run.

The row-step Lambda runs as the stack's ``SmsResourceProvider`` role, so it has exactly the
registration permissions the config asks for (granted by ``desired_properties``), plus the ledger.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from sms_estate import SmsResourceProvider, acknowledge
from sms_estate.ledger_table import ledger_table
from sms_estate.runtime_function import runtime_code, runtime_function
from sms_estate.yaml_app.bulk.rollout_definition import ROW_STEP_ARN, rollout_definition_json
from sms_estate.yaml_app.bulk.shard_key import chunk_of
from sms_runtime.bulk import schedule
from sms_runtime.contract import BULK_ROLLOUT_TYPE, BULK_ROWS_TYPE, BulkRolloutProps, BulkRowKeys, BulkRowsProps

STARTER_TIMEOUT = cdk.Duration.minutes(2)


@dataclass(frozen=True)
class RolloutRow:
    """One registration as the workflow sees it: a stable identity and its resource properties."""

    key: str  # the registration's config name
    identity: str  # sms-estate/<env>/<region>/<name>: the same whatever shard holds the row
    logical_id: str
    properties: Mapping[str, Any]


class BulkRollout(Construct):
    """Ledger, row-step function, state machine and the starter resource of one shard."""

    def __init__(self, scope: Construct, construct_id: str, *, rows: Sequence[RolloutRow]) -> None:
        super().__init__(scope, construct_id)
        provider = SmsResourceProvider.of(self)
        # it holds the registration IDs of every row: kept when the stack goes
        self.ledger = ledger_table(self, "Ledger", partition_key="Key", removal_policy=cdk.RemovalPolicy.RETAIN)
        code = runtime_code()
        self.row_step = self._function("RowStep", "advance_row", code, provider.role, schedule.STEP_TIMEOUT_SECONDS)
        self.ledger.grant_read_write_data(provider.role)
        self.state_machine = self._state_machine()
        # The starter has its own role: it only writes the ledger and starts executions (and a shared
        # role would make the state machine depend on itself through the row-step function).
        starter_role = iam.Role(
            self,
            "StarterRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="Records a shard's desired rows and starts its bulk rollout execution",
        )
        self.starter = self._function("Starter", "on_event", code, starter_role, int(STARTER_TIMEOUT.to_seconds()))
        self.starter.add_environment("STATE_MACHINE_ARN", self.state_machine.state_machine_arn)
        self.ledger.grant_read_write_data(starter_role)
        self.state_machine.grant_start_execution(starter_role)
        starter_arn = self.starter.function_arn  # read once: each jsii read is a round trip
        chunks = [
            cdk.CustomResource(
                self,
                f"Rows{index}",
                service_token=starter_arn,
                resource_type=BULK_ROWS_TYPE,
                properties={
                    BulkRowsProps.ROWS: [
                        {
                            BulkRowKeys.KEY: r.key,
                            BulkRowKeys.IDENTITY: r.identity,
                            BulkRowKeys.LOGICAL_ID: r.logical_id,
                            BulkRowKeys.PROPERTIES: r.properties,
                        }
                        for r in chunk
                    ]
                },
            )
            for index, chunk in sorted(_chunks(rows).items())
        ]
        keys = sorted(row.key for row in rows)
        self.resource = cdk.CustomResource(
            self,
            "Start",
            service_token=starter_arn,
            resource_type=BULK_ROLLOUT_TYPE,
            properties={BulkRolloutProps.KEYS: keys, BulkRolloutProps.REVISION: _revision(self, rows)},
        )
        self.resource.node.add_dependency(*chunks)
        self._acknowledge_findings()

    def _function(self, name: str, entry: str, code: lambda_.Code, role: iam.IRole, timeout: int) -> lambda_.Function:
        return runtime_function(
            self,
            name,
            handler=f"sms_runtime.bulk.entry.{entry}",
            code=code,
            role=role,
            timeout=cdk.Duration.seconds(timeout),
            environment={"LEDGER_TABLE": self.ledger.table_name},
            description=f"sms-estate bulk rollout: {entry}",
        )

    def _state_machine(self) -> sfn.StateMachine:
        machine = sfn.StateMachine(
            self,
            "StateMachine",
            definition_body=sfn.DefinitionBody.from_string(rollout_definition_json()),
            definition_substitutions={ROW_STEP_ARN: self.row_step.function_arn},
            state_machine_type=sfn.StateMachineType.STANDARD,
            tracing_enabled=True,
            logs=sfn.LogOptions(
                destination=logs.LogGroup(self, "StateMachineLogs", retention=logs.RetentionDays.ONE_YEAR),
                level=sfn.LogLevel.ALL,
            ),
        )
        self.row_step.grant_invoke(machine)
        return machine

    def _acknowledge_findings(self) -> None:
        stack = cdk.Stack.of(self)
        function = stack.resolve(stack.get_logical_id(self.row_step.node.default_child))  # type: ignore[arg-type]
        acknowledge(
            self.state_machine,
            "AwsSolutions-IAM5",
            "Step Functions needs lambda:InvokeFunction on the row-step function's versions (<function ARN>:*) "
            "and, for X-Ray tracing, xray:PutTraceSegments and friends, which support no resource ARNs.",
            applies_to=[f"Resource::<{function}.Arn>:*", "Resource::*"],
        )


def _chunks(rows: Sequence[RolloutRow]) -> dict[int, list[RolloutRow]]:
    """Rows by chunk, a stable hash of the row's key: adding a row changes one chunk resource."""
    chunks: dict[int, list[RolloutRow]] = {}
    for row in sorted(rows, key=lambda r: r.key):
        chunks.setdefault(chunk_of(row.key), []).append(row)
    return chunks


def _revision(scope: Construct, rows: Sequence[RolloutRow]) -> str:
    """A hash of every row as deployed, so any changed row starts a new execution.

    Token values (phone number IDs) are hashed as their unresolved form: they are stable per resource.
    """
    stack = cdk.Stack.of(scope)
    ordered = sorted(rows, key=lambda r: r.key)
    resolved = stack.resolve([r.properties for r in ordered])  # one round trip for the whole shard
    payload = json.dumps([[r.key, properties] for r, properties in zip(ordered, resolved, strict=True)], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()
