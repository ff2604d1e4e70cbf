"""Content rules: forbidden and restricted categories, political and charity programs, lures.

The category rules are generated from ``data/restricted_content.json``, one rule per category, so a
new term or category is a data change. Terms match whole words only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sms_runtime.lint import data, paths
from sms_runtime.lint import reasons as r
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.rules import Hit, Rule, register, rule
from sms_runtime.lint.text import PhraseList, phrases


def _scanned(ctx: LintContext) -> list[tuple[str, str]]:
    fields = data.words("restricted_content", "fields")
    return [(field, ctx.text(field)) for field in fields if ctx.has(field)]


def _category_check(category: Mapping[str, Any]) -> Callable[[LintContext], Iterable[Hit]]:
    matcher = PhraseList(tuple(category["terms"]))
    label = str(category["label"])

    def check(ctx: LintContext) -> Iterable[Hit]:
        for field, text in _scanned(ctx):
            found = matcher.first(text)
            if found:
                yield Hit(field, f"wording of {label}, which toll-free numbers may not carry", detail=found)

    return check


def _register_categories() -> None:
    for category in data.load("restricted_content")["categories"]:
        register(
            Rule(
                id=str(category["rule"]),
                severity="error",
                summary=f"Forbidden or restricted content: {category['label']}.",
                reasons=tuple(category["reasons"]),
                fix="Remove the content; if it is the business itself, it cannot use a toll-free number.",
                check=_category_check(category),
            )
        )


_register_categories()


@rule(
    "TFN-CONTENT-POLITICAL",
    "error",
    "Political messaging without a Campaign Verify token in the use case details.",
    [r.SINCH_CAMPAIGN_VERIFY],
    "Verify with Campaign Verify (campaignverify.org) and put the token in the use case details.",
)
def political(ctx: LintContext) -> Iterable[Hit]:
    found = next((hit for _f, t in _scanned(ctx) if (hit := phrases("phrases", "political").first(t))), None)
    if found and not phrases("phrases", "campaign_verify").found(ctx.text(paths.USE_CASE_DETAILS)):
        yield Hit(paths.USE_CASE_DETAILS, "political content but no Campaign Verify token", detail=found)


@rule(
    "TFN-CONTENT-CHARITY",
    "error",
    "Donation requests without 501(c)(3) status and an accreditation URL in the use case details.",
    [r.SINCH_CHARITY],
    "State the 501(c)(3) status and give an https link to the accreditation in the use case details.",
)
def charity(ctx: LintContext) -> Iterable[Hit]:
    found = next((hit for _f, t in _scanned(ctx) if (hit := phrases("phrases", "donation").first(t))), None)
    details = ctx.text(paths.USE_CASE_DETAILS)
    proven = phrases("phrases", "charity_proof").found(details) and "https://" in details
    if found and not proven:
        yield Hit(paths.USE_CASE_DETAILS, "donation request without 501(c)(3) proof and its URL", detail=found)


@rule(
    "TFN-CONTENT-DECEPTIVE",
    "warning",
    "Lure wording typical of deceptive marketing or phishing ('$$$', 'act now', 'account suspended').",
    [r.TWILIO_DECEPTIVE],
    "Say plainly what the message is about; drop urgency lures and money symbols.",
)
def deceptive(ctx: LintContext) -> Iterable[Hit]:
    for field, text in _scanned(ctx):
        found = phrases("phrases", "deceptive").first(text)
        if found:
            yield Hit(field, "wording that reads as a lure", detail=found)
