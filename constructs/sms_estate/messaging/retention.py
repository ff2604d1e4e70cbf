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


def retained(*, named: bool = False) -> cdk.RemovalPolicy:
    """Retain; for a resource whose name the config fixes, except when the operation that created it fails.

    Why ``named``: a resource CloudFormation retains after the operation that created it failed (a first
    deploy ending in ``ROLLBACK_COMPLETE``, or an update that added it and rolled back) keeps its name in
    the account, so the next deploy of the same config fails with "already exists" until someone deletes
    it by hand. Created by an operation that failed, a named log group holds nothing that exists only
    there (the events of a deploy that failed), so ``RetainExceptOnCreate`` deletes it on that rollback
    and loses nothing; once created by a deploy that succeeded it is retained exactly as before. Only for
    resources CloudFormation can always delete: not protected pools, sender IDs or protect configurations,
    and not opt-out lists, which ``DeleteOptOutList`` refuses while a number or pool (retained by its own
    handler) still uses one, and which may already hold a STOP received during the deploy: deleting them
    would fail the rollback or lose an opt-out.
    """
    return cdk.RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE if named else cdk.RemovalPolicy.RETAIN


def removal_policy(on_delete: OnDelete) -> cdk.RemovalPolicy:
    return cdk.RemovalPolicy.DESTROY if on_delete == "destroy" else cdk.RemovalPolicy.RETAIN


def apply_on_delete(resource: cdk.CfnResource, on_delete: OnDelete) -> None:
    """Apply the policy to deletion *and* replacement, so a rename never drops the old resource's data."""
    policy = removal_policy(on_delete)
    resource.apply_removal_policy(policy)
    if policy is cdk.RemovalPolicy.RETAIN:
        resource.cfn_options.update_replace_policy = cdk.CfnDeletionPolicy.RETAIN
