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
) -> dynamodb.Table:
    return dynamodb.Table(
        scope,
        construct_id,
        partition_key=dynamodb.Attribute(name=partition_key, type=dynamodb.AttributeType.STRING),
        billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
        removal_policy=removal_policy,
        encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED if encryption_key else None,
        encryption_key=encryption_key,
    )
