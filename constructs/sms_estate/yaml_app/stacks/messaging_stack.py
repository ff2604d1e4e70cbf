"""The stack for one environment in one region: every messaging resource the config declares there.

Composition only: the constructs carry the rules. Resources declared once for the environment
(opt-out lists, protect configurations, configuration sets, sender IDs) exist in every region;
phone numbers, pools and registrations exist in the region that files them. With ``opt_out_sync``,
each region's stack holds its part of the sync (``OptOutSync``: the home region's table, reconciler
and alarms; in realtime mode every region's two-way topics), and the numbers and pools of a synced
list send their replies to its topic.

Links (issue 18): a registration's ``brand`` becomes its ``LinkedRegistrationIds`` (the brand is built
first), a number's ``registration`` its ``RegistrationId`` (such numbers are built after the registrations),
and the sender IDs a registration registers its ``SenderIds``; those sender IDs get no ``SmsSenderId`` (the
service provisions them on approval, in the registration's region only). When the region has any of these,
the stack reads the review state (``review_state_value``, from the ``ReviewStateStack`` deployed first) into
the ``ReviewState`` of exactly those resources, and the tracker writes it on an approval.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

import aws_cdk as cdk
import jsii
from constructs import Construct

from sms_estate import (
    CloudWatchLogsDestination,
    ConfigEntry,
    FirehoseDestination,
    NumberOverride,
    OptOutSync,
    OverrideAction,
    PoolKeyword,
    RegistrationTracking,
    SmsConfigurationSet,
    SmsNotifyConfiguration,
    SmsOptOutList,
    SmsPhoneNumber,
    SmsPool,
    SmsProtectConfiguration,
    SmsRcsAgent,
    SmsRegistration,
    SmsResourcePolicy,
    SmsSenderId,
    SmsSpendLimits,
    SmsVerifiedDestinationNumber,
    SnsDestination,
    review_state_parameter_name,
    review_state_value,
)
from sms_estate.yaml_app.bulk.sharding import sharded_phone_numbers
from sms_estate.yaml_app.config.model import (
    ConfigurationSet,
    Environment,
    EventDestination,
    PhoneNumber,
    Pool,
    Registration,
    ShareWith,
)
from sms_estate.yaml_app.opt_out_sync_settings import replies_to_sync, sync_settings
from sms_estate.yaml_app.stacks.naming import construct_id, stack_name
from sms_estate.yaml_app.stacks.registration_wiring import add_phone_number, add_registration
from sms_estate.yaml_app.stacks.sender_directory import SenderDirectory

if TYPE_CHECKING:  # the config loader has checked these values against the same choices
    from sms_estate import CountryRules, EventType, KeywordAction, MessageType, NotifyChannel, NotifyUseCase


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
        self.sync_settings = sync_settings(environment)  # one value for every region's stack
        self.opt_out_sync: OptOutSync | None = None  # built last, see _opt_out_sync
        environment = environment.in_region(region)  # apply this region's overrides
        self.environment_config = environment
        self.region_name = region
        for key, value in sorted(environment.tags.items()):
            cdk.Tags.of(self).add(key, value)
        cdk.Tags.of(self).add("sms-estate:environment", environment.name)

        self.opt_out_lists = {
            o.name: SmsOptOutList(
                self, construct_id("OptOutList", o.name), opt_out_list_name=o.name, on_delete=o.on_delete
            )
            for o in environment.opt_out_lists
        }
        self.protect_configurations = {
            p.name: SmsProtectConfiguration(
                self,
                construct_id("ProtectConfiguration", p.name),
                name=p.name,
                country_rules=cast("CountryRules", p.country_rules),
                deletion_protection=p.deletion_protection,
                on_delete=p.on_delete,
                account_default=p.account_default,
                number_overrides=[
                    NumberOverride(o.destination, cast("OverrideAction", o.action), o.expires)
                    for o in p.number_overrides
                ],
            )
            for p in environment.protect_configurations
        }
        self.configuration_sets = {c.name: self._configuration_set(c) for c in environment.configuration_sets}
        self.directory = SenderDirectory(self, "SenderDirectory", environment=environment.name)
        for name in self.configuration_sets:  # the literal name and the ARN built from it, as the senders read them
            arn = self.format_arn(service="sms-voice", resource="configuration-set", resource_name=name)
            self.directory.publish("configuration-sets", name, {"name": name, "arn": arn})
        self.sender_ids: dict[str, SmsSenderId] = {}
        # A pool names a sender ID by its text; each country it is declared for is its own identity.
        self.sender_id_arns: dict[str, list[str]] = {}
        self.review_state_parameter = (
            review_state_parameter_name(environment.name) if environment.waits_for_review(region) else None
        )
        self.review_state = (
            review_state_value(self, self.review_state_parameter) if self.review_state_parameter else None
        )
        for s in environment.sender_ids:
            if s.registration is not None:
                continue  # provisioned by its registration on approval (no RequestSenderId): see _registration
            sender = SmsSenderId(
                self,
                construct_id("SenderId", f"{s.sender_id}-{s.iso_country_code}"),
                sender_id=s.sender_id,
                iso_country_code=s.iso_country_code,
                deletion_protection=s.deletion_protection,
                on_delete=s.on_delete,
            )
            self.sender_ids[s.sender_id] = sender
            self.sender_id_arns.setdefault(s.sender_id, []).append(sender.sender_id_arn)
        in_shards = sharded_phone_numbers(environment)  # with `bulk`, registrations and their numbers live in shards
        local_numbers = [n for n in environment.phone_numbers_in(region) if n.name not in in_shards]
        self.phone_numbers = {n.name: self._phone_number(n) for n in local_numbers if n.registration is None}
        self.pools = {p.name: self._pool(p) for p in environment.pools if self._is_local_pool(p)}
        self.registrations: dict[str, SmsRegistration] = {}
        if environment.bulk is None:
            configs = {r.name: r for r in environment.registrations_in(region)}
            for config in configs.values():
                self._registration(config, configs)
        for number in local_numbers:  # bought with a registration once it is approved: after the registrations
            if number.registration is not None:
                self.phone_numbers[number.name] = self._phone_number(number)
        self._share(environment)
        self._account_messaging(environment)
        self.spend_limits = self._spend_limits(environment)
        self.tracking = self._tracking(environment, region)
        self.opt_out_sync = self._opt_out_sync(region)

    def _share(self, environment: Environment) -> None:
        """A resource policy on each created pool, number and sender ID with ``share_with``.

        Each policy is a child of the resource it shares, so its logical ID follows that resource.
        """
        shared: list[tuple[Construct, str, ShareWith | None]] = [
            (self.pools[p.name], self.pools[p.name].pool_arn, p.share_with)
            for p in environment.pools
            if p.name in self.pools
        ]
        shared += [
            (number, number.phone_number_arn, n.share_with)
            for n in environment.phone_numbers
            if (number := self.phone_numbers.get(n.name)) is not None
        ]
        shared += [
            (sender, sender.sender_id_arn, s.share_with)
            for s in environment.sender_ids
            if (sender := self._sender_id(s.sender_id, s.iso_country_code)) is not None
        ]
        for resource, arn, share in shared:
            if share is not None:
                SmsResourcePolicy(
                    resource, "ResourcePolicy", resource_arn=arn, accounts=share.accounts, actions=share.actions
                )

    def _account_messaging(self, environment: Environment) -> None:
        """Verified destination numbers, notify configurations and RCS agents (issue 19): in every region.

        A verified number's construct ID is its digits, so a changed number is a new resource (its
        ``DestinationPhoneNumber`` is create-only anyway) and the old one is retained.
        """
        self.verified_destination_numbers = {
            number: SmsVerifiedDestinationNumber(
                self, construct_id("VerifiedNumber", number.lstrip("+")), destination_phone_number=number
            )
            for number in environment.verified_destination_numbers
        }
        self.notify_configurations = {
            n.name: SmsNotifyConfiguration(
                self,
                construct_id("NotifyConfiguration", n.name),
                display_name=n.display_name,
                enabled_channels=cast("Sequence[NotifyChannel]", n.enabled_channels),
                use_case=cast("NotifyUseCase", n.use_case),
                enabled_countries=n.enabled_countries,
                deletion_protection=n.deletion_protection,
                on_delete=n.on_delete,
            )
            for n in environment.notify_configurations
        }
        self.rcs_agents = {
            a.name: SmsRcsAgent(
                self,
                construct_id("RcsAgent", a.name),
                opt_out_list_name=self._opt_out_list_name(a.opt_out_list),
                self_managed_opt_outs=a.self_managed_opt_outs,
                deletion_protection=a.deletion_protection,
                on_delete=a.on_delete,
            )
            for a in environment.rcs_agents
        }

    def _sender_id(self, sender_id: str, iso_country_code: str) -> SmsSenderId | None:
        """The created sender ID of that text and country, if this stack creates it."""
        child = self.node.try_find_child(construct_id("SenderId", f"{sender_id}-{iso_country_code}"))
        return child if isinstance(child, SmsSenderId) else None

    def _opt_out_sync(self, region: str) -> OptOutSync | None:
        """This region's part of the sync; its alarms notify the tracking topic, its widgets join that dashboard.

        Built after tracking, which it reports to, so after the numbers and pools whose replies go to its
        topics: they name a topic through :class:`_SyncTopicArn`, read at synthesis.
        """
        if self.sync_settings is None:
            return None
        return OptOutSync(
            self,
            "OptOutSync",
            settings=self.sync_settings,
            region=region,
            alarm_topic=self.tracking.topic,
            dashboard=self.tracking,
        )

    def _two_way_channel(self, opt_out_list: str | None, declared: str | None) -> str | None:
        """The sync's topic for a number or pool on a synced list (realtime mode), else its declared channel."""
        if opt_out_list is None or not replies_to_sync(self.sync_settings, opt_out_list):
            return declared
        return cdk.Lazy.string(_SyncTopicArn(self, opt_out_list))

    def _spend_limits(self, environment: Environment) -> SmsSpendLimits | None:
        """The account's spend limits in this region (each region has its own), when the config declares them."""
        if not environment.spend_limits:
            return None
        return SmsSpendLimits(self, "SpendLimits", **environment.spend_limits)

    def _tracking(self, environment: Environment, region: str) -> RegistrationTracking:
        """The environment's tracking settings, as the library construct's plain values."""
        settings = environment.tracking
        config_file = f"{environment.source.parent.name}/{environment.source.name}"  # as people refer to it
        return RegistrationTracking(
            self,
            "RegistrationTracking",
            environment_name=environment.name,
            region=region,
            registrations=self.registrations,
            notify_emails=settings.notify_emails,
            poll_interval_minutes=settings.poll_interval_minutes,
            pending_alarm_hours=settings.pending_alarm_hours,
            spend_limit_usd=environment.spend_alarm_limit_usd,  # spend_limits.text when declared
            delivery_log_group_arns=[
                destination.log_group_arn
                for config_set in self.configuration_sets.values()
                for destination in config_set.destinations
                if destination.log_group_arn is not None
            ],
            config_file=config_file,
            review_state_parameter_name=self.review_state_parameter,
            config_entries=[
                ConfigEntry(r.name, index, frozenset(r.attachments))
                for index, r in enumerate(environment.registrations)
                if r.region == region
            ],
        )

    def _opt_out_list_name(self, name: str | None) -> str | None:
        """The list's name as a reference, so CloudFormation creates the list before its users."""
        if name is None or name not in self.opt_out_lists:
            return name  # None, or the account's built-in Default list
        return self.opt_out_lists[name].opt_out_list_name

    def _phone_number(self, config: PhoneNumber) -> SmsPhoneNumber:
        opt_out_list = self._opt_out_list_name(config.opt_out_list)
        channel = self._two_way_channel(config.opt_out_list, config.two_way_channel_arn)
        config = dataclasses.replace(config, two_way_channel_arn=channel)
        registration = self.registrations[config.registration] if config.registration else None
        return add_phone_number(
            self,
            config,
            opt_out_list_name=opt_out_list,
            directory=self.directory,
            registration=registration,
            review_state=self.review_state if registration is not None else None,
        )

    def _is_local_pool(self, pool: Pool) -> bool:
        """A pool lives where its numbers are (the loader checks they share one region)."""
        return pool.phone_numbers[0] in self.phone_numbers

    def _pool(self, config: Pool) -> SmsPool:
        pool = SmsPool(
            self,
            construct_id("Pool", config.name),
            name=config.name,
            origination_identities=[self.phone_numbers[n].phone_number_arn for n in config.phone_numbers],
            sender_ids=[arn for sender in config.sender_ids for arn in self.sender_id_arns.get(sender, [])],
            help_message=config.help_message,
            stop_message=config.stop_message,
            keywords=[PoolKeyword(k.keyword, k.message, cast("KeywordAction", k.action)) for k in config.keywords],
            opt_out_list_name=self._opt_out_list_name(config.opt_out_list),
            two_way_channel_arn=self._two_way_channel(config.opt_out_list, config.two_way_channel_arn),
            two_way_channel_role_arn=config.two_way_channel_role_arn,
            self_managed_opt_outs=config.self_managed_opt_outs,
            shared_routes=config.shared_routes,
            deletion_protection=config.deletion_protection,
            on_delete=config.on_delete,
        )
        self.directory.publish("pools", config.name, {"id": pool.pool_id, "arn": pool.pool_arn})
        return pool

    def _registration(self, config: Registration, configs: dict[str, Registration]) -> SmsRegistration:
        """Build ``config`` once, after its brand (``validate`` checked the brand is a local registration)."""
        if config.name in self.registrations:
            return self.registrations[config.name]
        brand = self._registration(configs[config.brand], configs) if config.brand else None
        numbers = [self.phone_numbers[n] for n in config.phone_numbers]
        sender_ids = self.environment_config.registered_sender_ids(config.name)
        waits = brand is not None or bool(sender_ids)
        registration = add_registration(
            self,
            config,
            phone_number_ids=[n.phone_number_id for n in numbers],
            brand=brand,
            sender_ids=sender_ids,
            review_state=self.review_state if waits else None,
        )
        for number in numbers:
            registration.requires_valid_values(number)
        self.registrations[config.name] = registration
        return registration

    def _configuration_set(self, config: ConfigurationSet) -> SmsConfigurationSet:
        protect = self.protect_configurations.get(config.protect_configuration or "")
        config_set = SmsConfigurationSet(
            self,
            construct_id("ConfigurationSet", config.name),
            configuration_set_name=config.name,
            default_sender_id=config.default_sender_id,
            message_feedback=config.message_feedback,
            protect_configuration_id=protect.protect_configuration_id if protect else None,
            default_message_type=cast("MessageType | None", config.default_message_type),
        )
        for destination in config.event_destinations:
            config_set.add_event_destination(
                construct_id("Destination", destination.name),
                name=destination.name,
                event_types=cast("Sequence[EventType]", destination.event_types),
                destination=_destination(destination),
                enabled=destination.enabled,
            )
        return config_set


def _destination(config: EventDestination) -> CloudWatchLogsDestination | FirehoseDestination | SnsDestination:
    """Where the config sends a destination's events, as the library's destination value."""
    if config.type == "cloudwatch_logs":
        return CloudWatchLogsDestination(log_group_arn=config.log_group_arn, retention_days=config.retention_days)
    if config.type == "firehose":
        return FirehoseDestination(
            delivery_stream_arn=config.delivery_stream_arn, bucket_retention_days=config.bucket_retention_days
        )
    return SnsDestination(topic_arn=config.topic_arn)


@jsii.implements(cdk.IStableStringProducer)
class _SyncTopicArn:
    """The ARN of a synced list's two-way topic in this stack (a ``Ref``), produced at synthesis.

    Why lazy: the sync is built last (it reports to the tracking construct, which follows the
    registrations, which follow the numbers), yet the numbers and pools name its topics. The ``Ref``
    makes CloudFormation create the topic before them, as a direct reference would.
    """

    def __init__(self, stack: MessagingStack, opt_out_list: str) -> None:
        self._stack, self._opt_out_list = stack, opt_out_list

    def produce(self) -> str:
        sync = self._stack.opt_out_sync
        topic = sync.topic_for(self._opt_out_list) if sync is not None else None
        if topic is None:  # replies_to_sync promised a realtime sync of this list
            raise RuntimeError(f"{self._stack.node.path}: no opt-out sync topic for {self._opt_out_list!r}")
        return topic.topic_arn
