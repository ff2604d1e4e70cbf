"""What each resource change will *do*: the engine that runs the diff rules on every change.

The rules are small named units in the spirit of cdk-nag (:mod:`sms_estate.cli.diff.rules`), one
module per area in :mod:`sms_estate.cli.diff.checks`. Each looks at one :class:`ResourceChange` at a
time. A change no specific rule speaks about still gets one plain line from the fallback rule, so
nothing that changes is silent. Destructive findings carry a stable acknowledgement ID,
``<verb>:<kind>/<name>@<region>`` (e.g. ``release:phone-number/harborline-refills-east@us-east-1``),
which a reviewer copies into the environment's ``acknowledge:`` list with a reason, or passes as
``--ack``.

What the custom resources do is the handlers' behaviour (``sms_runtime.handlers``): a number keeps
its identity properties for life, and changing one fails the deploy unless ``AllowReplacement`` is
set; a registration's fields change in place while it is a draft and open a new version (a new
review) once submitted; removal releases a number only with ``OnDelete: release`` and deletes a
registration only when it is a draft and ``DeleteDraftOnRemoval`` is set.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sms_estate.cli.diff.checks import AREAS
from sms_estate.cli.diff.rules import FALLBACK, RULES, Finding, Rule, Severity
from sms_estate.cli.diff.templates import ResourceChange


@dataclass(frozen=True)
class Consequence:
    rule: Rule
    change: ResourceChange
    finding: Finding

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    def sort_key(self) -> tuple[str, str, int, str, str]:
        return (self.change.environment, self.change.region, self.severity.rank, self.change.name, self.rule.id)


def _in_area_order(rules: Sequence[Rule]) -> list[Rule]:
    """Rules by ``AREAS``, then as each area module declares them (a stable sort keeps that order)."""
    areas = [area.__name__ for area in AREAS]
    return sorted(rules, key=lambda r: areas.index(r.check.__module__))


_SPECIFIC_RULES = _in_area_order(RULES)
_FALLBACK_RULES = _in_area_order(FALLBACK)


def classify(change: ResourceChange) -> list[Consequence]:
    """Every consequence of one change: the specific rules', else the fallback's plain description."""
    found = [Consequence(r, change, f) for r in _SPECIFIC_RULES for f in r.check(change)]
    if not found:
        found = [Consequence(r, change, f) for r in _FALLBACK_RULES for f in r.check(change)]
    return found


def classify_all(changes: Iterable[ResourceChange]) -> list[Consequence]:
    return sorted((c for change in changes for c in classify(change)), key=Consequence.sort_key)


def all_rules() -> list[Rule]:
    """Every rule, specific ones first, for documentation and tests."""
    return [*_SPECIFIC_RULES, *_FALLBACK_RULES]
