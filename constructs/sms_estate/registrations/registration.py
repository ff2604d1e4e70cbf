"""``SmsRegistration``: a registration filled, associated and submitted from config.

Why a custom resource: ``AWS::SMSVOICE::Registration`` is an empty draft. At synth this construct
checks the field values against the shipped snapshot of the field definitions (the same
``validate_field_values`` the handler runs against the live definitions before writing) and checks
each attachment file's type and size, so mistakes fail ``cdk synth`` with the field's name rather
than a review 15 business days later. Attachments are published as S3 assets; the handler reads
them (that object only) and uploads them to the registration.

``ISmsRegistration`` is what a number needs of a registration (its ID and ARN), so a registration
made elsewhere (``from_registration_arn`` / ``from_registration_attributes``) can be given to
``SmsPhoneNumber`` too.

Links (issue 18), checked at synth against the type's shipped ``SupportedAssociations``
(``sms_runtime.registration.shipped_associations``): ``linked_registrations`` (a 10DLC campaign's or vetting's brand, associated
before submit; the handler waits, unsubmitted, until the brand is approved) and ``sender_ids`` (the sender
IDs a sender ID registration registers, provisioned by the service on approval). ``review_state`` is the
trigger that makes a redeploy after an approval carry such a registration on
(``sms_estate.tracking.review_state``).
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple, Protocol

import aws_cdk as cdk
from aws_cdk import aws_s3_assets as s3_assets
from constructs import Construct, IConstruct

from sms_estate.arns import arn_in_stack, resource_name_parts
from sms_estate.interfaces import ISmsResource
from sms_estate.registrations.provider import SmsResourceProvider
from sms_runtime.contract import (
    REGISTRATION_CHECK_TYPE,
    REGISTRATION_TYPE,
    AttachmentKeys,
    LintSuppressionKeys,
    RegistrationAttrs,
    RegistrationCheckProps,
    RegistrationProps,
    SenderIdKeys,
)
from sms_runtime.lint.model import Suppression
from sms_runtime.registration.attachment_files import STRICT, attachment_problem
from sms_runtime.registration.field_definitions import (
    FieldValue,
    load_snapshot,
    normalize_values,
    validate_field_values,
)
from sms_runtime.registration.shipped_associations import (
    SENDER_ID_FIELD,
    linked_registration_types,
    registers_sender_ids,
)

RESOURCE_TYPE = REGISTRATION_TYPE
_HEAD_BYTES = 64
_ARN_TYPE = "registration"  # arn:<partition>:sms-voice:<region>:<account>:registration/<registration ID>


class RegisteredSenderId(NamedTuple):
    """A sender ID a registration registers (the API's ``SenderIdAndCountry``); a plain tuple works too."""

    sender_id: str
    iso_country_code: str


def desired_properties(
    scope: Construct,
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
    linked_registration_ids: Sequence[str] = (),
    sender_ids: Sequence[tuple[str, str]] = (),
    review_state: str | None = None,
) -> dict[str, object]:
    """The ``Custom::SmsRegistration`` properties, after the synth-time checks; attachments become assets.

    Shared with the bulk rollout (``SmsRegistration.rollout_properties``), whose rows carry exactly these
    properties to the same handler code, so both paths check and describe a registration identically.
    The attachment assets are created in ``scope``. A bulk row has no construct of its own: its
    ``path`` (stack-relative, like a construct's) then names its assets, and its errors.
    """

    def where() -> str:  # errors only: a jsii round trip
        return f"{scope.node.path}/{path}" if path else scope.node.path

    files = dict(attachments or {})
    definition = load_snapshot(registration_type)
    for sender_id, country in sender_ids:
        if not registers_sender_ids(registration_type, country):
            raise ValueError(
                f"{where()}: a {registration_type} registers no sender ID in {country} (its SupportedAssociations)"
            )
        named = fields.get(SENDER_ID_FIELD)
        if not cdk.Token.is_unresolved(sender_id) and named != sender_id:
            raise ValueError(f"{where()}: sender ID {sender_id!r} is not the field {SENDER_ID_FIELD} ({named!r})")
    values = {**fields, **{field: file.name for field, file in files.items()}}
    problems = validate_field_values(definition, values)
    if problems:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        raise ValueError(f"{where()}: {registration_type} fields are invalid: {listed}")
    provider = SmsResourceProvider.of(scope)  # one per stack, whichever construct of it asks
    provider.allow_registrations(delete_drafts=delete_draft_on_removal)
    if sender_ids:
        provider.allow_sender_id_reads()
    attachment_props = {}
    for index, (field, file) in enumerate(sorted(files.items())):
        body = file.read_bytes()
        problem = attachment_problem(body[:_HEAD_BYTES], len(body), attachment_limits)
        if problem:
            raise ValueError(f"{where()}: attachment for field {field} ({file}) {problem}")
        bucket, key = _attachment_asset(provider, scope, file, path, index)
        provider.allow_read(bucket, key)
        attachment_props[field] = {
            AttachmentKeys.BUCKET: bucket,
            AttachmentKeys.KEY: key,
            AttachmentKeys.FILE_NAME: file.name,
            AttachmentKeys.SHA256: hashlib.sha256(body).hexdigest(),
        }
    suppressions = [
        {LintSuppressionKeys.RULE: s.rule, LintSuppressionKeys.REASON: s.reason, LintSuppressionKeys.FIELD: s.field}
        for s in lint_suppressions
    ]
    properties: dict[str, object] = {
        RegistrationProps.REGISTRATION_TYPE: registration_type,
        RegistrationProps.FIELDS: normalize_values(fields, definition),
        RegistrationProps.ATTACHMENTS: attachment_props,
        RegistrationProps.PHONE_NUMBER_IDS: list(phone_number_ids),
        RegistrationProps.SUBMIT: submit,
        RegistrationProps.AWS_REVIEW: aws_review,
        RegistrationProps.DELETE_DRAFT_ON_REMOVAL: delete_draft_on_removal,
        RegistrationProps.LINT_SUPPRESSIONS: suppressions,
    }
    # Only what is set: templates of registrations without links stay the bytes they were.
    if linked_registration_ids:
        properties[RegistrationProps.LINKED_REGISTRATION_IDS] = list(linked_registration_ids)
    if sender_ids:
        properties[RegistrationProps.SENDER_IDS] = [
            {SenderIdKeys.SENDER_ID: sender_id, SenderIdKeys.ISO_COUNTRY_CODE: country}
            for sender_id, country in sender_ids
        ]
    if review_state is not None:
        properties[RegistrationProps.REVIEW_STATE] = review_state
    return properties


class ISmsRegistration(ISmsResource, Protocol):
    """A registration, made by this app or imported: what a phone number is requested with."""

    @property
    def registration_id(self) -> str:
        """The registration's ID (``registration-...``); a token for one this app makes."""
        ...

    @property
    def registration_arn(self) -> str:
        """The registration's ARN; a token for one this app makes."""
        ...


class _RegistrationBase(cdk.Resource):
    """The two identifiers every registration offers, made here or imported (like ``aws_sns.TopicBase``)."""

    _id: str
    _arn: str

    @property
    def registration_id(self) -> str:
        """The registration's ID (``registration-...``; the resource's ``Ref`` for one this app makes)."""
        return self._id

    @property
    def registration_arn(self) -> str:
        """The registration's ARN (``Fn::GetAtt RegistrationArn`` for one this app makes)."""
        return self._arn


class _ImportedRegistration(_RegistrationBase):
    """A registration that exists outside this app: identifiers only, nothing is deployed."""

    def __init__(self, scope: Construct, id: str, *, registration_id: str, registration_arn: str) -> None:
        super().__init__(scope, id, environment_from_arn=registration_arn)
        self._id, self._arn = registration_id, registration_arn


class SmsRegistration(_RegistrationBase):
    """One registration; ``registration_id``, ``registration_arn``, ``status``, ``version_number`` are tokens."""

    def __init__(
        self,
        scope: Construct,
        id: str,
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
        linked_registrations: Sequence[ISmsRegistration] = (),
        sender_ids: Sequence[RegisteredSenderId | tuple[str, str]] = (),
        review_state: str | None = None,
    ) -> None:
        """Create (or adopt), fill, associate and optionally submit one registration.

        :param registration_type: the API's registration type, e.g. ``US_TOLL_FREE_REGISTRATION`` or
            ``US_TEN_DLC_BRAND_REGISTRATION`` (``DescribeRegistrationTypeDefinitions``); a plain string
            because the service adds types, checked against the shipped snapshot of the definitions.
            Required.
        :param fields: field path -> value (``"companyInfo.companyName": "Example"``); select fields
            take a list. Checked at synth against the type's field definitions. Required.
        :param attachments: field path -> local file (opt-in screenshots, documents), uploaded as S3
            assets and checked for type and size. Default: None, no attachments.
        :param phone_number_ids: IDs of the numbers to associate (``SmsPhoneNumber.phone_number_id``).
            Default: none.
        :param submit: submit the version once filled. Default: False, the draft waits for you.
        :param aws_review: also ask AWS to review (where the type offers it). Default: False.
        :param delete_draft_on_removal: delete the registration when the construct is removed, if it
            was never submitted. Default: False, it is kept.
        :param lint_suppressions: registration lint findings acknowledged, each with a reason.
            Default: none.
        :param attachment_limits: file type -> maximum bytes. Default: the user guide's strict limits
            (``STRICT``).
        :param linked_registrations: the registrations this one is filed for, associated before submit (a
            ``US_TEN_DLC_CAMPAIGN_REGISTRATION``'s or ``US_TEN_DLC_BRAND_VETTING``'s brand). Each made here
            must be of a type the type's ``SupportedAssociations`` name; while one is not approved, this
            registration is filled but not submitted, and completes with ``WaitingFor``. Default: none.
        :param sender_ids: the sender IDs this registration registers, as ``RegisteredSenderId(sender_id,
            iso_country_code)`` (a ``SG_SENDER_ID_REGISTRATION``'s, whose ``senderIdInfo.senderId`` field
            must name it); the service provisions them on approval, so they need no ``SmsSenderId``.
            Default: none.
        :param review_state: a value whose change makes CloudFormation send this resource an Update, so a
            redeploy after an approval carries it on (``review_state_value`` of
            ``sms_estate.tracking.review_state``). Default: None, no trigger (the property is left out).
        """
        super().__init__(scope, id)
        self.registration_type = registration_type
        """The registration type, e.g. ``US_TEN_DLC_CAMPAIGN_REGISTRATION`` (what other registrations check)."""
        self._check_links(registration_type, linked_registrations)
        provider = SmsResourceProvider.of(scope)
        properties = desired_properties(
            self,
            registration_type=registration_type,
            fields=fields,
            attachments=attachments,
            phone_number_ids=phone_number_ids,
            submit=submit,
            aws_review=aws_review,
            delete_draft_on_removal=delete_draft_on_removal,
            lint_suppressions=lint_suppressions,
            attachment_limits=attachment_limits,
            linked_registration_ids=[linked.registration_id for linked in linked_registrations],
            sender_ids=[RegisteredSenderId(*sender) for sender in sender_ids],
            review_state=review_state,
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
        self._id = self.resource.ref
        self._arn = self.resource.get_att_string(RegistrationAttrs.REGISTRATION_ARN)
        self.status: str = self.resource.get_att_string(RegistrationAttrs.STATUS)
        """The registration's status when the deploy finished (``Fn::GetAtt Status``)."""
        self.version_number: str = self.resource.get_att_string(RegistrationAttrs.VERSION_NUMBER)
        """The newest version's number (``Fn::GetAtt VersionNumber``)."""

    def _check_links(self, registration_type: str, linked: Sequence[ISmsRegistration]) -> None:
        """Each linked registration made here is of a type this type's ``SupportedAssociations`` name.

        An imported registration's type is unknown at synth; the handler checks it against the live answer.
        """
        allowed = linked_registration_types(registration_type)
        for registration in linked:
            kind = getattr(registration, "registration_type", None)
            if not allowed:
                raise ValueError(
                    f"{self.node.path}: a {registration_type} is not filed for another registration (its "
                    "SupportedAssociations name no registration type); remove linked_registrations"
                )
            if kind is not None and kind not in allowed:
                raise ValueError(
                    f"{self.node.path}: {registration.node.path} is a {kind}, but a {registration_type} is linked "
                    f"only to a {' or '.join(allowed)} (its SupportedAssociations)"
                )

    def requires_valid_values(self, number: IConstruct) -> None:
        """Make ``number`` wait for this registration's live check, so a doomed registration buys no number."""
        number.node.add_dependency(self.check)

    @staticmethod
    def from_registration_arn(scope: Construct, id: str, registration_arn: str) -> ISmsRegistration:
        """An existing registration by ARN (``arn:aws:sms-voice:REGION:ACCOUNT:registration/ID``); its ID is read from it."""
        return SmsRegistration.from_registration_attributes(scope, id, registration_arn=registration_arn)

    @staticmethod
    def from_registration_attributes(
        scope: Construct, id: str, *, registration_id: str | None = None, registration_arn: str | None = None
    ) -> ISmsRegistration:
        """An existing registration (e.g. a 10DLC campaign registered elsewhere) by ID, ARN or both; nothing
        is deployed, and its account and region (``env``) are the ARN's.

        :param registration_id: the registration's ID; must be the one the ARN names when both are given.
            Default: read from ``registration_arn``.
        :param registration_arn: its ARN. Default: built from the ID in the stack's account and region.
        """
        where = f"{scope.node.path}/{id}"
        if registration_arn is None:
            if registration_id is None:
                raise ValueError(f"{where}: give registration_id, registration_arn or both")
            registration_arn = arn_in_stack(scope, _ARN_TYPE, registration_id)
        else:
            [named] = resource_name_parts(where, registration_arn, _ARN_TYPE, 1)
            literals = not cdk.Token.is_unresolved(named) and not cdk.Token.is_unresolved(registration_id or "")
            if registration_id is None:
                registration_id = named
            elif literals and registration_id != named:  # one is wrong; a number or grant would follow the other
                raise ValueError(
                    f"{where}: registration_id {registration_id!r} is not the one {registration_arn!r} names"
                )
        return _ImportedRegistration(scope, id, registration_id=registration_id, registration_arn=registration_arn)

    # The properties this construct would deploy, for a workflow that carries them instead (bulk rows):
    # same checks, same assets, same handler permissions; the keyword arguments are the constructor's.
    rollout_properties = staticmethod(desired_properties)


def check_properties(properties: Mapping[str, object]) -> dict[str, object]:
    """The ``Custom::SmsRegistrationCheck`` properties: type, values and attachment file names, no number IDs."""
    attachments = properties[RegistrationProps.ATTACHMENTS]
    assert isinstance(attachments, dict)
    return {
        RegistrationCheckProps.REGISTRATION_TYPE: properties[RegistrationProps.REGISTRATION_TYPE],
        RegistrationCheckProps.FIELDS: properties[RegistrationProps.FIELDS],
        RegistrationCheckProps.ATTACHMENT_FILES: {
            field: ref[AttachmentKeys.FILE_NAME] for field, ref in attachments.items()
        },
    }


# provider (one per stack) -> resolved file path -> the asset's (bucket, key). Why: a bulk file of 300 rows
# often names one opt-in image for every row; one ``Asset`` per row would add about 1 ms of jsii round trips
# per row (the construct and its two getters) for the same bucket and key. Templates do not change: a
# file asset adds no resource, and its bucket and key depend on its content alone.
_ASSETS: weakref.WeakKeyDictionary[SmsResourceProvider, dict[Path, tuple[str, str]]] = weakref.WeakKeyDictionary()


def _attachment_asset(
    provider: SmsResourceProvider, scope: Construct, file: Path, path: str | None, index: int
) -> tuple[str, str]:
    """The bucket and key of ``file`` as an asset of the provider's stack: created by the first attachment of
    that file in the stack, reused by the others."""
    assets = _ASSETS.setdefault(provider, {})
    found = assets.get(file.resolve())
    if found is not None:
        return found
    if path:  # named as if it were in the row's construct (the asset manifest shows the name)
        asset = s3_assets.Asset(
            scope, f"{path}-Attachment{index}", path=str(file), display_name=f"{path}/Attachment{index}"
        )
    else:
        asset = s3_assets.Asset(scope, f"Attachment{index}", path=str(file))
    found = assets[file.resolve()] = (asset.s3_bucket_name, asset.s3_object_key)
    return found
