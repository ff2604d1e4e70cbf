"""Typed, immutable view of a validated environment config.

Built only from data that already passed the JSON Schema, so constructors here convert shapes and
apply defaults; they never validate. Defaults favour safety: deletion protection on, resources
retained, numbers kept, nothing submitted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sms_estate.yaml_app.errors import Problem
from sms_runtime.opt_out_sync.settings import DEFAULT_INTERVAL_MINUTES, DEFAULT_MODE, SyncMode

DestinationType = Literal["cloudwatch_logs", "firehose", "sns"]
Retention = Literal["retain", "destroy"]
FieldValue = str | list[str]


@dataclass(frozen=True)
class OptOutList:
    name: str
    on_delete: Retention = "retain"


@dataclass(frozen=True)
class NumberOverrideConfig:
    """One ``number_overrides`` entry (issue 19): ``action`` ALLOW or BLOCK, ``expires`` UTC or None (never)."""

    destination: str
    action: str
    expires: str | None = None


@dataclass(frozen=True)
class ProtectConfiguration:
    name: str
    deletion_protection: bool = True
    country_rules: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    on_delete: Retention = "retain"
    account_default: bool = False  # issue 19: the account default protect configuration (one per account/region)
    number_overrides: tuple[NumberOverrideConfig, ...] = ()


@dataclass(frozen=True)
class EventDestination:
    """Where a configuration set sends events; ``*_arn`` imports an existing target instead of creating one."""

    name: str
    type: DestinationType
    event_types: tuple[str, ...]
    enabled: bool = True
    log_group_arn: str | None = None
    retention_days: int = 90
    delivery_stream_arn: str | None = None
    bucket_retention_days: int = 365
    topic_arn: str | None = None


@dataclass(frozen=True)
class ConfigurationSet:
    name: str
    default_sender_id: str | None = None
    message_feedback: bool = False
    protect_configuration: str | None = None
    event_destinations: tuple[EventDestination, ...] = ()
    default_message_type: str | None = None  # None: the API default (nothing set)


@dataclass(frozen=True)
class Keyword:
    keyword: str
    message: str
    action: str


@dataclass(frozen=True)
class Pool:
    name: str
    phone_numbers: tuple[str, ...]
    help_message: str
    stop_message: str
    sender_ids: tuple[str, ...] = ()
    opt_out_list: str | None = None
    keywords: tuple[Keyword, ...] = ()
    two_way_channel_arn: str | None = None
    two_way_channel_role_arn: str | None = None
    self_managed_opt_outs: bool = False
    shared_routes: bool = False
    deletion_protection: bool = True
    on_delete: Retention = "retain"
    share_with: ShareWith | None = None


DEFAULT_SHARE_ACTIONS: tuple[str, ...] = ("sms-voice:SendTextMessage",)


@dataclass(frozen=True)
class ShareWith:
    """Other accounts a pool, number or sender ID is shared with (``AWS::SMSVOICE::ResourcePolicy``).

    ``accounts`` are 12-digit IDs (the checks refuse wildcards and the environment's own account);
    ``actions`` default to text sends only, the least a consuming account needs.
    """

    accounts: tuple[str, ...]
    actions: tuple[str, ...] = DEFAULT_SHARE_ACTIONS


def _share_with(data: Mapping[str, Any]) -> ShareWith | None:
    share = data.get("share_with")
    if share is None:
        return None
    return ShareWith(tuple(share["accounts"]), tuple(share.get("actions", DEFAULT_SHARE_ACTIONS)))


@dataclass(frozen=True)
class SenderId:
    """A sender ID: requested (``AWS::SMSVOICE::SenderId``), or, with ``registration``, provisioned by that
    registration on approval, in its region only (no resource of its own)."""

    sender_id: str
    iso_country_code: str
    deletion_protection: bool = True
    on_delete: Retention = "retain"
    registration: str | None = None
    share_with: ShareWith | None = None


@dataclass(frozen=True)
class PhoneNumber:
    name: str
    region: str
    number_type: str
    iso_country_code: str
    message_type: str
    capabilities: tuple[str, ...] = ("SMS",)
    opt_out_list: str | None = None
    two_way_channel_arn: str | None = None  # two-way is on when a channel is named (``two_way: false``: off)
    two_way_channel_role_arn: str | None = None
    self_managed_opt_outs: bool = False
    deletion_protection: bool = True
    on_delete: Literal["retain", "release"] = "retain"
    allow_replacement: bool = False
    registration: str | None = None  # bought with that registration once it is approved (a TEN_DLC number)
    international_sending: bool | None = None  # None: not sent, the API's default
    number_preference: tuple[str, tuple[str, ...]] | None = None  # (PreferenceType, Filter): TEN_DLC in the US
    share_with: ShareWith | None = None


@dataclass(frozen=True)
class LintSuppression:
    rule: str
    reason: str
    field: str = ""


@dataclass(frozen=True)
class Registration:
    name: str
    type: str
    region: str
    fields: Mapping[str, FieldValue]
    attachments: Mapping[str, Path] = field(default_factory=dict)
    phone_numbers: tuple[str, ...] = ()
    submit: bool = False
    aws_review: bool = False
    delete_draft_on_removal: bool = False
    justification: str = ""
    lint_suppressions: tuple[LintSuppression, ...] = ()
    brand: str | None = None  # the registration this one is filed for (a 10DLC campaign's brand), by name
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Tracking:
    """Registration status tracking: who hears about transitions, and when waiting becomes an alarm."""

    notify_emails: tuple[str, ...] = ()
    spend_limit_usd: float | None = None
    pending_alarm_hours: float = 24.0
    poll_interval_minutes: int = 60


@dataclass(frozen=True)
class Bulk:
    """Registrations spread over ``shards`` stacks per region (see ``sms_estate.yaml_app.bulk.sharding``)."""

    shards: int


@dataclass(frozen=True)
class OptOutSync:
    """Opt-out lists kept as one set across the environment's regions (``sms_runtime.opt_out_sync``).

    ``mode`` ``realtime`` also routes two-way replies of the synced lists' numbers through a topic per
    list, so a STOP spreads within seconds; ``scheduled`` leaves numbers untouched and relies on the
    reconciler alone. Defaults come from ``sms_runtime.opt_out_sync.settings`` (one place for both sides).
    """

    lists: tuple[str, ...]
    mode: SyncMode = DEFAULT_MODE
    interval_minutes: int = DEFAULT_INTERVAL_MINUTES


@dataclass(frozen=True)
class NotifyConfiguration:
    """``AWS::SMSVOICE::NotifyConfiguration`` (issue 19): only the properties the schema and model confirm."""

    name: str
    display_name: str
    enabled_channels: tuple[str, ...]
    use_case: str = "CODE_VERIFICATION"
    enabled_countries: tuple[str, ...] = ()
    deletion_protection: bool = True
    on_delete: Retention = "retain"


@dataclass(frozen=True)
class RcsAgent:
    """``AWS::SMSVOICE::RcsAgent`` (issue 19): opt-outs and protection only; no two-way settings."""

    name: str
    opt_out_list: str | None = None
    self_managed_opt_outs: bool = False
    deletion_protection: bool = True
    on_delete: Retention = "retain"


def _notify_configuration(data: Mapping[str, Any]) -> NotifyConfiguration:
    return NotifyConfiguration(
        name=data["name"],
        display_name=data["display_name"],
        enabled_channels=tuple(data["enabled_channels"]),
        use_case=data.get("use_case", "CODE_VERIFICATION"),
        enabled_countries=tuple(data.get("enabled_countries", ())),
        deletion_protection=data.get("deletion_protection", True),
        on_delete=data.get("on_delete", "retain"),
    )


def _rcs_agent(data: Mapping[str, Any]) -> RcsAgent:
    return RcsAgent(
        name=data["name"],
        opt_out_list=data.get("opt_out_list"),
        self_managed_opt_outs=data.get("self_managed_opt_outs", False),
        deletion_protection=data.get("deletion_protection", True),
        on_delete=data.get("on_delete", "retain"),
    )


@dataclass(frozen=True)
class Acknowledgement:
    change: str
    reason: str


@dataclass(frozen=True)
class Environment:
    """One environment: everything ``app.py`` needs to build its stacks."""

    name: str
    source: Path
    account: str
    regions: tuple[str, ...]
    tags: Mapping[str, str] = field(default_factory=dict)
    opt_out_lists: tuple[OptOutList, ...] = ()
    protect_configurations: tuple[ProtectConfiguration, ...] = ()
    configuration_sets: tuple[ConfigurationSet, ...] = ()
    pools: tuple[Pool, ...] = ()
    sender_ids: tuple[SenderId, ...] = ()
    phone_numbers: tuple[PhoneNumber, ...] = ()
    registrations: tuple[Registration, ...] = ()
    acknowledgements: tuple[Acknowledgement, ...] = ()
    tracking: Tracking = field(default_factory=Tracking)
    bulk: Bulk | None = None
    opt_out_sync: OptOutSync | None = None
    verified_destination_numbers: tuple[str, ...] = ()  # E.164; a sandbox account's allowed destinations
    notify_configurations: tuple[NotifyConfiguration, ...] = ()
    rcs_agents: tuple[RcsAgent, ...] = ()
    # The account's monthly spend limits, USD by kind (text, voice, media, notify, rcs): Custom::SmsSpendLimits.
    spend_limits: Mapping[str, int] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    regional: Mapping[str, Environment] = field(default_factory=dict, compare=False, repr=False)

    def in_region(self, region: str) -> Environment:
        """This environment as it applies in ``region`` (with that region's overrides)."""
        return self.regional.get(region, self)

    @property
    def spend_alarm_limit_usd(self) -> float | None:
        """The limit the tracking spend alarm is drawn against: the text limit the stack enforces, if declared.

        ``spend_limits.text`` wins over ``tracking.spend_limit_usd``: it is the limit the account will
        actually enforce once deployed, so an alarm at 80% of another value would warn too late or too
        early (``semantic`` warns when both are set and differ). Without it, ``tracking.spend_limit_usd``.
        """
        text = self.spend_limits.get("text")
        return text if text is not None else self.tracking.spend_limit_usd

    @property
    def primary_region(self) -> str:
        return self.regions[0]

    def phone_numbers_in(self, region: str) -> tuple[PhoneNumber, ...]:
        return tuple(number for number in self.phone_numbers if number.region == region)

    def registrations_in(self, region: str) -> tuple[Registration, ...]:
        return tuple(reg for reg in self.registrations if reg.region == region)

    def registered_sender_ids(self, registration: str) -> tuple[SenderId, ...]:
        """The sender IDs that ``registration`` registers (``sender_ids[].registration``)."""
        return tuple(sender for sender in self.sender_ids if sender.registration == registration)

    def waits_for_review(self, region: str) -> bool:
        """Whether a resource of ``region`` may wait for an approval: a registration with a ``brand`` or
        registered sender IDs, or a number bought with a ``registration`` (see ``ReviewStateStack``)."""
        registrations = self.registrations_in(region)
        local = {reg.name for reg in registrations}
        return (
            any(reg.brand is not None for reg in registrations)
            or any(sender.registration in local for sender in self.sender_ids)
            or any(number.registration is not None for number in self.phone_numbers_in(region))
        )


def _destination(data: Mapping[str, Any]) -> EventDestination:
    return EventDestination(
        name=data["name"],
        type=data["type"],
        event_types=tuple(data["event_types"]),
        enabled=data.get("enabled", True),
        log_group_arn=data.get("log_group_arn"),
        retention_days=data.get("retention_days", 90),
        delivery_stream_arn=data.get("delivery_stream_arn"),
        bucket_retention_days=data.get("bucket_retention_days", 365),
        topic_arn=data.get("topic_arn"),
    )


def _pool(data: Mapping[str, Any]) -> Pool:
    two_way = data.get("two_way") or {}
    return Pool(
        name=data["name"],
        phone_numbers=tuple(data["phone_numbers"]),
        help_message=data["help_message"],
        stop_message=data["stop_message"],
        sender_ids=tuple(data.get("sender_ids", ())),
        opt_out_list=data.get("opt_out_list"),
        keywords=tuple(Keyword(k["keyword"], k["message"], k["action"]) for k in data.get("keywords", ())),
        two_way_channel_arn=two_way.get("channel_arn"),
        two_way_channel_role_arn=two_way.get("channel_role_arn"),
        self_managed_opt_outs=data.get("self_managed_opt_outs", False),
        shared_routes=data.get("shared_routes", False),
        deletion_protection=data.get("deletion_protection", True),
        on_delete=data.get("on_delete", "retain"),
        share_with=_share_with(data),
    )


def _phone_number(data: Mapping[str, Any], primary_region: str) -> PhoneNumber:
    two_way = data.get("two_way")  # ``false`` or a channel (``true`` alone is refused by the checks)
    two_way = two_way if isinstance(two_way, Mapping) else {}
    return PhoneNumber(
        name=data["name"],
        region=data.get("region", primary_region),
        number_type=data["number_type"],
        iso_country_code=data["iso_country_code"],
        message_type=data["message_type"],
        capabilities=tuple(data.get("capabilities", ("SMS",))),
        opt_out_list=data.get("opt_out_list"),
        two_way_channel_arn=two_way.get("channel_arn"),
        two_way_channel_role_arn=two_way.get("channel_role_arn"),
        self_managed_opt_outs=data.get("self_managed_opt_outs", False),
        deletion_protection=data.get("deletion_protection", True),
        on_delete=data.get("on_delete", "retain"),
        allow_replacement=data.get("allow_replacement", False),
        registration=data.get("registration"),
        international_sending=data.get("international_sending"),
        number_preference=_number_preference(data),
        share_with=_share_with(data),
    )


def _number_preference(data: Mapping[str, Any]) -> tuple[str, tuple[str, ...]] | None:
    preference = data.get("number_preference")
    return None if preference is None else (preference["type"], tuple(preference["filter"]))


def _registration(data: Mapping[str, Any], primary_region: str, config_dir: Path) -> Registration:
    return Registration(
        name=data["name"],
        type=data["type"],
        region=data.get("region", primary_region),
        fields=dict(data["fields"]),
        attachments={path: config_dir / file for path, file in data.get("attachments", {}).items()},
        phone_numbers=tuple(data.get("phone_numbers", ())),
        submit=data.get("submit", False),
        aws_review=data.get("aws_review", False),
        delete_draft_on_removal=data.get("delete_draft_on_removal", False),
        justification=data.get("justification", ""),
        lint_suppressions=tuple(
            LintSuppression(s["rule"], s["reason"], s.get("field", "")) for s in data.get("lint_suppressions", ())
        ),
        brand=data.get("brand"),
        raw=data,
    )


def _tracking(data: Mapping[str, Any]) -> Tracking:
    return Tracking(
        notify_emails=tuple(data.get("notify_emails", ())),
        spend_limit_usd=data.get("spend_limit_usd"),
        pending_alarm_hours=float(data.get("pending_alarm_hours", 24)),
        poll_interval_minutes=int(data.get("poll_interval_minutes", 60)),
    )


def _opt_out_sync(data: Mapping[str, Any] | None) -> OptOutSync | None:
    if data is None:
        return None
    return OptOutSync(
        lists=tuple(data["lists"]),
        mode=data.get("mode", DEFAULT_MODE),
        interval_minutes=int(data.get("interval_minutes", DEFAULT_INTERVAL_MINUTES)),
    )


def build_environment(data: Mapping[str, Any], source: Path) -> Environment:
    """Convert schema-valid data into the typed model, applying safe defaults."""
    regions = tuple(data["regions"])
    primary = regions[0]
    return Environment(
        name=data["environment"],
        source=source,
        account=data["account"],
        regions=regions,
        tags=dict(data.get("tags", {})),
        opt_out_lists=tuple(OptOutList(o["name"], o.get("on_delete", "retain")) for o in data.get("opt_out_lists", ())),
        protect_configurations=tuple(
            ProtectConfiguration(
                p["name"],
                p.get("deletion_protection", True),
                p.get("country_rules", {}),
                p.get("on_delete", "retain"),
                account_default=p.get("account_default", False),
                number_overrides=tuple(
                    NumberOverrideConfig(o["destination"], o["action"], o.get("expires"))
                    for o in p.get("number_overrides", ())
                ),
            )
            for p in data.get("protect_configurations", ())
        ),
        configuration_sets=tuple(
            ConfigurationSet(
                name=c["name"],
                default_sender_id=c.get("default_sender_id"),
                message_feedback=c.get("message_feedback", False),
                protect_configuration=c.get("protect_configuration"),
                event_destinations=tuple(_destination(d) for d in c.get("event_destinations", ())),
                default_message_type=c.get("default_message_type"),
            )
            for c in data.get("configuration_sets", ())
        ),
        pools=tuple(_pool(p) for p in data.get("pools", ())),
        sender_ids=tuple(
            SenderId(
                s["sender_id"],
                s["iso_country_code"],
                s.get("deletion_protection", True),
                s.get("on_delete", "retain"),
                s.get("registration"),
                _share_with(s),
            )
            for s in data.get("sender_ids", ())
        ),
        phone_numbers=tuple(_phone_number(n, primary) for n in data.get("phone_numbers", ())),
        registrations=tuple(_registration(r, primary, source.parent) for r in data.get("registrations", ())),
        acknowledgements=tuple(Acknowledgement(a["change"], a["reason"]) for a in data.get("acknowledge", ())),
        tracking=_tracking(data.get("tracking", {})),
        bulk=Bulk(int(data["bulk"]["shards"])) if "bulk" in data else None,
        opt_out_sync=_opt_out_sync(data.get("opt_out_sync")),
        verified_destination_numbers=tuple(data.get("verified_destination_numbers", ())),
        notify_configurations=tuple(_notify_configuration(n) for n in data.get("notify_configurations", ())),
        rcs_agents=tuple(_rcs_agent(a) for a in data.get("rcs_agents", ())),
        spend_limits=dict(data.get("spend_limits", {})),
    )
