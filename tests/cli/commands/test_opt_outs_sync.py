"""``sms-estate opt-outs sync ENV [--dry-run]`` on ``prod`` (us-east-1 + us-west-2) against two fake regions.

The command builds its own boto3 clients; boto3's default session is pointed at
:class:`fakes.regions.FakeRegions`, so real botocore talks to the per-region SMS and DynamoDB fakes,
whose quotas (1 read/s, 10 writes/s per region) hold on the shared virtual clock the command is given.
The lists start apart: numbers that opted out in one region only, some in both.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
from collections import Counter

import boto3
import pytest
from fakes.clock import VirtualClock
from fakes.regions import FakeRegions
from support.repo_paths import CONFIG_DIR

from sms_estate.cli.commands import opt_outs
from sms_estate.cli.main import main
from sms_estate.yaml_app.config import load_environment
from sms_estate.yaml_app.opt_out_sync_settings import sync_settings
from sms_runtime.opt_out_sync import reconcile
from sms_runtime.opt_out_sync.settings import table_name

EAST, WEST = "us-east-1", "us-west-2"
HARBORLINE, TIDEWATER = "harborline-optouts", "tidewater-optouts"
TABLE = table_name("prod")
FULL_NUMBER = re.compile(r"\+\d{5,}")


def number(index: int) -> str:
    return f"+1206555{index:04d}"


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch, no_aws_credentials: None) -> FakeRegions:
    """prod's two lists in both regions and its table deployed; harborline: 250 east only, 40 both, 60 west only;
    tidewater: 7 west only."""
    regions = FakeRegions((EAST, WEST), clock=VirtualClock())
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", regions.session())
    for name in (HARBORLINE, TIDEWATER):
        regions.create_opt_out_list(name)
    home = regions.dynamodb[EAST]
    home.create_table(TABLE)
    home.strict_tables = True
    for index in range(290):
        regions.api(EAST).put_by_hand(HARBORLINE, number(index), end_user=True)
    for index in range(250, 350):
        regions.api(WEST).put_by_hand(HARBORLINE, number(index), end_user=True)
    for index in range(9000, 9007):
        regions.api(WEST).put_by_hand(TIDEWATER, number(index), end_user=True)
    regions.clock.advance(60)
    return regions


def sync(fakes: FakeRegions, *options: str, clock: object = None) -> tuple[int, str, str]:
    """Run ``opt-outs sync prod`` on the fakes' clock; returns (exit code, stdout, stderr)."""
    parser = argparse.ArgumentParser()
    opt_outs.configure(parser)
    args = parser.parse_args(["sync", "prod", *options])
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out):
        code = opt_outs.run(args, clock=clock or fakes.clock, err=err)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def row(out: str, opt_out_list: str, region: str) -> list[str]:
    rows = [line.split() for line in out.splitlines() if line.split()[:2] == [opt_out_list, region]]
    assert len(rows) == 1, out
    return rows[0]


def puts(fakes: FakeRegions, region: str) -> list[tuple[str, str]]:
    return [
        (c.params["OptOutListName"], c.params["OptedOutNumber"])
        for c in fakes.api(region).calls_to("PutOptedOutNumber")
    ]


def numbers_on(fakes: FakeRegions, region: str, opt_out_list: str) -> set[str]:
    return set(fakes.api(region).opted_out(opt_out_list))


def test_dry_run_reads_every_list_prints_what_it_would_copy_and_writes_nothing(
    fakes: FakeRegions,
) -> None:
    code, out, err = sync(fakes, "--dry-run")
    print(out, err)
    assert code == 0
    assert out.splitlines()[0] == (
        "opt-out sync of prod: harborline-optouts, tidewater-optouts across us-east-1, us-west-2 "
        "(dry run: nothing written)"
    )
    # LIST REGION ON-LIST TO-COPY-IN OPT-INS PENDING: 60 west-only numbers owed to the east, 250 east-only to the west
    assert row(out, HARBORLINE, EAST)[2:4] == ["290", "60"]
    assert row(out, HARBORLINE, WEST)[2:4] == ["100", "250"]
    assert row(out, TIDEWATER, EAST)[2:4] == ["0", "7"]
    assert row(out, TIDEWATER, WEST)[2:4] == ["7", "0"]
    assert out.rstrip().endswith("would copy 317 change(s)")
    assert "harborline-optouts -> us-west-2: e.g. +…" in out
    assert not FULL_NUMBER.search(out + err)
    assert puts(fakes, EAST) == puts(fakes, WEST) == []
    assert fakes.dynamodb[EAST].tables[TABLE] == {}
    assert "pages read: us-east-1" in err


def test_sync_makes_each_list_one_set_copying_each_number_once_and_a_second_run_copies_nothing(
    fakes: FakeRegions,
) -> None:
    code, out, err = sync(fakes)
    print(out, err)
    assert code == 0
    assert numbers_on(fakes, EAST, HARBORLINE) == numbers_on(fakes, WEST, HARBORLINE) == {number(i) for i in range(350)}
    assert (
        numbers_on(fakes, EAST, TIDEWATER)
        == numbers_on(fakes, WEST, TIDEWATER)
        == {number(i) for i in range(9000, 9007)}
    )
    assert Counter(puts(fakes, EAST)) == Counter({(HARBORLINE, number(i)): 1 for i in range(290, 350)}) + Counter(
        {(TIDEWATER, number(i)): 1 for i in range(9000, 9007)}
    )
    assert Counter(puts(fakes, WEST)) == Counter({(HARBORLINE, number(i)): 1 for i in range(250)})
    assert row(out, HARBORLINE, WEST)[3:6] == ["250", "0", "0"]
    assert row(out, HARBORLINE, EAST)[3:6] == ["60", "0", "0"]
    assert out.rstrip().endswith("copied 317 change(s)")
    assert not FULL_NUMBER.search(out + err)

    code, out, _err = sync(fakes)
    assert code == 0
    assert len(puts(fakes, EAST)) == 67 and len(puts(fakes, WEST)) == 250
    assert out.rstrip().endswith("copied 0 change(s)")


class InterruptingClock:
    """The fakes' clock, until ``after`` virtual seconds have passed: then a sleep is a Ctrl-C."""

    def __init__(self, clock: VirtualClock, after: float) -> None:
        self.clock, self.deadline = clock, clock.now() + after

    def now(self) -> float:
        return self.clock.now()

    def epoch(self) -> float:
        return self.clock.epoch()

    def sleep(self, seconds: float) -> None:
        if self.clock.now() + seconds > self.deadline:
            raise KeyboardInterrupt
        self.clock.sleep(seconds)


@pytest.mark.parametrize("after", [3.0, 12.0, 20.0])
def test_an_interrupted_sync_resumes_and_copies_nothing_twice(fakes: FakeRegions, after: float) -> None:
    code, _out, err = sync(fakes, clock=InterruptingClock(fakes.clock, after))
    assert code == opt_outs.EXIT_INTERRUPTED
    assert "interrupted: what was copied is recorded; run `sms-estate opt-outs sync prod` again to resume" in err
    copied_before = len(puts(fakes, WEST))
    assert 0 < copied_before < 250 or after < 5

    code, out, _err = sync(fakes)
    print(out)
    assert code == 0
    west, east = Counter(puts(fakes, WEST)), Counter(puts(fakes, EAST))
    assert [key for key, times in (west + east).items() if times > 1] == []
    assert set(west) >= {(HARBORLINE, number(i)) for i in range(250)}
    assert numbers_on(fakes, EAST, HARBORLINE) == numbers_on(fakes, WEST, HARBORLINE) == {number(i) for i in range(350)}
    assert row(out, HARBORLINE, WEST)[3] == str(len(west) - copied_before)


def test_an_unreachable_region_leaves_copies_owed_and_exits_1_then_a_rerun_settles(fakes: FakeRegions) -> None:
    with fakes.unreachable(WEST):
        code, out, _err = sync(fakes)
    print(out)
    assert code == opt_outs.EXIT_OWED
    assert "  harborline-optouts in us-west-2: unreachable" in out
    assert out.rstrip().endswith("copied 0 change(s); still owed: see PENDING and what was not done")
    assert puts(fakes, WEST) == []

    code, out, _err = sync(fakes)
    assert code == 0
    assert numbers_on(fakes, EAST, HARBORLINE) == numbers_on(fakes, WEST, HARBORLINE) == {number(i) for i in range(350)}
    west = Counter(puts(fakes, WEST))
    assert set(west) >= {(HARBORLINE, number(i)) for i in range(250)} and max(west.values()) == 1


def test_without_the_table_it_says_deploy_first(fakes: FakeRegions, capsys: pytest.CaptureFixture[str]) -> None:
    del fakes.dynamodb[EAST].tables[TABLE]
    assert main(["opt-outs", "sync", "prod"]) == 2
    assert capsys.readouterr().err == (
        "error: config/prod.yaml: opt_out_sync: the sync's table sms-estate-prod-opt-out-sync does not exist in us-east-1: "
        "deploy the environment with opt_out_sync first (the backfill records its progress there)\n"
    )
    assert puts(fakes, WEST) == []


def test_an_environment_without_sync_is_a_clean_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["opt-outs", "sync", "staging"]) == 2
    assert capsys.readouterr().err == (
        "error: config/staging.yaml: opt_out_sync: not declared: add `opt_out_sync: {lists: [...]}` to keep opt-out "
        "lists one set across regions\n"
    )


def test_without_credentials_one_line_and_exit_2(
    no_aws_credentials: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    assert main(["opt-outs", "sync", "prod", "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: config/prod.yaml: no AWS credentials found") and err.count("\n") == 1


def test_the_command_is_registered_with_its_sub_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["opt-outs", "--help"])
    assert exit_.value.code == 0
    assert "sync" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["opt-outs"])
    assert exit_.value.code == 2


class ConcurrentRunClock(InterruptingClock):
    """The fakes' clock; once ``after`` virtual seconds have passed, the scheduled reconciler runs meanwhile."""

    def __init__(self, clock: VirtualClock, after: float, fakes: FakeRegions) -> None:
        super().__init__(clock, after)
        self.fakes, self.ran = fakes, False

    def sleep(self, seconds: float) -> None:
        if not self.ran and self.clock.now() + seconds > self.deadline:
            self.ran = True
            settings = sync_settings(load_environment(CONFIG_DIR / "prod.yaml"))
            assert settings is not None
            reconcile.run(
                settings,
                sms=self.fakes.sms_clients(),
                dynamodb=self.fakes.client("dynamodb", EAST),
                clock=self.clock,
                budget_seconds=5.0,
            )
        self.clock.sleep(seconds)


def test_a_reconciler_run_meanwhile_stops_the_sync_cleanly_and_a_rerun_settles_without_copying_twice(
    fakes: FakeRegions,
) -> None:
    code, _out, err = sync(fakes, clock=ConcurrentRunClock(fakes.clock, 12.0, fakes))
    assert code == opt_outs.EXIT_OWED
    assert "stopped: another reconciler run saved the watermark of " in err
    assert "nothing was written on stale state" in err and "Traceback" not in err
    code, _out, _err = sync(fakes)
    assert code == 0
    assert numbers_on(fakes, EAST, HARBORLINE) == numbers_on(fakes, WEST, HARBORLINE) == {number(i) for i in range(350)}
    copies = Counter(puts(fakes, WEST)) + Counter(puts(fakes, EAST))
    assert [key for key, times in copies.items() if times > 1] == []
