"""Two revisions in, one report out: every consequence, which destructive ones are acknowledged, the exit code.

A destructive change blocks (exit 1) until someone acknowledges its ID, either in the head
revision's config (``acknowledge: [{change, reason}]``, reviewed with the change itself) or with
``--ack`` on the command line. Acknowledging never hides a change: it is still listed, marked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sms_estate.cli.diff.consequences import Consequence, classify_all
from sms_estate.cli.diff.revisions import Revision
from sms_estate.cli.diff.rules import Severity
from sms_estate.cli.diff.templates import ResourceChange, diff_templates

COMMAND_LINE = "--ack on the command line"


@dataclass(frozen=True)
class Item:
    consequence: Consequence
    acknowledged_by: str | None = None  # the config reason, or COMMAND_LINE

    @property
    def blocking(self) -> bool:
        return self.consequence.severity is Severity.DESTRUCTIVE and self.acknowledged_by is None


@dataclass(frozen=True)
class Report:
    base: str
    head: str
    items: tuple[Item, ...]

    def counts(self) -> Counter[Severity]:
        return Counter(item.consequence.severity for item in self.items)

    @property
    def blocking(self) -> int:
        return sum(item.blocking for item in self.items)

    @property
    def exit_code(self) -> int:
        """0 when nothing destructive is left unacknowledged, else 1 (2 is for usage errors, raised earlier)."""
        return 1 if self.blocking else 0

    def groups(self) -> list[tuple[str, str, list[Item]]]:
        """Items per (environment, region), in report order."""
        grouped: dict[tuple[str, str], list[Item]] = {}
        for item in self.items:
            grouped.setdefault((item.consequence.change.environment, item.consequence.change.region), []).append(item)
        return [(env, region, items) for (env, region), items in grouped.items()]

    def headline(self) -> str:
        """``1 destructive (1 not acknowledged), 1 slow, 2 costly, 0 security, 0 warning, 3 info``."""
        counts = self.counts()
        if not self.items:
            return "no changes"
        parts = []
        for severity in Severity:
            text = f"{counts[severity]} {severity.value}"
            if severity is Severity.DESTRUCTIVE and counts[severity]:
                text += f" ({self.blocking} not acknowledged)"
            parts.append(text)
        return ", ".join(parts)


def resource_changes(base: Revision, head: Revision) -> list[ResourceChange]:
    """Changes of every stack present in either revision, matched by environment and region."""
    old, new = base.by_key(), head.by_key()
    changes: list[ResourceChange] = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        changes += diff_templates(*key, before.template if before else None, after.template if after else None)
    return changes


def build_report(base: Revision, head: Revision, command_line_acks: Sequence[str] = ()) -> Report:
    consequences = classify_all(resource_changes(base, head))
    return Report(base.label, head.label, tuple(_acknowledge(consequences, head, command_line_acks)))


def _acknowledge(consequences: Iterable[Consequence], head: Revision, cli: Sequence[str]) -> Iterable[Item]:
    for consequence in consequences:
        change_id = consequence.finding.ack_id
        reason = None
        if change_id and consequence.severity is Severity.DESTRUCTIVE:
            configured = head.acknowledgements.get(consequence.change.environment, ())
            reason = next((a.reason for a in configured if a.change == change_id), None)
            if reason is None and change_id in cli:
                reason = COMMAND_LINE
        yield Item(consequence, reason)
