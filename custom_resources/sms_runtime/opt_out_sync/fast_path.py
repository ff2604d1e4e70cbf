"""The fast path: a STOP or START seen on a region's two-way channel, copied to the other regions at once.

The service has already applied the reply to the origin region's list; this copies the decision to
the others within seconds, through the same :func:`~sms_runtime.opt_out_sync.decision.decide` as the
reconciler, so the two paths never disagree.

Idempotency: SNS may deliver an event more than once. ``e|<inboundMessageId>`` is claimed with a
conditional write (a concurrent duplicate loses and does nothing), and the number's record says
which regions already hold the copy, so a retry after a crash copies only what is still missing.

An opt-in is copied only if the origin list no longer holds the number: START opts back in only
where a number has it as an opt-in keyword (the toll-free UNSTOP/START, or a keyword added with the
opt-in action); elsewhere the service kept the opt-out, and so must every other region. One point
read in the origin settles it (if it cannot be made, the reply is held for the reconciler).

Home region (table) unreachable: a STOP is still copied (a duplicate put is harmless and the law
prefers it); a START is held, since deciding it needs the record of newer opt-outs elsewhere; the
reconciler settles both once the table answers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from botocore.exceptions import BotoCoreError, ClientError

from sms_runtime.opt_out_sync import records
from sms_runtime.opt_out_sync.decision import Decision, decide
from sms_runtime.opt_out_sync.keywords import classify_payload
from sms_runtime.opt_out_sync.records import (
    Applied,
    Inbound,
    NumberRecord,
    Observation,
    State,
    log_decision,
    number_hash,
)
from sms_runtime.opt_out_sync.regional import Region, RegionDownError
from sms_runtime.opt_out_sync.settings import SyncSettings
from sms_runtime.opt_out_sync.store import Store, Versioned, event_key
from sms_runtime.sms_client import BudgetExhaustedError, Clock

# Within one invocation (the construct's timeout leaves room for this plus one call).
BUDGET_SECONDS = 60.0
# How long an inbound event's idempotency item is kept: well past SNS's retries of one delivery.
EVENT_RETENTION_SECONDS = 7 * 24 * 3600.0
Result = Literal["copied", "in-sync", "duplicate", "ignored", "held", "copied-without-ledger", "not-opted-in"]


@dataclass(frozen=True)
class Outcome:
    """What the fast path did with one SNS record (``pending``: regions to be retried by the reconciler)."""

    message_id: str
    list: str
    result: Result
    state: State | None = None
    copied_to: tuple[str, ...] = ()
    pending: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Inbound:
    message_id: str
    opt_out_list: str
    number: str
    state: State | None
    at: float


def handle(
    event: Mapping[str, Any],
    settings: SyncSettings,
    *,
    region: str,
    sms: Mapping[str, Any],
    dynamodb: Any,
    clock: Clock,
) -> list[Outcome]:
    """Handle an SNS Lambda event of two-way messages received in ``region``."""
    store = Store(dynamodb, settings.table)
    outcomes: list[Outcome] = []
    for record in event.get("Records", []):
        inbound = _parse(record, settings)
        if inbound is None:
            continue
        outcome = _handle_one(inbound, settings, region, sms, store, clock)
        outcomes.append(outcome)
        log_decision(
            f"opt-out-fast-path-{outcome.result}",
            inbound.opt_out_list,
            region,
            inbound.number,
            state=str(outcome.state),
            copied_to=",".join(outcome.copied_to),
            pending=",".join(outcome.pending),
        )
    return outcomes


def _parse(record: Mapping[str, Any], settings: SyncSettings) -> _Inbound | None:
    """The two-way payload of one SNS record, or None if it is not on a synced list's topic."""
    sns = record.get("Sns", {})
    opt_out_list = settings.topics.get(str(sns.get("TopicArn", "")).rpartition(":")[2])
    try:
        payload = json.loads(sns.get("Message", ""))
    except ValueError:
        return None
    if opt_out_list is None or not isinstance(payload, dict) or "originationNumber" not in payload:
        return None
    message_id = str(payload.get("inboundMessageId") or sns.get("MessageId", ""))
    at = datetime.fromisoformat(str(sns["Timestamp"])).timestamp()
    return _Inbound(message_id, opt_out_list, str(payload["originationNumber"]), classify_payload(payload), at)


def _handle_one(
    inbound: _Inbound, settings: SyncSettings, region: str, sms: Mapping[str, Any], store: Store, clock: Clock
) -> Outcome:
    if inbound.state is None:
        return Outcome(inbound.message_id, inbound.opt_out_list, "ignored")
    try:
        claim = _claim(store, inbound.message_id, expires_at=clock.epoch() + EVENT_RETENTION_SECONDS)
    except (ClientError, BotoCoreError):
        return _without_ledger(inbound, settings, region, sms, clock)
    if claim is None:
        return Outcome(inbound.message_id, inbound.opt_out_list, "duplicate", inbound.state)
    return _Copy(inbound, settings, region, sms, store, clock).run(claim)


def _claim(store: Store, message_id: str, *, expires_at: float) -> Versioned | None:
    """Take the event (None: handled already, or being handled by a concurrent delivery)."""
    current = store.get(event_key(message_id))
    if current.body.get("done"):
        return None
    version = store.put(event_key(message_id), {"done": False}, current.version, expires_at=expires_at)
    return None if version is None else Versioned({"done": False}, version)


def _without_ledger(
    inbound: _Inbound, settings: SyncSettings, region: str, sms: Mapping[str, Any], clock: Clock
) -> Outcome:
    if inbound.state != "OUT":
        return Outcome(inbound.message_id, inbound.opt_out_list, "held", inbound.state)
    copied, pending = [], []
    deadline = clock.now() + BUDGET_SECONDS
    for target in settings.other_regions(region):
        try:
            Region(target, sms[target], clock, deadline=deadline).put(inbound.opt_out_list, inbound.number)
            copied.append(target)
        except (RegionDownError, BudgetExhaustedError, ClientError):
            pending.append(target)
    result: Result = "copied-without-ledger"
    return Outcome(inbound.message_id, inbound.opt_out_list, result, inbound.state, tuple(copied), tuple(pending))


class _Copy:
    """Decide on the record, write to the other regions, save the record and the pending sets."""

    def __init__(
        self, inbound: _Inbound, settings: SyncSettings, region: str, sms: Mapping[str, Any], store: Store, clock: Clock
    ) -> None:
        self.inbound, self.settings, self.region, self.store, self.clock = inbound, settings, region, store, clock
        self.hash = number_hash(settings.environment, inbound.number)
        deadline = clock.now() + BUDGET_SECONDS
        # Every region, the origin included: a START older than a STOP elsewhere puts the opt-out back there.
        self.targets = {r: Region(r, sms[r], clock, deadline=deadline) for r in settings.regions}
        self.observations: list[Observation] = []

    def run(self, claim: Versioned) -> Outcome:
        assert self.inbound.state is not None
        if self.inbound.state == "IN":
            refusal = self._opt_in_refused()
            if refusal is not None:
                self._done(claim, [])
                return Outcome(self.inbound.message_id, self.inbound.opt_out_list, refusal, self.inbound.state)
        found = self.store.records(self.inbound.opt_out_list, [self.hash])
        record = loaded = found.get(self.hash, NumberRecord(self.inbound.number))
        decision = self._observe(record, Inbound(self.region, self.inbound.state, self.inbound.at))
        record = decision.record
        copied: list[str] = []
        for operation in decision.operations:
            outcome, at = self._write(self.targets[operation.region], operation.action)
            record = self._observe(record, Applied(operation.region, operation.action, outcome, at)).record
            if outcome == "done":
                copied.append(operation.region)
        saved = self.store.save_record(self.inbound.opt_out_list, self.hash, record, self._replay)
        pending = tuple(r for r in self.settings.regions if saved.pending_in(r))
        for name in self.settings.regions:
            if name in pending:
                self.store.update_pending(self.inbound.opt_out_list, name, [self.hash], [])
            elif loaded.pending_in(name):  # a write an earlier delivery or run could not make, made now
                self.store.update_pending(self.inbound.opt_out_list, name, [], [self.hash])
        self._done(claim, copied)
        result: Result = "copied" if copied else "in-sync"
        return Outcome(
            self.inbound.message_id, self.inbound.opt_out_list, result, self.inbound.state, tuple(copied), pending
        )

    def _opt_in_refused(self) -> Result | None:
        """``not-opted-in`` if the origin list still holds the number, ``held`` if that cannot be read now."""
        origin = self.targets[self.region]
        try:
            still_out = self.inbound.number in origin.check(self.inbound.opt_out_list, [self.inbound.number])
        except (RegionDownError, BudgetExhaustedError, ClientError):
            return "held"
        return "not-opted-in" if still_out else None

    def _done(self, claim: Versioned, copied: list[str]) -> None:
        """Mark the event handled (a redelivery then does nothing)."""
        self.store.put(
            event_key(self.inbound.message_id),
            {"done": True, "copied_to": copied},
            claim.version,
            expires_at=self.clock.epoch() + EVENT_RETENTION_SECONDS,
        )

    def _observe(self, record: NumberRecord, observation: Observation) -> Decision:
        self.observations.append(observation)
        return decide(record, observation, regions=self.settings.regions, now=self.clock.epoch())

    def _replay(self, fresh: NumberRecord) -> NumberRecord:
        for observation in self.observations:
            fresh = decide(fresh, observation, regions=self.settings.regions, now=self.clock.epoch()).record
        return fresh

    def _write(self, target: Region, action: str) -> tuple[records.Outcome, float]:
        try:
            if action == "put":
                return "done", target.put(self.inbound.opt_out_list, self.inbound.number)
            return target.delete(self.inbound.opt_out_list, self.inbound.number), self.clock.epoch()
        except (RegionDownError, BudgetExhaustedError, ClientError):
            return "unreachable", self.clock.epoch()
