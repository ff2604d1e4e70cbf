"""Message-sample rules: opt-out instructions, complete confirmation and HELP messages, and samples
that fit the declared use case (a reviewer compares them line by line)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from sms_runtime.lint import data, paths
from sms_runtime.lint import reasons as r
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.rules import Hit, rule
from sms_runtime.lint.text import compile_linear, phrase_list, phrases

# A phone number, an email address, an https link or a bare domain. Only ever ``search``ed for a yes or
# no, so each alternative may start only where its run of characters starts (the lookbehinds) and
# reads that run once (possessive): an unanchored ``[\w.+\-]+@`` rescans "a-a-a-...a" from every
# position, which is quadratic (issue 13). The phone alternative starts at a digit not preceded by
# one; it gives characters back only to find its last digit, within a bounded window.
CONTACT = compile_linear(
    r"(?<!\d)\+?\d[\d\s().\-]{8,}\d"
    r"|(?<![\w.+\-])[\w.+\-]++@[\w\-]++\.[\w.\-]"
    r"|https://\S"
    r"|(?<![\w\-])[\w\-]++\.(?:com|net|org|example)\b",
    re.IGNORECASE,
)
CODE_DIGITS = compile_linear(r"(?<!\d)\d{4,8}(?!\d)")


# "1 msg/week", "2-5 msgs per visit", "usually 2-5 per visit", "about 3 messages per box", "msgs vary by job":
# a count of messages, or a count per event, is how a frequency is written, whatever it is counted per (the
# phrase list cannot name every event). Linear: each repetition ends at a character it cannot contain.
_COUNT = r"(?<![\w.])\d{1,3}(?:\s{0,3}(?:-|to)\s{0,3}\d{1,3})?"
_MESSAGE_COUNT = compile_linear(
    rf"{_COUNT}\s{{0,3}}(?:msgs?|messages?|texts?|sms)\b"
    rf"|{_COUNT}\s{{1,3}}(?:per|a|an|each|every)\s{{1,3}}[a-z]"
    r"|\b(?:msgs?|messages?|texts?)\s{1,3}(?:vary|varies)\b",
    re.IGNORECASE,
)


def states_frequency(text: str) -> bool:
    """Whether ``text`` discloses how often messages come: a phrase of the list or a count of messages."""
    return phrases("phrases", "frequency").found(text) or _MESSAGE_COUNT.search(text) is not None


def missing_disclosures(text: str) -> list[str]:
    """Which of frequency, rates, HELP and STOP a consent text or confirmation message lacks."""
    checks: dict[str, Callable[[str], bool]] = {
        "message frequency": states_frequency,
        "'Msg & data rates may apply'": phrases("phrases", "rates").found,
        "HELP instructions": phrases("phrases", "help").found,
        "STOP (opt-out) instructions": phrases("phrases", "opt_out").found,
    }
    return [name for name, found in checks.items() if not found(text)]


@rule(
    "TFN-SAMPLE-OPTOUT",
    "error",
    "No message sample shows opt-out instructions (Reply STOP).",
    [r.SINCH_SAMPLES_INCOMPLETE],
    "Add 'Reply STOP to opt out' to at least the first message sample (and to the messages you send).",
)
def opt_out(ctx: LintContext) -> Iterable[Hit]:
    if ctx.samples and not any(phrases("phrases", "opt_out").found(text) for _f, text in ctx.samples):
        yield Hit(ctx.samples[0][0], "no sample tells recipients how to opt out (e.g. 'Reply STOP to opt out')")


@rule(
    "TFN-SAMPLE-CONFIRMATION",
    "error",
    "An opt-in confirmation sample lacks required details (frequency, rates, HELP, STOP).",
    [r.SINCH_CONFIRMATION_DETAILS],
    "Write the confirmation like: 'Brand: you're subscribed to order alerts. Msg frequency varies. "
    "Msg & data rates may apply. Reply HELP for help, STOP to cancel.'",
)
def confirmation(ctx: LintContext) -> Iterable[Hit]:
    for field, text in ctx.samples:
        if phrases("phrases", "confirmation").found(text):
            missing = missing_disclosures(text)
            if missing:
                yield Hit(field, "the confirmation message lacks " + ", ".join(missing))


@rule(
    "TFN-SAMPLE-HELP",
    "error",
    "A HELP response sample lacks the business name or a way to reach support.",
    [r.SINCH_HELP_RESPONSE],
    "Reply to HELP with the brand and a phone number, email or https link: "
    "'Brand: help at +18885550100 or help@brand.example. Reply STOP to cancel.'",
)
def help_response(ctx: LintContext) -> Iterable[Hit]:
    for field, text in ctx.samples:
        without_prompts = phrases("phrases", "help_prompt").blank(text)
        if not phrases("phrases", "help_response").found(without_prompts):
            continue
        lacks = [] if ctx.brand.named_in(text) else ["the business name"]
        lacks += [] if CONTACT.search(text) else ["a phone number, email or link"]
        if lacks:
            yield Hit(field, "the HELP response lacks " + " and ".join(lacks))


@rule(
    "TFN-USECASE-MISMATCH",
    "warning",
    "The samples or the use case details do not fit the selected use case category.",
    [r.SINCH_USE_CASE_INCONSISTENT, r.SINCH_SAMPLES_INCOMPLETE, r.AWS_OVERALL],
    "Make the category, the details and every sample describe the same single use case.",
)
def use_case_mismatch(ctx: LintContext) -> Iterable[Hit]:
    category = ctx.choice(paths.CATEGORY)
    if not category:
        return
    settings = data.load("phrases")
    promo = phrases("phrases", "promo_markers")
    if category in settings["code_categories"] and ctx.samples:
        has_code = any(
            CODE_DIGITS.search(text) and phrases("phrases", "code_markers").found(text) for _f, text in ctx.samples
        )
        if not has_code:
            yield Hit(ctx.samples[0][0], f"no sample shows a code, yet the category is {category}")
    if category in settings["promo_checked_categories"]:
        for field, text in ctx.samples:
            found = promo.first(text)
            if found:
                yield Hit(field, f"promotional wording in a {category} registration", detail=found)
    allowed = set(settings["category_families"].get(category, ()))
    if not allowed:
        return
    for family, words in settings["use_case_families"].items():
        if family in allowed:
            continue
        hits = phrase_list(tuple(words)).affirmed(ctx.text(paths.USE_CASE_DETAILS))
        if hits:
            yield Hit(paths.USE_CASE_DETAILS, f"the details describe {family}, not {category}", detail=hits[0])
