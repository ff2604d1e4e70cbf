"""Route Provider-framework events to the resource modules, and the Lambda entry points.

One Provider (one pair of functions) serves every SMS custom resource of a stack, so the resource
type in the event picks the module, and the request type picks the function. The Lambda entry points
at the bottom are the only place that builds real AWS clients; everything above takes ``clients``,
which is how tests run the very same code against real boto3 clients served by the in-process fake.

Every invocation of either step writes one decision line (:mod:`sms_runtime.decision_log`): the
request, what the handler decided (its ``record_action`` calls), the requests it sent (counted by the
:class:`~sms_runtime.sms_client.Api`), the outcome with a reason *class* and the duration. Never the
event itself, property values or an error's message: those may hold field values or phone numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sms_runtime import decision_log
from sms_runtime.contract import (
    ACCOUNT_DEFAULT_PROTECT_TYPE,
    CONFIGURATION_SET_DEFAULTS_TYPE,
    PHONE_NUMBER_TYPE,
    PROTECT_NUMBER_OVERRIDES_TYPE,
    REGISTRATION_CHECK_TYPE,
    REGISTRATION_TYPE,
    SPEND_LIMITS_TYPE,
    RollbackAttrs,
)
from sms_runtime.handlers import (
    account_default_protect,
    configuration_set_defaults,
    phone_number,
    protect_number_overrides,
    registration,
    registration_check,
    rollback,
    spend_limits,
)
from sms_runtime.handlers.request import HandlerError, Request, Response
from sms_runtime.sms_client import (
    LAMBDA_MARGIN_SECONDS,
    LAMBDA_TIMEOUT_SECONDS,
    Api,
    BudgetExhaustedError,
    Clients,
    default_clients,
    error_code,
    error_reason,
    lambda_budget,
)

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
    # The resource's current attributes when a rollback keeps it as it is (``rollback.tolerate``).
    attributes: rollback.Attributes = lambda request, api: None


HANDLERS: Mapping[str, ResourceHandlers] = {
    PHONE_NUMBER_TYPE: ResourceHandlers(
        phone_number.create,
        phone_number.update,
        phone_number.delete,
        phone_number.is_complete,
        phone_number.current_attributes,
    ),
    REGISTRATION_TYPE: ResourceHandlers(
        registration.create,
        registration.update,
        registration.delete,
        registration.is_complete,
        registration.current_attributes,
    ),
    REGISTRATION_CHECK_TYPE: ResourceHandlers(
        registration_check.create,
        registration_check.update,
        registration_check.delete,
        registration_check.is_complete,
        registration_check.current_attributes,
    ),
    CONFIGURATION_SET_DEFAULTS_TYPE: ResourceHandlers(
        configuration_set_defaults.create,
        configuration_set_defaults.update,
        configuration_set_defaults.delete,
        configuration_set_defaults.is_complete,
        configuration_set_defaults.current_attributes,
    ),
    SPEND_LIMITS_TYPE: ResourceHandlers(
        spend_limits.create,
        spend_limits.update,
        spend_limits.delete,
        spend_limits.is_complete,
        spend_limits.current_attributes,
    ),
    ACCOUNT_DEFAULT_PROTECT_TYPE: ResourceHandlers(
        account_default_protect.create,
        account_default_protect.update,
        account_default_protect.delete,
        account_default_protect.is_complete,
        account_default_protect.current_attributes,
    ),
    PROTECT_NUMBER_OVERRIDES_TYPE: ResourceHandlers(
        protect_number_overrides.create,
        protect_number_overrides.update,
        protect_number_overrides.delete,
        protect_number_overrides.is_complete,
        protect_number_overrides.current_attributes,
    ),
}


def handle_on_event(
    event: Mapping[str, Any], clients: Clients, budget_seconds: float = ON_EVENT_BUDGET_SECONDS
) -> dict[str, Any]:
    """The ``onEvent`` step: returns ``{"PhysicalResourceId", "Data"}`` (Delete: the same ID)."""
    return _logged("onEvent", _on_event_step, event, clients, budget_seconds)


def _on_event_step(event: Mapping[str, Any], api: Api) -> dict[str, Any]:
    request = Request.from_event(event)
    handlers = _handlers_for(request)
    try:
        return _on_event(request, handlers, api)
    except Exception as error:
        kept = rollback.tolerate(request, api, error, handlers.attributes)
        if kept is None:
            raise
        return kept


def _on_event(request: Request, handlers: ResourceHandlers, api: Api) -> dict[str, Any]:
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
    return _logged("isComplete", _is_complete_step, event, clients, budget_seconds)


def _is_complete_step(event: Mapping[str, Any], api: Api) -> dict[str, Any]:
    request = Request.from_event(event)
    if request.data.get(RollbackAttrs.SKIPPED_IN_ROLLBACK) == "true":
        decision_log.record_action("nothing", reason="kept-as-is-in-rollback")
        return {"IsComplete": True}  # onEvent already kept the resource as it is for a rollback
    handlers = _handlers_for(request)
    try:
        return handlers.is_complete(request, api)
    except Exception as error:
        kept = rollback.tolerate(request, api, error, handlers.attributes)
        if kept is None:
            raise
        return {"IsComplete": True, "Data": kept.get("Data", {})}


def _logged(
    step: str,
    run: Callable[[Mapping[str, Any], Api], dict[str, Any]],
    event: Mapping[str, Any],
    clients: Clients,
    budget_seconds: float,
) -> dict[str, Any]:
    """Run one step inside a decision record and write its line, whether it returns or raises."""
    started = clients.clock.now()
    api = clients.api(budget_seconds)
    with decision_log.recording() as record:
        try:
            result = run(event, api)
        except BaseException as error:
            _write(step, event, record, api, clients.clock.now() - started, "failure", failure_class(error), None)
            raise
        if result.get("IsComplete", True):
            outcome, reason = "success", ""
        else:  # a poll that ends "not complete": out of time (throttled), or waiting on the service
            outcome, reason = "not-complete", "budget-exhausted" if api.calls.budget_exhausted else "waiting"
        _write(step, event, record, api, clients.clock.now() - started, outcome, reason, result)
        return result


def failure_class(error: BaseException) -> str:
    """A short, value-free name for why a step failed: the handler's code, or the API's code and reason.

    Never the message: a ``HandlerError`` may quote a property, and an API error may echo a request.
    """
    if isinstance(error, HandlerError):
        return f"HandlerError:{error.code}"
    if isinstance(error, BudgetExhaustedError):
        return "budget-exhausted"
    code = error_code(error)
    if code:
        reason = error_reason(error)
        return f"{code}:{reason}" if reason else code
    return type(error).__name__


def _write(
    step: str,
    event: Mapping[str, Any],
    record: decision_log.DecisionRecord,
    api: Api,
    seconds: float,
    outcome: str,
    reason: str,
    result: Mapping[str, Any] | None,
) -> None:
    """The decision line: named fields of the event and result only, never the event itself."""
    fields: dict[str, object] = {
        "step": step,
        "requestType": str(event.get("RequestType", "")),
        "resourceType": str(event.get("ResourceType", "")),
        "logicalId": str(event.get("LogicalResourceId", "")),
        "requestId": str(event.get("RequestId", "")),
        "physicalId": str(event.get("PhysicalResourceId", "")),
        "actions": list(record.actions) or ["nothing"],  # a step that decided nothing says so
        "apiCalls": api.calls.as_log(),
        "retries": api.calls.retries,
        "outcome": outcome,
        "durationMs": round(seconds * 1000),
    }
    if reason:
        fields["reason"] = reason
    returned = str((result or {}).get("PhysicalResourceId", ""))
    if returned and returned != fields["physicalId"]:
        fields["resultPhysicalId"] = returned
    if record.detail:
        fields["detail"] = dict(sorted(record.detail.items()))
    decision_log.write(fields)


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
