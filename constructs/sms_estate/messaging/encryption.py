"""One customer-managed KMS key per stack for event data, with exactly the service grants it needs.

A key costs money each month, so the destinations of a stack share one. Each service that encrypts
with it gets a statement scoped to this account (and, for the SMS service, to one configuration set).
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from sms_estate.messaging.service_principal import SMS_SERVICE, confused_deputy_conditions
from sms_estate.stack_facts import facts_of

_KEY_ID = "SmsEventsKey"


def events_key(scope: Construct) -> kms.Key:
    """The stack's shared event-data key, created on first use (rotation on, retained on delete)."""
    stack = cdk.Stack.of(scope)
    existing = stack.node.try_find_child(_KEY_ID)
    if isinstance(existing, kms.Key):
        return existing
    return kms.Key(
        stack,
        _KEY_ID,
        description="Encrypts SMS event data: log groups, event topics and the event archive bucket",
        enable_key_rotation=True,
        removal_policy=cdk.RemovalPolicy.RETAIN,
    )


def allow_log_group_encryption(key: kms.IKey, log_group_name: str) -> None:
    """Let CloudWatch Logs use ``key`` for one log group (encryption-context bound)."""
    facts = facts_of(cdk.Stack.of(key))
    log_group_arn = facts.arn("logs", "log-group", log_group_name, separator=":")
    key.add_to_resource_policy(
        iam.PolicyStatement(
            sid=f"AllowLogsFor{_sid(log_group_name)}",
            principals=[iam.ServicePrincipal(f"logs.{facts.region}.amazonaws.com")],
            actions=[
                "kms:Encrypt*",
                "kms:Decrypt*",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:Describe*",
            ],
            resources=["*"],
            conditions={"ArnEquals": {"kms:EncryptionContext:aws:logs:arn": log_group_arn}},
        )
    )


def allow_sms_service_to_publish_encrypted(key: kms.IKey, source_arn: str, *, sid: str | None = None) -> None:
    """Let the SMS service encrypt messages for an encrypted topic, for ``source_arn`` only (one configuration
    set; or, for a two-way channel, this account's numbers and pools in this region, with ``sid`` named)."""
    stack = cdk.Stack.of(key)
    key.add_to_resource_policy(
        iam.PolicyStatement(
            sid=sid or f"AllowSmsService{_sid(source_arn.rsplit('/', 1)[-1])}",
            principals=[iam.ServicePrincipal(SMS_SERVICE)],
            actions=["kms:GenerateDataKey*", "kms:Decrypt"],
            resources=["*"],
            conditions=confused_deputy_conditions(stack, source_arn),
        )
    )


def _sid(text: str) -> str:
    """A statement ID fragment: IAM SIDs allow only letters and digits."""
    return "".join(part.capitalize() for part in "".join(c if c.isalnum() else " " for c in text).split())
