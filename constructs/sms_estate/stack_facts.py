"""A stack's account, region and partition, read through jsii once per stack.

Why: nearly every ARN and confused-deputy condition the constructs write needs them, and each read
(``.account``, ``.region``, ``.partition``, ``format_arn``, ``Token.is_unresolved``) is a round trip
to Node; a sample environment spent about 170 of them there. The values are CDK's own (tokens where a
stack has no explicit environment), and :meth:`StackFacts.arn` joins them exactly as
``Stack.format_arn`` does, so templates do not change.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import aws_cdk as cdk

_FACTS: weakref.WeakKeyDictionary[cdk.Stack, StackFacts] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class StackFacts:
    account: str
    region: str
    partition: str
    # What cdk-nag prints in finding IDs for an unresolved region or account (see finding_arn).
    region_in_findings: str
    account_in_findings: str

    def arn(self, service: str, resource: str, name: str = "", *, separator: str = "/") -> str:
        """``Stack.format_arn``: ``arn:<partition>:<service>:<region>:<account>:<resource>[<sep><name>]``.

        ``separator=":"`` is ``ArnFormat.COLON_RESOURCE_NAME`` (log groups, alarms).
        """
        tail = f"{resource}{separator}{name}" if name else resource
        return f"arn:{self.partition}:{service}:{self.region}:{self.account}:{tail}"

    def finding_arn(self, service: str, resource: str) -> str:
        """The same ARN as cdk-nag prints it in finding IDs: the partition (and any unresolved region
        or account) as ``<AWS::...>`` placeholders, for ``applies_to`` of an acknowledgement."""
        return f"arn:<AWS::Partition>:{service}:{self.region_in_findings}:{self.account_in_findings}:{resource}"


def facts_of(stack: cdk.Stack) -> StackFacts:
    """``stack``'s facts, read on first use and kept while the stack lives."""
    facts = _FACTS.get(stack)
    if facts is None:
        account, region = stack.account, stack.region
        facts = StackFacts(
            account=account,
            region=region,
            partition=stack.partition,
            region_in_findings="<AWS::Region>" if cdk.Token.is_unresolved(region) else region,
            account_in_findings="<AWS::AccountId>" if cdk.Token.is_unresolved(account) else account,
        )
        _FACTS[stack] = facts
    return facts
