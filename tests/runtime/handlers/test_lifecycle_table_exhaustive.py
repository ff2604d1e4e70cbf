"""The registration lifecycle table, every cell: each status the API can report, by change, by intent.

The expectation is written here from the README's table ("What an update does is one explicit
table"), not read back from ``decide()`` or ``TABLE``: a wrong cell in the module (DISCARDED handled
like REVOKED, a frozen version edited, a closed registration written to) fails a named case. The
statuses come from botocore's service model, so a status the API adds is a failing test until the
table and this file decide what it means.
"""

from __future__ import annotations

import dataclasses
import itertools

import botocore.session
import pytest

from sms_runtime.registration.lifecycle import (
    FAILURE_MESSAGES,
    REGISTRATION_STATUSES,
    TABLE,
    VERSION_STATUSES,
    Action,
    Change,
    Intent,
    decide,
)


def _api_enum(shape: str) -> tuple[str, ...]:
    model = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")
    return tuple(model.shape_for(shape).enum)


API_REGISTRATION_STATUSES = _api_enum("RegistrationStatus")
API_VERSION_STATUSES = _api_enum("RegistrationVersionStatus")

# README: "(registration CLOSED/DELETED) | fail | fail | fail".
FINISHED_REGISTRATIONS = frozenset({"CLOSED", "DELETED"})

# README, one row per kind of newest version: (no change, changed draft, changed with submit: true).
# "No change" with submit: true submits only a draft ("nothing (submit if asked)").
DRAFT = ("DRAFT",)
IN_REVIEW = ("SUBMITTED", "AWS_REVIEWING", "REVIEWING", "REQUIRES_AUTHENTICATION", "REQUIRES_OFFLINE_REVIEW")
# APPROVED / DENIED / DISCARDED are in the README row; ARCHIVED is a version that is over as well (a
# newer one replaced it), so changes can only go into a new, empty version.
CONCLUDED = ("APPROVED", "DENIED", "DISCARDED", "ARCHIVED")
REVOKED = ("REVOKED",)


def _row(no_change: tuple[Action, Action], changed: tuple[Action, Action]) -> dict[tuple[Change, Intent], Action]:
    """One README row: (draft, submit: true) without a change, then with changed fields."""
    return {
        (Change.NONE, Intent.DRAFT): no_change[0],
        (Change.NONE, Intent.SUBMIT): no_change[1],
        (Change.FIELDS, Intent.DRAFT): changed[0],
        (Change.FIELDS, Intent.SUBMIT): changed[1],
    }


NOTHING = (Action.NOTHING, Action.NOTHING)
ROW: dict[str, dict[tuple[Change, Intent], Action]] = {
    **dict.fromkeys(
        DRAFT,
        _row((Action.NOTHING, Action.SUBMIT), (Action.PUT_CHANGED_FIELDS, Action.PUT_CHANGED_FIELDS_AND_SUBMIT)),
    ),
    **dict.fromkeys(IN_REVIEW, _row(NOTHING, (Action.FAIL_FROZEN, Action.FAIL_FROZEN))),
    **dict.fromkeys(
        CONCLUDED,
        _row(NOTHING, (Action.NEW_VERSION_AND_REPUT_ALL, Action.NEW_VERSION_REPUT_ALL_AND_SUBMIT)),
    ),
    **dict.fromkeys(REVOKED, _row(NOTHING, (Action.FAIL_REVOKED, Action.FAIL_REVOKED))),
}


def expected_action(registration: str, version: str, change: Change, intent: Intent) -> Action:
    """The README's table, applied by hand."""
    if registration in FINISHED_REGISTRATIONS:
        return Action.FAIL_CLOSED
    return ROW[version][(change, intent)]


EVERY_CELL = list(itertools.product(API_REGISTRATION_STATUSES, API_VERSION_STATUSES, Change, Intent))


def test_the_expectation_covers_exactly_the_statuses_the_api_reports() -> None:
    assert set(ROW) == set(API_VERSION_STATUSES)
    assert set(API_REGISTRATION_STATUSES) > FINISHED_REGISTRATIONS
    assert set(REGISTRATION_STATUSES) == set(API_REGISTRATION_STATUSES)
    assert set(VERSION_STATUSES) == set(API_VERSION_STATUSES)
    assert len(EVERY_CELL) == 10 * 11 * 2 * 2


@pytest.mark.parametrize(
    ("registration", "version", "change", "intent"),
    EVERY_CELL,
    ids=[f"{r}-{v}-{c.value}-{i.value}" for r, v, c, i in EVERY_CELL],
)
def test_every_cell_of_the_lifecycle_table(registration: str, version: str, change: Change, intent: Intent) -> None:
    assert decide(registration, version, change, intent) is expected_action(registration, version, change, intent)


@pytest.mark.parametrize("registration", ["REQUIRES_UPDATES", "COMPLETE", "CREATED"])
def test_a_discarded_version_opens_a_new_one_unlike_a_revoked_one(registration: str) -> None:
    """DISCARDED is a withdrawn version (start again); REVOKED needs a person first."""
    assert decide(registration, "DISCARDED", Change.FIELDS, Intent.SUBMIT) is Action.NEW_VERSION_REPUT_ALL_AND_SUBMIT
    assert decide(registration, "DISCARDED", Change.FIELDS, Intent.DRAFT) is Action.NEW_VERSION_AND_REPUT_ALL
    assert decide(registration, "REVOKED", Change.FIELDS, Intent.SUBMIT) is Action.FAIL_REVOKED


# What each action implies for the handler, from the action's meaning (the README's cell text).
IMPLIES = {
    # action: (opens a version, puts fields, submits, fails)
    Action.NOTHING: (False, False, False, False),
    Action.PUT_CHANGED_FIELDS: (False, True, False, False),
    Action.PUT_CHANGED_FIELDS_AND_SUBMIT: (False, True, True, False),
    Action.SUBMIT: (False, False, True, False),
    Action.NEW_VERSION_AND_REPUT_ALL: (True, True, False, False),
    Action.NEW_VERSION_REPUT_ALL_AND_SUBMIT: (True, True, True, False),
    Action.FAIL_FROZEN: (False, False, False, True),
    Action.FAIL_CLOSED: (False, False, False, True),
    Action.FAIL_REVOKED: (False, False, False, True),
}


@pytest.mark.parametrize("action", list(Action), ids=[a.name for a in Action])
def test_each_action_says_which_api_work_it_implies(action: Action) -> None:
    assert (action.opens_version, action.puts_fields, action.submits, action.fails) == IMPLIES[action]


def test_every_failure_has_a_message_naming_the_registration() -> None:
    failing = {action for action, implied in IMPLIES.items() if implied[3]}
    assert set(FAILURE_MESSAGES) == failing
    for action in failing:
        assert "{id}" in FAILURE_MESSAGES[action]


def test_the_table_cannot_be_edited_at_run_time() -> None:
    """A handler that "fixed" a rule in place would change every later decision of the warm Lambda."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        TABLE[0].action = Action.NOTHING  # type: ignore[misc]
