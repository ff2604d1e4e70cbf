"""Checks the JSON Schema cannot express: uniqueness, references, service rules and quotas.

Each check is a small function from the raw (schema-valid) document to a list of problems, so a new
rule is one function added to ``CHECKS``. Paths are rendered like ``pools[0].keywords[1].action``
so the user can find the key; ``warnings`` never stop a synth, ``errors`` always do.
"""

from __future__ import annotations

import difflib
import gzip
import importlib.util
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from sms_estate.yaml_app.config.attachment_paths import attachment_problem
from sms_estate.yaml_app.config.limits import STACK_RESOURCE_BUDGET, STACK_RESOURCE_LIMIT
from sms_estate.yaml_app.config.sms_regions import SMS_REGIONS
from sms_estate.yaml_app.config.yaml_source import read_yaml_mapping
from sms_estate.yaml_app.errors import UserFacingError
from sms_runtime.opt_out_sync.settings import DEFAULT_MODE

Doc = Mapping[str, Any]

MAX_EVENT_DESTINATIONS = 5  # per configuration set; a hard service limit that cannot be raised
DEFAULT_QUOTA = 25  # per account and region: configuration sets, pools, opt-out lists, phone numbers
DEFAULT_OPT_OUT_LIST = "Default"  # every account has it, and it counts against the quota
TOLL_FREE_ALLOWED_KEYWORDS = frozenset({"UNSTOP", "START"})


@dataclass
class Findings:
    """Problems found so far, as (path, message) pairs."""

    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def error(self, path: str, message: str) -> None:
        self.errors.append((path, message))

    def warn(self, path: str, message: str) -> None:
        self.warnings.append((path, message))


@cache
def api_model() -> dict[str, Any]:
    """botocore's service model of the SMS API (``pinpoint-sms-voice-v2``), parsed once per process.

    Read from botocore's data files rather than through a botocore session, whose import alone costs
    about 0.1 s of every ``cdk synth``; the newest API version's model is the one boto3 would load.
    """
    spec = importlib.util.find_spec("botocore")
    if spec is None or spec.origin is None:
        raise RuntimeError("botocore is not installed; run ./dev to install the locked dependencies")
    service = Path(spec.origin).parent / "data" / "pinpoint-sms-voice-v2"
    newest = max(version for version in service.iterdir() if (version / "service-2.json.gz").is_file())
    model: dict[str, Any] = json.loads(gzip.decompress((newest / "service-2.json.gz").read_bytes()))
    return model


@cache
def api_event_types() -> frozenset[str]:
    """EventType values from botocore's service model: the API, not a hand-kept list, is the truth."""
    return frozenset(api_model()["shapes"]["EventType"]["enum"])


def _items(doc: Doc, key: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    yield from enumerate(doc.get(key, ()))


def _suggest(value: str, choices: Sequence[str] | frozenset[str]) -> str:
    close = difflib.get_close_matches(value, sorted(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_environment_name(doc: Doc, source: Path, out: Findings) -> None:
    if doc["environment"] != source.stem:
        out.error("environment", f"is {doc['environment']!r} but the file is {source.name}; they must match")


def check_regions(doc: Doc, source: Path, out: Findings) -> None:
    for i, region in enumerate(doc["regions"]):
        if region not in SMS_REGIONS:
            out.error(
                f"regions[{i}]",
                f"{region!r} is not a region where SMS is offered{_suggest(region, SMS_REGIONS)}",
            )
    for kind in ("phone_numbers", "registrations"):
        for i, item in _items(doc, kind):
            region = item.get("region")
            if region is not None and region not in doc["regions"]:
                out.error(
                    f"{kind}[{i}].region",
                    f"{region!r} is not one of this environment's regions {doc['regions']}",
                )


def _unique(out: Findings, doc: Doc, kind: str, key: Callable[[Mapping[str, Any]], str], label: str) -> None:
    seen: dict[str, int] = {}
    for i, item in _items(doc, kind):
        value = key(item)
        if value in seen:
            out.error(f"{kind}[{i}]", f"duplicate {label} {value!r} (first at {kind}[{seen[value]}])")
        else:
            seen[value] = i


def check_unique_names(doc: Doc, source: Path, out: Findings) -> None:
    for kind in (
        "opt_out_lists",
        "protect_configurations",
        "configuration_sets",
        "pools",
        "phone_numbers",
        "registrations",
    ):
        _unique(out, doc, kind, lambda item: str(item["name"]), "name")
    _unique(out, doc, "sender_ids", lambda item: f"{item['sender_id']}/{item['iso_country_code']}", "sender ID")
    for i, item in _items(doc, "opt_out_lists"):
        if item["name"] == DEFAULT_OPT_OUT_LIST:
            out.error(
                f"opt_out_lists[{i}].name",
                "'Default' is the account's built-in list; refer to it without declaring it",
            )


def _names(doc: Doc, kind: str) -> set[str]:
    return {str(item["name"]) for _, item in _items(doc, kind)}


def _check_ref(out: Findings, path: str, value: str | None, known: set[str], kind: str) -> None:
    if value is not None and value not in known:
        out.error(path, f"refers to {kind} {value!r}, which is not declared{_suggest(value, sorted(known))}")


def check_references(doc: Doc, source: Path, out: Findings) -> None:
    opt_out_lists = _names(doc, "opt_out_lists") | {DEFAULT_OPT_OUT_LIST}
    protect = _names(doc, "protect_configurations")
    numbers = _names(doc, "phone_numbers")
    for i, config_set in _items(doc, "configuration_sets"):
        _check_ref(
            out,
            f"configuration_sets[{i}].protect_configuration",
            config_set.get("protect_configuration"),
            protect,
            "protect configuration",
        )
    sender_ids = {str(s["sender_id"]) for _, s in _items(doc, "sender_ids")}
    for i, pool in _items(doc, "pools"):
        _check_ref(out, f"pools[{i}].opt_out_list", pool.get("opt_out_list"), opt_out_lists, "opt-out list")
        for j, number in enumerate(pool["phone_numbers"]):
            _check_ref(out, f"pools[{i}].phone_numbers[{j}]", number, numbers, "phone number")
        for j, sender in enumerate(pool.get("sender_ids", ())):
            _check_ref(out, f"pools[{i}].sender_ids[{j}]", sender, sender_ids, "sender ID")
    for i, number in _items(doc, "phone_numbers"):
        _check_ref(out, f"phone_numbers[{i}].opt_out_list", number.get("opt_out_list"), opt_out_lists, "opt-out list")
    owner: dict[str, str] = {}
    for i, registration in _items(doc, "registrations"):
        for j, number in enumerate(registration.get("phone_numbers", ())):
            path = f"registrations[{i}].phone_numbers[{j}]"
            _check_ref(out, path, number, numbers, "phone number")
            if number in owner:
                out.error(
                    path,
                    f"phone number {number!r} is already covered by registration {owner[number]!r}; "
                    "a number has one registration",
                )
            owner.setdefault(number, registration["name"])


def check_event_destinations(doc: Doc, source: Path, out: Findings) -> None:
    valid = api_event_types()
    for i, config_set in _items(doc, "configuration_sets"):
        destinations = list(config_set.get("event_destinations", ()))
        if len(destinations) > MAX_EVENT_DESTINATIONS:
            out.error(
                f"configuration_sets[{i}].event_destinations",
                f"has {len(destinations)} destinations; a configuration set allows at most "
                f"{MAX_EVENT_DESTINATIONS} (a hard limit)",
            )
        seen: dict[str, int] = {}
        for j, destination in enumerate(destinations):
            base = f"configuration_sets[{i}].event_destinations[{j}]"
            if destination["name"] in seen:
                out.error(
                    f"{base}.name",
                    f"duplicate event destination name {destination['name']!r} in this configuration set",
                )
            seen.setdefault(destination["name"], j)
            for k, event_type in enumerate(destination["event_types"]):
                if event_type not in valid:
                    out.error(
                        f"{base}.event_types[{k}]",
                        f"{event_type!r} is not an EventType of the SMS API{_suggest(event_type, valid)}",
                    )


def check_protect_configuration_retention(doc: Doc, source: Path, out: Findings) -> None:
    """``on_delete: destroy`` with deletion protection on can only end in ``DELETE_FAILED``.

    CloudFormation's delete of a protected configuration is refused by the API, so the stack's
    deletion (or the update that removes it) fails; retention must agree with protection.
    """
    for i, item in _items(doc, "protect_configurations"):
        if item.get("on_delete") == "destroy" and item.get("deletion_protection", True):
            out.error(
                f"protect_configurations[{i}].on_delete",
                "destroy needs deletion_protection: false (a protected configuration cannot be deleted, so "
                "removing it would end in DELETE_FAILED); keep on_delete: retain, or turn protection off",
            )


def check_protect_settings(doc: Doc, source: Path, out: Findings) -> None:
    """``account_default`` and ``number_overrides`` of protect configurations (issue 19).

    An account and region has one default protect configuration, so at most one configuration of an
    environment declares it, and no other environment file next to this one (``*.yaml`` in the same
    folder, as ``list_environments`` reads it) of the same account with a region in common does: two
    stacks would take the default from each other on every deploy. Each number is overridden once per
    configuration, and ``expires`` must be a real UTC time (the schema checks the shape; whether it is
    still in the future is only known at deploy, where an expired one is skipped).
    """
    defaults = [i for i, item in _items(doc, "protect_configurations") if item.get("account_default")]
    for i in defaults[1:]:
        out.error(
            f"protect_configurations[{i}].account_default",
            f"protect_configurations[{defaults[0]}] is already the account default; an account and region has one",
        )
    if defaults:
        for other, regions in _other_account_defaults(doc, source):
            out.error(
                f"protect_configurations[{defaults[0]}].account_default",
                f"{other} also declares an account default protect configuration for account {doc['account']} "
                f"in {', '.join(regions)}; an account and region has one: keep it in one environment",
            )
    for i, item in _items(doc, "protect_configurations"):
        seen: set[str] = set()
        for k, override in enumerate(item.get("number_overrides", ())):
            where = f"protect_configurations[{i}].number_overrides[{k}]"
            destination = str(override["destination"])
            if destination in seen:
                out.error(f"{where}.destination", f"…{destination[-4:]} is overridden twice in this configuration")
            seen.add(destination)
            expires = override.get("expires")
            if expires is not None and not _utc_time(str(expires)):
                out.error(f"{where}.expires", f"{expires!r} is not a valid UTC time like 2027-01-31T00:00:00Z")


def _utc_time(value: str) -> bool:
    try:
        datetime.fromisoformat(value.removesuffix("Z") + "+00:00")
    except ValueError:
        return False
    return True


def _other_account_defaults(doc: Doc, source: Path) -> Iterator[tuple[str, list[str]]]:
    """Other environment files of the same folder and account that declare an account default in a shared region.

    A file that does not parse is skipped here: its own validation reports it.
    """
    regions = set(doc.get("regions", ()))
    for other in sorted(source.parent.glob("*.yaml")):
        if other.resolve() == source.resolve():
            continue
        try:
            data = read_yaml_mapping(other)  # bounded: a hostile sibling cannot exhaust this check
        except UserFacingError:
            continue
        if str(data.get("account")) != str(doc.get("account")):
            continue
        protects = data.get("protect_configurations") or []
        if not any(isinstance(p, Mapping) and p.get("account_default") is True for p in protects):
            continue
        shared = sorted(regions & set(data.get("regions") or ()))
        if shared:
            yield other.name, shared


def _number_region(number: Mapping[str, Any], doc: Doc) -> str:
    return str(number.get("region", doc["regions"][0]))


def check_pool_members(doc: Doc, source: Path, out: Findings) -> None:
    """Every pool member must match the first on message type, opt-out list, two-way and self-managed opt-outs."""
    by_name = {item["name"]: item for _, item in _items(doc, "phone_numbers")}
    agreed = (
        ("message_type", None),
        ("opt_out_list", DEFAULT_OPT_OUT_LIST),
        ("two_way", False),
        ("self_managed_opt_outs", False),
    )
    for i, pool in _items(doc, "pools"):
        members = [(j, by_name[n]) for j, n in enumerate(pool["phone_numbers"]) if n in by_name]
        if not members:
            continue
        _, first = members[0]
        for j, member in members[1:]:
            for key, default in agreed:
                if member.get(key, default) != first.get(key, default):
                    out.error(
                        f"pools[{i}].phone_numbers[{j}]",
                        f"{member['name']!r} has {key}={member.get(key, default)!r} but the first member "
                        f"{first['name']!r} has {first.get(key, default)!r}; pool members must agree",
                    )
            if _number_region(member, doc) != _number_region(first, doc):
                out.error(
                    f"pools[{i}].phone_numbers[{j}]",
                    f"{member['name']!r} is in another region than {first['name']!r}; a pool lives in one region",
                )
        pool_list = pool.get("opt_out_list", DEFAULT_OPT_OUT_LIST)
        if pool_list != first.get("opt_out_list", DEFAULT_OPT_OUT_LIST):
            out.error(
                f"pools[{i}].opt_out_list",
                f"is {pool_list!r} but its members use {first.get('opt_out_list', DEFAULT_OPT_OUT_LIST)!r}",
            )
        if pool.get("two_way") and not first.get("two_way", False):
            out.error(f"pools[{i}].two_way", "the pool enables two-way but its members do not")
        if bool(pool.get("self_managed_opt_outs", False)) != bool(first.get("self_managed_opt_outs", False)):
            out.error(f"pools[{i}].self_managed_opt_outs", "must match its members' self_managed_opt_outs")


def check_number_requests(doc: Doc, source: Path, out: Findings) -> None:
    """Numbers the API would refuse to sell, or sell in a state nothing here can use, fail before synth.

    * ``RequestPhoneNumber`` takes a SIMULATOR number only as TRANSACTIONAL (botocore's model says so).
    * A 10DLC number is requested with the ``RegistrationId`` of a completed 10DLC campaign: its
      ``registration`` key is required (``registration_links.check_number_registrations``).
    * ``two_way: true`` names no channel, and two-way without a channel delivers replies nowhere.
    * ``number_preference`` applies only to TEN_DLC requests in the US (``NumberPreference``'s
      documentation), and takes one pattern, or up to ten for ``ExactMatch`` (``NumberFilterList``'s).
    """
    for i, number in _items(doc, "phone_numbers"):
        if number["number_type"] == "SIMULATOR" and number["message_type"] != "TRANSACTIONAL":
            out.error(
                f"phone_numbers[{i}].message_type",
                f"a SIMULATOR number must be TRANSACTIONAL (RequestPhoneNumber refuses {number['message_type']})",
            )
        if number.get("two_way") is True:
            out.error(
                f"phone_numbers[{i}].two_way",
                "true names no channel for the replies: write two_way: {channel_arn: <SNS topic or Amazon Connect "
                "ARN>, channel_role_arn: <optional IAM role ARN>}, or false",
            )
        _check_number_preference(out, i, number)


def _check_number_preference(out: Findings, i: int, number: Mapping[str, Any]) -> None:
    preference = number.get("number_preference")
    if not preference:
        return
    if (number["number_type"], number["iso_country_code"]) != ("TEN_DLC", "US"):
        out.error(
            f"phone_numbers[{i}].number_preference",
            f"applies only to TEN_DLC numbers in the US (RequestPhoneNumber's NumberPreference), not to a "
            f"{number['number_type']} number in {number['iso_country_code']}",
        )
    most = 10 if preference["type"] == "ExactMatch" else 1
    if len(preference["filter"]) > most:
        out.error(
            f"phone_numbers[{i}].number_preference.filter",
            f"{preference['type']} takes {'up to 10 patterns' if most > 1 else 'one pattern'}, "
            f"got {len(preference['filter'])}",
        )


def check_toll_free_keywords(doc: Doc, source: Path, out: Findings) -> None:
    """Toll-free STOP is carrier-handled: the only keywords a toll-free pool may add are UNSTOP/START to opt in."""
    toll_free = {item["name"] for _, item in _items(doc, "phone_numbers") if item["number_type"] == "TOLL_FREE"}
    for i, pool in _items(doc, "pools"):
        if not toll_free.intersection(pool["phone_numbers"]):
            continue
        for j, keyword in enumerate(pool.get("keywords", ())):
            word = keyword["keyword"].strip().upper()
            path = f"pools[{i}].keywords[{j}]"
            if word == "STOP" or keyword["action"] == "OPT_OUT":
                out.error(
                    path,
                    f"toll-free numbers handle STOP at the carrier; {keyword['keyword']!r} cannot be customised",
                )
            elif word not in TOLL_FREE_ALLOWED_KEYWORDS or keyword["action"] != "OPT_IN":
                out.error(
                    path,
                    "toll-free numbers accept only UNSTOP or START with action OPT_IN, "
                    f"not {keyword['keyword']!r}/{keyword['action']}",
                )


def check_registration_links(doc: Doc, source: Path, out: Findings) -> None:
    by_name = {item["name"]: item for _, item in _items(doc, "phone_numbers")}
    for i, registration in _items(doc, "registrations"):
        region = registration.get("region", doc["regions"][0])
        for j, name in enumerate(registration.get("phone_numbers", ())):
            number = by_name.get(name)
            if number is not None and _number_region(number, doc) != region:
                out.error(
                    f"registrations[{i}].phone_numbers[{j}]",
                    f"{name!r} is requested in {_number_region(number, doc)} but the registration is filed in "
                    f"{region}; registrations are per region",
                )
        for field_path, file in registration.get("attachments", {}).items():
            problem = attachment_problem(source.parent, file)
            if problem is not None:
                out.error(f"registrations[{i}].attachments.{field_path}", problem)


def _filing_key(registration: Mapping[str, Any], doc: Doc) -> tuple[str, str, str, str]:
    fields = registration.get("fields", {})
    company = " ".join(str(fields.get("companyInfo.companyName", "")).lower().split())
    use_case = fields.get("messagingUseCase.useCaseCategory", "")
    use_case = ",".join(use_case) if isinstance(use_case, list) else str(use_case)
    return (str(registration["type"]), str(registration.get("region", doc["regions"][0])), company, use_case)


def check_duplicate_filings(doc: Doc, source: Path, out: Findings) -> None:
    """One business files one registration per use case per region: a second is a duplicate filing."""
    seen: dict[tuple[str, str, str, str], int] = {}
    for i, registration in _items(doc, "registrations"):
        key = _filing_key(registration, doc)
        if not key[2]:
            continue
        if key in seen:
            first = doc["registrations"][seen[key]]["name"]
            out.error(
                f"registrations[{i}]",
                f"files {key[2]!r} for use case {key[3] or '(none)'} in {key[1]} again; registration "
                f"{first!r} already does (one registration per business, use case and region)",
            )
        else:
            seen[key] = i


def check_quotas(doc: Doc, source: Path, out: Findings) -> None:
    """Warn, not fail: the defaults can be raised, but a deploy past them fails halfway."""
    per_region = {
        "configuration_sets": len(doc.get("configuration_sets", ())),
        "opt_out_lists": len(doc.get("opt_out_lists", ())) + 1,  # the Default list counts
    }
    for kind, count in per_region.items():
        if count > DEFAULT_QUOTA:
            out.warn(
                kind,
                f"{count} per region exceeds the default quota of {DEFAULT_QUOTA}; request an increase first",
            )
    for kind in ("pools", "phone_numbers"):
        counts = Counter(
            _number_region(item, doc) if kind == "phone_numbers" else _pool_region(item, doc)
            for _, item in _items(doc, kind)
        )
        for region, count in sorted(counts.items()):
            if count > DEFAULT_QUOTA:
                out.warn(
                    kind,
                    f"{count} in {region} exceeds the default quota of {DEFAULT_QUOTA}; request an increase first",
                )


# Resources each config entry adds to its region's messaging stack, measured from synthesized templates
# (tests/yaml_app/config/test_stack_resources.py fails if an estimate falls below what is synthesized).
_STACK_BASE = 18  # KMS key, sender directory, tags, nag-required defaults
_NUMBER_PROVIDER = 19  # the custom-resource provider, its functions, roles and logs: once per stack with numbers
_PER_ENTRY = {"phone_numbers": 4, "registrations": 2, "pools": 3, "configuration_sets": 3}
_PER_DESTINATION = {"cloudwatch_logs": 8, "firehose": 12, "sns": 3}
_PER_REGION_ENTRY = (  # one resource each
    "opt_out_lists",
    "protect_configurations",
    "sender_ids",
    "verified_destination_numbers",
    "notify_configurations",
    "rcs_agents",
)
# The opt-out sync (``OptOutSync``). Realtime, every region: its key, and the fast-path function with its
# logs, role and policy; per list a topic, its policy, the subscription and the invoke permission. Home
# region: the table and the reconciler (function, logs, role, policy, async config, schedule, permission),
# with one drift alarm per list (and the key, in scheduled mode); its widgets join the tracking dashboard.
_SYNC_REALTIME_REGION, _SYNC_REALTIME_PER_LIST = 5, 4
_SYNC_HOME, _SYNC_HOME_PER_LIST = 8, 1


def _sync_resources(doc: Doc, region: str) -> int:
    """What ``opt_out_sync`` adds to the messaging stack of ``region``."""
    sync = doc.get("opt_out_sync")
    if sync is None:
        return 0
    lists = len(set(sync["lists"]))
    realtime = sync.get("mode", DEFAULT_MODE) == "realtime"
    total = _SYNC_REALTIME_REGION + _SYNC_REALTIME_PER_LIST * lists if realtime else 0
    if region == doc["regions"][0]:
        total += _SYNC_HOME + _SYNC_HOME_PER_LIST * lists + (0 if realtime else 1)
    return total


def _stack_resources(doc: Doc, region: str) -> int:
    """About how many resources the messaging stack of ``region`` holds (an upper estimate)."""
    sharded = (
        {str(n) for r in doc.get("registrations", ()) for n in r.get("phone_numbers", ())} if "bulk" in doc else set()
    )
    numbers = [n for _, n in _items(doc, "phone_numbers") if _number_region(n, doc) == region]
    numbers = [n for n in numbers if n["name"] not in sharded]
    registrations = (
        []
        if "bulk" in doc
        else [r for _, r in _items(doc, "registrations") if r.get("region", doc["regions"][0]) == region]
    )
    pools = [p for _, p in _items(doc, "pools") if _pool_region(p, doc) == region]
    spend = 1 if doc.get("spend_limits") else 0  # Custom::SmsSpendLimits, on the same provider
    total = _STACK_BASE + (_NUMBER_PROVIDER if numbers or registrations or spend else 0) + spend
    total += _PER_ENTRY["phone_numbers"] * len(numbers) + _PER_ENTRY["registrations"] * len(registrations)
    total += _PER_ENTRY["pools"] * len(pools) + sum(len(doc.get(kind, ())) for kind in _PER_REGION_ENTRY)
    tracking = doc.get("tracking", {})  # one subscription per address, one alarm for a spend limit
    alarmed = tracking.get("spend_limit_usd") or "text" in doc.get("spend_limits", {})  # the alarm follows either
    total += len(tracking.get("notify_emails", ())) + (1 if alarmed else 0)
    total += _sync_resources(doc, region)
    for _, config_set in _items(doc, "configuration_sets"):
        total += _PER_ENTRY["configuration_sets"]
        total += sum(_PER_DESTINATION.get(d["type"], 12) for d in config_set.get("event_destinations", ()))
    return total


def check_stack_resources(doc: Doc, source: Path, out: Findings) -> None:
    """Refuse a config whose messaging stack would pass CloudFormation's 500 resources: synth would fail.

    Registrations and their numbers are the entries that grow; ``bulk`` moves them to shard stacks.
    """
    for i, region in enumerate(doc["regions"]):
        total = _stack_resources(doc, region)
        if total > STACK_RESOURCE_BUDGET:
            rows = sum(1 for _, r in _items(doc, "registrations") if r.get("region", doc["regions"][0]) == region)
            advice = (
                f"add `bulk: {{shards: {max(2, -(-rows * _PER_ENTRY['phone_numbers'] // 300))}}}` to file "
                "registrations and their numbers from shard stacks (docs/bulk.md)"
                if rows and "bulk" not in doc
                else "split the environment, or move entries to another region"
            )
            out.error(
                f"regions[{i}]",
                f"stack SmsEstate-{doc['environment']}-{region} would hold about {total} resources (budget "
                f"{STACK_RESOURCE_BUDGET} of CloudFormation's {STACK_RESOURCE_LIMIT} per stack); {advice}",
            )


def check_opt_out_sync(doc: Doc, source: Path, out: Findings) -> None:
    """``opt_out_sync`` names lists that exist in every region, once each, that stay, and whose replies it may take.

    * One region has nothing to sync with.
    * A synced list must be an ``opt_out_lists`` entry: those exist in every region of the environment
      (the account's ``Default`` list also holds the opt-outs of every undeclared sender).
    * ``on_delete: destroy`` is refused on a synced list: the list is then the program-wide record of who
      said STOP, declared once for every region, so removing it from the config would delete every
      region's copy at once, with no region left for the sync to restore it from. Retained, turning the
      sync off or dropping the list never deletes an opt-out.
    * ``self_managed_opt_outs`` on a number or pool of a synced list is refused: the service then adds
      nobody to the list, so a STOP to it would reach no region's list, nor the sync.
    * In ``realtime`` mode the sync sets the two-way channel of every number and pool on a synced list
      (replies go to its topic); a ``two_way`` of their own would be overwritten, so it is an error.
    """
    sync = doc.get("opt_out_sync")
    if sync is None:
        return
    if len(doc["regions"]) < 2:
        out.error(
            "opt_out_sync", f"needs two or more regions to sync across; this environment has only {doc['regions'][0]}"
        )
    declared = {str(item["name"]): (i, item) for i, item in _items(doc, "opt_out_lists")}
    seen: dict[str, int] = {}
    for i, name in enumerate(sync["lists"]):
        path = f"opt_out_sync.lists[{i}]"
        if name in seen:
            out.error(path, f"duplicate opt-out list {name!r} (first at opt_out_sync.lists[{seen[name]}])")
            continue
        seen[name] = i
        if name == DEFAULT_OPT_OUT_LIST:
            out.error(path, "the account's built-in Default list cannot be synced; declare a list in opt_out_lists")
        elif name not in declared:
            out.error(path, f"{name!r} is not declared in opt_out_lists{_suggest(name, sorted(declared))}")
        elif declared[name][1].get("on_delete", "retain") == "destroy":
            out.error(
                f"opt_out_lists[{declared[name][0]}].on_delete",
                f"{name!r} is synced by opt_out_sync, so it is the record of who said STOP in every region; destroy "
                "would delete every region's copy when the list leaves the config: keep on_delete: retain",
            )
    realtime = sync.get("mode", DEFAULT_MODE) == "realtime"
    for kind in ("phone_numbers", "pools"):
        for i, item in _items(doc, kind):
            opt_out_list = item.get("opt_out_list")
            if opt_out_list in seen and item.get("self_managed_opt_outs"):
                out.error(
                    f"{kind}[{i}].self_managed_opt_outs",
                    f"{item['name']!r} is on {opt_out_list!r}, which opt_out_sync syncs, but with self-managed "
                    "opt-outs the service puts no STOP on that list: there would be nothing to sync; remove one",
                )
            if realtime and opt_out_list in seen and "two_way" in item:
                out.error(
                    f"{kind}[{i}].two_way",
                    f"{item['name']!r} is on {opt_out_list!r}, which opt_out_sync (mode realtime) syncs through its "
                    "own two-way topic; remove two_way here, or set opt_out_sync.mode: scheduled",
                )


def _pool_region(pool: Mapping[str, Any], doc: Doc) -> str:
    by_name = {item["name"]: item for _, item in _items(doc, "phone_numbers")}
    first = by_name.get(pool["phone_numbers"][0])
    return _number_region(first, doc) if first is not None else str(doc["regions"][0])


_ACCOUNT_ID = re.compile(r"[0-9]{12}")
_NO_VOICE_SHARE = {"sender_ids": "sms-voice:SendVoiceMessage"}  # a sender ID cannot originate voice


def check_share_with(doc: Doc, source: Path, out: Findings) -> None:
    """``share_with`` names other accounts explicitly: a resource policy is a cross-account grant.

    A wildcard (``*``), an ARN or any malformed ID would widen or obscure who may send as this
    identity, the environment's own account needs no share, and a duplicate hides a typo. Only
    resources this stack creates can be shared: a sender ID provisioned by a registration, or a
    number bought in a bulk shard stack, has no resource here to attach a policy to.
    """
    own = str(doc.get("account", ""))
    for kind in ("pools", "phone_numbers", "sender_ids"):
        for i, item in _items(doc, kind):
            share = item.get("share_with")
            if share is None:
                continue
            path = f"{kind}[{i}].share_with"
            if kind == "sender_ids" and item.get("registration") is not None:
                out.error(path, "a sender ID provisioned by its registration cannot be shared from this stack")
            if kind == "phone_numbers" and item.get("registration") is not None and doc.get("bulk") is not None:
                out.error(path, "a number bought in a bulk shard stack cannot be shared from this stack")
            if _NO_VOICE_SHARE.get(kind) in share.get("actions", ()):
                out.error(f"{path}.actions", f"{_NO_VOICE_SHARE[kind]} cannot be granted on a sender ID")
            seen: set[str] = set()
            for j, account in enumerate(share.get("accounts", ())):
                where = f"{path}.accounts[{j}]"
                if "*" in account or "?" in account:
                    out.error(where, f"{account!r}: a wildcard principal is not allowed; name each account ID")
                elif not _ACCOUNT_ID.fullmatch(account):
                    out.error(where, f"{account!r} is not a 12-digit AWS account ID (quote it; no ARN)")
                elif account == own:
                    out.error(where, f"{account} is this environment's own account; share only with other accounts")
                elif account in seen:
                    out.error(where, f"{account} is listed twice")
                seen.add(account)


Check = Callable[[Doc, Path, Findings], None]


def check_newer_resources(doc: Doc, source: Path, out: Findings) -> None:
    """Notify configurations and RCS agents (issue 19): unique names (each is a logical ID), and an agent's
    ``opt_out_list`` is a declared list or ``Default``. Verified numbers are unique by the schema."""
    _unique(out, doc, "notify_configurations", lambda item: str(item["name"]), "name")
    _unique(out, doc, "rcs_agents", lambda item: str(item["name"]), "name")
    opt_out_lists = _names(doc, "opt_out_lists") | {DEFAULT_OPT_OUT_LIST}
    for i, agent in _items(doc, "rcs_agents"):
        _check_ref(out, f"rcs_agents[{i}].opt_out_list", agent.get("opt_out_list"), opt_out_lists, "opt-out list")


def check_spend_limits(doc: Doc, source: Path, out: Findings) -> None:
    """``spend_limits`` (issue 19): the schema bounds each kind by botocore's ``MonthlyLimit`` and refuses unknown
    kinds; the account's own maximum is only known at deploy (the handler refuses a value above it there).

    Here: the tracking spend alarm follows ``spend_limits.text`` when it is set, so a different
    ``tracking.spend_limit_usd`` is ignored; say so rather than alarm against a value nobody enforces.
    """
    text = doc.get("spend_limits", {}).get("text")
    drawn = doc.get("tracking", {}).get("spend_limit_usd")
    if text is not None and drawn is not None and drawn != text:
        out.warn(
            "tracking.spend_limit_usd",
            f"{drawn:g} differs from spend_limits.text ({text}); the spend alarm and dashboard follow "
            "spend_limits.text, the limit the account enforces. Remove tracking.spend_limit_usd or make them equal.",
        )


CHECKS: tuple[Check, ...] = (
    check_environment_name,
    check_regions,
    check_unique_names,
    check_references,
    check_event_destinations,
    check_pool_members,
    check_number_requests,
    check_protect_configuration_retention,
    check_protect_settings,
    check_toll_free_keywords,
    check_registration_links,
    check_duplicate_filings,
    check_quotas,
    check_stack_resources,
    check_opt_out_sync,
    check_share_with,
    check_newer_resources,
    check_spend_limits,
)


def run_checks(doc: Doc, source: Path, checks: Sequence[Check] = CHECKS) -> Findings:
    """Run ``checks`` in order; each sees the errors found before it (and may skip on them)."""
    findings = Findings()
    for check in checks:
        check(doc, source, findings)
    return findings
