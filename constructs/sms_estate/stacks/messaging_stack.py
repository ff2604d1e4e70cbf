"""The stack for one environment in one region: every messaging resource the config declares there.

Composition only: the constructs carry the rules. Resources declared once for the environment
(opt-out lists, protect configurations, configuration sets, sender IDs) exist in every region;
phone numbers, pools and registrations exist in the region that files them.
"""

from __future__ import annotations

import aws_cdk as cdk

from constructs import Construct
from sms_estate.config.model import ConfigurationSet, Environment, EventDestination
from sms_estate.messaging import (
    CloudWatchLogsDestination,
    EventDestinationSpec,
    FirehoseDestination,
    SmsConfigurationSet,
    SmsOptOutList,
    SmsProtectConfiguration,
    SmsSenderId,
    SnsDestination,
)
from sms_estate.stacks.naming import construct_id, stack_name
from sms_estate.stacks.sender_directory import SenderDirectory


class MessagingStack(cdk.Stack):
    """All SMS resources of ``environment`` in ``region``, with an explicit account and region."""

    def __init__(self, scope: Construct, environment: Environment, region: str) -> None:
        name = stack_name(environment.name, region)
        super().__init__(
            scope,
            name,
            stack_name=name,
            env=cdk.Environment(account=environment.account, region=region),
            description=f"SMS resources of environment {environment.name} in {region} (sms-estate)",
        )
        environment = environment.in_region(region)  # apply this region's overrides
        self.environment_config = environment
        self.region_name = region
        for key, value in sorted(environment.tags.items()):
            cdk.Tags.of(self).add(key, value)
        cdk.Tags.of(self).add("sms-estate:environment", environment.name)

        self.opt_out_lists = {
            o.name: SmsOptOutList(self, construct_id("OptOutList", o.name), name=o.name, on_delete=o.on_delete)
            for o in environment.opt_out_lists
        }
        self.protect_configurations = {
            p.name: SmsProtectConfiguration(
                self,
                construct_id("ProtectConfiguration", p.name),
                name=p.name,
                country_rules=p.country_rules,
                deletion_protection=p.deletion_protection,
            )
            for p in environment.protect_configurations
        }
        self.configuration_sets = {c.name: self._configuration_set(c) for c in environment.configuration_sets}
        self.directory = SenderDirectory(self, "SenderDirectory", environment=environment.name)
        for config_set in self.configuration_sets.values():
            self.directory.publish(
                "configuration-sets", config_set.name, {"name": config_set.name, "arn": config_set.arn}
            )
        self.sender_ids = {
            s.sender_id: SmsSenderId(
                self,
                construct_id("SenderId", f"{s.sender_id}-{s.iso_country_code}"),
                sender_id=s.sender_id,
                iso_country_code=s.iso_country_code,
                deletion_protection=s.deletion_protection,
                on_delete=s.on_delete,
            )
            for s in environment.sender_ids
        }

    def _configuration_set(self, config: ConfigurationSet) -> SmsConfigurationSet:
        protect = self.protect_configurations.get(config.protect_configuration or "")
        config_set = SmsConfigurationSet(
            self,
            construct_id("ConfigurationSet", config.name),
            name=config.name,
            default_sender_id=config.default_sender_id,
            message_feedback=config.message_feedback,
            protect_configuration_id=protect.protect_configuration_id if protect else None,
        )
        for destination in config.event_destinations:
            config_set.add_destination(_destination(config_set, destination))
        return config_set


def _destination(
    config_set: SmsConfigurationSet, config: EventDestination
) -> CloudWatchLogsDestination | FirehoseDestination | SnsDestination:
    spec = EventDestinationSpec(name=config.name, event_types=config.event_types, enabled=config.enabled)
    id = construct_id("Destination", config.name)
    if config.type == "cloudwatch_logs":
        return CloudWatchLogsDestination(
            config_set,
            id,
            configuration_set_name=config_set.name,
            spec=spec,
            log_group_arn=config.log_group_arn,
            retention_days=config.retention_days,
        )
    if config.type == "firehose":
        return FirehoseDestination(
            config_set,
            id,
            configuration_set_name=config_set.name,
            spec=spec,
            delivery_stream_arn=config.delivery_stream_arn,
            bucket_retention_days=config.bucket_retention_days,
        )
    return SnsDestination(config_set, id, configuration_set_name=config_set.name, spec=spec, topic_arn=config.topic_arn)
