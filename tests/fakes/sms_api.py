"""A stateful, in-process fake of the End User Messaging SMS API subset our custom resources use.

It enforces the rules the handlers must survive, as stated by the service model, the user guide and
field reports (see ``../shared/DOMAIN.md``):

* a new registration version starts EMPTY; field values are frozen unless the newest version is a
  DRAFT (``ConflictException`` ``EDIT_REGISTRATION_FIELD_VALUES_NOT_ALLOWED``);
* submitting with required fields missing is accepted and then auto-denied;
* a registration type lists its ``SupportedAssociations`` (several entries per type can be declared
  with :meth:`put_registration_type`); a number is associated per the entry for its type and country:
  ``ASSOCIATE_BEFORE_SUBMIT`` only while the newest version is a DRAFT (a toll-free registration needs
  one before submit), ``ASSOCIATE_ON_APPROVAL`` / ``ASSOCIATE_AFTER_COMPLETE`` only once approved /
  COMPLETE (``REGISTRATION_NOT_COMPLETE``); releasing a toll-free registration's last number closes it;
* a number in a pool cannot be released (``PHONE_NUMBER_ASSOCIATED_TO_POOL``);
  ``DisassociateOriginationIdentity`` takes it out, except the pool's last number
  (``LAST_PHONE_NUMBER``: modelled on the API's error reason, so handlers are tested against the
  stricter reading);
* attachments are ``UPLOAD_IN_PROGRESS`` for a while before ``UPLOAD_COMPLETE``;
* ``ClientToken`` makes a create idempotent (same token, same answer);
* per-action request-rate quotas (1/s by default, 10/s for a few actions; ``rate_scale`` multiplies
  them) answered with real ``ThrottlingException``s;
* account limits (``DescribeAccountLimits``: 25 numbers by default).

Tests drive reviews with :meth:`approve` and :meth:`deny`, inject faults with :meth:`fail_next`, and
read :attr:`calls` to assert API economy. :mod:`fakes.aws` serves this behind real boto3 clients.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import botocore.session
from botocore.validate import ParamValidator

from fakes.api_error import ApiError
from fakes.clock import VirtualClock
from fakes.sms_opt_outs import OptOutLists
from fakes.sms_protect_settings import ProtectSettings
from fakes.sms_sender_ids import SenderIds
from fakes.sms_spend_limits import SpendLimits
from fakes.sms_verified_numbers import VerifiedNumbers
from sms_runtime.registration.field_definitions import (
    FieldValue,
    available_registration_types,
    load_snapshot,
    snapshot_path,
    validate_field_values,
)

READ_PREFIXES = ("Describe", "List")
FAST_ACTIONS = {"PutOptedOutNumber": 10.0, "DeleteOptedOutNumber": 10.0, "ListTagsForResource": 10.0}
IN_REVIEW = ("SUBMITTED", "AWS_REVIEWING", "REVIEWING", "REQUIRES_AUTHENTICATION", "REQUIRES_OFFLINE_REVIEW")
# AccessDeniedException: a caller whose policy refuses the action; ValidationException: a request the service
# rejects (neither is retried, unlike the others).
FAULTS = ("ThrottlingException", "InternalServerException", "timeout", "AccessDeniedException", "ValidationException")


def default_type_definitions() -> dict[str, list[dict[str, str]]]:
    """Each shipped snapshot's ``SupportedAssociations`` (its ``RegistrationTypeDefinition``), by type.

    The snapshots carry what ``DescribeRegistrationTypeDefinitions`` answered (or, for reconstructed
    ones, what the documentation says it answers), so the fake and the synth checks read one source.
    """
    found: dict[str, list[dict[str, str]]] = {}
    for kind in available_registration_types():
        document = json.loads(snapshot_path(kind).read_text(encoding="utf-8"))
        entries = document.get("RegistrationTypeDefinition", {}).get("SupportedAssociations", [])
        found[kind] = [dict(entry) for entry in entries]
    return found


class LostResponseError(Exception):
    """The request was applied but its response never arrives (a read timeout after the fact)."""


@dataclass(frozen=True)
class Call:
    """One request the fake received: what, when, and how it ended (``"ok"`` or an error code)."""

    action: str
    params: Mapping[str, Any]
    time: float
    outcome: str

    @property
    def is_write(self) -> bool:
        return not self.action.startswith(READ_PREFIXES)


@dataclass
class _Bucket:
    rate: float
    tokens: float
    updated: float


@dataclass
class Version:
    number: int
    status: str = "DRAFT"
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    history: dict[str, float] = field(default_factory=dict)
    denied_reasons: list[dict[str, str]] = field(default_factory=list)
    field_feedback: dict[str, str] = field(default_factory=dict)


@dataclass
class Registration:
    id: str
    arn: str
    type: str
    status: str
    created: float
    tags: list[dict[str, str]]
    versions: list[Version]
    associations: list[str] = field(default_factory=list)
    approved_version: int | None = None
    denied_version: int | None = None
    additional_attributes: dict[str, str] = field(default_factory=dict)

    @property
    def latest(self) -> Version:
        return self.versions[-1]


class FakeSmsApi(OptOutLists, SenderIds, SpendLimits, ProtectSettings, VerifiedNumbers):
    """The service state and its operations; thread-safe; time from the shared clock."""

    def __init__(
        self,
        clock: VirtualClock,
        *,
        account: str = "111122223333",
        region: str = "us-east-1",
        rate_scale: float = 1.0,
        phone_number_limit: int = 25,
        attachment_upload_seconds: float = 2.0,
        latency_seconds: float = 0.0,
        page_size: int = 10,
        max_page_size: int = 100,
    ) -> None:
        self.clock, self.account, self.region = clock, account, region
        self.rate_scale = rate_scale
        self.phone_number_limit = phone_number_limit
        self.attachment_upload_seconds = attachment_upload_seconds
        self.latency_seconds = latency_seconds
        self.page_size, self.max_page_size = page_size, max_page_size
        self.type_definitions = default_type_definitions()
        self.field_definitions: dict[str, list[dict[str, Any]]] = {}  # put_field_definitions: live != snapshot
        self.calls: list[Call] = []
        self.numbers: dict[str, dict[str, Any]] = {}
        self.registrations: dict[str, Registration] = {}
        self.attachments: dict[str, dict[str, Any]] = {}
        self.tags: dict[str, list[dict[str, str]]] = {}
        self.configuration_sets: dict[str, dict[str, Any]] = {}  # put_configuration_set: CloudFormation's part
        self._tokens: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
        self._faults: dict[str, list[str]] = {}
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.RLock()
        self._counter = 0
        self._init_opt_outs()
        self._init_sender_ids()
        self._init_spend_limits()
        self._init_protect_settings()
        self._init_verified_numbers()

    # ----- test hooks -------------------------------------------------------------------------

    def fail_next(self, action: str, error: str = "ThrottlingException", times: int = 1) -> None:
        """Make the next ``times`` calls of ``action`` fail with ``error`` (one of :data:`FAULTS`)."""
        if error not in FAULTS:
            raise ValueError(f"unknown fault {error!r}; use one of {FAULTS}")
        with self._lock:
            self._faults.setdefault(action, []).extend([error] * times)

    def fail_nth(self, action: str, n: int, error: str) -> None:
        """Make the ``n``-th (1-based) future call of ``action`` fail with ``error``."""
        if error not in FAULTS:
            raise ValueError(f"unknown fault {error!r}; use one of {FAULTS}")
        with self._lock:
            self._faults.setdefault(action, [])
            queue = self._faults[action]
            queue.extend([""] * max(0, n - len(queue)))
            queue[n - 1] = error

    def clear_faults(self) -> None:
        """Drop every injected fault not yet served (the outage is over)."""
        with self._lock:
            self._faults.clear()

    def forget_client_tokens(self) -> None:
        """Let idempotency windows expire: a reused ClientToken now creates anew (as after days)."""
        with self._lock:
            self._tokens.clear()

    def approve(self, registration_id: str, additional_attributes: Mapping[str, str] | None = None) -> None:
        """The registrar approves the newest (submitted) version.

        ``additional_attributes`` is what the registrar reports in ``AdditionalAttributes`` (a brand
        vetting's score, for example). A registration type whose ``SupportedAssociations`` provisions
        sender IDs ``ASSOCIATE_ON_APPROVAL`` gets its sender ID now (:meth:`SenderIds.provision_on_approval`).
        """
        with self._lock:
            registration = self._registration(registration_id)
            version = self._in_review(registration)
            for older in registration.versions[:-1]:
                if older.status == "APPROVED":
                    older.status = "ARCHIVED"
            self._set_version_status(version, "APPROVED")
            registration.status, registration.approved_version = "COMPLETE", version.number
            registration.additional_attributes.update(additional_attributes or {})
            for number_id in registration.associations:
                if number_id in self.numbers:
                    self.numbers[number_id]["Status"] = "ACTIVE"
            self.provision_on_approval(registration, version)

    def deny(
        self,
        registration_id: str,
        reasons: Iterable[str] = ("Invalid opt-in",),
        field_feedback: Mapping[str, str] | None = None,
    ) -> None:
        """The registrar denies the newest (submitted) version with ``reasons``."""
        with self._lock:
            registration = self._registration(registration_id)
            self._deny(registration, self._in_review(registration), reasons, field_feedback or {})

    def calls_to(self, action: str, outcome: str | None = "ok") -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.action == action and (outcome is None or c.outcome == outcome)]

    def write_calls(self) -> list[Call]:
        """Successful calls that change state (everything but ``Describe*``/``List*``)."""
        with self._lock:
            return [c for c in self.calls if c.is_write and c.outcome == "ok"]

    def live_numbers(self) -> list[dict[str, Any]]:
        with self._lock:
            return [n for n in self.numbers.values() if n["Status"] != "DELETED"]

    def live_registrations(self) -> list[Registration]:
        with self._lock:
            return [r for r in self.registrations.values() if r.status != "DELETED"]

    def put_registration_type(
        self, registration_type: str, association: Mapping[str, str] | Sequence[Mapping[str, str]]
    ) -> None:
        """Declare a registration type's ``SupportedAssociations`` (one entry, or several in order)."""
        entries = [association] if isinstance(association, Mapping) else list(association)
        self.type_definitions[registration_type] = [dict(e) for e in entries]

    def supported_association(self, registration_type: str, number: Mapping[str, Any]) -> dict[str, str] | None:
        """The entry that governs ``number``: its type (or PHONE_NUMBER), its country before none."""
        entries = [
            e
            for e in self.type_definitions.get(registration_type, [])
            if e["ResourceType"] in (number["NumberType"], "PHONE_NUMBER")
            and e.get("IsoCountryCode") in (None, number["IsoCountryCode"])
        ]
        entries.sort(key=lambda e: e.get("IsoCountryCode") is None)
        return entries[0] if entries else None

    # ----- request entry ----------------------------------------------------------------------

    def handle(self, action: str, params: dict[str, Any]) -> dict[str, Any]:
        """Answer one request: quota, injected fault, then the operation itself."""
        if self.latency_seconds:
            self.clock.sleep(self.latency_seconds)
        with self._lock:
            now = self.clock.now()
            fault = None
            try:
                self._admit(action, now)
                queued = self._faults.get(action)
                fault = (queued.pop(0) or None) if queued else None
                if fault is not None and fault != "timeout":
                    raise ApiError(fault, f"injected {fault}")
                operation: Callable[[dict[str, Any]], dict[str, Any]] | None = getattr(
                    self, f"_op_{_snake(action)}", None
                )
                if operation is None:
                    raise ApiError("ValidationException", f"the fake does not implement {action}")
                result = operation(params)
            except ApiError as error:
                self.calls.append(Call(action, params, now, error.code))
                raise
            self.calls.append(Call(action, params, now, "ok" if fault is None else "ok-response-lost"))
        if fault == "timeout":
            raise LostResponseError(action)
        return result

    def _admit(self, action: str, now: float) -> None:
        rate = FAST_ACTIONS.get(action, 1.0) * self.rate_scale
        bucket = self._buckets.setdefault(action, _Bucket(rate, max(1.0, rate), now))
        bucket.tokens = min(max(1.0, rate), bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        if bucket.tokens < 1.0:
            raise ApiError("ThrottlingException", f"Rate exceeded for {action}")
        bucket.tokens -= 1.0

    def _idempotent(
        self, action: str, params: Mapping[str, Any], create: Callable[[], dict[str, Any]]
    ) -> dict[str, Any]:
        token = params.get("ClientToken")
        if not token:
            return create()
        fingerprint = json.dumps({k: v for k, v in params.items() if k != "ClientToken"}, sort_keys=True, default=repr)
        seen = self._tokens.get((action, token))
        if seen is not None:
            if seen[0] != fingerprint:
                raise ApiError("ConflictException", "ClientToken reused with different parameters")
            return seen[1]
        result = create()
        self._tokens[(action, token)] = (fingerprint, result)
        return result

    def _new_id(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}-{self._counter:032x}"

    def _arn(self, kind: str, resource_id: str) -> str:
        return f"arn:aws:sms-voice:{self.region}:{self.account}:{kind}/{resource_id}"

    def _page(self, items: list[dict[str, Any]], key: str, params: Mapping[str, Any]) -> dict[str, Any]:
        start = int(params.get("NextToken") or 0)
        size = min(int(params.get("MaxResults") or self.page_size), self.max_page_size)
        page: dict[str, Any] = {key: items[start : start + size]}
        if start + size < len(items):
            page["NextToken"] = str(start + size)
        return page

    # ----- account and phone numbers ----------------------------------------------------------

    def _op_describe_account_limits(self, params: dict[str, Any]) -> dict[str, Any]:
        limits = [
            {"Name": "PHONE_NUMBERS", "Used": len(self.live_numbers()), "Max": self.phone_number_limit},
            {"Name": "REGISTRATIONS", "Used": len(self.live_registrations()), "Max": 1000},
            {"Name": "REGISTRATION_ATTACHMENTS", "Used": len(self.attachments), "Max": 1000},
        ]
        return self._page(limits, "AccountLimits", params)

    def _op_request_phone_number(self, params: dict[str, Any]) -> dict[str, Any]:
        def buy() -> dict[str, Any]:
            if len(self.live_numbers()) >= self.phone_number_limit:
                raise ApiError(
                    "ServiceQuotaExceededException",
                    "phone number limit reached",
                    Reason="PHONE_NUMBERS_PER_ACCOUNT",
                )
            registration = self._registration(params["RegistrationId"]) if params.get("RegistrationId") else None
            kind = params["NumberType"]
            if registration is not None:  # the number joins the registration as CreateRegistrationAssociation would
                self._association_rule(registration, kind, params["IsoCountryCode"])
            number_id = self._new_id("phone")
            number = {
                "PhoneNumberArn": self._arn("phone-number", number_id),
                "PhoneNumberId": number_id,
                "PhoneNumber": f"+1833555{self._counter:04d}",
                "Status": "PENDING" if kind in ("TOLL_FREE", "TEN_DLC") else "ACTIVE",
                "IsoCountryCode": params["IsoCountryCode"],
                "MessageType": params["MessageType"],
                "NumberCapabilities": list(params["NumberCapabilities"]),
                "NumberType": kind,
                "MonthlyLeasingPrice": "2.00",
                "TwoWayEnabled": False,
                "SelfManagedOptOutsEnabled": False,
                "OptOutListName": params.get("OptOutListName", "Default"),
                # false unless requested (the model's documentation); NumberPreference is not reported back
                "InternationalSendingEnabled": bool(params.get("InternationalSendingEnabled", False)),
                "DeletionProtectionEnabled": bool(params.get("DeletionProtectionEnabled", False)),
                "CreatedTimestamp": self.clock.epoch(),  # the service's wall clock
            }
            for optional in ("PoolId", "RegistrationId"):
                if params.get(optional):
                    number[optional] = params[optional]
            self.numbers[number_id] = number
            self.tags[number["PhoneNumberArn"]] = list(params.get("Tags", []))
            if registration is not None:
                registration.associations.append(number_id)
            return {**number, "Tags": list(params.get("Tags", []))}

        return self._idempotent("RequestPhoneNumber", params, buy)

    def _number(self, number_id: str) -> dict[str, Any]:
        number = self.numbers.get(number_id)
        if number is None or number["Status"] == "DELETED":
            raise ApiError("ResourceNotFoundException", f"no phone number {number_id}", ResourceId=number_id)
        return number

    def _op_describe_phone_numbers(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("PhoneNumberIds"):
            found = [self._number(i) for i in params["PhoneNumberIds"]]
        else:
            found = self.live_numbers()
        names = {"number-type": "NumberType", "iso-country-code": "IsoCountryCode", "message-type": "MessageType"}
        names["status"] = "Status"
        for item in params.get("Filters", []):
            key = names[item["Name"]]
            found = [n for n in found if n[key] in item["Values"]]
        return self._page([dict(n) for n in found], "PhoneNumbers", params)

    def _op_update_phone_number(self, params: dict[str, Any]) -> dict[str, Any]:
        number = self._number(params["PhoneNumberId"])
        settings = ("DeletionProtectionEnabled", "OptOutListName", "TwoWayEnabled", "SelfManagedOptOutsEnabled")
        for key in (*settings, "InternationalSendingEnabled", "TwoWayChannelArn", "TwoWayChannelRole"):
            if key in params:
                number[key] = params[key]
        return dict(number)

    def _op_release_phone_number(self, params: dict[str, Any]) -> dict[str, Any]:
        number = self._number(params["PhoneNumberId"])
        if number["DeletionProtectionEnabled"]:
            raise ApiError("ConflictException", "deletion protection is on", Reason="DELETION_PROTECTION_ENABLED")
        if number.get("PoolId"):
            raise ApiError("ConflictException", "the number is in a pool", Reason="PHONE_NUMBER_ASSOCIATED_TO_POOL")
        number["Status"] = "DELETED"
        for registration in self.registrations.values():
            if number["PhoneNumberId"] in registration.associations:
                registration.associations.remove(number["PhoneNumberId"])
                rule = self.supported_association(registration.type, number) or {}
                closes = rule.get("DisassociationBehavior") == "DISASSOCIATE_ALL_CLOSES_REGISTRATION"
                if closes and not [a for a in registration.associations if a in self.numbers]:
                    registration.status = "CLOSED"
        return dict(number)

    def _op_associate_origination_identity(self, params: dict[str, Any]) -> dict[str, Any]:
        """Put a number in a pool (what ``AWS::SMSVOICE::Pool``'s ``OriginationIdentities`` does)."""
        number = self._number(params["OriginationIdentity"])
        if number.get("PoolId") not in (None, params["PoolId"]):
            raise ApiError(
                "ConflictException", "the number is in another pool", Reason="PHONE_NUMBER_ASSOCIATED_TO_POOL"
            )
        number["PoolId"] = params["PoolId"]
        return self._pool_membership(number, params["PoolId"])

    def _op_disassociate_origination_identity(self, params: dict[str, Any]) -> dict[str, Any]:
        number = self._number(params["OriginationIdentity"])
        pool_id = params["PoolId"]
        if number.get("PoolId") != pool_id:
            raise ApiError("ConflictException", "not in that pool", Reason="PHONE_NUMBER_NOT_ASSOCIATED_TO_POOL")
        if not [n for n in self.live_numbers() if n.get("PoolId") == pool_id and n is not number]:
            raise ApiError("ConflictException", "a pool keeps one origination identity", Reason="LAST_PHONE_NUMBER")
        del number["PoolId"]
        return self._pool_membership(number, pool_id)

    def _pool_membership(self, number: Mapping[str, Any], pool_id: str) -> dict[str, Any]:
        return {
            "PoolArn": self._arn("pool", pool_id),
            "PoolId": pool_id,
            "OriginationIdentityArn": number["PhoneNumberArn"],
            "OriginationIdentity": number["PhoneNumberId"],
            "IsoCountryCode": number["IsoCountryCode"],
        }

    def _op_list_tags_for_resource(self, params: dict[str, Any]) -> dict[str, Any]:
        arn = params["ResourceArn"]
        if arn not in self.tags:
            raise ApiError("ResourceNotFoundException", f"no resource {arn}")
        return {"ResourceArn": arn, "Tags": list(self.tags[arn])}

    def _op_tag_resource(self, params: dict[str, Any]) -> dict[str, Any]:
        """Adds the tags, replacing the value of a key the resource already has (as the API documents)."""
        arn = params["ResourceArn"]
        if arn not in self.tags:
            raise ApiError("ResourceNotFoundException", f"no resource {arn}")
        given = {tag["Key"]: tag["Value"] for tag in params["Tags"]}
        self.tags[arn] = [tag for tag in self.tags[arn] if tag["Key"] not in given] + [
            {"Key": key, "Value": value} for key, value in given.items()
        ]
        return {}

    # ----- configuration sets -------------------------------------------------------------------

    def put_configuration_set(self, name: str) -> dict[str, Any]:
        """A configuration set as ``AWS::SMSVOICE::ConfigurationSet`` creates it (no default message type)."""
        with self._lock:
            found = {
                "ConfigurationSetArn": self._arn("configuration-set", name),
                "ConfigurationSetName": name,
                "EventDestinations": [],
                "CreatedTimestamp": self.clock.epoch(),
            }
            self.configuration_sets[name] = found
            return found

    def delete_configuration_set(self, name: str) -> None:
        """CloudFormation deleting the set (a rename, or the stack going)."""
        with self._lock:
            del self.configuration_sets[name]

    def _configuration_set(self, name_or_arn: str) -> dict[str, Any]:
        """The set named by ``ConfigurationSetNameOrArn`` (a name, or its ARN)."""
        name = name_or_arn.rpartition("configuration-set/")[2] if name_or_arn.startswith("arn:") else name_or_arn
        found = self.configuration_sets.get(name)
        if found is None:
            raise ApiError(
                "ResourceNotFoundException",
                f"no configuration set {name_or_arn}",
                ResourceType="configuration-set",
                ResourceId=name_or_arn,
            )
        return found

    def _op_describe_configuration_sets(self, params: dict[str, Any]) -> dict[str, Any]:
        names = params.get("ConfigurationSetNames")
        found = [self._configuration_set(n) for n in names] if names else list(self.configuration_sets.values())
        if params.get("Filters"):
            raise ApiError("ValidationException", "the fake does not implement DescribeConfigurationSets filters")
        answer = self._page([dict(c) for c in found], "ConfigurationSets", params)
        _require_output_shape("DescribeConfigurationSets", answer)
        return answer

    def _op_set_default_message_type(self, params: dict[str, Any]) -> dict[str, Any]:
        found = self._configuration_set(params["ConfigurationSetName"])
        found["DefaultMessageType"] = params["MessageType"]
        return self._message_type_answer("SetDefaultMessageType", found)

    def _op_delete_default_message_type(self, params: dict[str, Any]) -> dict[str, Any]:
        found = self._configuration_set(params["ConfigurationSetName"])
        answer = self._message_type_answer("DeleteDefaultMessageType", found)  # the type it removed
        found.pop("DefaultMessageType", None)
        return answer

    def _message_type_answer(self, operation: str, found: Mapping[str, Any]) -> dict[str, Any]:
        answer = {
            "ConfigurationSetArn": found["ConfigurationSetArn"],
            "ConfigurationSetName": found["ConfigurationSetName"],
            **({"MessageType": found["DefaultMessageType"]} if "DefaultMessageType" in found else {}),
        }
        _require_output_shape(operation, answer)
        return answer

    # ----- registrations ----------------------------------------------------------------------

    def _registration(self, registration_id: str) -> Registration:
        registration = self.registrations.get(registration_id)
        if registration is None or registration.status == "DELETED":
            raise ApiError(
                "ResourceNotFoundException", f"no registration {registration_id}", ResourceId=registration_id
            )
        return registration

    def _registration_info(self, registration: Registration) -> dict[str, Any]:
        info: dict[str, Any] = {
            "RegistrationArn": registration.arn,
            "RegistrationId": registration.id,
            "RegistrationType": registration.type,
            "RegistrationStatus": registration.status,
            "CurrentVersionNumber": registration.latest.number,
            "CreatedTimestamp": registration.created,
        }
        if registration.approved_version is not None:
            info["ApprovedVersionNumber"] = registration.approved_version
        if registration.denied_version is not None:
            info["LatestDeniedVersionNumber"] = registration.denied_version
        if registration.additional_attributes:
            info["AdditionalAttributes"] = dict(registration.additional_attributes)
        return info

    def _op_create_registration(self, params: dict[str, Any]) -> dict[str, Any]:
        kind = params["RegistrationType"]
        if not snapshot_path(kind).exists():
            raise ApiError("ValidationException", f"unknown type {kind}", Reason="UNKNOWN_REGISTRATION_TYPE")

        def create() -> dict[str, Any]:
            registration_id = self._new_id("registration")
            now = self.clock.now()
            registration = Registration(
                id=registration_id,
                arn=self._arn("registration", registration_id),
                type=kind,
                status="CREATED",
                created=self.clock.epoch(),  # CreatedTimestamp: the service's wall clock, as for numbers
                tags=list(params.get("Tags", [])),
                versions=[Version(1, history={"DraftTimestamp": now})],
            )
            self.registrations[registration_id] = registration
            self.tags[registration.arn] = list(registration.tags)
            return {**self._registration_info(registration), "Tags": registration.tags}

        return self._idempotent("CreateRegistration", params, create)

    def _op_describe_registrations(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("RegistrationIds"):
            found = [self._registration(i) for i in params["RegistrationIds"]]
        else:
            found = self.live_registrations()
        fields = {"registration-type": "type", "registration-status": "status"}  # the model's filter names
        for item in params.get("Filters") or []:
            if item["Name"] not in fields:
                raise ApiError("ValidationException", f"unknown filter {item['Name']}")
            found = [r for r in found if getattr(r, fields[item["Name"]]) in item["Values"]]
        return self._page([self._registration_info(r) for r in found], "Registrations", params)

    def _version_info(self, version: Version) -> dict[str, Any]:
        info: dict[str, Any] = {
            "VersionNumber": version.number,
            "RegistrationVersionStatus": version.status,
            "RegistrationVersionStatusHistory": dict(version.history),
        }
        if version.denied_reasons:
            info["DeniedReasons"] = list(version.denied_reasons)
        return info

    def _op_describe_registration_versions(self, params: dict[str, Any]) -> dict[str, Any]:
        registration = self._registration(params["RegistrationId"])
        wanted = set(params.get("VersionNumbers") or [v.number for v in registration.versions])
        versions = [self._version_info(v) for v in reversed(registration.versions) if v.number in wanted]
        page = self._page(versions, "RegistrationVersions", params)
        return {"RegistrationArn": registration.arn, "RegistrationId": registration.id, **page}

    def _op_create_registration_version(self, params: dict[str, Any]) -> dict[str, Any]:
        registration = self._registration(params["RegistrationId"])
        if registration.latest.status == "DRAFT" or registration.latest.status in IN_REVIEW:
            raise ApiError(
                "ConflictException",
                f"version {registration.latest.number} is {registration.latest.status}",
                Reason="CREATE_REGISTRATION_VERSION_NOT_ALLOWED",
            )
        version = Version(registration.latest.number + 1, history={"DraftTimestamp": self.clock.now()})
        registration.versions.append(version)  # EMPTY: nothing is copied from the previous version
        return {"RegistrationArn": registration.arn, "RegistrationId": registration.id, **self._version_info(version)}

    def _editable(self, registration: Registration) -> Version:
        if registration.status in ("CLOSED", "DELETED") or registration.latest.status != "DRAFT":
            raise ApiError(
                "ConflictException",
                f"version {registration.latest.number} is {registration.latest.status}",
                Reason="EDIT_REGISTRATION_FIELD_VALUES_NOT_ALLOWED",
            )
        return registration.latest

    def _op_put_registration_field_value(self, params: dict[str, Any]) -> dict[str, Any]:
        registration = self._registration(params["RegistrationId"])
        version = self._editable(registration)
        path = params["FieldPath"]
        definition = load_snapshot(registration.type)
        item = definition.fields.get(path)
        if item is None:
            raise ApiError("ValidationException", f"unknown field {path}", Reason="UNKNOWN_REGISTRATION_FIELD")
        members: dict[str, Any] = {
            k: params[k] for k in ("TextValue", "SelectChoices", "RegistrationAttachmentId") if k in params
        }
        expected = {"TEXT": "TextValue", "SELECT": "SelectChoices", "ATTACHMENT": "RegistrationAttachmentId"}
        if list(members) != [expected[item.field_type]]:
            raise ApiError(
                "ValidationException", f"{path} takes {expected[item.field_type]}", Reason="INVALID_PARAMETER"
            )
        if item.field_type == "ATTACHMENT":
            attachment = self.attachments.get(members["RegistrationAttachmentId"])
            if attachment is None or self._attachment_status(attachment) != "UPLOAD_COMPLETE":
                raise ApiError("ValidationException", "attachment not uploaded", Reason="INVALID_PARAMETER")
        else:
            problems = [
                p
                for p in validate_field_values(definition, {path: _as_value(members)})
                if p.code != "missing-required" and p.field == path
            ]
            if problems:
                raise ApiError("ValidationException", problems[0].message, Reason="FIELD_VALIDATION_FAILED")
        version.values[path] = members
        return {
            "RegistrationArn": registration.arn,
            "RegistrationId": registration.id,
            "VersionNumber": version.number,
            "FieldPath": path,
            **members,
        }

    def _op_delete_registration_field_value(self, params: dict[str, Any]) -> dict[str, Any]:
        registration = self._registration(params["RegistrationId"])
        members = self._editable(registration).values.pop(params["FieldPath"], {})
        return {
            "RegistrationArn": registration.arn,
            "RegistrationId": registration.id,
            "VersionNumber": registration.latest.number,
            "FieldPath": params["FieldPath"],
            **members,
        }

    def _op_describe_registration_field_values(self, params: dict[str, Any]) -> dict[str, Any]:
        registration = self._registration(params["RegistrationId"])
        number = int(params.get("VersionNumber") or registration.latest.number)
        matches = [v for v in registration.versions if v.number == number]
        if not matches:
            raise ApiError("ValidationException", f"no version {number}", Reason="UNKNOWN_REGISTRATION_VERSION")
        version = matches[0]
        values = []
        for path, members in sorted(version.values.items()):
            item: dict[str, Any] = {"FieldPath": path, **members}
            if path in version.field_feedback:
                item["DeniedReason"] = version.field_feedback[path]
            values.append(item)
        page = self._page(values, "RegistrationFieldValues", params)
        return {"RegistrationArn": registration.arn, "RegistrationId": registration.id, "VersionNumber": number, **page}

    def put_field_definitions(self, registration_type: str, items: Sequence[Mapping[str, Any]]) -> None:
        """Answer ``DescribeRegistrationFieldDefinitions`` with ``items`` instead of the shipped snapshot.

        The items are checked against botocore's output shape first (``ConditionalBehavior`` included),
        so a test cannot serve what the real API could not return.
        """
        copied = [dict(item) for item in items]
        _require_output_shape(
            "DescribeRegistrationFieldDefinitions",
            {"RegistrationType": registration_type, "RegistrationFieldDefinitions": copied},
        )
        self.field_definitions[registration_type] = copied

    def _op_describe_registration_field_definitions(self, params: dict[str, Any]) -> dict[str, Any]:
        """The items of ``put_field_definitions`` or of the snapshot (the stored API answer), as is."""
        kind = params["RegistrationType"]
        items = self.field_definitions.get(kind)
        if items is None:
            path = snapshot_path(kind)
            if not path.exists():
                raise ApiError("ValidationException", f"unknown type {kind}", Reason="UNKNOWN_REGISTRATION_TYPE")
            items = json.loads(path.read_text(encoding="utf-8"))["RegistrationFieldDefinitions"]
        return {"RegistrationType": kind, **self._page(items, "RegistrationFieldDefinitions", params)}

    def _op_describe_registration_type_definitions(self, params: dict[str, Any]) -> dict[str, Any]:
        kinds = params.get("RegistrationTypes") or sorted(self.type_definitions)
        found = [
            {
                "RegistrationType": kind,
                "SupportedAssociations": [dict(e) for e in self.type_definitions[kind]],
                "DisplayHints": {"Title": kind},
            }
            for kind in kinds
            if kind in self.type_definitions
        ]
        return {"RegistrationTypeDefinitions": found}

    def _attachment_status(self, attachment: dict[str, Any]) -> str:
        if attachment["Status"] == "UPLOAD_IN_PROGRESS" and self.clock.now() >= attachment["ReadyAt"]:
            attachment["Status"] = "UPLOAD_COMPLETE"
        return str(attachment["Status"])

    def _op_create_registration_attachment(self, params: dict[str, Any]) -> dict[str, Any]:
        if ("AttachmentBody" in params) == ("AttachmentUrl" in params):
            raise ApiError(
                "ValidationException",
                "give AttachmentBody or AttachmentUrl",
                Reason="PARAMETERS_CANNOT_BE_USED_TOGETHER",
            )

        def create() -> dict[str, Any]:
            attachment_id = self._new_id("attachment")
            now = self.clock.now()
            attachment = {
                "RegistrationAttachmentArn": self._arn("registration-attachment", attachment_id),
                "RegistrationAttachmentId": attachment_id,
                "Status": "UPLOAD_IN_PROGRESS",
                "ReadyAt": now + self.attachment_upload_seconds,
                "CreatedTimestamp": now,
                "Body": params.get("AttachmentBody", ""),
            }
            self.attachments[attachment_id] = attachment
            self.tags[attachment["RegistrationAttachmentArn"]] = list(params.get("Tags", []))
            return {
                "RegistrationAttachmentArn": attachment["RegistrationAttachmentArn"],
                "RegistrationAttachmentId": attachment_id,
                "AttachmentStatus": "UPLOAD_IN_PROGRESS",
                "CreatedTimestamp": now,
            }

        return self._idempotent("CreateRegistrationAttachment", params, create)

    def _op_describe_registration_attachments(self, params: dict[str, Any]) -> dict[str, Any]:
        ids = params.get("RegistrationAttachmentIds") or sorted(self.attachments)
        found = []
        for attachment_id in ids:
            attachment = self.attachments.get(attachment_id)
            if attachment is None:
                raise ApiError("ResourceNotFoundException", f"no attachment {attachment_id}")
            found.append(
                {
                    "RegistrationAttachmentArn": attachment["RegistrationAttachmentArn"],
                    "RegistrationAttachmentId": attachment_id,
                    "AttachmentStatus": self._attachment_status(attachment),
                    "CreatedTimestamp": attachment["CreatedTimestamp"],
                }
            )
        return self._page(found, "RegistrationAttachments", params)

    def _association_rule(self, registration: Registration, resource_type: str, country: str | None) -> dict[str, str]:
        """The ``SupportedAssociations`` entry letting ``resource_type`` join ``registration`` now, or the API's refusal."""
        entries = [
            e
            for e in self.type_definitions.get(registration.type, [])
            if e["ResourceType"] in (resource_type, "PHONE_NUMBER" if country is not None else "")
            and (country is None or e.get("IsoCountryCode") in (None, country))
        ]
        entries.sort(key=lambda e: e.get("IsoCountryCode") is None)
        if not entries:
            raise ApiError(
                "ValidationException",
                f"{registration.type} cannot be associated with a {resource_type}",
                Reason="INVALID_REGISTRATION_ASSOCIATION",
            )
        if registration.status in ("CLOSED", "DELETED"):
            raise ApiError("ConflictException", "registration is closed", Reason="RESOURCE_NOT_ACTIVE")
        behaviour = entries[0]["AssociationBehavior"]
        if behaviour == "ASSOCIATE_BEFORE_SUBMIT" and registration.latest.status != "DRAFT":
            raise ApiError(
                "ConflictException",
                f"version {registration.latest.number} is {registration.latest.status}",
                Reason="RESOURCE_MODIFICATION_NOT_ALLOWED",
            )
        approved = registration.approved_version is not None or registration.status == "COMPLETE"
        if (behaviour == "ASSOCIATE_ON_APPROVAL" and not approved) or (
            behaviour == "ASSOCIATE_AFTER_COMPLETE" and registration.status != "COMPLETE"
        ):
            raise ApiError("ConflictException", f"{behaviour}: not yet", Reason="REGISTRATION_NOT_COMPLETE")
        return entries[0]

    def _op_create_registration_association(self, params: dict[str, Any]) -> dict[str, Any]:
        """Associate a phone number, or another registration (a 10DLC campaign's or vetting's brand).

        A registration joins per the entry whose ``ResourceType`` is its registration type, and only once
        it is COMPLETE (a brand must be approved before a campaign or vetting can name it: the guide's
        order; the fake's reading, refreshed types may say otherwise).
        """
        registration = self._registration(params["RegistrationId"])
        resource_id = params["ResourceId"]
        if resource_id in self.registrations:
            target = self._registration(resource_id)
            self._association_rule(registration, target.type, None)
            if target.status != "COMPLETE":
                raise ApiError(
                    "ConflictException", f"{target.id} is {target.status}", Reason="REGISTRATION_NOT_COMPLETE"
                )
            answer = {"ResourceArn": target.arn, "ResourceId": target.id, "ResourceType": target.type}
        else:
            number = self._number(resource_id)
            self._association_rule(registration, number["NumberType"], number["IsoCountryCode"])
            number["RegistrationId"] = registration.id
            answer = self._number_association(number)
        if resource_id in registration.associations:
            raise ApiError("ConflictException", "already associated", Reason="RESOURCE_ALREADY_ASSOCIATED")
        registration.associations.append(resource_id)
        return {
            "RegistrationArn": registration.arn,
            "RegistrationId": registration.id,
            "RegistrationType": registration.type,
            **answer,
        }

    def _number_association(self, number: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "ResourceArn": number["PhoneNumberArn"],
            "ResourceId": number["PhoneNumberId"],
            "ResourceType": "phone-number",
            "IsoCountryCode": number["IsoCountryCode"],
            "PhoneNumber": number["PhoneNumber"],
        }

    def _op_list_registration_associations(self, params: dict[str, Any]) -> dict[str, Any]:
        registration = self._registration(params["RegistrationId"])
        items = []
        for resource_id in registration.associations:
            if resource_id in self.numbers:
                items.append(self._number_association(self.numbers[resource_id]))
            elif resource_id in self.registrations:
                other = self.registrations[resource_id]
                items.append({"ResourceArn": other.arn, "ResourceId": other.id, "ResourceType": other.type})
            else:
                items.append(self.sender_id_association(resource_id))
        page = self._page(items, "RegistrationAssociations", params)
        return {
            "RegistrationArn": registration.arn,
            "RegistrationId": registration.id,
            "RegistrationType": registration.type,
            **page,
        }

    def _op_submit_registration_version(self, params: dict[str, Any]) -> dict[str, Any]:
        registration = self._registration(params["RegistrationId"])
        version = registration.latest
        if version.status in IN_REVIEW:
            raise ApiError("ConflictException", "already submitted", Reason="REGISTRATION_ALREADY_SUBMITTED")
        if version.status != "DRAFT" or self._missing_before_submit(registration):
            raise ApiError(
                "ConflictException",
                f"version {version.number} is {version.status}; associations: {len(registration.associations)}",
                Reason="SUBMIT_REGISTRATION_VERSION_NOT_ALLOWED",
            )
        aws_review = bool(params.get("AwsReview", False))
        status = "AWS_REVIEWING" if aws_review else "SUBMITTED"
        self._set_version_status(version, status)
        registration.status = status
        values = {path: _as_value(members) for path, members in version.values.items()}
        missing = sorted(p for p in load_snapshot(registration.type).required_fields(values) if p not in values)
        if missing:  # accepted, then auto-denied within seconds: the trap of the empty new version
            self._deny(registration, version, [f"Missing required fields: {', '.join(missing)}"], {})
        return {
            "RegistrationArn": registration.arn,
            "RegistrationId": registration.id,
            "VersionNumber": version.number,
            "RegistrationVersionStatus": status,
            "RegistrationVersionStatusHistory": dict(version.history),
            "AwsReview": aws_review,
        }

    def _missing_before_submit(self, registration: Registration) -> list[str]:
        """What must be associated before submit and is not: every registration type named
        ``ASSOCIATE_BEFORE_SUBMIT`` (a campaign's brand), and a number when every entry is
        ``ASSOCIATE_BEFORE_SUBMIT`` (toll-free)."""
        entries = self.type_definitions.get(registration.type, [])
        linked = {self.registrations[r].type for r in registration.associations if r in self.registrations}
        missing = sorted(
            e["ResourceType"]
            for e in entries
            if e["AssociationBehavior"] == "ASSOCIATE_BEFORE_SUBMIT"
            and e["ResourceType"] in self.type_definitions
            and e["ResourceType"] not in linked
        )
        numbers = [r for r in registration.associations if r in self.numbers]
        number_entries = [e for e in entries if e["ResourceType"] not in self.type_definitions]
        if (
            number_entries
            and all(e["AssociationBehavior"] == "ASSOCIATE_BEFORE_SUBMIT" for e in number_entries)
            and not numbers
        ):
            missing.append("PHONE_NUMBER")
        return missing

    def _op_delete_registration(self, params: dict[str, Any]) -> dict[str, Any]:
        registration = self._registration(params["RegistrationId"])
        if registration.latest.status in IN_REVIEW or registration.status == "COMPLETE":
            raise ApiError("ConflictException", "cannot delete now", Reason="RESOURCE_DELETION_NOT_ALLOWED")
        registration.status = "DELETED"
        registration.associations.clear()
        return self._registration_info(registration)

    # ----- review ----------------------------------------------------------------------------

    def _in_review(self, registration: Registration) -> Version:
        if registration.latest.status not in IN_REVIEW:
            raise ValueError(f"version {registration.latest.number} is {registration.latest.status}, not in review")
        return registration.latest

    def _deny(
        self, registration: Registration, version: Version, reasons: Iterable[str], feedback: Mapping[str, str]
    ) -> None:
        self._set_version_status(version, "DENIED")
        version.denied_reasons = [{"Reason": r, "ShortDescription": r} for r in reasons]
        version.field_feedback = dict(feedback)
        registration.status, registration.denied_version = "REQUIRES_UPDATES", version.number

    def _set_version_status(self, version: Version, status: str) -> None:
        version.status = status
        stamp = "".join(part.capitalize() for part in status.split("_")) + "Timestamp"
        version.history[stamp] = self.clock.now()


def _as_value(members: Mapping[str, Any]) -> FieldValue:
    if "SelectChoices" in members:
        return list(members["SelectChoices"])
    return str(members.get("TextValue") or members.get("RegistrationAttachmentId") or "")


def _snake(action: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in action).lstrip("_")


def _require_output_shape(operation: str, answer: Mapping[str, Any]) -> None:
    """Raise ``ValueError`` when ``answer`` does not validate against botocore's output shape of ``operation``."""
    model = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")
    report = ParamValidator().validate(dict(answer), model.operation_model(operation).output_shape)
    if report.has_errors():
        raise ValueError(f"not a valid {operation} answer: {report.generate_report()}")
