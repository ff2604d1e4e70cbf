"""Seed rejection-table rows, named once, as ``"Table: reason as written"`` (see data/seed_coverage.json).

A test checks that each constant here is a row of the coverage map, so a typo cannot creep in.
"""

from __future__ import annotations

AWS_OPT_IN_MISSING = "AWS: Compliant Opt In Missing"
AWS_BUSINESS_CONNECTION = "AWS: Invalid Business Connection"
AWS_COMPANY_INFO = "AWS: Invalid Company Info"
AWS_MULTI_NUMBERS = "AWS: Invalid Multi Numbers"
AWS_OVERALL = "AWS: Invalid Overall"
AWS_URL = "AWS: Invalid URL"
AWS_NON_COMPLIANT_OPT_IN = "AWS: Non Compliant Opt In"
AWS_OPT_IN_CONSENT = "AWS: Non Compliant Opt In Consent"
AWS_OPT_IN_THIRD_PARTY = "AWS: Non Compliant Opt In Third Party"
AWS_USE_CASE = "AWS: Non Compliant Use Case"
SINCH_ALCOHOL_AGE_GATE = "Sinch: Content Violation - SHAFT - Alcohol with no robust age gate"
SINCH_AGE_GATE = "Sinch: Campaign Violation - Age Gate Not Present / Not Acceptable"
SINCH_URL_SHORTENER = "Sinch: High Risk - Public URL Shortener"
SINCH_INSECURE_URL = "Sinch: High Risk - Non-secured URL"
SINCH_SAMPLES_INCOMPLETE = (
    "Sinch: Message Program Detail Issues - Message Content Does Not Align with Use Case or is Incomplete"
)
SINCH_CONFIRMATION_DETAILS = "Sinch: Message Program Detail Issues - Confirmation Message Missing Required Details"
SINCH_HELP_RESPONSE = "Sinch: Message Program Detail Issues - HELP Keyword Response Must Meet Compliance Requirements"
SINCH_NO_BUSINESS_NAME = "Sinch: High Risk - No Business Name (Branded) in the Messages Samples Provided = SPAM"
SINCH_BUSINESS_INFO_INVALID = "Sinch: Business Information Issues - Business Information Could Not Be Verified - Contact, Email, Address, or URL Is Invalid"
SINCH_OFFICIAL_EMAIL_DOMAIN = "Sinch: Business Information Issues - Business Email Address Must Use an Official Domain"
SINCH_CONTACT_NAME = "Sinch: Business Information Issues - Contact Name Must Belong to a Business Representative"
SINCH_SOCIAL_PLATFORM = "Sinch: Business Website Issues - Social Platform Must Be Established and Active"
SINCH_WEBSITE_LOGIN = "Sinch: Business Website Issues - Website Is Password Protected or Requires Login"
SINCH_WEBSITE_URL = "Sinch: Business Website Issues - Invalid or Inaccessible Website URL"
SINCH_POLICY_URLS = "Sinch: Business Website Issues - Privacy Policy or Terms & Conditions URL Is Missing, Inaccessible, or Lacks Content"
SINCH_VOLUME = "Sinch: Message Program Detail Issues - Projected Message Volume Exceeds Use Case Limits"
SINCH_ISV_CONTACT = "Sinch: Invalid Information - ISV Contact Information Provided, Need Assigned End User"
SINCH_CHARITY = "Sinch: Business Information Issues - Charitable Organization Must Be 501(c)(3) and Provide Valid Accreditation URL for donation solicitation"
SINCH_CAMPAIGN_VERIFY = "Sinch: Message Program Detail - No Campaign Verify Token"
SINCH_USE_CASE_INCONSISTENT = "Sinch: Message Program Detail Issues - Use Case and Use Case Summary Inconsistent"
SINCH_MARKETING_CONSENT = "Sinch: Opt-in and Consent Issues - Marketing Messages Require Express Written Consent"
SINCH_SINGLE_OPT_IN_MULTI_USE = "Sinch: Opt-in and Consent Issues - Single Opt-In for Multiple Use Cases Is Not Allowed"
SINCH_CONSENT_LANGUAGE = (
    "Sinch: Opt-in and Consent Issues - Opt-in - Consent for messaging is a requirement for service"
)
SINCH_CONSENT_OPTIONAL = "Sinch: Opt-in and Consent Issues - Agreeing to Receive Messages Must Be Optional"
SINCH_OPT_IN_END_BUSINESS = "Sinch: Opt-in and Consent Issues - Opt-Ins Must Clearly Reflect the End Business"
SINCH_PRESELECTED = "Sinch: Opt-in and Consent Issues - Opt-In Checkbox is Pre-selected"
SINCH_OPT_IN_EXAMPLE = "Sinch: Opt-in and Consent Issues - Opt-In Example Must Be Complete, Branded, and Legible"
SINCH_VERBAL_SCRIPT = "Sinch: Opt-in and Consent Issues - Verbal Consent Script Must Be Provided for Approval"
SINCH_NO_OPT_IN = "Sinch: Opt-in and Consent Issues - Opt-in - No opt-in provided"
SINCH_PRIVACY_POLICY_REQUIRED = (
    "Sinch: Privacy Policy or Terms and Conditions Issues - Privacy Policy Required if Personal Data Is Collected"
)
SINCH_OPT_IN_DATA_SHARED = "Sinch: Privacy Policy or Terms and Conditions Issues - Opt-In Data Cannot Be Shared, Transferred, Rented, or Sold to Third Parties"
SINCH_NUMBER_SHARED = (
    "Sinch: Business Information Issues - Toll-Free Number Cannot Be Shared Across Multiple Businesses"
)
SINCH_MORE_THAN_5_NUMBERS = "Sinch: Additional Information Requested - Justification for more than 5 numbers / business"
TWILIO_ALCOHOL_AGE_GATE = "Twilio: Content Violation - SHAFT - Alcohol with no robust age gate"
TWILIO_AGE_GATE = "Twilio: Campaign Violation - Age Gate Not Present / Not Acceptable"
TWILIO_URL_SHORTENER = "Twilio: High Risk - Public URL Shortener"
TWILIO_INSECURE_URL = "Twilio: High Risk - Non-secured URL"
TWILIO_BUSINESS_INFO = "Twilio: Invalid Information - Can't Verify Business Information"
TWILIO_URL = "Twilio: Invalid Information - Can't Validate URL"
TWILIO_ISV_CONTACT = "Twilio: Invalid Information - ISV Contact Information Provided, Need Assigned End User"
TWILIO_EXPRESS_CONSENT = "Twilio: Opt-in - Not sufficient for campaign type - Express Consent Required"
TWILIO_CONSENT_LANGUAGE = "Twilio: Opt-in - Consent for messaging is a requirement for service"
TWILIO_NO_OPT_IN = "Twilio: Opt-in - No opt-in provided"
TWILIO_OPT_IN_SHARED = "Twilio: Opt-in is shared with 3rd Parties"
TWILIO_NUMBER_SHARED = "Twilio: Campaign Violation - Single Number Used for Multiple Businesses"
TWILIO_MORE_THAN_5_NUMBERS = (
    "Twilio: Additional Information Requested - Justification for more than 5 numbers / business"
)
TWILIO_SEX = "Twilio: Content Violation - SHAFT - Sex"
TWILIO_HATE = "Twilio: Content Violation - SHAFT - Hate"
TWILIO_FIREARMS = "Twilio: Content Violation - SHAFT - Firearms"
TWILIO_TOBACCO_VAPE = "Twilio: Content Violation - SHAFT - Tobacco / Vape"
TWILIO_CBD_MARIJUANA = "Twilio: Content Violation - SHAFT - CBD/Marijuana"
TWILIO_LOAN_MARKETING = "Twilio: Disallowed Content - Loan Marketing"
TWILIO_DEBT_COLLECTION = "Twilio: Disallowed Content - 3rd Party Debt Collection"
TWILIO_GAMBLING = "Twilio: Disallowed Content - Gambling"
TWILIO_SWEEPSTAKES = "Twilio: Disallowed Content - Sweepstakes"
TWILIO_STOCK_ALERTS = "Twilio: Disallowed Content - Stock Alerts"
TWILIO_CRYPTOCURRENCY = "Twilio: Disallowed Content - Cryptocurrency"
TWILIO_RISK_INVESTMENT = "Twilio: Disallowed Content - Risk Investment"
TWILIO_DEBT_REDUCTION = "Twilio: Disallowed Content - Debt Reduction"
TWILIO_CREDIT_REPAIR = "Twilio: Disallowed Content - Credit Repair"
TWILIO_LEAD_GENERATION = "Twilio: Disallowed Content - 3rd Party Lead Generation"
TWILIO_ILLEGAL_SUBSTANCES = "Twilio: Disallowed Content - Federally Illegal Substances"
TWILIO_DECEPTIVE = "Twilio: High Risk - Deceptive Marketing"

# The guide's "10DLC campaign registration rejection reasons" table, short descriptions as written.
DLC_ATTRIBUTES = "10DLC: Campaign Attributes don't match the website, sample message content, or both."
DLC_USE_CASE_SAMPLES = "10DLC: Use case and message samples are inconsistent."
DLC_COMPANY_SAMPLES = "10DLC: Company and message samples are inconsistent or missing message samples."
DLC_CANNABIS = (
    "10DLC: Use case, message samples, or both are considered restricted or disallowed by mobile operators; "
    "prohibited content: cannabis."
)
DLC_GUNS = (
    "10DLC: Use case, message samples, or both are considered restricted or disallowed by mobile operators; "
    "prohibited content: guns/ammo."
)
DLC_SHAFT = (
    "10DLC: Use case, message samples, or both are considered restricted or disallowed by mobile operators; "
    "prohibited content: SHAFT."
)
DLC_GAMBLING = (
    "10DLC: Use case, message samples, or both are considered restricted or disallowed by mobile operators; "
    "prohibited content: gambling."
)
DLC_HATE = (
    "10DLC: Use case, message samples, or both are considered restricted or disallowed by mobile operators; "
    "prohibited content: hate."
)
DLC_ALCOHOL_AGE_GATE = (
    "10DLC: Use case, message samples, or both are considered restricted or disallowed by mobile operators; "
    "prohibited content: alcohol with failure to age gate."
)
DLC_TOBACCO_AGE_GATE = (
    "10DLC: Use case, message samples, or both are considered restricted or disallowed by mobile operators; "
    "prohibited content: tobacco/vape with failure to age gate."
)
DLC_LEAD_GEN_OTHER = (
    "10DLC: Use case, message samples or both are considered restricted or disallowed by mobile operators; "
    "prohibited use case: lead generation/affiliate marketing; other."
)
DLC_LEAD_GEN_FINANCIAL = (
    "10DLC: Use case, message samples or both are considered restricted or disallowed by mobile operators; "
    "prohibited use case: lead generation/affiliate marketing; high risk financial."
)
DLC_ISV = "10DLC: ISV/Reseller. Company information and service information/message samples mismatch."
DLC_DIRECT_LENDING = (
    "10DLC: Campaign appears to be Direct Lending Arrangement but appropriate Content Attribute was not selected."
)
DLC_UNOFFICIAL_EMAIL = (
    "10DLC: Unofficial email domain for what appears to be large company that would have an official domain."
)
DLC_OPT_IN = "10DLC: Opt-in process not compliant or opt-in isn't explicit."
DLC_WEBSITE = "10DLC: Website not provided or not working."

# Requirements the guide's 10DLC brand and campaign forms state, where the table has no row of its own.
FORM_LEGAL_NAME = "10DLC form: Brand - the legal company name must exactly match the name associated with the tax ID"
FORM_EIN = "10DLC form: Brand - an entity with an IRS Employer Identification Number enters its nine-digit EIN"
FORM_CANADA_BN = "10DLC form: Brand - a Canadian entity enters its Corporation number, not the CRA Business Number (BN)"
FORM_TAX_COUNTRY = "10DLC form: Brand - the tax ID depends on the country the company is registered in"
FORM_US_ONLY_TYPES = (
    "10DLC form: Brand - US government and Not-for-profit can only register United States-based organizations"
)
FORM_PUBLIC_STOCK = "10DLC form: Brand - Public for profit requires the stock symbol and the stock exchange"
FORM_SHORTENER = "10DLC form: Campaign - links from common URL shorteners such as TinyUrl or Bit.ly are not allowed"
FORM_KEYWORD_LENGTH = "10DLC form: Campaign - HELP and STOP responses must contain 160 characters or fewer"
FORM_POLICY_LINKS = (
    "10DLC form: Campaign - the opt-in includes links to publicly accessible Terms & Conditions and Privacy Policy"
)
