"""Register 100 toll-free numbers through the fake SMS API at the default quotas, as a deploy would.

What it models: one stack with 100 (number, registration) pairs, each registration depending only on
its own number. CloudFormation starts every resource whose dependencies are met at once, so all 100
chains run concurrently (100 workers); each resource goes through the real handlers exactly as the
CDK Provider framework drives them (``onEvent``, then ``isComplete`` every 30 s), against one fake
account whose per-action quotas are the documented defaults (1 request/s; 10/s for tag listing).

Time is virtual (see ``tests/fakes/clock.py``): it advances only when every worker sleeps, so the run
takes seconds of real time while measuring hours of deploy time. The quota-bound minimum is, over
every action, successful calls / allowed rate; the slowest action bounds the whole run. The run
fails (exit 1) if wall time exceeds 1.25 x that bound or any resource fails.
"""

from __future__ import annotations

import functools
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fakes.aws import FakeAws
from fakes.cloudformation import CloudFormationHarness, Outcome
from fakes.estate import PHONE, REGISTRATION
from fakes.samples import (
    NUMBER_PROPERTIES,
    OPT_IN_FIELD,
    attachment_property,
    png,
    registration_properties,
)
from fakes.sms_api import FAST_ACTIONS

from sms_runtime import decision_log

REGISTRATIONS = 100
TARGET_RATIO = 1.25
QUERY_INTERVAL = 30.0  # the construct's Provider query interval


def _chain(aws: FakeAws, index: int, attachment: dict[str, str]) -> list[Outcome]:
    cfn = CloudFormationHarness(aws, query_interval=QUERY_INTERVAL)
    number = cfn.create(f"Number{index}", PHONE, NUMBER_PROPERTIES)
    if not number.ok:
        return [number]
    props = registration_properties([number.physical_id], attachments={OPT_IN_FIELD: attachment})
    return [number, cfn.create(f"Registration{index}", REGISTRATION, props)]


def main() -> int:
    aws = FakeAws(phone_number_limit=REGISTRATIONS * 2, latency_seconds=0.05)
    image = png()
    aws.s3.put("cdk-assets", "opt-in.png", image)
    attachment = attachment_property("cdk-assets", "opt-in.png", image)
    started_real = time.perf_counter()
    results = aws.clock.run_parallel([functools.partial(_chain, aws, i, attachment) for i in range(REGISTRATIONS)])
    real = time.perf_counter() - started_real
    wall = aws.clock.now()

    outcomes = [o for r in results if isinstance(r, list) for o in r]
    failures = [r for r in results if not isinstance(r, list)] + [o for o in outcomes if not o.ok]
    accepted = Counter(c.action for c in aws.sms.calls if c.outcome.startswith("ok"))
    throttled = sum(1 for c in aws.sms.calls if c.outcome == "ThrottlingException")
    bound_by = {action: count / FAST_ACTIONS.get(action, 1.0) for action, count in accepted.items()}
    slowest = max(bound_by, key=lambda action: bound_by[action])
    minimum = bound_by[slowest]
    ratio = wall / minimum
    submitted = sum(1 for r in aws.sms.live_registrations() if r.status == "SUBMITTED")

    print(f"registrations submitted : {submitted}/{REGISTRATIONS} (numbers: {len(aws.sms.live_numbers())})")
    print(f"wall time (virtual)     : {wall:9.1f} s   ({real:.1f} s real)")
    print(
        f"quota-bound minimum     : {minimum:9.1f} s   ({accepted[slowest]} x {slowest} at "
        f"{FAST_ACTIONS.get(slowest, 1.0):g}/s)"
    )
    print(f"ratio                   : {ratio:9.3f}     (target <= {TARGET_RATIO})")
    print(f"failures                : {len(failures)}")
    print(f"throttled requests      : {throttled}")
    for failure in failures[:5]:
        print(f"  failure: {failure}")
    return 0 if ratio <= TARGET_RATIO and not failures and submitted == REGISTRATIONS else 1


if __name__ == "__main__":
    with decision_log.silenced():  # one decision line per handler invocation would bury the report
        sys.exit(main())
