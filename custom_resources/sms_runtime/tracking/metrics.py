"""Gauges for alarms and the dashboard, as CloudWatch Embedded Metric Format log lines.

Why EMF: the Lambda already writes logs; CloudWatch extracts the metrics from them, so there is no
``PutMetricData`` call and no extra IAM permission. Every status is emitted, zeros included, so an
alarm sees "0 registrations need updates" rather than missing data.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from sms_runtime.registration import lifecycle
from sms_runtime.tracking.snapshot import AWAITING_REVIEW, PhoneNumberState, RegistrationState

NAMESPACE = "SmsEstate"
REGISTRATIONS = "Registrations"
PHONE_NUMBERS = "PhoneNumbers"
REQUIRING_UPDATES = "RegistrationsRequiringUpdates"
OVERDUE_FOR_REVIEW = "RegistrationsOverdueForReview"
PENDING_UNSUBMITTED = "PhoneNumbersPendingUnsubmitted"
ALARM_METRICS = (REQUIRING_UPDATES, OVERDUE_FOR_REVIEW, PENDING_UNSUBMITTED)
# Emitted with zeros so every dashboard line and alarm has data (DELETED registrations are not listed).
REGISTRATION_STATUSES = tuple(status for status in lifecycle.REGISTRATION_STATUSES if status != "DELETED")
NUMBER_STATUSES = ("PENDING", "ACTIVE", "ASSOCIATING", "DISASSOCIATING")


def overdue(registrations: Iterable[RegistrationState], now: float, hours: float) -> list[RegistrationState]:
    """Registrations still CREATED/SUBMITTED more than ``hours`` after their version was submitted."""
    return [
        r
        for r in registrations
        if r.status in AWAITING_REVIEW
        and r.current.submitted_at is not None
        and now - r.current.submitted_at > hours * 3600
    ]


def pending_unsubmitted(
    numbers: Iterable[PhoneNumberState], registrations: Iterable[RegistrationState]
) -> list[PhoneNumberState]:
    """PENDING numbers whose registration was never submitted (or that have none): billing, silently."""
    submitted = {
        r.registration_id for r in registrations if r.current.submitted_at is not None or r.status != "CREATED"
    }
    return [n for n in numbers if n.status == "PENDING" and n.registration_id not in submitted]


def emf_lines(
    *,
    environment: str,
    region: str,
    registrations: Sequence[RegistrationState],
    numbers: Sequence[PhoneNumberState],
    registration_statuses: Sequence[str],
    number_statuses: Sequence[str],
    now: float,
    overdue_hours: float,
) -> list[str]:
    """One EMF document per (metric, status) plus one with the three alarm gauges."""
    base = {"Environment": environment, "Region": region}
    lines = [
        _document(now, {**base, "Status": status}, {REGISTRATIONS: count})
        for status, count in _counts(registration_statuses, (r.status for r in registrations)).items()
    ]
    lines += [
        _document(now, {**base, "Status": status}, {PHONE_NUMBERS: count})
        for status, count in _counts(number_statuses, (n.status for n in numbers)).items()
    ]
    gauges = {
        REQUIRING_UPDATES: sum(1 for r in registrations if r.status == "REQUIRES_UPDATES"),
        OVERDUE_FOR_REVIEW: len(overdue(registrations, now, overdue_hours)),
        PENDING_UNSUBMITTED: len(pending_unsubmitted(numbers, registrations)),
    }
    lines.append(_document(now, base, gauges))
    return lines


def _counts(known: Sequence[str], seen: Iterable[str]) -> dict[str, int]:
    counter = Counter(seen)
    return {status: counter.get(status, 0) for status in [*known, *sorted(set(counter) - set(known))]}


def _document(now: float, dimensions: Mapping[str, str], values: Mapping[str, int]) -> str:
    document: dict[str, object] = {
        "_aws": {
            "Timestamp": int(now * 1000),
            "CloudWatchMetrics": [
                {
                    "Namespace": NAMESPACE,
                    "Dimensions": [list(dimensions)],
                    "Metrics": [{"Name": name, "Unit": "Count"} for name in values],
                }
            ],
        },
        **dimensions,
        **values,
    }
    return json.dumps(document, sort_keys=True)


def emf_document(now: float, dimensions: Mapping[str, str], values: Mapping[str, int]) -> str:
    """One EMF document on the tracking namespace (the opt-out sync's gauges share the shape and dashboard)."""
    return _document(now, dimensions, values)
