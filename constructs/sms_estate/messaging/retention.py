"""Map the config's ``on_delete`` words to CloudFormation removal policies.

Resources that hold people's choices (opt-out lists) or identities (pools, sender IDs) are retained
unless the config says ``destroy``: deleting an opt-out list lets people who said STOP be texted.
"""

from __future__ import annotations

from typing import Literal

import aws_cdk as cdk

OnDelete = Literal["retain", "destroy"]


def removal_policy(on_delete: OnDelete) -> cdk.RemovalPolicy:
    return cdk.RemovalPolicy.DESTROY if on_delete == "destroy" else cdk.RemovalPolicy.RETAIN


def apply_on_delete(resource: cdk.CfnResource, on_delete: OnDelete) -> None:
    """Apply the policy to deletion *and* replacement, so a rename never drops the old resource's data."""
    policy = removal_policy(on_delete)
    resource.apply_removal_policy(policy)
    if policy is cdk.RemovalPolicy.RETAIN:
        resource.cfn_options.update_replace_policy = cdk.CfnDeletionPolicy.RETAIN
