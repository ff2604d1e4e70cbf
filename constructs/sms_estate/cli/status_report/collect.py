"""Read the state of an environment's registrations and numbers in each of its regions.

Why connection failures are counted: the runtime's :class:`~sms_runtime.sms_client.Api` retries a
connection error like throttling, until its deadline (``READ_BUDGET_SECONDS``), which suits a Lambda
with a known budget; for a person running ``status`` without network it meant a traceback after
five minutes. Here, ``MAX_CONNECT_FAILURES`` connection failures in a row end the read with
:class:`EndpointUnreachableError`, which the Api does not retry (``status`` says so in one line).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ConnectionError as BotocoreConnectionError

from sms_estate.cli.status_report.bulk_progress import BulkProgress, bulk_as_mapping
from sms_estate.cli.status_report.chain import ChainReader, RegionChains
from sms_estate.cli.status_report.chain_render import chains_as_mapping
from sms_estate.cli.status_report.opt_out_sync import OptOutSyncStatus, sync_as_mapping
from sms_estate.cli.status_report.pending_associations import AssociationReader, PendingAssociations, numbers_by_name
from sms_estate.cli.status_report.protect_settings import (
    ProtectSettingsStatus,
    protect_settings_as_mapping,
    read_protect_settings,
)
from sms_estate.cli.status_report.spend_limits import SpendLimitRow, read_spend_limits, spend_limits_as_mapping
from sms_estate.cli.status_report.verified_numbers import VerifiedNumberRow, read_verified_numbers, verified_as_mapping
from sms_estate.yaml_app.config.model import Environment
from sms_runtime.sms_client import Api, Clients
from sms_runtime.tracking.config_keys import ConfigEntry, name_from_tags
from sms_runtime.tracking.metrics import overdue, pending_unsubmitted
from sms_runtime.tracking.remediation import Advice, advice_for
from sms_runtime.tracking.snapshot import (
    DeniedReason,
    PhoneNumberState,
    RegistrationState,
    read_phone_numbers,
    read_registrations,
    read_tags,
)

READ_BUDGET_SECONDS = 300.0
# Connection failures in a row (no DNS, refused, connect timeout) after which a region counts as
# unreachable: with the Api's jittered backoff, a few seconds without network (at most about 3 x the
# 5 s connect timeout when packets are dropped), instead of the whole read budget.
MAX_CONNECT_FAILURES = 3
SmsClientFactory = Callable[[str], Any]


class EndpointUnreachableError(Exception):
    """The SMS endpoint of a region could not be connected to, ``MAX_CONNECT_FAILURES`` times in a row."""


class _FailFastConnections:
    """A boto3 client as the Api calls it, that turns a run of connection failures into a final error."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self._failures = 0

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._client, name)
        if not callable(method):
            return method

        def call(*args: Any, **params: Any) -> Any:
            try:
                result = method(*args, **params)
            except BotocoreConnectionError as error:
                self._failures += 1
                if self._failures >= MAX_CONNECT_FAILURES:
                    raise EndpointUnreachableError(str(error)) from error
                raise
            self._failures = 0
            return result

        return call


@dataclass(frozen=True)
class Denial:
    reason: DeniedReason
    advice: Advice
    config_keys: tuple[str, ...]


@dataclass(frozen=True)
class RegistrationRow:
    name: str  # config name, or "" when the registration is not in this environment's config
    state: RegistrationState
    denials: tuple[Denial, ...]
    field_keys: tuple[tuple[str, str, str], ...]  # (field path, feedback, config key)
    overdue: bool
    pending: PendingAssociations = dataclasses.field(default_factory=PendingAssociations)  # not associated yet


@dataclass(frozen=True)
class NumberRow:
    name: str
    state: PhoneNumberState
    registration_name: str
    pending_unsubmitted: bool


@dataclass(frozen=True)
class RegionStatus:
    region: str
    registrations: tuple[RegistrationRow, ...]
    numbers: tuple[NumberRow, ...]
    chains: RegionChains = dataclasses.field(default_factory=RegionChains)  # 10DLC and sender ID chains
    verified_numbers: tuple[VerifiedNumberRow, ...] = ()  # the declared verified destination numbers
    spend_limits: tuple[SpendLimitRow, ...] = ()  # only when the config declares spend_limits
    protect_settings: ProtectSettingsStatus | None = None  # only when the config declares a default or overrides


@dataclass(frozen=True)
class EstateStatus:
    environment: str
    config_file: str
    regions: tuple[RegionStatus, ...]
    bulk: BulkProgress | None = None  # None when the config has no ``bulk`` section (or it was not read)
    opt_out_sync: OptOutSyncStatus | None = None  # None when the config has no ``opt_out_sync`` (or not read)


def collect(
    environment: Environment,
    sms_client_for: SmsClientFactory,
    *,
    now: float,
    clients_for: Callable[[Any], Clients] | None = None,
) -> EstateStatus:
    """Read every region of ``environment``; ``sms_client_for(region)`` returns a boto3 client."""
    make_clients = clients_for or (lambda sms: Clients(sms=sms, s3=None))
    config_file = f"{environment.source.parent.name}/{environment.source.name}"
    regions = tuple(
        _region(environment, region, make_clients(_FailFastConnections(sms_client_for(region))), now)
        for region in environment.regions
    )
    return EstateStatus(environment.name, config_file, regions)


def _region(environment: Environment, region: str, clients: Clients, now: float) -> RegionStatus:
    api = clients.api(READ_BUDGET_SECONDS)
    registrations = read_registrations(api)
    numbers = read_phone_numbers(api)
    entries = {
        reg.name: ConfigEntry(reg.name, index, frozenset(reg.attachments))
        for index, reg in enumerate(environment.registrations)
    }
    names = {
        r.registration_id: name_from_tags(read_tags(api, r.registration_arn), entries) or "" for r in registrations
    }
    late = {r.registration_id for r in overdue(registrations, now, environment.tracking.pending_alarm_hours)}
    stuck = {n.phone_number_id for n in pending_unsubmitted(numbers, registrations)}
    number_names = [n.name for n in environment.phone_numbers_in(region)]
    rows = tuple(
        _registration_row(r, entries.get(names[r.registration_id]), r.registration_id in late) for r in registrations
    )
    number_rows = tuple(
        NumberRow(
            name=_number_name(api, n, number_names),
            state=n,
            registration_name=names.get(n.registration_id) or n.registration_id,
            pending_unsubmitted=n.phone_number_id in stuck,
        )
        for n in numbers
    )
    associations = AssociationReader(api, environment, numbers_by_name([n.name for n in number_rows], numbers))
    rows = tuple(dataclasses.replace(row, pending=associations.pending(row.name, row.state)) for row in rows)
    chains = ChainReader(
        api,
        environment,
        region,
        registrations,
        names,
        {n.phone_number_id: n for n in numbers},
        {row.state.phone_number_id: row.name for row in number_rows},
    ).read()
    verified = read_verified_numbers(api, environment.in_region(region).verified_destination_numbers)
    spend = read_spend_limits(api, environment.spend_limits)
    protect = read_protect_settings(api, environment.in_region(region).protect_configurations)
    return RegionStatus(region, rows, number_rows, chains, verified, spend, protect)


def _number_name(api: Api, number: PhoneNumberState, names: Sequence[str]) -> str:
    return name_from_tags(read_tags(api, number.phone_number_arn), names) or ""


def _registration_row(state: RegistrationState, entry: ConfigEntry | None, is_overdue: bool) -> RegistrationRow:
    denied = state.latest_denied
    denials: list[Denial] = []
    field_keys: list[tuple[str, str, str]] = []
    if denied is not None:
        for reason in denied.denied_reasons:
            advice = advice_for(reason, state.registration_type, denied.field_values)
            keys = tuple(entry.key_for(p) if entry else p for p in advice.fields)
            denials.append(Denial(reason, advice, keys))
        for item in denied.field_feedback:
            text = "; ".join(t for t in (item.denied_reason, item.feedback) if t)
            field_keys.append((item.field_path, text, entry.key_for(item.field_path) if entry else item.field_path))
    return RegistrationRow(entry.name if entry else "", state, tuple(denials), tuple(field_keys), is_overdue)


def as_mapping(status: EstateStatus) -> dict[str, Any]:
    """The JSON shape of ``--json`` (stable keys, no timestamps that change between runs).

    ``bulk_progress`` is present only for environments with ``bulk``, as the table's bulk section is;
    ``opt_out_sync`` only for environments with ``opt_out_sync``.
    """
    bulk = {"bulk_progress": bulk_as_mapping(status.bulk)} if status.bulk is not None else {}
    sync = {"opt_out_sync": sync_as_mapping(status.opt_out_sync)} if status.opt_out_sync is not None else {}
    return {
        **bulk,
        **sync,
        "environment": status.environment,
        "config_file": status.config_file,
        "regions": [
            {
                "region": region.region,
                "registrations": [_registration_json(row) for row in region.registrations],
                "phone_numbers": [
                    {
                        "name": n.name,
                        "phone_number": n.state.phone_number,
                        "phone_number_id": n.state.phone_number_id,
                        "number_type": n.state.number_type,
                        "status": n.state.status,
                        "registration": n.registration_name,
                        "pending_because_registration_not_submitted": n.pending_unsubmitted,
                    }
                    for n in region.numbers
                ],
                **chains_as_mapping(region.chains),
                **verified_as_mapping(region.verified_numbers),
                **spend_limits_as_mapping(region.spend_limits),
                **protect_settings_as_mapping(region.protect_settings),
            }
            for region in status.regions
        ],
    }


def _registration_json(row: RegistrationRow) -> dict[str, Any]:
    state = row.state
    denied = state.latest_denied
    return {
        "name": row.name,
        "registration_id": state.registration_id,
        "type": state.registration_type,
        "status": state.status,
        "current_version": {"number": state.current.number, "status": state.current.status},
        "approved_version": state.approved_version,
        "latest_denied_version": {"number": denied.number, "status": denied.status} if denied else None,
        "overdue_for_review": row.overdue,
        "denial_reasons": [_denial_json(d) for d in row.denials],
        "field_feedback": [{"field": f, "feedback": t, "config_key": k} for f, t, k in row.field_keys],
        "pending_associations": {"count": row.pending.count, "until": row.pending.until},
    }


def _denial_json(denial: Denial) -> Mapping[str, Any]:
    return {
        "reason": denial.reason.reason,
        "short_description": denial.reason.short_description,
        "long_description": denial.reason.long_description,
        "seed_row": denial.advice.seed_row,
        "fixes": [{"rule": rule, "fix": fix} for rule, fix in denial.advice.fixes],
        "config_keys": list(denial.config_keys),
    }
