"""The registration rules as the live API states them right now, read before any write.

Why live as well as the shipped snapshot: required fields change over time (privacy-policy and terms
URLs became required for toll-free in 2026). Synth validates against the snapshot so mistakes show
early; the handler validates the same values against ``DescribeRegistrationFieldDefinitions`` before
writing, with the same :func:`validate_field_values`, so a stale snapshot cannot let a doomed
registration through. Conditional rules are not in the API answer, so they come from the snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping

from sms_runtime.handlers.request import HandlerError
from sms_runtime.registration.field_definitions import (
    FieldValue,
    RegistrationTypeDefinition,
    UnknownRegistrationTypeError,
    load_snapshot,
    validate_field_values,
)
from sms_runtime.sms_client import Api

ASSOCIATE_BEFORE_SUBMIT = "ASSOCIATE_BEFORE_SUBMIT"
ASSOCIATE_AFTER_COMPLETE = "ASSOCIATE_AFTER_COMPLETE"


def live_definition(api: Api, registration_type: str) -> RegistrationTypeDefinition:
    """Field definitions from the API, with the shipped conditional rules (if any) applied."""
    items = api.pages(
        "DescribeRegistrationFieldDefinitions",
        "RegistrationFieldDefinitions",
        RegistrationType=registration_type,
    )
    try:
        conditions = load_snapshot(registration_type).conditions
    except UnknownRegistrationTypeError:
        conditions = ()
    page = {"RegistrationType": registration_type, "RegistrationFieldDefinitions": items}
    live_fields = {str(item["FieldPath"]) for item in items}
    usable = tuple(c for c in conditions if {c.field, c.when_field} <= live_fields)
    return RegistrationTypeDefinition.from_api_pages(registration_type, [page], usable)


def require_valid(definition: RegistrationTypeDefinition, values: Mapping[str, FieldValue], name: str) -> None:
    """Raise a :class:`HandlerError` listing every problem of ``values`` (none: return)."""
    problems = validate_field_values(definition, values)
    if problems:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        raise HandlerError(
            f"registration {name} does not satisfy the live {definition.registration_type} "
            f"field definitions (nothing was written): {listed}"
        )


def association_behavior(api: Api, registration_type: str) -> str:
    """When numbers may be associated, per ``DescribeRegistrationTypeDefinitions``."""
    found = api.call("DescribeRegistrationTypeDefinitions", RegistrationTypes=[registration_type])
    for definition in found.get("RegistrationTypeDefinitions", []):
        for supported in definition.get("SupportedAssociations", []):
            return str(supported["AssociationBehavior"])
    return ""
