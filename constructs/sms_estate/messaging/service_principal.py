"""The SMS service principal, always bound to one account and one configuration set.

``sms-voice.amazonaws.com`` is shared by every AWS customer. A role or topic that trusts it without
``aws:SourceAccount`` and ``aws:SourceArn`` can be used by *another* account's configuration set to
write into ours (the confused-deputy problem). CDK's ``grant_*`` helpers drop those conditions when
aimed at a bare service principal, so every statement here is written out explicitly.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam

from sms_estate.stack_facts import facts_of

SMS_SERVICE = "sms-voice.amazonaws.com"


def configuration_set_arn(stack: cdk.Stack, name: str) -> str:
    """The configuration set's ARN, built from its name to avoid a role <-> configuration set cycle."""
    return facts_of(stack).arn("sms-voice", "configuration-set", name)


def confused_deputy_conditions(stack: cdk.Stack, source_arn: str) -> dict[str, Any]:
    """``aws:SourceAccount`` equals this stack's account and ``aws:SourceArn`` matches ``source_arn``."""
    return {
        "StringEquals": {"aws:SourceAccount": facts_of(stack).account},
        "ArnLike": {"aws:SourceArn": source_arn},
    }


def sms_service_principal(stack: cdk.Stack, source_arn: str) -> iam.IPrincipal:
    """The SMS service principal, valid only for ``source_arn`` in this stack's account."""
    return iam.ServicePrincipal(SMS_SERVICE, conditions=confused_deputy_conditions(stack, source_arn))


def sms_service_statement(
    stack: cdk.Stack,
    source_arn: str,
    actions: list[str],
    resources: list[str],
    *,
    sid: str = "AllowSmsServiceForConfigurationSet",
) -> iam.PolicyStatement:
    """A resource-policy statement letting the SMS service act for ``source_arn`` only."""
    return iam.PolicyStatement(
        sid=sid,
        principals=[iam.ServicePrincipal(SMS_SERVICE)],
        actions=actions,
        resources=resources,
        conditions=confused_deputy_conditions(stack, source_arn),
    )
