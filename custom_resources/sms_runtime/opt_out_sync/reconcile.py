"""The reconciler: page every synced list in every region, decide per number, copy what is owed.

One run is bounded by ``budget_seconds``; a pass over a list may take many runs (its watermark holds
the page token). Calls interleave across regions on one thread: the next call is always the one
whose region-and-action slot frees first, so page reads (1/s per region) and writes (10/s per region)
of every region proceed at once, which is what keeps a backfill near the quota-bound minimum.

Why writes queue instead of following their page at once: a page of the east list owes puts to the
*other* regions; doing them immediately would leave the east's own write quota idle. Queues per
target region, drained in slot order, keep all of them busy.

No write goes into a region whose list the sync has not yet read completely once (its first pass):
until then it cannot know which numbers are there already, and a put of a number the list holds is a
wasted write at the bottleneck quota. Such writes stay pending on the number's record and are
re-decided when that region's first pass completes (in a backfill: all reads first, then only the
writes really owed, which is the quota-bound minimum). A queued write the number no longer needs
(seen on the target list meanwhile) is dropped without a call. A dry run keeps its records in memory,
so what it reports is what a real run would write.

Every ``CHECKPOINT_PAGES`` pages the run saves each watermark at its last page whose writes are all
recorded (without pausing the queues), so an interrupted backfill resumes near where it stopped and
copies nothing twice: a record is saved as soon as its writes land, and re-read pages only confirm it.
"""

from __future__ import annotations

import builtins
import dataclasses
import math
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from sms_runtime.opt_out_sync.decision import Decision, Operation, decide, still_owed
from sms_runtime.opt_out_sync.records import (
    Applied,
    Gone,
    NumberRecord,
    Observation,
    Outcome,
    Recheck,
    Seen,
    log_decision,
    masked,
    number_hash,
)
from sms_runtime.opt_out_sync.regional import CHECK_SIZE, DELETE, PUT, READ, Entry, Region, RegionDownError
from sms_runtime.opt_out_sync.settings import SyncSettings
from sms_runtime.opt_out_sync.store import Store, Watermark, queue_key, set_key, watermark_key
from sms_runtime.sms_client import BudgetExhaustedError, Clock, error_code

CHECKPOINT_PAGES = 20
# Queued writes beyond which reading pauses (memory stays bounded; writes are the bottleneck anyway).
MAX_QUEUED = 2_000
# A region's queue is refilled from its held numbers below this (10 s of its write quota), a batch of
# records (one BatchGetItem) at a time.
TOP_UP_BELOW = 100
RECORD_BATCH = 100
CHUNK_HASHES = 25_000  # 200 KB of 8-byte hashes: well under DynamoDB's 400 KB item limit
SAMPLES = 5
_WRITE_INTERVAL = 0.1  # one region's put/delete quota (10/s), for the budget's drain estimate
_DRAIN_MARGIN = 5.0
LinkKey = tuple[str, str]  # (list, region)


class ConcurrentRunError(RuntimeError):
    """Another run (the scheduled reconciler, or a second backfill) saved this watermark meanwhile.

    The run stops there: records it saved are consistent (each write is versioned), and nothing is
    written on the stale pass state; the next run continues from what the other one saved.
    """

    def __init__(self, opt_out_list: str, region: str) -> None:
        super().__init__(f"another reconciler run saved the watermark of {opt_out_list} in {region} meanwhile")
        self.opt_out_list, self.region = opt_out_list, region


@dataclass
class LinkStatus:
    """One list in one region after a run: pass progress, list size, drift and what was written there."""

    list: str
    region: str
    pages: int = 0
    seen: int = 0
    pass_completed: bool = False
    pass_in_progress: bool = False
    count: int | None = None
    drift: int = 0
    pending: int = 0
    error: str = ""
    puts: int = 0
    deletes: int = 0
    planned_puts: int = 0
    planned_deletes: int = 0
    samples: builtins.list[str] = field(default_factory=builtins.list)
    last_complete_at: float | None = None


@dataclass
class RunReport:
    """What one run did, per (list, region); ``settled`` once no pass is mid-way and nothing is pending."""

    links: list[LinkStatus]
    dry_run: bool
    budget_exhausted: bool = False

    @property
    def settled(self) -> bool:
        return all(not link.pass_in_progress and link.pending == 0 for link in self.links)

    @property
    def errors(self) -> dict[LinkKey, str]:
        return {(link.list, link.region): link.error for link in self.links if link.error}


@dataclass(frozen=True)
class Progress:
    """Shown during long runs: pages read per link, writes done and still queued, virtual seconds spent."""

    pages: Mapping[LinkKey, int]
    done: int
    queued: int
    planned: int
    elapsed: float


@dataclass(eq=False)
class _Page:
    """A page whose numbers are still being written: the watermark from before it is the safe resume point."""

    mark_before: Watermark
    open: int = 0


@dataclass
class _Flight:
    """A record being worked on in this run: its observations (to replay after a conflict) and writes."""

    list_name: str
    hash: str
    record: NumberRecord
    observations: list[Observation] = field(default_factory=list)
    attempted: set[Operation] = field(default_factory=set)
    outstanding: set[Operation] = field(default_factory=set)
    dirty: bool = False
    pages: builtins.list[_Page] = field(default_factory=builtins.list)


@dataclass
class _Link:
    list_name: str
    region: str
    mark: Watermark
    version: int
    status: LinkStatus
    seen: set[str] = field(default_factory=set)
    reading: bool = False
    forget: list[tuple[int, int]] = field(default_factory=list)  # (pass, chunks) to delete once saved
    open_pages: deque[_Page] = field(default_factory=deque)
    held: deque[str] = field(default_factory=deque)  # pending numbers to re-decide as this region's queue drains

    def safe_mark(self) -> Watermark:
        """What a checkpoint may save: the watermark before the oldest page with writes still open.

        Resuming there re-reads pages whose numbers are all recorded already (no copy twice); the
        chunk count is the current one, since chunks only ever gain hashes.
        """
        while self.open_pages and self.open_pages[0].open == 0:
            self.open_pages.popleft()
        if not self.open_pages:
            return self.mark
        return dataclasses.replace(self.open_pages[0].mark_before, chunks=self.mark.chunks)


def run(
    settings: SyncSettings,
    *,
    sms: Mapping[str, Any],
    dynamodb: Any,
    clock: Clock,
    budget_seconds: float,
    dry_run: bool = False,
    progress: Callable[[Progress], None] | None = None,
) -> RunReport:
    """One reconciler run over every synced list and region (dry run: reads only, no SMS or table writes)."""
    return _Run(settings, sms, dynamodb, clock, budget_seconds, dry_run, progress).execute()


class _Run:
    def __init__(
        self,
        settings: SyncSettings,
        sms: Mapping[str, Any],
        dynamodb: Any,
        clock: Clock,
        budget_seconds: float,
        dry_run: bool,
        progress: Callable[[Progress], None] | None,
    ) -> None:
        self.settings, self.clock, self.dry_run, self.progress = settings, clock, dry_run, progress
        self.started = clock.now()
        self.deadline = self.started + budget_seconds if math.isfinite(budget_seconds) else math.inf
        self.store = Store(dynamodb, settings.table)
        self.regions = {r: Region(r, sms[r], clock, deadline=self.deadline) for r in settings.regions}
        self.links: dict[LinkKey, _Link] = {}
        self.pending: dict[LinkKey, set[str]] = {}
        self.loaded_pending: dict[LinkKey, set[str]] = {}
        self.flights: dict[tuple[str, str], _Flight] = {}
        self.queues: dict[str, deque[tuple[_Flight, Operation]]] = {r: deque() for r in settings.regions}
        self.planned: set[tuple[str, str, Operation]] = set()
        self.done = 0
        self.exhausted = False  # a call found no time left: the run stops
        self.out_of_time = False  # pages were left for the next run (writes still drained)
        self.pages_since_checkpoint = 0
        self.unsaved: dict[tuple[str, str], NumberRecord] = {}  # a dry run's records (the table is not written)

    # ----- the run ----------------------------------------------------------------------------

    def execute(self) -> RunReport:
        self._load()
        self._recheck_pending()
        self._loop()
        self._defer_queued()
        self._save()
        self._report_progress()
        statuses = [link.status for link in self.links.values()]
        return RunReport(statuses, self.dry_run, self.exhausted or self.out_of_time)

    def _load(self) -> None:
        for opt_out_list in self.settings.lists:
            for region in self.settings.regions:
                key = (opt_out_list, region)
                stored = self.store.get(watermark_key(opt_out_list, region))
                mark = Watermark.from_body(stored.body)
                link = _Link(opt_out_list, region, mark, stored.version, LinkStatus(opt_out_list, region))
                if not mark.in_progress:
                    link.mark = dataclasses.replace(
                        mark, pass_id=mark.pass_id + 1, pass_started_at=self.clock.epoch(), next_token=None
                    )
                    link.mark = dataclasses.replace(link.mark, pages_in_pass=0, chunks=0)
                link.reading = True
                self.links[key] = link
                queued = self.store.get(queue_key(opt_out_list, region))
                self.loaded_pending[key] = set(queued.body.get("hashes", []))
                self.pending[key] = set(self.loaded_pending[key])

    def _recheck_pending(self) -> None:
        """Writes an earlier run could not make (region down, budget, refused delete): owed again now.

        Re-decided as each region's write queue drains (:meth:`_top_up`), not all at once: a backlog of
        tens of thousands would otherwise hold up the reads of every region behind one region's queue.
        """
        for (opt_out_list, region), hashes in self.pending.items():
            if self._may_write_into(opt_out_list, region):
                self.links[(opt_out_list, region)].held.extend(sorted(hashes))

    def _recheck(self, opt_out_list: str, hashes: Iterable[str]) -> None:
        missing = [h for h in hashes if (opt_out_list, h) not in self.flights]
        for number_hash_, record in self._records(opt_out_list, missing).items():
            self._observe(self._flight(opt_out_list, number_hash_, record), Recheck())

    def _release_writes_into(self, link: _Link) -> None:
        """The writes into a list held until its first complete pass (or until it proved unreadable), re-decided."""
        in_flight = [f for f in list(self.flights.values()) if f.list_name == link.list_name]
        for flight in in_flight:
            if flight.record.pending_in(link.region) and (flight.list_name, flight.hash) in self.flights:
                self._observe(flight, Recheck())
        link.held.extend(sorted(self.pending[(link.list_name, link.region)]))

    def _top_up(self) -> None:
        """Re-decide held numbers, a batch at a time, for each region whose write queue runs low."""
        for link in self.links.values():
            while link.held and len(self.queues[link.region]) < TOP_UP_BELOW:
                batch = [link.held.popleft() for _ in range(min(RECORD_BATCH, len(link.held)))]
                self._recheck(link.list_name, batch)

    def _loop(self) -> None:
        while not self.exhausted:
            self._top_up()
            write = self._next_write()
            read = self._next_read()
            if write is None and read is None:
                if any(link.held for link in self.links.values()):
                    continue  # held numbers that owed nothing (or a region down): the next batch
                return
            if read is None or (write is not None and write[0] <= read[0]):
                assert write is not None
                if write[0] > self.deadline:
                    self.exhausted = True
                    return
                self._write(write[1])
            else:
                if read[0] > self.deadline:
                    self.exhausted = True
                    return
                self._read(read[1])

    def _next_write(self) -> tuple[float, str] | None:
        ready = [
            (self.regions[r].slot(PUT if queue[0][1].action == "put" else DELETE), r)
            for r, queue in self.queues.items()
            if queue
        ]
        return min(ready) if ready else None

    def _next_read(self) -> tuple[float, _Link] | None:
        queued = sum(len(q) for q in self.queues.values())
        if queued >= MAX_QUEUED:
            return None
        if self._over_budget_for_reading():
            self.out_of_time |= any(link.reading for link in self.links.values())
            return None
        if self.pages_since_checkpoint >= CHECKPOINT_PAGES:
            self._checkpoint()
        candidates = [
            (self.regions[link.region].slot(READ), index, link)
            for index, link in enumerate(self.links.values())
            if link.reading and not self.regions[link.region].down
        ]
        if not candidates:
            return None
        slot, _index, link = min(candidates, key=lambda c: (c[0], c[1]))
        return slot, link

    def _over_budget_for_reading(self) -> bool:
        if math.isinf(self.deadline):
            return False
        drain = max((len(q) for q in self.queues.values()), default=0) * _WRITE_INTERVAL
        return self.deadline - self.clock.now() < drain + _DRAIN_MARGIN

    # ----- reading ----------------------------------------------------------------------------

    def _read(self, link: _Link) -> None:
        try:
            self._read_page(link)
        except RegionDownError:
            self._region_down(link.region)
        except BudgetExhaustedError:
            self.exhausted = True
        except ClientError as error:
            self._link_failed(link, error_code(error) or "error")
        self._report_progress()

    def _read_page(self, link: _Link) -> None:
        entries, token = self.regions[link.region].page(link.list_name, link.mark.next_token)
        link.status.pages += 1
        link.status.seen += len(entries)
        self.pages_since_checkpoint += 1
        page = _Page(link.mark)
        link.open_pages.append(page)
        link.mark = dataclasses.replace(link.mark, next_token=token, pages_in_pass=link.mark.pages_in_pass + 1)
        self._observe_entries(link, entries, page)
        if token is None:
            self._complete_pass(link)

    def _observe_entries(self, link: _Link, entries: Iterable[Entry], page: _Page) -> None:
        by_hash = {number_hash(self.settings.environment, e.number): e for e in entries}
        link.seen.update(by_hash)
        stored = self._records(link.list_name, [h for h in by_hash if (link.list_name, h) not in self.flights])
        for number_hash_, entry in by_hash.items():
            flight = self._flight(link.list_name, number_hash_, stored.get(number_hash_, NumberRecord(entry.number)))
            flight.pages.append(page)
            page.open += 1
            self._observe(flight, Seen(link.region, entry.at, entry.end_user))

    def _complete_pass(self, link: _Link) -> None:
        """The pass saw the whole list: numbers of the previous complete pass missing now left the list."""
        mark = link.mark
        first = mark.last_complete_at is None
        current = set(link.seen)
        for chunk in range(mark.chunks):
            current |= self.store.hashes(set_key(link.list_name, link.region, mark.pass_id, chunk))
        if mark.previous_pass_id is not None and mark.previous_pass_started_at is not None:
            previous: set[str] = set()
            for chunk in range(mark.previous_chunks):
                previous |= self.store.hashes(set_key(link.list_name, link.region, mark.previous_pass_id, chunk))
            self._verify_gone(link, previous - current, mark.previous_pass_started_at)
        self._flush_seen(link)
        if mark.previous_pass_id is not None:
            link.forget.append((mark.previous_pass_id, mark.previous_chunks))
        link.mark = dataclasses.replace(
            link.mark,
            previous_pass_id=mark.pass_id,
            previous_chunks=link.mark.chunks,
            previous_pass_started_at=mark.pass_started_at,
            last_complete_at=self.clock.epoch(),
            count=len(current),
            pass_started_at=None,
            next_token=None,
        )
        link.reading = False
        link.status.pass_completed = True
        if first:
            self._release_writes_into(link)

    def _verify_gone(self, link: _Link, candidates: set[str], since: float) -> None:
        """Check each candidate on the list itself (5 per call) before treating it as an opt-in."""
        stored = self._records(link.list_name, [h for h in candidates if (link.list_name, h) not in self.flights])
        flights = [
            self._flight(link.list_name, h, stored[h]) if h in stored else self.flights.get((link.list_name, h))
            for h in sorted(candidates)
        ]
        present = [f for f in flights if f is not None and f.record.view(link.region).present]
        for start in range(0, len(present), CHECK_SIZE):
            batch = present[start : start + CHECK_SIZE]
            found = self.regions[link.region].check(link.list_name, [f.record.number for f in batch])
            for flight in batch:
                entry = found.get(flight.record.number)
                observation: Observation = (
                    Gone(link.region, since) if entry is None else Seen(link.region, entry.at, entry.end_user)
                )
                self._observe(flight, observation)

    def _flush_seen(self, link: _Link) -> None:
        if self.dry_run or not link.seen:
            return
        hashes = sorted(link.seen)
        for start in range(0, len(hashes), CHUNK_HASHES):
            key = set_key(link.list_name, link.region, link.mark.pass_id, link.mark.chunks)
            self.store.put_hashes(key, hashes[start : start + CHUNK_HASHES])
            link.mark = dataclasses.replace(link.mark, chunks=link.mark.chunks + 1)
        link.seen.clear()

    # ----- deciding ---------------------------------------------------------------------------

    def _records(self, opt_out_list: str, hashes: builtins.list[str]) -> dict[str, NumberRecord]:
        """The stored records of ``hashes``; in a dry run, what this run decided for them so far wins."""
        found = self.store.records(opt_out_list, [h for h in hashes if (opt_out_list, h) not in self.unsaved])
        found.update({h: self.unsaved[(opt_out_list, h)] for h in hashes if (opt_out_list, h) in self.unsaved})
        return found

    def _may_write_into(self, opt_out_list: str, region: str) -> bool:
        """Whether writes into this list may go now: it was read completely at least once (so the records
        know what it holds), or it cannot be read (then an opt-out is copied blind: a put too many is
        harmless, a missing one is not)."""
        link = self.links[(opt_out_list, region)]
        return link.mark.last_complete_at is not None or bool(link.status.error)

    def _flight(self, opt_out_list: str, number_hash_: str, record: NumberRecord) -> _Flight:
        key = (opt_out_list, number_hash_)
        if key not in self.flights:
            self.flights[key] = _Flight(opt_out_list, number_hash_, record)
        return self.flights[key]

    def _observe(self, flight: _Flight, observation: Observation) -> None:
        decision = decide(flight.record, observation, regions=self.settings.regions, now=self.clock.epoch())
        flight.dirty |= decision.record != flight.record
        flight.record = decision.record
        flight.observations.append(observation)
        self._log(flight, decision)
        for operation in decision.operations:
            self._owe(flight, operation)
        if not flight.outstanding:
            self._finish(flight)

    def _owe(self, flight: _Flight, operation: Operation) -> None:
        link = self.links[(flight.list_name, operation.region)]
        if not self._may_write_into(flight.list_name, operation.region):
            return  # stays pending on the record; re-decided when that list's first pass completes
        if (flight.list_name, flight.hash, operation) not in self.planned:
            self.planned.add((flight.list_name, flight.hash, operation))
            if operation.action == "put":
                link.status.planned_puts += 1
            else:
                link.status.planned_deletes += 1
            if len(link.status.samples) < SAMPLES:
                link.status.samples.append(masked(flight.record.number))
        if self.dry_run or operation in flight.attempted or self.regions[operation.region].down:
            return
        flight.attempted.add(operation)
        flight.outstanding.add(operation)
        self.queues[operation.region].append((flight, operation))

    def _write(self, region_name: str) -> None:
        flight, operation = self.queues[region_name].popleft()
        if not still_owed(flight.record, operation):  # seen on that list since it was queued: no call
            flight.outstanding.discard(operation)
            if not flight.outstanding:
                self._finish(flight)
            return
        region = self.regions[region_name]
        outcome: Outcome = "done"
        at = region.epoch()
        try:
            if operation.action == "put":
                at = region.put(flight.list_name, flight.record.number)
            else:
                outcome = region.delete(flight.list_name, flight.record.number)
        except RegionDownError:
            outcome = "unreachable"
        except BudgetExhaustedError:
            self.exhausted, outcome = True, "unreachable"
        except ClientError as error:
            self._link_failed(self.links[(flight.list_name, region_name)], error_code(error) or "error")
            outcome = "unreachable"
        self._count_write(flight, operation, outcome)
        flight.outstanding.discard(operation)
        self._observe(flight, Applied(region_name, operation.action, outcome, at))
        if region.down:
            self._region_down(region_name)

    def _count_write(self, flight: _Flight, operation: Operation, outcome: Outcome) -> None:
        status = self.links[(flight.list_name, operation.region)].status
        if outcome == "done":
            self.done += 1
            if operation.action == "put":
                status.puts += 1
            else:
                status.deletes += 1
        elif outcome == "refused":
            log_decision("opt-in-refused", flight.list_name, operation.region, flight.record.number)

    def _finish(self, flight: _Flight) -> None:
        """Save the record (replaying this run's observations on a newer copy if someone else wrote)."""
        del self.flights[(flight.list_name, flight.hash)]
        if self.dry_run:
            self.unsaved[(flight.list_name, flight.hash)] = flight.record
        elif flight.dirty:
            flight.record = self.store.save_record(
                flight.list_name, flight.hash, flight.record, lambda fresh: self._replay(fresh, flight.observations)
            )
        self._track_pending(flight)
        for page in flight.pages:
            page.open -= 1

    def _replay(self, record: NumberRecord, observations: Iterable[Observation]) -> NumberRecord:
        """Re-decide from a fresh copy; writes it then owes are left to the next run (pending)."""
        for observation in observations:
            record = decide(record, observation, regions=self.settings.regions, now=self.clock.epoch()).record
        return record

    def _track_pending(self, flight: _Flight) -> None:
        for region in self.settings.regions:
            hashes = self.pending[(flight.list_name, region)]
            if flight.record.pending_in(region):
                hashes.add(flight.hash)
            else:
                hashes.discard(flight.hash)

    # ----- failures, budget, saving -----------------------------------------------------------

    def _region_down(self, region_name: str) -> None:
        self.regions[region_name].down = True
        for link in self.links.values():
            if link.region == region_name:
                link.status.error = "unreachable"
        queue = self.queues[region_name]
        while queue:
            flight, operation = queue.popleft()
            flight.outstanding.discard(operation)
            self._observe(flight, Applied(region_name, operation.action, "unreachable", self.clock.epoch()))

    def _link_failed(self, link: _Link, code: str) -> None:
        link.status.error = code
        link.reading = False
        if link.mark.last_complete_at is None:
            self._release_writes_into(link)

    def _defer_queued(self) -> None:
        """Writes the budget left no time for: recorded as pending, made by the next run."""
        for region_name, queue in self.queues.items():
            while queue:
                flight, operation = queue.popleft()
                flight.outstanding.discard(operation)
                self._observe(flight, Applied(region_name, operation.action, "unreachable", self.clock.epoch()))

    def _checkpoint(self) -> None:
        self.pages_since_checkpoint = 0
        self._save_links()

    def _save(self) -> None:
        for key, hashes in self.pending.items():
            self.links[key].status.pending = len(hashes)
            self.links[key].status.drift = len(hashes)
        self._save_links()
        if self.dry_run:
            return
        for (opt_out_list, region), hashes in self.pending.items():
            loaded = self.loaded_pending[(opt_out_list, region)]
            if hashes != loaded:
                count = self.store.update_pending(opt_out_list, region, hashes - loaded, loaded - hashes)
                self.links[(opt_out_list, region)].status.pending = count

    def _save_links(self) -> None:
        for link in self.links.values():
            if link.mark.in_progress:
                self._flush_seen(link)
            status = link.status
            status.pass_in_progress = link.mark.in_progress
            status.count = link.mark.count
            status.last_complete_at = link.mark.last_complete_at
            link.mark = dataclasses.replace(
                link.mark,
                drift=len(self.pending[(link.list_name, link.region)]),
                last_run_at=self.clock.epoch(),
                copies_last_run=status.puts + status.deletes,
                error=status.error,
            )
            if self.dry_run:
                continue
            figures = {f: getattr(link.mark, f) for f in ("drift", "last_run_at", "copies_last_run", "error")}
            saved = dataclasses.replace(link.safe_mark(), **figures)
            version = self.store.put(watermark_key(link.list_name, link.region), saved.body(), link.version)
            if version is None:
                raise ConcurrentRunError(link.list_name, link.region)
            link.version = version
            if link.open_pages:
                continue  # the saved watermark may still point at the passes to forget
            for pass_id, chunks in link.forget:
                for chunk in range(chunks):
                    self.store.delete(set_key(link.list_name, link.region, pass_id, chunk))
            link.forget.clear()

    def _report_progress(self) -> None:
        if self.progress is None:
            return
        self.progress(
            Progress(
                pages={key: link.status.pages for key, link in self.links.items()},
                done=self.done,
                queued=sum(len(q) for q in self.queues.values()),
                planned=len(self.planned),
                elapsed=self.clock.now() - self.started,
            )
        )

    def _log(self, flight: _Flight, decision: Decision) -> None:
        if decision.new_event is None or not decision.operations:
            return
        event = decision.new_event
        targets = ",".join(sorted(f"{o.action}:{o.region}" for o in decision.operations))
        log_decision(
            "opt-out-sync",
            flight.list_name,
            event.origin,
            flight.record.number,
            state=event.state,
            source=event.source,
            targets=targets,
            dry_run=str(self.dry_run).lower(),
        )
