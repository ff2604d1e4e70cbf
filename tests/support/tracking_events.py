"""EventBridge event shapes the tracking Lambda receives (envelope as EventBridge documents it)."""

from __future__ import annotations

from typing import Any

ACCOUNT = "111122223333"


def status_change(registration_arn: str, status: str, region: str = "us-east-1") -> dict[str, Any]:
    """A ``Registration Status Change`` event. The detail fields are our assumption (see events.py)."""
    registration_id = registration_arn.rsplit("/", 1)[-1]
    return {
        "version": "0",
        "id": "7bf73129-1428-4cd3-a780-95db273d1602",
        "detail-type": "Registration Status Change",
        "source": "aws.sms-voice",
        "account": ACCOUNT,
        "time": "2026-11-20T10:00:00Z",
        "region": region,
        "resources": [registration_arn],
        "detail": {"registrationId": registration_id, "registrationStatus": status},
    }


def scheduled(region: str = "us-east-1") -> dict[str, Any]:
    """The scheduled backstop poll (an EventBridge schedule rule's event)."""
    return {
        "version": "0",
        "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT,
        "time": "2026-11-20T11:00:00Z",
        "region": region,
        "resources": [f"arn:aws:events:{region}:{ACCOUNT}:rule/SmsEstate-prod-{region}-RegistrationPoll"],
        "detail": {},
    }
