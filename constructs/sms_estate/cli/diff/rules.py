"""Diff rules as small named units, in the spirit of cdk-nag: an ID, a class, a title and why.

A rule's check looks at one :class:`ResourceChange` and yields :class:`Finding`s: a sentence, and for
a destructive finding a stable acknowledgement ID. The rules themselves live one module per area in
:mod:`sms_estate.cli.diff.checks` (as ``sms_runtime.lint.checks`` does for the lint); importing that
package registers them here, in the order the modules are listed there. The engine that runs them is
:mod:`sms_estate.cli.diff.consequences`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sms_estate.cli.diff.templates import ResourceChange


class Severity(enum.Enum):
    """Consequence classes, most serious first (the order of every listing)."""

    DESTRUCTIVE = "destructive"
    SLOW = "slow"
    COSTLY = "costly"
    SECURITY = "security"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


@dataclass(frozen=True)
class Finding:
    """What a rule says about one change: a sentence, and an acknowledgement ID if destructive."""

    message: str
    ack_id: str | None = None


Check = Callable[[ResourceChange], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    explanation: str
    check: Check


RULES: list[Rule] = []
FALLBACK: list[Rule] = []


def rule(
    id: str, severity: Severity, title: str, explanation: str, *, fallback: bool = False
) -> Callable[[Check], Check]:
    """Register a rule; the fallback runs only when no other rule found anything for a change."""

    def register(check: Check) -> Check:
        (FALLBACK if fallback else RULES).append(Rule(id, severity, title, explanation, check))
        return check

    return register
