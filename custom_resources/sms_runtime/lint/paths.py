"""Field paths that rules read, as the API spells them: toll-free first, then 10DLC brand and campaign."""

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

# US_TEN_DLC_BRAND_REGISTRATION (companyInfo.companyName is COMPANY_NAME above).
DLC_BRAND_TAX_COUNTRY = "companyInfo.taxIdIssuingCountry"
DLC_BRAND_TAX_ID = "companyInfo.taxId"
DLC_BRAND_LEGAL_TYPE = "companyInfo.legalType"
DLC_BRAND_STOCK_SYMBOL = "companyInfo.stockSymbol"
DLC_BRAND_STOCK_EXCHANGE = "companyInfo.stockExchange"
DLC_BRAND_CONTACT_EMAIL = "companyInfo.businessContactEmail"
DLC_BRAND_COUNTRY = "companyInfo.isoCountryCode"
DLC_BRAND_DBA_NAME = "contactInfo.dbaName"
DLC_BRAND_VERTICAL = "contactInfo.vertical"
DLC_BRAND_WEBSITE = "contactInfo.website"
DLC_BRAND_SUPPORT_EMAIL = SUPPORT_EMAIL
DLC_BRAND_SUPPORT_PHONE = SUPPORT_PHONE

# US_TEN_DLC_CAMPAIGN_REGISTRATION (message samples are SAMPLE_SECTION above).
DLC_DESCRIPTION = "campaignInfo.campaignName"
DLC_VERTICAL = "campaignInfo.vertical"
DLC_TERMS_LINK = "campaignInfo.termsAndConditionsLink"
DLC_TERMS_FILE = "campaignInfo.termsAndConditionsFile"
DLC_PRIVACY_LINK = "campaignInfo.privacyPolicyLink"
DLC_PRIVACY_FILE = "campaignInfo.privacyPolicyFile"
DLC_OPT_IN_WORKFLOW = "campaignInfo.optInWorkflow"
DLC_OPT_IN_KEYWORD = "campaignInfo.optInKeyword"
DLC_OPT_IN_MESSAGE = "campaignInfo.optInMessage"
DLC_HELP_MESSAGE = "campaignInfo.helpMessage"
DLC_STOP_MESSAGE = "campaignInfo.stopMessage"
DLC_MESSAGE_TYPE = "campaignCapabilities.messageType"
DLC_USE_CASE = "campaignUseCase.useCase"
DLC_SUB_USE_CASES = "campaignUseCase.subUseCases"
DLC_DIRECT_LENDING = "campaignUseCase.directLending"
DLC_EMBEDDED_LINK = "campaignUseCase.embeddedLink"
DLC_EMBEDDED_LINK_SAMPLE = "campaignUseCase.embeddedLinkSample"
DLC_EMBEDDED_PHONE = "campaignUseCase.embeddedPhone"
DLC_AGE_GATED = "campaignUseCase.ageGated"

# Fields that can identify a person (a sole proprietor's company name, address and tax ID; the
# contact's name, email and phone): a finding on them never carries an excerpt of the value, not even
# for the CLI. The website is public and is the exception.
PERSONAL_SECTIONS = ("companyInfo.", "contactInfo.")
PUBLIC_FIELDS = (WEBSITE, DLC_BRAND_WEBSITE)


def is_personal(field: str) -> bool:
    """True when no excerpt of ``field``'s value may appear in any output."""
    return field.startswith(PERSONAL_SECTIONS) and field not in PUBLIC_FIELDS
