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


# What waits for an approval of each type (issue 18), for "what happens next" in the approval notification.
_WAITING_FOR_TYPE = {
    "US_TEN_DLC_BRAND_REGISTRATION": "10DLC campaigns (and a vetting) waiting for this brand are associated with it"
    " and submitted",
    "US_TEN_DLC_CAMPAIGN_REGISTRATION": "TEN_DLC numbers waiting for this campaign are requested (each is billed"
    " monthly from then)",
    "SG_SENDER_ID_REGISTRATION": "the sender ID waiting for this registration is verified and its ARN published",
}
_WAITING_FOR_ANY = (
    "resources waiting for this approval (a 10DLC campaign waiting for its brand, numbers waiting for their"
    " campaign, a sender ID) carry on"
)


@dataclass(frozen=True)
class Notification:
    subject: str
    body: str


@dataclass(frozen=True)
class NextDeploy:
    """Where an approval is picked up: the stack whose next deploy reads the review-state parameter.

    ``recorded`` is False when the tracker could not write the parameter this time (its next poll retries).
    """

    stack_name: str
    parameter_name: str
    recorded: bool = True


def compose(
    state: RegistrationState,
    old_status: str | None,
    *,
    environment: str,
    region: str,
    entry: ConfigEntry | None,
    config_file: str,
    next_deploy: NextDeploy | None = None,
) -> Notification:
    """The notification for ``state`` after ``old_status`` (None: first time this tracker saw it).

    ``next_deploy``: the tracker records approvals in the review state, so an approval's notification says
    which deploy carries on the resources waiting for it. None: the approval text says nothing about it.
    """
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
        if next_deploy is not None:
            lines += ["", *_what_next(state.registration_type, next_deploy, environment, region)]
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


def _what_next(registration_type: str, next_deploy: NextDeploy, environment: str, region: str) -> list[str]:
    """What the approval unblocks and which deploy carries it on (deploys never wait for a review)."""
    specific = _WAITING_FOR_TYPE.get(registration_type)
    parameter = next_deploy.parameter_name
    lines = [
        f"What happens next: at the next `cdk deploy {next_deploy.stack_name}` ({environment} in {region}),",
        f"{specific or _WAITING_FOR_ANY}.",
    ]
    if next_deploy.recorded:
        lines += [
            f"The tracker recorded this approval in the review state ({parameter}), so that deploy sends",
            "them an Update. If nothing in the config refers to this registration, it changes nothing.",
        ]
    else:
        lines += [
            f"The tracker could not record this approval in the review state ({parameter}) just now (see",
            "its log); its next poll retries. Deploy after that: only then are the waiting resources updated.",
        ]
    return lines


def _date(epoch: float | None) -> str:
    if epoch is None:
        return ""
    return " on " + datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
