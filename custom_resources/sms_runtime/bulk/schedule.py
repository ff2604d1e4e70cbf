"""How the workflow paces rows: shared by the state machine construct and the local driver that tests it.

Why these numbers: the SMS control plane allows 1 request/s per action per account and region, and
a toll-free registration is ~27 ``PutRegistrationFieldValue`` calls, so field writes bound the
rollout. Two rows in flight per shard keep that action busy while one row waits on its attachment
upload or between steps; more rows only add throttling. A throttled step is retried with exponential
backoff and full jitter (spreading the shards that compete for one account); a reconcile that is not
done yet waits ``WAIT_SECONDS`` (the Provider framework's query interval) before the next step.
"""

from __future__ import annotations

MAX_CONCURRENCY = 2  # rows in flight per shard execution
WAIT_SECONDS = 30
STEP_TIMEOUT_SECONDS = 300  # the row-step Lambda's timeout
STEP_BUDGET_SECONDS = 280.0  # what one step may spend, leaving a margin under the timeout
RETRY_ERROR = "ThrottlingException"
RETRY_INTERVAL_SECONDS = 2
RETRY_BACKOFF_RATE = 2.0
RETRY_MAX_DELAY_SECONDS = 120
RETRY_MAX_ATTEMPTS = 20
RETRY_JITTER = "FULL"
