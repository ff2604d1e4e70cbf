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


# A compliant 10DLC brand and a campaign of it (the corpus's ok-10dlc-retail-delivery, as Python values).
DLC_SITE = "https://www.larkspuroutfitters.example"
BRAND_FIELDS: dict[str, FieldValue] = {
    "companyInfo.companyName": "Larkspur Outfitters LLC",
    "companyInfo.taxIdIssuingCountry": "US",
    "companyInfo.taxId": "12-3456780",
    "companyInfo.legalType": "PRIVATE_PROFIT",
    "companyInfo.address": "88 Canyon Road",
    "companyInfo.city": "Boise",
    "companyInfo.state": "ID",
    "companyInfo.zipCode": "83702",
    "companyInfo.isoCountryCode": "US",
    "contactInfo.dbaName": "Larkspur Outfitters",
    "contactInfo.vertical": "RETAIL",
    "contactInfo.website": DLC_SITE,
    "contactInfo.supportEmail": "support@larkspuroutfitters.example",
    "contactInfo.supportPhoneNumber": "+12085550147",
}
CAMPAIGN_FIELDS: dict[str, FieldValue] = {
    "campaignInfo.campaignName": "Order and delivery updates for Larkspur Outfitters online customers",
    "campaignInfo.vertical": "RETAIL",
    "campaignInfo.termsAndConditionsLink": f"{DLC_SITE}/sms-terms",
    "campaignInfo.privacyPolicyLink": f"{DLC_SITE}/privacy",
    "campaignInfo.optInWorkflow": (
        f"At checkout on {DLC_SITE}/checkout customers may tick an optional, unchecked box reading: 'I agree to "
        f"receive order and delivery texts from Larkspur Outfitters. {STD}' Consent is not a condition of purchase."
    ),
    "campaignInfo.optInMessage": f"Larkspur Outfitters: you're subscribed to order and delivery alerts. {STD}",
    "campaignInfo.helpMessage": "Larkspur Outfitters Order Alerts: for help call +12085550147. Reply STOP to cancel.",
    "campaignInfo.stopMessage": "You are unsubscribed from Larkspur Outfitters Order Alerts. No more messages.",
    "campaignCapabilities.numberCapabilities": "SMS",
    "campaignCapabilities.messageType": "Transactional",
    "campaignUseCase.useCase": "DELIVERY_NOTIFICATION",
    "campaignUseCase.subscriberOptIn": "Yes",
    "campaignUseCase.subscriberOptOut": "Yes",
    "campaignUseCase.subscriberHelp": "Yes",
    "campaignUseCase.directLending": "No",
    "campaignUseCase.embeddedLink": "Yes",
    "campaignUseCase.embeddedLinkSample": f"{DLC_SITE}/track/58213",
    "campaignUseCase.embeddedPhone": "No",
    "campaignUseCase.ageGated": "No",
    "messageSamples.messageSample1": (
        f"Larkspur Outfitters: your order 58213 has shipped. Track it at {DLC_SITE}/track/58213. Reply STOP to opt out."
    ),
}


def ten_dlc_brand(name: str = "larkspur-brand", **changes: FieldValue) -> RegistrationInput:
    """The compliant 10DLC brand with some fields replaced (keyword names use __ for dots)."""
    fields = {**BRAND_FIELDS, **{key.replace("__", "."): value for key, value in changes.items()}}
    return RegistrationInput(name, "US_TEN_DLC_BRAND_REGISTRATION", fields)


def ten_dlc_campaign(
    name: str = "larkspur-delivery", brand: str = "larkspur-brand", **changes: FieldValue
) -> RegistrationInput:
    """The compliant 10DLC campaign, linked to ``brand``, with some fields replaced."""
    fields = {**CAMPAIGN_FIELDS, **{key.replace("__", "."): value for key, value in changes.items()}}
    return RegistrationInput(name, "US_TEN_DLC_CAMPAIGN_REGISTRATION", fields, brand=brand)
