"""``Custom::SmsRegistration``: fill, associate, submit and resubmit one registration from config.

``on_event`` does the quick, one-off writes: it validates the values against the live field
definitions, creates the registration (Create) and uploads the attachments whose file changed, all
with deterministic ``ClientToken``s, and passes the attachment ids on to ``is_complete`` in ``Data``.
Before creating, it takes back the registration a deleted stack of the same name left for this logical
ID (:mod:`sms_runtime.handlers.registration_adoption`: a failed first deploy, ``ROLLBACK_COMPLETE``,
the stack deleted and deployed again), so a registration under review or approved, or a 10DLC brand or
campaign with its fees, is never created and submitted a second time; without such a stack this costs
one ``ListStacks`` per stack and Lambda instance and no SMS call.

``is_complete`` reconciles. Each poll observes the registration, its newest version, the values on
that version and its associations, asks :mod:`sms_runtime.registration.lifecycle` what is allowed, and
does it: put the fields that differ (or open a new version and put every field), associate the
missing linked registrations (a 10DLC campaign's or vetting's brand) and numbers, run the lint,
submit. A link due before submit whose registration is not approved yet holds the submit back
(:func:`lifecycle.intent`): the fields go in, and ``WaitingFor`` says which approval the next deploy
needs (:mod:`sms_runtime.handlers.registration_links`, which also reports provisioned sender IDs). Because it starts from what is really there, a poll that runs
out of time (one request per second is all the API allows) or fails half-way simply continues on the
next poll, writing nothing twice, and a deploy that changes nothing writes nothing.

Delete never deletes a submitted or approved registration, and deletes a never-submitted draft only
when ``DeleteDraftOnRemoval`` is true. Numbers are never disassociated: the API has no call for it,
and for toll-free, losing the last number closes the registration.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from sms_runtime.contract import AttachmentKeys, LintSuppressionKeys, RegistrationAttrs, RegistrationProps
from sms_runtime.decision_log import record_action
from sms_runtime.handlers import registration_adoption, registration_links
from sms_runtime.handlers.registration_links import SenderIdRef
from sms_runtime.handlers.request import (
    HandlerError,
    Request,
    Response,
    flag,
    mapping,
    string_list,
    text,
)
from sms_runtime.registration import field_values, live_rules, submission_check
from sms_runtime.registration.field_definitions import FieldValue, RegistrationTypeDefinition
from sms_runtime.registration.lifecycle import FAILURE_MESSAGES, Action, Change, decide, intent
from sms_runtime.sms_client import Api, BudgetExhaustedError, error_code, error_reason, tags

_VERSIONS_SEARCHED_FOR_ATTACHMENTS = 5


@dataclass(frozen=True)
class AttachmentRef:
    """A file published as a CDK asset, bound to one ATTACHMENT field."""

    bucket: str
    key: str
    file_name: str
    sha256: str


@dataclass(frozen=True)
class RegistrationSpec:
    """The desired registration, parsed from the resource properties."""

    registration_type: str
    fields: Mapping[str, FieldValue]
    attachments: Mapping[str, AttachmentRef]
    phone_number_ids: tuple[str, ...]
    submit: bool
    aws_review: bool
    delete_draft_on_removal: bool
    suppressions: tuple[Mapping[str, str], ...]
    linked_registration_ids: tuple[str, ...] = ()
    sender_ids: tuple[SenderIdRef, ...] = ()

    @classmethod
    def from_properties(cls, props: Mapping[str, Any]) -> RegistrationSpec:
        p, a = RegistrationProps, AttachmentKeys
        fields: dict[str, FieldValue] = {}
        for path, value in mapping(props, p.FIELDS).items():
            if not isinstance(value, str | list):
                raise HandlerError(f"field {path} must be a string or a list of strings")
            fields[str(path)] = [str(v) for v in value] if isinstance(value, list) else value
        attachments = {}
        for path, ref in mapping(props, p.ATTACHMENTS).items():
            try:
                attachments[str(path)] = AttachmentRef(ref[a.BUCKET], ref[a.KEY], ref[a.FILE_NAME], ref[a.SHA256])
            except (KeyError, TypeError):
                raise HandlerError(
                    f"attachment {path} needs {a.BUCKET}, {a.KEY}, {a.FILE_NAME} and {a.SHA256}"
                ) from None
        suppressions = props.get(p.LINT_SUPPRESSIONS) or []
        if not isinstance(suppressions, list) or not all(isinstance(s, dict) for s in suppressions):
            entry = ", ".join((LintSuppressionKeys.RULE, LintSuppressionKeys.REASON, LintSuppressionKeys.FIELD))
            raise HandlerError(f"property {p.LINT_SUPPRESSIONS} must be a list of {{{entry}}}")
        return cls(
            registration_type=text(props, p.REGISTRATION_TYPE),
            fields=fields,
            attachments=attachments,
            phone_number_ids=string_list(props, p.PHONE_NUMBER_IDS),
            submit=flag(props, p.SUBMIT, False),
            aws_review=flag(props, p.AWS_REVIEW, False),
            delete_draft_on_removal=flag(props, p.DELETE_DRAFT_ON_REMOVAL, False),
            suppressions=tuple(suppressions),
            linked_registration_ids=string_list(props, p.LINKED_REGISTRATION_IDS),
            sender_ids=registration_links.parse_sender_ids(props),
        )

    def placeholder_values(self) -> dict[str, FieldValue]:
        """Fields plus a stand-in for each attachment, for validating before ids exist."""
        return {**self.fields, **{path: ref.file_name for path, ref in self.attachments.items()}}


def create(request: Request, api: Api) -> Response:
    spec = RegistrationSpec.from_properties(request.properties)
    definition = live_rules.live_definition(api, spec.registration_type)
    live_rules.require_valid(definition, spec.placeholder_values(), request.logical_id)
    registration_links.check(api, spec.registration_type, spec.linked_registration_ids, spec.sender_ids)
    kept: dict[str, str] = {}
    adopted = registration_adoption.adopt_retained(api, request, spec.registration_type)
    if adopted is not None:  # a deleted stack of this name left it: reconciled by is_complete, never created twice
        registration: Mapping[str, Any] = adopted.registration
        befores = adopted.predecessor_requests(request)
        tokens = {
            path: frozenset(_attachment_token(before, path, ref) for before in befores)
            for path, ref in spec.attachments.items()
        }
        kept = registration_adoption.kept_attachments(api, registration, tokens)
    else:
        token = request.client_token("registration")
        registration = api.call(
            "CreateRegistration",
            RegistrationType=spec.registration_type,
            Tags=tags({"Name": request.logical_id, **request.ownership_tags(token)}),
            ClientToken=token,
        )
        record_action("create")
    ids = {path: kept.get(path) or _upload(request, api, path, ref) for path, ref in sorted(spec.attachments.items())}
    return Response(str(registration["RegistrationId"]), _attributes(registration, ids))


def update(request: Request, api: Api) -> Response:
    spec = RegistrationSpec.from_properties(request.properties)
    old = RegistrationSpec.from_properties(request.old_properties)
    if spec.registration_type != old.registration_type:
        raise HandlerError(
            f"{RegistrationProps.REGISTRATION_TYPE} cannot change from {old.registration_type} to {spec.registration_type} "
            f"on registration {request.physical_id}; declare a new registration resource instead"
        )
    definition = live_rules.live_definition(api, spec.registration_type)
    live_rules.require_valid(definition, spec.placeholder_values(), request.logical_id)
    registration_links.check(api, spec.registration_type, spec.linked_registration_ids, spec.sender_ids)
    registration = _describe(api, request.physical_id)
    ids: dict[str, str] = {}
    for path, ref in sorted(spec.attachments.items()):
        unchanged = old.attachments.get(path) == ref
        existing = _attachment_on_record(api, registration, path) if unchanged else None
        ids[path] = existing or _upload(request, api, path, ref)
    return Response(request.physical_id, _attributes(registration, ids))


def delete(request: Request, api: Api) -> None:
    spec = RegistrationSpec.from_properties(request.properties)
    if not spec.delete_draft_on_removal:
        record_action("retain")
        return
    try:
        registration = _describe(api, request.physical_id)
    except ClientError as error:
        if error_code(error) in ("ResourceNotFoundException", "ValidationException"):
            return
        raise
    never_submitted = (
        registration["RegistrationStatus"] == "CREATED"
        and "ApprovedVersionNumber" not in registration
        and "LatestDeniedVersionNumber" not in registration
        and _version(api, registration)["RegistrationVersionStatus"] == "DRAFT"
    )
    if never_submitted:
        record_action("delete-draft")
        api.call("DeleteRegistration", RegistrationId=request.physical_id)
    else:
        record_action("retain", reason="submitted-before")


def is_complete(request: Request, api: Api) -> dict[str, Any]:
    if request.request_type == "Delete":
        return {"IsComplete": True}
    try:
        return _reconcile(request, api)
    except BudgetExhaustedError:
        return {"IsComplete": False}


def _reconcile(request: Request, api: Api) -> dict[str, Any]:
    spec = RegistrationSpec.from_properties(request.properties)
    registration_id = request.physical_id
    attachment_ids: dict[str, str] = json.loads(request.data.get(RegistrationAttrs.ATTACHMENT_IDS, "{}"))
    if not _uploads_complete(api, attachment_ids):
        record_action("wait", reason="attachment-upload")
        return {"IsComplete": False}
    registration = _describe(api, registration_id)
    version = _version(api, registration)
    desired: dict[str, FieldValue] = {**spec.fields, **attachment_ids}
    live = field_values.live_values(api, registration_id, int(version["VersionNumber"]))
    changes = field_values.diff(desired, live)
    present = _present(api, registration_id, spec)
    missing_links = [i for i in spec.linked_registration_ids if i not in present]
    links = registration_links.check(api, spec.registration_type, missing_links, ())
    registration_links.require_no_other_link(registration_id, links, present)
    action = decide(
        registration["RegistrationStatus"],
        version["RegistrationVersionStatus"],
        Change.NONE if changes.empty else Change.FIELDS,
        intent(spec.submit, prerequisites_met=not any(link.blocks_submit for link in links)),
    )
    if action.fails:
        raise HandlerError(_failure(action, registration, version), code=action.value)
    wrote = False
    definition = None
    if action.puts_fields or action.submits:
        definition = live_rules.live_definition(api, spec.registration_type)
        live_rules.require_valid(definition, desired, request.logical_id)
    if action.puts_fields and definition is not None:
        _put_fields(api, registration_id, definition, desired, changes, action.opens_version)
        wrote = True
    links_wait: tuple[str, ...] = ()
    if links:
        current, current_version = registration, version
        if action.opens_version:  # a BEFORE_SUBMIT link joins the draft this poll opened
            current = _describe(api, registration_id)
            current_version = _version(api, current)
        links_wait = registration_links.associate(
            api, current, str(current_version["RegistrationVersionStatus"]), links
        )
    associations = _associate(api, registration, spec, present)
    wrote = associations.wrote or wrote
    if action.submits and definition is not None:
        files = {path: (ref.file_name, api.read_object(ref.bucket, ref.key)) for path, ref in spec.attachments.items()}
        submission_check.require_clean(
            request.logical_id,
            definition,
            registration_type=spec.registration_type,
            fields=spec.fields,
            files=files,
            phone_number_ids=spec.phone_number_ids,
            suppressions=spec.suppressions,
        )
        _submit(api, registration_id, spec.aws_review)
        wrote = True
    if wrote:
        registration = _describe(api, registration_id)
        version = _version(api, registration)
    arns, senders_wait = registration_links.sender_id_arns(api, registration, spec.sender_ids)
    data = {
        **_attributes(registration, attachment_ids, version),
        **associations.data(),
        RegistrationAttrs.SENDER_ID_ARNS: json.dumps(arns, sort_keys=True),
    }
    waiting = (*links_wait, *senders_wait)
    if waiting:
        data[RegistrationAttrs.WAITING_FOR] = "; ".join(waiting)
    return {"IsComplete": True, "Data": data}


def _present(api: Api, registration_id: str, spec: RegistrationSpec) -> dict[str, str]:
    """What is already associated with the registration (numbers, linked registrations): ID -> ``ResourceType``.

    No call when nothing is configured."""
    if not spec.phone_number_ids and not spec.linked_registration_ids:
        return {}
    return {
        str(item["ResourceId"]): str(item.get("ResourceType", ""))
        for item in api.pages(
            "ListRegistrationAssociations", "RegistrationAssociations", RegistrationId=registration_id
        )
    }


def _put_fields(
    api: Api,
    registration_id: str,
    definition: RegistrationTypeDefinition,
    desired: Mapping[str, FieldValue],
    changes: field_values.FieldDiff,
    opens_version: bool,
) -> None:
    to_put, to_delete = changes.to_put, changes.to_delete
    if opens_version:
        record_action("open-version")
        _open_version(api, registration_id)
        to_put, to_delete = desired, ()  # a new version starts empty: every field goes in again
    record_action("put-fields", put=str(len(to_put)), deleted=str(len(to_delete)))  # counts, never values
    for path, value in sorted(to_put.items()):
        api.call("PutRegistrationFieldValue", **field_values.put_params(definition, registration_id, path, value))
    for path in to_delete:
        api.call("DeleteRegistrationFieldValue", RegistrationId=registration_id, FieldPath=path)


def _open_version(api: Api, registration_id: str) -> None:
    try:
        api.call("CreateRegistrationVersion", RegistrationId=registration_id)
    except ClientError as error:
        # A retried call whose first attempt did open the draft: the draft is what we wanted.
        if error_reason(error) != "CREATE_REGISTRATION_VERSION_NOT_ALLOWED":
            raise
        if _version(api, _describe(api, registration_id))["RegistrationVersionStatus"] != "DRAFT":
            raise


def _submit(api: Api, registration_id: str, aws_review: bool) -> None:
    """Submit the draft; ``AwsReview`` only when asked for (false is the API's default).

    Why not always: an optional parameter sent at its default buys nothing and makes the call depend on
    the runtime's botocore knowing it (an older model refuses the whole call).
    """
    optional = {"AwsReview": True} if aws_review else {}
    record_action("submit")
    try:
        api.call("SubmitRegistrationVersion", RegistrationId=registration_id, **optional)
    except ClientError as error:
        if error_reason(error) != "REGISTRATION_ALREADY_SUBMITTED":  # a retry of a submit that landed
            raise


@dataclass(frozen=True)
class Associations:
    """What one poll did about the configured numbers: associated some, and how many still wait."""

    wrote: bool = False
    pending: int = 0
    waiting_for: str = ""

    def data(self) -> dict[str, str]:
        """``Data`` entries: ``PendingAssociations`` (a count), and what they wait for when any do."""
        data = {RegistrationAttrs.PENDING_ASSOCIATIONS: str(self.pending)}
        if self.pending:
            data[RegistrationAttrs.ASSOCIATIONS_WAIT_FOR] = self.waiting_for
        return data


def _associate(
    api: Api, registration: Mapping[str, Any], spec: RegistrationSpec, present: Mapping[str, str]
) -> Associations:
    """Associate the configured numbers that are missing, each when its ``SupportedAssociations`` entry allows.

    The entry is picked per number, by ``ResourceType`` and the number's ``IsoCountryCode`` (from
    ``DescribePhoneNumbers``), never by position: a type may list several. What is not due yet (see
    :meth:`live_rules.AssociationRule.due`) is counted as pending; a later poll of a later deploy
    associates it. The registration and its newest version are re-read here, because a version this
    poll opened is a DRAFT that the caller's copy does not show. Nothing is read when nothing is missing.
    """
    if not spec.phone_number_ids:
        return Associations()
    registration_id = str(registration["RegistrationId"])
    missing = [number for number in spec.phone_number_ids if number not in present]
    if not missing:
        return Associations()
    numbers = api.pages("DescribePhoneNumbers", "PhoneNumbers", PhoneNumberIds=missing)
    rules = live_rules.supported_associations(api, spec.registration_type)
    current = _describe(api, registration_id)
    version_status = str(_version(api, current)["RegistrationVersionStatus"])
    wrote, waiting = False, []
    for number in numbers:
        rule = live_rules.pick_association(rules, str(number["NumberType"]), str(number["IsoCountryCode"]))
        if rule is None:
            raise HandlerError(
                f"registration type {spec.registration_type} supports no association with a "
                f"{number['NumberType']} number in {number['IsoCountryCode']} "
                f"(DescribeRegistrationTypeDefinitions); remove {number['PhoneNumberId']} from its "
                f"{RegistrationProps.PHONE_NUMBER_IDS}"
            )
        due, waits_for = rule.due(current, version_status)
        if not due:
            waiting.append(waits_for)
            continue
        try:
            api.call(
                "CreateRegistrationAssociation", RegistrationId=registration_id, ResourceId=number["PhoneNumberId"]
            )
        except ClientError as error:
            if error_reason(error) != "RESOURCE_ALREADY_ASSOCIATED":
                raise
        wrote = True
    if waiting:
        record_action("associate-later", pending=str(len(waiting)), until=waiting[0])
    if wrote:
        record_action("associate", associated=str(len(numbers) - len(waiting)))
    return Associations(wrote, len(waiting), ", ".join(sorted(set(waiting))))


def current_attributes(request: Request, api: Api) -> dict[str, str] | None:
    """The registration's attributes as it is now, for a rollback that leaves it alone (``handlers.rollback``).

    The same keys as a completed deploy reports (the rollback's answer is what every ``Fn::GetAtt`` reads
    from then on): attachment ids a recent version holds, the sender IDs provisioned so far, and the
    configured numbers not associated (they wait for the next deploy: a rollback associates nothing).
    """
    try:
        registration = _describe(api, request.physical_id)
        spec = RegistrationSpec.from_properties(request.properties)
        ids = {path: _attachment_on_record(api, registration, path) or "" for path in sorted(spec.attachments)}
        version = _version(api, registration)
    except (HandlerError, ClientError):
        return None
    data = _attributes(registration, {path: found for path, found in ids.items() if found}, version)
    try:  # reads a rollback can do without: refused, the rollback still keeps the registration as it is
        arns, senders_wait = registration_links.sender_id_arns(api, registration, spec.sender_ids)
        present = _present(api, request.physical_id, spec)
    except (HandlerError, ClientError):
        return data
    pending = sum(1 for number in spec.phone_number_ids if number not in present)
    data |= Associations(pending=pending, waiting_for="the next deploy" if pending else "").data()
    data[RegistrationAttrs.SENDER_ID_ARNS] = json.dumps(arns, sort_keys=True)
    if senders_wait:
        data[RegistrationAttrs.WAITING_FOR] = "; ".join(senders_wait)
    return data


def _upload(request: Request, api: Api, path: str, ref: AttachmentRef) -> str:
    """Create the attachment for ``path``; the token makes a retried upload return the first one."""
    record_action("upload-attachment")
    token = _attachment_token(request, path, ref)
    body = api.read_object(ref.bucket, ref.key)
    created = api.call(
        "CreateRegistrationAttachment",
        AttachmentBody=body,
        Tags=tags(request.ownership_tags(token)),
        ClientToken=token,
    )
    return str(created["RegistrationAttachmentId"])


def _attachment_token(request: Request, path: str, ref: AttachmentRef) -> str:
    """The upload's ``ClientToken`` (and tag): one per stack, field and file content."""
    return request.client_token("attachment", path, ref.sha256)


def _uploads_complete(api: Api, attachment_ids: Mapping[str, str]) -> bool:
    if not attachment_ids:
        return True
    found = api.pages(
        "DescribeRegistrationAttachments",
        "RegistrationAttachments",
        RegistrationAttachmentIds=sorted(set(attachment_ids.values())),
    )
    failed = [a["RegistrationAttachmentId"] for a in found if a["AttachmentStatus"] in ("UPLOAD_FAILED", "DELETED")]
    if failed:
        raise HandlerError(f"attachment upload failed for {', '.join(failed)}; change the file or redeploy")
    return all(a["AttachmentStatus"] == "UPLOAD_COMPLETE" for a in found)


def _attachment_on_record(api: Api, registration: Mapping[str, Any], path: str) -> str | None:
    """The attachment id a recent version holds for ``path`` (a new draft may not have it yet)."""
    newest = int(registration["CurrentVersionNumber"])
    for number in range(newest, max(0, newest - _VERSIONS_SEARCHED_FOR_ATTACHMENTS), -1):
        values = field_values.live_values(api, str(registration["RegistrationId"]), number)
        found = values.get(path)
        if isinstance(found, str) and found:
            return found
    return None


def _describe(api: Api, registration_id: str) -> dict[str, Any]:
    found = api.call("DescribeRegistrations", RegistrationIds=[registration_id])["Registrations"]
    if not found:
        raise HandlerError(f"registration {registration_id} no longer exists in this account")
    return dict(found[0])


def _version(api: Api, registration: Mapping[str, Any]) -> dict[str, Any]:
    found = api.call(
        "DescribeRegistrationVersions",
        RegistrationId=registration["RegistrationId"],
        VersionNumbers=[registration["CurrentVersionNumber"]],
    )["RegistrationVersions"]
    return dict(found[0])


def _failure(action: Action, registration: Mapping[str, Any], version: Mapping[str, Any]) -> str:
    return FAILURE_MESSAGES[action].format(
        id=registration["RegistrationId"],
        status=registration["RegistrationStatus"],
        version=version["VersionNumber"],
        version_status=version["RegistrationVersionStatus"],
    )


def _attributes(
    registration: Mapping[str, Any],
    attachment_ids: Mapping[str, str],
    version: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """The resource's attributes, from ``RegistrationInformation`` and the newest version's ``DeniedReasons``."""
    data = {
        RegistrationAttrs.REGISTRATION_ID: str(registration["RegistrationId"]),
        RegistrationAttrs.REGISTRATION_ARN: str(registration["RegistrationArn"]),
        RegistrationAttrs.STATUS: str(registration["RegistrationStatus"]),
        RegistrationAttrs.VERSION_NUMBER: str(registration["CurrentVersionNumber"]),
        RegistrationAttrs.ATTACHMENT_IDS: json.dumps(dict(attachment_ids), sort_keys=True),
        # Reported by the registrar (a vetting's score); its keys are not documented, so shown as they come.
        RegistrationAttrs.ADDITIONAL_ATTRIBUTES: json.dumps(
            dict(registration.get("AdditionalAttributes") or {}), sort_keys=True
        ),
    }
    reasons = (version or {}).get("DeniedReasons") or []
    if reasons:
        data[RegistrationAttrs.DENIED_REASONS] = "; ".join(
            str(r.get("ShortDescription", r.get("Reason", ""))) for r in reasons
        )
    return data
