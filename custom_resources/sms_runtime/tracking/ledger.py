"""The last notified state per registration, in DynamoDB, claimed with a conditional write.

Why conditional: the EventBridge rule and the scheduled poll can run at the same moment for the same
transition (and Lambda may retry either). The writer that moves the item from the fingerprint it
read to the new one wins and notifies; the other gets ``ConditionalCheckFailedException`` and stays
silent. So each real transition produces exactly one notification, however many invocations see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

KEY = "RegistrationId"


@dataclass(frozen=True)
class Seen:
    """What the tracker last notified about a registration (``None`` fields: never seen)."""

    fingerprint: str | None = None
    status: str | None = None


class Ledger:
    """Get and conditionally replace one item per registration."""

    def __init__(self, dynamodb: Any, table_name: str) -> None:
        self._ddb, self._table = dynamodb, table_name

    def seen(self, registration_id: str) -> Seen:
        item = self._ddb.get_item(TableName=self._table, Key={KEY: {"S": registration_id}}, ConsistentRead=True)
        found = item.get("Item")
        if not found:
            return Seen()
        return Seen(found.get("Fingerprint", {}).get("S"), found.get("Status", {}).get("S"))

    def claim(self, registration_id: str, previous: Seen, fingerprint: str, status: str, at: float) -> bool:
        """Record the new state if nobody changed it since ``previous`` was read; True if we won."""
        item = {
            KEY: {"S": registration_id},
            "Fingerprint": {"S": fingerprint},
            "Status": {"S": status},
            "UpdatedAt": {"N": repr(float(at))},
        }
        if previous.fingerprint is None:
            condition: dict[str, Any] = {"ConditionExpression": f"attribute_not_exists({KEY})"}
        else:
            condition = {
                "ConditionExpression": "Fingerprint = :previous",
                "ExpressionAttributeValues": {":previous": {"S": previous.fingerprint}},
            }
        try:
            self._ddb.put_item(TableName=self._table, Item=item, **condition)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def release(self, registration_id: str, claimed: str, previous: Seen, at: float) -> None:
        """Undo a claim whose notification failed, so the next event or poll notifies again."""
        if previous.fingerprint is None:
            self._ddb.delete_item(
                TableName=self._table,
                Key={KEY: {"S": registration_id}},
                ConditionExpression="Fingerprint = :claimed",
                ExpressionAttributeValues={":claimed": {"S": claimed}},
            )
            return
        self._ddb.put_item(
            TableName=self._table,
            Item={
                KEY: {"S": registration_id},
                "Fingerprint": {"S": previous.fingerprint},
                "Status": {"S": previous.status or ""},
                "UpdatedAt": {"N": repr(float(at))},
            },
            ConditionExpression="Fingerprint = :claimed",
            ExpressionAttributeValues={":claimed": {"S": claimed}},
        )
