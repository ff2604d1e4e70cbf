"""Per-row state of a bulk rollout: what each row wants, where it got, and why it stopped.

Why a ledger and not the execution history: ``status`` must answer "how far is the rollout" with one
query, and a later deploy must know each row's registration ID to update it instead of creating a
second one. One item per row, keyed by the row's key (shard stack + registration name).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

PENDING, CREATING, RECONCILING, DONE, FAILED = "PENDING", "CREATING", "RECONCILING", "DONE", "FAILED"
STATUSES = (PENDING, CREATING, RECONCILING, DONE, FAILED)


@dataclass(frozen=True)
class RowRecord:
    """One row: desired properties (a ``Custom::SmsRegistration``'s), progress, and the outcome."""

    key: str
    stack_id: str
    logical_id: str
    properties: Mapping[str, Any]
    status: str = PENDING
    physical_id: str = ""
    data: Mapping[str, str] = field(default_factory=dict)
    applied_properties: Mapping[str, Any] = field(default_factory=dict)  # what physical_id was built from
    detail: str = ""

    def with_status(self, status: str, **changes: Any) -> RowRecord:
        return replace(self, status=status, **changes)


class RowLedger(Protocol):
    def get(self, key: str) -> RowRecord | None: ...

    def put(self, record: RowRecord) -> None: ...

    def records(self) -> Iterable[RowRecord]: ...


class MemoryLedger:
    """The ledger in a dict: tests and benches (the deployed workflow uses :class:`DynamoLedger`)."""

    def __init__(self) -> None:
        self.items: dict[str, RowRecord] = {}

    def get(self, key: str) -> RowRecord | None:
        return self.items.get(key)

    def put(self, record: RowRecord) -> None:
        self.items[record.key] = record

    def records(self) -> Iterable[RowRecord]:
        return list(self.items.values())


class DynamoLedger:
    """The ledger in a DynamoDB table with partition key ``Key`` (string); the row as one JSON attribute."""

    def __init__(self, client: Any, table: str) -> None:
        self._client, self._table = client, table

    def get(self, key: str) -> RowRecord | None:
        item = self._client.get_item(TableName=self._table, Key={"Key": {"S": key}}, ConsistentRead=True).get("Item")
        return _from_json(item["Row"]["S"]) if item else None

    def put(self, record: RowRecord) -> None:
        self._client.put_item(
            TableName=self._table,
            Item={"Key": {"S": record.key}, "Status": {"S": record.status}, "Row": {"S": _to_json(record)}},
        )

    def records(self) -> Iterable[RowRecord]:
        for page in self._client.get_paginator("scan").paginate(TableName=self._table, ConsistentRead=True):
            for item in page.get("Items", []):
                yield _from_json(item["Row"]["S"])


def _to_json(record: RowRecord) -> str:
    return json.dumps(
        {
            "key": record.key,
            "stack_id": record.stack_id,
            "logical_id": record.logical_id,
            "properties": record.properties,
            "status": record.status,
            "physical_id": record.physical_id,
            "data": dict(record.data),
            "applied_properties": record.applied_properties,
            "detail": record.detail,
        },
        sort_keys=True,
    )


def _from_json(text: str) -> RowRecord:
    return RowRecord(**json.loads(text))
