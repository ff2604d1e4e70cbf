"""Field paths of the US toll-free registration that rules read (as the API spells them)."""

from __future__ import annotations

COMPANY_NAME = "companyInfo.companyName"
WEBSITE = "companyInfo.website"
ADDRESS1 = "companyInfo.address1"
ZIP_CODE = "companyInfo.zipCode"
FIRST_NAME = "contactInfo.firstName"
LAST_NAME = "contactInfo.lastName"
SUPPORT_EMAIL = "contactInfo.supportEmail"
SUPPORT_PHONE = "contactInfo.supportPhoneNumber"
VOLUME = "messagingUseCase.monthlyMessageVolume"
CATEGORY = "messagingUseCase.useCaseCategory"
USE_CASE_DETAILS = "messagingUseCase.useCaseDetails"
OPT_IN_TYPE = "messagingUseCase.optInType"
OPT_IN_DESCRIPTION = "messagingUseCase.optInDescription"
OPT_IN_IMAGE = "messagingUseCase.optInImage"
PRIVACY_URL = "messagingUseCase.privacyPolicyUrl"
TERMS_URL = "messagingUseCase.termsAndConditionsUrl"
SAMPLE_SECTION = "messageSamples"
URL_FIELDS = (WEBSITE, PRIVACY_URL, TERMS_URL)

# Fields that can identify a person (a sole proprietor's company name, address and tax ID; the
# contact's name, email and phone): a finding on them never carries an excerpt of the value, not even
# for the CLI. The website is public and is the exception.
PERSONAL_SECTIONS = ("companyInfo.", "contactInfo.")


def is_personal(field: str) -> bool:
    """True when no excerpt of ``field``'s value may appear in any output."""
    return field.startswith(PERSONAL_SECTIONS) and field != WEBSITE
