"""HELP, STOP and the opt-in confirmation messages (the guide: brand, contact, at most 160 characters).

Part of the 10DLC campaign rules (see ``sms_runtime.lint.checks.ten_dlc``).
"""

from __future__ import annotations

from collections.abc import Iterable

from sms_runtime.lint import paths
from sms_runtime.lint import reasons as r
from sms_runtime.lint.checks.samples import CONTACT, missing_disclosures
from sms_runtime.lint.checks.ten_dlc.common import (
    CAMPAIGN,
    ten_dlc_settings,
    terms,
)
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.rules import Hit, rule


@rule(
    "DLC-HELP-MESSAGE",
    "error",
    "The HELP response lacks the brand name or a way to reach customer care.",
    [r.DLC_ATTRIBUTES],
    "Reply like the guide's example: 'Brand Alerts: For help call 1-888-555-0142 or go to brand.example. "
    "Msg&data rates may apply. Text STOP to cancel.'",
    types=CAMPAIGN,
)
def help_message(ctx: LintContext) -> Iterable[Hit]:
    text = ctx.text(paths.DLC_HELP_MESSAGE)
    if not text.strip():
        return
    lacks = [] if ctx.sender_brand is None or ctx.sender_brand.named_in(text) else ["the brand name"]
    lacks += [] if CONTACT.search(text) else ["a phone number, email or link"]
    if lacks:
        yield Hit(paths.DLC_HELP_MESSAGE, "the HELP response lacks " + " and ".join(lacks))


@rule(
    "DLC-STOP-MESSAGE",
    "error",
    "The STOP response does not name the brand or does not confirm that no more messages will be sent.",
    [r.DLC_ATTRIBUTES],
    "Reply like the guide's example: 'You are unsubscribed from Brand Alerts. No more messages will be sent.'",
    types=CAMPAIGN,
)
def stop_message(ctx: LintContext) -> Iterable[Hit]:
    text = ctx.text(paths.DLC_STOP_MESSAGE)
    if not text.strip():
        return
    lacks = [] if ctx.sender_brand is None or ctx.sender_brand.named_in(text) else ["the brand name"]
    lacks += [] if terms("stop_confirmation_terms").found(text) else ["a confirmation of the opt-out"]
    if lacks:
        yield Hit(paths.DLC_STOP_MESSAGE, "the STOP response lacks " + " and ".join(lacks))


@rule(
    "DLC-OPTIN-MESSAGE",
    "error",
    "The opt-in confirmation message lacks the brand or a disclosure (frequency, rates, HELP, STOP).",
    [r.DLC_ATTRIBUTES, r.DLC_OPT_IN],
    "Write it like: 'Brand: you're subscribed to order alerts. Msg frequency varies. Msg & data rates may "
    "apply. Reply HELP for help, STOP to cancel.'",
    types=CAMPAIGN,
)
def opt_in_message(ctx: LintContext) -> Iterable[Hit]:
    text = ctx.text(paths.DLC_OPT_IN_MESSAGE)
    if not text.strip():
        return
    lacks = [] if ctx.sender_brand is None or ctx.sender_brand.named_in(text) else ["the brand name"]
    lacks += missing_disclosures(text)
    if lacks:
        yield Hit(paths.DLC_OPT_IN_MESSAGE, "the opt-in confirmation lacks " + ", ".join(lacks))


@rule(
    "DLC-KEYWORD-LENGTH",
    "error",
    "A HELP or STOP response is longer than 160 characters.",
    [r.FORM_KEYWORD_LENGTH, r.DLC_ATTRIBUTES],
    "Shorten the response to at most 160 characters (one SMS part).",
    types=CAMPAIGN,
)
def keyword_length(ctx: LintContext) -> Iterable[Hit]:
    limit = int(ten_dlc_settings()["keyword_response_max_chars"])
    for field in (paths.DLC_HELP_MESSAGE, paths.DLC_STOP_MESSAGE):
        length = len(ctx.text(field).strip())
        if length > limit:
            yield Hit(field, f"the response has {length} characters; the carriers allow at most {limit}")
