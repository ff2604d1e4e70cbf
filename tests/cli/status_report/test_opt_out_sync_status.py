"""``sms-estate status prod``: the opt-out sync section, read from the sync's table in the home region.

The table is filled by the real reconciler (``sms_runtime.opt_out_sync.reconcile``) run against
:class:`fakes.regions.FakeRegions`; ``status`` then reads it through real botocore (boto3's default
session points at the fakes). Quotas are lifted (``rate_scale``): ``status`` paces its SMS reads on the
real clock, which the fakes' virtual clock does not follow.
"""

from __future__ import annotations

import datetime
import json
import math
import time

import boto3
import pytest
from fakes.clock import VirtualClock
from fakes.regions import FakeRegions

from sms_estate.cli.main import main
from sms_estate.cli.status_report.opt_out_sync import (
    NOT_DEPLOYED,
    READ,
    OptOutSyncStatus,
    SyncRow,
    collect_opt_out_sync,
    sync_lines,
)
from sms_estate.yaml_app.config import Environment, load_environment
from sms_estate.yaml_app.opt_out_sync_settings import sync_settings
from sms_runtime import decision_log
from sms_runtime.opt_out_sync import reconcile
from sms_runtime.opt_out_sync.settings import table_name
from sms_runtime.opt_out_sync.status import ListRegionStatus

EAST, WEST = "us-east-1", "us-west-2"
HARBORLINE, TIDEWATER = "harborline-optouts", "tidewater-optouts"
TABLE = table_name("prod")
START = 1_790_000_000.0  # 2026-09-21 14:13:20 UTC


@pytest.fixture(scope="module")
def prod() -> Environment:
    return load_environment("prod")


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch, no_aws_credentials: None) -> FakeRegions:
    """prod's lists in both regions, its table deployed (strict: a missing table is missing), 12 east-only opt-outs."""
    # Virtual time starts now: ``status`` judges staleness by the real clock.
    regions = FakeRegions((EAST, WEST), clock=VirtualClock(epoch_offset=time.time()), rate_scale=1e6)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", regions.session())
    for name in (HARBORLINE, TIDEWATER):
        regions.create_opt_out_list(name)
    regions.dynamodb[EAST].create_table(TABLE)
    regions.dynamodb[EAST].strict_tables = True
    for index in range(12):
        regions.api(EAST).put_by_hand(HARBORLINE, f"+1206555{index:04d}", end_user=True)
    return regions


def reconcile_once(fakes: FakeRegions, prod: Environment) -> reconcile.RunReport:
    settings = sync_settings(prod)
    assert settings is not None
    with decision_log.silenced():
        return reconcile.run(
            settings,
            sms=fakes.sms_clients(),
            dynamodb=fakes.client("dynamodb", EAST),
            clock=fakes.clock,
            budget_seconds=math.inf,
        )


def cells(lines: list[str], opt_out_list: str, region: str) -> list[str]:
    rows = [line.split(None, 6) for line in lines if line.split()[:2] == [opt_out_list, region]]
    assert len(rows) == 1, lines
    return rows[0]


def assert_synced_during(stamp: list[str], started_at: float, finished_at: float) -> None:
    """The LAST SYNC cell (minute precision, UTC) lies within the run: the run may cross a minute boundary."""
    shown = datetime.datetime.strptime(" ".join(stamp), "%Y-%m-%d %H:%M").replace(tzinfo=datetime.UTC).timestamp()
    assert started_at - 60 < shown <= finished_at, (stamp, started_at, finished_at)


def section(out: str) -> list[str]:
    assert out.count("== opt-out sync ==") == 1, out
    return out.split("== opt-out sync ==")[1].splitlines()


def test_the_table_shows_count_last_sync_drift_and_pending_per_list_and_region(
    fakes: FakeRegions, prod: Environment, capsys: pytest.CaptureFixture[str]
) -> None:
    started_at = fakes.clock.epoch()
    report = reconcile_once(fakes, prod)
    assert report.settled
    synced_at = fakes.clock.epoch()
    assert main(["status", "prod"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    lines = section(captured.out)
    print("\n".join(lines))
    assert lines[2] == (
        "Opt-outs kept as one set across us-east-1, us-west-2 (table sms-estate-prod-opt-out-sync in us-east-1, "
        "reconciled every 15 min; drift = numbers on another region's list, not this one)"
    )
    assert lines[3].split() == ["LIST", "REGION", "OPTED", "OUT", "LAST", "SYNC", "DRIFT", "PENDING", "NOTE"]
    east = cells(lines, HARBORLINE, EAST)
    assert east[:3] == [HARBORLINE, EAST, "12"] and east[5] == "UTC" and east[6].split() == ["0", "0"]
    assert_synced_during(east[3:5], started_at, synced_at)
    west = cells(lines, HARBORLINE, WEST)  # its count is what its own pass read (copies may land after it)
    assert west[5] == "UTC" and west[6].split() == ["0", "0"]
    assert_synced_during(west[3:5], started_at, synced_at)
    assert cells(lines, TIDEWATER, EAST)[2] == "0"


def test_a_region_that_was_down_shows_drift_pending_and_the_error(fakes: FakeRegions, prod: Environment) -> None:
    with fakes.unreachable(WEST):
        reconcile_once(fakes, prod)
    status = collect_opt_out_sync(prod, lambda region: fakes.client("dynamodb", region), now=fakes.clock.epoch())
    assert status is not None and status.state == READ
    rows = {(row.recorded.list, row.recorded.region): row for row in status.rows}
    west = rows[(HARBORLINE, WEST)]
    assert (west.recorded.pending, west.recorded.error, west.note) == (
        12,
        "unreachable",
        "last run failed: unreachable",
    )
    assert west.recorded.last_sync is None and west.count is None
    east = rows[(HARBORLINE, EAST)]
    assert (east.count, east.recorded.drift, east.recorded.pending, east.note) == (12, 0, 0, "")


def test_a_sync_not_run_for_two_intervals_is_marked_stale(fakes: FakeRegions, prod: Environment) -> None:
    reconcile_once(fakes, prod)
    later = fakes.clock.epoch() + 2 * 15 * 60 + 1
    status = collect_opt_out_sync(prod, lambda region: fakes.client("dynamodb", region), now=later)
    assert status is not None
    notes = {row.note for row in status.rows}
    assert notes == {"stale: no complete pass for over 2 intervals; is the reconciler running?"}


def test_before_the_first_run_and_before_the_table_exists(fakes: FakeRegions, prod: Environment) -> None:
    status = collect_opt_out_sync(prod, lambda region: fakes.client("dynamodb", region), now=fakes.clock.epoch())
    assert status is not None
    assert {row.note for row in status.rows} == {"the reconciler has not run yet"}
    assert all(row.count is None and row.recorded.drift is None for row in status.rows)

    del fakes.dynamodb[EAST].tables[TABLE]
    status = collect_opt_out_sync(prod, lambda region: fakes.client("dynamodb", region), now=fakes.clock.epoch())
    assert status is not None and status.state == NOT_DEPLOYED and status.rows == ()
    assert sync_lines(status)[-1] == "  not deployed yet: no table sms-estate-prod-opt-out-sync in us-east-1"


def test_a_refused_table_read_is_partial_output_exit_3(fakes: FakeRegions, capsys: pytest.CaptureFixture[str]) -> None:
    fakes.dynamodb[EAST].denied.add("GetItem")
    assert main(["status", "prod"]) == 3
    captured = capsys.readouterr()
    assert section(captured.out)[-1] == "  not readable: dynamodb:GetItem refused (AccessDeniedException)"
    assert captured.err == (
        "warning: config/prod.yaml: partial output (exit 3): the opt-out sync table read was refused, marked "
        "'not readable' in the opt-out sync section\n"
    )


def test_json_carries_every_row_and_environments_without_sync_have_no_section(
    fakes: FakeRegions, prod: Environment, capsys: pytest.CaptureFixture[str]
) -> None:
    reconcile_once(fakes, prod)
    assert main(["status", "prod", "--json"]) == 0
    sync = json.loads(capsys.readouterr().out)["opt_out_sync"]
    assert (sync["table"], sync["home_region"], sync["state"], sync["refusal"]) == (TABLE, EAST, READ, None)
    assert [(r["list"], r["region"]) for r in sync["lists"]] == [
        (HARBORLINE, EAST),
        (HARBORLINE, WEST),
        (TIDEWATER, EAST),
        (TIDEWATER, WEST),
    ]
    first = sync["lists"][0]
    assert (first["count"], first["drift"], first["pending"], first["error"]) == (12, 0, 0, "")
    assert isinstance(first["last_sync"], float)

    assert main(["status", "staging", "--json"]) == 0
    assert "opt_out_sync" not in json.loads(capsys.readouterr().out)


def test_rendering_a_hand_built_section() -> None:
    status = OptOutSyncStatus(
        "sms-estate-prod-opt-out-sync",
        EAST,
        (EAST, WEST),
        15,
        READ,
        (
            SyncRow(ListRegionStatus(HARBORLINE, EAST, 1200, START, 0, 0, ""), ""),
            SyncRow(
                ListRegionStatus(HARBORLINE, WEST, None, None, None, 3, "unreachable"), "last run failed: unreachable"
            ),
        ),
    )
    assert sync_lines(status)[3:] == [
        "  LIST                REGION     OPTED OUT  LAST SYNC             DRIFT  PENDING  NOTE",
        "  harborline-optouts  us-east-1  1200       2026-09-21 14:13 UTC  0      0",
        "  harborline-optouts  us-west-2  -          never                 -      3        last run failed: unreachable",
    ]
