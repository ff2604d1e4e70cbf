"""Advice for each denial reason, reusing the lint's data rather than a second copy of the seed tables.

``lint/data/seed_coverage.json`` maps every row of the AWS, Sinch and Twilio rejection tables to the
lint rules that catch it, and each rule carries its fix. A denial reason is matched to a row by its
wording; the rules give the advice, and running those rules on the denied version's own field values
shows which fields tripped them, i.e. which config keys to change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sms_runtime.lint import RULES, RegistrationInput, lint_registration
from sms_runtime.lint.data import load
from sms_runtime.registration.field_definitions import UnknownRegistrationTypeError
from sms_runtime.tracking.snapshot import DeniedReason

_TABLE_ORDER = ("AWS", "Sinch", "Twilio")  # the API returns AWS's short descriptions; try them first
_MIN_TAIL = 12  # a reason shorter than this must match a row exactly, never as a suffix


@dataclass(frozen=True)
class Advice:
    """What to do about one denial reason."""

    seed_row: str  # "Table: reason as written", or "" when no seed row matches
    fixes: tuple[tuple[str, str], ...]  # (rule ID, fix)
    fields: tuple[str, ...]  # field paths the matching rules flag in the denied version
    not_checkable: str = ""


def advice_for(
    reason: DeniedReason, registration_type: str, field_values: Mapping[str, str | list[str]] | None
) -> Advice:
    """The seed row matching ``reason``, its rules' fixes and the fields those rules flag."""
    row = _match(reason)
    if row is None:
        return Advice("", (), ())
    listed = row.get("rules")
    rule_ids = tuple(str(r) for r in listed) if isinstance(listed, list) else ()
    fixes = tuple((rule_id, RULES[rule_id].fix) for rule_id in rule_ids if rule_id in RULES)
    fields = _flagged_fields(rule_ids, registration_type, field_values or {})
    return Advice(f"{row['table']}: {row['reason']}", fixes, fields, str(row.get("not_checkable", "")))


def _match(reason: DeniedReason) -> Mapping[str, object] | None:
    candidates = [_norm(text) for text in (reason.short_description, reason.reason) if text.strip()]
    rows: Sequence[Mapping[str, object]] = load("seed_coverage")["rows"]
    for table in _TABLE_ORDER:
        for row in rows:
            if row["table"] != table:
                continue
            wording = _norm(str(row["reason"]))
            for candidate in candidates:
                if candidate == wording or (len(candidate) >= _MIN_TAIL and wording.endswith(" " + candidate)):
                    return row
    return None


def _flagged_fields(
    rule_ids: Sequence[str], registration_type: str, values: Mapping[str, str | list[str]]
) -> tuple[str, ...]:
    if not values or not rule_ids:
        return ()
    try:
        report = lint_registration(RegistrationInput("denied-version", registration_type, dict(values)))
    except UnknownRegistrationTypeError:
        return ()
    wanted = set(rule_ids)
    return tuple(sorted({f.field for f in report.findings if f.rule in wanted and f.field}))


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())
