"""Embedded links and phone numbers: what the samples show against what the campaign declares.

Part of the 10DLC campaign rules (see ``sms_runtime.lint.checks.ten_dlc``).
"""

from __future__ import annotations

from collections.abc import Iterable

from sms_runtime.lint import data, paths
from sms_runtime.lint import reasons as r
from sms_runtime.lint.checks.ten_dlc.common import (
    CAMPAIGN,
    WORKFLOW,
    declared_no,
    national,
    phone_numbers,
    yes,
)
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.rules import Hit, rule
from sms_runtime.lint.text import find_urls, host_in


@rule(
    "DLC-EMBEDDED-LINK-UNDECLARED",
    "error",
    "A sample contains a link, but the campaign declares no embedded link.",
    [r.DLC_ATTRIBUTES],
    "Set campaignUseCase.embeddedLink to Yes and give campaignUseCase.embeddedLinkSample, or drop the link.",
    types=CAMPAIGN,
)
def link_undeclared(ctx: LintContext) -> Iterable[Hit]:
    if not declared_no(ctx, paths.DLC_EMBEDDED_LINK):
        return
    for field, text in ctx.samples:
        urls = find_urls(text)
        if urls:
            yield Hit(field, "the sample has a link but embeddedLink is No", detail=urls[0].text)


@rule(
    "DLC-EMBEDDED-LINK-UNUSED",
    "warning",
    "The campaign declares embedded links, but no sample shows one.",
    [r.DLC_ATTRIBUTES],
    "Show the link in a sample as it will be sent, or set campaignUseCase.embeddedLink to No.",
    types=CAMPAIGN,
)
def link_unused(ctx: LintContext) -> Iterable[Hit]:
    if yes(ctx, paths.DLC_EMBEDDED_LINK) and ctx.samples and not any(find_urls(t) for _f, t in ctx.samples):
        yield Hit(paths.DLC_EMBEDDED_LINK, "embeddedLink is Yes but no sample contains a link")


@rule(
    "DLC-URL-SHORTENER",
    "error",
    "A link uses a public URL shortener, which the guide says is not allowed.",
    [r.FORM_SHORTENER, r.DLC_ATTRIBUTES],
    "Use the full link on your own domain, or a shortener on a custom domain you own.",
    types=CAMPAIGN,
)
def shortener(ctx: LintContext) -> Iterable[Hit]:
    shorteners = data.words("domains", "url_shorteners")
    fields = (paths.DLC_EMBEDDED_LINK_SAMPLE, WORKFLOW, paths.DLC_OPT_IN_MESSAGE, paths.DLC_HELP_MESSAGE)
    texts = [(field, ctx.text(field)) for field in fields if ctx.has(field)] + ctx.samples
    for field, text in texts:
        for url in find_urls(text):
            found = host_in(url.host, shorteners)
            if found:
                yield Hit(field, f"a link uses the public shortener {found}", detail=url.text)


def _support_numbers(ctx: LintContext) -> set[str]:
    """Numbers that are customer care: the brand's support phone and those in the HELP/STOP responses."""
    texts = [ctx.brand_field(paths.DLC_BRAND_SUPPORT_PHONE), ctx.text(paths.DLC_HELP_MESSAGE)]
    texts.append(ctx.text(paths.DLC_STOP_MESSAGE))
    return {national(number) for text in texts for number in phone_numbers(text)}


@rule(
    "DLC-EMBEDDED-PHONE-UNDECLARED",
    "error",
    "A sample contains a phone number that is not the support number, but the campaign declares none.",
    [r.DLC_ATTRIBUTES],
    "Set campaignUseCase.embeddedPhone to Yes, or use only the brand's support number in messages.",
    types=CAMPAIGN,
)
def phone_undeclared(ctx: LintContext) -> Iterable[Hit]:
    if ctx.sender_brand is None or not declared_no(ctx, paths.DLC_EMBEDDED_PHONE):
        return  # without the brand its support number is unknown: any number might be it
    support = _support_numbers(ctx)
    for field, text in ctx.samples:
        if any(national(number) not in support for number in phone_numbers(text)):
            yield Hit(field, "the sample has a phone number other than the support number but embeddedPhone is No")


@rule(
    "DLC-EMBEDDED-PHONE-UNUSED",
    "warning",
    "The campaign declares an embedded phone number, but no sample shows one.",
    [r.DLC_ATTRIBUTES],
    "Show the number in a sample as it will be sent, or set campaignUseCase.embeddedPhone to No.",
    types=CAMPAIGN,
)
def phone_unused(ctx: LintContext) -> Iterable[Hit]:
    if yes(ctx, paths.DLC_EMBEDDED_PHONE) and ctx.samples and not any(phone_numbers(t) for _f, t in ctx.samples):
        yield Hit(paths.DLC_EMBEDDED_PHONE, "embeddedPhone is Yes but no sample contains a phone number")
