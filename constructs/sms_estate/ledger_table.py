"""The package's small state tables (notification ledger, bulk rollout ledger): one definition.

On-demand billing because traffic is a handful of items per poll or row; point-in-time recovery on
because cdk-nag (and a reviewer) expects it; one string partition key, since both ledgers are keyed by
one ID. Callers choose what a lost table costs them through ``removal_policy``.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from constructs import Construct


def ledger_table(
    scope: Construct,
    construct_id: str,
    *,
    partition_key: str,
    removal_policy: cdk.RemovalPolicy,
    encryption_key: kms.IKey | None = None,
    table_name: str | None = None,
    encryption: dynamodb.TableEncryption | None = None,
    time_to_live_attribute: str | None = None,
) -> dynamodb.Table:
    """``table_name``: a fixed name where other stacks (other regions) must name the table; ``encryption``
    applies without ``encryption_key`` (``AWS_MANAGED`` for a table written from several regions' roles);
    ``time_to_live_attribute``: items carrying it (epoch seconds) expire."""
    return dynamodb.Table(
        scope,
        construct_id,
        table_name=table_name,
        partition_key=dynamodb.Attribute(name=partition_key, type=dynamodb.AttributeType.STRING),
        billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
        removal_policy=removal_policy,
        encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED if encryption_key else encryption,
        encryption_key=encryption_key,
        time_to_live_attribute=time_to_live_attribute,
    )
