"""The handlers' only door to AWS: boto3 clients plus our own retry, paced by an injectable clock.

Why our own retry: every control-plane action of the SMS API is limited to about one request per
second per account (``ThrottlingException`` beyond that), and one registration needs dozens of calls.
botocore's built-in retry sleeps in real time and gives up after a few attempts, which neither fits a
Lambda invocation with a known time budget nor lets tests and the benchmark run on a virtual clock.
So botocore is configured for a single attempt and :class:`Api` retries throttling, server errors
and timeouts with capped, fully jittered exponential backoff until the invocation's deadline, then
raises :class:`BudgetExhaustedError` so the caller can hand the rest of the work to the next poll.

Tests and the benchmark build :class:`Clients` from real boto3 clients whose HTTP layer is served by
an in-process fake; the handlers cannot tell the difference.
"""

from __future__ import annotations

import functools
import random
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotocoreConnectionError

from sms_runtime import api_contract

T = TypeVar("T")

# "Throttling" is CloudFormation's code (query protocol); the others are the SMS API's.
RETRYABLE_ERROR_CODES = frozenset(
    {"ThrottlingException", "Throttling", "InternalServerException", "ServiceUnavailable", "RequestTimeout"}
)
_MAX_PAGE = 100
# botocore's per-attempt timeouts. One attempt may take up to both (connecting, then waiting for the
# answer), so MAX_CALL_SECONDS is how long a call started at an Api's deadline may run past it: every
# Lambda entry point keeps at least this much (plus time to return) between its Api's deadline and the
# Lambda timeout: ``lambda_budget`` below, shared by every entry point.
# LAMBDA_TIMEOUT_SECONDS is the timeout the construct gives the custom-resource functions (provider.HANDLER_TIMEOUT;
# a test keeps them equal): the longest one poll can last, which the purchase window must leave room for.
LAMBDA_TIMEOUT_SECONDS = 600.0
CONNECT_TIMEOUT_SECONDS = 5
READ_TIMEOUT_SECONDS = 30
MAX_CALL_SECONDS = float(CONNECT_TIMEOUT_SECONDS + READ_TIMEOUT_SECONDS)
# Time left for the runtime to return (and log) after the last call ends.
RETURN_MARGIN_SECONDS = 20.0
# The Api deadline this far before the Lambda timeout. Why the call time is in it: the Api checks its
# deadline only before starting (or backing off for) a call, and one call may then run MAX_CALL_SECONDS.
# With only the return margin, a call started just before the deadline could outlive the Lambda (for a
# RequestPhoneNumber: the invocation fails while the number may have been bought).
LAMBDA_MARGIN_SECONDS = MAX_CALL_SECONDS + RETURN_MARGIN_SECONDS
_SINGLE_ATTEMPT = Config(
    retries={"mode": "standard", "total_max_attempts": 1},
    connect_timeout=CONNECT_TIMEOUT_SECONDS,
    read_timeout=READ_TIMEOUT_SECONDS,
    user_agent_extra="sms-estate",
)


class Clock(Protocol):
    """Time as the handlers see it: real in Lambda, virtual in tests and the benchmark."""

    def now(self) -> float:
        """Seconds on a monotonic scale: deadlines within one invocation."""
        ...

    def epoch(self) -> float:
        """Seconds since the Unix epoch: deadlines that travel between invocations in an event.

        ``now`` cannot serve there: a monotonic clock's zero differs from one Lambda instance to the next.
        """
        ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """Monotonic time for budgets, the system clock for deadlines; what the Lambda runtime uses."""

    def now(self) -> float:
        return time.monotonic()

    def epoch(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds))


class BudgetExhaustedError(Exception):
    """The invocation's time budget ran out while the API kept throttling or failing."""


@dataclass(frozen=True)
class RetryPolicy:
    """Pacing and backoff.

    ``min_interval`` spaces one invocation's calls of the same action by the documented quota
    (1 request/s; ``fast_actions`` allow 10/s), so a single handler never throttles itself. Retryable
    failures back off with full jitter between 0 and min(``max_delay``, ``base_delay`` * 2**attempt),
    which spreads concurrent handlers competing for the same account-wide quota.
    """

    base_delay: float = 1.0
    max_delay: float = 8.0
    min_interval: float = 1.0
    fast_actions: Mapping[str, float] = field(
        default_factory=lambda: {"ListTagsForResource": 0.1, "PutOptedOutNumber": 0.1}
    )


@dataclass(frozen=True)
class Clients:
    """The SMS, S3 and CloudFormation clients and the clock every handler call goes through.

    ``cloudformation`` is only needed by a number purchase (it asks whether CloudFormation still waits
    for the resource); callers that never buy, such as the status command, may leave it out.
    """

    sms: Any
    s3: Any
    clock: Clock = field(default_factory=SystemClock)
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    rng: random.Random = field(default_factory=random.Random)
    cloudformation: Any = None

    def api(self, budget_seconds: float) -> Api:
        """An :class:`Api` whose retries stop ``budget_seconds`` from now."""
        return Api(self, deadline=self.clock.now() + budget_seconds)


@functools.cache
def default_clients() -> Clients:
    """Real boto3 clients for the Lambda runtime (region and credentials from its environment).

    Only the Lambda entry points call this, once per cold start (cached): it first proves that the
    runtime's bundled botocore knows every operation and parameter the handlers use
    (:func:`sms_runtime.api_contract.require_supported`), so an old runtime fails with one clear error
    before any call rather than with a ``ParamValidationError`` halfway through a deploy.
    """
    sms = boto3.client("pinpoint-sms-voice-v2", config=_SINGLE_ATTEMPT)
    s3 = boto3.client("s3")
    cloudformation = boto3.client("cloudformation", config=_SINGLE_ATTEMPT)
    api_contract.require_supported({"pinpoint-sms-voice-v2": sms, "s3": s3, "cloudformation": cloudformation})
    return Clients(sms=sms, s3=s3, cloudformation=cloudformation)


def single_attempt_config() -> Config:
    """The botocore config the handlers need: no hidden retries, bounded timeouts."""
    return _SINGLE_ATTEMPT


@dataclass
class CallCount:
    """What one invocation sent to AWS: requests per action (every attempt counts), retries, budget.

    Shared by an :class:`Api` and every :meth:`Api.limited` view of it, so the decision log line of the
    invocation (``sms_runtime.handlers.dispatch``) counts every request, whichever view made it.
    Names are the API's action names; CloudFormation's and S3's carry their prefix
    (``cloudformation:DescribeStacks``, ``s3:GetObject``).
    """

    requests: Counter[str] = field(default_factory=Counter)
    retries: int = 0
    budget_exhausted: bool = False

    def sent(self, name: str) -> None:
        self.requests[name] += 1

    def as_log(self) -> dict[str, int]:
        """The request counts, sorted by name (a log line must not depend on call order)."""
        return dict(sorted(self.requests.items()))


class Api:
    """One invocation's view of AWS: each call retried on transient failure until the deadline."""

    def __init__(self, clients: Clients, *, deadline: float) -> None:
        self._clients = clients
        self.deadline = deadline
        self._last_call: dict[str, float] = {}
        self.calls = CallCount()

    def call(self, action: str, /, **params: Any) -> dict[str, Any]:
        """Call SMS API ``action`` (e.g. ``"PutRegistrationFieldValue"``) with pacing and retries."""
        method = getattr(self._clients.sms, _snake(action))

        def paced() -> dict[str, Any]:
            self._pace(action)
            self.calls.sent(action)
            result: dict[str, Any] = method(**params)
            return result

        return self._with_retries(paced)

    def stack_call(self, action: str, /, **params: Any) -> dict[str, Any]:
        """Call CloudFormation ``action`` (e.g. ``"DescribeStackResource"``) with the same pacing and retries."""
        client = self._clients.cloudformation
        if client is None:
            raise RuntimeError(f"no CloudFormation client for {action}: build Clients with cloudformation=...")
        method = getattr(client, _snake(action))
        paced_as = f"cloudformation:{action}"  # its own quota: never paced against an SMS action

        def paced() -> dict[str, Any]:
            self._pace(paced_as)
            self.calls.sent(paced_as)
            result: dict[str, Any] = method(**params)
            return result

        return self._with_retries(paced)

    def pages(self, action: str, items_key: str, /, **params: Any) -> list[dict[str, Any]]:
        """Every item of a paginated ``Describe*``/``List*`` action, following ``NextToken``.

        Asks for the largest page the API allows (100), since every page costs a request.
        """
        items: list[dict[str, Any]] = []
        token: str | None = None
        while True:
            page = self.call(action, MaxResults=_MAX_PAGE, **params, **({"NextToken": token} if token else {}))
            items.extend(page.get(items_key, []))
            token = page.get("NextToken")
            if not token:
                return items

    def read_object(self, bucket: str, key: str) -> bytes:
        """The bytes of one S3 object (an attachment published as a CDK asset)."""
        s3 = self._clients.s3

        def fetch() -> bytes:
            self.calls.sent("s3:GetObject")
            body: bytes = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
            return body

        return self._with_retries(fetch)

    def remaining(self) -> float:
        """Seconds left before the deadline."""
        return self.deadline - self._clients.clock.now()

    def epoch(self) -> float:
        """The current time as seconds since the Unix epoch (for deadlines carried between invocations)."""
        return self._clients.clock.epoch()

    def limited(self, seconds: float) -> Api:
        """This API with retries that stop within ``seconds`` from now (or at its own deadline, if sooner).

        For work that must not start late, such as a purchase after CloudFormation has stopped
        waiting for it. Pacing is shared with this API, so the view never throttles its parent.
        """
        view = Api(self._clients, deadline=min(self.deadline, self._clients.clock.now() + seconds))
        view._last_call = self._last_call
        view.calls = self.calls  # one count per invocation, whichever view made the request
        return view

    def _pace(self, action: str) -> None:
        clock, policy = self._clients.clock, self._clients.policy
        interval = policy.fast_actions.get(action, policy.min_interval)
        now = clock.now()
        wait = self._last_call.get(action, now - interval) + interval - now
        if wait > 0:
            if now + wait > self.deadline:
                self.calls.budget_exhausted = True
                raise BudgetExhaustedError(f"no time left for {action}")
            clock.sleep(wait)
        self._last_call[action] = clock.now()

    def _with_retries(self, attempt_call: Callable[[], T]) -> T:
        clock, policy = self._clients.clock, self._clients.policy
        attempt = 0
        while True:
            try:
                return attempt_call()
            except (ClientError, HTTPClientError, BotocoreConnectionError) as error:
                if not _is_retryable(error):
                    raise
                delay = self._clients.rng.uniform(0, min(policy.max_delay, policy.base_delay * 2**attempt))
                if clock.now() + delay > self.deadline:
                    self.calls.budget_exhausted = True
                    raise BudgetExhaustedError(f"gave up after {attempt + 1} attempts: {error}") from error
                clock.sleep(delay)
                self.calls.retries += 1
                attempt += 1


def error_code(error: BaseException) -> str:
    """The API error code of a ``ClientError`` (``""`` for anything else)."""
    if isinstance(error, ClientError):
        return str(error.response.get("Error", {}).get("Code", ""))
    return ""


def error_reason(error: BaseException) -> str:
    """The ``Reason`` member the SMS API puts on Conflict/Validation/Quota errors (``""`` if none)."""
    if isinstance(error, ClientError):
        return str(error.response.get("Reason", ""))
    return ""


def _is_retryable(error: BaseException) -> bool:
    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return error_code(error) in RETRYABLE_ERROR_CODES or int(status) >= 500
    return True  # timeouts and connection errors


def tags(mapping: Mapping[str, str]) -> list[dict[str, str]]:
    """``{"k": "v"}`` as the API's ``[{"Key": "k", "Value": "v"}]``."""
    return [{"Key": key, "Value": value} for key, value in mapping.items()]


def _snake(action: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in action).lstrip("_")


def lambda_budget(context: Any, default: float) -> float:
    """Seconds an invocation's Api may spend: what the Lambda context has left less ``LAMBDA_MARGIN_SECONDS``.

    ``default`` applies when there is no Lambda context (tests, the harness, local runs).
    """
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    if not callable(remaining):
        return default
    return max(1.0, float(remaining()) / 1000 - LAMBDA_MARGIN_SECONDS)
