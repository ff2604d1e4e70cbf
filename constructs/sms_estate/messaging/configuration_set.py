"""A configuration set and its event destinations (at most five; a hard service limit)."""

from __future__ import annotations

from aws_cdk import aws_smsvoice as smsvoice
from constructs import Construct

from sms_estate.messaging.event_destinations import (
    CloudWatchLogsDestination,
    FirehoseDestination,
    SnsDestination,
)
from sms_estate.messaging.service_principal import configuration_set_arn
from sms_estate.registrations.configuration_set_defaults import SmsConfigurationSetDefaults

MAX_EVENT_DESTINATIONS = 5

Destination = CloudWatchLogsDestination | FirehoseDestination | SnsDestination


class SmsConfigurationSet(Construct):
    """``AWS::SMSVOICE::ConfigurationSet`` with its destinations inline.

    Destinations are built by the caller as children of this construct and attached with
    :meth:`add_destination`; each role or topic policy names this set in ``aws:SourceArn``.
    Without a configuration set the service emits no
    events at all, so every sender should use one.

    ``default_message_type`` is set by API call (``SetDefaultMessageType``), which CloudFormation does
    not model: a ``Custom::SmsConfigurationSetDefaults`` child (``self.defaults``) on the stack's
    shared Provider. Without it, nothing is set and the API default applies.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        default_sender_id: str | None = None,
        message_feedback: bool = False,
        protect_configuration_id: str | None = None,
        default_message_type: str | None = None,
    ) -> None:
        super().__init__(scope, id)
        self.name = name
        self.destinations: list[Destination] = []
        self.resource = smsvoice.CfnConfigurationSet(
            self,
            "Resource",
            configuration_set_name=name,
            default_sender_id=default_sender_id,
            message_feedback_enabled=message_feedback,
            protect_configuration_id=protect_configuration_id,
        )
        self.arn = configuration_set_arn(self.resource.stack, name)
        self.defaults: SmsConfigurationSetDefaults | None = None
        if default_message_type is not None:
            self.defaults = SmsConfigurationSetDefaults(
                self,
                "Defaults",
                configuration_set_name=self.resource.ref,  # creates the set first, deletes it last
                configuration_set_arn=self.arn,
                default_message_type=default_message_type,
            )

    def add_destination(self, destination: Destination) -> Destination:
        """Attach a destination (built as a child of this construct, named for this set)."""
        if destination.configuration_set_name != self.name:
            raise ValueError(
                f"destination {destination.spec.name!r} was built for {destination.configuration_set_name!r}"
            )
        if len(self.destinations) >= MAX_EVENT_DESTINATIONS:
            raise ValueError(
                f"configuration set {self.name!r} already has {MAX_EVENT_DESTINATIONS} event destinations, "
                "the service's hard limit"
            )
        self.destinations.append(destination)
        self.resource.event_destinations = [d.property for d in self.destinations]
        return destination
