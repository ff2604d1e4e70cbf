"""A configuration set and its event destinations (at most five; a hard service limit)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_smsvoice as smsvoice
from constructs import Construct

from sms_estate.grants import SendGrants
from sms_estate.messaging.arns import arn_in_stack, resource_name_parts
from sms_estate.messaging.choices import MESSAGE_TYPES, EventType, MessageType, check_choice
from sms_estate.messaging.event_destinations import Destination, EventDestination, EventDestinationSpec
from sms_estate.messaging.service_principal import configuration_set_arn
from sms_estate.registrations.configuration_set_defaults import SmsConfigurationSetDefaults

MAX_EVENT_DESTINATIONS = 5
_TYPE = "configuration-set"


class ISmsConfigurationSet(Protocol):
    """A configuration set, created here (:class:`SmsConfigurationSet`) or imported (``from_configuration_set_*``)."""

    @property
    def configuration_set_name(self) -> str:
        """The set's name (a ``Ref`` token for a created set)."""
        ...

    @property
    def configuration_set_arn(self) -> str:
        """The set's ARN (``Fn::GetAtt Arn`` for a created set)."""
        ...

    def grant_send_text_message(self, grantee: iam.IGrantable) -> iam.Grant: ...
    def grant_send_voice_message(self, grantee: iam.IGrantable) -> iam.Grant: ...
    def grant_send_media_message(self, grantee: iam.IGrantable) -> iam.Grant: ...


class _ConfigurationSetBase(cdk.Resource, SendGrants):
    configuration_set_name: str
    configuration_set_arn: str

    def _grant_arns(self) -> list[str]:
        return [self.configuration_set_arn]


class _ImportedConfigurationSet(_ConfigurationSetBase):
    def __init__(self, scope: Construct, id: str, *, name: str, arn: str) -> None:
        super().__init__(scope, id, environment_from_arn=arn)
        self.configuration_set_name = name
        self.configuration_set_arn = arn


class SmsConfigurationSet(_ConfigurationSetBase):
    """``AWS::SMSVOICE::ConfigurationSet`` with its event destinations inline.

    Without a configuration set the service emits no events at all, so every sender should use one.
    Destinations are added with :meth:`add_event_destination`, which builds each as a child of this
    set; each role or topic policy names this set in ``aws:SourceArn``.

    ``default_message_type`` is set by API call (``SetDefaultMessageType``), which CloudFormation does
    not model: a ``Custom::SmsConfigurationSetDefaults`` child (``defaults``) on the stack's shared
    Provider. Without it, nothing is set and the API default applies.

    Attributes (tokens): ``configuration_set_name`` (``Ref``), ``configuration_set_arn``
    (``Fn::GetAtt Arn``); ``resource`` is the L1 ``CfnConfigurationSet``, ``destinations`` the
    :class:`EventDestination` constructs in the order added, ``defaults`` the defaults resource or None.
    Grants: :meth:`grant_send_text_message`, :meth:`grant_send_voice_message`,
    :meth:`grant_send_media_message`, each scoped to this set's ARN (a sender also needs the grant on
    the pool, number or sender ID it sends from).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        configuration_set_name: str,
        default_sender_id: str | None = None,
        message_feedback: bool = False,
        protect_configuration_id: str | None = None,
        default_message_type: MessageType | None = None,
    ) -> None:
        """A configuration set.

        :param configuration_set_name: the set's name (letters, digits, ``_`` and ``-``). A literal: the
            destinations' trust policies and log group names are built from it before the set exists.
            Required.
        :param default_sender_id: the sender ID used when a send names none. Default: none.
        :param message_feedback: accept message feedback (``PutMessageFeedback``) for sends through
            this set. Default: False.
        :param protect_configuration_id: a protect configuration
            (``protect_configuration.protect_configuration_id``). Default: none.
        :param default_message_type: ``"TRANSACTIONAL"`` or ``"PROMOTIONAL"``. Default: none set (the
            API's default applies).
        """
        super().__init__(scope, id)
        if default_message_type is not None:
            check_choice(self, "default_message_type", default_message_type, MESSAGE_TYPES)
        if cdk.Token.is_unresolved(configuration_set_name):
            raise ValueError(f"{self.node.path}: configuration_set_name must be a literal, not a token")
        self._literal_name = configuration_set_name
        self.destinations: list[EventDestination] = []
        self.resource = smsvoice.CfnConfigurationSet(
            self,
            "Resource",
            configuration_set_name=configuration_set_name,
            default_sender_id=default_sender_id,
            message_feedback_enabled=message_feedback,
            protect_configuration_id=protect_configuration_id,
        )
        self.configuration_set_name = self.resource.ref
        self.configuration_set_arn = self.resource.attr_arn
        self.defaults: SmsConfigurationSetDefaults | None = None
        if default_message_type is not None:
            self.defaults = SmsConfigurationSetDefaults(
                self,
                "Defaults",
                configuration_set_name=self.resource.ref,  # creates the set first, deletes it last
                # from the name: the shared Provider's policy names it, and a GetAtt there would make the
                # Provider (and every custom resource on it) wait for this set
                configuration_set_arn=configuration_set_arn(self.resource.stack, configuration_set_name),
                default_message_type=default_message_type,
            )

    def add_event_destination(
        self,
        id: str,
        *,
        name: str,
        event_types: Sequence[EventType],
        destination: Destination,
        enabled: bool = True,
    ) -> EventDestination:
        """Build a destination as a child of this set, trusting only this set, and attach it.

        :param id: the construct ID of the destination under this set. Required.
        :param name: the destination's name within the set. Required, unique within the set.
        :param event_types: the events it receives, e.g. ``["TEXT_ALL"]``. Required, at least one.
        :param destination: where events go: :class:`CloudWatchLogsDestination`,
            :class:`FirehoseDestination` or :class:`SnsDestination`. Required.
        :param enabled: False keeps the destination but sends it nothing. Default: True.

        Raises ``ValueError`` for a sixth destination (the service's hard limit) or a repeated name.
        """
        if len(self.destinations) >= MAX_EVENT_DESTINATIONS:
            raise ValueError(
                f"{self.node.path}: configuration set {self._literal_name!r} already has "
                f"{MAX_EVENT_DESTINATIONS} event destinations, the service's hard limit"
            )
        if any(d.spec.name == name for d in self.destinations):
            raise ValueError(f"{self.node.path}: event destination {name!r} is already in this set")
        added = EventDestination(
            self,
            id,
            configuration_set_name=self._literal_name,
            spec=EventDestinationSpec(name=name, event_types=tuple(event_types), enabled=enabled),
            destination=destination,
        )
        self.destinations.append(added)
        self.resource.event_destinations = [d.property for d in self.destinations]
        return added

    @staticmethod
    def from_configuration_set_name(scope: Construct, id: str, configuration_set_name: str) -> ISmsConfigurationSet:
        """An existing set by name, in the scope's account and region."""
        arn = arn_in_stack(scope, _TYPE, configuration_set_name)
        return _ImportedConfigurationSet(scope, id, name=configuration_set_name, arn=arn)

    @staticmethod
    def from_configuration_set_arn(scope: Construct, id: str, configuration_set_arn: str) -> ISmsConfigurationSet:
        """An existing set by ARN (``arn:aws:sms-voice:REGION:ACCOUNT:configuration-set/NAME``)."""
        [name] = resource_name_parts(f"{scope.node.path}/{id}", configuration_set_arn, _TYPE, 1)
        return _ImportedConfigurationSet(scope, id, name=name, arn=configuration_set_arn)
