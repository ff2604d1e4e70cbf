"""The reconciler against the SMS fakes of two (and three) regions on one virtual clock."""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

import pytest
from fakes.clock import VirtualClock
from fakes.regions import ACCOUNT, FakeRegions
from runtime.opt_out_sync.conftest import EAST, ENVIRONMENT, LIST, WEST, dynamodb, sms_calls, writes

from sms_runtime.opt_out_sync import reconcile, status
from sms_runtime.opt_out_sync.records import number_hash
from sms_runtime.opt_out_sync.settings import SyncSettings
from sms_runtime.opt_out_sync.store import Store, Watermark, record_key, watermark_key

DAY = 24 * 3600.0


def _run(regions: FakeRegions, settings: SyncSettings, budget: float = 600.0, **options: Any) -> reconcile.RunReport:
    return reconcile.run(
        settings,
        sms=regions.sms_clients(),
        dynamodb=dynamodb(regions, settings),
        clock=regions.clock,
        budget_seconds=budget,
        **options,
    )


def _links(report: reconcile.RunReport) -> dict[str, reconcile.LinkStatus]:
    return {link.region: link for link in report.links}


def _number(i: int) -> str:
    return f"+1206555{i:04d}"


def _put_by_hand(regions: FakeRegions, region: str, number: str) -> None:
    """An operator's PutOptedOutNumber in the console: EndUserOptedOut false, no inbound event."""
    answer = regions.api(region).handle("PutOptedOutNumber", {"OptOutListName": LIST, "OptedOutNumber": number})
    assert answer["EndUserOptedOut"] is False


def _record(regions: FakeRegions, settings: SyncSettings, number: str) -> Any:
    store = Store(dynamodb(regions, settings), settings.table)
    return store.records(LIST, [number_hash(ENVIRONMENT, number)])[number_hash(ENVIRONMENT, number)]


def test_an_operator_added_number_spreads_and_is_recorded_as_an_operators(
    regions: FakeRegions, settings: SyncSettings
) -> None:
    _put_by_hand(regions, WEST, _number(7))
    report = _run(regions, settings)
    assert _number(7) in regions.api(EAST).opted_out(LIST)
    assert regions.api(EAST).opted_out(LIST)[_number(7)].end_user is False
    assert report.settled and _links(report)[EAST].puts == 1
    last = _record(regions, settings, _number(7)).last
    assert (last.state, last.origin, last.source) == ("OUT", WEST, "operator")


def test_recipients_of_both_regions_end_up_on_both_lists(regions: FakeRegions, settings: SyncSettings) -> None:
    for i in range(120):
        regions.api(EAST if i % 3 else WEST).put_by_hand(LIST, _number(i), end_user=True)
    report = _run(regions, settings)
    assert (
        set(regions.api(EAST).opted_out(LIST))
        == set(regions.api(WEST).opted_out(LIST))
        == {_number(i) for i in range(120)}
    )
    assert {r: link.puts for r, link in _links(report).items()} == {EAST: 40, WEST: 80}
    assert report.settled and all(link.count is not None and link.count >= 40 for link in report.links)


def test_an_opt_in_by_hand_spreads_unless_an_opt_out_is_newer(regions: FakeRegions, settings: SyncSettings) -> None:
    for i in (1, 2):
        regions.api(EAST).put_by_hand(LIST, _number(i), end_user=True)
    _run(regions, settings)  # both copied to the west
    regions.clock.advance(DAY)
    _run(regions, settings)  # a complete pass in each region: the "present set" both are compared with
    regions.clock.advance(DAY)
    regions.api(WEST).handle("DeleteOptedOutNumber", {"OptOutListName": LIST, "OptedOutNumber": _number(1)})
    regions.api(WEST).handle("DeleteOptedOutNumber", {"OptOutListName": LIST, "OptedOutNumber": _number(2)})
    regions.api(EAST).put_by_hand(LIST, _number(2), end_user=True)  # the recipient of 2 opts out again
    regions.clock.advance(60.0)
    _run(regions, settings)
    east, west = regions.api(EAST).opted_out(LIST), regions.api(WEST).opted_out(LIST)
    assert _number(1) not in east and _number(1) not in west  # the operator's opt-in spread
    assert _number(2) in east and _number(2) in west  # the newer STOP wins, and is copied back
    assert _record(regions, settings, _number(1)).last.state == "IN"


def test_a_pass_spans_several_runs_and_resumes_at_its_watermark(regions: FakeRegions, settings: SyncSettings) -> None:
    for i in range(450):
        regions.api(EAST).put_by_hand(LIST, _number(i), end_user=True)
    first = _run(regions, settings, budget=20.0)
    assert _links(first)[EAST].pass_in_progress and not first.settled and first.budget_exhausted
    mark = Watermark.from_body(Store(dynamodb(regions, settings), settings.table).get(watermark_key(LIST, EAST)).body)
    assert mark.next_token is not None and 0 < mark.pages_in_pass < 5
    runs = 1
    while True:
        runs += 1
        assert runs < 20
        if _run(regions, settings, budget=20.0).settled:
            break
    assert runs >= 3  # 450 copies at 10/s do not fit in two 20-second runs
    assert len(regions.api(WEST).opted_out(LIST)) == 450
    puts = Counter(number for _action, number in writes(regions, WEST))
    assert len(puts) == 450 and max(puts.values()) == 1  # nothing copied twice across the runs
    first_pages = [c for c in regions.api(EAST).calls if c.action == "DescribeOptedOutNumbers"]
    assert sum(1 for c in first_pages if "NextToken" not in c.params and "OptedOutNumbers" not in c.params) <= 2


def test_a_dry_run_plans_and_writes_nothing(regions: FakeRegions, settings: SyncSettings, capsys: Any) -> None:
    for i in range(30):
        regions.api(EAST).put_by_hand(LIST, _number(i), end_user=True)
    tables = regions.dynamodb[settings.home_region]
    report = _run(regions, settings, dry_run=True)
    west = _links(report)[WEST]
    assert (west.planned_puts, west.puts, len(west.samples)) == (30, 0, 5)
    assert all(sample.startswith("+…") for sample in west.samples)
    assert writes(regions, WEST, None) == [] and regions.api(WEST).opted_out(LIST) == {}
    assert not {"PutItem", "DeleteItem", "BatchWriteItem"} & set(tables.calls)
    assert "+12065550000" not in capsys.readouterr().out


def test_a_refused_opt_in_stays_pending_without_looping_and_lands_after_30_days(
    regions: FakeRegions, settings: SyncSettings
) -> None:
    number = _number(9)
    regions.api(EAST).put_by_hand(LIST, number, end_user=True)
    regions.api(EAST).handle("DeleteOptedOutNumber", {"OptOutListName": LIST, "OptedOutNumber": number})
    regions.clock.advance(DAY)
    regions.api(EAST).put_by_hand(LIST, number, end_user=True)  # opted out again: the east's 30 days run
    _run(regions, settings)
    regions.clock.advance(DAY)
    _run(regions, settings)
    regions.clock.advance(DAY)
    regions.api(WEST).handle("DeleteOptedOutNumber", {"OptOutListName": LIST, "OptedOutNumber": number})
    regions.clock.advance(60.0)
    for _run_index in range(3):
        report = _run(regions, settings)
        regions.clock.advance(3600.0)
    east_deletes = [c for c in regions.api(EAST).calls if c.action == "DeleteOptedOutNumber"]
    assert [c.outcome for c in east_deletes] == ["ok", "ValidationException"]  # one refusal, then it waits
    assert number in regions.api(EAST).opted_out(LIST)
    assert (_links(report)[EAST].pending, _links(report)[EAST].drift) == (1, 1)
    assert {row.region: row.drift for row in status.read(settings, dynamodb=dynamodb(regions, settings))}[EAST] == 1
    regions.clock.advance(30 * DAY)
    report = _run(regions, settings)
    assert number not in regions.api(EAST).opted_out(LIST)
    assert report.settled and _links(report)[EAST].deletes == 1


def test_no_log_line_holds_a_full_phone_number(regions: FakeRegions, settings: SyncSettings, capsys: Any) -> None:
    for i in range(5):
        regions.api(EAST).put_by_hand(LIST, _number(i), end_user=True)
    _run(regions, settings)
    out = capsys.readouterr().out
    lines = [json.loads(line) for line in out.splitlines()]
    assert sorted(line["number"] for line in lines if line.get("action") == "opt-out-sync") == [
        f"+…000{i}" for i in range(5)
    ]  # one decision line per copied number, its last four digits only
    assert not any(_number(i) in out or _number(i)[1:] in out for i in range(5))


def test_record_keys_hold_no_numbers(regions: FakeRegions, settings: SyncSettings) -> None:
    regions.api(EAST).put_by_hand(LIST, _number(3), end_user=True)
    _run(regions, settings)
    keys = list(regions.dynamodb[settings.home_region].tables[settings.table])
    assert keys and not any("2065550003" in key for key in keys)
    assert any(record_key(LIST, number_hash(ENVIRONMENT, _number(3))) in key for key in keys)


def test_steady_state_costs_regions_minus_one_puts_per_new_opt_out_plus_page_reads() -> None:
    three = ("us-east-1", "us-west-2", "eu-west-1")
    regions = FakeRegions(three, clock=VirtualClock(start=1000.0))
    regions.create_opt_out_list(LIST)
    settings = SyncSettings(ENVIRONMENT, ACCOUNT, three[0], three, (LIST,))
    for i in range(250):
        regions.api(three[i % 3]).put_by_hand(LIST, _number(i), end_user=True)
    _run(regions, settings)
    regions.clock.advance(900.0)
    before = {r: len(regions.api(r).calls) for r in three}
    for i in range(250, 260):
        regions.api("us-west-2").put_by_hand(LIST, _number(i), end_user=True)
    report = _run(regions, settings)
    assert report.settled
    calls = Counter(c.action for r in three for c in regions.api(r).calls[before[r] :])
    # 10 new opt-outs x (3 - 1) puts; reads: a full pass of 260 numbers in each region (3 pages each).
    assert calls == Counter({"PutOptedOutNumber": 20, "DescribeOptedOutNumbers": 9})


@pytest.mark.parametrize("budget", [0.5])
def test_a_run_without_time_for_a_page_changes_nothing(
    regions: FakeRegions, settings: SyncSettings, budget: float
) -> None:
    regions.api(EAST).put_by_hand(LIST, _number(1), end_user=True)
    report = _run(regions, settings, budget=budget)
    assert not report.settled and sms_calls(regions, EAST) == [] and sms_calls(regions, WEST) == []


def test_an_interrupted_backfill_resumes_without_copying_twice(regions: FakeRegions, settings: SyncSettings) -> None:
    for i in range(3000):
        regions.api(EAST).put_by_hand(LIST, _number(i), end_user=True)
    seen: list[reconcile.Progress] = []

    def interrupt(progress: reconcile.Progress) -> None:
        seen.append(progress)
        if progress.pages[(LIST, EAST)] == 25:  # past the checkpoint after 20 pages
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _run(regions, settings, budget=math.inf, progress=interrupt)
    assert seen[-1].done > 0 and seen[-1].elapsed > 0
    copied_before = len(writes(regions, WEST))
    assert 0 < copied_before < 3000
    before = len(regions.api(EAST).calls)
    report = _run(regions, settings, budget=math.inf)
    assert report.settled
    puts = Counter(number for _action, number in writes(regions, WEST))
    assert len(puts) == 3000 and max(puts.values()) == 1
    resumed = [c for c in regions.api(EAST).calls[before:] if c.action == "DescribeOptedOutNumbers"]
    assert "NextToken" in resumed[0].params  # at the checkpoint's page, not at the first one


def test_status_before_any_run_says_nothing_is_known(regions: FakeRegions, settings: SyncSettings) -> None:
    rows = status.read(settings, dynamodb=dynamodb(regions, settings))
    assert [(r.list, r.region, r.count, r.last_sync, r.drift, r.pending, r.error) for r in rows] == [
        (LIST, EAST, None, None, None, 0, ""),
        (LIST, WEST, None, None, None, 0, ""),
    ]


def test_a_list_the_reconciler_may_not_read_is_reported_and_the_others_proceed(
    regions: FakeRegions, settings: SyncSettings
) -> None:
    regions.api(EAST).put_by_hand(LIST, _number(1), end_user=True)
    regions.api(WEST).fail_next("DescribeOptedOutNumbers", "AccessDeniedException")
    report = _run(regions, settings)
    assert report.errors == {(LIST, WEST): "AccessDeniedException"}
    assert _number(1) in regions.api(WEST).opted_out(LIST)  # writes into the west were not refused
    assert sms_calls(regions, WEST).count("DescribeOptedOutNumbers") == 1  # reported, not retried in a loop
    assert {row.region: row.error for row in status.read(settings, dynamodb=dynamodb(regions, settings))} == {
        EAST: "",
        WEST: "AccessDeniedException",
    }


def test_writes_into_a_list_wait_for_its_first_complete_pass_so_shared_numbers_are_not_copied(
    regions: FakeRegions, settings: SyncSettings
) -> None:
    """First run on existing lists: every list is read before anything is written into it."""
    for i in range(0, 150):
        regions.api(EAST).put_by_hand(LIST, _number(i))
    for i in range(100, 200):
        regions.api(WEST).put_by_hand(LIST, _number(i))
    report = _run(regions, settings)
    assert (_links(report)[EAST].puts, _links(report)[WEST].puts) == (50, 100)  # only what each list lacks
    assert Counter(action for action, _ in writes(regions, WEST)) == Counter({"PutOptedOutNumber": 100})
    assert set(regions.api(EAST).opted_out(LIST)) == set(regions.api(WEST).opted_out(LIST))


def test_a_queued_copy_the_target_list_turns_out_to_hold_is_dropped_without_a_call(
    regions: FakeRegions, settings: SyncSettings
) -> None:
    """Later runs write while they read: a number found on the target's page before its put went is not put."""
    _run(regions, settings)  # both (empty) lists read once: from now on writes follow the reads at once
    regions.clock.advance(900.0)
    for i in range(0, 100):
        regions.api(EAST).put_by_hand(LIST, _number(i))
    for i in range(50, 150):  # added to the west too, by hand, before this run reads it
        regions.api(WEST).put_by_hand(LIST, _number(i))
    report = _run(regions, settings)
    assert (_links(report)[EAST].puts, _links(report)[WEST].puts) == (50, 50)
    assert len(writes(regions, WEST)) == 50 and len(writes(regions, EAST)) == 50
    assert set(regions.api(EAST).opted_out(LIST)) == set(regions.api(WEST).opted_out(LIST))
