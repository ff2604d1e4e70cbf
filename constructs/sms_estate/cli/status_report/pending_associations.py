"""Numbers a registration's config lists but the account has not associated yet, and what they wait for.

Why ``status`` works this out: a registration type's ``SupportedAssociations`` entry may say a number
joins only after approval (``ASSOCIATE_ON_APPROVAL``) or completion (``ASSOCIATE_AFTER_COMPLETE``), or
only while a version is a DRAFT (``ASSOCIATE_BEFORE_SUBMIT``). The registration custom resource then
leaves the number for a later deploy (its ``PendingAssociations`` attribute counts them), and nothing
else would tell a person that one is waiting. The rule is the handler's own
(:meth:`sms_runtime.registration.live_rules.AssociationRule.due`), so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sms_estate.yaml_app.config.model import Environment, PhoneNumber
from sms_runtime.registration import live_rules
from sms_runtime.sms_client import Api
from sms_runtime.tracking.snapshot import PhoneNumberState, RegistrationState

NEXT_DEPLOY = "the next deploy"
NO_ENTRY = "a SupportedAssociations entry for it (the deploy fails)"


@dataclass(frozen=True)
class PendingAssociations:
    """``count`` configured numbers not yet associated, waiting for ``until`` (e.g. ``approval``)."""

    count: int = 0
    until: str = ""

    def sentence(self) -> str:
        return f"waiting to associate {self.count} number(s) until {self.until}" if self.count else ""


class AssociationReader:
    """Pending associations of one region, reading each registration type's definitions once."""

    def __init__(self, api: Api, environment: Environment, numbers: Mapping[str, PhoneNumberState]) -> None:
        self._api = api
        self._environment = environment
        self._numbers = numbers  # live numbers by config name
        self._rules: dict[str, tuple[live_rules.AssociationRule, ...]] = {}

    def pending(self, name: str, state: RegistrationState) -> PendingAssociations:
        """What registration ``name`` (config) still waits to associate; nothing for one not in config."""
        config = next((r for r in self._environment.registrations if r.name == name), None)
        if config is None:
            return PendingAssociations()
        configured = {n.name: n for n in self._environment.phone_numbers}
        waiting = [
            configured[number]
            for number in config.phone_numbers
            if number in configured
            and number in self._numbers
            and self._numbers[number].registration_id != state.registration_id
        ]
        if not waiting:
            return PendingAssociations()
        return PendingAssociations(len(waiting), ", ".join(sorted({self._until(state, n) for n in waiting})))

    def _until(self, state: RegistrationState, number: PhoneNumber) -> str:
        if state.registration_type not in self._rules:
            self._rules[state.registration_type] = live_rules.supported_associations(self._api, state.registration_type)
        rule = live_rules.pick_association(
            self._rules[state.registration_type], number.number_type, number.iso_country_code
        )
        if rule is None:
            return NO_ENTRY
        due, waits_for = rule.due(_as_registration(state), state.current.status)
        return NEXT_DEPLOY if due else waits_for


def numbers_by_name(names: Sequence[str], states: Sequence[PhoneNumberState]) -> dict[str, PhoneNumberState]:
    """Live numbers keyed by their config name (numbers without one are left out)."""
    return {name: state for name, state in zip(names, states, strict=True) if name}


def _as_registration(state: RegistrationState) -> dict[str, Any]:
    """The ``DescribeRegistrations`` fields :meth:`AssociationRule.due` reads."""
    found: dict[str, Any] = {"RegistrationStatus": state.status}
    if state.approved_version is not None:
        found["ApprovedVersionNumber"] = state.approved_version
    return found
