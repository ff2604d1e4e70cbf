"""Contact rules: an official email on the business's own domain, a real person, an E.164 phone.

The Singapore sender ID registration has the same contact and company fields, so these rules read it too.
"""

from __future__ import annotations

from collections.abc import Iterable

from sms_runtime.lint import data, paths
from sms_runtime.lint import reasons as r
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.rules import SG_SENDER_ID, TOLL_FREE, Hit, rule
from sms_runtime.lint.text import (
    compile_linear,
    host_in,
    normalized_words,
    parse_url_field,
    registrable_domain,
)

_EMAIL = compile_linear(
    r"^[A-Za-z0-9._%+\-]+@(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})$"
)
_E164 = compile_linear(r"^\+[1-9]\d{7,14}$")
_DIGIT_OR_AT = compile_linear(r"[\d@]")
SAME_FIELDS = (TOLL_FREE, SG_SENDER_ID)  # the types with these contact and company field paths


def domain_of(address: str) -> str | None:
    """The lower-case domain of a well-formed email address, or None."""
    match = _EMAIL.match(address.strip())
    return match.group("domain").lower() if match else None


def email_domain(ctx: LintContext) -> str | None:
    return domain_of(ctx.text(paths.SUPPORT_EMAIL))


def free_mail(domain: str) -> str | None:
    """The free-mail provider ``domain`` belongs to, or None."""
    listed = host_in(domain, data.words("domains", "free_mail"))
    if listed:
        return listed
    label = registrable_domain(domain).split(".")[0]
    return domain if label in data.words("domains", "free_mail_providers") else None


@rule(
    "TFN-CONTACT-EMAIL-FORMAT",
    "error",
    "The support email is not a well-formed address.",
    [r.SINCH_BUSINESS_INFO_INVALID, r.TWILIO_BUSINESS_INFO],
    "Give one address like support@yourbusiness.example, with no spaces or display name.",
    types=SAME_FIELDS,
)
def email_format(ctx: LintContext) -> Iterable[Hit]:
    if ctx.has(paths.SUPPORT_EMAIL) and email_domain(ctx) is None:
        yield Hit(paths.SUPPORT_EMAIL, "the support email is not an email address")


@rule(
    "TFN-CONTACT-FREEMAIL",
    "error",
    "The support email is on a free-mail domain (Gmail, Yahoo, Outlook...).",
    [r.SINCH_OFFICIAL_EMAIL_DOMAIN],
    "Use an address on the business's own domain, e.g. support@yourbusiness.example.",
    types=SAME_FIELDS,
)
def freemail(ctx: LintContext) -> Iterable[Hit]:
    domain = email_domain(ctx)
    provider = free_mail(domain) if domain else None
    if provider:
        yield Hit(paths.SUPPORT_EMAIL, f"the support email is on {provider}, a free-mail domain")


@rule(
    "TFN-CONTACT-EMAIL-DOMAIN",
    "warning",
    "The support email's domain differs from the website's: contact and company look unconnected.",
    [r.AWS_BUSINESS_CONNECTION, r.SINCH_ISV_CONTACT, r.TWILIO_ISV_CONTACT],
    "Use a contact at the business itself, with an email on the website's domain (subdomains are fine).",
    types=SAME_FIELDS,
)
def email_domain_matches_website(ctx: LintContext) -> Iterable[Hit]:
    domain = email_domain(ctx)
    website = parse_url_field(ctx.text(paths.WEBSITE))
    if not domain or free_mail(domain) or website.problem:
        return
    if registrable_domain(domain) != registrable_domain(website.host):
        yield Hit(paths.SUPPORT_EMAIL, "the support email's domain is not the website's domain")


@rule(
    "TFN-CONTACT-NAME",
    "error",
    "The contact name is a role ('Admin', 'Support'), a partial name or the company, not a person.",
    [r.SINCH_CONTACT_NAME],
    "Give the full first and last name of a person authorised to represent the business.",
    types=SAME_FIELDS,
)
def contact_name(ctx: LintContext) -> Iterable[Hit]:
    generic = set(data.words("contact", "generic_names"))
    first, last = ctx.text(paths.FIRST_NAME).strip(), ctx.text(paths.LAST_NAME).strip()
    full = normalized_words(f"{first} {last}").strip()
    for field, name in ((paths.FIRST_NAME, first), (paths.LAST_NAME, last)):
        if not name:
            continue
        letters = sum(ch.isalpha() for ch in name)
        if normalized_words(name).strip() in generic:
            yield Hit(field, "the name is a role, not a person's name")
        elif letters < 2 or _DIGIT_OR_AT.search(name):
            yield Hit(field, "the name is not a full personal name")
    if first and last and (full in generic or full in ctx.brand.forms):
        yield Hit(paths.FIRST_NAME, "the first and last name name a role or the company, not a person")


@rule(
    "TFN-CONTACT-PHONE-E164",
    "error",
    "The support phone number is not in E.164 form (+, country code, digits; no spaces or dashes).",
    [r.SINCH_BUSINESS_INFO_INVALID, r.TWILIO_BUSINESS_INFO],
    "Write it like +12065550142: a plus, the country code and the number, nothing else.",
    types=SAME_FIELDS,
)
def phone(ctx: LintContext) -> Iterable[Hit]:
    number = ctx.text(paths.SUPPORT_PHONE)
    if not number:
        return
    if not _E164.match(number):
        yield Hit(paths.SUPPORT_PHONE, "the support phone number is not E.164 (e.g. +12065550142)")
    elif number.startswith("+1") and len(number) != 12:
        yield Hit(paths.SUPPORT_PHONE, "the support phone number starts with +1 but has not exactly 10 digits after it")
