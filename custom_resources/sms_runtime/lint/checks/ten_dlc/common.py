"""What the 10DLC rule modules share: the rule types, the settings and word lists, and readings of a campaign."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from sms_runtime.lint import data, paths
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.rules import TEN_DLC_CAMPAIGN
from sms_runtime.lint.text import PhraseList, compile_linear

CAMPAIGN = (TEN_DLC_CAMPAIGN,)
WORKFLOW = paths.DLC_OPT_IN_WORKFLOW
# A phone number as people write it in a message: a digit not preceded by a digit or "+", then at
# least ten digits and separators. Linear for the same reason as samples.CONTACT's phone alternative.
_PHONE = compile_linear(r"(?<![\d+])\+?\d[\d\s().\-]{8,}\d")
_NON_DIGITS = compile_linear(r"\D")


def ten_dlc_settings() -> Mapping[str, Any]:
    return data.load("ten_dlc")


@functools.cache
def terms(key: str) -> PhraseList:
    return PhraseList(data.words("ten_dlc", key))


def yes(ctx: LintContext, path: str) -> bool:
    return ctx.choice(path) == "Yes"


def declared_no(ctx: LintContext, path: str) -> bool:
    return ctx.choice(path) == "No"


def content_fields(ctx: LintContext) -> list[tuple[str, str]]:
    """What a reviewer reads for content: the description, the opt-in workflow and messages, the samples."""
    fields = (paths.DLC_DESCRIPTION, WORKFLOW, paths.DLC_OPT_IN_MESSAGE)
    return [(field, ctx.text(field)) for field in fields if ctx.has(field)] + ctx.samples


def workflow_without_brand(ctx: LintContext) -> str:
    """The opt-in workflow without the brand's names (their words are not claims about consent)."""
    text = ctx.text(WORKFLOW)
    return ctx.sender_brand.remove_from(text) if ctx.sender_brand is not None else text


def phone_numbers(text: str) -> list[str]:
    """Phone numbers in ``text`` as digits only (10 or 11 digits for US numbers, up to 15 with a "+")."""
    found = []
    for match in _PHONE.finditer(text):
        digits = _NON_DIGITS.sub("", match.group(0))
        plus = match.group(0).startswith("+")
        if 10 <= len(digits) <= 15 and (plus or len(digits) == 10 or (len(digits) == 11 and digits[0] == "1")):
            found.append(digits)
    return found


def national(digits: str) -> str:
    """A US number's ten digits, so "+12065550142" and "(206) 555-0142" compare equal."""
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
