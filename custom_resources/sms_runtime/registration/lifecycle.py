"""THE registration state machine: one table from observed state and desired change to an action.

Why one table: the traps of the registration API (an approved or denied version cannot be edited, a
new version starts empty, a submitted version is frozen) are all decisions about *which write is
allowed now*. Scattered across handlers they drift apart; in one table they can be read, reviewed
and tested exhaustively (every combination maps to exactly one action).

Inputs, all observed live right before deciding:

* the registration status (``DescribeRegistrations``);
* the status of its newest version (``DescribeRegistrationVersions``);
* :class:`Change`: whether the desired field values differ from the newest version's values;
* :class:`Intent`: whether the config asks for submission (``Submit: true``) *and* everything that must
  be associated before submit can be (:func:`intent`). A 10DLC campaign or vetting whose brand is not
  approved yet cannot name it (``ASSOCIATE_BEFORE_SUBMIT`` needs an approved brand), so it is decided as
  a draft: its fields go in, it is not submitted, and the deploy completes saying what it waits for. The
  table itself does not know about prerequisites: "submit later" is exactly "draft for now".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Change(enum.Enum):
    NONE = "none"
    FIELDS = "fields"


class Intent(enum.Enum):
    DRAFT = "draft"
    SUBMIT = "submit"


class Action(enum.Enum):
    """What the handler does; ``steps`` is the ordered list of API work it implies."""

    NOTHING = "nothing"
    PUT_CHANGED_FIELDS = "put-changed-fields"
    PUT_CHANGED_FIELDS_AND_SUBMIT = "put-changed-fields-and-submit"
    SUBMIT = "submit"
    NEW_VERSION_AND_REPUT_ALL = "new-version-and-reput-all"
    NEW_VERSION_REPUT_ALL_AND_SUBMIT = "new-version-reput-all-and-submit"
    FAIL_FROZEN = "fail-frozen"
    FAIL_CLOSED = "fail-closed"
    FAIL_REVOKED = "fail-revoked"

    @property
    def opens_version(self) -> bool:
        return self in (Action.NEW_VERSION_AND_REPUT_ALL, Action.NEW_VERSION_REPUT_ALL_AND_SUBMIT)

    @property
    def puts_fields(self) -> bool:
        return self.opens_version or self in (Action.PUT_CHANGED_FIELDS, Action.PUT_CHANGED_FIELDS_AND_SUBMIT)

    @property
    def submits(self) -> bool:
        return self in (
            Action.SUBMIT,
            Action.PUT_CHANGED_FIELDS_AND_SUBMIT,
            Action.NEW_VERSION_REPUT_ALL_AND_SUBMIT,
        )

    @property
    def fails(self) -> bool:
        return self.name.startswith("FAIL_")


REGISTRATION_STATUSES = (
    "CREATED",
    "SUBMITTED",
    "AWS_REVIEWING",
    "REVIEWING",
    "REQUIRES_AUTHENTICATION",
    "PROVISIONING",
    "COMPLETE",
    "REQUIRES_UPDATES",
    "CLOSED",
    "DELETED",
)
VERSION_STATUSES = (
    "DRAFT",
    "SUBMITTED",
    "AWS_REVIEWING",
    "REVIEWING",
    "REQUIRES_AUTHENTICATION",
    "APPROVED",
    "DISCARDED",
    "DENIED",
    "REVOKED",
    "ARCHIVED",
    "REQUIRES_OFFLINE_REVIEW",
)

_ANY = frozenset(REGISTRATION_STATUSES)
_OPEN = _ANY - {"CLOSED", "DELETED"}
_IN_REVIEW = frozenset(
    {"SUBMITTED", "AWS_REVIEWING", "REVIEWING", "REQUIRES_AUTHENTICATION", "REQUIRES_OFFLINE_REVIEW"}
)
# A version that is over (decided or withdrawn): only a new version can carry changes.
_CONCLUDED = frozenset({"APPROVED", "DENIED", "DISCARDED", "ARCHIVED"})


@dataclass(frozen=True)
class Rule:
    registration_statuses: frozenset[str]
    version_statuses: frozenset[str]
    change: Change
    intent: Intent
    action: Action


def _rows(regs: frozenset[str], versions: frozenset[str], by_case: dict[tuple[Change, Intent], Action]) -> list[Rule]:
    return [Rule(regs, versions, change, intent, action) for (change, intent), action in by_case.items()]


_N, _F, _D, _S = Change.NONE, Change.FIELDS, Intent.DRAFT, Intent.SUBMIT
_EVERY_CASE = ((_N, _D), (_N, _S), (_F, _D), (_F, _S))

# fmt: off
TABLE: tuple[Rule, ...] = tuple(
    # Closed or deleted registrations accept nothing: the config must point at a new resource.
    _rows(_ANY - _OPEN, frozenset(VERSION_STATUSES), dict.fromkeys(_EVERY_CASE, Action.FAIL_CLOSED))
    # A draft is the only editable version: put what differs, submit when asked.
    + _rows(_OPEN, frozenset({"DRAFT"}), {
        (_N, _D): Action.NOTHING,
        (_N, _S): Action.SUBMIT,
        (_F, _D): Action.PUT_CHANGED_FIELDS,
        (_F, _S): Action.PUT_CHANGED_FIELDS_AND_SUBMIT,
    })
    # Submitted or in review: frozen. Unchanged is fine (the deploy waits for nobody).
    + _rows(_OPEN, _IN_REVIEW, {
        (_N, _D): Action.NOTHING,
        (_N, _S): Action.NOTHING,
        (_F, _D): Action.FAIL_FROZEN,
        (_F, _S): Action.FAIL_FROZEN,
    })
    # Approved, denied (REQUIRES_UPDATES) or discarded: changes go into a new, EMPTY version,
    # so every field is put again. Unchanged: nothing (re-submitting a denied form is pointless).
    + _rows(_OPEN, _CONCLUDED, {
        (_N, _D): Action.NOTHING,
        (_N, _S): Action.NOTHING,
        (_F, _D): Action.NEW_VERSION_AND_REPUT_ALL,
        (_F, _S): Action.NEW_VERSION_REPUT_ALL_AND_SUBMIT,
    })
    # Revoked by the registrar: a person must look at why before anything is resubmitted.
    + _rows(_OPEN, frozenset({"REVOKED"}), {
        (_N, _D): Action.NOTHING,
        (_N, _S): Action.NOTHING,
        (_F, _D): Action.FAIL_REVOKED,
        (_F, _S): Action.FAIL_REVOKED,
    })
)
# fmt: on


def intent(submit: bool, prerequisites_met: bool) -> Intent:
    """:attr:`Intent.SUBMIT` only when the config asks for it and nothing due before submit is missing.

    Why here, next to the table: this is the one place where "not yet" turns into a decision; the
    handler reports the missing prerequisite (``WaitingFor``) and the next deploy, after the approval,
    decides again with the prerequisite met.
    """
    return Intent.SUBMIT if submit and prerequisites_met else Intent.DRAFT


def decide(registration_status: str, version_status: str, change: Change, intent: Intent) -> Action:
    """The one action for this state; raises ``LookupError`` for a status the table does not know."""
    for rule in TABLE:
        if (
            registration_status in rule.registration_statuses
            and version_status in rule.version_statuses
            and rule.change is change
            and rule.intent is intent
        ):
            return rule.action
    raise LookupError(f"no rule for registration {registration_status} / version {version_status}")


FAILURE_MESSAGES = {
    Action.FAIL_FROZEN: (
        "registration {id} version {version} is {version_status}: nothing is editable until it is "
        "approved or denied; revert the config change or wait for the review"
    ),
    Action.FAIL_CLOSED: ("registration {id} is {status}: it cannot change any more; use a new registration resource"),
    Action.FAIL_REVOKED: (
        "registration {id} version {version} was revoked by the registrar; review the reasons in the "
        "console before changing and resubmitting it"
    ),
}
