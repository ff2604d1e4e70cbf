"""cdk-nag wiring and the one way this package acknowledges a finding.

cdk-nag 3.x runs as a CDK policy-validation plugin: a finding that is not acknowledged fails
synthesis. An acknowledgement here always names the rule, the exact finding where the rule reports
several (``applies_to``: ``Resource::*``, ``Action::s3:*``...), and a reason a reviewer accepts.
"""

from __future__ import annotations

from collections.abc import Iterable

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks
from constructs import IConstruct

_MIN_REASON = 25


def add_nag_checks(app: cdk.App) -> None:
    """Run the AWS Solutions pack over every stack of ``app``; any open finding fails synth."""
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))


def acknowledge(scope: IConstruct, rule: str, reason: str, applies_to: Iterable[str] = ()) -> None:
    """Acknowledge ``rule`` on ``scope`` (and below) with a reason.

    ``applies_to`` lists finding IDs for rules that report several findings per resource; each is
    acknowledged on its own (cdk-nag 3 has no prefix matching), so a new wildcard still fails synth.
    """
    if len(reason.strip()) < _MIN_REASON:
        raise ValueError(f"acknowledgement of {rule} needs a reason a reviewer can accept: {reason!r}")
    ids = [f"{rule}[{finding}]" for finding in applies_to] or [rule]
    cdk.Validations.of(scope).acknowledge(*(cdk.Acknowledgment(id=i, reason=reason) for i in ids))
