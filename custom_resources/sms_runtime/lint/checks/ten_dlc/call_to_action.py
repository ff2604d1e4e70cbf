"""The call to action: what the opt-in workflow (``campaignInfo.optInWorkflow``) must describe.

Part of the 10DLC campaign rules (see ``sms_runtime.lint.checks.ten_dlc``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sms_runtime.lint import paths
from sms_runtime.lint import reasons as r
from sms_runtime.lint.checks.samples import CONTACT, missing_disclosures
from sms_runtime.lint.checks.ten_dlc.common import (
    CAMPAIGN,
    WORKFLOW,
    workflow_without_brand,
)
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.rules import Hit, Rule, register, rule
from sms_runtime.lint.text import find_urls, phrase_list, phrases


@rule(
    "DLC-CTA-CONSENT",
    "error",
    "The opt-in workflow shows no explicit consent action (agree to receive texts, check a box, text a keyword).",
    [r.DLC_OPT_IN],
    "Describe the deliberate action, e.g. 'users tick an unchecked box reading: I agree to receive texts from Brand'.",
    types=CAMPAIGN,
)
def cta_consent(ctx: LintContext) -> Iterable[Hit]:
    if not ctx.has(WORKFLOW) or phrases("phrases", "consent").affirmed(workflow_without_brand(ctx)):
        return
    keywords = tuple(word for word in ctx.text(paths.DLC_OPT_IN_KEYWORD).replace(",", " ").split() if word)
    if keywords and phrase_list(keywords).found(ctx.text(WORKFLOW)):
        return  # a keyword opt-in: texting the declared keyword is the consent action
    yield Hit(WORKFLOW, "no explicit consent action (e.g. 'agree to receive texts', 'text JOIN', 'check the box')")


@rule(
    "DLC-CTA-DISCLOSURES",
    "error",
    "The call to action lacks a disclosure the guide requires: frequency, 'Message and data rates may apply', "
    "customer care (HELP or a contact) or opt-out (STOP).",
    [r.DLC_OPT_IN],
    "Quote what users see at opt-in: 'Msg frequency varies. Msg & data rates may apply. Reply HELP for help, "
    "STOP to cancel.'",
    types=CAMPAIGN,
)
def cta_disclosures(ctx: LintContext) -> Iterable[Hit]:
    if not ctx.has(WORKFLOW):
        return
    text = ctx.text(WORKFLOW)
    missing = [item for item in missing_disclosures(text) if item != "HELP instructions" or not CONTACT.search(text)]
    if missing:
        yield Hit(WORKFLOW, "the opt-in workflow does not disclose " + ", ".join(missing))


@rule(
    "DLC-CTA-BRAND",
    "error",
    "The opt-in workflow does not name the brand (program name) users consent to.",
    [r.DLC_OPT_IN],
    "Name the program as users see it on the form or sign, with the brand's legal or DBA name.",
    types=CAMPAIGN,
)
def cta_brand(ctx: LintContext) -> Iterable[Hit]:
    brand = ctx.sender_brand
    if brand is not None and ctx.has(WORKFLOW) and not brand.named_in(ctx.text(WORKFLOW)):
        yield Hit(WORKFLOW, "the opt-in workflow does not name the linked brand (its legal or DBA name)")


@rule(
    "DLC-CTA-POLICY-LINKS",
    "error",
    "No terms and conditions or no privacy policy: neither a link, a file, nor a link in the opt-in workflow.",
    [r.FORM_POLICY_LINKS, r.DLC_OPT_IN],
    "Set campaignInfo.termsAndConditionsLink and campaignInfo.privacyPolicyLink to public https pages.",
    types=CAMPAIGN,
)
def cta_policy_links(ctx: LintContext) -> Iterable[Hit]:
    workflow_paths = [url.path.lower() for url in find_urls(ctx.text(WORKFLOW))]
    for link, file, words, name in (
        (paths.DLC_TERMS_LINK, paths.DLC_TERMS_FILE, ("terms", "conditions"), "terms and conditions"),
        (paths.DLC_PRIVACY_LINK, paths.DLC_PRIVACY_FILE, ("privacy",), "privacy policy"),
    ):
        in_workflow = any(word in path for path in workflow_paths for word in words)
        if not (ctx.has(link) or ctx.has(file) or in_workflow):
            yield Hit(link, f"no {name}: no link, no file and no link to it in the opt-in workflow")


# Phrases the workflow must not affirm: the toll-free opt-in lists, read here from optInWorkflow.
# (rule ID, phrase list in data/phrases.json, summary, fix, message)
FORBIDDEN_CTA_RULES: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "DLC-CTA-TERMS-ONLY",
        "terms_only",
        "SMS consent is part of accepting the terms of service, which the guide says it cannot be.",
        "Collect SMS consent with its own unchecked checkbox or keyword, separate from accepting the terms.",
        "SMS consent cannot come from accepting terms",
    ),
    (
        "DLC-CTA-MANDATORY",
        "mandatory",
        "Receiving texts is required to sign up for the service.",
        "Make SMS consent optional and say so: 'Consent is not a condition of purchase.'",
        "receiving texts cannot be required",
    ),
    (
        "DLC-CTA-PRESELECTED",
        "preselected",
        "The consent checkbox is pre-selected, so consent is not explicit.",
        "Leave the SMS checkbox unchecked by default; the user must tick it.",
        "consent must not be pre-selected",
    ),
    (
        "DLC-CTA-THIRD-PARTY",
        "third_party",
        "The workflow shares consent or numbers with third parties, partners or affiliates.",
        "Remove the sharing, and state: 'Mobile opt-in data will not be shared with third parties or affiliates.'",
        "opt-in data must stay with this brand only",
    ),
)


def _forbidden_check(key: str, message: str) -> Callable[[LintContext], Iterable[Hit]]:
    def check(ctx: LintContext) -> Iterable[Hit]:
        hits = phrases("phrases", key).affirmed(workflow_without_brand(ctx))
        if hits:
            yield Hit(WORKFLOW, message, detail=hits[0])

    return check


for _id, _key, _summary, _fix, _message in FORBIDDEN_CTA_RULES:
    register(
        Rule(_id, "error", _summary, (r.DLC_OPT_IN,), _fix, check=_forbidden_check(_key, _message), types=CAMPAIGN)
    )
