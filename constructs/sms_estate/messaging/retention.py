"""Map the ``on_delete`` words to CloudFormation removal policies.

Resources that hold people's choices (opt-out lists) or identities (pools, sender IDs) are retained
unless the caller says ``destroy``: deleting an opt-out list lets people who said STOP be texted.
"""

from __future__ import annotations

from typing import Literal, get_args

import aws_cdk as cdk

OnDelete = Literal["retain", "destroy"]
"""What leaving the stack (or being replaced) does to the resource: keep it in the account, or delete it."""
ON_DELETE: tuple[str, ...] = get_args(OnDelete)


def removal_policy(on_delete: OnDelete) -> cdk.RemovalPolicy:
    return cdk.RemovalPolicy.DESTROY if on_delete == "destroy" else cdk.RemovalPolicy.RETAIN


def apply_on_delete(resource: cdk.CfnResource, on_delete: OnDelete) -> None:
    """Apply the policy to deletion *and* replacement, so a rename never drops the old resource's data."""
    policy = removal_policy(on_delete)
    resource.apply_removal_policy(policy)
    if policy is cdk.RemovalPolicy.RETAIN:
        resource.cfn_options.update_replace_policy = cdk.CfnDeletionPolicy.RETAIN
