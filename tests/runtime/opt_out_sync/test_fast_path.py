"""The fast path against the SMS fakes of two regions: replies copied at once, idempotently, newest wins."""

from __future__ import annotations

from typing import Any

from fakes.clock import VirtualClock
from fakes.regions import ACCOUNT, FakeRegions
from runtime.opt_out_sync.conftest import (
    EAST,
    ENVIRONMENT,
    LIST,
    WEST,
    dynamodb,
    our_number,
    reconcile_once,
    sms_calls,
    topic_arn,
    writes,
)

from sms_runtime.opt_out_sync import fast_path, reconcile, status
from sms_runtime.opt_out_sync.settings import SyncSettings, topic_name

RECIPIENT = "+12065550142"


def _deliver(regions: FakeRegions, settings: SyncSettings, region: str, event: dict[str, Any]) -> fast_path.Outcome:
    [outcome] = fast_path.handle(
        event,
        settings,
        region=region,
        sms=regions.sms_clients(),
        dynamodb=dynamodb(regions, settings),
        clock=regions.clock,
    )
    return outcome


def _reply(regions: FakeRegions, settings: SyncSettings, region: str, to: str, body: str) -> dict[str, Any]:
    """The recipient replies; the service applies it to ``region``'s list; SNS's event for it, built now."""
    payload = regions.api(region).receive(to, RECIPIENT, body)
    assert payload is not None
    return regions.sns_event(payload, topic_arn(settings, region))


def _reconcile(regions: FakeRegions, settings: SyncSettings) -> reconcile.RunReport:
    return reconcile_once(regions, settings)


def test_a_stop_in_the_east_appears_in_the_west_with_one_put_and_nothing_else(
    regions: FakeRegions, settings: SyncSettings
) -> None:
    east_number = our_number(regions, settings, EAST)
    outcome = _deliver(regions, settings, EAST, _reply(regions, settings, EAST, east_number, "STOP"))
    assert (outcome.result, outcome.state, outcome.copied_to, outcome.pending) == ("copied", "OUT", (WEST,), ())
    assert RECIPIENT in regions.api(WEST).opted_out(LIST)
    assert sms_calls(regions, WEST) == ["PutOptedOutNumber"]  # regions - 1 writes, no reads
    assert sms_calls(regions, EAST) == []


def test_a_reply_that_is_no_keyword_copies_nothing(regions: FakeRegions, settings: SyncSettings) -> None:
    east_number = our_number(regions, settings, EAST)
    outcome = _deliver(regions, settings, EAST, _reply(regions, settings, EAST, east_number, "Thanks, see you"))
    assert outcome.result == "ignored"
    assert sms_calls(regions, WEST) == [] and regions.api(WEST).opted_out(LIST) == {}


def test_a_retried_event_copies_nothing_twice(regions: FakeRegions, settings: SyncSettings) -> None:
    east_number = our_number(regions, settings, EAST)
    payload = regions.api(EAST).receive(east_number, RECIPIENT, "stop")
    assert payload is not None
    first = regions.sns_event(payload, topic_arn(settings, EAST))
    assert _deliver(regions, settings, EAST, first).result == "copied"
    regions.clock.advance(30.0)
    # SNS retries the delivery (same message), then redelivers it under a new SNS id: same inboundMessageId.
    assert _deliver(regions, settings, EAST, first).result == "duplicate"
    again = regions.sns_event(payload, topic_arn(settings, EAST), message_id="another-delivery")
    assert _deliver(regions, settings, EAST, again).result == "duplicate"
    assert writes(regions, WEST) == [("PutOptedOutNumber", RECIPIENT)]
    [event_item] = [v for k, v in regions.dynamodb[EAST].tables[settings.table].items() if "e|" in k]
    assert int(event_item["ExpiresAt"]["N"]) > regions.clock.epoch() + 24 * 3600  # TTL keeps the table small


def test_a_second_stop_of_an_opted_out_number_is_in_sync_and_writes_nothing(
    regions: FakeRegions, settings: SyncSettings
) -> None:
    east_number = our_number(regions, settings, EAST)
    _deliver(regions, settings, EAST, _reply(regions, settings, EAST, east_number, "STOP"))
    regions.clock.advance(60.0)
    outcome = _deliver(regions, settings, EAST, _reply(regions, settings, EAST, east_number, "QUIT"))
    assert (outcome.result, outcome.copied_to) == ("in-sync", ())
    assert len(writes(regions, WEST)) == 1


def test_a_start_in_the_west_spreads_to_the_east(regions: FakeRegions, settings: SyncSettings) -> None:
    east_number, west_number = our_number(regions, settings, EAST), our_number(regions, settings, WEST)
    _deliver(regions, settings, EAST, _reply(regions, settings, EAST, east_number, "STOP"))
    regions.clock.advance(3600.0)
    outcome = _deliver(regions, settings, WEST, _reply(regions, settings, WEST, west_number, "START"))
    assert (outcome.result, outcome.state, outcome.copied_to) == ("copied", "IN", (EAST,))
    assert RECIPIENT not in regions.api(EAST).opted_out(LIST)
    assert RECIPIENT not in regions.api(WEST).opted_out(LIST)


def test_a_late_start_in_the_west_does_not_undo_a_newer_stop_in_the_east(
    regions: FakeRegions, settings: SyncSettings
) -> None:
    east_number, west_number = our_number(regions, settings, EAST), our_number(regions, settings, WEST)
    _deliver(regions, settings, EAST, _reply(regions, settings, EAST, east_number, "STOP"))
    regions.clock.advance(3600.0)
    late_start = _reply(regions, settings, WEST, west_number, "UNSTOP")  # SNS holds this one back
    regions.clock.advance(60.0)
    newer_stop = _reply(regions, settings, EAST, east_number, "STOP")
    assert _deliver(regions, settings, EAST, newer_stop).result == "in-sync"
    outcome = _deliver(regions, settings, WEST, late_start)
    # The START is older than the STOP: the west list, which the START emptied, gets the opt-out back.
    assert (outcome.state, outcome.copied_to) == ("IN", (WEST,))
    assert RECIPIENT in regions.api(EAST).opted_out(LIST)
    assert RECIPIENT in regions.api(WEST).opted_out(LIST)
    assert [action for action, _n in writes(regions, EAST, None)] == []  # nothing ever deleted in the east


def test_the_syncs_own_copy_is_not_echoed_by_the_next_reconciler_pass(
    regions: FakeRegions, settings: SyncSettings
) -> None:
    east_number = our_number(regions, settings, EAST)
    _deliver(regions, settings, EAST, _reply(regions, settings, EAST, east_number, "STOP"))
    regions.clock.advance(120.0)
    before = len(writes(regions, EAST, None)) + len(writes(regions, WEST, None))
    for _run in range(2):
        report = _reconcile(regions, settings)
        assert report.settled and sum(link.puts + link.deletes for link in report.links) == 0
        regions.clock.advance(900.0)
    assert len(writes(regions, EAST, None)) + len(writes(regions, WEST, None)) == before


def test_an_unreachable_region_gets_the_copy_once_it_answers_again(
    regions: FakeRegions, settings: SyncSettings
) -> None:
    east_number = our_number(regions, settings, EAST)
    with regions.unreachable(WEST):
        outcome = _deliver(regions, settings, EAST, _reply(regions, settings, EAST, east_number, "STOP"))
        assert (outcome.copied_to, outcome.pending) == ((), (WEST,))
        ddb = dynamodb(regions, settings)
        west = {row.region: row for row in status.read(settings, dynamodb=ddb)}[WEST]
        assert west.pending == 1
        report = _reconcile(regions, settings)  # still down: stays pending, says why, does not loop
        down = {link.region: link for link in report.links}[WEST]
        assert (down.error, down.pending, down.puts) == ("unreachable", 1, 0)
    assert RECIPIENT not in regions.api(WEST).opted_out(LIST)
    regions.clock.advance(900.0)
    report = _reconcile(regions, settings)
    assert RECIPIENT in regions.api(WEST).opted_out(LIST)
    assert report.settled and {link.region: link.puts for link in report.links} == {EAST: 0, WEST: 1}
    assert [row.pending for row in status.read(settings, dynamodb=dynamodb(regions, settings))] == [0, 0]


def test_with_the_home_region_down_a_stop_is_still_copied_and_a_start_is_held() -> None:
    three = (EAST, WEST, "eu-west-1")
    regions = FakeRegions(three, clock=VirtualClock(start=1000.0))
    regions.create_opt_out_list(LIST)
    settings = SyncSettings(
        ENVIRONMENT, ACCOUNT, "eu-west-1", three, (LIST,), topics={topic_name(ENVIRONMENT, LIST): LIST}
    )
    east_number = our_number(regions, settings, EAST)
    with regions.unreachable("eu-west-1"):
        stop = _deliver(regions, settings, EAST, _reply(regions, settings, EAST, east_number, "STOP"))
        assert (stop.result, stop.copied_to, stop.pending) == ("copied-without-ledger", (WEST,), ("eu-west-1",))
        regions.clock.advance(3600.0)
        start = _deliver(regions, settings, EAST, _reply(regions, settings, EAST, east_number, "START"))
        assert start.result == "held"
    assert RECIPIENT in regions.api(WEST).opted_out(LIST)  # held: the reconciler decides it with the records
    assert writes(regions, "eu-west-1", None) == []


def test_a_start_arriving_while_the_reconciler_copies_the_stop_wins_on_the_next_run(
    regions: FakeRegions, settings: SyncSettings
) -> None:
    west_number = our_number(regions, settings, WEST)
    regions.api(EAST).put_by_hand(LIST, RECIPIENT, end_user=True)  # a STOP without two-way
    regions.clock.advance(3600.0)
    delivered: list[fast_path.Outcome] = []

    def start_in_the_west_meanwhile(**_: Any) -> None:
        """Just before the reconciler's put of the STOP into the west goes out, the START arrives there."""
        if not delivered:
            delivered.append(_deliver(regions, settings, WEST, _reply(regions, settings, WEST, west_number, "START")))

    west = regions.sms_clients()[WEST]
    west.meta.events.register("before-call.pinpoint-sms-voice-v2.PutOptedOutNumber", start_in_the_west_meanwhile)
    try:
        reconcile.run(
            settings,
            sms=regions.sms_clients(),
            dynamodb=dynamodb(regions, settings),
            clock=regions.clock,
            budget_seconds=300,
        )
    finally:
        west.meta.events.unregister("before-call.pinpoint-sms-voice-v2.PutOptedOutNumber", start_in_the_west_meanwhile)
    assert [o.state for o in delivered] == ["IN"]
    assert regions.dynamodb[EAST].conditional_failures >= 1  # the reconciler's save lost, and replayed
    regions.clock.advance(900.0)
    report = _reconcile(regions, settings)
    assert RECIPIENT not in regions.api(EAST).opted_out(LIST)  # the newer START spread
    assert RECIPIENT not in regions.api(WEST).opted_out(LIST)  # and took back the copy made before it was known
    assert report.settled


def test_a_start_the_service_did_not_apply_in_its_region_opts_nobody_in_elsewhere(
    regions: FakeRegions, settings: SyncSettings
) -> None:
    """START opts back in only where it is an opt-in keyword; where the service kept the opt-out, so do we."""
    east_number, west_number = our_number(regions, settings, EAST), our_number(regions, settings, WEST)
    _deliver(regions, settings, EAST, _reply(regions, settings, EAST, east_number, "STOP"))
    regions.clock.advance(3600.0)
    event = _reply(regions, settings, WEST, west_number, "START")
    regions.api(WEST).put_by_hand(LIST, RECIPIENT, end_user=True)  # this number has no opt-in keyword: still out
    outcome = _deliver(regions, settings, WEST, event)
    assert (outcome.result, outcome.copied_to) == ("not-opted-in", ())
    assert RECIPIENT in regions.api(EAST).opted_out(LIST) and RECIPIENT in regions.api(WEST).opted_out(LIST)
    assert "DeleteOptedOutNumber" not in sms_calls(regions, EAST) + sms_calls(regions, WEST)
    assert _deliver(regions, settings, WEST, event).result == "duplicate"  # decided once


def test_a_start_is_held_when_its_own_list_cannot_be_read(regions: FakeRegions, settings: SyncSettings) -> None:
    east_number, west_number = our_number(regions, settings, EAST), our_number(regions, settings, WEST)
    _deliver(regions, settings, EAST, _reply(regions, settings, EAST, east_number, "STOP"))
    regions.clock.advance(3600.0)
    event = _reply(regions, settings, WEST, west_number, "START")
    regions.api(WEST).fail_next("DescribeOptedOutNumbers", "AccessDeniedException")
    assert _deliver(regions, settings, WEST, event).result == "held"
    assert RECIPIENT in regions.api(EAST).opted_out(LIST)  # the reconciler decides it from the lists
