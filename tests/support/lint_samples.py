"""A compliant toll-free registration to vary in unit tests (invented business, reserved domain)."""

from __future__ import annotations

import dataclasses

from sms_runtime.lint import RegistrationInput
from sms_runtime.registration.field_definitions import FieldValue

SITE = "https://www.brightpathdental.example"
STD = "Msg frequency varies. Msg & data rates may apply. Reply HELP for help, STOP to cancel."
FIELDS: dict[str, FieldValue] = {
    "companyInfo.companyName": "BrightPath Dental Group LLC",
    "companyInfo.website": SITE,
    "companyInfo.address1": "410 Larkspur Avenue",
    "companyInfo.city": "Stockton",
    "companyInfo.state": "CA",
    "companyInfo.zipCode": "95204",
    "companyInfo.isoCountryCode": "US",
    "companyInfo.businessType": "SOLE_PROPRIETOR",
    "contactInfo.firstName": "Alma",
    "contactInfo.lastName": "Reyes",
    "contactInfo.supportEmail": "frontdesk@brightpathdental.example",
    "contactInfo.supportPhoneNumber": "+12095550143",
    "messagingUseCase.monthlyMessageVolume": "1,000",
    "messagingUseCase.useCaseCategory": "ACCOUNT_NOTIFICATIONS",
    "messagingUseCase.optInType": "DIGITAL_FORM",
    "messagingUseCase.optInDescription": (
        f"Patients book at {SITE}/book. An optional, unchecked checkbox reads: 'I agree to receive appointment "
        f"reminder texts from BrightPath Dental. {STD}' Mobile opt-in data will not be shared with third parties."
    ),
    "messagingUseCase.privacyPolicyUrl": f"{SITE}/privacy",
    "messagingUseCase.termsAndConditionsUrl": f"{SITE}/sms-terms",
    "messageSamples.messageSample1": "BrightPath Dental: see you Tue 6/9 at 10:30 AM. Reply STOP to opt out.",
}


def registration(name: str = "brightpath", **changes: FieldValue) -> RegistrationInput:
    """The compliant registration with some fields replaced (keyword names use __ for dots)."""
    fields = dict(FIELDS)
    fields.update({key.replace("__", "."): value for key, value in changes.items()})
    return RegistrationInput(name, "US_TOLL_FREE_REGISTRATION", fields)


def with_fields(reg: RegistrationInput, **changes: FieldValue) -> RegistrationInput:
    fields = dict(reg.fields)
    fields.update({key.replace("__", "."): value for key, value in changes.items()})
    return dataclasses.replace(reg, fields=fields)
