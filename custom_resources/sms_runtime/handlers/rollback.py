"""A rollback must not fail for a reason no retry can fix.

Why: when CloudFormation rolls a stack back it sends each custom resource an Update back to its old
properties (or, after a failed first deploy, a Delete). A resource that fails that request ends the
stack in ``UPDATE_ROLLBACK_FAILED``, which only a person running ``continue-update-rollback
--resources-to-skip`` can clear. Some requests cannot be applied for reasons no retry changes: a
registration version under review is frozen for up to 15 business days; a number cannot take back an
identity without buying another; live field rules may have moved since the old properties were valid.

So when an Update or Delete fails for such a reason (a :class:`HandlerError`, or an API error that is
not throttling or a server fault), the handler reads the stack's status (``DescribeStacks``, through the
same stack-scoped IAM statement the purchase check uses). If the stack is rolling back, the request
succeeds *without writing anything more*: the resource stays exactly as it is, its Data says so
(``contract.RollbackAttrs``) next to its current attributes (other resources'
rollbacks read those with ``Fn::GetAtt``), and the decision is logged. Outside a rollback the failure
stands, exactly as before: only a rollback is forgiven, because only there is "keep what is" the goal.

Not verified against a real account: that ``DescribeStacks`` reports ``*ROLLBACK_IN_PROGRESS`` while the
rollback's requests are sent (the CloudFormation user guide's stack status codes say so).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from botocore.exceptions import ClientError

from sms_runtime import decision_log
from sms_runtime.contract import RollbackAttrs
from sms_runtime.handlers.request import HandlerError, Request
from sms_runtime.sms_client import RETRYABLE_ERROR_CODES, Api, error_code, error_reason

# What a resource type reports as its attributes when a rollback leaves it as it is (None: it cannot
# say, so the failure stands; a number's placeholder ID, for instance, must never be answered as done).
Attributes = Callable[[Request, Api], Mapping[str, str] | None]


def stack_summary(api: Api, stack_id: str) -> Mapping[str, Any]:
    """The stack as ``DescribeStacks`` reports it (one call), ``{}`` if it reports none."""
    stacks = api.stack_call("DescribeStacks", StackName=stack_id).get("Stacks", [])
    return dict(stacks[0]) if stacks else {}


def rolling_back(api: Api, stack_id: str) -> str | None:
    """The stack's status if it is rolling back (``ROLLBACK_IN_PROGRESS``, ``UPDATE_ROLLBACK_*``), else None."""
    return rollback_status(stack_summary(api, stack_id))


def rollback_status(stack: Mapping[str, Any]) -> str | None:
    """``StackStatus`` of a :func:`stack_summary` if it is a rollback in progress, else None."""
    status = str(stack.get("StackStatus", ""))
    return status if "ROLLBACK" in status and status.endswith("IN_PROGRESS") else None


def failure_kind(error: BaseException) -> str | None:
    """A short name for a failure no retry fixes (what Data and the log carry), or None if a retry might."""
    if isinstance(error, HandlerError):
        return error.code
    if isinstance(error, ClientError) and error_code(error) not in RETRYABLE_ERROR_CODES:
        return error_reason(error) or error_code(error)
    return None


def tolerate(request: Request, api: Api, error: BaseException, attributes: Attributes) -> dict[str, Any] | None:
    """The result that keeps the resource as it is, if ``error`` struck an Update or Delete of a rollback.

    None means the failure stands: not an Update or Delete, a retry might fix it, the stack is not
    rolling back (or its status cannot be read), or the resource cannot report its attributes.
    """
    kind = failure_kind(error)
    if request.request_type not in ("Update", "Delete") or kind is None:
        return None
    try:
        status = rolling_back(api, request.stack_id)
    except Exception:  # the original failure is the one to report
        return None
    if status is None:
        return None
    data: dict[str, str] = {}
    if request.request_type == "Update":
        current = attributes(request, api)
        if current is None:
            return None
        data = dict(current)
    data[RollbackAttrs.SKIPPED_IN_ROLLBACK] = "true"
    data[RollbackAttrs.SKIPPED_REASON] = kind
    decision_log.record_action("rollback-keep-as-is", reason=kind, stack_status=status)
    return {"PhysicalResourceId": request.physical_id, "Data": data}
