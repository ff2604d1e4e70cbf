"""Brand rules: every sample names the registered business, and no one else's.

An ISV that registers its own company and then sends as its customers ("Joe's Pizza: your order...")
is the classic rejection; so is a sample with no brand at all, which carriers read as spam.
"""

from __future__ import annotations

from collections.abc import Iterable

from sms_runtime.lint import data, paths
from sms_runtime.lint import reasons as r
from sms_runtime.lint.checks.optin import described
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.rules import Hit, rule
from sms_runtime.lint.text import compile_linear, normalized_words, phrases

# "Brand: text" or "[Brand] text" at the start of a message, the usual way senders sign.
_SIGNATURE = compile_linear(r"^\s*(?:\[(?P<bracket>[^\]\n]{2,40})\]|(?P<colon>[A-Z0-9][^:\n]{1,40}?)\s*:\s)")


def signature(sample: str) -> str | None:
    """The sender label a sample starts with, if it looks like a business name."""
    match = _SIGNATURE.match(sample)
    if not match:
        return None
    label = (match.group("bracket") or match.group("colon")).strip()
    words = label.split()
    if not 1 <= len(words) <= 5 or normalized_words(label).strip() in data.words("brand", "generic_sample_labels"):
        return None
    capitalised = all(word[0].isupper() or word[0].isdigit() or word in ("&", "and", "of") for word in words)
    return label if capitalised else None


def other_business(ctx: LintContext, sample: str) -> str | None:
    """The other business a sample is signed as, when it does not name the registered one."""
    label = signature(sample)
    if label is None or ctx.brand.named_in(sample):
        return None
    return label


@rule(
    "TFN-BRAND-MISSING",
    "error",
    "A message sample does not name the registered business; unbranded messages are treated as spam.",
    [r.SINCH_NO_BUSINESS_NAME, r.SINCH_SAMPLES_INCOMPLETE],
    "Start every sample with the business name, e.g. 'BrightPath Dental: ...'.",
)
def brand_missing(ctx: LintContext) -> Iterable[Hit]:
    if not ctx.has(paths.COMPANY_NAME):
        return
    for field, text in ctx.samples:
        if not ctx.brand.named_in(text) and other_business(ctx, text) is None:
            yield Hit(field, f"the sample does not name the registered business ({paths.COMPANY_NAME})")


@rule(
    "TFN-BRAND-OTHER-BUSINESS",
    "error",
    "A message sample is signed as another business: the number would send for a third party.",
    [r.SINCH_NO_BUSINESS_NAME, r.AWS_BUSINESS_CONNECTION, r.SINCH_ISV_CONTACT, r.TWILIO_NUMBER_SHARED],
    "Register the business that sends the messages (the ISV's customer), with its own number and details.",
)
def brand_other(ctx: LintContext) -> Iterable[Hit]:
    if not ctx.has(paths.COMPANY_NAME):
        return
    for field, text in ctx.samples:
        label = other_business(ctx, text)
        if label is not None:
            yield Hit(field, f"the sample is signed as another business, not {paths.COMPANY_NAME}", detail=label)


@rule(
    "TFN-OPTIN-BRAND",
    "warning",
    "The opt-in description does not name the registered business, so consent is not clearly to it.",
    [r.SINCH_OPT_IN_END_BUSINESS, r.AWS_OPT_IN_MISSING],
    "Name the business in the opt-in text exactly as users see it on the form or sign.",
)
def optin_brand(ctx: LintContext) -> Iterable[Hit]:
    text = ctx.text(paths.OPT_IN_DESCRIPTION)
    if ctx.has(paths.COMPANY_NAME) and described(ctx) and not ctx.brand.named_in(text):
        yield Hit(paths.OPT_IN_DESCRIPTION, f"the opt-in description does not name the business ({paths.COMPANY_NAME})")


@rule(
    "TFN-ISV-ON-BEHALF",
    "error",
    "The registration describes sending on behalf of other businesses (ISV or reseller).",
    [
        r.AWS_BUSINESS_CONNECTION,
        r.SINCH_ISV_CONTACT,
        r.TWILIO_ISV_CONTACT,
        r.SINCH_OPT_IN_END_BUSINESS,
        r.SINCH_NUMBER_SHARED,
        r.TWILIO_NUMBER_SHARED,
    ],
    "Register each end business separately with its own name, contact, website and toll-free number.",
)
def isv(ctx: LintContext) -> Iterable[Hit]:
    matcher = phrases("phrases", "isv")
    for field in (paths.USE_CASE_DETAILS, paths.OPT_IN_DESCRIPTION):
        found = matcher.first(ctx.text(field))
        if found:
            yield Hit(
                field, "ISV wording: a toll-free number serves one business, not an ISV's customers", detail=found
            )
