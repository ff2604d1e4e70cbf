"""``sms-estate opt-outs sync ENV [--dry-run]``: make an environment's opt-out lists one set, once, now.

Why a command when the deployed reconciler does the same: an estate that turns the sync on already
has opt-outs on its lists, often many; the reconciler would copy them over many scheduled runs, each
bounded by a Lambda's 15 minutes, while the lists disagree. This runs the very same engine
(``sms_runtime.opt_out_sync.reconcile``, same settings from the same config function, same table) from
the operator's machine without a time budget, until every list has been read whole in every region
and nothing is owed, and prints what it copied. ``--dry-run`` reads everything and writes nothing (no
opt-out, no table item), and prints what it would copy.

Resumable: the engine saves its watermarks (page tokens) and per-number records as it goes, so an
interrupted run (Ctrl-C, a lost connection) continues where it stopped when run again, and a number
already copied is not copied again. The deployed reconciler may run at the same time: the table's
conditional writes keep the two from deciding one number twice.

Exit codes: 0 the lists are one set; 1 something is still owed after the last run (a region
unreachable, a list refused, an opt-in the 30-day rule holds back): the summary says which, and a
later run (or the scheduled reconciler) retries; 2 bad input or nothing could be done (no sync in the
config, the sync's table not deployed, no credentials); 130 interrupted (run again to resume).
Progress goes to stderr, the result to stdout. Phone numbers are shown by their last four digits only.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TextIO

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from sms_estate.cli.commands.aws_errors import one_line_errors
from sms_estate.cli.status_report.table import table
from sms_estate.yaml_app.config import load_environment
from sms_estate.yaml_app.errors import Problem, UserFacingError
from sms_estate.yaml_app.opt_out_sync_settings import sync_settings
from sms_runtime import decision_log
from sms_runtime.opt_out_sync import reconcile
from sms_runtime.opt_out_sync.settings import SyncSettings
from sms_runtime.sms_client import Clock, SystemClock, single_attempt_config

NAME = "opt-outs"
HELP = (
    "Opt-out lists kept as one set across an environment's regions: `opt-outs sync ENV [--dry-run]` copies"
    " every opt-out (and opt-in) to the other regions once, resumably, and prints what it copied."
)
SYNC_HELP = (
    "Reconcile every list of the environment's opt_out_sync across its regions now, until they agree."
    " Exit 0 in sync, 1 something still owed (see the summary), 2 cannot start, 130 interrupted (rerun resumes)."
)
EXIT_OWED = 1
EXIT_INTERRUPTED = 130
# A run that writes nothing and cannot read further ends the backfill: what is still owed waits for a
# region that stays down, or for the 30-day rule; the scheduled reconciler or a later run retries it.
# Runs are also capped: each rereads every list, and more than a few means something keeps failing.
MAX_RUNS = 5
PROGRESS_EVERY_SECONDS = 10.0
# The table reads and writes go through botocore's own retries; the SMS calls pace and retry in the engine.
_TABLE_CONFIG = Config(retries={"mode": "standard", "max_attempts": 5}, connect_timeout=10, read_timeout=30)


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    sync = actions.add_parser("sync", help=SYNC_HELP, description=SYNC_HELP)
    sync.add_argument("environment", help="environment name (config/<name>.yaml) or a config file path")
    sync.add_argument(
        "--dry-run", action="store_true", help="read every list and print what would be copied; write nothing"
    )


def sms_client(region: str) -> Any:
    """The caller's SMS client for ``region``: one attempt per call, the engine paces and retries."""
    return boto3.client("pinpoint-sms-voice-v2", region_name=region, config=single_attempt_config())


def dynamodb_client(region: str) -> Any:
    """The sync's table lives in the home region."""
    return boto3.client("dynamodb", region_name=region, config=_TABLE_CONFIG)


def run(args: argparse.Namespace, *, clock: Clock | None = None, err: TextIO | None = None) -> int:
    """Dispatch the sub-command; ``clock`` lets tests and the benchmark run on virtual time."""
    return sync(args, clock=clock or SystemClock(), err=err or sys.stderr)


def sync(args: argparse.Namespace, *, clock: Clock, err: TextIO) -> int:
    environment = load_environment(args.environment)
    source = f"{environment.source.parent.name}/{environment.source.name}"
    settings = sync_settings(environment)
    if settings is None:
        message = "not declared: add `opt_out_sync: {lists: [...]}` to keep opt-out lists one set across regions"
        raise UserFacingError([Problem(source, "opt_out_sync", message)])
    sms = {region: sms_client(region) for region in settings.regions}
    dynamodb = dynamodb_client(settings.home_region)
    printer = ProgressPrinter(err, clock)
    with (
        one_line_errors(source, "AWS", refused="{operation} was refused ({code}): {message}"),
        _table_missing(source, settings),
    ):
        try:
            outcome = backfill(
                settings, sms=sms, dynamodb=dynamodb, clock=clock, dry_run=args.dry_run, progress=printer
            )
        except reconcile.ConcurrentRunError as error:
            printer.finish()
            print(
                f"stopped: {error}; nothing was written on stale state. Run `sms-estate opt-outs sync "
                f"{args.environment}` again when the other run is over (the scheduled reconciler runs every "
                f"{settings.interval_minutes} minutes and ends before the next)",
                file=err,
            )
            return EXIT_OWED
        except KeyboardInterrupt:
            printer.finish()
            print(
                f"interrupted: what was copied is recorded; run `sms-estate opt-outs sync {args.environment}` again"
                " to resume",
                file=err,
            )
            return EXIT_INTERRUPTED
    printer.finish()
    sys.stdout.write("\n".join(summary_lines(settings, outcome)) + "\n")
    return EXIT_OWED if outcome.owed else 0


@contextmanager
def _table_missing(source: str, settings: SyncSettings) -> Iterator[None]:
    """The table is created by the home region's stack: without it there is nowhere to record progress."""
    try:
        yield
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "ResourceNotFoundException" or not _is_table_call(error):
            raise
        message = (
            f"the sync's table {settings.table} does not exist in {settings.home_region}: deploy the environment"
            " with opt_out_sync first (the backfill records its progress there)"
        )
        raise UserFacingError([Problem(source, "opt_out_sync", message)]) from None


def _is_table_call(error: ClientError) -> bool:
    return error.operation_name in ("GetItem", "PutItem", "DeleteItem", "BatchGetItem", "BatchWriteItem", "Query")


@dataclass
class LinkTotals:
    """One list in one region over every run of the backfill."""

    puts: int = 0
    deletes: int = 0
    planned_puts: int = 0
    planned_deletes: int = 0
    count: int | None = None
    pending: int = 0
    error: str = ""
    samples: list[str] = field(default_factory=list)


@dataclass
class Backfill:
    """What the backfill did (or would do): totals per (list, region), and whether anything is still owed."""

    dry_run: bool
    runs: int = 0
    links: dict[tuple[str, str], LinkTotals] = field(default_factory=dict)

    @property
    def owed(self) -> bool:
        """Something is still to be written (a dry run owes nothing: it only says what a run would write)."""
        return not self.dry_run and any(link.pending or link.error for link in self.links.values())

    def add(self, report: reconcile.RunReport) -> int:
        """Fold one run in; returns the writes it made (0: the run changed nothing)."""
        self.runs += 1
        made = 0
        for status in report.links:
            totals = self.links.setdefault((status.list, status.region), LinkTotals())
            totals.puts += status.puts
            totals.deletes += status.deletes
            made += status.puts + status.deletes
            totals.planned_puts = max(totals.planned_puts, status.planned_puts)
            totals.planned_deletes = max(totals.planned_deletes, status.planned_deletes)
            totals.count = status.count if status.count is not None else totals.count
            totals.pending, totals.error = status.pending, status.error
            totals.samples = (totals.samples + [s for s in status.samples if s not in totals.samples])[
                : reconcile.SAMPLES
            ]
        return made


def backfill(
    settings: SyncSettings,
    *,
    sms: Mapping[str, Any],
    dynamodb: Any,
    clock: Clock,
    dry_run: bool,
    progress: Callable[[reconcile.Progress], None] | None = None,
) -> Backfill:
    """Run the reconciler without a time budget until every pass is complete and nothing is owed.

    One run normally settles everything (it reads each list whole, then drains its writes); a second
    run finishes a pass an earlier, interrupted run left mid-way, or retries what was owed. A run that
    writes nothing while no pass can go further ends the loop: what is still owed then waits for a
    region to come back or for the 30-day rule.
    A dry run is one run: it records nothing, so a second would only repeat it.
    """
    outcome = Backfill(dry_run)
    with decision_log.silenced():  # the decision lines are the Lambda's log; here the summary says it
        while True:
            report = reconcile.run(
                settings,
                sms=sms,
                dynamodb=dynamodb,
                clock=clock,
                budget_seconds=math.inf,
                dry_run=dry_run,
                progress=progress,
            )
            made = outcome.add(report)
            if dry_run or report.settled or outcome.runs >= MAX_RUNS:
                return outcome
            # A pass still mid-way with no error can go on; one whose region failed cannot, this time.
            stuck = all(link.error or not link.pass_in_progress for link in report.links)
            if not made and stuck:
                return outcome


class ProgressPrinter:
    """Progress on stderr at most every ``PROGRESS_EVERY_SECONDS`` of clock time: pages, writes, an ETA.

    The ETA is the queued writes at the write quota (10/s per region, all regions at once): a lower
    bound, since pages still to read may owe more.
    """

    def __init__(self, out: TextIO, clock: Clock) -> None:
        self.out, self.clock = out, clock
        self.last: reconcile.Progress | None = None
        self.printed_at = -math.inf
        self.started = clock.now()

    def __call__(self, progress: reconcile.Progress) -> None:
        self.last = progress
        if self.clock.now() - self.printed_at >= PROGRESS_EVERY_SECONDS:
            self._print(progress)

    def finish(self) -> None:
        if self.last is not None and self.printed_at < self.clock.now():
            self._print(self.last)

    def _print(self, progress: reconcile.Progress) -> None:
        self.printed_at = self.clock.now()
        regions: dict[str, int] = {}
        for (_list, region), count in progress.pages.items():
            regions[region] = regions.get(region, 0) + count
        pages = ", ".join(f"{region} {count}" for region, count in sorted(regions.items()))
        eta = progress.queued / (10.0 * max(1, len(regions)))
        print(
            f"[{self.clock.now() - self.started:7.0f} s] pages read: {pages}; writes {progress.done} done of"
            f" {progress.planned} owed, {progress.queued} queued (>= {eta:.0f} s at 10/s per region)",
            file=self.out,
            flush=True,
        )


def summary_lines(settings: SyncSettings, outcome: Backfill) -> list[str]:
    """Per list and target region: copies made (or owed with --dry-run), opt-ins spread, samples, pending."""
    verb = "would copy" if outcome.dry_run else "copied"
    head = (
        f"opt-out sync of {settings.environment}: {', '.join(settings.lists)} across {', '.join(settings.regions)}"
        f" ({'dry run: nothing written' if outcome.dry_run else f'{outcome.runs} run(s)'})"
    )
    copies, opt_ins = ("TO COPY IN", "OPT-INS TO APPLY") if outcome.dry_run else ("COPIED IN", "OPT-INS APPLIED")
    headers = ["LIST", "REGION", "READ", copies, opt_ins, *([] if outcome.dry_run else ["PENDING"])]
    rows: list[list[str]] = []
    samples: list[str] = []
    failures: list[str] = []
    for (opt_out_list, region), link in sorted(outcome.links.items(), key=lambda item: _order(settings, item[0])):
        puts, deletes = (link.planned_puts, link.planned_deletes) if outcome.dry_run else (link.puts, link.deletes)
        count = "-" if link.count is None else str(link.count)
        pending = [] if outcome.dry_run else [str(link.pending)]  # a dry run records nothing, so owes nothing
        rows.append([opt_out_list, region, count, str(puts), str(deletes), *pending])
        if link.samples and (puts or deletes):
            samples.append(f"  {opt_out_list} -> {region}: e.g. {', '.join(link.samples)}")
        if link.error:
            failures.append(f"  {opt_out_list} in {region}: {link.error}")
    lines = [head, *table(headers, rows)]
    if samples:
        lines += ["", f"numbers ({verb}, last 4 digits shown):", *samples]
    if failures:
        lines += ["", "not done (a later run, or the scheduled reconciler, retries):", *failures]
    total = sum(
        (link.planned_puts + link.planned_deletes) if outcome.dry_run else (link.puts + link.deletes)
        for link in outcome.links.values()
    )
    lines += [
        "",
        f"{verb} {total} change(s)" + ("; still owed: see PENDING and what was not done" if outcome.owed else ""),
    ]
    return lines


def _order(settings: SyncSettings, key: tuple[str, str]) -> tuple[int, int]:
    opt_out_list, region = key
    return settings.lists.index(opt_out_list), settings.regions.index(region)
