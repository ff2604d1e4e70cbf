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
from sms_runtime.sms_client import LAMBDA_TIMEOUT_SECONDS, MAX_CALL_SECONDS, Api, Clients, default_clients

PHONE_NUMBER_TYPE = "Custom::SmsPhoneNumber"
REGISTRATION_TYPE = "Custom::SmsRegistration"

# Time left for the runtime to return and the framework to record the answer after the last call ends.
RETURN_MARGIN_SECONDS = 20.0
# The Api deadline this far before the Lambda timeout. Why the call time is in it: the Api checks its
# deadline only before starting (or backing off for) a call, and one call may then run MAX_CALL_SECONDS
# (botocore's connect + read timeouts). With only the return margin, a RequestPhoneNumber started just
# before the deadline could outlive the Lambda: the invocation fails (FunctionError, the resource
# FAILED) while the number may have been bought.
LAMBDA_MARGIN_SECONDS = MAX_CALL_SECONDS + RETURN_MARGIN_SECONDS
# Time one invocation may spend when the context does not say (tests, the harness).
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


def lambda_budget(context: Any, default: float) -> float:
    """The Api budget of an invocation: what the Lambda context has left less :data:`LAMBDA_MARGIN_SECONDS`."""
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    return default if remaining is None else max(1.0, remaining() / 1000 - LAMBDA_MARGIN_SECONDS)
