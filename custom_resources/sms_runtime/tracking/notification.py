"""Turn a registration's old and new state into the words a person reads (pure functions).

The message must answer, without opening the console: which registration, where, what changed,
why it was denied (every reason, AWS's own text and the seed tables' advice) and what to edit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sms_runtime.tracking.config_keys import ConfigEntry
from sms_runtime.tracking.remediation import advice_for
from sms_runtime.tracking.snapshot import RegistrationState, VersionState

SUBJECT_LIMIT = 100  # SNS rejects longer subjects
_HEADLINES = {
    "REQUIRES_UPDATES": "DENIED - needs updates",
    "REQUIRES_AUTHENTICATION": "needs email authentication",
    "COMPLETE": "APPROVED",
    "PROVISIONING": "approved, provisioning",
    "CLOSED": "CLOSED",
}


@dataclass(frozen=True)
class Notification:
    subject: str
    body: str


def compose(
    state: RegistrationState,
    old_status: str | None,
    *,
    environment: str,
    region: str,
    entry: ConfigEntry | None,
    config_file: str,
) -> Notification:
    """The notification for ``state`` after ``old_status`` (None: first time this tracker saw it)."""
    name = entry.name if entry else state.registration_id
    headline = _HEADLINES.get(state.status, state.status)
    subject = f"[sms-estate {environment} {region}] {name}: {headline}"[:SUBJECT_LIMIT]
    change = f"{old_status} -> {state.status}" if old_status else f"{state.status} (first seen by the tracker)"
    lines = [
        f"Registration: {name} ({state.registration_id}, {state.registration_type})",
        f"Environment:  {environment}   Region: {region}",
        f"Status:       {change}",
        f"Versions:     current v{state.current.number} {state.current.status}"
        + (f", approved v{state.approved_version}" if state.approved_version else "")
        + (f", latest denied v{state.latest_denied.number}" if state.latest_denied else ""),
    ]
    if entry is None:
        lines.append("Config:       not found in this environment's config (created outside sms-estate?)")
    else:
        lines.append(f"Config:       {config_file} registrations[{entry.index}] (name: {entry.name})")
    denied = state.latest_denied
    if state.status == "REQUIRES_UPDATES" and denied is not None:
        lines += ["", *_denial(state, denied, entry, config_file)]
    elif state.status == "COMPLETE":
        lines += ["", "Approved. Associated numbers become ACTIVE and can send; nothing to change."]
    elif state.status == "REQUIRES_AUTHENTICATION":
        lines += ["", "The registrar sent an authentication email to the registration's contact: answer it."]
    return Notification(subject, "\n".join(lines) + "\n")


def _denial(state: RegistrationState, version: VersionState, entry: ConfigEntry | None, config_file: str) -> list[str]:
    when = _date(version.denied_at)
    lines = [
        f"Version {version.number} was DENIED{when}. The registration status alone does not say why;",
        f"these {len(version.denied_reasons)} reason(s) are on the denied version:",
    ]
    keys_to_change: list[str] = []
    for number, reason in enumerate(version.denied_reasons, start=1):
        lines += ["", f"{number}. {reason.title}"]
        if reason.reason and reason.reason != reason.title:
            lines.append(f"   Reason code: {reason.reason}")
        if reason.long_description:
            lines.append(f"   AWS says: {reason.long_description}")
        if reason.documentation_link:
            lines.append(f"   Docs: {reason.documentation_link}")
        advice = advice_for(reason, state.registration_type, version.field_values)
        if advice.seed_row:
            lines.append(f"   Seed table row: {advice.seed_row}")
        for rule_id, fix in advice.fixes:
            lines.append(f"   Fix ({rule_id}): {fix}")
        if advice.not_checkable:
            lines.append(f"   Needs a human: {advice.not_checkable}")
        if not advice.seed_row:
            lines.append("   No seed-table advice matches this reason; follow AWS's description above.")
        for path in advice.fields:
            key = entry.key_for(path) if entry else path
            lines.append(f"   Change: {key}")
            keys_to_change.append(key)
    if version.field_feedback:
        lines += ["", "Per-field feedback from the reviewer:"]
        for item in version.field_feedback:
            key = entry.key_for(item.field_path) if entry else item.field_path
            text = "; ".join(t for t in (item.denied_reason, item.feedback) if t)
            lines.append(f"   - {item.field_path}: {text}")
            lines.append(f"     Change: {key}")
            keys_to_change.append(key)
    lines += ["", "Config keys to change" + (f" in {config_file}:" if config_file else ":")]
    lines += [f"   - {key}" for key in dict.fromkeys(keys_to_change)] or ["   (none identified; see the reasons above)"]
    lines += [
        "",
        "Then run `sms-estate lint <environment>` and deploy: the registration gets a new version with",
        "every field, and is resubmitted if the config says submit: true.",
    ]
    return lines


def _date(epoch: float | None) -> str:
    if epoch is None:
        return ""
    return " on " + datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
