"""``SmsRegistration``: a registration filled, associated and submitted from config.

Why a custom resource: ``AWS::SMSVOICE::Registration`` is an empty draft. At synth this construct
checks the field values against the shipped snapshot of the field definitions (the same
``validate_field_values`` the handler runs against the live definitions before writing) and checks
each attachment file's type and size, so mistakes fail ``cdk synth`` with the field's name rather
than a review 15 business days later. Attachments are published as S3 assets; the handler reads
them (that object only) and uploads them to the registration.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import aws_cdk as cdk
from aws_cdk import aws_s3_assets as s3_assets
from constructs import Construct, IConstruct

from sms_estate.registrations.provider import SmsResourceProvider
from sms_runtime.lint.model import Suppression
from sms_runtime.registration.attachment_files import STRICT, attachment_problem
from sms_runtime.registration.field_definitions import (
    FieldValue,
    load_snapshot,
    normalize_values,
    validate_field_values,
)
from sms_runtime.resource_types import REGISTRATION_CHECK_TYPE, REGISTRATION_TYPE

RESOURCE_TYPE = REGISTRATION_TYPE
_HEAD_BYTES = 64


class SmsRegistration(Construct):
    """One registration; ``registration_id``, ``registration_arn``, ``status``, ``version_number``."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        registration_type: str,
        fields: Mapping[str, FieldValue],
        attachments: Mapping[str, Path] | None = None,
        phone_number_ids: Sequence[str] = (),
        submit: bool = False,
        aws_review: bool = False,
        delete_draft_on_removal: bool = False,
        lint_suppressions: Sequence[Suppression] = (),
        attachment_limits: Mapping[str, int] = STRICT,
    ) -> None:
        """``attachment_limits`` maps file type to maximum bytes (default: the guide's strict limits)."""
        super().__init__(scope, construct_id)
        provider = SmsResourceProvider.of(scope)
        properties = desired_properties(
            self,
            provider,
            registration_type=registration_type,
            fields=fields,
            attachments=attachments,
            phone_number_ids=phone_number_ids,
            submit=submit,
            aws_review=aws_review,
            delete_draft_on_removal=delete_draft_on_removal,
            lint_suppressions=lint_suppressions,
            attachment_limits=attachment_limits,
        )
        self.resource = cdk.CustomResource(
            self, "Resource", service_token=provider.service_token, resource_type=RESOURCE_TYPE, properties=properties
        )
        # The live field definitions, checked before the numbers are bought: numbers depend on this
        # (``requires_valid_values``), the registration on the numbers (sms_runtime.handlers.registration_check).
        self.check = cdk.CustomResource(
            self,
            "Check",
            service_token=provider.service_token,
            resource_type=REGISTRATION_CHECK_TYPE,
            properties=check_properties(properties),
        )
        self.registration_id = self.resource.ref
        self.registration_arn = self.resource.get_att_string("RegistrationArn")
        self.status = self.resource.get_att_string("Status")
        self.version_number = self.resource.get_att_string("VersionNumber")

    def requires_valid_values(self, number: IConstruct) -> None:
        """Make ``number`` wait for this registration's live check, so a doomed registration buys no number."""
        number.node.add_dependency(self.check)


def check_properties(properties: Mapping[str, object]) -> dict[str, object]:
    """The ``Custom::SmsRegistrationCheck`` properties: type, values and attachment file names, no number IDs."""
    attachments = properties["Attachments"]
    assert isinstance(attachments, dict)
    return {
        "RegistrationType": properties["RegistrationType"],
        "Fields": properties["Fields"],
        "AttachmentFiles": {field: ref["FileName"] for field, ref in attachments.items()},
    }


def desired_properties(
    scope: Construct,
    provider: SmsResourceProvider,
    *,
    path: str | None = None,
    registration_type: str,
    fields: Mapping[str, FieldValue],
    attachments: Mapping[str, Path] | None = None,
    phone_number_ids: Sequence[str] = (),
    submit: bool = False,
    aws_review: bool = False,
    delete_draft_on_removal: bool = False,
    lint_suppressions: Sequence[Suppression] = (),
    attachment_limits: Mapping[str, int] = STRICT,
) -> dict[str, object]:
    """The ``Custom::SmsRegistration`` properties, after the synth-time checks; attachments become assets.

    Shared with the bulk rollout (``sms_estate.yaml_app.bulk.rollout``), whose rows carry exactly these
    properties to the same handler code, so both paths check and describe a registration identically.
    The attachment assets are created in ``scope``. A bulk row has no construct of its own: its
    ``path`` (stack-relative, like a construct's) then names its assets, and its errors.
    """

    def where() -> str:  # errors only: a jsii round trip
        return f"{scope.node.path}/{path}" if path else scope.node.path

    files = dict(attachments or {})
    definition = load_snapshot(registration_type)
    values = {**fields, **{field: file.name for field, file in files.items()}}
    problems = validate_field_values(definition, values)
    if problems:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        raise ValueError(f"{where()}: {registration_type} fields are invalid: {listed}")
    provider.allow_registrations(delete_drafts=delete_draft_on_removal)
    attachment_props = {}
    for index, (field, file) in enumerate(sorted(files.items())):
        body = file.read_bytes()
        problem = attachment_problem(body[:_HEAD_BYTES], len(body), attachment_limits)
        if problem:
            raise ValueError(f"{where()}: attachment for field {field} ({file}) {problem}")
        if path:  # named as if it were in the row's construct (the asset manifest shows the name)
            asset = s3_assets.Asset(
                scope, f"{path}-Attachment{index}", path=str(file), display_name=f"{path}/Attachment{index}"
            )
        else:
            asset = s3_assets.Asset(scope, f"Attachment{index}", path=str(file))
        bucket, key = asset.s3_bucket_name, asset.s3_object_key
        provider.allow_read(bucket, key)
        attachment_props[field] = {
            "Bucket": bucket,
            "Key": key,
            "FileName": file.name,
            "Sha256": hashlib.sha256(body).hexdigest(),
        }
    return {
        "RegistrationType": registration_type,
        "Fields": normalize_values(fields, definition),
        "Attachments": attachment_props,
        "PhoneNumberIds": list(phone_number_ids),
        "Submit": submit,
        "AwsReview": aws_review,
        "DeleteDraftOnRemoval": delete_draft_on_removal,
        "LintSuppressions": [{"Rule": s.rule, "Reason": s.reason, "Field": s.field} for s in lint_suppressions],
    }
