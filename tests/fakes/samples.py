"""Sample inputs shared by the handler tests and the benchmark: a complete, lint-clean TFN form."""

from __future__ import annotations

import hashlib
import struct
import zlib
from typing import Any

from sms_runtime.contract import AttachmentKeys, PhoneNumberProps, RegistrationProps

NUMBER_PROPERTIES: dict[str, Any] = {
    PhoneNumberProps.NUMBER_TYPE: "TOLL_FREE",
    PhoneNumberProps.ISO_COUNTRY_CODE: "US",
    PhoneNumberProps.MESSAGE_TYPE: "TRANSACTIONAL",
    PhoneNumberProps.NUMBER_CAPABILITIES: ["SMS"],
}

TFN_FIELDS: dict[str, Any] = {
    "companyInfo.companyName": "Example Clinic LLC",
    "companyInfo.website": "https://www.example-clinic.com",
    "companyInfo.address1": "100 Main Street",
    "companyInfo.city": "Seattle",
    "companyInfo.state": "WA",
    "companyInfo.zipCode": "98101",
    "companyInfo.isoCountryCode": "US",
    "companyInfo.businessType": ["PRIVATE_PROFIT"],
    "companyInfo.taxId": "12-3456789",
    "companyInfo.taxIdAuthority": ["EIN"],
    "companyInfo.taxIdCountry": "US",
    "contactInfo.firstName": "Jane",
    "contactInfo.lastName": "Doe",
    "contactInfo.supportEmail": "support@example-clinic.com",
    "contactInfo.supportPhoneNumber": "+12065550142",
    "messagingUseCase.monthlyMessageVolume": ["1,000"],
    "messagingUseCase.useCaseCategory": ["ACCOUNT_NOTIFICATIONS"],
    "messagingUseCase.useCaseDetails": (
        "Appointment reminders and rescheduling notices for patients who booked online and opted in."
    ),
    "messagingUseCase.optInType": ["DIGITAL_FORM"],
    "messagingUseCase.optInDescription": (
        "Patients opt in on https://www.example-clinic.com/book by ticking an unchecked box labelled "
        "'Text me appointment reminders from Example Clinic. Msg frequency varies, up to 4 msgs/month. "
        "Msg & data rates may apply. Reply HELP for help, STOP to cancel.' A screenshot is attached."
    ),
    "messagingUseCase.privacyPolicyUrl": "https://www.example-clinic.com/privacy",
    "messagingUseCase.termsAndConditionsUrl": "https://www.example-clinic.com/sms-terms",
    "messageSamples.messageSample1": (
        "Example Clinic: your appointment is on May 3 at 10:00. Reply C to confirm. Reply STOP to opt out."
    ),
}

OPT_IN_FIELD = "messagingUseCase.optInImage"


def png(width: int = 8, height: int = 8, padding: int = 0) -> bytes:
    """A valid PNG (``padding`` bytes of ancillary data make it as large as a test needs)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff" * (width * 3) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    extra = chunk(b"tEXt", b"Comment\x00" + b"x" * padding) if padding else b""
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + extra + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    )


def attachment_property(bucket: str, key: str, body: bytes, file_name: str = "opt-in.png") -> dict[str, str]:
    """The ``Attachments`` entry the construct passes for a file published as an asset."""
    return {
        AttachmentKeys.BUCKET: bucket,
        AttachmentKeys.KEY: key,
        AttachmentKeys.FILE_NAME: file_name,
        AttachmentKeys.SHA256: hashlib.sha256(body).hexdigest(),
    }


def registration_properties(
    phone_number_ids: list[str],
    *,
    attachments: dict[str, dict[str, str]] | None = None,
    submit: bool | str = True,
    fields: dict[str, Any] | None = None,
    registration_type: str = "US_TOLL_FREE_REGISTRATION",
    aws_review: bool | None = None,
    delete_draft_on_removal: bool | None = None,
    lint_suppressions: Any = None,
) -> dict[str, Any]:
    """A ``Custom::SmsRegistration``'s properties; the optional ones appear only when given.

    ``submit`` and ``lint_suppressions`` take any value, so a test can send what a template might.
    """
    optional = {
        RegistrationProps.AWS_REVIEW: aws_review,
        RegistrationProps.DELETE_DRAFT_ON_REMOVAL: delete_draft_on_removal,
        RegistrationProps.LINT_SUPPRESSIONS: lint_suppressions,
    }
    return {
        RegistrationProps.REGISTRATION_TYPE: registration_type,
        RegistrationProps.FIELDS: dict(fields if fields is not None else TFN_FIELDS),
        RegistrationProps.ATTACHMENTS: attachments or {},
        RegistrationProps.PHONE_NUMBER_IDS: phone_number_ids,
        RegistrationProps.SUBMIT: submit,
        **{key: value for key, value in optional.items() if value is not None},
    }
