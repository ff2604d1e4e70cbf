"""Route Provider-framework events to the resource modules, and the Lambda entry points.

One Provider (one pair of functions) serves every SMS custom resource of a stack, so the resource
type in the event picks the module, and the request type picks the function. The Lambda entry points
at the bottom are the only place that builds real AWS clients; everything above takes ``clients``,
which is how tests run the very same code against real boto3 clients served by the in-process fake.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sms_runtime.handlers import phone_number, registration
from sms_runtime.handlers.request import HandlerError, Request, Response
from sms_runtime.sms_client import (
    LAMBDA_MARGIN_SECONDS,
    LAMBDA_TIMEOUT_SECONDS,
    Api,
    Clients,
    default_clients,
    lambda_budget,
)

PHONE_NUMBER_TYPE = "Custom::SmsPhoneNumber"
REGISTRATION_TYPE = "Custom::SmsRegistration"

# Time one invocation may spend when the context does not say (tests, the harness); the margin and why
# it covers the longest call: ``sms_client.LAMBDA_MARGIN_SECONDS``.
ON_EVENT_BUDGET_SECONDS = LAMBDA_TIMEOUT_SECONDS - LAMBDA_MARGIN_SECONDS
IS_COMPLETE_BUDGET_SECONDS = LAMBDA_TIMEOUT_SECONDS - LAMBDA_MARGIN_SECONDS


@dataclass(frozen=True)
class ResourceHandlers:
    create: Callable[[Request, Api], Response]
    update: Callable[[Request, Api], Response]
    delete: Callable[[Request, Api], None]
    is_complete: Callable[[Request, Api], dict[str, Any]]


HANDLERS: Mapping[str, ResourceHandlers] = {
    PHONE_NUMBER_TYPE: ResourceHandlers(
        phone_number.create, phone_number.update, phone_number.delete, phone_number.is_complete
    ),
    REGISTRATION_TYPE: ResourceHandlers(
        registration.create, registration.update, registration.delete, registration.is_complete
    ),
}


def handle_on_event(
    event: Mapping[str, Any], clients: Clients, budget_seconds: float = ON_EVENT_BUDGET_SECONDS
) -> dict[str, Any]:
    """The ``onEvent`` step: returns ``{"PhysicalResourceId", "Data"}`` (Delete: the same ID)."""
    request = Request.from_event(event)
    handlers = _handlers_for(request)
    api = clients.api(budget_seconds)
    if request.request_type == "Create":
        return handlers.create(request, api).to_event_result()
    if request.request_type == "Update":
        return handlers.update(request, api).to_event_result()
    if request.request_type == "Delete":
        handlers.delete(request, api)
        return {"PhysicalResourceId": request.physical_id}
    raise HandlerError(f"unknown RequestType {request.request_type!r}")


def handle_is_complete(
    event: Mapping[str, Any], clients: Clients, budget_seconds: float = IS_COMPLETE_BUDGET_SECONDS
) -> dict[str, Any]:
    """The ``isComplete`` step: ``{"IsComplete": bool}`` (plus ``Data`` once complete)."""
    request = Request.from_event(event)
    return _handlers_for(request).is_complete(request, clients.api(budget_seconds))


def on_event(event: Mapping[str, Any], context: Any) -> dict[str, Any]:
    """Lambda entry point of the ``onEvent`` function."""
    return handle_on_event(event, default_clients(), lambda_budget(context, ON_EVENT_BUDGET_SECONDS))


def is_complete(event: Mapping[str, Any], context: Any) -> dict[str, Any]:
    """Lambda entry point of the ``isComplete`` function."""
    return handle_is_complete(event, default_clients(), lambda_budget(context, IS_COMPLETE_BUDGET_SECONDS))


def _handlers_for(request: Request) -> ResourceHandlers:
    try:
        return HANDLERS[request.resource_type]
    except KeyError:
        raise HandlerError(f"no handler for resource type {request.resource_type!r}") from None
