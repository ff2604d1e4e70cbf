"""The review-state stack: one SSM parameter, deployed before a messaging stack whose resources may wait.

Why a stack of its own: the messaging stack reads the parameter through an SSM-typed template parameter,
which must name a parameter that exists when its change set is created (``sms_estate.tracking.review_state``).
Only a region with a resource that may wait for an approval gets one (``Environment.waits_for_review``: a
registration with a ``brand`` or registered sender IDs, a number with a ``registration``), so environments
without such resources synthesize exactly the stacks and templates they did before.
"""

from __future__ import annotations

import aws_cdk as cdk
from constructs import Construct

from sms_estate import ReviewStateParameter
from sms_estate.yaml_app.config.model import Environment
from sms_estate.yaml_app.stacks.naming import review_state_stack_name


class ReviewStateStack(cdk.Stack):
    """``SmsEstate-<env>-<region>-review-state``: the region's ``ReviewStateParameter``, nothing else."""

    def __init__(self, scope: Construct, environment: Environment, region: str) -> None:
        name = review_state_stack_name(environment.name, region)
        super().__init__(
            scope,
            name,
            stack_name=name,
            env=cdk.Environment(account=environment.account, region=region),
            description=(
                f"SMS review state of environment {environment.name} in {region}: written by the registration "
                "tracker on an approval, read by the messaging stack (sms-estate)"
            ),
        )
        for key, value in sorted(environment.tags.items()):
            cdk.Tags.of(self).add(key, value)
        cdk.Tags.of(self).add("sms-estate:environment", environment.name)
        self.parameter = ReviewStateParameter(self, "ReviewState", environment=environment.name)


def add_review_state_stack(scope: Construct, environment: Environment, region: str) -> ReviewStateStack | None:
    """The region's review-state stack, or None when nothing in the region waits for an approval."""
    if not environment.waits_for_review(region):
        return None
    return ReviewStateStack(scope, environment, region)
