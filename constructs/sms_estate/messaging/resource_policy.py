"""A resource policy that shares a pool, phone number or sender ID with other AWS accounts.

``AWS::SMSVOICE::ResourcePolicy`` (``PutResourcePolicy``) attaches one policy per resource. The
statement names each consuming account's root principal explicitly and the shared ARN as its
resource: a wildcard principal would let any account send as this identity, so it is refused here
as well as in the YAML checks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_smsvoice as smsvoice
from constructs import Construct

DEFAULT_SHARE_ACTIONS: tuple[str, ...] = ("sms-voice:SendTextMessage",)
SHAREABLE_ACTIONS = frozenset({"sms-voice:SendTextMessage", "sms-voice:SendMediaMessage", "sms-voice:SendVoiceMessage"})
_ACCOUNT_ID = re.compile(r"[0-9]{12}")


def share_policy_document(resource_arn: str, accounts: Sequence[str], actions: Sequence[str]) -> dict[str, Any]:
    """The policy document: one Allow statement, sorted principals and actions (deterministic templates)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ShareWithAccounts",
                "Effect": "Allow",
                "Principal": {"AWS": [f"arn:{cdk.Aws.PARTITION}:iam::{a}:root" for a in sorted(accounts)]},
                "Action": sorted(actions),
                "Resource": resource_arn,
            }
        ],
    }


class SmsResourcePolicy(Construct):
    """``AWS::SMSVOICE::ResourcePolicy`` granting ``actions`` on ``resource_arn`` to ``accounts``.

    Raises ``ValueError`` for an empty or duplicated account list, an account that is not a literal
    12-digit ID (so no ``*`` and no ARN), the stack's own account, or an action outside the send
    actions a shared origination identity can be used for. ``resource`` is the L1.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        resource_arn: str,
        accounts: Sequence[str],
        actions: Sequence[str] = DEFAULT_SHARE_ACTIONS,
    ) -> None:
        super().__init__(scope, id)
        _check(self.node.path, cdk.Stack.of(self).account, accounts, actions)
        self.resource = smsvoice.CfnResourcePolicy(
            self,
            "Resource",
            resource_arn=resource_arn,
            policy_document=share_policy_document(resource_arn, accounts, actions),
        )


def _check(path: str, own_account: str, accounts: Sequence[str], actions: Sequence[str]) -> None:
    problems = [f"{a!r} is not a 12-digit account ID (no wildcard, no ARN)" for a in accounts if not _valid(a)]
    problems += [f"{a} is the stack's own account" for a in accounts if a == own_account]
    problems += [f"{a} is listed twice" for a in sorted(set(accounts)) if list(accounts).count(a) > 1]
    problems += [f"{a!r} is not a shareable action" for a in actions if a not in SHAREABLE_ACTIONS]
    problems += ["no accounts to share with"] if not accounts else []
    problems += ["no actions to share"] if not actions else []
    if problems:
        raise ValueError(f"{path}: " + "; ".join(problems))


def _valid(account: str) -> bool:
    return not cdk.Token.is_unresolved(account) and _ACCOUNT_ID.fullmatch(account) is not None
