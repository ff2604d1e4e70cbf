"""The verified destination numbers section of ``status``: which declared numbers still wait for their code.

A sandbox account texts only verified numbers. CloudFormation registers each one ``PENDING``; it turns
``VERIFIED`` only when the person holding the phone reads back the code (README: "Verified destination
numbers"). Read with ``DescribeVerifiedDestinationNumbers`` by the declared numbers (5 per call, the
model's limit). Numbers are shown by their last 4 digits only, as everywhere in this package.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sms_estate.cli.status_report.table import table
from sms_runtime.decision_log import mask_phone_number
from sms_runtime.sms_client import Api

LOOKUPS_PER_CALL = 5
NOT_CREATED = "NOT CREATED"
WAITING = "waits for the code (README: verified destination numbers)"


@dataclass(frozen=True)
class VerifiedNumberRow:
    """One declared number in one region: ``masked`` (``…0100``), the API's ``status``, or ``NOT CREATED``."""

    masked: str
    status: str

    @property
    def waiting(self) -> bool:
        return self.status == "PENDING"


def read_verified_numbers(api: Api, declared: Sequence[str]) -> tuple[VerifiedNumberRow, ...]:
    """The state of each of ``declared`` (config order); a number the stack has not created yet says so."""
    status: dict[str, str] = {}
    for start in range(0, len(declared), LOOKUPS_PER_CALL):
        chunk = list(declared[start : start + LOOKUPS_PER_CALL])
        found = api.pages(
            "DescribeVerifiedDestinationNumbers", "VerifiedDestinationNumbers", DestinationPhoneNumbers=chunk
        )
        status.update({str(n["DestinationPhoneNumber"]): str(n["Status"]) for n in found})
    return tuple(VerifiedNumberRow(mask_phone_number(number), status.get(number, NOT_CREATED)) for number in declared)


def verified_lines(rows: Sequence[VerifiedNumberRow]) -> list[str]:
    """The region's section (nothing when it declares no numbers)."""
    if not rows:
        return []
    cells = [[r.masked, r.status, WAITING if r.waiting else ""] for r in rows]
    waiting = sum(r.waiting for r in rows)
    return [
        "",
        f"Verified destination numbers ({waiting} waiting for the code)",
        *table(["NUMBER", "STATUS", "NOTE"], cells),
    ]


def verified_as_mapping(rows: Sequence[VerifiedNumberRow]) -> dict[str, Any]:
    """The region's ``--json`` key, present only when the region declares numbers (as the table's section)."""
    if not rows:
        return {}
    return {
        "verified_destination_numbers": [
            {"number": r.masked, "status": r.status, "waiting_for_code": r.waiting} for r in rows
        ]
    }
