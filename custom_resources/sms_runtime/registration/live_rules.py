"""The registration rules as the live API states them right now, read before any write.

Why live as well as the shipped snapshot: required fields change over time (privacy-policy and terms
URLs became required for toll-free in 2026). Synth validates against the snapshot so mistakes show
early; the handler validates the same values against ``DescribeRegistrationFieldDefinitions`` before
writing, with the same :func:`validate_field_values`, so a stale snapshot cannot let a doomed
registration through. Conditional rules (``ConditionalBehavior``) are part of the API answer and are
used as it returns them; nothing from the snapshot is merged in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sms_runtime.handlers.request import HandlerError
from sms_runtime.registration.field_model import RegistrationTypeDefinition
from sms_runtime.registration.field_types import DefinitionFormatError, FieldProblem, FieldValue
from sms_runtime.registration.field_validation import validate_field_values
from sms_runtime.sms_client import Api

ASSOCIATE_BEFORE_SUBMIT = "ASSOCIATE_BEFORE_SUBMIT"
ASSOCIATE_ON_APPROVAL = "ASSOCIATE_ON_APPROVAL"
ASSOCIATE_AFTER_COMPLETE = "ASSOCIATE_AFTER_COMPLETE"
DISASSOCIATE_ALL_CLOSES_REGISTRATION = "DISASSOCIATE_ALL_CLOSES_REGISTRATION"
PHONE_NUMBER = "PHONE_NUMBER"  # a SupportedAssociation ResourceType that covers every phone number
SENDER_ID = "SENDER_ID"  # the ResourceType of a sender ID entry (Singapore: provisioned on approval)


def live_definition(api: Api, registration_type: str) -> RegistrationTypeDefinition:
    """Field definitions exactly as the API returns them now, ``ConditionalBehavior`` included.

    Parsed by the same code as the shipped snapshot. An answer that cannot be parsed fails the
    request before any write, with a clear reason, rather than being validated against a guess.
    """
    items = api.pages(
        "DescribeRegistrationFieldDefinitions",
        "RegistrationFieldDefinitions",
        RegistrationType=registration_type,
    )
    page = {"RegistrationType": registration_type, "RegistrationFieldDefinitions": items}
    try:
        return RegistrationTypeDefinition.from_api_pages(registration_type, [page])
    except DefinitionFormatError as error:
        raise HandlerError(
            f"the live {registration_type} field definitions could not be read (nothing was written): {error}"
        ) from None


def require_valid(definition: RegistrationTypeDefinition, values: Mapping[str, FieldValue], name: str) -> None:
    """Raise a :class:`HandlerError` listing every problem of ``values`` (none: return).

    The reason becomes the CloudFormation failure reason and a log line, so it names each field and
    the rule it breaks, never the value: no personal data there (issue 13). The validator's messages
    are value-free; should one ever quote the field's value, the problem code stands in for it.
    """
    problems = validate_field_values(definition, values)
    if problems:
        listed = "; ".join(f"{p.field}: {_value_free_message(p, values.get(p.field))}" for p in problems)
        raise HandlerError(
            f"registration {name} does not satisfy the live {definition.registration_type} "
            f"field definitions (nothing was written): {listed}"
        )


@dataclass(frozen=True)
class AssociationRule:
    """One ``SupportedAssociations`` entry of ``DescribeRegistrationTypeDefinitions``."""

    resource_type: str
    iso_country_code: str  # "" when the entry names no country (it applies to every one)
    association: str  # RegistrationAssociationBehavior
    disassociation: str  # RegistrationDisassociationBehavior

    def due(self, registration: Mapping[str, Any], version_status: str) -> tuple[bool, str]:
        """Whether a missing number may be associated now, and if not, the state it waits for.

        Why per behaviour: ``ASSOCIATE_BEFORE_SUBMIT`` numbers can only join a DRAFT (a submitted or
        approved version is frozen; the next edit opens a draft); ``ASSOCIATE_ON_APPROVAL`` numbers join
        once a version is approved and ``ASSOCIATE_AFTER_COMPLETE`` ones once the registration is
        COMPLETE. Associating earlier is refused by the API and costs a call per poll for nothing.
        """
        status = str(registration.get("RegistrationStatus", ""))
        if self.association == ASSOCIATE_BEFORE_SUBMIT:
            return version_status == "DRAFT", "a new DRAFT version"
        if self.association == ASSOCIATE_ON_APPROVAL:
            return "ApprovedVersionNumber" in registration or status == "COMPLETE", "approval"
        if self.association == ASSOCIATE_AFTER_COMPLETE:
            return status == "COMPLETE", "COMPLETE"
        return False, f"support for association behaviour {self.association}"

    def may_remove(self, remaining_after: int) -> bool:
        """Whether taking a number away (releasing it) is allowed, leaving ``remaining_after`` numbers.

        ``DISASSOCIATE_ALL_CLOSES_REGISTRATION`` (toll-free): removing the last number closes the
        registration, weeks of review lost, so the last number is never removed. The other two
        behaviours leave the registration as it is (deletable, or deleted by its own removal).
        """
        return remaining_after > 0 or self.disassociation != DISASSOCIATE_ALL_CLOSES_REGISTRATION


def supported_associations(api: Api, registration_type: str) -> tuple[AssociationRule, ...]:
    """Every ``SupportedAssociations`` entry of ``registration_type``, in the API's order."""
    found = api.call("DescribeRegistrationTypeDefinitions", RegistrationTypes=[registration_type])
    return tuple(
        AssociationRule(
            resource_type=str(entry.get("ResourceType", "")),
            iso_country_code=str(entry.get("IsoCountryCode") or ""),
            association=str(entry.get("AssociationBehavior", "")),
            disassociation=str(entry.get("DisassociationBehavior", "")),
        )
        for definition in found.get("RegistrationTypeDefinitions", [])
        if definition.get("RegistrationType", registration_type) == registration_type
        for entry in definition.get("SupportedAssociations", [])
    )


def pick_association(
    rules: Sequence[AssociationRule], number_type: str, iso_country_code: str | None
) -> AssociationRule | None:
    """The entry that governs a phone number of ``number_type`` in ``iso_country_code``.

    ``ResourceType`` is a free string in the model; the entry matches a phone number when it names
    :data:`PHONE_NUMBER` or the number's own type (``TOLL_FREE``, ``TEN_DLC``, ...), compared without
    case and with ``-`` as ``_``. An entry for the number's country beats one that names no country;
    an entry for another country never applies. ``iso_country_code`` None: the country is unknown,
    so any country matches (entries without one first).
    """
    wanted = {PHONE_NUMBER, _normal(number_type)}
    matching = [rule for rule in rules if _normal(rule.resource_type) in wanted]
    if iso_country_code is None:
        return min(matching, key=lambda rule: rule.iso_country_code != "", default=None)
    exact = [rule for rule in matching if rule.iso_country_code == iso_country_code]
    anywhere = [rule for rule in matching if not rule.iso_country_code]
    best = exact or anywhere
    return best[0] if best else None


def pick_registration_association(rules: Sequence[AssociationRule], registration_type: str) -> AssociationRule | None:
    """The entry that governs linking a registration of ``registration_type`` (a 10DLC campaign's brand).

    Why by type: a campaign or a vetting names its brand by an association whose entry's ``ResourceType``
    is the brand's registration type, not by a field; a type listing no such entry cannot be linked.
    """
    wanted = _normal(registration_type)
    return next((rule for rule in rules if _normal(rule.resource_type) == wanted), None)


def pick_sender_id_association(rules: Sequence[AssociationRule], iso_country_code: str) -> AssociationRule | None:
    """The :data:`SENDER_ID` entry for ``iso_country_code`` (an entry for the country before one naming none)."""
    matching = [rule for rule in rules if _normal(rule.resource_type) == SENDER_ID]
    exact = [rule for rule in matching if rule.iso_country_code == iso_country_code]
    anywhere = [rule for rule in matching if not rule.iso_country_code]
    best = exact or anywhere
    return best[0] if best else None


def _value_free_message(problem: FieldProblem, value: FieldValue | None) -> str:
    """``problem.message``, or its code when the message contains the field's value (or a choice)."""
    texts = [value] if isinstance(value, str) else list(value or [])
    quoted = any(len(text.strip()) >= 2 and text.strip() in problem.message for text in texts)
    return problem.code if quoted else problem.message


def association_behavior(
    api: Api, registration_type: str, number_type: str, iso_country_code: str | None = None
) -> AssociationRule | None:
    """The ``SupportedAssociations`` entry for one kind of number, per ``DescribeRegistrationTypeDefinitions``."""
    return pick_association(supported_associations(api, registration_type), number_type, iso_country_code)


def _normal(resource_type: str) -> str:
    return resource_type.strip().upper().replace("-", "_")
