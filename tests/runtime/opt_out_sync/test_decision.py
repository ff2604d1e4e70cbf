"""The decision table, row by row, without any table or API: newest event wins, ambiguity opts out."""

from __future__ import annotations

import dataclasses

import pytest

from sms_runtime.opt_out_sync.decision import OPT_IN_COOLDOWN_SECONDS, SAME_EVENT_SECONDS, Operation, decide
from sms_runtime.opt_out_sync.records import (
    Applied,
    Event,
    Gone,
    Inbound,
    NumberRecord,
    Recheck,
    RegionView,
    Seen,
    decode,
    encode,
    masked,
    number_hash,
)

E, W, C = "us-east-1", "us-west-2", "eu-west-1"
REGIONS = (E, W)
NOW = 1_700_000_000.0
NUMBER = "+12065550142"


def _record(last: Event | None = None, **views: RegionView) -> NumberRecord:
    regions = {E: views.get("east", RegionView()), W: views.get("west", RegionView())}
    return NumberRecord(NUMBER, last, regions)


def test_a_first_sighting_is_an_opt_out_owed_to_the_other_region() -> None:
    decision = decide(NumberRecord(NUMBER), Seen(E, NOW, end_user=True), regions=REGIONS, now=NOW)
    assert decision.new_event == Event("OUT", NOW, E, "end-user")
    assert decision.operations == (Operation(W, "put"),)
    assert decision.record.view(W).pending == "put" and decision.record.view(E).present


def test_an_operator_entry_is_an_opt_out_too() -> None:
    decision = decide(NumberRecord(NUMBER), Seen(W, NOW, end_user=False), regions=REGIONS, now=NOW)
    assert decision.new_event is not None and decision.new_event.source == "operator"
    assert decision.operations == (Operation(E, "put"),)


def test_our_own_copy_seen_by_a_pass_is_not_an_event_and_owes_nothing() -> None:
    copied = decide(
        _record(Event("OUT", NOW, E, "end-user"), east=RegionView(True, NOW), west=RegionView(pending="put")),
        Applied(W, "put", "done", NOW + 5),
        regions=REGIONS,
        now=NOW + 5,
    ).record
    assert copied.view(W) == RegionView(present=True, ts=NOW + 5, ours=True)
    again = decide(copied, Seen(W, NOW + 5, end_user=False), regions=REGIONS, now=NOW + 900)
    assert (again.new_event, again.operations) == (None, ())
    assert again.record == copied  # nothing to save either


def test_a_newer_opt_in_deletes_elsewhere() -> None:
    record = _record(Event("OUT", NOW, E, "end-user"), east=RegionView(True, NOW), west=RegionView(True, NOW, True))
    decision = decide(record, Inbound(W, "IN", NOW + 60), regions=REGIONS, now=NOW + 60)
    assert decision.new_event == Event("IN", NOW + 60, W, "end-user")
    assert decision.operations == (Operation(E, "delete"),)


def test_an_older_opt_in_does_not_undo_a_newer_opt_out_and_the_opt_out_is_put_back() -> None:
    record = _record(Event("OUT", NOW + 60, E, "end-user"), east=RegionView(True, NOW + 60), west=RegionView(True, NOW))
    decision = decide(record, Inbound(W, "IN", NOW + 30), regions=REGIONS, now=NOW + 90)
    assert decision.new_event is None and decision.record.last == record.last
    assert decision.operations == (Operation(W, "put"),)


def test_a_tie_resolves_to_opted_out() -> None:
    record = _record(Event("IN", NOW, W, "end-user"), east=RegionView(False, NOW), west=RegionView(False, NOW))
    decision = decide(record, Seen(E, NOW, end_user=True), regions=REGIONS, now=NOW)
    assert decision.new_event is not None and decision.new_event.state == "OUT"
    assert decision.operations == (Operation(W, "put"),)


def test_a_number_gone_from_a_list_is_an_opt_in_dated_at_the_earliest_it_could_have_left() -> None:
    record = _record(Event("OUT", NOW, E, "end-user"), east=RegionView(True, NOW), west=RegionView(True, NOW + 10))
    decision = decide(record, Gone(W, since=NOW + 3600), regions=REGIONS, now=NOW + 7200)
    assert decision.new_event == Event("IN", NOW + 3600, W, "operator")
    assert decision.operations == (Operation(E, "delete"),)
    newer_stop = dataclasses.replace(record, last=Event("OUT", NOW + 3601, E, "end-user"))
    kept = decide(newer_stop, Gone(W, since=NOW + 3600), regions=REGIONS, now=NOW + 7200)
    assert kept.new_event is None and kept.operations == (Operation(W, "put"),)


def test_a_gone_number_we_already_know_is_absent_is_nothing_new() -> None:
    record = _record(Event("IN", NOW, W, "end-user"), east=RegionView(False, NOW, True), west=RegionView(False, NOW))
    decision = decide(record, Gone(E, since=NOW - 900), regions=REGIONS, now=NOW + 900)
    assert (decision.new_event, decision.operations, decision.record) == (None, (), record)


def test_a_refused_delete_stays_pending_for_30_days_then_is_owed_again() -> None:
    record = _record(Event("IN", NOW, W, "end-user"), east=RegionView(True, NOW - 60), west=RegionView(False, NOW))
    refused = decide(record, Applied(E, "delete", "refused", NOW + 1), regions=REGIONS, now=NOW + 1)
    assert refused.operations == () and refused.record.view(E).pending == "delete"
    later = decide(refused.record, Recheck(), regions=REGIONS, now=NOW + OPT_IN_COOLDOWN_SECONDS - 1)
    assert later.operations == () and later.record.pending_in(E)
    due = decide(refused.record, Recheck(), regions=REGIONS, now=NOW + OPT_IN_COOLDOWN_SECONDS + 2)
    assert due.operations == (Operation(E, "delete"),)


def test_an_unreachable_region_keeps_its_write_pending_and_owed() -> None:
    record = _record(Event("OUT", NOW, E, "end-user"), east=RegionView(True, NOW), west=RegionView(pending="put"))
    down = decide(record, Applied(W, "put", "unreachable", NOW + 30), regions=REGIONS, now=NOW + 30)
    assert down.record.view(W).pending == "put"
    assert decide(down.record, Recheck(), regions=REGIONS, now=NOW + 900).operations == (Operation(W, "put"),)


def test_a_newer_opt_out_clears_a_pending_opt_in() -> None:
    record = _record(Event("IN", NOW, W, "end-user"), east=RegionView(True, NOW - 9, pending="delete", refused_at=NOW))
    decision = decide(record, Inbound(E, "OUT", NOW + 60), regions=REGIONS, now=NOW + 60)
    assert decision.record.view(E) == RegionView(present=True, ts=NOW + 60)
    assert decision.operations == (Operation(W, "put"),)


@pytest.mark.parametrize("regions", [(E, W), (E, W, C)])
def test_a_stop_owes_exactly_one_put_per_other_region(regions: tuple[str, ...]) -> None:
    decision = decide(NumberRecord(NUMBER), Inbound(W, "OUT", NOW), regions=regions, now=NOW)
    assert sorted(o.region for o in decision.operations) == sorted(set(regions) - {W})
    assert all(o.action == "put" for o in decision.operations)


def test_records_survive_the_table_codec() -> None:
    record = NumberRecord(
        NUMBER,
        Event("IN", NOW, W, "operator"),
        {E: RegionView(True, NOW, True, "delete", NOW + 1), W: RegionView(False, NOW)},
        version=4,
    )
    assert decode(encode(record), 4) == record
    assert decode(encode(NumberRecord(NUMBER)), 0) == NumberRecord(NUMBER)


def test_hashes_are_keyed_by_environment_and_show_no_digits_of_the_number() -> None:
    key = number_hash("prod", NUMBER)
    assert len(key) == 16 and key == number_hash("prod", NUMBER) != number_hash("dev", NUMBER)
    assert masked(NUMBER) == "+…0142"


# Boundaries and branches the mutation run (./dev mutate) found untested.


@pytest.mark.parametrize(("later", "new"), [(SAME_EVENT_SECONDS, False), (SAME_EVENT_SECONDS + 1.0, True)])
def test_a_sighting_within_the_same_event_window_of_what_is_known_is_that_event(later: float, new: bool) -> None:
    known = _record(Event("OUT", NOW, E, "end-user"), east=RegionView(True, NOW), west=RegionView(True, NOW))
    decision = decide(known, Seen(W, NOW + later, end_user=True), regions=REGIONS, now=NOW + later)
    assert (decision.new_event is not None) is new
    assert decision.operations == ()  # present everywhere either way


def test_a_sighting_of_a_number_with_a_put_pending_clears_the_put_and_keeps_other_pending_marks() -> None:
    last = Event("OUT", NOW, E, "end-user")
    waiting = _record(last, east=RegionView(True, NOW), west=RegionView(True, NOW, pending="put"))
    assert decide(waiting, Seen(W, NOW, end_user=False), regions=REGIONS, now=NOW).record.view(W).pending == ""
    refused = RegionView(True, NOW, pending="delete", refused_at=NOW)
    opted_in = _record(Event("IN", NOW + 10, W, "end-user"), east=RegionView(), west=refused)
    seen = decide(opted_in, Seen(W, NOW, end_user=False), regions=REGIONS, now=NOW + 20).record.view(W)
    assert (seen.pending, seen.refused_at) == ("delete", NOW)  # a refused delete stays refused


def test_a_gone_number_whose_time_on_the_list_is_unknown_is_dated_by_the_pass() -> None:
    unknown_since = _record(Event("OUT", NOW, E, "end-user"), east=RegionView(True, None), west=RegionView(True, NOW))
    decision = decide(unknown_since, Gone(E, NOW + 50), regions=REGIONS, now=NOW + 900)
    assert decision.new_event == Event("IN", NOW + 50, E, "operator")
    assert decision.record.view(E) == RegionView(present=False, ts=NOW + 50)


@pytest.mark.parametrize(("outcome", "present", "pending"), [("done", False, ""), ("refused", True, "delete")])
def test_an_applied_delete_either_took_the_number_off_or_was_refused(outcome: str, present: bool, pending: str) -> None:
    opted_in = _record(Event("IN", NOW, E, "end-user"), east=RegionView(), west=RegionView(True, NOW - 60))
    applied = decide(opted_in, Applied(W, "delete", outcome, NOW + 1), regions=REGIONS, now=NOW + 1)  # type: ignore[arg-type]
    view = applied.record.view(W)
    assert (view.present, view.pending) == (present, pending)
    assert view.refused_at == (NOW + 1 if outcome == "refused" else None)
    assert applied.operations == ()  # a refused delete is not tried again at once


def test_a_tie_between_two_opt_outs_or_two_opt_ins_changes_nothing() -> None:
    out = _record(Event("OUT", NOW, E, "end-user"), east=RegionView(True, NOW), west=RegionView(True, NOW))
    assert decide(out, Inbound(W, "OUT", NOW), regions=REGIONS, now=NOW).new_event is None
    opted_in = _record(Event("IN", NOW, E, "end-user"), east=RegionView(), west=RegionView())
    again = decide(opted_in, Inbound(W, "IN", NOW), regions=REGIONS, now=NOW)
    assert again.new_event is None and again.operations == ()
    older_in = decide(opted_in, Inbound(W, "IN", NOW - 1), regions=REGIONS, now=NOW)
    assert older_in.new_event is None


@pytest.mark.parametrize(
    ("after", "owed"), [(OPT_IN_COOLDOWN_SECONDS - 1.0, ()), (OPT_IN_COOLDOWN_SECONDS, (Operation(W, "delete"),))]
)
def test_the_30_day_hold_ends_exactly_30_days_after_the_refusal(after: float, owed: tuple[Operation, ...]) -> None:
    refused = RegionView(True, NOW - 60, pending="delete", refused_at=NOW)
    opted_in = _record(Event("IN", NOW - 10, E, "end-user"), east=RegionView(), west=refused)
    decision = decide(opted_in, Recheck(), regions=REGIONS, now=NOW + after)
    assert decision.operations == owed
    assert decision.record.view(W).refused_at == NOW  # kept until the delete lands
    assert OPT_IN_COOLDOWN_SECONDS == 30 * 24 * 3600  # the documented rule: once every 30 days


def test_an_opt_out_after_a_refused_delete_forgets_the_refusal() -> None:
    refused = RegionView(True, NOW - 60, pending="delete", refused_at=NOW)
    opted_in = _record(Event("IN", NOW - 10, E, "end-user"), east=RegionView(), west=refused)
    decision = decide(opted_in, Inbound(E, "OUT", NOW + 5), regions=REGIONS, now=NOW + 5)
    assert decision.record.view(W).refused_at is None and decision.record.view(W).pending == ""
    assert decision.operations == ()  # the west still holds the number: nothing owed
