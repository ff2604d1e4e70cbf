"""Seed what a deployed bulk shard leaves behind: its ledger parameter in SSM and its ledger rows in DynamoDB.

Rows are written with the workflow's own ``DynamoLedger`` through a real DynamoDB client, so ``status``
reads exactly the item shape the deployed rollout writes; the parameter name is the one the shard
stack publishes (a synth test pins ``ledger_parameter_name`` to the template).
"""

from __future__ import annotations

from collections.abc import Sequence

from fakes.default_session import RegionalFakes

from sms_estate.cli.status_report.ledger_tables import ledger_parameter_name
from sms_estate.yaml_app.bulk.sharding import Shard
from sms_runtime.bulk.ledger import DynamoLedger, RowRecord


def ledger_table(shard: Shard) -> str:
    """A name shaped like CloudFormation's generated one (stack name, logical ID, random suffix)."""
    return f"{shard.stack_name}-RolloutLedger1A2B3C4D-{shard.index:04d}ABCDEF"


def publish_ledger(fakes: RegionalFakes, shard: Shard) -> str:
    """The shard's parameter, naming its table, as the shard stack's deploy writes it."""
    table = ledger_table(shard)
    fakes.ssm[shard.region].put(ledger_parameter_name(shard.environment, shard.region, shard.index), table)
    return table


def seed_ledger(fakes: RegionalFakes, shard: Shard, outcomes: Sequence[tuple[str, str]]) -> None:
    """Publish the shard's ledger and write one row per registration, in order, with ``(status, detail)``."""
    assert len(outcomes) == len(shard.registrations), "one outcome per row of the shard"
    table = publish_ledger(fakes, shard)
    fakes.dynamodb[shard.region].create_table(table)
    ledger = DynamoLedger(fakes.client("dynamodb", shard.region), table)
    for registration, (status, detail) in zip(shard.registrations, outcomes, strict=True):
        identity = f"sms-estate/{shard.environment}/{shard.region}/{registration.name}"
        ledger.put(
            RowRecord(registration.name, identity, "Registration", {"name": registration.name}, status, detail=detail)
        )
