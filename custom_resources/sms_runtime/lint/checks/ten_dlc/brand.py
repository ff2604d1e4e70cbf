"""10DLC brand rules: the legal name and tax ID agree with the company fields; official email; a website.

The guide's brand form: the legal company name "must be an exact match for the company name that's
associated with the tax ID"; an entity with an IRS EIN enters its nine digits; a Canadian entity its
Corporation number, not the CRA Business Number; US government and Not-for-profit only for US-based
organisations; Public for profit needs the stock symbol and exchange. The campaign table adds the
brand-side rejections: an unofficial email domain, a website not provided or not working. Nothing
here reads a value into a message: every field of the brand is a company or contact field.
"""

from __future__ import annotations

from collections.abc import Iterable

from sms_runtime.lint import data, paths
from sms_runtime.lint import reasons as r
from sms_runtime.lint.checks.contact import domain_of, free_mail
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.rules import TEN_DLC_BRAND, Hit, rule
from sms_runtime.lint.text import (
    compile_linear,
    find_urls,
    host_in,
    normalized_words,
    parse_url_field,
    registrable_domain,
)

BRAND = (TEN_DLC_BRAND,)
_EIN = compile_linear(r"\d{2}-?\d{7}")
_SSN = compile_linear(r"\d{3}-\d{2}-\d{4}")
# The CRA Business Number: nine digits, optionally with a program account ("RC0001").
_CRA_BN = compile_linear(r"\d{9}(?:\s?[A-Za-z]{2}\s?\d{4})?")
EMAIL_FIELDS = (paths.DLC_BRAND_SUPPORT_EMAIL, paths.DLC_BRAND_CONTACT_EMAIL)


def _domain(ctx: LintContext, field: str) -> str | None:
    return domain_of(ctx.text(field))


def _website_host(ctx: LintContext) -> str | None:
    parsed = parse_url_field(ctx.text(paths.DLC_BRAND_WEBSITE))
    return None if parsed.problem else parsed.host


@rule(
    "DLC-BRAND-TAX-ID-FORMAT",
    "error",
    "The tax ID is not in the form its issuing country uses (a nine-digit EIN for US; not the CRA BN for Canada).",
    [r.FORM_EIN, r.FORM_CANADA_BN, r.FORM_LEGAL_NAME],
    "US: the nine-digit EIN (12-3456789), never an SSN. Canada: the federal or provincial Corporation number.",
    types=BRAND,
)
def tax_id_format(ctx: LintContext) -> Iterable[Hit]:
    tax_id = ctx.text(paths.DLC_BRAND_TAX_ID).strip()
    country = ctx.text(paths.DLC_BRAND_TAX_COUNTRY).strip()
    if not tax_id:
        return
    if country == "US" and _SSN.fullmatch(tax_id):
        yield Hit(paths.DLC_BRAND_TAX_ID, "the tax ID is written like a Social Security number, not an EIN")
    elif country == "US" and not _EIN.fullmatch(tax_id):
        yield Hit(paths.DLC_BRAND_TAX_ID, "a US tax ID must be the nine-digit EIN (12-3456789 or 123456789)")
    elif country == "CA" and _CRA_BN.fullmatch(tax_id):
        yield Hit(paths.DLC_BRAND_TAX_ID, "the tax ID looks like a CRA Business Number; give the Corporation number")


@rule(
    "DLC-BRAND-TAX-COUNTRY",
    "warning",
    "The tax ID's issuing country is neither the company's country nor the US (IRS EIN).",
    [r.FORM_TAX_COUNTRY, r.FORM_LEGAL_NAME],
    "Give the tax ID of the country the company is registered in (or its IRS EIN), and that country.",
    types=BRAND,
)
def tax_country(ctx: LintContext) -> Iterable[Hit]:
    issuing = ctx.text(paths.DLC_BRAND_TAX_COUNTRY).strip()
    country = ctx.text(paths.DLC_BRAND_COUNTRY).strip()
    if issuing and country and issuing not in (country, "US"):
        yield Hit(paths.DLC_BRAND_TAX_COUNTRY, "the tax ID is issued by another country than the company's")


def _has_legal_suffix(name: str) -> bool:
    words = normalized_words(name)
    return any(f" {suffix} " in words for suffix in data.words("brand", "legal_suffixes"))


@rule(
    "DLC-BRAND-LEGAL-NAME-WEB",
    "error",
    "The legal company name is a web address or the website's host name, never a name registered with a tax ID.",
    [r.FORM_LEGAL_NAME],
    "Enter the exact legal name on the tax record (e.g. 'BrightPath Dental Group LLC'); the website has its own field.",
    types=BRAND,
)
def legal_name_web(ctx: LintContext) -> Iterable[Hit]:
    name = ctx.text(paths.COMPANY_NAME).strip()
    if not name:
        return
    if find_urls(name):
        yield Hit(paths.COMPANY_NAME, "the legal company name is a web address")
        return
    host = _website_host(ctx)
    written_as_host = not any(c.isspace() for c in name) and not _has_legal_suffix(name)  # "LarkspurOutfitters"
    if host and written_as_host and _squashed(name) == registrable_domain(host).split(".")[0]:
        yield Hit(paths.COMPANY_NAME, "the legal company name is the website's host name, without a legal form")


@rule(
    "DLC-BRAND-LEGAL-NAME",
    "warning",
    "The legal company name is the brand (DBA) name without a legal form: likely not the name on the tax record.",
    [r.FORM_LEGAL_NAME],
    "Enter the exact legal name on the tax record (e.g. 'BrightPath Dental Group LLC'); put the brand in dbaName.",
    types=BRAND,
)
def legal_name(ctx: LintContext) -> Iterable[Hit]:
    """A warning, not an error: a company may be registered under exactly its brand, without a suffix."""
    name = ctx.text(paths.COMPANY_NAME).strip()
    if not name or find_urls(name) or _has_legal_suffix(name):
        return
    if ctx.choice(paths.DLC_BRAND_LEGAL_TYPE) not in data.words("ten_dlc", "profit_legal_types"):
        return  # non-profits and government bodies often have no legal-form suffix
    host = _website_host(ctx)
    if host and not any(c.isspace() for c in name) and _squashed(name) == registrable_domain(host).split(".")[0]:
        return  # written as the host name: DLC-BRAND-LEGAL-NAME-WEB says it
    if _squashed(name) == _squashed(ctx.text(paths.DLC_BRAND_DBA_NAME)):
        yield Hit(paths.COMPANY_NAME, "the legal company name is the DBA name, without a legal form (LLC, Inc, ...)")


def _squashed(text: str) -> str:
    return normalized_words(text).replace(" ", "")


@rule(
    "DLC-BRAND-STOCK",
    "error",
    "A public for-profit company with the stock exchange 'NONE'.",
    [r.FORM_PUBLIC_STOCK],
    "Give the exchange the company is listed on, or choose PRIVATE_PROFIT if it is not listed.",
    types=BRAND,
)
def stock(ctx: LintContext) -> Iterable[Hit]:
    if (
        ctx.choice(paths.DLC_BRAND_LEGAL_TYPE) == "PUBLIC_PROFIT"
        and ctx.choice(paths.DLC_BRAND_STOCK_EXCHANGE) == "NONE"
    ):
        yield Hit(paths.DLC_BRAND_STOCK_EXCHANGE, "PUBLIC_PROFIT needs the exchange the stock is listed on")


@rule(
    "DLC-BRAND-LEGAL-TYPE-COUNTRY",
    "error",
    "A non-profit or government legal type for a company outside the US.",
    [r.FORM_US_ONLY_TYPES],
    "Outside the US, register as PRIVATE_PROFIT whatever the organisation's legal form (the guide's rule).",
    types=BRAND,
)
def legal_type_country(ctx: LintContext) -> Iterable[Hit]:
    legal_type = ctx.choice(paths.DLC_BRAND_LEGAL_TYPE)
    country = ctx.text(paths.DLC_BRAND_COUNTRY).strip()
    if legal_type in data.words("ten_dlc", "us_only_legal_types") and country and country != "US":
        yield Hit(paths.DLC_BRAND_LEGAL_TYPE, f"{legal_type} is only for United States-based organizations")


@rule(
    "DLC-BRAND-FREEMAIL",
    "error",
    "A brand email is on a free-mail domain (Gmail, Yahoo, Outlook...), not the company's official domain.",
    [r.DLC_UNOFFICIAL_EMAIL],
    "Use an address on the company's own domain, e.g. support@yourbusiness.example.",
    types=BRAND,
)
def brand_freemail(ctx: LintContext) -> Iterable[Hit]:
    for field in EMAIL_FIELDS:
        domain = _domain(ctx, field)
        provider = free_mail(domain) if domain else None
        if provider:
            yield Hit(field, f"the email is on {provider}, a free-mail domain")


@rule(
    "DLC-BRAND-EMAIL-DOMAIN",
    "warning",
    "A brand email's domain differs from the website's: the email does not look official.",
    [r.DLC_UNOFFICIAL_EMAIL],
    "Use an email on the website's domain (subdomains are fine).",
    types=BRAND,
)
def brand_email_domain(ctx: LintContext) -> Iterable[Hit]:
    host = _website_host(ctx)
    if not host:
        return
    for field in EMAIL_FIELDS:
        domain = _domain(ctx, field)
        if domain and not free_mail(domain) and registrable_domain(domain) != registrable_domain(host):
            yield Hit(field, "the email's domain is not the website's domain")


@rule(
    "DLC-BRAND-WEBSITE",
    "error",
    "The brand's website is not a well-formed public web address.",
    [r.DLC_WEBSITE],
    "Give the full address of the company's website, e.g. https://www.yourbusiness.example.",
    types=BRAND,
)
def brand_website(ctx: LintContext) -> Iterable[Hit]:
    if ctx.has(paths.DLC_BRAND_WEBSITE):
        problem = parse_url_field(ctx.text(paths.DLC_BRAND_WEBSITE)).problem
        if problem:
            yield Hit(paths.DLC_BRAND_WEBSITE, f"the URL {problem}", detail=ctx.text(paths.DLC_BRAND_WEBSITE))


@rule(
    "DLC-BRAND-WEBSITE-SOCIAL",
    "warning",
    "The brand's website is a social-media profile; reviewers check the company's own website.",
    [r.DLC_WEBSITE],
    "Give the company's own website; if only a social profile exists, make sure it is established and public.",
    types=BRAND,
)
def brand_website_social(ctx: LintContext) -> Iterable[Hit]:
    host = _website_host(ctx)
    found = host_in(host, data.words("domains", "social_platforms")) if host else None
    if found:
        yield Hit(paths.DLC_BRAND_WEBSITE, f"the website is on {found}, a social platform")
