"""Registration rules: a new version and review, a submission, draft edits, deletion, a refused type change.

A registration's fields change in place while it is a draft and open a new version (a new review)
once submitted; removal deletes a registration only when it is a draft and ``DeleteDraftOnRemoval``
is set (``sms_runtime.handlers.registration``).

How long a review takes depends on the type (toll-free up to 15 business days, a 10DLC brand 1-2
business days, a campaign up to 4 weeks): the sentences name the type and its time from
:mod:`sms_estate.cli.diff.registration_types`. What registering costs is the ``ten_dlc`` area's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sms_estate.cli.diff.checks.shared import (
    ack_id,
    current_properties,
    listed,
    newly_submitted,
    renamed,
    subject,
)
from sms_estate.cli.diff.registration_types import kind_of
from sms_estate.cli.diff.rules import Finding, Severity, rule
from sms_estate.cli.diff.templates import ResourceChange
from sms_runtime.contract import (
    REGISTRATION_TYPE,
    AttachmentKeys,
    RegistrationProps,
)


def _attachments(properties: Mapping[str, Any]) -> dict[str, Any]:
    """Attachment identity is the file, not where the asset happens to be stored."""
    found = properties.get(RegistrationProps.ATTACHMENTS) or {}
    return {
        path: (ref.get(AttachmentKeys.FILE_NAME), ref.get(AttachmentKeys.SHA256))
        for path, ref in found.items()
        if isinstance(ref, dict)
    }


def _registration_edits(change: ResourceChange) -> list[str]:
    if change.resource_type != REGISTRATION_TYPE or change.kind != "changed" or not change.old or not change.new:
        return []
    old_fields, new_fields = (
        change.old.properties.get(RegistrationProps.FIELDS) or {},
        change.new.properties.get(RegistrationProps.FIELDS) or {},
    )
    edits = [p for p in set(old_fields) | set(new_fields) if old_fields.get(p) != new_fields.get(p)]
    old_files, new_files = _attachments(change.old.properties), _attachments(change.new.properties)
    edits += [p for p in set(old_files) | set(new_files) if old_files.get(p) != new_files.get(p)]
    return sorted(set(edits))


@rule(
    "SMS-S1",
    Severity.SLOW,
    "registration re-review",
    "Fields or attachments of a submitted (or approved) registration change: a new version opens and a new review"
    " restarts, as long as that type's review (a 10DLC brand days, a campaign up to 4 weeks, toll-free up to 15"
    " business days).",
)
def registration_new_version(change: ResourceChange) -> Iterable[Finding]:
    edits = _registration_edits(change)
    if edits and change.old and change.old.properties.get(RegistrationProps.SUBMIT) is True:
        kind = kind_of(current_properties(change).get(RegistrationProps.REGISTRATION_TYPE))
        yield Finding(
            f"{subject(change)}: {listed(edits)} changed after submission: a new version opens and "
            f"review restarts ({kind.review}); while a review is running the deploy fails instead{kind.new_version_note}"
        )


@rule(
    "SMS-S2",
    Severity.SLOW,
    "registration submitted",
    "A registration is submitted for review (new or renamed with Submit: true, or Submit turned on).",
)
def registration_submitted(change: ResourceChange) -> Iterable[Finding]:
    if newly_submitted(change):
        properties = current_properties(change)
        waits = " (once its brand is approved)" if properties.get(RegistrationProps.LINKED_REGISTRATION_IDS) else ""
        review = kind_of(properties.get(RegistrationProps.REGISTRATION_TYPE)).review
        yield Finding(f"{subject(change)} will be submitted for review{waits}{renamed(change)}, which takes {review}")


@rule(
    "SMS-I2",
    Severity.INFO,
    "draft registration edited",
    "Fields or attachments of a registration that was never submitted change in place.",
)
def registration_draft_edited(change: ResourceChange) -> Iterable[Finding]:
    edits = _registration_edits(change)
    if edits and change.old and change.old.properties.get(RegistrationProps.SUBMIT) is not True:
        yield Finding(f"{subject(change)} (a draft): {listed(edits)} change in place")


@rule(
    "SMS-D3",
    Severity.DESTRUCTIVE,
    "registration deleted",
    "A registration leaves the stack with DeleteDraftOnRemoval: a draft is deleted with its fields and attachments.",
)
def registration_deleted(change: ResourceChange) -> Iterable[Finding]:
    old = change.old
    if not (
        change.goes_away
        and old
        and old.type == REGISTRATION_TYPE
        and old.properties.get(RegistrationProps.DELETE_DRAFT_ON_REMOVAL)
    ):
        return
    if old.properties.get(RegistrationProps.SUBMIT) is True:
        detail = "if it is still an unsubmitted draft (a submitted one is kept)"
    else:
        detail = "(a draft: its field values and attachments are lost)"
    yield Finding(f"{subject(change)} will be DELETED {detail}{renamed(change)}", ack_id("delete", change))


@rule(
    "SMS-W9",
    Severity.WARNING,
    "registration's brand change refused",
    "LinkedRegistrationIds of a registration names another registration than before (a 10DLC campaign or vetting "
    "moved to another brand): the deploy fails once the old one is associated; an association cannot be removed.",
)
def linked_registration_changed(change: ResourceChange) -> Iterable[Finding]:
    if change.resource_type == REGISTRATION_TYPE and change.kind == "changed" and change.old and change.new:
        before = change.old.properties.get(RegistrationProps.LINKED_REGISTRATION_IDS) or []
        after = change.new.properties.get(RegistrationProps.LINKED_REGISTRATION_IDS) or []
        dropped = [linked for linked in before if linked not in after]
        if dropped and after:
            yield Finding(
                f"{subject(change)}: filed for another registration than before; the deploy will FAIL if it is "
                "already associated with the old one (an association cannot be removed): declare a new "
                "registration for the new one"
            )


@rule(
    "SMS-W3",
    Severity.WARNING,
    "registration type change refused",
    "RegistrationType changes: the custom resource fails the deploy; a new registration resource is needed.",
)
def registration_type_changed(change: ResourceChange) -> Iterable[Finding]:
    if change.resource_type == REGISTRATION_TYPE and change.kind == "changed" and change.old and change.new:
        before, after = (
            change.old.properties.get(RegistrationProps.REGISTRATION_TYPE),
            change.new.properties.get(RegistrationProps.REGISTRATION_TYPE),
        )
        if before != after:
            yield Finding(
                f"{subject(change)}: RegistrationType {before} -> {after} cannot change; the deploy will FAIL"
            )
