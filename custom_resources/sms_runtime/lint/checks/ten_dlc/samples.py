"""Message samples: the brand named, opt-out language, the use case and vertical they show.

Part of the 10DLC campaign rules (see ``sms_runtime.lint.checks.ten_dlc``).
"""

from __future__ import annotations

from collections.abc import Iterable

from sms_runtime.lint import paths
from sms_runtime.lint import reasons as r
from sms_runtime.lint.checks.brand_rules import signature
from sms_runtime.lint.checks.samples import CODE_DIGITS
from sms_runtime.lint.checks.ten_dlc.common import (
    CAMPAIGN,
    WORKFLOW,
    ten_dlc_settings,
)
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.rules import Hit, rule
from sms_runtime.lint.text import phrases


@rule(
    "DLC-SAMPLE-BRAND",
    "error",
    "A message sample does not name the brand (its legal or DBA name); company and samples look unrelated.",
    [r.DLC_COMPANY_SAMPLES, r.DLC_OPT_IN],
    "Start every sample with the brand, e.g. 'BrightPath Dental: ...'.",
    types=CAMPAIGN,
)
def sample_brand(ctx: LintContext) -> Iterable[Hit]:
    brand = ctx.sender_brand
    if brand is None:
        return
    for field, text in ctx.samples:
        if not brand.named_in(text) and signature(text) is None:
            yield Hit(field, "the sample does not name the linked brand (its legal or DBA name)")


@rule(
    "DLC-SAMPLE-OTHER-BUSINESS",
    "error",
    "A message sample is signed as another business: the campaign would send for a third party (ISV/reseller).",
    [r.DLC_ISV, r.DLC_COMPANY_SAMPLES],
    "Register the business that sends the messages as the brand, and link the campaign to it.",
    types=CAMPAIGN,
)
def sample_other_business(ctx: LintContext) -> Iterable[Hit]:
    brand = ctx.sender_brand
    if brand is None:
        return
    for field, text in ctx.samples:
        label = signature(text)
        if label is not None and not brand.named_in(text):
            yield Hit(field, "the sample is signed as another business, not the linked brand", detail=label)


@rule(
    "DLC-SAMPLE-OPTOUT",
    "error",
    "No message sample carries opt-out language (Reply STOP), though the campaign declares subscriber opt-out.",
    [r.DLC_ATTRIBUTES],
    "Add 'Reply STOP to opt out' to at least the first sample (and to the messages you send).",
    types=CAMPAIGN,
)
def sample_opt_out(ctx: LintContext) -> Iterable[Hit]:
    if ctx.samples and not any(phrases("phrases", "opt_out").found(text) for _f, text in ctx.samples):
        yield Hit(ctx.samples[0][0], "no sample tells recipients how to opt out (e.g. 'Reply STOP to opt out')")


@rule(
    "DLC-USECASE-MISMATCH",
    "warning",
    "The samples do not fit the selected use case (no code for 2FA, promotional wording outside marketing).",
    [r.DLC_USE_CASE_SAMPLES],
    "Pick the use case the samples show (MARKETING or MIXED for promotions), or rewrite the samples.",
    types=CAMPAIGN,
)
def use_case_mismatch(ctx: LintContext) -> Iterable[Hit]:
    use_case = ctx.choice(paths.DLC_USE_CASE)
    if not use_case or not ctx.samples:
        return
    settings = ten_dlc_settings()
    if use_case in settings["code_use_cases"]:
        markers = phrases("phrases", "code_markers")
        if not any(markers.found(text) and CODE_DIGITS.search(text) for _f, text in ctx.samples):
            yield Hit(ctx.samples[0][0], f"no sample shows a code, yet the use case is {use_case}")
    sub_use_cases = ctx.values.get(paths.DLC_SUB_USE_CASES) or []
    promotional = set(settings["promotional_use_cases"])
    if use_case not in promotional and not promotional & set(sub_use_cases):
        for field, text in ctx.samples:
            found = phrases("phrases", "promo_markers").first(text)
            if found:
                yield Hit(field, f"promotional wording in a {use_case} campaign", detail=found)


@rule(
    "DLC-ISV-ON-BEHALF",
    "error",
    "The campaign describes sending on behalf of other businesses (ISV or reseller).",
    [r.DLC_ISV],
    "Register each end business as its own brand, with its own campaign.",
    types=CAMPAIGN,
)
def isv(ctx: LintContext) -> Iterable[Hit]:
    for field in (paths.DLC_DESCRIPTION, WORKFLOW):
        found = phrases("phrases", "isv").first(ctx.text(field))
        if found:
            yield Hit(field, "ISV wording: a campaign serves its own brand, not an ISV's customers", detail=found)


@rule(
    "DLC-VERTICAL-MISMATCH",
    "warning",
    "The campaign's vertical differs from its brand's: campaign attributes and company look unrelated.",
    [r.DLC_ATTRIBUTES],
    "Choose the same vertical as the brand registration (the one that best represents the company).",
    types=CAMPAIGN,
)
def vertical_mismatch(ctx: LintContext) -> Iterable[Hit]:
    brand_vertical = ctx.brand_field(paths.DLC_BRAND_VERTICAL)
    vertical = ctx.choice(paths.DLC_VERTICAL)
    if brand_vertical and vertical and brand_vertical != vertical:
        yield Hit(paths.DLC_VERTICAL, "the campaign's vertical is not the linked brand's vertical")
