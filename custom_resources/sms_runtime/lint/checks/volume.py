"""Volume rule: the declared monthly volume must fit what the numbers can send.

A US toll-free number sends about 3 message parts per second: 3 x 2,592,000 s is about 7.8 million
parts in 30 days, so "10,000,000+" on one number cannot be true and reviewers reject it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sms_runtime.lint import data, paths
from sms_runtime.lint import reasons as r
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.rules import Hit, rule
from sms_runtime.lint.text import compile_linear

_NON_DIGITS = compile_linear(r"[^\d]")
_MAX_DIGITS = 18  # a billion billion messages a month: above any capacity the rule compares with


def volume_floor(option: str) -> int | None:
    """The smallest monthly count an option such as "10,000,000+" stands for."""
    digits = _NON_DIGITS.sub("", option)
    if len(digits) > _MAX_DIGITS:  # int() refuses over 4,300 digits; any such count is implausible
        return int(10**_MAX_DIGITS)
    return int(digits) if digits else None


@rule(
    "TFN-VOLUME-IMPLAUSIBLE",
    "error",
    "The declared monthly volume exceeds what the registration's numbers can send.",
    [r.SINCH_VOLUME],
    "Declare a volume the numbers can carry (toll-free: 3 parts per second each), or add numbers.",
)
def volume(ctx: LintContext) -> Iterable[Hit]:
    limits = data.load("limits")
    mps = limits["mps_by_number_type"].get(ctx.reg.number_type)
    floor = volume_floor(ctx.choice(paths.VOLUME))
    if mps is None or floor is None:
        return
    numbers = max(1, ctx.reg.number_count)
    capacity = int(mps) * int(limits["seconds_per_month"]) * numbers
    if floor > capacity:
        yield Hit(
            paths.VOLUME,
            f"the declared monthly volume exceeds {capacity:,} parts that {numbers} "
            f"{ctx.reg.number_type} number(s) at {mps} per second can send in 30 days",
            detail=ctx.choice(paths.VOLUME),
        )
