"""``Custom::SmsPhoneNumber``: request, update and (only on request) release one phone number.

Why a custom resource: ``AWS::SMSVOICE::PhoneNumber`` cannot bind a number to a registration, a pool
or a message type. Why so careful: a number bills from the moment it exists and a released number
is gone for good. So:

* every request carries a ``ClientToken`` derived from the stack ID and logical ID, and the number is
  tagged with it. A retry of the same resource in the same stack (a repeated poll, a lost response,
  a failed create deployed again) gets the number already bought instead of a second one: through the
  token while the API remembers it, afterwards through the tag scan where ``AdoptByTag`` is on. That
  guarantee ends with the stack ID: a recreated stack has new tokens. So a purchase starts only while
  CloudFormation still waits for the resource (a rolled-back create never buys later for nothing), and
  a number bought is never reported as not bought (see :mod:`sms_runtime.handlers.number_purchase`,
  which also says which narrow cases remain);
* the account's number limit is checked before buying, so a deploy fails clearly instead of
  leaving half the numbers bought;
* a change only a new number can satisfy fails the deploy unless ``AllowReplacement`` is true; but an
  Update whose number already has the requested identity (the rollback of a failed replacement) is
  an update in place, never a second purchase (:func:`live_identity`);
* on delete the number is kept unless ``OnDelete`` is ``release``; a Delete for an ID that is not a
  number's (our placeholder, or the ID CloudFormation generates for a create it cancelled:
  aws-cloudformation/cloudformation-coverage-roadmap#1814) changes nothing; a release that fails turns
  deletion protection back on, and the clean-up Delete of an update rollback never releases (the next
  deploy's purchase, with the same ``ClientToken``, adopts the number instead);
* a number whose registration is not approved yet (a 10DLC campaign: ``ASSOCIATE_AFTER_COMPLETE``) is
  not bought at all: the resource completes as awaiting, and the Update the next deploy sends after the
  approval buys it (:mod:`sms_runtime.handlers.number_waiting`);
* ``InternationalSendingEnabled`` is sent only when set (absent: the API's default, false per its
  model) and is an ``UpdatePhoneNumber`` setting like deletion protection: compared with what
  ``DescribePhoneNumbers`` reports and written only when it differs; a rollback that undoes turning it
  on over an unset value turns it off again (:func:`_undo_international_sending`). Pools have no such
  setting (``UpdatePool`` has no ``InternationalSendingEnabled``);
* ``NumberPreference`` (a digit pattern the number should start with, end with, contain or match) only
  steers which number ``RequestPhoneNumber`` picks, and applies, per the model, only to ``TEN_DLC``
  requests in the ``US`` (anything else is refused before buying). ``PhoneNumberInformation`` does not
  report it, and a bought number satisfies it or not for good, so a later change of it is ignored:
  it is not an identity change (replacing a billed number over a taste in digits would be costly and
  irreversible) nor part of the ``ClientToken`` (like pool and registration, it is not what the number
  is). To get a number matching a new preference, declare a new number.

Purchases (a Create, or an Update allowed to replace) happen in ``is_complete``, not ``on_event``:
``on_event`` validates and records the request, and each poll tries to buy until it succeeds (or the
49-minute deadline passes, or CloudFormation stops waiting for the resource), so a busy account only
makes the deploy slower (:mod:`sms_runtime.handlers.number_purchase` says why and
how). Updates in place and deletes stay in ``on_event``: they cost one or two calls.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from sms_runtime.contract import PhoneNumberAttrs, PhoneNumberProps
from sms_runtime.decision_log import record_action
from sms_runtime.handlers import number_waiting, rollback
from sms_runtime.handlers.number_adoption import Retained, adopt_retained, purchase_token
from sms_runtime.handlers.number_purchase import (
    AwaitedResource,
    PendingPurchase,
    buy,
    find_bought,
    is_phone_number_id,
    not_bought,
    placeholder_id,
)
from sms_runtime.handlers.request import (
    CLIENT_TOKEN_TAG,
    HandlerError,
    Request,
    Response,
    flag,
    optional_text,
    string_list,
    text,
)
from sms_runtime.registration import live_rules
from sms_runtime.sms_client import Api, BudgetExhaustedError, error_code, error_reason, tags

ON_DELETE_CHOICES = ("retain", "release")

# Properties a number keeps for life; UpdatePhoneNumber cannot change them. Each also names the
# ``PhoneNumberInformation`` member that reports it (read in :func:`live_identity`).
IDENTITY_PROPERTIES = (
    PhoneNumberProps.NUMBER_TYPE,
    PhoneNumberProps.ISO_COUNTRY_CODE,
    PhoneNumberProps.MESSAGE_TYPE,
    PhoneNumberProps.NUMBER_CAPABILITIES,
    PhoneNumberProps.POOL_ID,
    PhoneNumberProps.REGISTRATION_ID,
)


@dataclass(frozen=True)
class NumberSpec:
    """The desired number, parsed from the resource properties."""

    number_type: str
    iso_country_code: str
    message_type: str
    capabilities: tuple[str, ...]
    opt_out_list_name: str | None
    pool_id: str | None
    registration_id: str | None
    deletion_protection: bool
    on_delete: str
    allow_replacement: bool
    adopt_by_tag: bool = True
    two_way_enabled: bool = False
    two_way_channel_arn: str | None = None
    two_way_channel_role: str | None = None
    self_managed_opt_outs: bool = False
    international_sending: bool | None = None  # None: not set, the API's default, never written
    preference_type: str | None = None  # RequestPhoneNumber's NumberPreference: one type...
    preference_filter: tuple[str, ...] = ()  # ...and its digit patterns

    @classmethod
    def from_properties(cls, props: Mapping[str, Any]) -> NumberSpec:
        """Every property is applied or refused: a two-way setting that could not take effect fails here,
        before anything is bought (two-way needs a channel; a channel means nothing with two-way off)."""
        p = PhoneNumberProps
        on_delete = text(props, p.ON_DELETE, "retain")
        if on_delete not in ON_DELETE_CHOICES:
            raise HandlerError(f"property {p.ON_DELETE} must be one of {ON_DELETE_CHOICES}, got {on_delete!r}")
        two_way = flag(props, p.TWO_WAY_ENABLED, False)
        channel, role = optional_text(props, p.TWO_WAY_CHANNEL_ARN), optional_text(props, p.TWO_WAY_CHANNEL_ROLE)
        if two_way and channel is None:
            raise HandlerError(
                f"property {p.TWO_WAY_ENABLED} is true but {p.TWO_WAY_CHANNEL_ARN} names no channel for the replies"
            )
        if not two_way and (channel or role):
            raise HandlerError(
                f"properties {p.TWO_WAY_CHANNEL_ARN}/{p.TWO_WAY_CHANNEL_ROLE} need {p.TWO_WAY_ENABLED}: true"
            )
        preference_type, preference_filter = _number_preference(props)
        number_type, iso_country_code = text(props, p.NUMBER_TYPE), text(props, p.ISO_COUNTRY_CODE)
        if preference_type and (number_type, iso_country_code) != ("TEN_DLC", "US"):
            raise HandlerError(
                f"property {p.NUMBER_PREFERENCE} applies only to TEN_DLC numbers in the US (RequestPhoneNumber), "
                f"not to a {number_type} number in {iso_country_code}"
            )
        international = props.get(p.INTERNATIONAL_SENDING_ENABLED)
        return cls(
            number_type=number_type,
            iso_country_code=iso_country_code,
            message_type=text(props, p.MESSAGE_TYPE),
            capabilities=tuple(sorted(string_list(props, p.NUMBER_CAPABILITIES))),
            opt_out_list_name=optional_text(props, p.OPT_OUT_LIST_NAME),
            pool_id=optional_text(props, p.POOL_ID),
            registration_id=optional_text(props, p.REGISTRATION_ID),
            deletion_protection=flag(props, p.DELETION_PROTECTION_ENABLED, True),
            on_delete=on_delete,
            allow_replacement=flag(props, p.ALLOW_REPLACEMENT, False),
            adopt_by_tag=flag(props, p.ADOPT_BY_TAG, True),
            two_way_enabled=two_way,
            two_way_channel_arn=channel,
            two_way_channel_role=role,
            self_managed_opt_outs=flag(props, p.SELF_MANAGED_OPT_OUTS_ENABLED, False),
            international_sending=None
            if international in (None, "")
            else flag(props, p.INTERNATIONAL_SENDING_ENABLED, False),
            preference_type=preference_type,
            preference_filter=preference_filter,
        )

    def identity(self) -> dict[str, object]:
        return dict(
            zip(
                IDENTITY_PROPERTIES,
                (
                    self.number_type,
                    self.iso_country_code,
                    self.message_type,
                    self.capabilities,
                    self.pool_id,
                    self.registration_id,
                ),
                strict=True,
            )
        )


def create(request: Request, api: Api) -> Response:
    """Validate (a typo fails before anything is bought) and leave the purchase to the polls, or, while
    the registration is not approved, buy nothing and complete as awaiting (:mod:`number_waiting`)."""
    spec = NumberSpec.from_properties(request.properties)
    waits_for = number_waiting.waiting_for(api, spec.registration_id, spec.number_type, spec.iso_country_code)
    if waits_for:
        record_action("wait", reason="registration-not-approved")
        placeholder = number_waiting.awaiting_id(_client_token(request, spec, ""))
        return Response(placeholder, number_waiting.awaiting_attributes(placeholder, waits_for))
    record_action("purchase-requested")
    pending = PendingPurchase.start(api)
    return Response(placeholder_id(_client_token(request, spec, pending.replacing)), carry=pending.carry())


def update(request: Request, api: Api) -> Response:
    new = NumberSpec.from_properties(request.properties)
    if number_waiting.is_awaiting_id(request.physical_id):
        return _carry_on_awaiting(request, api, new)
    old = NumberSpec.from_properties(request.old_properties)
    new = _undo_international_sending(api, request, new, old)
    changed = [name for name, value in new.identity().items() if old.identity()[name] != value]
    if changed:
        live = _describe(api, request.physical_id) if is_phone_number_id(request.physical_id) else None
        if live is not None and live_identity(live) == new.identity():
            # A rollback back to this very number (see :func:`live_identity`): settings only, same ID.
            record_action("update-in-place", identity="already-live")
            return Response(request.physical_id, _attributes(_apply_settings(api, live, new)))
        if not new.allow_replacement:
            raise HandlerError(
                f"changing {', '.join(changed)} of phone number {request.physical_id} needs a new number "
                f"(a number keeps these for life); set {PhoneNumberProps.ALLOW_REPLACEMENT} to true to buy a new one, "
                "or revert the change"
            )
        # The old ID stays until the new number is bought: a failure meanwhile leaves the old number.
        record_action("replacement-requested", changed=",".join(changed))
        return Response(request.physical_id, carry=PendingPurchase.start(api, replacing=request.physical_id).carry())
    number = _describe(api, request.physical_id)
    if number is None:
        raise HandlerError(f"phone number {request.physical_id} no longer exists in this account")
    record_action("update-in-place")
    _mark_turning_international_sending_on(api, number, old, new)
    return Response(request.physical_id, _attributes(_apply_settings(api, number, new)))


# On a number whose international sending an update turned on over an unset value: when (epoch seconds).
TURNED_ON_TAG = "sms-estate:international-sending-turned-on"


def _mark_turning_international_sending_on(
    api: Api, number: Mapping[str, Any], old: NumberSpec, new: NumberSpec
) -> None:
    """Tag the number with the time before an update turns its international sending on over an unset value.

    Why: that is the one setting a rollback must put back although the old properties leave it unset
    (:func:`_undo_international_sending`), and only if this very update turned it on; a number that was
    already sending abroad (turned on by hand, or by an earlier deploy that later dropped the key) must
    keep doing so. Tagged before the change, so a change that then fails leaves a tag on a number that is
    still off, which a rollback turning it off does not alter.
    """
    turns_on = old.international_sending is None and new.international_sending is True
    if turns_on and not number.get("InternationalSendingEnabled"):
        record_action("record-turning-on", setting="InternationalSendingEnabled")
        api.call("TagResource", ResourceArn=number["PhoneNumberArn"], Tags=tags({TURNED_ON_TAG: f"{api.epoch():.3f}"}))


def _undo_international_sending(api: Api, request: Request, new: NumberSpec, old: NumberSpec) -> NumberSpec:
    """``new``, asking for international sending off when a rollback undoes the update that turned it on.

    Why: unset means "leave the number as it is", right for a deploy that stops managing the setting but
    not for a rollback of the update that turned it on (the number would keep sending abroad, a cost and
    fraud exposure, although the deploy was undone). The value before that update cannot be read back, so
    the update recorded turning it on (:func:`_mark_turning_international_sending_on`): the number is
    turned off only if it carries that record from *after* the start of the update being rolled back
    (``DescribeStacks`` ``LastUpdatedTime``). Anything else leaves it as it is: a number that was on
    before the update (no record, or an older one), a stack status or record that cannot be read.
    Undoing an explicit off over an unset value leaves it off. Reads (``DescribeStacks``,
    ``DescribePhoneNumbers``, ``ListTagsForResource``) only in that direction.
    Not verified against a real account: that ``LastUpdatedTime`` stays the start of the update while it
    rolls back (if the rollback moved it, the record would be older and the number left on: the safe side).
    """
    if new.international_sending is not None or old.international_sending is not True:
        return new
    try:
        stack = rollback.stack_summary(api, request.stack_id)
        if rollback.rollback_status(stack) is None or not is_phone_number_id(request.physical_id):
            return new
        number = _describe(api, request.physical_id)
        found = api.call("ListTagsForResource", ResourceArn=number["PhoneNumberArn"]).get("Tags", []) if number else []
    except ClientError:  # an ordinary deploy must not fail over a read it did not need before
        return new
    turned_on = next((str(tag["Value"]) for tag in found if tag["Key"] == TURNED_ON_TAG), "")
    started = stack.get("LastUpdatedTime")
    if not turned_on or not isinstance(started, datetime) or float(turned_on) < started.timestamp():
        record_action("rollback-keep-setting", setting="InternationalSendingEnabled")
        return new
    record_action("rollback-restore", setting="InternationalSendingEnabled")
    return replace(new, international_sending=False)


def _carry_on_awaiting(request: Request, api: Api, spec: NumberSpec) -> Response:
    """An Update of a number not bought yet (its ``ReviewState`` changed, or any property): decide again.

    Still not due: wait again, same placeholder, nothing written. Due: buy as a Create would, with the
    Create's ``ClientToken`` (``replacing`` stays ""), so a number an earlier attempt or a deleted stack
    of the same name bought is found rather than bought twice. Never while the stack rolls back: the
    rollback's Update back must not start a purchase the stack no longer wants.
    """
    waits_for = number_waiting.waiting_for(api, spec.registration_id, spec.number_type, spec.iso_country_code)
    if not waits_for and rollback.rolling_back(api, request.stack_id):
        waits_for = "a deploy after the stack's rollback"
    if waits_for:
        record_action("wait", reason="registration-not-approved" if spec.registration_id else "rollback")
        return Response(request.physical_id, number_waiting.awaiting_attributes(request.physical_id, waits_for))
    record_action("purchase-requested", after="registration-approved")
    return Response(request.physical_id, carry=PendingPurchase.start(api).carry())


def live_identity(number: Mapping[str, Any]) -> dict[str, object]:
    """The identity properties of a number as ``DescribePhoneNumbers`` reports them (see ``update``).

    Why ``update`` asks the number itself rather than trusting the old properties: when a replacement
    fails (or the stack fails elsewhere while it waits), the resource keeps its old ID, and
    CloudFormation's rollback sends an Update for that ID whose *new* properties are the original ones
    and whose *old* properties are the failed ones. Comparing the two sets would see a replacement and
    either refuse it (the rollback fails: ``UPDATE_ROLLBACK_FAILED``) or buy a second number (and the
    rollback's clean-up might then release the first). The live number already has the identity the
    rollback asks for, so it is updated in place. Every field of :data:`IDENTITY_PROPERTIES` is in
    ``PhoneNumberInformation`` (botocore's model); ``PoolId``/``RegistrationId`` are absent when unset.
    """
    return dict(
        zip(
            IDENTITY_PROPERTIES,
            (
                str(number.get("NumberType", "")),
                str(number.get("IsoCountryCode", "")),
                str(number.get("MessageType", "")),
                tuple(sorted(str(c) for c in number.get("NumberCapabilities") or [])),
                number.get("PoolId") or None,
                number.get("RegistrationId") or None,
            ),
            strict=True,
        )
    )


def delete(request: Request, api: Api) -> None:
    """Keep the number unless ``OnDelete`` is ``release``; release only what the API lets go cleanly.

    A number in a pool cannot be released (``PHONE_NUMBER_ASSOCIATED_TO_POOL``) and pools are retained
    by default, so the number leaves its pool first (``DisassociateOriginationIdentity``). Two
    removals are refused and the number kept (logged, the Delete succeeds so the stack deletion is not
    stranded): the last number of a registration whose ``DisassociationBehavior`` closes it when its
    numbers are gone (toll-free: weeks of review lost), and the last number of its pool (a pool keeps
    one origination identity: ``LAST_PHONE_NUMBER``). README "Removing numbers" says what to do then.
    """
    if not is_phone_number_id(request.physical_id):
        awaiting = number_waiting.is_awaiting_id(request.physical_id)
        record_action("nothing", reason="awaiting-registration" if awaiting else "placeholder-id")
        return  # a placeholder: nothing was bought, or the create failed or was rolled back before it was
    spec = NumberSpec.from_properties(request.properties)
    if spec.on_delete != "release":
        record_action("retain")
        return
    status = rollback.rolling_back(api, request.stack_id)
    if status is not None and status.startswith("UPDATE_ROLLBACK"):
        # The clean-up of an update that bought this number (a replacement, or an awaiting number's purchase)
        # and then failed. The next deploy repeats that purchase with the same ClientToken, which the API
        # answers with the number it remembers: released, that would be a dead number; kept, it is adopted.
        record_action("retain", reason="update-rollback-cleanup")
        return
    number = _describe(api, request.physical_id)
    if number is None or number["Status"] == "DELETED":
        record_action("nothing", reason="number-gone")
        return
    refusal = _last_registration_number(api, number) or _leave_pool(api, number)
    if refusal:
        record_action("retain-release-refused", reason=refusal)
        return
    protected = bool(number["DeletionProtectionEnabled"])
    if protected:
        api.call("UpdatePhoneNumber", PhoneNumberId=request.physical_id, DeletionProtectionEnabled=False)
    try:
        api.call("ReleasePhoneNumber", PhoneNumberId=request.physical_id)
    except Exception as error:
        # The number stays; so must its protection, or a failed delete would leave it unguarded.
        if number.get("PoolId"):
            error.add_note(f"{request.physical_id} already left pool {number['PoolId']}; add it back if it stays")
        if protected:
            try:
                api.call("UpdatePhoneNumber", PhoneNumberId=request.physical_id, DeletionProtectionEnabled=True)
            except Exception as restore_error:  # the release's failure is the one to report
                error.add_note(f"deletion protection of {request.physical_id} is still off: {restore_error}")
        raise
    record_action("release", pool_left="yes" if number.get("PoolId") else "no")


def _last_registration_number(api: Api, number: Mapping[str, Any]) -> str:
    """Why releasing ``number`` would break its registration ("" when it would not).

    Releasing a number disassociates it; the registration type's ``SupportedAssociations`` entry for
    this number decides whether the registration survives losing its last one
    (:meth:`live_rules.AssociationRule.may_remove`). A registration that is gone constrains nothing.
    """
    registration_id = str(number.get("RegistrationId") or "")
    if not registration_id:
        return ""
    try:
        found = api.call("DescribeRegistrations", RegistrationIds=[registration_id])["Registrations"]
    except ClientError as error:
        if error_code(error) == "ResourceNotFoundException":
            return ""
        raise
    if not found or found[0]["RegistrationStatus"] in ("CLOSED", "DELETED"):
        return ""
    registration_type = str(found[0]["RegistrationType"])
    rule = live_rules.pick_association(
        live_rules.supported_associations(api, registration_type),
        str(number["NumberType"]),
        str(number["IsoCountryCode"]),
    )
    associated = api.pages("ListRegistrationAssociations", "RegistrationAssociations", RegistrationId=registration_id)
    remaining = len([item for item in associated if item["ResourceId"] != number["PhoneNumberId"]])
    if rule is None or rule.may_remove(remaining):
        return ""
    return f"last number of registration {registration_id} ({rule.disassociation})"


def _leave_pool(api: Api, number: Mapping[str, Any]) -> str:
    """Take ``number`` out of its pool so it can be released; why not ("" when it left or had none)."""
    pool_id = str(number.get("PoolId") or "")
    if not pool_id:
        return ""
    try:
        api.call(
            "DisassociateOriginationIdentity",
            PoolId=pool_id,
            OriginationIdentity=number["PhoneNumberId"],
            IsoCountryCode=number["IsoCountryCode"],
        )
    except ClientError as error:
        if error_reason(error) == "LAST_PHONE_NUMBER":
            return f"last number of pool {pool_id}"
        if error_reason(error) != "PHONE_NUMBER_NOT_ASSOCIATED_TO_POOL":  # a retry after it left
            raise
    return ""


def is_complete(request: Request, api: Api) -> dict[str, Any]:
    """Buy the number ``on_event`` asked for; "not complete" while throttled, so the next poll goes on.

    The result's ``PhysicalResourceId`` (the number's ID) replaces ``on_event``'s placeholder, or the
    replaced number's ID, in the framework's answer to CloudFormation (see ``number_purchase``). Other
    requests have nothing to wait for: a toll-free number stays PENDING until its registration
    completes, which is the registration's business.
    """
    pending = PendingPurchase.from_carry(request.carry)
    if request.request_type == "Delete":
        return {"IsComplete": True}
    if pending is None:
        if number_waiting.is_awaiting_id(request.physical_id):
            return {"IsComplete": True}  # on_event decided to wait: nothing was bought, nothing to buy now
        if not is_phone_number_id(request.physical_id):
            # Completing would hand CloudFormation a placeholder as if it were the number's ID.
            raise HandlerError(
                f"{request.request_type} of {request.logical_id} reached isComplete without its purchase "
                f"(physical ID {request.physical_id!r} is not a phone number's); nothing was bought by this poll"
            )
        return {"IsComplete": True}
    spec = NumberSpec.from_properties(request.properties)
    try:
        number = _provision(request, pending.poll_api(api), spec, pending)
    except BudgetExhaustedError:
        return {"IsComplete": False}
    return {"IsComplete": True, "PhysicalResourceId": str(number["PhoneNumberId"]), "Data": _attributes(number)}


def _provision(request: Request, api: Api, spec: NumberSpec, pending: PendingPurchase) -> Mapping[str, Any]:
    """Adopt or buy before the deadline; after it, only look for what an earlier poll bought.

    The settings come last, so a poll that bought and then ran out of time leaves them to the next
    poll, which finds the number again (through the ``ClientToken`` before the deadline, through
    :func:`find_bought` after it) and finishes them.
    """
    identity = _client_token(request, spec, pending.replacing)
    if pending.expired(api):
        number = find_bought(api, pending, filters=_identity_filters(spec), client_token=identity)
        if number is None:
            raise not_bought()
        record_action("found-bought")
        return _apply_settings(api, number, spec)
    retained = Retained()
    if not pending.replacing:  # a replacement's token names the number it replaces: no stack left one
        retained = adopt_retained(api, request, identity=identity, filters=_identity_filters(spec))
    number = retained.number
    if number is None and spec.adopt_by_tag:
        number = _adopt(api, spec, identity)
        if number is not None:
            record_action("adopt", found_by="client-token-tag")
    if number is None:
        record_action("buy")
        number = buy(
            api,
            pending,
            resource=AwaitedResource(request.stack_id, request.logical_id, request.request_type),
            params=_request_params(spec),
            client_token=purchase_token(identity, retained),
            ownership_tags=request.ownership_tags(identity),
            filters=_identity_filters(spec),
            identity=identity,
        )
    return _apply_settings(api, number, spec)


def _client_token(request: Request, spec: NumberSpec, replacing: str) -> str:
    """The same for every poll and every retry of this purchase, and for this resource in a stack deleted
    and created again under the same name (what makes a repeat buy nothing); another for other properties.

    The properties in it are those that decide which number it is (type, country, message type,
    capabilities): a failed create retried with an edited type gets a new token rather than a
    ``ConflictException`` for reusing one with other parameters. Pool and registration are left out: they
    are associations (on a recreated stack the pool and registration are new objects with new IDs), not
    what the number is.
    """
    return request.identity_token(
        "phone-number",
        spec.number_type,
        spec.iso_country_code,
        spec.message_type,
        ",".join(spec.capabilities),
        replacing,
    )


def _adopt(api: Api, spec: NumberSpec, token: str) -> dict[str, Any] | None:
    """A number an earlier attempt of this request bought (found by its client-token tag).

    This covers a retry after the ClientToken's idempotency window has passed. It costs one
    ListTagsForResource per matching number in the account, so it grows with the account: bulk shard
    stacks, which create hundreds of numbers at once, turn it off (``AdoptByTag: false``) and rely on
    the deterministic ClientToken alone.
    """
    for number in api.pages("DescribePhoneNumbers", "PhoneNumbers", Filters=_identity_filters(spec)):
        if number["Status"] == "DELETED":
            continue
        found = api.call("ListTagsForResource", ResourceArn=number["PhoneNumberArn"]).get("Tags", [])
        if {"Key": CLIENT_TOKEN_TAG, "Value": token} in found:
            return number
    return None


def _identity_filters(spec: NumberSpec) -> list[dict[str, Any]]:
    """``DescribePhoneNumbers`` filters that narrow a search to numbers ``spec`` could have bought."""
    return [
        {"Name": "number-type", "Values": [spec.number_type]},
        {"Name": "iso-country-code", "Values": [spec.iso_country_code]},
        {"Name": "message-type", "Values": [spec.message_type]},
    ]


def _number_preference(props: Mapping[str, Any]) -> tuple[str | None, tuple[str, ...]]:
    """``NumberPreference`` in ``RequestPhoneNumber``'s shape (one item, one ``PreferenceType``, its
    ``Filter``), as (type, filter); (None, ()) when absent. botocore checks the enum and the patterns."""
    name = PhoneNumberProps.NUMBER_PREFERENCE
    value = props.get(name)
    if value in (None, "", []):
        return None, ()
    item = value[0] if isinstance(value, list) and len(value) == 1 else None
    if not isinstance(item, Mapping) or set(item) != {"PreferenceType", "Filter"}:
        raise HandlerError(f"property {name} must be one item with PreferenceType and Filter")
    types, patterns = string_list(item, "PreferenceType"), string_list(item, "Filter")
    if len(types) != 1 or not patterns:
        raise HandlerError(f"property {name} needs one PreferenceType and at least one Filter value")
    return types[0], patterns


def _request_params(spec: NumberSpec) -> dict[str, Any]:
    params: dict[str, Any] = {
        "NumberType": spec.number_type,
        "IsoCountryCode": spec.iso_country_code,
        "MessageType": spec.message_type,
        "NumberCapabilities": list(spec.capabilities),
        "DeletionProtectionEnabled": spec.deletion_protection,
    }
    optional = {
        "OptOutListName": spec.opt_out_list_name,
        "PoolId": spec.pool_id,
        "RegistrationId": spec.registration_id,
    }
    params.update({key: value for key, value in optional.items() if value})
    if spec.international_sending is not None:
        params["InternationalSendingEnabled"] = spec.international_sending
    if spec.preference_type:
        params["NumberPreference"] = [
            {"PreferenceType": [spec.preference_type], "Filter": list(spec.preference_filter)}
        ]
    return params


def _apply_settings(api: Api, number: Mapping[str, Any], spec: NumberSpec) -> Mapping[str, Any]:
    """Make the settings ``UpdatePhoneNumber`` can change match ``spec``; no call when they do.

    ``number`` is what ``DescribePhoneNumbers`` (or the purchase) reports, so a deploy that changes
    nothing writes nothing, and one that changes one setting writes that setting alone.
    """
    changes = _setting_changes(number, spec)
    if not changes:
        return number
    record_action("update-settings", settings=",".join(sorted(changes)))  # names only, never values
    return api.call("UpdatePhoneNumber", PhoneNumberId=number["PhoneNumberId"], **changes)


def _setting_changes(number: Mapping[str, Any], spec: NumberSpec) -> dict[str, Any]:
    """The ``UpdatePhoneNumber`` parameters whose live value differs from ``spec``.

    Unset (None) opt-out list, channel role and international sending mean "leave as is": the API has no
    value that clears a role (``IamRoleArn`` is at least 20 characters), a number always has some opt-out
    list, and an unset international sending leaves the number as bought or as changed by hand. With
    two-way off, the channel is left as it is too: it is unused.
    """
    wanted: dict[str, Any] = {
        "DeletionProtectionEnabled": spec.deletion_protection,
        "OptOutListName": spec.opt_out_list_name,
        "TwoWayEnabled": spec.two_way_enabled,
        "SelfManagedOptOutsEnabled": spec.self_managed_opt_outs,
        "InternationalSendingEnabled": spec.international_sending,
    }
    if spec.two_way_enabled:
        wanted |= {"TwoWayChannelArn": spec.two_way_channel_arn, "TwoWayChannelRole": spec.two_way_channel_role}
    flags = ("DeletionProtectionEnabled", "TwoWayEnabled", "SelfManagedOptOutsEnabled", "InternationalSendingEnabled")
    return {
        name: value
        for name, value in wanted.items()
        if value is not None and (bool(number.get(name)) if name in flags else number.get(name)) != value
    }


def _describe(api: Api, phone_number_id: str) -> dict[str, Any] | None:
    try:
        numbers = api.call("DescribePhoneNumbers", PhoneNumberIds=[phone_number_id])["PhoneNumbers"]
    except ClientError as error:
        if error_code(error) == "ResourceNotFoundException":
            return None
        raise
    return dict(numbers[0]) if numbers else None


def current_attributes(request: Request, api: Api) -> dict[str, str] | None:
    """The number's attributes as it is now, for a rollback that leaves it alone (``handlers.rollback``).

    None for anything but a real number's ID: a placeholder must never be answered as a finished number.
    An awaiting number (nothing bought) is answered as awaiting.
    """
    if number_waiting.is_awaiting_id(request.physical_id):
        return number_waiting.current_attributes(
            request.physical_id, request.properties.get(PhoneNumberProps.REGISTRATION_ID, "")
        )
    if not is_phone_number_id(request.physical_id):
        return None
    number = _describe(api, request.physical_id)
    return None if number is None else _attributes(number)


def _attributes(number: Mapping[str, Any]) -> dict[str, str]:
    """The resource's attributes, from ``PhoneNumberInformation`` (whose members happen to share the names)."""
    return {
        PhoneNumberAttrs.PHONE_NUMBER_ID: str(number["PhoneNumberId"]),
        PhoneNumberAttrs.PHONE_NUMBER_ARN: str(number["PhoneNumberArn"]),
        PhoneNumberAttrs.PHONE_NUMBER: str(number["PhoneNumber"]),
    }
