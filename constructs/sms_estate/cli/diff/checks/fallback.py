"""The fallback rule: one plain line for a change no other rule speaks about, so nothing is silent."""

from __future__ import annotations

from collections.abc import Iterable

from sms_estate.cli.diff.checks.shared import (
    listed,
    replaced_by,
    subject,
)
from sms_estate.cli.diff.rules import Finding, Severity, rule
from sms_estate.cli.diff.templates import ResourceChange


@rule("SMS-I1", Severity.INFO, "plain change", "Any change no other rule speaks about.", fallback=True)
def plain_change(change: ResourceChange) -> Iterable[Finding]:
    if change.kind == "added":
        yield Finding(f"{subject(change)} will be added")
    elif change.kind == "removed":
        retained = change.old is not None and change.old.retained_on_delete
        yield Finding(
            f"{subject(change)} " + ("leaves the stack, kept in the account" if retained else "will be deleted")
        )
    elif change.kind == "renamed":
        retained = change.old is not None and change.old.retained_on_delete
        outcome = "the old one is kept in the account, no longer managed" if retained else "the old one is deleted"
        yield Finding(f"{subject(change)} will be replaced (renamed): {outcome}")
    else:
        props = replaced_by(change)
        if props:
            yield Finding(f"{subject(change)} will be replaced ({listed(props)} changed)")
        else:
            yield Finding(f"{subject(change)} changes in place ({listed(change.changed_properties(), 4)})")
