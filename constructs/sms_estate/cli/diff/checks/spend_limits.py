"""Spend-limit rules (``Custom::SmsSpendLimits``): a limit raised may cost money, a limit lowered does not.

Why raising is costly: the limit is the account's brake on a runaway sender or an SMS-pumping attack;
a higher one lets the account spend more before sending stops, which a reviewer approving the pull
request must see. A kind that was not managed before counts as raised: its old value is not in the
template, and the new one is the one that will be enforced. Lowering a limit, or removing a kind (the
handler restores the override it recorded before the first deploy), is applied in place: information.
"""

from __future__ import annotations

from collections.abc import Iterable

from sms_estate.cli.diff.rules import Finding, Severity, rule
from sms_estate.cli.diff.templates import ResourceChange, ResourceState
from sms_runtime.contract import SPEND_LIMITS_TYPE, SpendLimitsProps

# The config key of each property (spend_limits.<key>), in the model's order.
_KINDS = (
    ("text", SpendLimitsProps.TEXT),
    ("voice", SpendLimitsProps.VOICE),
    ("media", SpendLimitsProps.MEDIA),
    ("notify", SpendLimitsProps.NOTIFY),
    ("rcs", SpendLimitsProps.RCS),
)


def _limits(state: ResourceState | None) -> dict[str, int]:
    """The limits a revision declares, by kind; a value that is not a literal number is left out."""
    if state is None:
        return {}
    found = {key: str(state.properties.get(prop)) for key, prop in _KINDS}
    return {key: int(value) for key, value in found.items() if value.isdigit()}


def _changes(change: ResourceChange) -> Iterable[tuple[str, int | None, int | None]]:
    """Each kind whose limit differs: (kind, before, after), None for not managed."""
    if change.resource_type != SPEND_LIMITS_TYPE:
        return
    before, after = _limits(change.old), _limits(change.new)
    for key, _prop in _KINDS:
        if before.get(key) != after.get(key):
            yield key, before.get(key), after.get(key)


def _raised(before: int | None, after: int | None) -> bool:
    return after is not None and (before is None or after > before)


@rule(
    "SMS-C5",
    Severity.COSTLY,
    "spend limit raised",
    "A monthly spend limit is raised, or set where the stack set none: the account may spend more before "
    "sending stops (set in place by API call; a value above the account's maximum fails the deploy).",
)
def spend_limit_raised(change: ResourceChange) -> Iterable[Finding]:
    for key, before, after in _changes(change):
        if _raised(before, after):
            was = "not managed" if before is None else str(before)
            yield Finding(f"spend limit {key} in {change.region}: {was} -> {after} USD per month, raised in place")


@rule(
    "SMS-I4",
    Severity.INFO,
    "spend limit lowered or handed back",
    "A monthly spend limit is lowered, or no longer managed: set in place by API call; a kind left out gets "
    "back the override it had before the first deploy.",
)
def spend_limit_lowered(change: ResourceChange) -> Iterable[Finding]:
    for key, before, after in _changes(change):
        if after is None:
            yield Finding(f"spend limit {key} in {change.region}: {before} USD no longer managed, previous restored")
        elif not _raised(before, after):
            yield Finding(f"spend limit {key} in {change.region}: {before} -> {after} USD per month, lowered in place")
