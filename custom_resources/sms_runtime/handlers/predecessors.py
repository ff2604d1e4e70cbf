"""The deleted stacks of this stack's name, and what their resource of one logical ID was.

Why: a first deploy that fails ends in ``ROLLBACK_COMPLETE`` with what it bought or submitted retained
(numbers, registrations). The user deletes that stack and deploys again under the same name, with a new
stack ID. Adoption (:mod:`sms_runtime.handlers.number_adoption`,
:mod:`sms_runtime.handlers.registration_adoption`) starts from the stack side, shared here:

1. ``ListStacks`` filtered to ``DELETE_COMPLETE`` lists stacks deleted in the last 90 days; those with
   this stack's name and another ID are its predecessors. They were all deleted before this stack was
   created (a live stack's name is unique), so the list cannot change during this stack's life: it is
   read once per Lambda instance and stack (a module-level cache shared by every resource type), on
   CloudFormation's quota. No predecessor (the usual case): nothing else is called.
2. ``DescribeStackResource`` on a deleted stack's ID (CloudFormation keeps a deleted stack's resources
   readable by ID for 90 days) gives the physical ID its resource of a logical ID had
   (:func:`physical_id`). :func:`recorded` walks them newest deletion first and stops after
   :data:`MAX_PREDECESSORS` that *had* the resource: attempts that failed before reaching it (a deploy
   that failed earlier in the stack, retried several times) do not hide an older one that created it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from sms_runtime.handlers.request import Request
from sms_runtime.sms_client import Api, error_code

MAX_PREDECESSORS = 3
_PREDECESSORS: dict[str, tuple[Predecessor, ...]] = {}


@dataclass(frozen=True)
class Predecessor:
    """A deleted stack with this stack's name: its ID and when it lived (seconds since the epoch)."""

    stack_id: str
    created: float
    deleted: float


def predecessors(api: Api, request: Request) -> tuple[Predecessor, ...]:
    """The deleted stacks of this stack's name, newest first (read once per stack ID and Lambda instance)."""
    cached = _PREDECESSORS.get(request.stack_id)
    if cached is not None:
        return cached
    found: list[Predecessor] = []
    token: str | None = None
    while True:
        page = api.stack_call(
            "ListStacks", StackStatusFilter=["DELETE_COMPLETE"], **({"NextToken": token} if token else {})
        )
        for summary in page.get("StackSummaries", []):
            if summary.get("StackName") == request.stack_name and summary.get("StackId") != request.stack_id:
                found.append(
                    Predecessor(
                        str(summary["StackId"]),
                        _seconds(summary.get("CreationTime")),
                        _seconds(summary.get("DeletionTime")),
                    )
                )
        token = page.get("NextToken")
        if not token:
            break
    newest = tuple(sorted(found, key=lambda p: p.deleted, reverse=True))
    _PREDECESSORS[request.stack_id] = newest
    return newest


def recorded(api: Api, request: Request) -> Iterator[tuple[Predecessor, str]]:
    """The predecessors that had this resource's logical ID, with its physical ID there, newest first.

    One ``DescribeStackResource`` per predecessor read; at most :data:`MAX_PREDECESSORS` are yielded.
    """
    had = 0
    for predecessor in predecessors(api, request):
        if had == MAX_PREDECESSORS:
            return
        physical = physical_id(api, predecessor, request.logical_id)
        if physical is None:
            continue
        had += 1
        yield predecessor, physical


def physical_id(api: Api, predecessor: Predecessor, logical_id: str) -> str | None:
    """The physical ID the deleted stack's resource ``logical_id`` had; ``None`` if it had no such resource."""
    try:
        detail = api.stack_call("DescribeStackResource", StackName=predecessor.stack_id, LogicalResourceId=logical_id)[
            "StackResourceDetail"
        ]
    except ClientError as error:
        if error_code(error) == "ValidationError":  # the old stack had no such resource
            return None
        raise
    return str(detail.get("PhysicalResourceId") or "")


def _seconds(value: Any) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, int | float):
        return float(value)
    return 0.0


def forget_cache() -> None:
    """Drop the per-instance predecessor lists (tests that delete and recreate stacks in one process)."""
    _PREDECESSORS.clear()
