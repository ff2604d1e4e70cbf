"""The lint's data types: what goes in (a registration), what comes out (findings in a report).

No personal data in messages (issue 13): a finding's ``message`` names the field and what is wrong,
never the value (names, phone numbers, emails, tax IDs, the company name). The registration Lambda
puts the rendered report into the CloudFormation failure reason and its logs, so that rendering
(``render_text()``, the default) is value-free. What in the value tripped a rule (the matched
phrase, the link, the file name) is the finding's ``detail``: a short excerpt, at most
``DETAIL_MAX_CHARS`` characters, that only the ``sms-estate lint`` command shows, to the person
linting their own file. Rules about personal fields give no detail at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from sms_runtime.registration.field_definitions import FieldValue

SEVERITIES = ("error", "warning", "info")
MIN_SUPPRESSION_REASON = 10
DETAIL_MAX_CHARS = 60
_EMPTY: Mapping[str, Any] = MappingProxyType({})


# What a finding prevents when no seed table of its registration's type has a row for it (see rules.cited).
NO_TABLE_ROW = "a refusal or denial that no rejection table of this registration type lists"


@dataclass(frozen=True)
class AttachmentInfo:
    """What the lint can know about an attachment without uploading it: name, size and first bytes."""

    file_name: str
    size_bytes: int
    head: bytes


@dataclass(frozen=True)
class RegistrationInput:
    """One registration as the lint sees it: field values keyed by the API's field paths.

    ``number_count`` and ``phone_numbers`` feed the account-level rules (numbers per business, one
    number per business); ``justification`` is the written reason for more than five numbers.
    ``brand`` is the config name of the 10DLC brand registration a campaign belongs to (the config
    entry's ``brand:`` key): ``lint_estate`` hands that brand's fields to the campaign's rules.
    """

    name: str
    registration_type: str
    fields: Mapping[str, FieldValue]
    attachments: Mapping[str, AttachmentInfo] = field(default_factory=lambda: _EMPTY)
    number_type: str = "TOLL_FREE"
    number_count: int = 1
    justification: str = ""
    phone_numbers: tuple[str, ...] = ()
    brand: str = ""


@dataclass(frozen=True)
class Suppression:
    """An acknowledged finding, like a cdk-nag suppression: it must say why, in words a reviewer reads."""

    rule: str
    reason: str
    field: str = ""

    def __post_init__(self) -> None:
        if not self.rule.strip():
            raise ValueError("a suppression needs the rule ID it suppresses")
        if len(self.reason.strip()) < MIN_SUPPRESSION_REASON:
            raise ValueError(
                f"suppression of {self.rule} needs a written reason of at least {MIN_SUPPRESSION_REASON} "
                f"characters, got {self.reason!r}"
            )

    def matches(self, finding: Finding) -> bool:
        """Same rule, and the same field unless the suppression covers every field."""
        return finding.rule == self.rule and (not self.field or self.field == finding.field)


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: the rule, how bad, which field, what is wrong, which rejection it prevents, the fix."""

    rule: str
    severity: str
    field: str
    message: str
    reason: str
    fix: str
    detail: str = ""  # an excerpt of the value, for the local CLI only (see the module docstring)

    def to_json_dict(self, *, details: bool = False) -> dict[str, str]:
        result = {
            "rule": self.rule,
            "severity": self.severity,
            "field": self.field,
            "message": self.message,
            "reason": self.reason,
            "fix": self.fix,
        }
        if details and self.detail:
            result["detail"] = self.detail
        return result

    def sort_key(self) -> tuple[int, str, str, str]:
        """Errors first, then by field and rule, so output reads top-down and never reorders."""
        return (SEVERITIES.index(self.severity), self.field, self.rule, self.message)


@dataclass(frozen=True)
class LintReport:
    """The findings of one registration, and the ones suppressed (kept, so they stay visible)."""

    findings: tuple[Finding, ...]
    suppressed: tuple[tuple[Finding, Suppression], ...] = ()
    name: str = ""

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def to_json_dict(self, *, details: bool = False) -> dict[str, Any]:
        """``details``: include each finding's excerpt of the value (local output only)."""
        return {
            "findings": [finding.to_json_dict(details=details) for finding in self.findings],
            "suppressed": [
                {**finding.to_json_dict(details=details), "suppression_reason": suppression.reason}
                for finding, suppression in self.suppressed
            ],
        }

    def summary(self) -> str:
        counts = [
            _plural(len(self.errors), "error"),
            _plural(len(self.warnings), "warning"),
            _plural(len(self.findings) - len(self.errors) - len(self.warnings), "note"),
        ]
        if self.suppressed:
            counts.append(f"{len(self.suppressed)} suppressed")
        return ", ".join(counts)

    def render_text(self, *, details: bool = False) -> str:
        """Human-readable: one block per finding, with the rejection it prevents and the fix.

        Value-free unless ``details`` (the CLI): this is the text of a CloudFormation failure reason.
        """
        lines = [f"{self.name or 'registration'}: {self.summary()}"]
        for finding in self.findings:
            lines.append(f"  {finding.severity.upper():<7} {finding.rule}  {finding.field}")
            lines.append(f"          {finding.message}")
            if details and finding.detail:
                lines.append(f"          found: {finding.detail}")
            lines.append(f"          prevents: {finding.reason or NO_TABLE_ROW}")
            lines.append(f"          fix: {finding.fix}")
        for finding, suppression in self.suppressed:
            lines.append(f"  SUPPRESSED {finding.rule}  {finding.field}: {suppression.reason}")
        return "\n".join(lines)


def excerpt(text: str) -> str:
    """``text`` shortened for a finding's detail: whitespace runs as one space, at most
    ``DETAIL_MAX_CHARS`` characters, quoted (control characters escaped), so a long or hostile
    value is never echoed whole."""
    squashed = " ".join(text[: DETAIL_MAX_CHARS * 4].split())
    if len(squashed) > DETAIL_MAX_CHARS or len(text) > DETAIL_MAX_CHARS * 4:
        squashed = squashed[: DETAIL_MAX_CHARS - 3] + "..."
    return repr(squashed)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")
