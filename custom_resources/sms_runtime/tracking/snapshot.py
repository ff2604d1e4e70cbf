"""What the API says about registrations and numbers, read once into plain immutable values.

Why re-read rather than trust events: the ``Registration Status Change`` event's detail shape is not
documented in the seed guide, events can be missed, and the denial reasons live on the version and
its field values, never on the event. So every decision here is made from ``Describe*`` answers.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # boto3 is imported only where calls are made: the CDK app reads this module at synth
    from sms_runtime.sms_client import Api

# A registration is "in the queue" until a reviewer picks it up (DOMAIN.md: CREATED/SUBMITTED -> REVIEWING).
AWAITING_REVIEW = ("CREATED", "SUBMITTED")
NEEDS_ACTION = ("REQUIRES_UPDATES", "REQUIRES_AUTHENTICATION")


@dataclass(frozen=True)
class DeniedReason:
    """One ``DeniedReasons`` entry of a denied version."""

    reason: str
    short_description: str = ""
    long_description: str = ""
    documentation_link: str = ""

    @property
    def title(self) -> str:
        return self.short_description or self.reason


@dataclass(frozen=True)
class FieldFeedback:
    """Per-field feedback from ``DescribeRegistrationFieldValues`` on a denied version."""

    field_path: str
    denied_reason: str
    feedback: str = ""


@dataclass(frozen=True)
class VersionState:
    """One registration version: number, status, when it was submitted, and why it was denied."""

    number: int
    status: str
    submitted_at: float | None = None
    denied_at: float | None = None
    denied_reasons: tuple[DeniedReason, ...] = ()
    field_feedback: tuple[FieldFeedback, ...] = ()
    field_values: Mapping[str, str | list[str]] | None = None


@dataclass(frozen=True)
class RegistrationState:
    """A registration with its current version and, if any, its latest denied version."""

    registration_id: str
    registration_arn: str
    registration_type: str
    status: str
    current: VersionState
    latest_denied: VersionState | None = None
    approved_version: int | None = None
    tags: Mapping[str, str] | None = None

    @property
    def fingerprint(self) -> str:
        """What makes a transition worth one notification: status, latest denial, latest approval.

        A new draft version changes none of these (nobody needs telling), while a second denial of
        the same registration does, even if a poll never saw the SUBMITTED in between.
        """
        denied = self.latest_denied.number if self.latest_denied else 0
        return f"{self.status}#denied:{denied}#approved:{self.approved_version or 0}"


@dataclass(frozen=True)
class PhoneNumberState:
    """A phone number as ``DescribePhoneNumbers`` reports it."""

    phone_number_id: str
    phone_number_arn: str
    phone_number: str
    status: str
    number_type: str
    registration_id: str = ""


def read_registrations(api: Api, registration_ids: Iterable[str] = ()) -> list[RegistrationState]:
    """Every live registration (or just ``registration_ids``), each with its versions read."""
    ids = sorted(set(registration_ids))
    params: dict[str, Any] = {"RegistrationIds": ids} if ids else {}
    infos = api.pages("DescribeRegistrations", "Registrations", **params)
    return [_registration(api, info) for info in sorted(infos, key=lambda i: str(i["RegistrationId"]))]


def read_phone_numbers(api: Api) -> list[PhoneNumberState]:
    """Every phone number of the account in this region."""
    return [
        PhoneNumberState(
            phone_number_id=str(n["PhoneNumberId"]),
            phone_number_arn=str(n["PhoneNumberArn"]),
            phone_number=str(n.get("PhoneNumber", "")),
            status=str(n["Status"]),
            number_type=str(n.get("NumberType", "")),
            registration_id=str(n.get("RegistrationId", "")),
        )
        for n in api.pages("DescribePhoneNumbers", "PhoneNumbers")
    ]


def read_tags(api: Api, arn: str) -> dict[str, str]:
    """A resource's tags as a dict (the custom resources tag registrations with their logical ID)."""
    return {t["Key"]: t["Value"] for t in api.call("ListTagsForResource", ResourceArn=arn).get("Tags", [])}


def _registration(api: Api, info: Mapping[str, Any]) -> RegistrationState:
    registration_id = str(info["RegistrationId"])
    versions = {
        int(v["VersionNumber"]): v
        for v in api.pages("DescribeRegistrationVersions", "RegistrationVersions", RegistrationId=registration_id)
    }
    current_number = int(info["CurrentVersionNumber"])
    denied_number = info.get("LatestDeniedVersionNumber")
    current = _version(api, registration_id, versions.get(current_number), current_number)
    denied = None
    if denied_number is not None:
        denied = current if int(denied_number) == current_number else None
        denied = denied or _version(api, registration_id, versions.get(int(denied_number)), int(denied_number))
    return RegistrationState(
        registration_id=registration_id,
        registration_arn=str(info["RegistrationArn"]),
        registration_type=str(info["RegistrationType"]),
        status=str(info["RegistrationStatus"]),
        current=current,
        latest_denied=denied,
        approved_version=int(info["ApprovedVersionNumber"]) if info.get("ApprovedVersionNumber") else None,
    )


def _version(api: Api, registration_id: str, raw: Mapping[str, Any] | None, number: int) -> VersionState:
    if raw is None:
        return VersionState(number=number, status="UNKNOWN")
    status = str(raw["RegistrationVersionStatus"])
    history = raw.get("RegistrationVersionStatusHistory", {})
    reasons = tuple(
        DeniedReason(
            reason=str(r.get("Reason", "")),
            short_description=str(r.get("ShortDescription", "")),
            long_description=str(r.get("LongDescription", "")),
            documentation_link=str(r.get("DocumentationLink", "")),
        )
        for r in raw.get("DeniedReasons", [])
    )
    feedback: tuple[FieldFeedback, ...] = ()
    values: dict[str, str | list[str]] | None = None
    if status == "DENIED":
        fields = api.pages(
            "DescribeRegistrationFieldValues",
            "RegistrationFieldValues",
            RegistrationId=registration_id,
            VersionNumber=number,
        )
        feedback = tuple(
            FieldFeedback(str(f["FieldPath"]), str(f.get("DeniedReason", "")), str(f.get("Feedback", "")))
            for f in fields
            if f.get("DeniedReason") or f.get("Feedback")
        )
        values = {str(f["FieldPath"]): _field_value(f) for f in fields}
    return VersionState(
        number=number,
        status=status,
        submitted_at=_epoch(history.get("SubmittedTimestamp") or history.get("AwsReviewingTimestamp")),
        denied_at=_epoch(history.get("DeniedTimestamp")),
        denied_reasons=reasons,
        field_feedback=feedback,
        field_values=values,
    )


def _field_value(item: Mapping[str, Any]) -> str | list[str]:
    if "SelectChoices" in item:
        return [str(choice) for choice in item["SelectChoices"]]
    return str(item.get("TextValue") or item.get("RegistrationAttachmentId") or "")


def _epoch(value: Any) -> float | None:
    """boto3 parses timestamps into aware datetimes; plain numbers pass through."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    return float(value)
