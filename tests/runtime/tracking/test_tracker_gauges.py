"""The tracker's gauges decide when someone is paged: their edges, their statuses and the EMF line itself.

``test_tracking_lambda`` drives the whole poll through the fake API; these pin the decisions that a poll
cannot show at their boundaries: "overdue" starts one second after the configured hours, a number
counts as "pending, never submitted" only while PENDING under a draft, and an EMF document is the
exact line CloudWatch parses (milliseconds, sorted keys, one dimension set).
"""

from __future__ import annotations

import json

import pytest

from sms_runtime.registration import lifecycle
from sms_runtime.tracking import metrics
from sms_runtime.tracking.snapshot import PhoneNumberState, RegistrationState, VersionState

NOW = 1_800_000_000.0  # a real clock: elapsed times are tiny next to the epoch seconds
HOURS = 48.0


def registration(
    status: str, submitted_ago: float | None, registration_id: str = "registration-1"
) -> RegistrationState:
    submitted_at = None if submitted_ago is None else NOW - submitted_ago
    return RegistrationState(
        registration_id=registration_id,
        registration_arn=f"arn:aws:sms-voice:us-east-1:111122223333:registration/{registration_id}",
        registration_type="US_TOLL_FREE_REGISTRATION",
        status=status,
        current=VersionState(number=1, status=status, submitted_at=submitted_at),
    )


def number(status: str, registration_id: str = "registration-1") -> PhoneNumberState:
    return PhoneNumberState(
        phone_number_id="phone-1",
        phone_number_arn="arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-1",
        phone_number="+18005550100",
        status=status,
        number_type="TOLL_FREE",
        registration_id=registration_id,
    )


def emitted(
    registrations: list[RegistrationState], numbers: list[PhoneNumberState] | None = None
) -> list[dict[str, object]]:
    lines = metrics.emf_lines(
        environment="prod",
        region="us-east-1",
        registrations=registrations,
        numbers=numbers or [],
        registration_statuses=metrics.REGISTRATION_STATUSES,
        number_statuses=metrics.NUMBER_STATUSES,
        now=NOW,
        overdue_hours=HOURS,
    )
    return [json.loads(line) for line in lines]


def gauges(registrations: list[RegistrationState], numbers: list[PhoneNumberState] | None = None) -> dict[str, object]:
    [document] = [d for d in emitted(registrations, numbers) if metrics.REQUIRING_UPDATES in d]
    return document


@pytest.mark.parametrize(
    ("submitted_ago", "is_overdue"),
    [
        (0.0, False),
        (HOURS * 3600 - 1, False),
        (HOURS * 3600, False),  # exactly the configured hours: not yet
        (HOURS * 3600 + 1, True),
        (HOURS * 3600 * 3, True),
    ],
)
def test_a_review_is_overdue_only_after_the_configured_hours(submitted_ago: float, is_overdue: bool) -> None:
    submitted = registration("SUBMITTED", submitted_ago)
    assert metrics.overdue([submitted], NOW, HOURS) == ([submitted] if is_overdue else [])
    assert gauges([submitted])[metrics.OVERDUE_FOR_REVIEW] == int(is_overdue)


def test_the_overdue_hours_are_hours_not_seconds() -> None:
    """One hour configured: 59 minutes is on time, 61 minutes is overdue."""
    assert metrics.overdue([registration("SUBMITTED", 59 * 60)], NOW, 1.0) == []
    assert len(metrics.overdue([registration("CREATED", 61 * 60)], NOW, 1.0)) == 1


def test_only_registrations_waiting_for_a_review_can_be_overdue() -> None:
    long_ago = HOURS * 3600 * 10
    waiting = [registration(s, long_ago) for s in ("CREATED", "SUBMITTED")]
    decided = [registration(s, long_ago) for s in ("REVIEWING", "COMPLETE", "REQUIRES_UPDATES", "CLOSED")]
    assert metrics.overdue([*waiting, *decided], NOW, HOURS) == waiting
    assert metrics.overdue([registration("SUBMITTED", None)], NOW, HOURS) == []


@pytest.mark.parametrize("status", ["SUBMITTED", "REVIEWING", "REQUIRES_UPDATES", "COMPLETE"])
def test_a_number_under_a_registration_past_draft_is_not_unsubmitted(status: str) -> None:
    """The registration left CREATED, even if this version carries no submit time: nobody forgot it."""
    assert metrics.pending_unsubmitted([number("PENDING")], [registration(status, None)]) == []


def test_a_pending_number_under_a_draft_or_no_registration_is_unsubmitted() -> None:
    draft = registration("CREATED", None)
    pending = [number("PENDING"), number("PENDING", registration_id="")]
    assert metrics.pending_unsubmitted(pending, [draft]) == pending
    resubmitted_draft = registration("CREATED", 60.0)  # a new version, opened after a submit
    assert metrics.pending_unsubmitted([number("PENDING")], [resubmitted_draft]) == []


@pytest.mark.parametrize("status", ["ACTIVE", "ASSOCIATING", "DISASSOCIATING", "DELETED"])
def test_only_pending_numbers_count_as_unsubmitted(status: str) -> None:
    assert metrics.pending_unsubmitted([number(status)], [registration("CREATED", None)]) == []


def test_every_registration_status_but_deleted_is_emitted_even_at_zero() -> None:
    assert set(metrics.REGISTRATION_STATUSES) == set(lifecycle.REGISTRATION_STATUSES) - {"DELETED"}
    by_status = {
        d["Status"]: d[metrics.REGISTRATIONS]
        for d in emitted([registration("SUBMITTED", 5.0)])
        if metrics.REGISTRATIONS in d
    }
    expected = dict.fromkeys(metrics.REGISTRATION_STATUSES, 0) | {"SUBMITTED": 1}
    assert {s: by_status[s] for s in metrics.REGISTRATION_STATUSES} == expected


def test_a_status_the_api_adds_later_is_counted_not_dropped() -> None:
    """A status unknown to this release still shows on the dashboard, after the known ones."""
    documents = emitted([registration("ON_HOLD_NEW", None), registration("CREATED", None, "registration-2")])
    statuses = [d["Status"] for d in documents if metrics.REGISTRATIONS in d]
    assert statuses == [*metrics.REGISTRATION_STATUSES, "ON_HOLD_NEW"]
    assert [d[metrics.REGISTRATIONS] for d in documents if d.get("Status") == "ON_HOLD_NEW"] == [1]


def test_an_emf_line_is_exactly_what_cloudwatch_parses() -> None:
    """Timestamp in milliseconds; keys sorted so the same poll writes the same bytes."""
    line = metrics.emf_lines(
        environment="prod",
        region="us-east-1",
        registrations=[],
        numbers=[],
        registration_statuses=(),
        number_statuses=(),
        now=NOW + 0.25,
        overdue_hours=HOURS,
    )[-1]
    assert line == (
        '{"Environment": "prod", "PhoneNumbersPendingUnsubmitted": 0, "Region": "us-east-1", '
        '"RegistrationsOverdueForReview": 0, "RegistrationsRequiringUpdates": 0, "_aws": {"CloudWatchMetrics": '
        '[{"Dimensions": [["Environment", "Region"]], "Metrics": [{"Name": "RegistrationsRequiringUpdates", '
        '"Unit": "Count"}, {"Name": "RegistrationsOverdueForReview", "Unit": "Count"}, {"Name": '
        '"PhoneNumbersPendingUnsubmitted", "Unit": "Count"}], "Namespace": "SmsEstate"}], '
        '"Timestamp": 1800000000250}}'
    )


def test_every_registration_requiring_updates_is_counted_once() -> None:
    """The statuses arrive parsed from the API's JSON, as new string objects: compared by value."""
    parsed = json.loads('["REQUIRES_UPDATES", "REQUIRES_UPDATES", "REVIEWING"]')
    registrations = [registration(status, 60.0, f"registration-{i}") for i, status in enumerate(parsed)]
    assert gauges(registrations)[metrics.REQUIRING_UPDATES] == 2
    assert gauges(registrations[2:])[metrics.REQUIRING_UPDATES] == 0
