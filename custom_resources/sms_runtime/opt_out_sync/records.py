"""What the sync remembers about one number, and what it can observe about it.

Why a record per number at all, when the lists are the truth: a list says *that* a number is opted
out, not *why* or *since when relative to the other regions*. Deciding "START in the west, newer
STOP in the east" needs the newest event across regions, and telling our own copies from new
opt-outs (no echo) needs to know what we wrote. The record holds exactly that, and nothing else.

Records are plain frozen dataclasses with a JSON codec, so the decision (``decision.decide``) stays a
pure function that tests can call without any table.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sms_runtime import decision_log

State = Literal["OUT", "IN"]
Source = Literal["end-user", "operator", "sync"]
Action = Literal["put", "delete"]
Pending = Literal["", "put", "delete"]
Outcome = Literal["done", "refused", "unreachable"]
HASH_BYTES = 8


def number_hash(environment: str, number: str) -> str:
    """Hex of HMAC-SHA256(environment, number) cut to 8 bytes: table keys and logs never show numbers.

    Keyed by the environment so the same number hashes differently per estate; 8 bytes keeps the
    pass sets small (100,000 numbers in 800 KB) with a negligible collision chance at that scale.
    """
    digest = hmac.new(environment.encode(), number.encode(), hashlib.sha256).digest()
    return digest[:HASH_BYTES].hex()


def masked(number: str) -> str:
    """The number as logs may show it: its last four digits."""
    return decision_log.mask_phone_numbers(number)


def log_decision(action: str, opt_out_list: str, region: str, number: str, **detail: str) -> None:
    """One structured decision line: list, region, the number's last four digits, short detail only."""
    decision_log.write({"action": action, "list": opt_out_list, "region": region, "number": masked(number), **detail})


@dataclass(frozen=True)
class Event:
    """The newest opt-out or opt-in the sync knows of: it decides the number's state in every region."""

    state: State
    at: float
    origin: str
    source: Source


@dataclass(frozen=True)
class RegionView:
    """What the sync last knew of the number on one region's list.

    ``ts`` is the list's ``OptedOutTimestamp`` while present (or when it was found gone); ``ours``
    says our own write made it so, which is how a later pass recognises our copies (no echo).
    ``refused_at`` holds off a delete the 30-day rule refused.
    """

    present: bool = False
    ts: float | None = None
    ours: bool = False
    pending: Pending = ""
    refused_at: float | None = None


@dataclass(frozen=True)
class NumberRecord:
    """One number of one synced list: the number (needed to copy it), its newest event, its regions."""

    number: str
    last: Event | None = None
    regions: Mapping[str, RegionView] = field(default_factory=dict)
    version: int = 0

    def view(self, region: str) -> RegionView:
        return self.regions.get(region, RegionView())

    def pending_in(self, region: str) -> bool:
        return self.view(region).pending != ""


# What can be observed about a number. Each is what one source of truth said, at one moment.
@dataclass(frozen=True)
class Seen:
    """A page or a check found the number on ``region``'s list, opted out at ``at``."""

    region: str
    at: float
    end_user: bool


@dataclass(frozen=True)
class Gone:
    """A completed pass (verified by a direct check) no longer finds the number in ``region``.

    ``since`` is the earliest moment it could have left: the previous complete pass's start.
    """

    region: str
    since: float


@dataclass(frozen=True)
class Inbound:
    """A STOP- or START-family reply arrived on ``region``'s two-way channel at ``at``."""

    region: str
    state: State
    at: float


@dataclass(frozen=True)
class Applied:
    """The outcome of our own put or delete into ``region``."""

    region: str
    action: Action
    outcome: Outcome
    at: float


@dataclass(frozen=True)
class Recheck:
    """Nothing new was seen: recompute what is owed (pending operations, retried each run)."""


Observation = Seen | Gone | Inbound | Applied | Recheck


def encode(record: NumberRecord) -> dict[str, Any]:
    """The record as the table's JSON body (the version travels as its own attribute)."""
    body: dict[str, Any] = {"number": record.number, "regions": {}}
    if record.last is not None:
        last = record.last
        body["last"] = {"state": last.state, "at": last.at, "origin": last.origin, "source": last.source}
    for region, view in sorted(record.regions.items()):
        body["regions"][region] = {
            "present": view.present,
            "ts": view.ts,
            "ours": view.ours,
            "pending": view.pending,
            "refused_at": view.refused_at,
        }
    return body


def decode(body: Mapping[str, Any], version: int) -> NumberRecord:
    last = body.get("last")
    return NumberRecord(
        number=str(body["number"]),
        last=Event(last["state"], float(last["at"]), last["origin"], last["source"]) if last else None,
        regions={
            region: RegionView(
                present=bool(view["present"]),
                ts=view.get("ts"),
                ours=bool(view.get("ours", False)),
                pending=view.get("pending", ""),
                refused_at=view.get("refused_at"),
            )
            for region, view in body.get("regions", {}).items()
        },
        version=version,
    )
