"""``sms-estate status`` output: a table people read, or JSON for scripts."""

from __future__ import annotations

import json

from sms_estate.cli.status_report.bulk_render import bulk_lines
from sms_estate.cli.status_report.chain_render import chain_lines
from sms_estate.cli.status_report.collect import EstateStatus, NumberRow, RegistrationRow, as_mapping
from sms_estate.cli.status_report.opt_out_sync import sync_lines
from sms_estate.cli.status_report.protect_settings import protect_settings_lines
from sms_estate.cli.status_report.spend_limits import spend_limit_lines
from sms_estate.cli.status_report.table import table as _table
from sms_estate.cli.status_report.verified_numbers import verified_lines

_NOT_IN_CONFIG = "(not in config)"


def render_json(status: EstateStatus) -> str:
    return json.dumps(as_mapping(status), indent=2, sort_keys=True)


def render_table(status: EstateStatus) -> str:
    """One block per region: registrations (with denial reasons and advice), numbers, then the 10DLC and sender ID
    chains (when the region has any); then bulk, opt-out sync."""
    lines = [f"Environment {status.environment} ({status.config_file})"]
    for region in status.regions:
        lines += ["", f"== {region.region} =="]
        lines += ["", "Registrations"]
        if region.registrations:
            lines += _table(
                ["NAME", "REGISTRATION ID", "STATUS", "CURRENT", "LATEST DENIED", "NOTE"],
                [_registration_cells(r) for r in region.registrations],
            )
            for row in region.registrations:
                lines += _denial_lines(row)
            lines += [f"  {row.name}: {row.pending.sentence()}" for row in region.registrations if row.pending.count]
        else:
            lines.append("  (none)")
        lines += ["", "Phone numbers"]
        if region.numbers:
            lines += _table(
                ["NAME", "NUMBER", "TYPE", "STATUS", "REGISTRATION", "NOTE"], [_number_cells(n) for n in region.numbers]
            )
        else:
            lines.append("  (none)")
        lines += chain_lines(region.chains)
        lines += verified_lines(region.verified_numbers)
        lines += spend_limit_lines(region.spend_limits)
        lines += protect_settings_lines(region.protect_settings)
    if status.bulk is not None:
        lines += ["", *bulk_lines(status.bulk, status.environment)]
    if status.opt_out_sync is not None:
        lines += ["", *sync_lines(status.opt_out_sync)]
    return "\n".join(lines) + "\n"


def _registration_cells(row: RegistrationRow) -> list[str]:
    state = row.state
    denied = state.latest_denied
    note = ""
    if state.status == "REQUIRES_UPDATES":
        note = "DENIED: see reasons below"
    elif row.overdue:
        note = "not picked up for review yet: overdue"
    elif state.status == "COMPLETE":
        note = "approved"
    return [
        row.name or _NOT_IN_CONFIG,
        state.registration_id,
        state.status,
        f"v{state.current.number} {state.current.status}",
        f"v{denied.number}" if denied else "-",
        note,
    ]


def _number_cells(row: NumberRow) -> list[str]:
    state = row.state
    note = "PENDING: registration not submitted, bills monthly" if row.pending_unsubmitted else ""
    return [
        row.name or _NOT_IN_CONFIG,
        state.phone_number,
        state.number_type,
        state.status,
        row.registration_name or "-",
        note,
    ]


def _denial_lines(row: RegistrationRow) -> list[str]:
    denied = row.state.latest_denied
    if denied is None or not (row.denials or row.field_keys):
        return []
    label = row.name or row.state.registration_id
    current = " (current)" if denied.number == row.state.current.number else ""
    lines = ["", f"  {label}: version {denied.number}{current} was denied for:"]
    for number, denial in enumerate(row.denials, start=1):
        lines.append(f"    {number}. {denial.reason.title}")
        if denial.advice.seed_row:
            lines.append(f"       seed table: {denial.advice.seed_row}")
        for rule, fix in denial.advice.fixes:
            lines.append(f"       fix ({rule}): {fix}")
        if not denial.advice.seed_row:
            lines.append(f"       {denial.reason.long_description or 'no seed-table advice; see the AWS console'}")
        lines += [f"       change: {key}" for key in denial.config_keys]
    for path, text, key in row.field_keys:
        lines.append(f"    field {path}: {text}")
        lines.append(f"       change: {key}")
    return lines
