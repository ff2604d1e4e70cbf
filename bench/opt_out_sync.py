"""Opt-out sync across 3 regions through the fake SMS API at the default quotas, on virtual time.

Two cases, each through the real engine (``sms_runtime.opt_out_sync``) and real botocore against
:class:`fakes.regions.FakeRegions` (1 DescribeOptedOutNumbers/s, 10 Put/DeleteOptedOutNumber/s, per
region; pages of 100):

1. Backfill: ``BENCH_OPT_OUT_NUMBERS`` (100,000) opted-out numbers spread over 3 regions (each on one
   region's list), synced by ``sms-estate opt-outs sync``'s own loop
   (:func:`sms_estate.cli.commands.opt_outs.backfill`). The quota-bound minimum is reading every list
   once (max over regions of its pages at 1/s) then putting every missing number (max over regions of
   its puts at 10/s); the run fails (exit 1) above 1.25 x that minimum, or if the lists do not end equal
   (in either case), or if the steady state writes more than (regions - 1) per new opt-out.
2. Steady state: on lists of ``BENCH_STEADY_NUMBERS`` (10,000) numbers already in sync,
   ``BENCH_STEADY_INTERVALS`` reconciler intervals (15 min each, a
   Lambda's budget per run) with new opt-outs arriving between runs, half as STOP replies seen by the
   fast path, half added by hand (an operator, or a number without two-way). SMS calls per new
   opt-out are compared with (regions - 1) writes plus the reads a pass must make anyway (every page
   of every list, amortised over the opt-outs of the passes completed); printed with the breakdown.
"""

from __future__ import annotations

import math
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fakes.clock import VirtualClock
from fakes.regions import ACCOUNT, FakeRegions

from sms_estate.cli.commands.opt_outs import Backfill, backfill
from sms_runtime import decision_log
from sms_runtime.opt_out_sync import fast_path, reconcile
from sms_runtime.opt_out_sync.settings import SyncSettings, topic_name

NUMBERS = int(os.environ.get("BENCH_OPT_OUT_NUMBERS", "100000"))
# The steady state runs on an estate of its own: on 100,000-number lists it takes about 25 min of wall time
# (every reconciler pass reads each list whole: ~3,000 pages, each costing the fake a sort of the whole list
# and botocore the parsing of a 100-record BatchGetItem), for the same per-opt-out writes.
STEADY_NUMBERS = int(os.environ.get("BENCH_STEADY_NUMBERS", "10000"))
INTERVALS = int(os.environ.get("BENCH_STEADY_INTERVALS", "8"))
NEW_PER_INTERVAL = int(os.environ.get("BENCH_STEADY_NEW_PER_INTERVAL", "40"))
REGIONS = ("us-east-1", "us-west-2", "us-east-2")
LIST = "bench-optouts"
ENVIRONMENT = "bench"
PAGE = 100
READ_RATE, WRITE_RATE = 1.0, 10.0
TARGET_RATIO = 1.25
INTERVAL_SECONDS = 15 * 60.0
RUN_BUDGET_SECONDS = 840.0  # a 15-minute Lambda less the engine's margins
READS = ("DescribeOptedOutNumbers",)
WRITES = ("PutOptedOutNumber", "DeleteOptedOutNumber")

SETTINGS = SyncSettings(
    environment=ENVIRONMENT,
    account=ACCOUNT,
    home_region=REGIONS[0],
    regions=REGIONS,
    lists=(LIST,),
    topics={topic_name(ENVIRONMENT, LIST): LIST},
)


def recipient(index: int) -> str:
    return f"+1{2000000000 + index:010d}"


def calls(fakes: FakeRegions) -> Counter[tuple[str, str]]:
    """(region, action) -> opt-out list calls answered so far (any outcome: throttled calls count too)."""
    return Counter(
        (region, call.action) for region in REGIONS for call in fakes.api(region).calls if "Opt" in call.action
    )


def lists_equal(fakes: FakeRegions) -> bool:
    first = set(fakes.api(REGIONS[0]).opted_out(LIST))
    return all(set(fakes.api(region).opted_out(LIST)) == first for region in REGIONS[1:])


def new_estate(numbers: int) -> tuple[FakeRegions, Counter[str]]:
    """3 regions with the list, ``numbers`` opted-out numbers dealt round-robin over their lists."""
    fakes = FakeRegions(REGIONS, clock=VirtualClock())
    fakes.create_opt_out_list(LIST)
    for index in range(numbers):
        fakes.api(REGIONS[index % len(REGIONS)]).put_by_hand(LIST, recipient(index), end_user=True)
    return fakes, Counter(REGIONS[index % len(REGIONS)] for index in range(numbers))


def sync_all(fakes: FakeRegions) -> Backfill:
    """What ``sms-estate opt-outs sync`` does: reconcile without a time budget until nothing is owed."""
    return backfill(
        SETTINGS,
        sms=fakes.sms_clients(),
        dynamodb=fakes.client("dynamodb", SETTINGS.home_region),
        clock=fakes.clock,
        dry_run=False,
    )


def run_backfill() -> bool:
    fakes, on_list = new_estate(NUMBERS)
    pages = {region: max(1, math.ceil(on_list[region] / PAGE)) for region in REGIONS}
    puts = {region: NUMBERS - on_list[region] for region in REGIONS}
    minimum = max(pages.values()) / READ_RATE + max(puts.values()) / WRITE_RATE
    started, real = fakes.clock.now(), time.perf_counter()
    outcome = sync_all(fakes)
    elapsed, real = fakes.clock.now() - started, time.perf_counter() - real
    made = calls(fakes)
    ratio = elapsed / minimum
    # No write goes into a list before it has been read whole once (so nothing is put twice), hence the
    # brief's sum; the slowest single (region, action) stream is printed as the absolute floor.
    floor = max(max(pages[r] / READ_RATE, puts[r] / WRITE_RATE) for r in REGIONS)
    ok = ratio <= TARGET_RATIO and lists_equal(fakes) and not outcome.owed
    print(f"1. backfill of {NUMBERS:,} opted-out numbers over {len(REGIONS)} regions ({real:.0f} s real)")
    for region in REGIONS:
        print(
            f"  {region}: {on_list[region]:,} on its list ({pages[region]} pages), {puts[region]:,} missing; "
            f"calls: {made[(region, 'DescribeOptedOutNumbers')]:,} DescribeOptedOutNumbers, "
            f"{made[(region, 'PutOptedOutNumber')]:,} PutOptedOutNumber"
        )
    print(
        f"  virtual {elapsed:,.0f} s vs quota-bound minimum {minimum:,.0f} s "
        f"({max(pages.values())} pages at 1/s + {max(puts.values()):,} puts at 10/s): ratio {ratio:.3f} "
        f"({'within' if ratio <= TARGET_RATIO else 'OVER'} the {TARGET_RATIO}x target); {outcome.runs} run(s); "
        f"lists {'equal' if lists_equal(fakes) else 'NOT EQUAL'}; {'nothing' if not outcome.owed else 'something'} owed"
    )
    print(f"  (the slowest single quota stream alone takes {floor:,.0f} s: {elapsed / floor:.3f}x)")
    return ok


def our_number(fakes: FakeRegions, region: str) -> str:
    """A toll-free number of ``region`` on the list, replies to the region's sync topic (as the stack sets it)."""
    return fakes.two_way_number(region, LIST, topic_arn(region))


def topic_arn(region: str) -> str:
    return f"arn:aws:sns:{region}:{ACCOUNT}:{topic_name(ENVIRONMENT, LIST)}"


def run_steady_state() -> bool:
    fakes, _on_list = new_estate(STEADY_NUMBERS)
    sync_all(fakes)  # backfilled first: the steady state starts from lists that agree
    rng = random.Random(17)
    ours = {region: our_number(fakes, region) for region in REGIONS}
    sms, dynamodb = fakes.sms_clients(), fakes.client("dynamodb", SETTINGS.home_region)
    before = calls(fakes)
    new = by_fast_path = passes = 0
    next_index = NUMBERS
    started = time.perf_counter()
    for _interval in range(INTERVALS):
        for arrival in range(NEW_PER_INTERVAL):
            fakes.clock.advance(INTERVAL_SECONDS / (2 * NEW_PER_INTERVAL))
            region, number = rng.choice(REGIONS), recipient(next_index)
            next_index += 1
            new += 1
            if arrival % 2 == 0:
                payload = fakes.api(region).receive(ours[region], number, "STOP")
                assert payload is not None
                event = fakes.sns_event(payload, topic_arn(region))
                fast_path.handle(event, SETTINGS, region=region, sms=sms, dynamodb=dynamodb, clock=fakes.clock)
                by_fast_path += 1
            else:
                fakes.api(region).put_by_hand(LIST, number, end_user=False)
        report = reconcile.run(
            SETTINGS, sms=sms, dynamodb=dynamodb, clock=fakes.clock, budget_seconds=RUN_BUDGET_SECONDS
        )
        passes += sum(1 for link in report.links if link.pass_completed)
    # Finish the pass under way, so every new opt-out has been seen by the reconciler too.
    while True:
        report = reconcile.run(
            SETTINGS, sms=sms, dynamodb=dynamodb, clock=fakes.clock, budget_seconds=RUN_BUDGET_SECONDS
        )
        passes += sum(1 for link in report.links if link.pass_completed)
        if report.settled:
            break
    made = calls(fakes) - before
    by_action: Counter[str] = Counter()
    for (_region, action), count in made.items():
        by_action[action] += count
    writes = sum(by_action[a] for a in WRITES)
    reads = sum(by_action[a] for a in READS)
    list_pages = sum(max(1, math.ceil(len(fakes.api(r).opted_out(LIST)) / PAGE)) for r in REGIONS)
    floor_reads = list_pages * passes / len(REGIONS)  # passes counts (list, region) passes; pages summed over regions
    target = (len(REGIONS) - 1) + floor_reads / new
    actual = (writes + reads) / new
    print(
        f"\n2. steady state on lists of {STEADY_NUMBERS:,} (BENCH_STEADY_NUMBERS): {new} new opt-outs over "
        f"{INTERVALS} intervals of 15 min ({by_fast_path} by the fast path, "
        f"{new - by_fast_path} added by hand), {passes} (list, region) passes completed "
        f"({time.perf_counter() - started:.0f} s real)"
    )
    print(f"  calls: {dict(sorted(by_action.items()))}")
    print(
        f"  per new opt-out: {writes / new:.2f} writes (target <= {len(REGIONS) - 1}), {reads / new:.1f} reads "
        f"(a pass reads {list_pages} pages over the regions: {floor_reads / new:.1f} per opt-out amortised)"
    )
    print(
        f"  total {actual:.1f} calls per new opt-out vs (regions - 1) writes + amortised pass reads = {target:.1f}: "
        f"ratio {actual / target:.3f}; lists {'equal' if lists_equal(fakes) else 'NOT EQUAL'}"
    )
    return writes <= (len(REGIONS) - 1) * new and lists_equal(fakes)


def main() -> int:
    print(f"opt-out sync, {len(REGIONS)} regions, default quotas (1 page/s, 10 writes/s per region), virtual time\n")
    with decision_log.silenced():
        ok = run_backfill()
        ok = run_steady_state() and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
