"""``Custom::SmsRegistrationCheck``: the registration's values against the live field definitions, before any purchase.

Why a resource of its own: a registration needs the IDs of its numbers, so CloudFormation creates the
numbers first, and a number bills from the moment it is requested. A value the live definitions
reject (a field that became required, a pattern tightened since the shipped snapshot) would only fail
at the registration, after the numbers were bought. This resource holds the registration's type and
values (no number IDs), the numbers depend on it, and its Create or Update runs the very check the
registration runs before its first write (``live_rules.require_valid``), writing nothing. A refusal
fails the deploy before anything is bought. Delete does nothing: there is nothing to remove.
"""

from __future__ import annotations

from typing import Any

from sms_runtime import decision_log
from sms_runtime.contract import RegistrationCheckProps
from sms_runtime.handlers.request import Request, Response, mapping, text
from sms_runtime.registration import live_rules
from sms_runtime.registration.field_definitions import FieldValue
from sms_runtime.sms_client import Api

PHYSICAL_ID_PREFIX = "sms-estate:registration-check:"


def create(request: Request, api: Api) -> Response:
    return _check(request, api)


def update(request: Request, api: Api) -> Response:
    return _check(request, api)


def delete(request: Request, api: Api) -> None:
    decision_log.record_action("nothing-to-delete")


def is_complete(request: Request, api: Api) -> dict[str, Any]:
    return {"IsComplete": True}


def current_attributes(request: Request, api: Api) -> dict[str, str]:
    """No attributes: a rollback keeps the check as it is."""
    return {}


def _check(request: Request, api: Api) -> Response:
    registration_type = text(request.properties, RegistrationCheckProps.REGISTRATION_TYPE)
    values: dict[str, FieldValue] = {}
    for path, value in {
        **mapping(request.properties, RegistrationCheckProps.FIELDS),
        **mapping(request.properties, RegistrationCheckProps.ATTACHMENT_FILES),
    }.items():
        values[str(path)] = [str(v) for v in value] if isinstance(value, list) else str(value)
    definition = live_rules.live_definition(api, registration_type)
    live_rules.require_valid(definition, values, request.logical_id)
    decision_log.record_action("registration-values-valid", registration_type=registration_type)
    return Response(PHYSICAL_ID_PREFIX + request.logical_id)
