"""Roll out 300 toll-free registrations across 8 shards through the fake SMS API at the default quotas.

What it models (``tests/support/rollout.py``): the deploy buys each row's number (run twice: directly, as
a deploy that succeeded leaves them, to time the workflow alone; and through the real
``Custom::SmsPhoneNumber`` handlers under the Provider-framework harness, every shard stack deploying
at once with all its numbers at once), then one workflow execution per shard advances every row with
the real row-step handler under the Map + Retry + Wait semantics of the state machine
(``tests/support/workflow_driver.py``; Step Functions itself is not emulated). One fake account at
1 request/s per action serves all shards; time is virtual.

The quota-bound minimum of a phase is, over every action, accepted calls / allowed rate. The run fails
(exit 1) if the workflow phase or the all-at-once purchase of the numbers through the handlers exceeds
1.25 x its minimum, or if any number or row fails: buying numbers must never fail for throttling.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support.rollout import Phase, RolloutResult, run_rollout

from sms_runtime import decision_log

ROWS = int(os.environ.get("BENCH_BULK_ROWS", "300"))
SHARDS = int(os.environ.get("BENCH_BULK_SHARDS", "8"))
TARGET_RATIO = 1.25
HOUR = 3600.0  # what CloudFormation gives one custom resource


def _phase(label: str, phase: Phase) -> None:
    print(
        f"  {label:<9} wall {phase.wall_seconds:8.0f} s   quota-bound minimum {phase.minimum_seconds:8.0f} s "
        f"({phase.slowest_action})   ratio {phase.ratio:6.3f}   throttled requests {phase.throttled}"
    )


def _report(title: str, result: RolloutResult, real: float) -> None:
    print(f"{title} ({real:.0f} s real)")
    _phase("deploy", result.deploy)
    _phase("workflow", result.workflow)
    print(
        f"  submitted {result.submitted}/{result.rows}; rows by status {result.statuses}; "
        f"number failures {len(result.number_failures)}; row failures {len(result.row_failures)}; "
        f"workflow steps {result.stats.steps}, retries {result.stats.retries}"
    )
    for failure in (*result.number_failures, *result.row_failures)[:3]:
        print(f"    e.g. {failure[:160]}")


def main() -> int:
    print(f"{ROWS} registrations, {SHARDS} shards, default quotas (1 request/s per action), virtual time\n")
    started = time.perf_counter()
    direct = run_rollout(ROWS, SHARDS, numbers_by_handler=False)
    _report("numbers bought directly, registrations by the workflow", direct, time.perf_counter() - started)
    started = time.perf_counter()
    handler = run_rollout(ROWS, SHARDS, numbers_by_handler=True)
    _report(
        "\nnumbers bought by the Custom::SmsPhoneNumber handler, all at once", handler, time.perf_counter() - started
    )
    ok = direct.workflow.ratio <= TARGET_RATIO and not direct.row_failures and direct.submitted == ROWS
    print(
        f"\nworkflow: {direct.workflow.ratio:.3f}x the quota-bound minimum "
        f"({'within' if ok else 'OVER'} the {TARGET_RATIO}x target, {len(direct.row_failures)} row failures)"
    )
    failures = len(handler.number_failures) + len(handler.row_failures) + (ROWS - handler.submitted)
    polls = max(handler.number_polls, default=0)
    numbers_ok = handler.deploy.ratio <= TARGET_RATIO
    print(
        f"numbers all at once: {handler.deploy.wall_seconds:.0f} s = {handler.deploy.ratio:.3f}x the quota-bound "
        f"minimum ({'within' if numbers_ok else 'OVER'} the {TARGET_RATIO}x target; "
        f"{handler.deploy.minimum_seconds:.0f} s of {handler.deploy.slowest_action}); "
        f"{len(handler.number_failures)} number failures, at most {polls} isComplete poll(s) per number, "
        f"{'within' if handler.deploy.wall_seconds <= HOUR else 'OVER'} a custom resource's hour"
    )
    return 0 if ok and numbers_ok and failures == 0 else 1


if __name__ == "__main__":
    with decision_log.silenced():  # one decision line per handler invocation would bury the report
        sys.exit(main())
