"""The sync's table: one string key ``Key``, a JSON ``Body`` (or binary ``Blob``), a ``Version``.

Why optimistic versions on every item: the fast path in each region and the reconciler in the home
region may update the same number at the same moment (STOP east, START west). Each write says "I
read version v"; the loser re-reads and decides again, so no decision is lost and none is made twice.

Key layout (``n`` and ``s`` keys carry hashes, never numbers):

* ``w|<list>|<region>``: pass state and last-run figures (:class:`Watermark` fields);
* ``s|<list>|<region>|<pass>|<chunk>``: sorted 8-byte hashes seen in a pass (binary);
* ``n|<list>|<hash>``: a :class:`~sms_runtime.opt_out_sync.records.NumberRecord`;
* ``e|<inboundMessageId>``: an inbound event handled by the fast path (idempotency; expires via TTL);
* ``q|<list>|<region>``: hashes with writes pending into a region (retried each run).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from sms_runtime.opt_out_sync.records import HASH_BYTES, NumberRecord, decode, encode
from sms_runtime.opt_out_sync.settings import TTL_ATTRIBUTE
from sms_runtime.sms_client import error_code

KEY = "Key"
_BATCH_GET = 100
_CONFLICT_RETRIES = 8
_GUARD = "attribute_not_exists(#k) OR Version = :v"


def watermark_key(opt_out_list: str, region: str) -> str:
    return f"w|{opt_out_list}|{region}"


def record_key(opt_out_list: str, number_hash: str) -> str:
    return f"n|{opt_out_list}|{number_hash}"


def event_key(message_id: str) -> str:
    return f"e|{message_id}"


def queue_key(opt_out_list: str, region: str) -> str:
    return f"q|{opt_out_list}|{region}"


def set_key(opt_out_list: str, region: str, pass_id: int, chunk: int) -> str:
    return f"s|{opt_out_list}|{region}|{pass_id}|{chunk}"


class ConflictError(RuntimeError):
    """An item changed under us more often than a few retries allow (something is looping)."""


@dataclass(frozen=True)
class Versioned:
    """An item's JSON body and the version it was read at (0: absent)."""

    body: dict[str, Any]
    version: int


@dataclass(frozen=True)
class Watermark:
    """Where a list's pass in one region stands, and what its last run and last complete pass found.

    A pass pages the whole list, possibly over many runs (``next_token`` resumes it); the hashes it
    saw go to ``chunks`` set items. The previous complete pass's set is the "present set" a new
    complete pass is compared with, to find numbers that left the list.
    """

    pass_id: int = 0
    next_token: str | None = None
    pass_started_at: float | None = None
    pages_in_pass: int = 0
    chunks: int = 0
    previous_pass_id: int | None = None
    previous_chunks: int = 0
    previous_pass_started_at: float | None = None
    last_complete_at: float | None = None
    count: int | None = None
    drift: int = 0
    last_run_at: float | None = None
    copies_last_run: int = 0
    error: str = ""

    @property
    def in_progress(self) -> bool:
        return self.pass_started_at is not None

    def body(self) -> dict[str, object]:
        return dataclasses.asdict(self)

    @classmethod
    def from_body(cls, body: Mapping[str, object]) -> Watermark:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in body.items() if k in known})  # type: ignore[arg-type]


class Store:
    """Versioned JSON items, binary hash sets and batched record reads on one table."""

    def __init__(self, dynamodb: Any, table: str) -> None:
        self._ddb, self._table = dynamodb, table

    def get(self, key: str) -> Versioned:
        item = self._ddb.get_item(TableName=self._table, Key={KEY: {"S": key}}, ConsistentRead=True).get("Item")
        if not item:
            return Versioned({}, 0)
        return Versioned(json.loads(item["Body"]["S"]), int(item["Version"]["N"]))

    def put(self, key: str, body: Mapping[str, Any], version: int, *, expires_at: float | None = None) -> int | None:
        """Write ``body`` if the item is still at ``version``; the new version, or None if someone else won.

        ``expires_at`` (epoch seconds) sets :data:`TTL_ATTRIBUTE`, for items that only matter for a while.
        """
        item = {
            KEY: {"S": key},
            "Version": {"N": str(version + 1)},
            "Body": {"S": json.dumps(body, sort_keys=True, separators=(",", ":"))},
        }
        if expires_at is not None:
            item[TTL_ATTRIBUTE] = {"N": str(int(expires_at))}
        try:
            self._ddb.put_item(
                TableName=self._table,
                Item=item,
                ConditionExpression=_GUARD,
                ExpressionAttributeNames={"#k": KEY},
                ExpressionAttributeValues={":v": {"N": str(version)}},
            )
        except ClientError as error:
            if error_code(error) == "ConditionalCheckFailedException":
                return None
            raise
        return version + 1

    def delete(self, key: str) -> None:
        self._ddb.delete_item(TableName=self._table, Key={KEY: {"S": key}})

    def records(self, opt_out_list: str, hashes: Iterable[str]) -> dict[str, NumberRecord]:
        """The stored records of ``hashes`` (absent ones left out), 100 keys per request."""
        wanted = sorted(set(hashes))
        found: dict[str, NumberRecord] = {}
        for start in range(0, len(wanted), _BATCH_GET):
            keys = [{KEY: {"S": record_key(opt_out_list, h)}} for h in wanted[start : start + _BATCH_GET]]
            for item in self._batch_get(keys):
                number_hash = item[KEY]["S"].rpartition("|")[2]
                found[number_hash] = decode(json.loads(item["Body"]["S"]), int(item["Version"]["N"]))
        return found

    def put_record(self, opt_out_list: str, number_hash: str, record: NumberRecord) -> int | None:
        return self.put(record_key(opt_out_list, number_hash), encode(record), record.version)

    def save_record(
        self,
        opt_out_list: str,
        number_hash: str,
        record: NumberRecord,
        replay: Callable[[NumberRecord], NumberRecord],
    ) -> NumberRecord:
        """Write ``record``; if another writer got there first, ``replay`` our observations on theirs and retry.

        Replaying (not overwriting) is what keeps both decisions: their STOP and our START meet in
        :func:`~sms_runtime.opt_out_sync.decision.decide`, and the newer one wins.
        """
        for _attempt in range(_CONFLICT_RETRIES):
            version = self.put_record(opt_out_list, number_hash, record)
            if version is not None:
                return dataclasses.replace(record, version=version)
            fresh = self.records(opt_out_list, [number_hash]).get(number_hash, NumberRecord(record.number))
            record = replay(fresh)
        raise ConflictError(f"record {number_hash} of {opt_out_list} kept changing")

    def update_pending(self, opt_out_list: str, region: str, add: Iterable[str], remove: Iterable[str]) -> int:
        """Apply a change to the pending hashes of a region (merged, so concurrent writers keep theirs)."""
        added, removed = set(add), set(remove)
        key = queue_key(opt_out_list, region)
        for _attempt in range(_CONFLICT_RETRIES):
            current = self.get(key)
            hashes = (set(current.body.get("hashes", [])) | added) - removed
            if current.version and hashes == set(current.body.get("hashes", [])):
                return len(hashes)
            if self.put(key, {"hashes": sorted(hashes)}, current.version) is not None:
                return len(hashes)
        raise ConflictError(f"pending set {key} kept changing")

    def put_hashes(self, key: str, hashes: Iterable[str]) -> None:
        """One pass chunk: the hashes as sorted 8-byte values in one binary attribute."""
        blob = b"".join(bytes.fromhex(h) for h in sorted(hashes))
        self._ddb.put_item(TableName=self._table, Item={KEY: {"S": key}, "Version": {"N": "1"}, "Blob": {"B": blob}})

    def hashes(self, key: str) -> set[str]:
        item = self._ddb.get_item(TableName=self._table, Key={KEY: {"S": key}}, ConsistentRead=True).get("Item")
        blob: bytes = item["Blob"]["B"] if item else b""
        return {blob[i : i + HASH_BYTES].hex() for i in range(0, len(blob), HASH_BYTES)}

    def _batch_get(self, keys: list[dict[str, Any]]) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        request: dict[str, Any] = {self._table: {"Keys": keys, "ConsistentRead": True}}
        while request:
            answer = self._ddb.batch_get_item(RequestItems=request)
            items.extend(answer.get("Responses", {}).get(self._table, []))
            request = answer.get("UnprocessedKeys") or {}
        return items
