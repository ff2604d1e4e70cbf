"""The one decision of the sync: a record and an observation give a new record and the writes owed.

Every path (fast path, reconciler, backfill, pending retries) goes through :func:`decide`, so the
rules below hold whichever path saw the number first. The table, read top to bottom:

================  =====================================================  ===============================
observation       region view becomes                                    candidate event
================  =====================================================  ===============================
Seen(r, at)       present, ts=at (``ours`` kept if already known)         OUT at ``at`` unless already
                                                                         known present with ts >= at
Gone(r, since)    absent, ts=max(since, previous ts)                      IN at that time, if it was
                                                                         known present
Inbound(r, s, at) present iff s is OUT, ts=at                             s at ``at`` (end-user)
Applied done      present (put) / absent (delete), ``ours``, no pending   none
Applied refused   still present, pending delete, ``refused_at``=at        none
Applied unreach.  pending = the action                                    none
Recheck           unchanged                                              none
================  =====================================================  ===============================

Then **newest event wins**: the candidate replaces ``last`` only if strictly newer, or equally new
and an opt-out over an opt-in (ambiguity resolves to opted-out, the side the law requires). Then,
for every region: desired OUT and not present -> put; desired IN and present -> delete, unless a
delete was refused less than 30 days ago (then it stays pending: counted as drift, never looped).
An observation that only confirms what the record knows (our own copy, seen by the next pass)
changes nothing and owes nothing: that is why the sync's own writes are never echoed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sms_runtime.opt_out_sync.records import (
    Action,
    Applied,
    Event,
    Gone,
    Inbound,
    NumberRecord,
    Observation,
    Recheck,
    RegionView,
    Seen,
    Source,
)

# DeleteOptedOutNumber succeeds once per number every 30 days; a refused delete waits this long.
OPT_IN_COOLDOWN_SECONDS = 30 * 24 * 3600.0
# A STOP's SNS timestamp and the list's OptedOutTimestamp for it differ by moments: the same event.
SAME_EVENT_SECONDS = 120.0


@dataclass(frozen=True)
class Operation:
    """One write owed to one region's list."""

    region: str
    action: Action


@dataclass(frozen=True)
class Decision:
    """The new record, the writes it owes now, and the event that became newest (None: nothing new)."""

    record: NumberRecord
    operations: tuple[Operation, ...]
    new_event: Event | None


def decide(record: NumberRecord, observation: Observation, *, regions: tuple[str, ...], now: float) -> Decision:
    """Apply ``observation`` to ``record`` and say which writes the newest event requires."""
    view, candidate = _observe(record, observation)
    updated = record if view is None else _with_view(record, _region_of(observation), view)
    new_event = candidate if candidate is not None and _newer(candidate, updated.last) else None
    if new_event is not None:
        updated = dataclasses.replace(updated, last=new_event)
    updated, operations = _owed(updated, regions, now)
    return Decision(updated, operations, new_event)


def _region_of(observation: Observation) -> str:
    assert not isinstance(observation, Recheck)
    return observation.region


def _observe(record: NumberRecord, observation: Observation) -> tuple[RegionView | None, Event | None]:
    """The region view the observation implies and the event it reports (the table's left half)."""
    if isinstance(observation, Recheck):
        return None, None
    current = record.view(observation.region)
    if isinstance(observation, Seen):
        return _seen(current, observation)
    if isinstance(observation, Gone):
        return _gone(current, observation)
    if isinstance(observation, Inbound):
        view = RegionView(present=observation.state == "OUT", ts=observation.at)
        return view, Event(observation.state, observation.at, observation.region, "end-user")
    return _applied(current, observation), None


def _seen(current: RegionView, seen: Seen) -> tuple[RegionView, Event | None]:
    known = current.present and current.ts is not None and seen.at <= current.ts + SAME_EVENT_SECONDS
    if known:
        return dataclasses.replace(current, pending="" if current.pending == "put" else current.pending), None
    source: Source = "end-user" if seen.end_user else "operator"
    return RegionView(present=True, ts=seen.at), Event("OUT", seen.at, seen.region, source)


def _gone(current: RegionView, gone: Gone) -> tuple[RegionView, Event | None]:
    if not current.present:
        return current, None  # already known absent (our own delete, or an earlier pass)
    since = max(gone.since, current.ts or gone.since)
    return RegionView(present=False, ts=since), Event("IN", since, gone.region, "operator")


def _applied(current: RegionView, applied: Applied) -> RegionView:
    if applied.outcome == "done":
        return RegionView(present=applied.action == "put", ts=applied.at, ours=True)
    if applied.outcome == "refused":
        return dataclasses.replace(current, present=True, pending="delete", refused_at=applied.at)
    return dataclasses.replace(current, pending=applied.action)


def _newer(candidate: Event, last: Event | None) -> bool:
    if last is None or candidate.at > last.at:
        return True
    return candidate.at == last.at and candidate.state == "OUT" and last.state == "IN"


def _owed(record: NumberRecord, regions: tuple[str, ...], now: float) -> tuple[NumberRecord, tuple[Operation, ...]]:
    """The writes the newest event requires in each region, with each region's pending mark set."""
    if record.last is None:
        return record, ()
    operations: list[Operation] = []
    views = dict(record.regions)
    for region in regions:
        view = record.view(region)
        action = _action(record.last.state, view)
        cooling = view.refused_at is not None and now - view.refused_at < OPT_IN_COOLDOWN_SECONDS
        if action is not None and not (action == "delete" and cooling):
            operations.append(Operation(region, action))
        pending = action or ""
        if view.pending != pending or (action is None and view.refused_at is not None):
            views[region] = dataclasses.replace(
                view, pending=pending, refused_at=view.refused_at if action == "delete" else None
            )
    return dataclasses.replace(record, regions=views), tuple(operations)


def still_owed(record: NumberRecord, operation: Operation) -> bool:
    """Whether ``operation`` is still what the newest event requires (a queued write may have become moot:
    the number was seen on that list meanwhile)."""
    return record.last is not None and _action(record.last.state, record.view(operation.region)) == operation.action


def _action(desired: str, view: RegionView) -> Action | None:
    if desired == "OUT" and not view.present:
        return "put"
    if desired == "IN" and view.present:
        return "delete"
    return None


def _with_view(record: NumberRecord, region: str, view: RegionView) -> NumberRecord:
    return dataclasses.replace(record, regions={**record.regions, region: view})
