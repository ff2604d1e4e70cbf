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
    it by hand. Created by an operation that failed, it holds nothing that exists only there (no sender
    used it yet; an opt-out list's backfill copies from other lists), so ``RetainExceptOnCreate`` deletes it
    on that rollback and loses nothing; once
    created by a deploy that succeeded it is retained exactly as before. Only for resources without
    deletion protection: CloudFormation could not delete a protected pool or sender ID, and the
    rollback would fail instead.
    """
    return cdk.RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE if named else cdk.RemovalPolicy.RETAIN


def removal_policy(on_delete: OnDelete, *, named: bool = False) -> cdk.RemovalPolicy:
    return cdk.RemovalPolicy.DESTROY if on_delete == "destroy" else retained(named=named)


def apply_on_delete(resource: cdk.CfnResource, on_delete: OnDelete, *, named: bool = False) -> None:
    """Apply the policy to deletion *and* replacement, so a rename never drops the old resource's data.

    ``named``: see :func:`retained`.
    """
    policy = removal_policy(on_delete, named=named)
    resource.apply_removal_policy(policy)
    if policy is not cdk.RemovalPolicy.DESTROY:
        resource.cfn_options.update_replace_policy = cdk.CfnDeletionPolicy.RETAIN
