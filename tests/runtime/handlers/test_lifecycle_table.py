"""The registration state table: complete, unambiguous, and saying what the API's traps require."""

from __future__ import annotations

import itertools

import pytest

from sms_runtime.registration.lifecycle import (
    REGISTRATION_STATUSES,
    TABLE,
    VERSION_STATUSES,
    Action,
    Change,
    Intent,
    decide,
)

EVERY_STATE = list(itertools.product(REGISTRATION_STATUSES, VERSION_STATUSES, Change, Intent))


def test_every_observable_state_matches_exactly_one_rule() -> None:
    for registration, version, change, intent in EVERY_STATE:
        matches = [
            rule
            for rule in TABLE
            if registration in rule.registration_statuses
            and version in rule.version_statuses
            and rule.change is change
            and rule.intent is intent
        ]
        assert len(matches) == 1, (registration, version, change, intent, matches)


@pytest.mark.parametrize(
    ("registration", "version", "change", "intent", "expected"),
    [
        ("CREATED", "DRAFT", Change.FIELDS, Intent.SUBMIT, Action.PUT_CHANGED_FIELDS_AND_SUBMIT),
        ("CREATED", "DRAFT", Change.FIELDS, Intent.DRAFT, Action.PUT_CHANGED_FIELDS),
        ("CREATED", "DRAFT", Change.NONE, Intent.SUBMIT, Action.SUBMIT),
        ("SUBMITTED", "SUBMITTED", Change.FIELDS, Intent.SUBMIT, Action.FAIL_FROZEN),
        ("REVIEWING", "REVIEWING", Change.NONE, Intent.SUBMIT, Action.NOTHING),
        ("REQUIRES_UPDATES", "DENIED", Change.FIELDS, Intent.SUBMIT, Action.NEW_VERSION_REPUT_ALL_AND_SUBMIT),
        ("REQUIRES_UPDATES", "DENIED", Change.NONE, Intent.SUBMIT, Action.NOTHING),
        ("REQUIRES_UPDATES", "DRAFT", Change.FIELDS, Intent.SUBMIT, Action.PUT_CHANGED_FIELDS_AND_SUBMIT),
        ("COMPLETE", "APPROVED", Change.FIELDS, Intent.SUBMIT, Action.NEW_VERSION_REPUT_ALL_AND_SUBMIT),
        ("COMPLETE", "APPROVED", Change.NONE, Intent.DRAFT, Action.NOTHING),
        ("CLOSED", "APPROVED", Change.NONE, Intent.DRAFT, Action.FAIL_CLOSED),
        ("COMPLETE", "REVOKED", Change.FIELDS, Intent.SUBMIT, Action.FAIL_REVOKED),
    ],
)
def test_decisions_for_the_states_that_matter(
    registration: str, version: str, change: Change, intent: Intent, expected: Action
) -> None:
    assert decide(registration, version, change, intent) is expected


def test_only_drafts_are_edited_in_place_and_only_concluded_versions_open_new_ones() -> None:
    for registration, version, change, intent in EVERY_STATE:
        action = decide(registration, version, change, intent)
        if action in (Action.PUT_CHANGED_FIELDS, Action.PUT_CHANGED_FIELDS_AND_SUBMIT, Action.SUBMIT):
            assert version == "DRAFT"
        if action.opens_version:
            assert version in ("APPROVED", "DENIED", "DISCARDED", "ARCHIVED")
        if change is Change.NONE:
            assert not action.puts_fields


def test_an_unknown_status_is_refused_rather_than_guessed() -> None:
    with pytest.raises(LookupError):
        decide("SOMETHING_NEW", "DRAFT", Change.NONE, Intent.DRAFT)
