"""A local stand-in for the bulk rollout state machine: Map + Retry + Wait around the real row step.

What it emulates, and only this: per shard execution, a Map over the shard's rows with
``MAX_CONCURRENCY`` rows in flight; per row, the row-step Lambda handler (the real
``sms_runtime.bulk.row_step.advance``) called until it reports done, with the state machine's
``Retry`` on ``ThrottlingException`` (interval x rate^attempt, capped, full jitter, bounded attempts)
and a ``Wait`` between steps. Step Functions itself (its service, quotas, payload limits, history) is
not emulated. Time is the fake's virtual clock, so hours of rollout take seconds.
"""

from __future__ import annotations

import functools
import random
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from fakes.aws import FakeAws

from sms_runtime.bulk import schedule
from sms_runtime.bulk.ledger import RowLedger
from sms_runtime.bulk.row_step import ThrottlingException, advance


@dataclass
class DriverStats:
    steps: int = 0
    retries: int = 0
    exhausted: int = 0  # rows whose Retry ran out of attempts (the Map would fail the row)


def run_executions(aws: FakeAws, ledger: RowLedger, shards: Sequence[Sequence[str]], *, seed: int = 11) -> DriverStats:
    """Run one execution per shard at once (as a deploy of every shard stack starts them)."""
    stats, lock = DriverStats(), threading.Lock()
    queues = [list(keys) for keys in shards]
    workers = [
        functools.partial(_worker, aws, ledger, queue, lock, stats, random.Random(seed * 1000 + i * 10 + j))
        for i, queue in enumerate(queues)
        for j in range(schedule.MAX_CONCURRENCY)
    ]
    outcomes = aws.clock.run_parallel(workers)
    errors = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    if errors:
        raise errors[0]
    return stats


def _worker(
    aws: FakeAws,
    ledger: RowLedger,
    queue: list[str],
    lock: threading.Lock,
    stats: DriverStats,
    rng: random.Random,
) -> None:
    """One Map slot: take the next row of this execution, drive it to done, repeat."""
    clients = aws.clients(seed=rng.randrange(1 << 30))
    while True:
        with lock:
            if not queue:
                return
            key = queue.pop(0)
        _drive_row(aws, ledger, key, clients, lock, stats, rng)


def _drive_row(aws, ledger, key, clients, lock, stats, rng) -> None:
    attempt = 0
    while True:
        try:
            result = advance(key, ledger, clients, schedule.STEP_BUDGET_SECONDS)
        except ThrottlingException:
            with lock:
                stats.retries += 1
            if attempt >= schedule.RETRY_MAX_ATTEMPTS:
                with lock:
                    stats.exhausted += 1
                return
            ceiling = min(
                schedule.RETRY_MAX_DELAY_SECONDS,
                schedule.RETRY_INTERVAL_SECONDS * schedule.RETRY_BACKOFF_RATE**attempt,
            )
            aws.clock.sleep(rng.uniform(0, ceiling))  # JitterStrategy FULL
            attempt += 1
            continue
        attempt = 0
        with lock:
            stats.steps += 1
        if result["Done"]:
            return
        aws.clock.sleep(schedule.WAIT_SECONDS)
