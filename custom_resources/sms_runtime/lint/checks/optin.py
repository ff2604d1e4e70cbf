"""Opt-in rules: explicit, optional, stand-alone consent to this business, with the disclosures.

All text checks read ``optInDescription``. The business's own name is removed first, so "Keystone
Partners LLC" does not read as sharing data with partners.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sms_runtime.lint import data, paths
from sms_runtime.lint import reasons as r
from sms_runtime.lint.checks.samples import missing_disclosures
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.placeholder import placeholder_in
from sms_runtime.lint.rules import Hit, Rule, register, rule
from sms_runtime.lint.text import compile_linear, phrase_list, phrases, sentences

_QUOTED = compile_linear(r"[\"\u201c\u201d]([^\"\u201c\u201d]+)[\"\u201c\u201d]")
OPT_IN = paths.OPT_IN_DESCRIPTION


def consent_text(ctx: LintContext) -> str:
    """The opt-in description without the company name (its words are not claims about consent)."""
    return ctx.brand.remove_from(ctx.text(OPT_IN))


def described(ctx: LintContext) -> bool:
    """There is a real description to judge (missing and placeholder values have their own rules)."""
    text = ctx.text(OPT_IN)
    return bool(text.strip()) and placeholder_in(OPT_IN, text) is None


@rule(
    "TFN-OPTIN-CONSENT-LANGUAGE",
    "error",
    "The opt-in description shows no explicit consent action (agree to receive texts, check a box, text a keyword).",
    [r.AWS_OPT_IN_CONSENT, r.AWS_OPT_IN_MISSING, r.SINCH_CONSENT_LANGUAGE, r.TWILIO_CONSENT_LANGUAGE],
    "Describe the deliberate action, e.g. 'By checking the unchecked box, you agree to receive texts from Brand'.",
)
def consent_language(ctx: LintContext) -> Iterable[Hit]:
    if described(ctx) and not phrases("phrases", "consent").affirmed(consent_text(ctx)):
        yield Hit(OPT_IN, "no explicit consent action (e.g. 'agree to receive texts', 'text JOIN', 'check the box')")


# Phrases that must not be affirmed in the opt-in ("will not be shared with partners" is fine):
# (rule ID, phrase list in data/phrases.json, summary, reasons, fix, message).
FORBIDDEN_PHRASE_RULES: tuple[tuple[str, str, str, tuple[str, ...], str, str], ...] = (
    (
        "TFN-OPTIN-TERMS-ONLY",
        "terms_only",
        "Consent is buried in the terms of service or privacy policy instead of a stand-alone SMS opt-in.",
        (r.AWS_OPT_IN_MISSING, r.TWILIO_NO_OPT_IN),
        "Collect SMS consent with its own unchecked checkbox or keyword, separate from accepting the terms.",
        "SMS consent cannot come from accepting terms",
    ),
    (
        "TFN-OPTIN-PRESELECTED",
        "preselected",
        "The consent checkbox is pre-selected.",
        (r.SINCH_PRESELECTED, r.AWS_NON_COMPLIANT_OPT_IN),
        "Leave the SMS checkbox unchecked by default; the user must tick it.",
        "consent must not be pre-selected",
    ),
    (
        "TFN-OPTIN-MANDATORY",
        "mandatory",
        "Agreeing to texts is a condition of service; SMS consent must be optional.",
        (r.SINCH_CONSENT_OPTIONAL, r.AWS_OPT_IN_MISSING),
        "Make SMS consent optional and say so: 'Consent is not a condition of purchase.'",
        "receiving texts cannot be required",
    ),
    (
        "TFN-OPTIN-THIRD-PARTY",
        "third_party",
        "The opt-in shares consent or numbers with third parties, partners or affiliates.",
        (r.AWS_OPT_IN_THIRD_PARTY, r.SINCH_OPT_IN_DATA_SHARED, r.TWILIO_OPT_IN_SHARED),
        "Remove the sharing, and state: 'Mobile opt-in data will not be shared with third parties or affiliates.'",
        "opt-in data must stay with this business only",
    ),
)


def _forbidden_phrase_check(key: str, message: str) -> Callable[[LintContext], Iterable[Hit]]:
    def check(ctx: LintContext) -> Iterable[Hit]:
        if described(ctx):
            hits = phrases("phrases", key).affirmed(consent_text(ctx))
            if hits:
                yield Hit(OPT_IN, message, detail=hits[0])

    return check


for _id, _key, _summary, _reasons, _fix, _message in FORBIDDEN_PHRASE_RULES:
    register(Rule(_id, "error", _summary, _reasons, _fix, check=_forbidden_phrase_check(_key, _message)))


@rule(
    "TFN-OPTIN-MARKETING-CONSENT",
    "error",
    "A marketing registration without express consent to marketing messages in the opt-in.",
    [r.SINCH_MARKETING_CONSENT, r.TWILIO_EXPRESS_CONSENT],
    "Add a stand-alone statement such as 'I agree to receive recurring marketing text messages from Brand'.",
)
def marketing_consent(ctx: LintContext) -> Iterable[Hit]:
    if ctx.choice(paths.CATEGORY) not in data.load("phrases")["marketing_categories"] or not described(ctx):
        return
    consent, marketing = phrases("phrases", "consent"), phrases("phrases", "marketing_consent")
    express = any(consent.affirmed(s) and marketing.affirmed(s) for s in sentences(consent_text(ctx)))
    if not express:
        yield Hit(OPT_IN, "no sentence where the user expressly agrees to receive marketing messages")


@rule(
    "TFN-OPTIN-MULTI-USE-CASE",
    "warning",
    "One consent covers several kinds of messages (e.g. marketing and account alerts).",
    [r.SINCH_SINGLE_OPT_IN_MULTI_USE],
    "Use one checkbox per message type, each optional, and one number per use case.",
)
def multi_use_case(ctx: LintContext) -> Iterable[Hit]:
    if not described(ctx):
        return
    text = consent_text(ctx)
    families = [
        family
        for family, words in data.load("phrases")["use_case_families"].items()
        if phrase_list(tuple(words)).affirmed(text)
    ]
    if len(families) > 1 and not phrases("phrases", "separate_consent").found(text):
        yield Hit(OPT_IN, "one consent covers " + " and ".join(families))


@rule(
    "TFN-OPTIN-DISCLOSURES",
    "error",
    "The opt-in text lacks a required disclosure: frequency, 'Msg & data rates may apply', HELP or STOP.",
    [r.AWS_NON_COMPLIANT_OPT_IN, r.SINCH_CONFIRMATION_DETAILS],
    "Quote the disclosure shown at opt-in: 'Msg frequency varies. Msg & data rates may apply. "
    "Reply HELP for help, STOP to cancel.'",
)
def disclosures(ctx: LintContext) -> Iterable[Hit]:
    if described(ctx):
        missing = missing_disclosures(ctx.text(OPT_IN))
        if missing:
            yield Hit(OPT_IN, "the opt-in text does not disclose " + ", ".join(missing))


@rule(
    "TFN-OPTIN-VAGUE",
    "error",
    "The opt-in description is too short to show where and how people consent.",
    [r.AWS_NON_COMPLIANT_OPT_IN, r.TWILIO_NO_OPT_IN, r.SINCH_NO_OPT_IN],
    "Say where the opt-in happens (page, form, sign), what the user does, and what they are told.",
)
def vague(ctx: LintContext) -> Iterable[Hit]:
    minimum = int(data.load("limits")["opt_in_description_min_words"])
    words = len(ctx.text(OPT_IN).split())
    if described(ctx) and words < minimum:
        yield Hit(OPT_IN, f"{words} words cannot show where and how consent is given")


@rule(
    "TFN-OPTIN-VERBAL-SCRIPT",
    "error",
    "A verbal opt-in without the script read to the caller.",
    [r.SINCH_VERBAL_SCRIPT],
    'Quote the exact script in the description, e.g. "May we text appointment reminders to this number? ..."',
)
def verbal_script(ctx: LintContext) -> Iterable[Hit]:
    if ctx.choice(paths.OPT_IN_TYPE) != "VERBAL" or not described(ctx):
        return
    minimum = int(data.load("limits")["verbal_script_min_chars"])
    if not any(len(quoted.strip()) >= minimum for quoted in _QUOTED.findall(ctx.text(OPT_IN))):
        yield Hit(OPT_IN, "verbal opt-in without the quoted script the caller hears")


@rule(
    "TFN-OPTIN-AGE-GATE",
    "error",
    "Alcohol content without a robust age gate (date of birth) in the opt-in.",
    [r.SINCH_ALCOHOL_AGE_GATE, r.SINCH_AGE_GATE, r.TWILIO_ALCOHOL_AGE_GATE, r.TWILIO_AGE_GATE],
    "Collect the date of birth (MM/DD/YYYY) before opt-in and describe it; a yes/no '21+?' is not enough.",
)
def age_gate(ctx: LintContext) -> Iterable[Hit]:
    alcohol = phrases("phrases", "alcohol")
    mentions = [found for _f, text in ctx.text_fields() if (found := alcohol.first(text))]
    if mentions and not phrases("phrases", "age_gate_robust").found(ctx.text(OPT_IN)):
        yield Hit(OPT_IN, "alcohol content but no date-of-birth age gate in the opt-in", detail=mentions[0])


@rule(
    "TFN-OPTIN-IMAGE-RECOMMENDED",
    "info",
    "No opt-in image: optional for this opt-in type, but reviewers approve faster with one.",
    [r.SINCH_OPT_IN_EXAMPLE],
    "Attach a PNG, JPEG or PDF screenshot of the opt-in (at most 500 KB).",
)
def image_recommended(ctx: LintContext) -> Iterable[Hit]:
    if paths.OPT_IN_IMAGE in ctx.definition.fields and not ctx.has(paths.OPT_IN_IMAGE):
        yield Hit(paths.OPT_IN_IMAGE, "no opt-in image attached")
