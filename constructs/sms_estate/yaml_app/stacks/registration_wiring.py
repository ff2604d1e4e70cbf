"""Config entry -> construct, for phone numbers and registrations: shared by every stack that holds them.

The messaging stack and the bulk shard stacks both turn a ``PhoneNumber`` or ``Registration`` config
entry into its construct and publish the number to the sender directory; one function each keeps the
two stacks from drifting apart (a registration deployed from a shard must be the same resource it
would be in the messaging stack).

Links (``brand``, a number's ``registration``, registered sender IDs) exist in the messaging stack only
(``validate`` refuses them with ``bulk``): the caller passes the linked constructs, and the ``review_state``
token for exactly the resources that may wait for an approval (see ``ReviewStateStack``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from constructs import Construct

from sms_estate import ISmsRegistration, RegisteredSenderId, SmsPhoneNumber, SmsRegistration
from sms_estate.yaml_app.config.model import PhoneNumber, Registration, SenderId
from sms_estate.yaml_app.stacks.naming import construct_id
from sms_estate.yaml_app.stacks.sender_directory import SenderDirectory
from sms_runtime.lint import Suppression

if TYPE_CHECKING:
    from sms_estate import MessageType, NumberCapability, NumberPreferenceType, NumberType


def add_phone_number(
    scope: Construct,
    config: PhoneNumber,
    *,
    opt_out_list_name: str | None,
    directory: SenderDirectory,
    adopt_by_tag: bool = True,
    registration: ISmsRegistration | None = None,
    review_state: str | None = None,
) -> SmsPhoneNumber:
    """The number's construct, published under ``phone-numbers/<name>/{id,arn,number}``.

    ``registration``: the construct of ``config.registration``, the number is requested with it once it
    is approved (``review_state`` then makes the redeploy after the approval buy it).
    """
    number = SmsPhoneNumber(
        scope,
        construct_id("PhoneNumber", config.name),
        # the loader's schema admits only the API's enum values, which these Literal types name
        number_type=cast("NumberType", config.number_type),
        iso_country_code=config.iso_country_code,
        message_type=cast("MessageType", config.message_type),
        capabilities=cast("tuple[NumberCapability, ...]", config.capabilities),
        opt_out_list_name=opt_out_list_name,
        two_way_channel_arn=config.two_way_channel_arn,
        two_way_channel_role_arn=config.two_way_channel_role_arn,
        self_managed_opt_outs=config.self_managed_opt_outs,
        deletion_protection=config.deletion_protection,
        on_delete=config.on_delete,
        allow_replacement=config.allow_replacement,
        adopt_by_tag=adopt_by_tag,
        registration=registration,
        review_state=review_state,
        international_sending=config.international_sending,
        # the loader's schema admits only PreferenceType's enum values
        number_preference=cast("tuple[NumberPreferenceType, tuple[str, ...]] | None", config.number_preference),
    )
    directory.publish(
        "phone-numbers",
        config.name,
        {"id": number.phone_number_id, "arn": number.phone_number_arn, "number": number.phone_number},
    )
    return number


def add_registration(
    scope: Construct,
    config: Registration,
    *,
    phone_number_ids: list[str],
    brand: ISmsRegistration | None = None,
    sender_ids: tuple[SenderId, ...] = (),
    review_state: str | None = None,
) -> SmsRegistration:
    """The registration's construct, bound to the IDs of the numbers it lists, its brand's construct (the
    one ``config.brand`` names) and the sender IDs it registers."""
    return SmsRegistration(
        scope,
        construct_id("Registration", config.name),
        **_registration_settings(config, phone_number_ids),
        linked_registrations=[brand] if brand is not None else [],
        sender_ids=[RegisteredSenderId(s.sender_id, s.iso_country_code) for s in sender_ids],
        review_state=review_state,
    )


def registration_properties(
    scope: Construct, config: Registration, *, phone_number_ids: list[str]
) -> dict[str, object]:
    """What ``add_registration`` would deploy as a custom resource, as properties for a bulk rollout row.

    ``scope`` (the shard stack) gets the row's attachment assets, named as if the row were the
    construct ``add_registration`` creates; the checks are the construct's own.
    """
    return SmsRegistration.rollout_properties(
        scope, path=construct_id("Registration", config.name), **_registration_settings(config, phone_number_ids)
    )


def _registration_settings(config: Registration, phone_number_ids: list[str]) -> dict[str, Any]:
    return {
        "registration_type": config.type,
        "fields": config.fields,
        "attachments": config.attachments,
        "phone_number_ids": phone_number_ids,
        "submit": config.submit,
        "aws_review": config.aws_review,
        "delete_draft_on_removal": config.delete_draft_on_removal,
        "lint_suppressions": [Suppression(s.rule, s.reason, s.field) for s in config.lint_suppressions],
    }
