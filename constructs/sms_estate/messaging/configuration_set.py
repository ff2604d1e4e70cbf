"""A configuration set and its event destinations (at most five; a hard service limit)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_smsvoice as smsvoice
from constructs import Construct

from sms_estate.arns import arn_in_stack, resource_name_parts
from sms_estate.grants import SendGrants
from sms_estate.interfaces import ISmsResource
from sms_estate.messaging.choices import MESSAGE_TYPES, EventType, MessageType, check_choice
from sms_estate.messaging.event_destinations import Destination, DestinationSite
from sms_estate.messaging.service_principal import configuration_set_arn
from sms_estate.registrations.configuration_set_defaults import SmsConfigurationSetDefaults

MAX_EVENT_DESTINATIONS = 5
_TYPE = "configuration-set"


class ISmsConfigurationSet(ISmsResource, Protocol):
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
        return EventDestination(self, id, name=name, event_types=event_types, destination=destination, enabled=enabled)

    def _admit(self, name: str) -> None:
        """Refuse a sixth destination (the service's hard limit) or a name already in this set."""
        if len(self.destinations) >= MAX_EVENT_DESTINATIONS:
            raise ValueError(
                f"{self.node.path}: configuration set {self._literal_name!r} already has "
                f"{MAX_EVENT_DESTINATIONS} event destinations, the service's hard limit"
            )
        if any(d.event_destination_name == name for d in self.destinations):
            raise ValueError(f"{self.node.path}: event destination {name!r} is already in this set")

    def _attach(self, destination: EventDestination) -> None:
        self.destinations.append(destination)
        self.resource.event_destinations = [d._property for d in self.destinations]

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


class EventDestination(DestinationSite):
    """One event destination of one configuration set: a child of that set, attached to it, trusting it only.

    Built by :meth:`SmsConfigurationSet.add_event_destination` (or this constructor, which takes the
    same arguments after the set itself). The set is the construct scope and the source of the name
    every trust and log group uses, and the L1 entry goes into that set's ``EventDestinations`` and no
    other, so a destination cannot name, trust or sit on a set other than its own.

    Attributes: ``configuration_set`` (its set), ``event_destination_name``, ``event_types``, ``enabled``,
    ``destination`` (the value it was built from), ``configuration_set_name`` (the set's literal name),
    ``source_arn`` (the set's ARN, as every trust names it), ``role`` (the service role, Logs and Firehose
    only), ``log_group_arn`` (Logs only), ``delivery_stream_arn`` (Firehose only), ``topic`` (SNS only).
    """

    def __init__(
        self,
        configuration_set: SmsConfigurationSet,
        id: str,
        *,
        name: str,
        event_types: Sequence[EventType],
        destination: Destination,
        enabled: bool = True,
    ) -> None:
        """A destination of ``configuration_set``; the parameters are those of ``add_event_destination``."""
        if not isinstance(configuration_set, SmsConfigurationSet):  # an imported set has no destinations here
            raise TypeError(f"an event destination belongs to an SmsConfigurationSet, not {configuration_set!r}")
        configuration_set._admit(name)
        super().__init__(
            configuration_set,
            id,
            configuration_set_name=configuration_set._literal_name,
            name=name,
            event_types=event_types,
            enabled=enabled,
            destination=destination,
        )
        self.configuration_set = configuration_set
        configuration_set._attach(self)
