"""CloudFormation's ``DescribeStackResource`` and ``DescribeStacks``, answered from the states the harness records.

Why: a number purchase asks CloudFormation whether it still waits for the resource before buying
(``sms_runtime.handlers.number_purchase.still_awaited``). The handler's boto3 client reaches this fake
through botocore's ``before-send`` hook like the other fakes, so the query-protocol serialization and
the XML parsing (and the ``ValidationError`` for an unknown stack) are botocore's own. The states are
written by :class:`fakes.cloudformation.CloudFormationHarness` as it sends requests; several harnesses
of one stack ID share them, as they share one real stack.

Not verified against a real account: which statuses CloudFormation reports for a custom resource while
a stack rolls back (the harness records ``CREATE_FAILED`` then ``DELETE_IN_PROGRESS``/``DELETE_COMPLETE``
for a rolled-back create, as the CloudFormation user guide describes), and its exact error message for
a stack that does not exist. A known stack's ``StackStatus`` is ``UPDATE_IN_PROGRESS`` unless the
harness set another (``ROLLBACK_IN_PROGRESS``/``UPDATE_ROLLBACK_IN_PROGRESS`` while it rolls back).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from fakes.clock import VirtualClock

_NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/"


@dataclass(frozen=True)
class ResourceState:
    """What ``DescribeStackResource`` reports for one logical ID."""

    resource_type: str
    status: str
    physical_id: str
    updated: float  # seconds since the epoch


@dataclass(frozen=True)
class StackCall:
    stack: str
    logical_id: str
    time: float  # the virtual clock's now(), like the SMS fake's calls


class FakeCloudFormation:
    """Resource states by (stack ID, logical ID); serves ``DescribeStackResource`` for them."""

    def __init__(self, clock: VirtualClock) -> None:
        self.clock = clock
        self.resources: dict[tuple[str, str], ResourceState] = {}
        self.calls: list[StackCall] = []
        self.stack_calls: list[StackCall] = []  # DescribeStacks (logical_id "")
        self.stack_status: dict[str, str] = {}  # set while the harness rolls a stack back
        self.created: dict[str, float] = {}  # stack ID -> creation time (epoch), when the first request began
        self.deleted: dict[str, float] = {}  # stack ID -> deletion time: DELETE_COMPLETE, kept for ListStacks
        self.list_calls: list[StackCall] = []  # ListStacks
        self.list_page_size = 0  # stacks per ListStacks page (0: all on one page); more pages carry a NextToken
        self._faults: dict[str, list[str]] = {}  # action -> error codes the next calls answer with
        self._operations: dict[tuple[str, str], int] = {}  # the latest operation on each resource
        self.last_updated: dict[str, float] = {}  # stack -> when its latest update started (LastUpdatedTime)
        self._lock = threading.Lock()

    def begin(self, stack_id: str, logical_id: str, resource_type: str, status: str, physical_id: str) -> int:
        """A new operation on the resource (``*_IN_PROGRESS``); returns its number for :meth:`finish`."""
        with self._lock:
            key = (stack_id, logical_id)
            self.created.setdefault(stack_id, self.clock.epoch())
            operation = self._operations[key] = self._operations.get(key, 0) + 1
            self.resources[key] = ResourceState(resource_type, status, physical_id, self.clock.epoch())
            return operation

    def finish(self, stack_id: str, logical_id: str, operation: int, status: str, physical_id: str) -> bool:
        """Record an operation's end, unless a later one began meanwhile (CloudFormation moved on and
        ignores the late answer). True if recorded."""
        with self._lock:
            key = (stack_id, logical_id)
            if self._operations.get(key) != operation:
                return False
            self.resources[key] = ResourceState(
                self.resources[key].resource_type, status, physical_id, self.clock.epoch()
            )
            return True

    def status(self, stack_id: str, logical_id: str) -> str | None:
        with self._lock:
            state = self.resources.get((stack_id, logical_id))
        return None if state is None else state.status

    def start_update(self, stack_id: str) -> None:
        """A stack update starts: ``DescribeStacks`` reports its start as ``LastUpdatedTime`` from now on, also
        while that update rolls back (modelled so; see ``handlers.phone_number``)."""
        with self._lock:
            self.last_updated[stack_id] = self.clock.epoch()

    def set_stack_status(self, stack_id: str, status: str | None) -> None:
        """The stack's ``StackStatus`` from now on (``None``: back to the default)."""
        with self._lock:
            if status is None:
                self.stack_status.pop(stack_id, None)
            else:
                self.stack_status[stack_id] = status

    def delete_stack(self, stack_id: str) -> None:
        """The stack is deleted (``DELETE_COMPLETE``): its resources stay readable by stack ID, as for 90 days in AWS."""
        with self._lock:
            self.deleted[stack_id] = self.clock.epoch()
            self.stack_status[stack_id] = "DELETE_COMPLETE"

    def fail_next(self, action: str, code: str = "Throttling", times: int = 1) -> None:
        """Make the next ``times`` calls of ``action`` fail with the error ``code`` (``Throttling``: HTTP 400, as
        CloudFormation's query protocol answers it; ``AccessDenied`` likewise)."""
        with self._lock:
            self._faults.setdefault(action, []).extend([code] * times)

    def handle(self, body: str) -> tuple[int, str]:
        """``DescribeStackResource``/``DescribeStacks``/``ListStacks``: the query-protocol form in, the HTTP status
        and XML body out."""
        form = parse_qs(body)
        with self._lock:
            queued = self._faults.get(form["Action"][0])
            fault = queued.pop(0) if queued else None
        if fault is not None:
            return 400, _error(fault, f"injected {fault}")
        if form["Action"][0] == "DescribeStacks":
            return self._describe_stacks(form["StackName"][0])
        if form["Action"][0] == "ListStacks":
            return self._list_stacks(form)
        stack, logical_id = form["StackName"][0], form["LogicalResourceId"][0]
        with self._lock:
            self.calls.append(StackCall(stack, logical_id, self.clock.now()))
            state = self.resources.get((stack, logical_id))
            known = any(key[0] == stack for key in self.resources)
        if state is None:
            message = (
                f"Resource {logical_id} does not exist for stack {stack}"
                if known
                else f"Stack with id {stack} does not exist"
            )
            return 400, _error("ValidationError", message)
        return 200, _detail(stack, logical_id, state)

    def _list_stacks(self, form: dict[str, list[str]]) -> tuple[int, str]:
        """Stack summaries, filtered by ``StackStatusFilter.member.N``; in pages of :attr:`list_page_size`."""
        wanted = {
            value for key, values in form.items() if key.startswith("StackStatusFilter.member.") for value in values
        }
        with self._lock:
            self.list_calls.append(StackCall("", "", self.clock.now()))
            stacks = sorted(self.created)
            rows = []
            for stack in stacks:
                status = self.stack_status.get(stack, "UPDATE_COMPLETE")
                if wanted and status not in wanted:
                    continue
                members = {
                    "StackId": stack,
                    "StackName": _name(stack),
                    "CreationTime": _timestamp(self.created[stack]),
                    "StackStatus": status,
                }
                if stack in self.deleted:
                    members["DeletionTime"] = _timestamp(self.deleted[stack])
                rows.append("<member>" + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in members.items()) + "</member>")
            size = self.list_page_size or max(1, len(rows))
        start = int(form.get("NextToken", ["0"])[0])
        more = f"<NextToken>{start + size}</NextToken>" if start + size < len(rows) else ""
        return 200, (
            f'<ListStacksResponse xmlns="{_NAMESPACE}"><ListStacksResult><StackSummaries>'
            f"{''.join(rows[start : start + size])}</StackSummaries>{more}</ListStacksResult>"
            "<ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></ListStacksResponse>"
        )

    def _describe_stacks(self, stack: str) -> tuple[int, str]:
        with self._lock:
            self.stack_calls.append(StackCall(stack, "", self.clock.now()))
            known = any(key[0] == stack for key in self.resources)
            status = self.stack_status.get(stack, "UPDATE_IN_PROGRESS")
            last_updated = self.last_updated.get(stack)
        if not known:
            return 400, _error("ValidationError", f"Stack with id {stack} does not exist")
        name = stack.split("/")[1] if stack.startswith("arn:") else stack
        members = {
            "StackId": stack,
            "StackName": name,
            "CreationTime": "2023-11-14T22:13:20.000Z",
            "StackStatus": status,
        }
        if last_updated is not None:
            members["LastUpdatedTime"] = _timestamp(last_updated)
        body = "".join(f"<{key}>{escape(value)}</{key}>" for key, value in members.items())
        return 200, (
            f'<DescribeStacksResponse xmlns="{_NAMESPACE}"><DescribeStacksResult><Stacks><member>{body}</member>'
            "</Stacks></DescribeStacksResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata>"
            "</DescribeStacksResponse>"
        )


def _name(stack: str) -> str:
    return stack.split("/")[1] if stack.startswith("arn:") else stack


def _timestamp(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _detail(stack: str, logical_id: str, state: ResourceState) -> str:
    updated = datetime.fromtimestamp(state.updated, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    members = {
        "StackName": stack.split("/")[1] if stack.startswith("arn:") else stack,
        "StackId": stack,
        "LogicalResourceId": logical_id,
        "PhysicalResourceId": state.physical_id,
        "ResourceType": state.resource_type,
        "LastUpdatedTimestamp": updated,
        "ResourceStatus": state.status,
    }
    body = "".join(f"<{key}>{escape(value)}</{key}>" for key, value in members.items())
    return (
        f'<DescribeStackResourceResponse xmlns="{_NAMESPACE}"><DescribeStackResourceResult>'
        f"<StackResourceDetail>{body}</StackResourceDetail></DescribeStackResourceResult>"
        "<ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></DescribeStackResourceResponse>"
    )


def _error(code: str, message: str) -> str:
    return (
        f'<ErrorResponse xmlns="{_NAMESPACE}"><Error><Type>Sender</Type><Code>{code}</Code>'
        f"<Message>{escape(message)}</Message></Error><RequestId>fake</RequestId></ErrorResponse>"
    )
