"""Every AWS operation and parameter the Lambda code uses, checked against the runtime's botocore at cold start.

Why: the functions run on the boto3/botocore the Lambda runtime bundles, not on the version this
package locks and tests with (``TESTED_BOTOCORE``). botocore validates parameters against its own copy
of the service model, so a runtime whose model predates a parameter (``AwsReview`` of
``SubmitRegistrationVersion``, say) fails that call with a ``ParamValidationError``, possibly after
other writes of the same deploy landed (each wasted registration version counts against a daily cap).
An old model also drops response members it does not know, silently: a handler would read "no
conditional rules" where the API sent some. So :func:`require_supported` compares :data:`CONTRACT`
with the service models of the clients :func:`sms_runtime.sms_client.default_clients` builds, before
any call, and raises one :class:`UnsupportedRuntimeError` that names the botocore found and all that
is missing.

Why a declared list rather than a scan of the code at cold start: some parameters are built at run
time (``**params``), so only a list can be complete; the test suite keeps it complete, because the
fake AWS behind every handler test refuses a call this list does not declare (:func:`undeclared`).
The README ("Which boto3 the functions run on") explains this choice over bundling the locked boto3.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import botocore

# The botocore the suite runs on (requirements.lock; a test keeps them equal): the error names it.
TESTED_BOTOCORE = "1.44.8"
SMS = "pinpoint-sms-voice-v2"
DYNAMODB = "dynamodb"
# What ``Api.pages`` adds to every paginated call.
_PAGING = frozenset({"MaxResults", "NextToken"})


@dataclass(frozen=True)
class Operation:
    """One operation's top-level request parameters and the response members the handlers rely on.

    ``outputs`` lists only members added after the operation first shipped (dotted paths; a list is
    walked into its items), because those are the ones an older model would silently drop.
    """

    parameters: frozenset[str]
    outputs: tuple[str, ...] = ()


def _op(*parameters: str, paged: bool = False, outputs: tuple[str, ...] = ()) -> Operation:
    return Operation(frozenset(parameters) | (_PAGING if paged else frozenset()), outputs)


# The spend-limit kinds' action stems (``Set<kind>MessageSpendLimitOverride``), as handlers/spend_limits.py names them.
_SPEND_LIMIT_KINDS = ("Text", "Voice", "Media", "Notify", "Rcs")

CONTRACT: Mapping[str, Mapping[str, Operation]] = {
    SMS: {
        "CreateRegistration": _op("RegistrationType", "Tags", "ClientToken"),
        "DeleteRegistration": _op("RegistrationId"),
        "DescribeRegistrations": _op("RegistrationIds", "Filters", paged=True),  # Filters: registration_adoption
        "DescribeRegistrationVersions": _op("RegistrationId", "VersionNumbers", paged=True),
        "CreateRegistrationVersion": _op("RegistrationId"),
        "SubmitRegistrationVersion": _op("RegistrationId", "AwsReview"),
        "DescribeRegistrationFieldDefinitions": _op(
            "RegistrationType", paged=True, outputs=("RegistrationFieldDefinitions.ConditionalBehavior",)
        ),
        "DescribeRegistrationTypeDefinitions": _op(
            "RegistrationTypes",
            outputs=(
                "RegistrationTypeDefinitions.SupportedAssociations.ResourceType",
                "RegistrationTypeDefinitions.SupportedAssociations.IsoCountryCode",
                "RegistrationTypeDefinitions.SupportedAssociations.AssociationBehavior",
                "RegistrationTypeDefinitions.SupportedAssociations.DisassociationBehavior",
            ),
        ),
        "DescribeRegistrationFieldValues": _op("RegistrationId", "VersionNumber", paged=True),
        "PutRegistrationFieldValue": _op(
            "RegistrationId", "FieldPath", "SelectChoices", "TextValue", "RegistrationAttachmentId"
        ),
        "DeleteRegistrationFieldValue": _op("RegistrationId", "FieldPath"),
        "CreateRegistrationAttachment": _op("AttachmentBody", "Tags", "ClientToken"),
        "DescribeRegistrationAttachments": _op("RegistrationAttachmentIds", paged=True),
        "ListRegistrationAssociations": _op("RegistrationId", paged=True),
        "CreateRegistrationAssociation": _op("RegistrationId", "ResourceId"),
        # A sender ID provisioned on a registration's approval (Singapore), checked by the registration.
        "DescribeSenderIds": _op("SenderIds"),
        "RequestPhoneNumber": _op(
            "NumberType",
            "IsoCountryCode",
            "MessageType",
            "NumberCapabilities",
            "DeletionProtectionEnabled",
            "OptOutListName",
            "PoolId",
            "RegistrationId",
            "InternationalSendingEnabled",
            "NumberPreference",
            "Tags",
            "ClientToken",
        ),
        # Settings are compared with what DescribePhoneNumbers reports; an old model would drop the role
        # (or international sending, and every deploy would write it again).
        "DescribePhoneNumbers": _op(
            "PhoneNumberIds",
            "Filters",
            paged=True,
            outputs=("PhoneNumbers.TwoWayChannelRole", "PhoneNumbers.InternationalSendingEnabled"),
        ),
        "UpdatePhoneNumber": _op(
            "PhoneNumberId",
            "DeletionProtectionEnabled",
            "OptOutListName",
            "TwoWayEnabled",
            "TwoWayChannelArn",
            "TwoWayChannelRole",
            "SelfManagedOptOutsEnabled",
            "InternationalSendingEnabled",
        ),
        "ReleasePhoneNumber": _op("PhoneNumberId"),
        "DisassociateOriginationIdentity": _op("PoolId", "OriginationIdentity", "IsoCountryCode"),
        "ListTagsForResource": _op("ResourceArn"),
        "TagResource": _op("ResourceArn", "Tags"),
        "DescribeConfigurationSets": _op("ConfigurationSetNames"),
        "SetDefaultMessageType": _op("ConfigurationSetName", "MessageType"),
        "DeleteDefaultMessageType": _op("ConfigurationSetName"),
        # The account-default protect configuration and per-number overrides (issue 19).
        "DescribeProtectConfigurations": _op(
            "ProtectConfigurationIds", "Filters", paged=True, outputs=("ProtectConfigurations.AccountDefault",)
        ),
        "SetAccountDefaultProtectConfiguration": _op("ProtectConfigurationId"),
        "DeleteAccountDefaultProtectConfiguration": _op(),
        "ListProtectConfigurationRuleSetNumberOverrides": _op("ProtectConfigurationId", paged=True),
        "PutProtectConfigurationRuleSetNumberOverride": _op(
            "ProtectConfigurationId", "DestinationPhoneNumber", "Action", "ExpirationTimestamp"
        ),
        "DeleteProtectConfigurationRuleSetNumberOverride": _op("ProtectConfigurationId", "DestinationPhoneNumber"),
        # Spend limits (issue 19): every SpendLimitName kind's Set/Delete override (handlers/spend_limits.py).
        "DescribeSpendLimits": _op(paged=True),
        **{f"Set{kind}MessageSpendLimitOverride": _op("MonthlyLimit") for kind in _SPEND_LIMIT_KINDS},
        **{f"Delete{kind}MessageSpendLimitOverride": _op() for kind in _SPEND_LIMIT_KINDS},
        # Opt-out sync (sms_runtime.opt_out_sync): pages of a list, point checks, copies and opt-ins.
        "DescribeOptedOutNumbers": _op("OptOutListName", "OptedOutNumbers", paged=True),
        "PutOptedOutNumber": _op("OptOutListName", "OptedOutNumber"),
        "DeleteOptedOutNumber": _op("OptOutListName", "OptedOutNumber"),
    },
    # The ledgers (tracking) and the opt-out sync's table, called as ``self._ddb.<operation>(...)``.
    DYNAMODB: {
        "GetItem": _op("TableName", "Key", "ConsistentRead"),
        "PutItem": _op(
            "TableName", "Item", "ConditionExpression", "ExpressionAttributeNames", "ExpressionAttributeValues"
        ),
        "DeleteItem": _op("TableName", "Key", "ConditionExpression", "ExpressionAttributeValues"),
        "BatchGetItem": _op("RequestItems"),
    },
    "cloudformation": {
        "DescribeStackResource": _op("StackName", "LogicalResourceId"),
        "DescribeStacks": _op("StackName"),
        "ListStacks": _op("StackStatusFilter", "NextToken"),
    },
    "s3": {"GetObject": _op("Bucket", "Key")},
}


class UnsupportedRuntimeError(RuntimeError):
    """The runtime's botocore does not know an operation, parameter or response member the handlers use."""


class UndeclaredApiCallError(AssertionError):
    """A call the contract does not declare (raised by the test fakes, so the contract stays complete)."""


def missing(service_models: Mapping[str, Any]) -> list[str]:
    """What :data:`CONTRACT` needs and ``service_models`` (botocore ``ServiceModel`` by name) lack, sorted.

    A service absent from ``service_models`` is not checked: the caller passes the clients it built.
    """
    problems: list[str] = []
    for service, operations in sorted(CONTRACT.items()):
        model = service_models.get(service)
        if model is None:
            continue
        known = set(model.operation_names)
        for name, operation in sorted(operations.items()):
            if name not in known:
                problems.append(f"{service} operation {name}")
                continue
            operation_model = model.operation_model(name)
            members = operation_model.input_shape.members if operation_model.input_shape is not None else {}
            problems.extend(
                f"{service} {name} parameter {parameter}" for parameter in sorted(operation.parameters - set(members))
            )
            problems.extend(
                f"{service} {name} response member {path}"
                for path in operation.outputs
                if not _has_path(operation_model.output_shape, path)
            )
    return problems


def require_supported(clients: Mapping[str, Any]) -> None:
    """Raise :class:`UnsupportedRuntimeError` unless every client's model covers :data:`CONTRACT`.

    ``clients`` maps service names to boto3 clients; their service models are already loaded, so the
    check costs no file reads (about a millisecond, measured in the README).
    """
    problems = missing({service: client.meta.service_model for service, client in clients.items()})
    if problems:
        raise UnsupportedRuntimeError(
            f"this Lambda runtime's botocore {botocore.__version__} lacks what the sms-estate handlers use "
            f"(tested with botocore {TESTED_BOTOCORE}): {'; '.join(problems)}. Nothing was called. "
            "Use a runtime whose bundled boto3 is at least that version, or ship the locked boto3 as a layer "
            "(README: Which boto3 the functions run on)."
        )


def undeclared(service: str, operation: str, parameters: Mapping[str, Any]) -> list[str]:
    """The parts of one call that :data:`CONTRACT` does not declare (empty: the call is covered)."""
    declared = CONTRACT.get(service, {}).get(operation)
    if declared is None:
        return [f"{service} operation {operation}"]
    return [f"{service} {operation} parameter {p}" for p in sorted(set(parameters) - declared.parameters)]


def _has_path(shape: Any, path: str) -> bool:
    for member in path.split("."):
        while shape is not None and shape.type_name == "list":
            shape = shape.member
        if shape is None or shape.type_name != "structure" or member not in shape.members:
            return False
        shape = shape.members[member]
    return True
